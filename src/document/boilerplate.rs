//! Recognises the site's navigation menu at the top of scraped pages, from
//! the data file `nav_menu.txt`, so that it is never indexed or shown.

use std::collections::HashSet;
use std::sync::OnceLock;

const NAV_MENU: &str = include_str!("nav_menu.txt");

/// The menu's last line: everything up to it is boilerplate.
const MENU_END: &str = "- 2030 AGENDA";

fn menu_lines() -> &'static HashSet<&'static str> {
    static LINES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LINES.get_or_init(|| {
        crate::data_lines::data_lines(NAV_MENU)
            .map(|(_, line)| line)
            .collect()
    })
}

/// The menu's entries as [`fold_key`](crate::analysis::fold_key) words.
fn menu_entries() -> &'static [Vec<String>] {
    static ENTRIES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        menu_lines()
            .iter()
            .map(|l| {
                crate::analysis::fold_key(l)
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<String>>()
            })
            .filter(|words| !words.is_empty())
            .collect()
    })
}

/// Whether folded words stand in a row in one line of the navigation menu
/// (`directrice generale adjointe`).
pub(crate) fn in_menu_entry(words: &[&str]) -> bool {
    !words.is_empty()
        && menu_entries().iter().any(|entry| {
            entry
                .windows(words.len())
                .any(|w| w.iter().zip(words).all(|(a, b)| a == b))
        })
}

/// Whether a line belongs to the navigation menu.
pub fn is_menu_line(line: &str) -> bool {
    menu_lines().contains(line.trim())
}

/// Returns how many leading lines of a page are navigation boilerplate.
///
/// A page whose first lines are menu lines loses every line up to the menu's
/// last line (`- 2030 AGENDA`); lines of the menu that appear without that
/// end marker are skipped one by one.
pub fn menu_prefix_len(lines: &[&str]) -> usize {
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let Some(first) = first else {
        return lines.len();
    };
    if !is_menu_line(lines[first]) {
        return 0;
    }
    // The menu is ~30 lines; look a little further in case of variants.
    if let Some(end) = lines
        .iter()
        .take(first + 80)
        .position(|l| l.trim() == MENU_END)
    {
        return end + 1;
    }
    let mut n = first;
    while n < lines.len() && (is_menu_line(lines[n]) || lines[n].trim().is_empty()) {
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_menu_words_are_found() {
        assert!(in_menu_entry(&["directrice", "generale", "adjointe"]));
        assert!(in_menu_entry(&["organisationnelle"]));
        assert!(!in_menu_entry(&["diaspora"]));
        assert!(!in_menu_entry(&["generale", "directrice"]));
        assert!(!in_menu_entry(&[]));
    }

    #[test]
    fn skips_the_whole_menu_of_a_real_page() {
        let page = include_str!("../../corpus/003_30687b3d87caff90.txt");
        let lines: Vec<&str> = page.lines().collect();
        let n = menu_prefix_len(&lines);
        assert!(lines[n].starts_with("Renforcement de la coordination"));
    }

    #[test]
    fn leaves_pages_without_menu_alone() {
        assert_eq!(menu_prefix_len(&["Titre", "", "  • Statut du projet"]), 0);
        assert_eq!(menu_prefix_len(&[]), 0);
    }

    #[test]
    fn menu_without_end_marker_is_skipped_line_by_line() {
        assert_eq!(
            menu_prefix_len(&["-", "Qui sommes nous", "Agir", "Titre"]),
            3
        );
    }
}
