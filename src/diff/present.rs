//! Presents changes the one way every output shows them: grouped the way a
//! reviewer reads them (plan and parties first, then per focus area and
//! goal), items named, values as a person reads them, and each change as
//! [`Segment`]s of a [`SegKind`] that the text diff, the Markdown diff, the
//! editor's diff view and the Word export paint, each in its own way.
//!
//! The segments hold plan text as it is: each painter escapes for its
//! target (terminal, Markdown, XML).

use super::semantic::{Change, ElementChange, Op, element_changes, op_word};
use super::words::{Tag, word_diff};
use crate::i18n::Lang;
use crate::plan::model::{Plan, Value};
use crate::plan::schema::{FieldType, Kind, find_choice};

/// What a piece of a presented change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegKind {
    /// lansplan's own words and punctuation: an arrow, "(saknades)".
    Label,
    /// A whole value (or item) of the old revision.
    Old,
    /// A whole value (or item) of the new revision.
    New,
    /// Words only the new value has, inside a value both sides share in part.
    Inserted,
    /// Words only the old value has, inside a value both sides share in part.
    Deleted,
    /// Words (or a key, such as a measurement's year) both sides have.
    Context,
}

/// A run of text of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegKind,
    pub text: String,
}

impl Segment {
    fn new(kind: SegKind, text: impl Into<String>) -> Segment {
        Segment { kind, text: text.into() }
    }
}

/// A change as every output shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Presented {
    pub op: Op,
    pub kind: Kind,
    /// The item's noun and id in lower case ("aktivitet A5", "planen").
    pub subject: String,
    /// The operation as a participle that agrees with the noun ("ny", "ändrat").
    pub word: &'static str,
    /// The item's label in the new revision, else the old one ("" if none).
    pub name: String,
    /// The changed field's label ("Titel"), for a changed or moved field.
    pub field: Option<&'static str>,
    /// For a removed item, the id of the added one it probably is.
    pub same_as: Option<String>,
    /// The change on one line, to read: the old value, an arrow and the
    /// new one, or the words they share with the ones that differ, or a
    /// list's elements that went and came.
    pub inline: Vec<Segment>,
    /// The change as a tracked revision: no words of lansplan's own, so
    /// that the [`SegKind::Context`] with the [`SegKind::Old`] and
    /// [`SegKind::Deleted`] segments read as the old value and the context
    /// with the [`SegKind::New`] and [`SegKind::Inserted`] ones as the new.
    pub tracked: Vec<Segment>,
}

impl Presented {
    /// Returns the old side alone: the value (or item) before, or for a
    /// changed field the old value lacked, what says so.
    pub fn old_side(&self, lang: Lang) -> Vec<Segment> {
        self.side(SegKind::Old, SegKind::Deleted, lang)
    }

    /// Returns the new side alone.
    pub fn new_side(&self, lang: Lang) -> Vec<Segment> {
        self.side(SegKind::New, SegKind::Inserted, lang)
    }

    fn side(&self, whole: SegKind, part: SegKind, lang: Lang) -> Vec<Segment> {
        let out: Vec<Segment> =
            self.tracked.iter().filter(|s| [whole, part, SegKind::Context].contains(&s.kind)).cloned().collect();
        match self.op {
            Op::Changed | Op::Moved if out.is_empty() => vec![Segment::new(SegKind::Label, absent(whole, lang))],
            _ => out,
        }
    }
}

/// Returns what to say for a value one side does not have.
pub fn absent(side: SegKind, lang: Lang) -> &'static str {
    match side {
        SegKind::Old | SegKind::Deleted => lang.pick("(saknades)", "(absent)"),
        _ => lang.pick("(borttaget)", "(removed)"),
    }
}

/// Returns the change `c` (from `old` to `new`) presented.
pub fn present(old: &Plan, new: &Plan, c: &Change, lang: Lang) -> Presented {
    let subject = match &c.id {
        Some(id) => format!("{} {id}", c.kind.noun(lang)),
        None => c.kind.noun(lang).to_string(),
    };
    let item_label = c.item.as_ref().map(|i| i.label().to_string());
    let name = item_label.clone().unwrap_or_else(|| {
        let id = c.id.as_deref().unwrap_or("");
        new.find(c.kind, id).or_else(|| old.find(c.kind, id)).map(|i| i.label().to_string()).unwrap_or_default()
    });
    let field_name = c.field.unwrap_or("");
    let field = c.kind.field(field_name).map(|f| f.label(lang));
    let (inline, tracked) = match c.op {
        Op::Added => {
            let s = vec![Segment::new(SegKind::New, item_label.unwrap_or_default())];
            (s.clone(), s)
        }
        Op::Removed => {
            let s = vec![Segment::new(SegKind::Old, item_label.unwrap_or_default())];
            (s.clone(), s)
        }
        Op::Moved | Op::Changed => {
            let show = |v: &Option<Value>| v.as_ref().map(|v| value_text(old, new, c.kind, field_name, v, lang));
            let (a, b) = (show(&c.old), show(&c.new));
            let tracked = tracked_segments(a.as_deref(), b.as_deref(), true);
            let mut inline = match element_changes(c.old.as_ref(), c.new.as_ref()) {
                Some(elements) => element_segments(&named_elements(old, new, c.kind, field_name, elements)),
                None if c.op == Op::Changed && is_text(c.kind, field_name) && shares_words(&tracked) => tracked.clone(),
                None => exchange(a.as_deref(), b.as_deref(), lang),
            };
            // Issue 18: a commitment held by another principal says so.
            if let Some(shift) = super::shift::of(old, new, c) {
                inline.push(Segment::new(SegKind::Context, format!(" — {}", shift.get(lang))));
            }
            (inline, tracked)
        }
    };
    Presented {
        op: c.op,
        kind: c.kind,
        subject,
        word: op_word(c.op, c.kind, lang),
        name,
        field,
        same_as: c.probably_same_as.clone(),
        inline,
        tracked,
    }
}

