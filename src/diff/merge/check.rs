//! The check of a merged result, as `check` would run it: what the merge
//! itself broke is turned into conflicts (and the result built again),
//! so that a merge reported clean passes `check` whenever both sides did.
//!
//! - A reference to an item one side removed (a goal that ours removed
//!   while theirs added an activity under it, a party theirs removed that
//!   ours started to use) brings the item back from the side that kept it,
//!   recorded as `ours_removed_used` or `theirs_removed_used`.
//! - An error inside a unit both sides changed, which neither side had,
//!   means their edits together break a rule (a start ours moved past the
//!   due date theirs set): that unit keeps ours, with each of theirs
//!   recorded as `invalid`.
//! - Any other error neither side had is recorded as `invalid` where it is.

use std::collections::{HashMap, HashSet};

use super::{Built, Merge, MergeError};
use crate::i18n::Text;
use crate::plan::doc::merge::{MergeConflict, Reason};
use crate::plan::load::Loaded;
use crate::plan::model::Value;
use crate::plan::schema::{FieldType, Kind};
use crate::plan::threeway::Outcome;
use crate::plan::{Date, load_str};

impl Merge<'_> {
    /// Looks at the checked result. Returns true if the merge must be
    /// built again (with items kept or units forced to ours); with `last`,
    /// records what is left instead.
    pub(super) fn check(
        &mut self,
        built: &Built,
        loaded: &Loaded,
        today: Date,
        last: bool,
    ) -> Result<bool, MergeError> {
        if loaded.error_count() == 0 {
            return Ok(false);
        }
        if !last && self.keep_used(built, loaded)? {
            return Ok(true);
        }
        let known = self.side_errors(today);
        let mut fresh: Vec<(usize, Text, std::ops::Range<usize>)> = Vec::new();
        for f in loaded.findings.iter().filter(|f| f.is_error()) {
            if known.contains(&f.message.en) {
                continue;
            }
            let at = built.spans.partition_point(|(r, _)| r.start <= f.span.start);
            let Some((_, k)) = at.checked_sub(1).and_then(|i| built.spans.get(i)) else { continue };
            fresh.push((*k, f.message.clone(), f.span.clone()));
        }
        let mut grew = false;
        if !last {
            for (k, message, _) in &fresh {
                if built.outcomes[*k] == Outcome::Merge && !self.force.contains_key(k) {
                    self.force.insert(*k, message.clone());
                    grew = true;
                }
            }
        }
        if grew {
            return Ok(true);
        }
        // What is left was not caused by combining two edits in one place:
        // still the merge's doing, so recorded where it is.
        let mut seen = HashSet::new();
        for (k, message, _) in fresh {
            if seen.insert((k, message.en.clone())) {
                let mut c = MergeConflict::item(self.place(k)?, Reason::Invalid);
                c.rule = Some(message);
                self.extra.push(c);
            }
        }
        Ok(false)
    }

    /// Keeps the items one side removed that the result still refers to.
    /// Returns true if there are new ones to keep.
    fn keep_used(&mut self, built: &Built, loaded: &Loaded) -> Result<bool, MergeError> {
        let plan = &loaded.plan;
        let ids: HashMap<Kind, HashSet<&str>> =
            Kind::COLLECTIONS.iter().map(|k| (*k, plan.items(*k).iter().map(|i| i.id.as_str()).collect())).collect();
        let mut missing: HashMap<(Kind, String), Vec<String>> = HashMap::new();
        for kind in Kind::COLLECTIONS {
            for item in plan.items(kind) {
                for (name, value) in &item.fields {
                    let (target, refs): (Kind, Vec<&str>) = match (kind.field(name).map(|f| &f.ty), value) {
                        (Some(FieldType::Ref(t)), Value::Str(s)) => (*t, vec![s.as_str()]),
                        (Some(FieldType::RefList(t)), Value::List(l)) => (*t, l.iter().map(String::as_str).collect()),
                        _ => continue,
                    };
                    for r in refs {
                        if !ids.get(&target).is_some_and(|s| s.contains(r)) {
                            let user = format!("{}/{}", kind.json_name(), item.id);
                            missing.entry((target, r.to_string())).or_default().push(user);
                        }
                    }
                }
            }
        }
        if missing.is_empty() {
            return Ok(false);
        }
        let mut grew = false;
        for k in 0..self.things.len() {
            if built.outcomes[k] != Outcome::Removed || self.keep.contains_key(&k) {
                continue;
            }
            let Some(kind) = self.things[k].list().and_then(Kind::from_key) else { continue };
            let [_, o, t] = self.things[k].at;
            if o.is_none() == t.is_none() {
                continue;
            }
            let Some(id) = self.place(k)?.pop() else { continue };
            if let Some(users) = missing.remove(&(kind, id)) {
                self.keep.insert(k, users);
                grew = true;
            }
        }
        // The rest may be entries of a list written inline in the root
        // (`parties = [{ … }]`): the root merges again, keeping them.
        for ((kind, id), users) in missing {
            let key = (kind.key().to_string(), id);
            if let std::collections::hash_map::Entry::Vacant(slot) = self.keep_nested.entry(key) {
                slot.insert(users);
                grew = true;
            }
        }
        Ok(grew)
    }

    /// Returns the errors ours and theirs have of their own.
    fn side_errors(&self, today: Date) -> HashSet<String> {
        let mut known = HashSet::new();
        for rev in &self.sides[1..] {
            if let Ok(l) = load_str(rev.text.to_string(), today) {
                known.extend(l.findings.into_iter().filter(|f| f.is_error()).map(|f| f.message.en));
            }
        }
        known
    }
}
