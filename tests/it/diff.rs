//! The semantic diff through the real binary: fixture pairs with their
//! expected JSON, escaping of hostile text, revisions from git, and a
//! property test that a diff lists exactly the edits made and applying it
//! to OLD gives NEW.

use std::path::Path;
use std::process::Command;

use crate::common::{TODAY, repo_path};
use lansplan::diff::apply::apply;
use lansplan::diff::{Op, diff};
use lansplan::plan::doc::PlanDoc;
use lansplan::plan::edit::Session;
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Kind, load_str};
use proptest::prelude::*;

fn lansplan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lansplan"));
    c.env("LANSPLAN_TODAY", "2026-11-22").env("LANG", "sv_SE.UTF-8").env_remove("LC_ALL").env_remove("NO_COLOR");
    c
}

#[test]
fn fixture_pairs_give_their_expected_json() {
    let dir = repo_path("tests/diff");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/diff exists") {
        let case = entry.expect("entry").path();
        let out = lansplan()
            .args(["diff", "--format", "json"])
            .arg(case.join("old.toml"))
            .arg(case.join("new.toml"))
            .output()
            .expect("runs");
        let expected = std::fs::read_to_string(case.join("expected.json")).expect("expected.json");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "case {}", case.display());
        let changes = serde_json::from_str::<serde_json::Value>(&expected).expect("json")["changes"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(out.status.code(), Some(i32::from(changes > 0)), "exit as diff(1) for {}", case.display());
        // A case may also hold the text and Markdown a person reads
        // (issue 18: a shift of responsibility is named only there).
        for (file, format) in [("expected.txt", "text"), ("expected.md", "markdown")] {
            let Ok(expected) = std::fs::read_to_string(case.join(file)) else { continue };
            let out = lansplan()
                .args(["diff", "--color", "never", "--format", format])
                .arg(case.join("old.toml"))
                .arg(case.join("new.toml"))
                .output()
                .expect("runs");
            assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "case {} as {format}", case.display());
        }
        cases += 1;
    }
    assert!(cases >= 2);
}

#[test]
fn every_op_and_kind_is_covered_by_the_fixtures() {
    let mut seen: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(repo_path("tests/diff")).expect("tests/diff exists") {
        let json = std::fs::read_to_string(entry.expect("entry").path().join("expected.json")).expect("fixture");
        let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
        for c in doc["changes"].as_array().expect("changes") {
            seen.push((c["op"].as_str().unwrap_or("").to_string(), c["kind"].as_str().unwrap_or("").to_string()));
        }
    }
    let has = |op: &str, kind: &str| seen.iter().any(|(o, k)| o == op && k == kind);
    for kind in ["party", "focus_area", "commitment", "goal", "indicator", "activity"] {
        for op in ["added", "removed", "changed"] {
            assert!(has(op, kind), "no fixture has {op} {kind}");
        }
    }
    // Only kinds with a reference field can move.
    for kind in ["commitment", "goal", "indicator", "activity"] {
        assert!(has("moved", kind), "no fixture has moved {kind}");
    }
    assert!(has("changed", "plan") && has("changed", "revision"));
}

