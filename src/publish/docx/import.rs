//! Reads a reviewer's verdicts out of a diff document that came back from
//! Word or LibreOffice: per change, accepted (its revisions were accepted),
//! rejected, untouched, or something in between that is reported; Word
//! comments as the reviewer's comments; and every edit made outside the
//! changes, reported rather than dropped.
//!
//! The document is compared with the one lansplan writes for the same two
//! revisions, made again here: each change's anchors (bookmarks named by
//! [`render::anchor_base`]) say where it was, and what was there then (its
//! text with the revisions accepted, and with them rejected) says what the
//! reviewer did with it. Bookmarks survive a save by Word and by
//! LibreOffice; comments are tied to the changes whose anchors they cover.

use std::collections::HashMap;

use super::read::{Comment, Doc, Mark, Para, ReadError, keeps, read};
use super::render::anchor_base;
use super::{PROP_NEW, PROP_OLD, author_of, revision_name};
use crate::diff::Change;
use crate::diff::review::{Review, ReviewError, Verdict, change_key};
use crate::i18n::{Lang, Text};
use crate::plan::Plan;
use crate::text;

/// What the reviewer did with one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Accepted,
    Rejected,
    Untouched,
    /// Some of its revisions accepted and others rejected, or its text
    /// edited by hand: what it reads now.
    Partly(String),
    /// Its anchors are gone while its text was neither added nor removed.
    Lost,
}

/// One change as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Read<'c> {
    pub change: &'c Change,
    pub state: State,
    pub comments: Vec<Comment>,
}

/// What a document says.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<'c> {
    pub changes: Vec<Read<'c>>,
    /// What was found outside the changes: text typed or removed there,
    /// the reviewer's own tracked revisions, comments on no change.
    pub notes: Vec<Text>,
    /// The document's language (its changes were written in it).
    pub lang: Lang,
    /// Who saved the document last (empty when lansplan did).
    pub modified_by: String,
    pub modified: String,
}

/// Why a document cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{}", .0.en)]
    Other(Text),
}

impl ImportError {
    /// Returns the reason in both languages (escaped for a terminal).
    pub fn text(&self) -> Text {
        match self {
            ImportError::Read(e) => {
                let m = text::escape(&e.to_string()).into_owned();
                Text::new(format!("kan inte läsa dokumentet: {m}"), format!("cannot read the document: {m}"))
            }
            ImportError::Other(t) => t.clone(),
        }
    }
}

/// Returns text on one line with single spaces, for comparing.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One place of a change in a document: what it reads with the revisions
/// lansplan made accepted and rejected, whether any of them is left.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    accepted: String,
    rejected: String,
    marked: bool,
}

impl Place {
    fn new(accepted: &str, rejected: &str, marked: bool) -> Place {
        Place { accepted: norm(accepted), rejected: norm(rejected), marked }
    }
}

/// Returns the place of anchor `name` in `doc`, or `None` when it is gone:
/// with `whole_row` (an added or removed item in a table, as lansplan
/// wrote it) the anchor's row, otherwise the anchored runs, with the
/// paragraph marks of the paragraphs it covers.
fn place(doc: &Doc, name: &str, whole_row: bool, ours: &dyn Fn(&Mark) -> bool) -> Option<Place> {
    let paras: Vec<&Para> = doc.paras.iter().filter(|p| p.anchors.iter().any(|a| a == name)).collect();
    if paras.is_empty() {
        return None;
    }
    let row = if whole_row { paras.iter().find_map(|p| p.row) } else { None };
    let (mut acc, mut rej, mut marked) = (String::new(), String::new(), false);
    let mut row_gone = (false, false);
    let in_place: Vec<&Para> = match row {
        Some(r) => doc.paras.iter().filter(|p| p.row == Some(r)).collect(),
        None => paras,
    };
    for p in in_place {
        if let Some(m) = p.row_mark.as_ref().filter(|m| ours(m)) {
            marked = true;
            if m.ins { row_gone.1 = true } else { row_gone.0 = true }
        }
        if p.mark.as_ref().is_some_and(ours) {
            marked = true;
        }
        for r in p.runs.iter().filter(|r| row.is_some() || r.anchors.iter().any(|a| a == name)) {
            let mine = r.mark.as_ref().filter(|m| ours(m));
            marked |= mine.is_some();
            // The reviewer's own revisions count as they would be accepted.
            let (a, b) = match (mine, r.mark.as_ref()) {
                (Some(m), _) => (keeps(Some(m), true), keeps(Some(m), false)),
                (None, Some(m)) => (m.ins, m.ins),
                (None, None) => (true, true),
            };
            if a {
                acc.push_str(&r.text);
            }
            if b {
                rej.push_str(&r.text);
            }
        }
        acc.push(' ');
        rej.push(' ');
    }
    if row_gone.0 {
        acc.clear();
    }
    if row_gone.1 {
        rej.clear();
    }
    Some(Place::new(&acc, &rej, marked))
}

