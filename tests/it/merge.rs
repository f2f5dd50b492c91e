//! Working together through git: the merge driver, conflicts that `check`
//! reports and `resolve` settles, semantic `git diff` and `git log -p`, and
//! the property that merging a plan with itself and one side gives that side.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{TODAY, repo_path};
use lansplan::diff::merge::merge;
use lansplan::plan::edit::Session;
use lansplan::plan::load_str;
use lansplan::plan::path::FieldPath;
use proptest::prelude::*;

fn env<'a>(c: &'a mut Command, home: &Path) -> &'a mut Command {
    c.env("LANSPLAN_TODAY", "2026-11-22")
        .env("LANG", "sv_SE.UTF-8")
        .env_remove("LC_ALL")
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Anna Strateg")
        .env("GIT_AUTHOR_EMAIL", "anna@example.se")
        .env("GIT_COMMITTER_NAME", "Anna Strateg")
        .env("GIT_COMMITTER_EMAIL", "anna@example.se")
}

fn git(dir: &Path, args: &[&str]) -> Output {
    env(Command::new("git").current_dir(dir).args(args), dir).output().expect("git runs")
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn lansplan(dir: &Path, args: &[&str]) -> Output {
    env(Command::new(env!("CARGO_BIN_EXE_lansplan")).current_dir(dir).args(args), dir).output().expect("runs")
}

/// A repository with the consultation revision committed on main and
/// git set up for plan files.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    ok(git(dir, &["init", "-q", "-b", "main"]));
    std::fs::copy(repo_path("plans/jamtland/lok-2025.2-remiss.toml"), dir.join("plan.toml")).expect("copy");
    ok(lansplan(dir, &["git-setup", "--apply"]));
    ok(git(dir, &["add", "-A"]));
    ok(git(dir, &["commit", "-q", "-m", "remiss"]));
    tmp
}

fn edit_and_commit(dir: &Path, path: &str, value: &str, msg: &str) {
    ok(lansplan(dir, &["set", "plan.toml", path, value]));
    ok(git(dir, &["commit", "-q", "-a", "-m", msg]));
}

#[test]
fn branches_editing_different_goals_merge_without_conflict() {
    let tmp = repo();
    let dir = tmp.path();
    ok(git(dir, &["checkout", "-q", "-b", "region"]));
    edit_and_commit(dir, "goals.G1.title", "Färre unga börjar dricka alkohol", "region");
    ok(git(dir, &["checkout", "-q", "main"]));
    edit_and_commit(dir, "goals.G2.title", "Fler unga med riskbruk upptäcks tidigt", "kommun");
    ok(git(dir, &["merge", "-q", "region", "-m", "merge"]));
    let check = lansplan(dir, &["check", "plan.toml"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    let text = std::fs::read_to_string(dir.join("plan.toml")).expect("read");
    assert!(text.contains("Färre unga börjar dricka alkohol") && text.contains("upptäcks tidigt\""));
    // Comments and layout of ours survive the merge.
    let original = std::fs::read_to_string(repo_path("plans/jamtland/lok-2025.2-remiss.toml")).expect("read");
    assert_eq!(
        text.lines().filter(|l| l.trim_start().starts_with('#')).count(),
        original.lines().filter(|l| l.trim_start().starts_with('#')).count()
    );
}

#[test]
fn the_same_field_on_both_branches_conflicts_and_resolve_settles_it() {
    let tmp = repo();
    let dir = tmp.path();
    ok(git(dir, &["checkout", "-q", "-b", "region"]));
    edit_and_commit(dir, "activities.A1.due", "2026-10-31", "region");
    ok(git(dir, &["checkout", "-q", "main"]));
    edit_and_commit(dir, "activities.A1.due", "2026-11-30", "kommun");
    let merge = git(dir, &["merge", "region", "-m", "merge"]);
    assert!(!merge.status.success(), "git reports the conflict");
    let text = std::fs::read_to_string(dir.join("plan.toml")).expect("read");
    assert!(!text.contains("<<<<<<<"), "no text markers that break TOML");
    let check = lansplan(dir, &["check", "plan.toml"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(stdout.contains("olöst konflikt") && stdout.contains("2026-10-31"), "{stdout}");
    ok(lansplan(dir, &["resolve", "plan.toml", "--theirs"]));
    assert_eq!(lansplan(dir, &["check", "plan.toml"]).status.code(), Some(0));
    let due = lansplan(dir, &["get", "plan.toml", "activities.A1.due"]);
    assert_eq!(ok(due).trim(), "2026-10-31");
}

#[test]
fn git_diff_and_log_p_show_semantic_changes() {
    let tmp = repo();
    let dir = tmp.path();
    edit_and_commit(dir, "activities.A3.status", "klar", "A3 klar");
    let log = ok(git(dir, &["log", "-p", "-1", "--", "plan.toml"]));
    assert!(log.contains("-aktivitet A3 · status: planerad") || log.contains("-aktivitet A3 · status: pågår"), "{log}");
    assert!(log.contains("+aktivitet A3 · status: klar"), "{log}");
    ok(lansplan(dir, &["set", "plan.toml", "goals.G1.title", "Färre unga dricker"]));
    let diff = ok(git(dir, &["diff", "--", "plan.toml"]));
    assert!(diff.contains("lansplan diff a/plan.toml") && diff.contains("mål G1, titel"), "{diff}");
}

fn edited(base: &str, edits: &[(String, String)]) -> String {
    let mut s = Session::from_text(base.to_string(), TODAY).expect("loads");
    for (p, v) in edits {
        let _ = s.set(&FieldPath::parse(p).expect("path"), v);
    }
    s.text().to_string()
}

fn edits() -> impl Strategy<Value = Vec<(String, String)>> {
    let one = prop_oneof![
        (1usize..14, "[A-Za-zåäöÅÄÖ ]{3,30}").prop_map(|(g, t)| (format!("goals.G{g}.title"), t)),
        (1usize..28, 1u8..28).prop_map(|(a, d)| (format!("activities.A{a}.due"), format!("2027-02-{d:02}"))),
        (1usize..28, 1usize..14).prop_map(|(a, g)| (format!("activities.A{a}.goal"), format!("G{g}"))),
    ];
    prop::collection::vec(one, 0..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn merging_a_plan_with_itself_and_one_side_gives_that_side(side_edits in edits()) {
        let base = std::fs::read_to_string(repo_path("plans/jamtland/lok-2025.3-beslutad.toml")).expect("plan");
        let side = edited(&base, &side_edits);
        let plan = |t: &str| load_str(t.to_string(), TODAY).expect("loads").plan;
        // theirs = side, ours = base: the result is side's content.
        let m = merge(&plan(&base), &plan(&base), &base, &plan(&side)).expect("merges");
        prop_assert!(m.conflicts.is_empty());
        prop_assert!(lansplan::diff::diff(&plan(&m.text), &plan(&side)).is_empty());
        // ours = side, theirs = base: the result is side byte for byte.
        let m = merge(&plan(&base), &plan(&side), &side, &plan(&base)).expect("merges");
        prop_assert_eq!(m.text, side);
    }
}
