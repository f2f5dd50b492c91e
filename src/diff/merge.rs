//! Three-way merge of plan revisions by identity and field, for counties
//! and principals who edit the same plan on different branches.
//!
//! The result is OURS' document (its formatting and comments) with THEIRS'
//! changes since BASE applied where they do not collide. A field changed
//! differently on both sides, or an item edited on one side and removed on
//! the other, becomes a `[[conflicts]]` record that `check` reports as an
//! error and the editor or `lansplan resolve` settles; the item keeps our
//! side meanwhile. Items both sides added under the same id get a fresh id
//! on their side, and references to them follow.

use std::collections::{HashMap, HashSet};

use super::apply::apply;
use super::semantic::{Change, Op, diff};
use crate::plan::doc::{EditError, PlanDoc};
use crate::plan::model::{Conflict, Plan, Value};
use crate::plan::schema::{FieldType, Kind};

/// What a merge produced.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged file's text.
    pub text: String,
    /// The conflicts recorded in it.
    pub conflicts: Vec<Conflict>,
    /// Their added items that got a new id: (kind, their id, new id).
    pub renamed: Vec<(Kind, String, String)>,
}

type Key = (Kind, String, Option<&'static str>);

fn key(c: &Change) -> Key {
    (c.kind, c.id.clone().unwrap_or_default(), c.field)
}

/// Merges THEIRS into OURS relative to BASE. `ours_text` is OURS' source,
/// whose formatting the result keeps.
pub fn merge(base: &Plan, ours: &Plan, ours_text: &str, theirs: &Plan) -> Result<Merged, EditError> {
    let d_ours = diff(base, ours);
    let mut d_theirs = diff(base, theirs);

    // Both sides added an item under the same id: theirs gets the next id
    // free on every side, and their references to it follow.
    let mut renamed = Vec::new();
    let mut taken: HashMap<Kind, HashSet<String>> = HashMap::new();
    for p in [base, ours, theirs] {
        for kind in Kind::COLLECTIONS {
            taken.entry(kind).or_default().extend(p.items(kind).iter().map(|i| i.id.clone()));
        }
    }
    let ours_added: HashMap<(Kind, String), &Change> =
        d_ours.iter().filter(|c| c.op == Op::Added).map(|c| ((c.kind, c.id.clone().unwrap_or_default()), c)).collect();
    let mut id_map: HashMap<(Kind, String), String> = HashMap::new();
    for c in d_theirs.iter().filter(|c| c.op == Op::Added) {
        let id = c.id.clone().unwrap_or_default();
        if let Some(o) = ours_added.get(&(c.kind, id.clone())) {
            if o.item.as_ref().map(|i| &i.fields) == c.item.as_ref().map(|i| &i.fields) {
                continue; // the same item added on both sides
            }
            let fresh = fresh_id(c.kind, taken.entry(c.kind).or_default());
            id_map.insert((c.kind, id.clone()), fresh.clone());
            renamed.push((c.kind, id, fresh));
        }
    }
    if !id_map.is_empty() {
        for c in &mut d_theirs {
            remap(c, &id_map);
        }
    }

    let ours_by_key: HashMap<Key, &Change> = d_ours.iter().map(|c| (key(c), c)).collect();
    let ours_removed: HashSet<(Kind, String)> =
        d_ours.iter().filter(|c| c.op == Op::Removed).map(|c| (c.kind, c.id.clone().unwrap_or_default())).collect();
    let ours_edited: HashSet<(Kind, String)> = d_ours
        .iter()
        .filter(|c| matches!(c.op, Op::Changed | Op::Moved))
        .map(|c| (c.kind, c.id.clone().unwrap_or_default()))
        .collect();
    let theirs_removed: HashSet<(Kind, String)> =
        d_theirs.iter().filter(|c| c.op == Op::Removed).map(|c| (c.kind, c.id.clone().unwrap_or_default())).collect();

    let mut take: Vec<&Change> = Vec::new();
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut reported_items: HashSet<(Kind, String)> = HashSet::new();
    for c in &d_theirs {
        let item_key = (c.kind, c.id.clone().unwrap_or_default());
        match c.op {
            Op::Added => {
                if ours_added
                    .get(&item_key)
                    .is_some_and(|o| o.item.as_ref().map(|i| &i.fields) == c.item.as_ref().map(|i| &i.fields))
                {
                    continue;
                }
                take.push(c);
            }
            Op::Changed | Op::Moved => {
                if c.kind.is_collection() && ours_removed.contains(&item_key) {
                    if reported_items.insert(item_key.clone()) {
                        let mut conflict = item_conflict(c.kind, &item_key.1, "ours_removed");
                        conflict.item = theirs.find(c.kind, &item_key.1).cloned();
                        conflicts.push(conflict);
                    }
                    continue;
                }
                match ours_by_key.get(&key(c)) {
                    Some(o) if same_value(&o.new, &c.new) => {}
                    Some(o) => conflicts.push(Conflict {
                        kind: c.kind,
                        id: item_key.1.clone(),
                        field: c.field,
                        reason: "both_changed".into(),
                        base: c.old.clone(),
                        ours: o.new.clone(),
                        theirs: c.new.clone(),
                        item: None,
                        span: 0..0,
                    }),
                    None => take.push(c),
                }
            }
            Op::Removed => {
                if ours_removed.contains(&item_key) {
                    continue;
                }
                if ours_edited.contains(&item_key) || has_new_children(&d_ours, c.kind, &item_key.1) {
                    if reported_items.insert(item_key.clone()) {
                        conflicts.push(item_conflict(c.kind, &item_key.1, "theirs_removed"));
                    }
                    continue;
                }
                take.push(c);
            }
        }
    }
    // Our edits to items they removed are conflicts too (reported once).
    for (kind, id) in ours_edited.intersection(&theirs_removed) {
        if reported_items.insert((*kind, id.clone())) {
            conflicts.push(item_conflict(*kind, id, "theirs_removed"));
        }
    }
    // Keep the children of an item whose removal is in conflict.
    let kept: HashSet<(Kind, String)> = conflicts.iter().map(|c| (c.kind, c.id.clone())).collect();
    take.retain(|c| c.op != Op::Removed || !depends_on_kept(theirs, base, c, &kept));

    let mut doc = PlanDoc::parse(ours_text)?;
    apply(&mut doc, &take)?;
    for c in &conflicts {
        doc.add_conflict(c);
    }
    Ok(Merged { text: doc.render(), conflicts, renamed })
}

fn same_value(a: &Option<Value>, b: &Option<Value>) -> bool {
    match (a, b) {
        (Some(Value::List(x)), Some(Value::List(y))) => {
            let (mut x, mut y) = (x.clone(), y.clone());
            x.sort();
            y.sort();
            x == y
        }
        _ => a == b,
    }
}

fn item_conflict(kind: Kind, id: &str, reason: &str) -> Conflict {
    Conflict {
        kind,
        id: id.to_string(),
        field: None,
        reason: reason.into(),
        base: None,
        ours: None,
        theirs: None,
        item: None,
        span: 0..0,
    }
}

/// Returns true if OURS added or moved something under the item `id`.
fn has_new_children(d_ours: &[Change], kind: Kind, id: &str) -> bool {
    d_ours.iter().any(|c| {
        let refers = |v: &Value| v.as_str() == Some(id);
        match c.op {
            Op::Added => c.item.as_ref().is_some_and(|i| {
                i.fields.iter().any(|(n, v)| {
                    matches!(i.kind.field(n).map(|f| &f.ty), Some(FieldType::Ref(k)) if *k == kind) && refers(v)
                })
            }),
            Op::Moved => c.new.as_ref().is_some_and(refers)
                && matches!(c.kind.field(c.field.unwrap_or("")).map(|f| &f.ty), Some(FieldType::Ref(k)) if *k == kind),
            _ => false,
        }
    })
}

/// Returns true if a removal of theirs is a child of an item kept because
/// of a conflict (the child would otherwise dangle).
fn depends_on_kept(theirs: &Plan, base: &Plan, c: &Change, kept: &HashSet<(Kind, String)>) -> bool {
    let _ = theirs;
    let Some(item) = c.item.as_ref() else { return false };
    let mut parent = match c.kind {
        Kind::Activity | Kind::Indicator => Some((Kind::Goal, item.str("goal").to_string())),
        Kind::Goal => Some((Kind::FocusArea, item.str("focus_area").to_string())),
        _ => None,
    };
    while let Some(p) = parent {
        if kept.contains(&p) {
            return true;
        }
        parent = base.find(p.0, &p.1).and_then(|g| match p.0 {
            Kind::Goal => Some((Kind::FocusArea, g.str("focus_area").to_string())),
            _ => None,
        });
    }
    false
}

fn fresh_id(kind: Kind, taken: &mut HashSet<String>) -> String {
    let id = crate::plan::model::next_numbered_id(kind.id_prefix(), taken.iter().map(String::as_str));
    taken.insert(id.clone());
    id
}

/// Renames ids in one of their changes after a collision.
fn remap(c: &mut Change, map: &HashMap<(Kind, String), String>) {
    if let Some(id) = &c.id
        && c.op == Op::Added
        && let Some(new) = map.get(&(c.kind, id.clone()))
    {
        c.id = Some(new.clone());
        if let Some(item) = &mut c.item {
            item.id = new.clone();
            item.set("id", Value::Str(new.clone()));
        }
    }
    let fix = |kind: Kind, v: &mut Value| match v {
        Value::Str(s) => {
            if let Some(n) = map.get(&(kind, s.clone())) {
                *s = n.clone();
            }
        }
        Value::List(l) => {
            for s in l.iter_mut() {
                if let Some(n) = map.get(&(kind, s.clone())) {
                    *s = n.clone();
                }
            }
        }
        _ => {}
    };
    if let Some(item) = &mut c.item {
        let k = item.kind;
        for (name, v) in item.fields.iter_mut() {
            if let Some(FieldType::Ref(t) | FieldType::RefList(t)) = k.field(name).map(|f| &f.ty) {
                fix(*t, v);
            }
        }
    }
    if let Some(field) = c.field.and_then(|f| c.kind.field(f))
        && let FieldType::Ref(t) | FieldType::RefList(t) = field.ty
        && let Some(v) = &mut c.new
    {
        fix(t, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::edit::Session;
    use crate::plan::path::FieldPath;
    use crate::plan::{Date, load_str};

    const TODAY: Date = Date { year: 2025, month: 6, day: 1 };
    const BASE: &str = include_str!("../../plans/jamtland/lok-2025.2-remiss.toml");

    fn edited(edits: &[(&str, &str)]) -> String {
        let mut s = Session::from_text(BASE.to_string(), TODAY).expect("base loads");
        for (p, v) in edits {
            s.set(&FieldPath::parse(p).expect("path"), v).expect("edit");
        }
        s.text().to_string()
    }

    fn run(ours: &str, theirs: &str) -> Merged {
        let plan = |t: &str| load_str(t.to_string(), TODAY).expect("loads").plan;
        merge(&plan(BASE), &plan(ours), ours, &plan(theirs)).expect("merges")
    }

    #[test]
    fn edits_to_different_fields_merge_cleanly() {
        let ours = edited(&[("goals.G1.title", "Färre unga får problem med alkohol")]);
        let theirs = edited(&[("activities.A1.due", "2026-09-30"), ("goals.G1.level", "outcome")]);
        let m = run(&ours, &theirs);
        assert!(m.conflicts.is_empty());
        let want = edited(&[
            ("goals.G1.title", "Färre unga får problem med alkohol"),
            ("activities.A1.due", "2026-09-30"),
            ("goals.G1.level", "outcome"),
        ]);
        assert_eq!(m.text, want);
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict_that_check_reports() {
        let ours = edited(&[("activities.A1.due", "2026-06-30")]);
        let theirs = edited(&[("activities.A1.due", "2026-09-30")]);
        let m = run(&ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        let loaded = load_str(m.text.clone(), TODAY).expect("loads");
        assert!(loaded.findings.iter().any(|f| f.is_error() && f.message.en.contains("unresolved conflict")));
        assert!(m.text.contains("due = 2026-06-30"), "ours is kept meanwhile");
    }

    #[test]
    fn merging_with_itself_or_base_gives_the_other_side() {
        let ours = edited(&[("activities.A1.due", "2026-06-30")]);
        assert_eq!(run(&ours, BASE).text, ours);
        assert_eq!(run(&ours, &ours).text, ours);
        assert_eq!(run(BASE, &ours).text, ours);
    }

    #[test]
    fn both_adding_the_same_id_renames_theirs_and_its_references() {
        let mut o = Session::from_text(BASE.to_string(), TODAY).expect("loads");
        let fields = |goal: &str, title: &str| {
            vec![
                ("goal", Value::Str(goal.into())),
                ("title", Value::Str(title.into())),
                ("responsible", Value::List(vec!["region".into()])),
                ("status", Value::Str("planned".into())),
            ]
        };
        let oid = o.add(Kind::Activity, fields("G1", "Vår nya aktivitet")).expect("add");
        let mut t = Session::from_text(BASE.to_string(), TODAY).expect("loads");
        let tid = t.add(Kind::Activity, fields("G2", "Deras nya aktivitet")).expect("add");
        assert_eq!(oid, tid);
        let m = run(o.text(), t.text());
        assert!(m.conflicts.is_empty());
        assert_eq!(m.renamed.len(), 1);
        let merged = load_str(m.text, TODAY).expect("loads");
        assert_eq!(merged.error_count(), 0);
        assert!(merged.plan.activities.iter().any(|a| a.str("title") == "Vår nya aktivitet" && a.id == oid));
        assert!(
            merged.plan.activities.iter().any(|a| a.str("title") == "Deras nya aktivitet" && a.id == m.renamed[0].2)
        );
    }

    #[test]
    fn edited_here_removed_there_is_a_conflict_and_the_item_stays() {
        let ours = edited(&[("activities.A2.title", "Ny titel")]);
        let mut t = Session::from_text(BASE.to_string(), TODAY).expect("loads");
        t.remove(Kind::Activity, "A2", false).expect("remove");
        let m = run(&ours, t.text());
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].reason, "theirs_removed");
        assert!(m.text.contains("Ny titel"));
    }
}
