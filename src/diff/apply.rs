//! Applies a list of changes to a plan document: the inverse of
//! [`super::diff`], so that applying `diff(OLD, NEW)` to OLD gives NEW, and
//! the base on which an accepted review or a merge writes a new revision.

use super::semantic::{Change, Op};
use crate::plan::doc::{EditError, PlanDoc};
use crate::plan::path::{FieldPath, Input};
use crate::plan::schema::Kind;

/// Applies `changes` to `doc`: added items first (parents before
/// children), then changed and moved fields, then removals (children
/// before parents). Stops at the first change that cannot be applied.
pub fn apply(doc: &mut PlanDoc, changes: &[&Change]) -> Result<(), EditError> {
    for c in changes.iter().filter(|c| c.op == Op::Added) {
        if let Some(item) = &c.item {
            doc.add(c.kind, &item.fields)?;
        }
    }
    for c in changes.iter().filter(|c| matches!(c.op, Op::Changed | Op::Moved)) {
        let Some(field) = c.field.and_then(|f| c.kind.field(f)) else { continue };
        let path = FieldPath { kind: c.kind, id: c.id.clone(), field, sub: None };
        let input = match &c.new {
            Some(v) => Input::Whole(v.clone()),
            None => Input::Remove,
        };
        doc.set(&path, input)?;
    }
    let mut removals: Vec<&&Change> = changes.iter().filter(|c| c.op == Op::Removed).collect();
    removals.sort_by_key(|c| std::cmp::Reverse(c.kind));
    for c in removals {
        if let Some(id) = &c.id
            && c.kind.is_collection()
            && doc.ids(c.kind).contains(id)
        {
            doc.remove(c.kind, id, c.kind == Kind::Party)?;
        }
    }
    Ok(())
}
