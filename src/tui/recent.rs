//! The list of recently opened plan files: one absolute path a line in
//! `recent.txt` under the data folder (`directories::ProjectDirs`), newest
//! first, at most [`MAX`] entries. Losing it loses nothing of value, so
//! read and write errors are quietly ignored by callers.

use std::io;
use std::path::{Path, PathBuf};

/// How many files the list keeps.
pub const MAX: usize = 20;

/// Returns where the list lives on this system, if there is a home.
pub fn default_store() -> Option<PathBuf> {
    directories::ProjectDirs::from("se", "lansplan", "lansplan").map(|d| d.data_dir().join("recent.txt"))
}

/// Returns the files in the list, newest first.
pub fn load(store: &Path) -> Vec<PathBuf> {
    crate::plan::read::read_text(store)
        .map(|s| s.lines().filter(|l| !l.trim().is_empty()).map(PathBuf::from).take(MAX).collect())
        .unwrap_or_default()
}

/// Puts `file` first in the list.
pub fn push(store: &Path, file: &Path) -> io::Result<()> {
    let mut list = load(store);
    list.retain(|p| p != file);
    list.insert(0, file.to_path_buf());
    list.truncate(MAX);
    if let Some(dir) = store.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = String::new();
    for p in &list {
        // A name with a line break cannot be stored one a line; skip it.
        let Some(s) = p.to_str().filter(|s| !s.contains('\n')) else { continue };
        text.push_str(s);
        text.push('\n');
    }
    let tmp = store.with_extension("txt.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = dir.path().join("sub").join("recent.txt");
        push(&store, Path::new("/a.toml")).expect("write");
        push(&store, Path::new("/b.toml")).expect("write");
        push(&store, Path::new("/a.toml")).expect("write");
        assert_eq!(load(&store), vec![PathBuf::from("/a.toml"), PathBuf::from("/b.toml")]);
    }
}
