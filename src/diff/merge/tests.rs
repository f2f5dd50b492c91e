//! The merge on the consultation draft: each promise of the module's text
//! on a small case. The scenario suite (every pair of edits on the two
//! sides) is in `tests/it/merge.rs`.

use super::*;
use crate::plan::edit::Session;
use crate::plan::model::Value;
use crate::plan::path::FieldPath;
use crate::plan::{Loaded, load_str};

const TODAY: Date = Date { year: 2025, month: 6, day: 1 };
const BASE: &str = include_str!("../../../plans/jamtland/lok-2025.2-remiss.toml");

fn session() -> Session {
    Session::from_text(BASE.to_string(), TODAY).expect("base loads")
}

fn edited(edits: &[(&str, &str)]) -> String {
    let mut s = session();
    for (p, v) in edits {
        s.set(&FieldPath::parse(p).expect("path"), v).expect("edit");
    }
    s.text().to_string()
}

fn run(ours: &str, theirs: &str) -> Merged {
    merge(BASE, ours, theirs, TODAY).expect("merges")
}

fn loaded(text: &str) -> Loaded {
    load_str(text.to_string(), TODAY).expect("result loads")
}

fn reasons(m: &Merged) -> Vec<&'static str> {
    m.conflicts.iter().map(|c| c.reason.name()).collect()
}

fn activity(goal: &str, title: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("goal", Value::Str(goal.into())),
        ("title", Value::Str(title.into())),
        ("responsible", Value::List(vec!["region".into()])),
        ("status", Value::Str("planned".into())),
    ]
}

#[test]
fn edits_to_different_fields_merge_cleanly() {
    let ours = edited(&[("goals.G1.title", "Färre unga får problem med alkohol")]);
    let theirs = edited(&[("activities.A1.due", "2026-09-30"), ("goals.G1.level", "outcome")]);
    let m = run(&ours, &theirs);
    assert!(m.conflicts.is_empty());
    let want = edited(&[
        ("goals.G1.title", "Färre unga får problem med alkohol"),
        ("activities.A1.due", "2026-09-30"),
        ("goals.G1.level", "outcome"),
    ]);
    assert_eq!(m.text, want);
}

#[test]
fn the_same_field_changed_differently_is_a_conflict_that_check_reports() {
    let ours = edited(&[("activities.A1.due", "2026-06-30")]);
    let theirs = edited(&[("activities.A1.due", "2026-09-30")]);
    let m = run(&ours, &theirs);
    assert_eq!(reasons(&m), ["both_changed"]);
    let l = loaded(&m.text);
    assert!(l.findings.iter().any(|f| f.is_error() && f.message.en.contains("unresolved conflict")));
    assert!(m.text.contains("due = 2026-06-30"), "ours is kept meanwhile");
    assert_eq!(l.plan.conflicts[0].theirs, Some(Value::Date(Date { year: 2026, month: 9, day: 30 })));
}

#[test]
fn merging_with_itself_or_base_gives_the_other_side() {
    let ours = edited(&[("activities.A1.due", "2026-06-30")]);
    assert_eq!(run(&ours, BASE).text, ours);
    assert_eq!(run(&ours, &ours).text, ours);
    assert_eq!(run(BASE, &ours).text, ours);
}

#[test]
fn both_adding_the_same_id_renumbers_theirs_and_its_references() {
    let mut o = session();
    let oid = o.add(Kind::Activity, activity("G1", "Vår nya aktivitet")).expect("add");
    let mut t = session();
    let tid = t.add(Kind::Activity, activity("G2", "Deras nya aktivitet")).expect("add");
    assert_eq!(oid, tid);
    let m = run(o.text(), t.text());
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let Some(Note::Renumbered { new, .. }) = m.notes.first() else { panic!("no renumbering: {:?}", m.notes) };
    let l = loaded(&m.text);
    assert_eq!(l.error_count(), 0, "{:?}", l.findings);
    assert!(l.plan.activities.iter().any(|a| a.str("title") == "Vår nya aktivitet" && a.id == oid));
    assert!(l.plan.activities.iter().any(|a| a.str("title") == "Deras nya aktivitet" && a.id == *new));
}

