//! The plan as the body of a Word document, in the order of a Swedish
//! agreement: title page, contents, summary, vision and goals, parties,
//! then per focus area its goals, indicators (with charts) and
//! activities, then the annexes.
//!
//! Given the diff from an older revision, the same document carries every
//! change as a tracked revision: a changed text word by word, another
//! changed value as the old one deleted and the new one inserted, an added
//! item inserted whole, a removed one deleted whole in its old place, and a
//! moved one deleted in its old place and inserted in its new one. What
//! belongs to one change is wrapped in anchors named after the change's key
//! ([`anchor_base`]), so that `review import` finds it again.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::model::{Block, Inline, Para, Rev, Row, Table};
use super::package::image_rel;
use crate::diff::present::{SegKind, Segment, present, tracked_segments};
use crate::diff::review::change_key;
use crate::diff::{Change, Op};
use crate::i18n::Lang;
use crate::plan::model::{Item, Plan, Value};
use crate::plan::schema::{FieldType, Kind};
use crate::publish::followup::IndicatorFollowUp;
use crate::publish::{chart, label, one_line, paragraphs, party_names, with_unit};

/// Returns the start of the anchor names of the change with `key`:
/// `lp_` and 10 hex digits of its SHA-256 (bookmark names must be short
/// and of letters, digits and `_`; change keys hold `/`, `-` and `.`).
pub fn anchor_base(key: &str) -> String {
    let hash = Sha256::digest(key.as_bytes());
    let hex: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("lp_{hex}")
}

/// The text width of an A4 page with 2.5 cm margins, in twips.
pub const TEXT_WIDTH: u32 = 9070;
/// The same in EMU (English metric units: 635 a twip).
const TEXT_WIDTH_EMU: u64 = TEXT_WIDTH as u64 * 635;

/// The older revision and the changes from it, for a diff document.
pub struct Marks<'a> {
    pub old: &'a Plan,
    pub changes: &'a [Change],
}

/// What is rendered: the body, its images, and which changes found a place.
pub struct Rendered {
    pub body: Vec<Block>,
    pub images: Vec<Vec<u8>>,
    /// Charts that could not be drawn (by indicator id).
    pub missing_charts: Vec<String>,
}

/// A goal (with its role) and its activities (with theirs), for one
/// focus area's table of activities.
type GoalActivities<'a> = ((&'a Item, Role), Vec<(&'a Item, Role)>);

/// How an item stands in one place of the document.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    Plain,
    /// Shown whole as inserted or deleted, as part of the change `key`.
    Whole(Rev, String),
}

impl Role {
    fn rev(&self) -> Rev {
        match self {
            Role::Plain => Rev::None,
            Role::Whole(r, _) => *r,
        }
    }
}

struct R<'a> {
    new: &'a Plan,
    marks: Option<&'a Marks<'a>>,
    lang: Lang,
    /// Changed and moved fields by (kind, id, field); whole-item changes by key.
    by_field: HashMap<(Kind, String, &'static str), &'a Change>,
    by_key: HashMap<String, &'a Change>,
    placed: HashSet<String>,
    places: HashMap<String, u32>,
    body: Vec<Block>,
    images: Vec<Vec<u8>>,
    missing_charts: Vec<String>,
}

/// Renders `new` (with `marks`, the changes from an older revision) and
/// `annexes` after it.
pub fn render(
    new: &Plan,
    marks: Option<&Marks<'_>>,
    annexes: &[Vec<crate::publish::blocks::Block>],
    lang: Lang,
) -> Rendered {
    let mut by_field = HashMap::new();
    let mut by_key = HashMap::new();
    for c in marks.map(|m| m.changes).unwrap_or(&[]) {
        if let (Some(f), Op::Changed | Op::Moved) = (c.field, c.op) {
            by_field.insert((c.kind, c.id.clone().unwrap_or_default(), f), c);
        }
        by_key.insert(change_key(c), c);
    }
    let mut r = R {
        new,
        marks,
        lang,
        by_field,
        by_key,
        placed: HashSet::new(),
        places: HashMap::new(),
        body: Vec::new(),
        images: Vec::new(),
        missing_charts: Vec::new(),
    };
    r.title_page();
    let toc_at = r.body.len();
    r.intro();
    r.parties();
    let old_areas: Vec<&Item> = r.old().map(|o| o.focus_areas.iter().collect()).unwrap_or_default();
    let areas = r.interleave(Kind::FocusArea, old_areas, new.focus_areas.iter().collect(), &Role::Plain);
    for (n, (area, role)) in areas.into_iter().enumerate() {
        r.focus_area(area, &role, n + 1);
    }
    r.unplaced();
    for blocks in annexes {
        r.annex(blocks);
    }
    let entries = toc_entries(&r.body);
    let title = lang.pick("Innehåll", "Contents").to_string();
    r.body.insert(toc_at, Block::Toc { title, entries });
    Rendered { body: r.body, images: r.images, missing_charts: r.missing_charts }
}

