//! Draws the open dialog over the panes: editors, pickers, confirmations,
//! the help overlay (generated from the key table) and the findings panel.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use super::app::{App, inner, layout};
use super::keymap::help_sections;
use super::modal::{Answer, ConfirmModal, Modal, PickModal, TextModal, TextPurpose};
use super::strings as s;
use super::view::{selected, truncate};
use crate::i18n::Lang;
use crate::plan::Severity;
use crate::text::sanitize;

/// Draws `modal` over `area`.
pub fn render(app: &App, modal: &Modal, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    match modal {
        Modal::Text(t) if matches!(t.purpose, TextPurpose::Search) => search_line(t, layout(area).message, buf, lang),
        Modal::Text(t) => text_dialog(t, area, buf, lang),
        Modal::Pick(p) => pick_dialog(p, area, buf, lang),
        Modal::Confirm(c) => confirm_dialog(c, area, buf, lang),
        Modal::Help { scroll } => help(help_sections(app.key_table(), lang), *scroll, area, buf, lang),
        Modal::Findings { selected } => findings(app, *selected, area, buf),
        Modal::Conflicts { selected } => super::conflicts::render(app, *selected, area, buf),
    }
}

/// Returns a box of `width` × `height` centred in `area` (clamped to fit).
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2)).max(10.min(area.width));
    let h = height.min(area.height.saturating_sub(2)).max(3.min(area.height));
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

pub(super) fn frame(title: &str, r: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(r, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(Span::styled(format!(" {title} "), Style::default().add_modifier(Modifier::BOLD)))
        .render(r, buf);
    inner(r)
}

fn error_line(msg: &str, lang: Lang) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{}: ", s::ERROR.get(lang)), Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(msg.to_string()),
    ])
    .style(Style::default().fg(Color::Red))
}

pub(super) fn dim(text: &str) -> Line<'static> {
    Line::styled(text.to_string(), Style::default().add_modifier(Modifier::DIM))
}

/// Draws lines (already wrapped by the paragraph) from `y` down.
fn para(lines: Vec<Line<'static>>, r: Rect, buf: &mut Buffer) {
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(r, buf);
}

fn text_dialog(t: &TextModal, area: Rect, buf: &mut Buffer, lang: Lang) {
    let input_h: u16 = if t.multiline { 10 } else { 1 };
    // The footer and the editing keys (two lines in a narrow dialog).
    let extra =
        3 + u16::from(t.hint.is_some()) + u16::from(!t.hidden.is_empty()) + if t.error.is_some() { 3 } else { 0 };
    let r = centered(area, 72, input_h + extra + 3);
    let body = frame(&t.title, r, buf);
    let input_h = input_h.min(body.height.saturating_sub(extra)).max(1);
    let input = Rect { height: input_h, ..body };
    (&t.area).render(input, buf);
    reveal(t, input, buf);
    let rest = Rect { y: body.y + input_h + 1, height: body.height.saturating_sub(input_h + 1), ..body };
    let mut lines = Vec::new();
    if let Some(h) = t.hint {
        lines.push(dim(h));
    }
    if !t.hidden.is_empty() {
        lines.push(hidden_legend(t, lang));
    }
    match &t.error {
        // The question of a first Esc on typed text is no error.
        Some(e) if t.leaving => lines
            .push(Line::from(Span::styled(e.clone(), Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD)))),
        Some(e) => lines.push(error_line(e, lang)),
        None => {}
    }
    let footer = if t.multiline { s::EDIT_MULTI_FOOTER } else { s::EDIT_SINGLE_FOOTER };
    lines.push(dim(footer.get(lang)));
    lines.push(dim(s::EDIT_KEYS_HINT.get(lang)));
    para(lines, rest, buf);
}

fn search_line(t: &TextModal, r: Rect, buf: &mut Buffer, lang: Lang) {
    Clear.render(r, buf);
    let label = format!("{}: ", s::SEARCH.get(lang));
    let lw = label.chars().count() as u16;
    Paragraph::new(Span::styled(label, Style::default().add_modifier(Modifier::BOLD))).render(r, buf);
    let input = Rect { x: r.x + lw.min(r.width), width: r.width.saturating_sub(lw), ..r };
    (&t.area).render(input, buf);
    reveal(t, input, buf);
}

/// Returns the visible symbol for a character the widget holds hidden.
fn symbol(c: char) -> char {
    match c {
        '\t' => '⇥',
        '\n' => '↵',
        '\u{7f}' => '␡',
        // The control pictures: ␀ … ␟.
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('◆'),
        _ => '◆',
    }
}

