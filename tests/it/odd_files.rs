//! Odd files and odd places (issue #15): FIFOs, devices and folders where a
//! plan is expected, `-o` onto a device or a FIFO, hard links, files of
//! other owners, read-only folders, and what crashed saves leave behind.
//! Every run has a deadline: a hang is a failure, not a stuck test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::repo_path;

const DEADLINE: Duration = Duration::from_secs(20);

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lansplan"));
    c.env("LANSPLAN_TODAY", "2026-11-22").env("LANG", "sv_SE.UTF-8").env_remove("LC_ALL").env_remove("NO_COLOR");
    c
}

/// Runs `cmd` with no input and returns its output, failing the test if
/// it does not end within [`DEADLINE`].
fn bounded(mut cmd: Command) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let end = Instant::now() + DEADLINE;
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if Instant::now() > end {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!("{cmd:?} hung; stderr: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(ok.success());
}

fn plan_in(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(repo_path("plans/jamtland/lok-2025.3-beslutad.toml"), &p).expect("copy plan");
    p
}

// Issue #15: every command, and the editor, hung in open(2) on a FIFO
// (29 of 29). Each is refused at once with exit 2 and says what it is.
#[test]
fn a_fifo_is_refused_by_every_command() {
    let tmp = tempfile::tempdir().expect("tmp");
    let fifo = tmp.path().join("fifo.toml");
    mkfifo(&fifo);
    let plan = plan_in(tmp.path(), "plan.toml");
    let (f, p) = (fifo.to_str().expect("utf-8"), plan.to_str().expect("utf-8"));
    let runs: Vec<Vec<&str>> = vec![
        vec![f],
        vec!["check", f],
        vec!["get", f, "plan.title"],
        vec!["set", f, "plan.title", "x"],
        vec!["diff", f, p],
        vec!["diff", p, f],
        vec!["merge", f, p, p],
        vec!["merge", p, f, p],
        vec!["merge", p, p, f],
        vec!["resolve", f, "--ours"],
        vec!["report", f],
        vec!["export", "--format", "html", f],
        vec!["review", "list", f, p],
        vec!["review", "list", p, f],
    ];
    let n = runs.len();
    for args in runs {
        let out = bounded({
            let mut c = bin();
            c.args(&args).current_dir(tmp.path());
            c
        });
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        assert!(said.contains("FIFO"), "{args:?}: {said}");
    }
    // textconv says what it could not read, in place of the content (git
    // takes a failing textconv as fatal for the whole log).
    let out = bounded({
        let mut c = bin();
        c.args(["textconv", f]);
        c
    });
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FIFO"), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(stderr(&out).contains("FIFO"));
    assert_eq!(n, 14);
}

// Issue #15: textconv read /dev/zero without end (2.1 GB in 4 s).
#[test]
fn textconv_reads_no_device_and_nothing_past_the_limit() {
    let out = bounded({
        let mut c = bin();
        c.args(["textconv", "/dev/zero"]);
        c
    });
    assert!(String::from_utf8_lossy(&out.stdout).contains("enhet"), "{}", String::from_utf8_lossy(&out.stdout));
    let tmp = tempfile::tempdir().expect("tmp");
    let big = tmp.path().join("big.toml");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(lansplan::plan::load::MAX_FILE_BYTES as u64 + 1).expect("sparse file");
    let out = bounded({
        let mut c = bin();
        c.arg("textconv").arg(&big);
        c
    });
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.len() < 1000 && shown.contains("64 MiB"), "{}", &shown[..shown.len().min(200)]);
}