#[test]
fn trouble_exits_2_and_text_output_escapes_file_content() {
    let tmp = tempfile::tempdir().expect("tmp");
    let old = repo_path("tests/diff/every-op/old.toml");
    let text = std::fs::read_to_string(&old).expect("old");
    let evil = text.replace(
        "title = \"Informationskampanj om spel\"",
        "title = \"Kampanj \\u001b]52;c;aGk=\\u0007 \\u202e slut\"",
    );
    let new = tmp.path().join("evil.toml");
    std::fs::write(&new, evil).expect("write");
    for format in ["text", "markdown", "json"] {
        let out = lansplan()
            .args(["diff", "--color", "always", "--format", format])
            .arg(&old)
            .arg(&new)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.contains('\u{7}') && !stdout.contains("\u{1b}]") && !stdout.contains('\u{202e}'),
            "{format}: {stdout}"
        );
        // The only ESC bytes allowed are our own colour codes.
        assert!(stdout.split('\u{1b}').skip(1).all(|s| s.starts_with('[')), "{format}");
    }
    let missing = lansplan().args(["diff"]).arg(&old).arg(tmp.path().join("nope.toml")).output().expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    std::fs::write(tmp.path().join("bad.toml"), "[plan\n").expect("write");
    let bad = lansplan().args(["diff"]).arg(&old).arg(tmp.path().join("bad.toml")).output().expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bad.toml:1:"), "{}", String::from_utf8_lossy(&bad.stderr));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Anna Strateg")
        .env("GIT_AUTHOR_EMAIL", "anna@example.se")
        .env("GIT_COMMITTER_NAME", "Anna Strateg")
        .env("GIT_COMMITTER_EMAIL", "anna@example.se")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn log_and_diff_from_read_revisions_from_git() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"]);
    let plan = dir.join("plan.toml");
    for rev in ["lok-2025.1-utkast", "lok-2025.2-remiss", "lok-2025.3-beslutad"] {
        std::fs::copy(repo_path(&format!("plans/jamtland/{rev}.toml")), &plan).expect("copy");
        git(dir, &["add", "plan.toml"]);
        git(dir, &["commit", "-q", "-m", rev]);
    }
    let out = lansplan().arg("log").arg(&plan).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let log = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert!(lines[0].contains("2025.3") && lines[0].contains("beslutad") && lines[0].contains("Anna Strateg"), "{log}");
    assert!(lines[2].contains("2025.1") && lines[2].contains("utkast"), "{log}");

    let from_git = lansplan()
        .args(["diff", "--format", "json", "--from", "HEAD~2", "--to", "HEAD~1"])
        .arg(&plan)
        .output()
        .expect("runs");
    let from_files = lansplan()
        .args(["diff", "--format", "json"])
        .arg(repo_path("plans/jamtland/lok-2025.1-utkast.toml"))
        .arg(repo_path("plans/jamtland/lok-2025.2-remiss.toml"))
        .output()
        .expect("runs");
    assert_eq!(from_git.status.code(), Some(1));
    assert_eq!(from_git.stdout, from_files.stdout);

    // Against the working tree: one edit since the last commit.
    let text = std::fs::read_to_string(&plan).expect("read").replace("status = \"adopted\"", "status = \"superseded\"");
    std::fs::write(&plan, text).expect("write");
    let wt = lansplan().args(["diff", "--format", "json", "--from", "HEAD"]).arg(&plan).output().expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&wt.stdout).expect("json");
    assert_eq!(doc["changes"].as_array().map(Vec::len), Some(1), "{doc}");
    let none = lansplan().args(["diff", "--from", "no-such-rev"]).arg(&plan).output().expect("runs");
    assert_eq!(none.status.code(), Some(2));
}

