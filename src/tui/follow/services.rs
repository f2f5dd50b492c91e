//! The commitments view (issue 18): the agreement's responsibility matrix,
//! one row per service and a column each for the region, the kommuner and
//! what they do together (and other actors, when one holds a service),
//! with the units that give it in the cell and ✓ where no unit is named.
//! Enter goes to the service's first commitment in the outline.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{FollowView, plain};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::plan::responsibility::Principal;
use crate::publish::agreement::{MatrixRow, matrix};
use crate::tui::app::inner;
use crate::tui::strings as s;
use crate::tui::view::selected;

/// Returns the services of the plan, in the order they first appear.
pub(super) fn rows(plan: &Plan) -> Vec<MatrixRow> {
    matrix(plan)
}

/// Returns how many services fit in the view's `body` (under the heading).
pub(super) fn room(body: Rect) -> usize {
    usize::from(inner(body).height.saturating_sub(2)).max(1)
}

/// Returns the columns shown: the other actors only where one holds a service.
fn columns(rows: &[MatrixRow]) -> Vec<Principal> {
    Principal::ALL
        .into_iter()
        .filter(|p| *p != Principal::Other || rows.iter().any(|r| r.cells[Principal::Other as usize].is_some()))
        .collect()
}

/// Draws the view in `body`; returns the summary for the message line.
pub(super) fn render(plan: &Plan, v: &FollowView, lang: Lang, body: Rect, buf: &mut Buffer) -> String {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let title = format!(" {} ", s::SERVICES_TITLE.get(lang));
    Block::default().borders(Borders::ALL).title(Span::styled(title, bold)).render(body, buf);
    let inside = inner(body);
    let all = rows(plan);
    let summary = s::services_summary(lang, plan.commitments.len(), all.len());
    if all.is_empty() {
        Paragraph::new(s::NO_COMMITMENTS.get(lang)).render(inside, buf);
        return summary;
    }
    let cols = columns(&all);
    let width = usize::from(inside.width);
    let first = (width * 34 / 100).clamp(16, 40).min(width);
    let cell = (width.saturating_sub(first) / cols.len().max(1)).max(4);
    let pad = |t: String, w: usize| {
        let t = plain(&t, w.saturating_sub(1));
        let fill = w.saturating_sub(t.width());
        format!("{t}{}", " ".repeat(fill))
    };
    let mut head = format!(" {}", pad(s::SERVICE_HEAD.get(lang).to_string(), first.saturating_sub(1)));
    for p in &cols {
        head.push_str(&pad(p.heading(lang).to_string(), cell));
    }
    let mut lines = vec![Line::styled(head, bold), Line::raw("─".repeat(width))];
    let height = room(body);
    let top = v.svc_top.min(all.len().saturating_sub(height));
    for (n, r) in all.iter().enumerate().skip(top).take(height) {
        let marker = if n == v.svc_sel { ">" } else { " " };
        let mut text =
            format!("{marker}{}", pad(format!("{} ({})", r.service, r.ids.join(", ")), first.saturating_sub(1)));
        for p in &cols {
            let shown = match &r.cells[*p as usize] {
                Some(units) if !units.is_empty() => units.join("; "),
                Some(_) => "✓".to_string(),
                None => "·".to_string(),
            };
            text.push_str(&pad(shown, cell));
        }
        let style = if n == v.svc_sel { selected() } else { Style::default() };
        lines.push(Line::styled(text, style));
    }
    Paragraph::new(lines).render(inside, buf);
    summary
}
