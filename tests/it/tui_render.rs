//! Snapshots of every TUI view and dialog on ratatui's `TestBackend`, at
//! 80×24 (the smallest supported terminal) and 120×40. The plan is a fixed
//! copy of the Jämtland consultation draft beside the snapshots (and of the
//! draft before it, for the diff), and "today"
//! is fixed, so the screens do not drift with the clock or the examples.
//!
//! Accept new snapshots locally with `INSTA_UPDATE=always cargo test --test
//! it tui`, then read them; never set INSTA_UPDATE in CI.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lansplan::i18n::Lang;
use lansplan::plan::edit::Session;
use lansplan::plan::path::{FieldPath, Input};
use lansplan::plan::{Date, Kind, Value};
use lansplan::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FIXTURE: &str = include_str!("snapshots/tui-fixture.toml");
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn today() -> Date {
    Date { year: 2026, month: 11, day: 22 }
}

fn app(lang: Lang) -> App {
    let session = Session::from_text(FIXTURE.to_string(), today()).expect("fixture loads");
    App::new(session, lang, today())
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Moves the detail cursor to the field called `name`.
fn field(app: &mut App, name: &str) {
    let i = app.fields().iter().position(|f| f.name == name).expect("field exists");
    app.field = i;
}

/// Draws `app` at every size and snapshots each screen as `name_WxH`.
fn snap(name: &str, mut setup: impl FnMut(&mut App)) {
    for (w, h) in SIZES {
        let mut a = app(Lang::Sv);
        a.resize(w, h);
        setup(&mut a);
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

#[test]
fn tui_outline() {
    snap("outline", |_| {});
}

#[test]
fn tui_outline_english() {
    let mut a = app(Lang::En);
    a.resize(80, 24);
    a.select_item(Kind::Activity, "A3");
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    insta::assert_snapshot!("outline_english_80x24", t.backend());
}

#[test]
fn tui_detail() {
    snap("detail", |a| {
        a.select_item(Kind::Goal, "G2");
        press(a, KeyCode::Enter);
    });
}

#[test]
fn tui_editor_single_line() {
    snap("editor", |a| {
        a.select_item(Kind::Goal, "G2");
        press(a, KeyCode::Char('e'));
        typ(a, " – åäö 日本");
    });
}

#[test]
fn tui_editor_multi_line() {
    snap("editor_multiline", |a| {
        a.select_item(Kind::Goal, "G2");
        press(a, KeyCode::Enter);
        field(a, "description");
        press(a, KeyCode::Enter);
    });
}

#[test]
fn tui_editor_refuses_bad_date() {
    snap("editor_refused", |a| {
        a.select_item(Kind::Activity, "A1");
        press(a, KeyCode::Enter);
        field(a, "due");
        press(a, KeyCode::Enter);
        a.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        typ(a, "2025-02-30");
        press(a, KeyCode::Enter);
    });
}

// Issue #22: a date is checked as it is typed, before Enter.
#[test]
fn tui_editor_checks_a_date_as_it_is_typed() {
    snap("editor_date_live", |a| {
        a.select_item(Kind::Activity, "A1");
        press(a, KeyCode::Enter);
        field(a, "due");
        press(a, KeyCode::Enter);
        a.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        typ(a, "2025-13");
    });
}

// Issue #22: the new item's title is selected (reverse video and
// underlined), so typing replaces it; styles matter, so the buffer.
#[test]
fn tui_new_item_title_is_selected() {
    let mut a = app(Lang::Sv);
    a.resize(80, 24);
    a.select_item(Kind::Goal, "G1");
    press(&mut a, KeyCode::Char('a'));
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    let buf = t.backend().buffer();
    let text = |y: u16| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>();
    let title = (0..24).find(|&y| text(y).contains("Ändra – Titel")).expect("the title editor is open");
    let y = title + 1;
    let x = (0..79).find(|&x| buf[(x, y)].symbol() == "N" && buf[(x + 1, y)].symbol() == "y").expect("title");
    let style = buf[(x + 1, y)].modifier;
    assert!(style.contains(ratatui::style::Modifier::REVERSED | ratatui::style::Modifier::UNDERLINED), "{style:?}");
    insta::assert_snapshot!("new_item_title_80x24", t.backend());
    typ(&mut a, "Fler");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.item().map(|i| i.str("title").to_string()).as_deref(), Some("Fler"));
}

// Issue #22: a decimal comma typed shows as a comma.
#[test]
fn tui_decimal_comma_is_kept() {
    snap("decimal_comma", |a| {
        a.select_item(Kind::Indicator, "I1");
        press(a, KeyCode::Enter);
        field(a, "baseline");
        press(a, KeyCode::Enter);
        a.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        typ(a, "2023: 41,5");
        press(a, KeyCode::Enter);
    });
}

// Issue #22: a new indicator asks for its direction; none is chosen
// for the person.
#[test]
fn tui_new_indicator_asks_its_direction() {
    snap("new_indicator_direction", |a| {
        a.select_item(Kind::Goal, "G1");
        press(a, KeyCode::Char('i'));
        typ(a, "Andel unga som spelar om pengar");
        press(a, KeyCode::Enter);
        typ(a, "%");
        press(a, KeyCode::Enter);
    });
}

// Issue #22: the responsible picker offers all kommuner at once and
// narrows as one types.
#[test]
fn tui_responsible_picker_filters() {
    snap("responsible_filter", |a| {
        a.select_item(Kind::Activity, "A1");
        press(a, KeyCode::Enter);
        field(a, "responsible");
        press(a, KeyCode::Enter);
        typ(a, "kommun");
    });
}

// Issue #22: the first edit of an adopted revision is asked about, and
// "new revision" offers a file beside it.
#[test]
fn tui_adopted_revision_warns() {
    snap("adopted_warning", |a| {
        let path = FieldPath::parse("revision.status").expect("path");
        a.session.set(&path, "adopted").expect("edit applies");
        a.rebuild();
        press(a, KeyCode::Char('e'));
    });
}

#[test]
fn tui_new_revision_asks_for_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lok-2025.2-remiss.toml");
    std::fs::write(&path, FIXTURE).expect("write");
    let mut a = App::new(Session::open(&path, today()).expect("open"), Lang::Sv, today());
    a.resize(80, 24);
    press(&mut a, KeyCode::Char('R'));
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    let screen = format!("{}", t.backend()).replace(&dir.path().display().to_string(), "DIR");
    assert!(screen.contains("lok-2025.3-utkast.toml"), "{screen}");
    press(&mut a, KeyCode::Enter);
    assert!(dir.path().join("lok-2025.3-utkast.toml").exists());
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    let after = format!("{}", t.backend());
    assert!(after.contains("revision 2025.3 · utkast"), "{after}");
}

// Issue #22: the outline shows overdue activities and each indicator's
// verdict, and folds focus areas and the parties.
#[test]
fn tui_outline_folds_and_follow_up_states() {
    snap("outline_folded", |a| {
        a.select_item(Kind::Party, "region");
        press(a, KeyCode::Char(' '));
        let second = a.session.loaded().plan.focus_areas[1].id.clone();
        a.select_item(Kind::FocusArea, &second);
        press(a, KeyCode::Char(' '));
        a.select_item(Kind::Goal, "G1");
    });
}

#[test]
fn tui_enum_picker() {
    snap("enum_picker", |a| {
        a.select_item(Kind::Goal, "G2");
        press(a, KeyCode::Enter);
        field(a, "level");
        press(a, KeyCode::Enter);
    });
}

#[test]
fn tui_multi_picker() {
    snap("multi_picker", |a| {
        a.select_item(Kind::Activity, "A1");
        press(a, KeyCode::Enter);
        field(a, "responsible");
        press(a, KeyCode::Enter);
    });
}

#[test]
fn tui_move_to_goal() {
    snap("move_picker", |a| {
        a.select_item(Kind::Activity, "A1");
        press(a, KeyCode::Char('m'));
    });
}

#[test]
fn tui_delete_confirmation() {
    snap("delete_confirm", |a| {
        a.select_item(Kind::Activity, "A1");
        press(a, KeyCode::Char('d'));
    });
}

#[test]
fn tui_delete_dependents() {
    snap("delete_dependents", |a| {
        a.select_item(Kind::Goal, "G1");
        press(a, KeyCode::Char('d'));
    });
}

// Issue #22: a focus area's delete names the count of each kind it takes
// along, then the items; a party's says it is struck from the lists.
#[test]
fn tui_delete_focus_area_lists_everything() {
    snap("delete_focus_area", |a| {
        let area = a.session.loaded().plan.focus_areas[0].id.clone();
        a.select_item(Kind::FocusArea, &area);
        press(a, KeyCode::Char('d'));
    });
}

#[test]
fn tui_delete_party_says_what_happens_to_lists() {
    snap("delete_party", |a| {
        a.select_item(Kind::Party, "lansstyrelsen");
        press(a, KeyCode::Char('d'));
        press(a, KeyCode::Char('j'));
    });
}

// Issue #22: the detail cursor stays on the field just edited.
#[test]
fn tui_cursor_stays_after_an_edit() {
    snap("cursor_after_edit", |a| {
        a.select_item(Kind::Activity, "A3");
        press(a, KeyCode::Enter);
        field(a, "owner");
        press(a, KeyCode::Enter);
        typ(a, " och elevhälsan");
        press(a, KeyCode::Enter);
    });
}

// Issue #22: a search selects its first match, n the next; the rows shown
// only around the matches are dimmed (styles, so a debug snapshot).
#[test]
fn tui_search_walks_matches() {
    snap("search_next", |a| {
        press(a, KeyCode::Char('/'));
        typ(a, "elevhälsa");
        press(a, KeyCode::Enter);
        press(a, KeyCode::Char('n'));
    });
}

#[test]
fn tui_validation_panel() {
    snap("findings", |a| {
        let path = FieldPath::parse("activities.A1.status").expect("path");
        a.session.set(&path, "planned").expect("edit applies");
        a.select_item(Kind::FocusArea, "early-detection");
        // A new goal: its title, then its level.
        press(a, KeyCode::Char('a'));
        typ(a, "Nytt mål");
        press(a, KeyCode::Enter);
        press(a, KeyCode::Enter);
        a.rebuild();
        press(a, KeyCode::Char('v'));
    });
}

#[test]
fn tui_help() {
    snap("help", |a| press(a, KeyCode::Char('?')));
}

#[test]
fn tui_search() {
    snap("search", |a| {
        press(a, KeyCode::Char('/'));
        typ(a, "spel");
    });
}

#[test]
fn tui_filter() {
    snap("filter_picker", |a| press(a, KeyCode::Char('f')));
    snap("filtered_done", |a| {
        press(a, KeyCode::Char('f'));
        // "Status: klar" is the fourth choice after "Visa allt".
        for _ in 0..3 {
            press(a, KeyCode::Down);
        }
        press(a, KeyCode::Enter);
    });
}

#[test]
fn tui_quit_asks_when_dirty() {
    snap("quit_confirm", |a| {
        press(a, KeyCode::Char('S'));
        press(a, KeyCode::Char('q'));
    });
}

#[test]
fn tui_restore_offer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rec = dir.path().join("rec");
    let mut first = app(Lang::Sv);
    first.guard.data = Some(rec.clone());
    first.attach();
    first.select_item(Kind::Activity, "A1");
    press(&mut first, KeyCode::Char('e'));
    typ(&mut first, " (osparat)");
    press(&mut first, KeyCode::Enter);
    first.select_item(Kind::Goal, "G2");
    press(&mut first, KeyCode::Char('d'));
    press(&mut first, KeyCode::Char('y'));
    drop(first);
    snap("restore_offer", |a| {
        a.guard.data = Some(rec.clone());
        a.attach();
    });
}

