//! Draws the diff view: a summary (counts per operation and per focus area,
//! the review's counts, per reviewer and per party), then the changes grouped by focus area and
//! goal, each with its old and new value side by side and the changed words
//! marked (struck out and underlined as well as coloured, so they show under
//! `NO_COLOR`), one above the other when the terminal is narrower than
//! [`WIDE`] columns, and under them every reviewer's mark and the replies.
//! A mark whose change was edited since shows as changed since review.
//! Only the rows on screen are laid out.

use crate::plan::date::shown_time;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::app::{App, inner};
use super::diffview::{DiffRow, DiffView};
use super::strings as s;
use super::view::{message_line, selected, truncate};
use crate::diff::present::{SegKind, Segment, name_of, present};
use crate::diff::review::{Mark, MarkState, Status};
use crate::i18n::Lang;
use crate::plan::Kind;
use crate::text::{escape, escape_multiline};

/// From this many columns on, old and new stand side by side.
pub const WIDE: u16 = 100;

/// Lines a value takes at most before it is cut with "…".
const VALUE_LINES: usize = 6;

/// Where the parts of the diff view go.
struct Areas {
    summary: Rect,
    body: Rect,
    message: Rect,
    status: Rect,
}

fn areas(area: Rect) -> Areas {
    let [summary, body, message, status] =
        Layout::vertical([Constraint::Length(5), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    Areas { summary, body, message, status }
}

/// Returns the inside of the change list on a `w` × `h` terminal.
pub fn body(w: u16, h: u16) -> Rect {
    inner(areas(Rect::new(0, 0, w, h)).body)
}

fn removed_style() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::CROSSED_OUT)
}

fn added_style() -> Style {
    Style::default().fg(Color::Green).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

/// Breaks styled pieces into lines of at most `width` columns (keeping
/// each piece's style and the text's own line breaks), at most `max` lines.
fn wrap_styled(pieces: &[(String, Style)], width: usize, max: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(4);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (text, style) in pieces {
        for (n, para) in text.split('\n').enumerate() {
            if n > 0 {
                lines.push(Vec::new());
                used = 0;
            }
            for word in para.split_inclusive(' ') {
                let w = word.trim_end().width();
                if used + w > width && used > 0 {
                    lines.push(Vec::new());
                    used = 0;
                }
                if w > width {
                    for g in word.graphemes(true) {
                        if used + g.width() > width {
                            lines.push(Vec::new());
                            used = 0;
                        }
                        lines.last_mut().expect("never empty").push(Span::styled(g.to_string(), *style));
                        used += g.width();
                    }
                } else {
                    lines.last_mut().expect("never empty").push(Span::styled(word.to_string(), *style));
                    used += word.width();
                }
            }
        }
    }
    // A space that ended a line is not drawn; it would push the column out.
    for line in &mut lines {
        if let Some(last) = line.last_mut()
            && last.content.ends_with(' ')
        {
            last.content = last.content.trim_end().to_string().into();
        }
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            last.push(Span::styled(" …", dim()));
        }
    }
    lines
}

fn line_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

/// Returns the style a segment of a presented change is drawn in.
fn segment_style(kind: SegKind) -> Style {
    match kind {
        SegKind::Old | SegKind::Deleted => removed_style(),
        SegKind::New | SegKind::Inserted => added_style(),
        SegKind::Label => dim(),
        SegKind::Context => Style::default(),
    }
}

/// Returns one side of a presented change as styled pieces, escaped.
fn pieces(segments: &[Segment]) -> Vec<(String, Style)> {
    segments.iter().map(|s| (escape_multiline(&s.text).into_owned(), segment_style(s.kind))).collect()
}

fn status_style(status: Status) -> Style {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    match status {
        Status::Accepted => bold.fg(Color::Green),
        Status::Rejected => bold.fg(Color::Red),
        Status::Question => bold.fg(Color::Yellow),
        Status::Changed => bold.fg(Color::Magenta).add_modifier(Modifier::REVERSED),
        Status::Unreviewed => dim(),
    }
}

