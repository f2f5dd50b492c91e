//! The consultation (remiss) and the decisions beside a plan revision: who
//! was asked, what each respondent said and how each point was handled,
//! which changes of the next revision the points caused, who recommended
//! and who adopted the revision, and a fingerprint of what they decided.
//!
//! Both are TOML files of their own (`<plan-id>_<version>.remiss.toml`,
//! `<plan-id>_<version>.decisions.toml`) that never change the plan file.
//! No terminal code lives here; the CLI, the exports and the editor read
//! the same model.

pub mod beside;
pub mod check;
pub mod decisions;
pub mod entry;
pub mod fingerprint;
pub mod key;
pub mod links;
pub mod merge;
pub mod remiss;
pub mod write;

pub use beside::SideKind;
pub use decisions::Decisions;
pub use remiss::{Remiss, Side};
