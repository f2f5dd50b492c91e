//! Loads two revisions of one plan for comparing them. Most activities and
//! indicators of a revision are written exactly as in the one before; such
//! an item cannot have changed, so the new text's copy is not parsed at
//! all and the old one is left out of the old plan. What is left (the
//! plan and revision tables, every party, focus area and goal, and the
//! items whose text differs) gives the same diff as the two whole plans.
//! The pieces left to parse are shared out over two threads.
//!
//! Whenever that cannot be assured (a piece that does not parse, pieces
//! that depend on each other, an id written twice) the texts are loaded
//! whole instead, so the diff never depends on which way was taken.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::pieces::{Fragment, assemble, both, convert_all, pieces};
use super::{CHUNK_BYTES, CHUNKED_FROM, LoadError, Loaded, Seen, collection_header, load_str_unchecked, scan_lines};
use crate::plan::finding::Findings;
use crate::plan::model::Plan;
use crate::plan::schema::Kind;

/// The result of loading one text.
type Load = Result<Loaded, LoadError>;

/// Loads two revisions for a diff: the old and the new plan without the
/// activities and indicators written exactly alike in both (see the
/// module's text). Not for anything but comparing the two.
pub fn load_for_diff(old: String, new: String) -> (Load, Load) {
    load_for_diff_with(old, new, CHUNKED_FROM, CHUNK_BYTES)
}

/// Like [`load_for_diff`], pairing texts from `pair_from` bytes on (both)
/// and cutting pieces of about `chunk_bytes`.
pub fn load_for_diff_with(old: String, new: String, pair_from: usize, chunk_bytes: usize) -> (Load, Load) {
    let small = |s: &str| s.len() < pair_from || s.trim().is_empty();
    if small(&old) || small(&new) {
        return whole(old, new);
    }
    let (Some(a), Some(b)) = both(|| Blocks::of(&old), || Blocks::of(&new)) else {
        return whole(old, new);
    };
    let twins = twins(&old, &a, &new, &b);

    // The old text is parsed whole (in pieces); of the new, what lies
    // between the twins.
    let mut tasks: Vec<(bool, Range<usize>)> =
        pieces(0..old.len(), &a.starts, chunk_bytes).into_iter().map(|r| (false, r)).collect();
    let first_new = tasks.len();
    let mut order = Vec::new();
    let mut run = 0;
    let add_run = |run: Range<usize>, order: &mut Vec<Step>, tasks: &mut Vec<(bool, Range<usize>)>| {
        for r in pieces(run, &b.starts, chunk_bytes).into_iter().filter(|r| !r.is_empty()) {
            order.push(Step::Parse(tasks.len()));
            tasks.push((true, r));
        }
    };
    for (j, twin) in twins.iter().enumerate() {
        if twin.is_some() {
            add_run(run..b.starts[j], &mut order, &mut tasks);
            order.push(Step::Twin(b.kinds[j]));
            run = b.end(j, new.len());
        }
    }
    add_run(run..new.len(), &mut order, &mut tasks);

    let texts: Vec<(&str, Range<usize>)> =
        tasks.into_iter().map(|(is_new, r)| (if is_new { new.as_str() } else { old.as_str() }, r)).collect();
    let mut done = convert_all(&texts);
    let new_done = done.split_off(first_new);
    let Some(old_parts) = done.into_iter().collect::<Option<Vec<Fragment>>>() else {
        return whole(old, new);
    };
    let Some((mut plan_a, _)) = assemble(old_parts, &mut Findings::new(&old)) else {
        return whole(old, new);
    };
    // The k-th block of a kind is the k-th item of that kind (the header
    // piece holds none, or the pieces would not have assembled).
    let mut counts: HashMap<Kind, usize> = HashMap::new();
    let rank: Vec<usize> = a
        .kinds
        .iter()
        .map(|kind| {
            let n = counts.entry(*kind).or_default();
            *n += 1;
            *n - 1
        })
        .collect();
    if Kind::COLLECTIONS.iter().any(|k| counts.get(k).copied().unwrap_or(0) != plan_a.items(*k).len()) {
        return whole(old, new);
    }

    // The new plan: its pieces, with each twin standing in only as the
    // `[[…]]` header it has (which other pieces must not contradict).
    let mut new_done: Vec<Option<Fragment>> = new_done;
    let mut parts = Vec::with_capacity(order.len());
    for step in order {
        match step {
            Step::Parse(t) => match new_done[t - first_new].take() {
                Some(frag) => parts.push(frag),
                None => return (Ok(unchecked(plan_a, old)), load_str_unchecked(new)),
            },
            Step::Twin(kind) => parts.push(Fragment {
                start: 0,
                plan: Plan::empty(),
                seen: Seen::default(),
                findings: Vec::new(),
                names: vec![(kind.key().to_string(), true)],
            }),
        }
    }
    let Some((plan_b, _)) = assemble(parts, &mut Findings::new(&new)) else {
        return (Ok(unchecked(plan_a, old)), load_str_unchecked(new));
    };

    // Items pair up by id; a twin's id must name no other item of its
    // kind on either side, or leaving the twins out would pair the rest
    // differently.
    let mut twin_of: HashMap<Kind, Vec<bool>> =
        Kind::COLLECTIONS.iter().map(|k| (*k, vec![false; plan_a.items(*k).len()])).collect();
    for i in twins.iter().flatten() {
        if let Some(mask) = twin_of.get_mut(&a.kinds[*i]) {
            mask[rank[*i]] = true;
        }
    }
    for kind in Kind::COLLECTIONS {
        let mask = &twin_of[&kind];
        let mut ids: HashSet<&str> = HashSet::new();
        let mut twin_ids = plan_a.items(kind).iter().zip(mask).filter(|(_, t)| **t).map(|(i, _)| i.id.as_str());
        let others = plan_a.items(kind).iter().zip(mask).filter(|(_, t)| !**t).map(|(i, _)| i.id.as_str());
        let clash = twin_ids.any(|id| id.is_empty() || !ids.insert(id))
            || others.chain(plan_b.items(kind).iter().map(|i| i.id.as_str())).any(|id| ids.contains(id));
        if clash {
            return (Ok(unchecked(plan_a, old)), load_str_unchecked(new));
        }
    }
    for kind in Kind::COLLECTIONS {
        let mask = &twin_of[&kind];
        let mut k = 0;
        plan_a.items_mut(kind).retain(|_| {
            k += 1;
            !mask[k - 1]
        });
    }
    (Ok(unchecked(plan_a, old)), Ok(unchecked(plan_b, new)))
}

