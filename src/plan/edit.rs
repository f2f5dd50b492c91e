//! An editing session on one plan: the editable document, its typed view
//! kept in step, validation of every edit, undo and redo, and the save.
//!
//! Every edit goes through [`Session::apply`]: it runs on the editable
//! document itself (built from the text on the first edit: a copy of a
//! large plan's document would cost more than the edit), the result is
//! loaded and validated, and an edit that brings a new error is refused
//! with the reason. A refused edit leaves the plan as it was: its text
//! and typed view are untouched, and the document it changed is dropped,
//! to be built again from that text by the next edit.

use std::path::{Path, PathBuf};

use super::date::Date;
use super::doc::{EditError, PlanDoc};
use super::finding::Finding;
use super::load::{self, LoadError, Loaded};
use super::model::Value;
use super::path::{FieldPath, Input};
use super::save::{Expect, SaveError, save_atomic};
use super::schema::Kind;
use crate::i18n::Text;

/// Returns an error's message, in English, without the line numbers it
/// names (`duplicate id "G7" (the goal on line 209)`): an edit above that
/// line moves it, and the error that was there before the edit is still the
/// same error, not a new one that refuses the edit.
fn without_lines(message: &Text) -> String {
    let mut out = String::with_capacity(message.en.len());
    let mut rest = message.en.as_str();
    while let Some(at) = rest.find("line ") {
        let (head, tail) = rest.split_at(at + "line ".len());
        out.push_str(head);
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
        if rest.len() != tail.len() {
            out.push('#');
        }
    }
    out.push_str(rest);
    out
}

/// What [`Session::start_revision`] made of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRevision {
    /// The version the plan had, and the one it has now.
    pub old_version: String,
    pub version: String,
    /// The revision fields taken out because they spoke of the old
    /// revision (`decided_by`, `summary`), with the values they had.
    pub dropped: Vec<(&'static str, String)>,
}

/// Returns the version after `v`: its last number one up (`2025.3` →
/// `2025.4`, `v2` → `v3`, `2025.9` → `2025.10`), or `v.1` when it has no
/// number at its end.
pub fn next_version(v: &str) -> String {
    let digits = v.len() - v.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, number) = v.split_at(v.len() - digits);
    match number.parse::<u64>() {
        Ok(n) if n < u64::MAX => format!("{head}{}", n + 1),
        _ => format!("{v}.1"),
    }
}

/// Returns the file name for revision `new` beside `old_name`, a file of
/// revision `old`: the version in the name replaced and the status word
/// at its end made a draft's (`lok-2025.3-beslutad.toml` →
/// `lok-2025.4-utkast.toml`); a name without the version gets it added
/// (`plan.toml` → `plan-2025.4.toml`).
pub fn revision_file_name(old_name: &str, old: &str, new: &str) -> String {
    let (stem, ext) = match old_name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (old_name, String::new()),
    };
    let mut parts: Vec<String> = stem.split('-').map(String::from).collect();
    let Some(at) = parts.iter().position(|p| p == old) else { return format!("{stem}-{new}{ext}") };
    parts[at] = new.to_string();
    let more = parts.len() > at + 1;
    if let Some(last) = parts.last_mut().filter(|_| more) {
        match last.as_str() {
            "utkast" | "remiss" | "beslutad" | "ersatt" => *last = "utkast".into(),
            "draft" | "consultation" | "adopted" | "superseded" => *last = "draft".into(),
            _ => {}
        }
    }
    format!("{}{ext}", parts.join("-"))
}

/// One plan being edited.
#[derive(Debug, Clone)]
pub struct Session {
    /// Where the plan is saved; `None` for the bundled example until the
    /// person names a file.
    pub path: Option<PathBuf>,
    /// The bytes on disk when the plan was read or last saved.
    on_disk: Option<Vec<u8>>,
    /// The editable document, built on the first edit: reading a plan
    /// needs only the typed view, and a large plan opens twice as fast
    /// without it.
    doc: Option<PlanDoc>,
    loaded: Loaded,
    today: Date,
    /// Earlier texts of the plan; an undo loads one again. Text is what an
    /// edit changes, and it is far smaller than the parsed forms.
    undo: Vec<String>,
    redo: Vec<String>,
}

impl Session {
    /// Opens the plan file at `path`.
    pub fn open(path: &Path, today: Date) -> Result<Session, LoadError> {
        let bytes = load::read_limited(path)?;
        let mut s = Session::from_text(load::decode(bytes.clone())?, today)?;
        s.path = Some(path.to_path_buf());
        s.on_disk = Some(bytes);
        Ok(s)
    }

    /// Starts a session on plan text that has no file yet.
    pub fn from_text(text: String, today: Date) -> Result<Session, LoadError> {
        let loaded = load::load_str(text, today)?;
        Ok(Session { path: None, on_disk: None, doc: None, loaded, today, undo: Vec::new(), redo: Vec::new() })
    }

    /// Returns the typed view of the plan as it stands.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// Returns the plan's current text.
    pub fn text(&self) -> &str {
        &self.loaded.source
    }

