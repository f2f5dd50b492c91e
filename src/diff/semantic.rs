//! Computes the list of changes between two plans, ordered as the format
//! document specifies: by kind (plan, revision, party, focus area, goal,
//! indicator, activity), then by position in the new revision, with removed
//! items after the others of their kind, by position in the old one.

use std::collections::HashMap;

use crate::plan::model::{Item, Plan, Value};
use crate::plan::prose;
use crate::plan::schema::{FieldType, Kind};

/// What happened to an item or a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Added,
    Removed,
    Changed,
    /// A reference field (`goal`, `focus_area`) points elsewhere.
    Moved,
}

impl Op {
    /// Returns the name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Op::Added => "added",
            Op::Removed => "removed",
            Op::Changed => "changed",
            Op::Moved => "moved",
        }
    }
}

/// Returns the participle for an operation on an item of `kind`, in
/// lower case ("nytt mål", "ny aktivitet", "borttaget", "flyttad").
pub fn op_word(op: Op, kind: Kind, lang: crate::i18n::Lang) -> &'static str {
    let neuter = kind.neuter();
    match (op, neuter) {
        (Op::Added, false) => lang.pick("ny", "added"),
        (Op::Added, true) => lang.pick("nytt", "added"),
        (Op::Removed, false) => lang.pick("borttagen", "removed"),
        (Op::Removed, true) => lang.pick("borttaget", "removed"),
        (Op::Changed, false) => lang.pick("ändrad", "changed"),
        (Op::Changed, true) => lang.pick("ändrat", "changed"),
        (Op::Moved, false) => lang.pick("flyttad", "moved"),
        (Op::Moved, true) => lang.pick("flyttat", "moved"),
    }
}

/// Where an item sits in the outline: its goal and focus area.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub focus_area: Option<String>,
    pub goal: Option<String>,
}

impl Context {
    /// Returns the context of `item` within `plan`.
    pub fn of(plan: &Plan, item: &Item) -> Context {
        Context::with(&GoalAreas::new(plan), item)
    }

    /// Returns the context of `item`, with the goals' focus areas at hand.
    fn with(areas: &GoalAreas<'_>, item: &Item) -> Context {
        match item.kind {
            Kind::Goal | Kind::Commitment => {
                Context { focus_area: Some(item.str("focus_area").to_string()), goal: None }
            }
            Kind::Activity | Kind::Indicator => {
                let goal = item.str("goal");
                let focus_area = areas.0.get(goal).map(|fa| fa.to_string());
                Context { focus_area, goal: Some(goal.to_string()) }
            }
            _ => Context::default(),
        }
    }
}

/// Each goal's focus area, looked up once per plan rather than per item.
struct GoalAreas<'a>(HashMap<&'a str, &'a str>);

impl<'a> GoalAreas<'a> {
    fn new(plan: &'a Plan) -> Self {
        GoalAreas(plan.goals.iter().map(|g| (g.id.as_str(), g.str("focus_area"))).collect())
    }
}

/// One change between two revisions.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub op: Op,
    pub kind: Kind,
    /// `None` for the plan and the revision.
    pub id: Option<String>,
    /// The field, for `changed` and `moved`.
    pub field: Option<&'static str>,
    /// The old field value (changed/moved), absent when the field was added.
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// The whole item, for `added` (new) and `removed` (old).
    pub item: Option<Item>,
    /// Where the item sat in the old and the new revision.
    pub old_context: Context,
    pub new_context: Context,
    /// For a removed item: the id of an added item that looks like the same
    /// thing re-created under a new id (a hint, not a match).
    pub probably_same_as: Option<String>,
}

/// Returns every change from `old` to `new`.
pub fn diff(old: &Plan, new: &Plan) -> Vec<Change> {
    let mut out = Vec::new();
    let areas = (GoalAreas::new(old), GoalAreas::new(new));
    for kind in Kind::ALL {
        if kind.is_collection() {
            diff_collection(old, new, kind, &areas, &mut out);
        } else {
            let (o, n) = (&old.items(kind)[0], &new.items(kind)[0]);
            diff_fields(o, n, None, || (Context::default(), Context::default()), &mut out);
        }
    }
    out
}