// Issue 14: `diff --from 2025.2` takes the version labels `log` lists (the
// newest commit with that version), and `log --from/--to` takes them too.
#[test]
fn diff_and_log_take_plan_versions() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"]);
    let plan = dir.join("plan.toml");
    for rev in ["lok-2025.1-utkast", "lok-2025.2-remiss", "lok-2025.3-beslutad"] {
        std::fs::copy(repo_path(&format!("plans/jamtland/{rev}.toml")), &plan).expect("copy");
        git(dir, &["add", "plan.toml"]);
        git(dir, &["commit", "-q", "-m", rev]);
    }
    // A later commit of 2025.3 (a typo fixed): the label names the newest.
    let fixed = std::fs::read_to_string(&plan).expect("read").replacen("title = \"", "title = \"Rättad: ", 1);
    std::fs::write(&plan, fixed).expect("write");
    git(dir, &["commit", "-q", "-am", "rättelse"]);
    let json = |args: &[&str]| {
        let out = lansplan().args(["diff", "--format", "json"]).args(args).arg(&plan).output().expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let by_version = json(&["--from", "2025.1", "--to", "2025.2"]);
    let by_commit = json(&["--from", "HEAD~3", "--to", "HEAD~2"]);
    assert_eq!(by_version.0, Some(1));
    assert_eq!(by_version.1, by_commit.1);
    assert!(
        by_version.2.contains("obs: version 2025.1 är commit ") && by_version.2.contains("version 2025.2 är commit "),
        "{}",
        by_version.2
    );
    // The working tree is the newest 2025.3: nothing changed since.
    let newest = json(&["--from", "2025.3"]);
    assert_eq!(newest.0, Some(0), "{}", newest.2);
    let nothing = json(&["--from", "2025.9"]);
    assert_eq!(nothing.0, Some(2));
    assert!(nothing.2.contains("2025.9 är varken en version i filens historik eller en git-revision"), "{}", nothing.2);
    // A revision that git would take for an option is refused, not run.
    let option = json(&["--from=--output=x"]);
    assert_eq!(option.0, Some(2));
    assert!(!dir.join("x").exists());

    let log = |args: &[&str]| {
        let out = lansplan().arg("log").arg(&plan).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split_whitespace().nth(4).unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(log(&[]), ["2025.3", "2025.3", "2025.2", "2025.1"]);
    assert_eq!(log(&["--from", "2025.2"]), ["2025.3", "2025.3", "2025.2"]);
    assert_eq!(log(&["--to", "2025.2"]), ["2025.2", "2025.1"]);
    assert_eq!(log(&["--from", "2025.1", "--to", "HEAD~2"]), ["2025.2", "2025.1"]);
    let bad = lansplan().arg("log").arg(&plan).args(["--from", "2025.9"]).output().expect("runs");
    assert_eq!(bad.status.code(), Some(2));
}

/// One typed edit to the Jämtland plan.
#[derive(Debug, Clone)]
enum Edit {
    Title(usize, String),
    Due(usize, u8),
    Status(usize, usize),
    Move(usize, usize),
    Measurement(usize, i64, u16),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..13, "[A-Za-zÅÄÖåäö ,.–]{1,40}").prop_map(|(g, t)| Edit::Title(g, t)),
        (0usize..27, 1u8..28).prop_map(|(a, d)| Edit::Due(a, d)),
        (0usize..27, 0usize..4).prop_map(|(a, s)| Edit::Status(a, s)),
        (0usize..27, 0usize..13).prop_map(|(a, g)| Edit::Move(a, g)),
        (0usize..10, 2026i64..2030, 0u16..1000).prop_map(|(i, y, v)| Edit::Measurement(i, y, v)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_diff_lists_exactly_the_edits_and_applying_it_gives_new(edits in prop::collection::vec(edit_strategy(), 1..8)) {
        let base = std::fs::read_to_string(repo_path("plans/jamtland/lok-2025.3-beslutad.toml")).expect("plan");
        let mut s = Session::from_text(base.clone(), TODAY).expect("loads");
        let plan = s.loaded().plan.clone();
        let mut touched = std::collections::BTreeSet::new();
        for e in &edits {
            let (kind, id, field, value) = match e {
                Edit::Title(g, t) => (Kind::Goal, plan.goals[g % plan.goals.len()].id.clone(), "title", t.trim().to_string()),
                Edit::Due(a, d) => (Kind::Activity, plan.activities[a % plan.activities.len()].id.clone(), "due", format!("2027-03-{d:02}")),
                Edit::Status(a, st) => (Kind::Activity, plan.activities[a % plan.activities.len()].id.clone(), "status", ["planned", "ongoing", "done", "cancelled"][*st].to_string()),
                Edit::Move(a, g) => (Kind::Activity, plan.activities[a % plan.activities.len()].id.clone(), "goal", plan.goals[g % plan.goals.len()].id.clone()),
                Edit::Measurement(i, y, v) => {
                    let id = plan.indicators[i % plan.indicators.len()].id.clone();
                    let path = FieldPath::parse(&format!("indicators.{id}.measurements.{y}")).expect("path");
                    if s.set(&path, &format!("{v}.5")).is_ok() {
                        touched.insert((Kind::Indicator, id, "measurements"));
                    }
                    continue;
                }
            };
            if value.is_empty() { continue; }
            let path = FieldPath::parse(&format!("{}.{id}.{field}", kind.key())).expect("path");
            if s.set(&path, &value).is_ok() {
                touched.insert((kind, id, field));
            }
        }
        let new = s.loaded().plan.clone();
        let changes = diff(&plan, &new);
        let listed: std::collections::BTreeSet<_> = changes.iter()
            .map(|c| (c.kind, c.id.clone().unwrap_or_default(), c.field.unwrap_or("")))
            .collect();
        // Every listed change was an edit; every edit that still differs is listed.
        prop_assert!(listed.is_subset(&touched), "listed {:?} touched {:?}", listed, touched);
        for (kind, id, field) in &touched {
            let differs = plan.find(*kind, id).and_then(|i| i.get(field)) != new.find(*kind, id).and_then(|i| i.get(field));
            prop_assert_eq!(differs, listed.contains(&(*kind, id.clone(), *field)), "{:?} {} {}", kind, id, field);
        }
        prop_assert!(changes.iter().all(|c| matches!(c.op, Op::Changed | Op::Moved)));
        let mut doc = PlanDoc::parse(&base).expect("doc");
        apply(&mut doc, &changes.iter().collect::<Vec<_>>()).expect("applies");
        let applied = load_str(doc.render(), TODAY).expect("loads").plan;
        prop_assert!(diff(&applied, &new).is_empty());
    }
}

/// `lansplan diff` parses the blocks written alike in both revisions only
/// once and the rest on two threads; its output must be exactly what the
/// two whole plans give, in every format. Pairs: each
/// fixture's broken and fixed file both ways and with itself, the example
/// plans' revisions, the diff fixtures, generated revisions, and edge cases
/// made for the pairing.
#[test]
fn loading_for_a_diff_gives_the_diff_of_the_whole_plans() {
    use lansplan::cli::diff::render_text;
    use lansplan::diff::json;
    use lansplan::i18n::Lang;
    use lansplan::plan::generate;
    use lansplan::plan::load::{load_revisions_with, load_str_unchecked};
    use lansplan::publish::markdown::diff as markdown;

    let read = |p: &Path| std::fs::read(p).ok().and_then(|b| String::from_utf8(b).ok());
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    for case in std::fs::read_dir(repo_path("tests/fixtures/check")).expect("fixtures") {
        let case = case.expect("entry").path();
        let name = case.display().to_string();
        match (read(&case.join("in.toml")), read(&case.join("ok.toml"))) {
            (Some(bad), Some(good)) => {
                pairs.push((name.clone(), bad.clone(), good.clone()));
                pairs.push((name.clone(), good, bad.clone()));
                pairs.push((name, bad.clone(), bad));
            }
            (Some(one), None) | (None, Some(one)) => pairs.push((name, one.clone(), one)),
            (None, None) => {}
        }
    }
    for case in std::fs::read_dir(repo_path("tests/diff")).expect("diff fixtures") {
        let case = case.expect("entry").path();
        if let (Some(old), Some(new)) = (read(&case.join("old.toml")), read(&case.join("new.toml"))) {
            pairs.push((case.display().to_string(), old, new));
        }
    }
    let revisions = ["lok-2025.1-utkast.toml", "lok-2025.2-remiss.toml", "lok-2025.3-beslutad.toml"]
        .map(|f| read(&repo_path(&format!("plans/jamtland/{f}"))).expect("plan"));
    for w in revisions.windows(2) {
        pairs.push(("jämtland".into(), w[0].clone(), w[1].clone()));
        pairs.push(("jämtland reversed".into(), w[1].clone(), w[0].clone()));
    }
    for seed in 0..6 {
        let old = generate::plan(150, seed);
        let new = generate::revise(&old, 150, 0.05 + 0.1 * seed as f64, seed);
        pairs.push((format!("generated {seed}"), old.clone(), new.clone()));
        pairs.push((format!("generated {seed} reversed"), new, old));
    }
    let base = revisions[2].clone();
    let act = |id: &str| {
        format!(
            "[[activities]]\nid = \"{id}\"\ngoal = \"G1\"\ntitle = \"Ny {id}\"\nresponsible = [\"region\"]\nowner = \"x\"\nstatus = \"planned\"\n"
        )
    };
    let (x1, x2) = (act("X1"), act("X2"));
    let ind = "[[indicators]]\nid = \"I99\"\ngoal = \"G1\"\nname = \"Ny\"\nunit = \"%\"\nbaseline = { year = 2020, value = 3.0 }\n";
    let target = "[indicators.target]\nyear = 2028\nvalue = 1.0\n";
    let edge = [
        // A twin with an unknown key, moved down by a change above it.
        ("unknown key", format!("{base}\n{x1}extra = 1\n"), format!("\n\n{base}\n{x1}extra = 1\n")),
        // The same block twice (an id written twice) in both, or once.
        ("same block twice", format!("{base}\n{x1}\n{x1}"), format!("{base}\n{x1}\n{x1}\n{x1}")),
        ("same block once", format!("{base}\n{x1}\n{x1}"), format!("{base}\n{x1}")),
        // A twin whose id another, different item also has.
        ("id elsewhere", format!("{base}\n{x1}\n{x2}"), format!("{base}\n{x1}\n{}", x2.replace("X2", "X1"))),
        // Twins in another order.
        ("reordered", format!("{base}\n{x1}\n{x2}"), format!("{base}\n{x2}\n{x1}")),
        // A plain table of a collection's name below another block.
        // (`[indicators.target]` sets the target of the last indicator.)
        ("table after", format!("{base}\n{ind}[[goals]]\nid = \"G9\"\n{target}"), format!("{base}\n{ind}")),
        ("table after, new", format!("{base}\n{ind}"), format!("{base}\n{ind}[[goals]]\nid = \"G9\"\n{target}")),
        // Activities also written inline in the new text's head.
        ("inline too", format!("{base}\n{x1}"), format!("activities = []\n{base}\n{x1}")),
        // One side does not parse.
        ("broken new", format!("{base}\n{x1}"), format!("{base}\n{x1}title = \"")),
        ("broken old", format!("{base}\n{x1}title = \""), format!("{base}\n{x1}")),
        // A merge conflict record after the items.
        (
            "conflict",
            format!("{base}\n{x1}"),
            format!(
                "{base}\n{x1}\n[[conflicts]]\nkind = \"activity\"\nid = \"X1\"\nfield = \"title\"\nreason = \"both_changed\"\nours = \"a\"\ntheirs = \"b\"\n"
            ),
        ),
    ];
    for (name, old, new) in edge {
        pairs.push((name.to_string(), old, new));
    }
    assert!(pairs.len() > 150, "{} pairs", pairs.len());

    let outputs = |a: &lansplan::plan::Loaded, b: &lansplan::plan::Loaded| {
        let changes = diff(&a.plan, &b.plan);
        [
            json::to_safe_string(&json::document(&a.plan, &b.plan, &changes)),
            markdown::render(&a.plan, &b.plan, &changes, Lang::Sv),
            render_text(a, b, &changes, false, Lang::En),
        ]
    };
    let mut compared = 0;
    for (name, old, new) in pairs {
        let whole = (load_str_unchecked(old.clone()), load_str_unchecked(new.clone()));
        for chunk in [1, 64 * 1024] {
            let mut fast = load_revisions_with(vec![old.clone(), new.clone()], 0, chunk).into_iter();
            let fast = (fast.next().expect("old"), fast.next().expect("new"));
            match (&whole, &fast) {
                ((Ok(a), Ok(b)), (Ok(x), Ok(y))) => {
                    assert_eq!(outputs(x, y), outputs(a, b), "{name} (pieces of {chunk})");
                    compared += 1;
                }
                ((ra, rb), (rx, ry)) => {
                    let e = |r: &Result<lansplan::plan::Loaded, lansplan::plan::LoadError>| {
                        r.as_ref().err().map(|e| e.render("f", Lang::En))
                    };
                    assert_eq!((e(rx), e(ry)), (e(ra), e(rb)), "{name} (pieces of {chunk}): errors differ");
                }
            }
        }
    }
    assert!(compared > 250, "{compared} diffs compared");
}
