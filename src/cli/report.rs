//! `lansplan report FILE [--format text|markdown] [-o OUT]`: the follow-up
//! summary per focus area as of today (`LANSPLAN_TODAY` fixes the day).
//! Exit codes as for `export`.

use std::path::Path;

use super::export::{emit, load_clean};
use crate::i18n::Lang;
use crate::plan::Date;
use crate::publish::followup::FollowUp;
use crate::publish::report;

/// Output format of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text for the terminal
    Text,
    /// Markdown, for publishing
    Markdown,
}

/// Writes the follow-up report and returns the exit code.
pub fn run(file: &Path, format: Format, out: Option<&Path>, lang: Lang) -> i32 {
    let today = Date::today();
    let loaded = match load_clean(file, today, lang) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let follow = FollowUp::new(&loaded.plan, today);
    let doc = match format {
        Format::Text => report::render_text(&loaded.plan, &follow, lang),
        Format::Markdown => report::render_markdown(&loaded.plan, &follow, lang),
    };
    emit(&doc, out, lang)
}
