//! Saves a file so that no crash, kill or full disk can leave it half
//! written: a temporary file beside the target, fsync, rename over the
//! target, fsync the folder. A file that changed on disk since it was read
//! is never overwritten silently.
//!
//! What a save keeps and what it refuses (issue #15):
//! - the file's permissions, and its owner and group where the system
//!   permits (root keeps both; anyone else keeps the group when they are in
//!   it, and the owner becomes whoever saved, as with any editor that saves
//!   by rename);
//! - a file with more than one hard link is refused: a rename would leave
//!   the other names with the old text;
//! - a file the user may not write is refused, though the folder would let
//!   a rename replace it; so is a save into a read-only folder, with a
//!   message that names the plan. Writing such a file in place is not
//!   offered: a crash in the middle would leave it torn, with no copy of
//!   either text beside it;
//! - the rename goes only over a regular file. A character device or a FIFO
//!   (`-o /dev/stdout`, `-o /dev/null`, a pipe) is written in place, and a
//!   FIFO nobody reads is refused rather than waited on; anything else
//!   (a folder, a block device, a socket) is refused;
//! - temporary files left by a killed save of the same file are removed on
//!   the next save: only names of our own pattern, only files no live
//!   process holds (each save holds an advisory lock on its temporary file
//!   while it writes it).
//!
//! The platform's part (ownership, permissions, the folder's fsync, the
//! temporary file's lock, another program's hold on a file) lives in
//! `platform`, one module per platform: Unix (Linux, macOS, where std's
//! `sync_all` is F_FULLFSYNC) and Windows (issue #24: the read-only
//! attribute, hard links, a file held by another program, reported in
//! words after a second of retries).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    /// The target is a folder, a block device, a socket, or not what it was.
    #[error("{} is not a regular file but {}", .path.display(), .what.en)]
    NotRegular { path: PathBuf, what: Text },
    /// A FIFO that nobody reads: writing would wait for ever.
    #[error("nobody reads the FIFO {}", .0.display())]
    NoReader(PathBuf),
    /// The file has other names that a rename would leave behind.
    #[error("{} has {links} hard links", .path.display())]
    HardLinks { path: PathBuf, links: u64 },
    /// The user may not write the file (a rename would replace it anyway).
    #[error("{} is read-only", .0.display())]
    ReadOnlyFile(PathBuf),
    /// The folder takes no new file, so no safe save is possible there.
    #[error("the folder of {} is read-only", .0.display())]
    ReadOnlyFolder(PathBuf),
    /// Another program holds the file open and will not share it (Windows:
    /// a sharing or lock violation, or a file that may not be replaced
    /// while it is open).
    #[error("{} is held by another program: {source}", .path.display())]
    HeldByOther {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
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
        let shown = |p: &Path| text::path(p);
        match self {
            SaveError::ChangedOnDisk(p) => {
                let p = shown(p);
                text!(sv: "{p} har ändrats av någon annan sedan den lästes in; inget sparades. Läs in filen igen och gör om ändringen.";
                      en: "{p} was changed by someone else since it was read; nothing was saved. Reload the file and redo the change.")
            }
            SaveError::Exists(p) => {
                let p = shown(p);
                text!(sv: "{p} finns redan; välj ett annat namn"; en: "{p} already exists; choose another name")
            }
            SaveError::NotRegular { path, what } => {
                let p = shown(path);
                text!(sv: "kunde inte spara {p}: det är inte en vanlig fil utan {}; inget sparades", what.sv;
                      en: "could not save {p}: it is not a regular file but {}; nothing was saved", what.en)
            }
            SaveError::NoReader(p) => {
                let p = shown(p);
                text!(sv: "kunde inte spara {p}: ingen läser från rörledningen (FIFO); inget skrevs";
                      en: "could not save {p}: nobody reads from the named pipe (FIFO); nothing was written")
            }
            SaveError::HardLinks { path, links } => {
                let p = shown(path);
                text!(sv: "kunde inte spara {p}: filen har {links} hårda länkar, och de andra namnen skulle behålla den gamla texten; inget sparades. Spara under ett nytt namn, eller ta bort de andra länkarna först.";
                      en: "could not save {p}: the file has {links} hard links, and the other names would keep the old text; nothing was saved. Save under a new name, or remove the other links first.")
            }
            SaveError::ReadOnlyFile(p) if cfg!(windows) => {
                let p = shown(p);
                text!(sv: "kunde inte spara {p}: filen är skrivskyddad; inget sparades. Ta bort Skrivskyddad under Egenskaper i Utforskaren, eller spara under ett nytt namn.";
                      en: "could not save {p}: the file is read-only; nothing was saved. Clear Read-only in its Properties in Explorer, or save under a new name.")
            }
            SaveError::ReadOnlyFile(p) => {
                let p = shown(p);
                text!(sv: "kunde inte spara {p}: du saknar skrivrätt till filen; inget sparades";
                      en: "could not save {p}: you may not write the file; nothing was saved")
            }
            SaveError::HeldByOther { path, source } => {
                let p = shown(path);
                let e = text::escape(&source.to_string()).into_owned();
                text!(sv: "kunde inte spara {p}: filen hålls av ett annat program ({e}); inget sparades. Stäng filen i det andra programmet (ett kalkylblad, en synkroniseringstjänst som OneDrive, ett antivirusprogram) och spara igen.";
                      en: "could not save {p}: the file is held by another program ({e}); nothing was saved. Close the file in the other program (a spreadsheet, a sync service such as OneDrive, an antivirus program) and save again.")
            }
            SaveError::ReadOnlyFolder(p) => {
                let d = shown(p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")));
                let p = shown(p);
                text!(sv: "kunde inte spara {p}: mappen {d} är skrivskyddad, och en säker sparning skriver en ny fil bredvid; inget sparades. Spara under ett namn i en annan mapp, eller be om skrivrätt till mappen.";
                      en: "could not save {p}: the folder {d} is read-only, and a safe save writes a new file beside it; nothing was saved. Save under a name in another folder, or ask for write access to the folder.")
            }
            SaveError::Io { path, source } => {
                let p = shown(path);
                let e = text::escape(&source.to_string()).into_owned();
                text!(sv: "kunde inte spara {p}: {e}"; en: "could not save {p}: {e}")
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

/// Who may read a file the save creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// An ordinary document the rest of the team may read (0644 on Unix);
    /// a file that exists keeps its own permissions.
    Shared,
    /// Only its owner (0600), also when it existed with other permissions:
    /// a recovery journal holds a whole unsaved plan.
    Private,
}

/// Why the user may not write a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Denied {
    /// Its permissions.
    File,
    /// The file system is mounted read-only.
    #[cfg_attr(windows, allow(dead_code))]
    FileSystem,
}

/// How long a temporary file of ours must have been left alone before a
/// later save takes it for litter. A live save holds a lock on its own, so
/// this only covers the instant between creating the file and locking it.
const STALE_AFTER: Duration = Duration::from_secs(2);

/// Writes `contents` to `path` atomically, keeping the file's permissions,
/// owner and group.
pub fn save_atomic(path: &Path, contents: &[u8], expect: Expect<'_>) -> Result<(), SaveError> {
    save(path, contents, expect, Access::Shared)
}

/// Like [`save_atomic`], but the file is readable by its owner only.
pub fn save_private(path: &Path, contents: &[u8], expect: Expect<'_>) -> Result<(), SaveError> {
    save(path, contents, expect, Access::Private)
}

fn save(path: &Path, contents: &[u8], expect: Expect<'_>, access: Access) -> Result<(), SaveError> {
    let io = |source: std::io::Error| {
        if platform::is_sharing_violation(&source) {
            SaveError::HeldByOther { path: path.to_path_buf(), source }
        } else {
            SaveError::Io { path: path.to_path_buf(), source }
        }
    };
    // Write through a symlink to the file it points at, not over the link.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if let Some(meta) = &existing {
        if matches!(expect, Expect::New) {
            return Err(SaveError::Exists(path.to_path_buf()));
        }
        if let Some(what) = super::read::not_regular(meta) {
            return match expect {
                Expect::Anything if platform::writes_in_place(meta) => write_in_place(path, &target, contents),
                _ => Err(SaveError::NotRegular { path: path.to_path_buf(), what }),
            };
        }
    }
    if let Expect::Unchanged(before) = expect {
        match super::read::read(&target) {
            Ok(now) if now == before => {}
            Ok(_) => return Err(SaveError::ChangedOnDisk(path.to_path_buf())),
            Err(super::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
            }
            Err(e) => return Err(io(e.into_io())),
        }
    }
    if let Some(meta) = &existing {
        let links = platform::hard_links(&target, meta);
        if links > 1 {
            return Err(SaveError::HardLinks { path: path.to_path_buf(), links });
        }
        match platform::denied(&target) {
            Some(Denied::File) => return Err(SaveError::ReadOnlyFile(path.to_path_buf())),
            Some(Denied::FileSystem) => return Err(SaveError::ReadOnlyFolder(path.to_path_buf())),
            None => {}
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = temp_prefix(&target);
    clean_stale(&dir, &prefix);
    let mut tmp = match tempfile::Builder::new().prefix(&prefix).suffix(".tmp").tempfile_in(&dir) {
        Ok(t) => t,
        Err(e) if platform::is_read_only(&e) => return Err(SaveError::ReadOnlyFolder(path.to_path_buf())),
        Err(e) => return Err(io(platform::plain(e))),
    };
    // A later save takes an unlocked temporary file for a crash's litter.
    platform::hold(tmp.as_file());
    // Through the file itself: tempfile's own writer names the temporary
    // file in its errors, and a message names the plan.
    tmp.as_file_mut().write_all(contents).map_err(io)?;
    platform::keep_owner(tmp.as_file(), existing.as_ref());
    platform::set_access(tmp.as_file(), existing.as_ref(), access).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if matches!(expect, Expect::New) {
        // Never replace a file that appeared meanwhile.
        tmp.persist_noclobber(&target).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                SaveError::Exists(path.to_path_buf())
            } else {
                io(platform::plain(e.error))
            }
        })?;
    } else {
        replace(tmp, &target).map_err(|e| {
            if platform::is_held_for_replace(&e) {
                SaveError::HeldByOther { path: path.to_path_buf(), source: e }
            } else {
                io(platform::plain(e))
            }
        })?;
    }
    // Make the rename itself durable.
    platform::sync_dir(&dir);
    Ok(())
}

