//! The real `lansplan` binary in a pseudo-terminal (portable-pty + vt100):
//! a strategist's edit session end to end, the question before quitting
//! with unsaved changes, and the terminal put back on quit and on SIGHUP.
//! Screens are polled with a deadline, never with fixed sleeps.
//!
//! Unix only (issue #24): these tests drive the editor through a Unix
//! pseudo-terminal and end it with SIGHUP and SIGKILL; the Windows build
//! runs its tests under Wine in CI, which has no ConPTY for portable-pty.
//! The Windows paths they cover (restoring the terminal, the lock of a
//! killed editor) are tested without a terminal in src/tui/term.rs and
//! src/plan/recovery.rs.
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(10);

struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    /// Starts the binary on `file` at 80×24 with a fixed "today" and a
    /// private home, so the recent-files list lands in `home`.
    fn start(file: &Path, home: &Path) -> Tui {
        Tui::start_with(file, home, &[])
    }

    /// Starts the binary as [`Tui::start`] does, with more variables set.
    fn start_with(file: &Path, home: &Path, vars: &[(&str, &str)]) -> Tui {
        let pty = native_pty_system();
        let pair = pty.openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 }).expect("open pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lansplan"));
        cmd.arg(file);
        cmd.cwd(file.parent().expect("file has a folder"));
        cmd.env("LANSPLAN_TODAY", "2026-11-22");
        cmd.env("LANG", "sv_SE.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn lansplan");
        drop(pair.slave);
        let rows = NonZeroU16::new(24).expect("non-zero");
        let cols = NonZeroU16::new(80).expect("non-zero");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let feed = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // EIO or EOF: the child is gone.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().expect("parser lock").process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Tui { parser, writer, child, _master: pair.master }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        let end = Instant::now() + DEADLINE;
        while Instant::now() < end {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("screen never showed {text:?}; it shows:\n{}", self.screen());
    }

    /// Waits until the screen no longer shows `text`.
    fn wait_gone(&self, text: &str) {
        let end = Instant::now() + DEADLINE;
        while Instant::now() < end {
            if !self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("screen still shows {text:?}:\n{}", self.screen());
    }

    /// Presses `key` until the screen shows `text` (at most `max` times).
    fn press_until(&mut self, key: &str, text: &str, max: usize) {
        for _ in 0..max {
            if self.screen().contains(text) {
                return;
            }
            let before = self.screen();
            self.send(key);
            let end = Instant::now() + DEADLINE;
            while Instant::now() < end && self.screen() == before {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        self.wait_for(text);
    }

    /// Waits for the process to end and returns its exit code.
    fn exit_code(&mut self) -> u32 {
        let end = Instant::now() + DEADLINE;
        while Instant::now() < end {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader drain what the program wrote last.
                std::thread::sleep(Duration::from_millis(50));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        panic!("lansplan did not exit; screen:\n{}", self.screen());
    }

    fn alternate_screen(&self) -> bool {
        self.parser.lock().expect("parser lock").screen().alternate_screen()
    }
}

fn copy_plan(dir: &Path) -> (PathBuf, String) {
    let original =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/plans/jamtland/lok-2025.2-remiss.toml"))
            .expect("read the remiss plan");
    let path = dir.join("lok-2025.2-remiss.toml");
    std::fs::write(&path, &original).expect("copy the plan");
    (path, original)
}

const ESC: &str = "\x1b";
const DOWN: &str = "\x1b[B";
const CTRL_S: &str = "\x13";
const CTRL_U: &str = "\x15";

#[test]
fn tui_e2e_edit_move_undo_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, original) = copy_plan(dir.path());
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("remiss");

    // Find goal G2 by its title and give it a new one with å ä ö.
    t.send("/");
    t.wait_for("Sök:");
    t.send("Fler unga med riskbruk");
    t.wait_for("visar");
    t.send("\r");
    t.press_until("j", "Mål G2", 4);
    t.send("e");
    t.wait_for("Ändra – Titel");
    t.send(CTRL_U);
    t.send("Fler unga får hjälp tidigt – åäö ÅÄÖ\r");
    t.wait_gone("Ändra – Titel");
    t.wait_for("åäö ÅÄÖ");
    t.send("c");

    // Move activity A3 to the next goal, then take the move back.
    t.send("/");
    t.wait_for("Sök:");
    t.send("Systematisk användning");
    t.wait_for("visar");
    t.send("\r");
    t.press_until("j", "Aktivitet A3", 5);
    t.send("m");
    t.wait_for("Flytta till mål");
    t.send(DOWN);
    t.send("\r");
    t.wait_gone("Flytta till mål");
    t.wait_for("G3 · Personal");
    t.send("u");
    t.wait_for("Ångrat");
    t.wait_for("G2 · Fler unga får");

    t.send(CTRL_S);
    t.wait_for("Sparat");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    assert!(!t.alternate_screen(), "the alternate screen was not left");

    let saved = std::fs::read_to_string(&path).expect("read the saved plan");
    let old: Vec<&str> = original.lines().collect();
    let new: Vec<&str> = saved.lines().collect();
    assert_eq!(old.len(), new.len(), "no line was added or removed");
    let changed: Vec<(&str, &str)> = old.iter().zip(&new).filter(|(a, b)| a != b).map(|(a, b)| (*a, *b)).collect();
    assert_eq!(
        changed,
        vec![(
            "title = \"Fler unga med riskbruk upptäcks tidigt i primärvården och elevhälsan\"",
            "title = \"Fler unga får hjälp tidigt – åäö ÅÄÖ\""
        )]
    );
    assert!(saved.starts_with("# Länsöverenskommelse om riskbruk"), "comments are kept");

    let recent = std::fs::read_to_string(dir.path().join("data/lansplan/recent.txt")).expect("recent list written");
    assert!(recent.contains("lok-2025.2-remiss.toml"));
}

#[test]
fn tui_e2e_quit_asks_when_dirty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, original) = copy_plan(dir.path());
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("remiss");
    t.send("S");
    t.wait_for("beslutad");
    t.send("q");
    t.wait_for("osparade ändringar");
    t.send(ESC);
    t.wait_gone("osparade ändringar");
    t.send("q");
    t.wait_for("osparade ändringar");
    // Issue #22: a second `q` used to quit and drop the journal.
    t.send("q");
    t.send("jj");
    std::thread::sleep(Duration::from_millis(200));
    assert!(t.child.try_wait().expect("try_wait").is_none(), "q q does not quit");
    t.wait_for("> d     Kasta de osparade ändringarna och avsluta");
    t.send("\r");
    assert_eq!(t.exit_code(), 0);
    assert!(!t.alternate_screen());
    assert_eq!(std::fs::read_to_string(&path).expect("read plan"), original, "nothing was saved");
    let journals = std::fs::read_dir(dir.path().join("data/lansplan/recovery")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(journals, 0, "discarding forgets the journal");
}

