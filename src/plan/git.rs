//! Reads revisions of a plan file from git history (for `lansplan log`,
//! `diff --from` and the editor's revision picker) by running `git`
//! itself: it is on every machine that has the repository, honours the
//! user's configuration, and spares the build a C library (git2) or a
//! hundred crates (gix) for two read-only commands.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::i18n::Text;
use crate::text;

/// Why git could not answer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// git could not be started (not installed, not on PATH).
    #[error("could not run git")]
    Run(#[source] std::io::Error),
    /// git ran and refused: not a repository, no such revision, …
    #[error("git said: {stderr}")]
    Failed { status: Option<i32>, stderr: String },
    /// A revision that git would take for an option (it begins with `-`).
    #[error("invalid revision \"{0}\"")]
    Revision(String),
    /// git's answer broke off (its pipe closed while reading).
    #[error("git's answer broke off")]
    Read(#[source] std::io::Error),
}

impl GitError {
    /// Returns the reason in both languages, escaped for a terminal.
    pub fn text(&self) -> Text {
        match self {
            GitError::Run(e) | GitError::Read(e) => {
                let e = text::escape(&e.to_string()).into_owned();
                Text::new(format!("kunde inte köra git: {e}"), format!("could not run git: {e}"))
            }
            GitError::Failed { stderr, .. } => {
                let err = text::escape(stderr.trim()).into_owned();
                Text::new(format!("git svarade: {err}"), format!("git said: {err}"))
            }
            GitError::Revision(r) => {
                let r = text::escape(r).into_owned();
                Text::new(format!("ogiltig revision \"{r}\""), format!("invalid revision \"{r}\""))
            }
        }
    }
}

/// Returns a path git cannot read as an option: one that begins with
/// `-` gets `./` in front.
pub fn not_an_option(path: &Path) -> PathBuf {
    if path.as_os_str().to_string_lossy().starts_with('-') { Path::new(".").join(path) } else { path.to_path_buf() }
}

/// Refuses a revision that git would read as an option.
fn revision(rev: &str) -> Result<&str, GitError> {
    if rev.starts_with('-') { Err(GitError::Revision(rev.to_string())) } else { Ok(rev) }
}

/// One commit that touched the file.
#[derive(Debug, Clone)]
pub struct Commit {
    pub hash: String,
    pub short: String,
    pub date: String,
    pub author: String,
    /// The first line of the commit message.
    pub subject: String,
    /// The file's path at that commit, relative to the repository root.
    pub path: String,
}

fn split(file: &Path) -> (PathBuf, String) {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (dir, name)
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(GitError::Run)?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        return Err(GitError::Failed { status: out.status.code(), stderr });
    }
    Ok(out.stdout)
}

/// Returns the file's content at `rev` (a commit, tag or branch).
pub fn show(file: &Path, rev: &str) -> Result<Vec<u8>, GitError> {
    let rev = revision(rev)?;
    let (dir, name) = split(file);
    git(&dir, &["show", &format!("{rev}:./{name}")])
}

/// Returns the commits that touched the file, newest first, following renames.
pub fn log(file: &Path) -> Result<Vec<Commit>, GitError> {
    let (dir, name) = split(file);
    let out = git(
        &dir,
        &["log", "--follow", "--name-only", "--date=short", "--format=%x1e%H%x1f%h%x1f%ad%x1f%an%x1f%s", "--", &name],
    )?;
    let out = String::from_utf8_lossy(&out);
    let mut commits = Vec::new();
    for record in out.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let header = lines.next().unwrap_or("");
        let f: Vec<&str> = header.split('\u{1f}').collect();
        let path = lines.map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
        if f.len() == 5 {
            commits.push(Commit {
                hash: f[0].into(),
                short: f[1].into(),
                date: f[2].into(),
                author: f[3].into(),
                subject: f[4].into(),
                path,
            });
        }
    }
    Ok(commits)
}

/// Returns the file's content at a commit from [`log`], by its path there.
pub fn show_at(file: &Path, commit: &Commit) -> Result<Vec<u8>, GitError> {
    let (dir, _) = split(file);
    git(&dir, &["show", &format!("{}:{}", commit.hash, commit.path)])
}

