//! The indicator dashboard: the indicators in a list with their verdict
//! (✓ i fas, ✗ ej i fas, ? saknar mätning), and beside it the selected
//! one's source, what the verdict rests on, and a bar chart with a row per
//! year: the baseline, each measurement and the target, the value written
//! at the end of each bar. The target value runs down the chart as a line
//! (┃) and the point where the plan expects the latest measurement to be is
//! marked (◇), so the picture reads the same without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{FollowView, plain};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::publish::followup::{IndicatorFollowUp, Verdict};
use crate::publish::{label, with_unit};
use crate::text::escape;
use crate::tui::app::inner;
use crate::tui::strings as s;
use crate::tui::view::{selected, truncate};
use crate::tui::wrap::wrap;

/// Returns how many indicators fit in the list of the view's `body`.
pub(super) fn room(body: Rect) -> usize {
    usize::from(inner(body).height).max(1)
}

/// What a row of the chart stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bar {
    Baseline,
    Measurement,
    Target,
}

/// Draws the dashboard in `body`; returns the summary for the message line.
pub(super) fn render(
    plan: &Plan,
    today: crate::plan::Date,
    v: &FollowView,
    lang: Lang,
    body: Rect,
    buf: &mut Buffer,
) -> String {
    let (all, summary, right) = list(plan, today, v, lang, s::DASH_TITLE.get(lang), body, buf);
    if let (Some(right), Some(ind)) = (right, all.get(v.ind_sel)) {
        Paragraph::new(detail(plan, ind, lang, usize::from(right.width))).render(right, buf);
    }
    summary
}

/// Draws the frame titled `title` and the list of indicators with their
/// verdicts (the dashboard and the per-kommun view share it); returns the
/// indicators followed up, the verdict summary and where the selected
/// one's detail goes (`None` when the plan has no indicator).
#[allow(clippy::type_complexity)]
pub(super) fn list<'a>(
    plan: &'a Plan,
    today: crate::plan::Date,
    v: &FollowView,
    lang: Lang,
    title: &str,
    body: Rect,
    buf: &mut Buffer,
) -> (Vec<IndicatorFollowUp<'a>>, String, Option<Rect>) {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let title = format!(" {title} ");
    Block::default().borders(Borders::ALL).title(Span::styled(title, bold)).render(body, buf);
    let inside = inner(body);
    let all: Vec<IndicatorFollowUp<'_>> = plan.indicators.iter().map(|i| IndicatorFollowUp::new(i, today)).collect();
    let mut counts = crate::publish::followup::VerdictCounts::default();
    for i in &all {
        match i.verdict() {
            Verdict::OnTrack => counts.on_track += 1,
            Verdict::OffTrack => counts.off_track += 1,
            Verdict::NoData => counts.no_data += 1,
            Verdict::Stale => counts.stale += 1,
        }
    }
    let summary = crate::publish::report::verdicts_phrase(&counts, lang);
    if all.is_empty() {
        Paragraph::new(s::NO_INDICATORS.get(lang)).render(inside, buf);
        return (all, summary, None);
    }
    let width = usize::from(inside.width);
    let listw = (width * 36 / 100).clamp(24, 44).min(width);
    let list_area = Rect { width: listw as u16, ..inside };
    let height = usize::from(inside.height);
    let top = v.ind_top.min(all.len().saturating_sub(height));
    let idw = all.iter().map(|i| escape(&i.item.id).width()).max().unwrap_or(0).min(6);
    let mut lines = Vec::new();
    for (n, ind) in all.iter().enumerate().skip(top).take(height) {
        let (sym, _) = s::verdict_word(lang, ind.verdict());
        let marker = if n == v.ind_sel { ">" } else { " " };
        let head = format!("{marker}{sym} {:<idw$} ", truncate(&escape(&ind.item.id), idw));
        let text = format!("{head}{}", plain(ind.item.label(), listw.saturating_sub(head.width())));
        let style = if n == v.ind_sel { selected() } else { Style::default() };
        lines.push(Line::styled(format!("{text:<listw$}"), style));
    }
    Paragraph::new(lines).render(list_area, buf);
    // A rule between the list and the chart.
    for y in inside.y..inside.bottom() {
        buf[(inside.x + listw as u16, y)].set_symbol("│");
    }
    let right = Rect { x: inside.x + listw as u16 + 2, width: inside.width.saturating_sub(listw as u16 + 2), ..inside };
    (all, summary, Some(right))
}

