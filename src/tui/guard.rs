//! No lost work while a plan is open (issue #7): the lock that tells a
//! second lansplan someone is editing (on the file, whatever name opened
//! it), the recovery journal written after every edit (and offered back
//! after a crash), both under the data folder, and the watch on the file's
//! size and time that notices another program saving it.
//!
//! The bundled example has no file and takes no lock, but keeps a journal
//! under a fixed name so that its edits survive a crash too. A plan opened
//! in spite of a live lock keeps no journal: that journal belongs to the
//! other lansplan, and two writers would overwrite each other's work.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::app::App;
use super::modal::{Answer, Choice, ConfirmModal, ConfirmPurpose, Modal};
use super::strings as s;
use crate::diff::{Change, diff, op_word};
use crate::i18n::Lang;
use crate::plan::doc::PlanDoc;
use crate::plan::load_str;
use crate::plan::recovery::{Holder, Journal, Lock};
use crate::text::{escape, sanitize};

/// How often the plan's file is looked at for changes by others.
pub const POLL: Duration = Duration::from_secs(1);

/// The journal name of the bundled example, which has no file.
const EXAMPLE_KEY: &str = "bundled-example.toml";

/// What is known of the plan file on disk: its size and modification time.
type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()))
}

/// The lock, the journal and the disk watch of the open plan.
#[derive(Debug, Default)]
pub struct Guard {
    /// lansplan's data folder (normally `data_dir()`): journals live in
    /// `recovery/`, locks in `locks/`; `None` keeps neither (most tests).
    pub data: Option<PathBuf>,
    lock: Option<Lock>,
    /// The plan file the lock and journal are for (`None`: the example).
    for_path: Option<PathBuf>,
    journal: Option<Journal>,
    /// The text last written to the journal, so an unchanged plan is not
    /// written again; `None` when the journal holds nothing of ours.
    recorded: Option<String>,
    /// Who held the lock when the plan was opened anyway or read-only.
    pub holder: Option<Holder>,
    /// The plan is shown read-only because another lansplan has it open.
    pub read_only: bool,
    seen: Option<Stamp>,
    last_poll: Option<Instant>,
    /// The file changed on disk while there were unsaved edits here.
    pub disk_changed: bool,
    /// The person chose to quit without the unsaved edits: the journal
    /// goes with them. Any other quit with unsaved edits keeps it.
    pub discard: bool,
}

impl Guard {
    /// Returns the journal being kept, if any.
    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }

    fn journal_for(&self, plan: &Path) -> Option<Journal> {
        self.data.as_ref().map(|d| Journal::new(&d.join("recovery"), plan))
    }

    fn lock_for(&self, plan: &Path) -> Option<Result<Lock, Holder>> {
        self.data.as_ref().map(|d| Lock::acquire(&d.join("locks"), plan))
    }
}

impl App {
    /// Takes the lock of the session's file and sets up its journal; asks
    /// what to do when another lansplan holds the lock, otherwise offers
    /// back unsaved work an earlier run left. Call on start and after a
    /// different file was opened.
    pub fn attach(&mut self) {
        let path = self.session.path.clone();
        self.guard.lock = None;
        self.guard.holder = None;
        self.guard.read_only = false;
        self.guard.disk_changed = false;
        self.guard.recorded = None;
        self.guard.for_path = path.clone();
        self.guard.seen = path.as_deref().and_then(stamp);
        let Some(path) = path else {
            let key = self.guard.data.as_ref().map(|d| d.join("recovery").join(EXAMPLE_KEY));
            self.guard.journal = key.and_then(|k| self.guard.journal_for(&k));
            return self.offer_recovery();
        };
        self.guard.journal = self.guard.journal_for(&path);
        match self.guard.lock_for(&path) {
            None => self.offer_recovery(),
            Some(Ok(lock)) => {
                self.guard.lock = Some(lock);
                self.offer_recovery();
            }
            Some(Err(holder)) => {
                // The journal is the other lansplan's, live; leave it be.
                self.guard.journal = None;
                let lang = self.lang;
                let lines = vec![s::locked(lang, holder.pid, &escape(&holder.host)), s::LOCKED_HINT.get(lang).into()];
                // The same letters in both languages (issue #15).
                let choices = vec![
                    Choice { answer: Answer::ReadOnly, key: Some('r'), label: s::CHOICE_READ_ONLY.get(lang) },
                    Choice { answer: Answer::OpenAnyway, key: Some('o'), label: s::CHOICE_OPEN_ANYWAY.get(lang) },
                    Choice { answer: Answer::Quit, key: Some('q'), label: s::CHOICE_QUIT.get(lang) },
                ];
                self.modal = Some(Modal::Confirm(ConfirmModal::new(ConfirmPurpose::Locked, lines, choices)));
                self.guard.holder = Some(holder);
            }
        }
    }

