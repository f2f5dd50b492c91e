//! Reading: a plan file's bytes, read behind the guards of
//! [`crate::plan::read`] (a regular file, at most [`MAX_FILE_BYTES`]), and
//! decoded as UTF-8 with the place of the first bad byte.

use std::path::Path;

use super::{LoadError, MAX_FILE_BYTES};
use crate::i18n::Text;
use crate::plan::finding::Findings;

/// Reads a file's text (see [`read_limited`] and [`decode`]).
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    decode(read_limited(path)?)
}

/// Reads a file, refusing one larger than [`MAX_FILE_BYTES`] before
/// reading it all into memory, and anything but a regular file before
/// opening it (see [`crate::plan::read`]).
pub fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    match crate::plan::read::read(path) {
        Ok(bytes) => Ok(bytes),
        Err(crate::plan::read::ReadError::TooLarge(_)) => Err(too_large()),
        Err(e) => Err(LoadError::Io { path: path.to_path_buf(), source: e.into_io() }),
    }
}

pub(super) fn too_large() -> LoadError {
    unreadable("", 0, crate::plan::read::ReadError::TooLarge(MAX_FILE_BYTES).text())
}

pub(super) fn unreadable(src: &str, offset: usize, message: Text) -> LoadError {
    let mut f = Findings::new(src);
    f.error(offset..offset, message);
    LoadError::Unreadable(Box::new(f.list.remove(0)))
}

/// Decodes bytes as UTF-8, reporting the position of the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let valid = String::from_utf8_lossy(&bytes[..at]).into_owned();
        let bad = bytes[at];
        unreadable(
            &valid,
            at,
            text!(sv: "filen är inte giltig UTF-8: byte 0x{bad:02x} på byteposition {at}; spara filen som UTF-8";
                  en: "the file is not valid UTF-8: byte 0x{bad:02x} at byte offset {at}; save the file as UTF-8"),
        )
    })
}
