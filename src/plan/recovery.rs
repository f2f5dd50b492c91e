//! Keeps unsaved work safe: a journal of the plan's text after every edit,
//! offered back after a crash, and a lock that tells a second editor the
//! plan is open. Both live under the user's data folder, out of the
//! working tree, so `git status` never shows them (issues #14, #24).
//!
//! Both are keyed by the plan file's identity, not by the name it was
//! opened by (issue #15): its canonical path (so a symlink is the file it
//! points at) and its device and inode (so a hard link is the same file).
//! The lock is an OS advisory lock (flock on Unix, LockFileEx on Windows,
//! through `fs4`) held by the running editor: it goes with the process
//! however that ends, a crash, a kill or a zombie waiting to be reaped,
//! so no process table has to be read to tell a stale lock.

use std::fs::{self, File};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::save::{Expect, SaveError, save_private};

/// Returns lansplan's data folder (`~/.local/share/lansplan` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("se", "lansplan", "lansplan").map(|d| d.data_dir().to_path_buf())
}

/// What identifies a plan file whatever name it is opened by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The path with every symlink resolved (as given when that fails).
    pub canonical: PathBuf,
    /// The device and inode, where the platform tells them.
    pub file: Option<(u64, u64)>,
    /// How many names (hard links) the file has.
    pub links: u64,
}

impl Identity {
    /// Returns the identity of the file at `plan`.
    pub fn of(plan: &Path) -> Identity {
        let canonical = fs::canonicalize(plan).unwrap_or_else(|_| plan.to_path_buf());
        let found = path_id(&canonical);
        Identity { canonical, file: found.map(|f| f.id), links: found.map_or(1, |f| f.links) }
    }

    /// Returns true if a journal written for device and inode `file` is
    /// this file's under another name. Only a file with other names counts:
    /// an inode freed by a save can be reused by an unrelated file.
    fn is_linked_to(&self, file: Option<(u64, u64)>) -> bool {
        self.links > 1 && file.is_some() && file == self.file
    }
}

/// What the platform tells of a file beyond its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    /// The device and inode on Unix, the volume serial number and file
    /// index on Windows: the same pair is the same file.
    id: (u64, u64),
    /// How many names (hard links) the file has.
    links: u64,
}

#[cfg(unix)]
fn of_metadata(m: &fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId { id: (m.dev(), m.ino()), links: m.nlink() }
}

/// Returns the identity of the file at `path`. On Unix the metadata tells
/// it without opening the file (opening a FIFO would wait for a writer).
#[cfg(unix)]
fn path_id(path: &Path) -> Option<FileId> {
    fs::metadata(path).ok().map(|m| of_metadata(&m))
}

#[cfg(unix)]
fn open_id(file: &File) -> Option<FileId> {
    file.metadata().ok().map(|m| of_metadata(&m))
}

/// Windows: std does not yet tell a file's index (`windows_by_handle` is
/// unstable), so it is asked of the open file (GetFileInformationByHandle).
#[cfg(windows)]
fn path_id(path: &Path) -> Option<FileId> {
    File::open(path).ok().and_then(|f| open_id(&f))
}

#[cfg(windows)]
fn open_id(file: &File) -> Option<FileId> {
    let info = winapi_util::file::information(file).ok()?;
    Some(FileId { id: (info.volume_serial_number(), info.file_index()), links: info.number_of_links() })
}

// Elsewhere the canonical path alone keys.
#[cfg(not(any(unix, windows)))]
fn path_id(_: &Path) -> Option<FileId> {
    None
}

#[cfg(not(any(unix, windows)))]
fn open_id(_: &File) -> Option<FileId> {
    None
}

fn stable_hash(p: &Path) -> u64 {
    // FNV-1a: stable across runs and Rust versions, unlike DefaultHasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in p.as_os_str().as_encoded_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Creates `dir` (and its parents) readable by its owner only: journals
/// hold whole unsaved plans.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// The recovery journal of one plan file.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    id: Identity,
}

/// What a journal holds after a crash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The plan file the text belongs to.
    pub plan: PathBuf,
    /// The unsaved text.
    pub text: String,
}

/// The first word of a journal's header line (the header before it was
/// the plan's path alone, which always starts with `/` or a drive).
const MAGIC: &str = "lansplan-journal 2";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// A journal's header: the canonical path and the file's device and inode.
#[derive(Debug, PartialEq, Eq)]
struct Header {
    canonical: Vec<u8>,
    file: Option<(u64, u64)>,
}