/// Draws the placeholders in the widget as visible symbols, underlined so
/// that they are not taken for the same symbol typed (issue #15).
fn reveal(t: &TextModal, r: Rect, buf: &mut Buffer) {
    if t.hidden.is_empty() {
        return;
    }
    let mark = Style::default().fg(Color::Magenta).add_modifier(Modifier::UNDERLINED);
    for y in r.top()..r.bottom() {
        for x in r.left()..r.right() {
            let Some(cell) = buf.cell_mut((x, y)) else { continue };
            let mut chars = cell.symbol().chars();
            let (Some(c), None) = (chars.next(), chars.next()) else { continue };
            if let Some(h) = t.hidden_behind(c) {
                cell.set_char(symbol(h)).set_style(mark);
            }
        }
    }
}

/// Returns the line under the widget that says what each symbol stands
/// for: `⇥ \t · ◆ \u{200f} – osynliga tecken, sparas som de är`.
fn hidden_legend(t: &TextModal, lang: Lang) -> Line<'static> {
    const SHOWN: usize = 6;
    let mut parts: Vec<String> = t
        .hidden
        .iter()
        .take(SHOWN)
        .map(|&c| format!("{} {}", symbol(c), crate::text::escape(&c.to_string())))
        .collect();
    if t.hidden.len() > SHOWN {
        parts.push(format!("… (+{})", t.hidden.len() - SHOWN));
    }
    dim(&format!("{} – {}", parts.join(" · "), s::HIDDEN_CHARS.get(lang)))
}