#[test]
fn tui_e2e_hangup_restores_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = copy_plan(dir.path());
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("remiss");
    assert!(t.alternate_screen());
    t.child.clone_killer().kill().expect("send SIGHUP");
    assert_eq!(t.exit_code(), 129);
    assert!(!t.alternate_screen(), "the alternate screen was not left");
}

// Issue #7: edits survive a crash. The process is killed with SIGKILL (no
// chance to clean up), and the next start offers the edit back.
#[test]
fn tui_e2e_crash_then_restore() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, original) = copy_plan(dir.path());
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("remiss");
    t.send("e");
    t.wait_for("Ändra – Titel");
    t.send(CTRL_U);
    t.send("Kraschad titel åäö\r");
    t.wait_for("Kraschad titel åäö");
    t.wait_for("osparat");
    let pid = t.child.process_id().expect("child pid");
    let killed = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().expect("run kill");
    assert!(killed.success());
    t.exit_code();
    assert_eq!(std::fs::read_to_string(&path).expect("read plan"), original, "nothing was saved");

    let mut t = Tui::start(&path, dir.path());
    t.wait_for("osparade ändringar från en lansplan");
    t.wait_for("1 ändring:");
    t.wait_for("ändrat planen (Titel)");
    t.send("r");
    t.wait_for("återställda");
    t.wait_for("Kraschad titel åäö");
    t.wait_for("osparat");
    t.send(CTRL_S);
    t.wait_for("Sparat");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let saved = std::fs::read_to_string(&path).expect("read plan");
    assert!(saved.contains("title = \"Kraschad titel åäö\""));
    assert_eq!(std::fs::read_dir(dir.path().join("data/lansplan/recovery")).expect("journal folder").count(), 0);
}

