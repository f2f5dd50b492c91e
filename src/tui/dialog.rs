//! Keys inside the open dialog, and what its answer does: apply an edit
//! (kept open with the reason when the session refuses it), remove with
//! or without dependents, quit, reload, jump to a finding.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Pane};
use super::keymap::{Action, CONFIRM_KEYS, EDIT_KEYS, EDIT_MULTI_KEYS, FINDINGS_KEYS, HELP_KEYS, PICK_KEYS, lookup_in};
use super::modal::{
    ConfirmModal, ConfirmPurpose, FilterChoice, Modal, PickModal, PickPurpose, PickValue, TextModal, TextPurpose,
    is_placeholder,
};
use super::outline::Filter;
use super::strings as s;
use crate::plan::doc::EditError;
use crate::plan::edit::Session;
use crate::plan::path::{FieldPath, Input, Sub};
use crate::plan::{Kind, Plan, Value};
use crate::text::{escape, sanitize};

fn is(ev: &KeyEvent, code: KeyCode) -> bool {
    ev.code == code && !ev.modifiers.contains(KeyModifiers::CONTROL)
}

impl App {
    /// Handles a key while `modal` is open; puts it back unless it closed.
    pub(super) fn modal_key(&mut self, modal: Modal, ev: KeyEvent) {
        match modal {
            Modal::Text(t) => self.text_key(t, ev),
            Modal::Pick(p) => self.pick_key(p, ev),
            Modal::Confirm(c) => self.confirm_key(c, ev),
            Modal::Help { scroll } => {
                let scroll = match lookup_in(HELP_KEYS, &ev) {
                    Some(Action::Down) => scroll + 1,
                    Some(Action::Up) => scroll.saturating_sub(1),
                    Some(Action::PageDown) => scroll + 10,
                    Some(Action::PageUp) => scroll.saturating_sub(10),
                    _ => return,
                };
                let max = super::keymap::help_sections(self.key_table(), self.lang).len();
                self.modal = Some(Modal::Help { scroll: scroll.min(max) });
            }
            Modal::Conflicts { selected } => self.conflicts_key(selected, ev),
            Modal::Findings { selected } => {
                let n = self.session.findings().len();
                let selected = match lookup_in(FINDINGS_KEYS, &ev) {
                    Some(Action::Down) => (selected + 1).min(n.saturating_sub(1)),
                    Some(Action::Up) => selected.saturating_sub(1),
                    Some(Action::PageDown) => (selected + 10).min(n.saturating_sub(1)),
                    Some(Action::PageUp) => selected.saturating_sub(10),
                    Some(Action::Jump) => return self.jump_to_finding(selected),
                    _ => return,
                };
                self.modal = Some(Modal::Findings { selected });
            }
        }
    }

    fn text_key(&mut self, mut t: Box<TextModal>, ev: KeyEvent) {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let table = if t.multiline { EDIT_MULTI_KEYS } else { EDIT_KEYS };
        match lookup_in(table, &ev) {
            Some(Action::Cancel) => {
                if matches!(t.purpose, TextPurpose::Search) {
                    self.set_query(String::new());
                }
                return;
            }
            Some(Action::Apply) => return self.submit_text(t),
            Some(Action::ClearText) => {
                t.area.select_all();
                t.area.cut();
            }
            // Some terminals send Enter as Ctrl-M or Ctrl-J.
            _ if ctrl && !t.multiline && matches!(ev.code, KeyCode::Char('m' | 'j')) => return self.submit_text(t),
            _ => match ev.code {
                KeyCode::Char(c) if crate::text::is_dangerous(c) || is_placeholder(c) => {}
                _ => {
                    t.area.input(ev);
                }
            },
        }
        if matches!(t.purpose, TextPurpose::Search) {
            self.set_query(t.text());
        }
        self.modal = Some(Modal::Text(t));
    }