/// Renames `tmp` over `target` (on Windows MoveFileEx with
/// MOVEFILE_REPLACE_EXISTING, which replaces the file as one step).
/// Windows lets another program hold a file so that it cannot be replaced,
/// and antivirus programs, indexers and sync services do so for a moment
/// just after a file is written: such a refusal is tried again for about
/// a second before it is reported. Elsewhere the first answer stands.
fn replace(mut tmp: tempfile::NamedTempFile, target: &Path) -> std::io::Result<()> {
    let mut wait = Duration::from_millis(20);
    let mut waited = Duration::ZERO;
    loop {
        match tmp.persist(target) {
            Ok(_) => return Ok(()),
            Err(e) if platform::is_held_for_replace(&e.error) && waited < Duration::from_secs(1) => {
                std::thread::sleep(wait);
                waited += wait;
                wait = (wait * 2).min(Duration::from_millis(250));
                tmp = e.file;
            }
            Err(e) => return Err(e.error),
        }
    }
}

/// Writes to a character device or a FIFO in place (there is nothing to
/// rename over, and renaming would replace the node with a plain file).
fn write_in_place(path: &Path, target: &Path, contents: &[u8]) -> Result<(), SaveError> {
    let mut out = platform::open_in_place(target).map_err(|e| {
        if platform::is_no_reader(&e) {
            SaveError::NoReader(path.to_path_buf())
        } else {
            SaveError::Io { path: path.to_path_buf(), source: e }
        }
    })?;
    out.write_all(contents)
        .and_then(|_| out.flush())
        .map_err(|source| SaveError::Io { path: path.to_path_buf(), source })
}

