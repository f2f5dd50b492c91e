//! The diff view and review mode (issue #4): the plan compared with another
//! revision of it (a sibling file whose `plan.id` matches, or the file as a
//! git commit left it), the changes grouped by focus area and goal, a
//! summary, filters by operation, focus area, reviewer and review status
//! (unreviewed, open questions, changed since review), and per change every
//! reviewer's mark (accept, reject, question, with a comment and replies)
//! kept through `diff::review` in a file beside the newer plan. A mark
//! whose change was edited afterwards shows as changed since review. From
//! here the review is exported as Markdown, and the changes accepted as
//! they stand are saved as the next draft.
//!
//! This module holds the state and what the keys do; `diffdraw.rs` draws.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::app::App;
use super::keymap::Action;
use super::modal::{Modal, PickItem, PickModal, PickPurpose, PickValue, TextModal, TextPurpose};
use super::strings as s;
use crate::diff::present::{Section, grouped, placement, section_title};
use crate::diff::review::{
    Assessment, Review, ReviewError, Status, Verdict, change_key, next_version, review_path, taken_versions,
};
use crate::diff::{Change, Op, diff};
use crate::i18n::Text;
use crate::plan::Loaded;
use crate::plan::save::{Expect, save_atomic};
use crate::text::{escape, sanitize};

/// One line of the change list: a heading or a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffRow {
    Section(Section),
    /// A goal heading, by id.
    Goal(String),
    /// A change, by index into [`DiffView::changes`].
    Change(usize),
}

/// Which changes to show by their review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewFilter {
    /// Changes nobody marked.
    Unreviewed,
    /// Changes with an open question.
    Questions,
    /// Changes with a mark that judged other values.
    Changed,
    /// Changes this reviewer marked or replied on.
    Reviewer(String),
}

impl ReviewFilter {
    fn shows(&self, (status, marks): &(Status, Vec<crate::diff::review::Judged>), review: &Review) -> bool {
        match self {
            ReviewFilter::Unreviewed => *status == Status::Unreviewed,
            ReviewFilter::Questions => *status == Status::Question,
            ReviewFilter::Changed => *status == Status::Changed,
            ReviewFilter::Reviewer(name) => marks.iter().any(|j| {
                let m = &review.marks[j.mark];
                m.reviewer == *name || m.replies.iter().any(|r| r.reviewer == *name)
            }),
        }
    }
}

/// What the change list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffFilter {
    pub op: Option<Op>,
    pub section: Option<Section>,
    pub review: Option<ReviewFilter>,
}

/// A choice in the diff filter picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffChoice {
    All,
    Op(Op),
    Section(Section),
    Review(ReviewFilter),
}

/// Two revisions side by side, and the review of the changes between them.
#[derive(Debug)]
pub struct DiffView {
    pub old: Loaded,
    pub new: Loaded,
    /// The files' names, for the heading (not escaped).
    pub old_name: String,
    pub new_name: String,
    /// The newer revision's file: the review and exports go beside it.
    pub new_path: PathBuf,
    pub changes: Vec<Change>,
    pub filter: DiffFilter,
    pub rows: Vec<DiffRow>,
    /// Index into `rows`; always a change when there is one.
    pub selected: usize,
    /// First row on screen.
    pub top: usize,
    pub review: Review,
    /// What the review says about each change, kept in step with `review`.
    pub assessment: Assessment,
    pub review_path: PathBuf,
    /// What to tell a person about how the review was found.
    pub notes: Vec<Text>,
    /// Who marks, and the clock that dates the marks (fixed in tests).
    pub reviewer: String,
    /// The party the reviewer chose to speak for (`Some("")`: none);
    /// `None` keeps each mark's earlier party or the reviewer's latest.
    pub party: Option<String>,
    pub clock: fn() -> String,
    /// The time zone the marks' times are shown in (the machine's; fixed in
    /// tests, as the clock is).
    pub zone: jiff::tz::TimeZone,
    /// The older revision's consultation (issue 17), whose points show
    /// beside the changes they are linked to.
    pub points: Option<super::consult::DiffPoints>,
}