/// Returns the full hash of the commit `rev` names, or `None` when it
/// names none (or begins with `-`, which git would take for an option).
pub fn commit_of(file: &Path, rev: &str) -> Option<String> {
    let rev = revision(rev).ok()?;
    let (dir, _) = split(file);
    let out = git(&dir, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).ok()?;
    let hash = String::from_utf8_lossy(&out).trim().to_string();
    (!hash.is_empty()).then_some(hash)
}

/// Returns the hashes of the commits reachable from `to` but not from
/// `from`'s parents: `from` itself, what came after it, up to `to` (all
/// of `to`'s history without a `from`).
pub fn range(file: &Path, from: Option<&str>, to: &str) -> Result<std::collections::HashSet<String>, GitError> {
    let (dir, _) = split(file);
    let to = revision(to)?;
    let not = from.map(revision).transpose()?.map(|f| format!("{f}^@"));
    let mut args = vec!["rev-list", to];
    if let Some(n) = &not {
        args.extend(["--not", n]);
    }
    let out = git(&dir, &args)?;
    Ok(String::from_utf8_lossy(&out).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect())
}

/// Calls `f` with the file's content at each of `commits` (by its path
/// there; `None` where git has none, or it is larger than a plan may be),
/// newest first as given, until `f` returns false. One `git cat-file
/// --batch` reads them all, one at a time, so a long history costs one
/// process and one revision's memory.
pub fn for_each_at<'a>(
    file: &Path,
    commits: &'a [Commit],
    mut f: impl FnMut(&'a Commit, Option<Vec<u8>>) -> bool,
) -> Result<(), GitError> {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;
    let (dir, _) = split(file);
    let mut child = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(GitError::Run)?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        return Err(GitError::Run(std::io::Error::other("no pipe")));
    };
    let asks: String = commits.iter().map(|c| format!("{}:{}\n", c.hash, c.path)).collect();
    // Written from a thread: git answers while it reads, and both pipes fill.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(asks.as_bytes());
    });
    let mut out = BufReader::new(stdout);
    let mut result = Ok(());
    for c in commits {
        let mut header = String::new();
        match out.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let size = header.trim_end().rsplit(' ').next().and_then(|s| s.parse::<u64>().ok());
        let content = match size {
            Some(size) if !header.trim_end().ends_with(" missing") => {
                let mut body = Vec::new();
                let limit = crate::plan::load::MAX_FILE_BYTES as u64;
                let read = if size <= limit {
                    (&mut out).take(size).read_to_end(&mut body).map(|_| ())
                } else {
                    std::io::copy(&mut (&mut out).take(size), &mut std::io::sink()).map(|_| ())
                };
                let mut newline = [0u8; 1];
                if let Err(e) = read.and_then(|()| out.read_exact(&mut newline)) {
                    result = Err(GitError::Read(e));
                    break;
                }
                (size <= limit).then_some(body)
            }
            _ => None,
        };
        if !f(c, content) {
            break;
        }
    }
    drop(out);
    let _ = child.kill();
    let _ = child.wait();
    let _ = writer.join();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    // Issue #16: a revision that git would take for an option is refused
    // before git runs, by every call that takes one.
    #[test]
    fn revisions_like_options_are_refused() {
        let file = Path::new("plan.toml");
        assert!(matches!(show(file, "--output=/tmp/x"), Err(GitError::Revision(r)) if r == "--output=/tmp/x"));
        assert!(matches!(range(file, None, "-x"), Err(GitError::Revision(_))));
        assert!(matches!(range(file, Some("--all"), "HEAD"), Err(GitError::Revision(_))));
        assert_eq!(commit_of(file, "--all"), None);
        assert_eq!(GitError::Revision("-x".into()).text().en, "invalid revision \"-x\"");
    }

    #[test]
    fn paths_like_options_get_a_dot_in_front() {
        assert_eq!(not_an_option(Path::new("-p")), Path::new("./-p"));
        assert_eq!(not_an_option(Path::new("a/-p")), Path::new("a/-p"));
    }
}
