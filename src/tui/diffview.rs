//! The diff view and review mode (issue #4): the plan compared with another
//! revision of it (a sibling file whose `plan.id` matches, or the file as a
//! git commit left it), the changes grouped by focus area and goal, a
//! summary, filters by operation and focus area, and per change a
//! reviewer's mark (accept, reject, question, with a comment) kept through
//! `diff::review` in a file beside the newer plan. From here the review is
//! exported as Markdown, and the accepted changes are saved as a new
//! revision file.
//!
//! This module holds the state and what the keys do; `diffdraw.rs` draws.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::app::App;
use super::keymap::Action;
use super::modal::{Modal, PickItem, PickModal, PickPurpose, PickValue, TextModal, TextPurpose};
use super::strings as s;
use crate::diff::markdown::{Section, grouped, placement, section_title};
use crate::diff::review::{Review, Verdict, review_path};
use crate::diff::{Change, Op, diff};
use crate::plan::Loaded;
use crate::plan::save::{Expect, save_atomic};
use crate::text::escape;

/// One line of the change list: a heading or a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffRow {
    Section(Section),
    /// A goal heading, by id.
    Goal(String),
    /// A change, by index into [`DiffView::changes`].
    Change(usize),
}

/// What the change list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffFilter {
    pub op: Option<Op>,
    pub section: Option<Section>,
}

