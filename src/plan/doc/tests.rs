//! The document layer's operations on a small plan: what each changes in
//! the file's bytes, and what it refuses.

use super::*;
use crate::plan::Date;
use crate::plan::edit::Session;
use crate::plan::path::FieldPath;

const PLAN: &str = r#"format = "lansplan/1"

[plan]
id = "t"
title = "Testplan"
county = "Jämtlands län"
kind = "action_plan"
period = { start = 2025-01-01, end = 2026-12-31 }

[revision]
version = "1"
date = 2025-02-01
status = "draft"

[[parties]]
id = "region"
name = "Region Jämtland Härjedalen"
kind = "region"

[[parties]]
id = "krokom"
name = "Krokoms kommun"
kind = "municipality"

[[focus_areas]]
id = "fa"
name = "Tidig upptäckt"
skr = "early_detection"

# --- Mål ---
[[goals]]
id = "G1"
focus_area = "fa"
level = "output"
title = "Utbilda"
responsible = ["region"]

[[goals]]
id = "G2"
focus_area = "fa"
level = "output"
title = "Samverka"
responsible = ["region", "krokom"]

# --- Aktiviteter ---
[[activities]]
id = "A1"
goal = "G1"
title = "Kurs i AUDIT"   # första
responsible = ["region"]
status = "planned"

# Aktivitet två
[[activities]]
id = "A2"
goal = "G2"
title = "Gemensam rutin"
responsible = ["region", "krokom"]
status = "ongoing"
"#;

fn session() -> Session {
    Session::from_text(PLAN.to_string(), Date { year: 2025, month: 3, day: 1 }).expect("test plan loads")
}

#[test]
fn unedited_render_is_byte_identical() {
    assert_eq!(PlanDoc::parse(PLAN).expect("parses").render(), PLAN);
}

/// Found by fuzzing: toml_edit groups dotted keys of one table that are
/// written apart, so this file did not print back as read.
#[test]
fn interleaved_dotted_keys_print_back_unchanged() {
    let src = "format = \"lansplan/1\"\nplan.id = \"x\"\nqlan.kind = \"a\"\nplan.title = \"T\"\n";
    assert_eq!(PlanDoc::parse(src).expect("parses").render(), src);
}

#[test]
fn set_changes_only_the_value_and_keeps_the_comment() {
    let mut s = session();
    s.set(&FieldPath::parse("activities.A1.title").expect("path"), "Kurs i AUDIT och DUDIT").expect("set");
    let want = PLAN.replace("\"Kurs i AUDIT\"   # första", "\"Kurs i AUDIT och DUDIT\"   # första");
    assert_eq!(s.text(), want);
}

#[test]
fn add_goes_after_its_siblings_with_the_next_id() {
    let mut s = session();
    let id = s
        .add(
            Kind::Activity,
            vec![
                ("goal", Value::Str("G1".into())),
                ("title", Value::Str("Ny aktivitet".into())),
                ("responsible", Value::List(vec!["krokom".into()])),
                ("status", Value::Str("planned".into())),
            ],
        )
        .expect("add");
    assert_eq!(id, "A3");
    let text = s.text();
    let a1 = text.find("id = \"A1\"").expect("A1");
    let a3 = text.find("id = \"A3\"").expect("A3");
    let a2 = text.find("id = \"A2\"").expect("A2");
    assert!(a1 < a3 && a3 < a2, "A3 sits under G1, before A2:\n{text}");
    assert!(text.contains("# Aktivitet två\n[[activities]]\nid = \"A2\""), "A2 keeps its comment:\n{text}");
    assert_eq!(s.loaded().error_count(), 0);
}

#[test]
fn remove_refuses_with_dependents_then_cascades() {
    let mut s = session();
    let err = s.remove(Kind::Goal, "G2", false).expect_err("G2 has an activity");
    assert!(matches!(&err, EditError::HasDependents { dependents, .. } if dependents.len() == 1));
    assert!(err.text().sv.contains("A2"));
    assert_eq!(s.text(), PLAN, "refusal leaves the plan as it was");
    let removed = s.remove(Kind::Goal, "G2", true).expect("cascade");
    assert_eq!(removed, vec![(Kind::Activity, "A2".to_string()), (Kind::Goal, "G2".to_string())]);
    assert!(!s.text().contains("Samverka") && !s.text().contains("Gemensam rutin"));
    assert!(s.text().contains("# --- Mål ---"));
}

#[test]
fn removing_the_only_responsible_party_is_refused() {
    let mut s = session();
    let err = s.remove(Kind::Party, "region", true).expect_err("G1 has only region");
    assert!(err.text().en.contains("only responsible party"), "{err:?}");
    assert_eq!(s.text(), PLAN);
    s.remove(Kind::Party, "krokom", true).expect("krokom is never alone");
    assert!(s.text().contains("responsible = [\"region\"]\nstatus = \"ongoing\""), "{}", s.text());
}

#[test]
fn move_is_a_one_line_change_and_dangling_moves_are_refused() {
    let mut s = session();
    let p = FieldPath::parse("activities.A2.goal").expect("path");
    assert!(s.set(&p, "G9").is_err());
    s.set(&p, "G1").expect("move");
    let changed: Vec<_> = PLAN.lines().zip(s.text().lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, vec![("goal = \"G2\"", "goal = \"G1\"")]);
}

#[test]
fn reorder_moves_the_table_with_its_comment() {
    let mut s = session();
    s.reorder(Kind::Activity, "A2", 0).expect("reorder");
    let text = s.text();
    assert!(text.find("id = \"A2\"") < text.find("id = \"A1\""), "{text}");
    assert!(text.contains("# Aktivitet två\n[[activities]]\nid = \"A2\""), "{text}");
    assert_eq!(s.loaded().plan.activities[0].id, "A2");
}

#[test]
fn rename_follows_references() {
    let mut s = session();
    s.set(&FieldPath::parse("parties.krokom.id").expect("path"), "krokoms-kommun").expect("rename");
    assert!(!s.text().contains("\"krokom\""));
    assert_eq!(s.text().matches("\"krokoms-kommun\"").count(), 3);
    assert_eq!(s.loaded().error_count(), 0);
}

#[test]
fn undo_and_redo_walk_the_history() {
    let mut s = session();
    s.set(&FieldPath::parse("revision.status").expect("path"), "remiss").expect("set");
    s.set(&FieldPath::parse("revision.version").expect("path"), "2").expect("set");
    assert!(s.undo() && s.undo() && !s.undo());
    assert_eq!(s.text(), PLAN);
    assert!(s.redo());
    assert!(s.text().contains("status = \"consultation\""));
}
