//! Reads a plan file into typed values, reporting every problem with its
//! line and column instead of stopping at the first.
//!
//! The read-only path parses with the `toml` crate's spanned tables, which
//! is faster than building an editable document; the editable document
//! lives in `doc.rs`. Every way in (a whole file, a large file in pieces,
//! revisions loaded together for a diff or a merge in `load/pair.rs`) gives
//! exactly what one parse of the whole text gives: the same plan, spans
//! and findings, and the same refusal of what is not TOML.
//!
//! Three parts, each in its own file beside this one, which holds the
//! ways in and puts a loaded text together:
//!
//! - reading: `load/reading.rs` reads a file's bytes behind the size and
//!   file-kind guards and decodes them as UTF-8;
//! - structure: `load/outline.rs` finds a text's headers with the `toml`
//!   crate's own lexer, and where the text may be cut into independent
//!   pieces;
//! - `load/parse.rs` parses a text or a piece, checking literals as
//!   `toml::from_str` does;
//! - `load/pieces.rs` parses a large text's pieces on two threads and joins
//!   them;
//! - `load/pair.rs` loads revisions that are compared or merged together,
//!   parsing each block written alike in an earlier one only once;
//! - conversion: `load/convert.rs` turns a parsed text (or piece) into the
//!   typed plan, with a finding for every wrong type and unknown key.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::DeTable;

use super::date::Date;
use super::finding::{Finding, Findings, Severity};
use super::model::Plan;
use super::validate;
use crate::text;

/// Largest plan file lansplan reads: a national roll-up of every county's
/// plans is well under this, and a larger file is almost surely a mistake.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Deepest nesting of arrays and inline tables that a plan file may have;
/// the format needs three.
pub const MAX_NESTING: usize = 32;

/// Why a file could not be read as TOML at all (`check` exits 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not TOML, not UTF-8, too large or too deep.
    #[error("{}", .0.message.en)]
    Unreadable(Box<Finding>),
    /// The file is TOML but not a plan (empty, no `format` or another
    /// format, no `[plan]`), which a command comparing revisions refuses:
    /// the findings `check` reports for it.
    #[error("{}", .0.first().map(|f| f.message.en.as_str()).unwrap_or("not a plan"))]
    NotPlan(Vec<Finding>),
}

impl LoadError {
    /// Renders the error for a person, with file, line and column.
    pub fn render(&self, path: &str, lang: crate::i18n::Lang) -> String {
        match self {
            LoadError::Io { source, .. } => {
                let read = source.get_ref().and_then(|e| e.downcast_ref::<super::read::ReadError>());
                let msg = match (read, source.kind(), lang) {
                    (Some(r), _, _) => r.text().get(lang).to_string(),
                    (None, std::io::ErrorKind::NotFound, crate::i18n::Lang::Sv) => "filen finns inte".to_string(),
                    (None, std::io::ErrorKind::PermissionDenied, crate::i18n::Lang::Sv) => {
                        "saknar behörighet att läsa filen".to_string()
                    }
                    (None, _, crate::i18n::Lang::Sv) => format!("kan inte läsa filen: {source}"),
                    (None, _, crate::i18n::Lang::En) => format!("cannot read the file: {source}"),
                };
                let level = lang.pick("fel", "error");
                format!("{}: {level}: {}", text::sanitize(path), text::escape(&msg))
            }
            LoadError::Unreadable(f) => f.render(path, lang),
            LoadError::NotPlan(list) => list.iter().map(|f| f.render(path, lang)).collect::<Vec<_>>().join("\n"),
        }
    }
}

/// A plan read from text: typed values, findings, and the text itself.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub plan: Plan,
    pub findings: Vec<Finding>,
    pub source: String,
    /// The findings, among `findings`, that say the text is not a plan.
    not_plan: Vec<Finding>,
}

impl Loaded {
    /// Returns the plan, or refuses a text that is not one (an empty file,
    /// no `format` or another format, no `[plan]` table) with the findings
    /// `check` reports for it: what compares revisions must not take such
    /// a file for an empty plan.
    pub fn require_plan(self) -> Result<Loaded, LoadError> {
        if self.not_plan.is_empty() { Ok(self) } else { Err(LoadError::NotPlan(self.not_plan)) }
    }

    /// Returns the number of errors among the findings.
    pub fn error_count(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }

    /// Returns the number of warnings among the findings.
    pub fn warning_count(&self) -> usize {
        self.findings.len() - self.error_count()
    }
}

/// Reads and checks the plan file at `path`.
pub fn load_file(path: &Path, today: Date) -> Result<Loaded, LoadError> {
    let bytes = read_limited(path)?;
    load_bytes(bytes, today)
}

/// Parses and checks plan text, dated against `today` for the overdue rule.
pub fn load_bytes(bytes: Vec<u8>, today: Date) -> Result<Loaded, LoadError> {
    let source = decode(bytes)?;
    load_str(source, today)
}

/// Files from this size on are parsed in pieces: the `toml` parser holds
/// every token of its input at once (about 13 × the file), so pieces keep
/// the peak memory of a national roll-up down, and a process that touches
/// less fresh memory also starts faster.
pub const CHUNKED_FROM: usize = 128 * 1024;