/// Renders document blocks alone (a summary of consultation responses).
pub fn render_blocks(blocks: &[crate::publish::blocks::Block], lang: Lang) -> Rendered {
    let empty = Plan::empty();
    let mut r = R {
        new: &empty,
        marks: None,
        lang,
        by_field: HashMap::new(),
        by_key: HashMap::new(),
        placed: HashSet::new(),
        places: HashMap::new(),
        body: Vec::new(),
        images: Vec::new(),
        missing_charts: Vec::new(),
    };
    r.annex(blocks);
    if let Some(Block::P(p)) = r.body.first_mut() {
        p.page_break_before = false;
    }
    Rendered { body: r.body, images: r.images, missing_charts: r.missing_charts }
}

/// Returns the headings of levels 1–3 as the new revision reads them.
fn toc_entries(body: &[Block]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for b in body {
        let Block::P(p) = b else { continue };
        let level = match p.style {
            Some("Heading1") => 1,
            Some("Heading2") => 2,
            Some("Heading3") => 3,
            _ => continue,
        };
        let text: String = p
            .inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Text { text, rev, .. } if *rev != Rev::Del => Some(text.as_str()),
                _ => None,
            })
            .collect();
        if !text.trim().is_empty() {
            out.push((level, one_line(&text)));
        }
    }
    out
}

