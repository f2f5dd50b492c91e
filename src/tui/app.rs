//! The drafting app's state and its update step: the session on the plan,
//! the outline and selection, the open dialog and the last message. Keys
//! come in through [`App::handle_key`], turn into [`Action`]s by the key
//! table and change the state here; nothing in this module draws, so the
//! whole app can be driven in tests without a terminal.

use std::path::PathBuf;

use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};

use super::guard::Guard;
use super::keymap::{self, Action};
use super::modal::{Answer, Choice, ConfirmModal, ConfirmPurpose, Modal};
use super::outline::{self, Filter, Outline, Row};
use super::strings as s;
use crate::i18n::Lang;
use crate::plan::edit::Session;
use crate::plan::schema::Field;
use crate::plan::{Date, Item, Kind};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Outline,
    Detail,
}

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Already escaped.
    pub text: String,
    pub error: bool,
}

/// Where each part of the screen goes, computed from the terminal size.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub header: Rect,
    pub outline: Rect,
    pub detail: Rect,
    pub message: Rect,
    pub status: Rect,
}

/// Returns the screen layout for `area`: a header line, the outline beside
/// the detail pane, a message line and a status line.
pub fn layout(area: Rect) -> Areas {
    let [header, body, message, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    let [outline, detail] = Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)]).areas(body);
    Areas { header, outline, detail, message, status }
}

/// Returns the inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// The whole state of the drafting TUI.
#[derive(Debug)]
pub struct App {
    pub session: Session,
    pub lang: Lang,
    pub today: Date,
    pub outline: Outline,
    pub filter: Filter,
    /// Index into `outline.rows`.
    pub selected: usize,
    /// First outline row on screen.
    pub scroll: usize,
    pub focus: Pane,
    /// Index into the selected kind's fields.
    pub field: usize,
    pub modal: Option<Modal>,
    pub message: Option<Message>,
    /// The terminal's size, for paging and mouse hits.
    pub size: Rect,
    pub quit: bool,
    /// Where the recent-files list lives; `None` keeps none (tests).
    pub recent_file: Option<PathBuf>,
    /// The lock, recovery journal and disk watch of the open plan.
    pub guard: Guard,
    /// The merge conflict (by index) that the open editor settles, and
    /// the field it is about.
    pub resolving: Option<(usize, crate::plan::path::FieldPath)>,
    /// The diff and review view, when open (it covers the panes).
    pub diff: Option<Box<super::diffview::DiffView>>,
    /// The follow-up view, when open (it covers the panes).
    pub follow: Option<Box<super::follow::FollowView>>,
    /// The consultation view, when open (it covers the panes).
    pub consult: Option<Box<super::consult::ConsultView>>,
    /// The consultation beside the plan file, for the points shown under
    /// an item (read when the plan is opened and after a link is saved).
    pub beside: Option<Box<super::consult::Beside>>,
    /// The person was told the revision is adopted (or superseded) and
    /// chose to edit it anyway; asked again for another plan.
    pub adopted_ok: bool,
    /// What is folded away in the outline.
    pub folds: outline::Folds,
}

impl App {
    /// Starts the app on a session; `today` dates new items and reloads.
    pub fn new(session: Session, lang: Lang, today: Date) -> App {
        let filter = Filter::default();
        let outline = outline::build(&session.loaded().plan, &filter, &outline::Folds::default());
        let mut app = App {
            session,
            lang,
            today,
            outline,
            filter,
            selected: 0,
            scroll: 0,
            focus: Pane::Outline,
            field: 0,
            modal: None,
            message: None,
            size: Rect::new(0, 0, 80, 24),
            quit: false,
            recent_file: None,
            guard: Guard::default(),
            resolving: None,
            diff: None,
            follow: None,
            consult: None,
            beside: None,
            adopted_ok: false,
            folds: outline::Folds::default(),
        };
        app.reset_field();
        app.read_beside();
        app
    }

