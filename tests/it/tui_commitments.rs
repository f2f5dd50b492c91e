//! The editor's commitments (issue 18): snapshots of the outline with a
//! focus area's commitments and of the focus-area picker, on TestBackend,
//! and the edits driven through the app (add with `C`, edit a list of
//! units, move with `m`, reorder with `J`, delete with `d`, undo). The
//! plan is the county agreement of tests/fixtures/family, "today" fixed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lansplan::i18n::Lang;
use lansplan::plan::edit::Session;
use lansplan::plan::{Date, Kind, Value};
use lansplan::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FIXTURE: &str = include_str!("../fixtures/family/county/lok-2.toml");
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn app(lang: Lang) -> App {
    let today = Date { year: 2026, month: 11, day: 22 };
    let session = Session::from_text(FIXTURE.to_string(), today).expect("fixture loads");
    App::new(session, lang, today)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn snap(name: &str, lang: Lang, mut setup: impl FnMut(&mut App)) {
    for (w, h) in SIZES {
        let mut a = app(lang);
        a.resize(w, h);
        setup(&mut a);
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

fn commitments(a: &App) -> Vec<(String, String, Vec<String>)> {
    a.session
        .loaded()
        .plan
        .commitments
        .iter()
        .map(|c| (c.id.clone(), c.str("focus_area").to_string(), c.list("units").to_vec()))
        .collect()
}

#[test]
fn tui_commitments_in_the_outline() {
    snap("commitments_outline", Lang::Sv, |a| a.select_item(Kind::Commitment, "C2"));
    snap("commitments_outline_en", Lang::En, |a| a.select_item(Kind::Commitment, "C1"));
}

#[test]
fn tui_commitment_moves_to_another_focus_area() {
    snap("commitments_move_picker", Lang::Sv, |a| {
        a.select_item(Kind::Commitment, "C1");
        press(a, KeyCode::Char('m'));
        // Issue #22: the plan is adopted, so the first edit asks first.
        press(a, KeyCode::Char('e'));
    });
}

#[test]
fn add_edit_move_reorder_and_delete_a_commitment() {
    let mut a = app(Lang::Sv);
    a.resize(120, 40);
    // `C` on a goal adds a commitment to the goal's focus area and opens its title.
    a.select_item(Kind::Goal, "G1");
    press(&mut a, KeyCode::Char('C'));
    // Issue #22: the plan is adopted, so the first edit asks first.
    press(&mut a, KeyCode::Char('e'));
    a.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typ(&mut a, "Stöd till anhöriga");
    press(&mut a, KeyCode::Enter);
    let c3 = a.session.loaded().plan.find(Kind::Commitment, "C3").expect("C3 added").clone();
    assert_eq!(c3.str("focus_area"), "support");
    assert_eq!(c3.label(), "Stöd till anhöriga");
    // Held by the parties of the area's last commitment, so the plan stays valid.
    assert_eq!(c3.list("responsible"), ["region", "berg", "are"]);
    assert_eq!(a.session.loaded().error_count(), 0);

    // Units are typed with `;` between them; a comma stays inside a unit.
    let units = a.fields().iter().position(|f| f.name == "units").expect("units field");
    a.field = units;
    press(&mut a, KeyCode::Enter);
    typ(&mut a, "Socialtjänsten, individ- och familjeomsorgen; Beroendemottagningen");
    press(&mut a, KeyCode::Enter);
    let units: Vec<String> = vec!["Socialtjänsten, individ- och familjeomsorgen".into(), "Beroendemottagningen".into()];
    assert_eq!(
        a.session.loaded().plan.find(Kind::Commitment, "C3").and_then(|c| c.get("units")),
        Some(&Value::List(units))
    );

    // K moves it up among the area's commitments, before C2.
    press(&mut a, KeyCode::Esc);
    a.select_item(Kind::Commitment, "C3");
    press(&mut a, KeyCode::Char('K'));
    let order: Vec<String> = commitments(&a).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(order, ["C1", "C3", "C2"]);

    // Deleting asks first, then removes it; undo brings it back.
    press(&mut a, KeyCode::Char('d'));
    press(&mut a, KeyCode::Char('y'));
    assert!(a.session.loaded().plan.find(Kind::Commitment, "C3").is_none());
    press(&mut a, KeyCode::Char('u'));
    assert!(a.session.loaded().plan.find(Kind::Commitment, "C3").is_some());
}

#[test]
fn a_commitment_moved_to_a_new_focus_area_follows_it_in_the_outline() {
    let mut a = app(Lang::Sv);
    a.resize(120, 40);
    // A second focus area to move to.
    a.select_item(Kind::FocusArea, "support");
    press(&mut a, KeyCode::Char('A'));
    // Issue #22: the plan is adopted, so the first edit asks first; then
    // the new focus area's name.
    press(&mut a, KeyCode::Char('e'));
    for c in "Stöd nära hemmet".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter);
    let area = a.session.loaded().plan.focus_areas[1].id.clone();
    assert_eq!(area, "stod-nara-hemmet");
    a.select_item(Kind::Commitment, "C1");
    press(&mut a, KeyCode::Char('m'));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Enter);
    let c1 = a.session.loaded().plan.find(Kind::Commitment, "C1").expect("C1").clone();
    assert_eq!(c1.str("focus_area"), area);
    assert_eq!(a.item().map(|i| i.id.as_str()), Some("C1"), "the selection follows the commitment");
}

#[test]
fn tui_commitments_view_shows_services_by_principal() {
    snap("commitments_services", Lang::Sv, |a| press(a, KeyCode::Char('U')));
    // Enter goes to the service's first commitment in the outline.
    let mut a = app(Lang::Sv);
    a.resize(120, 40);
    press(&mut a, KeyCode::Char('U'));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.item().map(|i| (i.kind, i.id.as_str())), Some((Kind::Commitment, "C2")));
}