/// Returns the state of one place, from what it was (`ours`) and what it is.
fn place_state(ours: &Place, theirs: Option<&Place>) -> State {
    match theirs {
        None if ours.accepted.is_empty() => State::Accepted,
        None if ours.rejected.is_empty() => State::Rejected,
        None => State::Lost,
        Some(t) if t.marked => {
            if t.accepted == ours.accepted && t.rejected == ours.rejected {
                State::Untouched
            } else {
                State::Partly(t.accepted.clone())
            }
        }
        Some(t) if t.accepted == ours.accepted => State::Accepted,
        Some(t) if t.accepted == ours.rejected => State::Rejected,
        Some(t) => State::Partly(t.accepted.clone()),
    }
}

/// Returns the document's language from its core properties.
fn doc_lang(bytes: &[u8]) -> Option<Lang> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut s = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(zip.by_name("docProps/core.xml").ok()?, 1 << 20), &mut s)
        .ok()?;
    let at = s.find("<dc:language>")? + "<dc:language>".len();
    Some(if s[at..].starts_with("en") { Lang::En } else { Lang::Sv })
}

/// Reads the reviewer's document `bytes` of the diff `old` → `new`.
pub fn import<'c>(
    old: &Plan,
    new: &Plan,
    changes: &'c [Change],
    bytes: &[u8],
    fallback: Lang,
) -> Result<Outcome<'c>, ImportError> {
    let theirs = read(bytes)?;
    for (prop, plan) in [(PROP_OLD, old), (PROP_NEW, new)] {
        if let Some(v) = theirs.properties.get(prop)
            && *v != revision_name(plan)
        {
            let want = revision_name(plan);
            let (v, want) = (text::escape(v), text::escape(&want));
            return Err(ImportError::Other(Text::new(
                format!("dokumentet gjordes från version {v}, inte {want}"),
                format!("the document was made from version {v}, not {want}"),
            )));
        }
    }
    let lang = doc_lang(bytes).unwrap_or(fallback);
    let made = super::diff(old, new, changes, &[], lang)
        .map_err(|e| ImportError::Other(Text::new(e.to_string(), e.to_string())))?;
    let ours = read(&made.bytes)?;
    let author = author_of(new);
    let is_ours = |m: &Mark| m.author == author.name && m.date.get(..10) == author.date.get(..10);

    // Each change's anchors, as lansplan writes them.
    let mut names: HashMap<String, Vec<String>> = HashMap::new();
    for p in &ours.paras {
        for a in &p.anchors {
            if let Some(base) = a.rfind('_').map(|i| &a[..i]) {
                let list = names.entry(base.to_string()).or_default();
                if !list.contains(a) {
                    list.push(a.clone());
                }
            }
        }
    }
    let mut found_any = false;
    let mut out = Vec::new();
    let mut by_base: HashMap<String, usize> = HashMap::new();
    for c in changes {
        let base = anchor_base(&change_key(c));
        let mut states = Vec::new();
        for name in names.get(&base).map(Vec::as_slice).unwrap_or(&[]) {
            let whole_row = ours.paras.iter().any(|p| p.row_mark.is_some() && p.anchors.contains(name));
            let Some(was) = place(&ours, name, whole_row, &is_ours) else { continue };
            let now = place(&theirs, name, whole_row, &is_ours);
            found_any |= now.is_some();
            states.push(place_state(&was, now.as_ref()));
        }
        let state = combine(states);
        by_base.insert(base, out.len());
        out.push(Read { change: c, state, comments: Vec::new() });
    }
    // A document with none of the anchors is lansplan's only if it says so
    // (every change accepted or rejected can leave no anchor behind).
    let says_ours = theirs.properties.contains_key(PROP_NEW);
    let all_settled = out.iter().all(|r| matches!(r.state, State::Accepted | State::Rejected));
    let settled = says_ours && all_settled;
    if !changes.is_empty() && !found_any && !settled {
        return Err(ImportError::Other(Text::new(
            "dokumentet har inga av lansplans ankare för dessa ändringar (gjordes det med lansplan diff --format docx av samma två revisioner?)",
            "the document has none of lansplan's anchors for these changes (was it made with lansplan diff --format docx from the same two revisions?)",
        )));
    }
    let mut notes = Vec::new();
    attach_comments(&theirs, &by_base, &mut out, &mut notes);
    outside(&ours, &theirs, &mut notes);
    own_revisions(&theirs, &is_ours, &mut notes);
    let modified_by =
        if theirs.modified_by == super::package::GENERATOR { String::new() } else { theirs.modified_by.clone() };
    Ok(Outcome { changes: out, notes, lang, modified_by, modified: theirs.modified.clone() })
}

