//! Findings (errors and warnings) about a plan file, with the line and
//! column a person needs, rendered like a compiler's messages.

use std::fmt::Write as _;
use std::ops::Range;

use crate::i18n::{Lang, Text};
use crate::text::sanitize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One thing `check` has to say about a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// Byte range in the source that the finding is about.
    pub span: Range<usize>,
    /// 1-based line and column (in characters) of the span's start.
    pub line: usize,
    pub column: usize,
    pub message: Text,
    pub hint: Option<Text>,
}

impl Finding {
    /// Returns true for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the finding as `PATH:LINE:COL: error: MESSAGE`, with the
    /// hint on a line of its own. `path` comes escaped (as the CLI's
    /// `shown`) and messages quote escaped values; both are guarded once
    /// more with [`sanitize`], which cannot double a backslash.
    pub fn render(&self, path: &str, lang: Lang) -> String {
        let level = match (self.severity, lang) {
            (Severity::Error, Lang::Sv) => "fel",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Sv) => "varning",
            (Severity::Warning, Lang::En) => "warning",
        };
        let mut out =
            format!("{}:{}:{}: {level}: {}", sanitize(path), self.line, self.column, sanitize(self.message.get(lang)));
        if let Some(hint) = &self.hint {
            let label = lang.pick("tips", "hint");
            let _ = write!(out, "\n  {label}: {}", sanitize(hint.get(lang)));
        }
        out
    }
}

/// Maps byte offsets in a source text to 1-based lines and columns.
pub struct LineIndex<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `src`.
    pub fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { src, starts }
    }

    /// Returns the 1-based line and column (counted in characters) of `offset`.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.src.is_char_boundary(end) {
            end -= 1;
        }
        // A byte-order mark is invisible in every editor: do not count it.
        let text = self.src[start..end].strip_prefix('\u{feff}').unwrap_or(&self.src[start..end]);
        (line + 1, text.chars().count() + 1)
    }

    /// Returns the text of 1-based line `line`, without its newline.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else { return "" };
        let end = self.starts.get(line).map(|e| e - 1).unwrap_or(self.src.len());
        self.src[start..end].trim_end_matches('\r')
    }
}

/// Collects findings as a load or validation goes, locating each span once.
/// The line index is built on the first finding: a clean file needs none.
pub struct Findings<'a> {
    src: &'a str,
    index: std::cell::OnceCell<LineIndex<'a>>,
    pub list: Vec<Finding>,
}

impl<'a> Findings<'a> {
    /// Starts an empty list for findings about `src`.
    pub fn new(src: &'a str) -> Self {
        Findings { src, index: std::cell::OnceCell::new(), list: Vec::new() }
    }

    fn index(&self) -> &LineIndex<'a> {
        self.index.get_or_init(|| LineIndex::new(self.src))
    }

    /// Returns the line and column of a byte offset in the source.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        self.index().locate(offset)
    }

    /// Adds a finding at `span`.
    pub fn push(&mut self, severity: Severity, span: Range<usize>, message: Text, hint: Option<Text>) {
        let (line, column) = self.index().locate(span.start);
        self.list.push(Finding { severity, span, line, column, message, hint });
    }

    /// Adds an error.
    pub fn error(&mut self, span: Range<usize>, message: Text) {
        self.push(Severity::Error, span, message, None);
    }

    /// Adds a warning.
    pub fn warning(&mut self, span: Range<usize>, message: Text) {
        self.push(Severity::Warning, span, message, None);
    }

    /// Adds a hint to the last finding.
    pub fn hint(&mut self, hint: Text) {
        if let Some(last) = self.list.last_mut() {
            last.hint = Some(hint);
        }
    }

    /// Returns the findings, ordered by position, errors first on a tie.
    pub fn finish(mut self) -> Vec<Finding> {
        self.list.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.severity.cmp(&a.severity)));
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_in_characters() {
        let idx = LineIndex::new("a = 1\nåäö = 2\n");
        assert_eq!(idx.locate(0), (1, 1));
        assert_eq!(idx.locate(6), (2, 1));
        // byte 12 is after "åäö" (6 bytes) + " " : column 5 in characters
        assert_eq!(idx.locate(13), (2, 5));
        assert_eq!(idx.line_text(2), "åäö = 2");
    }
}