/// Merge conflicts of every reason, as `lansplan merge` writes them.
const CONFLICTS: &str = r#"
[[conflicts]]
kind = "activity"
id = "A1"
field = "due"
reason = "both_changed"
base = 2025-04-30
ours = 2025-05-30
theirs = 2025-09-30

[[conflicts]]
kind = "goal"
id = "G1"
field = "title"
reason = "both_changed"
base = "Färre unga dricker alkohol"
ours = "Färre unga i länet dricker alkohol"
theirs = "Färre unga i länet dricker alkohol, röker, snusar eller använder narkotika, och färre börjar spela om pengar"

[[conflicts]]
kind = "activity"
id = "A2"
reason = "theirs_removed"
"#;

#[test]
fn tui_conflicts_panel() {
    for (w, h) in SIZES {
        let text = format!("{FIXTURE}{CONFLICTS}");
        let mut a = App::new(Session::from_text(text, today()).expect("loads"), Lang::Sv, today());
        a.resize(w, h);
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        insta::assert_snapshot!(format!("conflicts_status_{w}x{h}"), t.backend());
        press(&mut a, KeyCode::Char('x'));
        press(&mut a, KeyCode::Down);
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        insta::assert_snapshot!(format!("conflicts_{w}x{h}"), t.backend());
    }
}

