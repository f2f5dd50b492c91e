//! Issue 18, what an agreement holds: commitments through `set`/`get`,
//! `diff` and `export`, and a county's plans together through `tree`,
//! `check DIR` and `report --rollup DIR` on a folder of related plans
//! (tests/fixtures/family) with their expected output
//! (tests/fixtures/family-expected; `LANSPLAN_BLESS=1` writes them anew).

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::{TODAY, blessing, repo_path};
use lansplan::plan::edit::Session;
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Kind, Value, load_str};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn lansplan(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .args(args)
        .current_dir(dir)
        .env("LANSPLAN_TODAY", "2026-11-22")
        .env("LANG", "sv_SE.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run lansplan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Compares what a command printed (exit code, stdout, stderr) with its
/// expected file.
fn expect(name: &str, o: &Output) {
    let got = format!("exit {}\n--- stdout\n{}--- stderr\n{}", o.status.code().unwrap_or(-1), stdout(o), stderr(o));
    let file = repo_path(&format!("tests/fixtures/family-expected/{name}.txt"));
    if blessing() {
        fs::create_dir_all(file.parent().expect("folder")).expect("mkdir");
        fs::write(&file, &got).expect("bless");
        return;
    }
    let want = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert_eq!(got, want, "{name}");
}

#[test]
fn tree_shows_the_agreement_the_plans_under_it_and_the_latest_decision() {
    let dir = repo_path("tests/fixtures/family");
    let o = lansplan(&dir, &["tree", "."]);
    expect("tree", &o);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    // The latest revision of the agreement, with the latest decision beside it.
    assert!(
        text.starts_with("lok · Länsöverenskommelse — länsöverenskommelse, 2025.2 beslutad (2025-06-12)"),
        "{text}"
    );
    assert!(text.contains("senaste beslut 2025-09-02 Kommunfullmäktige, Bergs kommun: antagen"), "{text}");
    assert!(text.contains("├── unga") && text.contains("└── berg-lok"), "{text}");
    let en = lansplan(&dir, &["--lang", "en", "tree", "."]);
    expect("tree-en", &en);
}

#[test]
fn check_dir_reports_what_only_the_plans_together_show() {
    let dir = repo_path("tests/fixtures/family");
    let o = lansplan(&dir, &["check", "."]);
    expect("check", &o);
    // A goal of the parent that no longer exists is an error.
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("aktivitet A2 pekar på målet G3, som inte längre finns i planen lok (2025.2)"), "{text}");
    assert!(text.contains("Åre kommun (are) har ingen lokal överenskommelse"), "{text}");
    assert!(
        text.contains("åtagande C1 ger regionen \"Boendestöd\", som åtagande C1 i planen lok (2025.2) ger kommunerna")
    );
    // Each file alone knows none of it: the parent's goals are not at hand.
    let one = lansplan(&dir, &["check", "kommuner/berg-lok-1.toml"]);
    assert_eq!((one.status.code(), stdout(&one)), (Some(0), String::new()));
}

#[test]
fn report_rollup_sums_the_local_activities_under_the_county_goals() {
    let dir = repo_path("tests/fixtures/family");
    let o = lansplan(&dir, &["report", "--rollup", "."]);
    expect("rollup", &o);
    // Berg's activity under a goal the county removed is listed, and the exit code says so.
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Under mål som inte längre finns: berg-lok A2 (lok:G3)"), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains(
            "  G1 Fler får SIP: 2 aktiviteter (planerad: 1, pågår: 1)\n    unga: 1 (A1)\n    berg-lok: 1 (A1)"
        )
    );
    let md = lansplan(&dir, &["report", "--rollup", ".", "--format", "markdown"]);
    expect("rollup-md", &md);
}

