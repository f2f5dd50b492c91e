//! `lansplan review` as reviewers use it (issue 14): marks bound to what
//! they judged (a change edited afterwards shows as changed since review in
//! `list` and `export` and is not applied), several reviewers with parties
//! and replies, who the reviewer is by default, and `apply` writing the
//! next draft and saying what it left out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{TODAY_ARG, repo_path};

const OLD: &str = "lok-2025.1-utkast.toml";
const NEW: &str = "lok-2025.2-remiss.toml";

/// A folder with the first two Jämtland revisions side by side.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    for f in [OLD, NEW] {
        std::fs::copy(repo_path(&format!("plans/jamtland/{f}")), dir.path().join(f)).expect("copy");
    }
    dir
}

/// `lansplan ARGS` in `dir`, Swedish, with a fixed day and no reviewer
/// from the environment or git (an empty home, no system config).
fn lansplan(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .current_dir(dir)
        .args(args)
        .env("LANSPLAN_TODAY", TODAY_ARG)
        .env_remove("LANSPLAN_REVIEWER")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("USER", "inloggad")
        // Times are shown on the local clock (issue 22); these tests read UTC's.
        .env("TZ", "UTC")
        .output()
        .expect("runs")
}

fn review(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["review", args[0], OLD, NEW];
    all.extend(&args[1..]);
    lansplan(dir, &all)
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Returns the line of `review list` that names `key`, and the mark lines under it.
fn listed(list: &str, key: &str) -> String {
    let mut lines = list.lines().skip_while(|l| !l.starts_with(key));
    let mut out: Vec<&str> = lines.next().into_iter().collect();
    out.extend(lines.take_while(|l| l.starts_with("    ")));
    out.join("\n")
}

fn review_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".review.toml"))
        .collect();
    v.sort();
    v
}

