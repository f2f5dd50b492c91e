//! Saves a file so that no crash, kill or full disk can leave it half
//! written: a temporary file beside the target, fsync, rename over the
//! target, fsync the folder. A file that changed on disk since it was read
//! is never overwritten silently.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::i18n::{Lang, Text};
use crate::text;

/// Why a save did not happen. The file on disk is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Someone else changed the file after it was read.
    #[error("{} changed on disk since it was read", .0.display())]
    ChangedOnDisk(PathBuf),
    /// The target exists and the caller asked for a new file.
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl SaveError {
    /// Returns the reason for a person, in both languages.
    pub fn text(&self) -> Text {
        match self {
            SaveError::ChangedOnDisk(p) => {
                let p = text::escape(&p.display().to_string()).into_owned();
                Text::new(
                    format!(
                        "{p} har ändrats av någon annan sedan den lästes in; inget sparades. Läs in filen igen och gör om ändringen."
                    ),
                    format!(
                        "{p} was changed by someone else since it was read; nothing was saved. Reload the file and redo the change."
                    ),
                )
            }
            SaveError::Exists(p) => {
                let p = text::escape(&p.display().to_string()).into_owned();
                Text::new(
                    format!("{p} finns redan; välj ett annat namn"),
                    format!("{p} already exists; choose another name"),
                )
            }
            SaveError::Io { path, source } => {
                let p = text::escape(&path.display().to_string()).into_owned();
                let e = text::escape(&source.to_string()).into_owned();
                Text::new(format!("kunde inte spara {p}: {e}"), format!("could not save {p}: {e}"))
            }
        }
    }

    /// Returns the reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_string()
    }
}

/// What the caller expects to find on disk before it writes.
#[derive(Debug, Clone, Copy)]
pub enum Expect<'a> {
    /// The file must not exist yet.
    New,
    /// The file must still hold exactly these bytes (what was loaded).
    Unchanged(&'a [u8]),
    /// Whatever is there may be replaced (a "save as" the person confirmed).
    Anything,
}

/// Writes `contents` to `path` atomically, keeping the file's permissions.
pub fn save_atomic(path: &Path, contents: &[u8], expect: Expect<'_>) -> Result<(), SaveError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| SaveError::Io { path: p, source }
    };
    // Write through a symlink to the file it points at, not over the link.
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(_) => path.to_path_buf(),
    };
    let existing = fs::metadata(&target).ok();
    match expect {
        Expect::New if existing.is_some() => return Err(SaveError::Exists(path.to_path_buf())),
        Expect::Unchanged(before) => match fs::read(&target) {
            Ok(now) if now == before => {}
            Ok(_) => return Err(SaveError::ChangedOnDisk(path.to_path_buf())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
            }
            Err(e) => return Err(io(path)(e)),
        },
        _ => {}
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut tmp =
        tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".tmp").tempfile_in(&dir).map_err(io(&dir))?;
    tmp.write_all(contents).map_err(io(tmp.path()))?;
    if let Some(meta) = &existing {
        fs::set_permissions(tmp.path(), meta.permissions()).map_err(io(tmp.path()))?;
    } else {
        // A temporary file is private (0600); a new plan or export is an
        // ordinary document that the rest of the team may read.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644)).map_err(io(tmp.path()))?;
        }
    }
    tmp.as_file().sync_all().map_err(io(tmp.path()))?;
    if matches!(expect, Expect::New) {
        // Never replace a file that appeared meanwhile.
        tmp.persist_noclobber(&target).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                SaveError::Exists(path.to_path_buf())
            } else {
                io(path)(e.error)
            }
        })?;
    } else {
        tmp.persist(&target).map_err(|e| io(path)(e.error))?;
    }
    // Make the rename itself durable.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_file_changed_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.toml");
        fs::write(&p, "a").expect("write");
        let err = save_atomic(&p, b"b", Expect::Unchanged(b"x")).expect_err("changed");
        assert!(matches!(err, SaveError::ChangedOnDisk(_)));
        assert_eq!(fs::read(&p).expect("read"), b"a");
        save_atomic(&p, b"b", Expect::Unchanged(b"a")).expect("save");
        assert_eq!(fs::read(&p).expect("read"), b"b");
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1, "no temp file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("export.html");
        save_atomic(&p, b"<p>", Expect::New).expect("new");
        assert_eq!(fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o644);
    }

    #[test]
    fn new_never_overwrites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.toml");
        save_atomic(&p, b"a", Expect::New).expect("new");
        assert!(matches!(save_atomic(&p, b"b", Expect::New), Err(SaveError::Exists(_))));
        assert_eq!(fs::read(&p).expect("read"), b"a");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.toml");
        fs::write(&p, "a").expect("write");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).expect("chmod");
        save_atomic(&p, b"b", Expect::Unchanged(b"a")).expect("save");
        assert_eq!(fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o640);
    }
}
