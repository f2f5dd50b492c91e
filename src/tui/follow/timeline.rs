//! The timeline: every activity on a row, ordered by due date, with a bar
//! from its start to its due date on a time axis scaled to the width
//! (the plan's period, widened to hold every activity and today). The
//! state is given by a symbol and a word as well as by the bar's fill, and
//! an overdue activity's bar runs on in a dashed line from its due date to
//! today, so lateness shows without colour. Filtered by party and state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{FollowView, TimeFilter, party_list, plain};
use crate::i18n::Lang;
use crate::plan::{Date, Item, Plan};
use crate::publish::followup::ActivityState;
use crate::tui::app::inner;
use crate::tui::strings as s;
use crate::tui::view::{selected, truncate};

/// Lines of the body that are not activity rows: the axis, two lines on
/// the selected activity and the legend.
const CHROME: u16 = 4;

/// Returns the activities shown under `filter` (by index into
/// `plan.activities`) with their state, by due date; those without one last.
pub(super) fn rows(plan: &Plan, today: Date, filter: &TimeFilter) -> Vec<(usize, ActivityState)> {
    let mut out: Vec<(usize, ActivityState)> = plan
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| (i, ActivityState::of(a, today)))
        .filter(|(i, st)| {
            let a = &plan.activities[*i];
            filter.state.is_none_or(|f| f == *st)
                && filter.party.as_ref().is_none_or(|p| a.list("responsible").iter().any(|r| r == p))
        })
        .collect();
    let key = |i: usize| {
        let a = &plan.activities[i];
        (a.date("due").is_none(), a.date("due"), a.date("start"))
    };
    out.sort_by_key(|(i, _)| (key(*i), *i));
    out
}

/// Returns how many activity rows fit in the view's `body`.
pub(super) fn room(body: Rect) -> usize {
    usize::from(inner(body).height.saturating_sub(CHROME)).max(1)
}