/// Returns the lines of one reviewer's mark and its replies.
fn mark_lines(m: &Mark, state: MarkState, zone: &jiff::tz::TimeZone, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let indent = "    ";
    let status = if state.holds() { Status::of([(m.verdict, state)]) } else { Status::Changed };
    let mut text = m.verdict.label(lang).to_string();
    if !state.holds() {
        text = format!("{text} ({})", Status::Changed.label(lang, 1));
    }
    text = format!("{text} – {}", escape(&m.reviewer));
    if !m.party.is_empty() {
        text = format!("{text} ({})", escape(&m.party));
    }
    text = format!("{text}, {}", escape(&shown_time(&m.at, zone)));
    if !m.comment.is_empty() {
        text = format!("{text}: {}", escape(&m.comment));
    }
    let mut out = Vec::new();
    let style = Style::default().add_modifier(Modifier::ITALIC);
    for (n, l) in super::wrap::wrap(&text, width.saturating_sub(indent.len() + 2)).into_iter().enumerate() {
        out.push(Line::from(vec![
            Span::raw(indent),
            Span::styled(if n == 0 { format!("{} ", status.sign()) } else { "  ".into() }, status_style(status)),
            Span::styled(l, style),
        ]));
    }
    for r in &m.replies {
        let party = if r.party.is_empty() { String::new() } else { format!(" ({})", escape(&r.party)) };
        let at = shown_time(&r.at, zone);
        let (who, at, said) = (escape(&r.reviewer), escape(&at), escape(&r.text));
        let text = format!("{} {who}{party}, {at}: {said}", s::REPLY_FROM.get(lang));
        for (n, l) in super::wrap::wrap(&text, width.saturating_sub(indent.len() + 4)).into_iter().enumerate() {
            out.push(Line::from(vec![
                Span::raw(indent),
                Span::styled(if n == 0 { "  ↳ " } else { "    " }, dim()),
                Span::styled(l, style),
            ]));
        }
    }
    out
}

/// Returns the lines of one change: a heading, its values and its mark.
fn change_lines(v: &DiffView, i: usize, lang: Lang, width: usize, is_sel: bool) -> Vec<Line<'static>> {
    let c = &v.changes[i];
    let pc = present(&v.old.plan, &v.new.plan, c, lang);
    let (status, marks) = v.judged(i);
    let (sym, sym_style) = (status.sign(), status_style(status));
    let mut head = format!("{} {}", pc.word, escape(&pc.subject));
    let mut tail = String::new();
    if let Some(f) = pc.field {
        tail = format!(" — {f}");
    }
    // Issue 18: a commitment held by another principal says so.
    if let Some(t) = crate::diff::shift::of(&v.old.plan, &v.new.plan, c) {
        tail = format!("{tail} — {}", escape(t.get(lang)));
    }
    // A long name gives way, never the field it is about (issue 22).
    if !pc.name.is_empty() && c.id.is_some() {
        use unicode_width::UnicodeWidthStr;
        let room = width.saturating_sub(4 + head.width() + 3 + tail.width()).max(8);
        head = format!("{head} · {}", truncate(&escape(&pc.name), room));
    }
    head.push_str(&tail);
    let head_style = if is_sel { selected() } else { Style::default().add_modifier(Modifier::BOLD) };
    let mut out = vec![Line::from(vec![
        Span::raw(if is_sel { "> " } else { "  " }),
        Span::styled(format!("{sym} "), sym_style),
        Span::styled(truncate(&head, width.saturating_sub(4)), head_style),
    ])];
    let wide = width >= usize::from(WIDE) - 2;
    // The selected change is shown whole (issue 22): its long texts
    // expanded, an added item with every field it has.
    let max = if is_sel { usize::MAX } else { VALUE_LINES };
    let (old_pieces, new_pieces) = (pieces(&pc.old_side(lang)), pieces(&pc.new_side(lang)));
    let indent = "    ";
    if wide && !old_pieces.is_empty() && !new_pieces.is_empty() {
        let col = width.saturating_sub(indent.len() + 7) / 2;
        let left = wrap_styled(&old_pieces, col, max);
        let right = wrap_styled(&new_pieces, col, max);
        for n in 0..left.len().max(right.len()) {
            let l = left.get(n).cloned().unwrap_or_default();
            let r = right.get(n).cloned().unwrap_or_default();
            let pad = col.saturating_sub(line_width(&l));
            let mut spans = vec![Span::raw(indent), Span::styled(if n == 0 { "− " } else { "  " }, removed_fg())];
            spans.extend(l);
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(" │ ", dim()));
            spans.push(Span::styled(if n == 0 { "+ " } else { "  " }, added_fg()));
            spans.extend(r);
            out.push(Line::from(spans));
        }
    } else {
        let w = width.saturating_sub(indent.len() + 2);
        for (pieces, sign, st) in [(&old_pieces, "− ", removed_fg()), (&new_pieces, "+ ", added_fg())] {
            if pieces.is_empty() {
                continue;
            }
            for (n, l) in wrap_styled(pieces, w, max).into_iter().enumerate() {
                let mut spans = vec![Span::raw(indent), Span::styled(if n == 0 { sign } else { "  " }, st)];
                spans.extend(l);
                out.push(Line::from(spans));
            }
        }
    }
    if is_sel
        && c.op == crate::diff::Op::Added
        && let Some(item) = &c.item
    {
        out.extend(item_fields(&v.new.plan, item, lang, width));
    }
    // Issue 17: the consultation points that led to the change.
    if let Some(dp) = &v.points {
        out.extend(dp.lines(&crate::diff::review::change_key(c), &v.old.plan, lang, width));
    }
    for j in marks {
        out.extend(mark_lines(&v.review.marks[j.mark], j.state, &v.zone, lang, width));
    }
    out
}

