//! Merge conflicts in the TUI (issue #5): a plan written by `lansplan
//! merge` with `[[conflicts]]` shows their number in the status bar, and a
//! panel lists each with our and their value side by side. The person takes
//! ours, theirs, or edits the field in the usual editor, which then settles
//! the conflict as ours (the item already holds our side).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Pane};
use super::keymap::{Action, CONFLICT_KEYS, lookup_in};
use super::modal::Modal;
use super::overlay::{centered, dim, frame};
use super::strings as s;
use super::view::{selected, truncate};
use super::wrap::wrap;
use crate::diff::present::show_value;
use crate::i18n::Lang;
use crate::plan::model::Conflict;
use crate::plan::path::FieldPath;
use crate::text::{escape, sanitize};

/// Lines a conflict takes in the panel at most: a heading and the values.
const VALUE_LINES: usize = 3;

impl App {
    /// Opens the conflicts panel, or says there are none.
    pub fn open_conflicts(&mut self) {
        if self.session.loaded().plan.conflicts.is_empty() {
            return self.info(s::NO_CONFLICTS.get(self.lang));
        }
        self.modal = Some(Modal::Conflicts { selected: 0 });
    }

    /// Handles a key in the conflicts panel.
    pub(super) fn conflicts_key(&mut self, selected: usize, ev: KeyEvent) {
        let n = self.session.loaded().plan.conflicts.len();
        let selected = match lookup_in(CONFLICT_KEYS, &ev) {
            Some(Action::Cancel) => return,
            Some(Action::Down) => (selected + 1).min(n.saturating_sub(1)),
            Some(Action::Up) => selected.saturating_sub(1),
            Some(Action::TakeOurs) => return self.resolve(selected, false),
            Some(Action::TakeTheirs) => return self.resolve(selected, true),
            Some(Action::EditField) => return self.edit_conflict(selected),
            _ => selected,
        };
        self.modal = Some(Modal::Conflicts { selected });
    }

    /// Settles conflict `index` by one side and keeps the panel open while
    /// any remain.
    pub fn resolve(&mut self, index: usize, theirs: bool) {
        if self.guard.read_only {
            return self.error(s::READ_ONLY_REFUSED.get(self.lang));
        }
        match self.session.resolve(index, theirs) {
            Ok(()) => {
                self.rebuild();
                self.after_resolve(index);
            }
            Err(e) => {
                self.modal = Some(Modal::Conflicts { selected: index });
                self.error(sanitize(e.text().get(self.lang)).into_owned());
            }
        }
    }

    fn after_resolve(&mut self, index: usize) {
        let left = self.session.loaded().plan.conflicts.len();
        if left == 0 {
            self.info(s::CONFLICTS_DONE.get(self.lang));
        } else {
            self.info(s::conflicts_left(self.lang, left));
            self.modal = Some(Modal::Conflicts { selected: index.min(left - 1) });
        }
    }

    /// Opens the editor on the conflict's field; a successful edit settles
    /// the conflict as ours.
    fn edit_conflict(&mut self, index: usize) {
        if self.guard.read_only {
            return self.error(s::READ_ONLY_REFUSED.get(self.lang));
        }
        let Some(c) = self.session.loaded().plan.conflicts.get(index).cloned() else { return };
        let field = c.field.and_then(|f| c.kind.field(f));
        let exists = self.session.loaded().plan.find(c.kind, &c.id).is_some() || !c.kind.is_collection();
        let (Some(field), true) = (field, exists) else {
            self.modal = Some(Modal::Conflicts { selected: index });
            return self.error(s::CONFLICT_NO_FIELD.get(self.lang));
        };
        self.filter = Default::default();
        self.rebuild();
        if c.kind.is_collection() {
            self.select_item(c.kind, &c.id);
        } else if let Some(row) = self.outline.rows.iter().position(|r| r.kind() == Some(c.kind)) {
            self.select(row);
        }
        self.field = c.kind.fields().iter().position(|f| f.name == field.name).unwrap_or(0);
        self.focus = Pane::Detail;
        let id = c.kind.is_collection().then(|| c.id.clone());
        self.resolving = Some((index, FieldPath { kind: c.kind, id, field, sub: None }));
        self.open_editor();
    }

    /// Called after an editor applied an edit to `path`: settles the
    /// conflict the edit was opened for.
    pub(super) fn edited(&mut self, path: &FieldPath) {
        let Some((index, p)) = self.resolving.take() else { return };
        if p.kind == path.kind && p.id == path.id && p.field.name == path.field.name {
            self.resolve(index, false);
        }
    }
}

/// Returns one side's value of a conflict (0 base, 1 ours, 2 theirs) as a
/// person reads it (escaped): typed by the field, else as written.
fn shown(c: &Conflict, side: usize, lang: Lang) -> String {
    let typed = [&c.base, &c.ours, &c.theirs][side].as_ref();
    match (typed, c.field, &c.shown[side]) {
        (Some(v), Some(f), _) => escape(&show_value(c.kind, f, v, lang)).into_owned(),
        (None, _, Some(s)) => escape(s.trim()).into_owned(),
        _ => s::CONFLICT_ABSENT.get(lang).to_string(),
    }
}

