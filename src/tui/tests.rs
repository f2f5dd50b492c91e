//! Behaviour of the app state driven by keys, without a terminal: edits go
//! through the session, refusals keep the editor open, deletes ask about
//! dependents, undo and redo walk the stack, and a large plan stays fast.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Pane};
use super::modal::{ConfirmPurpose, Modal};
use crate::i18n::Lang;
use crate::plan::edit::Session;
use crate::plan::{Date, Kind};

fn today() -> Date {
    Date { year: 2026, month: 11, day: 22 }
}

fn app() -> App {
    let session = Session::from_text(crate::assets::EXAMPLE.to_string(), today()).expect("example loads");
    App::new(session, Lang::Sv, today())
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn goal_of(app: &App, id: &str) -> String {
    app.session.loaded().plan.find(Kind::Activity, id).expect("activity").str("goal").to_string()
}

#[test]
fn edit_title_then_undo_and_redo() {
    let mut a = app();
    a.select_item(Kind::Goal, "G1");
    press(&mut a, KeyCode::Char('e'));
    ctrl(&mut a, 'u');
    typ(&mut a, "Färre unga dricker – åäö");
    press(&mut a, KeyCode::Enter);
    assert!(a.modal.is_none());
    let title = |a: &App| a.session.loaded().plan.find(Kind::Goal, "G1").expect("G1").str("title").to_string();
    assert_eq!(title(&a), "Färre unga dricker – åäö");
    assert!(a.session.is_dirty());
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(title(&a), "Färre unga i länet dricker alkohol");
    ctrl(&mut a, 'y');
    assert_eq!(title(&a), "Färre unga dricker – åäö");
    ctrl(&mut a, 'z');
    ctrl(&mut a, 'r');
    assert_eq!(title(&a), "Färre unga dricker – åäö");
}

#[test]
fn refused_edit_keeps_the_editor_open_with_the_reason() {
    let mut a = app();
    a.select_item(Kind::Activity, "A1");
    a.focus = Pane::Detail;
    a.field = Kind::Activity.fields().iter().position(|f| f.name == "due").expect("due");
    press(&mut a, KeyCode::Enter);
    ctrl(&mut a, 'u');
    typ(&mut a, "2025-02-30");
    press(&mut a, KeyCode::Enter);
    match &a.modal {
        Some(Modal::Text(t)) => assert!(t.error.as_deref().is_some_and(|e| e.contains("finns inte"))),
        other => panic!("editor closed: {other:?}"),
    }
    press(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    assert!(!a.session.is_dirty());
}

#[test]
fn enum_picker_sets_the_key() {
    let mut a = app();
    a.select_item(Kind::Activity, "A1");
    a.focus = Pane::Detail;
    a.field = Kind::Activity.fields().iter().position(|f| f.name == "status").expect("status");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Home);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.session.loaded().plan.find(Kind::Activity, "A1").expect("A1").str("status"), "planned");
}

#[test]
fn move_activity_to_another_goal() {
    let mut a = app();
    a.select_item(Kind::Activity, "A1");
    let before = goal_of(&a, "A1");
    press(&mut a, KeyCode::Char('m'));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Enter);
    assert_ne!(goal_of(&a, "A1"), before);
    assert_eq!(a.item().map(|i| i.id.as_str()), Some("A1"), "the moved activity stays selected");
}

#[test]
fn delete_asks_and_cascades() {
    let mut a = app();
    a.select_item(Kind::Goal, "G1");
    press(&mut a, KeyCode::Char('d'));
    assert!(matches!(&a.modal, Some(Modal::Confirm(c)) if matches!(c.purpose, ConfirmPurpose::Delete { .. })));
    press(&mut a, KeyCode::Char('j'));
    assert!(matches!(&a.modal, Some(Modal::Confirm(c)) if matches!(c.purpose, ConfirmPurpose::Cascade { .. })));
    press(&mut a, KeyCode::Char('j'));
    let plan = &a.session.loaded().plan;
    assert!(plan.find(Kind::Goal, "G1").is_none());
    assert!(plan.activities.iter().all(|x| x.str("goal") != "G1"));
    assert_eq!(a.session.loaded().error_count(), 0);
}

#[test]
fn added_items_keep_the_plan_free_of_errors() {
    let mut a = app();
    a.select_item(Kind::Goal, "G1");
    for key in ['a', 'i'] {
        press(&mut a, KeyCode::Char(key));
        press(&mut a, KeyCode::Esc);
    }
    a.select_item(Kind::FocusArea, &a.session.loaded().plan.focus_areas[0].id.clone());
    for key in ['a', 'A'] {
        press(&mut a, KeyCode::Char(key));
        press(&mut a, KeyCode::Esc);
    }
    a.select_item(Kind::Party, "region");
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.session.undo_depth(), 5);
    assert_eq!(a.session.loaded().error_count(), 0, "{:?}", a.session.findings());
}