/// An added item's fields, one "label  value" a line (a long value
/// wrapped under itself), as the detail pane shows them.
fn item_fields(plan: &crate::plan::Plan, item: &crate::plan::Item, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let fields: Vec<_> = item.kind.fields().iter().filter(|f| f.name != "id").collect();
    let lw = super::view::label_width(fields.iter().copied(), lang);
    let vw = width.saturating_sub(6 + lw).max(8);
    let mut out = Vec::new();
    for f in fields {
        let Some(value) = super::view::field_value(plan, item, f, lang).filter(|v| !v.is_empty()) else { continue };
        let label = format!("{:<lw$}", truncate(f.label(lang), lw - 1));
        for (n, part) in super::view::value_lines(f, &value, vw).into_iter().enumerate() {
            let head = if n == 0 { Span::styled(label.clone(), dim()) } else { Span::raw(" ".repeat(lw)) };
            out.push(Line::from(vec![Span::raw("      "), head, Span::styled(part, added_fg())]));
        }
    }
    out
}

fn removed_fg() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}

fn added_fg() -> Style {
    Style::default().fg(Color::Green).add_modifier(Modifier::BOLD)
}

/// Returns the lines of row `n` at `width` columns.
fn row_lines(v: &DiffView, n: usize, lang: Lang, width: usize) -> Vec<Line<'static>> {
    match &v.rows[n] {
        DiffRow::Section(sec) => {
            let title = escape(&v.section_name(sec, lang)).into_owned();
            vec![Line::styled(truncate(&title.to_uppercase(), width), Style::default().add_modifier(Modifier::BOLD))]
        }
        DiffRow::Goal(g) => {
            let name = escape(&name_of(&v.old.plan, &v.new.plan, Kind::Goal, g)).into_owned();
            let text = format!("  {} {name}", s::GOAL.get(lang));
            vec![Line::styled(truncate(&text, width), Style::default().add_modifier(Modifier::BOLD | Modifier::DIM))]
        }
        DiffRow::Change(i) => change_lines(v, *i, lang, width, n == v.selected),
    }
}

/// Returns the first row to draw so that the selected change shows whole,
/// moving from the current `top` as little as possible.
pub fn top_for(v: &DiffView, lang: Lang, body: Rect) -> usize {
    let (width, height) = (usize::from(body.width), usize::from(body.height));
    if v.selected <= v.top {
        // Show the headings above the selection when it is the first change.
        let mut top = v.selected;
        while top > 0 && !matches!(v.rows[top - 1], DiffRow::Change(_)) {
            top -= 1;
        }
        return top;
    }
    let mut used = 0;
    for n in v.top..=v.selected.min(v.rows.len().saturating_sub(1)) {
        used += row_lines(v, n, lang, width).len();
    }
    if used <= height {
        return v.top;
    }
    let mut top = v.selected;
    let mut used = row_lines(v, top, lang, width).len();
    while top > 0 {
        let h = row_lines(v, top - 1, lang, width).len();
        if used + h > height {
            break;
        }
        used += h;
        top -= 1;
    }
    top
}