/// Returns what each side did, for a conflict about a whole item.
fn sides(c: &Conflict, lang: Lang) -> (String, String) {
    let used = || escape(&c.used_by.join(", ")).into_owned();
    match c.reason.as_str() {
        "ours_removed" => (s::SIDE_REMOVED.get(lang).into(), s::SIDE_EDITED.get(lang).into()),
        "theirs_removed" => (s::SIDE_EDITED.get(lang).into(), s::SIDE_REMOVED.get(lang).into()),
        "ours_removed_used" => (s::SIDE_REMOVED.get(lang).into(), format!("{} ({})", s::SIDE_USES.get(lang), used())),
        "theirs_removed_used" => (format!("{} ({})", s::SIDE_USES.get(lang), used()), s::SIDE_REMOVED.get(lang).into()),
        _ => (shown(c, 1, lang), shown(c, 2, lang)),
    }
}

/// Returns a conflict's lines: a heading, then our and their value side by
/// side (each wrapped to half the width, at most [`VALUE_LINES`] lines).
fn conflict_lines(app: &App, c: &Conflict, width: usize, is_sel: bool) -> Vec<Line<'static>> {
    let lang = app.lang;
    let plan = &app.session.loaded().plan;
    let mut head = format!("{}{}", if is_sel { "> " } else { "  " }, c.kind.noun(lang));
    if c.kind.is_collection() {
        head = format!("{head} {}", escape(&c.id));
        if let Some(item) = plan.find(c.kind, &c.id) {
            head = format!("{head} · {}", escape(item.label()));
        }
    }
    let field = c.field.and_then(|f| c.kind.field(f)).map(|f| f.label(lang).to_string());
    // A key the format does not know, or a comment: its place in the file.
    let about_a_key = c.part.is_some() || c.shown.iter().any(Option::is_some);
    let place = field.or_else(|| about_a_key.then(|| format!("`{}`", escape(&c.at))));
    let what = match place {
        Some(f) => format!("{f}: {}", s::reason(lang, &c.reason)),
        None => s::reason(lang, &c.reason).to_string(),
    };
    let mut base = String::new();
    if c.base.is_some() || c.shown[0].is_some() {
        base = format!(" ({} {})", s::BASE.get(lang), shown(c, 0, lang));
    }
    let head_style = if is_sel { selected() } else { Style::default().add_modifier(Modifier::BOLD) };
    let mut out = vec![Line::styled(truncate(&head, width), head_style)];
    out.push(Line::from(vec![
        Span::raw("    "),
        Span::styled(truncate(&what, width.saturating_sub(4)), Style::default().add_modifier(Modifier::BOLD)),
        Span::styled(
            truncate(&base, width.saturating_sub(4 + what.width())),
            Style::default().add_modifier(Modifier::DIM),
        ),
    ]));
    let (ours, theirs) = sides(c, lang);
    let col = width.saturating_sub(7) / 2;
    let label = |l: &str, v: &str| format!("{l}: {v}");
    let mut left = wrap(&label(s::OURS.get(lang), &ours), col.max(8));
    let mut right = wrap(&label(s::THEIRS.get(lang), &theirs), col.max(8));
    for side in [&mut left, &mut right] {
        if side.len() > VALUE_LINES {
            side.truncate(VALUE_LINES);
            if let Some(last) = side.last_mut() {
                *last = truncate(&format!("{last} …"), col);
            }
        }
    }
    for n in 0..left.len().max(right.len()) {
        let l = left.get(n).map(String::as_str).unwrap_or("");
        let r = right.get(n).map(String::as_str).unwrap_or("");
        let pad = col.saturating_sub(l.width());
        out.push(Line::from(vec![
            Span::raw("    "),
            Span::styled(l.to_string(), Style::default().fg(Color::Green)),
            Span::raw(" ".repeat(pad)),
            Span::styled(" │ ", Style::default().add_modifier(Modifier::DIM)),
            Span::styled(r.to_string(), Style::default().fg(Color::Magenta)),
        ]));
    }
    out
}

/// Draws the conflicts panel with conflict `sel` selected.
pub fn render(app: &App, sel: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let list = &app.session.loaded().plan.conflicts;
    let r = centered(area, area.width.saturating_sub(4).max(10), area.height.saturating_sub(2));
    let title = format!("{} – {}", s::CONFLICTS_TITLE.get(lang), s::conflict_count(lang, list.len()));
    let body = frame(&title, r, buf);
    let width = usize::from(body.width);
    let height = usize::from(body.height.saturating_sub(1));
    // Lay out from the first conflict that keeps the selected one on screen.
    let blocks: Vec<Vec<Line<'static>>> =
        list.iter().enumerate().map(|(n, c)| conflict_lines(app, c, width, n == sel)).collect();
    let mut top = sel.min(blocks.len().saturating_sub(1));
    let mut used = blocks.get(top).map_or(0, Vec::len);
    while top > 0 && used + 1 + blocks[top - 1].len() <= height {
        top -= 1;
        used += 1 + blocks[top].len();
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    for block in blocks.into_iter().skip(top) {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.extend(block);
        if lines.len() >= height {
            break;
        }
    }
    lines.truncate(height);
    Paragraph::new(lines).render(Rect { height: height as u16, ..body }, buf);
    let foot = Rect { y: body.bottom().saturating_sub(1), height: 1, ..body };
    dim(&truncate(s::CONFLICTS_FOOTER.get(lang), width)).render(foot, buf);
}
