//! What the global options resolve to, once, before a subcommand runs: the
//! index path as messages show it, the user's synonyms, `--quiet`. Each
//! subcommand gets it by reference; nothing of the command line lives in a
//! process-wide global.

use std::path::{Path, PathBuf};

use oim_search::{Engine, EngineBuilder, Synonyms};

use super::{index_path, output, timings};

/// The resolved global options.
#[derive(Debug)]
pub struct Config {
    /// The index folder, relative paths shown as `./index`.
    pub index: PathBuf,
    /// The rules of `--synonyms`, added to the shipped ones.
    pub synonyms: Option<Synonyms>,
    /// `--quiet`: no report, progress or note on stderr (warnings stay).
    pub quiet: bool,
}

impl Config {
    /// Resolves the global options: reads the synonym file at once, so a
    /// bad one is refused before any index is opened.
    pub fn resolve(index: &Path, synonyms: Option<&Path>, quiet: bool) -> anyhow::Result<Config> {
        Ok(Config {
            index: index_path::shown(index),
            synonyms: synonyms.map(Synonyms::from_file).transpose()?,
            quiet,
        })
    }

    /// A builder for the index, with the user's synonyms.
    pub fn builder(&self) -> EngineBuilder {
        let builder = EngineBuilder::new(&self.index);
        match &self.synonyms {
            Some(extra) => builder.synonyms(extra.clone()),
            None => builder,
        }
    }

    /// Prints a note for people on stderr, unless `--quiet`.
    pub fn note(&self, message: std::fmt::Arguments<'_>) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// Opens the index; when there is none and `./corpus` exists, builds it
    /// first and says so on stderr, so a fresh clone can search at once.
    pub fn open_or_build(&self) -> anyhow::Result<Engine> {
        let opening = std::time::Instant::now();
        let engine = self.open_or_build_untimed();
        timings::index_opened(opening);
        engine
    }

    /// [`Config::open_or_build`], without noting the time it took. Only
    /// `./index` is built from `./corpus`: another path that holds no index
    /// is most likely a typo (`--index indx`), and building a site there
    /// would hide it.
    fn open_or_build_untimed(&self) -> anyhow::Result<Engine> {
        let builder = self.builder();
        builder.check_folder()?;
        let corpus = Path::new("corpus");
        if !self.index.join("meta.json").is_file() && corpus.is_dir() {
            index_path::refuse_elsewhere_than_dot_index(&self.index)?;
            self.note(format_args!(
                "oim-search: no index at {}: building it from ./corpus first",
                self.index.display()
            ));
        }
        let opened = match builder.open_or_build(corpus, &Default::default()) {
            Err(oim_search::Error::NoIndex { .. }) => {
                return Err(index_path::no_index_here(&self.index))
            }
            other => other?,
        };
        if let Some(report) = &opened.built {
            self.note(format_args!(
                "oim-search: indexed {} documents",
                output::count(report.documents)
            ));
        }
        Ok(opened.engine)
    }
}
