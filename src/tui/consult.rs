//! The consultation (remiss) in the editor (issue 17): a view of who was
//! asked, who answered and every point grouped by the item it is about,
//! filtered to the open or the handled ones; the points of the selected
//! item under the detail pane; and, in the diff view, the points beside the
//! change they caused, with keys to link a point to the change and to say
//! how it was handled. The view owns its state and answers each action
//! with an [`Outcome`]; the app only routes keys and carries out a jump.

use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::app::{App, inner};
use super::keymap::Action;
use super::view::{message_line, selected, truncate};
use super::wrap::wrap;
use crate::consult::beside::{SideKind, path_of};
use crate::consult::entry::Entry;
use crate::consult::remiss::{self, DISPOSITIONS, Remiss, STANCES, Side, choice_label, deadline_phrase};
use crate::i18n::Lang;
use crate::plan::{Date, Item, Kind, Plan};
use crate::text::escape;

use super::strings::S;

/// Returns the wording of `s` for `lang`.
fn t(s: S, lang: Lang) -> &'static str {
    s.get(lang)
}

pub const TITLE: S = S { sv: "Remiss", en: "Consultation" };
pub const RECIPIENTS: S = S { sv: "MOTTAGARE", en: "RECIPIENTS" };
pub const POINTS: S = S { sv: "SYNPUNKTER", en: "POINTS" };
pub const WHOLE_PLAN: S = S { sv: "Hela planen", en: "The whole plan" };
pub const NO_ANSWER: S = S { sv: "inget svar", en: "no answer" };
pub const OPEN: S = S { sv: "öppen", en: "open" };
pub const NONE: S = S {
    sv: "Ingen remiss finns bredvid planen (skapa en med lansplan remiss new).",
    en: "No consultation file is beside the plan (start one with lansplan remiss new).",
};
pub const NEEDS_FILE: S = S {
    sv: "Remissen ligger bredvid planfilen; spara planen som en fil först.",
    en: "The consultation sits beside the plan file; save the plan as a file first.",
};
pub const NOT_IN_PLAN: S = S { sv: "finns inte i den öppna revisionen", en: "is not in the open revision" };
pub const HINTS: S = S {
    sv: "↑↓ välj · Enter gå till punkten i planen · f öppna/hanterade/alla · ? hjälp · Esc tillbaka",
    en: "↑↓ select · Enter go to the item · f open/handled/all · ? help · Esc back",
};
pub const ITEM_POINTS: S = S { sv: "Synpunkter i remissen", en: "Points in the consultation" };
pub const ANSWER: S = S { sv: "Svar", en: "Answer" };
pub const NO_LINKS: S = S {
    sv: "Remissen av den äldre revisionen saknas, så det finns inga synpunkter att koppla.",
    en: "The older revision has no consultation file, so there are no points to link.",
};
pub const NONE_LINKED: S = S {
    sv: "Ingen synpunkt är kopplad till ändringen; koppla en med L först.",
    en: "No point is linked to this change; link one with L first.",
};
pub const LINK_TITLE: S = S { sv: "Synpunkter som ledde till ändringen", en: "Points that led to this change" };
pub const WHICH_POINT: S = S { sv: "Vilken synpunkt?", en: "Which point?" };
pub const DISPOSITION_TITLE: S = S { sv: "Hur hanterades synpunkten?", en: "How was the point handled?" };
pub const SAVED: S = S { sv: "Remissen sparad", en: "Consultation saved" };
pub const NOT_SAVED: S = S { sv: "Remissen sparades inte", en: "The consultation was not saved" };

/// Which points the view lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PointFilter {
    #[default]
    All,
    Open,
    Handled,
}

impl PointFilter {
    fn next(self) -> PointFilter {
        match self {
            PointFilter::All => PointFilter::Open,
            PointFilter::Open => PointFilter::Handled,
            PointFilter::Handled => PointFilter::All,
        }
    }