/// The fixture beside the first draft of the same plan, in the diff view
/// with three changes marked (fixed reviewer and clock).
fn diff_app(dir: &std::path::Path, w: u16, h: u16) -> App {
    let old = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots/tui-fixture-old.toml");
    std::fs::copy(old, dir.join("lok-2025.1-utkast.toml")).expect("copy");
    let path = dir.join("lok-2025.2-remiss.toml");
    std::fs::write(&path, FIXTURE).expect("write");
    let mut a = App::new(Session::open(&path, today()).expect("open"), Lang::Sv, today());
    a.resize(w, h);
    press(&mut a, KeyCode::Char('D'));
    press(&mut a, KeyCode::Enter);
    let v = a.diff.as_mut().expect("diff view");
    v.reviewer = "Anna Granskare".into();
    v.clock = || "2026-11-22 10:00 UTC".into();
    // Times show on the machine's clock; the snapshots' is UTC's.
    v.zone = jiff::tz::TimeZone::UTC;
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Char('r'));
    press(&mut a, KeyCode::Char('m'));
    typ(&mut a, "Varför ändras datumet?");
    press(&mut a, KeyCode::Enter);
    a
}

#[test]
fn tui_diff_view() {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut a = diff_app(dir.path(), w, h);
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        insta::assert_snapshot!(format!("diff_{w}x{h}"), t.backend());
        // Further down: a text change with word highlights.
        for _ in 0..5 {
            press(&mut a, KeyCode::Char('j'));
        }
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        insta::assert_snapshot!(format!("diff_words_{w}x{h}"), t.backend());
    }
    // Issue 22: a mark's time, stored in UTC, reads on the local clock.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = diff_app(dir.path(), 120, 40);
    a.diff.as_mut().expect("diff view").zone =
        jiff::tz::TimeZone::get("Europe/Stockholm").expect("the tz database has Stockholm");
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    let screen = format!("{}", t.backend());
    assert!(screen.contains("2026-11-22 11:00 CET"), "{screen}");
    assert!(!screen.contains("10:00 UTC"), "{screen}");
}