fn combine(states: Vec<State>) -> State {
    let Some(first) = states.first().cloned() else { return State::Untouched };
    if states.iter().all(|s| *s == first) {
        return first;
    }
    let text = states
        .iter()
        .filter_map(|s| if let State::Partly(t) = s { Some(t.as_str()) } else { None })
        .collect::<Vec<_>>()
        .join(" ");
    State::Partly(text)
}

fn attach_comments(doc: &Doc, by_base: &HashMap<String, usize>, out: &mut [Read<'_>], notes: &mut Vec<Text>) {
    let change_of = |anchor: &str| anchor.rfind('_').and_then(|i| by_base.get(&anchor[..i])).copied();
    for c in &doc.comments {
        let mut hit: Vec<usize> = Vec::new();
        let add = |hit: &mut Vec<usize>, anchors: &mut dyn Iterator<Item = &String>| {
            for a in anchors {
                if let Some(i) = change_of(a)
                    && !hit.contains(&i)
                {
                    hit.push(i);
                }
            }
        };
        let runs = doc.paras.iter().flat_map(|p| &p.runs).filter(|r| r.comments.contains(&c.id));
        add(&mut hit, &mut runs.flat_map(|r| &r.anchors));
        let paras: Vec<&Para> = doc.paras.iter().filter(|p| p.comments.contains(&c.id)).collect();
        if hit.is_empty() {
            add(&mut hit, &mut paras.iter().flat_map(|p| &p.anchors));
        }
        if hit.is_empty() {
            let rows: Vec<usize> = paras.iter().filter_map(|p| p.row).collect();
            add(
                &mut hit,
                &mut doc.paras.iter().filter(|p| p.row.is_some_and(|r| rows.contains(&r))).flat_map(|p| &p.anchors),
            );
        }
        if hit.is_empty() {
            let (who, t) = (text::escape(&c.author), text::escape(&c.text));
            notes.push(Text::new(
                format!("kommentar av {who} sitter inte på någon ändring: ”{t}”"),
                format!("comment by {who} is on no change: “{t}”"),
            ));
        }
        for i in hit {
            out[i].comments.push(c.clone());
        }
    }
}

/// Returns the paragraphs outside every change, as text: not in the table
/// of contents, not anchored, not in a row with an anchor.
fn free(doc: &Doc) -> Vec<String> {
    let anchored_rows: Vec<usize> = doc.paras.iter().filter(|p| !p.anchors.is_empty()).filter_map(|p| p.row).collect();
    doc.paras
        .iter()
        .filter(|p| !p.in_toc && p.anchors.is_empty() && p.row.is_none_or(|r| !anchored_rows.contains(&r)))
        .map(|p| norm(&p.text(true)))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Reports text added, changed or removed outside the changes.
fn outside(ours: &Doc, theirs: &Doc, notes: &mut Vec<Text>) {
    let (a, b) = (free(ours), free(theirs));
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
        let (_, old, new) = op.as_tag_tuple();
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        for t in &b[new] {
            let t = text::escape(t);
            notes.push(Text::new(
                format!("text utanför ändringarna: ”{t}”"),
                format!("text outside the changes: “{t}”"),
            ));
        }
        for t in &a[old] {
            let t = text::escape(t);
            notes.push(Text::new(
                format!("text borttagen utanför ändringarna: ”{t}”"),
                format!("text removed outside the changes: “{t}”"),
            ));
        }
    }
}

/// Reports the revisions the reviewer tracked (another author than lansplan's).
fn own_revisions(doc: &Doc, is_ours: &dyn Fn(&Mark) -> bool, notes: &mut Vec<Text>) {
    for p in &doc.paras {
        let (mut ins, mut del, mut who) = (String::new(), String::new(), String::new());
        for r in &p.runs {
            if let Some(m) = r.mark.as_ref().filter(|m| !is_ours(m)) {
                if m.ins {
                    ins.push_str(&r.text)
                } else {
                    del.push_str(&r.text)
                }
                who = m.author.clone();
            }
        }
        let who = text::escape(&who);
        for (t, sv, en) in [(ins, "infogade", "inserted"), (del, "tog bort", "deleted")] {
            let t = norm(&t);
            if !t.is_empty() {
                let t = text::escape(&t);
                notes.push(Text::new(
                    format!("{who} {sv} med spårade ändringar: ”{t}”"),
                    format!("{who} {en} with tracked changes: “{t}”"),
                ));
            }
        }
    }
}

/// Returns a Word date (`2026-11-20T10:31:00Z`) as a review's time
/// (`2026-11-20 10:31 UTC`), or `None` when it is not one.
pub fn review_time(date: &str) -> Option<String> {
    let b = date.as_bytes();
    let ok = b.len() >= 16 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':';
    ok.then(|| format!("{} {} UTC", &date[..10], &date[11..16]))
}

/// How a read-back change is recorded in the review file: one reviewer's
/// mark (verdict, comment, time) and the other comment authors' replies
/// to it. The one place that knows the review file's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub verdict: Verdict,
    pub comment: String,
    pub reviewer: String,
    /// The time of the reviewer's first comment, if any.
    pub at: Option<String>,
    /// (author, text, time) of each comment by someone else.
    pub replies: Vec<(String, String, Option<String>)>,
}

