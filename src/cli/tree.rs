//! `lansplan tree DIR` (issue 18): the county's plans as a tree, the
//! agreement at the top, the plans that implement it and the kommuners'
//! local agreements under it, each by its latest revision with its status
//! and latest decision. Also what `check DIR` and `report --rollup DIR`
//! share: finding the plans of a folder. Exit 0 when every plan file could
//! be read, 1 when some could not (they are named), 2 when the folder
//! cannot be read.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{fail, shown};
use crate::consult::beside::{SideKind, is_side_file, path_of};
use crate::consult::decisions::{KINDS, OUTCOMES};
use crate::consult::remiss::choice_label;
use crate::i18n::Lang;
use crate::plan::family::{Family, Member};
use crate::plan::schema::{PLAN_KINDS, REVISION_STATUSES};
use crate::plan::{Date, LoadError, Loaded, load_file};
use crate::text;

/// Deepest folder `scan` descends into: a county's plans sit one or two
/// levels down; a link loop must not make it run forever.
const MAX_DEPTH: usize = 8;

/// Returns the `.toml` files under `dir` (not the files beside a plan
/// nor review files), sorted by path.
pub(super) fn plan_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(toml_files(dir)?.into_iter().filter(|p| !is_side_file(p)).collect())
}

/// Returns every `.toml` file under `dir` but review files (which `check`
/// does not read), sorted by path.
pub(super) fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    walk(dir, 0, &mut out)?;
    out.retain(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".review.toml")));
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() && depth < MAX_DEPTH && !entry.file_name().to_string_lossy().starts_with('.') {
            walk(&path, depth + 1, out)?;
        } else if ty.is_file() && path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The plans of a folder, and the files that could not be read as plans.
pub(super) struct Scan {
    pub family: Family,
    pub unreadable: Vec<(PathBuf, LoadError)>,
}

/// Reads every plan revision under `dir` (see [`plan_files`]).
pub(super) fn scan(dir: &Path, today: Date) -> std::io::Result<Scan> {
    let mut revisions: Vec<(PathBuf, Loaded)> = Vec::new();
    let mut unreadable = Vec::new();
    for path in plan_files(dir)? {
        match load_file(&path, today).and_then(Loaded::require_plan) {
            // A file of another `format` (a side file under another name) is not a plan revision.
            Ok(l) if l.plan.format.as_deref() == Some("lansplan/1") => revisions.push((path, l)),
            Ok(_) => {}
            Err(e) => unreadable.push((path, e)),
        }
    }
    Ok(Scan { family: Family::new(revisions), unreadable })
}

/// Reads `dir` for a command, reporting what could not be read; returns
/// the scan and the exit code so far, or the exit code when nothing can be read.
pub(super) fn scan_reporting(dir: &Path, lang: Lang) -> Result<(Scan, i32), i32> {
    let scan = match scan(dir, Date::today()) {
        Ok(s) => s,
        Err(e) => {
            let d = shown(dir);
            let e = text::escape(&e.to_string()).into_owned();
            fail(lang, text!(sv: "kan inte läsa katalogen {d}: {e}"; en: "cannot read the folder {d}: {e}").get(lang));
            return Err(2);
        }
    };
    for (path, e) in &scan.unreadable {
        eprintln!("{}", e.render(&shown(path), lang));
    }
    let code = if scan.unreadable.is_empty() { 0 } else { 1 };
    Ok((scan, code))
}

/// Prints the tree of the plans under `dir` and returns the exit code.
pub fn run(dir: &Path, lang: Lang) -> i32 {
    let (scan, code) = match scan_reporting(dir, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(render(&scan.family, lang).as_bytes());
    let _ = out.flush();
    code
}

/// Returns the tree as text, escaped for the terminal.
pub(super) fn render(family: &Family, lang: Lang) -> String {
    let mut out = String::new();
    if family.members.is_empty() {
        out.push_str(lang.pick("Inga planer hittades.\n", "No plans found.\n"));
    }
    let mut seen = std::collections::HashSet::new();
    for root in family.roots() {
        node(family, root, "", "", &mut seen, &mut out, lang);
    }
    out
}

fn node<'a>(
    family: &'a Family,
    m: &'a Member,
    first: &str,
    rest: &str,
    seen: &mut std::collections::HashSet<&'a str>,
    out: &mut String,
    lang: Lang,
) {
    out.push_str(first);
    out.push_str(&line(family, m, lang));
    out.push('\n');
    // A plan named as its own ancestor would loop; it is shown once.
    if !seen.insert(m.id()) {
        return;
    }
    let children = family.children(m.id());
    for (n, c) in children.iter().enumerate() {
        let last = n + 1 == children.len();
        let (head, tail) = if last { ("└── ", "    ") } else { ("├── ", "│   ") };
        node(family, c, &format!("{rest}{head}"), &format!("{rest}{tail}"), seen, out, lang);
    }
}

/// Returns one plan's line: id, title, kind, latest revision and status,
/// latest decision, file.
fn line(family: &Family, m: &Member, lang: Lang) -> String {
    let p = m.plan();
    let r = &p.revision;
    let kind = choice_label(PLAN_KINDS, p.plan.str("kind"), lang);
    let status = choice_label(REVISION_STATUSES, r.str("status"), lang);
    let date = r.date("date").map(|d| d.to_string()).unwrap_or_default();
    let mut s = format!(
        "{} · {} — {kind}, {} {status} ({date})",
        text::escape(m.id()),
        text::escape(p.plan.label()),
        text::escape(r.str("version"))
    );
    s.push_str(" · ");
    s.push_str(&latest_decision(m, lang));
    if let Some(parent) = m.parent().filter(|id| family.find(id).is_none()) {
        let e = text::escape(parent);
        s.push_str(text!(sv: " · överordnad plan {e} saknas"; en: " · parent plan {e} is missing").get(lang));
    }
    let _ = write!(s, " [{}]", shown(&m.path));
    s
}

/// Returns the latest decision on the plan's latest revision, from the
/// decisions file beside it.
fn latest_decision(m: &Member, lang: Lang) -> String {
    let none = || lang.pick("inga beslut", "no decisions").to_string();
    let path = path_of(&m.path, m.plan(), SideKind::Decisions);
    if !path.exists() {
        return none();
    }
    let Ok(side) = crate::consult::decisions::load_file(&path) else {
        return lang.pick("beslutsfilen kan inte läsas", "the decisions file cannot be read").to_string();
    };
    // The latest by date; on a tie, the last written.
    let latest = side.value.decisions.iter().enumerate().max_by_key(|(n, d)| (d.date("date"), *n)).map(|(_, d)| d);
    let Some(d) = latest else { return none() };
    let date = d.date("date").map(|x| x.to_string()).unwrap_or_default();
    let party = m.plan().find(crate::plan::Kind::Party, d.str("party")).map(|x| format!(", {}", x.label()));
    let what = match d.str("outcome") {
        "" => choice_label(KINDS, d.str("kind"), lang),
        o => choice_label(OUTCOMES, o, lang),
    };
    let body = format!("{}{}", d.str("body"), party.unwrap_or_default());
    let word = lang.pick("senaste beslut", "latest decision");
    format!("{word} {date} {}: {what}", text::escape(&body))
}