    /// Answers the question about a plan open elsewhere: `read_only` shows
    /// it without edits; otherwise it is opened anyway, with no journal.
    pub fn answer_locked(&mut self, read_only: bool) {
        self.guard.read_only = read_only;
        if read_only {
            self.info(s::READ_ONLY_NOW.get(self.lang));
        } else {
            self.info(s::OPENED_ANYWAY.get(self.lang));
        }
    }

    /// Offers back the text a journal holds when it differs from the plan.
    fn offer_recovery(&mut self) {
        let Some(journal) = &self.guard.journal else { return };
        let Some(found) = journal.recover() else { return };
        if found.text == self.session.text() {
            journal.clear();
            return;
        }
        let mut lines = vec![s::RESTORE_HEAD.get(self.lang).to_string()];
        match load_str(found.text.clone(), self.today) {
            Ok(theirs) => {
                let changes = diff(&self.session.loaded().plan, &theirs.plan);
                lines.extend(summary(&changes, self.lang));
            }
            Err(_) => lines.push(s::RESTORE_UNREADABLE.get(self.lang).to_string()),
        }
        let lang = self.lang;
        let choices = vec![
            Choice { answer: Answer::Restore, key: Some('r'), label: s::CHOICE_RESTORE.get(lang) },
            Choice { answer: Answer::DropJournal, key: Some('d'), label: s::CHOICE_DROP_JOURNAL.get(lang) },
        ];
        self.modal = Some(Modal::Confirm(ConfirmModal::new(ConfirmPurpose::Restore, lines, choices)));
    }

    /// Puts the journal's text in place of the plan, as one edit that
    /// undo takes back; or, with `restore` false, forgets the journal.
    pub fn answer_restore(&mut self, restore: bool) {
        let Some(journal) = self.guard.journal.clone() else { return };
        if !restore {
            journal.clear();
            return self.info(s::RESTORE_DROPPED.get(self.lang));
        }
        let Some(found) = journal.recover() else { return };
        let result = self.session.apply(|doc| {
            *doc = PlanDoc::parse(&found.text)?;
            Ok(())
        });
        match result {
            Ok(()) => {
                self.rebuild();
                self.guard.recorded = Some(found.text);
                self.info(s::RESTORED.get(self.lang));
            }
            // The journal stays, so nothing is lost.
            Err(e) => self.error(format!(
                "{}: {} ({})",
                s::RESTORE_FAILED.get(self.lang),
                sanitize(e.text().get(self.lang)),
                crate::text::path(journal.path())
            )),
        }
    }

    /// Writes the plan's text to the journal when it changed and is not
    /// saved; forgets the journal once the plan matches its file again.
    pub fn sync_journal(&mut self) {
        if self.session.path != self.guard.for_path {
            return self.rekey();
        }
        let Some(journal) = &self.guard.journal else { return };
        if !self.session.is_dirty() {
            if self.guard.recorded.take().is_some() {
                journal.clear();
            }
            return;
        }
        let text = self.session.text();
        if self.guard.recorded.as_deref() == Some(text) {
            return;
        }
        match journal.record(text) {
            Ok(()) => self.guard.recorded = Some(text.to_string()),
            Err(e) => {
                let failed = format!("{}: {}", s::JOURNAL_FAILED.get(self.lang), sanitize(&e.message(self.lang)));
                match self.message.take() {
                    // Issue #15: on a full disk the save's own failure was
                    // hidden by this one. An error of the same key press
                    // (the save's) comes first, then the journal's.
                    Some(m) if m.error => self.error(format!("{} · {failed}", m.text)),
                    _ => self.error(failed),
                }
            }
        }
    }

