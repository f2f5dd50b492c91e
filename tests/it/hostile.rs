//! Plans with errors that `check` reports but every command still reads
//! (an id written twice, a list written as a string, a collection that is
//! a table, entries that are not tables, items without ids, fields of the
//! wrong type; `tests/fixtures/hostile/`): every command and every edit
//! answers with a message and an exit code, never a panic (issue 23).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{TODAY, repo_path};
use lansplan::plan::edit::Session;
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Kind, load_str};

fn hostile() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_path("tests/fixtures/hostile"))
        .expect("hostile fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    files
}

fn lansplan(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .args(args)
        .current_dir(dir)
        .env("LANSPLAN_TODAY", "2026-11-22")
        .env("HOME", dir)
        .env("LANG", "sv_SE.UTF-8")
        .env_remove("LC_ALL")
        .output()
        .expect("run lansplan")
}

/// Fails if the run panicked or let a control character through.
fn no_panic(args: &[&str], out: &Output) -> Result<(), String> {
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let raw = |s: &str| s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    match out.status.code() {
        None => Err(format!("{args:?}: killed by a signal")),
        Some(101) => Err(format!("{args:?}: exit 101\n{stderr}")),
        _ if stderr.contains("panicked") => Err(format!("{args:?}: panicked\n{stderr}")),
        _ if raw(&stderr) || (raw(&stdout) && !args.contains(&"textconv") && !args.contains(&"merge")) => {
            Err(format!("{args:?}: a raw control character reached the terminal"))
        }
        _ => Ok(()),
    }
}

