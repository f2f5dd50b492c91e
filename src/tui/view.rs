//! Draws the app: `impl Widget for &App` reads the state and never changes
//! it. The header, the outline (only the rows on screen are laid out), the
//! detail pane, the message line and the status bar live here; dialogs are
//! drawn by `overlay.rs` on top.
//!
//! Every string from the plan passes through `text::escape` (or
//! `escape_multiline`) before it reaches the buffer. Selection is shown
//! by reverse video, bold and a `>` marker, never by colour alone, so it
//! stays visible under `NO_COLOR`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Pane, inner, layout};
use super::ops::item_line;
use super::outline::{Row, Section};
use super::strings as s;
use super::wrap::{wrap, wrap_prose};
use crate::i18n::Lang;
use crate::plan::schema::{
    ACTIVITY_STATUSES, Field, FieldType, GOAL_LEVELS, PARTY_KINDS, REVISION_STATUSES, SKR_AREAS, find_choice,
};
use crate::plan::{Item, Kind, Plan, Value};
use crate::text::{escape, escape_multiline};

/// The style of a selected line: reverse video and bold.
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// The smallest terminal (columns, rows) the views are laid out for; in a
/// smaller one the editor says so instead of drawing them squeezed.
pub const MIN_SIZE: (u16, u16) = (40, 10);

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            let lines: Vec<Line> = wrap(&s::too_small(self.lang, MIN_SIZE), usize::from(area.width).max(1))
                .into_iter()
                .map(Line::raw)
                .collect();
            Paragraph::new(lines).render(area, buf);
            return;
        }
        if let Some(v) = &self.diff {
            super::diffdraw::render(self, v, area, buf);
        } else if let Some(v) = &self.follow {
            super::follow::render(self, v, area, buf);
        } else if let Some(v) = &self.consult {
            super::consult::render(self, v, area, buf);
        } else {
            let a = layout(area);
            self.render_header(a.header, buf);
            self.render_outline(a.outline, buf);
            self.render_detail(a.detail, buf);
            self.render_bottom(a.message, a.status, buf);
        }
        if let Some(modal) = &self.modal {
            super::overlay::render(self, modal, area, buf);
        }
    }
}

/// Returns the label of enumeration value `key`, or the value escaped.
fn choice_label(choices: &'static [crate::plan::schema::Choice], key: &str, lang: Lang) -> String {
    find_choice(choices, key).map(|c| c.label(lang).to_string()).unwrap_or_else(|| escape(key).into_owned())
}

