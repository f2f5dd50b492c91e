//! The follow-up views (issue #8): the plan as it stands today, drawn from
//! [`crate::publish::followup`] in three views over the panes: who answers
//! for what per focus area and where responsibility has holes (`matrix`),
//! the activities on a timeline by due date (`timeline`), and each
//! indicator's figures against its target (`dashboard`). Enter in any of
//! them goes back to the outline at what was selected.
//!
//! The follow-up is computed from the plan on every frame rather than kept:
//! the plan may be reloaded from disk while a view is open, and the counts
//! take well under a millisecond for a real plan.

mod areas;
mod dashboard;
mod matrix;
mod services;
mod timeline;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::{App, Pane};
use super::keymap::Action;
use super::modal::{Modal, PickItem, PickModal, PickPurpose, PickValue};
use super::outline::Filter;
use super::strings as s;
use super::view::{message_line, selected, truncate};
use crate::i18n::Lang;
use crate::plan::Kind;
use crate::publish::followup::ActivityState;
use crate::text::escape;

/// Which follow-up view is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Matrix,
    Timeline,
    Indicators,
    /// The indicators per kommun (issue 19).
    Areas,
    /// Services × region / kommuner / joint (issue 18).
    Services,
}

impl Tab {
    const ALL: [Tab; 5] = [Tab::Matrix, Tab::Timeline, Tab::Indicators, Tab::Areas, Tab::Services];

    fn name(self) -> s::S {
        match self {
            Tab::Matrix => s::TAB_MATRIX,
            Tab::Timeline => s::TAB_TIMELINE,
            Tab::Indicators => s::TAB_INDICATORS,
            Tab::Areas => s::TAB_AREAS,
            Tab::Services => s::TAB_SERVICES,
        }
    }

    fn key(self) -> char {
        match self {
            Tab::Matrix => 'M',
            Tab::Timeline => 'T',
            Tab::Indicators => 'I',
            Tab::Areas => 'K',
            Tab::Services => 'U',
        }
    }
}

/// What the timeline shows: one party's activities, one state, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeFilter {
    pub party: Option<String>,
    pub state: Option<ActivityState>,
}

/// A choice in the timeline's filter picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowChoice {
    All,
    State(ActivityState),
    Party(String),
}

/// The open follow-up view and where the cursor is in each of them.
#[derive(Debug, Clone)]
pub struct FollowView {
    pub tab: Tab,
    /// Matrix: the party row (the row after the last party holds the
    /// activities without an owner) and the focus area column.
    pub row: usize,
    pub col: usize,
    /// Matrix: the first row and column on screen.
    pub row_top: usize,
    pub col_left: usize,
    /// Timeline: the selected and first shown activity, by position in
    /// the filtered list.
    pub time_sel: usize,
    pub time_top: usize,
    pub time_filter: TimeFilter,
    /// Dashboard and per-kommun view: the selected and first shown indicator.
    pub ind_sel: usize,
    pub ind_top: usize,
    /// Per-kommun view: how the kommuner are ordered.
    pub area_sort: crate::publish::areas::SortBy,
    /// Services: the selected and first shown service.
    pub svc_sel: usize,
    pub svc_top: usize,
}

impl FollowView {
    /// Returns a view on `tab` with every cursor at the start.
    pub fn new(tab: Tab) -> FollowView {
        FollowView {
            tab,
            row: 0,
            col: 0,
            row_top: 0,
            col_left: 0,
            time_sel: 0,
            time_top: 0,
            time_filter: TimeFilter::default(),
            ind_sel: 0,
            ind_top: 0,
            area_sort: crate::publish::areas::SortBy::default(),
            svc_sel: 0,
            svc_top: 0,
        }
    }
}

/// Returns `top` moved as little as possible so that `sel` is among the
/// `height` rows from it.
pub(super) fn keep_in_view(top: usize, sel: usize, height: usize) -> usize {
    let height = height.max(1);
    if sel < top {
        sel
    } else if sel >= top + height {
        sel + 1 - height
    } else {
        top
    }
}

/// Where the parts of a follow-up view go: the tabs, the view, a message
/// line and the key hints.
pub(super) struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub message: Rect,
    pub status: Rect,
}

