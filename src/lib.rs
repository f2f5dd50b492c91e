//! lansplan: draft, check and review Swedish county plans against substance
//! abuse and dependence among young people (13–29).
//!
//! `plan` is the domain (no terminal code); `cli` and `tui` are the two
//! faces a person meets.

/// `eprintln!` that cannot panic: std's panics when standard error cannot
/// be written (`2>/dev/full`, a closed pipe), and a message about a failure
/// must never become a crash of its own. What cannot be written is dropped;
/// the exit status still tells. Defined before the modules so that it takes
/// the place of std's in all of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

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
