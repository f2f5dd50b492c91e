//! Reviews of a revision diff: each reviewer marks each change accept,
//! reject or question, with a comment, and others reply to it. The marks
//! live beside the plan in a small TOML file (`lansplan-review/2`), keyed
//! by the two revisions and each change's identity, so they survive
//! re-opening and travel through git with the plan.
//!
//! Every mark records a fingerprint of the values its reviewer judged:
//! when the change is edited afterwards the mark shows as "changed since
//! review" and no longer counts (see `summary.rs`); `apply.rs` writes the
//! next draft from the changes that are accepted as they stand.
//! Files of the first format (`lansplan-review/1`, named by the version
//! labels alone, marks without fingerprints) are read; their marks count
//! as changed since review until marked again.

mod apply;
mod key;
mod summary;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use self::apply::{Applied, ApplyError, LeftOut, next_version, taken_versions};
pub use self::key::{change_fingerprint, plan_fingerprint, review_path};
pub use self::summary::{Assessment, Judged, MarkState, ReviewerTally, Status, Summary, Tally};
use super::semantic::{Change, Op};
use crate::i18n::{Lang, Text};
use crate::plan::model::Plan;
use crate::plan::save::{Expect, SaveError, save_atomic};
use crate::text;

/// The format this version writes.
pub const FORMAT: &str = "lansplan-review/2";
/// The first format, still read.
const FORMAT_1: &str = "lansplan-review/1";

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
    /// The fingerprint of the revision's content, for the older revision
    /// (absent in files of the first format).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

impl RevisionRef {
    /// Returns the reference to a plan's revision, without its content.
    pub fn of(plan: &Plan) -> RevisionRef {
        RevisionRef {
            version: plan.revision.str("version").to_string(),
            date: plan.revision.date("date").map(|d| d.to_string()).unwrap_or_default(),
            content: None,
        }
    }

    fn same_revision(&self, other: &RevisionRef) -> bool {
        self.version == other.version && self.date == other.date
    }
}

/// A reply to a mark's comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub reviewer: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub party: String,
    pub text: String,
    /// When, as `YYYY-MM-DD HH:MM UTC`.
    pub at: String,
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
    /// The id of the party the reviewer speaks for, if given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub party: String,
    /// When, as `YYYY-MM-DD HH:MM UTC`.
    pub at: String,
    /// The fingerprint of what was judged, from [`change_fingerprint`];
    /// empty in marks of the first format.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub judged: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
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

/// Why a review could not be read, changed or written.
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

/// A review as read from its file, with what a person should know about
/// how it was found (already escaped).
#[derive(Debug, Clone)]
pub struct Opened {
    pub review: Review,
    pub notes: Vec<Text>,
    /// The review file's bytes when it was read (`None`: no file yet).
    read: Option<Vec<u8>>,
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

/// Returns who is reviewing: `explicit` (from `--reviewer`), else
/// `LANSPLAN_REVIEWER`, else git's user.name as seen from `dir` (the
/// plan's folder, so a repository's own setting counts), else the login
/// name.
pub fn reviewer(explicit: Option<&str>, dir: &Path) -> String {
    if let Some(r) = explicit.map(str::trim).filter(|r| !r.is_empty()) {
        return r.to_string();
    }
    if let Ok(r) = std::env::var("LANSPLAN_REVIEWER")
        && !r.trim().is_empty()
    {
        return r.trim().to_string();
    }
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let git = std::process::Command::new("git").arg("-C").arg(dir).args(["config", "user.name"]).output().ok();
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

fn invalid(sv: String, en: String) -> ReviewError {
    ReviewError::Invalid(Text::new(sv, en))
}

fn shown(path: &Path) -> String {
    text::path(path)
}

/// Reads a file, `None` when there is none.
fn read(path: &Path) -> Result<Option<Vec<u8>>, ReviewError> {
    match crate::plan::read::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(crate::plan::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            let (p, e) = (shown(path), e.text());
            Err(invalid(
                format!("kan inte läsa granskningen {p}: {}", e.sv),
                format!("cannot read the review {p}: {}", e.en),
            ))
        }
    }
}

/// Parses review text, with PATH:LINE:COL on a syntax or type error and a
/// refusal of formats this version does not know.
fn parse(bytes: &[u8], path: &Path) -> Result<Review, ReviewError> {
    let p = shown(path);
    let src = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::plan::finding::LineIndex::new(&String::from_utf8_lossy(bytes)).locate(e.valid_up_to());
        invalid(
            format!("{p}:{line}:{col}: fel: filen är inte UTF-8"),
            format!("{p}:{line}:{col}: error: the file is not UTF-8"),
        )
    })?;
    let review: Review = toml::from_str(src).map_err(|e| {
        let (line, col) = e.span().map(|s| crate::plan::finding::LineIndex::new(src).locate(s.start)).unwrap_or((1, 1));
        let msg = text::escape(e.message()).into_owned();
        invalid(format!("{p}:{line}:{col}: fel: {msg}"), format!("{p}:{line}:{col}: error: {msg}"))
    })?;
    if review.format != FORMAT && review.format != FORMAT_1 {
        let f = text::escape(&review.format).into_owned();
        return Err(invalid(
            format!(
                "{p}: fel: okänt granskningsformat \"{f}\" (den här versionen läser {FORMAT_1} och {FORMAT}); uppdatera lansplan"
            ),
            format!(
                "{p}: error: unknown review format \"{f}\" (this version reads {FORMAT_1} and {FORMAT}); update lansplan"
            ),
        ));
    }
    Ok(review)
}