/// Returns the start of the temporary files' names for `target`:
/// `.NAME.`, with NAME cut so that the whole name stays within the 255
/// bytes file systems allow.
fn temp_prefix(target: &Path) -> String {
    const ROOM: usize = 255 - ".".len() - ".".len() - 6 - ".tmp".len();
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut end = name.len().min(ROOM);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}.", &name[..end])
}

/// Returns true if `name` is one of our temporary files for `prefix`:
/// the prefix, six random letters or digits, `.tmp`.
fn is_our_temp(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Removes temporary files a killed save of the same file left in `dir`:
/// regular files of our pattern, untouched for a while, that no live
/// process holds. Returns how many went.
fn clean_stale(dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_our_temp(&name.to_string_lossy(), prefix) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        let old = meta.modified().ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age >= STALE_AFTER);
        if !meta.is_file() || !old {
            continue;
        }
        let Ok(file) = fs::File::open(&path) else { continue };
        if platform::is_held(&file) {
            continue;
        }
        if fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(unix)]
mod platform {
    //! Unix: owner, group and mode of the file, the folder's fsync, and an
    //! advisory lock (flock) on the temporary file while it is written.

    use std::fs::{File, Metadata};
    use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
    use std::path::Path;

    use super::{Access, Denied};

    /// Returns the error without the temporary file's name that tempfile
    /// adds (a message names the plan, not our temporary file). tempfile
    /// keeps the kind but hides the OS error, so the kind's words stand.
    pub fn plain(e: std::io::Error) -> std::io::Error {
        if e.raw_os_error().is_some() || e.get_ref().is_none() { e } else { std::io::Error::from(e.kind()) }
    }

