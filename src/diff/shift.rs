//! Names a shift of responsibility (issue 18): a commitment whose
//! `responsible` changed so that another principal holds it reads as
//! "behandling nära hemmet: från regionen till gemensamt", not only as
//! parties added and removed. The text, Markdown, prose and TUI diffs all
//! ask here.

use super::semantic::{Change, Op};
use crate::i18n::Text;
use crate::plan::Plan;
use crate::plan::model::Value;
use crate::plan::responsibility::{Principal, shift_text};
use crate::plan::schema::Kind;

/// Returns how the change shifts responsibility between principals, if
/// it is a change of a commitment's `responsible` that does (plain text,
/// for the caller to escape).
pub fn of(old: &Plan, new: &Plan, c: &Change) -> Option<Text> {
    if c.kind != Kind::Commitment || c.op != Op::Changed || c.field != Some("responsible") {
        return None;
    }
    let list = |v: &Option<Value>| match v {
        Some(Value::List(l)) => l.clone(),
        _ => Vec::new(),
    };
    let from = Principal::of(old, &list(&c.old))?;
    let to = Principal::of(new, &list(&c.new))?;
    if from == to {
        return None;
    }
    let id = c.id.as_deref()?;
    let title = new.find(Kind::Commitment, id).or_else(|| old.find(Kind::Commitment, id))?.label();
    Some(shift_text(title, from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(responsible: &str) -> Plan {
        crate::plan::responsibility::test_plan(&format!(
            "[[focus_areas]]\nid = \"f\"\nname = \"F\"\n[[commitments]]\nid = \"C1\"\nfocus_area = \"f\"\n\
             title = \"Behandling nära hemmet\"\nresponsible = {responsible}\n"
        ))
    }

    fn shift(a: &str, b: &str) -> Option<String> {
        let (old, new) = (plan(a), plan(b));
        crate::diff::diff(&old, &new).iter().find_map(|c| of(&old, &new, c)).map(|t| t.en)
    }

    #[test]
    fn a_change_of_principal_is_named_and_a_change_within_one_is_not() {
        assert_eq!(
            shift("[\"r\"]", "[\"r\", \"k1\"]").as_deref(),
            Some("Behandling nära hemmet: from the region to joint")
        );
        assert_eq!(
            shift("[\"r\", \"k1\"]", "[\"k1\"]").as_deref(),
            Some("Behandling nära hemmet: from joint to the kommuner")
        );
        assert_eq!(shift("[\"k1\"]", "[\"k1\", \"k2\"]"), None);
        assert_eq!(shift("[\"r\"]", "[\"r\"]"), None);
    }
}