    /// Reads the consultation that belongs with the open plan file again.
    pub fn read_beside(&mut self) {
        let plan = &self.session.loaded().plan;
        self.beside = self.session.path.as_deref().and_then(|p| super::consult::Beside::find(p, plan)).map(Box::new);
    }

    /// Opens the consultation view on the plan's consultation file.
    pub fn open_consult(&mut self) {
        let Some(path) = self.session.path.clone() else {
            return self.error(super::consult::NEEDS_FILE.get(self.lang));
        };
        let plan = &self.session.loaded().plan;
        let Some(file) = crate::consult::check::remiss_for(&path, plan) else {
            return self.info(super::consult::NONE.get(self.lang));
        };
        match super::consult::ConsultView::open(file, plan) {
            Ok(mut v) => {
                v.keep_visible(super::consult::page(self.size));
                self.consult = Some(Box::new(v));
            }
            Err(e) => self.error(crate::text::escape(&e).into_owned()),
        }
    }

    /// Carries out an action in the consultation view.
    fn update_consult(&mut self, action: Action) {
        use super::consult::Outcome;
        let page = super::consult::page(self.size);
        let Some(v) = self.consult.as_mut() else { return };
        match v.handle(action, &self.session.loaded().plan, page, self.lang) {
            Outcome::Consumed => {}
            Outcome::Close => self.consult = None,
            Outcome::Help => self.modal = Some(Modal::Help { scroll: 0 }),
            Outcome::Say(text) => self.info(text),
            Outcome::Jump(kind, id) => {
                self.consult = None;
                if kind == Kind::Plan {
                    let first = self.outline.rows.iter().position(|r| r.kind() == Some(Kind::Plan)).unwrap_or(0);
                    self.select(first);
                } else {
                    self.select_item(kind, &id);
                }
            }
        }
    }