fn pick_dialog(p: &PickModal, area: Rect, buf: &mut Buffer, lang: Lang) {
    let extra = 3 + if p.error.is_some() { 3 } else { 0 };
    // The dialog keeps its size while the list narrows.
    let want = (p.items.len() as u16).saturating_add(extra + 2);
    let r = centered(area, 72, want);
    let body = frame(&p.title, r, buf);
    let list_h = usize::from(body.height.saturating_sub(extra)).max(1);
    let shown = p.visible();
    let at = shown.iter().position(|&i| i == p.selected).unwrap_or(0);
    let top = if at >= list_h { at + 1 - list_h } else { 0 };
    let width = usize::from(body.width);
    if shown.is_empty() {
        dim(s::PICK_NO_MATCH.get(lang)).render(Rect { height: 1, ..body }, buf);
    }
    for (row, &n) in shown.iter().enumerate().skip(top).take(list_h) {
        let item = &p.items[n];
        let is_sel = n == p.selected;
        let mark = match (p.multi, item.checked) {
            (true, true) => "[x] ",
            (true, false) => "[ ] ",
            (false, true) => "● ",
            (false, false) => "  ",
        };
        let text = truncate(&format!("{}{mark}{}", if is_sel { "> " } else { "  " }, item.label), width);
        let style = if is_sel { selected() } else { Style::default() };
        let y = body.y + (row - top) as u16;
        let row = Rect { y, height: 1, ..body };
        if is_sel {
            buf.set_style(row, selected());
        }
        Line::styled(text, style).render(row, buf);
    }
    let rest = Rect { y: body.y + list_h as u16 + 1, height: body.height.saturating_sub(list_h as u16 + 1), ..body };
    let mut lines = Vec::new();
    if let Some(e) = &p.error {
        lines.push(error_line(e, lang));
    }
    lines.push(if p.query.is_empty() {
        dim(s::PICK_TYPE_TO_FILTER.get(lang))
    } else {
        Line::from(vec![
            Span::styled(format!("{}: ", s::FILTER.get(lang)), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(sanitize(&p.query).into_owned()),
            Span::styled("▏", Style::default().add_modifier(Modifier::BOLD)),
            Span::styled(
                format!("  {}", s::showing(lang, shown.len(), p.items.len())),
                Style::default().add_modifier(Modifier::DIM),
            ),
        ])
    });
    lines.push(dim(if p.multi { s::MULTI_FOOTER.get(lang) } else { s::PICK_FOOTER.get(lang) }));
    para(lines, rest, buf);
}

fn confirm_dialog(c: &ConfirmModal, area: Rect, buf: &mut Buffer, lang: Lang) {
    let n = c.choices.len() as u16;
    // Sentences wrap (issue #22: the end of what a question says was cut
    // off); the items of a list, indented, take one line each.
    let width = usize::from(centered(area, 76, 6).width.saturating_sub(2)).max(1);
    let text: Vec<String> = c
        .lines
        .iter()
        .flat_map(|l| if l.starts_with("  ") { vec![truncate(l, width)] } else { super::wrap::wrap(l, width) })
        .collect();
    // The lines, a blank line, one line per choice, the keys.
    let h = (text.len() as u16).saturating_add(n + 4);
    let r = centered(area, 76, h.max(6));
    let body = frame("?", r, buf);
    // The choices always show; a long list of what goes is cut short, its
    // first lines (the question and the counts per kind) kept.
    let room = usize::from(body.height.saturating_sub(n + 2)).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if text.len() > room {
        let keep = room.saturating_sub(1).max(1);
        lines.extend(text.iter().take(keep).map(|l| Line::raw(l.clone())));
        lines.push(Line::raw(format!("  … (+{})", text.len() - keep)));
    } else {
        lines.extend(text.into_iter().map(Line::raw));
    }
    Paragraph::new(lines).render(Rect { height: body.height.saturating_sub(n + 2), ..body }, buf);
    let top = body.bottom().saturating_sub(n + 1);
    for (i, choice) in c.choices.iter().enumerate() {
        let y = top + i as u16;
        if y >= body.bottom() {
            break;
        }
        let key = match (choice.key, choice.answer) {
            (Some(k), Answer::Cancel) => format!("{k}/Esc"),
            (Some(k), _) => k.to_string(),
            (None, Answer::Cancel) => "Esc".to_string(),
            (None, _) => String::new(),
        };
        let is_sel = i == c.selected;
        // Reverse video and a marker, so the highlight shows without colour.
        let text = format!("{}{:<5} {}", if is_sel { "> " } else { "  " }, key, choice.label);
        let row = Rect { y, height: 1, ..body };
        let style = if is_sel { selected() } else { Style::default() };
        if is_sel {
            buf.set_style(row, selected());
        }
        Line::styled(truncate(&text, width), style).render(row, buf);
    }
    let foot = Rect { y: body.bottom().saturating_sub(1), height: 1, ..body };
    dim(s::CONFIRM_FOOTER.get(lang)).render(foot, buf);
}

fn help(entries: Vec<(String, &'static str)>, scroll: usize, area: Rect, buf: &mut Buffer, lang: Lang) {
    let r = centered(area, 90, entries.len() as u16 + 4);
    let body = frame(s::HELP_TITLE.get(lang), r, buf);
    let kw = entries.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0).min(24);
    let height = usize::from(body.height.saturating_sub(1));
    let scroll = scroll.min(entries.len().saturating_sub(height));
    let mut lines: Vec<Line<'static>> = entries
        .into_iter()
        .skip(scroll)
        .take(height)
        .map(|(keys, what)| {
            if keys.is_empty() {
                // A heading: the view or dialog the keys below belong to.
                return Line::styled(format!("── {what} ──"), Style::default().add_modifier(Modifier::BOLD));
            }
            Line::from(vec![
                Span::styled(format!("{:<kw$}  ", truncate(&keys, kw)), Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(what),
            ])
        })
        .collect();
    while lines.len() < height {
        lines.push(Line::raw(""));
    }
    lines.push(dim(s::HELP_FOOTER.get(lang)));
    Paragraph::new(lines).render(body, buf);
}

fn findings(app: &App, sel: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let list = app.session.findings();
    let r = centered(area, area.width.saturating_sub(4).max(10), area.height.saturating_sub(2));
    let loaded = app.session.loaded();
    let title = format!(
        "{} – {}",
        s::FINDINGS_TITLE.get(lang),
        s::finding_counts(lang, loaded.error_count(), loaded.warning_count())
    );
    let body = frame(&title, r, buf);
    let height = usize::from(body.height.saturating_sub(1)).max(1);
    if list.is_empty() {
        Paragraph::new(s::FINDINGS_NONE.get(lang)).render(body, buf);
        return;
    }
    let top = if sel >= height { sel + 1 - height } else { 0 };
    let width = usize::from(body.width);
    for (n, f) in list.iter().enumerate().skip(top).take(height) {
        let level = if f.severity == Severity::Error { s::ERROR.get(lang) } else { s::WARNING.get(lang) };
        let text = format!(
            "{}{}:{} {level}: {}",
            if n == sel { "> " } else { "  " },
            f.line,
            f.column,
            sanitize(f.message.get(lang))
        );
        let row = Rect { y: body.y + (n - top) as u16, height: 1, ..body };
        let mut style = if f.severity == Severity::Error {
            Style::default().fg(Color::Red)
        } else {
            Style::default().fg(Color::Yellow)
        };
        if n == sel {
            style = style.add_modifier(Modifier::REVERSED | Modifier::BOLD);
            buf.set_style(row, selected());
        }
        Line::styled(truncate(&text, width), style).render(row, buf);
    }
    let foot = Rect { y: body.bottom().saturating_sub(1), height: 1, ..body };
    dim(s::FINDINGS_FOOTER.get(lang)).render(foot, buf);
}