/// About how large each piece is.
pub const CHUNK_BYTES: usize = 64 * 1024;

/// Parses and checks plan text that is already a string.
pub fn load_str(source: String, today: Date) -> Result<Loaded, LoadError> {
    load_str_with(source, today, CHUNKED_FROM, CHUNK_BYTES)
}

/// Reads plan text into typed values with the findings of typing (wrong
/// types, unknown keys), without the rules over the whole plan (ids,
/// references, dates in order, warnings): for a plan whose findings
/// nobody will see, like the two sides of `lansplan diff`.
pub fn load_str_unchecked(source: String) -> Result<Loaded, LoadError> {
    load_inner(source, None, CHUNKED_FROM, CHUNK_BYTES)
}

/// Like [`load_str`], parsing in pieces of about `chunk_bytes` when the text
/// is at least `chunked_from` long. Every text gives the same plan and
/// findings either way: the pieces are cut only where TOML lets a text be
/// cut (see `load/outline.rs`), and a text with a piece that does not
/// parse is parsed whole, which reports it exactly as TOML does.
pub fn load_str_with(
    source: String,
    today: Date,
    chunked_from: usize,
    chunk_bytes: usize,
) -> Result<Loaded, LoadError> {
    load_inner(source, Some(today), chunked_from, chunk_bytes)
}

/// Loads, and validates the whole plan (dated against `today`) if given a day.
fn load_inner(
    source: String,
    today: Option<Date>,
    chunked_from: usize,
    chunk_bytes: usize,
) -> Result<Loaded, LoadError> {
    let outline = Outline::of(&source)?;
    load_outlined(source, &outline, today, chunked_from, chunk_bytes)
}

/// Loads a text whose outline is known.
fn load_outlined(
    source: String,
    outline: &Outline,
    today: Option<Date>,
    chunked_from: usize,
    chunk_bytes: usize,
) -> Result<Loaded, LoadError> {
    let cuts = if source.len() >= chunked_from { outline.cuts() } else { Vec::new() };
    let converted = convert_text(&source, outline, &cuts, chunk_bytes)?;
    Ok(finish(source, converted, today))
}

/// A text converted into a plan: what its top level had, and the findings
/// of converting it (types, unknown keys), placed in the whole text.
struct Converted {
    plan: Plan,
    seen: Seen,
    findings: Vec<Finding>,
}

/// Converts `source` into a plan: in pieces starting at `cuts`, of about
/// `chunk_bytes` each, when there are any and all of them parse; else whole.
fn convert_text(source: &str, outline: &Outline, cuts: &[usize], chunk_bytes: usize) -> Result<Converted, LoadError> {
    if outline.empty {
        let seen = Seen { empty: true, ..Seen::default() };
        return Ok(Converted { plan: Plan::empty(), seen, findings: Vec::new() });
    }
    if !cuts.is_empty()
        && let Some(converted) = pieces::convert_pieces(source, cuts, chunk_bytes)
    {
        return Ok(converted);
    }
    let root = parse::parse_checked(source)?;
    let mut f = Findings::new(source);
    let mut plan = Plan::empty();
    let mut seen = Seen::default();
    convert_into(root.get_ref(), source, &mut f, &mut plan, &mut seen);
    Ok(Converted { plan, seen, findings: f.list })
}

/// Adds to a converted text what the whole file lacks and, given a day,
/// the findings of the rules over the whole plan.
fn finish(source: String, converted: Converted, today: Option<Date>) -> Loaded {
    let Converted { plan, mut seen, findings } = converted;
    let (findings, not_plan) = {
        let mut f = Findings::new(&source);
        f.list = findings;
        if seen.empty {
            f.error(0..0, text!(sv: "filen är tom"; en: "the file is empty"));
            f.hint(text!(sv: "skapa en ny plan med `lansplan new --template handlingsplan FIL`";
                         en: "create a new plan with `lansplan new --template handlingsplan FILE`"));
            seen.refused_last(&f);
        } else {
            finish_convert(&mut seen, &mut f);
            if let Some(today) = today {
                validate::validate(&plan, today, &mut f);
            }
        }
        let mut refusal = Findings::new(&source);
        for (span, message, hint) in seen.not_plan {
            refusal.push(Severity::Error, span, message, hint);
        }
        (f.finish(), refusal.finish())
    };
    Loaded { plan, findings, source, not_plan }
}

/// Parses TOML that is not a plan (the files kept beside one) into spanned
/// tables, behind the same guards as a plan: no hostile nesting, and a
/// message that quotes nothing raw.
pub(crate) fn parse_guarded(source: &str) -> Result<Spanned<DeTable<'_>>, LoadError> {
    Outline::of(source)?;
    parse::parse_checked(source)
}

mod convert;
mod outline;
mod pair;
mod parse;
mod pieces;
mod reading;
pub(crate) use convert::convert_value;
use convert::{Seen, convert_into, finish_convert};
use outline::Outline;
pub use pair::{load_pair, load_revisions, load_revisions_with};
use reading::unreadable;
pub use reading::{decode, read_limited, read_text};