    /// Records a new terminal size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.ensure_visible();
        self.diff_visible();
        self.follow_visible();
        if let Some(v) = self.consult.as_mut() {
            v.keep_visible(super::consult::page(self.size));
        }
    }

    /// Shows an informative message.
    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: false });
    }

    /// Shows an error message.
    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: true });
    }

    /// Returns the selected row.
    pub fn row(&self) -> Option<Row> {
        self.outline.rows.get(self.selected).copied()
    }

    /// Returns the selected item.
    pub fn item(&self) -> Option<&Item> {
        self.row()?.item(&self.session.loaded().plan)
    }

    /// Returns the fields shown in the detail pane for the selection.
    pub fn fields(&self) -> &'static [Field] {
        self.row().and_then(|r| r.kind()).map(Kind::fields).unwrap_or(&[])
    }

    /// Returns how many outline rows fit on screen.
    pub fn page(&self) -> usize {
        usize::from(inner(layout(self.size).outline).height).max(1)
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        if let Some(modal) = self.modal.take() {
            self.modal_key(modal, ev);
        } else if self.diff.is_some() {
            self.message = None;
            if let Some(action) = keymap::lookup_in(keymap::DIFF_KEYS, &ev) {
                self.update_diff(action);
            }
        } else if self.follow.is_some() {
            self.message = None;
            if let Some(action) = keymap::lookup_in(keymap::FOLLOW_KEYS, &ev) {
                self.update_follow(action);
            }
        } else if self.consult.is_some() {
            self.message = None;
            if let Some(action) = keymap::lookup_in(keymap::CONSULT_KEYS, &ev) {
                self.update_consult(action);
            }
        } else {
            self.message = None;
            if let Some(action) = keymap::lookup(&ev) {
                self.update(action);
            }
        }
        if !matches!(self.modal, Some(Modal::Text(_) | Modal::Pick(_))) {
            self.resolving = None;
        }
        if self.quit {
            self.finish();
        } else {
            self.sync_journal();
        }
    }

    /// Handles text pasted into the terminal (bracketed paste).
    pub fn handle_paste(&mut self, text: &str) {
        if let Some(Modal::Text(t)) = &mut self.modal {
            let clean: String = text
                .chars()
                .filter(|c| (t.multiline && *c == '\n') || !crate::text::is_dangerous(*c))
                .filter(|c| !super::modal::is_placeholder(*c))
                .map(|c| if c == '\n' && !t.multiline { ' ' } else { c })
                .collect();
            t.area.insert_str(clean);
            if matches!(t.purpose, super::modal::TextPurpose::Search) {
                let q = t.text();
                self.set_query(q);
            }
        }
    }

    /// Returns true if `action` would change the plan (or save it).
    fn edits(&self, action: Action) -> bool {
        use Action as A;
        match action {
            A::Open => self.focus == Pane::Detail,
            A::Edit
            | A::AddChild
            | A::AddSibling
            | A::AddIndicator
            | A::AddMeasurement
            | A::AddCommitment
            | A::Delete
            | A::MoveToGoal
            | A::MoveUp
            | A::MoveDown
            | A::AdvanceStatus
            | A::Undo
            | A::Redo
            | A::Save => true,
            _ => false,
        }
    }

    /// Handles a mouse click or wheel turn.
    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        let areas = layout(self.size);
        let hit = |r: Rect| ev.column >= r.x && ev.column < r.right() && ev.row >= r.y && ev.row < r.bottom();
        if let Some(Modal::Pick(p)) = &mut self.modal {
            match ev.kind {
                MouseEventKind::ScrollDown => p.selected = (p.selected + 1).min(p.items.len().saturating_sub(1)),
                MouseEventKind::ScrollUp => p.selected = p.selected.saturating_sub(1),
                _ => {}
            }
            return;
        }
        if self.modal.is_some() {
            return;
        }
        if self.diff.is_some() {
            match ev.kind {
                MouseEventKind::ScrollDown => self.update_diff(Action::NextChange),
                MouseEventKind::ScrollUp => self.update_diff(Action::PrevChange),
                _ => {}
            }
            return;
        }
        if self.follow.is_some() {
            match ev.kind {
                MouseEventKind::ScrollDown => self.update_follow(Action::Down),
                MouseEventKind::ScrollUp => self.update_follow(Action::Up),
                _ => {}
            }
            return;
        }
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left) if hit(inner(areas.outline)) => {
                let row = self.scroll + usize::from(ev.row - inner(areas.outline).y);
                if row < self.outline.rows.len() {
                    self.focus = Pane::Outline;
                    self.select(row);
                }
            }
            MouseEventKind::Down(MouseButton::Left) if hit(areas.detail) => self.focus = Pane::Detail,
            MouseEventKind::ScrollDown if hit(areas.detail) => self.move_field(1),
            MouseEventKind::ScrollUp if hit(areas.detail) => self.move_field(-1),
            MouseEventKind::ScrollDown => self.select(self.selected.saturating_add(3)),
            MouseEventKind::ScrollUp => self.select(self.selected.saturating_sub(3)),
            _ => {}
        }
    }

    /// Carries out one action from the key table.
    pub fn update(&mut self, action: Action) {
        if self.guard.read_only && self.edits(action) {
            return self.error(s::READ_ONLY_REFUSED.get(self.lang));
        }
        // Issue #22: an adopted revision was edited without a word.
        if self.edits(action)
            && !matches!(action, Action::Undo | Action::Redo | Action::Save)
            && self.warn_adopted(action)
        {
            return;
        }
        let page = self.page();
        match action {
            Action::Up if self.focus == Pane::Detail => self.move_field(-1),
            Action::Down if self.focus == Pane::Detail => self.move_field(1),
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::Down => self.select(self.selected + 1),
            Action::PageUp if self.focus == Pane::Detail => self.move_field(-(page as isize)),
            Action::PageDown if self.focus == Pane::Detail => self.move_field(page as isize),
            Action::PageUp => self.select(self.selected.saturating_sub(page)),
            Action::PageDown => self.select(self.selected + page),
            // Issue #22: g and G in the detail pane moved the outline.
            Action::Top if self.focus == Pane::Detail => self.field = 0,
            Action::Bottom if self.focus == Pane::Detail => self.move_field(isize::MAX),
            Action::Top => self.select(0),
            Action::Bottom => self.select(usize::MAX),
            Action::Open if self.focus == Pane::Outline => {
                if self.item().is_some() {
                    self.focus = Pane::Detail;
                }
            }
            Action::Open | Action::Edit => self.open_editor(),
            Action::Back => self.focus = Pane::Outline,
            Action::SwitchPane => {
                self.focus =
                    if self.focus == Pane::Outline && self.item().is_some() { Pane::Detail } else { Pane::Outline }
            }
            Action::AddChild => self.add(false),
            Action::AddSibling => self.add(true),
            Action::AddIndicator => self.add_indicator(),
            Action::AddMeasurement => self.ask_measurement(),
            Action::AddCommitment => self.add_commitment(),
            Action::Delete => self.ask_delete(),
            Action::MoveToGoal => self.ask_move(),
            Action::MoveUp => self.reorder(-1),
            Action::MoveDown => self.reorder(1),
            Action::AdvanceStatus => self.advance_status(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Search => self.open_search(),
            Action::NextHit => self.next_hit(true),
            Action::PrevHit => self.next_hit(false),
            Action::Filter => self.open_filter(),
            Action::ClearFilter => {
                self.filter = Filter::default();
                self.rebuild();
            }
            Action::Findings => self.modal = Some(Modal::Findings { selected: 0 }),
            Action::Conflicts => self.open_conflicts(),
            Action::Diff => self.ask_diff(),
            Action::ExportDocx => self.export_docx(),
            Action::Matrix => self.open_follow(super::follow::Tab::Matrix),
            Action::Timeline => self.open_follow(super::follow::Tab::Timeline),
            Action::Indicators => self.open_follow(super::follow::Tab::Indicators),
            Action::Services => self.open_follow(super::follow::Tab::Services),
            Action::Consultation => self.open_consult(),
            Action::Areas => self.open_follow(super::follow::Tab::Areas),
            Action::SortAreas
            | Action::NextView
            | Action::Left
            | Action::Right
            | Action::Jump
            | Action::Toggle
            | Action::Apply
            | Action::Cancel
            | Action::ClearText
            | Action::FilterBack
            | Action::TakeOurs
            | Action::TakeTheirs
            | Action::EditField => {}
            Action::NextChange
            | Action::PrevChange
            | Action::Accept
            | Action::Reject
            | Action::Question
            | Action::Comment
            | Action::Reply
            | Action::ReviewParty
            | Action::LinkPoints
            | Action::Disposition
            | Action::Unmark
            | Action::ExportReview
            | Action::ExportDiffDocx
            | Action::ApplyReview => {}
            Action::ToggleFold => self.toggle_fold(),
            Action::FoldAll => self.fold_all(),
            Action::NextOverdue => self.next_overdue(),
            Action::Save => self.save(),
            Action::NewRevision => self.ask_new_revision(),
            Action::SaveAs => self.ask_save_as(),
            Action::Recent => self.open_recent(),
            Action::Help => self.modal = Some(Modal::Help { scroll: 0 }),
            Action::Quit => self.ask_quit(),
        }
    }

    /// Selects outline row `row` (clamped) and keeps it on screen.
    pub fn select(&mut self, row: usize) {
        let last = self.outline.rows.len().saturating_sub(1);
        let row = row.min(last);
        if row != self.selected {
            self.selected = row;
            self.reset_field();
        }
        self.ensure_visible();
    }

    /// Puts the detail cursor on the item's title or name.
    fn reset_field(&mut self) {
        let fields = self.fields();
        self.field = fields.iter().position(|f| matches!(f.name, "title" | "name" | "version")).unwrap_or(0);
    }

    fn move_field(&mut self, by: isize) {
        let n = self.fields().len();
        if n > 0 {
            self.field = self.field.saturating_add_signed(by).min(n - 1);
        }
    }

    /// Scrolls the outline so that the selection is on screen.
    pub fn ensure_visible(&mut self) {
        let page = self.page();
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + page {
            self.scroll = self.selected + 1 - page;
        }
        let max = self.outline.rows.len().saturating_sub(page);
        self.scroll = self.scroll.min(max);
    }

    /// Rebuilds the outline after an edit or a filter change, keeping the
    /// same item selected when it is still shown.
    pub fn rebuild(&mut self) {
        let keep = self.row().map(|r| (r, self.item().map(|i| i.id.clone())));
        self.outline = outline::build(&self.session.loaded().plan, &self.filter, &self.folds);
        if let Some((row, id)) = keep {
            self.reselect(row, id.as_deref());
        }
        if self.selected >= self.outline.rows.len() {
            self.selected = self.outline.rows.len().saturating_sub(1);
        }
        let n = self.fields().len();
        if self.field >= n {
            self.field = n.saturating_sub(1);
        }
        self.ensure_visible();
    }

    fn reselect(&mut self, old: Row, id: Option<&str>) {
        let plan = &self.session.loaded().plan;
        let found = self.outline.rows.iter().position(|r| match (r, old) {
            (Row::Item { kind, .. }, Row::Item { kind: k, .. }) if *kind == k => {
                !matches!(kind, Kind::Plan | Kind::Revision) && r.item(plan).map(|i| i.id.as_str()) == id
                    || matches!(kind, Kind::Plan | Kind::Revision)
            }
            (Row::Header(a), Row::Header(b)) => *a == b,
            _ => false,
        });
        if let Some(i) = found {
            self.selected = i;
        }
    }

    /// Selects the item of `kind` with `id`, clearing the filter if it hides it.
    pub fn select_item(&mut self, kind: Kind, id: &str) {
        let find = |app: &App| {
            let plan = &app.session.loaded().plan;
            app.outline.rows.iter().position(|r| r.kind() == Some(kind) && r.item(plan).is_some_and(|i| i.id == id))
        };
        let mut at = find(self);
        if at.is_none() && self.folds.any() && self.unfold_for(kind, id) {
            self.outline = outline::build(&self.session.loaded().plan, &self.filter, &self.folds);
            at = find(self);
        }
        if at.is_none() && self.filter.is_active() {
            self.filter = Filter::default();
            self.outline = outline::build(&self.session.loaded().plan, &self.filter, &self.folds);
            at = find(self);
        }
        if let Some(i) = at {
            self.selected = i;
            self.reset_field();
            self.ensure_visible();
        }
    }

    fn undo(&mut self) {
        if self.session.undo() {
            self.rebuild();
            self.info(s::UNDONE.get(self.lang));
        } else {
            self.info(s::NOTHING_TO_UNDO.get(self.lang));
        }
    }

    fn redo(&mut self) {
        if self.session.redo() {
            self.rebuild();
            self.info(s::REDONE.get(self.lang));
        } else {
            self.info(s::NOTHING_TO_REDO.get(self.lang));
        }
    }

    fn ask_quit(&mut self) {
        if self.session.is_dirty() {
            // Issue #22: `q q` quit and dropped the journal. Dropping
            // unsaved work is now a choice of its own, never a repeat.
            let lang = self.lang;
            let choices = vec![
                Choice { answer: Answer::SaveAndQuit, key: Some('s'), label: s::CHOICE_SAVE_QUIT.get(lang) },
                Choice { answer: Answer::Cancel, key: None, label: s::CHOICE_GO_ON.get(lang) },
                Choice { answer: Answer::DiscardAndQuit, key: Some('d'), label: s::CHOICE_DISCARD_QUIT.get(lang) },
            ];
            let mut lines = vec![s::QUIT_DIRTY.get(lang).to_string()];
            if self.guard.journal().is_some() {
                lines.push(s::QUIT_JOURNAL_KEPT.get(lang).to_string());
            }
            self.modal = Some(Modal::Confirm(ConfirmModal::new(ConfirmPurpose::Quit, lines, choices)));
        } else {
            self.quit = true;
        }
    }
}
