//! The merge's scenario suite.
//!
//! - Every pair of edits on the two sides (edit, delete, add, rename,
//!   rename of the goal, move, unknown key, comment), on the same activity
//!   and on different ones: nothing either side wrote is lost (it is in the
//!   result, or in a conflict record), a deletion holds unless the other
//!   side worked on the item, a clean result passes `check`, and a result
//!   with conflicts has no error but the conflicts.
//! - Case folders under `tests/fixtures/merge/` (issue #14), run through
//!   the binary: `ours.toml`, `theirs.toml` and `base.toml` (or the shared
//!   `base.toml`), with the merged file in `expected.toml`, the messages in
//!   `expected.err` and the exit code in `exit`.
//!   `LANSPLAN_BLESS=1 cargo test --test it merge_cases` rewrites them;
//!   read every changed file before committing it.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{TODAY, TODAY_ARG, blessing, repo_path};
use lansplan::diff::merge::merge;
use lansplan::plan::edit::Session;
use lansplan::plan::model::Value;
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Kind, load_str};

fn base() -> String {
    fs::read_to_string(repo_path("tests/fixtures/merge/base.toml")).expect("base")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Edit,
    Delete,
    Add,
    Rename,
    RenameGoal,
    Move,
    Unknown,
    Comment,
}

const OPS: [Op; 8] = [Op::Edit, Op::Delete, Op::Add, Op::Rename, Op::RenameGoal, Op::Move, Op::Unknown, Op::Comment];

/// What one side did, and what of it must be found after the merge.
struct Side {
    text: String,
    /// Text that must be in the merged file (or in a conflict record).
    marks: Vec<String>,
    /// The activity this side removed.
    removed: Option<String>,
    /// The activity this side moved, and to which goal.
    moved: Option<(String, String)>,
}

/// Applies `op` to activity `x` (under goal `g`, with `other` the other
/// goal) on the base, as side `tag` would.
fn apply(op: Op, x: &str, g: &str, other: &str, tag: &str) -> Side {
    let suffix = if tag == "vår" { "o" } else { "t" };
    let mut s = Session::from_text(base(), TODAY).expect("base loads");
    let set = |s: &mut Session, p: &str, v: &str| s.set(&FieldPath::parse(p).expect("path"), v).expect("edit");
    let mut marks = Vec::new();
    let (mut removed, mut moved) = (None, None);
    match op {
        Op::Edit => {
            let title = format!("Ny titel ({tag})");
            set(&mut s, &format!("activities.{x}.title"), &title);
            marks.push(title);
        }
        Op::Delete => {
            s.remove(Kind::Activity, x, false).expect("remove");
            removed = Some(x.to_string());
        }
        Op::Add => {
            let title = format!("Ny aktivitet ({tag})");
            let fields = vec![
                ("goal", Value::Str(g.into())),
                ("title", Value::Str(title.clone())),
                ("responsible", Value::List(vec!["berg".into()])),
                ("status", Value::Str("planned".into())),
            ];
            s.add(Kind::Activity, fields).expect("add");
            marks.push(title);
        }
        Op::Rename => {
            let new = format!("{x}{suffix}");
            set(&mut s, &format!("activities.{x}.id"), &new);
            marks.push(format!("\"{new}\""));
        }
        Op::RenameGoal => {
            let new = format!("{g}{suffix}");
            set(&mut s, &format!("goals.{g}.id"), &new);
            marks.push(format!("\"{new}\""));
        }
        Op::Move => {
            set(&mut s, &format!("activities.{x}.goal"), other);
            moved = Some((x.to_string(), other.to_string()));
        }
        Op::Unknown | Op::Comment => {}
    }
    let mut text = s.text().to_string();
    let header = format!("[[activities]]\nid = \"{x}\"\n");
    match op {
        Op::Unknown => {
            let key = format!("note_{suffix} = \"okänd nyckel ({tag})\"");
            text = text.replacen(&header, &format!("{header}{key}\n"), 1);
            marks.push(key);
        }
        Op::Comment => {
            let comment = format!("# kommentar ({tag})");
            text = text.replacen(&header, &format!("{comment}\n{header}"), 1);
            marks.push(comment);
        }
        _ => {}
    }
    Side { text, marks, removed, moved }
}

fn tag(sv: &str) -> &str {
    if sv == "o" { "vår" } else { "deras" }
}

