//! Where strategists work (issue #24): files with Windows line endings
//! (CRLF) beside files with LF, paths in messages, and the git driver
//! commands that git-setup writes for every shell.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{TODAY_ARG, repo_path};

fn lansplan(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .current_dir(dir)
        .args(args)
        .env("LANSPLAN_TODAY", TODAY_ARG)
        .env("LANG", "sv_SE.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("NO_COLOR")
        .output()
        .expect("lansplan runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

/// Returns true if every line of `s` ends in CR LF.
fn all_crlf(s: &str) -> bool {
    s.matches('\n').count() == s.matches("\r\n").count()
}

/// The draft revision, whose vision and descriptions are multi-line strings.
fn draft() -> String {
    std::fs::read_to_string(repo_path("plans/jamtland/lok-2025.1-utkast.toml")).expect("read the draft")
}

const VISION_END: &str = "kommunens och regionens ansvar.\"\"\"";

/// `old` with a line added to the vision and a new version.
fn with_new_line(old: &str, line: &str, version: &str) -> String {
    old.replacen(VISION_END, &format!("kommunens och regionens ansvar.\n{line}\"\"\""), 1).replacen(
        "version = \"2025.1\"",
        &format!("version = \"{version}\""),
        1,
    )
}

// Issue #24: a revision saved on Windows (CRLF) showed every multi-line
// text as changed (`[-\n-]{+\r\n+}`) against the same text with LF.
#[test]
fn crlf_against_lf_is_layout_not_a_change_in_diff() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let old = draft();
    std::fs::write(d.join("old.toml"), &old).expect("write");
    std::fs::write(d.join("same.toml"), crlf(&old)).expect("write");
    let out = lansplan(d, &["diff", "old.toml", "same.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    std::fs::write(d.join("new.toml"), crlf(&with_new_line(&old, "En ny rad.", "2025.9"))).expect("write");
    let out = lansplan(d, &["diff", "old.toml", "new.toml", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let changes = json["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2, "the vision and the version only: {json:#}");
    assert!(!stdout(&out).contains("\\r"), "no CR in any value: {}", stdout(&out));
}

// Issue #24 (the known bug): applying a review between an LF revision and
// a CRLF one did not reproduce NEW: every multi-line text counted as
// changed, so what was not accepted came over all the same or not at all.
#[test]
fn review_apply_between_lf_and_crlf_reproduces_new() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let old = draft();
    std::fs::write(d.join("old.toml"), &old).expect("write");
    std::fs::write(d.join("new.toml"), crlf(&with_new_line(&old, "En ny rad.", "2025.9"))).expect("write");
    let mark = lansplan(d, &["review", "mark", "old.toml", "new.toml", "plan//vision", "accept", "--reviewer", "Anna"]);
    assert!(mark.status.success(), "{}", stderr(&mark));
    let out = lansplan(d, &["review", "apply", "old.toml", "new.toml", "-o", "next.toml"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let next = std::fs::read_to_string(d.join("next.toml")).expect("read next");
    assert!(!next.contains('\r'), "written in OLD's layout");
    assert!(next.contains("kommunens och regionens ansvar.\nEn ny rad.\"\"\""), "the accepted change: {next}");
    // Against NEW, only what was not applied differs: the version, and
    // the revision's own fields apply writes anew.
    let out = lansplan(d, &["diff", "new.toml", "next.toml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for c in json["changes"].as_array().expect("changes") {
        assert_eq!(c["kind"], "revision", "only the revision's own fields differ: {json:#}");
    }
}

// Issue #24: a merge of an LF base with a side saved on Windows took the
// side's CR LF for an edit of every multi-line text, and a true edit of
// the other side for a conflict.
#[test]
fn crlf_against_lf_is_layout_not_a_change_in_merge() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let base = draft();
    std::fs::write(d.join("base.toml"), &base).expect("write");
    std::fs::write(d.join("ours.toml"), with_new_line(&base, "Vår rad.", "2025.1")).expect("write");
    std::fs::write(d.join("theirs.toml"), crlf(&base.replacen("version = \"2025.1\"", "version = \"2025.9\"", 1)))
        .expect("write");
    let out = lansplan(d, &["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "out.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let merged = std::fs::read_to_string(d.join("out.toml")).expect("read");
    assert!(!merged.contains("[[conflicts]]"), "{merged}");
    assert!(merged.contains("Vår rad.") && merged.contains("version = \"2025.9\""));
    assert!(!merged.contains('\r'), "the base's line endings");
}

// Issue #24: `set` on a file saved on Windows keeps every CR LF, the
// edited line's too.
#[test]
fn set_keeps_a_crlf_files_line_endings() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let before = crlf(&draft());
    std::fs::write(d.join("plan.toml"), &before).expect("write");
    let out = lansplan(d, &["set", "plan.toml", "plan.vision", "Första raden\nandra raden"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = std::fs::read_to_string(d.join("plan.toml")).expect("read");
    assert!(all_crlf(&after), "every line ends in CR LF");
    let changed = before.lines().zip(after.lines()).filter(|(a, b)| a != b).count();
    assert!(changed > 0 && after.lines().count().abs_diff(before.lines().count()) <= 5, "only the vision moved");
    let out = lansplan(d, &["get", "plan.toml", "plan.vision"]);
    assert_eq!(stdout(&out).trim_end(), "Första raden\nandra raden", "the value has no CR");
}

// Issue #24: a finding's place is PATH:LINE:COL with the path as given
// (on Windows with backslashes, as `C:\…:12:3`), readable from the right.
#[test]
fn a_findings_place_reads_back_from_the_right() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    std::fs::create_dir(d.join("new")).expect("mkdir");
    let bad = draft().replacen("goal = \"G1\"", "goal = \"G99\"", 1);
    std::fs::write(d.join("new").join("tabell.toml"), bad).expect("write");
    let given = d.join("new").join("tabell.toml");
    let out = lansplan(d, &["check", given.to_str().expect("utf-8 temp path")]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    let line = text.lines().find(|l| l.contains("G99")).expect("the finding");
    let (place, _) = line.split_once(": fel:").expect("PATH:LINE:COL: fel:");
    let mut parts = place.rsplitn(3, ':');
    let (col, row, file) = (parts.next(), parts.next(), parts.next());
    assert!(col.is_some_and(|c| c.parse::<u32>().is_ok()) && row.is_some_and(|r| r.parse::<u32>().is_ok()), "{line}");
    assert_eq!(file, Some(lansplan::text::path(&given).as_str()), "{line}");
    if cfg!(windows) {
        assert!(!line.contains("\\\\"), "no doubled backslash: {line}");
    }
}

// Issue #24: git-setup prints `git config KEY "VALUE"` lines for a person
// to paste into cmd, PowerShell or Git Bash. Inside double quotes none of
// them may see anything of its own: no quote, `$` or backtick
// (PowerShell, sh), `!` (an interactive bash), and no `%NAME%` cmd could
// expand (each `%` pair has a space between).
#[test]
fn git_setup_prints_lines_every_shell_takes_as_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = lansplan(dir.path(), &["git-setup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("git config ")).collect();
    assert!(lines.len() >= 3, "{text}");
    for line in lines {
        let value = line.split_once(" \"").and_then(|(_, v)| v.strip_suffix('"')).expect("a quoted value");
        assert!(!value.contains(['"', '$', '`', '!', '\\']), "{line}");
        let percents: Vec<&str> = value.split('%').collect();
        for between in percents.iter().skip(1).take(percents.len().saturating_sub(2)) {
            assert!(between.contains(' '), "cmd would expand %{between}% in {line}");
        }
    }
}
