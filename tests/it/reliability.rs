//! Nothing lost, nothing injected, nothing crashes: a `set` killed at forty
//! points spread over its run leaves the old file or the new one and no
//! temporary file; hostile text in a plan never reaches the terminal raw
//! through the commands listed in its test; the editor restores the
//! terminal on SIGTERM and on a panic; a huge line loads and a hostile
//! nesting is refused with a message.

#[cfg(unix)]
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
#[cfg(unix)]
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{TODAY, repo_path};
use lansplan::plan::{generate, load_str};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lansplan"));
    c.env("LANSPLAN_TODAY", "2026-11-22").env("LANG", "sv_SE.UTF-8").env_remove("LC_ALL").env_remove("NO_COLOR");
    c
}

/// Kills `lansplan set` on a 2,000-activity plan at 40 different moments;
/// every time the file must hold either the text before or the text after
/// that set, never a mix or a truncation, and no temporary file is left.
#[test]
fn a_save_killed_at_any_point_leaves_the_old_or_the_new_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("plan.toml");
    std::fs::write(&file, generate::plan(2_000, 3)).expect("write");
    // How long one set takes here, so that the kills spread over all of it.
    let t = Instant::now();
    let status = bin().arg("set").arg(&file).args(["activities.A7.title", "Första titeln"]).status().expect("runs");
    assert!(status.success());
    let full = t.elapsed().as_micros() as u64;
    let mut outcomes = [0usize; 2];
    for i in 0..40u64 {
        let before = std::fs::read_to_string(&file).expect("read");
        let title = format!("Titel nummer {i} åäö");
        let mut child = bin()
            .args(["set"])
            .arg(&file)
            .args(["activities.A7.title", &title])
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Spread the kills over the whole run: start-up, load, render, write, rename.
        std::thread::sleep(Duration::from_micros(i * full * 5 / 4 / 40));
        let _ = child.kill();
        let _ = child.wait();
        let after = std::fs::read_to_string(&file).expect("the file is always there");
        if after == before {
            outcomes[0] += 1;
        } else {
            let want = load_str(before.clone(), TODAY).expect("before loads");
            let got = load_str(after.clone(), TODAY).expect("a complete file");
            assert_eq!(
                got.plan.find(lansplan::plan::Kind::Activity, "A7").map(|a| a.str("title").to_string()),
                Some(title)
            );
            assert_eq!(got.plan.activities.len(), want.plan.activities.len());
            assert_eq!(after.len() as i64 - before.len() as i64, {
                let old =
                    want.plan.find(lansplan::plan::Kind::Activity, "A7").map(|a| a.str("title").len()).unwrap_or(0);
                format!("Titel nummer {i} åäö").len() as i64 - old as i64
            });
            outcomes[1] += 1;
        }
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name() != "plan.toml")
            .collect();
        for l in &leftovers {
            // A temporary file may stay behind after a kill -9 (nobody is
            // left to remove it); it must never be the plan itself.
            assert!(l.file_name().to_string_lossy().ends_with(".tmp"), "{:?}", l.file_name());
            let _ = std::fs::remove_file(l.path());
        }
    }
    // Both outcomes must have happened for the test to mean anything.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "old kept {} times, new written {} times", outcomes[0], outcomes[1]);
}

/// A plan whose texts carry ESC, CSI, OSC 52, BEL, C1 and bidi overrides.
fn hostile_plan(dir: &Path) -> PathBuf {
    let src = std::fs::read_to_string(repo_path("tests/diff/every-op/old.toml")).expect("fixture");
    let evil = src
        .replace("\"Informationskampanj om spel\"", "\"Kampanj \\u001b]52;c;aGVq\\u0007 \\u009b2J \\u202eslut\"")
        .replace("\"Testplan\"", "\"Plan \\u001b[31mröd\"")
        .replace("version = \"2025.1\"", "version = \"2025.1\\u001b[2J\"");
    let path = dir.join("evil.toml");
    std::fs::write(&path, evil).expect("write");
    path
}

fn assert_clean(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text.chars().filter(|&c| c != '\n' && lansplan::text::is_dangerous(c)).collect();
        assert!(bad.is_empty(), "{what}: {stream} carries {bad:?}:\n{text}");
    }
}