pub(super) fn areas(area: Rect) -> Areas {
    let [tabs, body, message, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    Areas { tabs, body, message, status }
}

impl App {
    /// Opens the follow-up view `tab` (or switches to it).
    pub fn open_follow(&mut self, tab: Tab) {
        match self.follow.as_mut() {
            Some(v) => v.tab = tab,
            None => self.follow = Some(Box::new(FollowView::new(tab))),
        }
        self.follow_visible();
    }

    /// Carries out an action from the follow-up views' key table.
    pub fn update_follow(&mut self, action: Action) {
        let Some(v) = self.follow.as_deref() else { return };
        let tab = v.tab;
        match action {
            Action::Back | Action::Quit => {
                self.follow = None;
                return;
            }
            Action::Help => {
                self.modal = Some(Modal::Help { scroll: 0 });
                return;
            }
            Action::Matrix => return self.open_follow(Tab::Matrix),
            Action::Timeline => return self.open_follow(Tab::Timeline),
            Action::Indicators => return self.open_follow(Tab::Indicators),
            Action::Areas => return self.open_follow(Tab::Areas),
            Action::Services => return self.open_follow(Tab::Services),
            Action::SortAreas if tab == Tab::Areas => {
                if let Some(v) = self.follow.as_mut() {
                    v.area_sort = v.area_sort.next();
                }
            }
            Action::NextView => {
                let next = Tab::ALL[(Tab::ALL.iter().position(|t| *t == tab).unwrap_or(0) + 1) % Tab::ALL.len()];
                return self.open_follow(next);
            }
            Action::Jump => return self.follow_jump(),
            Action::Filter if tab == Tab::Timeline => return self.ask_time_filter(),
            Action::ClearFilter if tab == Tab::Timeline => {
                if let Some(v) = self.follow.as_mut() {
                    v.time_filter = TimeFilter::default();
                    v.time_sel = 0;
                    v.time_top = 0;
                }
            }
            _ => self.follow_move(action),
        }
        self.follow_visible();
    }

    /// Moves the cursor of the open view.
    fn follow_move(&mut self, action: Action) {
        let (rows, cols) = self.follow_extent();
        let page = usize::from(self.size.height.saturating_sub(8)).max(1);
        let Some(v) = self.follow.as_mut() else { return };
        let (sel, last) = match v.tab {
            Tab::Matrix => (&mut v.row, rows.saturating_sub(1)),
            Tab::Timeline => (&mut v.time_sel, rows.saturating_sub(1)),
            Tab::Indicators | Tab::Areas => (&mut v.ind_sel, rows.saturating_sub(1)),
            Tab::Services => (&mut v.svc_sel, rows.saturating_sub(1)),
        };
        match action {
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Down => *sel = (*sel + 1).min(last),
            Action::PageUp => *sel = sel.saturating_sub(page),
            Action::PageDown => *sel = (*sel + page).min(last),
            Action::Top => *sel = 0,
            Action::Bottom => *sel = last,
            Action::Left if v.tab == Tab::Matrix => v.col = v.col.saturating_sub(1),
            Action::Right if v.tab == Tab::Matrix => v.col = (v.col + 1).min(cols.saturating_sub(1)),
            _ => {}
        }
    }

    /// Returns the number of rows (and, in the matrix, columns) the open
    /// view has to move among.
    fn follow_extent(&self) -> (usize, usize) {
        let plan = &self.session.loaded().plan;
        match self.follow.as_deref().map(|v| (v.tab, v)) {
            Some((Tab::Matrix, _)) => (plan.parties.len() + 1, plan.focus_areas.len()),
            Some((Tab::Timeline, v)) => (timeline::rows(plan, self.today, &v.time_filter).len(), 0),
            Some((Tab::Indicators | Tab::Areas, _)) => (plan.indicators.len(), 0),
            Some((Tab::Services, _)) => (services::rows(plan).len(), 0),
            None => (0, 0),
        }
    }

    /// Scrolls the open view so that its selection is on screen (after a
    /// move, a resize or a reload).
    pub fn follow_visible(&mut self) {
        let (rows, cols) = self.follow_extent();
        let size = self.size;
        let plan = &self.session.loaded().plan;
        let Some(v) = self.follow.as_mut() else { return };
        v.row = v.row.min(rows.saturating_sub(1));
        v.col = v.col.min(cols.saturating_sub(1));
        match v.tab {
            Tab::Matrix => {
                let (h, shown_cols) = matrix::room(plan, areas(size).body);
                v.row_top = keep_in_view(v.row_top, v.row, h);
                v.col_left = keep_in_view(v.col_left, v.col, shown_cols);
            }
            Tab::Timeline => {
                v.time_sel = v.time_sel.min(rows.saturating_sub(1));
                v.time_top = keep_in_view(v.time_top, v.time_sel, timeline::room(areas(size).body));
            }
            Tab::Indicators | Tab::Areas => {
                v.ind_sel = v.ind_sel.min(rows.saturating_sub(1));
                v.ind_top = keep_in_view(v.ind_top, v.ind_sel, dashboard::room(areas(size).body));
            }
            Tab::Services => {
                v.svc_sel = v.svc_sel.min(rows.saturating_sub(1));
                v.svc_top = keep_in_view(v.svc_top, v.svc_sel, services::room(areas(size).body));
            }
        }
    }

    /// Goes back to the outline at what the view has selected.
    fn follow_jump(&mut self) {
        let Some(v) = self.follow.as_deref().cloned() else { return };
        let plan = &self.session.loaded().plan;
        match v.tab {
            Tab::Matrix => {
                let Some(area) = plan.focus_areas.get(v.col).map(|a| a.id.clone()) else { return };
                let party = plan.parties.get(v.row).map(|p| p.id.clone());
                let first_unowned = matrix::unowned(plan, &area).first().map(|a| a.id.clone());
                let names = format!(
                    "{} × {}",
                    plan.parties.get(v.row).map(|p| p.label()).unwrap_or(s::NO_OWNER_ROW.get(self.lang)),
                    plan.focus_areas.get(v.col).map(|a| a.label()).unwrap_or_default()
                );
                let note = s::filtered_to(self.lang, &plain(&names, 200));
                self.follow = None;
                self.filter = Filter { party: party.clone(), area: Some(area), ..Filter::default() };
                self.rebuild();
                match (party, first_unowned) {
                    (None, Some(id)) => self.select_item(Kind::Activity, &id),
                    _ => {
                        let first = self.outline.rows.iter().position(|r| r.kind().is_some()).unwrap_or(0);
                        self.select(first);
                    }
                }
                self.info(note);
            }
            Tab::Timeline => {
                let rows = timeline::rows(plan, self.today, &v.time_filter);
                let Some(id) = rows.get(v.time_sel).map(|(i, _)| plan.activities[*i].id.clone()) else { return };
                self.follow = None;
                self.select_item(Kind::Activity, &id);
            }
            Tab::Indicators | Tab::Areas => {
                let Some(id) = plan.indicators.get(v.ind_sel).map(|i| i.id.clone()) else { return };
                self.follow = None;
                self.select_item(Kind::Indicator, &id);
            }
            Tab::Services => {
                let rows = services::rows(plan);
                let Some(id) = rows.get(v.svc_sel).and_then(|r| r.ids.first().cloned()) else { return };
                self.follow = None;
                self.select_item(Kind::Commitment, &id);
            }
        }
        self.focus = Pane::Outline;
    }

    /// Offers the timeline's filters: a state or a responsible party.
    fn ask_time_filter(&mut self) {
        let Some(v) = self.follow.as_deref() else { return };
        let lang = self.lang;
        let f = &v.time_filter;
        let mut items = vec![PickItem {
            label: s::FOLLOW_FILTER_ALL.get(lang).into(),
            value: PickValue::Follow(FollowChoice::All),
            checked: *f == TimeFilter::default(),
        }];
        for st in [
            ActivityState::Overdue,
            ActivityState::Ongoing,
            ActivityState::Planned,
            ActivityState::Done,
            ActivityState::Cancelled,
        ] {
            let (sym, word) = s::state_word(lang, st);
            items.push(PickItem {
                label: format!("{}: {sym} {word}", s::FILTER_STATUS.get(lang)),
                value: PickValue::Follow(FollowChoice::State(st)),
                checked: f.state == Some(st),
            });
        }
        for p in &self.session.loaded().plan.parties {
            items.push(PickItem {
                label: format!("{}: {}", s::FILTER_PARTY.get(lang), escape(p.label())),
                value: PickValue::Follow(FollowChoice::Party(p.id.clone())),
                checked: f.party.as_deref() == Some(p.id.as_str()),
            });
        }
        let selected = items.iter().position(|i| i.checked).unwrap_or(0);
        self.modal = Some(Modal::Pick(PickModal {
            purpose: PickPurpose::FollowFilter,
            title: format!("{} – {}", s::FILTER.get(lang), s::TAB_TIMELINE.get(lang)),
            items,
            selected,
            multi: false,
            error: None,
            query: String::new(),
        }));
    }

    /// Narrows (or widens) the timeline by the picker's choice.
    pub(super) fn set_time_filter(&mut self, choice: FollowChoice) {
        let Some(v) = self.follow.as_mut() else { return };
        match choice {
            FollowChoice::All => v.time_filter = TimeFilter::default(),
            FollowChoice::State(st) => v.time_filter.state = Some(st),
            FollowChoice::Party(p) => v.time_filter.party = Some(p),
        }
        v.time_sel = 0;
        v.time_top = 0;
        self.follow_visible();
    }
}

/// Draws the open follow-up view over `area`.
pub fn render(app: &App, v: &FollowView, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let a = areas(area);
    tabs_line(v.tab, app, a.tabs, buf);
    let plan = &app.session.loaded().plan;
    let summary = match v.tab {
        Tab::Matrix => matrix::render(plan, app.today, v, lang, a.body, buf),
        Tab::Timeline => timeline::render(plan, app.today, v, lang, a.body, buf),
        Tab::Indicators => dashboard::render(plan, app.today, v, lang, a.body, buf),
        Tab::Areas => areas::render(plan, app.today, v, lang, a.body, buf),
        Tab::Services => services::render(plan, v, lang, a.body, buf),
    };
    message_line(app.message.as_ref(), &truncate(&summary, usize::from(a.message.width)), lang, a.message, buf);
    let hints = match v.tab {
        Tab::Matrix => s::FOLLOW_HINTS_MATRIX,
        Tab::Timeline => s::FOLLOW_HINTS_TIMELINE,
        Tab::Indicators => s::FOLLOW_HINTS_INDICATORS,
        Tab::Areas => s::FOLLOW_HINTS_AREAS,
        Tab::Services => s::FOLLOW_HINTS_INDICATORS,
    };
    let text = truncate(&format!(" {}", hints.get(lang)), usize::from(a.status.width));
    Paragraph::new(text).style(Style::default().add_modifier(Modifier::REVERSED)).render(a.status, buf);
}

/// Draws "Uppföljning  [M Ansvar]  T Tidslinje  I Indikatorer · läget den …";
/// the open view is bracketed and reversed, so it shows without colour.
fn tabs_line(tab: Tab, app: &App, r: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut spans = vec![Span::styled(format!("{} ", s::FOLLOW_TITLE.get(lang)), bold.fg(Color::Cyan))];
    for t in Tab::ALL {
        let text = format!("{} {}", t.key(), t.name().get(lang));
        if t == tab {
            spans.push(Span::styled(format!("[{text}]"), selected()));
        } else {
            spans.push(Span::raw(format!(" {text} ")));
        }
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(format!("· {}", s::as_of(lang, app.today)), Style::default().add_modifier(Modifier::DIM)));
    Paragraph::new(Line::from(spans)).render(r, buf);
}

/// Returns the width-limited text of a plan string on one line, escaped.
pub(super) fn plain(text: &str, width: usize) -> String {
    truncate(&escape(&crate::publish::one_line(text)), width)
}

/// Returns the names of `lang`'s parties in `ids`, with all municipalities
/// folded into one, escaped.
pub(super) fn party_list(plan: &crate::plan::Plan, ids: &[String], lang: Lang) -> String {
    escape(&crate::publish::party_names(plan, ids, lang).join(", ")).into_owned()
}
