//! How a command ends, in one place: the exit statuses and what each
//! means, the status each kind of error ends a command with, and standard
//! output that ends the process quietly when its reader has gone away.
//!
//! A closed pipe (`lansplan diff a b | head -1`) is not an error of the
//! command: as ripgrep does, the process then ends at once with status 0,
//! with no message and no panic, whichever command was writing.

use std::io::{self, StdoutLock, Write};
use std::sync::OnceLock;

use crate::i18n::Lang;

/// What a command's exit status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done: the files are the same, clean, saved.
    Ok,
    /// Done, and found something: differences, errors in a plan,
    /// conflicts, a refused edit, a missing field.
    Found,
    /// Could not be done: a file unreadable or not a plan, git or the
    /// disk failing, a bad argument.
    Trouble,
}

impl Exit {
    /// Returns [`Exit::Found`] when `found`, else [`Exit::Ok`].
    pub fn found_if(found: bool) -> Exit {
        if found { Exit::Found } else { Exit::Ok }
    }
}

impl From<Exit> for i32 {
    fn from(e: Exit) -> i32 {
        match e {
            Exit::Ok => 0,
            Exit::Found => 1,
            Exit::Trouble => 2,
        }
    }
}

/// An error a command can end on, with the status it ends with.
pub trait Failure {
    /// Returns the status a command that fails with this error ends with.
    fn exit(&self) -> Exit;
}

/// Gives each error type the status it ends a command with.
macro_rules! failures {
    ($($ty:ty => $exit:expr),+ $(,)?) => {
        $(impl Failure for $ty {
            fn exit(&self) -> Exit {
                $exit
            }
        })+
    };
}

failures! {
    // git or the disk failing, a file that cannot be read as a plan: the
    // command could not be done.
    crate::plan::git::GitError => Exit::Trouble,
    crate::plan::LoadError => Exit::Trouble,
    crate::plan::save::SaveError => Exit::Trouble,
    io::Error => Exit::Trouble,
    // A path that names no field, a value the field cannot take, an edit
    // that would break the plan: the request was read and refused.
    crate::plan::path::PathError => Exit::Found,
    crate::plan::path::InputError => Exit::Found,
    crate::plan::doc::EditError => Exit::Found,
}

/// Returns the status `e` ends a command with.
pub fn code(e: &impl Failure) -> i32 {
    e.exit().into()
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language of the one message standard output can give.
pub(super) fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// Standard output for a command's results, locked for the command.
pub struct Out(StdoutLock<'static>);

/// Returns standard output: a reader gone away ends the process quietly
/// with status 0; any other failure to write ends it with a message and
/// status 2 (output cut short is never taken for a result).
pub fn stdout() -> Out {
    Out(io::stdout().lock())
}

/// Ends the process after a failed write to standard output.
fn ended(e: io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(Exit::Ok.into());
    }
    let lang = LANG.get().copied().unwrap_or_default();
    let e = crate::text::escape(&e.to_string()).into_owned();
    eprintln!(
        "lansplan: {}: {}",
        lang.pick("fel", "error"),
        crate::text!(sv: "kunde inte skriva till standard ut: {e}"; en: "could not write to standard output: {e}")
            .get(lang)
    );
    std::process::exit(Exit::Trouble.into());
}

impl Out {
    /// Returns true when standard output is a terminal.
    pub fn is_terminal(&self) -> bool {
        std::io::IsTerminal::is_terminal(&self.0)
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).or_else(|e| ended(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().or_else(|e| ended(e))
    }
}

/// Writes a line to standard output as `println!` does, through [`stdout`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!($crate::cli::exit::stdout(), $($arg)*);
    }};
}
