//! The consultation and the decisions beside a plan (issue 17), through the
//! real binary: the whole round from sending a revision out to catching a
//! later edit, the merge of two branches' side files, and bad input.
//!
//! The bad-input cases are files under `tests/fixtures/consult/`, checked
//! beside a copy of the Jämtland revisions; their expected output is the
//! `expected.txt` beside them (`LANSPLAN_BLESS=1` rewrites it).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{TODAY_ARG, blessing, repo_path};

fn lansplan(dir: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .current_dir(dir)
        .env("PATH", crate::common::path_with_lansplan())
        .env("LANSPLAN_TODAY", today)
        .env("LANSPLAN_REVIEWER", "Testare")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args)
        .output()
        .expect("run lansplan")
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stdout:\n{}\nstderr:\n{}", out(o), err(o));
    out(o)
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8")
}

/// True if any character could act on a terminal.
fn raw_control(s: &str) -> bool {
    s.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

fn copy_revisions(dir: &Path) {
    for v in ["lok-2025.1-utkast.toml", "lok-2025.2-remiss.toml", "lok-2025.3-beslutad.toml"] {
        fs::copy(repo_path(&format!("plans/jamtland/{v}")), dir.join(v)).expect("copy");
    }
}

/// new → responses → next revision → links → export → decisions → a later
/// edit caught by `check` and shown by `diff --since-decision`.
#[test]
fn the_whole_round_of_a_consultation_and_its_decisions() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    fs::copy(repo_path("plans/jamtland/lok-2025.2-remiss.toml"), d.join("v2.toml")).expect("copy");
    let day = "2025-04-10";

    // Sent out to three principals and the user council.
    ok(&lansplan(
        d,
        day,
        &[
            "remiss",
            "new",
            "v2.toml",
            "--deadline",
            "2025-05-16",
            "--to",
            "region,berg",
            "--to",
            "bracke",
            "--to",
            "jlb",
        ],
    ));
    let r = "jamtland-lok_2025.2.remiss.toml";
    assert!(d.join(r).is_file());
    // A second `new` never overwrites it.
    assert_eq!(
        lansplan(d, day, &["remiss", "new", "v2.toml", "--deadline", "2025-05-16", "--to", "region"]).status.code(),
        Some(1)
    );
    let unknown = lansplan(d, day, &["remiss", "new", "v2.toml", "--deadline", "2025-05-16", "--to", "nobody"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(err(&unknown).contains("okänd part \"nobody\""), "{}", err(&unknown));

    // Responses: the region about the waiting-time target, Berg about the whole plan.
    ok(&lansplan(
        d,
        "2025-05-15",
        &[
            "remiss",
            "add",
            r,
            "--party",
            "region",
            "--received",
            "2025-05-15",
            "--stance",
            "support-with-comments",
            "--reference",
            "RS 2025/412",
            "--point",
            "indicator/I8/target: Målvärdet 14 dagar är inte realistiskt.",
        ],
    ));
    ok(&lansplan(
        d,
        "2025-05-16",
        &[
            "remiss",
            "add",
            r,
            "--party",
            "berg",
            "--received",
            "2025-05-16",
            "--stance",
            "support",
            "--point",
            "Bra att spel om pengar finns med.",
        ],
    ));
    ok(&lansplan(
        d,
        "2025-05-16",
        &["remiss", "add", r, "--party", "jlb", "--received", "2025-05-16", "--stance", "abstain"],
    ));
    // A point about an item the version does not have is refused, the file untouched.
    let before = fs::read(d.join(r)).expect("read");
    let bad = lansplan(d, "2025-05-16", &["remiss", "point", r, "R2", "goal/G99: Ett mål som inte finns"]);
    assert_eq!(bad.status.code(), Some(1), "{}", err(&bad));
    assert!(err(&bad).contains("mål G99 finns inte i version 2025.2"), "{}", err(&bad));
    assert_eq!(fs::read(d.join(r)).expect("read"), before);
    let again = lansplan(
        d,
        "2025-05-16",
        &["remiss", "add", r, "--party", "berg", "--received", "2025-05-16", "--stance", "oppose"],
    );
    assert_eq!(again.status.code(), Some(1));

    let status = ok(&lansplan(d, "2025-05-20", &["remiss", "status", r]));
    assert!(status.contains("3 av 4 remissinstanser har svarat"), "{status}");
    assert!(status.contains("sista svarsdag passerades för 4 dagar sedan"), "{status}");
    assert!(status.contains("Bräcke kommun") && status.contains("inget svar"), "{status}");
    assert!(status.contains("Öppna synpunkter: 2 av 2"), "{status}");

    // The next revision: the target moves to 21 days, and it is adopted.
    fs::copy(d.join("v2.toml"), d.join("v3.toml")).expect("copy");
    for (path, value) in [
        ("indicators.I8.target", "2028=21"),
        ("revision.version", "2025.3"),
        ("revision.date", "2025-06-12"),
        ("revision.status", "adopted"),
        ("revision.decided_by", "SVOM"),
    ] {
        ok(&lansplan(d, "2025-06-12", &["set", "v3.toml", path, value]));
    }
    let changes = ok(&lansplan(d, "2025-06-12", &["remiss", "changes", r]));
    assert!(changes.contains("indicator/I8/target"), "{changes}");
    let nope = lansplan(d, "2025-06-12", &["remiss", "link", r, "R1.1", "goal/G1/title", "--disposition", "accepted"]);
    assert_eq!(nope.status.code(), Some(1));
    assert!(err(&nope).contains("ingen ändring har nyckeln \"goal/G1/title\""), "{}", err(&nope));
    ok(&lansplan(
        d,
        "2025-06-12",
        &[
            "remiss",
            "link",
            r,
            "R1.1",
            "indicator/I8",
            "--disposition",
            "accepted",
            "--answer",
            "Målvärdet blir 21 dagar.",
        ],
    ));
    let text = fs::read_to_string(d.join(r)).expect("read");
    assert!(text.contains("changes = [\"indicator/I8/target\"]"), "an item key links its changes:\n{text}");

    // Every diff format shows the point beside the change it caused.
    let json = out(&lansplan(d, "2025-06-12", &["diff", "v2.toml", "v3.toml", "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let target = doc["changes"].as_array().expect("changes").iter().find(|c| c["id"] == "I8").expect("I8 changed");
    assert_eq!(target["points"][0]["id"], "R1.1");
    assert_eq!(target["points"][0]["party"], "region");
    assert_eq!(target["points"][0]["disposition"], "accepted");
    let md = out(&lansplan(d, "2025-06-12", &["diff", "v2.toml", "v3.toml", "--format", "markdown"]));
    assert!(md.contains("  - ↳ Remiss R1.1 Region Jämtland Härjedalen (beaktad): Målvärdet 14 dagar"), "{md}");
    let txt = out(&lansplan(d, "2025-06-12", &["diff", "v2.toml", "v3.toml", "--color", "never"]));
    assert!(txt.contains("↳ Remiss R1.1 Region Jämtland Härjedalen (beaktad)"), "{txt}");

    // The summary of responses, with a "no answer" row for Bräcke.
    let summary = ok(&lansplan(d, "2025-06-12", &["remiss", "export", r, "--format", "markdown"]));
    assert!(summary.contains("| Bräcke kommun | – | – | Inget svar | – |"), "{summary}");
    assert!(summary.contains("| R1.1 | indikator I8, målvärde | Målvärdet 14 dagar är inte realistiskt. | beaktad | Målvärdet blir 21 dagar. | indikator I8, målvärde |"), "{summary}");
    assert!(summary.contains("## Synpunkter per avsnitt i planen"), "{summary}");
    let html = ok(&lansplan(d, "2025-06-12", &["remiss", "export", r, "--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<th scope=\"row\">Bräcke kommun</th>"), "{html}");

    // Adopted with loose ends: Berg's point is open, Bräcke never answered.
    let check = lansplan(d, "2025-06-12", &["check", "v3.toml"]);
    assert_eq!(check.status.code(), Some(0), "{}", out(&check));
    let findings = out(&check);
    assert!(
        findings.contains("jamtland-lok_2025.2.remiss.toml:") && findings.contains("synpunkt R2.1 saknar hantering"),
        "{findings}"
    );
    assert!(findings.contains("Bräcke kommun har inte svarat på remissen"), "{findings}");
    assert!(!findings.contains("civil_society"), "the user council was asked:\n{findings}");

    // Decisions.
    ok(&lansplan(
        d,
        "2025-06-12",
        &[
            "decision",
            "add",
            "v3.toml",
            "--kind",
            "recommendation",
            "--body",
            "SVOM",
            "--date",
            "2025-06-12",
            "--paragraph",
            "§ 34",
        ],
    ));
    ok(&lansplan(
        d,
        "2025-06-18",
        &[
            "decision",
            "add",
            "v3.toml",
            "--kind",
            "adoption",
            "--party",
            "region",
            "--body",
            "Regionfullmäktige",
            "--date",
            "2025-06-18",
        ],
    ));
    ok(&lansplan(
        d,
        "2025-09-02",
        &[
            "decision",
            "add",
            "v3.toml",
            "--kind",
            "adoption",
            "--party",
            "bracke",
            "--body",
            "Kommunfullmäktige",
            "--date",
            "2025-09-02",
            "--outcome",
            "referred-back",
        ],
    ));
    let no_party = lansplan(
        d,
        "2025-09-02",
        &["decision", "add", "v3.toml", "--kind", "adoption", "--body", "KF", "--date", "2025-09-03"],
    );
    assert_eq!(no_party.status.code(), Some(1), "{}", err(&no_party));
    let st = ok(&lansplan(d, "2025-09-03", &["decision", "status", "v3.toml"]));
    assert!(st.contains("SVOM rekommenderade 2025.3 den 2025-06-12 (§ 34)"), "{st}");
    assert!(st.contains("1 av 9 huvudmän har antagit 2025.3"), "{st}");
    assert!(st.contains("Bräcke kommun återremitterade den 2025-09-02"), "{st}");
    assert!(st.contains("Ragunda kommun: inget beslut registrerat"), "{st}");
    let export = ok(&lansplan(d, "2025-09-03", &["export", "v3.toml", "--format", "markdown", "--remiss", r]));
    assert!(
        export.contains("## Beslut")
            && export.contains("| Region Jämtland Härjedalen | antagen | 2025-06-18 | Regionfullmäktige |"),
        "{export}"
    );
    assert!(export.contains("## Bilaga: Remissammanställning"), "{export}");
    assert!(!export.contains("Obs: planen har ändrats"), "{export}");

    // The adopted revision goes into git; then someone edits a decided date.
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(d)
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .expect("git");
        assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "beslutad"]);
    ok(&lansplan(d, "2025-10-01", &["set", "v3.toml", "activities.A20.due", "2028-06-30"]));
    let caught = lansplan(d, "2025-10-01", &["check", "v3.toml"]);
    assert_eq!(caught.status.code(), Some(1), "{}", out(&caught));
    assert!(
        out(&caught).contains("v3.toml:") && out(&caught).contains("version 2025.3 har ändrats efter beslutet"),
        "{}",
        out(&caught)
    );
    let since = lansplan(d, "2025-10-01", &["diff", "v3.toml", "--since-decision", "region", "--color", "never"]);
    assert_eq!(since.status.code(), Some(1), "{}", err(&since));
    let shown = out(&since);
    assert!(
        shown.contains("1 ändring") && shown.contains("aktivitet A20, klart senast: [-2026-12-31-] → {+2028-06-30+}"),
        "{shown}"
    );
    let refused = lansplan(d, "2025-10-01", &["diff", "v3.toml", "--since-decision", "bracke"]);
    assert_eq!(refused.status.code(), Some(2), "Bräcke never adopted it");
    let html = ok(&lansplan(d, "2025-10-01", &["export", "v3.toml", "--format", "html"]));
    assert!(html.contains("id=\"beslut\"") && html.contains("Obs: planen har ändrats efter beslutet"), "{html}");
    // Recording a decision on changed content is refused.
    let late = lansplan(
        d,
        "2025-10-01",
        &[
            "decision",
            "add",
            "v3.toml",
            "--kind",
            "adoption",
            "--party",
            "berg",
            "--body",
            "KF",
            "--date",
            "2025-10-01",
        ],
    );
    assert_eq!(late.status.code(), Some(1), "{}", err(&late));
}

/// The shipped example: its consultation and decisions agree with the
/// revisions, and the decisions tell the story the issue asks for.
#[test]
fn the_jamtland_example_is_consistent() {
    let dir = repo_path("plans/jamtland");
    let check = lansplan(
        &dir,
        TODAY_ARG,
        &["check", "jamtland-lok_2025.2.remiss.toml", "jamtland-lok_2025.3.decisions.toml", "lok-2025.3-beslutad.toml"],
    );
    assert_eq!((check.status.code(), out(&check)), (Some(0), String::new()), "{}", err(&check));
    let st = ok(&lansplan(&dir, TODAY_ARG, &["decision", "status", "lok-2025.3-beslutad.toml"]));
    assert!(st.contains("7 av 9 huvudmän har antagit 2025.3"), "{st}");
    assert!(
        st.contains("Bräcke kommun återremitterade den 2025-09-02")
            && st.contains("Ragunda kommun: inget beslut registrerat"),
        "{st}"
    );
    let changes = ok(&lansplan(&dir, TODAY_ARG, &["remiss", "changes", "jamtland-lok_2025.2.remiss.toml"]));
    // Every change of substance was caused by a point; the follow-up and the revision table were not.
    for line in changes.lines() {
        let linked = !line.trim_end().ends_with(" -");
        let follow_up = line.starts_with("revision/") || line.contains("/status ") || line.contains("/measurements ");
        assert_eq!(linked, !follow_up, "{line}");
    }
}

fn check_fixture(case: &str, file: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_revisions(tmp.path());
    let fixture = repo_path(&format!("tests/fixtures/consult/{case}"));
    fs::copy(fixture.join(file), tmp.path().join(file)).expect("copy");
    let o = lansplan(tmp.path(), TODAY_ARG, &["check", file]);
    let got = format!("exit {}\n{}", o.status.code().unwrap_or(-1), out(&o));
    assert!(!raw_control(&got) && !raw_control(&err(&o)), "raw control characters in:\n{got}");
    let expected = fixture.join("expected.txt");
    if blessing() {
        fs::write(&expected, &got).expect("bless");
    }
    assert_eq!(got, fs::read_to_string(&expected).unwrap_or_default(), "{case}");
}

#[test]
fn a_consultation_file_with_every_kind_of_mistake() {
    check_fixture("bad-remiss", "jamtland-lok_2025.2.remiss.toml");
}

#[test]
fn a_decisions_file_with_every_kind_of_mistake() {
    check_fixture("bad-decisions", "jamtland-lok_2025.3.decisions.toml");
}

#[test]
fn binary_junk_and_hostile_nesting_are_unreadable_not_a_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    fs::copy(repo_path("tests/fixtures/consult/junk.remiss.toml"), d.join("junk.remiss.toml")).expect("copy");
    fs::write(
        d.join("deep.decisions.toml"),
        format!("format = \"lansplan-decisions/1\"\nx = {}1{}\n", "[".repeat(5000), "]".repeat(5000)),
    )
    .expect("write");
    fs::write(d.join("empty.remiss.toml"), "").expect("write");
    for (file, code) in [("junk.remiss.toml", 2), ("deep.decisions.toml", 2), ("empty.remiss.toml", 1)] {
        let o = lansplan(d, TODAY_ARG, &["check", file]);
        assert_eq!(o.status.code(), Some(code), "{file}: {}", out(&o));
        assert!(out(&o).starts_with(&format!("{file}:")), "{file}: {}", out(&o));
        assert!(!raw_control(&out(&o)), "{file}");
        for args in [vec!["remiss", "status", file], vec!["remiss", "export", file, "--format", "html"]] {
            let o = lansplan(d, TODAY_ARG, &args);
            assert!(matches!(o.status.code(), Some(1 | 2)), "{args:?}");
            assert!(!raw_control(&err(&o)), "{args:?}");
        }
    }
}

fn side_merge(base: &str, ours: &str, theirs: &str) -> (Output, String, tempfile::TempDir) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    copy_revisions(d);
    // git passes temporary names: the format tells the file apart.
    for (n, t) in [("b.tmp", base), ("o.tmp", ours), ("t.tmp", theirs)] {
        fs::write(d.join(n), t).expect("write");
    }
    let o = lansplan(d, TODAY_ARG, &["merge", "b.tmp", "o.tmp", "t.tmp", "-o", "jamtland-lok_2025.2.remiss.toml"]);
    let merged = fs::read_to_string(d.join("jamtland-lok_2025.2.remiss.toml")).unwrap_or_default();
    (o, merged, tmp)
}

const BASE: &str = "format = \"lansplan-remiss/1\"\nplan = \"jamtland-lok\"\nversion = \"2025.2\"\nsent = 2025-04-10\ndeadline = 2025-05-16\nrecipients = [\"region\", \"berg\", \"bracke\", \"jlb\"]\n\n[[responses]]\nid = \"R1\"\nparty = \"region\"\nreceived = 2025-05-15\nstance = \"support_with_comments\"\n\n[[points]]\nid = \"R1.1\"\nresponse = \"R1\"\nabout = [\"indicator/I8/target\"]\ntext = \"För kort väntetid.\"\n";

fn with_response(src: &str, id: &str, party: &str, point: &str) -> String {
    format!(
        "{src}\n[[responses]]\nid = \"{id}\"\nparty = \"{party}\"\nreceived = 2025-05-16\nstance = \"support\"\n\n[[points]]\nid = \"{id}.1\"\nresponse = \"{id}\"\ntext = \"{point}\"\n"
    )
}

#[test]
fn two_branches_that_each_recorded_a_response_merge_without_markers() {
    let ours = with_response(BASE, "R2", "berg", "Berg tycker till.").replace(
        "text = \"För kort väntetid.\"\n",
        "text = \"För kort väntetid.\"\ndisposition = \"accepted\"  # vår\n",
    );
    let theirs = with_response(BASE, "R2", "bracke", "Bräcke tycker till.");
    let (o, merged, tmp) = side_merge(BASE, &ours, &theirs);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("R2 fanns på båda håll; deras fick id R3"), "{}", err(&o));
    assert!(merged.starts_with(&ours), "ours is kept byte for byte:\n{merged}");
    assert!(
        merged.contains("id = \"R3\"\nparty = \"bracke\"") && merged.contains("id = \"R3.1\"\nresponse = \"R3\""),
        "{merged}"
    );
    let check = lansplan(tmp.path(), TODAY_ARG, &["check", "jamtland-lok_2025.2.remiss.toml"]);
    assert_eq!((check.status.code(), out(&check)), (Some(0), String::new()));
}

#[test]
fn a_point_handled_differently_on_two_branches_becomes_a_recorded_conflict() {
    let set = |d: &str| {
        BASE.replace(
            "text = \"För kort väntetid.\"\n",
            &format!("text = \"För kort väntetid.\"\ndisposition = \"{d}\"\n"),
        )
    };
    let (o, merged, tmp) = side_merge(BASE, &set("accepted"), &set("rejected"));
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(!merged.contains("<<<<<<<") && !merged.contains(">>>>>>>"));
    assert!(merged.contains("[[conflicts]]\nentry = \"points/R1.1\"\nfield = \"disposition\""), "{merged}");
    let check = lansplan(tmp.path(), TODAY_ARG, &["check", "jamtland-lok_2025.2.remiss.toml"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(out(&check).contains("olöst konflikt från en sammanslagning: points/R1.1 disposition"), "{}", out(&check));
    // Recipients merge as sets; a removal on one side holds.
    let ours = BASE.replace("\"bracke\", ", "");
    let theirs = BASE.replace("\"jlb\"]", "\"jlb\", \"polisen\"]");
    let (o, merged, _tmp) = side_merge(BASE, &ours, &theirs);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(merged.contains("recipients = [\"region\", \"berg\", \"jlb\", \"polisen\"]"), "{merged}");
}

/// `git merge` with the driver `git-setup` installs, on two branches that
/// each linked a different point.
#[test]
fn git_merges_side_files_through_the_driver() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(d)
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"])
            .args(args)
            .env_remove("GIT_DIR")
            .env("PATH", crate::common::path_with_lansplan())
            .output()
            .expect("git");
        assert!(
            o.status.success(),
            "git {args:?}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"]);
    ok(&lansplan(d, TODAY_ARG, &["git-setup", "--apply"]));
    let attrs = fs::read_to_string(d.join(".gitattributes")).expect("attributes");
    assert!(attrs.contains("*.remiss.toml merge=lansplan diff\n"), "{attrs}");
    let base = with_response(BASE, "R2", "berg", "Berg tycker till.");
    let f = "jamtland-lok_2025.2.remiss.toml";
    fs::write(d.join(f), &base).expect("write");
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    git(&["checkout", "-qb", "other"]);
    fs::write(
        d.join(f),
        base.replace("text = \"Berg tycker till.\"\n", "text = \"Berg tycker till.\"\ndisposition = \"rejected\"\n"),
    )
    .expect("write");
    git(&["commit", "-qam", "theirs"]);
    git(&["checkout", "-q", "main"]);
    fs::write(
        d.join(f),
        base.replace("text = \"För kort väntetid.\"\n", "text = \"För kort väntetid.\"\ndisposition = \"accepted\"\n"),
    )
    .expect("write");
    git(&["commit", "-qam", "ours"]);
    git(&["merge", "-q", "--no-edit", "other"]);
    let merged = fs::read_to_string(d.join(f)).expect("read");
    assert!(merged.contains("disposition = \"accepted\"") && merged.contains("disposition = \"rejected\""), "{merged}");
    assert!(!merged.contains("<<<<<<<"));
}

/// The remiss commands take the plan revision as well as its consultation
/// file, and the status lines up in columns.
#[test]
fn remiss_status_of_a_plan_revision_finds_its_consultation_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    copy_revisions(d);
    fs::copy(repo_path("plans/jamtland/jamtland-lok_2025.2.remiss.toml"), d.join("jamtland-lok_2025.2.remiss.toml"))
        .expect("copy");
    let of_file = lansplan(d, TODAY_ARG, &["remiss", "status", "jamtland-lok_2025.2.remiss.toml"]);
    assert_eq!(of_file.status.code(), Some(0), "{}", err(&of_file));
    // Its own version's, and the one that led to a later revision.
    for plan in ["lok-2025.2-remiss.toml", "lok-2025.3-beslutad.toml"] {
        let o = lansplan(d, TODAY_ARG, &["remiss", "status", plan]);
        assert_eq!((o.status.code(), out(&o)), (Some(0), out(&of_file)), "{plan}: {}", err(&o));
    }
    // The points column starts at one place on every answered line.
    let status = out(&of_file);
    let rows: Vec<&str> = status.lines().filter(|l| l.starts_with("  ") && l.contains("synpunkt")).collect();
    assert!(rows.len() > 3, "{status}");
    let at = |l: &str| l.rfind("  ").map(|i| l[..i].chars().count());
    assert!(rows.iter().all(|l| at(l) == at(rows[0])), "{}", rows.join("\n"));
    // A revision that was never sent out says so.
    let o = lansplan(d, TODAY_ARG, &["remiss", "status", "lok-2025.1-utkast.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("är en plan, och ingen remissfil hör till den (version 2025.1)"), "{}", err(&o));
}

// Issue #15 (second audit): the merge of a side file refused a broken side
// as "THEIRS: invalid TOML: …", naming neither the file nor the place.
#[test]
fn a_side_file_merge_refusal_names_the_file_line_and_column() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let ours = fs::read_to_string(repo_path("plans/jamtland/jamtland-lok_2025.2.remiss.toml")).expect("read");
    let lines = ours.lines().count();
    fs::write(dir.join("base.remiss.toml"), &ours).expect("write");
    fs::write(dir.join("ours.remiss.toml"), &ours).expect("write");
    // A broken header, with an escape sequence a terminal would obey.
    fs::write(dir.join("theirs.remiss.toml"), format!("{ours}\n[[points]\n# \u{1b}[2J\n")).expect("write");
    let o = lansplan(
        dir,
        TODAY_ARG,
        &["merge", "base.remiss.toml", "ours.remiss.toml", "theirs.remiss.toml", "-o", "m.toml"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let said = err(&o);
    assert!(said.contains(&format!("theirs.remiss.toml:{}:10: fel: ogiltig TOML", lines + 2)), "{said}");
    assert!(!raw_control(&said), "{said:?}");
    assert!(!dir.join("m.toml").exists());
}