    fn submit_text(&mut self, mut t: Box<TextModal>) {
        let text = t.text();
        let result = match &t.purpose {
            TextPurpose::Search => return,
            // Nothing typed: nothing to store (issue #15; storing the text
            // again could rewrite a value's form, and it is not an edit).
            TextPurpose::Field(_) if t.unchanged() => return,
            TextPurpose::Field(path) => self.session.set(path, &text).map_err(|e| e.text().get(self.lang).to_string()),
            TextPurpose::Measurement(id) => self.add_measurement(id, &text),
            TextPurpose::ReviewComment => return self.set_comment(&text),
            TextPurpose::ReviewReply(to) => match self.reply(&to.clone(), &text) {
                Ok(()) => return,
                Err(e) => Err(e),
            },
            TextPurpose::ApplyReview => match self.apply_review(&text) {
                Ok(()) => return,
                Err(e) => Err(e),
            },
            TextPurpose::SaveAs => {
                let name = text.trim();
                if name.is_empty() {
                    Err(s::SAVE_AS_TITLE.get(self.lang).to_string())
                } else {
                    match self.session.save_as(std::path::Path::new(name), false) {
                        Ok(()) => {
                            self.info(s::saved_to(self.lang, &escape(name)));
                            self.remember();
                            return;
                        }
                        Err(e) => Err(e.message(self.lang)),
                    }
                }
            }
        };
        match result {
            Ok(()) => {
                self.rebuild();
                if let TextPurpose::Field(p) = &t.purpose {
                    self.keep_edited(p, &text);
                    self.edited(p);
                }
            }
            Err(msg) => {
                t.error = Some(sanitize(&msg).into_owned());
                self.modal = Some(Modal::Text(t));
            }
        }
    }

    fn add_measurement(&mut self, id: &str, text: &str) -> Result<(), String> {
        let bad = || s::NEEDS_YEAR.get(self.lang).to_string();
        let (year, value) = text.split_once([':', '=']).ok_or_else(bad)?;
        let year: i64 = year.trim().parse().map_err(|_| bad())?;
        if !(1900..=2200).contains(&year) {
            return Err(bad());
        }
        let field = Kind::Indicator.field("measurements").ok_or_else(bad)?;
        let path = FieldPath { kind: Kind::Indicator, id: Some(id.to_string()), field, sub: Some(Sub::Year(year)) };
        if value.trim().is_empty() {
            return Err(bad());
        }
        self.session.set(&path, value).map_err(|e| e.text().get(self.lang).to_string())
    }

    fn pick_key(&mut self, mut p: PickModal, ev: KeyEvent) {
        let last = p.items.len().saturating_sub(1);
        match lookup_in(PICK_KEYS, &ev) {
            Some(Action::Cancel) => return,
            Some(Action::Down) => p.selected = (p.selected + 1).min(last),
            Some(Action::Up) => p.selected = p.selected.saturating_sub(1),
            Some(Action::PageDown) => p.selected = (p.selected + 10).min(last),
            Some(Action::PageUp) => p.selected = p.selected.saturating_sub(10),
            Some(Action::Top) => p.selected = 0,
            Some(Action::Bottom) => p.selected = last,
            Some(Action::Toggle) if p.multi => {
                if let Some(i) = p.items.get_mut(p.selected) {
                    i.checked = !i.checked;
                }
            }
            Some(Action::Apply) => return self.submit_pick(p),
            _ => {}
        }
        self.modal = Some(Modal::Pick(p));
    }