    /// Returns the findings on the plan as it stands.
    pub fn findings(&self) -> &[Finding] {
        &self.loaded.findings
    }

    /// Returns true if the plan differs from what is on disk.
    pub fn is_dirty(&self) -> bool {
        match &self.on_disk {
            Some(b) => b.as_slice() != self.loaded.source.as_bytes(),
            None => !self.undo.is_empty(),
        }
    }

    /// Applies an edit and keeps it only if it brings no new error. Returns
    /// the first new error as the refusal; the plan is then as it was.
    pub fn apply<T>(&mut self, edit: impl FnOnce(&mut PlanDoc) -> Result<T, EditError>) -> Result<T, EditError> {
        // The edit works on the document itself: a copy of a large plan's
        // document costs more than the rest of the edit. An edit that is
        // refused leaves no document behind; the next one builds it again
        // from the text, which is still the plan as it was.
        let mut doc = match self.doc.take() {
            Some(d) => d,
            None => PlanDoc::parse(&self.loaded.source)?,
        };
        let out = edit(&mut doc)?;
        let text = doc.render();
        if text == self.loaded.source {
            self.doc = Some(doc);
            return Ok(out);
        }
        let loaded = load::load_str(text, self.today).map_err(|e| {
            EditError::Refused(Text::new(
                format!("ändringen ger ogiltig TOML: {}", e.render("", crate::i18n::Lang::Sv)),
                format!("the change gives invalid TOML: {}", e.render("", crate::i18n::Lang::En)),
            ))
        })?;
        let mut remaining: Vec<String> =
            self.loaded.findings.iter().filter(|f| f.is_error()).map(|f| without_lines(&f.message)).collect();
        let mut new_errors = Vec::new();
        for f in loaded.findings.iter().filter(|f| f.is_error()) {
            let key = without_lines(&f.message);
            if let Some(i) = remaining.iter().position(|m| *m == key) {
                remaining.swap_remove(i);
            } else {
                new_errors.push(f.message.clone());
            }
        }
        if let Some(first) = new_errors.first() {
            return Err(EditError::Refused(first.clone()));
        }
        self.doc = Some(doc);
        let old = std::mem::replace(&mut self.loaded, loaded);
        self.undo.push(old.source);
        self.redo.clear();
        Ok(out)
    }

    /// Sets the field at `path` from what a person typed.
    pub fn set(&mut self, path: &FieldPath, input: &str) -> Result<(), EditError> {
        let input = super::path::parse_input(path, input).map_err(|e| EditError::Refused(e.text()))?;
        self.set_input(path, input)
    }

    /// Sets the field at `path` to an already parsed value.
    pub fn set_input(&mut self, path: &FieldPath, input: Input) -> Result<(), EditError> {
        self.apply(|doc| doc.set(path, input))
    }