/// Returns the day number of `d` (days since 1970-01-01).
fn day(d: Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (m, dd) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The time axis: the first and last day shown, over `width` columns.
struct Scale {
    lo: i64,
    hi: i64,
    width: usize,
}

impl Scale {
    /// Spans the plan's period, every activity's dates and today.
    fn new(plan: &Plan, today: Date, width: usize) -> Scale {
        let mut days = vec![day(today)];
        if let Some(crate::plan::Value::Period { start, end }) = plan.plan.get("period") {
            days.push(day(*start));
            days.push(day(*end));
        }
        for a in &plan.activities {
            days.extend(a.date("start").map(day));
            days.extend(a.date("due").map(day));
        }
        let lo = days.iter().copied().min().unwrap_or(0);
        let hi = days.iter().copied().max().unwrap_or(0).max(lo + 1);
        Scale { lo, hi, width: width.max(1) }
    }

    /// Returns the column of day `d`.
    fn x(&self, d: i64) -> usize {
        let span = (self.hi - self.lo).max(1);
        let x = (d.clamp(self.lo, self.hi) - self.lo) * (self.width as i64 - 1) / span;
        x as usize
    }
}

/// Returns the fill of a bar for an activity in `state` (an overdue one
/// keeps the fill of its written status).
fn fill(a: &Item, state: ActivityState) -> char {
    match state {
        ActivityState::Done => '█',
        ActivityState::Ongoing => '▓',
        ActivityState::Planned => '░',
        ActivityState::Cancelled => '─',
        ActivityState::Overdue if a.str("status") == "ongoing" => '▓',
        ActivityState::Overdue => '░',
    }
}

/// Returns one activity's bar, `sc.width` columns wide.
fn bar(a: &Item, state: ActivityState, sc: &Scale, today: i64) -> String {
    let mut cells = vec![' '; sc.width];
    cells[sc.x(today)] = '┊';
    if let Some(due) = a.date("due").map(day) {
        let start = a.date("start").map(day).unwrap_or(due).min(due);
        let c = fill(a, state);
        for cell in &mut cells[sc.x(start)..=sc.x(due)] {
            *cell = c;
        }
        if state == ActivityState::Overdue {
            for cell in cells.iter_mut().take(sc.x(today) + 1).skip(sc.x(due) + 1) {
                *cell = '╍';
            }
        }
    }
    cells.into_iter().collect()
}

/// Returns the axis line: each year's number at its first day, and a
/// mark at today.
fn axis(sc: &Scale, today: Date) -> String {
    let mut cells = vec![' '; sc.width];
    let (first, last) = (Date::from_days_since_epoch(sc.lo).year, Date::from_days_since_epoch(sc.hi).year);
    let mut free = 0;
    for y in first..=last + 1 {
        let d = day(Date { year: y, month: 1, day: 1 });
        if d < sc.lo || d > sc.hi {
            continue;
        }
        let x = sc.x(d);
        let label: Vec<char> = format!("╵{y}").chars().collect();
        if x >= free && x + label.len() <= sc.width {
            cells[x..x + label.len()].copy_from_slice(&label);
            free = x + label.len() + 1;
        }
    }
    cells[sc.x(day(today))] = '▼';
    cells.into_iter().collect()
}

/// Draws the timeline in `body`; returns the summary for the message line.
pub(super) fn render(plan: &Plan, today: Date, v: &FollowView, lang: Lang, body: Rect, buf: &mut Buffer) -> String {
    let list = rows(plan, today, &v.time_filter);
    let mut title = format!(" {} ", s::TIMELINE_TITLE.get(lang));
    let f = &v.time_filter;
    if *f != TimeFilter::default() {
        let mut parts = Vec::new();
        if let Some(st) = f.state {
            let (sym, word) = s::state_word(lang, st);
            parts.push(format!("{sym} {word}"));
        }
        if let Some(p) = &f.party {
            parts.push(party_list(plan, std::slice::from_ref(p), lang));
        }
        title = format!("{title}· {}: {} ", s::FILTER.get(lang), parts.join(", "));
    }
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let dim = Style::default().add_modifier(Modifier::DIM);
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(truncate(&title, usize::from(body.width).saturating_sub(2)), bold))
        .render(body, buf);
    let inside = inner(body);
    let width = usize::from(inside.width);
    let labelw = (width / 2).clamp(30, 56).min(width);
    let sc = Scale::new(plan, today, width.saturating_sub(labelw + 1).max(1));
    let summary = if f == &TimeFilter::default() {
        format!("{} {}", list.len(), crate::plan::Kind::Activity.plural(lang).to_lowercase())
    } else {
        s::showing(lang, list.len(), plan.activities.len())
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{:<labelw$} ", truncate(&summary, labelw)), dim),
        Span::styled(axis(&sc, today), dim),
    ])];
    let idw = list.iter().map(|(i, _)| plan.activities[*i].id.width()).max().unwrap_or(0).min(6);
    let height = room(body);
    let top = v.time_top.min(list.len().saturating_sub(height));
    for (n, (i, st)) in list.iter().enumerate().skip(top).take(height) {
        let a = &plan.activities[*i];
        let (sym, _) = s::state_word(lang, *st);
        let due = a.date("due").map(|d| d.to_string()).unwrap_or_else(|| "–".repeat(10));
        let marker = if n == v.time_sel { ">" } else { " " };
        let id = truncate(&crate::text::escape(&a.id), idw);
        let head = format!("{marker}{sym} {id:<idw$} {due:<10} ");
        let title = plain(a.label(), labelw.saturating_sub(head.width()));
        let label = format!("{head}{title}");
        let fill = " ".repeat(labelw.saturating_sub(label.width()));
        let style = if n == v.time_sel { selected() } else { Style::default() };
        let label_style = if *st == crate::publish::followup::ActivityState::Overdue {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label}{fill}"), label_style),
            Span::raw(" "),
            Span::raw(bar(a, *st, &sc, day(today))),
        ]));
    }
    if list.is_empty() {
        lines.push(Line::raw(s::NO_ACTIVITIES.get(lang)));
    }
    let rows_end = 1 + height;
    while lines.len() < rows_end {
        lines.push(Line::raw(""));
    }
    if let Some((i, st)) = list.get(v.time_sel) {
        let a = &plan.activities[*i];
        let (sym, word) = s::state_word(lang, *st);
        let dates = match (a.date("start"), a.date("due")) {
            (Some(b), Some(e)) => format!("{b} – {e}"),
            (None, Some(e)) => format!("– {e}"),
            (_, None) => s::NO_DUE.get(lang).to_string(),
        };
        let owner = crate::text::escape(&crate::publish::one_line(a.str("owner"))).into_owned();
        let owner = if owner.is_empty() { s::EMPTY_VALUE.get(lang).to_string() } else { owner };
        let second = format!(
            "{sym} {word} · {dates} · {}: {owner} · {}: {}",
            s::OWNER.get(lang),
            s::RESPONSIBLE.get(lang),
            party_list(plan, a.list("responsible"), lang),
        );
        lines.push(Line::styled(plain(&format!("{} · {}", a.id, a.label()), width), bold));
        lines.push(Line::raw(truncate(&second, width)));
    } else {
        lines.push(Line::raw(""));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(truncate(s::TIMELINE_LEGEND.get(lang), width), dim));
    Paragraph::new(lines).render(inside, buf);
    let overdue = list.iter().filter(|(_, st)| *st == ActivityState::Overdue).count();
    s::timeline_summary(lang, &summary, overdue)
}