    fn shows(self, p: &Entry) -> bool {
        let handled = p.get("disposition").is_some();
        match self {
            PointFilter::All => true,
            PointFilter::Open => !handled,
            PointFilter::Handled => handled,
        }
    }

    fn name(self, lang: Lang) -> &'static str {
        match self {
            PointFilter::All => lang.pick("alla", "all"),
            PointFilter::Open => lang.pick("öppna", "open"),
            PointFilter::Handled => lang.pick("hanterade", "handled"),
        }
    }
}

/// One line of the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Heading(String),
    /// A recipient, by index into the recipients.
    Recipient(usize),
    /// The item a group of points is about (`activity/A7`, or "" for the
    /// whole plan).
    Group(String),
    /// A point, by index into the points.
    Point(usize),
}

/// What an action did to the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Consumed,
    Close,
    Help,
    /// Go to this item in the outline.
    Jump(Kind, String),
    /// Tell the person something (escaped).
    Say(String),
}

/// The consultation view.
#[derive(Debug)]
pub struct ConsultView {
    path: PathBuf,
    side: Side<Remiss>,
    filter: PointFilter,
    rows: Vec<Row>,
    /// Index into `rows`; always a recipient or a point when there is one.
    selected: usize,
    top: usize,
}

/// Returns the change key prefix of an item (`activity/A7`; `plan` for the
/// plan's own fields), as the consultation's `about` and `changes` use.
pub fn item_key(item: &Item) -> String {
    if item.kind.is_collection() { format!("{}/{}", item.kind.json_name(), item.id) } else { "plan".to_string() }
}

/// Returns the item a change key is about: its kind and id.
fn item_of(key: &str) -> Option<(Kind, String)> {
    let mut parts = key.split('/');
    let kind = parts.next()?;
    let id = parts.next()?;
    let kind = Kind::ALL.into_iter().find(|k| k.is_collection() && k.json_name() == kind)?;
    Some((kind, id.to_string()))
}

/// Returns the group a point belongs to: the item of its first `about`
/// key, else of its first `changes` key, else the whole plan ("").
fn group_of(p: &Entry) -> String {
    let first = p.list("about").first().or_else(|| p.list("changes").first());
    match first.and_then(|k| item_of(k)) {
        Some((kind, id)) => format!("{}/{id}", kind.json_name()),
        None => String::new(),
    }
}

/// "R3.2 · Region Jämtland Härjedalen · beaktad", escaped.
pub fn point_head(r: &Remiss, p: &Entry, plan: Option<&Plan>, lang: Lang) -> String {
    let party = r.party_name(r.party_of(p), plan);
    let d = match p.str("disposition") {
        "" => t(OPEN, lang).to_string(),
        d => choice_label(DISPOSITIONS, d, lang),
    };
    escape(&format!("{} · {party} · {d}", p.str("id"))).into_owned()
}

impl ConsultView {
    /// Opens the consultation at `path`, laid out for `plan`.
    pub fn open(path: PathBuf, plan: &Plan) -> Result<ConsultView, String> {
        let side = remiss::load_file(&path).map_err(|e| e.render(&crate::text::path(&path), Lang::Sv))?;
        let mut v = ConsultView { path, side, filter: PointFilter::default(), rows: Vec::new(), selected: 0, top: 0 };
        v.rebuild(plan);
        Ok(v)
    }

