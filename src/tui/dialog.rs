//! Keys inside the open dialog, and what its answer does: apply an edit
//! (kept open with the reason when the session refuses it), remove with
//! or without dependents, quit, reload, jump to a finding.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Pane};
use super::keymap::{Action, CONFIRM_KEYS, EDIT_KEYS, EDIT_MULTI_KEYS, FINDINGS_KEYS, HELP_KEYS, PICK_KEYS, lookup_in};
use super::modal::{
    Answer, ConfirmModal, ConfirmPurpose, FilterChoice, Modal, PickModal, PickPurpose, PickValue, TextModal,
    TextPurpose, is_placeholder,
};
use super::outline::Filter;
use super::strings as s;
use crate::plan::edit::Session;
use crate::plan::path::{FieldPath, Input, Sub};
use crate::plan::{Kind, Plan, Value};
use crate::text::{escape, sanitize};

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
        let action = lookup_in(table, &ev);
        let leaving = std::mem::take(&mut t.leaving);
        match action {
            // Issue #22: in a multi-line field one Esc dropped what one had
            // typed, paragraphs perhaps, without a word. The first Esc on
            // typed text says what the next one does; any other key goes on
            // editing.
            Some(Action::Cancel) if t.multiline && !leaving && !t.unchanged() => {
                t.leaving = true;
                t.error = Some(
                    self.lang
                        .pick(
                            "Esc en gång till kastar det du skrivit här; Ctrl-S sparar det",
                            "Esc again discards what you typed here; Ctrl-S keeps it",
                        )
                        .to_string(),
                );
                self.modal = Some(Modal::Text(t));
                return;
            }
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
        match &t.purpose {
            TextPurpose::Search => self.set_query(t.text()),
            // Issue #22: dates were checked only on Enter, and the last
            // refusal stayed while one typed the fix. Values with a form
            // are checked as they are typed; any other error clears.
            TextPurpose::Field(path) => t.error = live_error(path, &t.text(), self.lang),
            TextPurpose::Draft(d) => {
                let field = d.ask.first().and_then(|f| d.kind.field(f));
                let path = field.map(|field| FieldPath { kind: d.kind, id: None, field, sub: None });
                t.error = path.and_then(|p| live_error(&p, &t.text(), self.lang));
            }
            _ => t.error = None,
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
            TextPurpose::Draft(d) => match self.answer_draft_text((**d).clone(), &text) {
                Ok(()) => return,
                Err(e) => Err(e),
            },
            TextPurpose::NewRevision => match self.new_revision(&text) {
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
        match lookup_in(PICK_KEYS, &ev) {
            // Esc first empties the filter, then closes.
            Some(Action::Cancel) if !p.query.is_empty() => p.set_query(String::new()),
            Some(Action::Cancel) => return,
            Some(Action::Down) => p.step(1),
            Some(Action::Up) => p.step(-1),
            Some(Action::PageDown) => p.step(10),
            Some(Action::PageUp) => p.step(-10),
            Some(Action::Top) => p.step(isize::MIN / 2),
            Some(Action::Bottom) => p.step(isize::MAX / 2),
            Some(Action::FilterBack) => {
                let mut q = p.query.clone();
                q.pop();
                p.set_query(q);
            }
            Some(Action::Toggle) if p.multi => toggle(&self.session.loaded().plan, &mut p),
            Some(Action::Apply) if p.visible().is_empty() => {}
            Some(Action::Apply) => return self.submit_pick(p),
            _ => match ev.code {
                KeyCode::Char(c) if c.is_alphanumeric() && !ev.modifiers.contains(KeyModifiers::CONTROL) => {
                    let q = format!("{}{c}", p.query);
                    p.set_query(q);
                }
                _ => {}
            },
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
                // An activity or indicator moves to a goal, a commitment to a focus area.
                let field = kind.field("goal").or_else(|| kind.field("focus_area"));
                let (PickValue::Key(goal), Some(field)) = (choice, field) else { return };
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
            PickPurpose::Draft(d) => {
                let d = (**d).clone();
                return self.answer_draft_pick(d, choice);
            }
            PickPurpose::FollowFilter => {
                if let PickValue::Follow(c) = choice {
                    self.set_time_filter(c);
                }
                return;
            }
            PickPurpose::LinkPoints { key } => {
                let ticked: Vec<String> = p
                    .items
                    .iter()
                    .filter(|i| i.checked)
                    .filter_map(|i| match &i.value {
                        PickValue::Key(k) => Some(k.clone()),
                        _ => None,
                    })
                    .collect();
                let key = key.clone();
                return self.link_points(&key, &ticked);
            }
            PickPurpose::PointForDisposition => {
                if let PickValue::Key(id) = choice {
                    self.ask_disposition_of(id);
                }
                return;
            }
            PickPurpose::Disposition { point } => {
                let point = point.clone();
                let d = match choice {
                    PickValue::Key(k) => Some(k),
                    _ => None,
                };
                return self.set_disposition(&point, d);
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
    /// of the filter (the filter is cleared then) or renamed it, and the
    /// detail cursor on the field edited (issue #22: it went back to the
    /// first field, so the next key edited the wrong one).
    fn keep_edited(&mut self, path: &FieldPath, typed: &str) {
        if let Some(old) = &path.id {
            let id = if path.field.name == "id" { typed.trim().to_string() } else { old.clone() };
            self.select_item(path.kind, &id);
        }
        if let Some(i) = self.fields().iter().position(|f| f.name == path.field.name) {
            self.field = i;
        }
    }

    /// Replaces the session with the plan at `path`, unless edits would be lost.
    pub fn open_file(&mut self, path: &std::path::Path) {
        if self.session.is_dirty() {
            return self.error(s::DIRTY_OPEN.get(self.lang));
        }
        match Session::open(path, self.today) {
            Ok(session) => {
                self.session = session;
                self.adopted_ok = false;
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

    fn confirm_key(&mut self, mut c: ConfirmModal, ev: KeyEvent) {
        // Moving the highlight and answering come from the key table; each
        // choice's own letter answers at once. `j` moves down here as it
        // does everywhere else, and never answers (issue #22).
        let last = c.choices.len().saturating_sub(1);
        let answer = match lookup_in(CONFIRM_KEYS, &ev) {
            Some(Action::Down) => {
                c.selected = (c.selected + 1).min(last);
                None
            }
            Some(Action::Up) => {
                c.selected = c.selected.saturating_sub(1);
                None
            }
            Some(Action::Apply) => c.choices.get(c.selected).map(|x| x.answer),
            // Unsaved work is never dropped by Esc: a question without a
            // choice that cancels stays.
            Some(Action::Cancel) => c.on_escape(),
            _ => match ev.code {
                KeyCode::Char(ch) if !ev.modifiers.contains(KeyModifiers::CONTROL) => c.by_key(ch),
                _ => None,
            },
        };
        let Some(answer) = answer else {
            self.modal = Some(Modal::Confirm(c));
            return;
        };
        match (&c.purpose, answer) {
            (_, Answer::Cancel) => {}
            (ConfirmPurpose::Delete { kind, id }, Answer::Delete) => self.remove(*kind, &id.clone()),
            (_, Answer::SaveAndQuit) => {
                self.save();
                if !self.session.is_dirty() {
                    self.quit = true;
                }
            }
            (_, Answer::DiscardAndQuit) => {
                self.guard.discard = true;
                self.quit = true;
            }
            (_, Answer::Quit) => self.quit = true,
            (_, Answer::Reload) => self.reload(),
            (_, Answer::SaveAs) => self.ask_save_as(),
            (_, Answer::ReadOnly) => self.answer_locked(true),
            (_, Answer::OpenAnyway) => self.answer_locked(false),
            (_, Answer::Restore) => self.answer_restore(true),
            (_, Answer::DropJournal) => self.answer_restore(false),
            (_, Answer::NewRevision) => self.ask_new_revision(),
            (ConfirmPurpose::Adopted(action), Answer::EditAnyway) => {
                self.adopted_ok = true;
                self.update(*action);
            }
            (_, Answer::Delete | Answer::EditAnyway) => {}
        }
    }

    /// Removes an item and everything the question about it listed.
    fn remove(&mut self, kind: Kind, id: &str) {
        match self.session.remove(kind, id, true) {
            Ok(removed) => {
                self.rebuild();
                self.info(s::removed(self.lang, removed.len()));
            }
            Err(e) => self.error(sanitize(e.text().get(self.lang)).into_owned()),
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

/// Ticks or unticks the selected choice of a picker that takes several;
/// "all kommuner" ticks every party of that kind (or unticks them all
/// when every one is ticked already).
fn toggle(plan: &Plan, p: &mut PickModal) {
    let Some(item) = p.items.get(p.selected) else { return };
    match item.value.clone() {
        PickValue::AllOfKind(kind) => {
            let of_kind = |v: &PickValue| match v {
                PickValue::Key(id) => plan.find(Kind::Party, id).is_some_and(|i| i.str("kind") == kind),
                _ => false,
            };
            let of_kind: Vec<usize> = (0..p.items.len()).filter(|&i| of_kind(&p.items[i].value)).collect();
            let all = of_kind.iter().all(|&i| p.items[i].checked);
            for i in of_kind {
                p.items[i].checked = !all;
            }
            p.items[p.selected].checked = !all;
        }
        _ => p.items[p.selected].checked = !p.items[p.selected].checked,
    }
}

/// Returns why `text` is no value for the field at `path` yet, for the
/// fields with a form to check as one types (dates, periods, figures,
/// ids); `None` for free text and for what parses. An emptied field is
/// not an error until Enter (one empties a field to type it anew).
fn live_error(path: &FieldPath, text: &str, lang: crate::i18n::Lang) -> Option<String> {
    use crate::plan::schema::FieldType as T;
    if !matches!(path.field.ty, T::Date | T::Period | T::YearValue | T::Measurements | T::Id) || text.trim().is_empty()
    {
        return None;
    }
    crate::plan::path::parse_input(path, text).err().map(|e| sanitize(e.text().get(lang)).into_owned())
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
