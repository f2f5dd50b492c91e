//! Sweden's counties and kommuner with their SCB codes (21 counties, 290
//! kommuner), compiled into the binary from `assets/kommuner.csv`.
//!
//! Party `code`s are checked against this list, `lansplan new --county`
//! fills a plan's parties from it, and an import matches Kolada's area ids
//! with it (a kommun by its four digits, a region as `00` and its county's
//! two, the nation as `0000`).

use std::sync::OnceLock;

/// The list as shipped: `kommun_code,kommun,kommun_name,county_code,county,region`.
pub const CSV: &str = include_str!("../../assets/kommuner.csv");

/// One kommun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kommun {
    /// Four digits, the county's two first (`2380`).
    pub code: &'static str,
    /// The short name (`Östersund`).
    pub short: &'static str,
    /// The full name (`Östersunds kommun`).
    pub name: &'static str,
    pub county_code: &'static str,
}

/// One county with its region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct County {
    /// Two digits (`23`).
    pub code: &'static str,
    /// `Jämtlands län`.
    pub name: &'static str,
    /// `Region Jämtland Härjedalen`.
    pub region: &'static str,
}

/// The whole list, read once.
#[derive(Debug)]
pub struct Registry {
    pub counties: Vec<County>,
    pub kommuner: Vec<Kommun>,
}

/// Returns the list compiled into the binary.
pub fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| parse(CSV))
}

fn parse(csv: &'static str) -> Registry {
    let mut counties: Vec<County> = Vec::new();
    let mut kommuner = Vec::new();
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        // The shipped file has no quoted fields (a test checks it).
        let cols: Vec<&'static str> = line.split(',').map(str::trim).collect();
        let [code, short, name, county_code, county, region] = cols[..] else { continue };
        kommuner.push(Kommun { code, short, name, county_code });
        if !counties.iter().any(|c| c.code == county_code) {
            counties.push(County { code: county_code, name: county, region });
        }
    }
    Registry { counties, kommuner }
}

/// What an SCB code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Kommun(&'static Kommun),
    County(&'static County),
}

impl Registry {
    /// Returns the kommun or county with `code` (four or two digits).
    pub fn lookup(&'static self, code: &str) -> Option<Area> {
        match code.len() {
            4 => self.kommuner.iter().find(|k| k.code == code).map(Area::Kommun),
            2 => self.counties.iter().find(|c| c.code == code).map(Area::County),
            _ => None,
        }
    }

    /// Returns the county a person names: `Jämtlands län`, `Jämtland`,
    /// `jamtland`, or its code `23`.
    pub fn county(&'static self, name: &str) -> Option<&'static County> {
        let want = fold(name);
        let want = want.strip_suffix(" lan").unwrap_or(&want).trim().to_string();
        self.counties.iter().find(|c| {
            let n = fold(c.name);
            let bare = n.strip_suffix(" lan").unwrap_or(&n);
            // `Skåne län`, `Skånes`, `Jämtlands`: the genitive s is optional.
            c.code == name.trim() || bare == want || bare.strip_suffix('s') == Some(want.as_str())
        })
    }

    /// Returns the kommuner of a county, in the list's order.
    pub fn kommuner_in(&'static self, county_code: &str) -> impl Iterator<Item = &'static Kommun> + 'static {
        let code = county_code.to_string();
        self.kommuner.iter().filter(move |k| k.county_code == code)
    }
}

/// Lower case, without diacritics, for matching names as people type them.
pub fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            '-' | '_' => ' ',
            c => c,
        })
        .collect()
}

/// Returns an id for a name, as the format's ids allow: `Östersund` →
/// `ostersund`, `Upplands Väsby` → `upplands-vasby`.
pub fn id_for(name: &str) -> String {
    let folded = fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_has_every_county_and_kommun() {
        let r = registry();
        assert_eq!(r.counties.len(), 21);
        assert_eq!(r.kommuner.len(), 290);
        assert!(!CSV.contains('"'), "no quoted fields");
        assert!(r.kommuner.iter().all(|k| k.code.len() == 4 && k.code.starts_with(k.county_code)));
        assert_eq!(r.kommuner_in("23").count(), 8);
        assert_eq!(r.kommuner_in("22").count(), 7);
    }

    #[test]
    fn counties_are_found_as_people_name_them() {
        let r = registry();
        for name in ["Jämtlands län", "Jämtland", "jamtland", "JÄMTLANDS", "23"] {
            assert_eq!(r.county(name).map(|c| c.code), Some("23"), "{name}");
        }
        assert_eq!(r.county("Skåne").map(|c| c.code), Some("12"));
        assert_eq!(r.county("Västra Götaland").map(|c| c.code), Some("14"));
        assert_eq!(r.county("Atlantis"), None);
        assert!(matches!(r.lookup("2380"), Some(Area::Kommun(k)) if k.short == "Östersund"));
        assert!(matches!(r.lookup("23"), Some(Area::County(c)) if c.region == "Region Jämtland Härjedalen"));
        assert_eq!(r.lookup("9999"), None);
    }

    #[test]
    fn ids_are_made_from_names() {
        assert_eq!(id_for("Östersund"), "ostersund");
        assert_eq!(id_for("Upplands Väsby"), "upplands-vasby");
        assert_eq!(id_for("Malung-Sälen"), "malung-salen");
        assert!(registry().kommuner.iter().all(|k| crate::plan::schema::is_valid_id(&id_for(k.short))));
    }
}
