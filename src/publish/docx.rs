//! The plan as a Word document (.docx) for the diarium and the assembly,
//! the diff between two revisions as that document with every change a
//! tracked revision, and the reading back of such a document after a
//! reviewer accepted, rejected and commented in Word or LibreOffice.
//!
//! No DOCX crate writes all that this needs: docx-rs (0.4) has no repeated
//! table header rows, no document language and no alternative text on
//! images; docx-rust (0.1) has no tracked insertions or deletions; ooxmlsdk
//! has everything as 134,000 lines of generated code. So the parts are
//! written here with quick-xml's writer (which escapes every text and
//! attribute) from a small model ([`model`]) and zipped with the zip crate;
//! [`read`] reads a document back with quick-xml's reader.
//!
//! Core code: bytes in, bytes out; the CLI writes the file.

pub mod image;
pub mod import;
pub mod model;
pub mod package;
pub mod read;
pub mod render;

use crate::diff::Change;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::publish::blocks::Block;
use model::Author;
pub use package::PackError;
use render::{Marks, render};

/// A written document and what it had to go without.
pub struct Output {
    pub bytes: Vec<u8>,
    /// Indicators whose chart could not be drawn (their data is in the tables).
    pub missing_charts: Vec<String>,
}

/// Returns who made a revision and when, as the document's revisions name
/// them: the revision's author (else "lansplan") at midnight UTC of its date.
pub fn author_of(plan: &Plan) -> Author {
    let name = crate::publish::one_line(plan.revision.str("author"));
    let date =
        plan.revision.date("date").map(|d| format!("{d}T00:00:00Z")).unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    Author { name: if name.is_empty() { package::GENERATOR.to_string() } else { name }, date }
}

/// The custom property naming the plan, and those naming the revisions.
pub const PROP_PLAN: &str = "lansplan-plan";
pub const PROP_OLD: &str = "lansplan-old";
pub const PROP_NEW: &str = "lansplan-new";

/// Returns "2025.3 (2025-06-12)".
pub fn revision_name(plan: &Plan) -> String {
    let r = &plan.revision;
    format!("{} ({})", r.str("version"), r.date("date").map(|d| d.to_string()).unwrap_or_default())
}

fn write(new: &Plan, marks: Option<&Marks<'_>>, annexes: &[Vec<Block>], lang: Lang) -> Result<Output, PackError> {
    let r = render(new, marks, annexes, lang);
    let author = author_of(new);
    let mut properties = vec![(PROP_PLAN, new.plan.str("id").to_string())];
    if let Some(m) = marks {
        properties.push((PROP_OLD, revision_name(m.old)));
    }
    properties.push((PROP_NEW, revision_name(new)));
    let title = crate::publish::one_line(new.plan.str("title"));
    let bytes = package::pack(&package::Package {
        body: &r.body,
        author: &author,
        lang,
        title: &title,
        images: &r.images,
        properties: &properties,
        track: marks.is_some(),
    })?;
    Ok(Output { bytes, missing_charts: r.missing_charts })
}

/// Returns document blocks alone as a document titled `title`.
pub fn blocks(title: &str, blocks: &[Block], lang: Lang) -> Result<Vec<u8>, PackError> {
    let r = render::render_blocks(blocks, lang);
    let author = Author { name: package::GENERATOR.into(), date: "2000-01-01T00:00:00Z".into() };
    package::pack(&package::Package {
        body: &r.body,
        author: &author,
        lang,
        title,
        images: &r.images,
        properties: &[],
        track: false,
    })
}

/// Returns the plan as a document, with `annexes` after it.
pub fn plan(plan: &Plan, annexes: &[Vec<Block>], lang: Lang) -> Result<Output, PackError> {
    write(plan, None, annexes, lang)
}

/// Returns `new` as a document with `changes` (from `old`) as tracked
/// revisions, with `annexes` after it.
pub fn diff(
    old: &Plan,
    new: &Plan,
    changes: &[Change],
    annexes: &[Vec<Block>],
    lang: Lang,
) -> Result<Output, PackError> {
    write(new, Some(&Marks { old, changes }), annexes, lang)
}