    pub fn is_read_only(e: &std::io::Error) -> bool {
        matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
    }

    pub fn hard_links(_: &Path, meta: &Metadata) -> u64 {
        meta.nlink()
    }

    /// Unix has no mandatory sharing: no other program can keep a file
    /// from being read or replaced.
    pub fn is_sharing_violation(_: &std::io::Error) -> bool {
        false
    }

    pub fn is_held_for_replace(_: &std::io::Error) -> bool {
        false
    }

    pub fn denied(path: &Path) -> Option<Denied> {
        match rustix::fs::access(path, rustix::fs::Access::WRITE_OK) {
            Ok(()) => None,
            Err(rustix::io::Errno::ROFS) => Some(Denied::FileSystem),
            Err(_) => Some(Denied::File),
        }
    }

    /// Character devices and FIFOs are written in place.
    pub fn writes_in_place(meta: &Metadata) -> bool {
        let ft = meta.file_type();
        ft.is_char_device() || ft.is_fifo()
    }

    /// Opens a device or a FIFO for writing without waiting for a reader.
    pub fn open_in_place(path: &Path) -> std::io::Result<File> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(path)?;
        // Blocking writes from here: a pipe's reader sets the pace.
        rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty())?;
        Ok(file)
    }

    /// A FIFO opened for writing with nobody reading gives ENXIO.
    pub fn is_no_reader(e: &std::io::Error) -> bool {
        e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error())
    }

    pub fn hold(file: &File) {
        // A failure only makes the file look like litter sooner: the age
        // check still protects it for STALE_AFTER.
        let _ = fs4::FileExt::try_lock(file);
    }

    pub fn is_held(file: &File) -> bool {
        match fs4::FileExt::try_lock(file) {
            Ok(()) => {
                let _ = fs4::FileExt::unlock(file);
                false
            }
            Err(_) => true,
        }
    }

    /// Gives the new file the old one's owner and group: both where the
    /// system permits (root), else the group alone (a member may), else
    /// neither (the saver's own, as any save by rename does).
    pub fn keep_owner(file: &File, existing: Option<&Metadata>) {
        let Some(m) = existing else { return };
        let Ok(now) = file.metadata() else { return };
        if (now.uid(), now.gid()) == (m.uid(), m.gid()) {
            return;
        }
        if std::os::unix::fs::fchown(file, Some(m.uid()), Some(m.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(m.gid()));
        }
    }

    /// Sets the new file's mode (after the owner: a change of owner clears
    /// set-id bits).
    pub fn set_access(file: &File, existing: Option<&Metadata>, access: Access) -> std::io::Result<()> {
        let mode = match (access, existing) {
            (Access::Private, _) => 0o600,
            (Access::Shared, Some(m)) => m.permissions().mode() & 0o7777,
            // A temporary file is private (0600); a new plan or export is
            // an ordinary document that the rest of the team may read.
            (Access::Shared, None) => 0o644,
        };
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }

    pub fn sync_dir(dir: &Path) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

