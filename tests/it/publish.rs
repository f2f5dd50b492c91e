//! Follow-up and publication through the real binary: `report` against a
//! hand-written plan whose figures are worked out in its comments
//! (`tests/publish/report/`), `export` of every example plan, escaping of
//! hostile plan text in every format, and the HTML in headless Chromium
//! when it is installed.
//!
//! `LANSPLAN_BLESS=1` rewrites the expected report files; read them before
//! committing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{TODAY_ARG as TODAY, blessing, repo_path};
use lansplan::plan::{Date, load_file};
use lansplan::publish::followup::{Counts, FollowUp, Verdict};
use lansplan::publish::html::esc;
use lansplan::publish::markdown::md;
use lansplan::publish::one_line;
use lansplan::text::is_dangerous;

fn lansplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .args(args)
        .env("LANSPLAN_TODAY", TODAY)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdin(Stdio::null())
        .output()
        .expect("run lansplan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// Returns every example plan under `plans/`.
fn example_plans() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for county in fs::read_dir(repo_path("plans")).expect("plans/ exists") {
        let county = county.expect("entry").path();
        for f in fs::read_dir(&county).expect("county folder") {
            let f = f.expect("entry").path();
            // The consultation and decisions files beside a plan are not plans.
            if f.extension().is_some_and(|e| e == "toml") && !lansplan::consult::beside::is_side_file(&f) {
                out.push(f);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 5, "the example plans are there");
    out
}

/// Fails if `s` carries a control, bidi or invisible formatting character
/// other than a line break or a tab.
fn assert_no_raw_controls(s: &str, what: &str) {
    if let Some(c) = s.chars().find(|&c| c != '\n' && c != '\t' && is_dangerous(c)) {
        panic!("{what} carries a raw U+{:04X}", c as u32);
    }
}

/// Fails if Markdown has a `<` that is not backslash-escaped, which a
/// renderer could take for inline HTML.
fn assert_no_raw_markup(doc: &str) {
    let mut chars = doc.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '<' => panic!("an unescaped < in the Markdown:\n{doc}"),
            _ => {}
        }
    }
}

fn today() -> Date {
    TODAY.parse().expect("a date")
}

#[test]
fn every_example_plan_exports_every_goal_and_activity() {
    for plan in example_plans() {
        let path = plan.to_str().expect("UTF-8 path");
        let loaded = load_file(&plan, today()).expect("example plan loads");
        for format in ["html", "markdown"] {
            let o = lansplan(&["export", path, "--format", format]);
            assert_eq!(o.status.code(), Some(0), "{path} {format}: {}", String::from_utf8_lossy(&o.stderr));
            let doc = stdout(&o);
            assert_no_raw_controls(&doc, path);
            let shown = |s: &str| if format == "html" { esc(&one_line(s)) } else { md(&one_line(s)) };
            for item in loaded.plan.goals.iter().chain(&loaded.plan.activities).chain(&loaded.plan.indicators) {
                assert!(doc.contains(&shown(&item.id)), "{path} {format}: id {} missing", item.id);
                assert!(doc.contains(&shown(item.label())), "{path} {format}: title of {} missing", item.id);
            }
            for fa in &loaded.plan.focus_areas {
                assert!(doc.contains(&shown(fa.label())), "{path} {format}: focus area {} missing", fa.id);
            }
            assert!(doc.contains(&shown(loaded.plan.plan.str("title"))), "{path} {format}: plan title");
        }
    }
}

#[test]
fn html_is_self_contained_and_swedish() {
    let plan = repo_path("plans/jamtland/lok-2025.3-beslutad.toml");
    let o = lansplan(&["export", plan.to_str().expect("path"), "--format", "html"]);
    assert_eq!(o.status.code(), Some(0));
    let html = stdout(&o);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    // Issue #16: the page says the language it is written in.
    let en = stdout(&lansplan(&["--lang", "en", "export", plan.to_str().expect("path"), "--format", "html"]));
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{}", &en[..60.min(en.len())]);
    assert!(html.contains("@media print"));
    // The SVG namespace is a name, not a resource.
    let rest = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for banned in ["<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "http://", "https://"] {
        assert!(!rest.contains(banned), "the export must not use {banned}");
    }
    // One chart per indicator with a baseline, each with a text alternative.
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 10);
    assert_eq!(html.matches("<title id=\"chart-").count(), 10);
    assert!(html.contains("effektmål") && html.contains("resultatmål") && html.contains("aktivitetsmål"));
    assert!(html.contains("beslutad") && html.contains("2025-06-12"));
    assert!(html.contains("SVOM, Sociala vård- och omsorgsgruppen"), "decided_by is shown");
}

