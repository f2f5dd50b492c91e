//! Keeps unsaved work safe: a journal of the plan's text after every edit
//! under the user's data folder, offered back after a crash, and a lock
//! beside the plan file that tells a second editor the plan is open.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::save::{Expect, save_atomic};

/// Returns lansplan's data folder (`~/.local/share/lansplan` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("se", "lansplan", "lansplan").map(|d| d.data_dir().to_path_buf())
}

/// The recovery journal of one plan file.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    plan: PathBuf,
}

/// What a journal holds after a crash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The plan file the text belongs to.
    pub plan: PathBuf,
    /// The unsaved text.
    pub text: String,
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

impl Journal {
    /// Returns the journal of the plan at `plan`, kept in `dir` (normally
    /// [`data_dir`]`/recovery`).
    pub fn new(dir: &Path, plan: &Path) -> Journal {
        let plan = fs::canonicalize(plan).unwrap_or_else(|_| plan.to_path_buf());
        let name = plan.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = dir.join(format!("{name}.{:016x}.recovery", stable_hash(&plan)));
        Journal { path, plan }
    }

    /// Returns the journal's own file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records the plan's current unsaved text (atomically, so a crash
    /// while journaling leaves the previous entry).
    pub fn record(&self, text: &str) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut body = Vec::with_capacity(text.len() + 256);
        writeln!(body, "{}", self.plan.display())?;
        body.extend_from_slice(text.as_bytes());
        save_atomic(&self.path, &body, Expect::Anything).map_err(|e| std::io::Error::other(e.to_string()))
    }

    /// Returns the unsaved text left by an earlier session, if any.
    pub fn recover(&self) -> Option<Recovered> {
        let body = fs::read_to_string(&self.path).ok()?;
        let (first, text) = body.split_once('\n')?;
        (Path::new(first) == self.plan).then(|| Recovered { plan: self.plan.clone(), text: text.to_string() })
    }

    /// Forgets the journal (after a save, or when the person declines).
    pub fn clear(&self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// A lock beside a plan file (`.NAME.lock`) saying who has it open.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// Who holds a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
}

fn host_name() -> String {
    fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "okänd".into())
}

/// Returns true if the process `pid` on this host is gone, so its lock is
/// stale. Where that cannot be told (no /proc), the lock is trusted.
fn is_dead(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

impl Lock {
    fn path_for(plan: &Path) -> PathBuf {
        let name = plan.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        plan.with_file_name(format!(".{name}.lock"))
    }

    /// Takes the lock of `plan`. A lock left by a crashed process on this
    /// host is taken over; one held by a live process is refused with
    /// its holder.
    pub fn acquire(plan: &Path) -> Result<Lock, Holder> {
        let path = Self::path_for(plan);
        let me = Holder { pid: std::process::id(), host: host_name() };
        for _ in 0..2 {
            match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "{} {}", me.pid, me.host);
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path).ok().and_then(|s| {
                        let (pid, host) = s.trim().split_once(' ')?;
                        Some(Holder { pid: pid.parse().ok()?, host: host.to_string() })
                    });
                    match holder {
                        Some(h) if h.host == me.host && (is_dead(h.pid) || h.pid == me.pid) => {
                            let _ = fs::remove_file(&path);
                        }
                        Some(h) => return Err(h),
                        // An unreadable or empty lock: a crash mid-write.
                        None => {
                            let _ = fs::remove_file(&path);
                        }
                    }
                }
                // A read-only folder: no lock can be taken, so none guards.
                Err(_) => return Ok(Lock { path: PathBuf::new() }),
            }
        }
        Ok(Lock { path: PathBuf::new() })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

impl Hash for Holder {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.pid.hash(state);
        self.host.hash(state);
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
        j.record("osparad text åäö").expect("record");
        let r = j.recover().expect("recovered");
        assert_eq!(r.text, "osparad text åäö");
        j.clear();
        assert_eq!(j.recover(), None);
    }

    #[test]
    fn a_second_lock_is_refused_and_a_stale_one_taken_over() {
        let dir = tempfile::tempdir().expect("tmp");
        let plan = dir.path().join("plan.toml");
        let lock = Lock::acquire(&plan).expect("first");
        // The same process asking again is treated as a re-open.
        drop(lock);
        let path = Lock::path_for(&plan);
        fs::write(&path, format!("1 {}\n", "another-host")).expect("write");
        assert_eq!(Lock::acquire(&plan).expect_err("held").host, "another-host");
        fs::write(&path, format!("{} {}\n", u32::MAX - 1, host_name())).expect("write");
        let taken = Lock::acquire(&plan).expect("stale lock taken over");
        drop(taken);
        assert!(!path.exists(), "the lock goes with its holder");
    }
}