impl DiffView {
    /// Compares `a` with `b`, the older revision (by date, then version)
    /// on the left; opens or starts the review beside the newer file.
    pub fn new(a: (Loaded, PathBuf), b: (Loaded, PathBuf)) -> Result<DiffView, crate::diff::review::ReviewError> {
        let key = |l: &Loaded| {
            let r = &l.plan.revision;
            (r.date("date"), r.str("version").to_string())
        };
        let (old, new) = if key(&a.0) <= key(&b.0) { (a, b) } else { (b, a) };
        DiffView::ordered(old, new)
    }

    /// Compares `old` with `new` in that order (a git revision with the
    /// working copy, whatever their revision dates say); opens or starts
    /// the review beside `new`'s file.
    pub fn ordered(
        (old, old_path): (Loaded, PathBuf),
        (new, new_path): (Loaded, PathBuf),
    ) -> Result<DiffView, crate::diff::review::ReviewError> {
        let changes = diff(&old.plan, &new.plan);
        let review_path = review_path(&new_path, &old.plan, &new.plan);
        let opened = Review::open(&review_path, &old.plan, &new.plan)?;
        let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let assessment = opened.review.assess(&changes);
        let mut notes = opened.notes;
        let points = match super::consult::DiffPoints::find(&old_path, &new_path, &old.plan) {
            Ok(p) => p,
            Err(note) => {
                notes.push(note);
                None
            }
        };
        let mut v = DiffView {
            old_name: name(&old_path),
            new_name: name(&new_path),
            old,
            new,
            new_path,
            changes,
            filter: DiffFilter::default(),
            rows: Vec::new(),
            selected: 0,
            top: 0,
            review: opened.review,
            assessment,
            review_path,
            notes,
            reviewer: String::new(),
            party: None,
            clock: crate::diff::review::now,
            zone: crate::plan::date::display_zone(),
            points,
        };
        v.rebuild();
        Ok(v)
    }

