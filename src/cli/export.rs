//! `lansplan export FILE --format markdown|html|docx [-o OUT]
//! [--changes-from OLD]`: the plan as a document to publish, with the
//! change list since OLD as an annex. Exit 0 written, 1 the plan has
//! errors (nothing is written), 2 a file cannot be read or the output
//! cannot be written.
//!
//! Also holds what `report` shares with it: loading a plan that must be
//! free of errors, and writing the result to a file or standard output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::{fail, shown};
use crate::i18n::Lang;
use crate::plan::save::{Expect, save_atomic};
use crate::plan::{Date, Loaded, load_file};
use crate::publish::blocks::Block;
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
    /// A Word document for the diarium and the assembly (needs -o, or a pipe)
    Docx,
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
        Some(path) => emit_bytes(doc.as_bytes(), Some(path), lang),
        None => {
            let mut stdout = super::exit::stdout();
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

/// Writes a binary document (a .docx) to `out` atomically, or to standard
/// output when that is not a terminal.
pub(super) fn emit_bytes(doc: &[u8], out: Option<&Path>, lang: Lang) -> i32 {
    match out {
        Some(path) => match save_atomic(path, doc, Expect::Anything) {
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
        None if std::io::stdout().is_terminal() => {
            fail(
                lang,
                lang.pick(
                    "ett Word-dokument skrivs inte till terminalen; ange en fil med -o",
                    "a Word document is not written to a terminal; name a file with -o",
                ),
            );
            2
        }
        None => {
            let mut stdout = super::exit::stdout();
            match stdout.write_all(doc).and_then(|_| stdout.flush()) {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(_) => 2,
            }
        }
    }
}

/// Warns about charts left out of a Word document, and about a system
/// without fonts (the charts then have no labels).
pub(super) fn warn_charts(missing: &[String], lang: Lang) {
    let level = lang.pick("varning", "warning");
    if !missing.is_empty() {
        let ids = text::escape(&missing.join(", ")).into_owned();
        eprintln!("lansplan: {level}: {}", text!(sv: "diagrammen för {ids} kunde inte ritas; värdena står i tabellen"; en: "the charts of {ids} could not be drawn; the values are in the table").get(lang));
    }
    if !crate::publish::docx::image::has_fonts() {
        eprintln!(
            "lansplan: {level}: {}",
            lang.pick(
                "systemet har inga typsnitt; diagrammen saknar text",
                "the system has no fonts; the charts have no labels"
            )
        );
    }
}

/// Loads a plan that has no errors, renders it with its follow-up as of
/// today, and writes the result; returns the exit code.
pub(super) fn render_plan(
    file: &Path,
    out: Option<&Path>,
    today: Date,
    lang: Lang,
    render: impl FnOnce(&crate::plan::Plan, &FollowUp) -> String,
) -> i32 {
    let loaded = match load_clean(file, today, lang) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let follow = FollowUp::new(&loaded.plan, today);
    emit(&render(&loaded.plan, &follow), out, lang)
}

/// Exports the plan and returns the exit code. The decisions beside the
/// plan become a section of their own (an annex in a Word document);
/// `remiss`, a consultation file, adds its summary of responses as an
/// annex (a Word document finds the consultation beside the plan by
/// itself); `changes_from`, an earlier revision, adds the change list.
pub fn run(
    file: &Path,
    format: Format,
    out: Option<&Path>,
    remiss: Option<&Path>,
    changes_from: Option<&Path>,
    today: Date,
    lang: Lang,
) -> i32 {
    let level = if format == Format::Docx { 1 } else { 2 };
    let changes = match changes_from {
        Some(old) => match load_clean(old, Date::today(), lang) {
            Ok(l) => Some(l),
            Err(code) => return code,
        },
        None => None,
    };
    let annex = match remiss {
        Some(p) => match super::remiss::summary_blocks(p, level, lang) {
            Ok(b) => Some(b),
            Err(code) => return code,
        },
        None => None,
    };
    if format == Format::Docx {
        return docx(file, out, annex, changes.as_ref(), lang);
    }
    render_plan(file, out, today, lang, |plan, follow| {
        let mut sections = Vec::new();
        let agreement = crate::publish::agreement::blocks(plan, 2, lang);
        if !agreement.is_empty() {
            sections.push(agreement);
        }
        if let Some(d) = decisions_beside(file, plan, lang) {
            sections.push(crate::publish::decisions::blocks(&d, plan, 2, lang));
        }
        sections.extend(annex);
        if let Some(old) = &changes {
            let list = crate::diff::diff(&old.plan, plan);
            sections.push(crate::publish::changelist::blocks(&old.plan, plan, &list, 2, lang));
        }
        if format == Format::Markdown {
            let extra: Vec<String> = sections.iter().map(|b| crate::publish::blocks::markdown(b)).collect();
            markdown::render_with(plan, follow, &extra, lang)
        } else {
            let extra: Vec<String> = sections.iter().map(|b| crate::publish::blocks::html(b)).collect();
            html::render_with(plan, follow, &extra, lang)
        }
    })
}

/// Writes the plan as a Word document with its annexes: the change list
/// since `old`, the consultation (given, else the one beside the plan that
/// led to this revision or is of it), the decisions beside it.
fn docx(file: &Path, out: Option<&Path>, remiss: Option<Vec<Block>>, old: Option<&Loaded>, lang: Lang) -> i32 {
    let loaded = match load_clean(file, Date::today(), lang) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let plan = &loaded.plan;
    let mut annexes: Vec<Vec<Block>> = Vec::new();
    let agreement = crate::publish::agreement::blocks(plan, 1, lang);
    if !agreement.is_empty() {
        annexes.push(agreement);
    }
    if let Some(old) = old {
        let list = crate::diff::diff(&old.plan, plan);
        annexes.push(crate::publish::changelist::blocks(&old.plan, plan, &list, 1, lang));
    }
    match remiss {
        Some(b) => annexes.push(b),
        None => {
            if let Some(p) = remiss_beside(file, plan) {
                match super::remiss::summary_blocks(&p, 1, lang) {
                    Ok(b) => annexes.push(b),
                    Err(_) => {
                        let p = shown(&p);
                        let level = lang.pick("varning", "warning");
                        eprintln!(
                            "lansplan: {level}: {}",
                            text!(sv: "{p} tas inte med"; en: "{p} is left out").get(lang)
                        );
                    }
                }
            }
        }
    }
    if let Some(d) = decisions_beside(file, plan, lang) {
        let mut b = crate::publish::decisions::blocks(&d, plan, 1, lang);
        if let Some(Block::Heading { text, .. }) = b.first_mut() {
            *text = format!("{}: {text}", lang.pick("Bilaga", "Annex"));
        }
        annexes.push(b);
    }
    number_annexes(&mut annexes, lang);
    match crate::publish::docx::plan(plan, &annexes, lang) {
        Ok(o) => {
            warn_charts(&o.missing_charts, lang);
            emit_bytes(&o.bytes, out, lang)
        }
        Err(e) => {
            fail(lang, &text::escape(&e.to_string()));
            2
        }
    }
}

/// Numbers the annexes' titles: "Bilaga: Beslut" becomes "Bilaga 3: Beslut".
fn number_annexes(annexes: &mut [Vec<Block>], lang: Lang) {
    let word = lang.pick("Bilaga", "Annex");
    // Counting only the annexes: the commitments section before them is none.
    let mut n = 0;
    for a in annexes.iter_mut() {
        if let Some(Block::Heading { text, .. }) = a.first_mut()
            && let Some(rest) = text.strip_prefix(&format!("{word}: "))
        {
            n += 1;
            *text = format!("{word} {n}: {rest}");
        }
    }
}

/// Returns the consultation file beside `file` that belongs with this
/// revision: its own (a consultation version), else that of the revision
/// just before it (whose consultation led to this one).
fn remiss_beside(file: &Path, plan: &crate::plan::Plan) -> Option<std::path::PathBuf> {
    use crate::consult::beside::{SideKind, folder, next_of, path_of, remiss_files, revisions};
    let own = path_of(file, plan, SideKind::Remiss);
    if own.exists() {
        return Some(own);
    }
    let id = plan.plan.str("id");
    let version = plan.revision.str("version");
    let dir = folder(file);
    let files = remiss_files(&dir, id);
    if files.is_empty() {
        return None;
    }
    let revs = revisions(&dir, id, Date::today());
    files.into_iter().find(|f| {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let sent = name.split_once('_').map(|(_, v)| v.trim_end_matches(SideKind::Remiss.suffix())).unwrap_or("");
        next_of(&revs, sent).is_some_and(|r| r.version() == version)
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
