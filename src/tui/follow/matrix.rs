//! The responsibility matrix: parties down, focus areas across, and in each
//! cell how many goals and activities the party answers for there
//! ("1/3"). Below the parties, a row counts each area's activities without
//! an owner and a row marks the areas where the region or every
//! municipality answers for nothing ("! region"), the holes the law's two
//! principals must not leave. The selected cell is spelled out under the
//! table. Areas that do not fit across scroll sideways.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{FollowView, plain};
use crate::i18n::Lang;
use crate::plan::{Date, Item, Plan};
use crate::publish::followup::{FollowUp, Gap, Principal};
use crate::tui::app::inner;
use crate::tui::strings as s;
use crate::tui::view::{selected, truncate};

/// Columns a focus area takes at least.
const MIN_COL: usize = 10;
/// Lines under the table that spell out the selected cell.
const DETAIL: u16 = 3;

/// Returns the width of the party column and of each area column, and how
/// many area columns fit, inside `width`.
fn columns(width: usize, areas: usize) -> (usize, usize, usize) {
    let name = (width * 28 / 100).clamp(14, 32).min(width);
    let avail = width.saturating_sub(name);
    if areas == 0 {
        return (name, MIN_COL, 0);
    }
    let col = (avail / areas).max(MIN_COL);
    (name, col, (avail / col).clamp(1, areas))
}

/// Returns how many party rows and area columns fit in the view's `body`.
pub(super) fn room(plan: &Plan, body: Rect) -> (usize, usize) {
    let inside = inner(body);
    let rows = usize::from(inside.height.saturating_sub(2 + 1 + DETAIL)).max(1);
    let (_, _, shown) = columns(usize::from(inside.width), plan.focus_areas.len());
    (rows, shown.max(1))
}

/// Returns the activities of focus area `area` that name no owner.
pub(super) fn unowned<'a>(plan: &'a Plan, area: &str) -> Vec<&'a Item> {
    let goals: Vec<&str> = plan.goals_in(area).map(|g| g.id.as_str()).collect();
    plan.activities.iter().filter(|a| goals.contains(&a.str("goal")) && a.str("owner").trim().is_empty()).collect()
}

/// Returns `text` centred in `width` columns (cut when too long).
fn center(text: &str, width: usize) -> String {
    let text = truncate(text, width);
    let left = (width.saturating_sub(text.width())) / 2;
    let right = width.saturating_sub(text.width() + left);
    format!("{}{text}{}", " ".repeat(left), " ".repeat(right))
}

/// Returns `text` padded or cut to exactly `width` columns.
fn pad(text: &str, width: usize) -> String {
    let text = truncate(text, width);
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

/// Returns which principals answer for nothing in focus area `id`.
fn missing(f: &FollowUp<'_>, id: &str) -> (bool, bool) {
    let mut out = (false, false);
    for g in &f.gaps {
        if let Gap::NoPrincipal { focus_area, missing } = g
            && focus_area.id == id
        {
            match missing {
                Principal::Region => out.0 = true,
                Principal::Municipalities => out.1 = true,
            }
        }
    }
    out
}

/// Returns the goals and activities party `p` answers for in area `id`.
fn cell<'a>(f: &FollowUp<'a>, p: usize, id: &str) -> (Vec<&'a Item>, Vec<&'a Item>) {
    f.parties
        .get(p)
        .and_then(|pf| pf.areas.iter().find(|a| a.focus_area.id == id))
        .map(|a| (a.goals.clone(), a.activities.clone()))
        .unwrap_or_default()
}