#[test]
fn no_command_prints_control_or_bidi_characters_from_a_plan() {
    let tmp = tempfile::tempdir().expect("tmp");
    let evil = hostile_plan(tmp.path());
    let clean = repo_path("tests/diff/every-op/new.toml");
    let e = evil.to_str().expect("utf-8 path");
    let c = clean.to_str().expect("utf-8 path");
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("check", vec!["check", e]),
        ("get", vec!["get", e, "activities.A3.title"]),
        ("get revision", vec!["get", e, "revision.version"]),
        ("diff text", vec!["diff", "--color", "never", e, c]),
        ("diff markdown", vec!["diff", "--format", "markdown", e, c]),
        ("diff json", vec!["diff", "--format", "json", e, c]),
        ("report", vec!["report", e]),
        ("report markdown", vec!["report", "--format", "markdown", e]),
        ("export markdown", vec!["export", "--format", "markdown", e]),
        ("export html", vec!["export", "--format", "html", e]),
        ("textconv", vec!["textconv", e]),
        ("review list", vec!["review", "list", e, c]),
        ("review export", vec!["review", "export", e, c]),
    ];
    for (what, args) in runs {
        let out = bin().args(&args).current_dir(tmp.path()).output().expect("runs");
        assert!(out.status.code().is_some(), "{what} ended by a signal");
        assert_clean(what, &out);
    }
    // `log` over git history, with the hostile version in a commit.
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(tmp.path())
            .args(args)
            .env("HOME", tmp.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "A\u{1b}[31m")
            .env("GIT_AUTHOR_EMAIL", "a@example.se")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.se")
            .output()
            .expect("git runs")
    };
    git(&["init", "-q"]);
    git(&["add", "evil.toml"]);
    git(&["commit", "-q", "-m", "evil"]);
    let out = bin().args(["log", e]).current_dir(tmp.path()).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_clean("log", &out);
}

#[test]
fn huge_lines_and_files_end_with_a_message() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = std::fs::read_to_string(repo_path("tests/diff/every-op/old.toml")).expect("fixture");
    // A 4 MB title on one line: loads, and check points at the right place.
    let long = src.replace("\"Informationskampanj om spel\"", &format!("\"{}\"", "å".repeat(2_000_000)));
    let path = tmp.path().join("long.toml");
    std::fs::write(&path, long).expect("write");
    let out = bin().arg("check").arg(&path).output().expect("runs");
    assert!(matches!(out.status.code(), Some(0 | 1)));
    // A file of a million opening brackets: refused, not a stack overflow.
    let deep = tmp.path().join("deep.toml");
    std::fs::write(&deep, format!("a = {}", "[".repeat(1_000_000))).expect("write");
    let out = bin().arg("check").arg(&deep).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("deep.toml:1:"), "{}", String::from_utf8_lossy(&out.stdout));
}

/// The editor, killed politely, leaves the alternate screen and raw mode.
#[test]
// A pseudo-terminal test: Unix only (issue #24; Wine, where CI runs the
// Windows build, has no ConPTY for portable-pty).
#[cfg(unix)]
fn sigterm_restores_the_terminal() {
    let (code, restored) = run_in_pty(&[], |pid| {
        Command::new("kill").args(["-TERM", &pid.to_string()]).status().expect("kill runs");
    });
    assert_eq!(code, 143, "128 + SIGTERM");
    assert!(restored, "left the alternate screen");
}

/// A panic in the editor restores the terminal before the message prints.
#[test]
// A pseudo-terminal test: Unix only (issue #24; Wine, where CI runs the
// Windows build, has no ConPTY for portable-pty).
#[cfg(unix)]
fn a_panic_restores_the_terminal() {
    let (code, restored) = run_in_pty(&[("LANSPLAN_DEBUG_PANIC", "1")], |_| {});
    assert_eq!(code, 101, "Rust's exit code for a panic");
    assert!(restored, "left the alternate screen");
}

/// Starts the editor on a copy of an example plan in an 80×24 pty, waits
/// for the first screen, runs `act` with its pid, and returns the exit code
/// and whether it left the alternate screen.
// A pseudo-terminal test: Unix only (issue #24; Wine, where CI runs the
// Windows build, has no ConPTY for portable-pty).
#[cfg(unix)]
fn run_in_pty(env: &[(&str, &str)], act: impl FnOnce(u32)) -> (u32, bool) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let tmp = tempfile::tempdir().expect("tmp");
    let plan = tmp.path().join("plan.toml");
    std::fs::copy(repo_path("plans/jamtland/lok-2025.2-remiss.toml"), &plan).expect("copy");
    let pair =
        native_pty_system().openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 }).expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lansplan"));
    cmd.arg(&plan);
    cmd.env("LANSPLAN_TODAY", "2026-11-22");
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", tmp.path());
    cmd.env("XDG_DATA_HOME", tmp.path().join("data"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let raw = Arc::new(Mutex::new(Vec::<u8>::new()));
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let sink = Arc::clone(&raw);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("lock").extend_from_slice(&buf[..n]);
        }
    });
    let seen = |needle: &[u8]| raw.lock().expect("lock").windows(needle.len()).any(|w| w == needle);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !seen("Jämtland".as_bytes()) && !seen(b"\x1b[?1049l") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(seen(b"\x1b[?1049h"), "entered the alternate screen");
    act(child.process_id().expect("pid"));
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "lansplan did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    let deadline = Instant::now() + Duration::from_secs(2);
    while !seen(b"\x1b[?1049l") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    (status.exit_code(), seen(b"\x1b[?1049l"))
}
