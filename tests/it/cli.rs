//! The command line, run as a person or a script would: `get`, `set`,
//! `new`, `templates`, and the parts of `check` the fixtures do not cover
//! (several files, unreadable files, the language).
//!
//! `set` cases live in `tests/fixtures/set/<case>/` as `path` and `value`
//! files applied to `tests/fixtures/set/plan.toml` (or the case's own
//! `in.toml`); an accepted edit has the whole resulting file in `out.toml`
//! (or an `unchanged` marker), may change more than one line only with a
//! `multiline` marker,
//! a refused one its exit code in `exit` and its message in `stderr.txt`.
//! `LANSPLAN_BLESS=1` rewrites those; read them before committing.

use crate::common::{TODAY_ARG as TODAY, blessing, repo_path};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Returns a `lansplan` command in `dir` with a fixed date and no locale
/// (so Swedish), for a test to add to.
fn cmd(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lansplan"));
    c.current_dir(dir).env("LANSPLAN_TODAY", TODAY).env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    cmd(dir).args(args).output().expect("run lansplan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Copies a fixture into a fresh temporary folder as `plan.toml`.
fn scratch(fixture: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plan.toml");
    fs::copy(fixture, &file).expect("copy fixture");
    (dir, file)
}

fn set_plan() -> PathBuf {
    fixtures().join("set/plan.toml")
}

/// Returns the files of a folder other than `keep`, to see that a save
/// left no temporary file behind.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------
// set, case by case

fn run_set_case(case: &Path, bless: bool) -> Result<(), String> {
    let name = case.file_name().expect("name").to_string_lossy().into_owned();
    let input = if case.join("in.toml").exists() { case.join("in.toml") } else { set_plan() };
    let before = fs::read(&input).expect("read input");
    let path = fs::read_to_string(case.join("path")).expect("path file");
    let value = fs::read_to_string(case.join("value")).expect("value file");
    let (dir, file) = scratch(&input);
    let out = run(dir.path(), &["set", "plan.toml", path.trim(), &value]);
    let after = fs::read(&file).expect("read result");
    let code = out.status.code().ok_or(format!("{name}: killed by a signal"))?;
    let err = stderr(&out);
    let mut problems = Vec::new();
    if files_in(dir.path()) != ["plan.toml"] {
        problems.push(format!("left files behind: {:?}", files_in(dir.path())));
    }
    if !stdout(&out).is_empty() {
        problems.push(format!("set printed on stdout: {:?}", stdout(&out)));
    }
    if err.chars().any(|c| c.is_control() && c != '\n') {
        problems.push(format!("stderr holds a raw control character: {err:?}"));
    }
    let refused = name.starts_with("refused-");
    if refused {
        if code == 0 {
            problems.push("a refused- case was accepted".to_string());
        }
        if after != before {
            problems.push("a refused set changed the file".to_string());
        }
        if bless {
            fs::write(case.join("exit"), format!("{code}\n")).expect("write exit");
            fs::write(case.join("stderr.txt"), &err).expect("write stderr.txt");
        } else {
            let want = fs::read_to_string(case.join("exit")).unwrap_or_default();
            if want.trim() != code.to_string() {
                problems.push(format!("exit {code}, expected {}", want.trim()));
            }
            let want = fs::read_to_string(case.join("stderr.txt")).unwrap_or_default();
            if err != want {
                problems.push(format!("stderr differs.\n--- expected\n{want}--- actual\n{err}---"));
            }
        }
    } else {
        if code != 0 {
            problems.push(format!("exit {code}: {err}"));
        }
        if !err.is_empty() {
            problems.push(format!("stderr not empty: {err:?}"));
        }
        let after_s = String::from_utf8(after.clone()).expect("UTF-8 result");
        let before_s = String::from_utf8(before).expect("UTF-8 input");
        if case.join("unchanged").exists() {
            if after_s != before_s {
                problems.push("setting the current value changed the file".to_string());
            }
        } else if !case.join("multiline").exists() {
            // Exactly one line differs, and every other line is as it was.
            let (a, b): (Vec<&str>, Vec<&str>) = (before_s.split('\n').collect(), after_s.split('\n').collect());
            let changed = a.iter().zip(&b).filter(|(x, y)| x != y).count();
            if a.len() != b.len() || changed != 1 {
                problems.push(format!("expected one changed line, got {changed} (lines {} → {})", a.len(), b.len()));
            }
        }
        if case.join("unchanged").exists() {
            // Compared with the input above.
        } else if bless {
            fs::write(case.join("out.toml"), &after).expect("write out.toml");
        } else {
            let want = fs::read_to_string(case.join("out.toml")).unwrap_or_default();
            if after_s != want {
                problems.push(format!("result differs.\n--- expected\n{want}--- actual\n{after_s}---"));
            }
        }
        // The edited file still loads, with no errors.
        let check = run(dir.path(), &["check", "plan.toml"]);
        if check.status.code() != Some(0) {
            problems.push(format!("the result does not check clean:\n{}", stdout(&check)));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(format!("{name}: {}", problems.join("\n  "))) }
}

/// Returns the set cases; those with a `bug` file (which says what is
/// wrong) hold the right expectation and fail until the bug is fixed.
fn set_case_dirs(bugs: bool) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures().join("set"))
        .expect("read set fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && p.join("bug").exists() == bugs)
        .collect();
    cases.sort();
    cases
}

fn run_set_cases(cases: &[PathBuf], bless: bool) {
    assert!(!cases.is_empty(), "set cases missing");
    let failures: Vec<String> = cases.iter().filter_map(|c| run_set_case(c, bless).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} set cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn set_cases() {
    run_set_cases(&set_case_dirs(false), blessing());
}

/// The value `set` wrote is the value `get` reads back.
#[test]
fn set_then_get_gives_the_value_back() {
    let (dir, _) = scratch(&set_plan());
    for (path, value, shown) in [
        ("goals.G1.title", "Färre unga \"börjar\" dricka", "Färre unga \"börjar\" dricka"),
        ("activities.A1.due", "2027-03-31", "2027-03-31"),
        ("activities.A1.status", "pågår", "ongoing"),
        ("indicators.I1.baseline.value", "45,5", "45.5"),
        ("plan.period.start", "2025-07-01", "2025-07-01"),
    ] {
        let out = run(dir.path(), &["set", "plan.toml", path, value]);
        assert_eq!(out.status.code(), Some(0), "set {path}: {}", stderr(&out));
        let got = run(dir.path(), &["get", "plan.toml", path]);
        assert_eq!(stdout(&got), format!("{shown}\n"), "get {path}");
    }
}

#[cfg(unix)]
#[test]
fn set_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    for mode in [0o600, 0o640, 0o664] {
        let (dir, file) = scratch(&set_plan());
        fs::set_permissions(&file, fs::Permissions::from_mode(mode)).expect("chmod");
        let out = run(dir.path(), &["set", "plan.toml", "activities.A1.status", "done"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let now = fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
        assert_eq!(now, mode, "mode {mode:o} became {now:o}");
    }
}

#[cfg(unix)]
#[test]
fn set_through_a_symlink_edits_the_target_and_keeps_the_link() {
    let (dir, file) = scratch(&set_plan());
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink("plan.toml", &link).expect("symlink");
    let out = run(dir.path(), &["set", "link.toml", "activities.A1.status", "done"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::symlink_metadata(&link).expect("meta").file_type().is_symlink(), "the link was replaced by a file");
    assert!(fs::read_to_string(&file).expect("read").contains("status = \"done\""));
}

#[test]
fn set_on_a_file_that_is_not_toml_exits_2_and_leaves_it() {
    for bytes in [&b"title = \"unterminated\n"[..], b"\xff\xfe binary", b""] {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("plan.toml");
        fs::write(&file, bytes).expect("write");
        let out = run(dir.path(), &["set", "plan.toml", "plan.title", "Ny titel"]);
        // An empty file is TOML (with errors), not unreadable; setting a
        // title on it must still not turn it into a plan silently.
        if bytes.is_empty() {
            assert_ne!(out.status.code(), Some(2), "empty file: {}", stderr(&out));
            continue;
        }
        assert_eq!(out.status.code(), Some(2), "{bytes:?}: {}", stderr(&out));
        assert_eq!(fs::read(&file).expect("read"), bytes, "the file changed");
        assert!(stderr(&out).starts_with("plan.toml:1:"), "{}", stderr(&out));
        assert_eq!(files_in(dir.path()), ["plan.toml"]);
    }
}

#[test]
fn set_on_a_missing_file_exits_2_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(dir.path(), &["set", "nope.toml", "plan.title", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "nope.toml: fel: filen finns inte\n");
    assert!(files_in(dir.path()).is_empty());
}

/// A file with errors can still be edited, as long as the edit brings no
/// new error: a person fixes one thing at a time.
#[test]
fn set_on_a_file_with_errors_allows_edits_that_add_none() {
    let (dir, file) = scratch(&fixtures().join("check/ref-activity-goal/in.toml"));
    let out = run(dir.path(), &["set", "plan.toml", "activities.A1.title", "Ny titel"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(dir.path(), &["set", "plan.toml", "activities.A1.goal", "G1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = run(dir.path(), &["check", "plan.toml"]);
    assert_eq!((check.status.code(), stdout(&check)), (Some(0), String::new()));
    assert!(fs::read_to_string(&file).expect("read").contains("title = \"Ny titel\""));
}

/// Every refused set exits 1, an unknown path included.
#[test]
fn set_unknown_path_exits_1() {
    let (dir, file) = scratch(&set_plan());
    let out = run(dir.path(), &["set", "plan.toml", "goals.G1.colour", "röd"]);
    assert_eq!(fs::read(&file).expect("read"), fs::read(set_plan()).expect("read"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// get

#[test]
fn get_prints_multiline_text_as_lines() {
    let out = run(&fixtures().join("set"), &["get", "plan.toml", "plan.vision"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "Unga i länet växer upp utan skador av alkohol,\nnarkotika och spel om pengar.\n");
}

#[test]
fn get_escapes_control_characters() {
    let dir = fixtures().join("cli");
    let out = run(&dir, &["get", "escapes.toml", "goals.G1.title"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "Röd \\e[31mtext\\x07 och \\u{202e} omvänd \\x9b2J\n");
    let out = run(&dir, &["get", "escapes.toml", "goals.G1.description"]);
    // Issue #15: a tab shows as `\t`, not as spaces it is not.
    assert_eq!(stdout(&out), "Rad ett\nRad två\\r med\\e]52;c;aGk=\\x07 slut\\ttab\n");
}

#[test]
fn get_prints_each_kind_of_value() {
    let dir = fixtures().join("set");
    for (path, want) in [
        ("plan.id", "test-hp"),
        ("plan.period", "2026-01-01 – 2027-12-31"),
        ("plan.period.end", "2027-12-31"),
        ("revision.status", "draft"),
        ("goals.G1.responsible", "region, ostersund"),
        ("indicators.I1.baseline", "2025: 46"),
        ("indicators.I1.baseline.value", "46"),
        ("indicators.I1.target.year", "2027"),
        ("indicators.I1.measurements", "2026: 44.5"),
        ("indicators.I1.measurements.2026", "44.5"),
        ("activities.A1.due", "2026-12-31"),
        ("goal.G1.title", "Fler unga med riskbruk upptäcks"),
    ] {
        let out = run(&dir, &["get", "plan.toml", path]);
        assert_eq!((out.status.code(), stdout(&out)), (Some(0), format!("{want}\n")), "get {path}: {}", stderr(&out));
    }
}

#[test]
fn get_reports_what_is_not_there() {
    let dir = fixtures().join("set");
    for (path, code, msg) in [
        ("goals.G9.title", 1, "lansplan: fel: det finns inget mål med id \"G9\"\n"),
        ("activities.A2.due", 1, "lansplan: fel: activities.A2.due har inget värde\n"),
        ("indicators.I1.measurements.2019", 1, "lansplan: fel: indicators.I1.measurements.2019 har inget värde\n"),
        (
            "goals.G1.colour",
            1,
            "lansplan: fel: ogiltig sökväg \"goals.G1.colour\": skriv goals.ID.FÄLT, där FÄLT är ett av id, focus_area, level, title, description, responsible\n",
        ),
    ] {
        let out = run(&dir, &["get", "plan.toml", path]);
        assert_eq!(out.status.code(), Some(code), "get {path}");
        assert_eq!(stdout(&out), "", "get {path}");
        assert_eq!(stderr(&out), msg, "get {path}");
    }
    let out = run(&dir, &["--lang", "en", "get", "plan.toml", "goals.G9.title"]);
    assert_eq!(stderr(&out), "lansplan: error: there is no goal with id \"G9\"\n");
}

#[test]
fn get_on_an_unreadable_file_exits_2() {
    let dir = fixtures().join("check/utf8-invalid");
    let out = run(&dir, &["get", "in.toml", "plan.title"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).starts_with("in.toml:22:19: fel: filen är inte giltig UTF-8"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// new and templates

#[test]
fn new_for_a_county_checks_clean_with_county_and_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (template, out_name, id) in
        [("handlingsplan", "hp.toml", "vastra-gotaland-hp"), ("lansoverenskommelse", "lok.toml", "vastra-gotaland-lok")]
    {
        let out = run(dir.path(), &["new", "--template", template, "--county", "Västra Götalands län", out_name]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stderr(&out), format!("skapade {out_name} från mallen {template}\n"));
        let check = run(dir.path(), &["check", out_name]);
        assert_eq!((check.status.code(), stdout(&check)), (Some(0), String::new()), "{template}");
        let get = |p: &str| stdout(&run(dir.path(), &["get", out_name, p]));
        assert_eq!(get("plan.county"), "Västra Götalands län\n");
        assert_eq!(get("plan.id"), format!("{id}\n"));
        assert_eq!(get("revision.date"), format!("{TODAY}\n"));
        // Only the three edited values differ from the template.
        let tmpl =
            fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("templates/{template}.toml")))
                .expect("template");
        let made = fs::read_to_string(dir.path().join(out_name)).expect("made");
        // Issue 19: a county SCB knows gets its region and all 49 kommuner.
        let plan = lansplan::plan::load_str(made.clone(), lansplan::plan::Date { year: 2026, month: 1, day: 1 })
            .expect("loads")
            .plan;
        let kommuner = plan.parties.iter().filter(|p| p.str("kind") == "municipality").count();
        assert_eq!(kommuner, 49, "{template}");
        assert_eq!(get("parties.goteborg.code"), "1480\n");
        assert_eq!(get("parties.region.name"), "Västra Götalandsregionen\n");
        // A county given as free text changes only the three values.
        let free = format!("free-{out_name}");
        let out = run(dir.path(), &["new", "--template", template, "--county", "Norra Testlandet", &free]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let made = fs::read_to_string(dir.path().join(&free)).expect("made");
        let changed: Vec<(&str, &str)> = tmpl.lines().zip(made.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(tmpl.lines().count(), made.lines().count());
        assert_eq!(changed.len(), 3, "{changed:#?}");
    }
    // A misspelt county is refused, with the counties listed.
    let out = run(dir.path(), &["new", "--template", "handlingsplan", "--county", "Jämtlnds län", "x.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("okänt län \"Jämtlnds län\"; länen är Stockholms län"), "{}", stderr(&out));
    assert!(!dir.path().join("x.toml").exists());
}

/// Issue 18: a kommun's local agreement from a county gets the region's
/// name and code, and keeps its one kommun and its id for the user to name.
#[test]
fn new_local_agreement_for_a_county_keeps_its_kommun() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(dir.path(), &["new", "-t", "lokal-overenskommelse", "--county", "Jämtlands län", "lok.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = run(dir.path(), &["check", "lok.toml"]);
    assert_eq!((check.status.code(), stdout(&check)), (Some(0), String::new()));
    let get = |p: &str| stdout(&run(dir.path(), &["get", "lok.toml", p]));
    assert_eq!(get("plan.id"), "kommun-lok\n");
    assert_eq!(get("plan.kind"), "local_agreement\n");
    assert_eq!(get("plan.scope"), "kommun\n");
    assert_eq!(get("parties.region.code"), "23\n");
    assert_eq!(get("plan.county"), "Jämtlands län\n");
}

#[test]
fn new_without_county_keeps_the_template_placeholders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(dir.path(), &["new", "-t", "handlingsplan", "plan.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&run(dir.path(), &["get", "plan.toml", "plan.id"])), "ny-plan\n");
    let check = run(dir.path(), &["check", "plan.toml"]);
    assert_eq!((check.status.code(), stdout(&check)), (Some(0), String::new()));
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plan.toml");
    fs::write(&file, "# mitt eget arbete\n").expect("write");
    let out = run(dir.path(), &["new", "--template", "handlingsplan", "plan.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "lansplan: fel: plan.toml finns redan; välj ett annat namn\n");
    assert_eq!(fs::read_to_string(&file).expect("read"), "# mitt eget arbete\n");
    assert_eq!(files_in(dir.path()), ["plan.toml"]);
}

#[test]
fn new_with_an_unknown_template_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(dir.path(), &["new", "--template", "plan", "plan.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "lansplan: fel: okänd mall \"plan\"; mallarna är handlingsplan, lansoverenskommelse, lokal-overenskommelse\n"
    );
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn templates_lists_every_template_in_the_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sv = run(dir.path(), &["templates"]);
    assert_eq!(
        stdout(&sv),
        "handlingsplan          Handlingsplan byggd på SKR:s fyra fokusområden\n\
         lansoverenskommelse    Länsöverenskommelse med region, kommuner och ansvarsfördelning\n\
         lokal-overenskommelse  Lokal överenskommelse mellan en kommun och regionen under länsöverenskommelsen\n"
    );
    let en = "handlingsplan          Action plan built on SKR's four focus areas\n\
              lansoverenskommelse    County agreement with region, municipalities and split of responsibility\n\
              lokal-overenskommelse  A kommun's local agreement with the region under the county agreement\n";
    assert_eq!(stdout(&run(dir.path(), &["--lang", "en", "templates"])), en);
    assert_eq!(stdout(&run(dir.path(), &["templates", "--lang", "en"])), en);
    let by_locale = cmd(dir.path()).arg("templates").env("LANG", "en_US.UTF-8").output().expect("run");
    assert_eq!(stdout(&by_locale), en);
}

// ---------------------------------------------------------------------------
// check: several files, missing files, language

#[test]
fn check_several_files_exits_with_the_worst() {
    let dir = fixtures().join("check");
    let out = run(&dir, &["check", "minimal/in.toml", "activity-overdue/in.toml", "ref-activity-goal/in.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        // Paths as the platform writes them (issue #24): `\` on Windows.
        stdout(&out).replace(std::path::MAIN_SEPARATOR, "/"),
        "activity-overdue/in.toml:48:7: varning: aktivitet A1 skulle vara klar 2026-11-21 men står fortfarande som planerad\n  \
         tips: uppdatera status eller flytta fram slutdatumet\n\
         ref-activity-goal/in.toml:44:8: fel: okänt mål \"g1\" i `goal` i aktivitet A1\n  tips: befintliga id: G1\n"
    );
    assert_eq!(stderr(&out), "3 filer kontrollerade: 1 fel, 1 varning\n");
    let out = run(&dir, &["check", "minimal/in.toml", "toml-malformed/in.toml", "ref-activity-goal/in.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "3 filer kontrollerade: 2 fel, 0 varningar\n");
}

#[test]
fn check_a_missing_file_exits_2_and_goes_on() {
    let dir = fixtures().join("check");
    let out = run(&dir, &["check", "nope.toml", "minimal/in.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "nope.toml: fel: filen finns inte\n");
    assert_eq!(stderr(&out), "2 filer kontrollerade: 1 fel, 0 varningar\n");
    let out = run(&dir, &["--lang", "en", "check", "nope.toml"]);
    assert!(stdout(&out).starts_with("nope.toml: error: cannot read the file: "), "{}", stdout(&out));
    assert_eq!(stderr(&out), "1 file checked: 1 error, 0 warnings\n");
}

#[test]
fn check_without_files_is_a_usage_error() {
    let out = run(&fixtures(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_speaks_english_by_flag_or_locale() {
    let dir = fixtures().join("check/activity-overdue");
    let want = "in.toml:48:7: warning: activity A1 was due 2026-11-21 but is still planned\n  \
                hint: update its status or move its due date\n";
    let by_flag = run(&dir, &["check", "--lang", "en", "in.toml"]);
    assert_eq!(stdout(&by_flag), want);
    assert_eq!(stderr(&by_flag), "1 file checked: 0 errors, 1 warning\n");
    for (var, value) in [("LANG", "en_US.UTF-8"), ("LC_ALL", "en_GB.UTF-8"), ("LC_MESSAGES", "en")] {
        let out = cmd(&dir).args(["check", "in.toml"]).env(var, value).output().expect("run");
        assert_eq!(String::from_utf8_lossy(&out.stdout), want, "{var}={value}");
    }
    // LC_ALL wins over LANG, and --lang over both.
    let out = cmd(&dir)
        .args(["check", "in.toml"])
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "sv_SE.UTF-8")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains(": varning: "));
    let out = cmd(&dir).args(["--lang", "sv", "check", "in.toml"]).env("LANG", "en_US.UTF-8").output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains(": varning: "));
}

#[test]
fn set_messages_follow_the_language() {
    let (dir, _) = scratch(&set_plan());
    let out = run(dir.path(), &["--lang", "en", "set", "plan.toml", "activities.A1.status", "finished"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "lansplan: error: activities.A1.status: invalid value \"finished\" for status; allowed values: planned, ongoing, done, cancelled\n  \
         the file was not changed\n"
    );
}

// Issue #15: a real TAB replaced by the two characters `\t` showed as no
// visible change in the text diff (both were shown as `\t`).
#[test]
fn text_diff_tells_a_tab_from_its_spelling() {
    let dir = tempfile::tempdir().expect("tmp");
    let plan = fs::read_to_string(repo_path("plans/jamtland/lok-2025.3-beslutad.toml")).expect("read");
    let line = "title = \"Färre unga i länet dricker alkohol\"";
    assert!(plan.contains(line));
    for (name, title) in
        [("tab.toml", "Färre\\tunga"), ("spelt.toml", "Färre\\\\tunga"), ("rlm.toml", "Färre\\u200Funga")]
    {
        fs::write(dir.path().join(name), plan.replacen(line, &format!("title = \"{title}\""), 1)).expect("write");
    }
    let out = run(dir.path(), &["diff", "tab.toml", "spelt.toml", "--color", "never"]);
    assert_eq!(out.status.code(), Some(1), "the two differ");
    let text = stdout(&out);
    assert!(text.contains("Färre[-\\tunga-]{+\\\\tunga+}"), "{text}");
    let out = run(dir.path(), &["diff", "rlm.toml", "spelt.toml", "--format", "markdown"]);
    let text = stdout(&out);
    assert!(text.contains("\\\\u{200f}") && text.contains("\\\\\\\\t"), "{text}");
}

// Issue #22: there was no way to start the next revision.
#[test]
fn revision_new_writes_the_next_draft_beside_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("lok-2025.3-beslutad.toml");
    fs::copy(repo_path("plans/jamtland/lok-2025.3-beslutad.toml"), &plan).expect("copy");
    let before = fs::read_to_string(&plan).expect("read");
    let o = run(dir.path(), &["revision", "new", "lok-2025.3-beslutad.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("revision 2025.4 (utkast, {TODAY}) påbörjad i lok-2025.4-utkast.toml")),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("togs bort: decided_by, summary (de gällde 2025.3"), "{}", stdout(&o));
    assert_eq!(fs::read_to_string(&plan).expect("read"), before, "the adopted revision is untouched");
    let new = fs::read_to_string(dir.path().join("lok-2025.4-utkast.toml")).expect("the new revision");
    assert!(
        new.contains("version = \"2025.4\"")
            && new.contains("status = \"draft\"")
            && new.contains(&format!("date = {TODAY}"))
    );
    // Everything else byte for byte: only the revision table's lines differ.
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) = (before.lines().collect(), new.lines().collect());
    let tail =
        |l: &[&str]| l.iter().skip_while(|x| !x.starts_with("[[parties]]")).map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(tail(&old_lines), tail(&new_lines));
    let o = run(dir.path(), &["check", "lok-2025.4-utkast.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Never over a file.
    let o = run(dir.path(), &["revision", "new", "lok-2025.3-beslutad.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("finns redan"), "{}", stderr(&o));
}

// Issue #22: `set` on a plan open in an editor said nothing.
#[test]
fn set_on_a_plan_open_in_an_editor_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan.toml");
    fs::copy(repo_path("plans/jamtland/lok-2025.2-remiss.toml"), &plan).expect("copy");
    let data = dir.path().join("data");
    let set = |d: &Path| {
        cmd(d)
            .env("HOME", d)
            .env("XDG_DATA_HOME", d.join("data"))
            .args(["set", "plan.toml", "goals.G1.title", "Ny titel"])
            .output()
            .expect("run lansplan")
    };
    let o = set(dir.path());
    assert_eq!((o.status.code(), stderr(&o)), (Some(0), String::new()), "no editor: no word");
    let _editor =
        lansplan::plan::recovery::Lock::acquire(&data.join("lansplan/locks"), &plan).expect("the editor's lock");
    let o = set(dir.path());
    assert_eq!(o.status.code(), Some(0));
    let pid = std::process::id();
    assert!(stderr(&o).contains(&format!("varning: plan.toml är öppen i lansplan (pid {pid}")), "{}", stderr(&o));
    assert!(fs::read_to_string(&plan).expect("read").contains("title = \"Ny titel\""));
}

// Issue #16: a reader that goes away (`lansplan diff … | head -1`) ends
// every command the same quiet way, as ripgrep does: status 0, nothing on
// stderr, no panic. The pipe's reading end is closed before the command
// starts, so its first write fails every time.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = repo_path("plans/jamtland");
    let (old, new) = ("lok-2025.2-remiss.toml", "lok-2025.3-beslutad.toml");
    let commands: &[&[&str]] = &[
        &["diff", old, new],
        &["diff", old, new, "--format", "json"],
        &["diff", old, new, "--format", "markdown"],
        &["export", new, "--format", "markdown"],
        &["export", new, "--format", "html"],
        &["report", new],
        &["get", new, "plan.title"],
        &["templates"],
        &["git-setup"],
        &["textconv", new],
    ];
    for args in commands {
        // Without the closed pipe, each writes something to standard output.
        let open =
            cmd(&dir).env("PATH", crate::common::path_with_lansplan()).args(*args).output().expect("run lansplan");
        assert!(!open.stdout.is_empty(), "{args:?} writes to standard output: {}", stderr(&open));
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = cmd(&dir)
            .env("PATH", crate::common::path_with_lansplan())
            .args(*args)
            .stdout(writer)
            .output()
            .expect("run lansplan");
        assert_eq!(stderr(&out), "", "{args:?} says nothing");
        assert_eq!(out.status.code(), Some(0), "{args:?} ends with status 0");
    }
}

// Issue #16: without LANSPLAN_TODAY, "today" (a new plan's revision date)
// is the date in the time zone TZ names, not in UTC. UTC+14 and UTC−12
// are always on different dates.
#[test]
fn today_is_the_date_in_the_machines_time_zone() {
    let d = tempfile::tempdir().expect("temp dir");
    let mut dates = Vec::new();
    for (n, tz) in ["Etc/GMT-14", "Etc/GMT+12"].iter().enumerate() {
        let zone = jiff::tz::TimeZone::get(tz).expect("a zone");
        let before = jiff::Timestamp::now().to_zoned(zone.clone()).date().to_string();
        let file = format!("plan{n}.toml");
        let out = cmd(d.path())
            .env_remove("LANSPLAN_TODAY")
            .env("TZ", tz)
            .args(["new", "-t", "handlingsplan", &file])
            .output();
        let out = out.expect("run lansplan");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let after = jiff::Timestamp::now().to_zoned(zone).date().to_string();
        let got = stdout(&run(d.path(), &["get", &file, "revision.date"])).trim().to_string();
        assert!(got == before || got == after, "{tz}: {got}, expected {before}");
        dates.push(got);
    }
    assert_ne!(dates[0], dates[1]);
}

/// The help of every command follows `--lang` and LANG like the rest
/// (issue 22), and a command line that does not parse says so in Swedish
/// first, with nothing typed reaching the terminal raw.
#[test]
fn help_and_parse_errors_follow_the_language() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let o = run(d, &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    assert!(help.contains("Användning: lansplan [FLAGGOR] [FIL] [KOMMANDO]") && help.contains("Kommandon:"), "{help}");
    // The value names in Swedish too, in the usage and the arguments.
    let o = run(d, &["diff", "--help"]);
    let help = stdout(&o);
    assert!(help.contains("lansplan diff [FLAGGOR] <GAMMAL> [NY]") && help.contains("--format <FORMAT>"), "{help}");
    assert!(!help.contains("<OLD>") && !help.contains("[NEW]"), "{help}");
    let o = run(d, &["--lang=en", "diff", "--help"]);
    assert!(stdout(&o).contains("<OLD> [NEW]"), "{}", stdout(&o));
    let help = stdout(&run(d, &["--help"]));
    assert!(!help.contains("Print help") && !help.contains("Usage:"), "{help}");
    for args in [&["remiss", "add", "--help"][..], &["diff", "-h"], &["help", "review"]] {
        let o = run(d, args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let help = stdout(&o);
        assert!(help.contains("Användning:") && help.contains("Flaggor:"), "{args:?}: {help}");
        assert!(!help.contains("possible values") && !help.contains("[default:"), "{args:?}: {help}");
    }
    for (lang, args) in [("--lang=en", &["diff", "-h"][..]), ("--lang", &["en", "--help"])] {
        let o = run(d, &[&[lang][..], args].concat());
        assert!(stdout(&o).contains("Usage:"), "{lang} {args:?}: {}", stdout(&o));
    }
    let o = cmd(d).env("LANG", "en_GB.UTF-8").args(["diff", "--help"]).output().expect("run");
    assert!(stdout(&o).contains("Show what changed"), "{}", stdout(&o));
    let o = run(d, &["diff", "a.toml", "b.toml", "--format", "pdf\u{1b}[2J"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.starts_with("lansplan: fel: ogiltigt värde (se `lansplan --help`)\n"), "{e}");
    assert!(!e.contains('\u{1b}'), "{e:?}");
}
