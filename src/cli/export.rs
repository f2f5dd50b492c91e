//! `lansplan export FILE --format markdown|html [-o OUT]`: the plan as a
//! document to publish. Exit 0 written, 1 the plan has errors (nothing is
//! written), 2 the file cannot be read or the output cannot be written.
//!
//! Also holds what `report` shares with it: loading a plan that must be
//! free of errors, and writing the result to a file or standard output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::{fail, shown};
use crate::i18n::Lang;
use crate::plan::save::{Expect, save_atomic};
use crate::plan::{Date, Loaded, load_file};
use crate::publish::followup::FollowUp;
use crate::publish::{html, markdown};
use crate::text;

/// Output format of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, for a wiki, a repository or a word processor
    Markdown,
    /// One self-contained HTML page with charts, to publish or print
    Html,
}

/// Loads a plan for publishing: a plan with errors is refused (its
/// findings go to standard error), warnings are let through.
pub(super) fn load_clean(file: &Path, today: Date, lang: Lang) -> Result<Loaded, i32> {
    let name = shown(file);
    let loaded = match load_file(file, today) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}", e.render(&name, lang));
            return Err(2);
        }
    };
    if loaded.error_count() > 0 {
        for f in loaded.findings.iter().filter(|f| f.is_error()) {
            eprintln!("{}", f.render(&name, lang));
        }
        fail(
            lang,
            lang.pick(
                "planen har fel; rätta dem först (se lansplan check)",
                "the plan has errors; fix them first (see lansplan check)",
            ),
        );
        return Err(1);
    }
    Ok(loaded)
}

/// Writes `doc` to `out` atomically, or to standard output. On a terminal
/// the text is escaped once more, though every renderer already escapes
/// plan text, so that nothing can ever act on the reader's terminal.
pub(super) fn emit(doc: &str, out: Option<&Path>, lang: Lang) -> i32 {
    match out {
        Some(path) => match save_atomic(path, doc.as_bytes(), Expect::Anything) {
            Ok(()) => {
                let p = shown(path);
                eprintln!("{}", text!(sv: "skrev {p}"; en: "wrote {p}").get(lang));
                0
            }
            Err(e) => {
                fail(lang, &e.message(lang));
                2
            }
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            let doc = if stdout.is_terminal() { text::escape_multiline(doc) } else { doc.into() };
            match stdout.write_all(doc.as_bytes()).and_then(|_| stdout.flush()) {
                Ok(()) => 0,
                // A closed pipe (`| head`) is the reader's choice, not trouble.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(_) => 2,
            }
        }
    }
}

/// Loads a plan that has no errors, renders it with its follow-up as of
/// today, and writes the result; returns the exit code.
pub(super) fn render_plan(
    file: &Path,
    out: Option<&Path>,
    lang: Lang,
    render: impl FnOnce(&crate::plan::Plan, &FollowUp) -> String,
) -> i32 {
    let today = Date::today();
    let loaded = match load_clean(file, today, lang) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let follow = FollowUp::new(&loaded.plan, today);
    emit(&render(&loaded.plan, &follow), out, lang)
}

/// Exports the plan and returns the exit code. The decisions beside the
/// plan become a section of their own; `remiss`, a consultation file, adds
/// its summary of responses as an annex.
pub fn run(file: &Path, format: Format, out: Option<&Path>, remiss: Option<&Path>, lang: Lang) -> i32 {
    let annex = match remiss {
        Some(p) => match super::remiss::summary_blocks(p, 2, lang) {
            Ok(b) => Some(b),
            Err(code) => return code,
        },
        None => None,
    };
    render_plan(file, out, lang, |plan, follow| {
        let mut sections = Vec::new();
        if let Some(d) = decisions_beside(file, plan, lang) {
            sections.push(crate::publish::decisions::blocks(&d, plan, 2, lang));
        }
        sections.extend(annex);
        match format {
            Format::Markdown => {
                let extra: Vec<String> = sections.iter().map(|b| crate::publish::blocks::markdown(b)).collect();
                markdown::render_with(plan, follow, &extra, lang)
            }
            Format::Html => {
                let extra: Vec<String> = sections.iter().map(|b| crate::publish::blocks::html(b)).collect();
                html::render_with(plan, follow, &extra, lang)
            }
        }
    })
}

/// Returns the decisions on `plan` kept beside `file`, if any can be read
/// (a file with errors is left out of the export, with a warning).
fn decisions_beside(file: &Path, plan: &crate::plan::Plan, lang: Lang) -> Option<crate::consult::Decisions> {
    use crate::consult::beside::{SideKind, path_of};
    let path = path_of(file, plan, SideKind::Decisions);
    if !path.exists() {
        return None;
    }
    match crate::consult::decisions::load_file(&path) {
        Ok(side) if side.error_count() == 0 => Some(side.value),
        Ok(_) | Err(_) => {
            let p = shown(&path);
            let level = lang.pick("varning", "warning");
            eprintln!(
                "lansplan: {level}: {}",
                text!(sv: "{p} har fel och tas inte med (se lansplan check {p})"; en: "{p} has errors and is left out (see lansplan check {p})").get(lang)
            );
            None
        }
    }
}