impl Header {
    fn line(id: &Identity) -> String {
        let (dev, ino) = id.file.map(|(d, i)| (d.to_string(), i.to_string())).unwrap_or(("-".into(), "-".into()));
        format!("{MAGIC} {dev} {ino} {}\n", hex(id.canonical.as_os_str().as_encoded_bytes()))
    }

    /// Reads a header line: this version's, or an older journal's path.
    fn parse(line: &str) -> Option<Header> {
        let Some(rest) = line.strip_prefix(MAGIC).and_then(|r| r.strip_prefix(' ')) else {
            return Some(Header { canonical: line.as_bytes().to_vec(), file: None });
        };
        let mut parts = rest.splitn(3, ' ');
        let (dev, ino, path) = (parts.next()?, parts.next()?, parts.next()?);
        let file = match (dev.parse().ok(), ino.parse().ok()) {
            (Some(d), Some(i)) => Some((d, i)),
            _ => None,
        };
        Some(Header { canonical: unhex(path)?, file })
    }

    fn is_of(&self, id: &Identity) -> bool {
        self.canonical == id.canonical.as_os_str().as_encoded_bytes() || id.is_linked_to(self.file)
    }
}

/// Reads the header of the journal at `path` (its first line only).
fn read_header(path: &Path) -> Option<Header> {
    let file = super::read::open_regular(path).ok()?;
    let mut first = Vec::new();
    file.take(64 * 1024).read_to_end(&mut first).ok()?;
    let line = first.split(|b| *b == b'\n').next()?;
    Header::parse(std::str::from_utf8(line).ok()?)
}

impl Journal {
    /// Returns the journal of the plan at `plan`, kept in `dir` (normally
    /// [`data_dir`]`/recovery`). The journal is named after the canonical
    /// path; when there is none by that name but one of the same file
    /// under another name (a hard link), that one is the plan's journal.
    pub fn new(dir: &Path, plan: &Path) -> Journal {
        let id = Identity::of(plan);
        let name = id.canonical.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = dir.join(format!("{name}.{:016x}.recovery", stable_hash(&id.canonical)));
        let path = if path.exists() || id.links < 2 { path } else { Self::same_file(dir, &id).unwrap_or(path) };
        Journal { path, id }
    }

    /// Returns a journal in `dir` written for the same file by another name.
    fn same_file(dir: &Path, id: &Identity) -> Option<PathBuf> {
        fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).find(|p| {
            p.extension().is_some_and(|x| x == "recovery") && read_header(p).is_some_and(|h| id.is_linked_to(h.file))
        })
    }

    /// Returns the journal's own file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records the plan's current unsaved text, readable by the user only
    /// (atomically, so a crash while journaling leaves the previous entry).
    pub fn record(&self, text: &str) -> Result<(), SaveError> {
        if let Some(dir) = self.path.parent() {
            private_dir(dir).map_err(|source| SaveError::Io { path: self.path.clone(), source })?;
        }
        let mut body = Header::line(&self.id).into_bytes();
        body.reserve(text.len());
        body.extend_from_slice(text.as_bytes());
        save_private(&self.path, &body, Expect::Anything)
    }

    /// Returns the unsaved text left by an earlier session, if any.
    pub fn recover(&self) -> Option<Recovered> {
        let body = super::read::read_text(&self.path).ok()?;
        let (first, text) = body.split_once('\n')?;
        Header::parse(first)?
            .is_of(&self.id)
            .then(|| Recovered { plan: self.id.canonical.clone(), text: text.to_string() })
    }

    /// Forgets the journal (after a save, or when the person declines).
    pub fn clear(&self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The lock of one open plan: advisory locks on files under the data
/// folder named after the plan's identity, held while this value lives.
#[derive(Debug)]
pub struct Lock {
    dir: PathBuf,
    /// The lock of the canonical path, and of the device and inode.
    held: Vec<(PathBuf, File)>,
}

/// Who holds a lock.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
}

/// Returns this machine's name: the kernel's on Unix (macOS has no
/// /etc/hostname), `COMPUTERNAME` on Windows.
fn host_name() -> String {
    #[cfg(unix)]
    let name = Some(rustix::system::uname().nodename().to_string_lossy().trim().to_string());
    #[cfg(not(unix))]
    let name = std::env::var("COMPUTERNAME").ok();
    name.filter(|s| !s.is_empty()).unwrap_or_else(|| "okänd".into())
}

