//! lansplan: draft, check and review Swedish county plans against substance
//! abuse and dependence among young people (13–29).
//!
//! `plan` is the domain (no terminal code); `cli` and `tui` are the two
//! faces a person meets.

#[macro_use]
pub mod i18n;
pub mod assets;
pub mod cli;
pub mod consult;
pub mod diff;
pub mod import;
pub mod plan;
pub mod publish;
pub mod text;
pub mod tui;