// Issue #5: a plan left with a merge conflict is settled in the TUI, and
// `lansplan check` accepts the saved file.
#[test]
fn tui_e2e_resolve_conflict_then_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, original) = copy_plan(dir.path());
    let conflict = "\n[[conflicts]]\nkind = \"goal\"\nid = \"G1\"\nfield = \"title\"\nreason = \"both_changed\"\n\
                    base = \"Färre unga dricker alkohol\"\nours = \"Färre unga i länet dricker alkohol\"\n\
                    theirs = \"Färre unga dricker alkohol eller använder narkotika\"\n";
    std::fs::write(&path, format!("{original}{conflict}")).expect("write the conflicted plan");
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("1 konflikt (x)");
    t.send("x");
    t.wait_for("Deras: Färre unga dricker alkohol");
    t.send("d");
    t.wait_for("Alla konflikter är lösta");
    t.send(CTRL_S);
    t.wait_for("Sparat");
    t.send("q");
    assert_eq!(t.exit_code(), 0);

    let saved = std::fs::read_to_string(&path).expect("read plan");
    assert!(saved.contains("title = \"Färre unga dricker alkohol eller använder narkotika\""));
    assert!(!saved.contains("[[conflicts]]"));
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .arg("check")
        .arg(&path)
        .env("LANSPLAN_TODAY", "2026-11-22")
        .env("HOME", dir.path())
        .output()
        .expect("run check");
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
}

// Issue #15 (and #24): a killed editor whose process is a zombie still
// counted as alive (12 of 126 restarts), and the lock lay beside the plan
// where `git status` showed it. The lock is the running editor's OS lock
// under the data folder: a killed editor, reaped or not, holds none, and
// the plan's folder holds only the plan.
#[test]
fn tui_e2e_a_killed_editor_holds_no_lock() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = copy_plan(dir.path());
    let mut first = Tui::start(&path, dir.path());
    first.wait_for("remiss");
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(dir.path()), ["data", "lok-2025.2-remiss.toml"], "nothing beside the plan");
    // A second editor meanwhile is told.
    let mut second = Tui::start(&path, dir.path());
    second.wait_for("öppen i en annan lansplan");
    second.send("q");
    second.exit_code();
    let pid = first.child.process_id().expect("child pid");
    let killed = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().expect("run kill");
    assert!(killed.success());
    // Not reaped: wait until the kernel shows it as a zombie (Linux).
    let stat = format!("/proc/{pid}/stat");
    if Path::new("/proc/self/stat").exists() {
        let end = Instant::now() + DEADLINE;
        let zombie = || {
            std::fs::read_to_string(&stat)
                .is_ok_and(|s| s.rsplit(')').next().is_some_and(|r| r.trim_start().starts_with('Z')))
        };
        while !zombie() && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(zombie(), "the killed editor is a zombie");
    }
    let mut third = Tui::start(&path, dir.path());
    third.wait_for("remiss");
    assert!(!third.screen().contains("öppen i en annan lansplan"), "{}", third.screen());
    third.send("q");
    assert_eq!(third.exit_code(), 0);
    first.exit_code();
}

// Issue 14: a review written by the previous version, opened in the real
// editor: its marks count as changed since review (they recorded no
// values), the one on a change that is gone is counted, and a third
// reviewer's mark goes beside them in a file of the new format.
#[test]
fn tui_e2e_review_with_earlier_marks_and_another_reviewer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = copy_plan(dir.path());
    let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/");
    std::fs::copy(format!("{repo}plans/jamtland/lok-2025.1-utkast.toml"), dir.path().join("lok-2025.1-utkast.toml"))
        .expect("copy the older revision");
    let legacy = dir.path().join("jamtland-lok_2025.1--2025.2.review.toml");
    std::fs::copy(format!("{repo}tests/fixtures/review/jamtland-lok_2025.1--2025.2.review.toml"), &legacy)
        .expect("copy the earlier review");
    let mut t = Tui::start_with(&path, dir.path(), &[("LANSPLAN_REVIEWER", "Cecilia Brukarråd")]);
    t.wait_for("remiss");
    t.send("D");
    t.wait_for("Jämför med revision");
    t.send("\r");
    t.wait_for("2 ändrade efter granskning");
    t.wait_for("1 markering kvar utan ändring");
    t.wait_for("3 markeringar i tidigare format räknas som ändrade efter granskning");
    t.wait_for("Granskar som Cecilia Brukarråd");
    t.send("a");
    t.wait_for("godkänd – Cecilia Brukarråd");
    t.send("q");
    t.wait_gone("Granskar som");
    t.send("q");
    assert_eq!(t.exit_code(), 0);

    let review: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".review.toml") && *p != legacy)
        .collect();
    assert_eq!(review.len(), 1, "{review:?}");
    let text = std::fs::read_to_string(&review[0]).expect("read the review");
    assert!(text.contains("format = \"lansplan-review/2\""), "{text}");
    assert_eq!(text.matches("[[marks]]").count(), 4, "the three earlier marks and Cecilia's: {text}");
    assert!(text.contains("reviewer = \"Cecilia Brukarråd\""));
    assert!(text.contains("change = \"activity/A99/added\""), "the mark on a change that is gone is kept");
}

