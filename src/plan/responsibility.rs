//! Who holds a commitment (format 1.1, issue 18): the region, the kommuner,
//! both together, or another actor. Validation, the diff's naming of a
//! shift of responsibility, the responsibility matrix and the checks across
//! a county's plans all read a commitment's principal from here, so the
//! split is decided once.

use super::model::{Item, Plan};
use crate::i18n::{Lang, Text};

/// The principal of a commitment, from the kinds of its responsible parties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Principal {
    /// Only the region (Hälso- och sjukvårdslagen).
    Region,
    /// Only kommuner (Socialtjänstlagen); one or several.
    Municipality,
    /// Parties of more than one kind together, such as the region and a kommun.
    Joint,
    /// Only actors that are neither region nor kommun (the county board,
    /// the police, civil society).
    Other,
}

impl Principal {
    /// The columns of the responsibility matrix, in order.
    pub const ALL: [Principal; 4] = [Principal::Region, Principal::Municipality, Principal::Joint, Principal::Other];

    /// Returns the principal of the parties `responsible` of `plan`, or
    /// `None` when none of them is a known party (validation reports that).
    pub fn of(plan: &Plan, responsible: &[String]) -> Option<Principal> {
        let mut kinds = responsible.iter().filter_map(|id| plan.find(super::Kind::Party, id)).map(class);
        let first = kinds.next()?;
        if kinds.any(|k| k != first) {
            return Some(Principal::Joint);
        }
        Some(first)
    }

    /// Returns the principal of a commitment (or any item with `responsible`).
    pub fn of_item(plan: &Plan, item: &Item) -> Option<Principal> {
        Principal::of(plan, item.list("responsible"))
    }

    /// Returns the matrix column heading.
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            Principal::Region => lang.pick("Regionen", "Region"),
            Principal::Municipality => lang.pick("Kommunerna", "Kommuner"),
            Principal::Joint => lang.pick("Gemensamt", "Joint"),
            Principal::Other => lang.pick("Andra aktörer", "Other actors"),
        }
    }

    /// Returns the principal as a phrase after "från"/"from" or "till"/"to".
    pub fn phrase(self, lang: Lang) -> &'static str {
        match self {
            Principal::Region => lang.pick("regionen", "the region"),
            Principal::Municipality => lang.pick("kommunerna", "the kommuner"),
            Principal::Joint => lang.pick("gemensamt", "joint"),
            Principal::Other => lang.pick("andra aktörer", "other actors"),
        }
    }
}

/// Returns the class of one party: a region, a kommun, or another actor.
fn class(party: &Item) -> Principal {
    match party.str("kind") {
        "region" => Principal::Region,
        "municipality" => Principal::Municipality,
        _ => Principal::Other,
    }
}

/// Returns how a shift of responsibility reads: "behandling nära hemmet:
/// från regionen till gemensamt". Plain text: whoever shows it escapes it.
pub fn shift_text(service: &str, from: Principal, to: Principal) -> Text {
    text!(sv: "{service}: från {} till {}", from.phrase(Lang::Sv), to.phrase(Lang::Sv);
          en: "{service}: from {} to {}", from.phrase(Lang::En), to.phrase(Lang::En))
}

/// Returns the key that makes two commitments the same service: the title
/// without case or surrounding and repeated white space.
pub fn service_key(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Returns a small agreement for tests: a region `r`, kommuner `k1` and
/// `k2`, a user organisation `jlb`, then `extra` (items in TOML).
#[cfg(test)]
pub(crate) fn test_plan(extra: &str) -> Plan {
    let src = format!(
        "format = \"lansplan/1\"\n[plan]\nid = \"p\"\ntitle = \"t\"\ncounty = \"c\"\nkind = \"agreement\"\n\
         period = {{ start = 2025-01-01, end = 2026-12-31 }}\n[revision]\nversion = \"1\"\ndate = 2025-01-01\n\
         status = \"draft\"\n[[parties]]\nid = \"r\"\nname = \"R\"\nkind = \"region\"\n[[parties]]\nid = \"k1\"\n\
         name = \"K1\"\nkind = \"municipality\"\n[[parties]]\nid = \"k2\"\nname = \"K2\"\nkind = \"municipality\"\n\
         [[parties]]\nid = \"jlb\"\nname = \"JLB\"\nkind = \"civil_society\"\n{extra}"
    );
    let today = crate::plan::Date::new(2025, 1, 1).expect("a date");
    crate::plan::load_str(src, today).expect("loads").plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(extra: &str) -> Plan {
        test_plan(extra)
    }

    #[test]
    fn the_principal_follows_the_kinds_of_the_parties() {
        let p = plan("");
        let of = |ids: &[&str]| Principal::of(&p, &ids.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(of(&["r"]), Some(Principal::Region));
        assert_eq!(of(&["k1"]), Some(Principal::Municipality));
        // Several kommuner are still the kommuner's, not joint.
        assert_eq!(of(&["k1", "k2"]), Some(Principal::Municipality));
        assert_eq!(of(&["r", "k1"]), Some(Principal::Joint));
        assert_eq!(of(&["k1", "jlb"]), Some(Principal::Joint));
        assert_eq!(of(&["jlb"]), Some(Principal::Other));
        assert_eq!(of(&["nobody"]), None);
        assert_eq!(of(&["nobody", "r"]), Some(Principal::Region));
        assert_eq!(of(&[]), None);
    }

    #[test]
    fn a_shift_is_named_in_both_languages() {
        let t = shift_text("Behandling nära hemmet", Principal::Region, Principal::Joint);
        assert_eq!(t.sv, "Behandling nära hemmet: från regionen till gemensamt");
        assert_eq!(t.en, "Behandling nära hemmet: from the region to joint");
        assert_eq!(service_key("  Behandling   Nära hemmet "), "behandling nära hemmet");
    }
}
