//! Reviews of a revision diff: a reviewer marks each change accept, reject
//! or question, with a comment; the marks live beside the plan in a small
//! TOML file keyed by the two revisions and each change's identity, so they
//! survive re-opening and travel through git with the plan.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::apply::apply;
use super::semantic::{Change, Op};
use crate::i18n::{Lang, Text};
use crate::plan::doc::{EditError, PlanDoc};
use crate::plan::model::Plan;
use crate::plan::save::{Expect, SaveError, save_atomic};
use crate::text;

/// A reviewer's verdict on one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accept,
    Reject,
    Question,
}

impl Verdict {
    /// Returns the verdict's word for a person.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Accept => lang.pick("godkänd", "accepted"),
            Verdict::Reject => lang.pick("avvisad", "rejected"),
            Verdict::Question => lang.pick("fråga", "question"),
        }
    }
}

/// One revision, as the review names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRef {
    pub version: String,
    pub date: String,
}

impl RevisionRef {
    /// Returns the reference to a plan's revision.
    pub fn of(plan: &Plan) -> RevisionRef {
        RevisionRef {
            version: plan.revision.str("version").to_string(),
            date: plan.revision.date("date").map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// One reviewer's mark on one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The change's identity, from [`change_key`].
    pub change: String,
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    pub reviewer: String,
    /// When, as `YYYY-MM-DD HH:MM UTC`.
    pub at: String,
}

/// The marks on the diff between two revisions of one plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub format: String,
    pub plan: String,
    pub old: RevisionRef,
    pub new: RevisionRef,
    #[serde(default)]
    pub marks: Vec<Mark>,
}

/// Why a review could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{}", .0.en)]
    Invalid(Text),
    #[error(transparent)]
    Save(#[from] SaveError),
}

impl ReviewError {
    /// Returns the reason in both languages.
    pub fn text(&self) -> Text {
        match self {
            ReviewError::Invalid(t) => t.clone(),
            ReviewError::Save(e) => e.text(),
        }
    }
}

/// Returns a change's stable identity: `kind/id/field`, or `kind/id/added`
/// and `kind/id/removed` for whole items (the id is empty for the plan and
/// the revision).
pub fn change_key(c: &Change) -> String {
    let id = c.id.as_deref().unwrap_or("");
    let what = match c.op {
        Op::Added => "added",
        Op::Removed => "removed",
        Op::Changed | Op::Moved => c.field.unwrap_or(""),
    };
    format!("{}/{id}/{what}", c.kind.json_name())
}

/// Returns who is reviewing: `LANSPLAN_REVIEWER`, else git's user.name,
/// else the login name.
pub fn reviewer() -> String {
    if let Ok(r) = std::env::var("LANSPLAN_REVIEWER")
        && !r.trim().is_empty()
    {
        return r;
    }
    let git = std::process::Command::new("git").args(["config", "user.name"]).output().ok();
    if let Some(name) =
        git.filter(|o| o.status.success()).map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        && !name.is_empty()
    {
        return name;
    }
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "okänd".into())
}

/// Returns the current time as `YYYY-MM-DD HH:MM UTC`.
pub fn now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let date = crate::plan::Date::from_days_since_epoch((secs / 86_400) as i64);
    let day_secs = secs % 86_400;
    format!("{date} {:02}:{:02} UTC", day_secs / 3600, day_secs % 3600 / 60)
}

fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '_' }).collect()
}

/// Returns where the review of `old` → `new` lives: beside the new
/// revision's file, named by the plan and the two versions.
pub fn review_path(new_file: &Path, old: &Plan, new: &Plan) -> PathBuf {
    let name = format!(
        "{}_{}--{}.review.toml",
        slug(new.plan.str("id")),
        slug(old.revision.str("version")),
        slug(new.revision.str("version"))
    );
    new_file.with_file_name(name)
}

impl Review {
    /// Starts an empty review of `old` → `new`.
    pub fn new(old: &Plan, new: &Plan) -> Review {
        Review {
            format: "lansplan-review/1".into(),
            plan: new.plan.str("id").to_string(),
            old: RevisionRef::of(old),
            new: RevisionRef::of(new),
            marks: Vec::new(),
        }
    }