#[test]
fn a_folder_that_cannot_be_read_is_trouble() {
    let dir = tempfile::tempdir().expect("tmp");
    for args in [&["tree", "nowhere"][..], &["report", "--rollup", "nowhere"], &["check", "nowhere"]] {
        let o = lansplan(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    // A file that is not TOML is named, and the rest is still shown.
    fs::copy(repo_path("tests/fixtures/family/county/lok-2.toml"), dir.path().join("lok.toml")).expect("copy");
    fs::write(dir.path().join("broken.toml"), "[plan\nid = ").expect("write");
    let o = lansplan(dir.path(), &["tree", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("lok · "), "{}", stdout(&o));
    assert!(stderr(&o).contains("broken.toml:1:"), "{}", stderr(&o));
}

#[test]
fn set_and_get_edit_a_commitment_and_keep_the_rest_of_the_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = repo_path("tests/fixtures/family/county/lok-2.toml");
    let file = dir.path().join("lok.toml");
    fs::copy(&src, &file).expect("copy");
    let before = fs::read_to_string(&file).expect("read");
    let o =
        lansplan(dir.path(), &["set", "lok.toml", "commitments.C1.routines", "SIP; Samtycke, informationsöverföring"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = fs::read_to_string(&file).expect("read");
    let added: Vec<&str> = after.lines().filter(|l| !before.lines().any(|b| b == *l)).collect();
    assert_eq!(added, ["routines = [\"SIP\", \"Samtycke, informationsöverföring\"]"]);
    let get = lansplan(dir.path(), &["get", "lok.toml", "commitments.C1.routines"]);
    assert_eq!(stdout(&get), "SIP; Samtycke, informationsöverföring\n");
    // A commitment moves to another focus area with one field; an unknown one is refused.
    let bad = lansplan(dir.path(), &["set", "lok.toml", "commitments.C1.focus_area", "nowhere"]);
    assert_eq!(bad.status.code(), Some(1), "{}", stderr(&bad));
    assert_eq!(fs::read_to_string(&file).expect("read"), after);
}

#[test]
fn diff_names_a_shift_of_responsibility() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = repo_path("tests/fixtures/family/county/lok-2.toml");
    fs::copy(&src, dir.path().join("old.toml")).expect("copy");
    fs::copy(&src, dir.path().join("new.toml")).expect("copy");
    let o = lansplan(dir.path(), &["set", "new.toml", "commitments.C1.responsible", "region, berg, are"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    fs::write(
        dir.path().join("new.toml"),
        fs::read_to_string(dir.path().join("new.toml"))
            .expect("read")
            .replace("units = [\"Socialtjänsten\"]", "units = [\"Socialtjänsten\"]\nroutines = [\"SIP\"]"),
    )
    .expect("write");
    let text = lansplan(dir.path(), &["diff", "old.toml", "new.toml", "--color", "never"]);
    assert_eq!(text.status.code(), Some(1));
    assert!(
        stdout(&text).contains(
            "~ åtagande C1, ansvariga: {+Region Jämtland Härjedalen+} — Boendestöd: från kommunerna till gemensamt"
        ),
        "{}",
        stdout(&text)
    );
    let md = lansplan(dir.path(), &["--lang", "en", "diff", "old.toml", "new.toml", "--format", "markdown"]);
    assert!(
        stdout(&md).contains("**Region Jämtland Härjedalen** — Boendestöd: from the kommuner to joint"),
        "{}",
        stdout(&md)
    );
    let json = lansplan(dir.path(), &["diff", "old.toml", "new.toml", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let kinds: Vec<&str> =
        doc["changes"].as_array().expect("changes").iter().filter_map(|c| c["kind"].as_str()).collect();
    assert_eq!(kinds, ["commitment", "commitment"]);
}

#[test]
fn export_shows_the_commitments_and_the_responsibility_matrix() {
    let dir = repo_path("tests/fixtures/family/county");
    let o = lansplan(&dir, &["export", "lok-2.toml", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("## Åtaganden och ansvar"), "{md}");
    assert!(md.contains("| C2 | Behandling nära hemmet | Gemensamt | Region Jämtland Härjedalen, alla kommuner (2) | Beroendemottagningen, Socialtjänstens öppenvård | SIP |"), "{md}");
    assert!(md.contains("| Tjänst | Regionen | Kommunerna | Gemensamt |"), "{md}");
    assert!(md.contains("| Boendestöd (C1) | – | Socialtjänsten | – |"), "{md}");
    // The activities of a plan under the agreement's goals are exported too.
    let unga = lansplan(&dir, &["export", "unga-1.toml", "--format", "html"]);
    let html = stdout(&unga);
    assert!(html.contains("Aktiviteter under den överordnade planens mål") && html.contains("lok:G2"), "{html}");
}

#[test]
fn report_does_not_count_commitments_as_activities() {
    let dir = repo_path("tests/fixtures/family/county");
    let o = lansplan(&dir, &["report", "lok-2.toml"]);
    let text = stdout(&o);
    // Two goals with an activity each; the two commitments are not among them.
    assert!(text.contains("Aktiviteter (2)"), "{text}");
    assert!(!text.contains("Aktiviteter (4)"), "{text}");
}

proptest! {
    #![proptest_config(Config { cases: 48, failure_persistence: None, ..Config::default() })]

    /// Units typed with `;` between them read back as the same list, and
    /// only that line of the file changes.
    #[test]
    fn units_set_read_back_as_typed(units in proptest::collection::vec("[a-zA-ZåäöÅÄÖ0-9 ,.()–\"'\\\\]{1,20}", 1..5)) {
        let units: Vec<String> = units.into_iter().map(|u| u.trim().to_string()).filter(|u| !u.is_empty()).collect();
        prop_assume!(!units.is_empty());
        let src = fs::read_to_string(repo_path("tests/fixtures/family/county/lok-2.toml")).expect("read");
        let mut s = Session::from_text(src.clone(), TODAY).expect("session");
        let path = FieldPath::parse("commitments.C2.units").expect("path");
        s.set(&path, &units.join("; ")).expect("set");
        let after = load_str(s.text().to_string(), TODAY).expect("loads");
        prop_assert_eq!(after.error_count(), 0);
        let c = after.plan.find(Kind::Commitment, "C2").expect("C2");
        prop_assert_eq!(c.get("units"), Some(&Value::List(units.clone())));
        let changed = src.lines().zip(s.text().lines()).filter(|(a, b)| a != b).count();
        prop_assert_eq!(changed, 1);
    }
}

/// Whatever parties hold a commitment before and after, the diff names a
/// shift exactly when the principal (region, kommuner, joint) changes.
#[test]
fn a_shift_is_named_exactly_when_the_principal_changes() {
    use lansplan::plan::responsibility::Principal;
    let src = fs::read_to_string(repo_path("tests/fixtures/family/county/lok-2.toml")).expect("read");
    let base = load_str(src.clone(), TODAY).expect("loads").plan;
    let parties = ["region", "berg", "are", "jlb"];
    let subset = proptest::sample::subsequence(parties.to_vec(), 1..=4);
    let mut runner = TestRunner::new(Config { cases: 64, failure_persistence: None, ..Config::default() });
    runner
        .run(&(subset.clone(), subset), |(a, b)| {
            let with = |ids: &[&str]| {
                let mut s = Session::from_text(src.clone(), TODAY).expect("session");
                s.set(&FieldPath::parse("commitments.C1.responsible").expect("path"), &ids.join(", ")).expect("set");
                load_str(s.text().to_string(), TODAY).expect("loads").plan
            };
            let (old, new) = (with(&a), with(&b));
            let changes = lansplan::diff::diff(&old, &new);
            let named = changes.iter().any(|c| lansplan::diff::shift::of(&old, &new, c).is_some());
            let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            let differ = Principal::of(&base, &ids(&a)) != Principal::of(&base, &ids(&b));
            prop_assert_eq!(named, differ, "{:?} → {:?}", a, b);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