    /// The consultation file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn remiss(&self) -> &Remiss {
        &self.side.value
    }

    /// Lays the rows out afresh, keeping the selection on the same point or
    /// recipient when it is still shown.
    fn rebuild(&mut self, plan: &Plan) {
        let was = self.rows.get(self.selected).cloned();
        let r = &self.side.value;
        let mut rows = vec![Row::Heading(t(RECIPIENTS, Lang::Sv).into())];
        rows.extend((0..r.recipients().len()).map(Row::Recipient));
        rows.push(Row::Heading(t(POINTS, Lang::Sv).into()));
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, p) in r.points.iter().enumerate().filter(|(_, p)| self.filter.shows(p)) {
            let g = group_of(p);
            match groups.iter_mut().find(|(k, _)| *k == g) {
                Some((_, list)) => list.push(i),
                None => groups.push((g, vec![i])),
            }
        }
        // The whole plan first, then the items in the plan's order.
        let order = |k: &str| -> (usize, usize) {
            match item_of(k) {
                None => (0, 0),
                Some((kind, id)) => {
                    let kind_at = Kind::ALL.iter().position(|x| *x == kind).unwrap_or(usize::MAX);
                    (1 + kind_at, plan.items(kind).iter().position(|i| i.id == id).unwrap_or(usize::MAX))
                }
            }
        };
        groups.sort_by_key(|(k, _)| order(k));
        for (g, list) in groups {
            rows.push(Row::Group(g));
            rows.extend(list.into_iter().map(Row::Point));
        }
        self.rows = rows;
        self.selected = was
            .and_then(|w| self.rows.iter().position(|r| *r == w))
            .filter(|&i| self.selectable(i))
            .or_else(|| (0..self.rows.len()).find(|&i| self.selectable(i)))
            .unwrap_or(0);
    }

    fn selectable(&self, i: usize) -> bool {
        matches!(self.rows.get(i), Some(Row::Recipient(_) | Row::Point(_)))
    }

    fn step(&mut self, by: isize) {
        let mut at = self.selected;
        let mut left = by.unsigned_abs();
        while left > 0 {
            let next = if by > 0 { at + 1 } else { at.wrapping_sub(1) };
            let Some(next) = (0..self.rows.len()).contains(&next).then_some(next) else { break };
            at = next;
            if self.selectable(at) {
                self.selected = at;
                left -= 1;
            }
        }
    }

    /// The point selected, if a point is.
    fn point(&self) -> Option<&Entry> {
        match self.rows.get(self.selected) {
            Some(Row::Point(i)) => self.remiss().points.get(*i),
            _ => None,
        }
    }

    /// Carries out one action of the view's key table; `page` is how many
    /// rows show.
    pub fn handle(&mut self, action: Action, plan: &Plan, page: usize, lang: Lang) -> Outcome {
        let out = self.act(action, plan, page, lang);
        self.keep_visible(page);
        out
    }

    fn act(&mut self, action: Action, plan: &Plan, page: usize, lang: Lang) -> Outcome {
        match action {
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::PageDown => self.step(page.max(1) as isize),
            Action::PageUp => self.step(-(page.max(1) as isize)),
            Action::Top => self.step(-(self.rows.len() as isize)),
            Action::Bottom => self.step(self.rows.len() as isize),
            Action::Filter => {
                self.filter = self.filter.next();
                self.rebuild(plan);
                self.top = 0;
                let n = self.remiss().points.iter().filter(|p| self.filter.shows(p)).count();
                return Outcome::Say(format!(
                    "{}: {} ({n})",
                    lang.pick("Synpunkter", "Points"),
                    self.filter.name(lang)
                ));
            }
            Action::Jump => {
                let Some(p) = self.point() else { return Outcome::Consumed };
                let Some((kind, id)) = item_of(&group_of(p)) else {
                    return Outcome::Jump(Kind::Plan, String::new());
                };
                if plan.find(kind, &id).is_none() {
                    let name = escape(&format!("{} {id}", kind.noun(lang))).into_owned();
                    return Outcome::Say(format!("{name} {}", t(NOT_IN_PLAN, lang)));
                }
                return Outcome::Jump(kind, id);
            }
            Action::Help => return Outcome::Help,
            Action::Back | Action::Quit => return Outcome::Close,
            _ => {}
        }
        Outcome::Consumed
    }

    /// Keeps the selected row on screen in `height` rows.
    pub fn keep_visible(&mut self, height: usize) {
        let height = height.max(1);
        // Show the headings above the first recipient.
        let sel = if self.selected <= 2 { 0 } else { self.selected };
        if sel < self.top {
            self.top = sel;
        } else if self.selected >= self.top + height {
            self.top = self.selected + 1 - height;
        }
    }
}