// Issue 14: several reviewers on one change, a mark whose change was
// edited since (changed since review), a reply, the counts per reviewer
// and per party.
#[test]
fn tui_diff_several_reviewers() {
    use lansplan::diff::review::{Review, Verdict, change_key};
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut a = diff_app(dir.path(), w, h);
        let v = a.diff.as_ref().expect("diff view");
        let (first, second) = (v.changes[0].clone(), v.changes[1].clone());
        Review::update(&v.review_path, &v.old.plan, &v.new.plan, |r| {
            let t = "2026-11-21 08:00 UTC";
            r.mark(&first, Verdict::Accept, Some("Bra"), "Bo Kommun", Some("berg"), t);
            r.mark(&second, Verdict::Reject, Some("Inte i år"), "Bo Kommun", None, t);
            // Bo judged other values than the first change has now.
            if let Some(m) = r.marks.iter_mut().find(|m| m.reviewer == "Bo Kommun" && m.change == change_key(&first)) {
                m.judged = "sha256:0".into();
            }
            r.reply(&change_key(&first), Some("Anna Granskare"), "Bo Kommun", None, "Vi behöver mer tid", t)
        })
        .expect("Bo's marks");
        // Anna marks again (the view reads Bo's marks), then goes to the top.
        press(&mut a, KeyCode::Char('?'));
        press(&mut a, KeyCode::Char('g'));
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        let screen = format!("{}", t.backend());
        assert!(screen.contains("ändrad efter granskning"), "{screen}");
        insta::assert_snapshot!(format!("diff_reviewers_{w}x{h}"), t.backend());
    }
}