impl Review {
    /// Starts an empty review of `old` → `new`.
    pub fn new(old: &Plan, new: &Plan) -> Review {
        let mut old_ref = RevisionRef::of(old);
        old_ref.content = Some(plan_fingerprint(old));
        Review {
            format: FORMAT.into(),
            plan: new.plan.str("id").to_string(),
            old: old_ref,
            new: RevisionRef::of(new),
            marks: Vec::new(),
        }
    }

    /// Reads the review at `path` (from [`review_path`]), or the file the
    /// first format named by the version labels when there is none yet,
    /// or starts a new one. A review of other revisions than `old` →
    /// `new` is refused.
    pub fn open(path: &Path, old: &Plan, new: &Plan) -> Result<Opened, ReviewError> {
        if let Some(bytes) = read(path)? {
            let review = parse(&bytes, path)?;
            review.check_revisions(path, old, new)?;
            return Ok(Opened { review, notes: Vec::new(), read: Some(bytes) });
        }
        let fresh = Review::new(old, new);
        let legacy = key::legacy_path(path, old, new);
        // A name longer than a file system allows was never written.
        let legacy_fits = legacy.file_name().is_some_and(|n| n.len() <= 255);
        if legacy_fits && let Some(bytes) = read(&legacy)? {
            let earlier = parse(&bytes, &legacy)?;
            if earlier.plan == fresh.plan
                && earlier.old.same_revision(&fresh.old)
                && earlier.new.same_revision(&fresh.new)
            {
                let n = earlier.marks.len();
                let l = legacy.file_name().map(|f| text::escape(&f.to_string_lossy()).into_owned()).unwrap_or_default();
                let note = Text::new(
                    format!(
                        "{n} markeringar i tidigare format räknas som ändrade efter granskning tills de markeras igen (läst ur {l})"
                    ),
                    format!(
                        "{n} marks of the earlier format count as changed since review until marked again (read from {l})"
                    ),
                );
                let review = Review { marks: earlier.marks, ..fresh };
                return Ok(Opened { review, notes: vec![note], read: None });
            }
        }
        let notes = others(path, old, new).into_iter().collect();
        Ok(Opened { review: fresh, notes, read: None })
    }

    /// Reads the review afresh, changes it with `f` and writes it back,
    /// holding a lock beside it meanwhile and retrying when someone wrote
    /// the file without one, so that no reviewer's marks are lost. Returns
    /// the review as written.
    pub fn update(
        path: &Path,
        old: &Plan,
        new: &Plan,
        mut f: impl FnMut(&mut Review) -> Result<(), ReviewError>,
    ) -> Result<Review, ReviewError> {
        let _lock = Lock::take(path)?;
        for _ in 0..20 {
            let Opened { mut review, read, .. } = Review::open(path, old, new)?;
            f(&mut review)?;
            let expect = match &read {
                Some(bytes) => Expect::Unchanged(bytes),
                None => Expect::New,
            };
            match review.write(path, expect) {
                Ok(()) => return Ok(review),
                Err(ReviewError::Save(SaveError::ChangedOnDisk(_) | SaveError::Exists(_))) => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(e) => return Err(e),
            }
        }
        let p = shown(path);
        Err(invalid(
            format!("{p} skrivs hela tiden av någon annan; inget sparades, försök igen"),
            format!("{p} keeps being written by someone else; nothing was saved, try again"),
        ))
    }

    fn check_revisions(&self, path: &Path, old: &Plan, new: &Plan) -> Result<(), ReviewError> {
        let want = Review::new(old, new);
        let content_differs = matches!((&self.old.content, &want.old.content), (Some(a), Some(b)) if a != b);
        if self.plan == want.plan
            && self.old.same_revision(&want.old)
            && self.new.same_revision(&want.new)
            && !content_differs
        {
            return Ok(());
        }
        let p = shown(path);
        let (o, n) = (text::escape(&self.old.version), text::escape(&self.new.version));
        Err(invalid(
            format!("{p} granskar andra revisioner ({o} → {n}) än de som jämförs"),
            format!("{p} reviews other revisions ({o} → {n}) than those compared"),
        ))
    }