#[cfg(windows)]
mod platform {
    //! Windows: the read-only attribute, hard links (NTFS has them too),
    //! another program's hold on a file, and a lock (LockFileEx) on the
    //! temporary file while it is written. There is no folder to fsync: the
    //! rename is recorded in NTFS's own journal. The new file gets the
    //! folder's inherited permissions, as with any save by rename.

    use std::fs::{File, Metadata};
    use std::path::Path;

    use super::{Access, Denied};

    /// ERROR_ACCESS_DENIED: also what MoveFileEx answers when the file to
    /// replace is open in a program that does not share it for deletion.
    const ACCESS_DENIED: i32 = 5;
    /// ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION.
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;

    /// tempfile's errors keep the OS error; the temporary file's name is
    /// in a wrapper only for its own writer, which is not used.
    pub fn plain(e: std::io::Error) -> std::io::Error {
        if e.raw_os_error().is_some() || e.get_ref().is_none() { e } else { std::io::Error::from(e.kind()) }
    }

    pub fn is_read_only(e: &std::io::Error) -> bool {
        e.kind() == std::io::ErrorKind::PermissionDenied
    }

    pub fn is_sharing_violation(e: &std::io::Error) -> bool {
        matches!(e.raw_os_error(), Some(SHARING_VIOLATION | LOCK_VIOLATION))
    }

    /// A refusal to replace the file that another program's hold explains:
    /// the read-only attribute is ruled out before the rename is tried.
    pub fn is_held_for_replace(e: &std::io::Error) -> bool {
        is_sharing_violation(e) || e.raw_os_error() == Some(ACCESS_DENIED)
    }

    pub fn hard_links(path: &Path, _: &Metadata) -> u64 {
        File::open(path).and_then(|f| winapi_util::file::information(&f)).map_or(1, |i| i.number_of_links())
    }

