//! Working together through git: the merge driver, conflicts that `check`
//! reports and `resolve` settles, semantic `git diff` and `git log -p`, a
//! clone without `git-setup` (git's text markers, which `check` explains),
//! files that are no plans, and the property that merging a plan with
//! itself and one side gives that side.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{TODAY, path_with_lansplan, repo_path};
use lansplan::diff::merge::merge;
use lansplan::plan::edit::Session;
use lansplan::plan::load_str;
use lansplan::plan::path::FieldPath;
use proptest::prelude::*;

fn env<'a>(c: &'a mut Command, home: &Path) -> &'a mut Command {
    c.env("PATH", path_with_lansplan())
        .env("LANSPLAN_TODAY", "2026-11-22")
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

fn read(dir: &Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f)).expect("read")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// Issue #14: the driver names lansplan as found on PATH, not the binary
// that ran git-setup, so it works in every clone where lansplan is installed.
#[test]
fn git_setup_writes_a_command_by_name_and_refuses_without_lansplan_on_path() {
    let tmp = repo();
    let dir = tmp.path();
    let driver = ok(git(dir, &["config", "merge.lansplan.driver"]));
    assert_eq!(driver.trim(), "lansplan merge %O %A %B -o %A --name %P --marker-size %L");
    assert_eq!(ok(git(dir, &["config", "diff.lansplan.command"])).trim(), "lansplan git-diff");

    let bare = tempfile::tempdir().expect("tmp");
    ok(git(bare.path(), &["init", "-q"]));
    let out = env(Command::new(env!("CARGO_BIN_EXE_lansplan")).current_dir(bare.path()), bare.path())
        .env("PATH", "/nonexistent")
        .args(["git-setup", "--apply"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("finns inte i PATH") && err.contains("cargo install"), "{err}");
    assert!(!bare.path().join(".gitattributes").exists(), "nothing written");
}

/// The consultation revision committed on main, with .gitattributes for
/// plans but git's configuration left out (a fresh clone of a set-up repository).
fn clone_without_setup() -> (tempfile::TempDir, tempfile::TempDir) {
    let origin = repo();
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let src = origin.path().display().to_string();
    ok(git(dir, &["clone", "-q", &src, "."]));
    assert!(git(dir, &["config", "merge.lansplan.driver"]).stdout.is_empty(), "a clone has no driver");
    (origin, tmp)
}

// Issue #14: without git-setup, git merges a plan as text; check names the
// first marker and what to run, and the merge redone with the driver works.
#[test]
fn a_clone_without_git_setup_gets_markers_that_check_explains() {
    let (_origin, tmp) = clone_without_setup();
    let dir = tmp.path();
    ok(git(dir, &["checkout", "-q", "-b", "region"]));
    edit_and_commit(dir, "activities.A1.due", "2026-10-31", "region");
    ok(git(dir, &["checkout", "-q", "main"]));
    edit_and_commit(dir, "activities.A1.due", "2026-11-30", "kommun");
    assert!(!git(dir, &["merge", "region", "-m", "merge"]).status.success());
    assert!(read(dir, "plan.toml").contains("<<<<<<<"));
    let check = lansplan(dir, &["check", "plan.toml"]);
    assert_eq!(check.status.code(), Some(2));
    let line = read(dir, "plan.toml").lines().position(|l| l.starts_with("<<<<<<<")).expect("marker") + 1;
    let text = stdout(&check);
    assert!(text.starts_with(&format!("plan.toml:{line}:1: fel: filen innehåller gits konfliktmarkeringar")), "{text}");
    assert!(text.contains("lansplan git-setup --apply") && text.contains("git checkout --merge"), "{text}");
    // The editor says the same instead of a parser message.
    let editor = lansplan(dir, &["plan.toml"]);
    assert_eq!(editor.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&editor.stderr).contains("konfliktmarkeringar"));

    // As the message says: set up, and redo the merge of the file.
    ok(lansplan(dir, &["git-setup", "--apply"]));
    ok(git(dir, &["checkout", "--merge", "--", "plan.toml"]));
    let merged = read(dir, "plan.toml");
    assert!(!merged.contains("<<<<<<<") && merged.contains("[[conflicts]]"), "{merged}");
    assert_eq!(lansplan(dir, &["check", "plan.toml"]).status.code(), Some(1));
    ok(lansplan(dir, &["resolve", "plan.toml", "--theirs"]));
    assert_eq!(lansplan(dir, &["check", "plan.toml"]).status.code(), Some(0));
}

