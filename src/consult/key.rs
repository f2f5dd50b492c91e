//! Change keys as the consultation uses them: the review file's keys
//! (`activity/A3/due`, `goal/G9/added`, `plan//title`) for the changes a
//! point caused, and the same shape for what a point is about, where an
//! item (`goal/G2`) or the whole plan (`plan`) may stand alone.

use crate::diff::Change;
use crate::diff::review::change_key;
use crate::i18n::Text;
use crate::plan::Plan;
use crate::plan::schema::Kind;
use crate::text;

/// What a point is about, read from one `about` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// `plan`: the whole plan.
    Plan,
    /// `goal/G2`: one item (for the plan and the revision: their table).
    Item { kind: Kind, id: String },
    /// `activity/A3/due`, `plan//title`: one field of one item.
    Field { kind: Kind, id: String, field: &'static str },
}

fn kind_named(s: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.json_name() == s)
}

/// Reads an `about` key and checks it against `plan` (the version sent
/// out): the item must exist there and the field must be one of its kind.
pub fn anchor(key: &str, plan: Option<&Plan>) -> Result<Anchor, Text> {
    let shown = text::escape(key).into_owned();
    if key == "plan" {
        return Ok(Anchor::Plan);
    }
    let parts: Vec<&str> = key.split('/').collect();
    let shape = || {
        text!(sv: "\"{shown}\" är ingen ändringsnyckel; skriv t.ex. \"plan\", \"goal/G2\" eller \"activity/A3/due\"";
              en: "\"{shown}\" is not a change key; write e.g. \"plan\", \"goal/G2\" or \"activity/A3/due\"")
    };
    let (kind_s, id, field) = match parts.as_slice() {
        [k, id] => (*k, *id, None),
        [k, id, field] => (*k, *id, Some(*field)),
        _ => return Err(shape()),
    };
    let Some(kind) = kind_named(kind_s) else { return Err(shape()) };
    if kind.is_collection() == id.is_empty() {
        return Err(shape());
    }
    if let (Some(p), true) = (plan, kind.is_collection())
        && p.find(kind, id).is_none()
    {
        let (noun_sv, noun_en) = (kind.noun(crate::i18n::Lang::Sv), kind.noun(crate::i18n::Lang::En));
        let id = text::escape(id);
        let version = text::escape(p.revision.str("version"));
        return Err(
            text!(sv: "{noun_sv} {id} finns inte i version {version}"; en: "{noun_en} {id} does not exist in version {version}"),
        );
    }
    match field {
        None => Ok(Anchor::Item { kind, id: id.to_string() }),
        Some(name) => match kind.field(name).filter(|f| f.name != "id") {
            Some(f) => Ok(Anchor::Field { kind, id: id.to_string(), field: f.name }),
            None => {
                let name = text::escape(name);
                let noun_sv = kind.noun(crate::i18n::Lang::Sv);
                let noun_en = kind.noun(crate::i18n::Lang::En);
                Err(text!(sv: "{noun_sv} har inget fält `{name}`"; en: "a {noun_en} has no field `{name}`"))
            }
        },
    }
}

/// Returns the changes that `key` names: the change with exactly that key,
/// or, for an item key (`goal/G13`), every change of that item.
pub fn matching<'a>(key: &str, changes: &'a [Change]) -> Vec<&'a Change> {
    let exact: Vec<&Change> = changes.iter().filter(|c| change_key(c) == key).collect();
    if !exact.is_empty() {
        return exact;
    }
    let prefix = format!("{key}/");
    if key.matches('/').count() == 1 {
        return changes.iter().filter(|c| change_key(c).starts_with(&prefix)).collect();
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Date, load_str};

    fn plan() -> Plan {
        let src = include_str!("../../plans/jamtland/lok-2025.2-remiss.toml");
        load_str(src.into(), Date { year: 2025, month: 5, day: 1 }).expect("loads").plan
    }

    #[test]
    fn anchors_read_and_check_against_the_version() {
        let p = plan();
        assert_eq!(anchor("plan", Some(&p)), Ok(Anchor::Plan));
        assert_eq!(anchor("goal/G2", Some(&p)), Ok(Anchor::Item { kind: Kind::Goal, id: "G2".into() }));
        assert_eq!(
            anchor("indicator/I8/target", Some(&p)),
            Ok(Anchor::Field { kind: Kind::Indicator, id: "I8".into(), field: "target" })
        );
        assert_eq!(
            anchor("plan//vision", Some(&p)),
            Ok(Anchor::Field { kind: Kind::Plan, id: String::new(), field: "vision" })
        );
        for bad in ["", "goal", "goal/", "plan/x", "goal/G2/nope", "goal/G2/id", "gaol/G2", "a/b/c/d", "goal/G99"] {
            assert!(anchor(bad, Some(&p)).is_err(), "{bad:?} accepted");
        }
        // Without the version at hand, only the shape is checked.
        assert!(anchor("goal/G99", None).is_ok());
        let msg = anchor("goal/G99\u{1b}[2J", Some(&p)).expect_err("unknown");
        assert!(!msg.sv.contains('\u{1b}'), "{}", msg.sv);
    }
}