impl App {
    fn render_header(&self, area: Rect, buf: &mut Buffer) {
        let plan = &self.session.loaded().plan;
        let lang = self.lang;
        let status = choice_label(REVISION_STATUSES, plan.revision.str("status"), lang);
        let spans = vec![
            Span::styled(escape(plan.plan.str("title")).into_owned(), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(" · "),
            Span::raw(escape(plan.plan.str("county")).into_owned()),
            Span::raw(format!(" · {} ", s::REVISION.get(lang))),
            Span::raw(escape(plan.revision.str("version")).into_owned()),
            Span::raw(" · "),
            Span::styled(status, Style::default().add_modifier(Modifier::BOLD)),
        ];
        // The title may be long: keep county, version and status in view.
        let tail: usize = spans[1..].iter().map(|s| s.content.width()).sum();
        let room = usize::from(area.width).saturating_sub(tail).max(8);
        let mut spans = spans;
        let title = spans[0].content.to_string();
        if title.width() > room {
            spans[0].content = truncate(&title, room).into();
        }
        Paragraph::new(Line::from(spans)).style(Style::default().fg(Color::Cyan)).render(area, buf);
    }

    fn render_outline(&self, area: Rect, buf: &mut Buffer) {
        let lang = self.lang;
        let mut title = format!(" {} ", s::OUTLINE.get(lang));
        if self.filter.is_active() {
            let total = super::outline::total(&self.session.loaded().plan);
            title = format!(" {} · {} ", s::OUTLINE.get(lang), s::showing(lang, self.outline.shown, total));
        }
        let focused = self.focus == Pane::Outline && self.modal.is_none();
        let block = pane_block(title, focused);
        let body = inner(area);
        block.render(area, buf);
        let plan = &self.session.loaded().plan;
        let height = usize::from(body.height);
        if self.outline.rows.is_empty() {
            Paragraph::new(s::NO_MATCHES.get(lang)).render(body, buf);
            return;
        }
        // Pure view of the scroll offset: the selection is always on screen.
        let mut top = self.scroll.min(self.selected);
        if self.selected >= top + height {
            top = self.selected + 1 - height;
        }
        for (n, row) in self.outline.rows.iter().enumerate().skip(top).take(height) {
            let y = body.y + (n - top) as u16;
            let is_sel = n == self.selected;
            let mut line = row_line(plan, row, lang, is_sel, self);
            // Around a search, the rows shown only as context are dimmed.
            let hits = &self.outline.hits;
            if !is_sel && !hits.is_empty() && row.kind().is_some() && hits.binary_search(&n).is_err() {
                line = line.patch_style(Style::default().add_modifier(Modifier::DIM));
            }
            if is_sel {
                line = line.style(if focused { selected() } else { Style::default().add_modifier(Modifier::BOLD) });
            }
            let r = Rect { x: body.x, y, width: body.width, height: 1 };
            if is_sel && focused {
                buf.set_style(r, selected());
            }
            line.render(r, buf);
        }
    }

    fn render_detail(&self, area: Rect, buf: &mut Buffer) {
        let lang = self.lang;
        let plan = &self.session.loaded().plan;
        let focused = self.focus == Pane::Detail && self.modal.is_none();
        let title = match self.item() {
            Some(item) if item.id.is_empty() || !item.kind.is_collection() => {
                format!(" {} ", capital(item.kind.noun(lang)))
            }
            Some(item) => format!(" {} {} ", capital(item.kind.noun(lang)), escape(&item.id)),
            None => format!(" {} ", s::DETAIL.get(lang)),
        };
        pane_block(title, focused).render(area, buf);
        let body = inner(area);
        let Some(item) = self.item() else {
            let text = match self.row() {
                Some(Row::Header(sec)) => section_summary(plan, sec, lang),
                _ => s::NOTHING_SELECTED.get(lang).to_string(),
            };
            Paragraph::new(text).render(body, buf);
            return;
        };
        let (mut lines, starts) =
            detail_lines(plan, item, lang, usize::from(body.width), focused.then_some(self.field));
        // Issue 17: the consultation's points about the item, under its fields.
        if let Some(b) = &self.beside {
            lines.extend(b.item_lines(plan, item, lang, usize::from(body.width)));
        }
        let height = usize::from(body.height);
        let (start, end) =
            (starts.get(self.field).copied().unwrap_or(0), starts.get(self.field + 1).copied().unwrap_or(lines.len()));
        let top = if end > height { (end - height).min(start) } else { 0 };
        for (n, line) in lines.into_iter().skip(top).take(height).enumerate() {
            line.render(Rect { x: body.x, y: body.y + n as u16, width: body.width, height: 1 }, buf);
        }
    }

    fn render_bottom(&self, message: Rect, status: Rect, buf: &mut Buffer) {
        let lang = self.lang;
        let hints = if message.width >= 100 { s::HINTS } else { s::HINTS_SHORT };
        message_line(self.message.as_ref(), hints.get(lang), lang, message, buf);
        let loaded = self.session.loaded();
        let file = match &self.session.path {
            Some(p) => crate::text::path(p),
            None => s::EXAMPLE.get(lang).to_string(),
        };
        let mut right = s::finding_counts(lang, loaded.error_count(), loaded.warning_count());
        let conflicts = loaded.plan.conflicts.len();
        if conflicts > 0 {
            right = format!("{} (x) · {right}", s::conflict_count(lang, conflicts));
        }
        if self.filter.is_active() {
            right = format!("{} · {right}", s::FILTERED.get(lang));
        }
        let mut dirty = if self.session.is_dirty() { format!(" {}", s::UNSAVED.get(lang)) } else { String::new() };
        if self.guard.read_only {
            dirty = format!("{dirty} · {}", s::READ_ONLY.get(lang));
        }
        if self.guard.disk_changed {
            dirty = format!("{dirty} · {}", s::CHANGED_ON_DISK.get(lang));
        }
        let left_room = usize::from(status.width).saturating_sub(right.width() + dirty.width() + 3);
        let left = format!(" {}{dirty}", truncate_left(&file, left_room));
        let pad = usize::from(status.width).saturating_sub(left.width() + right.width() + 1);
        let line = format!("{left}{}{right} ", " ".repeat(pad));
        Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)).render(status, buf);
    }
}