/// Where the parts of the view go.
fn areas(area: Rect) -> [Rect; 5] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(7),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Returns how many rows of the list show on a `size` terminal.
pub fn page(size: Rect) -> usize {
    usize::from(inner(areas(size)[1]).height)
}

fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

/// Returns the line of one row at `width` columns, escaped.
fn row_line(v: &ConsultView, n: usize, plan: &Plan, today: Date, lang: Lang, width: usize) -> Line<'static> {
    let r = v.remiss();
    let is_sel = n == v.selected;
    let marker = if is_sel { "> " } else { "  " };
    let style = if is_sel { selected() } else { Style::default() };
    match &v.rows[n] {
        Row::Heading(_) => {
            let text = if n == 0 {
                let st = r.status(today);
                let answered = st.recipients.iter().filter(|(_, a)| a.is_some()).count();
                let deadline = st.days_left.map(|d| format!(" · {}", deadline_phrase(d, lang))).unwrap_or_default();
                format!(
                    "{} · {answered} {} {} {}{deadline}",
                    t(RECIPIENTS, lang),
                    lang.pick("av", "of"),
                    st.recipients.len(),
                    lang.pick("har svarat", "have answered")
                )
            } else {
                let open = r.open_points().count();
                format!(
                    "{} · {open} {} {} · {}: {}",
                    t(POINTS, lang),
                    lang.pick("öppna av", "open of"),
                    r.points.len(),
                    lang.pick("visar", "showing"),
                    v.filter.name(lang)
                )
            };
            Line::styled(truncate(&text, width), Style::default().add_modifier(Modifier::BOLD))
        }
        Row::Recipient(i) => {
            let id = r.recipients().get(*i).map(String::as_str).unwrap_or("");
            let name = escape(r.party_name(id, Some(plan))).into_owned();
            let (sign, what, sign_style) = match r.response_of(id) {
                Some(resp) => {
                    let points = r.points_of(resp.str("id")).count();
                    let received = resp.date("received").map(|d| d.to_string()).unwrap_or_default();
                    let mut what = format!(
                        "{} {received}, {}",
                        escape(resp.str("id")),
                        choice_label(STANCES, resp.str("stance"), lang)
                    );
                    if !resp.str("reference").is_empty() {
                        what = format!("{what} ({})", escape(resp.str("reference")));
                    }
                    if points > 0 {
                        what = format!("{what} · {}", count_points(points, lang));
                    }
                    ("✓", what, Style::default().fg(Color::Green))
                }
                None => ("·", t(NO_ANSWER, lang).to_string(), Style::default().fg(Color::Yellow)),
            };
            Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{sign} "), sign_style),
                Span::styled(truncate(&format!("{name} — {what}"), width.saturating_sub(4)), style),
            ])
        }
        Row::Group(g) => {
            let text = match item_of(g) {
                None => t(WHOLE_PLAN, lang).to_string(),
                Some((kind, id)) => {
                    let label = plan.find(kind, &id).map(|i| i.label().to_string());
                    let noun = super::view::capital(kind.noun(lang));
                    match label {
                        Some(l) => escape(&format!("{noun} {id} · {}", crate::publish::one_line(&l))).into_owned(),
                        None => format!("{} ({})", escape(&format!("{noun} {id}")), t(NOT_IN_PLAN, lang)),
                    }
                }
            };
            Line::styled(
                truncate(&format!("  {text}"), width),
                Style::default().add_modifier(Modifier::BOLD | Modifier::DIM),
            )
        }
        Row::Point(i) => {
            let Some(p) = r.points.get(*i) else { return Line::raw("") };
            let open = p.get("disposition").is_none();
            let head = point_head(r, p, Some(plan), lang);
            let body = escape(&crate::publish::one_line(p.str("text"))).into_owned();
            let sign_style = if open { Style::default().fg(Color::Yellow) } else { Style::default().fg(Color::Green) };
            Line::from(vec![
                Span::raw(format!("  {marker}")),
                Span::styled(if open { "○ " } else { "● " }, sign_style),
                Span::styled(truncate(&format!("{head}: {body}"), width.saturating_sub(6)), style),
            ])
        }
    }
}