    /// Follows the session to the file it was saved as: the old journal
    /// is forgotten and the lock moves to the new file.
    fn rekey(&mut self) {
        if let Some(j) = &self.guard.journal {
            j.clear();
        }
        let Some(path) = self.session.path.clone() else { return };
        self.guard.for_path = Some(path.clone());
        self.guard.recorded = None;
        self.guard.disk_changed = false;
        self.guard.seen = stamp(&path);
        self.guard.journal = self.guard.journal_for(&path);
        self.guard.lock = self.guard.lock_for(&path).and_then(Result::ok);
        self.sync_journal();
    }

    /// Follows the file after a save: a save by rename gives it a new
    /// inode, whose lock a hard link made later must meet.
    pub fn saved(&mut self) {
        if let (Some(lock), Some(path)) = (&mut self.guard.lock, &self.session.path) {
            lock.refresh(path);
        }
    }

    /// Forgets the journal on a deliberate quit (saved, or the person chose
    /// to drop the edits); a crash, a signal or any other quit with unsaved
    /// edits keeps it (issue #22).
    pub fn finish(&mut self) {
        let settled = self.guard.discard || !self.session.is_dirty();
        if let Some(j) = &self.guard.journal
            && self.guard.recorded.is_some()
            && settled
        {
            j.clear();
        }
        self.guard.lock = None;
    }

    /// Looks at the plan's file at most once per [`POLL`].
    pub fn tick(&mut self, now: Instant) {
        if self.guard.last_poll.is_some_and(|t| now.duration_since(t) < POLL) {
            return;
        }
        self.guard.last_poll = Some(now);
        self.check_disk();
    }

    /// Notices a save by someone else: with no unsaved edits here it offers
    /// to read the file again; with some, it says so and keeps them (a
    /// save is then refused and save-as offered).
    pub fn check_disk(&mut self) {
        if self.modal.is_some() {
            return; // Asked again at the next look.
        }
        let Some(path) = self.session.path.clone() else { return };
        let now = stamp(&path);
        if now == self.guard.seen {
            return;
        }
        self.guard.seen = now;
        if now.is_none() {
            self.guard.disk_changed = true;
            return self.error(s::DISK_GONE.get(self.lang));
        }
        if !self.session.changed_on_disk() {
            return;
        }
        if self.session.is_dirty() {
            self.guard.disk_changed = true;
            self.error(s::DISK_CHANGED_DIRTY.get(self.lang));
        } else {
            let lang = self.lang;
            let choices = vec![
                Choice { answer: Answer::Reload, key: Some('r'), label: s::CHOICE_RELOAD.get(lang) },
                Choice { answer: Answer::Cancel, key: None, label: s::CHOICE_KEEP.get(lang) },
            ];
            let lines = vec![s::DISK_CHANGED_CLEAN.get(lang).to_string()];
            self.modal = Some(Modal::Confirm(ConfirmModal::new(ConfirmPurpose::Reload, lines, choices)));
        }
    }

    /// Notes that the session now matches its file again (after a reload).
    pub fn disk_settled(&mut self) {
        self.guard.disk_changed = false;
        self.guard.seen = self.session.path.as_deref().and_then(stamp);
    }
}

/// Returns "3 ändringar:" and a line for each of the first few changes
/// ("  ändrad aktivitet A1 (Slutdatum)"), escaped.
pub fn summary(changes: &[Change], lang: Lang) -> Vec<String> {
    const SHOWN: usize = 4;
    let mut lines = vec![format!("{}:", s::changes(lang, changes.len()))];
    for c in changes.iter().take(SHOWN) {
        let mut p = format!("  {} {}", op_word(c.op, c.kind, lang), c.kind.noun(lang));
        if let Some(id) = &c.id {
            p = format!("{p} {}", escape(id));
        }
        if let Some(f) = c.field.and_then(|f| c.kind.field(f)) {
            p = format!("{p} ({})", f.label(lang));
        }
        lines.push(p);
    }
    if changes.len() > SHOWN {
        lines.push(format!("  … (+{})", changes.len() - SHOWN));
    }
    lines
}