fn pane_block(title: String, focused: bool) -> Block<'static> {
    let style = if focused { Style::default().add_modifier(Modifier::BOLD) } else { Style::default() };
    let border = if focused { ratatui::widgets::BorderType::Thick } else { ratatui::widgets::BorderType::Plain };
    Block::default().borders(Borders::ALL).border_type(border).title(Span::styled(title, style))
}

pub(super) fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Cuts `s` to `width` columns, ending in `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Cuts `s` from the left (for file paths), starting with `…` when cut.
fn truncate_left(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for c in chars.iter().rev() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.insert(0, *c);
    }
    format!("…{out}")
}

fn section_summary(plan: &Plan, sec: Section, lang: Lang) -> String {
    match sec {
        Section::Parties => format!("{}: {}", Kind::Party.plural(lang), plan.parties.len()),
        Section::FocusAreas => format!(
            "{}: {}{}\n{}: {}\n{}: {}\n{}: {}",
            Kind::FocusArea.plural(lang),
            plan.focus_areas.len(),
            // Only a plan with commitments (format 1.1) says how many.
            if plan.commitments.is_empty() {
                String::new()
            } else {
                format!("\n{}: {}", Kind::Commitment.plural(lang), plan.commitments.len())
            },
            Kind::Goal.plural(lang),
            plan.goals.len(),
            Kind::Indicator.plural(lang),
            plan.indicators.len(),
            Kind::Activity.plural(lang),
            plan.activities.len()
        ),
        Section::Orphans => s::ORPHANS.get(lang).to_string(),
        Section::ParentGoals => s::PARENT_GOALS.get(lang).to_string(),
    }
}

/// Returns one outline row as a line: a folded focus area (or the
/// parties' heading) with `▸` and how many rows it hides, an unfolded one
/// with `▾` once anything is folded.
fn row_line(plan: &Plan, row: &Row, lang: Lang, is_sel: bool, app: &App) -> Line<'static> {
    let marker = if is_sel { "> " } else { "  " };
    let folds = &app.folds;
    let folding = folds.any() && !app.filter.is_active();
    let fold = |folded: bool, hidden: usize| -> Option<Span<'static>> {
        let dim = Style::default().add_modifier(Modifier::DIM);
        match (folding, folded) {
            (true, true) => Some(Span::styled(format!(" ▸ (+{hidden})"), dim)),
            (true, false) => Some(Span::styled(" ▾".to_string(), dim)),
            (false, _) => None,
        }
    };
    let (depth, spans): (u8, Vec<Span<'static>>) = match *row {
        Row::Header(sec) => {
            let text = match sec {
                Section::Parties => Kind::Party.plural(lang),
                Section::FocusAreas => Kind::FocusArea.plural(lang),
                Section::Orphans => s::ORPHANS.get(lang),
                Section::ParentGoals => s::PARENT_GOALS.get(lang),
            };
            let mut v = vec![Span::styled(text.to_uppercase(), Style::default().add_modifier(Modifier::BOLD))];
            if sec == Section::Parties {
                v.extend(fold(folds.parties, plan.parties.len()));
            }
            (0, v)
        }
        Row::Item { kind, index, depth } => {
            let Some(item) = plan.items(kind).get(index) else { return Line::raw("") };
            let mut v = item_spans(plan, item, lang, app.today);
            if kind == Kind::FocusArea {
                let under = || {
                    plan.goals_in(&item.id)
                        .map(|g| 1 + plan.indicators_of(&g.id).count() + plan.activities_of(&g.id).count())
                        .sum()
                };
                let folded = folds.areas.contains(&item.id);
                v.extend(fold(folded, if folded { under() } else { 0 }));
            }
            (depth, v)
        }
    };
    let mut out = vec![Span::raw(format!("{marker}{}", "  ".repeat(usize::from(depth.saturating_sub(1)))))];
    out.extend(spans);
    Line::from(out)
}

fn item_spans(plan: &Plan, item: &Item, lang: Lang, today: crate::plan::Date) -> Vec<Span<'static>> {
    use crate::publish::followup::{ActivityState, IndicatorFollowUp, Verdict};
    let dim = Style::default().add_modifier(Modifier::DIM);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let label = escape(item.label()).into_owned();
    let id = escape(&item.id).into_owned();
    match item.kind {
        Kind::Plan => vec![Span::styled(s::PLAN_ROW.get(lang).to_string(), bold)],
        Kind::Revision => {
            let status = choice_label(REVISION_STATUSES, plan.revision.str("status"), lang);
            vec![
                Span::styled(format!("{} {label}", s::REVISION_ROW.get(lang)), bold),
                Span::styled(format!(" ({status})"), dim),
            ]
        }
        Kind::Party => vec![
            Span::raw(label),
            Span::styled(format!(" ({})", choice_label(PARTY_KINDS, item.str("kind"), lang)), dim),
        ],
        Kind::FocusArea => {
            let mut v = vec![Span::styled(label, bold)];
            if !item.str("skr").is_empty() {
                v.push(Span::styled(format!(" [{}]", choice_label(SKR_AREAS, item.str("skr"), lang)), dim));
            }
            v
        }
        Kind::Goal => vec![
            Span::styled(format!("{id} "), bold),
            Span::styled(format!("{}: ", choice_label(GOAL_LEVELS, item.str("level"), lang)), dim),
            Span::raw(label),
        ],
        // Issue #22: the outline shows each indicator's verdict and each
        // overdue activity, as the follow-up views do (in words, so they
        // show without colour too).
        Kind::Indicator => {
            let verdict = IndicatorFollowUp::new(item, today).verdict();
            let style = match verdict {
                Verdict::OnTrack => Style::default().fg(Color::Green),
                Verdict::OffTrack => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
                Verdict::NoData => dim,
                Verdict::Stale => Style::default().fg(Color::Yellow),
            };
            vec![
                Span::styled(format!("{id} "), dim),
                Span::styled(format!("[{}] ", crate::publish::report::verdict_word(verdict, lang)), style),
                Span::raw(label),
            ]
        }
        Kind::Commitment => super::commitments::spans(plan, item, lang),
        Kind::Activity => {
            let status = choice_label(ACTIVITY_STATUSES, item.str("status"), lang);
            let late = ActivityState::of(item, today) == ActivityState::Overdue;
            let (text, style) = if late {
                (
                    format!("[{status}, {}] ", s::OVERDUE.get(lang)),
                    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
                )
            } else {
                (format!("[{status}] "), dim)
            };
            vec![Span::raw(format!("{id} ")), Span::styled(text, style), Span::raw(label)]
        }
    }
}

/// Returns a year's figure or a list of them as a person of `lang` writes
/// them: `2023: 41,5; 2024: 40` in Swedish (issue #22: a decimal comma
/// typed came back as a point), `2023: 41.5, 2024: 40` in English. The
/// editor reads either form back.
pub fn figures(v: &Value, lang: Lang) -> String {
    let number = |x: f64| {
        let n = crate::plan::model::format_number(x);
        if lang == Lang::Sv { n.replace('.', ",") } else { n }
    };
    match v {
        Value::YearValue(yv) => format!("{}: {}", yv.year, number(yv.value)),
        Value::Measurements(ms) => ms
            .iter()
            .map(|m| format!("{}: {}", m.year, number(m.value)))
            .collect::<Vec<_>>()
            .join(lang.pick("; ", ", ")),
        other => other.display(),
    }
}

/// Returns a field's value as a person reads it (escaped), or `None` when absent.
pub fn field_value(plan: &Plan, item: &Item, field: &Field, lang: Lang) -> Option<String> {
    let v = item.get(field.name)?;
    Some(match (&field.ty, v) {
        (FieldType::Enum(choices), Value::Str(k)) => choice_label(choices, k, lang),
        (FieldType::Ref(kind), Value::Str(id)) => match plan.find(*kind, id) {
            Some(target) => item_line(target),
            None => format!("{} (?)", escape(id)),
        },
        (FieldType::RefList(kind), Value::List(ids)) => ids
            .iter()
            .map(|id| {
                plan.find(*kind, id)
                    .map(|t| escape(t.label()).into_owned())
                    .unwrap_or_else(|| format!("{} (?)", escape(id)))
            })
            .collect::<Vec<_>>()
            .join(", "),
        // `;` between units or routines, as they are typed: a unit may hold a comma.
        (FieldType::TextList, Value::List(l)) => escape(&l.join("; ")).into_owned(),
        // Reflowed to the pane's width: the file's line breaks inside a
        // paragraph are layout (issue 21).
        (FieldType::LongText, Value::Str(t)) => escape_multiline(&crate::plan::prose::unwrapped(t)).into_owned(),
        (_, Value::YearValue(_) | Value::Measurements(_)) => figures(v, lang),
        (FieldType::Date, Value::Date(d)) => d.to_string(),
        (_, v) => escape(&v.display()).into_owned(),
    })
}

/// Returns the width of the label column for `fields`: the longest label,
/// at most 16 columns, and one space.
pub(super) fn label_width<'a>(fields: impl IntoIterator<Item = &'a Field>, lang: Lang) -> usize {
    fields.into_iter().map(|f| f.label(lang).width()).max().unwrap_or(0).min(16) + 1
}

/// Returns a field's shown value broken into lines of `width` columns: a
/// long text as prose (its list lines continued under their text).
pub(super) fn value_lines(field: &Field, text: &str, width: usize) -> Vec<String> {
    if field.ty == FieldType::LongText { wrap_prose(text, width) } else { wrap(text, width) }
}

/// Returns the detail pane's lines for `item` at `width` columns, and the
/// first line of each field (so the caller can keep one in view).
pub fn detail_lines(
    plan: &Plan,
    item: &Item,
    lang: Lang,
    width: usize,
    cursor: Option<usize>,
) -> (Vec<Line<'static>>, Vec<usize>) {
    let fields = item.kind.fields();
    let lw = label_width(fields, lang);
    let vw = width.saturating_sub(lw + 2).max(8);
    let mut lines = Vec::new();
    let mut starts = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        starts.push(lines.len());
        let is_cur = cursor == Some(i);
        let label = format!("{:<lw$}", truncate(field.label(lang), lw - 1));
        let (marker, label_style) =
            if is_cur { ("> ", selected()) } else { ("  ", Style::default().add_modifier(Modifier::BOLD)) };
        let value = field_value(plan, item, field, lang);
        let (text, style) = match &value {
            Some(v) if !v.is_empty() => (v.as_str(), Style::default()),
            _ => (s::EMPTY_VALUE.get(lang), Style::default().add_modifier(Modifier::DIM)),
        };
        for (n, part) in value_lines(field, text, vw).into_iter().enumerate() {
            let head = if n == 0 {
                vec![Span::raw(marker), Span::styled(label.clone(), label_style)]
            } else {
                vec![Span::raw(" ".repeat(lw + 2))]
            };
            let mut spans = head;
            spans.push(Span::styled(part, style));
            lines.push(Line::from(spans));
        }
    }
    if !item.unknown.is_empty() {
        starts.push(lines.len());
        let keys = item.unknown.iter().map(|k| escape(k).into_owned()).collect::<Vec<_>>().join(", ");
        lines.push(Line::from(vec![
            Span::styled(format!("  {}: ", s::UNKNOWN_KEYS.get(lang)), Style::default().add_modifier(Modifier::DIM)),
            Span::raw(keys),
        ]));
    }
    (lines, starts)
}

/// Draws the message line: the latest error (in red, marked) or notice, or,
/// when there is none, `idle` dimmed (key hints or a summary).
pub(super) fn message_line(
    message: Option<&super::app::Message>,
    idle: &str,
    lang: Lang,
    area: Rect,
    buf: &mut Buffer,
) {
    match message {
        Some(m) if m.error => Paragraph::new(Line::from(vec![
            Span::styled(format!("{}: ", s::ERROR.get(lang)), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(m.text.clone()),
        ]))
        .style(Style::default().fg(Color::Red))
        .render(area, buf),
        Some(m) => Paragraph::new(m.text.clone()).render(area, buf),
        None => Paragraph::new(idle).style(Style::default().add_modifier(Modifier::DIM)).render(area, buf),
    }
}