/// "1 synpunkt", "3 synpunkter".
fn count_points(n: usize, lang: Lang) -> String {
    match (n, lang) {
        (1, _) => format!("1 {}", lang.pick("synpunkt", "point")),
        (n, _) => format!("{n} {}", lang.pick("synpunkter", "points")),
    }
}

/// Returns the lines that show the selected recipient's response: who,
/// when, the stance and its points' ids; or that no answer came.
fn recipient_detail(v: &ConsultView, i: usize, plan: &Plan, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let r = v.remiss();
    let id = r.recipients().get(i).map(String::as_str).unwrap_or("");
    let name = escape(r.party_name(id, Some(plan))).into_owned();
    let mut out = vec![Line::styled(truncate(&name, width), Style::default().add_modifier(Modifier::BOLD))];
    match r.response_of(id) {
        None => out.push(Line::styled(t(NO_ANSWER, lang), Style::default().fg(Color::Yellow))),
        Some(resp) => {
            let received = resp.date("received").map(|d| d.to_string()).unwrap_or_default();
            let mut line = format!(
                "{} {} {received} · {}",
                escape(resp.str("id")),
                lang.pick("inkom", "received"),
                choice_label(STANCES, resp.str("stance"), lang)
            );
            if !resp.str("reference").is_empty() {
                line = format!("{line} · {} {}", lang.pick("dnr", "ref."), escape(resp.str("reference")));
            }
            out.push(Line::raw(truncate(&line, width)));
            let ids: Vec<&str> = r.points_of(resp.str("id")).map(|p| p.str("id")).collect();
            if !ids.is_empty() {
                let text = format!("{}: {}", count_points(ids.len(), lang), ids.join(", "));
                for part in wrap(&escape(&text), width) {
                    out.push(Line::raw(part));
                }
            }
        }
    }
    out
}

/// Returns the lines that show the selected point in full: its text, the
/// drafters' answer and the changes it is linked to.
fn point_detail(v: &ConsultView, plan: &Plan, lang: Lang, width: usize) -> Vec<Line<'static>> {
    if let Some(Row::Recipient(i)) = v.rows.get(v.selected) {
        return recipient_detail(v, *i, plan, lang, width);
    }
    let Some(p) = v.point() else {
        return vec![Line::styled(truncate(&escape(&crate::text::path(&v.path)), width), dim())];
    };
    let r = v.remiss();
    let mut out = vec![Line::styled(
        truncate(&point_head(r, p, Some(plan), lang), width),
        Style::default().add_modifier(Modifier::BOLD),
    )];
    for part in wrap(&escape(&crate::publish::one_line(p.str("text"))), width) {
        out.push(Line::raw(part));
    }
    if !p.str("answer").is_empty() {
        let answer = format!("{}: {}", t(ANSWER, lang), crate::publish::one_line(p.str("answer")));
        for part in wrap(&escape(&answer), width) {
            out.push(Line::styled(part, Style::default().fg(Color::Cyan)));
        }
    }
    let changes = p.list("changes");
    if !changes.is_empty() {
        let text = format!("{}: {}", lang.pick("Ledde till", "Led to"), changes.join(", "));
        out.push(Line::styled(truncate(&escape(&text), width), dim()));
    }
    out
}