/// Lists the changed fields of an item. The contexts are worked out only
/// for an item that changed: most items of a revision do not.
fn diff_fields(o: &Item, n: &Item, id: Option<&str>, contexts: impl Fn() -> (Context, Context), out: &mut Vec<Change>) {
    // Both lists are in schema order, so equal lists mean an unchanged
    // item, found without looking each field up by name.
    if o.fields == n.fields {
        return;
    }
    let mut ctx: Option<(Context, Context)> = None;
    for ((field, a), (_, b)) in o.schema_values().zip(n.schema_values()) {
        if field.name == "id" {
            continue;
        }
        if a == b || matches!((a, b), (Some(x), Some(y)) if same_elements(x, y)) {
            continue;
        }
        // A text written in another layout (re-wrapped, re-indented) says
        // the same: no change (issue #21).
        if matches!(field.ty, FieldType::Text | FieldType::LongText)
            && let (Some(Value::Str(x)), Some(Value::Str(y))) = (a, b)
            && prose::same_text(x, y)
        {
            continue;
        }
        let op = if matches!(field.ty, FieldType::Ref(_)) { Op::Moved } else { Op::Changed };
        let (oc, nc) = ctx.get_or_insert_with(&contexts);
        out.push(Change {
            op,
            kind: n.kind,
            id: id.map(String::from),
            field: Some(field.name),
            old: a.cloned(),
            new: b.cloned(),
            item: None,
            old_context: oc.clone(),
            new_context: nc.clone(),
            probably_same_as: None,
        });
    }
}

fn diff_collection(old: &Plan, new: &Plan, kind: Kind, areas: &(GoalAreas<'_>, GoalAreas<'_>), out: &mut Vec<Change>) {
    let old_items = old.items(kind);
    let new_items = new.items(kind);
    let (old_areas, new_areas) = areas;
    let partner = pair(old_items, new_items);
    let mut paired = vec![false; old_items.len()];
    let mut added = Vec::new();
    for (n, p) in new_items.iter().zip(partner) {
        match p {
            Some(i) => {
                paired[i] = true;
                let o = &old_items[i];
                let contexts = || (Context::with(old_areas, o), Context::with(new_areas, n));
                diff_fields(o, n, Some(&n.id), contexts, out);
            }
            None => {
                added.push(n);
                out.push(Change {
                    op: Op::Added,
                    kind,
                    id: Some(n.id.clone()),
                    field: None,
                    old: None,
                    new: None,
                    item: Some(n.clone()),
                    old_context: Context::default(),
                    new_context: Context::with(new_areas, n),
                    probably_same_as: None,
                });
            }
        }
    }
    let added: Vec<(&Item, Label<'_>)> = added.into_iter().map(|n| (n, Label::of(n))).collect();
    for (o, _) in old_items.iter().zip(paired).filter(|(_, p)| !p) {
        let lo = Label::of(o);
        let probably_same_as = added.iter().find(|(n, ln)| looks_recreated(o, &lo, n, ln)).map(|(n, _)| n.id.clone());
        out.push(Change {
            op: Op::Removed,
            kind,
            id: Some(o.id.clone()),
            field: None,
            old: None,
            new: None,
            item: Some(o.clone()),
            old_context: Context::with(old_areas, o),
            new_context: Context::default(),
            probably_same_as,
        });
    }
}

/// Finds each new item's old counterpart (its index in `old`). Items pair
/// up by id; a plan with a duplicated id (an error `check` reports) pairs
/// the first occurrence with the first, and so on, so that a plan compared
/// with itself still shows no change.
fn pair<'a>(old: &'a [Item], new: &'a [Item]) -> Vec<Option<usize>> {
    let ids = |items: &'a [Item]| items.iter().map(|i| Some(i.id.as_str()));
    crate::plan::pairing::pair_in_order(ids(old), ids(new))
}

