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

/// Checks each file and returns the exit code.
pub fn run(files: &[PathBuf], lang: Lang) -> i32 {
    let today = Date::today();
    let mut code = 0;
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
