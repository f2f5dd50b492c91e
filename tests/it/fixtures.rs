//! `lansplan check` against before/after files: every case folder under
//! `tests/fixtures/check/` holds an `in.toml` (or an `in.size`, for a file
//! too large to commit, made at test time), the exact stdout in
//! `expected.txt` and the exit code in `exit`. An optional `ok.toml` is the
//! nearest passing variant and must check clean; an optional `args` file
//! holds extra arguments (`--lang en`).
//!
//! `LANSPLAN_BLESS=1 cargo test --test it fixtures` rewrites `expected.txt`
//! and `exit` from what the binary prints; read every changed file before
//! committing it.

use crate::common::{TODAY_ARG as TODAY, blessing, repo_path, toml_files};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `lansplan ARGS` in `dir` with a fixed date and no locale, so the
/// messages are Swedish unless the arguments say otherwise.
fn lansplan(dir: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .args(args)
        .current_dir(dir)
        .env("LANSPLAN_TODAY", TODAY)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .output()
        .expect("run lansplan")
}

/// Returns the case folders under `root`, sorted by name.
fn case_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .unwrap_or_else(|e| panic!("read {}: {e}", root.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Returns the first character that must never reach a terminal raw:
/// C0 and C1 controls other than the line break, DEL, and bidi overrides.
fn raw_control(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// Returns the summary `check` should print on stderr for its stdout.
fn expected_summary(stdout: &str, english: bool) -> String {
    let level = |line: &str| {
        // PATH:LINE:COL: LEVEL: message; the path is `in.toml`.
        let rest = line.strip_prefix("in.toml:")?;
        let mut parts = rest.splitn(3, ':');
        let (_line, _col, tail) = (parts.next()?, parts.next()?, parts.next()?);
        Some(tail.trim_start().split(':').next()?.to_string())
    };
    let levels: Vec<String> = stdout.lines().filter_map(level).collect();
    let errors = levels.iter().filter(|l| *l == "fel" || *l == "error").count();
    let warnings = levels.iter().filter(|l| *l == "varning" || *l == "warning").count();
    if english {
        format!(
            "1 file checked: {errors} {}, {warnings} {}\n",
            if errors == 1 { "error" } else { "errors" },
            if warnings == 1 { "warning" } else { "warnings" }
        )
    } else {
        format!(
            "1 fil kontrollerad: {errors} fel, {warnings} {}\n",
            if warnings == 1 { "varning" } else { "varningar" }
        )
    }
}

/// Runs one case; returns what was wrong, if anything.
fn run_case(dir: &Path, bless: bool) -> Result<(), String> {
    let name = dir.file_name().expect("case name").to_string_lossy().into_owned();
    let extra: Vec<String> = match fs::read_to_string(dir.join("args")) {
        Ok(s) => s.split_whitespace().map(String::from).collect(),
        Err(_) => Vec::new(),
    };
    let english = extra.iter().any(|a| a == "en");
    // A file too large to commit is made sparse in a temporary folder.
    let tmp;
    let workdir = if let Ok(size) = fs::read_to_string(dir.join("in.size")) {
        let size: u64 = size.trim().parse().expect("in.size holds a byte count");
        tmp = tempfile::tempdir().expect("tempdir");
        let file = fs::File::create(tmp.path().join("in.toml")).expect("create in.toml");
        file.set_len(size).expect("set_len");
        tmp.path().to_path_buf()
    } else {
        dir.to_path_buf()
    };
    let mut args = vec!["check".to_string()];
    args.extend(extra.iter().cloned());
    args.push("in.toml".to_string());
    let out = lansplan(&workdir, &args);
    let stdout = String::from_utf8(out.stdout).map_err(|e| format!("{name}: stdout is not UTF-8: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().ok_or_else(|| format!("{name}: killed by a signal; stderr:\n{stderr}"))?;

    let mut problems = Vec::new();
    if let Some(c) = raw_control(&stdout) {
        problems.push(format!("stdout holds a raw control character U+{:04X}", c as u32));
    }
    if stderr.contains("panicked") {
        problems.push(format!("panicked:\n{stderr}"));
    }
    let summary = expected_summary(&stdout, english);
    if stderr != summary {
        problems.push(format!("stderr is {stderr:?}, expected the summary {summary:?}"));
    }
    let expected_path = dir.join("expected.txt");
    let exit_path = dir.join("exit");
    if bless {
        fs::write(&expected_path, &stdout).expect("write expected.txt");
        fs::write(&exit_path, format!("{code}\n")).expect("write exit");
    } else {
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if stdout != expected {
            problems.push(format!("stdout differs.\n--- expected\n{expected}--- actual\n{stdout}---"));
        }
        let want: i32 = fs::read_to_string(&exit_path)
            .map_err(|e| format!("{name}: no exit file: {e}"))?
            .trim()
            .parse()
            .map_err(|e| format!("{name}: bad exit file: {e}"))?;
        if code != want {
            problems.push(format!("exit code {code}, expected {want}"));
        }
    }
    if dir.join("ok.toml").exists() {
        let mut ok_args = vec!["check".to_string()];
        ok_args.extend(extra.iter().cloned());
        ok_args.push("ok.toml".to_string());
        let ok = lansplan(dir, &ok_args);
        let ok_stdout = String::from_utf8_lossy(&ok.stdout);
        if ok.status.code() != Some(0) || !ok_stdout.is_empty() {
            problems.push(format!("ok.toml does not check clean (exit {:?}):\n{ok_stdout}", ok.status.code()));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(format!("{name}: {}", problems.join("\n  "))) }
}

fn run_all(root: &Path) {
    let bless = blessing();
    let dirs = case_dirs(root);
    assert!(!dirs.is_empty(), "no cases under {}", root.display());
    let failures: Vec<String> = dirs.iter().filter_map(|d| run_case(d, bless).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), dirs.len(), failures.join("\n\n"));
}

#[test]
fn check_cases() {
    run_all(&repo_path("tests/fixtures/check"));
}

/// Every case under check/ has its expectations, and nothing else lies
/// around that the runner would silently skip.
#[test]
fn every_case_is_complete() {
    let known = ["in.toml", "in.size", "expected.txt", "exit", "ok.toml", "args"];
    for root in ["tests/fixtures/check"] {
        for dir in case_dirs(&repo_path(root)) {
            let has = |f: &str| dir.join(f).exists();
            assert!(has("in.toml") != has("in.size"), "{}: needs exactly one of in.toml, in.size", dir.display());
            assert!(has("expected.txt") && has("exit"), "{}: needs expected.txt and exit", dir.display());
            for entry in fs::read_dir(&dir).expect("read case") {
                let file = entry.expect("entry").file_name().to_string_lossy().into_owned();
                assert!(known.contains(&file.as_str()), "{}: unexpected file {file}", dir.display());
            }
        }
    }
}

/// The shipped plans and templates are examples people copy: they must
/// pass without a single finding, not even a warning.
#[test]
fn shipped_plans_and_templates_check_clean() {
    let root = repo_path("");
    let mut files = Vec::new();
    toml_files(&root.join("plans"), &mut files);
    toml_files(&root.join("templates"), &mut files);
    files.sort();
    assert!(files.len() >= 2, "expected plans and templates, found {files:?}");
    for file in files {
        let out = lansplan(&root, &["check".to_string(), file.display().to_string()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{}:\n{stdout}", file.display());
        assert!(stdout.is_empty(), "{} has findings:\n{stdout}", file.display());
    }
}

/// A file name is shown escaped too, not only the file's content.
#[test]
// Unix only (issue #24): Windows allows no control character in a file name.
#[cfg(unix)]
fn file_name_with_control_characters_is_escaped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let name = "plan\u{1b}[31m\u{202e}.toml";
    fs::write(tmp.path().join(name), "").expect("write");
    let out = lansplan(tmp.path(), &["check".to_string(), name.to_string()]);
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(
        stdout,
        "plan\\e[31m\\u{202e}.toml:1:1: fel: filen är tom\n  tips: skapa en ny plan med `lansplan new --template handlingsplan FIL`\n"
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(raw_control(&String::from_utf8_lossy(&out.stderr)), None, "stderr holds a raw control character");
}
