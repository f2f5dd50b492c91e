//! Revisions in the editor (issue #22): a warning before the first edit of
//! an adopted (or superseded) revision, and "new revision" (`R`), which
//! writes the next revision as a new file beside this one (next version,
//! status draft, today's date) and goes on editing that.

use std::path::{Path, PathBuf};

use super::app::App;
use super::keymap::Action;
use super::modal::{Answer, Choice, ConfirmModal, ConfirmPurpose, Modal, TextModal, TextPurpose};
use super::strings as s;
use crate::plan::edit::revision_file_name;
use crate::text::{escape, sanitize};

impl App {
    /// Asks before the first edit of an adopted or superseded revision;
    /// returns true when it asked (the edit then waits for the answer).
    pub(super) fn warn_adopted(&mut self, action: Action) -> bool {
        let rev = &self.session.loaded().plan.revision;
        if self.adopted_ok || !matches!(rev.str("status"), "adopted" | "superseded") {
            return false;
        }
        let lang = self.lang;
        let status = rev.str("status");
        let lines = vec![
            s::adopted_head(lang, &escape(rev.str("version")), status == "superseded"),
            s::ADOPTED_WHY.get(lang).to_string(),
        ];
        let choices = vec![
            Choice { answer: Answer::NewRevision, key: Some('r'), label: s::CHOICE_NEW_REVISION.get(lang) },
            Choice { answer: Answer::EditAnyway, key: Some('e'), label: s::CHOICE_EDIT_ANYWAY.get(lang) },
            Choice { answer: Answer::Cancel, key: None, label: s::CHOICE_CANCEL.get(lang) },
        ];
        self.modal = Some(Modal::Confirm(ConfirmModal::new(ConfirmPurpose::Adopted(action), lines, choices)));
        true
    }

    /// Asks for the file to start the next revision in, offering the
    /// name beside this one (`lok-2025.3-beslutad.toml` → `lok-2025.4-utkast.toml`).
    pub fn ask_new_revision(&mut self) {
        if self.session.is_dirty() {
            return self.error(s::NEW_REVISION_DIRTY.get(self.lang));
        }
        let rev = &self.session.loaded().plan.revision;
        let (old, new) = (rev.str("version").to_string(), crate::plan::edit::next_version(rev.str("version")));
        let here = self.session.path.clone().unwrap_or_else(|| PathBuf::from(crate::assets::EXAMPLE_NAME));
        let name = here.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let suggested = here.with_file_name(revision_file_name(&name, &old, &new));
        let title = s::new_revision_title(self.lang, &escape(&new));
        let text = suggested.display().to_string();
        let mut m = TextModal::new(TextPurpose::NewRevision, title.clone(), &text, false)
            .unwrap_or_else(|| TextModal::empty(TextPurpose::NewRevision, title));
        m.hint = Some(s::NEW_REVISION_HINT.get(self.lang));
        self.modal = Some(Modal::Text(Box::new(m)));
    }

    /// Writes the next revision to `name` (never over a file) and opens it.
    pub(super) fn new_revision(&mut self, name: &str) -> Result<(), String> {
        let lang = self.lang;
        let path = Path::new(name.trim());
        if name.trim().is_empty() {
            return Err(s::SAVE_AS_TITLE.get(lang).to_string());
        }
        let mut next = self.session.clone();
        let made = next.start_revision(self.today).map_err(|e| sanitize(e.text().get(lang)).into_owned())?;
        next.save_as(path, false).map_err(|e| e.message(lang))?;
        self.session = next;
        self.adopted_ok = false;
        self.rebuild();
        self.remember();
        self.attach();
        let mut said = s::revision_started(lang, &escape(&made.version), &escape(name.trim()));
        if !made.dropped.is_empty() {
            // Short, for one line: the old file keeps them.
            let fields = made.dropped.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ");
            said = format!("{said} · {}", s::left_behind(lang, &fields));
        }
        self.info(said);
        Ok(())
    }
}