/// Returns true for lists that hold the same elements in another order:
/// the order of responsible parties or of measurements carries no meaning.
fn same_elements(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            let (mut x, mut y) = (x.clone(), y.clone());
            x.sort();
            y.sort();
            x == y
        }
        (Value::Measurements(x), Value::Measurements(y)) => {
            let key = |m: &crate::plan::model::Measurement| {
                (m.key(), m.value.to_bits(), m.n, m.period.clone(), m.source.clone())
            };
            let (mut x, mut y): (Vec<_>, Vec<_>) = (x.iter().map(key).collect(), y.iter().map(key).collect());
            x.sort();
            y.sort();
            x == y
        }
        // The order of a table's keys carries no meaning either.
        (Value::Refs(x), Value::Refs(y)) => {
            let (mut x, mut y) = (x.clone(), y.clone());
            x.sort();
            y.sort();
            x == y
        }
        _ => false,
    }
}

/// One element's change inside a list field.
#[derive(Debug, Clone, PartialEq)]
pub enum ElementChange {
    Removed(String),
    Added(String),
    /// A measurement whose key (year, area, sex) stayed and whose value,
    /// count, period or source changed.
    Changed {
        key: String,
        old: String,
        new: String,
    },
}

/// Compares two list values element by element: parties by id,
/// measurements by their key (year, area, sex). Returns `None` for values
/// that are not lists.
pub fn element_changes(a: Option<&Value>, b: Option<&Value>) -> Option<Vec<ElementChange>> {
    let empty_list = Value::List(Vec::new());
    let (a, b) = match (a, b) {
        (Some(Value::Measurements(_)), None) => (a.unwrap_or(&empty_list), &Value::Measurements(Vec::new())),
        (None, Some(Value::Measurements(_))) => (&Value::Measurements(Vec::new()), b.unwrap_or(&empty_list)),
        (Some(x), None) => (x, &empty_list),
        (None, Some(y)) => (&empty_list, y),
        (Some(x), Some(y)) => (x, y),
        (None, None) => return None,
    };
    let mut out = Vec::new();
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            out.extend(x.iter().filter(|e| !y.contains(e)).map(|e| ElementChange::Removed(e.clone())));
            out.extend(y.iter().filter(|e| !x.contains(e)).map(|e| ElementChange::Added(e.clone())));
        }
        (Value::Measurements(x), Value::Measurements(y)) => {
            use crate::plan::model::{Measurement, MeasurementKey};
            // By key, so a large import compares in linear time.
            let index = |ms: &[Measurement]| -> HashMap<MeasurementKey, usize> {
                ms.iter().enumerate().rev().map(|(i, m)| (m.key(), i)).collect()
            };
            let (xi, yi) = (index(x), index(y));
            let rest = Measurement::display_value;
            for m in x {
                match yi.get(&m.key()).and_then(|&j| y.get(j)) {
                    None => out.push(ElementChange::Removed(m.display())),
                    Some(n) if n != m => {
                        out.push(ElementChange::Changed { key: m.key_label(), old: rest(m), new: rest(n) })
                    }
                    Some(_) => {}
                }
            }
            out.extend(y.iter().filter(|n| !xi.contains_key(&n.key())).map(|n| ElementChange::Added(n.display())));
        }
        _ => return None,
    }
    Some(out)
}

/// A label's characters, counted once per item: removed and added items
/// are compared pairwise, and most pairs are ruled out by these counts.
struct Label<'a> {
    text: &'a str,
    chars: u32,
    /// Characters counted in 256 buckets (by their low byte); two
    /// characters sharing a bucket only raise the shared count, so the
    /// bound below still holds.
    buckets: [u32; 256],
}

