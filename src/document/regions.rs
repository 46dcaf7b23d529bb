//! Regions a query may name (data file `regions.tsv`): UN M49 regions and
//! sub-regions, common names such as `Sahel` or `Balkans`, groupings of
//! states, physical regions (`Himalaya`, `Bassin du Mékong`, `Golfe de
//! Guinée`), historical regions (`Indochine`), and the IDF regions of the
//! pages, each with its member countries. This module only
//! finds them in a run of query words; what a region concept matches in the
//! index is left to the search.
//!
//! Country names win over region names: at one position the longer run wins
//! and a tie goes to the country, so `Afrique du Sud` stays the country and
//! `Micronésie` alone is the country Micronésie (États fédérés de), while
//! `région de la Micronésie` is the region.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use super::gazetteer::{gazetteer, Gazetteer};
use crate::analysis::fold_key;

const REGIONS_TSV: &str = include_str!("regions.tsv");

/// Where a region's definition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    /// A UN M49 region, sub-region or intermediate region (`Afrique de l’Ouest`).
    M49,
    /// A usual name whose members follow one named institution (`Sahel`, `Maghreb`).
    Common,
    /// A Region value of the IOM Development Fund pages (`Asie et Océanie`).
    Idf,
    /// A mountain range, basin, sea or gulf, desert or island, with the
    /// countries it covers or washes (`Himalaya`, `Golfe de Guinée`).
    Physical,
    /// A former political or cultural region still used (`Indochine`).
    Historical,
}

/// One region with its member countries.
#[derive(Debug, Clone)]
pub struct Region {
    /// Display name (`Afrique de l’Ouest`).
    pub name: String,
    /// M49, common name or IDF region.
    // read by the data tests, which check each kind against its source
    #[cfg_attr(not(test), allow(dead_code))]
    pub kind: RegionKind,
    /// Canonical country names of the gazetteer, in file order, each once.
    pub countries: Vec<String>,
    /// IDF regions that hold at least one member, in order of first member:
    /// a page of one of them may or may not lie in the region.
    #[cfg_attr(not(test), allow(dead_code))]
    pub idf_regions: Vec<String>,
    /// IDF regions whose every country is a member: a page whose Region
    /// field is one of these lies in the region whatever its countries.
    pub idf_regions_within: Vec<String>,
}

/// The loaded region table with its lookup tables.
#[derive(Debug)]
pub struct RegionConcepts {
    regions: Vec<Region>,
    /// folded name or variant -> region index
    by_key: HashMap<String, usize>,
    /// What the data file got wrong (unknown member, duplicate name…); the
    /// unit tests require it empty, and the bad entries are left out.
    problems: Vec<String>,
}

/// The region table shared by the whole process.
pub(crate) fn region_concepts() -> &'static RegionConcepts {
    static REGIONS: OnceLock<RegionConcepts> = OnceLock::new();
    REGIONS.get_or_init(|| RegionConcepts::parse(REGIONS_TSV, gazetteer()))
}