#[test]
fn tui_diff_marks_styles() {
    // The styles matter here: struck out and underlined words, the marks.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = diff_app(dir.path(), 120, 40);
    for _ in 0..5 {
        press(&mut a, KeyCode::Char('j'));
    }
    let mut t = Terminal::new(TestBackend::new(120, 12)).expect("test backend");
    a.resize(120, 12);
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    insta::assert_debug_snapshot!("diff_styles_120x12", t.backend().buffer());
}

#[test]
fn tui_follow_matrix() {
    snap("follow_matrix", |a| press(a, KeyCode::Char('M')));
    // The region dropped from "Spel om pengar" and an activity without an
    // owner: the gap row and the row of unowned activities say so.
    snap("follow_matrix_gap", |a| {
        let municipalities: Vec<String> =
            ["berg", "bracke", "harjedalen", "krokom", "ragunda", "stromsund", "are", "ostersund"]
                .map(String::from)
                .to_vec();
        for path in ["goals.G12.responsible", "activities.A25.responsible"] {
            let path = FieldPath::parse(path).expect("path");
            a.session.set_input(&path, Input::Whole(Value::List(municipalities.clone()))).expect("edit applies");
        }
        let owner = FieldPath::parse("activities.A24.owner").expect("path");
        a.session.set_input(&owner, Input::Remove).expect("edit applies");
        a.rebuild();
        press(a, KeyCode::Char('M'));
        for _ in 0..4 {
            press(a, KeyCode::Right);
        }
    });
}

#[test]
fn tui_follow_timeline() {
    snap("follow_timeline", |a| press(a, KeyCode::Char('T')));
    snap("follow_timeline_overdue", |a| {
        press(a, KeyCode::Char('T'));
        press(a, KeyCode::Char('f'));
        // "Status: ! försenad" is the first choice after "Visa alla".
        press(a, KeyCode::Down);
        press(a, KeyCode::Enter);
    });
}

#[test]
fn tui_follow_indicators() {
    snap("follow_indicators", |a| press(a, KeyCode::Char('I')));
}

/// Runs git in `dir` with a fixed identity, clock and home, so the commit
/// hashes (and so the snapshots) are the same on every machine.
fn git(dir: &std::path::Path, home: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Anna Strateg")
        .env("GIT_AUTHOR_EMAIL", "anna@example.se")
        .env("GIT_COMMITTER_NAME", "Anna Strateg")
        .env("GIT_COMMITTER_EMAIL", "anna@example.se")
        .env("GIT_AUTHOR_DATE", "2025-05-12T10:00:00+02:00")
        .env("GIT_COMMITTER_DATE", "2025-05-12T10:00:00+02:00")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

#[test]
fn tui_diff_with_git_commit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (repo, home) = (dir.path().join("repo"), dir.path().join("home"));
    std::fs::create_dir_all(&repo).expect("repo dir");
    std::fs::create_dir_all(&home).expect("home dir");
    let path = repo.join("lok.toml");
    let old = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots/tui-fixture-old.toml");
    std::fs::copy(old, &path).expect("copy");
    git(&repo, &home, &["init", "-q"]);
    git(&repo, &home, &["add", "lok.toml"]);
    git(&repo, &home, &["commit", "-q", "-m", "Första utkastet till överenskommelsen"]);
    std::fs::write(&path, FIXTURE).expect("write the working copy");

    let mut a = App::new(Session::open(&path, today()).expect("open"), Lang::Sv, today());
    a.resize(80, 24);
    press(&mut a, KeyCode::Char('D'));
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    // The status bar names the file; its temporary folder differs per run.
    let screen = format!("{}", t.backend()).replace(&dir.path().display().to_string(), "$TMP");
    assert!(screen.contains("commit ") && screen.contains("2025-05-12 · Första utkastet"), "{screen}");
    insta::assert_snapshot!("diff_git_picker_80x24", screen);

    press(&mut a, KeyCode::Enter);
    // Who reviews comes from this machine's git; fixed for the snapshot.
    a.diff.as_mut().expect("diff view").reviewer = "Anna Granskare".into();
    let v = a.diff.as_ref().expect("diff view");
    assert!(v.old_name.starts_with("lok.toml @ "), "the commit is on the left: {}", v.old_name);
    assert_eq!(v.new_name, "lok.toml");
    assert!(!v.changes.is_empty());
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    insta::assert_snapshot!("diff_git_80x24", t.backend());
}