#[test]
fn every_pair_of_edits_loses_nothing() {
    let base = base();
    let mut cases = 0;
    let mut conflicted = 0;
    for same in [true, false] {
        // Same activity, or ours on A1 (goal G1) and theirs on A3 (goal G2).
        let (ox, og, oo) = if same { ("A2", "G2", "G1") } else { ("A1", "G1", "G2") };
        let (tx, tg, to) = ("A2", "G2", "G1");
        let (tx, tg, to) = if same { (tx, tg, to) } else { ("A3", tg, to) };
        for a in OPS {
            for b in OPS {
                let ours = apply(a, ox, og, oo, tag("o"));
                let theirs = apply(b, tx, tg, to, tag("t"));
                let what = format!("ours {a:?} on {ox}, theirs {b:?} on {tx}");
                let m = merge(&base, &ours.text, &theirs.text, TODAY).unwrap_or_else(|e| panic!("{what}: {e:?}"));
                cases += 1;
                for mark in ours.marks.iter().chain(&theirs.marks) {
                    assert!(m.text.contains(mark.as_str()), "{what}: lost {mark}:\n{}", m.text);
                }
                let loaded = load_str(m.text.clone(), TODAY).unwrap_or_else(|e| panic!("{what}: {e:?}\n{}", m.text));
                let errors: Vec<&str> =
                    loaded.findings.iter().filter(|f| f.is_error()).map(|f| f.message.en.as_str()).collect();
                if m.conflicts.is_empty() {
                    assert!(errors.is_empty(), "{what}: a clean merge fails check: {errors:?}\n{}", m.text);
                } else {
                    conflicted += 1;
                    assert!(
                        errors.iter().all(|e| e.starts_with("unresolved conflict")),
                        "{what}: errors besides the conflicts: {errors:?}\n{}",
                        m.text
                    );
                }
                // A move holds (to the goal under its new id, if the other
                // side renamed it), or is recorded beside the other side's.
                for (x, goal) in ours.moved.iter().chain(&theirs.moved) {
                    let found =
                        ["", "o", "t"].iter().find_map(|s| loaded.plan.find(Kind::Activity, &format!("{x}{s}")));
                    let recorded = m.conflicts.iter().any(|c| c.at.len() == 3 && c.at[2] == "goal");
                    let moved = found.is_some_and(|a| a.str("goal").starts_with(goal.as_str()));
                    assert!(moved || recorded, "{what}: the move of {x} is lost:\n{}", m.text);
                }
                // A removal holds unless the other side worked on the item,
                // which then stays beside a record of the removal.
                let touches = |op: Op| same && !matches!(op, Op::Delete | Op::Add);
                for (gone, other_touched) in [(&ours.removed, touches(b)), (&theirs.removed, touches(a))] {
                    let Some(x) = gone else { continue };
                    let present = loaded.plan.find(Kind::Activity, x).is_some();
                    let recorded = m.conflicts.iter().any(|c| c.at.len() == 2 && c.at[1].starts_with(x.as_str()));
                    if other_touched {
                        assert!(recorded, "{what}: the removal of {x} is not recorded:\n{}", m.text);
                    } else {
                        assert!(!present, "{what}: {x} was removed and is back:\n{}", m.text);
                    }
                }
            }
        }
    }
    assert_eq!(cases, 2 * OPS.len() * OPS.len());
    assert!(conflicted > 0 && conflicted < cases / 2, "{conflicted} of {cases} conflicted");
}

fn lansplan(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .args(args)
        .current_dir(dir)
        .env("LANSPLAN_TODAY", TODAY_ARG)
        .env("LANG", "sv_SE.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run lansplan")
}

#[test]
fn fixture_cases() {
    let root = repo_path("tests/fixtures/merge");
    let mut dirs: Vec<_> =
        fs::read_dir(&root).expect("cases").map(|e| e.expect("entry").path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 15, "{} cases", dirs.len());
    for dir in dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        let tmp = tempfile::tempdir().expect("tmp");
        let base = if dir.join("base.toml").exists() { dir.join("base.toml") } else { root.join("base.toml") };
        fs::copy(&base, tmp.path().join("base.toml")).expect("base");
        for f in ["ours.toml", "theirs.toml"] {
            fs::copy(dir.join(f), tmp.path().join(f)).expect("side");
        }
        let out = lansplan(tmp.path(), &["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "out.toml"]);
        let merged = fs::read_to_string(tmp.path().join("out.toml")).unwrap_or_default();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let code = out.status.code().unwrap_or(-1).to_string();
        if blessing() {
            fs::write(dir.join("expected.toml"), &merged).expect("bless");
            fs::write(dir.join("expected.err"), &err).expect("bless");
            fs::write(dir.join("exit"), format!("{code}\n")).expect("bless");
            continue;
        }
        let want = |f: &str| fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{name}/{f}: {e}"));
        assert_eq!(merged, want("expected.toml"), "{name}: merged file");
        assert_eq!(err, want("expected.err"), "{name}: messages");
        assert_eq!(code, want("exit").trim(), "{name}: exit code");
        // A plan merged cleanly passes check; with conflicts, check fails on them.
        if lansplan::diff::merge::is_plan(&merged) {
            let check = lansplan(tmp.path(), &["check", "out.toml"]);
            let want_check = if code == "0" { 0 } else { 1 };
            assert_eq!(check.status.code(), Some(want_check), "{name}: {}", String::from_utf8_lossy(&check.stdout));
        }
    }
}