// Issue 23: in a plan where goal G7 is written twice, the first without
// `responsible`, deleting a party (yes, and yes to what refers to it)
// ended the editor with exit 101.
#[test]
fn tui_e2e_delete_party_when_a_goal_id_is_written_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, original) = copy_plan(dir.path());
    let at = original.find("[[goals]]\nid = \"G7\"").expect("the plan has G7");
    let copy = "[[goals]]\nid = \"G7\"\nfocus_area = \"coordination\"\nlevel = \"outcome\"\ntitle = \"Dubblett\"\n\n";
    let plan = format!("{}{copy}{}", &original[..at], &original[at..]);
    std::fs::write(&path, &plan).expect("write the plan");
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("2 fel");
    t.press_until(DOWN, "> Bergs kommun", 10);
    t.send("d");
    t.wait_for("Ta bort part");
    t.wait_for("berg stryks ur fältet Ansvariga hos");
    t.send("y");
    t.wait_for("Tog bort 1 objekt");
    t.wait_gone("Bergs kommun");
    t.send("q");
    t.wait_for("osparade ändringar");
    t.send("d");
    assert_eq!(t.exit_code(), 0);
    assert_eq!(std::fs::read_to_string(&path).expect("read plan"), plan, "quit without saving");
}

// Issue #22, as a person types it: an adopted revision asks before its
// first edit and starts the next one beside it; a search lands on its
// first match and `n` walks on; `d j j` no longer removes anything.
#[test]
fn tui_e2e_adopted_revision_search_and_a_safe_delete() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/plans/jamtland/lok-2025.3-beslutad.toml"))
            .expect("read the adopted plan");
    let path = dir.path().join("lok-2025.3-beslutad.toml");
    std::fs::write(&path, &original).expect("copy the plan");
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("beslutad");
    t.send("/SIP\r");
    t.wait_for("visar 6 av");
    t.send("n");
    t.wait_for("träff 2 av");
    t.send("d");
    t.wait_for("Revision 2025.3 är beslutad.");
    t.send("r");
    t.wait_for("Ny revision 2025.4 (utkast) – filnamn");
    t.send("\r");
    t.wait_for("Revision 2025.4 (utkast) påbörjad i");
    t.wait_for("revision 2025.4 · utkast");
    t.send("d");
    t.wait_for("Ta bort");
    t.send("jj");
    std::thread::sleep(Duration::from_millis(200));
    t.wait_for("↑↓ välj · Enter svarar");
    t.send(ESC);
    t.wait_gone("↑↓ välj · Enter svarar");
    t.send("q");
    assert_eq!(t.exit_code(), 0, "nothing unsaved: q quits at once");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), original, "the adopted revision is untouched");
    let new = std::fs::read_to_string(dir.path().join("lok-2025.4-utkast.toml")).expect("the new revision");
    assert!(new.contains("status = \"draft\"") && new.contains("date = 2026-11-22"));
}