impl<'a> Label<'a> {
    fn of(item: &'a Item) -> Self {
        let text = item.label();
        let mut buckets = [0u32; 256];
        let mut chars = 0u32;
        for c in text.chars() {
            buckets[(c as u32 & 0xff) as usize] += 1;
            chars = chars.saturating_add(1);
        }
        Label { text, chars, buckets }
    }

    /// Returns an upper bound of the character diff's similarity ratio from
    /// the characters the two texts share, ignoring order (difflib's
    /// quick_ratio), or 0 for an empty label.
    fn quick_ratio(&self, other: &Label<'_>) -> f32 {
        let total = u64::from(self.chars) + u64::from(other.chars);
        if self.chars == 0 || other.chars == 0 {
            return 0.0;
        }
        // The length alone bounds it first: sharing more characters than
        // the shorter text has is impossible.
        if 2.0 * f64::from(self.chars.min(other.chars)) < 0.8 * total as f64 {
            return 0.0;
        }
        let shared: u64 = self.buckets.iter().zip(&other.buckets).map(|(a, b)| u64::from(*a.min(b))).sum();
        (2.0 * shared as f64 / total as f64) as f32
    }
}

/// Returns true when two items of one kind differ only a little: the
/// label nearly the same (by characters) and most other fields equal.
///
/// Every removed item is compared with every added one, so the cheap
/// tests come first and the character diff only runs on near-certain pairs.
fn looks_recreated(a: &Item, la: &Label<'_>, b: &Item, lb: &Label<'_>) -> bool {
    if la.quick_ratio(lb) < 0.8 {
        return false;
    }
    let fields = a.schema_values().zip(b.schema_values()).filter(|((f, _), _)| f.name != "id");
    let (same, all) = fields.fold((0, 0), |(s, n), ((_, x), (_, y))| (s + usize::from(x == y), n + 1));
    if same * 2 < all {
        return false;
    }
    similar::TextDiff::from_chars(la.text, lb.text).ratio() >= 0.8
}

