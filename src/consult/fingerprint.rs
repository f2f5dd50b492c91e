//! The fingerprint of a revision's decided content: a SHA-256 over a
//! canonical text made from the parsed plan, so comments, layout, key
//! order, item order and the order of a list of parties do not change it,
//! while any change `lansplan diff` would show in what was decided does.
//!
//! What was decided is the plan, its parties, focus areas, commitments,
//! goals, indicators and activities. Left out: the `[revision]` table (its status
//! and `decided_by` are written after the decision) and the follow-up an
//! adopted plan receives every year (an activity's `status`, an indicator's
//! `measurements`). docs/format.md defines the canonical text; the two must
//! agree.

use sha2::{Digest, Sha256};

use crate::diff::json;
use crate::plan::model::{Plan, Value};
use crate::plan::schema::Kind;

/// The first line of the canonical text, naming its version.
pub const CANONICAL_HEADER: &str = "lansplan-content/1";

/// Returns true for the fields that are follow-up, not decided content.
pub fn is_follow_up(kind: Kind, field: &str) -> bool {
    matches!((kind, field), (Kind::Activity, "status") | (Kind::Indicator, "measurements"))
}

/// Returns the canonical text of a plan's decided content: the header
/// line, then one line `KIND/ID/FIELD=VALUE` per field, kinds in diff
/// order (plan, party, focus_area, commitment, goal, indicator, activity), items by id
/// (byte order), fields in schema order; VALUE is compact JSON (dates as
/// "YYYY-MM-DD", lists of ids sorted).
pub fn canonical(plan: &Plan) -> String {
    let mut out = String::from(CANONICAL_HEADER);
    out.push('\n');
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Revision) {
        let mut items: Vec<_> = plan.items(kind).iter().collect();
        items.sort_by(|a, b| a.id.cmp(&b.id));
        for item in items {
            for (field, value) in item.schema_values() {
                let Some(value) = value else { continue };
                if field.name == "id" || is_follow_up(kind, field.name) {
                    continue;
                }
                let value = match value {
                    Value::List(l) => {
                        let mut l = l.clone();
                        l.sort();
                        Value::List(l)
                    }
                    v => v.clone(),
                };
                let id = if kind.is_collection() { item.id.as_str() } else { "" };
                out.push_str(&format!("{}/{id}/{}={}\n", kind.json_name(), field.name, json::value(&value)));
            }
        }
    }
    out
}

/// Returns the fingerprint of a plan's decided content: `sha256:` and
/// the hash of [`canonical`] in lower-case hex.
pub fn fingerprint(plan: &Plan) -> String {
    let hash = Sha256::digest(canonical(plan).as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Returns true for a well-formed fingerprint (`sha256:` and 64 hex digits).
pub fn is_well_formed(s: &str) -> bool {
    s.strip_prefix("sha256:").is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::plan::{Date, load_str};

    const TODAY: Date = Date { year: 2025, month: 7, day: 1 };
    const ADOPTED: &str = include_str!("../../plans/jamtland/lok-2025.3-beslutad.toml");

    fn plan(src: &str) -> Plan {
        load_str(src.to_string(), TODAY).expect("loads").plan
    }

    #[test]
    fn comments_layout_and_order_do_not_change_it() {
        let a = plan(ADOPTED);
        let reformatted = ADOPTED.replace(" = ", "   =   ").replace("# ", "#  ").replace("\n\n", "\n\n\n");
        assert_eq!(fingerprint(&a), fingerprint(&plan(&reformatted)));
        // Items in another order, responsible parties in another order.
        let swapped = ADOPTED.replace(
            "responsible = [\"region\", \"berg\", \"bracke\", \"harjedalen\", \"ragunda\", \"stromsund\"]",
            "responsible = [\"stromsund\", \"berg\", \"bracke\", \"harjedalen\", \"ragunda\", \"region\"]",
        );
        assert_ne!(swapped, ADOPTED);
        assert_eq!(fingerprint(&a), fingerprint(&plan(&swapped)));
        let mut reordered = a.clone();
        reordered.activities.reverse();
        reordered.goals.swap(0, 3);
        assert_eq!(fingerprint(&a), fingerprint(&reordered));
        // A number written as an integer is the same number.
        let integer = ADOPTED.replace("value = 35.0 }", "value = 35 }");
        assert_ne!(integer, ADOPTED);
        assert_eq!(fingerprint(&a), fingerprint(&plan(&integer)));
    }

    #[test]
    fn follow_up_and_the_revision_table_do_not_change_it() {
        let a = plan(ADOPTED);
        let mut b = a.clone();
        b.revision.set("status", Value::Str("superseded".into()));
        b.revision.set("decided_by", Value::Str("någon annan".into()));
        b.activities[0].set("status", Value::Str("done".into()));
        let i = b.indicators.iter_mut().find(|i| !i.measurements().is_empty()).expect("measured");
        i.set("measurements", Value::Measurements(Vec::new()));
        assert_eq!(fingerprint(&a), fingerprint(&b));
    }

    /// Every field a diff shows, other than follow-up and the revision,
    /// changes the fingerprint.
    #[test]
    fn every_decided_change_changes_it() {
        let a = plan(ADOPTED);
        let edits: [(&str, &str); 6] = [
            ("due = 2027-06-30", "due = 2027-07-01"),
            ("value = 21.0", "value = 20.0"),
            ("title = \"Länsöverenskommelse", "title = \"Länsöverenskommelsen"),
            ("name = \"Bräcke kommun\"", "name = \"Bräcke\""),
            ("goal = \"G8\"", "goal = \"G7\""),
            ("level = \"output\"", "level = \"outcome\""),
        ];
        for (from, to) in edits {
            assert!(ADOPTED.contains(from), "{from}");
            let b = plan(&ADOPTED.replacen(from, to, 1));
            let changes = diff(&a, &b);
            assert!(changes.iter().any(|c| c.kind != Kind::Revision), "{from}: no change");
            assert_ne!(fingerprint(&a), fingerprint(&b), "{from} → {to} kept the fingerprint");
        }
        let mut removed = a.clone();
        removed.activities.pop();
        assert_ne!(fingerprint(&a), fingerprint(&removed));
    }

    #[test]
    fn is_sha256_and_well_formed() {
        let fp = fingerprint(&plan(ADOPTED));
        assert!(is_well_formed(&fp), "{fp}");
        assert!(!is_well_formed("sha256:abc"));
        assert!(!is_well_formed("md5:00"));
        // The canonical text of the empty plan hashes as documented.
        let empty = canonical(&Plan::empty());
        assert_eq!(empty, "lansplan-content/1\n");
        assert_eq!(
            fingerprint(&Plan::empty()),
            // printf 'lansplan-content/1\n' | sha256sum
            "sha256:9f2e100e87ef42dad88bb941a1b84dc0c8185ed905832a09ec3991aae96c508c"
        );
    }
}