/// Issue 18: a strategist adds a commitment to the Berg local agreement in
/// the real binary, gives it a title and its units, saves, and the file
/// holds a new `[[commitments]]` table that `check` passes.
#[test]
fn tui_e2e_add_a_commitment_and_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/plans/jamtland/berg-lok-2025.1-beslutad.toml"))
            .expect("read the local agreement");
    let path = dir.path().join("berg-lok.toml");
    std::fs::write(&path, &original).expect("copy the plan");
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("beslutad");

    t.send("/");
    t.wait_for("Sök:");
    t.send("Boendestöd");
    t.wait_for("visar");
    t.send("\r");
    t.press_until("j", "Åtagande C5", 6);
    t.send("C");
    // Issue #22: the agreement is adopted, so the first edit asks first.
    t.wait_for("Revision 2025.1 är beslutad.");
    t.send("e");
    t.wait_for("Ändra – Titel");
    t.send(CTRL_U);
    t.send("Stöd till anhöriga\r");
    t.wait_gone("Ändra – Titel");
    t.wait_for("Stöd till anhöriga");
    t.send(CTRL_S);
    t.wait_for("Sparat");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    assert!(!t.alternate_screen(), "the alternate screen was not left");

    let saved = std::fs::read_to_string(&path).expect("read the saved plan");
    // The new table goes after the last commitment, and nothing else moves.
    let block = "\n[[commitments]]\nid = \"C6\"\nfocus_area = \"support-treatment\"\ntitle = \"Stöd till anhöriga\"\n";
    let at = saved.find(block).unwrap_or_else(|| panic!("no new commitment C6:\n{saved}"));
    let rest = &saved[at + block.len()..];
    let responsible = rest.lines().next().unwrap_or_default();
    assert!(responsible.starts_with("responsible = "), "{saved}");
    let without = format!("{}{}", &saved[..at], &rest[responsible.len() + 1..]);
    assert_eq!(without, original, "only the new commitment was added");
    assert!(saved[..at].ends_with("units = [\"Socialtjänsten i Bergs kommun\"]\n"), "after C5:\n{saved}");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .args(["check", "berg-lok.toml"])
        .current_dir(dir.path())
        .env("LANSPLAN_TODAY", "2026-11-22")
        .output()
        .expect("check");
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
}

/// Issue 19: the indicators per kommun in the real binary, after an import:
/// I then K opens the view, `s` orders the kommuner worst first, Esc and q
/// leave without touching the file.
#[test]
fn tui_e2e_indicators_per_kommun() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.toml");
    let original = include_str!("../fixtures/import/plan-with-figures.toml");
    std::fs::write(&path, original).expect("copy the plan");
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("Testplan för import");
    t.send("I");
    t.wait_for("Indikatorer");
    t.send("K");
    t.wait_for("Indikatorerna per kommun");
    t.wait_for("Östersund");
    t.wait_for("planens ordning");
    t.send("s");
    t.wait_for("sämst först");
    let screen = t.screen();
    let (berg, ostersund) = (screen.find("Berg ").expect("Berg"), screen.find("Östersund ").expect("Östersund"));
    assert!(berg < ostersund, "worst first:\n{screen}");
    t.send(ESC);
    t.wait_gone("Indikatorerna per kommun");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    assert!(!t.alternate_screen());
    assert_eq!(std::fs::read_to_string(&path).expect("read plan"), original);
}

/// Issue 17, as a person types it: `r` opens the consultation beside the
/// adopted revision, `G` Enter goes from the last point to its activity,
/// whose points show under its fields; q leaves with nothing written.
#[test]
fn tui_e2e_consultation_view_and_an_items_points() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/jamtland");
    for name in ["lok-2025.2-remiss.toml", "lok-2025.3-beslutad.toml", "jamtland-lok_2025.2.remiss.toml"] {
        std::fs::copy(src.join(name), dir.path().join(name)).expect("copy");
    }
    let path = dir.path().join("lok-2025.3-beslutad.toml");
    let remiss = std::fs::read(dir.path().join("jamtland-lok_2025.2.remiss.toml")).expect("read");
    let mut t = Tui::start(&path, dir.path());
    t.wait_for("beslutad");
    t.send("r");
    t.wait_for("MOTTAGARE · 12 av 12 har svarat");
    t.send("G");
    t.wait_for("> ● R3.2");
    t.send("\r");
    t.wait_for("Aktivitet A24");
    // At 80×24 the points sit below the fields: the detail pane's last field shows them.
    t.send("\tG");
    t.wait_for("Synpunkter i remissen 2025.2");
    t.wait_for("R3.2 · Länsstyrelsen");
    t.send("\t");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    assert_eq!(std::fs::read(dir.path().join("jamtland-lok_2025.2.remiss.toml")).expect("read"), remiss);
}