impl RegionConcepts {
    fn parse(tsv: &str, gazetteer: &Gazetteer) -> RegionConcepts {
        let mut table = RegionConcepts {
            regions: Vec::new(),
            by_key: HashMap::default(),
            problems: Vec::new(),
        };
        for (number, line) in crate::data_lines::data_lines(tsv) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [name, kind, variants, members] = cols[..] else {
                table
                    .problems
                    .push(format!("line {number}: not 4 columns: {line:?}"));
                continue;
            };
            let kind = match kind {
                "m49" => RegionKind::M49,
                "common" => RegionKind::Common,
                "idf" => RegionKind::Idf,
                "physical" => RegionKind::Physical,
                "historical" => RegionKind::Historical,
                other => {
                    table
                        .problems
                        .push(format!("{name}: unknown kind {other:?}"));
                    continue;
                }
            };
            let countries = table.members(name, members, gazetteer);
            if countries.is_empty() {
                table.problems.push(format!("{name}: no member country"));
                continue;
            }
            let idx = table.regions.len();
            let names = std::iter::once(name).chain(variants.split('|'));
            for variant in names.map(str::trim).filter(|v| !v.is_empty()) {
                table.insert_key(variant, idx, name);
            }
            let (idf_regions, idf_regions_within) = idf_regions_of(&countries, gazetteer);
            table.regions.push(Region {
                name: name.to_string(),
                kind,
                countries,
                idf_regions,
                idf_regions_within,
            });
        }
        table
    }

    /// Resolves the members column: canonical country names, `@Region` for
    /// the members of an earlier row, or `=idf` for an IDF region's countries.
    fn members(&mut self, name: &str, column: &str, gazetteer: &Gazetteer) -> Vec<String> {
        let mut countries: Vec<String> = Vec::new();
        let mut add = |country: &str| {
            if !countries.iter().any(|c| c == country) {
                countries.push(country.to_string());
            }
        };
        if column == "=idf" {
            for country in gazetteer.countries().iter().filter(|c| c.region == name) {
                add(&country.name);
            }
            return countries;
        }
        for member in column.split('|').map(str::trim).filter(|m| !m.is_empty()) {
            if let Some(region) = member.strip_prefix('@') {
                match self.regions.iter().find(|r| r.name == region) {
                    Some(r) => r.countries.iter().for_each(|c| add(c)),
                    None => self
                        .problems
                        .push(format!("{name}: @{region} is not an earlier row")),
                }
                continue;
            }
            match gazetteer.country(member) {
                Some(country) if country.name == member => add(&country.name),
                Some(country) => self.problems.push(format!(
                    "{name}: {member:?} is a variant; write the canonical {:?}",
                    country.name
                )),
                None => self
                    .problems
                    .push(format!("{name}: {member:?} is not in countries.tsv")),
            }
        }
        countries
    }

    fn insert_key(&mut self, variant: &str, idx: usize, name: &str) {
        // `~` marks a form that is also an ordinary word (`pacifique`): the
        // search looks regions up by whole name, so the mark only documents
        let variant = variant.strip_prefix('~').unwrap_or(variant);
        let key = fold_key(variant);
        if key.is_empty() {
            return;
        }
        match self.by_key.get(&key) {
            Some(&other) if other == idx => {}
            Some(&other) => self.problems.push(format!(
                "{name}: {variant:?} already names {}",
                self.regions[other].name
            )),
            None => {
                self.by_key.insert(key, idx);
            }
        }
    }

    /// All regions, in file order.
    #[cfg(test)]
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The region one of whose names is `name`, ignoring case, accents,
    /// apostrophes and hyphens (`afrique de l ouest`, `West Africa`). It does
    /// not give way to countries: `Micronésie` finds the region here.
    pub fn lookup(&self, name: &str) -> Option<&Region> {
        self.by_key.get(&fold_key(name)).map(|&i| &self.regions[i])
    }
}

/// The member countries of the region named `name` (any of its names or
/// variants, ignoring case, accents, apostrophes and hyphens), as the
/// gazetteer spells them, in the data file's order; `None` for a name that
/// is no region. A front end uses it to say what a region expansion of the
/// query searched for (`Asie centrale`: Kazakhstan, Kirghizistan…).
///
/// ```
/// let countries = oim_search::region_countries("asie centrale").unwrap();
/// assert!(countries.iter().any(|c| c == "Kazakhstan"));
/// assert!(oim_search::region_countries("Atlantide").is_none());
/// ```
pub fn region_countries(name: &str) -> Option<&'static [String]> {
    region_concepts()
        .lookup(name)
        .map(|region| region.countries.as_slice())
}

