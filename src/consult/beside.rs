//! Where the files beside a plan are: their names, and the plan revisions
//! in the same folder that they refer to (the version sent out, the next
//! revision, the adopted one).

use std::path::{Path, PathBuf};

use crate::plan::date::Date;
use crate::plan::{Loaded, Plan, load_file};

/// Which kind of file beside a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideKind {
    Remiss,
    Decisions,
}

impl SideKind {
    /// Returns the file name's ending.
    pub fn suffix(self) -> &'static str {
        match self {
            SideKind::Remiss => ".remiss.toml",
            SideKind::Decisions => ".decisions.toml",
        }
    }

    /// Returns the `format` the file declares.
    pub fn format(self) -> &'static str {
        match self {
            SideKind::Remiss => super::remiss::FORMAT,
            SideKind::Decisions => super::decisions::FORMAT,
        }
    }

    /// Returns the kind a file's name says it is.
    pub fn of_path(path: &Path) -> Option<SideKind> {
        let name = path.file_name()?.to_string_lossy();
        [SideKind::Remiss, SideKind::Decisions].into_iter().find(|k| name.ends_with(k.suffix()))
    }

    /// Returns the kind of a file whose `format` is `format`.
    pub fn of_format(format: &str) -> Option<SideKind> {
        [SideKind::Remiss, SideKind::Decisions].into_iter().find(|k| k.format() == format)
    }
}

/// Returns true for files that are not plan revisions though TOML: the
/// files beside a plan and review files.
pub fn is_side_file(path: &Path) -> bool {
    SideKind::of_path(path).is_some() || path.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".review.toml"))
}

fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '_' }).collect()
}

/// Returns the file of `kind` for revision `version` of plan `plan_id`,
/// beside `plan_file`: `<plan-id>_<version>.remiss.toml`.
pub fn path_for(plan_file: &Path, plan_id: &str, version: &str, kind: SideKind) -> PathBuf {
    plan_file.with_file_name(format!("{}_{}{}", slug(plan_id), slug(version), kind.suffix()))
}

/// Returns the file of `kind` for the revision `plan` beside `plan_file`.
pub fn path_of(plan_file: &Path, plan: &Plan, kind: SideKind) -> PathBuf {
    path_for(plan_file, plan.plan.str("id"), plan.revision.str("version"), kind)
}

/// Returns the folder a file is in ("." for a bare name).
pub fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Returns a path found in the current folder without its `./`, as a
/// person would name it.
fn bare(folder: &Path, path: PathBuf) -> PathBuf {
    if folder == Path::new(".") { path.strip_prefix(".").map(Path::to_path_buf).unwrap_or(path) } else { path }
}

/// One plan revision found in a folder.
#[derive(Debug, Clone)]
pub struct Revision {
    pub path: PathBuf,
    pub loaded: Loaded,
}

impl Revision {
    /// Returns the revision's version.
    pub fn version(&self) -> &str {
        self.loaded.plan.revision.str("version")
    }
}

/// Returns the revisions of plan `plan_id` in `folder`, oldest first (by
/// the revision's date, then version). Files that are not plans, or
/// cannot be read, are passed over.
pub fn revisions(folder: &Path, plan_id: &str, today: Date) -> Vec<Revision> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && !is_side_file(p) && p.is_file())
        .map(|p| bare(folder, p))
        .collect();
    paths.sort();
    let mut out: Vec<Revision> = paths
        .into_iter()
        .filter_map(|path| {
            let loaded = load_file(&path, today).ok()?;
            (loaded.plan.format.as_deref() == Some("lansplan/1") && loaded.plan.plan.str("id") == plan_id)
                .then_some(Revision { path, loaded })
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |r: &Revision| (r.loaded.plan.revision.date("date"), r.version().to_string());
        key(a).cmp(&key(b))
    });
    out
}

/// Returns the revision with `version`.
pub fn find<'a>(revs: &'a [Revision], version: &str) -> Option<&'a Revision> {
    revs.iter().find(|r| r.version() == version)
}

/// Returns the revision that follows `version` (the next one by date).
pub fn next_of<'a>(revs: &'a [Revision], version: &str) -> Option<&'a Revision> {
    let at = revs.iter().position(|r| r.version() == version)?;
    revs[at + 1..].iter().find(|r| r.version() != version)
}

/// Returns the consultation files of plan `plan_id` in `folder`, by name.
pub fn remiss_files(folder: &Path, plan_id: &str) -> Vec<PathBuf> {
    let prefix = format!("{}_", slug(plan_id));
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(&prefix) && n.ends_with(SideKind::Remiss.suffix())
            })
        })
        .map(|p| bare(folder, p))
        .collect();
    out.sort();
    out
}