// Issue #14: a TOML file that is not a plan, merged by the driver, keeps
// both sides' lines as git's own merge would (it used to lose theirs).
#[test]
fn a_toml_file_that_is_not_a_plan_merges_as_text() {
    let tmp = repo();
    let dir = tmp.path();
    std::fs::write(
        dir.join("verktyg.toml"),
        "[package]\nname = \"verktyg\"\nversion = \"1.0\"\n\n[settings]\nmode = \"a\"\n",
    )
    .expect("write");
    ok(git(dir, &["add", "verktyg.toml"]));
    ok(git(dir, &["commit", "-q", "-m", "verktyg"]));
    ok(git(dir, &["checkout", "-q", "-b", "other"]));
    let theirs = read(dir, "verktyg.toml").replace("mode = \"a\"", "mode = \"a\"\nsize = 2");
    std::fs::write(dir.join("verktyg.toml"), theirs).expect("write");
    ok(git(dir, &["commit", "-q", "-a", "-m", "size"]));
    ok(git(dir, &["checkout", "-q", "main"]));
    let ours = read(dir, "verktyg.toml").replace("1.0", "1.1");
    std::fs::write(dir.join("verktyg.toml"), ours).expect("write");
    ok(git(dir, &["commit", "-q", "-a", "-m", "version"]));
    let merge = git(dir, &["merge", "other", "-m", "merge"]);
    assert!(merge.status.success(), "{}", String::from_utf8_lossy(&merge.stderr));
    let text = read(dir, "verktyg.toml");
    assert!(text.contains("size = 2") && text.contains("version = \"1.1\""), "{text}");
    // git diff shows it as lines, not as a failed semantic diff.
    std::fs::write(dir.join("verktyg.toml"), text.replace("size = 2", "size = 3")).expect("write");
    let diff = ok(git(dir, &["diff", "--", "verktyg.toml"]));
    assert!(diff.contains("-size = 2") && diff.contains("+size = 3"), "{diff}");
}

// Issue #14: a goal removed on one branch while the other adds an activity
// under it merged with exit 0 and failed check; it is now a conflict.
#[test]
fn a_goal_removed_on_one_branch_and_used_on_the_other_is_a_conflict() {
    let tmp = repo();
    let dir = tmp.path();
    ok(git(dir, &["checkout", "-q", "-b", "kommun"]));
    let text = read(dir, "plan.toml");
    let add = "\n[[activities]]\nid = \"A90\"\ngoal = \"G10\"\ntitle = \"Ny aktivitet\"\nresponsible = [\"region\"]\nstatus = \"planned\"\n";
    std::fs::write(dir.join("plan.toml"), format!("{text}{add}")).expect("write");
    ok(git(dir, &["commit", "-q", "-a", "-m", "ny aktivitet"]));
    ok(git(dir, &["checkout", "-q", "main"]));
    let mut s = Session::open(&dir.join("plan.toml"), TODAY).expect("open");
    s.remove(lansplan::plan::Kind::Goal, "G10", true).expect("remove");
    s.save().expect("save");
    ok(git(dir, &["commit", "-q", "-a", "-m", "bort med G10"]));
    let merge = git(dir, &["merge", "kommun", "-m", "merge"]);
    assert!(!merge.status.success(), "git must not commit a plan that fails check");
    let merged = read(dir, "plan.toml");
    assert!(merged.contains("reason = \"ours_removed_used\"") && merged.contains("id = \"A90\""), "{merged}");
    let check = stdout(&lansplan(dir, &["check", "plan.toml"]));
    let errors: Vec<&str> = check.lines().filter(|l| l.contains(": fel: ")).collect();
    assert_eq!(errors.len(), 1, "only the conflict: {check}");
}

// Issue #14: git passes %P and the temporary files quoted; a plan whose
// path has spaces merges like any other.
#[test]
fn a_plan_whose_name_has_spaces_merges() {
    let tmp = repo();
    let dir = tmp.path();
    ok(git(dir, &["mv", "plan.toml", "plan för länet.toml"]));
    ok(git(dir, &["commit", "-q", "-m", "nytt namn"]));
    ok(git(dir, &["checkout", "-q", "-b", "region"]));
    ok(lansplan(dir, &["set", "plan för länet.toml", "goals.G1.title", "Region"]));
    ok(git(dir, &["commit", "-q", "-a", "-m", "region"]));
    ok(git(dir, &["checkout", "-q", "main"]));
    ok(lansplan(dir, &["set", "plan för länet.toml", "goals.G2.title", "Kommun"]));
    ok(git(dir, &["commit", "-q", "-a", "-m", "kommun"]));
    ok(git(dir, &["merge", "-q", "region", "-m", "merge"]));
    let text = read(dir, "plan för länet.toml");
    assert!(text.contains("title = \"Region\"") && text.contains("title = \"Kommun\""));
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
        let m = merge(&base, &base, &side, TODAY).expect("merges");
        prop_assert!(m.conflicts.is_empty());
        prop_assert!(lansplan::diff::diff(&plan(&m.text), &plan(&side)).is_empty());
        // ours = side, theirs = base: the result is side byte for byte.
        let m = merge(&base, &side, &base, TODAY).expect("merges");
        prop_assert_eq!(m.text, side);
    }
}