fn summary_lines(v: &DiffView, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let rev = |p: &crate::plan::Plan| {
        let r = &p.revision;
        format!("{} ({})", escape(r.str("version")), r.date("date").map(|d| d.to_string()).unwrap_or_default())
    };
    let head = format!(
        "{} {} → {}  ·  {} → {}",
        s::DIFF_TITLE.get(lang),
        rev(&v.old.plan),
        rev(&v.new.plan),
        escape(&v.old_name),
        escape(&v.new_name)
    );
    let (total, ops) = v.counts();
    let mut counts = format!("{}:", s::changes(lang, total));
    let parts: Vec<String> =
        ops.iter().filter(|(_, n)| *n > 0).map(|(op, n)| format!("{n} {}", s::op_plural(lang, *op, *n))).collect();
    counts = format!("{counts} {}", parts.join(" · "));
    if v.filter != super::diffview::DiffFilter::default() {
        counts = format!("{counts}  ({}: {} {})", s::FILTERED.get(lang), total, s::of_all(lang, v.changes.len()));
    }
    let areas: Vec<String> =
        v.per_section(lang).into_iter().map(|(name, n)| format!("{} {n}", escape(&name))).collect();
    let summary = v.review.summary(&v.assessment);
    // Marks left without their change come first: they need a look most.
    let mut verdicts = summary.all.words(lang);
    if summary.gone > 0 {
        verdicts = format!("{} · {verdicts}", s::gone_marks(lang, summary.gone));
    }
    let review = format!("{}: {verdicts}", s::FILTER_REVIEW.get(lang));
    let review_file = v.review_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let party = |p: &str| if p.is_empty() { String::new() } else { format!(" ({})", escape(p)) };
    let mut who = format!("{} {}{}", s::REVIEWING_AS.get(lang), escape(&v.reviewer), party(&v.my_party()));
    if !summary.reviewers.is_empty() {
        let list: Vec<String> =
            summary.reviewers.iter().map(|r| format!("{} {}", escape(&r.name), r.tally.signs())).collect();
        who = format!("{who} · {}: {}", s::PER_REVIEWER.get(lang), list.join(", "));
    }
    if !summary.parties.is_empty() {
        let list: Vec<String> = summary.parties.iter().map(|(p, t)| format!("{} {}", escape(p), t.signs())).collect();
        who = format!("{who} · {}: {}", s::PER_PARTY.get(lang), list.join(", "));
    }
    vec![
        Line::styled(truncate(&head, width), Style::default().add_modifier(Modifier::BOLD).fg(Color::Cyan)),
        Line::raw(truncate(&counts, width)),
        Line::styled(truncate(&format!("{}: {}", s::PER_AREA.get(lang), areas.join(" · ")), width), dim()),
        Line::raw(truncate(&format!("{review} — {}", escape(&review_file)), width)),
        Line::styled(truncate(&who, width), dim()),
    ]
}