    /// Lays the change list out again under the filter, keeping the
    /// selected change when it is still shown.
    pub fn rebuild(&mut self) {
        let keep = self.change();
        let was = self.selected;
        let index: HashMap<*const Change, usize> =
            self.changes.iter().enumerate().map(|(i, c)| (c as *const Change, i)).collect();
        let mut rows = Vec::new();
        for (section, goals) in grouped(&self.old.plan, &self.new.plan, &self.changes) {
            if self.filter.section.as_ref().is_some_and(|s| *s != section) {
                continue;
            }
            let mut body = Vec::new();
            for (goal, list) in goals {
                let shown: Vec<usize> =
                    list.into_iter()
                        .filter(|c| self.filter.op.is_none_or(|op| c.op == op))
                        .filter_map(|c| index.get(&(c as *const Change)).copied())
                        .filter(|i| {
                            self.filter.review.as_ref().is_none_or(|f| {
                                self.assessment.changes.get(*i).is_some_and(|a| f.shows(a, &self.review))
                            })
                        })
                        .collect();
                if shown.is_empty() {
                    continue;
                }
                if let Some(g) = goal {
                    body.push(DiffRow::Goal(g));
                }
                body.extend(shown.into_iter().map(DiffRow::Change));
            }
            if !body.is_empty() {
                rows.push(DiffRow::Section(section));
                rows.extend(body);
            }
        }
        self.rows = rows;
        // A change the filter no longer shows (just marked, under "not
        // reviewed") leaves the selection on the one that took its place.
        let near = was.min(self.rows.len().saturating_sub(1));
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|r| *r == DiffRow::Change(k)))
            .or_else(|| self.first_change_from(near, 1))
            .or_else(|| self.first_change_from(near, -1))
            .unwrap_or(0);
        self.top = self.top.min(self.selected);
    }

    /// Returns the index of the selected change.
    pub fn change(&self) -> Option<usize> {
        match self.rows.get(self.selected) {
            Some(DiffRow::Change(i)) => Some(*i),
            _ => None,
        }
    }

    fn first_change_from(&self, from: usize, step: isize) -> Option<usize> {
        let mut i = from as isize;
        while i >= 0 && (i as usize) < self.rows.len() {
            if matches!(self.rows[i as usize], DiffRow::Change(_)) {
                return Some(i as usize);
            }
            i += step;
        }
        None
    }

    /// Moves the selection `by` changes (negative: back), stopping at the ends.
    pub fn step(&mut self, by: isize) {
        let dir = by.signum();
        for _ in 0..by.unsigned_abs() {
            let next = (self.selected as isize + dir).max(0) as usize;
            match self.first_change_from(next, dir) {
                Some(i) if i != self.selected => self.selected = i,
                _ => break,
            }
        }
    }

    /// Returns the number of changes shown and of each operation among them.
    pub fn counts(&self) -> (usize, [(Op, usize); 4]) {
        let mut n = [(Op::Added, 0), (Op::Removed, 0), (Op::Changed, 0), (Op::Moved, 0)];
        let mut total = 0;
        for r in &self.rows {
            if let DiffRow::Change(i) = r {
                total += 1;
                if let Some(slot) = n.iter_mut().find(|(op, _)| *op == self.changes[*i].op) {
                    slot.1 += 1;
                }
            }
        }
        (total, n)
    }

    /// Returns the number of changes in each section, in list order.
    pub fn per_section(&self, lang: crate::i18n::Lang) -> Vec<(String, usize)> {
        let mut out: Vec<(Section, usize)> = Vec::new();
        for c in &self.changes {
            let (sec, _) = placement(c);
            match out.iter_mut().find(|(s, _)| *s == sec) {
                Some((_, n)) => *n += 1,
                None => out.push((sec, 1)),
            }
        }
        out.into_iter().map(|(sec, n)| (self.section_name(&sec, lang), n)).collect()
    }

    /// Returns the review status and marks of change `i`.
    pub fn judged(&self, i: usize) -> (Status, &[crate::diff::review::Judged]) {
        match self.assessment.changes.get(i) {
            Some((s, marks)) => (*s, marks),
            None => (Status::Unreviewed, &[]),
        }
    }

    /// Returns the party the reviewer speaks for now (an id, or "" for none).
    pub fn my_party(&self) -> String {
        self.party.clone().or_else(|| self.review.party_of(&self.reviewer)).unwrap_or_default()
    }

    /// Takes `review` (as just read or written) and what it says.
    fn take_review(&mut self, review: Review) {
        self.review = review;
        self.assessment = self.review.assess(&self.changes);
        self.rebuild();
    }

    /// Returns a section's heading (not escaped).
    pub fn section_name(&self, sec: &Section, lang: crate::i18n::Lang) -> String {
        section_title(&self.old.plan, &self.new.plan, sec, lang)
    }
}

/// Returns the sibling plan files of `path` whose `plan.id` is `id`, with
/// a label for a picker: "2025.1 · 2025-02-11 · utkast — file.toml".
pub fn siblings(path: &Path, id: &str, lang: crate::i18n::Lang, today: crate::plan::Date) -> Vec<PickItem> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let me = std::fs::canonicalize(path).ok();
    let mut found: Vec<(String, PickItem)> = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "toml") || std::fs::canonicalize(&p).ok() == me {
            continue;
        }
        let Ok(loaded) = crate::plan::load_file(&p, today) else { continue };
        if loaded.plan.plan.str("id") != id {
            continue;
        }
        let r = &loaded.plan.revision;
        let date = r.date("date").map(|d| d.to_string()).unwrap_or_default();
        let status = crate::diff::present::show_value(
            crate::plan::Kind::Revision,
            "status",
            r.get("status").unwrap_or(&crate::plan::Value::Str(String::new())),
            lang,
        );
        let file = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let label = format!("{} · {date} · {} — {}", escape(r.str("version")), escape(&status), escape(&file));
        found.push((date, PickItem { label, value: PickValue::Path(p), checked: false }));
    }
    found.sort_by(|a, b| b.0.cmp(&a.0));
    found.into_iter().map(|(_, i)| i).collect()
}

