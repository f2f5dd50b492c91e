//! The indicators per kommun (issue 19): beside the list of indicators, the
//! selected one's figures side by side, a row per area. The plan's own
//! total, the region and the nation come first as reference rows, then each
//! kommun: its totals of the latest years, its latest figures for women (K)
//! and men (M), and a small chart of all its years on one scale shared by
//! every row, so a kommun that lags stands out. `s` orders the kommuner:
//! as the plan lists them, worst first, by name.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{FollowView, plain};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::publish::areas::{AreaRow, AreaTable, sparkline};
use crate::publish::number;
use crate::tui::strings as s;
use crate::tui::view::truncate;

/// Draws the view in `body`; returns the line for the message area.
pub(super) fn render(
    plan: &Plan,
    today: crate::plan::Date,
    v: &FollowView,
    lang: Lang,
    body: Rect,
    buf: &mut Buffer,
) -> String {
    let (all, _, right) = super::dashboard::list(plan, today, v, lang, s::AREAS_TITLE.get(lang), body, buf);
    let (Some(right), Some(ind)) = (right, all.get(v.ind_sel)) else { return String::new() };
    let mut table = AreaTable::new(plan, ind.item, lang);
    table.sort(v.area_sort, plan);
    Paragraph::new(lines(&table, ind.item, lang, usize::from(right.width))).render(right, buf);
    s::areas_sorted(lang, v.area_sort.label(lang))
}

/// Returns the table's lines for a width of `width` columns.
fn lines(t: &AreaTable, item: &crate::plan::Item, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let dim = Style::default().add_modifier(Modifier::DIM);
    let mut out = vec![Line::styled(plain(&format!("{} · {}", item.id, item.label()), width), bold)];
    let unit = crate::text::escape(item.str("unit")).into_owned();
    out.push(Line::styled(
        plain(&format!("{}: {unit} · {}", s::UNIT.get(lang), crate::publish::label(item, "direction", lang)), width),
        dim,
    ));
    if !t.has_area_figures() {
        for l in crate::tui::wrap::wrap(s::NO_AREA_FIGURES.get(lang), width) {
            out.push(Line::raw(l));
        }
        return out;
    }
    // Columns: the name, the latest years that fit, K and M, the chart.
    let namew = t.references.iter().chain(&t.rows).map(|r| r.label.width()).max().unwrap_or(6).clamp(6, 18);
    let cell = 7;
    let sexw = 2 * cell + 1;
    let chartw = t.years.len().min(12);
    let room = width.saturating_sub(namew + 1 + sexw + 1 + chartw + 1);
    let shown = (room / cell).clamp(1, t.years.len().max(1)).min(t.years.len());
    let from = t.years.len() - shown;
    let mut head = format!("{:<namew$} ", truncate(s::AREA.get(lang), namew));
    for y in &t.years[from..] {
        head.push_str(&format!("{y:>cell$}"));
    }
    let latest_sex_year = t.references.iter().chain(&t.rows).filter_map(|r| r.by_sex.map(|b| b.0)).max();
    head.push_str(&format!(" {:>cell$}{:>cell$}", "K", "M"));
    head.push_str(&format!(" {}", s::TREND.get(lang)));
    out.push(Line::raw(""));
    out.push(Line::styled(truncate(&head, width), bold));
    let (lo, hi) = t.range().unwrap_or((0.0, 1.0));
    let row = |r: &AreaRow| {
        let mut line = format!("{:<namew$} ", truncate(&crate::text::escape(&r.label), namew));
        for v in &r.totals[from..] {
            line.push_str(&format!("{:>cell$}", v.map(|v| number(v, lang)).unwrap_or_else(|| "–".into())));
        }
        let (k, m) = match r.by_sex {
            Some((_, k, m)) => (k, m),
            None => (None, None),
        };
        let fmt = |v: Option<f64>| v.map(|v| number(v, lang)).unwrap_or_else(|| "–".into());
        line.push_str(&format!(" {:>cell$}{:>cell$}", fmt(k), fmt(m)));
        let tail = &r.totals[r.totals.len().saturating_sub(chartw)..];
        line.push_str(&format!(" {}", sparkline(tail, lo, hi)));
        truncate(&line, width)
    };
    for r in &t.references {
        out.push(Line::styled(row(r), dim));
    }
    out.push(Line::raw("─".repeat(width.min(namew + 1 + shown * cell + sexw + 1 + chartw + 1))));
    for r in &t.rows {
        out.push(Line::raw(row(r)));
    }
    out.push(Line::raw(""));
    if let Some(y) = latest_sex_year {
        out.push(Line::styled(plain(&s::areas_legend(lang, y), width), dim));
    }
    out
}