    /// Writes the review atomically, if the file is as `expect` says.
    fn write(&self, path: &Path, expect: Expect<'_>) -> Result<(), ReviewError> {
        let body = toml::to_string_pretty(self).map_err(|e| {
            let e = text::escape(&e.to_string()).into_owned();
            invalid(format!("kan inte skriva granskningen: {e}"), format!("cannot write the review: {e}"))
        })?;
        let header = "# Granskning av ändringarna mellan två revisioner (lansplan).\n\
                      # verdict: accept (godkänd), reject (avvisad), question (fråga)\n\
                      # judged: fingeravtryck av de värden som granskades; en markering vars\n\
                      # ändring sedan ser annorlunda ut räknas som ändrad efter granskning.\n\n";
        save_atomic(path, format!("{header}{body}").as_bytes(), expect)?;
        Ok(())
    }

    /// Returns the marks on the change with key `key`.
    pub fn marks_on<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Mark> + 'a {
        self.marks.iter().filter(move |m| m.change == key)
    }

    /// Returns `reviewer`'s mark on `change`, if any.
    pub fn mark_by(&self, change: &Change, reviewer: &str) -> Option<&Mark> {
        let key = change_key(change);
        self.marks.iter().find(|m| m.change == key && m.reviewer == reviewer)
    }

    /// Returns the party of `reviewer`'s latest mark (or reply) that names one.
    pub fn party_of(&self, reviewer: &str) -> Option<String> {
        let mut found: Option<(&str, &str)> = None;
        for m in &self.marks {
            let replies = m.replies.iter().map(|r| (r.reviewer.as_str(), r.party.as_str(), r.at.as_str()));
            for (who, party, at) in
                std::iter::once((m.reviewer.as_str(), m.party.as_str(), m.at.as_str())).chain(replies)
            {
                if who == reviewer && !party.is_empty() && found.is_none_or(|(_, t)| at >= t) {
                    found = Some((party, at));
                }
            }
        }
        found.map(|(p, _)| p.to_string())
    }

    /// Returns every reviewer who marked or replied, in first-seen order.
    pub fn reviewers(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in &self.marks {
            for who in std::iter::once(&m.reviewer).chain(m.replies.iter().map(|r| &r.reviewer)) {
                if !out.contains(who) {
                    out.push(who.clone());
                }
            }
        }
        out
    }

    /// Marks `change` for `reviewer`, replacing only that reviewer's earlier
    /// mark on it (whose replies stay) and recording what was judged. A
    /// `None` comment keeps the earlier one; a `None` party keeps the
    /// earlier mark's or the reviewer's latest.
    pub fn mark(
        &mut self,
        change: &Change,
        verdict: Verdict,
        comment: Option<&str>,
        reviewer: &str,
        party: Option<&str>,
        at: &str,
    ) {
        let key = change_key(change);
        let judged = change_fingerprint(change);
        let latest = self.party_of(reviewer).unwrap_or_default();
        match self.marks.iter_mut().find(|m| m.change == key && m.reviewer == reviewer) {
            Some(m) => {
                m.verdict = verdict;
                if let Some(c) = comment {
                    m.comment = c.to_string();
                }
                if let Some(p) = party {
                    m.party = p.to_string();
                }
                m.at = at.to_string();
                m.judged = judged;
            }
            None => self.marks.push(Mark {
                change: key,
                verdict,
                comment: comment.unwrap_or("").to_string(),
                reviewer: reviewer.to_string(),
                party: party.map(String::from).unwrap_or(latest),
                at: at.to_string(),
                judged,
                replies: Vec::new(),
            }),
        }
    }

    /// Removes `reviewer`'s mark on the change with key `key`; refused when
    /// others replied to it (their words would go with it). Returns whether
    /// there was a mark.
    pub fn unmark(&mut self, key: &str, reviewer: &str) -> Result<bool, ReviewError> {
        let Some(at) = self.marks.iter().position(|m| m.change == key && m.reviewer == reviewer) else {
            return Ok(false);
        };
        let n = self.marks[at].replies.len();
        if n > 0 {
            return Err(invalid(
                format!("markeringen har {n} svar och tas inte bort; ändra omdömet i stället"),
                format!("the mark has {n} replies and is not removed; change the verdict instead"),
            ));
        }
        self.marks.remove(at);
        Ok(true)
    }

    /// Adds `reviewer`'s reply to the mark on `key` by `to` (needed only
    /// when several reviewers marked the change).
    pub fn reply(
        &mut self,
        key: &str,
        to: Option<&str>,
        reviewer: &str,
        party: Option<&str>,
        text_: &str,
        at: &str,
    ) -> Result<(), ReviewError> {
        let text_ = text_.trim();
        if text_.is_empty() {
            return Err(invalid("svaret är tomt".into(), "the reply is empty".into()));
        }
        let k = text::escape(key).into_owned();
        let on: Vec<usize> = (0..self.marks.len()).filter(|i| self.marks[*i].change == key).collect();
        let names =
            || on.iter().map(|i| text::escape(&self.marks[*i].reviewer).into_owned()).collect::<Vec<_>>().join(", ");
        let target = match to {
            Some(name) => on.iter().copied().find(|i| self.marks[*i].reviewer == name).ok_or_else(|| {
                let n = text::escape(name).into_owned();
                invalid(
                    format!("{n} har inte markerat {k}; markerat av: {}", names()),
                    format!("{n} has not marked {k}; marked by: {}", names()),
                )
            })?,
            None => match on.as_slice() {
                [] => {
                    return Err(invalid(
                        format!("ingen har markerat {k}; det finns inget att svara på"),
                        format!("nobody has marked {k}; there is nothing to reply to"),
                    ));
                }
                [one] => *one,
                _ => {
                    return Err(invalid(
                        format!("flera har markerat {k} ({}); säg vems markering svaret gäller", names()),
                        format!("several reviewers marked {k} ({}); say whose mark the reply is to", names()),
                    ));
                }
            },
        };
        let party = party.map(String::from).or_else(|| self.party_of(reviewer)).unwrap_or_default();
        self.marks[target].replies.push(Reply {
            reviewer: reviewer.to_string(),
            party,
            text: text_.to_string(),
            at: at.to_string(),
        });
        Ok(())
    }

    /// Refuses a party id that neither revision has.
    pub fn check_party(party: &str, old: &Plan, new: &Plan) -> Result<(), ReviewError> {
        let kind = crate::plan::Kind::Party;
        if new.find(kind, party).is_some() || old.find(kind, party).is_some() {
            return Ok(());
        }
        let ids: Vec<String> = new.parties.iter().map(|p| text::escape(&p.id).into_owned()).collect();
        let p = text::escape(party).into_owned();
        Err(invalid(
            format!("okänd part \"{p}\"; befintliga id: {}", ids.join(", ")),
            format!("unknown party \"{p}\"; existing ids: {}", ids.join(", ")),
        ))
    }
}