/// Returns how `r` is recorded, or `None` for a change left untouched
/// without comment. The verdict is `reviewer`'s (who saved the document)
/// when no one else commented on the change; when others did, the first
/// of them (or `reviewer`, when among them) holds the mark and the rest
/// reply to it, so that each comment keeps its author.
pub fn recorded(r: &Read<'_>, reviewer: &str, lang: Lang) -> Option<Recorded> {
    let mut authors: Vec<&str> = Vec::new();
    for c in &r.comments {
        let a = c.author.trim();
        if !a.is_empty() && !authors.contains(&a) {
            authors.push(a);
        }
    }
    let who = if authors.is_empty() || authors.contains(&reviewer) { reviewer } else { authors[0] };
    let own: Vec<&Comment> =
        r.comments.iter().filter(|c| c.author.trim() == who || c.author.trim().is_empty()).collect();
    let mut comment = own.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" / ");
    let replies = r
        .comments
        .iter()
        .filter(|c| !own.iter().any(|o| std::ptr::eq(*o, *c)))
        .map(|c| (c.author.trim().to_string(), c.text.clone(), review_time(&c.date)))
        .collect();
    let note = |what: String, comment: &mut String| {
        *comment = if comment.is_empty() { what } else { format!("{what} {comment}") };
    };
    let verdict = match &r.state {
        State::Accepted => Verdict::Accept,
        State::Rejected => Verdict::Reject,
        State::Untouched if r.comments.is_empty() => return None,
        State::Untouched => Verdict::Question,
        State::Partly(now) => {
            let what = match lang {
                Lang::Sv => format!("[i Word: delvis godkänd eller ändrad för hand; lyder nu ”{now}”]"),
                Lang::En => format!("[in Word: partly accepted or edited by hand; now reads “{now}”]"),
            };
            note(what, &mut comment);
            Verdict::Question
        }
        State::Lost => {
            note(
                lang.pick("[i Word: ändringens ankare saknas]", "[in Word: the change's anchor is gone]").into(),
                &mut comment,
            );
            Verdict::Question
        }
    };
    let at = own.first().and_then(|c| review_time(&c.date));
    Some(Recorded { verdict, comment, reviewer: who.to_string(), at, replies })
}

/// Records the outcome in `review`: each reviewer's mark replaces only
/// that reviewer's earlier mark on the change. Returns how many changes
/// were recorded.
pub fn record(review: &mut Review, outcome: &Outcome<'_>, reviewer: &str, at: &str) -> Result<usize, ReviewError> {
    let mut n = 0;
    for r in &outcome.changes {
        let Some(m) = recorded(r, reviewer, outcome.lang) else { continue };
        let when = m.at.clone().unwrap_or_else(|| at.to_string());
        review.mark(r.change, m.verdict, Some(&m.comment), &m.reviewer, None, &when);
        let key = change_key(r.change);
        for (author, text, time) in &m.replies {
            if text.trim().is_empty() {
                continue;
            }
            review.reply(&key, Some(&m.reviewer), author, None, text, time.as_deref().unwrap_or(at))?;
        }
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &str, r: &str, marked: bool) -> Place {
        Place::new(a, r, marked)
    }

    #[test]
    fn a_place_tells_what_the_reviewer_did() {
        let was = p("ny text", "gammal text", true);
        assert_eq!(place_state(&was, Some(&was)), State::Untouched);
        assert_eq!(place_state(&was, Some(&p("ny text", "ny text", false))), State::Accepted);
        assert_eq!(place_state(&was, Some(&p("gammal text", "gammal text", false))), State::Rejected);
        assert_eq!(place_state(&was, Some(&p("ny gammal", "ny gammal", false))), State::Partly("ny gammal".into()));
        assert_eq!(place_state(&was, None), State::Lost);
        // An added row: gone when rejected; a removed one: gone when accepted.
        assert_eq!(place_state(&p("A31 Ny", "", true), None), State::Rejected);
        assert_eq!(place_state(&p("", "A13 Gammal", true), None), State::Accepted);
        assert_eq!(combine(vec![State::Accepted, State::Rejected]), State::Partly(String::new()));
    }

    #[test]
    fn word_dates_become_review_times() {
        assert_eq!(review_time("2026-11-20T10:31:00Z").as_deref(), Some("2026-11-20 10:31 UTC"));
        assert_eq!(review_time("igår"), None);
    }
}
