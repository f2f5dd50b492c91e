//! The consultation in the editor (issue 17): the view of recipients and
//! points (`r`), the points under an item in the detail pane, and in the
//! diff view the points beside the changes they led to, linked (`L`) and
//! handled (`H`) from the keyboard. Snapshots on TestBackend, and the
//! consultation file checked byte for byte after each write. The plans are
//! the Jämtland example (2025.2 sent out, 2025.3 adopted) in a temporary
//! folder, "today" fixed.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lansplan::i18n::Lang;
use lansplan::plan::edit::Session;
use lansplan::plan::{Date, Kind};
use lansplan::tui::App;
use lansplan::tui::modal::Modal;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const TODAY: Date = Date { year: 2025, month: 6, day: 20 };
const REMISS: &str = "jamtland-lok_2025.2.remiss.toml";

/// Copies the two revisions and the consultation into a fresh folder.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/jamtland");
    for name in ["lok-2025.2-remiss.toml", "lok-2025.3-beslutad.toml", REMISS] {
        std::fs::copy(src.join(name), dir.path().join(name)).expect("copy");
    }
    let plan = dir.path().join("lok-2025.3-beslutad.toml");
    (dir, plan)
}

fn app(plan: &Path, lang: Lang, (w, h): (u16, u16)) -> App {
    let mut a = App::new(Session::open(plan, TODAY).expect("plan opens"), lang, TODAY);
    a.resize(w, h);
    a
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn key(app: &mut App, c: char) {
    press(app, KeyCode::Char(c));
}

fn screen(a: &App) -> String {
    let (w, h) = (a.size.width, a.size.height);
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| f.render_widget(a, f.area())).expect("draw");
    format!("{}", t.backend())
}

/// Snapshots the screen, with the temporary folder's path (shown in the
/// status line) written as `<dir>` and the line padded to keep the width.
fn snap(name: &str, a: &App) {
    let (w, h) = (a.size.width, a.size.height);
    let mut s = screen(a);
    if let Some(dir) = a.session.path.as_deref().and_then(Path::parent) {
        let d = format!("{}", dir.display());
        let pad = " ".repeat(d.chars().count().saturating_sub(5));
        s = s.replace(&format!("{d}/"), "<dir>/").replace("0 fel, 0 varningar", &format!("{pad}0 fel, 0 varningar"));
    }
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), s);
}

/// Opens the diff view of 2025.2 → 2025.3 and selects the change `key`.
fn diff_at(a: &mut App, dir: &Path, key: &str) {
    if a.diff.is_none() {
        a.open_diff(&dir.join("lok-2025.2-remiss.toml"));
        // The reviewer comes from git or $USER: fixed, for the snapshots.
        a.diff.as_mut().expect("the diff view is open").reviewer = "Anna Granskare".into();
    }
    press(a, KeyCode::Home);
    for _ in 0..200 {
        let v = a.diff.as_ref().expect("the diff view is open");
        let here = v.change().map(|i| lansplan::diff::review::change_key(&v.changes[i]));
        if here.as_deref() == Some(key) {
            return;
        }
        key_press_down(a);
    }
    panic!("no change {key} in the diff view");
}

fn key_press_down(a: &mut App) {
    press(a, KeyCode::Down);
}

fn modal_labels(a: &App) -> Vec<String> {
    match &a.modal {
        Some(Modal::Pick(p)) => p.items.iter().map(|i| i.label.clone()).collect(),
        other => panic!("no picker open: {other:?}"),
    }
}

#[test]
fn tui_consultation_view() {
    let (_dir, plan) = folder();
    for size in [(80, 24), (120, 40)] {
        let mut a = app(&plan, Lang::Sv, size);
        key(&mut a, 'r');
        assert!(a.consult.is_some(), "r opens the consultation view: {:?}", a.message);
        snap("consult_view", &a);
    }
    // The last point, in full below the list; English.
    let mut a = app(&plan, Lang::En, (120, 40));
    key(&mut a, 'r');
    key(&mut a, 'G');
    snap("consult_view_last_point_en", &a);
}

#[test]
fn consultation_view_filters_and_goes_to_the_item() {
    let (_dir, plan) = folder();
    let mut a = app(&plan, Lang::Sv, (120, 40));
    key(&mut a, 'r');
    // Every point of the example is handled: "open" shows none, "handled" all 16.
    key(&mut a, 'f');
    assert!(a.message.as_ref().is_some_and(|m| m.text.contains("öppna (0)")), "{:?}", a.message);
    assert!(!screen(&a).contains("● R9.1"));
    key(&mut a, 'f');
    assert!(a.message.as_ref().is_some_and(|m| m.text.contains("hanterade (16)")), "{:?}", a.message);
    key(&mut a, 'f');
    // The last point is about activity A24: Enter goes there in the outline.
    key(&mut a, 'G');
    press(&mut a, KeyCode::Enter);
    assert!(a.consult.is_none());
    assert_eq!(a.item().map(|i| (i.kind, i.id.clone())), Some((Kind::Activity, "A24".to_string())));
    // The detail pane lists the item's points.
    let s = screen(&a);
    assert!(s.contains("Synpunkter i remissen 2025.2") && s.contains("R3.2"), "{s}");
    snap("consult_item_points", &a);
    // Esc in the view goes back without moving anything.
    key(&mut a, 'r');
    press(&mut a, KeyCode::Esc);
    assert!(a.consult.is_none());
    assert_eq!(a.item().map(|i| i.id.clone()), Some("A24".to_string()));
}