    /// Reads the review at `path`, or starts a new one when there is none.
    /// A review of other revisions than `old` → `new` is refused.
    pub fn open(path: &Path, old: &Plan, new: &Plan) -> Result<Review, ReviewError> {
        let src = match crate::plan::read::read_text(path) {
            Ok(s) => s,
            Err(crate::plan::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Review::new(old, new));
            }
            Err(e) => {
                let e = e.text();
                return Err(ReviewError::Invalid(Text::new(
                    format!("kan inte läsa granskningen: {}", e.sv),
                    format!("cannot read the review: {}", e.en),
                )));
            }
        };
        let p = text::escape(&path.display().to_string()).into_owned();
        let review: Review = toml::from_str(&src).map_err(|e| {
            let (line, col) =
                e.span().map(|s| crate::plan::finding::LineIndex::new(&src).locate(s.start)).unwrap_or((1, 1));
            let msg = text::escape(e.message()).into_owned();
            ReviewError::Invalid(Text::new(
                format!("{p}:{line}:{col}: fel: {msg}"),
                format!("{p}:{line}:{col}: error: {msg}"),
            ))
        })?;
        if review.old != RevisionRef::of(old) || review.new != RevisionRef::of(new) {
            return Err(ReviewError::Invalid(Text::new(
                format!(
                    "{p} granskar andra revisioner ({} → {})",
                    text::escape(&review.old.version),
                    text::escape(&review.new.version)
                ),
                format!(
                    "{p} reviews other revisions ({} → {})",
                    text::escape(&review.old.version),
                    text::escape(&review.new.version)
                ),
            )));
        }
        Ok(review)
    }

    /// Writes the review atomically.
    pub fn save(&self, path: &Path) -> Result<(), ReviewError> {
        let body = toml::to_string_pretty(self).map_err(|e| {
            let e = e.to_string();
            ReviewError::Invalid(Text::new(
                format!("kan inte skriva granskningen: {e}"),
                format!("cannot write the review: {e}"),
            ))
        })?;
        let header = "# Granskning av ändringarna mellan två revisioner (lansplan).\n\
                      # verdict: accept (godkänd), reject (avvisad), question (fråga)\n\n";
        save_atomic(path, format!("{header}{body}").as_bytes(), Expect::Anything)?;
        Ok(())
    }

    /// Returns the mark on `change`, if any.
    pub fn mark_of(&self, change: &Change) -> Option<&Mark> {
        let key = change_key(change);
        self.marks.iter().find(|m| m.change == key)
    }

    /// Marks a change, replacing an earlier mark on it.
    pub fn mark(&mut self, change: &Change, verdict: Verdict, comment: &str, reviewer: &str, at: &str) {
        let key = change_key(change);
        let mark = Mark {
            change: key.clone(),
            verdict,
            comment: comment.to_string(),
            reviewer: reviewer.to_string(),
            at: at.to_string(),
        };
        match self.marks.iter_mut().find(|m| m.change == key) {
            Some(m) => *m = mark,
            None => self.marks.push(mark),
        }
    }

    /// Removes the mark on a change.
    pub fn unmark(&mut self, change: &Change) {
        let key = change_key(change);
        self.marks.retain(|m| m.change != key);
    }

    /// Returns how many changes are accepted, rejected, questioned and unmarked.
    pub fn counts(&self, changes: &[Change]) -> [usize; 4] {
        let mut n = [0; 4];
        for c in changes {
            match self.mark_of(c).map(|m| m.verdict) {
                Some(Verdict::Accept) => n[0] += 1,
                Some(Verdict::Reject) => n[1] += 1,
                Some(Verdict::Question) => n[2] += 1,
                None => n[3] += 1,
            }
        }
        n
    }

    /// Returns OLD's text with exactly the accepted changes applied: the
    /// next revision, as the review decided it.
    pub fn apply_accepted(&self, old_text: &str, changes: &[Change]) -> Result<String, EditError> {
        let accepted: Vec<&Change> =
            changes.iter().filter(|c| self.mark_of(c).is_some_and(|m| m.verdict == Verdict::Accept)).collect();
        let mut doc = PlanDoc::parse(old_text)?;
        apply(&mut doc, &accepted)?;
        Ok(doc.render())
    }

    /// Renders the review as a Markdown report: the diff with each
    /// change's verdict, reviewer, time and comment.
    pub fn to_markdown(&self, old: &Plan, new: &Plan, changes: &[Change], lang: Lang) -> String {
        use std::fmt::Write as _;
        let md = super::markdown::md;
        let mut out = String::new();
        let _ = writeln!(out, "# {}: {}", lang.pick("Granskning", "Review"), md(new.plan.str("title")));
        let _ = writeln!(out);
        let [a, r, q, u] = self.counts(changes);
        let _ = writeln!(
            out,
            "{} {} → {}. {}: {a}, {}: {r}, {}: {q}, {}: {u}.",
            lang.pick("Ändringar från version", "Changes from version"),
            md(&self.old.version),
            md(&self.new.version),
            lang.pick("Godkända", "Accepted"),
            lang.pick("avvisade", "rejected"),
            lang.pick("frågor", "questions"),
            lang.pick("ej granskade", "not reviewed"),
        );
        for (section, goals) in super::markdown::grouped(old, new, changes) {
            let _ = writeln!(out, "\n## {}", md(&super::markdown::section_title(old, new, &section, lang)));
            for (goal, list) in goals {
                if let Some(g) = goal {
                    let _ = writeln!(
                        out,
                        "\n### {} {}\n",
                        lang.pick("Mål", "Goal"),
                        md(&super::markdown::name_of(old, new, crate::plan::Kind::Goal, &g))
                    );
                } else {
                    let _ = writeln!(out);
                }
                for c in list {
                    let _ = writeln!(out, "{}", super::markdown::change_line(old, new, c, lang));
                    match self.mark_of(c) {
                        Some(m) => {
                            let _ =
                                write!(out, "  - **{}** ({}, {})", m.verdict.label(lang), md(&m.reviewer), md(&m.at));
                            if !m.comment.is_empty() {
                                let _ = write!(out, ": {}", md(&m.comment));
                            }
                            let _ = writeln!(out);
                        }
                        None => {
                            let _ = writeln!(out, "  - _{}_", lang.pick("ej granskad", "not reviewed"));
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::plan::{Date, load_str};

    const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

    fn plans() -> (String, Plan, Plan) {
        let a = include_str!("../../plans/jamtland/lok-2025.1-utkast.toml");
        let b = include_str!("../../plans/jamtland/lok-2025.2-remiss.toml");
        (a.to_string(), load_str(a.into(), TODAY).expect("a").plan, load_str(b.into(), TODAY).expect("b").plan)
    }

    #[test]
    fn marks_survive_saving_and_reopening() {
        let (_, old, new) = plans();
        let changes = diff(&old, &new);
        let dir = tempfile::tempdir().expect("tmp");
        let path = review_path(&dir.path().join("lok-2025.2-remiss.toml"), &old, &new);
        assert!(path.to_string_lossy().ends_with("jamtland-lok_2025.1--2025.2.review.toml"));
        let mut r = Review::open(&path, &old, &new).expect("new review");
        r.mark(&changes[0], Verdict::Accept, "Bra formulering åäö", "Anna", "2026-11-22 10:00 UTC");
        r.mark(&changes[1], Verdict::Question, "", "Bo", "2026-11-22 10:05 UTC");
        r.save(&path).expect("save");
        let again = Review::open(&path, &old, &new).expect("reopen");
        assert_eq!(again, r);
        assert_eq!(again.counts(&changes)[0..3], [1, 0, 1]);
        // The same file is refused for another pair of revisions.
        assert!(Review::open(&path, &new, &old).is_err());
    }

    #[test]
    fn applying_a_review_takes_exactly_the_accepted_changes() {
        let (old_text, old, new) = plans();
        let changes = diff(&old, &new);
        let mut r = Review::new(&old, &new);
        let moved = changes.iter().find(|c| c.op == Op::Moved).expect("a move");
        let reworded =
            changes.iter().find(|c| c.op == Op::Changed && c.field == Some("title")).expect("a reworded title");
        r.mark(moved, Verdict::Accept, "", "Anna", "t");
        r.mark(reworded, Verdict::Reject, "nej", "Anna", "t");
        let text = r.apply_accepted(&old_text, &changes).expect("applies");
        let result = load_str(text, TODAY).expect("loads").plan;
        let left = diff(&old, &result);
        assert_eq!(left.len(), 1);
        assert_eq!(change_key(&left[0]), change_key(moved));
        let md = r.to_markdown(&old, &new, &changes, Lang::Sv);
        assert!(md.contains("**godkänd** (Anna, t)") && md.contains("**avvisad** (Anna, t): nej"), "{md}");
    }
}