/// Draws the consultation view over `area`.
pub fn render(app: &App, v: &ConsultView, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let plan = &app.session.loaded().plan;
    let [title, list, detail, message, status] = areas(area);
    let head = format!(
        "{} {} · {} {}",
        t(TITLE, lang),
        escape(v.remiss().version()),
        lang.pick("skickad", "sent"),
        v.remiss().head.date("sent").map(|d| d.to_string()).unwrap_or_default()
    );
    Paragraph::new(Line::styled(
        truncate(&head, usize::from(title.width)),
        Style::default().add_modifier(Modifier::BOLD).fg(Color::Cyan),
    ))
    .render(title, buf);
    Block::default().borders(Borders::ALL).render(list, buf);
    let body = inner(list);
    for (y, n) in (v.top..v.rows.len()).take(usize::from(body.height)).enumerate() {
        let line = row_line(v, n, plan, app.today, lang, usize::from(body.width));
        line.render(Rect { x: body.x, y: body.y + y as u16, width: body.width, height: 1 }, buf);
    }
    Block::default().borders(Borders::ALL).render(detail, buf);
    let d = inner(detail);
    for (y, line) in
        point_detail(v, plan, lang, usize::from(d.width)).into_iter().take(usize::from(d.height)).enumerate()
    {
        line.render(Rect { x: d.x, y: d.y + y as u16, width: d.width, height: 1 }, buf);
    }
    message_line(app.message.as_ref(), "", lang, message, buf);
    let text = truncate(&format!(" {}", t(HINTS, lang)), usize::from(status.width));
    Paragraph::new(text).style(Style::default().add_modifier(Modifier::REVERSED)).render(status, buf);
}

/// The consultation beside the open plan, read once for the detail pane.
#[derive(Debug)]
pub struct Beside {
    pub path: PathBuf,
    pub remiss: Remiss,
}

impl Beside {
    /// Reads the consultation that belongs with the plan at `plan_file`;
    /// `None` when there is none or it cannot be read (the view says why).
    pub fn find(plan_file: &Path, plan: &Plan) -> Option<Beside> {
        let path = crate::consult::check::remiss_for(plan_file, plan)?;
        let side = remiss::load_file(&path).ok()?;
        Some(Beside { path, remiss: side.value })
    }

    /// Returns the lines under an item's fields: each point about it, with
    /// how it was handled.
    pub fn item_lines(&self, plan: &Plan, item: &Item, lang: Lang, width: usize) -> Vec<Line<'static>> {
        let key = item_key(item);
        let points: Vec<&Entry> = self.remiss.points_on(&key).collect();
        if points.is_empty() {
            return Vec::new();
        }
        let mut out = vec![
            Line::raw(""),
            Line::styled(
                truncate(&format!("  {} {}", t(ITEM_POINTS, lang), escape(self.remiss.version())), width),
                Style::default().add_modifier(Modifier::BOLD),
            ),
        ];
        for p in points {
            let head = point_head(&self.remiss, p, Some(plan), lang);
            let body = escape(&crate::publish::one_line(p.str("text"))).into_owned();
            for (n, part) in wrap(&format!("{head}: {body}"), width.saturating_sub(4)).into_iter().enumerate() {
                out.push(Line::raw(format!("  {}{part}", if n == 0 { "• " } else { "  " })));
            }
        }
        out
    }
}

/// The consultation of a diff's older revision, whose points the diff view
/// shows beside the changes they led to.
#[derive(Debug)]
pub struct DiffPoints {
    pub path: PathBuf,
    pub side: Side<Remiss>,
}

impl DiffPoints {
    /// Looks for the consultation of `old`'s version beside either file;
    /// a file that is there but cannot be read gives a note instead.
    pub fn find(old_file: &Path, new_file: &Path, old: &Plan) -> Result<Option<DiffPoints>, crate::i18n::Text> {
        for file in [old_file, new_file] {
            let path = path_of(file, old, SideKind::Remiss);
            if !path.is_file() {
                continue;
            }
            return match remiss::load_file(&path) {
                Ok(side) => Ok(Some(DiffPoints { path, side })),
                Err(e) => {
                    let shown = crate::text::path(&path);
                    Err(crate::i18n::Text::new(e.render(&shown, Lang::Sv), e.render(&shown, Lang::En)))
                }
            };
        }
        Ok(None)
    }