#[test]
fn the_same_item_added_on_both_sides_is_one_item() {
    let mut o = session();
    o.add(Kind::Activity, activity("G1", "Samma")).expect("add");
    let m = run(o.text(), o.text());
    assert_eq!(m.text, o.text());
    let mut t = session();
    t.add(Kind::Activity, activity("G1", "Samma")).expect("add");
    t.set(&FieldPath::parse("goals.G2.title").expect("path"), "Annan titel").expect("set");
    let m = run(o.text(), t.text());
    assert!(m.conflicts.is_empty() && m.notes.is_empty(), "{:?} {:?}", m.conflicts, m.notes);
    assert_eq!(loaded(&m.text).plan.activities.iter().filter(|a| a.str("title") == "Samma").count(), 1);
}

#[test]
fn edited_here_removed_there_is_a_conflict_and_the_item_stays() {
    let ours = edited(&[("activities.A2.title", "Ny titel")]);
    let mut t = session();
    t.remove(Kind::Activity, "A2", false).expect("remove");
    let m = run(&ours, t.text());
    assert_eq!(reasons(&m), ["theirs_removed"]);
    assert!(m.text.contains("Ny titel"));
    let m = run(t.text(), &ours);
    assert_eq!(reasons(&m), ["ours_removed"]);
    assert!(m.text.contains("Ny titel"), "their edited item stays until settled");
}

#[test]
fn a_goal_removed_here_while_they_add_an_activity_under_it_comes_back() {
    let mut o = session();
    o.remove(Kind::Goal, "G10", true).expect("remove");
    let mut t = session();
    t.add(Kind::Activity, activity("G10", "Ny under G10")).expect("add");
    let m = run(o.text(), t.text());
    assert_eq!(reasons(&m), ["ours_removed_used"], "{}", m.text);
    assert_eq!(m.conflicts[0].at, ["goals", "G10"]);
    assert!(m.conflicts[0].used_by.iter().any(|u| u.starts_with("activity/")));
    let l = loaded(&m.text);
    let errors: Vec<&str> = l.findings.iter().filter(|f| f.is_error()).map(|f| f.message.en.as_str()).collect();
    assert_eq!(errors.len(), 1, "only the conflict itself: {errors:?}");
    assert!(l.plan.find(Kind::Goal, "G10").is_some());
}

#[test]
fn a_party_they_removed_that_we_start_using_comes_back() {
    let mut t = session();
    t.remove(Kind::Party, "jlb", true).expect("remove");
    let mut o = session();
    let mut fields = activity("G1", "Med brukarföreningen");
    fields[2] = ("responsible", Value::List(vec!["jlb".into()]));
    o.add(Kind::Activity, fields).expect("add");
    let m = run(o.text(), t.text());
    assert_eq!(reasons(&m), ["theirs_removed_used"]);
    let l = loaded(&m.text);
    assert_eq!(l.error_count(), 1, "{:?}", l.findings);
    assert!(l.plan.find(Kind::Party, "jlb").is_some());
}

#[test]
fn references_follow_a_rename_on_the_other_side() {
    let ours = edited(&[("goals.G10.id", "G20")]);
    let mut t = session();
    let new = t.add(Kind::Activity, activity("G10", "Under G10")).expect("add");
    let m = run(&ours, t.text());
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert!(matches!(&m.notes[..], [Note::Renamed { old, new, by: Side::Ours, .. }] if old == "G10" && new == "G20"));
    let l = loaded(&m.text);
    assert_eq!(l.error_count(), 0, "{:?}", l.findings);
    assert_eq!(l.plan.find(Kind::Activity, &new).map(|a| a.str("goal")), Some("G20"));
}

