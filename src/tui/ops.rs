//! The plan edits the app offers (open an editor, add, delete, move,
//! reorder, advance the revision status, save) as methods on [`App`]. Each
//! either changes the plan through the [`crate::plan::edit::Session`] or
//! opens the dialog that asks for what it needs.

use super::app::{App, Pane};
use super::modal::{
    Answer, Choice, ConfirmModal, ConfirmPurpose, FilterChoice, Modal, PickItem, PickModal, PickPurpose, PickValue,
    TextModal, TextPurpose,
};
use super::strings as s;
use crate::plan::edit::Session;
use crate::plan::path::{FieldPath, Input};
use crate::plan::schema::{ACTIVITY_STATUSES, FieldType, REVISION_STATUSES, find_choice};
use crate::plan::{Item, Kind, Plan, Value};
use crate::text::{escape, sanitize};

/// Returns "3 mål, 6 aktiviteter" for the kinds given, in the plan's
/// order of kinds.
fn counts_by_kind(kinds: impl Iterator<Item = Kind>, lang: crate::i18n::Lang) -> String {
    let kinds: Vec<Kind> = kinds.collect();
    Kind::ALL
        .iter()
        .map(|k| (*k, kinds.iter().filter(|x| *x == k).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| s::count_of(lang, k, n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Returns "G3 · title" for pickers and lists, escaped.
pub fn item_line(item: &Item) -> String {
    let label = escape(item.label());
    if item.id.is_empty() { label.into_owned() } else { format!("{} · {label}", escape(&item.id)) }
}

impl App {
    /// Returns the path of the selected field of the selected item.
    pub fn field_path(&self) -> Option<FieldPath> {
        let item = self.item()?;
        let field = self.fields().get(self.field)?;
        let id = item.kind.is_collection().then(|| item.id.clone());
        Some(FieldPath { kind: item.kind, id, field, sub: None })
    }

    /// Opens the editor that fits the selected field's type.
    pub fn open_editor(&mut self) {
        let Some(path) = self.field_path() else { return };
        let Some(item) = self.item() else { return };
        let lang = self.lang;
        let field = path.field;
        let value = item.get(field.name);
        let title = format!("{} – {}", s::EDIT.get(lang), field.label(lang));
        let plan = &self.session.loaded().plan;
        let modal = match &field.ty {
            FieldType::Enum(choices) => {
                let current = value.and_then(Value::as_str).unwrap_or("");
                let mut items: Vec<PickItem> = choices
                    .iter()
                    .map(|c| PickItem {
                        label: c.label(lang).to_string(),
                        value: PickValue::Key(c.key.to_string()),
                        checked: c.key == current,
                    })
                    .collect();
                add_none(&mut items, field.required, lang);
                pick(PickPurpose::Field(path), title, items, false)
            }
            FieldType::Ref(kind) => {
                let current = value.and_then(Value::as_str).unwrap_or("");
                let mut items = ref_items(plan, *kind, |id| id == current);
                add_none(&mut items, field.required, lang);
                pick(PickPurpose::Field(path), title, items, false)
            }
            FieldType::RefList(kind) => {
                let current = item.list(field.name);
                let mut items = ref_items(plan, *kind, |id| current.iter().any(|c| c == id));
                // Issue #22: "all kommuner" in one keystroke.
                let kommuner = plan.parties.iter().filter(|p| p.str("kind") == "municipality");
                let (n, ticked) = kommuner.fold((0, 0), |(n, t), p| (n + 1, t + usize::from(current.contains(&p.id))));
                if *kind == Kind::Party && n > 1 {
                    let label = s::all_kommuner(lang, n);
                    items.insert(
                        0,
                        PickItem { label, value: PickValue::AllOfKind("municipality"), checked: ticked == n },
                    );
                }
                pick(PickPurpose::Field(path), title, items, true)
            }
            ty => {
                // The real value, not its escaped display: what the widget
                // cannot show raw it holds as placeholders (issue #15).
                let raw = match (ty, value) {
                    // `;` between the texts, so that one may hold a comma.
                    (FieldType::TextList, Some(Value::List(l))) => l.join("; "),
                    (_, Some(v @ (Value::YearValue(_) | Value::Measurements(_)))) => super::view::figures(v, lang),
                    _ => value.map(|v| v.display()).unwrap_or_default(),
                };
                let multiline = *ty == FieldType::LongText;
                let Some(mut m) = TextModal::new(TextPurpose::Field(path), title, &raw, multiline) else {
                    return self.error(s::TOO_MANY_HIDDEN.get(lang));
                };
                m.hint = match ty {
                    FieldType::Date => Some(s::DATE_HINT.get(lang)),
                    FieldType::Period => Some(s::PERIOD_HINT.get(lang)),
                    FieldType::YearValue => Some(s::YEAR_VALUE_HINT.get(lang)),
                    FieldType::Measurements => Some(s::MEASUREMENTS_HINT.get(lang)),
                    FieldType::TextList => Some(s::TEXT_LIST_HINT.get(lang)),
                    FieldType::Refs => Some(s::REFS_HINT.get(lang)),
                    _ => None,
                };
                Modal::Text(Box::new(m))
            }
        };
        self.focus = Pane::Detail;
        self.modal = Some(modal);
    }

    /// Adds an item: below the selection (`a`) or beside it (`A`), with
    /// placeholder values in every required field, then opens its title.
    pub fn add(&mut self, sibling: bool) {
        let plan = &self.session.loaded().plan;
        let lang = self.lang;
        let selected = self.row().and_then(|r| r.kind());
        let item = self.item();
        let kind = match (selected, sibling) {
            (Some(Kind::FocusArea), false) | (Some(Kind::Goal), true) => Kind::Goal,
            (Some(Kind::Goal | Kind::Activity), _) => Kind::Activity,
            (Some(Kind::Indicator), _) => Kind::Indicator,
            (Some(Kind::FocusArea), true) => Kind::FocusArea,
            (Some(Kind::Party), _) => Kind::Party,
            (Some(Kind::Commitment), _) => Kind::Commitment,
            (None, _) => match self.row() {
                Some(super::outline::Row::Header(super::outline::Section::Parties)) => Kind::Party,
                _ => Kind::FocusArea,
            },
            (Some(Kind::Plan | Kind::Revision), _) => Kind::FocusArea,
        };
        // The goal or focus area the new item belongs to.
        let parent = match (item.map(|i| i.kind), kind) {
            (Some(Kind::FocusArea), Kind::Goal) => item.map(|i| i.id.clone()),
            (Some(Kind::Goal), Kind::Goal) => item.map(|i| i.str("focus_area").to_string()),
            (Some(Kind::Goal), Kind::Activity) => item.map(|i| i.id.clone()),
            (Some(Kind::Activity | Kind::Indicator), _) => item.map(|i| i.str("goal").to_string()),
            (Some(Kind::Commitment), _) => item.map(|i| i.str("focus_area").to_string()),
            _ => None,
        };
        let fields = match placeholder(plan, kind, parent.as_deref(), lang) {
            Ok(f) => f,
            Err(msg) => return self.error(msg),
        };
        self.add_item(kind, fields);
    }

    /// Adds an indicator to the goal of the selection.
    pub fn add_indicator(&mut self) {
        let goal = match self.item() {
            Some(i) if i.kind == Kind::Goal => i.id.clone(),
            Some(i) if matches!(i.kind, Kind::Activity | Kind::Indicator) => i.str("goal").to_string(),
            _ => return self.error(s::NO_GOAL_HERE.get(self.lang)),
        };
        match placeholder(&self.session.loaded().plan, Kind::Indicator, Some(&goal), self.lang) {
            Ok(fields) => self.add_item(Kind::Indicator, fields),
            Err(msg) => self.error(msg),
        }
    }

    pub(super) fn add_item(&mut self, kind: Kind, fields: Vec<(&'static str, Value)>) {
        if let Some(ask) = super::draft::questions(kind) {
            return self.start_draft(kind, fields, ask);
        }
        match self.session.add(kind, fields) {
            Ok(id) => {
                self.rebuild();
                self.select_item(kind, &id);
                self.info(s::added(self.lang, kind.noun(self.lang), &escape(&id)));
                self.open_editor();
                // Issue #22: typing appended to the title given ("Nytt
                // målFler"); it is selected, so typing replaces it.
                if let Some(Modal::Text(t)) = &mut self.modal {
                    t.area.select_all();
                }
            }
            Err(e) => self.error(sanitize(e.text().get(self.lang)).into_owned()),
        }
    }

    /// Asks for a year and a value to record on the selected indicator.
    pub fn ask_measurement(&mut self) {
        match self.item() {
            Some(i) if i.kind == Kind::Indicator => {
                let id = i.id.clone();
                let title = format!("{} – {}", s::MEASUREMENT_TITLE.get(self.lang), escape(&id));
                let mut m = TextModal::empty(TextPurpose::Measurement(id), title);
                m.hint = Some(s::YEAR_VALUE_HINT.get(self.lang));
                self.modal = Some(Modal::Text(Box::new(m)));
            }
            _ => self.error(s::ONLY_INDICATORS.get(self.lang)),
        }
    }

    /// Asks before removing the selected item, naming everything the
    /// removal takes along (counts per kind, then each item) and every
    /// list it strikes the item from (issue #22). The removal is tried on
    /// a copy first, so the question says exactly what the answer does.
    pub fn ask_delete(&mut self) {
        let Some(item) = self.item() else { return };
        if !item.kind.is_collection() {
            return self.error(s::CANNOT_REMOVE.get(self.lang));
        }
        let (kind, id, lang) = (item.kind, item.id.clone(), self.lang);
        let what = format!("{} {}", kind.noun(lang), item_line(item));
        let mut trial = self.session.clone();
        let removed = match trial.remove(kind, &id, true) {
            Ok(r) => r,
            Err(e) => return self.error(sanitize(e.text().get(lang)).into_owned()),
        };
        let before = &self.session.loaded().plan;
        let mut lines = vec![s::confirm_delete(lang, &what)];
        let mut along: Vec<&(Kind, String)> = removed.iter().filter(|(k, i)| !(*k == kind && *i == id)).collect();
        // By kind in the plan's order (goals, then indicators, activities).
        along.sort_by_key(|(k, _)| Kind::ALL.iter().position(|x| x == k));
        if !along.is_empty() {
            let counts = counts_by_kind(along.iter().map(|(k, _)| *k), lang);
            lines.push(s::delete_also(lang, &counts));
            for (k, i) in &along {
                let label = before.find(*k, i).map(item_line).unwrap_or_else(|| escape(i).into_owned());
                lines.push(format!("  {} {label}", k.noun(lang)));
            }
        }
        // What stays but changes: every list that names a removed item
        // loses that entry (a party leaves the `responsible` lists).
        let gone = |k: Kind, i: &str| removed.iter().any(|(rk, ri)| *rk == k && ri == i);
        let mut by_field: Vec<(&'static str, Vec<(Kind, &Item)>)> = Vec::new();
        for k in Kind::ALL {
            for it in before.items(k).iter().filter(|it| !(k.is_collection() && gone(k, &it.id))) {
                for f in k.fields() {
                    let FieldType::RefList(to) = f.ty else { continue };
                    if !it.list(f.name).iter().any(|x| gone(to, x)) {
                        continue;
                    }
                    let label = f.label(lang);
                    match by_field.iter_mut().find(|(l, _)| *l == label) {
                        Some((_, list)) => list.push((k, it)),
                        None => by_field.push((label, vec![(k, it)])),
                    }
                }
            }
        }
        for (field, items) in &by_field {
            let counts = counts_by_kind(items.iter().map(|(k, _)| *k), lang);
            lines.push(s::delete_from_lists(lang, &escape(&id), field, &counts));
            for (k, it) in items {
                lines.push(if k.is_collection() {
                    format!("  {} {}", k.noun(lang), item_line(it))
                } else {
                    format!("  {}", k.noun(lang))
                });
            }
        }
        if along.is_empty() && by_field.is_empty() {
            lines.push(s::DELETE_ONLY_ITEM.get(lang).to_string());
        }
        lines.push(s::DELETE_UNDO.get(lang).to_string());
        let delete = if along.is_empty() && by_field.is_empty() { s::CHOICE_DELETE } else { s::CHOICE_DELETE_ALL };
        let choices = vec![
            Choice { answer: Answer::Cancel, key: Some('n'), label: s::CHOICE_CANCEL.get(lang) },
            Choice { answer: Answer::Delete, key: Some('y'), label: delete.get(lang) },
        ];
        self.modal = Some(Modal::Confirm(ConfirmModal::new(ConfirmPurpose::Delete { kind, id }, lines, choices)));
    }

    /// Opens the goal picker to move the selected activity or indicator.
    pub fn ask_move(&mut self) {
        let Some(item) = self.item() else { return };
        if item.kind == Kind::Commitment {
            return self.ask_move_commitment();
        }
        if !matches!(item.kind, Kind::Activity | Kind::Indicator) {
            return self.error(s::ONLY_ACTIVITIES_MOVE.get(self.lang));
        }
        let current = item.str("goal").to_string();
        let (kind, id) = (item.kind, item.id.clone());
        let items = ref_items(&self.session.loaded().plan, Kind::Goal, |g| g == current);
        let title = format!("{} – {}", s::MOVE_TITLE.get(self.lang), escape(&id));
        self.modal = Some(pick(PickPurpose::MoveToGoal { kind, id }, title, items, false));
    }

    /// Moves the selected item up (`by` < 0) or down among its siblings.
    pub fn reorder(&mut self, by: isize) {
        let Some(item) = self.item() else { return };
        if !item.kind.is_collection() {
            return self.error(s::CANNOT_REORDER.get(self.lang));
        }
        let (kind, id) = (item.kind, item.id.clone());
        let parent_key = match kind {
            Kind::Goal | Kind::Commitment => Some("focus_area"),
            Kind::Activity | Kind::Indicator => Some("goal"),
            _ => None,
        };
        let parent = parent_key.map(|k| item.str(k).to_string());
        let items = self.session.loaded().plan.items(kind);
        let Some(from) = items.iter().position(|i| i.id == id) else { return };
        let sibling = |i: &Item| match (parent_key, &parent) {
            (Some(k), Some(p)) => i.str(k) == p,
            _ => true,
        };
        let to = if by < 0 {
            items[..from].iter().rposition(sibling)
        } else {
            items.iter().enumerate().skip(from + 1).find(|(_, i)| sibling(i)).map(|(n, _)| n)
        };
        let Some(to) = to else { return };
        match self.session.reorder(kind, &id, to) {
            Ok(()) => {
                self.rebuild();
                self.select_item(kind, &id);
            }
            Err(e) => self.error(sanitize(e.text().get(self.lang)).into_owned()),
        }
    }

    /// Moves the revision status on: draft → consultation → adopted.
    pub fn advance_status(&mut self) {
        let current = self.session.loaded().plan.revision.str("status").to_string();
        let next = match current.as_str() {
            "draft" => "consultation",
            "consultation" => "adopted",
            "adopted" | "superseded" => return self.error(s::STATUS_FINAL.get(self.lang)),
            _ => "draft",
        };
        let Some(field) = Kind::Revision.field("status") else { return };
        let path = FieldPath { kind: Kind::Revision, id: None, field, sub: None };
        match self.session.set_input(&path, Input::Whole(Value::Str(next.to_string()))) {
            Ok(()) => {
                self.rebuild();
                let label = find_choice(REVISION_STATUSES, next).map(|c| c.label(self.lang)).unwrap_or(next);
                self.info(s::status_now(self.lang, label));
            }
            Err(e) => self.error(sanitize(e.text().get(self.lang)).into_owned()),
        }
    }

    /// Opens the search line; the outline narrows as one types.
    pub fn open_search(&mut self) {
        self.focus = Pane::Outline;
        let title: String = s::SEARCH.get(self.lang).into();
        let m = TextModal::new(TextPurpose::Search, title.clone(), &self.filter.query, false)
            .unwrap_or_else(|| TextModal::empty(TextPurpose::Search, title));
        self.modal = Some(Modal::Text(Box::new(m)));
    }

    /// Sets the search text and rebuilds the outline, selecting the first
    /// row that matches (issue #22: the selection stayed on a heading or
    /// on the focus area around the match, where `d` offered to delete it).
    pub fn set_query(&mut self, q: String) {
        self.filter.query = q;
        self.rebuild();
        if let Some(&first) = self.outline.hits.first() {
            self.select(first);
        } else if self.row().and_then(|r| r.kind()).is_none() {
            // Land on the first item rather than a heading.
            if let Some(i) = self.outline.rows.iter().position(|r| r.kind().is_some()) {
                self.select(i);
            }
        }
    }

    /// Selects the next (`forward`) or previous row that matches the
    /// search, wrapping around at the end, and says which of how many.
    pub fn next_hit(&mut self, forward: bool) {
        let hits = &self.outline.hits;
        if hits.is_empty() {
            let none = if self.filter.query.trim().is_empty() { s::NO_SEARCH } else { s::NO_HITS };
            return self.info(none.get(self.lang));
        }
        let at = if forward {
            hits.iter().position(|&h| h > self.selected).unwrap_or(0)
        } else {
            hits.iter().rposition(|&h| h < self.selected).unwrap_or(hits.len() - 1)
        };
        let (row, n) = (hits[at], hits.len());
        self.focus = Pane::Outline;
        self.select(row);
        self.info(s::hit_of(self.lang, at + 1, n));
    }

    /// Opens the filter picker: status, responsible party or focus area.
    pub fn open_filter(&mut self) {
        let lang = self.lang;
        let plan = &self.session.loaded().plan;
        let f = &self.filter;
        let mut items = vec![PickItem {
            label: s::FILTER_CLEAR.get(lang).into(),
            value: PickValue::Filter(FilterChoice::Clear),
            checked: !f.is_active(),
        }];
        for c in ACTIVITY_STATUSES {
            items.push(PickItem {
                label: format!("{}: {}", s::FILTER_STATUS.get(lang), c.label(lang)),
                value: PickValue::Filter(FilterChoice::Status(c.key)),
                checked: f.status == Some(c.key),
            });
        }
        for p in &plan.parties {
            items.push(PickItem {
                label: format!("{}: {}", s::FILTER_PARTY.get(lang), escape(p.label())),
                value: PickValue::Filter(FilterChoice::Party(p.id.clone())),
                checked: f.party.as_deref() == Some(p.id.as_str()),
            });
        }
        for a in &plan.focus_areas {
            items.push(PickItem {
                label: format!("{}: {}", s::FILTER_AREA.get(lang), escape(a.label())),
                value: PickValue::Filter(FilterChoice::Area(a.id.clone())),
                checked: f.area.as_deref() == Some(a.id.as_str()),
            });
        }
        self.modal = Some(pick(PickPurpose::Filter, s::FILTER.get(lang).into(), items, false));
    }

    /// Saves to the plan's file, or asks for a name for the example.
    pub fn save(&mut self) {
        if self.session.path.is_none() {
            return self.ask_save_as();
        }
        if self.session.changed_on_disk() {
            let lang = self.lang;
            let choices = vec![
                Choice { answer: Answer::Cancel, key: None, label: s::CHOICE_CANCEL.get(lang) },
                Choice { answer: Answer::SaveAs, key: Some('a'), label: s::CHOICE_SAVE_AS.get(lang) },
                Choice { answer: Answer::Reload, key: Some('r'), label: s::CHOICE_RELOAD_LOSE.get(lang) },
            ];
            let lines = vec![s::DISK_CHANGED.get(lang).to_string()];
            self.modal = Some(Modal::Confirm(ConfirmModal::new(ConfirmPurpose::DiskChanged, lines, choices)));
            return;
        }
        match self.session.save() {
            Ok(()) => {
                self.info(s::SAVED.get(self.lang));
                self.remember();
                self.saved();
            }
            Err(e) => self.error(sanitize(&e.message(self.lang)).into_owned()),
        }
    }

    /// Asks for a new file name to save to.
    pub fn ask_save_as(&mut self) {
        let m = TextModal::empty(TextPurpose::SaveAs, s::SAVE_AS_TITLE.get(self.lang).into());
        self.modal = Some(Modal::Text(Box::new(m)));
    }

    /// Reads the plan's file again, dropping the edits made here.
    pub fn reload(&mut self) {
        let Some(path) = self.session.path.clone() else { return };
        match Session::open(&path, self.today) {
            Ok(session) => {
                self.session = session;
                self.rebuild();
                self.disk_settled();
                self.info(s::RELOADED.get(self.lang));
            }
            Err(e) => self.error(e.render(&crate::text::path(&path), self.lang)),
        }
    }

    /// Adds the plan's file to the recent list, if the app keeps one.
    pub fn remember(&mut self) {
        if let (Some(store), Some(path)) = (&self.recent_file, &self.session.path) {
            let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            // A recent list that cannot be written is not worth a message.
            let _ = super::recent::push(store, &path);
        }
    }

    /// Opens the list of recently opened files.
    pub fn open_recent(&mut self) {
        let list = self.recent_file.as_deref().map(super::recent::load).unwrap_or_default();
        let items: Vec<PickItem> = list
            .into_iter()
            .map(|p| PickItem { label: crate::text::path(&p), value: PickValue::Path(p), checked: false })
            .collect();
        if items.is_empty() {
            return self.info(s::RECENT_NONE.get(self.lang));
        }
        self.modal = Some(pick(PickPurpose::Recent, s::RECENT_TITLE.get(self.lang).into(), items, false));
    }
}

pub(super) fn pick(purpose: PickPurpose, title: String, items: Vec<PickItem>, multi: bool) -> Modal {
    let selected = if multi { 0 } else { items.iter().position(|i| i.checked).unwrap_or(0) };
    Modal::Pick(PickModal { purpose, title, items, selected, multi, error: None, query: String::new() })
}

fn add_none(items: &mut Vec<PickItem>, required: bool, lang: crate::i18n::Lang) {
    if !required {
        let checked = !items.iter().any(|i| i.checked);
        items.push(PickItem { label: s::NONE_CHOICE.get(lang).into(), value: PickValue::Remove, checked });
    }
}

fn ref_items(plan: &Plan, kind: Kind, checked: impl Fn(&str) -> bool) -> Vec<PickItem> {
    plan.items(kind)
        .iter()
        .map(|i| PickItem { label: item_line(i), value: PickValue::Key(i.id.clone()), checked: checked(&i.id) })
        .collect()
}

/// Returns the fields of a new item of `kind` under `parent` that the
/// context gives (its goal, its parties) and, for activities, a title to
/// type over. Parties, goals (their title and level) and indicators get
/// the rest by questions (`draft.rs`); nothing is made up for them (issue
/// #22).
fn placeholder(
    plan: &Plan,
    kind: Kind,
    parent: Option<&str>,
    lang: crate::i18n::Lang,
) -> Result<Vec<(&'static str, Value)>, String> {
    let str = |v: &str| Value::Str(v.to_string());
    let first_party = || plan.parties.first().map(|p| vec![p.id.clone()]);
    let goal = |id: Option<&str>| id.and_then(|g| plan.find(Kind::Goal, g));
    let responsible = |from: Option<&Item>| {
        from.map(|i| i.list("responsible").to_vec()).filter(|l| !l.is_empty()).or_else(first_party)
    };
    let no_parties = || s::NO_PARTIES.get(lang).to_string();
    Ok(match kind {
        Kind::Party => Vec::new(),
        Kind::FocusArea => Vec::new(),
        Kind::Commitment => super::commitments::placeholder(plan, parent, lang)?,
        Kind::Goal => {
            let area = parent
                .map(String::from)
                .or_else(|| plan.focus_areas.first().map(|a| a.id.clone()))
                .ok_or_else(|| s::NO_AREAS.get(lang).to_string())?;
            let like = plan.goals_in(&area).next();
            vec![
                ("focus_area", Value::Str(area.clone())),
                ("responsible", Value::List(responsible(like).ok_or_else(no_parties)?)),
            ]
        }
        Kind::Activity => {
            let g = goal(parent).or_else(|| plan.goals.first()).ok_or_else(|| s::NO_GOAL_HERE.get(lang).to_string())?;
            vec![
                ("goal", Value::Str(g.id.clone())),
                ("title", str(s::NEW_ACTIVITY.get(lang))),
                ("responsible", Value::List(responsible(Some(g)).ok_or_else(no_parties)?)),
                ("status", str("planned")),
            ]
        }
        Kind::Indicator => {
            let g = goal(parent).or_else(|| plan.goals.first()).ok_or_else(|| s::NO_GOAL_HERE.get(lang).to_string())?;
            vec![("goal", Value::Str(g.id.clone()))]
        }
        Kind::Plan | Kind::Revision => return Err(s::CANNOT_REMOVE.get(lang).to_string()),
    })
}