    fn submit_pick(&mut self, mut p: PickModal) {
        let Some(choice) = p.items.get(p.selected).map(|i| i.value.clone()) else { return };
        let result = match &p.purpose {
            PickPurpose::Field(path) => {
                let input = if p.multi {
                    let ids = p
                        .items
                        .iter()
                        .filter(|i| i.checked)
                        .filter_map(|i| match &i.value {
                            PickValue::Key(k) => Some(k.clone()),
                            _ => None,
                        })
                        .collect();
                    Input::Whole(Value::List(ids))
                } else {
                    match choice {
                        PickValue::Key(k) => Input::Whole(Value::Str(k)),
                        _ => Input::Remove,
                    }
                };
                self.session.set_input(path, input)
            }
            PickPurpose::MoveToGoal { kind, id } => {
                let (kind, id) = (*kind, id.clone());
                let (PickValue::Key(goal), Some(field)) = (choice, kind.field("goal")) else { return };
                let path = FieldPath { kind, id: Some(id.clone()), field, sub: None };
                let r = self.session.set_input(&path, Input::Whole(Value::Str(goal)));
                if r.is_ok() {
                    self.rebuild();
                    self.select_item(kind, &id);
                }
                r
            }
            PickPurpose::Filter => {
                if let PickValue::Filter(f) = choice {
                    match f {
                        FilterChoice::Clear => self.filter = Filter::default(),
                        FilterChoice::Status(st) => self.filter.status = Some(st),
                        FilterChoice::Party(id) => self.filter.party = Some(id),
                        FilterChoice::Area(id) => self.filter.area = Some(id),
                    }
                }
                Ok(())
            }
            PickPurpose::Recent => {
                if let PickValue::Path(path) = choice {
                    self.open_file(&path);
                }
                return;
            }
            PickPurpose::DiffWith => {
                match choice {
                    PickValue::Path(path) => self.open_diff(&path),
                    PickValue::Commit(c) => self.open_diff_commit(&c),
                    _ => {}
                }
                return;
            }
            PickPurpose::DiffFilter => {
                if let PickValue::Diff(c) = choice {
                    self.set_diff_filter(c);
                }
                return;
            }
            PickPurpose::ReplyTo => {
                if let PickValue::Key(name) = choice {
                    self.ask_reply_to(name);
                }
                return;
            }
            PickPurpose::ReviewParty => {
                self.set_review_party(match choice {
                    PickValue::Key(id) => Some(id),
                    _ => None,
                });
                return;
            }
            PickPurpose::FollowFilter => {
                if let PickValue::Follow(c) = choice {
                    self.set_time_filter(c);
                }
                return;
            }
        };
        match result {
            Ok(()) => {
                self.rebuild();
                if let PickPurpose::Field(path) = &p.purpose {
                    self.keep_edited(path, "");
                    self.edited(path);
                }
            }
            Err(e) => {
                p.error = Some(sanitize(e.text().get(self.lang)).into_owned());
                self.modal = Some(Modal::Pick(p));
            }
        }
    }

    /// Keeps the item just edited selected, even when the edit took it out
    /// of the filter (the filter is cleared then) or renamed it.
    fn keep_edited(&mut self, path: &FieldPath, typed: &str) {
        let Some(old) = &path.id else { return };
        let id = if path.field.name == "id" { typed.trim().to_string() } else { old.clone() };
        self.select_item(path.kind, &id);
    }

    /// Replaces the session with the plan at `path`, unless edits would be lost.
    pub fn open_file(&mut self, path: &std::path::Path) {
        if self.session.is_dirty() {
            return self.error(s::DIRTY_OPEN.get(self.lang));
        }
        match Session::open(path, self.today) {
            Ok(session) => {
                self.session = session;
                self.filter = Filter::default();
                self.selected = 0;
                self.scroll = 0;
                self.focus = Pane::Outline;
                self.rebuild();
                self.remember();
                self.attach();
            }
            Err(e) => {
                self.error(format!("{}: {}", s::cannot_open(self.lang), e.render(&crate::text::path(path), self.lang)))
            }
        }
    }

    fn confirm_key(&mut self, c: ConfirmModal, ev: KeyEvent) {
        // The answers every question takes come from the key table; the
        // letters of particular questions are named in their last line.
        let answer = lookup_in(CONFIRM_KEYS, &ev);
        let (yes, no) = (answer == Some(Action::Yes), answer == Some(Action::No));
        match &c.purpose {
            ConfirmPurpose::Delete { kind, id } | ConfirmPurpose::Cascade { kind, id } if yes => {
                let cascade = matches!(c.purpose, ConfirmPurpose::Cascade { .. });
                self.remove(*kind, &id.clone(), cascade);
            }
            ConfirmPurpose::Quit if is(&ev, KeyCode::Char('s')) => {
                self.save();
                if !self.session.is_dirty() {
                    self.quit = true;
                }
            }
            ConfirmPurpose::Quit if yes || is(&ev, KeyCode::Char('q')) => self.quit = true,
            ConfirmPurpose::DiskChanged if is(&ev, KeyCode::Char('r')) => self.reload(),
            ConfirmPurpose::DiskChanged if is(&ev, KeyCode::Char('a')) => self.ask_save_as(),
            ConfirmPurpose::Locked if is(&ev, KeyCode::Char('r')) => self.answer_locked(true),
            ConfirmPurpose::Locked if is(&ev, KeyCode::Char('o')) => self.answer_locked(false),
            ConfirmPurpose::Locked if is(&ev, KeyCode::Char('q')) => self.quit = true,
            ConfirmPurpose::Restore if yes => self.answer_restore(true),
            ConfirmPurpose::Restore if is(&ev, KeyCode::Char('n')) => self.answer_restore(false),
            // Unsaved work is never dropped by Esc; the question stays.
            ConfirmPurpose::Locked | ConfirmPurpose::Restore => self.modal = Some(Modal::Confirm(c)),
            ConfirmPurpose::Reload if yes || is(&ev, KeyCode::Char('r')) => self.reload(),
            _ if no => {}
            _ => self.modal = Some(Modal::Confirm(c)),
        }
    }

