//! Reads files from disk the one way lansplan does (issue #15): regular
//! files only, refused before they are opened (a FIFO blocks `open(2)`
//! until someone writes, a device gives data without end), and never more
//! than [`MAX_FILE_BYTES`], whatever the caller (plans, journals, locks,
//! review files, `textconv`).

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::i18n::Text;
pub use crate::plan::load::MAX_FILE_BYTES;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A folder, FIFO, device or socket where a file was expected.
    #[error("not a regular file but {}", .0.en)]
    NotRegular(Text),
    /// More bytes than the limit.
    #[error("larger than {} MiB", .0 >> 20)]
    TooLarge(usize),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl ReadError {
    /// Returns the reason for a person, in both languages.
    pub fn text(&self) -> Text {
        match self {
            ReadError::NotRegular(what) => {
                text!(sv: "inte en vanlig fil utan {}", what.sv; en: "not a regular file but {}", what.en)
            }
            ReadError::TooLarge(limit) => text!(
                sv: "filen är större än {} MiB; en planfil är normalt några hundra KiB", limit >> 20;
                en: "the file is larger than {} MiB; a plan file is normally a few hundred KiB", limit >> 20
            ),
            ReadError::Io(e) => {
                let e = crate::text::escape(&e.to_string()).into_owned();
                text!(sv: "kan inte läsa filen: {e}"; en: "cannot read the file: {e}")
            }
        }
    }

    /// Returns the error as an `io::Error` (the kind of an I/O error is
    /// kept; the others are `InvalidInput` holding this error).
    pub fn into_io(self) -> std::io::Error {
        match self {
            ReadError::Io(e) => e,
            other => std::io::Error::new(std::io::ErrorKind::InvalidInput, other),
        }
    }
}

/// Returns what a non-regular file is, or `None` for a regular file.
pub fn not_regular(meta: &Metadata) -> Option<Text> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some(text!(sv: "en mapp"; en: "a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some(text!(sv: "en namngiven rörledning (FIFO)"; en: "a named pipe (FIFO)"));
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some(text!(sv: "en enhet"; en: "a device"));
        }
        if ft.is_socket() {
            return Some(text!(sv: "en sockel"; en: "a socket"));
        }
    }
    Some(text!(sv: "något annat"; en: "something else"))
}

/// Opens `path` for reading if it is a regular file (through symlinks).
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    // stat(2) first: it does not open, so a FIFO cannot block.
    if let Some(what) = not_regular(&std::fs::metadata(path)?) {
        return Err(ReadError::NotRegular(what));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Should the path become a FIFO between the stat and the open, the
    // open does not wait for a writer; the check below then refuses it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path)?;
    if let Some(what) = not_regular(&file.metadata()?) {
        return Err(ReadError::NotRegular(what));
    }
    // O_NONBLOCK means nothing to a regular file's reads.
    Ok(file)
}

/// Reads the regular file at `path`, refusing one larger than `limit`.
pub fn read_capped(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let cap = limit as u64 + 1;
    // Room for the whole file at once: reading a large plan in doubling
    // steps would copy it over and over.
    let size = file.metadata().map(|m| m.len()).unwrap_or(0).min(cap);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(cap).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Reads the regular file at `path`, up to [`MAX_FILE_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_capped(path, MAX_FILE_BYTES)
}

/// Reads the regular file at `path` as UTF-8 text, up to [`MAX_FILE_BYTES`].
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    String::from_utf8(read(path)?)
        .map_err(|e| ReadError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error())))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::time::{Duration, Instant};

    // Issue #15: a FIFO hung every command in open(2).
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().expect("tmp");
        let fifo = dir.path().join("plan.toml");
        rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, rustix::fs::Mode::from(0o644), 0)
            .expect("mkfifo");
        let t = Instant::now();
        let err = read(&fifo).expect_err("refused");
        assert!(matches!(err, ReadError::NotRegular(_)), "{err}");
        assert!(err.text().sv.contains("FIFO"));
        assert!(t.elapsed() < Duration::from_secs(2));
        // Through a symlink too.
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&fifo, &link).expect("symlink");
        assert!(matches!(read(&link), Err(ReadError::NotRegular(_))));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_folders_are_refused() {
        for p in ["/dev/zero", "/dev/null", "/"] {
            assert!(matches!(read(Path::new(p)), Err(ReadError::NotRegular(_))), "{p}");
        }
    }

    #[test]
    fn the_limit_holds_to_the_byte() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("f");
        std::fs::write(&p, vec![b'a'; 1000]).expect("write");
        assert_eq!(read_capped(&p, 1000).expect("at the limit").len(), 1000);
        assert!(matches!(read_capped(&p, 999), Err(ReadError::TooLarge(999))));
        assert!(
            matches!(read(&dir.path().join("none")), Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound)
        );
    }
}