/// The reported case (issue 23), through the CLI: their side removes a
/// party, in a plan with goal G7 written twice, the first without
/// `responsible`. `merge` exited 101 on `expect("dependent has a list")`.
#[test]
fn merge_where_their_side_removes_a_party_with_a_goal_id_written_twice() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let plan = std::fs::read_to_string(repo_path("tests/fixtures/hostile/duplicate-goal-id.toml")).expect("fixture");
    std::fs::write(dir.join("base.toml"), &plan).expect("write");
    // Their side takes the party out and leaves the lists as they were.
    let party = "[[parties]]\nid = \"ostersund\"\nname = \"Östersunds kommun\"\nkind = \"municipality\"\n\n";
    assert!(plan.contains(party));
    std::fs::write(dir.join("theirs.toml"), plan.replace(party, "")).expect("write");
    // Our side unchanged: the merge takes their file as it is, as git would.
    let args = ["merge", "base.toml", "base.toml", "theirs.toml", "-o", "merged.toml"];
    let out = lansplan(dir, &args);
    no_panic(&args, &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(dir.join("merged.toml")).expect("merged"), plan.replace(party, ""));

    // Our side renames the region: their removal of a party still in use
    // becomes a recorded conflict that names every user, the party kept.
    let ours = plan.replace("name = \"Region Jämtland Härjedalen\"", "name = \"Region JH\"");
    assert_ne!(ours, plan);
    std::fs::write(dir.join("ours.toml"), &ours).expect("write");
    let args = ["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "conflict.toml"];
    let out = lansplan(dir, &args);
    no_panic(&args, &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("part ostersund togs bort") && said.contains("mål G7"), "{said}");
    let kept = std::fs::read_to_string(dir.join("conflict.toml")).expect("merged");
    assert!(kept.contains(party.trim_end()) && kept.contains("[[conflicts]]"), "{kept}");

    // Their side removes the party the way the editor does (from every
    // list too): both copies of G7 come through, ours' rename with them.
    let mut theirs = Session::from_text(plan.clone(), TODAY).expect("loads");
    theirs.remove(Kind::Party, "ostersund", true).expect("the editor removes the party");
    std::fs::write(dir.join("theirs.toml"), theirs.text()).expect("write");
    let args = ["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "merged.toml"];
    let out = lansplan(dir, &args);
    no_panic(&args, &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(dir.join("merged.toml")).expect("merged");
    let merged = load_str(text.clone(), TODAY).expect("loads");
    let g7: Vec<_> = merged.plan.goals.iter().filter(|g| g.id == "G7").collect();
    assert_eq!((g7.len(), g7[0].get("responsible")), (2, None), "the first copy is as it was");
    assert_eq!(g7[1].list("responsible"), ["region"]);
    assert!(!text.contains("ostersund") && text.contains("Region JH"), "{text}");
}

/// Every command on every hostile plan, as either side of a diff, a merge
/// and a review.
#[test]
fn every_command_copes_with_every_hostile_plan() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::copy(repo_path("tests/fixtures/set/plan.toml"), dir.join("ok.toml")).expect("copy");
    let mut failures = Vec::new();
    for file in hostile() {
        let name = file.file_name().expect("name").to_string_lossy().into_owned();
        std::fs::copy(&file, dir.join(&name)).expect("copy");
        let f = name.as_str();
        let runs: Vec<Vec<&str>> = vec![
            vec!["check", f],
            vec!["get", f, "goals.G7.title"],
            vec!["get", f, "goals.G1.responsible"],
            vec!["get", f, "indicators.I1.measurements.2026"],
            vec!["get", f, "plan.period.start"],
            vec!["set", f, "goals.G7.title", "Ny titel"],
            vec!["set", f, "parties.ostersund.id", "ost"],
            vec!["set", f, "parties.region.id", "reg"],
            vec!["set", f, "goals.G1.id", "G10"],
            vec!["set", f, "indicators.I1.measurements.2027", "40"],
            vec!["set", f, "indicators.I1.measurements.2026", ""],
            vec!["set", f, "indicators.I1.baseline.year", "2020"],
            vec!["set", f, "plan.period.end", "2028-12-31"],
            vec!["set", f, "activities.A2.responsible", "region"],
            vec!["diff", "ok.toml", f],
            vec!["diff", f, "ok.toml", "--format", "json"],
            vec!["diff", f, f, "--format", "markdown"],
            vec!["merge", "ok.toml", "ok.toml", f],
            vec!["merge", "ok.toml", f, "ok.toml"],
            vec!["merge", f, "ok.toml", f],
            vec!["merge", f, f, "ok.toml"],
            vec!["export", "--format", "markdown", f],
            vec!["export", "--format", "html", f],
            vec!["report", f],
            vec!["textconv", f],
            vec!["review", "list", "ok.toml", f],
            vec!["review", "list", f, "ok.toml"],
            vec!["resolve", "--theirs", f],
        ];
        for args in runs {
            // `set` edits the file: each run starts from the fixture.
            std::fs::copy(&file, dir.join(f)).expect("copy");
            let out = lansplan(dir, &args);
            if let Err(e) = no_panic(&args, &out) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every edit the editor can make, on every item of every hostile plan:
/// removing (alone and with what hangs on it), renaming, moving and
/// setting each field refuse or succeed, and never panic.
#[test]
fn every_edit_copes_with_every_hostile_plan() {
    for file in hostile() {
        let text = std::fs::read_to_string(&file).expect("read");
        let base = Session::from_text(text, TODAY).expect("loads with errors");
        let plan = base.loaded().plan.clone();
        for kind in Kind::ALL {
            let items = plan.items(kind);
            for item in items {
                let id = item.id.as_str();
                for cascade in [false, true] {
                    let _ = base.clone().remove(kind, id, cascade);
                }
                let _ = base.clone().reorder(kind, id, 0);
                for field in kind.fields() {
                    let prefix = if kind.is_collection() { format!("{}.{id}", kind.key()) } else { kind.key().into() };
                    let Ok(path) = FieldPath::parse(&format!("{prefix}.{}", field.name)) else { continue };
                    for value in ["", "x2", "region", "G1", "2026-05-01", "2020=4", "2026-01-01..2026-12-31"] {
                        let _ = base.clone().set(&path, value);
                    }
                    for sub in ["start", "end", "year", "value", "2026", "2030"] {
                        if let Ok(path) = FieldPath::parse(&format!("{prefix}.{}.{sub}", field.name)) {
                            let _ = base.clone().set(&path, "");
                            let _ = base.clone().set(&path, "2027");
                        }
                    }
                }
            }
        }
    }
}