    fn remove(&mut self, kind: Kind, id: &str, cascade: bool) {
        match self.session.remove(kind, id, cascade) {
            Ok(removed) => {
                self.rebuild();
                self.info(s::removed(self.lang, removed.len()));
            }
            Err(EditError::HasDependents { dependents, .. }) => {
                let plan = &self.session.loaded().plan;
                let head = self.message_for_dependents(kind, id);
                let mut lines = vec![head];
                for d in &dependents {
                    // The copy that refers to it, when an id is written twice.
                    let refers = |i: &&crate::plan::Item| match i.get(d.field) {
                        Some(Value::Str(s)) => s == id,
                        Some(Value::List(l)) => l.iter().any(|x| x == id),
                        _ => false,
                    };
                    let same_id = plan.items(d.kind).iter().filter(|i| i.id == d.id);
                    let label = same_id.clone().find(refers).or_else(|| same_id.clone().next());
                    let label = label.map(|i| escape(i.label()).into_owned()).unwrap_or_default();
                    let field = d.kind.field(d.field).map(|f| f.label(self.lang)).unwrap_or(d.field);
                    lines.push(format!("  {} {} · {label} ({field})", d.kind.noun(self.lang), escape(&d.id)));
                }
                lines.push(s::ALSO_THESE.get(self.lang).to_string());
                self.modal = Some(Modal::Confirm(ConfirmModal {
                    purpose: ConfirmPurpose::Cascade { kind, id: id.to_string() },
                    lines,
                    choices: s::CONFIRM_YES_NO.get(self.lang),
                }));
            }
            Err(e) => self.error(sanitize(e.text().get(self.lang)).into_owned()),
        }
    }

    fn message_for_dependents(&self, kind: Kind, id: &str) -> String {
        let what = format!("{} {}", kind.noun(self.lang), escape(id));
        match self.lang {
            crate::i18n::Lang::Sv => format!("{what} används av:"),
            crate::i18n::Lang::En => format!("{what} is used by:"),
        }
    }

    /// Selects the item (and field) a finding is about.
    pub fn jump_to_finding(&mut self, index: usize) {
        let Some(f) = self.session.findings().get(index) else { return };
        let Some((kind, id, field)) = locate(&self.session.loaded().plan, f.span.start) else { return };
        self.select_item(kind, &id);
        if let Some(i) = field.and_then(|name| kind.fields().iter().position(|f| f.name == name)) {
            self.field = i;
        }
        self.focus = Pane::Detail;
    }
}

/// Returns the item (and field) whose text holds byte `offset`: the field
/// whose value spans it, else the last item that starts before it.
pub fn locate(plan: &Plan, offset: usize) -> Option<(Kind, String, Option<&'static str>)> {
    let mut best: Option<(usize, Kind, &str)> = None;
    for kind in Kind::ALL {
        for item in plan.items(kind) {
            if item.fields.is_empty() && item.span == (0..0) {
                continue;
            }
            if let Some((name, _)) = item.spans.iter().find(|(_, s)| s.contains(&offset) || s.start == offset) {
                return Some((kind, item.id.clone(), Some(name)));
            }
            if item.span.start <= offset && best.is_none_or(|(b, _, _)| item.span.start >= b) {
                best = Some((item.span.start, kind, &item.id));
            }
        }
    }
    best.map(|(_, kind, id)| (kind, id.to_string(), None))
}