// Issue 14: `mark … accept`, then `set` the title: the mark no longer
// reads "godkänd" and `apply` does not write the title nobody approved.
#[test]
fn an_approval_does_not_carry_over_to_an_edited_change() {
    let tmp = folder();
    let dir = tmp.path();
    ok(&review(dir, &["mark", "goal/G3/title", "accept", "--reviewer", "Anna", "-c", "Bra"]));
    ok(&review(dir, &["mark", "activity/A6/due", "accept", "--reviewer", "Anna"]));
    let list = ok(&review(dir, &["list"]));
    assert!(listed(&list, "goal/G3/title").contains("godkänd\n    ✓ godkänd (Anna, "), "{list}");

    ok(&lansplan(dir, &["set", NEW, "goals.G3.title", "En titel som ingen har godkänt"]));
    let list = ok(&review(dir, &["list"]));
    let g3 = listed(&list, "goal/G3/title");
    assert!(g3.starts_with("goal/G3/title") && g3.contains("ändrad efter granskning\n"), "{list}");
    assert!(g3.contains("! godkänd, ändrad efter granskning (Anna, "), "{g3}");
    assert!(list.contains("Granskning: 1 godkänd · 1 ändrad efter granskning · 22 ej granskade"), "{list}");
    let md = ok(&review(dir, &["export"]));
    assert!(md.contains("**godkänd** _(ändrad efter granskning)_ (Anna, "), "{md}");

    let out = review(dir, &["apply", "-o", "nasta.toml"]);
    let report = ok(&out);
    assert!(report.contains("goal/G3/title                            ändrad efter granskning"), "{report}");
    let draft = std::fs::read_to_string(dir.join("nasta.toml")).expect("draft written");
    assert!(!draft.contains("En titel som ingen har godkänt"));

    // A status edited back: the change is gone, and its mark is reported.
    let a6 = std::fs::read_to_string(dir.join(OLD)).expect("read");
    let due = a6.split("id = \"A6\"").nth(1).and_then(|s| s.split("due = ").nth(1)).map(|s| &s[..10]).expect("due");
    ok(&lansplan(dir, &["set", NEW, "activities.A6.due", due]));
    let list = ok(&review(dir, &["list"]));
    assert!(
        list.contains("Markeringar på ändringar som inte längre finns (1):\nactivity/A6/due\n    · godkänd (Anna, "),
        "{list}"
    );
    let out = review(dir, &["apply", "-o", "ingenting.toml"]);
    assert_eq!(out.status.code(), Some(1), "nothing is accepted as it stands");
    assert!(stderr(&out).contains("ingen ändring är godkänd som den ser ut nu"), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 markeringar gäller ändringar som inte längre finns"));
    assert!(!dir.join("ingenting.toml").exists());
}

// Issue 14: a second reviewer's verdict does not replace the first one's;
// the counts are per reviewer and per party; replies go to one mark.
#[test]
fn several_reviewers_mark_and_reply() {
    let tmp = folder();
    let dir = tmp.path();
    let key = "goal/G3/title";
    ok(&review(dir, &["mark", key, "accept", "--reviewer", "Anna", "--party", "region", "-c", "Bra"]));
    ok(&review(dir, &["mark", key, "reject", "--reviewer", "Bo", "--party", "berg", "-c", "Nej"]));
    ok(&review(dir, &["mark", "activity/A6/due", "question", "--reviewer", "Bo", "-c", "Varför?"]));
    let list = ok(&review(dir, &["list"]));
    let g3 = listed(&list, key);
    assert!(g3.starts_with(&format!("{key:<40} avvisad")), "{g3}");
    assert!(g3.contains("✓ godkänd (Anna, region, ") && g3.contains("✗ avvisad (Bo, berg, "), "{g3}");
    assert!(listed(&list, "activity/A6/due").contains("? fråga (Bo, berg, "), "Bo's party carries over: {list}");
    assert!(list.contains("  granskare Anna (region): 1 godkänd · 23 ej granskade"), "{list}");
    assert!(list.contains("  granskare Bo (berg): 1 avvisad · 1 öppen fråga · 22 ej granskade"), "{list}");
    assert!(list.contains("  part Region Jämtland Härjedalen (region): 1 godkänd · 23 ej granskade"), "{list}");
    assert!(list.contains("  part Bergs kommun (berg): 1 avvisad · 1 öppen fråga · 22 ej granskade"), "{list}");

    let two = review(dir, &["reply", key, "Vi tar det på mötet", "--reviewer", "Cecilia"]);
    assert_eq!(two.status.code(), Some(1));
    assert!(stderr(&two).contains("flera har markerat goal/G3/title (Anna, Bo)"), "{}", stderr(&two));
    ok(&review(dir, &["reply", key, "Vi tar det på mötet", "--to", "Bo", "--reviewer", "Cecilia"]));
    let list = ok(&review(dir, &["list"]));
    assert!(listed(&list, key).contains("Nej\n      ↳ svar från Cecilia, "), "{list}");
    // Bo changes his mind: only his verdict changes; the reply stays.
    ok(&review(dir, &["mark", key, "accept", "--reviewer", "Bo"]));
    let list = ok(&review(dir, &["list"]));
    let g3 = listed(&list, key);
    assert!(g3.starts_with(&format!("{key:<40} godkänd")), "{g3}");
    assert!(g3.contains("✓ godkänd (Bo, berg, ") && g3.contains(": Nej\n      ↳ svar från Cecilia"), "{g3}");
    // His mark has a reply: taking it back is refused, Anna's goes.
    let refused = review(dir, &["unmark", key, "--reviewer", "Bo"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    ok(&review(dir, &["unmark", key, "--reviewer", "Anna"]));
    assert_eq!(review(dir, &["unmark", key, "--reviewer", "Anna"]).status.code(), Some(1));
    let unknown = review(dir, &["mark", key, "accept", "--reviewer", "Doris", "--party", "nowhere"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("okänd part \"nowhere\""), "{}", stderr(&unknown));
    let files = review_files(dir);
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().and_then(|n| n.to_str()).expect("name").to_string();
    assert!(name.starts_with("jamtland-lok_2025.1--2025.2_") && name.len() < 80, "{name}");
}

// Issue 14: without --reviewer the name is git's user.name (of the plan's
// repository), then $USER.
#[test]
fn the_reviewer_is_git_user_name_then_the_login() {
    let tmp = folder();
    let dir = tmp.path();
    ok(&review(dir, &["mark", "goal/G3/title", "accept"]));
    let git = |args: &[&str]| {
        let s =
            Command::new("git").current_dir(dir).args(args).env("HOME", dir).env("GIT_CONFIG_NOSYSTEM", "1").status();
        assert!(s.expect("git runs").success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", "Git Granskare"]);
    ok(&review(dir, &["mark", "activity/A6/due", "accept"]));
    let text = std::fs::read_to_string(&review_files(dir)[0]).expect("review");
    assert!(text.contains("reviewer = \"inloggad\""), "{text}");
    assert!(text.contains("reviewer = \"Git Granskare\""), "{text}");
}

// Issue 14: `review apply` writes a new draft (next version, status draft,
// today's date, a summary) and prints what it left out and why.
#[test]
fn apply_writes_the_next_draft_and_lists_what_it_left_out() {
    let tmp = folder();
    let dir = tmp.path();
    ok(&review(dir, &["mark", "activity/A6/due", "accept", "--reviewer", "Anna"]));
    ok(&review(dir, &["mark", "goal/G3/title", "reject", "--reviewer", "Anna"]));
    ok(&review(dir, &["mark", "goal/G7/title", "question", "--reviewer", "Bo"]));
    ok(&review(dir, &["mark", "revision//version", "accept", "--reviewer", "Anna"]));
    let refused = review(dir, &["apply", "-o", "x.toml", "--version", "2025.2"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("någon av de granskade revisionernas"), "{}", stderr(&refused));
    // A sibling already holds 2025.3: the next free label is taken.
    let sibling =
        std::fs::read_to_string(dir.join(NEW)).expect("read").replace("version = \"2025.2\"", "version = \"2025.3\"");
    std::fs::write(dir.join("lok-2025.3.toml"), sibling).expect("write");
    let report = ok(&review(dir, &["apply", "-o", "utkast.toml"]));
    assert!(
        report.starts_with(
            "skrev utkast.toml: version 2025.4, utkast, 2026-11-22; 1 av 24 ändringar införda\nUtelämnade (23):\n"
        ),
        "{report}"
    );
    for (key, why) in [
        ("goal/G3/title", "avvisad"),
        ("goal/G7/title", "öppen fråga"),
        ("activity/A17/due", "ej granskad"),
        ("revision//version", "sätts av den nya revisionen"),
    ] {
        assert!(report.contains(&format!("  {key:<40} {why}\n")), "{key}: {report}");
    }
    let draft = std::fs::read_to_string(dir.join("utkast.toml")).expect("draft");
    assert!(
        draft.contains("version = \"2025.4\"")
            && draft.contains("status = \"draft\"")
            && draft.contains("date = 2026-11-22")
    );
    assert!(draft.contains("summary = \"Utkast efter granskningen av 2025.1 → 2025.2: 1 av 24 ändringar godkända och införda; utelämnade: 1 avvisad · 1 öppen fråga · 17 ej granskade\""), "{draft}");
    let check = lansplan(dir, &["check", "utkast.toml"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    // Never over an existing file.
    let again = review(dir, &["apply", "-o", "utkast.toml"]);
    assert_eq!(again.status.code(), Some(1));
}

// Nothing from a review file reaches the terminal raw.
#[test]
fn review_output_escapes_what_reviewers_wrote() {
    let tmp = folder();
    let dir = tmp.path();
    ok(&review(
        dir,
        &["mark", "goal/G3/title", "question", "--reviewer", "A\u{1b}[31m", "-c", "x\u{1b}]0;t\u{7}\u{202e}"],
    ));
    ok(&review(dir, &["reply", "goal/G3/title", "svar\u{1b}[2J", "--reviewer", "B\u{9b}"]));
    for what in ["list", "export"] {
        let out = review(dir, &[what]);
        let all = format!("{}{}", ok(&out), stderr(&out));
        assert!(
            !all.chars().any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{9b}' || c == '\u{202e}'),
            "{what}: {all:?}"
        );
    }
}

// Issue 22: a mark's time is stored in UTC (the same wherever it was
// written) and shown on the reader's clock, with the zone, in the list and
// in the exported review.
#[test]
fn mark_times_are_shown_on_the_local_clock() {
    let tmp = folder();
    let dir = tmp.path();
    ok(&review(dir, &["mark", "goal/G3/title", "accept", "--reviewer", "Anna", "-c", "Bra"]));
    let utc = ok(&review(dir, &["list"]));
    let stored = utc.lines().find_map(|l| l.split("(Anna, ").nth(1)?.split(')').next()).expect("Anna's mark");
    assert!(stored.ends_with(" UTC"), "{utc}");
    let want = lansplan::plan::date::shown_time(
        stored,
        &jiff::tz::TimeZone::get("Europe/Stockholm").expect("the tz database has Stockholm"),
    );
    assert!(want.ends_with(" CET") || want.ends_with(" CEST"), "{want}");
    for args in [vec!["review", "list", OLD, NEW], vec!["review", "export", OLD, NEW]] {
        let out = Command::new(env!("CARGO_BIN_EXE_lansplan"))
            .current_dir(dir)
            .args(&args)
            .env("LANSPLAN_TODAY", TODAY_ARG)
            .env("HOME", dir)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env("TZ", "Europe/Stockholm")
            .output()
            .expect("runs");
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(shown.contains(&format!("Anna, {want}")), "{args:?}: {shown}");
        assert!(!shown.contains(" UTC"), "{args:?}: {shown}");
    }
}