/// A plan whose every text field tries something: markup, entities,
/// quotes, a terminal escape sequence and a right-to-left override.
const HOSTILE: &str = r#"format = "lansplan/1"
[plan]
id = "evil"
title = "Plan <script>alert('x')</script> & \"citat\""
county = "Län \u001b]52;c;aGk=\u0007 & <b>"
kind = "action_plan"
period = { start = 2025-01-01, end = 2026-12-31 }
vision = "Rad ett <i>\n\nRad \u202etvå"
[revision]
version = "1 <v>"
date = 2025-01-01
status = "draft"
[[parties]]
id = "region"
name = "Region <img src=x onerror=alert(1)>"
kind = "region"
[[parties]]
id = "k"
name = "Kommun 'ett' & \"två\""
kind = "municipality"
[[focus_areas]]
id = "f"
name = "Område | # * _ ` [länk](http://x) \u001b[2J"
[[goals]]
id = "G1"
focus_area = "f"
level = "impact"
title = "Mål <script>alert(1)</script>"
description = "</p><p onclick=\"x\">"
responsible = ["region", "k"]
[[indicators]]
id = "I1"
goal = "G1"
name = "Indikator \u202eevil & <svg onload=alert(1)>"
unit = "% <u>"
direction = "decrease"
baseline = { year = 2020, value = 40.0 }
target = { year = 2026, value = 20.0 }
measurements = [{ year = 2024, value = 30.0 }]
[[activities]]
id = "A1"
goal = "G1"
title = "Aktivitet \u001b[31mröd\u001b[0m & <b>fet</b> 'x' \"y\""
responsible = ["region", "k"]
owner = "Ägare\u202e & <i>"
due = 2025-06-30
status = "ongoing"
"#;

