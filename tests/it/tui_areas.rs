//! The indicators per kommun (issue 19) on ratatui's `TestBackend`: the
//! import fixture's plan with its figures applied, the reference rows
//! (the plan, the region, the nation) above the kommuner, women and men,
//! and the order `s` changes. Accept new snapshots with `INSTA_UPDATE=always`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lansplan::i18n::Lang;
use lansplan::plan::Date;
use lansplan::plan::edit::Session;
use lansplan::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PLAN: &str = include_str!("../fixtures/import/plan-with-figures.toml");

fn screen(keys: &str, lang: Lang, (w, h): (u16, u16)) -> TestBackend {
    let today = Date { year: 2025, month: 3, day: 1 };
    let session = Session::from_text(PLAN.to_string(), today).expect("fixture loads");
    let mut a = App::new(session, lang, today);
    a.resize(w, h);
    for c in keys.chars() {
        a.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    t.backend().clone()
}

#[test]
fn tui_areas_per_kommun() {
    insta::assert_snapshot!("areas_80x24", screen("IK", Lang::Sv, (80, 24)));
    insta::assert_snapshot!("areas_120x40", screen("IK", Lang::Sv, (120, 40)));
    // Worst first: fewer should drink, so Berg's 41 comes before Östersund's 37,2.
    let sorted = screen("IKs", Lang::Sv, (120, 40)).to_string();
    let (berg, ostersund) = (sorted.find("Berg ").expect("Berg"), sorted.find("Östersund ").expect("Östersund"));
    assert!(berg < ostersund, "{sorted}");
    insta::assert_snapshot!("areas_sorted_english_80x24", screen("IKs", Lang::En, (80, 24)));
    // The second indicator: the region's figure for girls only.
    insta::assert_snapshot!("areas_second_80x24", screen("IKj", Lang::Sv, (80, 24)));
}