/// The IDF regions that hold a member, and those whose every country is one.
fn idf_regions_of(countries: &[String], gazetteer: &Gazetteer) -> (Vec<String>, Vec<String>) {
    let mut touched: Vec<String> = Vec::new();
    for country in countries.iter().filter_map(|c| gazetteer.country(c)) {
        if !touched.contains(&country.region) {
            touched.push(country.region.clone());
        }
    }
    let within = touched
        .iter()
        .filter(|region| {
            gazetteer
                .countries()
                .iter()
                .filter(|c| &c.region == *region)
                .all(|c| countries.contains(&c.name))
        })
        .cloned()
        .collect();
    (touched, within)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_countries_by_any_name() {
        let central = region_countries("Asie centrale").unwrap();
        assert_eq!(
            central,
            [
                "Kazakhstan",
                "Kirghizistan",
                "Tadjikistan",
                "Turkménistan",
                "Ouzbékistan"
            ]
        );
        assert_eq!(region_countries("central asia"), Some(central));
        // a region made of regions lists their countries
        let asia = region_countries("Asie").unwrap();
        assert!(asia.len() > central.len() && asia.contains(&"Kazakhstan".to_string()));
        assert_eq!(region_countries("Lesotho"), None, "a country is no region");
        assert_eq!(region_countries(""), None);
    }

    #[test]
    fn the_data_file_has_no_problem() {
        let table = region_concepts();
        assert!(table.problems.is_empty(), "{:#?}", table.problems);
        assert!(table.regions().len() >= 45, "{}", table.regions().len());
    }

    #[test]
    fn every_member_is_a_canonical_country_of_the_gazetteer() {
        let g = gazetteer();
        for region in region_concepts().regions() {
            assert!(!region.countries.is_empty(), "{}", region.name);
            for member in &region.countries {
                let country = g.country(member);
                assert_eq!(
                    country.map(|c| c.name.as_str()),
                    Some(member.as_str()),
                    "{}: {member}",
                    region.name
                );
            }
        }
    }

    #[test]
    fn names_match_whatever_the_case_accents_and_apostrophes() {
        let table = region_concepts();
        for name in [
            "Afrique de l’Ouest",
            "Afrique de l'Ouest",
            "afrique de l ouest",
            "AFRIQUE OCCIDENTALE",
            "West Africa",
            "África Occidental",
            "africa occidental",
        ] {
            assert_eq!(
                table.lookup(name).map(|r| r.name.as_str()),
                Some("Afrique de l’Ouest"),
                "{name}"
            );
        }
        for (name, region) in [
            ("Corne de l'Afrique", "Corne de l’Afrique"),
            ("Horn of Africa", "Corne de l’Afrique"),
            ("sud-est asiatique", "Asie du Sud-Est"),
            ("Western Balkans", "Balkans occidentaux"),
            ("Asie et Océanie", "Asie et Océanie"),
            ("MENA", "Moyen-Orient et Afrique du Nord"),
            ("Micronésie", "Micronésie"),
        ] {
            assert_eq!(
                table.lookup(name).map(|r| r.name.as_str()),
                Some(region),
                "{name}"
            );
        }
        assert!(table.lookup("Afrique du Sud").is_none());
        assert!(table.lookup("Atlantide").is_none());
    }

    #[test]
    fn physical_historical_and_island_regions_follow_their_sources() {
        let table = region_concepts();
        let region = |name: &str| table.lookup(name).unwrap();
        let members = |name: &str| region(name).countries.clone();
        assert_eq!(region("Himalaya").kind, RegionKind::Physical);
        assert_eq!(region("Indochine").kind, RegionKind::Historical);
        assert_eq!(
            members("bassin du Mékong"),
            [
                "Cambodge",
                "République démocratique populaire lao",
                "Thaïlande",
                "Viet Nam"
            ]
        );
        assert_eq!(members("OMVS"), ["Guinée", "Mali", "Mauritanie", "Sénégal"]);
        assert_eq!(members("Union du fleuve Mano").len(), 4);
        assert_eq!(members("Petites Antilles").len(), 8);
        assert!(!members("golfe de Guinée").iter().any(|c| c == "Guinée"));
        assert!(members("PEID").iter().any(|c| c == "Haïti"));
        // the Andes are the range's seven countries; the Andean region is not
        assert!(members("Andes").iter().any(|c| c == "Argentine"));
        assert!(!members("région andine").iter().any(|c| c == "Argentine"));
        // the river's basin, not the country Sénégal inside the name
        for (name, region) in [
            ("bassin du fleuve Sénégal", Some("Bassin du fleuve Sénégal")),
            ("golfe de Guinée", Some("Golfe de Guinée")),
            ("golfe d'Aden", Some("Golfe d’Aden")),
            (
                "petits États insulaires en développement",
                Some("Petits États insulaires en développement"),
            ),
            ("Sénégal", None),
        ] {
            assert_eq!(
                region_concepts().lookup(name).map(|r| r.name.as_str()),
                region,
                "{name}"
            );
        }
    }

    #[test]
    fn members_and_idf_regions_follow_the_data() {
        let table = region_concepts();
        let region = |name: &str| table.lookup(name).unwrap();
        let west = region("Afrique de l’Ouest");
        assert_eq!(west.countries.len(), 16);
        assert!(west.countries.iter().any(|c| c == "Côte d’Ivoire"));
        // Mauritania is in the IDF region Moyen-Orient et Afrique du Nord
        assert_eq!(
            west.idf_regions,
            ["Afrique", "Moyen-Orient et Afrique du Nord"]
        );
        assert!(west.idf_regions_within.is_empty());
        assert_eq!(region("Afrique").idf_regions_within, ["Afrique"]);
        assert_eq!(region("Europe").idf_regions_within, ["Europe"]);
        assert!(region("Europe de l’Est").idf_regions_within.is_empty());
        let lac = region("Amérique latine et Caraïbes");
        assert_eq!(lac.countries.len(), 33);
        assert_eq!(lac.idf_regions_within, ["Amérique latine et Caraïbes"]);
        // the M49 sub-regions of Latin America add up to the IDF region
        let parts: usize = ["Caraïbes", "Amérique centrale", "Amérique du Sud"]
            .iter()
            .map(|r| region(r).countries.len())
            .sum();
        assert_eq!(parts, 33);
        assert_eq!(
            region("Maghreb").idf_regions,
            ["Moyen-Orient et Afrique du Nord"]
        );
        assert_eq!(region("Sahel").countries.len(), 10);
        assert_eq!(region("Pacifique").countries.len(), 12);
        assert_eq!(region("Moyen-Orient").kind, RegionKind::Common);
        assert_eq!(region("Asie centrale").kind, RegionKind::M49);
        assert_eq!(region("Asie et Océanie").kind, RegionKind::Idf);
    }

    #[test]
    fn every_idf_region_of_the_pages_is_named() {
        let table = region_concepts();
        for country in gazetteer().countries() {
            let region = table.lookup(&country.region);
            assert!(
                region.is_some_and(|r| r.idf_regions_within.contains(&country.region)),
                "{}",
                country.region
            );
        }
    }

    #[test]
    fn only_micronesia_is_both_a_country_and_a_region() {
        let g = gazetteer();
        let mut shared: Vec<&str> = region_concepts()
            .by_key
            .keys()
            .filter(|key| g.country(key).is_some())
            .map(String::as_str)
            .collect();
        shared.sort_unstable();
        assert_eq!(shared, ["micronesia", "micronesie"]);
    }

    #[test]
    fn m49_sub_regions_do_not_overlap() {
        let subregions: Vec<&Region> = region_concepts()
            .regions()
            .iter()
            .filter(|r| r.kind == RegionKind::M49)
            .filter(|r| {
                ![
                    "Afrique",
                    "Afrique subsaharienne",
                    "Amériques",
                    "Asie",
                    "Océanie",
                ]
                .contains(&r.name.as_str())
                    && r.name != "Amérique latine et Caraïbes"
            })
            .collect();
        let mut seen: HashMap<&str, &str> = HashMap::default();
        for region in subregions {
            for country in &region.countries {
                if let Some(other) = seen.insert(country, &region.name) {
                    panic!("{country} is in {other} and {}", region.name);
                }
            }
        }
    }
}
