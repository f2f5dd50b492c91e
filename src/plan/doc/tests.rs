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

/// The plan with goal G2 written a second time, first, without `responsible`.
fn with_duplicate_g2() -> String {
    let copy = "[[goals]]\nid = \"G2\"\nfocus_area = \"fa\"\nlevel = \"output\"\ntitle = \"Första G2\"\n\n";
    PLAN.replacen("[[goals]]\nid = \"G2\"", &format!("{copy}[[goals]]\nid = \"G2\""), 1)
}

fn doc(text: &str) -> PlanDoc {
    PlanDoc::parse(text).expect("parses")
}

/// Issue 23: removing a party found the second G2 as a dependent, looked
/// G2 up again by id, got the first (which has no list) and panicked on
/// `expect("dependent has a list")`.
#[test]
fn removing_a_party_edits_the_copy_that_refers_to_it() {
    let text = with_duplicate_g2();
    let mut d = doc(&text);
    d.remove(Kind::Party, "krokom", true).expect("krokom goes");
    let out = d.render();
    assert!(out.contains("title = \"Första G2\"\n"), "the first copy is untouched:\n{out}");
    assert!(out.contains("title = \"Samverka\"\nresponsible = [\"region\"]"), "{out}");
    assert!(!out.contains("krokom"), "{out}");
}

#[test]
fn an_edit_on_an_id_written_twice_is_refused_with_both_lines() {
    let text = with_duplicate_g2();
    let first = text.lines().position(|l| l == "id = \"G2\"").expect("G2") + 1;
    let second = first + 6;
    let title = FieldPath::parse("goals.G2.title").expect("path");
    type Edit<'a> = Box<dyn Fn(&mut PlanDoc) -> Result<(), EditError> + 'a>;
    let edits: [(&str, Edit); 4] = [
        ("set", Box::new(|d| d.set(&title, Input::Whole(Value::Str("x".into()))))),
        ("remove", Box::new(|d| d.remove(Kind::Goal, "G2", true).map(|_| ()))),
        ("rename", Box::new(|d| d.rename(Kind::Goal, "G2", "G9"))),
        ("reorder", Box::new(|d| d.reorder(Kind::Goal, "G2", 0))),
    ];
    for (what, edit) in edits {
        let mut d = doc(&text);
        let err = edit(&mut d).expect_err(what);
        assert_eq!(err.location(), Some((first, 6)), "{what}: {err:?}");
        assert_eq!(
            err.text().en,
            format!("line {first}: goal G2 appears 2 times (also on line {second}); give each its own id first"),
            "{what}"
        );
        assert_eq!(d.render(), text, "{what} left the document as it was");
    }
}

/// A cascade that reaches an id written twice cannot tell whose children
/// the items that refer to it are, unless every copy goes.
#[test]
fn a_cascade_into_an_id_with_a_copy_that_stays_is_refused() {
    let text = PLAN.replacen(
        "# --- Aktiviteter ---",
        "[[focus_areas]]\nid = \"fb\"\nname = \"Annat\"\n\n[[goals]]\nid = \"G2\"\nfocus_area = \"fb\"\nlevel = \"output\"\ntitle = \"Andra G2\"\nresponsible = [\"region\"]\n\n# --- Aktiviteter ---",
        1,
    );
    let mut d = doc(&text);
    let err = d.remove(Kind::FocusArea, "fa", true).expect_err("A2 hangs on a G2, but which");
    assert!(err.text().en.contains("goal G2 appears 2 times"), "{err:?}");
    assert_eq!(d.render(), text);
    // With no item hanging on the copies, there is nothing to tell apart.
    let text = text.replace("goal = \"G2\"", "goal = \"G1\"");
    let mut d = doc(&text);
    let removed = d.remove(Kind::FocusArea, "fa", true).expect("fa goes with its goals");
    assert!(removed.contains(&(Kind::Goal, "G2".to_string())) && removed.contains(&(Kind::FocusArea, "fa".into())));
    assert!(d.render().contains("title = \"Andra G2\""));
}

