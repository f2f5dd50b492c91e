//! `lansplan review import OLD NEW FILE.docx`: the verdicts and comments of
//! a reviewer who worked in Word or LibreOffice on the document of `diff
//! --format docx`, recorded in the review file beside NEW. Exit 0 read
//! and recorded, 1 recorded but something needs a person's look (a change
//! partly accepted, text typed outside the changes, a comment on no
//! change), 2 the document or a plan cannot be read.

use std::io::Write;
use std::path::Path;

use super::{fail, shown};
use crate::diff::Change;
use crate::diff::review::{Review, ReviewError, change_key, now, reviewer as default_reviewer};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::publish::docx::import::{State, import, record, review_time};
use crate::text;

/// Runs the import into the review at `path`; returns the exit code.
pub fn run(
    path: &Path,
    old: &Plan,
    new: &Plan,
    changes: &[Change],
    docx: &Path,
    reviewer: Option<&str>,
    lang: Lang,
) -> i32 {
    let bytes = match crate::plan::load::read_limited(docx) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}", e.render(&shown(docx), lang));
            return 2;
        }
    };
    let outcome = match import(old, new, changes, &bytes, lang) {
        Ok(o) => o,
        Err(e) => {
            fail(lang, &format!("{}: {}", shown(docx), e.text().get(lang)));
            return 2;
        }
    };
    let who = reviewer
        .map(str::to_string)
        .or_else(|| Some(outcome.modified_by.trim().to_string()).filter(|m| !m.is_empty()))
        .unwrap_or_else(|| default_reviewer(None, path.parent().unwrap_or(Path::new("."))));
    let at = review_time(&outcome.modified).unwrap_or_else(now);
    let mut out = super::exit::stdout();
    let mut attention = 0;
    for r in &outcome.changes {
        let word = match &r.state {
            State::Accepted => lang.pick("godkänd", "accepted").to_string(),
            State::Rejected => lang.pick("avvisad", "rejected").to_string(),
            State::Untouched => lang.pick("orörd", "untouched").to_string(),
            State::Partly(now) => {
                attention += 1;
                let now = text::escape(now);
                match lang {
                    Lang::Sv => format!("delvis godkänd eller ändrad för hand, lyder nu ”{now}” (blir en fråga)"),
                    Lang::En => format!("partly accepted or edited by hand, now reads “{now}” (becomes a question)"),
                }
            }
            State::Lost => {
                attention += 1;
                lang.pick("ankaret saknas (blir en fråga)", "its anchor is gone (becomes a question)").to_string()
            }
        };
        let comments = r.comments.len();
        let c =
            if comments == 0 { String::new() } else { format!(" +{comments} {}", lang.pick("kommentar", "comment")) };
        let _ = writeln!(out, "{:<40} {word}{c}", text::escape(&change_key(r.change)));
    }
    for n in &outcome.notes {
        attention += 1;
        eprintln!("lansplan: {}: {}", lang.pick("obs", "note"), n.get(lang));
    }
    let mut recorded = 0;
    let saved = Review::update(path, old, new, |review| {
        recorded = record(review, &outcome, &who, &at)?;
        Ok::<(), ReviewError>(())
    });
    if let Err(e) = saved {
        fail(lang, e.text().get(lang));
        return 2;
    }
    let p = shown(path);
    eprintln!("{}", text!(sv: "{recorded} markeringar sparade i {p}"; en: "{recorded} marks saved in {p}").get(lang));
    i32::from(attention > 0)
}