impl<'a> R<'a> {
    fn old(&self) -> Option<&'a Plan> {
        self.marks.map(|m| m.old)
    }

    fn change_of(&self, kind: Kind, id: &str, op: Op) -> Option<&'a Change> {
        let what = match op {
            Op::Added => "added",
            Op::Removed => "removed",
            _ => return None,
        };
        self.by_key.get(&format!("{}/{id}/{what}", kind.json_name())).copied()
    }

    fn moved(&self, kind: Kind, id: &str) -> Option<&'a Change> {
        let field = match kind {
            Kind::Goal => "focus_area",
            Kind::Indicator | Kind::Activity => "goal",
            _ => return None,
        };
        self.by_field.get(&(kind, id.to_string(), field)).copied().filter(|c| c.op == Op::Moved)
    }

    /// Returns the next anchor name of `key`, and marks the change placed.
    fn anchor(&mut self, key: &str) -> String {
        self.placed.insert(key.to_string());
        let n = self.places.entry(key.to_string()).or_insert(0);
        *n += 1;
        format!("{}_{n}", anchor_base(key))
    }

    /// Wraps `inlines` in the next anchor of `key`.
    fn anchored(&mut self, key: &str, inlines: Vec<Inline>) -> Vec<Inline> {
        let name = self.anchor(key);
        let mut out = Vec::with_capacity(inlines.len() + 2);
        out.push(Inline::AnchorStart(name.clone()));
        out.extend(inlines);
        out.push(Inline::AnchorEnd(name));
        out
    }

    /// Returns the items of a container (a plan's focus areas, an area's
    /// goals, a goal's activities) in the new revision's order, with those
    /// only the old one has after the item that came before them there,
    /// each with its role. Items inside a whole-item change take its role.
    fn interleave(&self, kind: Kind, old: Vec<&'a Item>, new: Vec<&'a Item>, parent: &Role) -> Vec<(&'a Item, Role)> {
        let in_new: HashSet<&str> = new.iter().map(|i| i.id.as_str()).collect();
        let in_old: HashSet<&str> = old.iter().map(|i| i.id.as_str()).collect();
        // Old-only items, by the id of the shared item they follow.
        let mut after: HashMap<Option<&str>, Vec<&'a Item>> = HashMap::new();
        let mut prev: Option<&str> = None;
        for o in &old {
            if in_new.contains(o.id.as_str()) {
                prev = Some(o.id.as_str());
            } else {
                after.entry(prev).or_default().push(o);
            }
        }
        let role = |item: &Item, only_new: bool| -> Role {
            if *parent != Role::Plain {
                let own = if only_new { Op::Added } else { Op::Removed };
                return match self.change_of(kind, &item.id, own) {
                    Some(c) => Role::Whole(if only_new { Rev::Ins } else { Rev::Del }, change_key(c)),
                    None => parent.clone(),
                };
            }
            let (op, rev) = if only_new { (Op::Added, Rev::Ins) } else { (Op::Removed, Rev::Del) };
            match self.change_of(kind, &item.id, op).or_else(|| self.moved(kind, &item.id)) {
                Some(c) => Role::Whole(rev, change_key(c)),
                None => Role::Plain,
            }
        };
        let mut out = Vec::new();
        for o in after.remove(&None).unwrap_or_default() {
            out.push((o, role(o, false)));
        }
        for n in new {
            let only_new = !in_old.contains(n.id.as_str());
            out.push((n, role(n, only_new)));
            if !only_new {
                for o in after.remove(&Some(n.id.as_str())).unwrap_or_default() {
                    out.push((o, role(o, false)));
                }
            }
        }
        out
    }

    /// Returns the plan an item of this role is read from, for party names.
    fn plan_for(&self, role: &Role) -> &'a Plan {
        match (role.rev(), self.old()) {
            (Rev::Del, Some(old)) => old,
            _ => self.new,
        }
    }

    /// Returns a field's value as the document shows it, on one line.
    fn value(&self, item: &Item, field: &str, plan: &Plan) -> String {
        let lang = self.lang;
        let Some(f) = item.kind.field(field) else { return String::new() };
        match (&f.ty, item.get(field)) {
            (_, None) => String::new(),
            (FieldType::Enum(_), Some(_)) => label(item, field, lang),
            (FieldType::RefList(Kind::Party), Some(_)) => party_names(plan, item.list(field), lang).join(", "),
            (_, Some(Value::YearValue(yv))) => {
                format!("{} ({})", with_unit(yv.value, item.str("unit"), lang), yv.year)
            }
            (_, Some(Value::Measurements(ms))) => ms
                .iter()
                .map(|m| format!("{}: {}", m.key_label(), crate::publish::number(m.value, lang)))
                .collect::<Vec<_>>()
                .join("; "),
            (FieldType::LongText, Some(Value::Str(s))) => paragraphs(s).join("\n"),
            (_, Some(v)) => one_line(&v.display()),
        }
    }

    /// Returns a field of `item` as inlines: as it is, whole under the
    /// item's role, or with the field's own change marked and anchored.
    fn field(&mut self, item: &Item, field: &str, role: &Role) -> Vec<Inline> {
        let text = |t: String, rev: Rev| Inline::Text { text: t, rev, strong: false };
        if *role != Role::Plain {
            let v = self.value(item, field, self.plan_for(role));
            return vec![text(v, role.rev())];
        }
        let change = self.by_field.get(&(item.kind, key_id(item), leak(item.kind, field))).copied();
        let Some(c) = change.filter(|c| c.op == Op::Changed) else {
            return vec![text(self.value(item, field, self.new), Rev::None)];
        };
        let Some(old_item) = self.old().and_then(|o| find(o, item.kind, &item.id)) else {
            return vec![text(self.value(item, field, self.new), Rev::None)];
        };
        let old_plan = self.old().unwrap_or(self.new);
        let (a, b) = (self.value(old_item, field, old_plan), self.value(item, field, self.new));
        let wordwise = matches!(
            item.kind.field(field).map(|f| &f.ty),
            Some(FieldType::Text | FieldType::LongText | FieldType::RefList(_) | FieldType::Measurements)
        );
        let inlines = revisions(tracked_segments(Some(&a), Some(&b), wordwise));
        let key = change_key(c);
        self.anchored(&key, inlines)
    }

    /// Pushes a paragraph; under a whole-item role it is anchored and its
    /// mark carries the revision too.
    fn push_para(&mut self, mut p: Para, role: &Role) {
        if let Role::Whole(rev, key) = role {
            p.mark = *rev;
            let inlines = std::mem::take(&mut p.inlines);
            p.inlines = self.anchored(key, inlines);
        }
        self.body.push(Block::P(p));
    }

    /// Pushes a long text as paragraphs of `style`, a line break inside a
    /// marked stretch kept as a break, one outside as a new paragraph.
    fn push_long(&mut self, inlines: Vec<Inline>, style: Option<&'static str>, role: &Role) {
        let mut paras: Vec<Para> = vec![Para { style, ..Para::default() }];
        for i in inlines {
            match i {
                Inline::Text { text, rev: Rev::None, strong } if text.contains('\n') => {
                    for (n, piece) in text.split('\n').enumerate() {
                        if n > 0 {
                            paras.push(Para { style, ..Para::default() });
                        }
                        if let Some(p) = paras.last_mut() {
                            p.inlines.push(Inline::Text { text: piece.to_string(), rev: Rev::None, strong });
                        }
                    }
                }
                other => {
                    if let Some(p) = paras.last_mut() {
                        p.inlines.push(other);
                    }
                }
            }
        }
        for p in
            paras.into_iter().filter(|p| !p.is_empty() || p.inlines.iter().any(|i| !matches!(i, Inline::Text { .. })))
        {
            self.push_para(p, role);
        }
    }

    fn heading(&mut self, level: usize, inlines: Vec<Inline>, role: &Role) {
        let style = match level {
            1 => "Heading1",
            2 => "Heading2",
            _ => "Heading3",
        };
        self.push_para(Para { style: Some(style), inlines, ..Para::default() }, role);
    }

    fn plain_heading(&mut self, level: usize, text: &str) {
        let t = vec![Inline::Text { text: text.to_string(), rev: Rev::None, strong: false }];
        self.heading(level, t, &Role::Plain);
    }

    fn field_label(&self, kind: Kind, field: &str) -> String {
        kind.field(field).map(|f| f.label(self.lang)).unwrap_or(field).to_string()
    }

    /// Returns whether a field has a value in the new revision, or a change.
    fn shows(&self, item: &Item, field: &str) -> bool {
        item.get(field).is_some() || self.by_field.contains_key(&(item.kind, key_id(item), leak(item.kind, field)))
    }

    fn title_page(&mut self) {
        let (p, r) = (&self.new.plan, &self.new.revision);
        let mut kicker = self.field(p, "kind", &Role::Plain);
        capitalize_first(&mut kicker);
        kicker.push(Inline::Text { text: " · ".into(), rev: Rev::None, strong: false });
        kicker.extend(self.field(p, "county", &Role::Plain));
        self.body.push(Block::P(Para { style: Some("Subtitle"), inlines: kicker, ..Para::default() }));
        let title = self.field(p, "title", &Role::Plain);
        self.body.push(Block::P(Para { style: Some("Title"), inlines: title, ..Para::default() }));
        let mut t = Table { widths: vec![2600, TEXT_WIDTH - 2600], rows: Vec::new() };
        let rows: [(&Item, &str); 8] = [
            (p, "county"),
            (p, "target_group"),
            (p, "period"),
            (r, "version"),
            (r, "status"),
            (r, "date"),
            (r, "decided_by"),
            (r, "author"),
        ];
        for (item, field) in rows {
            if !self.shows(item, field) {
                continue;
            }
            let value = self.field(item, field, &Role::Plain);
            let label = vec![Para::default().strong(self.field_label(item.kind, field))];
            t.rows.push(Row { cells: vec![label, vec![Para { inlines: value, ..Para::default() }]], ..Row::default() });
        }
        self.body.push(Block::T(t));
    }

    fn intro(&mut self) {
        let (p, r) = (&self.new.plan, &self.new.revision);
        let mut first = true;
        let sections: [(&Item, &str); 6] =
            [(r, "summary"), (p, "purpose"), (p, "background"), (p, "legal_basis"), (p, "vision"), (p, "overall_goal")];
        for (item, field) in sections {
            // Fields the schema does not have yet (format 1.1's purpose,
            // background and legal basis) are passed over.
            if item.kind.field(field).is_none() || !self.shows(item, field) {
                continue;
            }
            self.plain_heading(1, &self.field_label(item.kind, field));
            if first {
                if let Some(Block::P(h)) = self.body.last_mut() {
                    h.page_break_before = true;
                }
                first = false;
            }
            let inlines = self.field(item, field, &Role::Plain);
            self.push_long(inlines, None, &Role::Plain);
        }
    }

    fn parties(&mut self) {
        let lang = self.lang;
        let old: Vec<&Item> = self.old().map(|o| o.parties.iter().collect()).unwrap_or_default();
        let list = self.interleave(Kind::Party, old, self.new.parties.iter().collect(), &Role::Plain);
        if list.is_empty() {
            return;
        }
        self.plain_heading(1, lang.pick("Parter", "Parties"));
        let heads = [lang.pick("Part", "Party"), lang.pick("Typ", "Kind")];
        let mut t = Table::with_heads(vec![6070, 3000], &heads);
        for (party, role) in list {
            let cells = vec![self.field(party, "name", &role), self.field(party, "kind", &role)];
            t.rows.push(self.row(cells, &role));
        }
        self.body.push(Block::T(t));
    }

    /// Returns a table row of cells (each one paragraph of inlines); under
    /// a whole-item role the row and its first cell are marked and anchored.
    fn row(&mut self, cells: Vec<Vec<Inline>>, role: &Role) -> Row {
        let mut cells: Vec<Vec<Para>> =
            cells.into_iter().map(|inlines| vec![Para { inlines, mark: role.rev(), ..Para::default() }]).collect();
        if let (Role::Whole(_, key), Some(first)) = (role, cells.first_mut().and_then(|c| c.first_mut())) {
            let inlines = std::mem::take(&mut first.inlines);
            first.inlines = self.anchored(key, inlines);
        }
        Row { cells, rev: role.rev(), ..Row::default() }
    }

    fn focus_area(&mut self, fa: &'a Item, role: &Role, n: usize) {
        let lang = self.lang;
        let mut head = vec![Inline::Text { text: format!("{n}. "), rev: role.rev(), strong: false }];
        head.extend(self.field(fa, "name", role));
        self.heading(1, head, role);
        if self.shows(fa, "skr") {
            let mut line = vec![Inline::Text {
                text: format!("{}: ", lang.pick("SKR-område", "SKR area")),
                rev: role.rev(),
                strong: false,
            }];
            line.extend(self.field(fa, "skr", role));
            self.push_para(Para { style: Some("Note"), inlines: line, ..Para::default() }, role);
        }
        if self.shows(fa, "description") {
            let d = self.field(fa, "description", role);
            self.push_long(d, None, role);
        }
        let old_goals: Vec<&Item> =
            self.old().map(|o| o.goals.iter().filter(|g| g.str("focus_area") == fa.id).collect()).unwrap_or_default();
        let new_goals: Vec<&Item> =
            if role.rev() == Rev::Del { Vec::new() } else { self.new.goals_in(&fa.id).collect() };
        let old_goals = if role.rev() == Rev::Ins { Vec::new() } else { old_goals };
        let goals = self.interleave(Kind::Goal, old_goals, new_goals, role);
        let h2 = |r: &mut Self, text: &str| {
            r.heading(2, vec![Inline::Text { text: text.into(), rev: role.rev(), strong: false }], role)
        };
        h2(self, lang.pick("Mål", "Goals"));
        if goals.is_empty() {
            let none = Inline::Text {
                text: lang.pick("Inga mål ännu.", "No goals yet.").into(),
                rev: role.rev(),
                strong: false,
            };
            self.push_para(Para { inlines: vec![none], ..Para::default() }, role);
        }
        for (g, grole) in &goals {
            self.goal(g, grole);
        }
        let indicators: Vec<(&'a Item, Role)> =
            goals.iter().flat_map(|(g, grole)| self.children(Kind::Indicator, g, grole)).collect();
        if !indicators.is_empty() {
            h2(self, lang.pick("Indikatorer", "Indicators"));
            self.indicators(&indicators);
        }
        let activities: Vec<GoalActivities<'a>> = goals
            .iter()
            .map(|(g, grole)| ((*g, grole.clone()), self.children(Kind::Activity, g, grole)))
            .filter(|(_, acts)| !acts.is_empty())
            .collect();
        if !activities.is_empty() {
            h2(self, lang.pick("Aktiviteter", "Activities"));
            self.activities(activities);
        }
    }

    /// Returns a goal's indicators or activities in both revisions, with roles.
    fn children(&self, kind: Kind, goal: &Item, role: &Role) -> Vec<(&'a Item, Role)> {
        let of = |p: &'a Plan| p.items(kind).iter().filter(|i| i.str("goal") == goal.id).collect::<Vec<_>>();
        let old = match (role.rev(), self.old()) {
            (Rev::Ins, _) | (_, None) => Vec::new(),
            (_, Some(o)) => of(o),
        };
        let new = if role.rev() == Rev::Del { Vec::new() } else { of(self.new) };
        self.interleave(kind, old, new, role)
    }

    fn goal(&mut self, g: &Item, role: &Role) {
        let lang = self.lang;
        let mut head = vec![Inline::Text { text: format!("{} ", g.id), rev: role.rev(), strong: false }];
        head.extend(self.field(g, "title", role));
        self.heading(3, head, role);
        let txt = |t: String| Inline::Text { text: t, rev: role.rev(), strong: false };
        let mut line = vec![txt(format!("{}: ", self.field_label(Kind::Goal, "level")))];
        line.extend(self.field(g, "level", role));
        line.push(txt(format!(". {}: ", lang.pick("Ansvariga", "Responsible"))));
        line.extend(self.field(g, "responsible", role));
        line.push(txt(".".into()));
        self.push_para(Para { style: Some("Note"), inlines: line, ..Para::default() }, role);
        if self.shows(g, "description") {
            let d = self.field(g, "description", role);
            self.push_long(d, None, role);
        }
    }

    fn indicators(&mut self, list: &[(&'a Item, Role)]) {
        let lang = self.lang;
        let heads = match lang {
            Lang::Sv => ["Id", "Indikator", "Utgångsvärde", "Målvärde", "Senaste värde", "Källa"],
            Lang::En => ["Id", "Indicator", "Baseline", "Target", "Latest value", "Source"],
        };
        let mut t = Table::with_heads(vec![700, 2870, 1400, 1400, 1400, 1300], &heads);
        for (i, role) in list {
            let latest = i
                .measurements()
                .iter()
                .filter(|m| m.is_total())
                .max_by_key(|m| m.year)
                .map(|m| format!("{} ({})", with_unit(m.value, i.str("unit"), lang), m.year));
            let cells = vec![
                vec![Inline::Text { text: i.id.clone(), rev: role.rev(), strong: false }],
                self.field(i, "name", role),
                self.field(i, "baseline", role),
                self.field(i, "target", role),
                vec![Inline::Text { text: latest.unwrap_or_default(), rev: role.rev(), strong: false }],
                self.field(i, "source", role),
            ];
            t.rows.push(self.row(cells, role));
        }
        self.body.push(Block::T(t));
        for (i, role) in list {
            if role.rev() == Rev::Del {
                continue;
            }
            self.indicator_figure(i, role);
        }
    }

    fn indicator_figure(&mut self, i: &Item, role: &Role) {
        let lang = self.lang;
        let txt = |t: String| Inline::Text { text: t, rev: role.rev(), strong: false };
        let mut caption = vec![txt(format!("{} ", i.id))];
        caption.extend(self.field(i, "name", role));
        self.push_para(Para { style: Some("Caption"), inlines: caption, ..Para::default() }, role);
        let f = IndicatorFollowUp::new(i, crate::plan::Date::today());
        if let Some(svg) = chart::svg(&f, lang) {
            match super::image::png(&svg) {
                Some(png) => {
                    let n = self.images.len();
                    self.images.push(png.bytes);
                    let cx = ((png.width as f64 * 9525.0) as u64).min(TEXT_WIDTH_EMU);
                    let cy = (cx as f64 * f64::from(png.height) / f64::from(png.width)) as u64;
                    let img = Inline::Image {
                        rel: image_rel(n),
                        cx,
                        cy,
                        descr: chart::description(&f, lang),
                        rev: role.rev(),
                    };
                    self.push_para(Para { inlines: vec![img], ..Para::default() }, role);
                }
                None => self.missing_charts.push(i.id.clone()),
            }
        }
        let mut line = vec![txt(format!("{}: ", self.field_label(Kind::Indicator, "direction")))];
        line.extend(self.field(i, "direction", role));
        line.push(txt(format!(". {}: ", self.field_label(Kind::Indicator, "unit"))));
        line.extend(self.field(i, "unit", role));
        if self.shows(i, "measurements") {
            line.push(txt(format!(". {}: ", self.field_label(Kind::Indicator, "measurements"))));
            line.extend(self.field(i, "measurements", role));
        }
        line.push(txt(".".into()));
        self.push_para(Para { style: Some("Note"), inlines: line, ..Para::default() }, role);
        self.per_kommun(i, role);
    }

    /// An indicator's figures per kommun (issue 19), the table the HTML
    /// export prints too: the reference rows in bold, then the kommuner
    /// that lag first.
    fn per_kommun(&mut self, i: &Item, role: &Role) {
        let Some(g) = crate::publish::areas::grid(self.plan_for(role), i, self.lang) else { return };
        self.push_para(Para::styled("Caption", g.caption), role);
        let label_width = 2200;
        let rest = g.heads.len().saturating_sub(1).max(1) as u32;
        let mut widths = vec![label_width];
        widths.extend(std::iter::repeat_n((TEXT_WIDTH - label_width) / rest, rest as usize));
        let heads: Vec<&str> = g.heads.iter().map(String::as_str).collect();
        let mut t = Table::with_heads(widths, &heads);
        for r in g.rows {
            let first = if r.reference { Para::default().strong(r.label) } else { Para::plain(r.label) };
            let mut cells = vec![vec![first]];
            cells.extend(r.cells.into_iter().map(|c| vec![Para::plain(c)]));
            t.rows.push(Row { cells, rev: role.rev(), ..Row::default() });
        }
        self.body.push(Block::T(t));
    }

    fn activities(&mut self, groups: Vec<GoalActivities<'a>>) {
        let lang = self.lang;
        let heads = match lang {
            Lang::Sv => ["Id", "Aktivitet", "Ansvariga", "Ägare", "Start", "Klart senast", "Status"],
            Lang::En => ["Id", "Activity", "Responsible", "Owner", "Start", "Due", "Status"],
        };
        let mut t = Table::with_heads(vec![600, 2570, 1600, 1300, 1000, 1000, 1000], &heads);
        for ((g, grole), acts) in groups {
            let mut head = vec![Inline::Text { text: format!("{} ", g.id), rev: grole.rev(), strong: true }];
            head.extend(self.field(g, "title", &grole).into_iter().map(bold));
            let mut row = self.row(vec![head], &grole);
            row.span = true;
            t.rows.push(row);
            for (a, role) in acts {
                let mut title = vec![self.field(a, "title", &role)];
                if self.shows(a, "description") {
                    title.push(self.field(a, "description", &role));
                }
                let cells = vec![
                    vec![Inline::Text { text: a.id.clone(), rev: role.rev(), strong: false }],
                    Vec::new(),
                    self.field(a, "responsible", &role),
                    self.field(a, "owner", &role),
                    self.field(a, "start", &role),
                    self.field(a, "due", &role),
                    self.field(a, "status", &role),
                ];
                let mut row = self.row(cells, &role);
                // The title and the description are paragraphs of one cell.
                row.cells[1] = title
                    .into_iter()
                    .enumerate()
                    .map(|(n, inlines)| Para {
                        style: if n == 0 { None } else { Some("Note") },
                        inlines,
                        mark: role.rev(),
                        ..Para::default()
                    })
                    .collect();
                t.rows.push(row);
            }
        }
        self.body.push(Block::T(t));
    }

    /// Lists the changes that have no place of their own in the document
    /// (a plan's id, say), each as a revision, so that none is left out.
    fn unplaced(&mut self) {
        let Some(m) = self.marks else { return };
        let rest: Vec<&Change> = m.changes.iter().filter(|c| !self.placed.contains(&change_key(c))).collect();
        if rest.is_empty() {
            return;
        }
        self.plain_heading(1, self.lang.pick("Övriga ändringar", "Other changes"));
        for c in rest {
            let key = change_key(c);
            let label = crate::publish::consultation::change_label(&key, self.lang);
            let mut segments = present(self.old().unwrap_or(self.new), self.new, c, self.lang).tracked;
            for s in &mut segments {
                s.text = one_line(&s.text);
            }
            let marked = revisions(segments);
            let mut inlines =
                vec![Inline::Text { text: format!("{}: ", capitalize(&label)), rev: Rev::None, strong: false }];
            inlines.extend(self.anchored(&key, marked));
            self.body.push(Block::P(Para { inlines, ..Para::default() }));
        }
    }

    /// Adds an annex written as export blocks, its first heading on a new page.
    fn annex(&mut self, blocks: &[crate::publish::blocks::Block]) {
        use crate::publish::blocks::Block as B;
        for (n, b) in blocks.iter().enumerate() {
            match b {
                B::Heading { level, text, .. } => {
                    self.plain_heading((*level).clamp(1, 3), &one_line(text));
                    if n == 0
                        && let Some(Block::P(p)) = self.body.last_mut()
                    {
                        p.page_break_before = true;
                    }
                }
                B::Para(t) => self.body.push(Block::P(Para::plain(one_line(t)))),
                B::Note(t) => self.body.push(Block::P(Para::styled("Note", one_line(t)))),
                B::Table { heads, rows } => {
                    let cols = heads.len().max(1) as u32;
                    let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
                    let mut t = Table::with_heads(vec![TEXT_WIDTH / cols; cols as usize], &heads);
                    for r in rows {
                        let cells = r
                            .iter()
                            .map(|c| vec![Para::plain(if c.is_empty() { "–".into() } else { one_line(c) })])
                            .collect();
                        t.rows.push(Row { cells, ..Row::default() });
                    }
                    self.body.push(Block::T(t));
                }
            }
        }
    }
}

/// Paints a presented change as tracked revisions.
fn revisions(segments: Vec<Segment>) -> Vec<Inline> {
    let rev = |k: SegKind| match k {
        SegKind::Label | SegKind::Context => Rev::None,
        SegKind::Old | SegKind::Deleted => Rev::Del,
        SegKind::New | SegKind::Inserted => Rev::Ins,
    };
    segments.into_iter().map(|s| Inline::Text { rev: rev(s.kind), text: s.text, strong: false }).collect()
}

fn bold(i: Inline) -> Inline {
    match i {
        Inline::Text { text, rev, .. } => Inline::Text { text, rev, strong: true },
        other => other,
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn capitalize_first(inlines: &mut [Inline]) {
    if let Some(Inline::Text { text, .. }) =
        inlines.iter_mut().find(|i| matches!(i, Inline::Text { text, .. } if !text.is_empty()))
    {
        *text = capitalize(text);
    }
}

fn find<'p>(plan: &'p Plan, kind: Kind, id: &str) -> Option<&'p Item> {
    match kind {
        Kind::Plan => Some(&plan.plan),
        Kind::Revision => Some(&plan.revision),
        _ => plan.find(kind, id),
    }
}

/// Returns the id a change names an item by: none for the plan and the
/// revision.
fn key_id(item: &Item) -> String {
    if item.kind.is_collection() { item.id.clone() } else { String::new() }
}

/// Returns the schema's `&'static` name of a field (the changes' map is
/// keyed by it), or "" for a field the kind does not have.
fn leak(kind: Kind, field: &str) -> &'static str {
    kind.field(field).map(|f| f.name).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::plan::{Date, load_str};

    fn load(s: &str) -> Plan {
        load_str(s.to_string(), Date { year: 2025, month: 1, day: 1 }).expect("loads").plan
    }

    fn anchors(body: &[Block]) -> Vec<String> {
        let mut out = Vec::new();
        let mut push = |p: &Para| {
            out.extend(
                p.inlines.iter().filter_map(|i| if let Inline::AnchorStart(n) = i { Some(n.clone()) } else { None }),
            )
        };
        for b in body {
            match b {
                Block::P(p) => push(p),
                Block::T(t) => t.rows.iter().flat_map(|r| &r.cells).flatten().for_each(&mut push),
                Block::Toc { .. } => {}
            }
        }
        out
    }

    #[test]
    fn every_change_of_every_example_pair_has_a_place() {
        let revs = [
            include_str!("../../../plans/jamtland/lok-2025.1-utkast.toml"),
            include_str!("../../../plans/jamtland/lok-2025.2-remiss.toml"),
            include_str!("../../../plans/jamtland/lok-2025.3-beslutad.toml"),
        ];
        for (i, a) in revs.iter().enumerate() {
            for b in revs.iter().skip(i + 1).chain(revs.iter().take(i)) {
                let (old, new) = (load(a), load(b));
                let changes = diff(&old, &new);
                let r = render(&new, Some(&Marks { old: &old, changes: &changes }), &[], Lang::Sv);
                let names = anchors(&r.body);
                for c in &changes {
                    let base = format!("{}_", anchor_base(&change_key(c)));
                    assert!(names.iter().any(|n| n.starts_with(&base)), "{} has no place", change_key(c));
                }
                // Without marks, no anchor and no revision.
                let plain = render(&new, None, &[], Lang::Sv);
                assert!(anchors(&plain.body).is_empty());
            }
        }
    }

    #[test]
    fn a_moved_items_other_changes_are_listed_with_the_other_changes() {
        // A moved activity shows whole in both places, so a change to its
        // title has no place of its own there.
        let a = include_str!("../../../plans/jamtland/lok-2025.2-remiss.toml");
        let b = a.replacen(
            "goal = \"G1\"\ntitle = \"Länsurval i CAN:s",
            "goal = \"G2\"\ntitle = \"Utökat länsurval i CAN:s",
            1,
        );
        let (old, new) = (load(a), load(&b));
        let changes = diff(&old, &new);
        assert_eq!(changes.iter().map(change_key).collect::<Vec<_>>(), ["activity/A1/goal", "activity/A1/title"]);
        let r = render(&new, Some(&Marks { old: &old, changes: &changes }), &[], Lang::Sv);
        let heading = |b: &Block| matches!(b, Block::P(p) if p.inlines.iter().any(|i| matches!(i, Inline::Text { text, .. } if text == "Övriga ändringar")));
        let at = r.body.iter().position(heading).expect("the heading");
        let Some(Block::P(p)) = r.body.get(at + 1) else { panic!("a paragraph after it") };
        let texts: Vec<(&str, Rev)> = p
            .inlines
            .iter()
            .filter_map(|i| if let Inline::Text { text, rev, .. } = i { Some((text.as_str(), *rev)) } else { None })
            .collect();
        assert_eq!(texts[0], ("Aktivitet A1, titel: ", Rev::None));
        assert_eq!((texts[1].1, texts[2].1), (Rev::Del, Rev::Ins));
        assert!(texts[2].0.starts_with("Utökat länsurval"));
        let names = anchors(&r.body);
        assert_eq!(names.iter().filter(|n| n.starts_with(&anchor_base("activity/A1/goal"))).count(), 2, "two places");
    }
}
