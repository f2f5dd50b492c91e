//! `lansplan check FILE…`: every finding as `PATH:LINE:COL: level: message`.
//! Exit 0 when clean or warnings only, 1 on errors, 2 when a file cannot be
//! read or is not TOML.

use std::io::Write;
use std::path::PathBuf;

use super::shown;
use crate::consult::SideKind;
use crate::consult::check::{FileFindings, check_plan, check_side};
use crate::i18n::Lang;
use crate::plan::{Date, load_file};

/// Checks each file and returns the exit code. A folder stands for every
/// file under it, and adds what only its plans together show (issue 18).
pub fn run(files: &[PathBuf], lang: Lang) -> i32 {
    let today = Date::today();
    let mut code = 0;
    let (files, dirs) = match expand(files, lang) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let files = &files[..];
    let (mut errors, mut warnings) = (0, 0);
    let mut out = super::exit::stdout();
    for file in files {
        let name = shown(file);
        // A consultation or decisions file, by its name or its `format`.
        let result = match SideKind::of_path(file) {
            Some(kind) => check_side(file, kind, today).map(|ff| (vec![ff], None)),
            None => load_file(file, today).and_then(|loaded| {
                match loaded.plan.format.as_deref().and_then(SideKind::of_format) {
                    Some(kind) => check_side(file, kind, today).map(|ff| (vec![ff], None)),
                    None => {
                        let beside = check_plan(file, &loaded, today);
                        Ok((vec![FileFindings { path: file.clone(), findings: loaded.findings }], Some(beside)))
                    }
                }
            }),
        };
        match result {
            Ok((own, beside)) => {
                for ff in own.iter().chain(beside.iter().flatten()) {
                    let name = shown(&ff.path);
                    for f in &ff.findings {
                        let _ = writeln!(out, "{}", f.render(&name, lang));
                    }
                    let n = ff.findings.iter().filter(|f| f.is_error()).count();
                    errors += n;
                    warnings += ff.findings.len() - n;
                    if n > 0 {
                        code = code.max(1);
                    }
                }
            }
            Err(e) => {
                let _ = writeln!(out, "{}", e.render(&name, lang));
                errors += 1;
                code = 2;
            }
        }
    }
    for dir in &dirs {
        let Ok(scan) = super::tree::scan(dir, today) else { continue };
        for (m, found) in scan.family.members.iter().zip(scan.family.findings()) {
            let name = shown(&m.path);
            for f in &found {
                let _ = writeln!(out, "{}", f.render(&name, lang));
            }
            let n = found.iter().filter(|f| f.is_error()).count();
            errors += n;
            warnings += found.len() - n;
            if n > 0 {
                code = code.max(1);
            }
        }
    }
    let summary = match lang {
        Lang::Sv => format!(
            "{} {}: {errors} fel, {warnings} {}",
            files.len(),
            if files.len() == 1 { "fil kontrollerad" } else { "filer kontrollerade" },
            if warnings == 1 { "varning" } else { "varningar" }
        ),
        Lang::En => format!(
            "{} {} checked: {errors} {}, {warnings} {}",
            files.len(),
            if files.len() == 1 { "file" } else { "files" },
            if errors == 1 { "error" } else { "errors" },
            if warnings == 1 { "warning" } else { "warnings" }
        ),
    };
    let _ = out.flush();
    eprintln!("{summary}");
    code
}

/// Replaces each folder among `paths` by the files under it; returns the
/// files and the folders, or exit code 2 when a folder cannot be read.
fn expand(paths: &[PathBuf], lang: Lang) -> Result<(Vec<PathBuf>, Vec<PathBuf>), i32> {
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for p in paths {
        if !p.is_dir() {
            files.push(p.clone());
            continue;
        }
        match super::tree::toml_files(p) {
            Ok(list) => files.extend(list),
            Err(e) => {
                let d = shown(p);
                let e = crate::text::escape(&e.to_string()).into_owned();
                eprintln!(
                    "{d}: {}: {}",
                    lang.pick("fel", "error"),
                    text!(sv: "kan inte läsa katalogen: {e}"; en: "cannot read the folder: {e}").get(lang)
                );
                return Err(2);
            }
        }
        dirs.push(p.clone());
    }
    Ok((files, dirs))
}