/// Draws the matrix in `body`; returns the summary for the message line.
pub(super) fn render(plan: &Plan, today: Date, v: &FollowView, lang: Lang, body: Rect, buf: &mut Buffer) -> String {
    let f = FollowUp::new(plan, today);
    let title = format!(" {} ", s::MATRIX_TITLE.get(lang));
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, Style::default().add_modifier(Modifier::BOLD)))
        .render(body, buf);
    let inside = inner(body);
    let principal_gaps = f.gaps.iter().filter(|g| matches!(g, Gap::NoPrincipal { .. })).count();
    let no_owner = f.gaps.iter().filter(|g| matches!(g, Gap::NoOwner { .. })).count();
    let summary = s::gap_summary(lang, principal_gaps, no_owner);
    if plan.parties.is_empty() || plan.focus_areas.is_empty() {
        Paragraph::new(s::NO_PARTIES_YET.get(lang)).render(inside, buf);
        return summary;
    }
    let width = usize::from(inside.width);
    let (namew, colw, shown) = columns(width, plan.focus_areas.len());
    let (rows_h, _) = room(plan, body);
    let first = v.col_left.min(plan.focus_areas.len().saturating_sub(shown));
    let cols: Vec<usize> = (first..first + shown).collect();
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let dim = Style::default().add_modifier(Modifier::DIM);
    let more_left = first > 0;
    let more_right = first + shown < plan.focus_areas.len();

    let mut lines: Vec<Line<'static>> = Vec::new();
    // Two heading lines: the area names, wrapped into the column.
    let heads: Vec<Vec<String>> = cols
        .iter()
        .map(|&c| {
            let area = &plan.focus_areas[c];
            let (r, m) = missing(&f, &area.id);
            let mark = if r || m { "! " } else { "" };
            let name = format!("{mark}{}", crate::text::escape(&crate::publish::one_line(area.label())));
            let mut w = crate::tui::wrap::wrap(&name, colw - 1);
            if w.len() > 2 {
                w.truncate(2);
                w[1] = truncate(&format!("{} …", w[1]), colw - 1);
            }
            w
        })
        .collect();
    for n in 0..2 {
        let lead = match (n, more_left) {
            (0, _) => pad(s::MATRIX_PARTY.get(lang), namew),
            (_, true) => pad(&format!("({}) ←", s::MATRIX_UNIT.get(lang)), namew),
            (_, false) => pad(&format!("({})", s::MATRIX_UNIT.get(lang)), namew),
        };
        let mut spans = vec![Span::styled(lead, if n == 0 { bold } else { dim })];
        for (k, &c) in cols.iter().enumerate() {
            let text = heads[k].get(n).cloned().unwrap_or_default();
            let style = if c == v.col { selected() } else { bold };
            spans.push(Span::styled(center(&text, colw - 1), style));
            spans.push(Span::raw(" "));
        }
        if n == 1 && more_right {
            spans.push(Span::styled("→", dim));
        }
        lines.push(Line::from(spans));
    }

    // The parties, then the activities without an owner.
    let total_rows = plan.parties.len() + 1;
    let top = v.row_top.min(total_rows.saturating_sub(rows_h));
    for r in (top..total_rows).take(rows_h) {
        let is_row = r == v.row;
        let name = match plan.parties.get(r) {
            Some(p) => crate::text::escape(&crate::publish::one_line(p.label())).into_owned(),
            None => s::NO_OWNER_ROW.get(lang).to_string(),
        };
        let marker = if is_row { "> " } else { "  " };
        let style = if is_row { bold } else { Style::default() };
        let mut spans = vec![Span::styled(pad(&format!("{marker}{name}"), namew), style)];
        for &c in &cols {
            let id = plan.focus_areas[c].id.as_str();
            let text = if r < plan.parties.len() {
                let (g, a) = cell(&f, r, id);
                if g.is_empty() && a.is_empty() { "·".to_string() } else { format!("{}/{}", g.len(), a.len()) }
            } else {
                match unowned(plan, id).len() {
                    0 => "·".to_string(),
                    n => n.to_string(),
                }
            };
            let st = if is_row && c == v.col { selected() } else { Style::default() };
            spans.push(Span::styled(center(&text, colw - 1), st));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }

    // The gaps per area.
    let mut spans = vec![Span::styled(pad(s::GAP_ROW.get(lang), namew), bold)];
    for &c in &cols {
        let text = match missing(&f, &plan.focus_areas[c].id) {
            (true, true) => s::GAP_BOTH.get(lang),
            (true, false) => s::GAP_REGION.get(lang),
            (false, true) => s::GAP_MUNICIPALITIES.get(lang),
            (false, false) => s::GAP_NONE.get(lang),
        };
        let st = if text.starts_with('!') { bold } else { dim };
        spans.push(Span::styled(center(text, colw - 1), st));
        spans.push(Span::raw(" "));
    }
    lines.push(Line::from(spans));
    lines.extend(detail(plan, &f, v, lang, width));
    Paragraph::new(lines).render(inside, buf);
    summary
}

/// Returns the lines that spell out the selected cell.
fn detail(plan: &Plan, f: &FollowUp<'_>, v: &FollowView, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let Some(area) = plan.focus_areas.get(v.col) else { return Vec::new() };
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let area_name = crate::publish::one_line(area.label());
    let ids = |items: &[&Item]| items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", ");
    let (head, body) = match plan.parties.get(v.row) {
        Some(p) => {
            let (g, a) = cell(f, v.row, &area.id);
            let body = if g.is_empty() && a.is_empty() {
                s::CELL_EMPTY.get(lang).to_string()
            } else {
                format!(
                    "{} ({}): {} · {} ({}): {}",
                    crate::plan::Kind::Goal.plural(lang),
                    g.len(),
                    ids(&g),
                    crate::plan::Kind::Activity.plural(lang),
                    a.len(),
                    ids(&a)
                )
            };
            (format!("{} × {area_name}", crate::publish::one_line(p.label())), body)
        }
        None => {
            let list = unowned(plan, &area.id);
            (
                format!("{} × {area_name}", s::NO_OWNER_ROW.get(lang)),
                match list.len() {
                    0 => format!("0 {}", s::NO_OWNER_HINT.get(lang)),
                    n => format!("{n} {}: {}", s::NO_OWNER_HINT.get(lang), ids(&list)),
                },
            )
        }
    };
    let gap: Vec<String> = f
        .gaps
        .iter()
        .filter(|g| matches!(g, Gap::NoPrincipal { focus_area, .. } if focus_area.id == area.id))
        .map(|g| crate::publish::report::gap_phrase(g, lang).1)
        .collect();
    let last = if gap.is_empty() {
        Line::styled(truncate(s::CELL_ENTER.get(lang), width), Style::default().add_modifier(Modifier::DIM))
    } else {
        Line::styled(plain(&format!("! {}: {}", s::GAP_ROW.get(lang), gap.join("; ")), width), bold)
    };
    vec![Line::styled(plain(&head, width), bold), Line::raw(plain(&body, width)), last]
}