fn hostile_plan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("evil.toml");
    fs::write(&file, HOSTILE).expect("write plan");
    (dir, file)
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let (_dir, file) = hostile_plan();
    let o = lansplan(&["export", file.to_str().expect("path"), "--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = stdout(&o);
    assert_no_raw_controls(&html, "HTML");
    for raw in ["<script", "<img", "<b>", "<i>", "<u>", "<svg onload", "<p onclick", "alert('x')", "\"citat\""] {
        assert!(!html.contains(raw), "raw {raw:?} in the HTML");
    }
    assert!(html.contains("Plan &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;citat&quot;"));
    assert!(html.contains("Aktivitet \\e[31mröd\\e[0m &amp; &lt;b&gt;fet&lt;/b&gt; &#39;x&#39; &quot;y&quot;"));
    assert!(html.contains("Indikator \\u{202e}evil &amp; &lt;svg onload=alert(1)&gt;"));
    assert!(html.contains("Län \\e]52;c;aGk=\\x07 &amp; &lt;b&gt;"));
    assert!(html.contains("Region &lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;/p&gt;&lt;p onclick=&quot;x&quot;&gt;"));
    // The chart's text alternative and labels are escaped as well.
    assert!(html.contains("% &lt;u&gt;"));
}

#[test]
fn hostile_text_is_escaped_in_markdown_and_the_report() {
    let (_dir, file) = hostile_plan();
    let path = file.to_str().expect("path");
    let o = lansplan(&["export", path, "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let doc = stdout(&o);
    assert_no_raw_controls(&doc, "Markdown");
    assert_no_raw_markup(&doc);
    // `&` is escaped too, so that `&amp;` in a title shows as written.
    assert!(doc.contains("# Plan \\<script\\>alert('x')\\</script\\> \\& \"citat\""));
    assert!(doc.contains("Område \\| \\# \\* \\_ \\` \\[länk\\](http://x) \\\\e\\[2J"), "{doc}");
    // A visible escape's backslash is itself escaped, so it shows as `\e`.
    assert!(doc.contains("Aktivitet \\\\e\\[31mröd\\\\e\\[0m"));
    for args in [["report", path, "--format", "text"], ["report", path, "--format", "markdown"]] {
        let o = lansplan(&args);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        assert_no_raw_controls(&out, "report");
        assert!(out.contains("\\e[31mröd") || out.contains("\\e\\[31mröd"), "{out}");
        assert!(out.contains("\\u{202e}evil"));
    }
}

#[test]
fn report_figures_match_the_hand_written_plan() {
    let case = repo_path("tests/publish/report");
    let plan = case.join("plan.toml");
    let loaded = load_file(&plan, today()).expect("loads");
    assert_eq!(loaded.error_count(), 0);
    let f = FollowUp::new(&loaded.plan, today());
    let counts: Vec<Counts> = f.areas.iter().map(|a| a.counts).collect();
    assert_eq!(
        counts,
        [
            Counts { done: 1, ongoing: 0, planned: 1, overdue: 1, cancelled: 1 },
            Counts { done: 0, ongoing: 1, planned: 0, overdue: 1, cancelled: 0 },
            Counts { done: 0, ongoing: 0, planned: 1, overdue: 0, cancelled: 0 },
        ]
    );
    assert_eq!(f.total, Counts { done: 1, ongoing: 1, planned: 2, overdue: 2, cancelled: 1 });
    let verdicts: Vec<(&str, Verdict)> =
        f.areas.iter().flat_map(|a| &a.indicators).map(|i| (i.item.id.as_str(), i.verdict())).collect();
    assert_eq!(
        verdicts,
        [("I1", Verdict::OnTrack), ("I2", Verdict::OffTrack), ("I3", Verdict::NoData), ("I4", Verdict::OffTrack)]
    );
    assert_eq!(f.gaps.len(), 4, "no municipality in stöd; neither principal in spel; A6 without owner");

    let path = plan.to_str().expect("path");
    for (args, expected) in [
        (vec!["report", path], "report.txt"),
        (vec!["report", path, "--format", "markdown"], "report.md"),
        (vec!["--lang", "en", "report", path], "report.en.txt"),
    ] {
        let o = lansplan(&args);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let got = stdout(&o);
        let file = case.join(expected);
        if blessing() {
            fs::write(&file, &got).expect("bless");
            continue;
        }
        let want = fs::read_to_string(&file).unwrap_or_default();
        assert_eq!(got, want, "{expected} differs; LANSPLAN_BLESS=1 rewrites it");
    }
}

#[test]
fn output_file_is_written_and_errors_refuse() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan.html");
    let plan = repo_path("tests/publish/report/plan.toml");
    let o = lansplan(&["export", plan.to_str().expect("path"), "--format", "html", "-o", out.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty(), "with -o nothing goes to stdout");
    let html = fs::read_to_string(&out).expect("written");
    assert!(html.ends_with("</html>\n"));

    // A plan with an error (a dangling goal) is refused and nothing written.
    let bad = dir.path().join("bad.toml");
    let text = fs::read_to_string(&plan).expect("read").replace("goal = \"G3\"\ntitle", "goal = \"G99\"\ntitle");
    fs::write(&bad, text).expect("write");
    let out2 = dir.path().join("bad.md");
    let o =
        lansplan(&["export", bad.to_str().expect("path"), "--format", "markdown", "-o", out2.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("G99"));
    assert!(!out2.exists());
    let o = lansplan(&["report", bad.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));

    let o = lansplan(&["report", dir.path().join("missing.toml").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
}

/// Renders the Jämtland export in headless Chromium, when it is installed
/// (`apt-get install chromium`), and checks that a real picture came out.
#[test]
fn html_renders_in_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("note: /usr/bin/chromium is not installed; skipping the screenshot test");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("jamtland.html");
    let png = dir.path().join("jamtland.png");
    let profile = dir.path().join("profile");
    let plan = repo_path("plans/jamtland/lok-2025.3-beslutad.toml");
    let o = lansplan(&["export", plan.to_str().expect("path"), "--format", "html", "-o", html.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0));
    let mut child = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--no-first-run", "--log-level=3"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--window-size=1000,2400")
        .arg(format!("--screenshot={}", png.display()))
        .arg(&html)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(_) => break,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                panic!("chromium took longer than 90 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    let bytes = fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    // A blank 1000×2400 page compresses to a few KB; the plan is far more.
    assert!(bytes.len() > 50_000, "the screenshot is only {} bytes", bytes.len());
    if let Ok(keep) = std::env::var("LANSPLAN_KEEP_SCREENSHOT") {
        let _ = fs::copy(&png, keep);
    }
}

/// Issue 19: `report --as-of DATE` judges as of that date, so an annual
/// report made again years later says the same; stale figures are marked
/// with their year; a bad date is refused.
#[test]
fn report_as_of_a_date_is_reproducible() {
    let plan = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/jamtland/lok-2025.3-beslutad.toml");
    let run = |today: &str, args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_lansplan"));
        c.env("LANSPLAN_TODAY", today).env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES");
        c.arg("report").arg(&plan).args(args).output().expect("runs")
    };
    let a = run("2025-12-31", &[]);
    let b = run("2027-03-01", &["--as-of", "2025-12-31"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout));
    let later = String::from_utf8_lossy(&run("2027-03-01", &["--as-of", "2031-06-30"]).stdout).into_owned();
    assert!(later.contains("inaktuell (senaste värde 2022: 39 %"), "{later}");
    assert!(!later.contains("I1 Andel elever i åk 9 som druckit alkohol de senaste 12 månaderna: i fas"), "{later}");
    let bad = run("2027-03-01", &["--as-of", "2025-13-01"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// The HTML export shows each activity's follow-up state and each
/// indicator's verdict as of a date it names (issue 22), and numbers the
/// printed pages.
#[test]
fn the_html_export_follows_up_as_of_a_date() {
    let plan = repo_path("plans/jamtland/lok-2025.3-beslutad.toml");
    let plan = plan.to_str().expect("utf-8");
    let html = |as_of: &str| {
        let o = lansplan(&["export", plan, "--format", "html", "--as-of", as_of]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        stdout(&o)
    };
    let late = html("2026-12-02");
    assert!(late.contains("<dt>Uppföljningsläge</dt><dd>2026-12-02</dd>"), "the day is named");
    // The activities past their due date on that day, and only those.
    let loaded = load_file(Path::new(plan), Date { year: 2026, month: 12, day: 2 }).expect("loads");
    let overdue_on = |day: Date| {
        loaded
            .plan
            .activities
            .iter()
            .filter(|a| !matches!(a.str("status"), "done" | "cancelled") && a.date("due").is_some_and(|d| d < day))
            .count()
    };
    let mark = "badge st-overdue\">försenad</span>";
    let early = html("2025-01-01");
    let (late_n, early_n) =
        (overdue_on(Date { year: 2026, month: 12, day: 2 }), overdue_on(Date { year: 2025, month: 1, day: 1 }));
    assert!(late_n > early_n, "{late_n} {early_n}");
    assert_eq!(late.matches(mark).count(), late_n, "one mark per overdue activity");
    assert_eq!(early.matches(mark).count(), early_n, "as of the day asked for");
    // Each indicator has its verdict, judged on the day asked for.
    assert_eq!(late.matches("class=\"badge verdict-").count(), loaded.plan.indicators.len());
    let verdicts = |h: &str| {
        h.split("class=\"badge verdict-")
            .skip(1)
            .map(|v| v.split('"').next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_ne!(verdicts(&late), verdicts(&early), "judged as of the day asked for");
    assert!(late.contains("counter(page)"), "printed pages are numbered");
    let o = lansplan(&["export", plan, "--format", "html", "--as-of", "i morgon"]);
    assert_eq!(o.status.code(), Some(2));
}