/// Returns a changed value as a person reads it: a reference by the name
/// of what it points to, an enumeration in words.
fn value_text(old: &Plan, new: &Plan, kind: Kind, field: &str, v: &Value, lang: Lang) -> String {
    match (kind.field(field).map(|f| &f.ty), v) {
        (Some(FieldType::Ref(target)), Value::Str(id)) => name_of(old, new, *target, id),
        (Some(FieldType::RefList(target)), Value::List(ids)) => {
            ids.iter().map(|id| label_of(old, new, *target, id)).collect::<Vec<_>>().join(", ")
        }
        _ => show_value(kind, field, v, lang),
    }
}

/// Returns the name of an item of `kind` in either plan, or its id when
/// it has none (or is in neither: `check` reports that).
fn label_of(old: &Plan, new: &Plan, kind: Kind, id: &str) -> String {
    let label = new.find(kind, id).or_else(|| old.find(kind, id)).map(|i| i.label().to_string()).unwrap_or_default();
    if label.is_empty() { id.to_string() } else { label }
}

/// Names the elements of a list of references (responsible parties,
/// goals): a person reads "Bräcke kommun", not `bracke`.
fn named_elements(old: &Plan, new: &Plan, kind: Kind, field: &str, elements: Vec<ElementChange>) -> Vec<ElementChange> {
    let Some(FieldType::RefList(target)) = kind.field(field).map(|f| &f.ty) else { return elements };
    let name = |id: String| label_of(old, new, *target, &id);
    elements
        .into_iter()
        .map(|e| match e {
            ElementChange::Added(x) => ElementChange::Added(name(x)),
            ElementChange::Removed(x) => ElementChange::Removed(name(x)),
            other => other,
        })
        .collect()
}

/// Returns the element changes of a list or of measurements, one after
/// another.
fn element_segments(elements: &[ElementChange]) -> Vec<Segment> {
    let mut out = Vec::new();
    for (n, e) in elements.iter().enumerate() {
        if n > 0 {
            out.push(Segment::new(SegKind::Label, ", "));
        }
        match e {
            ElementChange::Removed(x) => out.push(Segment::new(SegKind::Deleted, x.clone())),
            ElementChange::Added(x) => out.push(Segment::new(SegKind::Inserted, x.clone())),
            ElementChange::Changed { key, old, new } => out.extend([
                Segment::new(SegKind::Context, key.clone()),
                Segment::new(SegKind::Label, ": "),
                Segment::new(SegKind::Old, old.clone()),
                Segment::new(SegKind::Label, " → "),
                Segment::new(SegKind::New, new.clone()),
            ]),
        }
    }
    out
}

/// Returns the old value, an arrow and the new value, an absent one
/// named as such.
fn exchange(a: Option<&str>, b: Option<&str>, lang: Lang) -> Vec<Segment> {
    let side = |v: Option<&str>, kind: SegKind| match v {
        Some(v) => Segment::new(kind, v),
        None => Segment::new(SegKind::Label, absent(kind, lang)),
    };
    vec![side(a, SegKind::Old), Segment::new(SegKind::Label, " → "), side(b, SegKind::New)]
}

/// Returns true when segments hold words both sides share.
fn shares_words(segments: &[Segment]) -> bool {
    segments.iter().any(|s| s.kind == SegKind::Context)
}

/// Returns a change from `a` to `b` (either absent) as a tracked
/// revision: with `wordwise`, the words they share as context and the
/// others deleted and inserted, if they share any; else `a` whole and `b`
/// whole.
pub fn tracked_segments(a: Option<&str>, b: Option<&str>, wordwise: bool) -> Vec<Segment> {
    if wordwise && let (Some(a), Some(b)) = (a, b) {
        let segs = word_diff(a, b);
        if segs.iter().any(|s| s.tag == Tag::Same) {
            let kind = |t: Tag| match t {
                Tag::Same => SegKind::Context,
                Tag::Removed => SegKind::Deleted,
                Tag::Added => SegKind::Inserted,
            };
            return segs.into_iter().map(|s| Segment::new(kind(s.tag), s.text)).collect();
        }
    }
    let mut out = Vec::new();
    out.extend(a.map(|a| Segment::new(SegKind::Old, a)));
    out.extend(b.map(|b| Segment::new(SegKind::New, b)));
    out
}