    /// Adds an item of `kind` with the next free id and the given fields;
    /// returns the id.
    pub fn add(&mut self, kind: Kind, fields: Vec<(&'static str, Value)>) -> Result<String, EditError> {
        let id = self.loaded.plan.next_id(kind);
        self.add_as(kind, id, fields)
    }

    /// Adds an item of `kind` with the given id (one derived from its name,
    /// say) and fields; returns the id. A taken id is refused.
    pub fn add_as(&mut self, kind: Kind, id: String, fields: Vec<(&'static str, Value)>) -> Result<String, EditError> {
        let mut all = vec![("id", Value::Str(id.clone()))];
        all.extend(fields);
        self.apply(|doc| doc.add(kind, &all))?;
        Ok(id)
    }

    /// Makes the plan the next revision of itself: the next version,
    /// status draft, dated `today`; `decided_by` and `summary`, which spoke
    /// of the revision before, are taken out and returned. Everything else
    /// stays as it was written.
    pub fn start_revision(&mut self, today: Date) -> Result<NewRevision, EditError> {
        let rev = &self.loaded.plan.revision;
        let old_version = rev.str("version").to_string();
        let version = next_version(&old_version);
        let dropped: Vec<(&'static str, String)> =
            ["decided_by", "summary"].into_iter().filter_map(|f| rev.get(f).map(|v| (f, v.display()))).collect();
        let field = |name| Kind::Revision.field(name).expect("a revision field");
        let path = |name| FieldPath { kind: Kind::Revision, id: None, field: field(name), sub: None };
        let edits = [
            (path("version"), Input::Whole(Value::Str(version.clone()))),
            (path("date"), Input::Whole(Value::Date(today))),
            (path("status"), Input::Whole(Value::Str("draft".into()))),
        ];
        self.apply(|doc| {
            for (name, _) in &dropped {
                doc.set(&path(name), Input::Remove)?;
            }
            for (p, input) in edits {
                doc.set(&p, input)?;
            }
            Ok(())
        })?;
        Ok(NewRevision { old_version, version, dropped })
    }

    /// Removes an item (and with `cascade`, what hangs on it).
    pub fn remove(&mut self, kind: Kind, id: &str, cascade: bool) -> Result<Vec<(Kind, String)>, EditError> {
        self.apply(|doc| doc.remove(kind, id, cascade))
    }

    /// Moves an item to position `to` within its collection.
    pub fn reorder(&mut self, kind: Kind, id: &str, to: usize) -> Result<(), EditError> {
        self.apply(|doc| doc.reorder(kind, id, to))
    }

    /// Settles the `index`th merge conflict by taking one side, and drops
    /// its record. The file holds the side the record names; taking the
    /// other writes that one (see [`PlanDoc::resolve_conflict`]).
    pub fn resolve(&mut self, index: usize, theirs: bool) -> Result<(), EditError> {
        self.apply(|doc| doc.resolve_conflict(index, theirs))
    }

    /// Undoes the last edit; returns false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(text) = self.undo.pop() else { return false };
        match self.restore(text) {
            Ok(current) => self.redo.push(current),
            Err(text) => {
                self.undo.push(text);
                return false;
            }
        }
        true
    }

    /// Redoes the last undone edit; returns false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(text) = self.redo.pop() else { return false };
        match self.restore(text) {
            Ok(current) => self.undo.push(current),
            Err(text) => {
                self.redo.push(text);
                return false;
            }
        }
        true
    }

    /// Makes `text` the plan again and returns the text it replaces. It
    /// loaded before, so it loads now; were it not to, nothing changes and
    /// the text comes back as the error.
    fn restore(&mut self, text: String) -> Result<String, String> {
        let Ok(loaded) = load::load_str(text.clone(), self.today) else { return Err(text) };
        self.doc = None;
        Ok(std::mem::replace(&mut self.loaded, loaded).source)
    }

    /// Returns the number of edits that can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// Saves to the session's file, refusing if it changed on disk.
    pub fn save(&mut self) -> Result<(), SaveError> {
        let Some(path) = self.path.clone() else {
            return Err(SaveError::Io {
                path: PathBuf::new(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"),
            });
        };
        let expect = match &self.on_disk {
            Some(b) => Expect::Unchanged(b),
            None => Expect::New,
        };
        save_atomic(&path, self.loaded.source.as_bytes(), expect)?;
        self.on_disk = Some(self.loaded.source.as_bytes().to_vec());
        Ok(())
    }

    /// Saves to a new file (for the bundled example, or "save as"); with
    /// `overwrite` an existing file there is replaced.
    pub fn save_as(&mut self, path: &Path, overwrite: bool) -> Result<(), SaveError> {
        let expect = if overwrite { Expect::Anything } else { Expect::New };
        save_atomic(path, self.loaded.source.as_bytes(), expect)?;
        self.path = Some(path.to_path_buf());
        self.on_disk = Some(self.loaded.source.as_bytes().to_vec());
        Ok(())
    }

    /// Returns true if the file on disk no longer holds what was read.
    pub fn changed_on_disk(&self) -> bool {
        match (&self.path, &self.on_disk) {
            (Some(p), Some(b)) => super::read::read(p).map(|now| now != *b).unwrap_or(true),
            _ => false,
        }
    }
}

#[cfg(test)]
mod revision_tests {
    use super::*;

    #[test]
    fn versions_count_on() {
        assert_eq!(next_version("2025.3"), "2025.4");
        assert_eq!(next_version("2025.9"), "2025.10");
        assert_eq!(next_version("v2"), "v3");
        assert_eq!(next_version("remiss"), "remiss.1");
        assert_eq!(next_version(""), ".1");
    }

    #[test]
    fn file_names_follow_the_version() {
        assert_eq!(revision_file_name("lok-2025.3-beslutad.toml", "2025.3", "2025.4"), "lok-2025.4-utkast.toml");
        assert_eq!(revision_file_name("hp-2026.2-adopted.toml", "2026.2", "2026.3"), "hp-2026.3-draft.toml");
        assert_eq!(revision_file_name("plan-2025.3.toml", "2025.3", "2025.4"), "plan-2025.4.toml");
        assert_eq!(revision_file_name("plan.toml", "2025.3", "2025.4"), "plan-2025.4.toml");
    }

    #[test]
    fn a_new_revision_is_a_dated_draft_and_says_what_it_dropped() {
        let today = Date { year: 2026, month: 12, day: 2 };
        let mut s = Session::from_text(crate::assets::EXAMPLE.to_string(), today).expect("example loads");
        let before = s.text().to_string();
        let r = s.start_revision(today).expect("a new revision");
        assert_eq!((r.old_version.as_str(), r.version.as_str()), ("2025.3", "2025.4"));
        let rev = &s.loaded().plan.revision;
        assert_eq!((rev.str("version"), rev.str("status")), ("2025.4", "draft"));
        assert_eq!(rev.date("date"), Some(today));
        assert!(r.dropped.iter().any(|(f, _)| *f == "decided_by"), "{:?}", r.dropped);
        assert!(rev.get("decided_by").is_none());
        assert_eq!(s.loaded().error_count(), 0);
        // Nothing but the revision table changed.
        let changes = crate::diff::diff(&load::load_str(before, today).expect("loads").plan, &s.loaded().plan);
        assert!(changes.iter().all(|c| c.kind == Kind::Revision), "{changes:?}");
    }
}