/// A plan as loaded for a diff: no findings are kept, as a diff shows none.
fn unchecked(plan: Plan, source: String) -> Loaded {
    Loaded { plan, findings: Vec::new(), source }
}

/// How the new plan is put together, in file order.
enum Step {
    /// A piece of its own text: the index of its task.
    Parse(usize),
    /// A block written exactly as one of the old text, of this kind.
    Twin(Kind),
}

/// The `[[…]]` blocks of a text: where each starts, its collection, and
/// whether it holds no other header (only such a block means the same
/// wherever it stands).
struct Blocks {
    starts: Vec<usize>,
    kinds: Vec<Kind>,
    alone: Vec<bool>,
    /// Where the last header that is not a block's own starts, after the
    /// first block (0 if there is none). Such a header (`[activities.x]`)
    /// may add to an item above it, so only the blocks after it are
    /// written wholly within their own text.
    last_other: usize,
}

impl Blocks {
    /// Finds the blocks, or `None` for a text that is too deeply nested
    /// (loading it whole reports that) or has no blocks.
    fn of(src: &str) -> Option<Blocks> {
        let mut headers = Vec::new();
        let starts = scan_lines(src, &mut headers).ok()?;
        if starts.is_empty() {
            return None;
        }
        let kinds = starts.iter().map(|&s| collection_header(&src[s..])).collect::<Option<Vec<Kind>>>()?;
        let mut alone = Vec::with_capacity(starts.len());
        let mut h = 0;
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(src.len());
            while h < headers.len() && headers[h] < start {
                h += 1;
            }
            let mut inside = 0;
            while h < headers.len() && headers[h] < end {
                inside += 1;
                h += 1;
            }
            alone.push(inside == 1);
        }
        let last_other = headers.iter().rev().find(|h| **h > starts[0] && starts.binary_search(h).is_err());
        Some(Blocks { last_other: last_other.copied().unwrap_or(0), starts, kinds, alone })
    }

    /// Returns where block `k` ends.
    fn end(&self, k: usize, len: usize) -> usize {
        self.starts.get(k + 1).copied().unwrap_or(len)
    }

    fn text<'s>(&self, src: &'s str, k: usize) -> &'s str {
        &src[self.starts[k]..self.end(k, src.len())]
    }

    /// Returns true if block `k` may stand for the same item in another
    /// text: an activity or indicator (the rest is parsed on both sides,
    /// for the headings of a diff), alone, and after any header that could
    /// add to it.
    fn can_twin(&self, k: usize) -> bool {
        matches!(self.kinds[k], Kind::Activity | Kind::Indicator) && self.alone[k] && self.starts[k] > self.last_other
    }
}

/// For each block of `new`, the block of `old` written exactly the same,
/// if any; each block of `old` serves at most one, the n-th copy of a text
/// the n-th.
fn twins(old: &str, a: &Blocks, new: &str, b: &Blocks) -> Vec<Option<usize>> {
    let old_texts = (0..a.starts.len()).map(|i| a.can_twin(i).then(|| a.text(old, i)));
    let new_texts = (0..b.starts.len()).map(|j| b.can_twin(j).then(|| b.text(new, j)));
    crate::plan::pairing::pair_in_order(old_texts, new_texts)
}

/// Loads both texts whole: side by side when they are large, one after the
/// other when a thread would cost more than it saves.
fn whole(old: String, new: String) -> (Load, Load) {
    if old.len().max(new.len()) < CHUNKED_FROM {
        return (load_str_unchecked(old), load_str_unchecked(new));
    }
    both(|| load_str_unchecked(old), || load_str_unchecked(new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::generate;

    /// Most activities of a revision are found in the one before, and no
    /// block after a header that may add to an earlier item is.
    #[test]
    fn unchanged_items_are_found_by_their_text() {
        let old = generate::plan(200, 3);
        let new = generate::revise(&old, 200, 0.1, 3);
        let (a, b) = (Blocks::of(&old).expect("blocks"), Blocks::of(&new).expect("blocks"));
        let found = twins(&old, &a, &new, &b).iter().filter(|m| m.is_some()).count();
        let candidates = (0..b.starts.len()).filter(|&j| b.can_twin(j)).count();
        assert!(found * 10 > candidates * 8, "{found} of {candidates} blocks found");

        let tail = "[[activities]]\nid = \"Z\"\n[activities.x]\ny = 1\n";
        let (old2, new2) = (format!("{old}{tail}"), format!("{new}{tail}"));
        let (a, b) = (Blocks::of(&old2).expect("blocks"), Blocks::of(&new2).expect("blocks"));
        assert_eq!(twins(&old2, &a, &new2, &b).iter().filter(|m| m.is_some()).count(), 0);
    }
}