    /// Returns the points linked to the change with key `key`.
    pub fn linked<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.side.value.points_for(key)
    }

    /// Returns the lines a change shows for its linked points.
    pub fn lines(&self, key: &str, plan: &Plan, lang: Lang, width: usize) -> Vec<Line<'static>> {
        let r = &self.side.value;
        self.linked(key)
            .map(|p| {
                let text = format!(
                    "{} {}: {}",
                    t(TITLE, lang),
                    point_head(r, p, Some(plan), lang),
                    escape(&crate::publish::one_line(p.str("text")))
                );
                Line::from(vec![
                    Span::raw("    "),
                    Span::styled("◆ ", Style::default().fg(Color::Cyan)),
                    Span::styled(truncate(&text, width.saturating_sub(6)), Style::default().fg(Color::Cyan)),
                ])
            })
            .collect()
    }
}

use super::modal::{Modal, PickItem, PickModal, PickPurpose, PickValue};

impl App {
    /// The key of the change selected in the diff view, with the view's
    /// consultation; a message when either is missing.
    fn selected_change_points(&mut self) -> Option<String> {
        let v = self.diff.as_ref()?;
        let i = v.change()?;
        let key = crate::diff::review::change_key(&v.changes[i]);
        if v.points.is_none() {
            self.info(t(NO_LINKS, self.lang));
            return None;
        }
        Some(key)
    }

    /// Offers every point of the consultation, the ones linked to the
    /// selected change ticked; Enter links and unlinks as ticked.
    pub(super) fn ask_link_points(&mut self) {
        let Some(key) = self.selected_change_points() else { return };
        let Some(v) = self.diff.as_ref() else { return };
        let Some(dp) = v.points.as_ref() else { return };
        let r = &dp.side.value;
        let items: Vec<PickItem> = r
            .points
            .iter()
            .map(|p| PickItem {
                label: format!(
                    "{}: {}",
                    point_head(r, p, Some(&v.old.plan), self.lang),
                    escape(&crate::publish::one_line(p.str("text")))
                ),
                value: PickValue::Key(p.str("id").to_string()),
                checked: p.list("changes").contains(&key),
            })
            .collect();
        if items.is_empty() {
            return self.info(lang_pick(
                self.lang,
                "Remissen har inga synpunkter ännu.",
                "The consultation has no points yet.",
            ));
        }
        let selected = items.iter().position(|i| i.checked).unwrap_or(0);
        self.modal = Some(Modal::Pick(PickModal {
            purpose: PickPurpose::LinkPoints { key },
            title: t(LINK_TITLE, self.lang).into(),
            items,
            selected,
            multi: true,
            error: None,
            query: String::new(),
        }));
    }

    /// Links the ticked points to the change `key` and unlinks the others
    /// that were linked, in one save.
    pub(super) fn link_points(&mut self, key: &str, ticked: &[String]) {
        let Some(dp) = self.diff.as_ref().and_then(|v| v.points.as_ref()) else { return };
        let mut text = dp.side.source.clone();
        for p in &dp.side.value.points {
            let id = p.str("id");
            let linked = p.list("changes").iter().any(|k| k == key);
            let want = ticked.iter().any(|t| t == id);
            if linked == want {
                continue;
            }
            let h = crate::consult::write::Handling {
                disposition: None,
                answer: None,
                link: if want { vec![key.to_string()] } else { Vec::new() },
                unlink: if want { Vec::new() } else { vec![key.to_string()] },
            };
            match crate::consult::write::set_handling(&text, id, &h) {
                Ok(t) => text = t,
                Err(e) => return self.error(escape(e.get(self.lang)).into_owned()),
            }
        }
        self.save_points(text);
    }

