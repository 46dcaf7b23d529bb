//! Options with a fixed list of values (`--sort`, `--match`, `--kind`,
//! `--budget`): a value parser that reads the value with the option's own
//! parser (aliases such as `annee` or `projet` and its messages kept) and
//! names the canonical values, which the completion scripts then offer
//! instead of file names.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};

/// Reads values with `read`; lists `names` for completions.
#[derive(Debug, Clone)]
pub struct Choices<P> {
    names: Vec<&'static str>,
    read: P,
}

impl<P> Choices<P> {
    /// Values read by `read`, completed from `names`.
    pub fn new(names: impl IntoIterator<Item = &'static str>, read: P) -> Choices<P> {
        Choices {
            names: names.into_iter().collect(),
            read,
        }
    }
}

impl<P: TypedValueParser> TypedValueParser for Choices<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        self.read.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().map(|n| PossibleValue::new(*n))))
    }
}
