//! `lansplan import` on hand-made files in the documented shapes
//! (tests/fixtures/import/): a CSV with commas and one as a Swedish
//! spreadsheet saves it, a Kolada data response, an Excel workbook; what
//! is shown before `--apply` is what `--apply` writes; broken files are
//! refused with FILE:ROW:COL and leave the plan as it was.
//!
//! Each broken file's messages are in `<file>.expected`;
//! `LANSPLAN_BLESS=1` rewrites them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lansplan::diff::diff;
use lansplan::plan::model::Sex;
use lansplan::plan::{Date, Kind, load_str};

use crate::common::{TODAY_ARG, blessing};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn lansplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .current_dir(dir())
        .env("LANSPLAN_TODAY", TODAY_ARG)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args)
        .output()
        .expect("run lansplan")
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8")
}

/// A copy of the fixture plan in a folder of its own.
fn plan_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path().join("plan.toml");
    fs::copy(dir().join("plan.toml"), &p).expect("copy");
    (tmp, p)
}

const TODAY: Date = Date { year: 2025, month: 3, day: 1 };

/// The imports of the good fixtures, as `import` is called for each.
fn cases() -> Vec<Vec<&'static str>> {
    vec![
        vec!["csv", "figures.csv"],
        vec!["csv", "figures-semicolon.csv"],
        vec!["kolada", "kolada.json"],
        vec!["xlsx", "oj.xlsx", "--sheet", "Kommuner", "--map", "area=Kommunkod", "--map", "indicator=\"N07402\""],
    ]
}

fn import(case: &[&str], plan: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", case[0], case[1], plan.to_str().expect("path")];
    args.extend_from_slice(&case[2..]);
    args.extend_from_slice(extra);
    lansplan(&args)
}

/// The change `--json` shows before anything is written equals the
/// change `diff` finds between the plan before and after `--apply`, and
/// the typed plans agree: what was shown is what was written.
#[test]
fn what_is_shown_is_what_apply_writes() {
    for case in cases() {
        let (_tmp, plan) = plan_copy();
        let before = fs::read_to_string(&plan).expect("read");
        let shown = import(&case, &plan, &["--json"]);
        assert_eq!(shown.status.code(), Some(1), "{case:?}: {}", err(&shown));
        assert_eq!(fs::read_to_string(&plan).expect("read"), before, "{case:?}: nothing written without --apply");
        let applied = import(&case, &plan, &["--apply"]);
        assert_eq!(applied.status.code(), Some(0), "{case:?}: {}", err(&applied));
        let orig = dir().join("plan.toml");
        let written =
            lansplan(&["diff", orig.to_str().expect("path"), plan.to_str().expect("path"), "--format", "json"]);
        assert_eq!(out(&shown), out(&written), "{case:?}");
        let after = fs::read_to_string(&plan).expect("read");
        assert!(
            after.contains("{ year = 2022, value = 40.0 },   # länets total, skriven för hand"),
            "{case:?}: comment kept"
        );
        // Only measurement lines change.
        let a = load_str(before.clone(), TODAY).expect("loads").plan;
        let b = load_str(after.clone(), TODAY).expect("loads");
        assert_eq!(b.error_count(), 0, "{case:?}: {:?}", b.findings);
        assert!(diff(&a, &b.plan).iter().all(|c| c.kind == Kind::Indicator && c.field == Some("measurements")));
        // The same import again changes nothing.
        let again = import(&case, &plan, &[]);
        assert_eq!(again.status.code(), Some(0), "{case:?}: {}", out(&again));
        assert_eq!(fs::read_to_string(&plan).expect("read"), after);
    }
}

#[test]
fn each_kind_of_file_gives_its_figures() {
    let (_tmp, plan) = plan_copy();
    let o = import(&cases()[0], &plan, &[]);
    let text = out(&o);
    assert!(text.contains("  + 2023 ostersund K: 38.5 n=212             figures.csv:2\n"), "{text}");
    assert!(text.contains("  ~ 2022 berg: 44 → 45                       figures.csv:5\n"), "{text}");
    assert!(text.contains("1 rad utan värde i filen hoppades över (rad 8)"), "{text}");
    assert!(text.contains("kolumner som inte lästes: kommunnamn"), "{text}");
    assert!(err(&o).contains("kör igen med --apply för att skriva de 7 siffrorna"), "{}", err(&o));

    for (case, want) in [
        (
            1,
            vec![
                (2024, Some("ostersund"), Sex::Women, 37.5, Some(205)),
                (2024, Some("region"), Sex::Total, 38.0, None),
            ],
        ),
        (
            2,
            vec![
                (2023, Some("ostersund"), Sex::Women, 38.5, None),
                (2023, Some("ostersund"), Sex::Men, 36.0, None),
                (2023, Some("ostersund"), Sex::Total, 37.2, None),
                (2023, Some("riket"), Sex::Total, 37.0, None),
            ],
        ),
        (
            3,
            vec![
                (2023, Some("ostersund"), Sex::Women, 38.5, None),
                (2023, Some("berg"), Sex::Total, 41.0, None),
                (2023, Some("riket"), Sex::Total, 37.0, None),
            ],
        ),
    ] {
        let (_tmp, plan) = plan_copy();
        let c = &cases()[case];
        assert_eq!(import(c, &plan, &["--apply"]).status.code(), Some(0), "{c:?}");
        let p = load_str(fs::read_to_string(&plan).expect("read"), TODAY).expect("loads").plan;
        let i1 = p.find(Kind::Indicator, "I1").expect("I1");
        let got: Vec<_> = i1
            .measurements()
            .iter()
            .filter(|m| m.year >= 2023)
            .map(|m| (m.year, m.area.as_deref(), m.sex, m.value, m.n))
            .collect();
        assert_eq!(got, want, "{c:?}");
        assert!(i1.measurements().iter().filter(|m| m.year >= 2023).all(|m| m.source.as_deref() == Some(c[1])));
    }
}