    /// The read-only attribute (a rename over such a file is refused).
    pub fn denied(path: &Path) -> Option<Denied> {
        std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()).then_some(Denied::File)
    }

    pub fn writes_in_place(_: &Metadata) -> bool {
        false
    }

    pub fn open_in_place(path: &Path) -> std::io::Result<File> {
        std::fs::OpenOptions::new().write(true).open(path)
    }

    pub fn is_no_reader(_: &std::io::Error) -> bool {
        false
    }

    /// A byte-range lock keeps other processes from reading or writing the
    /// temporary file, not from renaming it (tempfile opens it shared for
    /// deletion), so the save that holds it still renames it.
    pub fn hold(file: &File) {
        let _ = fs4::FileExt::try_lock(file);
    }

    pub fn is_held(file: &File) -> bool {
        match fs4::FileExt::try_lock(file) {
            Ok(()) => {
                let _ = fs4::FileExt::unlock(file);
                false
            }
            Err(_) => true,
        }
    }

    pub fn keep_owner(_: &File, _: Option<&Metadata>) {}

    /// A private file (a journal) lives in the user's own profile, which
    /// only the user may read; nothing else is set.
    pub fn set_access(_: &File, _: Option<&Metadata>, _: Access) -> std::io::Result<()> {
        Ok(())
    }

    pub fn sync_dir(_: &Path) {}
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

    // Issue #15: journals hold a whole unsaved plan and were written 0644.
    #[cfg(unix)]
    #[test]
    fn a_private_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.recovery");
        save_private(&p, b"a", Expect::Anything).expect("new");
        assert_eq!(fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o600);
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).expect("chmod");
        save_private(&p, b"b", Expect::Anything).expect("again");
        assert_eq!(fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o600, "an old 0644 one too");
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

    // Issue #15: a save split hard links (the other name kept the old text).
    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_is_refused_with_a_message() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.toml");
        fs::write(&p, "a").expect("write");
        fs::hard_link(&p, dir.path().join("other.toml")).expect("link");
        let err = save_atomic(&p, b"b", Expect::Unchanged(b"a")).expect_err("refused");
        assert!(matches!(err, SaveError::HardLinks { links: 2, .. }), "{err}");
        assert!(err.message(Lang::Sv).contains("2 hårda länkar"));
        assert_eq!(fs::read(dir.path().join("other.toml")).expect("read"), b"a");
        assert_eq!(fs::read(&p).expect("read"), b"a");
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 2, "no temporary file");
    }

    // Issue #15: `-o /dev/…` replaced the device with a regular file.
    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_and_kept() {
        use std::os::unix::fs::FileTypeExt;
        save_atomic(Path::new("/dev/null"), b"x", Expect::Anything).expect("written in place");
        assert!(fs::metadata("/dev/null").expect("meta").file_type().is_char_device());
        let err = save_atomic(Path::new("/dev/full"), b"x", Expect::Anything).expect_err("a full disk");
        assert!(
            matches!(&err, SaveError::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull),
            "{err}"
        );
        assert!(fs::metadata("/dev/full").expect("meta").file_type().is_char_device());
        // A plan is never saved over a device, only an output written to one.
        let err = save_atomic(Path::new("/dev/null"), b"x", Expect::Unchanged(b"")).expect_err("refused");
        assert!(matches!(err, SaveError::NotRegular { .. }));
        let dir = tempfile::tempdir().expect("tempdir");
        let err = save_atomic(dir.path(), b"x", Expect::Anything).expect_err("a folder");
        assert!(matches!(err, SaveError::NotRegular { .. }));
    }

    // Issue #15: a FIFO is written in place when someone reads it, refused
    // at once when nobody does.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_when_read_and_refused_when_not() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("out.md");
        rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, rustix::fs::Mode::from(0o644), 0)
            .expect("mkfifo");
        assert!(matches!(save_atomic(&fifo, b"x", Expect::Anything), Err(SaveError::NoReader(_))));
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut s = String::new();
                fs::File::open(&fifo).and_then(|mut f| f.read_to_string(&mut s)).map(|_| s)
            })
        };
        // The reader opens the FIFO when its thread runs; retry until then.
        let big = "å".repeat(200_000);
        let end = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            match save_atomic(&fifo, big.as_bytes(), Expect::Anything) {
                Ok(()) => break,
                Err(SaveError::NoReader(_)) if std::time::Instant::now() < end => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(reader.join().expect("reader").expect("read"), big, "all of it, past the pipe's buffer");
        assert!(fs::metadata(&fifo).expect("meta").file_type().is_fifo());
    }

    // Issue #15: crashes left `.plan.toml.*.tmp` files that nothing removed.
    #[test]
    fn stale_temporary_files_of_our_own_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.toml");
        fs::write(&p, "a").expect("write");
        let old = std::time::SystemTime::now() - Duration::from_secs(60);
        let mut names = Vec::new();
        for name in [".plan.toml.aB3xZ9.tmp", ".plan.toml.000000.tmp", ".plan.toml.fresh1.tmp"] {
            let f = fs::File::create(dir.path().join(name)).expect("litter");
            if name != ".plan.toml.fresh1.tmp" {
                f.set_modified(old).expect("age it");
            }
            names.push(name);
        }
        // Not ours, or not stale: kept.
        let keep = [".plan.toml.abc.tmp", ".other.toml.aB3xZ9.tmp", "plan.toml.aB3xZ9.tmp", ".plan.toml.aB3xZ9.tmp~"];
        for name in keep {
            fs::File::create(dir.path().join(name)).expect("file").set_modified(old).expect("age");
        }
        // One held by a live save.
        let held = dir.path().join(".plan.toml.live00.tmp");
        let live = fs::File::create(&held).expect("live");
        live.set_modified(old).expect("age");
        fs4::FileExt::try_lock(&live).expect("lock");
        save_atomic(&p, b"b", Expect::Unchanged(b"a")).expect("save");
        let left: Vec<String> = fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        for gone in &names[..2] {
            assert!(!left.iter().any(|l| l == gone), "{gone} is litter: {left:?}");
        }
        assert!(left.iter().any(|l| l == ".plan.toml.fresh1.tmp"), "too young to be litter");
        for k in keep {
            assert!(left.iter().any(|l| l == k), "{k} is not ours: {left:?}");
        }
        assert!(held.exists(), "a live save's file stays");
        drop(live);
    }

    // Issue #24: on Windows a rename over a file with the read-only
    // attribute fails with a bare "access denied".
    #[cfg(windows)]
    #[test]
    fn a_read_only_file_is_refused_in_words_on_windows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.toml");
        fs::write(&p, "a").expect("write");
        let mut perm = fs::metadata(&p).expect("meta").permissions();
        perm.set_readonly(true);
        fs::set_permissions(&p, perm.clone()).expect("read-only");
        let err = save_atomic(&p, b"b", Expect::Unchanged(b"a")).expect_err("refused");
        assert!(matches!(err, SaveError::ReadOnlyFile(_)), "{err}");
        assert!(err.message(Lang::Sv).contains("skrivskyddad"), "{}", err.message(Lang::Sv));
        assert_eq!(fs::read(&p).expect("read"), b"a");
        #[allow(clippy::permissions_set_readonly_false)]
        perm.set_readonly(false);
        fs::set_permissions(&p, perm).expect("writable again");
        save_atomic(&p, b"b", Expect::Unchanged(b"a")).expect("saved once writable");
    }

    // Issue #24: a plan open in a program that shares it with nobody (as
    // spreadsheets and some sync services hold files) cannot be replaced;
    // the message says so in words, names the plan and keeps the OS's own.
    #[cfg(windows)]
    #[test]
    fn a_file_held_by_another_program_is_named_on_windows() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.toml");
        fs::write(&p, "a").expect("write");
        let holder = fs::OpenOptions::new().read(true).share_mode(0).open(&p).expect("hold it");
        let err = save_atomic(&p, b"b", Expect::Anything).expect_err("held");
        assert!(matches!(err, SaveError::HeldByOther { .. }), "{err:?}");
        let sv = err.message(Lang::Sv);
        assert!(sv.contains("hålls av ett annat program") && sv.contains("plan.toml"), "{sv}");
        assert!(sv.contains("os error"), "the OS's own words are kept: {sv}");
        assert!(err.message(Lang::En).contains("held by another program"));
        drop(holder);
        assert_eq!(fs::read(&p).expect("read"), b"a", "untouched");
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1, "no temporary file left");
        save_atomic(&p, b"b", Expect::Unchanged(b"a")).expect("saved once let go");
        assert_eq!(fs::read(&p).expect("read"), b"b");
    }

    // Issue #24: NTFS has hard links too; a save by rename would split them.
    #[cfg(windows)]
    #[test]
    fn a_hard_linked_file_is_refused_on_windows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.toml");
        fs::write(&p, "a").expect("write");
        fs::hard_link(&p, dir.path().join("other.toml")).expect("link");
        let err = save_atomic(&p, b"b", Expect::Unchanged(b"a")).expect_err("refused");
        assert!(matches!(err, SaveError::HardLinks { links: 2, .. }), "{err}");
        assert_eq!(fs::read(dir.path().join("other.toml")).expect("read"), b"a");
    }

    #[test]
    fn a_long_name_still_gets_a_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join(format!("{}.toml", "å".repeat(120)));
        save_atomic(&p, b"a", Expect::New).expect("a 245-byte name");
        assert!(temp_prefix(&p).len() + 10 <= 255);
        assert!(is_our_temp(&format!("{}Ab12Cd.tmp", temp_prefix(&p)), &temp_prefix(&p)));
    }
}