#[test]
fn tui_help_lists_dialog_keys() {
    // Past the outline's keys: the views' and every dialog's own keys.
    snap("help_dialogs", |a| {
        press(a, KeyCode::Char('?'));
        for _ in 0..7 {
            press(a, KeyCode::PageDown);
        }
    });
}

/// Issue 23: a terminal can be made as small as a person likes; every view
/// and dialog draws at every size, down to nothing and up to the widest a
/// terminal reports, without a panic (the
/// tests run with overflow checks, so an underflowing width fails here).
#[test]
fn tui_every_view_draws_at_every_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenes: &[&[KeyCode]] = &[
        &[],
        &[KeyCode::Char('?')],
        &[KeyCode::Char('v')],
        &[KeyCode::Char('M')],
        &[KeyCode::Char('T')],
        &[KeyCode::Char('I')],
        &[KeyCode::Char('o')],
        &[KeyCode::Char('/'), KeyCode::Char('a')],
        &[KeyCode::Char('f')],
        &[KeyCode::Down, KeyCode::Char('e')],
        &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Char('d')],
        &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Char('d'), KeyCode::Char('j')],
        &[KeyCode::Down, KeyCode::Enter, KeyCode::Tab, KeyCode::Down, KeyCode::Enter],
    ];
    let widths = [0u16, 1, 2, 5, 13, 39, 40, 41, 47, 60, 79, 80];
    let mut sizes: Vec<(u16, u16)> =
        widths.iter().flat_map(|&w| [0u16, 1, 2, 5, 9, 10, 11, 14, 24].map(|h| (w, h))).collect();
    // And as large as a terminal reports: sums of columns must not overflow.
    sizes.extend([(u16::MAX, 11), (200, 300)]);
    for (n, keys) in scenes.iter().enumerate() {
        let mut a = app(Lang::Sv);
        a.resize(80, 24);
        for k in *keys {
            press(&mut a, *k);
        }
        for &(w, h) in &sizes {
            a.resize(w, h);
            let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
            t.draw(|f| f.render_widget(&a, f.area())).unwrap_or_else(|e| panic!("scene {n} at {w}x{h}: {e}"));
        }
    }
    // The plans with errors every command must cope with, in every view.
    let hostile = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile")).expect("fixtures");
    for file in hostile {
        let path = file.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        for (n, keys) in scenes.iter().enumerate() {
            let mut a = App::new(Session::from_text(text.clone(), today()).expect("loads"), Lang::Sv, today());
            a.resize(80, 24);
            for k in *keys {
                press(&mut a, *k);
            }
            for (w, h) in [(80, 24), (40, 10)] {
                a.resize(w, h);
                let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
                t.draw(|f| f.render_widget(&a, f.area()))
                    .unwrap_or_else(|e| panic!("{} scene {n} at {w}x{h}: {e}", path.display()));
            }
        }
    }
    let mut diff = diff_app(dir.path(), 80, 24);
    let text = format!("{FIXTURE}{CONFLICTS}");
    let mut conflicts = App::new(Session::from_text(text, today()).expect("loads"), Lang::Sv, today());
    press(&mut conflicts, KeyCode::Char('x'));
    for &(w, h) in &sizes {
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        for a in [&mut diff, &mut conflicts] {
            a.resize(w, h);
            t.draw(|f| f.render_widget(&*a, f.area())).unwrap_or_else(|e| panic!("diff or conflicts at {w}x{h}: {e}"));
        }
    }
}