/// A list of references written as one string is refused where it is,
/// rather than taken for a list.
#[test]
fn removing_a_party_named_in_a_string_instead_of_a_list_is_refused_there() {
    let text = PLAN.replace(
        "responsible = [\"region\", \"krokom\"]\nstatus = \"ongoing\"",
        "responsible = \"krokom\"\nstatus = \"ongoing\"",
    );
    let line = text.lines().position(|l| l == "responsible = \"krokom\"").expect("the string") + 1;
    let mut d = doc(&text);
    let err = d.remove(Kind::Party, "krokom", true).expect_err("not a list");
    assert_eq!(err.location(), Some((line, 15)), "{err:?}");
    assert!(err.text().en.contains("`responsible` is not a list but a string"), "{err:?}");
    assert_eq!(d.render(), text);
    // A rename still follows it.
    d.rename(Kind::Party, "krokom", "krokoms-kommun").expect("rename");
    assert!(d.render().contains("responsible = \"krokoms-kommun\""));
}

/// Entries of an inline collection that are not tables keep their places:
/// the item found is the one removed.
#[test]
fn entries_that_are_not_tables_do_not_shift_the_items() {
    let text =
        "format = \"lansplan/1\"\nparties = [1, { id = \"a\", name = \"A\" }, \"x\", { id = \"b\", name = \"B\" }]\n";
    let mut d = doc(text);
    assert_eq!(d.ids(Kind::Party), ["a", "b"]);
    d.remove(Kind::Party, "b", false).expect("b goes");
    assert_eq!(d.render(), "format = \"lansplan/1\"\nparties = [1, { id = \"a\", name = \"A\" }, \"x\"]\n");
}

/// An error the plan had before an edit is still the same error when the
/// edit moves the line its message names (the duplicate id's "on line N"):
/// it was taken for a new error and the edit refused.
#[test]
fn an_edit_that_moves_an_old_error_is_not_refused_for_it() {
    let mut s = Session::from_text(with_duplicate_g2(), Date { year: 2025, month: 3, day: 1 }).expect("loads");
    let errors = s.loaded().error_count();
    assert!(s.loaded().findings.iter().any(|f| f.message.en.contains("duplicate id \"G2\" (the goal on line")));
    s.remove(Kind::Party, "krokom", true).expect("a removal that moves the duplicate up");
    assert_eq!(s.loaded().error_count(), errors);
}

/// Issue 19: the whole list of measurements written from its text form
/// changes only the entries that change, matched by year, area and sex,
/// and keeps the layout and comments of the rest.
#[test]
fn figures_per_kommun_are_written_in_place_by_their_key() {
    let src = PLAN.replace(
        "status = \"planned\"\n",
        "status = \"planned\"\n\n[[indicators]]\nid = \"I1\"\ngoal = \"G1\"\nname = \"Andel\"\nunit = \"%\"\ndirection = \"decrease\"\nbaseline = { year = 2020, value = 40.0 }\nmeasurements = [\n  { year = 2022, value = 39.0 }, # länet\n  { year = 2022, value = 41.5, area = \"krokom\", sex = \"K\", n = 212 }, # krokom\n]\n",
    );
    let mut s = Session::from_text(src.clone(), Date { year: 2025, month: 3, day: 1 }).expect("loads");
    assert_eq!(s.loaded().error_count(), 0, "{:?}", s.loaded().findings);
    let path = FieldPath::parse("indicators.I1.measurements").expect("path");
    s.set(&path, "2022: 39; 2022 krokom K: 42 n=212; 2022 krokom M: 37 n=200 period=\"jan–apr\"").expect("set");
    let out = s.text().to_string();
    assert!(out.contains("  { year = 2022, value = 39.0 }, # länet\n"), "{out}");
    assert!(out.contains("{ year = 2022, value = 42.0, area = \"krokom\", sex = \"K\", n = 212 }, # krokom"), "{out}");
    assert!(
        out.contains("{ year = 2022, value = 37.0, area = \"krokom\", sex = \"M\", n = 200, period = \"jan–apr\" }"),
        "{out}"
    );
    // One year's total set alone leaves that year's other figures.
    let one = FieldPath::parse("indicators.I1.measurements.2022").expect("path");
    s.set(&one, "").expect("removes the total");
    let i1 = s.loaded().plan.find(Kind::Indicator, "I1").expect("I1").clone();
    assert_eq!(i1.measurements().len(), 2);
    assert!(i1.measurements().iter().all(|m| m.area.as_deref() == Some("krokom")));
}