/// Returns the similarity bound of two texts (see [`Label::quick_ratio`]).
#[cfg(test)]
fn quick_ratio(a: &str, b: &str) -> f32 {
    let item = |t: &str| {
        let mut i = Item::new(Kind::Goal, 0..0);
        i.set("title", Value::Str(t.to_string()));
        i
    };
    let (x, y) = (item(a), item(b));
    Label::of(&x).quick_ratio(&Label::of(&y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Date, load_str};

    fn load(s: &str) -> Plan {
        load_str(s.to_string(), Date { year: 2025, month: 1, day: 1 }).expect("loads").plan
    }

    /// Found by fuzzing the merge: with a duplicated id, a plan compared
    /// with itself showed changes.
    #[test]
    fn a_plan_with_duplicate_ids_has_no_changes_against_itself() {
        let a = include_str!("../../plans/jamtland/lok-2025.2-remiss.toml").replace("id = \"A24\"", "id = \"A12\"");
        let plan = load(&a);
        assert!(diff(&plan, &plan).is_empty());
    }

    /// Issue 19: measurements are compared by year, area and sex, and a
    /// change names its key.
    #[test]
    fn measurements_are_compared_by_their_key() {
        use crate::plan::model::{Measurement, Sex};
        let k = |year, area: Option<&str>, sex, value| Measurement {
            area: area.map(String::from),
            sex,
            ..Measurement::total(year, value)
        };
        let old = Value::Measurements(vec![
            k(2022, None, Sex::Total, 39.0),
            k(2022, Some("berg"), Sex::Women, 41.5),
            k(2022, Some("berg"), Sex::Men, 30.0),
        ]);
        let mut moved = k(2022, Some("berg"), Sex::Women, 41.5);
        moved.n = Some(212);
        let new = Value::Measurements(vec![
            k(2022, Some("berg"), Sex::Men, 30.0),
            moved,
            k(2022, None, Sex::Total, 39.0),
            k(2022, Some("riket"), Sex::Total, 38.0),
        ]);
        let changes = element_changes(Some(&old), Some(&new)).expect("lists");
        assert_eq!(
            changes,
            [
                ElementChange::Changed { key: "2022 berg K".into(), old: "41.5".into(), new: "41.5 n=212".into() },
                ElementChange::Added("2022 riket: 38".into()),
            ]
        );
        assert!(same_elements(
            &old,
            &Value::Measurements(match &old {
                Value::Measurements(ms) => ms.iter().rev().cloned().collect(),
                _ => unreachable!(),
            })
        ));
    }

    #[test]
    fn quick_ratio_bounds_the_character_ratio() {
        for (a, b) in [("xx€", "xxå"), ("Öka samverkan", "Stärka samverkan"), ("abc", "cba"), ("å", "ä")] {
            let exact = similar::TextDiff::from_chars(a, b).ratio();
            assert!(quick_ratio(a, b) >= exact - 1e-6, "{a} {b}");
        }
    }

    #[test]
    fn identical_plans_have_no_changes_and_formatting_is_not_a_change() {
        let a = include_str!("../../plans/jamtland/lok-2025.2-remiss.toml");
        let reformatted = a.replace(" = ", "   =   ").replace("# ", "#  ");
        assert!(diff(&load(a), &load(a)).is_empty());
        assert!(diff(&load(a), &load(&reformatted)).is_empty());
    }

    #[test]
    fn example_revisions_show_moves_and_removals() {
        let a = load(include_str!("../../plans/jamtland/lok-2025.1-utkast.toml"));
        let b = load(include_str!("../../plans/jamtland/lok-2025.2-remiss.toml"));
        let changes = diff(&a, &b);
        let moved = changes.iter().find(|c| c.op == Op::Moved && c.id.as_deref() == Some("A8")).expect("A8 moved");
        assert_eq!(
            (moved.old.clone(), moved.new.clone()),
            (Some(Value::Str("G4".into())), Some(Value::Str("G3".into())))
        );
        assert!(changes.iter().any(|c| c.op == Op::Removed && c.id.as_deref() == Some("A13")));
        // Issue 18: the user organisation is a party from the draft on; the
        // remiss version adds commitments instead.
        assert!(changes.iter().any(|c| c.op == Op::Added && c.kind == Kind::Commitment));
        let kinds: Vec<Kind> = changes.iter().map(|c| c.kind).collect();
        let mut sorted = kinds.clone();
        sorted.sort();
        assert_eq!(kinds, sorted, "changes come in kind order");
    }
}

#[cfg(test)]
mod apply_tests {
    use super::*;
    use crate::diff::apply::apply;
    use crate::plan::doc::PlanDoc;
    use crate::plan::{Date, load_str};

    fn roundtrip(a: &str, b: &str) {
        let today = Date { year: 2025, month: 1, day: 1 };
        let (pa, pb) = (load_str(a.into(), today).expect("a").plan, load_str(b.into(), today).expect("b").plan);
        let changes = diff(&pa, &pb);
        let mut doc = PlanDoc::parse(a).expect("doc");
        apply(&mut doc, &changes.iter().collect::<Vec<_>>()).expect("applies");
        let applied = load_str(doc.render(), today).expect("applied loads").plan;
        assert_eq!(diff(&applied, &pb), vec![], "applying diff(OLD, NEW) to OLD gives NEW");
    }

    #[test]
    fn applying_the_example_diffs_gives_the_new_revision() {
        let r1 = include_str!("../../plans/jamtland/lok-2025.1-utkast.toml");
        let r2 = include_str!("../../plans/jamtland/lok-2025.2-remiss.toml");
        let r3 = include_str!("../../plans/jamtland/lok-2025.3-beslutad.toml");
        roundtrip(r1, r2);
        roundtrip(r2, r3);
        roundtrip(r3, r1);
    }
}