/// A choice in the diff filter picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffChoice {
    All,
    Op(Op),
    Section(Section),
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
    pub review_path: PathBuf,
    /// Who marks, and the clock that dates the marks (fixed in tests).
    pub reviewer: String,
    pub clock: fn() -> String,
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
        let review = Review::open(&review_path, &old.plan, &new.plan)?;
        let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
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
            review,
            review_path,
            reviewer: String::new(),
            clock: crate::diff::review::now,
        };
        v.rebuild();
        Ok(v)
    }

    /// Lays the change list out again under the filter, keeping the
    /// selected change when it is still shown.
    pub fn rebuild(&mut self) {
        let keep = self.change();
        let index: HashMap<*const Change, usize> =
            self.changes.iter().enumerate().map(|(i, c)| (c as *const Change, i)).collect();
        let mut rows = Vec::new();
        for (section, goals) in grouped(&self.old.plan, &self.new.plan, &self.changes) {
            if self.filter.section.as_ref().is_some_and(|s| *s != section) {
                continue;
            }
            let mut body = Vec::new();
            for (goal, list) in goals {
                let shown: Vec<usize> = list
                    .into_iter()
                    .filter(|c| self.filter.op.is_none_or(|op| c.op == op))
                    .filter_map(|c| index.get(&(c as *const Change)).copied())
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
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|r| *r == DiffRow::Change(k)))
            .or_else(|| self.first_change_from(0, 1))
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
        let status = crate::diff::markdown::show_value(
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
            Err(e) => return self.error(escape(e.get(self.lang)).into_owned()),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let label = format!("{name} @ {}", c.short);
        let theirs = match crate::plan::load::load_bytes(bytes, self.today) {
            Ok(l) => l,
            Err(e) => return self.error(e.render(&label, self.lang)),
        };
        let ours = self.session.loaded().clone();
        match DiffView::ordered((theirs, path.with_file_name(&label)), (ours, path)) {
            Ok(mut v) => {
                v.reviewer = crate::diff::review::reviewer();
                self.diff = Some(Box::new(v));
            }
            Err(e) => self.error(escape(e.text().get(self.lang)).into_owned()),
        }
    }

    /// Opens the diff view of the plan as it stands against the file at `other`.
    pub fn open_diff(&mut self, other: &Path) {
        let Some(path) = self.session.path.clone() else { return };
        let theirs = match crate::plan::load_file(other, self.today) {
            Ok(l) => l,
            Err(e) => return self.error(e.render(&other.display().to_string(), self.lang)),
        };
        let ours = self.session.loaded().clone();
        match DiffView::new((ours, path), (theirs, other.to_path_buf())) {
            Ok(mut v) => {
                v.reviewer = crate::diff::review::reviewer();
                self.diff = Some(Box::new(v));
            }
            Err(e) => self.error(escape(e.text().get(self.lang)).into_owned()),
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
            Action::ExportReview => return self.export_review(),
            Action::ExportDiffDocx => return self.export_diff_docx(),
            Action::ApplyReview => return self.ask_apply_review(),
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

    /// Sets (or, with `None`, removes) the mark on the selected change,
    /// keeping its comment unless a new one is given, and saves the review.
    pub fn mark(&mut self, verdict: Option<Verdict>, comment: Option<String>) {
        let Some(v) = self.diff.as_mut() else { return };
        let Some(i) = v.change() else { return };
        let change = &v.changes[i];
        let advance = verdict.is_some() && comment.is_none();
        match verdict {
            Some(verdict) => {
                let keep = v.review.mark_of(change).map(|m| m.comment.clone()).unwrap_or_default();
                let comment = comment.unwrap_or(keep);
                let at = (v.clock)();
                v.review.mark(change, verdict, &comment, &v.reviewer, &at);
            }
            None => v.review.unmark(change),
        }
        match v.review.save(&v.review_path) {
            Ok(()) => {
                if advance {
                    v.step(1);
                }
                self.diff_visible();
            }
            Err(e) => {
                self.error(format!("{}: {}", s::REVIEW_SAVE_FAILED.get(self.lang), escape(e.text().get(self.lang))))
            }
        }
    }

    fn ask_comment(&mut self) {
        let Some(v) = &self.diff else { return };
        let Some(i) = v.change() else { return };
        let current = v.review.mark_of(&v.changes[i]).map(|m| m.comment.clone()).unwrap_or_default();
        let m = TextModal::new(TextPurpose::ReviewComment, s::COMMENT_TITLE.get(self.lang).into(), &current, false);
        self.modal = Some(Modal::Text(Box::new(m)));
    }

    /// Puts `text` on the selected change's mark (a question when unmarked).
    pub(super) fn set_comment(&mut self, text: &str) {
        let Some(v) = &self.diff else { return };
        let Some(i) = v.change() else { return };
        let verdict = v.review.mark_of(&v.changes[i]).map(|m| m.verdict).unwrap_or(Verdict::Question);
        self.mark(Some(verdict), Some(text.trim().to_string()));
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
        let selected = items.iter().position(|i| i.checked).unwrap_or(0);
        self.modal = Some(Modal::Pick(PickModal {
            purpose: PickPurpose::DiffFilter,
            title: s::FILTER.get(lang).into(),
            items,
            selected,
            multi: false,
            error: None,
        }));
    }

    /// Narrows (or widens) the change list by the picker's choice.
    pub(super) fn set_diff_filter(&mut self, choice: DiffChoice) {
        let Some(v) = self.diff.as_mut() else { return };
        match choice {
            DiffChoice::All => v.filter = DiffFilter::default(),
            DiffChoice::Op(op) => v.filter.op = Some(op),
            DiffChoice::Section(sec) => v.filter.section = Some(sec),
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
            Ok(()) => self.info(s::saved_to(self.lang, &escape(&path.display().to_string()))),
            Err(e) => self.error(escape(&e.message(self.lang)).into_owned()),
        }
    }

    fn ask_apply_review(&mut self) {
        let Some(v) = &self.diff else { return };
        if v.review.counts(&v.changes)[0] == 0 {
            return self.error(s::NOTHING_ACCEPTED.get(self.lang));
        }
        let stem = v.new_path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let suggested = v.new_path.with_file_name(format!("{stem}-{}.toml", s::REVIEWED_SUFFIX.get(self.lang)));
        let title = s::APPLY_REVIEW_TITLE.get(self.lang).into();
        let m = TextModal::new(TextPurpose::ApplyReview, title, &escape(&suggested.display().to_string()), false);
        self.modal = Some(Modal::Text(Box::new(m)));
    }

    /// Saves the older revision with the accepted changes applied to `name`.
    pub(super) fn apply_review(&mut self, name: &str) -> Result<(), String> {
        let Some(v) = &self.diff else { return Ok(()) };
        let text =
            v.review.apply_accepted(&v.old.source, &v.changes).map_err(|e| e.text().get(self.lang).to_string())?;
        let path = Path::new(name.trim());
        save_atomic(path, text.as_bytes(), Expect::New).map_err(|e| e.message(self.lang))?;
        self.info(s::saved_to(self.lang, &escape(name.trim())));
        Ok(())
    }
}