/// Returns where the holder of the lock file `lock` is written. On Unix
/// that is the lock file itself. A Windows lock (LockFileEx) keeps every
/// other process from reading the locked file, so the holder is written
/// beside it, in a file of the same name ending in `.who`.
fn who_path(lock: &Path) -> Option<PathBuf> {
    cfg!(windows).then(|| lock.with_extension("who"))
}

/// What taking one lock file gave.
enum Taken {
    Held(File),
    /// Another process holds it.
    Busy(Holder),
    /// No lock could be made (a read-only data folder): none guards.
    Unavailable,
}

/// Returns the names of the lock files for `id`.
fn lock_names(id: &Identity) -> Vec<String> {
    let mut names = vec![format!("path-{:016x}.lock", stable_hash(&id.canonical))];
    if let Some((dev, ino)) = id.file {
        names.push(format!("file-{dev:x}-{ino:x}.lock"));
    }
    names
}

/// Takes the advisory lock of the file at `path`, creating it.
fn take(path: &Path) -> Taken {
    // A holder that lets go removes its file; one that found the file just
    // before may lock a removed file. Such a lock counts for nothing, so it
    // is taken again on the file that is there now.
    for _ in 0..3 {
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let Ok(mut file) = options.open(path) else { return Taken::Unavailable };
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => return Taken::Busy(read_holder(path, &mut file)),
            Err(fs4::TryLockError::Error(_)) => return Taken::Unavailable,
        }
        let same = match (open_id(&file), path.exists()) {
            (Some(held), true) => path_id(path).map(|f| f.id) == Some(held.id),
            (None, true) => true,
            (_, false) => false,
        };
        if !same {
            continue;
        }
        let me = format!("{} {}\n", std::process::id(), host_name());
        let _ = match who_path(path) {
            Some(who) => fs::write(who, me.as_bytes()),
            None => file.set_len(0).and_then(|_| file.write_all(me.as_bytes())),
        };
        return Taken::Held(file);
    }
    Taken::Unavailable
}

/// Reads who holds the lock file at `path`; a holder that has not written
/// yet shows as pid 0.
fn read_holder(path: &Path, file: &mut File) -> Holder {
    let mut s = String::new();
    let _ = match who_path(path) {
        Some(who) => File::open(who).and_then(|f| f.take(4096).read_to_string(&mut s)),
        None => file.rewind().and_then(|_| file.take(4096).read_to_string(&mut s)),
    };
    s.trim()
        .split_once(' ')
        .and_then(|(pid, host)| Some(Holder { pid: pid.parse().ok()?, host: host.to_string() }))
        .unwrap_or(Holder { pid: 0, host: host_name() })
}

impl Lock {
    /// Takes the lock of `plan`, with its lock files in `dir` (normally
    /// [`data_dir`]`/locks`). A lock another running lansplan holds, under
    /// any name of the same file, is refused with its holder. Where no
    /// lock can be made at all, an empty lock is returned: none guards.
    pub fn acquire(dir: &Path, plan: &Path) -> Result<Lock, Holder> {
        let mut lock = Lock { dir: dir.to_path_buf(), held: Vec::new() };
        if private_dir(dir).is_err() {
            return Ok(lock);
        }
        for name in lock_names(&Identity::of(plan)) {
            let path = dir.join(name);
            match take(&path) {
                Taken::Held(file) => lock.held.push((path, file)),
                // Dropping `lock` lets go of what was taken.
                Taken::Busy(holder) => return Err(holder),
                Taken::Unavailable => {}
            }
        }
        Ok(lock)
    }

    /// Follows the plan to its new file after a save (a save by rename
    /// gives the file a new inode): the old inode's lock goes, the new
    /// one's is taken.
    pub fn refresh(&mut self, plan: &Path) {
        let want = lock_names(&Identity::of(plan));
        let (keep, drop): (Vec<_>, Vec<_>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|(p, _)| p.file_name().is_some_and(|n| want.iter().any(|w| n == w.as_str())));
        release(drop);
        self.held = keep;
        for name in want {
            let path = self.dir.join(&name);
            if self.held.iter().any(|(p, _)| *p == path) {
                continue;
            }
            if let Taken::Held(file) = take(&path) {
                self.held.push((path, file));
            }
        }
    }
}

