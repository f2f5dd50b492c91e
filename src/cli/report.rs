//! `lansplan report FILE [--format text|markdown] [-o OUT]`: the follow-up
//! summary per focus area as of today (`LANSPLAN_TODAY` fixes the day), or
//! as of `--as-of DATE`: the same date gives the same report later too.
//! Exit codes as for `export`. With `--rollup DIR`, the activities of the
//! plans under each plan in DIR summed under its goals (issue 18).

use std::path::Path;

use super::export::render_plan;
use crate::i18n::Lang;
use crate::plan::Date;
use crate::publish::report;

/// Output format of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text for the terminal
    Text,
    /// Markdown, for publishing
    Markdown,
}

/// Writes the follow-up report as of `as_of` (today when `None`) and
/// returns the exit code.
pub fn run(file: &Path, format: Format, out: Option<&Path>, as_of: Option<&str>, lang: Lang) -> i32 {
    let today = match as_of_date(as_of, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    render_plan(file, out, today, lang, |plan, follow| match format {
        Format::Text => report::render_text(plan, follow, lang),
        Format::Markdown => report::render_markdown(plan, follow, lang),
    })
}

/// Returns the day to follow up as of: `--as-of` (YYYY-MM-DD), else today;
/// a text that is no date is refused with exit code 2.
pub(super) fn as_of_date(as_of: Option<&str>, lang: Lang) -> Result<Date, i32> {
    match as_of.map(|s| s.trim().parse::<Date>()) {
        None => Ok(Date::today()),
        Some(Ok(d)) => Ok(d),
        Some(Err(_)) => {
            let s = crate::text::escape(as_of.unwrap_or("")).into_owned();
            super::fail(lang, text!(sv: "--as-of \"{s}\" är inget datum; skriv ÅÅÅÅ-MM-DD"; en: "--as-of \"{s}\" is not a date; write YYYY-MM-DD").get(lang));
            Err(2)
        }
    }
}

/// Writes the roll-up of the plans under `dir` (issue 18) and returns the
/// exit code: 0, 1 when some file could not be read as a plan (named on
/// standard error) or an activity is under a goal that no longer exists
/// (listed in the roll-up), 2 when the folder cannot be read or the
/// output written.
pub fn rollup(dir: &Path, format: Format, out: Option<&Path>, lang: Lang) -> i32 {
    let (scan, code) = match super::tree::scan_reporting(dir, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let doc = match format {
        Format::Text => crate::publish::rollup::render_text(&scan.family, lang),
        Format::Markdown => crate::publish::rollup::render_markdown(&scan.family, lang),
    };
    let lost = crate::publish::rollup::rollup(&scan.family).iter().any(|r| !r.lost.is_empty());
    super::export::emit(&doc, out, lang).max(code).max(i32::from(lost))
}