/// A lock on a review file while it is read, changed and written: a file
/// `.<name>.lock` beside it, made with `create_new` (so only one process
/// holds it), removed when dropped. A lock older than [`Lock::STALE`] was
/// left by a process that died and is taken over (a write takes
/// milliseconds); a waiter waits longer than that, so a dead lock never
/// stops a mark.
struct Lock(std::path::PathBuf);

impl Lock {
    const STALE: std::time::Duration = std::time::Duration::from_secs(10);
    const WAIT: std::time::Duration = std::time::Duration::from_secs(15);

    fn take(path: &Path) -> Result<Lock, ReviewError> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let lock = path.with_file_name(format!(".{name}.lock"));
        let until = std::time::Instant::now() + Lock::WAIT;
        loop {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&lock) {
                Ok(mut f) => {
                    use std::io::Write as _;
                    let _ = write!(f, "{}", std::process::id());
                    return Ok(Lock(lock));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = std::fs::metadata(&lock).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
                    if age.is_some_and(|a| a > Lock::STALE) {
                        let _ = std::fs::remove_file(&lock);
                    } else if std::time::Instant::now() > until {
                        let l = shown(&lock);
                        return Err(invalid(
                            format!("granskningen skrivs av någon annan ({l} finns); inget sparades, försök igen"),
                            format!(
                                "the review is being written by someone else ({l} exists); nothing was saved, try again"
                            ),
                        ));
                    } else {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                }
                Err(e) => {
                    let (l, e) = (shown(&lock), text::escape(&e.to_string()).into_owned());
                    return Err(invalid(
                        format!("kan inte skriva granskningen ({l}): {e}"),
                        format!("cannot write the review ({l}): {e}"),
                    ));
                }
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Returns a note naming other reviews of the same two version labels in
/// the folder (of another content of the older revision, or of another
/// file), so that a review is never lost from sight.
fn others(path: &Path, old: &Plan, new: &Plan) -> Option<Text> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stem = key::stem(old, new);
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with(&stem) && n.ends_with(".review.toml"))
        .filter(|n| Some(n.as_str()) != path.file_name().and_then(|f| f.to_str()))
        .collect();
    found.sort();
    if found.is_empty() {
        return None;
    }
    let list = found.iter().map(|n| text::escape(n).into_owned()).collect::<Vec<_>>().join(", ");
    Some(Text::new(
        format!(
            "en ny granskning börjar; andra granskningar av samma versioner (av annat innehåll eller en annan fil) finns: {list}"
        ),
        format!(
            "a new review starts; other reviews of the same versions (of other content or another file) exist: {list}"
        ),
    ))
}

#[cfg(test)]
mod tests;