/// Removes lock files and then lets go of their locks.
fn release(held: Vec<(PathBuf, File)>) {
    for (path, file) in held {
        // Removed while still locked, so nobody locks it in between.
        if let Some(who) = who_path(&path) {
            let _ = fs::remove_file(who);
        }
        let _ = fs::remove_file(&path);
        drop(file);
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        release(std::mem::take(&mut self.held));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_round_trip() {
        let dir = tempfile::tempdir().expect("tmp");
        let plan = dir.path().join("plan.toml");
        fs::write(&plan, "x").expect("write");
        let j = Journal::new(&dir.path().join("rec"), &plan);
        assert_eq!(j.recover(), None);
        j.record("osparad text åäö\nrad två").expect("record");
        let r = j.recover().expect("recovered");
        assert_eq!(r.text, "osparad text åäö\nrad två");
        j.clear();
        assert_eq!(j.recover(), None);
    }

    // Issue #15: journals hold a whole unsaved plan and were written 0644.
    #[cfg(unix)]
    #[test]
    fn journals_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tmp");
        let plan = dir.path().join("plan.toml");
        fs::write(&plan, "x").expect("write");
        let rec = dir.path().join("data/recovery");
        let j = Journal::new(&rec, &plan);
        j.record("hemligt").expect("record");
        assert_eq!(fs::metadata(j.path()).expect("meta").permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(&rec).expect("meta").permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn a_journal_of_the_older_form_is_read() {
        let dir = tempfile::tempdir().expect("tmp");
        let plan = dir.path().join("plan.toml");
        fs::write(&plan, "x").expect("write");
        let j = Journal::new(dir.path(), &plan);
        let canonical = fs::canonicalize(&plan).expect("canonical");
        fs::write(j.path(), format!("{}\nden gamla texten", canonical.display())).expect("write");
        assert_eq!(j.recover().map(|r| r.text).as_deref(), Some("den gamla texten"));
        fs::write(j.path(), "/någon/annan.toml\ntext").expect("write");
        assert_eq!(j.recover(), None, "another plan's journal");
    }

    #[test]
    fn headers_read_back() {
        let id = Identity { canonical: PathBuf::from("/a b/\nc.toml"), file: Some((7, 42)), links: 1 };
        let line = Header::line(&id);
        assert_eq!(line.matches('\n').count(), 1, "a path with a line break stays on the line");
        let h = Header::parse(line.trim_end_matches('\n')).expect("parses");
        assert!(h.is_of(&id));
        assert_eq!(h.file, Some((7, 42)));
        let other = |ino, links| Identity { canonical: PathBuf::from("/x.toml"), file: Some((7, ino)), links };
        assert!(h.is_of(&other(42, 2)), "the same file by another name");
        assert!(!h.is_of(&other(42, 1)), "a file with one name that reuses a freed inode");
        assert!(!h.is_of(&other(43, 2)));
    }

    // Issue #15: locks were taken by the path as typed; a symlink or a hard
    // link to the same plan gave no warning.
    #[cfg(unix)]
    #[test]
    fn every_name_of_a_plan_shares_one_lock() {
        let dir = tempfile::tempdir().expect("tmp");
        let locks = dir.path().join("locks");
        let plan = dir.path().join("plan.toml");
        fs::write(&plan, "x").expect("write");
        fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::os::unix::fs::symlink("../plan.toml", dir.path().join("sub/plan.toml")).expect("symlink");
        fs::hard_link(&plan, dir.path().join("länk.toml")).expect("link");
        let first = Lock::acquire(&locks, &plan).expect("first");
        assert_eq!(fs::read_dir(&locks).expect("dir").count(), 2, "the path's and the inode's");
        for other in ["sub/plan.toml", "länk.toml", "./plan.toml"] {
            let holder = Lock::acquire(&locks, &dir.path().join(other)).expect_err(other);
            assert_eq!(holder.pid, std::process::id(), "{other}");
        }
        drop(first);
        assert_eq!(fs::read_dir(&locks).expect("dir").count(), 0, "the lock files go with their holder");
        let again = Lock::acquire(&locks, &dir.path().join("länk.toml")).expect("free again");
        drop(again);
    }

    // Issue #15: after a save by rename the file has a new inode; the lock
    // follows it, so a hard link made later still meets the lock.
    #[cfg(unix)]
    #[test]
    fn the_lock_follows_a_save() {
        let dir = tempfile::tempdir().expect("tmp");
        let locks = dir.path().join("locks");
        let plan = dir.path().join("plan.toml");
        fs::write(&plan, "x").expect("write");
        let mut lock = Lock::acquire(&locks, &plan).expect("lock");
        super::super::save::save_atomic(&plan, b"y", Expect::Unchanged(b"x")).expect("save");
        lock.refresh(&plan);
        assert_eq!(fs::read_dir(&locks).expect("dir").count(), 2, "the path's and the new inode's");
        fs::hard_link(&plan, dir.path().join("ny-länk.toml")).expect("link");
        assert!(Lock::acquire(&locks, &dir.path().join("ny-länk.toml")).is_err());
    }

    /// Set in the environment of the child process that
    /// [`a_dead_holders_lock_is_free_on_every_platform`] starts: the plan it locks.
    const CHILD_PLAN: &str = "LANSPLAN_TEST_LOCK_PLAN";

    /// Not a test of its own: the process that holds the lock in
    /// [`a_dead_holders_lock_is_free_on_every_platform`]. It takes the lock
    /// named in its environment, says so and waits to be killed.
    #[test]
    fn lock_holder_child() {
        let (Some(plan), Some(locks)) = (std::env::var_os(CHILD_PLAN), std::env::var_os("LANSPLAN_TEST_LOCK_DIR"))
        else {
            return;
        };
        let lock = Lock::acquire(Path::new(&locks), Path::new(&plan)).expect("the child takes the lock");
        println!("held by {}", std::process::id());
        std::io::stdout().flush().expect("flush");
        std::thread::sleep(std::time::Duration::from_secs(120));
        drop(lock);
    }

    // Issue #24: the stale-lock test read /proc, which only Linux has; on
    // macOS a crashed editor's lock would never have looked dead. This one
    // runs on every platform (Windows under Wine in CI): another process
    // holds the lock, is killed without a chance to clean up, and the lock
    // is free at once, though its file is still there.
    #[test]
    fn a_dead_holders_lock_is_free_on_every_platform() {
        use std::io::BufRead;
        let dir = tempfile::tempdir().expect("tmp");
        let locks = dir.path().join("locks");
        let plan = dir.path().join("plan.toml");
        fs::write(&plan, "x").expect("write");
        let mut child = std::process::Command::new(std::env::current_exe().expect("the test binary"))
            .args(["--exact", "plan::recovery::tests::lock_holder_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_PLAN, &plan)
            .env("LANSPLAN_TEST_LOCK_DIR", &locks)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start the holder");
        let out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        // libtest writes the test's name on the same line first.
        let held = out.lines().map_while(Result::ok).find_map(|l| Some(l.split_once("held by ")?.1.to_string()));
        assert_eq!(held, Some(child.id().to_string()), "the child took the lock");
        let holder = Lock::acquire(&locks, &plan).expect_err("held by the child");
        assert_eq!(holder.pid, child.id(), "the holder is named");
        assert_eq!(holder.host, host_name());
        child.kill().expect("kill the holder");
        child.wait().expect("reap the holder");
        assert!(fs::read_dir(&locks).expect("dir").count() > 0, "a killed holder leaves its lock file");
        let lock = Lock::acquire(&locks, &plan).expect("a dead holder's lock is free");
        drop(lock);
        assert_eq!(fs::read_dir(&locks).expect("dir").count(), 0, "the lock files go with their holder");
    }

    // Issue #15: a symlink or a hard link to a plan read another journal;
    // a hard link now finds the journal its other name wrote.
    #[cfg(unix)]
    #[test]
    fn every_name_of_a_plan_shares_one_journal() {
        let dir = tempfile::tempdir().expect("tmp");
        let rec = dir.path().join("rec");
        let plan = dir.path().join("plan.toml");
        fs::write(&plan, "x").expect("write");
        std::os::unix::fs::symlink(&plan, dir.path().join("symlänk.toml")).expect("symlink");
        fs::hard_link(&plan, dir.path().join("länk.toml")).expect("link");
        Journal::new(&rec, &plan).record("osparat").expect("record");
        for other in ["symlänk.toml", "länk.toml"] {
            let j = Journal::new(&rec, &dir.path().join(other));
            assert_eq!(j.recover().map(|r| r.text).as_deref(), Some("osparat"), "{other}");
        }
        assert_eq!(fs::read_dir(&rec).expect("dir").count(), 1);
    }
}