/// Returns the lines on one indicator: its name, goal and source, the
/// verdict and its basis, and the chart.
fn detail(plan: &Plan, ind: &IndicatorFollowUp<'_>, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let dim = Style::default().add_modifier(Modifier::DIM);
    let item = ind.item;
    let mut out: Vec<Line<'static>> = Vec::new();
    let wrapped = |text: &str, max: usize| -> Vec<String> {
        let mut w = wrap(&escape(&crate::publish::one_line(text)), width);
        if w.len() > max {
            w.truncate(max);
            if let Some(last) = w.last_mut() {
                *last = truncate(&format!("{last} …"), width);
            }
        }
        w
    };
    out.extend(wrapped(&format!("{} · {}", item.id, item.label()), 2).into_iter().map(|l| Line::styled(l, bold)));
    let goal = plan
        .find(crate::plan::Kind::Goal, item.str("goal"))
        .map(|g| format!("{} {}", g.id, g.label()))
        .unwrap_or_else(|| item.str("goal").to_string());
    let meta = format!(
        "{}: {} · {}: {}",
        crate::plan::Kind::Indicator.field("direction").map(|f| f.label(lang)).unwrap_or("direction"),
        label(item, "direction", lang),
        s::GOAL.get(lang),
        goal,
    );
    out.push(Line::raw(plain(&meta, width)));
    let source = if item.str("source").trim().is_empty() { s::EMPTY_VALUE.get(lang) } else { item.str("source") };
    out.extend(wrapped(&format!("{}: {source}", s::SOURCE.get(lang)), 2).into_iter().map(Line::raw));
    let (sym, word) = s::verdict_word(lang, ind.verdict());
    out.push(Line::styled(format!("{}: {sym} {word}", s::VERDICT.get(lang)), bold));
    let basis = crate::publish::report::indicator_basis(ind, lang);
    out.extend(wrapped(&basis, 2).into_iter().map(|l| Line::styled(l, dim)));
    out.push(Line::raw(""));
    out.extend(chart(ind, lang, width));
    for l in wrap(s::CHART_LEGEND.get(lang), width) {
        out.push(Line::styled(l, dim));
    }
    out
}

/// Returns the chart's rows: one bar per year for the baseline, each
/// measurement and the target, scaled to `width`.
fn chart(ind: &IndicatorFollowUp<'_>, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let unit = ind.item.str("unit");
    let mut rows: Vec<(i64, f64, Bar)> = Vec::new();
    if let Some(b) = ind.baseline {
        rows.push((b.year, b.value, Bar::Baseline));
    }
    rows.extend(ind.measurements.iter().map(|m| (m.year, m.value, Bar::Measurement)));
    if let Some(t) = ind.target {
        rows.push((t.year, t.value, Bar::Target));
    }
    rows.retain(|r| r.1.is_finite());
    rows.sort_by_key(|r| (r.0, r.2 == Bar::Target));
    if rows.is_empty() {
        return Vec::new();
    }
    let values: Vec<String> = rows.iter().map(|r| escape(&with_unit(r.1, unit, lang)).into_owned()).collect();
    let valw = values.iter().map(|v| v.width()).max().unwrap_or(0);
    let tagw = [s::BASELINE_SHORT, s::TARGET_SHORT].iter().map(|t| t.get(lang).width()).max().unwrap_or(0);
    // "2015 utg. ▓▓▓▓▓▓ 46 %"
    let barw = width.saturating_sub(4 + 1 + tagw + 1 + 1 + valw).max(4);
    let lo = rows.iter().map(|r| r.1).fold(0.0_f64, f64::min);
    let hi = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |v: f64| (((v - lo) / span) * barw as f64).round().clamp(0.0, barw as f64) as usize;
    let target_x = ind.target.filter(|t| t.value.is_finite()).map(|t| x(t.value).min(barw - 1));
    let latest = ind.assessment.latest.map(|l| l.year);
    let expected_x = ind.assessment.expected.filter(|e| e.is_finite()).map(|e| x(e).min(barw - 1));
    rows.iter()
        .zip(values)
        .map(|(&(year, value, kind), text)| {
            let (c, tag) = match kind {
                Bar::Baseline => ('▓', s::BASELINE_SHORT.get(lang)),
                Bar::Measurement => ('█', ""),
                Bar::Target => ('░', s::TARGET_SHORT.get(lang)),
            };
            let mut cells = vec![' '; barw];
            for cell in cells.iter_mut().take(x(value)) {
                *cell = c;
            }
            if let Some(t) = target_x {
                cells[t] = '┃';
            }
            if kind == Bar::Measurement
                && Some(year) == latest
                && let Some(e) = expected_x
            {
                cells[e] = '◇';
            }
            let bar: String = cells.into_iter().collect();
            let style =
                if kind == Bar::Measurement { Style::default() } else { Style::default().add_modifier(Modifier::DIM) };
            Line::from(vec![
                Span::raw(format!("{year:>4} {tag:<tagw$} ")),
                Span::styled(bar, style),
                Span::raw(format!(" {text}")),
            ])
        })
        .collect()
}