/// A commit that touched the plan file, as the diff picker keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitRef {
    pub hash: String,
    pub short: String,
    pub date: String,
    pub subject: String,
    /// The file's path at that commit, relative to the repository root.
    pub path: String,
}

/// Returns the commits that touched `path`, newest first, labelled for a
/// picker: "commit abc1234 · 2025-05-12 · subject". None when the file is
/// not in a git repository (or git is missing).
pub fn commits(path: &Path) -> Vec<PickItem> {
    let Ok(list) = crate::plan::git::log(path) else { return Vec::new() };
    list.into_iter()
        .map(|c| PickItem {
            label: format!("commit {} · {} · {}", escape(&c.short), escape(&c.date), escape(&c.subject)),
            value: PickValue::Commit(Box::new(CommitRef {
                hash: c.hash,
                short: c.short,
                date: c.date,
                subject: c.subject,
                path: c.path,
            })),
            checked: false,
        })
        .collect()
}

impl App {
    /// Returns the key table in force: the diff view's, the follow-up views'
    /// or the panes'.
    pub fn key_table(&self) -> &'static [super::keymap::Binding] {
        if self.diff.is_some() {
            super::keymap::DIFF_KEYS
        } else if self.follow.is_some() {
            super::keymap::FOLLOW_KEYS
        } else if self.consult.is_some() {
            super::keymap::CONSULT_KEYS
        } else {
            super::keymap::KEYS
        }
    }

    /// Offers the other revisions of this plan beside its file and, when
    /// the file is in a git repository, the commits that touched it.
    pub fn ask_diff(&mut self) {
        let Some(path) = self.session.path.clone() else {
            return self.error(s::DIFF_NEEDS_FILE.get(self.lang));
        };
        let id = self.session.loaded().plan.plan.str("id").to_string();
        let mut items = siblings(&path, &id, self.lang, self.today);
        items.extend(commits(&path));
        if items.is_empty() {
            return self.error(s::DIFF_NO_SIBLINGS.get(self.lang));
        }
        self.modal = Some(Modal::Pick(PickModal {
            purpose: PickPurpose::DiffWith,
            title: s::DIFF_PICK_TITLE.get(self.lang).into(),
            items,
            selected: 0,
            multi: false,
            error: None,
            query: String::new(),
        }));
    }

    /// Opens the diff view of the file's content at a git commit against
    /// the plan as it stands (the commit always on the left).
    pub fn open_diff_commit(&mut self, c: &CommitRef) {
        let Some(path) = self.session.path.clone() else { return };
        let commit = crate::plan::git::Commit {
            hash: c.hash.clone(),
            short: c.short.clone(),
            date: c.date.clone(),
            author: String::new(),
            subject: c.subject.clone(),
            path: c.path.clone(),
        };
        let bytes = match crate::plan::git::show_at(&path, &commit) {
            Ok(b) => b,
            Err(e) => return self.error(sanitize(e.text().get(self.lang)).into_owned()),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let label = format!("{name} @ {}", c.short);
        let Some((theirs, ours)) = self.load_pair(crate::plan::load::decode(bytes), &label) else { return };
        let view = DiffView::ordered((theirs, path.with_file_name(&label)), (ours, path));
        self.show_diff(view);
    }

    /// Opens the diff view of the plan as it stands against the file at `other`.
    pub fn open_diff(&mut self, other: &Path) {
        let Some(path) = self.session.path.clone() else { return };
        let label = other.display().to_string();
        let Some((theirs, ours)) = self.load_pair(crate::plan::load::read_text(other), &label) else { return };
        let view = DiffView::new((ours, path), (theirs, other.to_path_buf()));
        self.show_diff(view);
    }

    /// Shows a diff view just opened (with who reviews, and what was found
    /// out about its review file), or why it could not open.
    fn show_diff(&mut self, view: Result<DiffView, ReviewError>) {
        match view {
            Ok(mut v) => {
                let dir = v.review_path.parent().map(Path::to_path_buf).unwrap_or_default();
                v.reviewer = crate::diff::review::reviewer(None, &dir);
                let notes: Vec<String> = v.notes.iter().map(|n| n.get(self.lang).to_string()).collect();
                self.diff = Some(Box::new(v));
                if !notes.is_empty() {
                    self.info(notes.join(" · "));
                }
            }
            Err(e) => self.error(sanitize(e.text().get(self.lang)).into_owned()),
        }
    }

    /// Loads another revision's text (named `label`) and the plan as it
    /// stands with the loader of every comparison; shows why not and returns
    /// `None` when either is unreadable or not a plan.
    fn load_pair(&mut self, theirs: Result<String, crate::plan::LoadError>, label: &str) -> Option<(Loaded, Loaded)> {
        let ours = self.session.loaded().source.clone();
        let (theirs, ours) = match theirs {
            Ok(text) => crate::plan::load::load_pair(text, ours),
            Err(e) => (Err(e), Ok(self.session.loaded().clone())),
        };
        let name = self.session.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        match (theirs, ours) {
            (Ok(theirs), Ok(ours)) => Some((theirs, ours)),
            (Err(e), _) => {
                self.error(e.render(&escape(label), self.lang));
                None
            }
            (_, Err(e)) => {
                self.error(e.render(&escape(&name), self.lang));
                None
            }
        }
    }

    /// Carries out an action from the diff view's key table.
    pub fn update_diff(&mut self, action: Action) {
        let page = self.diff_page();
        let Some(v) = self.diff.as_mut() else { return };
        match action {
            Action::NextChange | Action::Down => v.step(1),
            Action::PrevChange | Action::Up => v.step(-1),
            Action::PageDown => v.step(page as isize),
            Action::PageUp => v.step(-(page as isize)),
            Action::Top => v.step(-(v.rows.len() as isize)),
            Action::Bottom => v.step(v.rows.len() as isize),
            Action::Filter => return self.ask_diff_filter(),
            Action::ClearFilter => {
                v.filter = DiffFilter::default();
                v.rebuild();
            }
            Action::Accept => return self.mark(Some(Verdict::Accept), None),
            Action::Reject => return self.mark(Some(Verdict::Reject), None),
            Action::Question => return self.mark(Some(Verdict::Question), None),
            Action::Unmark => return self.mark(None, None),
            Action::Comment => return self.ask_comment(),
            Action::Reply => return self.ask_reply(),
            Action::ReviewParty => return self.ask_party(),
            Action::ExportReview => return self.export_review(),
            Action::ExportDiffDocx => return self.export_diff_docx(),
            Action::ApplyReview => return self.ask_apply_review(),
            Action::LinkPoints => return self.ask_link_points(),
            Action::Disposition => return self.ask_disposition(),
            Action::Help => self.modal = Some(Modal::Help { scroll: 0 }),
            Action::Back | Action::Quit => self.diff = None,
            _ => {}
        }
        self.diff_visible();
    }

    /// Returns roughly how many changes fit on a page.
    fn diff_page(&self) -> usize {
        usize::from(self.size.height.saturating_sub(6) / 4).max(1)
    }

    /// Scrolls the change list so that the selected change shows whole.
    pub fn diff_visible(&mut self) {
        let (w, h) = (self.size.width, self.size.height);
        let lang = self.lang;
        if let Some(v) = self.diff.as_mut() {
            let top = super::diffdraw::top_for(v, lang, super::diffdraw::body(w, h));
            v.top = top;
        }
    }

    /// Reads the review afresh (other reviewers may have marked in the
    /// meantime), changes it with `f`, saves it and shows the result.
    /// Returns whether it was saved.
    fn update_review(&mut self, f: impl FnMut(&mut Review) -> Result<(), ReviewError>) -> bool {
        let Some(v) = self.diff.as_mut() else { return false };
        match Review::update(&v.review_path, &v.old.plan, &v.new.plan, f) {
            Ok(r) => {
                v.take_review(r);
                self.diff_visible();
                true
            }
            Err(e) => {
                let msg = format!("{}: {}", s::REVIEW_SAVE_FAILED.get(self.lang), sanitize(e.text().get(self.lang)));
                self.error(msg);
                false
            }
        }
    }

    /// Sets (or, with `None`, removes) the reviewer's own mark on the
    /// selected change, keeping its comment unless a new one is given, and
    /// saves the review. Other reviewers' marks stay as they are.
    pub fn mark(&mut self, verdict: Option<Verdict>, comment: Option<String>) {
        let Some(v) = self.diff.as_ref() else { return };
        let Some(i) = v.change() else { return };
        let change = v.changes[i].clone();
        let key = change_key(&change);
        let (me, at, party) = (v.reviewer.clone(), (v.clock)(), v.party.clone());
        let advance = verdict.is_some() && comment.is_none();
        let saved = self.update_review(|r| match verdict {
            Some(verdict) => {
                r.mark(&change, verdict, comment.as_deref(), &me, party.as_deref(), &at);
                Ok(())
            }
            None => r.unmark(&key, &me).map(|_| ()),
        });
        let Some(v) = self.diff.as_mut() else { return };
        // Move on, unless the filter already took the change out of the list.
        if saved && advance && v.change() == Some(i) {
            v.step(1);
            self.diff_visible();
        }
    }

    fn ask_comment(&mut self) {
        let Some(v) = &self.diff else { return };
        let Some(i) = v.change() else { return };
        let current = v.review.mark_by(&v.changes[i], &v.reviewer).map(|m| m.comment.clone()).unwrap_or_default();
        let Some(m) =
            TextModal::new(TextPurpose::ReviewComment, s::COMMENT_TITLE.get(self.lang).into(), &current, false)
        else {
            return self.error(s::TOO_MANY_HIDDEN.get(self.lang));
        };
        self.modal = Some(Modal::Text(Box::new(m)));
    }

    /// Puts `text` on the reviewer's mark on the selected change (a
    /// question when they have none).
    pub(super) fn set_comment(&mut self, text: &str) {
        let Some(v) = &self.diff else { return };
        let Some(i) = v.change() else { return };
        let verdict = v.review.mark_by(&v.changes[i], &v.reviewer).map(|m| m.verdict).unwrap_or(Verdict::Question);
        self.mark(Some(verdict), Some(text.trim().to_string()));
    }

    /// Asks whose mark on the selected change to reply to (when several
    /// reviewers marked it), then for the reply.
    fn ask_reply(&mut self) {
        let Some(v) = &self.diff else { return };
        let Some(i) = v.change() else { return };
        let (_, marks) = v.judged(i);
        let names: Vec<String> = marks.iter().map(|j| v.review.marks[j.mark].reviewer.clone()).collect();
        match names.as_slice() {
            [] => self.error(s::NOTHING_TO_REPLY.get(self.lang)),
            [one] => self.ask_reply_to(one.clone()),
            _ => {
                let items = names
                    .iter()
                    .map(|n| PickItem {
                        label: escape(n).into_owned(),
                        value: PickValue::Key(n.clone()),
                        checked: false,
                    })
                    .collect();
                self.modal = Some(Modal::Pick(PickModal {
                    purpose: PickPurpose::ReplyTo,
                    title: s::REPLY_TO_TITLE.get(self.lang).into(),
                    items,
                    selected: 0,
                    multi: false,
                    error: None,
                    query: String::new(),
                }));
            }
        }
    }

    /// Asks for a reply to `to`'s mark on the selected change.
    pub(super) fn ask_reply_to(&mut self, to: String) {
        let title = format!("{} {}", s::REPLY_TITLE.get(self.lang), escape(&to));
        let m = TextModal::empty(TextPurpose::ReviewReply(to), title);
        self.modal = Some(Modal::Text(Box::new(m)));
    }

    /// Saves `text` as a reply to `to`'s mark on the selected change.
    pub(super) fn reply(&mut self, to: &str, text: &str) -> Result<(), String> {
        let Some(v) = &self.diff else { return Ok(()) };
        let Some(i) = v.change() else { return Ok(()) };
        let key = change_key(&v.changes[i]);
        let (me, at, party) = (v.reviewer.clone(), (v.clock)(), v.party.clone());
        if text.trim().is_empty() {
            return Err(s::REPLY_EMPTY.get(self.lang).into());
        }
        self.update_review(|r| r.reply(&key, Some(to), &me, party.as_deref(), text, &at));
        Ok(())
    }

    /// Offers the parties of the plan to review for.
    fn ask_party(&mut self) {
        let Some(v) = &self.diff else { return };
        let mine = v.my_party();
        let mut items = vec![PickItem {
            label: s::NO_PARTY.get(self.lang).into(),
            value: PickValue::Remove,
            checked: mine.is_empty(),
        }];
        for p in &v.new.plan.parties {
            items.push(PickItem {
                label: format!("{} ({})", escape(p.label()), escape(&p.id)),
                value: PickValue::Key(p.id.clone()),
                checked: p.id == mine,
            });
        }
        let selected = items.iter().position(|i| i.checked).unwrap_or(0);
        self.modal = Some(Modal::Pick(PickModal {
            purpose: PickPurpose::ReviewParty,
            title: s::PARTY_TITLE.get(self.lang).into(),
            items,
            selected,
            multi: false,
            error: None,
            query: String::new(),
        }));
    }

    /// Sets the party the reviewer speaks for in the marks to come.
    pub(super) fn set_review_party(&mut self, party: Option<String>) {
        if let Some(v) = self.diff.as_mut() {
            v.party = Some(party.unwrap_or_default());
        }
    }

    fn ask_diff_filter(&mut self) {
        let Some(v) = &self.diff else { return };
        let lang = self.lang;
        let mut items = vec![PickItem {
            label: s::FILTER_CLEAR.get(lang).into(),
            value: PickValue::Diff(DiffChoice::All),
            checked: v.filter == DiffFilter::default(),
        }];
        for op in [Op::Added, Op::Removed, Op::Changed, Op::Moved] {
            items.push(PickItem {
                label: format!("{}: {}", s::DIFF_OP.get(lang), s::op_plural(lang, op, 2)),
                value: PickValue::Diff(DiffChoice::Op(op)),
                checked: v.filter.op == Some(op),
            });
        }
        let mut sections: Vec<Section> = Vec::new();
        for c in &v.changes {
            let (sec, _) = placement(c);
            if !sections.contains(&sec) {
                sections.push(sec);
            }
        }
        for sec in sections {
            items.push(PickItem {
                label: escape(&v.section_name(&sec, lang)).into_owned(),
                checked: v.filter.section.as_ref() == Some(&sec),
                value: PickValue::Diff(DiffChoice::Section(sec)),
            });
        }
        let by_status = [
            (ReviewFilter::Unreviewed, Status::Unreviewed),
            (ReviewFilter::Questions, Status::Question),
            (ReviewFilter::Changed, Status::Changed),
        ];
        let by_reviewer =
            v.review.reviewers().into_iter().map(|name| {
                (format!("{}: {}", s::FILTER_REVIEWER.get(lang), escape(&name)), ReviewFilter::Reviewer(name))
            });
        let review_items = by_status
            .into_iter()
            .map(|(f, st)| (format!("{}: {}", s::FILTER_REVIEW.get(lang), st.label(lang, 2)), f))
            .chain(by_reviewer);
        for (label, f) in review_items {
            items.push(PickItem {
                label,
                checked: v.filter.review.as_ref() == Some(&f),
                value: PickValue::Diff(DiffChoice::Review(f)),
            });
        }
        let selected = items.iter().position(|i| i.checked).unwrap_or(0);
        self.modal = Some(Modal::Pick(PickModal {
            purpose: PickPurpose::DiffFilter,
            title: s::FILTER.get(lang).into(),
            items,
            selected,
            multi: false,
            error: None,
            query: String::new(),
        }));
    }

    /// Narrows (or widens) the change list by the picker's choice.
    pub(super) fn set_diff_filter(&mut self, choice: DiffChoice) {
        let Some(v) = self.diff.as_mut() else { return };
        match choice {
            DiffChoice::All => v.filter = DiffFilter::default(),
            DiffChoice::Op(op) => v.filter.op = Some(op),
            DiffChoice::Section(sec) => v.filter.section = Some(sec),
            DiffChoice::Review(f) => v.filter.review = Some(f),
        }
        v.top = 0;
        v.rebuild();
        self.diff_visible();
    }

    /// Writes the review as Markdown beside the newer plan.
    pub fn export_review(&mut self) {
        let Some(v) = &self.diff else { return };
        let md = v.review.to_markdown(&v.old.plan, &v.new.plan, &v.changes, self.lang);
        let path = v.review_path.with_extension("md");
        match save_atomic(&path, md.as_bytes(), Expect::Anything) {
            Ok(()) => self.info(s::saved_to(self.lang, &crate::text::path(&path))),
            Err(e) => self.error(sanitize(&e.message(self.lang)).into_owned()),
        }
    }

    fn ask_apply_review(&mut self) {
        let Some(v) = &self.diff else { return };
        if !v.assessment.changes.iter().any(|(st, _)| *st == Status::Accepted) {
            return self.error(s::NOTHING_ACCEPTED.get(self.lang));
        }
        let stem = v.new_path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let suggested = v.new_path.with_file_name(format!("{stem}-{}.toml", s::REVIEWED_SUFFIX.get(self.lang)));
        let title: String = s::APPLY_REVIEW_TITLE.get(self.lang).into();
        let m = TextModal::new(TextPurpose::ApplyReview, title.clone(), &suggested.display().to_string(), false)
            .unwrap_or_else(|| TextModal::empty(TextPurpose::ApplyReview, title));
        self.modal = Some(Modal::Text(Box::new(m)));
    }

    /// Saves the next draft to `name`: the older revision with the changes
    /// accepted as they stand (by the review as it is on disk now), the
    /// next free version label, status draft, today's date.
    pub(super) fn apply_review(&mut self, name: &str) -> Result<(), String> {
        let lang = self.lang;
        let Some(v) = self.diff.as_mut() else { return Ok(()) };
        let opened =
            Review::open(&v.review_path, &v.old.plan, &v.new.plan).map_err(|e| e.text().get(lang).to_string())?;
        v.take_review(opened.review);
        let path = Path::new(name.trim());
        let id = v.new.plan.plan.str("id");
        let folder =
            |p: &Path| p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        let mut taken = taken_versions(&folder(path), id);
        taken.extend(taken_versions(&folder(&v.new_path), id));
        taken.push(v.old.plan.revision.str("version").to_string());
        let version = next_version(v.new.plan.revision.str("version"), &taken);
        let done = v
            .review
            .apply_accepted(&v.assessment, &v.old, &v.new.plan, &v.changes, &version, self.today)
            .map_err(|e| e.message(lang))?;
        save_atomic(path, done.text.as_bytes(), Expect::New).map_err(|e| e.message(lang))?;
        let mut msg = format!(
            "{}: {}",
            s::saved_to(lang, &escape(name.trim())),
            s::draft_applied(lang, &escape(&done.version), done.applied.len(), v.changes.len())
        );
        if done.left() != crate::diff::review::Tally::default() {
            msg = format!("{msg} · {}", s::left_out(lang, &done.left().words(lang)));
        }
        self.info(msg);
        Ok(())
    }
}