/// Kolada's `null` is no figure: counted and named, never imported;
/// its region code `0023` is the party with code 23.
#[test]
fn kolada_nulls_are_named_and_regions_found_by_code() {
    let (_tmp, plan) = plan_copy();
    let o = import(&cases()[2], &plan, &[]);
    let text = out(&o);
    assert!(text.contains("  + 2023 region K: 5.1"), "{text}");
    assert!(text.contains("1 rad utan värde i filen hoppades över (rad 27)"), "{text}");
}

#[test]
fn broken_files_are_refused_where_they_go_wrong_and_change_nothing() {
    let kinds = |name: &str| {
        if name.ends_with(".json") {
            vec!["kolada"]
        } else if name.ends_with(".xlsx") {
            vec!["xlsx", "--map", "area=Kommunkod", "--map", "indicator=\"I1\""]
        } else {
            vec!["csv"]
        }
    };
    let mut names: Vec<String> = fs::read_dir(dir().join("broken"))
        .expect("broken/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| !n.ends_with(".expected"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    let mut failures = Vec::new();
    for name in names {
        let (_tmp, plan) = plan_copy();
        let before = fs::read(&plan).expect("read");
        let k = kinds(&name);
        let file = format!("broken/{name}");
        let mut args = vec!["import", k[0], file.as_str(), plan.to_str().expect("path")];
        args.extend_from_slice(&k[1..]);
        let o = lansplan(&args);
        if o.status.code() != Some(2) {
            failures.push(format!("{name}: exit {:?}", o.status.code()));
        }
        if fs::read(&plan).expect("read") != before {
            failures.push(format!("{name}: the plan changed"));
        }
        let stderr = err(&o);
        if !stderr.lines().next().is_some_and(|l| l.starts_with(&format!("{file}:"))) {
            failures.push(format!("{name}: no FILE:ROW:COL: {stderr}"));
        }
        let expected = dir().join("broken").join(format!("{name}.expected"));
        if blessing() {
            fs::write(&expected, &stderr).expect("bless");
        } else if fs::read_to_string(&expected).unwrap_or_default() != stderr {
            failures.push(format!("{name}: stderr differs:\n{stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// No file at all, and a plan that cannot be read, are trouble too.
#[test]
fn missing_files_are_trouble() {
    let (_tmp, plan) = plan_copy();
    let o = lansplan(&["import", "csv", "nowhere.csv", plan.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("nowhere.csv: fel:"), "{}", err(&o));
    let o = lansplan(&["import", "csv", "figures.csv", "nowhere.toml"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The HTML export shows the imported figures per kommun as the editor
/// does: a captioned table, the reference rows, the kommuner that lag first.
#[test]
fn the_html_export_shows_the_figures_per_kommun() {
    let o = lansplan(&["export", "plan-with-figures.toml", "--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let html = out(&o);
    let at = html.find("<table class=\"areas\" id=\"areas-I1\">").expect("a table per kommun");
    let table = &html[at..at + html[at..].find("</table>").expect("closed")];
    assert!(table.contains("<caption>I1 per kommun, % (minska); sämst först</caption>"), "{table}");
    assert!(table.contains("<tr class=\"reference\"><th scope=\"row\">Riket</th><td>–</td><td>37</td>"), "{table}");
    let (berg, ostersund) = (table.find(">Berg<").expect("Berg"), table.find(">Östersund<").expect("Östersund"));
    assert!(berg < ostersund, "worst first: {table}");
    assert!(table.contains("<td>38,5 (2023)</td><td>36 (2023)</td>"), "women and men: {table}");
    // An indicator without figures per kommun has no such table.
    let o = lansplan(&["export", "plan.toml", "--format", "html"]);
    assert!(out(&o).contains("id=\"areas-I1\"") && !out(&o).contains("id=\"areas-I2\""));
}
