//! `lansplan report FILE [--format text|markdown] [-o OUT]`: the follow-up
//! summary per focus area as of today (`LANSPLAN_TODAY` fixes the day).
//! Exit codes as for `export`.

use std::path::Path;

use super::export::render_plan;
use crate::i18n::Lang;
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
    render_plan(file, out, lang, |plan, follow| match format {
        Format::Text => report::render_text(plan, follow, lang),
        Format::Markdown => report::render_markdown(plan, follow, lang),
    })
}