/// Returns the text of `segments`, as it reads without any paint.
pub fn plain(segments: &[Segment]) -> String {
    segments.iter().map(|s| s.text.as_str()).collect()
}

/// Returns a string with its first letter in upper case.
pub fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A heading under which changes are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// The plan, the revision and the parties.
    General,
    /// A focus area, by id.
    FocusArea(String),
    /// Items whose focus area cannot be told (a dangling reference).
    Unplaced,
}

/// Returns the section and goal a change belongs under.
pub fn placement(c: &Change) -> (Section, Option<String>) {
    let ctx = if c.op == Op::Removed { &c.old_context } else { &c.new_context };
    match c.kind {
        Kind::Plan | Kind::Revision | Kind::Party => (Section::General, None),
        Kind::FocusArea => (Section::FocusArea(c.id.clone().unwrap_or_default()), None),
        Kind::Goal => match &ctx.focus_area {
            Some(fa) => (Section::FocusArea(fa.clone()), c.id.clone()),
            None => (Section::Unplaced, c.id.clone()),
        },
        // A commitment sits right under its focus area, beside the goals.
        Kind::Commitment => match &ctx.focus_area {
            Some(fa) => (Section::FocusArea(fa.clone()), None),
            None => (Section::Unplaced, None),
        },
        Kind::Indicator | Kind::Activity => match &ctx.focus_area {
            Some(fa) => (Section::FocusArea(fa.clone()), ctx.goal.clone()),
            None => (Section::Unplaced, ctx.goal.clone()),
        },
    }
}

/// The changes under one goal (or, with `None`, directly under the section).
pub type GoalGroup<'a> = (Option<String>, Vec<&'a Change>);
/// The changes under one section heading.
pub type SectionGroup<'a> = (Section, Vec<GoalGroup<'a>>);

/// Returns the changes grouped by section (in the new plan's focus area
/// order, then focus areas only the old plan has) and, within a section, by
/// goal in first-seen order.
pub fn grouped<'a>(old: &Plan, new: &Plan, changes: &'a [Change]) -> Vec<SectionGroup<'a>> {
    let mut order = vec![Section::General];
    for fa in new.focus_areas.iter().chain(&old.focus_areas) {
        let s = Section::FocusArea(fa.id.clone());
        if !order.contains(&s) {
            order.push(s);
        }
    }
    order.push(Section::Unplaced);
    let mut out: Vec<SectionGroup<'a>> = Vec::new();
    for section in order {
        let mut goals: Vec<GoalGroup<'a>> = Vec::new();
        for c in changes {
            let (s, g) = placement(c);
            let s = if matches!(s, Section::FocusArea(ref id) if new.find(Kind::FocusArea, id).is_none() && old.find(Kind::FocusArea, id).is_none())
            {
                Section::Unplaced
            } else {
                s
            };
            if s != section {
                continue;
            }
            match goals.iter_mut().find(|(id, _)| *id == g) {
                Some((_, list)) => list.push(c),
                None => goals.push((g, vec![c])),
            }
        }
        // Changes to the section's own item (the focus area) come first.
        goals.sort_by_key(|(g, _)| g.is_some());
        if !goals.is_empty() {
            out.push((section, goals));
        }
    }
    out
}

/// Returns the heading of a section, as plain text.
pub fn section_title(old: &Plan, new: &Plan, section: &Section, lang: Lang) -> String {
    match section {
        Section::General => lang.pick("Plan, revision och parter", "Plan, revision and parties").to_string(),
        Section::FocusArea(id) => {
            format!("{}: {}", lang.pick("Fokusområde", "Focus area"), name_of(old, new, Kind::FocusArea, id))
        }
        Section::Unplaced => lang.pick("Utan fokusområde", "Without focus area").to_string(),
    }
}

/// Returns a field value as a person reads it, enumerations in words.
pub fn show_value(kind: Kind, field: &str, v: &Value, lang: Lang) -> String {
    if let (Some(f), Value::Str(s)) = (kind.field(field), v)
        && let FieldType::Enum(choices) = f.ty
        && let Some(c) = find_choice(choices, s)
    {
        return c.label(lang).to_string();
    }
    v.display()
}

/// Returns "label (id)" for an item of `kind` in either plan.
pub fn name_of(old: &Plan, new: &Plan, kind: Kind, id: &str) -> String {
    let label = label_of(old, new, kind, id);
    if label == id { id.to_string() } else { format!("{label} ({id})") }
}

/// Returns true for free-text fields, where a word diff helps.
pub fn is_text(kind: Kind, field: &str) -> bool {
    kind.field(field).is_some_and(|f| matches!(f.ty, FieldType::Text | FieldType::LongText))
}
