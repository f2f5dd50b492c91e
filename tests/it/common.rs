//! Helpers the test modules share.

use std::fs;
use std::path::{Path, PathBuf};

use lansplan::plan::Date;

/// The day every test runs on, so that "overdue" does not drift.
pub const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

/// The same day as `lansplan --today` takes it.
pub const TODAY_ARG: &str = "2026-11-22";

/// Returns a path inside the repository.
pub fn repo_path(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// True when expected outputs are to be rewritten (`LANSPLAN_BLESS=1`).
pub fn blessing() -> bool {
    std::env::var_os("LANSPLAN_BLESS").is_some_and(|v| v == "1")
}

/// Adds every `.toml` file under `dir`, at any depth, to `out`.
pub fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// PATH with the lansplan under test first, as an installed lansplan
/// would be: the driver git-setup writes calls it by name.
pub fn path_with_lansplan() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_lansplan")).parent().expect("bin dir").to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).expect("PATH")
}