#[test]
fn measurement_and_status_and_reorder() {
    let mut a = app();
    a.select_item(Kind::Indicator, "I1");
    press(&mut a, KeyCode::Char('n'));
    typ(&mut a, "2026: 31,5");
    press(&mut a, KeyCode::Enter);
    assert!(a.modal.is_none(), "{:?}", a.modal);
    let i1 = a.session.loaded().plan.find(Kind::Indicator, "I1").expect("I1");
    assert!(i1.measurements().iter().any(|m| m.year == 2026 && m.value == 31.5));

    let status = |a: &App| a.session.loaded().plan.revision.str("status").to_string();
    let first = status(&a);
    press(&mut a, KeyCode::Char('S'));
    assert!(first == "adopted" || status(&a) != first);

    a.select_item(Kind::Activity, "A2");
    let ids = |a: &App| a.session.loaded().plan.activities.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    let before = ids(&a);
    press(&mut a, KeyCode::Char('K'));
    let after = ids(&a);
    assert_ne!(before, after);
    assert!(after.iter().position(|x| x == "A2") < after.iter().position(|x| x == "A1"));
}

#[test]
fn search_and_filter_narrow_the_outline() {
    let mut a = app();
    let all = a.outline.shown;
    press(&mut a, KeyCode::Char('/'));
    typ(&mut a, "spel");
    press(&mut a, KeyCode::Enter);
    assert!(a.outline.shown < all && a.outline.shown > 0);
    press(&mut a, KeyCode::Char('c'));
    assert_eq!(a.outline.shown, all);
}

#[test]
fn quit_asks_only_when_dirty() {
    let mut a = app();
    press(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
    let mut a = app();
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    assert!(!a.quit);
    press(&mut a, KeyCode::Esc);
    assert!(!a.quit && a.modal.is_none());
}

#[test]
fn finding_jumps_to_its_item() {
    let mut a = app();
    a.select_item(Kind::FocusArea, &a.session.loaded().plan.focus_areas[0].id.clone());
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Esc);
    let new_goal = a.item().map(|i| i.id.clone()).expect("new goal selected");
    press(&mut a, KeyCode::Char('g'));
    press(&mut a, KeyCode::Char('v'));
    let n = a
        .session
        .findings()
        .iter()
        .position(|f| f.message.sv.contains(&new_goal))
        .expect("a finding about the new goal");
    for _ in 0..n {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.item().map(|i| i.id.clone()), Some(new_goal));
}

#[test]
fn large_plan_draws_fast() {
    use std::fmt::Write as _;
    let mut text = String::from(
        "format = \"lansplan/1\"\n[plan]\nid = \"x\"\ntitle = \"Stor plan\"\ncounty = \"Testlän\"\nkind = \"action_plan\"\n\
         period = { start = 2025-01-01, end = 2028-12-31 }\n[revision]\nversion = \"1\"\ndate = 2025-01-01\nstatus = \"draft\"\n\
         [[parties]]\nid = \"r\"\nname = \"Region\"\nkind = \"region\"\n[[focus_areas]]\nid = \"f\"\nname = \"F\"\n\
         [[goals]]\nid = \"G1\"\nfocus_area = \"f\"\nlevel = \"outcome\"\ntitle = \"Mål\"\nresponsible = [\"r\"]\n",
    );
    for i in 1..=10_000 {
        let _ = write!(
            text,
            "[[activities]]\nid = \"A{i}\"\ngoal = \"G1\"\ntitle = \"Aktivitet {i}\"\nresponsible = [\"r\"]\nstatus = \"planned\"\n"
        );
    }
    let session = Session::from_text(text, today()).expect("large plan loads");
    let mut a = App::new(session, Lang::Sv, today());
    a.resize(120, 40);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("backend");
    let start = std::time::Instant::now();
    for _ in 0..20 {
        press(&mut a, KeyCode::PageDown);
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    }
    // Generous for a debug build on a busy machine; a full layout of
    // 10,000 rows per frame would take far longer.
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
}

#[test]
fn example_saves_only_where_named_and_never_over_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let taken = dir.path().join("taken.toml");
    std::fs::write(&taken, "x").expect("write");
    let mut a = app();
    ctrl(&mut a, 's');
    assert!(matches!(&a.modal, Some(Modal::Text(_))), "asks for a file name");
    typ(&mut a, &taken.display().to_string());
    press(&mut a, KeyCode::Enter);
    assert!(matches!(&a.modal, Some(Modal::Text(t)) if t.error.is_some()), "refuses an existing file");
    assert_eq!(std::fs::read_to_string(&taken).expect("read"), "x");
    ctrl(&mut a, 'u');
    let fresh = dir.path().join("ny.toml");
    typ(&mut a, &fresh.display().to_string());
    press(&mut a, KeyCode::Enter);
    assert!(a.modal.is_none());
    assert_eq!(std::fs::read_to_string(&fresh).expect("saved"), crate::assets::EXAMPLE);
    assert_eq!(a.session.path.as_deref(), Some(fresh.as_path()));
}

#[test]
fn save_refuses_when_the_file_changed_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, crate::assets::EXAMPLE).expect("write");
    let mut a = App::new(Session::open(&path, today()).expect("open"), Lang::Sv, today());
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Esc);
    std::fs::write(&path, format!("# someone else\n{}", crate::assets::EXAMPLE)).expect("write");
    ctrl(&mut a, 's');
    assert!(matches!(&a.modal, Some(Modal::Confirm(c)) if c.purpose == ConfirmPurpose::DiskChanged));
    press(&mut a, KeyCode::Char('r'));
    assert!(!a.session.is_dirty());
    assert!(a.session.text().starts_with("# someone else"));
}
