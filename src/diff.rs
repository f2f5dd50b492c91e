//! Semantic diff of two revisions of a plan: items matched by identity,
//! changes per field, word-level highlights inside changed text.
//!
//! No terminal code lives here; the CLI colours the text rendering and the
//! TUI draws its own.

pub mod apply;
pub mod json;
pub mod merge;
pub mod present;
pub mod review;
pub mod semantic;
pub mod shift;
pub mod words;

pub use semantic::{Change, Context, ElementChange, Op, diff, element_changes, op_word};