/// Draws the diff view of `app` over `area`.
pub fn render(app: &App, v: &DiffView, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let a = areas(area);
    Paragraph::new(summary_lines(v, lang, usize::from(a.summary.width))).render(a.summary, buf);
    let title = format!(" {} ", s::CHANGES_TITLE.get(lang));
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, Style::default().add_modifier(Modifier::BOLD)))
        .render(a.body, buf);
    let body = inner(a.body);
    let (width, height) = (usize::from(body.width), usize::from(body.height));
    if v.rows.is_empty() {
        let text = if v.changes.is_empty() { s::NO_CHANGES } else { s::NO_MATCHES };
        Paragraph::new(text.get(lang)).render(body, buf);
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    for n in v.top.min(v.rows.len())..v.rows.len() {
        lines.extend(row_lines(v, n, lang, width));
        if lines.len() >= height {
            break;
        }
    }
    for (n, line) in lines.into_iter().take(height).enumerate() {
        line.render(Rect { y: body.y + n as u16, height: 1, ..body }, buf);
    }
    message_line(app.message.as_ref(), s::DIFF_HINTS.get(lang), lang, a.message, buf);
    let hints = if area.width >= WIDE { s::DIFF_KEYS_LONG } else { s::DIFF_KEYS_SHORT };
    let text = truncate(&format!(" {}", hints.get(lang)), usize::from(a.status.width));
    Paragraph::new(text).style(Style::default().add_modifier(Modifier::REVERSED)).render(a.status, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::present::SegKind;
    use crate::plan::{Date, Loaded, load_str};

    /// How a character is drawn: as old text, as new text, or neither.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Class {
        Plain,
        Old,
        New,
    }

    fn load(s: &str) -> Loaded {
        load_str(s.to_string(), Date { year: 2026, month: 11, day: 22 }).expect("loads")
    }

    fn class_of_style(s: Style) -> Class {
        if s == removed_style() {
            Class::Old
        } else if s == added_style() {
            Class::New
        } else {
            Class::Plain
        }
    }

    fn class_of(k: SegKind) -> Class {
        match k {
            SegKind::Old | SegKind::Deleted => Class::Old,
            SegKind::New | SegKind::Inserted => Class::New,
            SegKind::Label | SegKind::Context => Class::Plain,
        }
    }

    fn classed(segs: &[crate::diff::present::Segment]) -> Vec<(Class, char)> {
        let mut out = Vec::new();
        for s in segs {
            let text = escape_multiline(&s.text);
            out.extend(text.chars().filter(|c| !c.is_whitespace()).map(|c| (class_of(s.kind), c)));
        }
        out
    }

    // Issue #16: the editor's diff view draws each side of the presented
    // change, in the same classes as the text and Markdown diffs paint
    // (tests/it/present.rs), on every pair of example revisions.
    #[test]
    fn the_diff_view_draws_the_presented_sides_on_every_example_pair() {
        let revs = [
            load(include_str!("../../plans/jamtland/lok-2025.1-utkast.toml")),
            load(include_str!("../../plans/jamtland/lok-2025.2-remiss.toml")),
            load(include_str!("../../plans/jamtland/lok-2025.3-beslutad.toml")),
        ];
        let others = [
            load(include_str!("../../plans/vasternorrland/hp-2026.1-remiss.toml")),
            load(include_str!("../../plans/vasternorrland/hp-2026.2-beslutad.toml")),
        ];
        let dir = tempfile::tempdir().expect("temp dir");
        let mut checked = 0;
        for set in [&revs[..], &others[..]] {
            for (i, a) in set.iter().enumerate() {
                for (j, b) in set.iter().enumerate() {
                    if i == j {
                        continue;
                    }
                    let v = DiffView::ordered(
                        (a.clone(), dir.path().join("a.toml")),
                        (b.clone(), dir.path().join("b.toml")),
                    )
                    .expect("a diff view");
                    for lang in [Lang::Sv, Lang::En] {
                        for n in 0..v.changes.len() {
                            let p = present(&v.old.plan, &v.new.plan, &v.changes[n], lang);
                            // Narrow: the old side's lines, then the new side's.
                            let lines = change_lines(&v, n, lang, 90, false);
                            let mut sides: [Vec<(Class, char)>; 2] = [Vec::new(), Vec::new()];
                            let mut cut = [false, false];
                            let mut side = 0;
                            for line in &lines[1..] {
                                match line.spans.get(1).map(|s| s.content.as_ref()) {
                                    Some("− ") => side = 0,
                                    Some("+ ") => side = 1,
                                    _ => {}
                                }
                                for span in line.spans.iter().skip(2) {
                                    if span.content == " …" {
                                        cut[side] = true;
                                        continue;
                                    }
                                    let class = class_of_style(span.style);
                                    sides[side].extend(
                                        span.content.chars().filter(|c| !c.is_whitespace()).map(|c| (class, c)),
                                    );
                                }
                            }
                            let want = [classed(&p.old_side(lang)), classed(&p.new_side(lang))];
                            for k in 0..2 {
                                if cut[k] {
                                    assert!(
                                        want[k].starts_with(&sides[k]),
                                        "change {n}, side {k}: cut short but not a prefix"
                                    );
                                } else {
                                    assert_eq!(sides[k], want[k], "change {n}, side {k}");
                                }
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100, "{checked} changes drawn");
    }
}