#[test]
fn their_unknown_keys_and_comments_are_kept_at_every_level() {
    let theirs = BASE
        .replacen("format = \"lansplan/1\"\n", "format = \"lansplan/1\"\ngenerator = \"deras verktyg\"\n", 1)
        .replacen("[revision]\n", "[revision]\nreviewer = \"Deras granskare\" # vem\n", 1)
        .replacen("id = \"G2\"\n", "id = \"G2\"\nweight = 3\n", 1)
        .replacen("id = \"A5\"\n", "id = \"A5\"\nbudget.sek = 12000\n", 1)
        .replacen("# --- Indikatorer ---", "# --- Indikatorer (deras rubrik) ---", 1)
        + "[activities.contact]\nname = \"Deras kontakt\"\n\n[extra]\nnote = \"deras tabell\"\n";
    let ours = edited(&[
        ("goals.G2.title", "Vår titel"),
        ("activities.A5.due", "2026-12-31"),
        ("activities.A25.status", "ongoing"),
    ]);
    let m = run(&ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    for kept in [
        "generator = \"deras verktyg\"",
        "reviewer = \"Deras granskare\" # vem",
        "weight = 3",
        "budget.sek = 12000",
        "[activities.contact]\nname = \"Deras kontakt\"",
        "# --- Indikatorer (deras rubrik) ---",
        "note = \"deras tabell\"",
        "Vår titel",
        "due = 2026-12-31",
    ] {
        assert!(m.text.contains(kept), "{kept} is lost:\n{}", m.text);
    }
    let l = loaded(&m.text);
    assert_eq!(l.error_count(), 0, "{:?}", l.findings);
    assert_eq!(l.plan.find(Kind::Activity, "A25").map(|a| a.str("status")), Some("ongoing"));
    assert_eq!(
        l.plan.find(Kind::Activity, "A5").and_then(|a| a.date("due")),
        Some(Date::new(2026, 12, 31).expect("date"))
    );
}

#[test]
fn a_value_they_changed_comes_with_their_comment() {
    let base = BASE.replacen("id = \"A3\"\n", "id = \"A3\"\ncontact = \"Enheten\" # gammal kommentar\n", 1);
    let theirs =
        base.replacen("contact = \"Enheten\" # gammal kommentar", "contact = \"Folkhälsan\" # flyttat i maj", 1);
    let ours = base.replacen("id = \"A3\"\n", "id = \"A3\"\n# vår rad ovanför\n", 1);
    let m = merge(&base, &ours, &theirs, TODAY).expect("merges");
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert!(m.text.contains("# vår rad ovanför\ncontact = \"Folkhälsan\" # flyttat i maj"), "{}", m.text);
}

#[test]
fn the_same_comment_changed_differently_is_a_conflict() {
    let base = BASE.replacen("id = \"A3\"\n", "id = \"A3\"\ncontact = \"Enheten\" # gammal\n", 1);
    let ours = base.replacen("# gammal", "# vår", 1);
    let theirs = base.replacen("# gammal", "# deras", 1);
    let m = merge(&base, &ours, &theirs, TODAY).expect("merges");
    assert_eq!(reasons(&m), ["comment"]);
    assert!(m.text.contains("contact = \"Enheten\" # vår"));
    let mut s = Session::from_text(m.text.clone(), TODAY).expect("loads");
    s.resolve(0, true).expect("resolves");
    assert!(s.text().contains("contact = \"Enheten\" # deras") && !s.text().contains("[[conflicts]]"), "{}", s.text());
    assert_eq!(s.loaded().error_count(), 0);
}

#[test]
fn lists_of_parties_merge_as_sets_and_measurements_by_year() {
    let ours = edited(&[("goals.G9.responsible", "region,berg"), ("indicators.I1.measurements.2024", "30")]);
    let theirs = edited(&[("goals.G9.responsible", "region,krokom"), ("indicators.I1.measurements.2023", "31")]);
    let m = run(&ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let l = loaded(&m.text);
    let g9 = l.plan.find(Kind::Goal, "G9").expect("G9");
    let mut parties = g9.list("responsible").to_vec();
    parties.sort();
    assert_eq!(parties, ["berg", "krokom", "region"]);
    let years: Vec<i64> =
        l.plan.find(Kind::Indicator, "I1").expect("I1").measurements().iter().map(|m| m.year).collect();
    assert!(years.contains(&2023) && years.contains(&2024), "{years:?}");

    let theirs = edited(&[("indicators.I1.measurements.2024", "29")]);
    let m = run(&ours, &theirs);
    assert_eq!(reasons(&m), ["both_changed"]);
    assert_eq!(m.conflicts[0].at, ["indicators", "I1", "measurements"]);
    let mut s = Session::from_text(m.text, TODAY).expect("loads");
    s.resolve(0, true).expect("takes theirs");
    let i1 = s.loaded().plan.find(Kind::Indicator, "I1").expect("I1").clone();
    assert!(i1.measurements().iter().any(|m| m.year == 2024 && m.value == 29.0), "{:?}", i1.measurements());
}

/// Adds figures to I1 through the whole field's text form, as the editor does.
fn with_figures(figures: &str) -> String {
    let mut s = session();
    let shown = s.loaded().plan.find(Kind::Indicator, "I1").expect("I1").get("measurements").map(Value::display);
    let path = FieldPath::parse("indicators.I1.measurements").expect("path");
    s.set(&path, &format!("{}; {figures}", shown.unwrap_or_default())).expect("edit");
    s.text().to_string()
}

/// Issue 19: two people adding figures for different kommuner (and the
/// same kommun's other sex) merge cleanly; the same key is a conflict.
#[test]
fn figures_for_different_kommuner_merge_by_year_area_and_sex() {
    let ours = with_figures("2024 berg K: 30 n=40; 2024 berg M: 28 n=38");
    let theirs = with_figures("2024 krokom: 33; 2024 berg: 29; 2024 riket: 31");
    let m = run(&ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let l = loaded(&m.text);
    assert_eq!(l.error_count(), 0);
    let i1 = l.plan.find(Kind::Indicator, "I1").expect("I1");
    let keys: Vec<String> = i1.measurements().iter().filter(|m| m.year == 2024).map(|m| m.key_label()).collect();
    for k in ["2024 berg K", "2024 berg M", "2024 krokom", "2024 berg", "2024 riket"] {
        assert!(keys.contains(&k.to_string()), "{k} in {keys:?}");
    }
    let theirs = with_figures("2024 berg K: 31");
    let m = run(&ours, &theirs);
    assert_eq!(reasons(&m), ["both_changed"], "{:?}", m.conflicts);
}

#[test]
fn edits_that_together_break_a_rule_keep_ours_with_theirs_recorded() {
    let base = edited(&[("activities.A3.start", "2026-01-01"), ("activities.A3.due", "2026-06-30")]);
    let side = |path: &str, value: &str| {
        let mut s = Session::from_text(base.clone(), TODAY).expect("base loads");
        s.set(&FieldPath::parse(path).expect("path"), value).expect("edit");
        s.text().to_string()
    };
    let (ours, theirs) = (side("activities.A3.start", "2026-05-01"), side("activities.A3.due", "2026-03-31"));
    let m = merge(&base, &ours, &theirs, TODAY).expect("merges");
    assert_eq!(reasons(&m), ["invalid"], "{}", m.text);
    assert!(m.conflicts[0].rule.is_some());
    let l = loaded(&m.text);
    assert_eq!(l.error_count(), 1, "only the conflict: {:?}", l.findings);
    let a3 = l.plan.find(Kind::Activity, "A3").expect("A3");
    assert_eq!(a3.date("due"), Date::new(2026, 6, 30), "ours is kept");
}

#[test]
fn both_ways_of_cutting_the_files_agree() {
    let ours = edited(&[("goals.G1.title", "Vår"), ("activities.A1.due", "2026-06-30")]);
    let mut t = session();
    t.set(&FieldPath::parse("activities.A1.due").expect("path"), "2026-09-30").expect("set");
    t.add(Kind::Activity, activity("G1", "Deras")).expect("add");
    t.remove(Kind::Activity, "A7", false).expect("remove");
    let theirs = t.text().to_string();
    let cut = merge_with(BASE, &ours, &theirs, TODAY, Way::Cut).expect("cut");
    let whole = merge_with(BASE, &ours, &theirs, TODAY, Way::Whole).expect("whole");
    assert_eq!(reasons(&cut), reasons(&whole));
    let (a, b) = (loaded(&cut.text), loaded(&whole.text));
    assert!(crate::diff::diff(&a.plan, &b.plan).is_empty());
}

#[test]
fn a_file_that_is_no_plan_is_refused_as_such() {
    let toml = "[package]\nname = \"x\"\n";
    let not_a_plan = merge(toml, "[package]\nname = \"y\"\n", "[package]\nname = \"x\"\nsize = 2\n", TODAY);
    assert!(matches!(not_a_plan, Err(MergeError::NotAPlan { side: Side::Ours })), "{not_a_plan:?}");
    let broken = BASE.replacen("[plan]", "[plan", 1);
    let ours = edited(&[("goals.G1.title", "Vår")]);
    match merge(BASE, &ours, &broken, TODAY) {
        Err(MergeError::Unreadable { side: Side::Theirs, offset, .. }) => assert!(offset > 0),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_from_windows_stays_in_its_line_endings() {
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let ours = crlf(&edited(&[("goals.G1.title", "Vår")]));
    let theirs = edited(&[("activities.A1.due", "2026-09-30"), ("activities.A1.title", "Deras")]);
    let m = merge(&crlf(BASE), &ours, &crlf(&theirs), TODAY).expect("merges");
    assert!(m.conflicts.is_empty());
    assert_eq!(m.text.matches('\n').count(), m.text.matches("\r\n").count(), "every line ends in CR LF");
    assert!(m.text.contains("Deras") && m.text.contains("Vår"));
}

/// Found by fuzzing (merge_check): a party written in an inline list that
/// they removed while we started using it stayed removed, and the result
/// failed check with a reference to nothing.
#[test]
fn a_party_in_an_inline_list_they_removed_comes_back_when_we_use_it() {
    let base = "format = \"lansplan/1\"\nparties = [\n  { id = \"p1\", name = \"P1\", kind = \"region\" },\n  { id = \"p2\", name = \"P2\", kind = \"region\" },\n]\n[plan]\nid = \"x\"\ntitle = \"T\"\ncounty = \"Jämtlands län\"\nkind = \"action_plan\"\nperiod = { start = 2025-01-01, end = 2026-12-31 }\n[revision]\nversion = \"1\"\ndate = 2025-02-01\nstatus = \"draft\"\n[[focus_areas]]\nid = \"F1\"\nname = \"F\"\n[[goals]]\nid = \"G1\"\nfocus_area = \"F1\"\nlevel = \"outcome\"\ntitle = \"G\"\nresponsible = [\"p1\"]\n";
    let theirs = base.replace("  { id = \"p2\", name = \"P2\", kind = \"region\" },\n", "");
    let ours = format!(
        "{base}[[activities]]\nid = \"A1\"\ngoal = \"G1\"\ntitle = \"A\"\nresponsible = [\"p2\"]\nstatus = \"planned\"\n"
    );
    let m = merge(base, &ours, &theirs, TODAY).expect("merges");
    assert_eq!(reasons(&m), ["theirs_removed_used"], "{}", m.text);
    assert_eq!(m.conflicts[0].at, ["parties", "p2"]);
    let l = loaded(&m.text);
    assert_eq!(l.error_count(), 1, "only the conflict: {:?}", l.findings);
    let mut s = Session::from_text(m.text, TODAY).expect("loads");
    s.resolve(0, false).expect("keeps it");
    assert_eq!(s.loaded().error_count(), 0);
}

/// Found by fuzzing (merge_check): a goal renamed differently on both
/// sides left their new activity pointing at their id, which the file
/// (holding ours) does not have. Their references now follow ours, and
/// taking theirs renames it with every reference.
#[test]
fn a_goal_renamed_differently_on_both_sides_is_one_conflict() {
    let ours = edited(&[("goals.G10.id", "G20")]);
    let mut t = session();
    t.set(&FieldPath::parse("goals.G10.id").expect("path"), "G30").expect("rename");
    let new = t.add(Kind::Activity, activity("G30", "Under deras G30")).expect("add");
    let m = run(&ours, t.text());
    assert_eq!(reasons(&m), ["both_changed"], "{}", m.text);
    assert_eq!(m.conflicts[0].at, ["goals", "G20", "id"]);
    let l = loaded(&m.text);
    assert_eq!(l.error_count(), 1, "{:?}", l.findings);
    assert_eq!(l.plan.find(Kind::Activity, &new).map(|a| a.str("goal")), Some("G20"));
    let mut s = Session::from_text(m.text, TODAY).expect("loads");
    s.resolve(0, true).expect("takes theirs");
    assert_eq!(s.loaded().error_count(), 0, "{:?}", s.findings());
    assert_eq!(s.loaded().plan.find(Kind::Activity, &new).map(|a| a.str("goal")), Some("G30"));
}
