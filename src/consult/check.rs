//! What `lansplan check` says about the files beside a plan, and about an
//! adopted revision in the light of its consultation and its decisions.
//! Each finding belongs to the file it points into, so one check of a plan
//! can report lines of its consultation file too.

use std::path::{Path, PathBuf};

use super::beside::{self, SideKind, folder, path_of, revisions};
use super::{decisions, remiss};
use crate::diff::diff;
use crate::plan::date::Date;
use crate::plan::finding::{Finding, Findings};
use crate::plan::load::LoadError;
use crate::plan::{Loaded, Plan};
use crate::text;

/// The findings about one file.
#[derive(Debug, Clone)]
pub struct FileFindings {
    pub path: PathBuf,
    pub findings: Vec<Finding>,
}

fn missing_revision(f: &mut Findings, plan_id: &str, version: &str) {
    let (p, v) = (text::escape(plan_id), text::escape(version));
    f.warning(
        0..0,
        text!(sv: "version {v} av planen {p} finns inte bredvid filen; hänvisningarna till den kontrolleras inte";
              en: "version {v} of the plan {p} is not beside the file; references to it are not checked"),
    );
}

/// Checks a consultation or decisions file against the plan revisions in
/// its folder.
pub fn check_side(path: &Path, kind: SideKind, today: Date) -> Result<FileFindings, LoadError> {
    let findings = match kind {
        SideKind::Remiss => {
            let side = remiss::load_file(path)?;
            let r = &side.value;
            let revs = revisions(&folder(path), r.plan_id(), today);
            let base = beside::find(&revs, r.version());
            let next = beside::next_of(&revs, r.version());
            let changes = match (base, next) {
                (Some(b), Some(n)) => diff(&b.loaded.plan, &n.loaded.plan),
                _ => Vec::new(),
            };
            let mut f = Findings::new(&side.source);
            f.list = side.findings.clone();
            if base.is_none() && !r.plan_id().is_empty() {
                missing_revision(&mut f, r.plan_id(), r.version());
            }
            let against = remiss::Against {
                base: base.map(|b| &b.loaded.plan),
                next: base.and(next).map(|n| (&n.loaded.plan, changes.as_slice())),
            };
            remiss::check(r, against, &mut f);
            f.finish()
        }
        SideKind::Decisions => {
            let side = decisions::load_file(path)?;
            let d = &side.value;
            let plan_id = d.head.str("plan");
            let revs = revisions(&folder(path), plan_id, today);
            let plan = beside::find(&revs, d.version());
            let mut f = Findings::new(&side.source);
            f.list = side.findings.clone();
            if plan.is_none() && !plan_id.is_empty() {
                missing_revision(&mut f, plan_id, d.version());
            }
            decisions::check(d, plan.map(|p| &p.loaded.plan), &mut f);
            f.finish()
        }
    };
    Ok(FileFindings { path: path.to_path_buf(), findings })
}

/// Returns the consultation that led to `adopted`: the latest one of the
/// same plan, on another version, sent no later than the adopted
/// revision's date.
pub fn consultation_before(plan_file: &Path, adopted: &Plan) -> Option<(PathBuf, remiss::Side<remiss::Remiss>)> {
    let id = adopted.plan.str("id");
    let version = adopted.revision.str("version");
    let date = adopted.revision.date("date");
    let mut best: Option<(PathBuf, remiss::Side<remiss::Remiss>)> = None;
    for path in beside::remiss_files(&folder(plan_file), id) {
        let Ok(side) = remiss::load_file(&path) else { continue };
        let r = &side.value;
        let sent = r.head.date("sent");
        if r.plan_id() != id || r.version() == version || matches!((sent, date), (Some(s), Some(d)) if s > d) {
            continue;
        }
        if best.as_ref().is_none_or(|(_, b)| b.value.head.date("sent") <= sent) {
            best = Some((path, side));
        }
    }
    best
}

/// Returns the consultation file that belongs with the plan revision at
/// `plan_file`: the one of its own version when it was sent out, else the
/// latest one of an earlier version (whose points led to this revision).
pub fn remiss_for(plan_file: &Path, plan: &Plan) -> Option<PathBuf> {
    let own = path_of(plan_file, plan, SideKind::Remiss);
    if own.is_file() {
        return Some(own);
    }
    if let Some((p, _)) = consultation_before(plan_file, plan) {
        return Some(p);
    }
    // One that cannot be read is opened all the same, so that the person
    // learns what is wrong with it (and where) instead of "none".
    let folder = beside::folder(plan_file);
    beside::remiss_files(&folder, plan.plan.str("id")).into_iter().find(|p| remiss::load_file(p).is_err())
}

/// Checks an adopted revision against the files beside it: an error when
/// it no longer matches the fingerprint its decisions recorded, and the
/// consultation's loose ends as warnings in the consultation file.
pub fn check_plan(plan_file: &Path, loaded: &Loaded, today: Date) -> Vec<FileFindings> {
    let plan = &loaded.plan;
    let mut out = Vec::new();
    if plan.revision.str("status") != "adopted" {
        return out;
    }
    let decisions_file = path_of(plan_file, plan, SideKind::Decisions);
    if decisions_file.exists() {
        let mut f = Findings::new(&loaded.source);
        let shown = text::path(&decisions_file);
        match decisions::load_file(&decisions_file) {
            Ok(side) => {
                let content = side.value.head.str("content");
                if super::fingerprint::is_well_formed(content) && super::fingerprint::fingerprint(plan) != content {
                    let v = text::escape(plan.revision.str("version"));
                    f.error(
                        plan.revision.span.clone(),
                        text!(sv: "version {v} har ändrats efter beslutet: innehållet stämmer inte med fingeravtrycket i {shown}";
                              en: "version {v} was changed after the decision: its content does not match the fingerprint in {shown}"),
                    );
                    f.hint(decisions::changed_hint(&side.value));
                }
            }
            Err(_) => f.warning(
                plan.revision.span.clone(),
                text!(sv: "beslutsfilen {shown} kan inte läsas; fingeravtrycket kontrolleras inte (se lansplan check {shown})";
                      en: "the decisions file {shown} cannot be read; the fingerprint is not checked (see lansplan check {shown})"),
            ),
        }
        out.push(FileFindings { path: plan_file.to_path_buf(), findings: f.finish() });
    }
    if let Some((path, side)) = consultation_before(plan_file, plan) {
        let revs = revisions(&folder(plan_file), plan.plan.str("id"), today);
        let base = beside::find(&revs, side.value.version()).map(|r| &r.loaded.plan);
        let mut f = Findings::new(&side.source);
        remiss::check_adopted(&side.value, base, plan, &mut f);
        out.push(FileFindings { path, findings: f.finish() });
    }
    out.retain(|ff| !ff.findings.is_empty());
    out
}