#[test]
fn tui_too_small() {
    let mut a = app(Lang::Sv);
    a.resize(30, 6);
    let mut t = Terminal::new(TestBackend::new(30, 6)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    insta::assert_snapshot!("too_small_30x6", t.backend());
}

// Issue #15: the editor shows a value's hidden characters as underlined
// symbols, with a line saying what each stands for.
#[test]
fn tui_edit_hidden_characters() {
    snap("edit_hidden", |a| {
        let path = FieldPath::parse("goals.G1.title").expect("path");
        let value = "Tabb\there, rättning\u{200f}av, slut\u{1b}[31m och \\t skrivet";
        a.session.set_input(&path, Input::Whole(Value::Str(value.into()))).expect("set");
        a.rebuild();
        a.select_item(Kind::Goal, "G1");
        press(a, KeyCode::Char('e'));
    });
    // The symbols are styled apart from the same symbols typed.
    let mut a = app(Lang::Sv);
    a.resize(80, 24);
    let path = FieldPath::parse("goals.G1.title").expect("path");
    a.session.set_input(&path, Input::Whole(Value::Str("a\tb".into()))).expect("set");
    a.rebuild();
    a.select_item(Kind::Goal, "G1");
    press(&mut a, KeyCode::Char('e'));
    typ(&mut a, "⇥");
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    let buf = t.backend().buffer();
    let cells: Vec<_> = buf.content().iter().filter(|c| c.symbol() == "⇥").collect();
    assert_eq!(cells.len(), 3, "the placeholder, the typed symbol and the legend");
    assert!(cells[0].modifier.contains(ratatui::style::Modifier::UNDERLINED));
    assert!(!cells[1].modifier.contains(ratatui::style::Modifier::UNDERLINED));
    assert!(!buf.content().iter().any(|c| c.symbol().chars().any(lansplan::text::is_dangerous)));
}

/// Issue 21: a description typed with hard line breaks, list lines and two
/// paragraphs is reflowed to the detail pane's width (no line ends
/// mid-sentence where the file broke it), at 80 and at 200 columns.
#[test]
fn tui_detail_reflows_a_paragraph_to_the_pane() {
    let fixture = FIXTURE.replace(
        "description = \"Länsstyrelsen beställer ett utökat urval så att resultaten kan redovisas per kommun. Skolorna genomför enkäten under vårterminen.\"",
        "description = \"\"\"\nLänsstyrelsen beställer ett utökat urval så att\nresultaten kan redovisas per kommun. Skolorna\ngenomför enkäten under vårterminen.\n\nUrvalet omfattar:\n- årskurs 9 i alla kommuner,\n- gymnasiet år 2 där\n  skolorna vill.\"\"\"",
    );
    assert_ne!(fixture, FIXTURE);
    for (w, h) in [(80, 24), (200, 60)] {
        let session = Session::from_text(fixture.clone(), today()).expect("fixture loads");
        let mut a = App::new(session, Lang::Sv, today());
        a.resize(w, h);
        a.select_item(Kind::Activity, "A1");
        press(&mut a, KeyCode::Enter);
        field(&mut a, "description");
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        let screen = format!("{:?}", t.backend());
        if w == 200 {
            // The file breaks after "så att" and "Skolorna"; the pane does not.
            assert!(screen.contains("urval så att resultaten kan redovisas per kommun"), "{screen}");
        }
        insta::assert_snapshot!(format!("detail_reflowed_{w}x{h}"), t.backend());
    }
}

/// Issue 22: in the diff view the selected change is shown whole: an
/// added item with every field it has, a long text expanded; the others
/// stay short.
#[test]
fn tui_diff_shows_the_selected_new_item_in_full() {
    use lansplan::diff::Op;
    use lansplan::tui::diffview::DiffRow;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = diff_app(dir.path(), 120, 40);
    let v = a.diff.as_ref().expect("diff view");
    let row = v
        .rows
        .iter()
        .position(|r| matches!(r, DiffRow::Change(i) if v.changes[*i].op == Op::Added && v.changes[*i].kind == Kind::Activity))
        .expect("an added activity");
    let steps = v.rows[..row].iter().filter(|r| matches!(r, DiffRow::Change(_))).count()
        - v.rows[..v.selected].iter().filter(|r| matches!(r, DiffRow::Change(_))).count();
    for _ in 0..steps {
        press(&mut a, KeyCode::Char('j'));
    }
    assert_eq!(a.diff.as_ref().expect("diff view").selected, row);
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    t.draw(|f| f.render_widget(&a, f.area())).expect("draw");
    let screen = format!("{:?}", t.backend());
    for label in ["Ansvariga", "Klart senast", "Status"] {
        assert!(screen.contains(label), "{label} of the new activity:\n{screen}");
    }
    insta::assert_snapshot!("diff_new_item_120x40", t.backend());
}