#[test]
fn consultation_view_without_a_file_says_so() {
    let today = TODAY;
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/jamtland/lok-2025.3-beslutad.toml"))
            .expect("read");
    // The bundled example has no file: nothing lies beside it.
    let mut a = App::new(Session::from_text(text, today).expect("loads"), Lang::Sv, today);
    key(&mut a, 'r');
    assert!(a.consult.is_none());
    assert!(a.message.as_ref().is_some_and(|m| m.error && m.text.contains("spara planen")), "{:?}", a.message);
    // A plan file with no consultation beside it.
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("lok-2025.3-beslutad.toml");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/jamtland/lok-2025.3-beslutad.toml"), &plan)
        .expect("copy");
    let mut a = app(&plan, Lang::Sv, (80, 24));
    key(&mut a, 'r');
    assert!(a.consult.is_none());
    assert!(a.message.as_ref().is_some_and(|m| m.text.contains("Ingen remiss")), "{:?}", a.message);
    // A consultation file that is broken: an error with its place, no view.
    std::fs::write(dir.path().join(REMISS), "format = \"lansplan-remiss/1\"\nplan = [\n").expect("write");
    let mut a = app(&plan, Lang::Sv, (80, 24));
    key(&mut a, 'r');
    assert!(a.consult.is_none());
    let m = a.message.clone().expect("a message");
    assert!(m.error && m.text.contains(REMISS), "{m:?}");
}

#[test]
fn tui_diff_view_shows_the_points_and_handles_them() {
    let (dir, plan) = folder();
    let remiss = dir.path().join(REMISS);
    let before = std::fs::read_to_string(&remiss).expect("read");
    let mut a = app(&plan, Lang::Sv, (120, 40));
    diff_at(&mut a, dir.path(), "commitment/C8/responsible");
    let s = screen(&a);
    assert!(s.contains("◆ Remiss R5.1 · Bräcke kommun · beaktad") && s.contains("◆ Remiss R7.1"), "{s}");
    snap("consult_diff_points", &a);

    // H with two linked points asks which, then how it was handled.
    key(&mut a, 'H');
    let labels = modal_labels(&a);
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert!(labels[0].starts_with("R5.1") && labels[1].starts_with("R7.1"), "{labels:?}");
    press(&mut a, KeyCode::Enter);
    assert_eq!(modal_labels(&a), ["öppen", "beaktad", "delvis beaktad", "ej beaktad", "ej tillämplig"]);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Enter);
    assert!(a.message.as_ref().is_some_and(|m| m.text == "Remissen sparad"), "{:?}", a.message);
    let after = std::fs::read_to_string(&remiss).expect("read");
    let at = before.find("id = \"R5.1\"").expect("R5.1");
    let want = format!(
        "{}{}",
        &before[..at],
        before[at..].replacen("disposition = \"accepted\"", "disposition = \"partly\"", 1)
    );
    assert_eq!(after, want, "only R5.1's disposition changed");
    assert!(screen(&a).contains("◆ Remiss R5.1 · Bräcke kommun · delvis beaktad"));

    // L: untick R7.1; only its link to this change goes.
    key(&mut a, 'L');
    let labels = modal_labels(&a);
    let r71 = labels.iter().position(|l| l.starts_with("R7.1")).expect("R7.1 offered");
    if let Some(Modal::Pick(p)) = &mut a.modal {
        assert!(p.items[r71].checked && p.items.iter().filter(|i| i.checked).count() == 2);
        p.selected = r71;
    }
    key(&mut a, ' ');
    press(&mut a, KeyCode::Enter);
    let unlinked = std::fs::read_to_string(&remiss).expect("read");
    let old = "changes = [\"goal/G10/responsible\", \"commitment/C8/responsible\"]";
    assert_eq!(unlinked, after.replacen(old, "changes = [\"goal/G10/responsible\"]", 1));
    assert!(!screen(&a).contains("◆ Remiss R7.1"));
    // ... and L again links it back, as it was.
    key(&mut a, 'L');
    if let Some(Modal::Pick(p)) = &mut a.modal {
        p.selected = r71;
    }
    key(&mut a, ' ');
    press(&mut a, KeyCode::Enter);
    assert_eq!(std::fs::read_to_string(&remiss).expect("read"), after);

    // H with one linked point goes straight to how it was handled.
    diff_at(&mut a, dir.path(), "activity/A21/goal");
    key(&mut a, 'H');
    assert!(matches!(&a.modal, Some(Modal::Pick(p)) if p.title.contains("R4.1")), "{:?}", a.modal);
    press(&mut a, KeyCode::Esc);
    // A change without points: H says how to link one.
    diff_at(&mut a, dir.path(), "activity/A1/status");
    key(&mut a, 'H');
    assert!(a.modal.is_none());
    assert!(a.message.as_ref().is_some_and(|m| m.text.contains("koppla en med L")), "{:?}", a.message);
}

#[test]
fn a_consultation_changed_on_disk_is_not_overwritten() {
    let (dir, plan) = folder();
    let remiss = dir.path().join(REMISS);
    let mut a = app(&plan, Lang::Sv, (120, 40));
    diff_at(&mut a, dir.path(), "activity/A21/goal");
    // Someone else edits the file after the diff view read it.
    let theirs = format!("{}# en kommentar från en kollega\n", std::fs::read_to_string(&remiss).expect("read"));
    std::fs::write(&remiss, &theirs).expect("write");
    key(&mut a, 'H');
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Enter);
    let m = a.message.clone().expect("a message");
    assert!(m.error && m.text.starts_with("Remissen sparades inte"), "{m:?}");
    assert_eq!(std::fs::read_to_string(&remiss).expect("read"), theirs, "the colleague's edit is kept");
}