    /// Asks how a point linked to the selected change was handled: first
    /// which point, when several are linked.
    pub(super) fn ask_disposition(&mut self) {
        let Some(key) = self.selected_change_points() else { return };
        let Some(v) = self.diff.as_ref() else { return };
        let Some(dp) = v.points.as_ref() else { return };
        let r = &dp.side.value;
        let linked: Vec<&Entry> = dp.linked(&key).collect();
        match linked.as_slice() {
            [] => self.info(t(NONE_LINKED, self.lang)),
            [one] => {
                let id = one.str("id").to_string();
                self.ask_disposition_of(id);
            }
            many => {
                let items = many
                    .iter()
                    .map(|p| PickItem {
                        label: format!(
                            "{}: {}",
                            point_head(r, p, Some(&v.old.plan), self.lang),
                            escape(&crate::publish::one_line(p.str("text")))
                        ),
                        value: PickValue::Key(p.str("id").to_string()),
                        checked: false,
                    })
                    .collect();
                self.modal = Some(Modal::Pick(PickModal {
                    purpose: PickPurpose::PointForDisposition,
                    title: t(WHICH_POINT, self.lang).into(),
                    items,
                    selected: 0,
                    multi: false,
                    error: None,
                    query: String::new(),
                }));
            }
        }
    }

    /// Offers the dispositions for point `id`, its present one ticked.
    pub(super) fn ask_disposition_of(&mut self, id: String) {
        let Some(dp) = self.diff.as_ref().and_then(|v| v.points.as_ref()) else { return };
        let now = dp.side.value.points.iter().find(|p| p.str("id") == id).map(|p| p.str("disposition")).unwrap_or("");
        let mut items =
            vec![PickItem { label: t(OPEN, self.lang).into(), value: PickValue::Remove, checked: now.is_empty() }];
        items.extend(DISPOSITIONS.iter().map(|c| PickItem {
            label: c.label(self.lang).to_string(),
            value: PickValue::Key(c.key.to_string()),
            checked: c.key == now,
        }));
        let selected = items.iter().position(|i| i.checked).unwrap_or(0);
        self.modal = Some(Modal::Pick(PickModal {
            purpose: PickPurpose::Disposition { point: id.clone() },
            title: format!("{} ({})", t(DISPOSITION_TITLE, self.lang), escape(&id)),
            items,
            selected,
            multi: false,
            error: None,
            query: String::new(),
        }));
    }

    /// Sets (or, with `None`, clears) how point `id` was handled.
    pub(super) fn set_disposition(&mut self, id: &str, disposition: Option<String>) {
        let Some(dp) = self.diff.as_ref().and_then(|v| v.points.as_ref()) else { return };
        let h = crate::consult::write::Handling {
            // An empty text removes the disposition: the point is open again.
            disposition: Some(disposition.unwrap_or_default()),
            answer: None,
            link: Vec::new(),
            unlink: Vec::new(),
        };
        match crate::consult::write::set_handling(&dp.side.source, id, &h) {
            Ok(text) => self.save_points(text),
            Err(e) => self.error(escape(e.get(self.lang)).into_owned()),
        }
    }

    /// Saves the diff view's consultation as `text` (checked against the
    /// two revisions, atomically), then reads it back.
    fn save_points(&mut self, text: String) {
        let lang = self.lang;
        let Some(v) = self.diff.as_mut() else { return };
        let Some(dp) = v.points.as_ref() else { return };
        if text == dp.side.source {
            return;
        }
        let against = remiss::Against { base: Some(&v.old.plan), next: Some((&v.new.plan, v.changes.as_slice())) };
        let path = dp.path.clone();
        match remiss::save_checked(&path, &dp.side.source, &text, against) {
            Ok(()) => match remiss::load_file(&path) {
                Ok(side) => {
                    v.points = Some(DiffPoints { path, side });
                    self.diff_visible();
                    self.read_beside();
                    self.info(t(SAVED, lang));
                }
                Err(e) => self.error(escape(&e.render(&crate::text::path(&path), lang)).into_owned()),
            },
            Err(e) => {
                let why = e.lines(lang).join(" · ").replace('\n', " ");
                self.error(format!("{}: {why}", t(NOT_SAVED, lang)));
            }
        }
    }
}

fn lang_pick(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    lang.pick(sv, en)
}
