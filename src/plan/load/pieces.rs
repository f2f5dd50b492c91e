//! Loading a large file in pieces: each piece starts at a collection's
//! `[[…]]` header, is parsed and converted on its own (two at a time, on
//! two threads), and the pieces are joined into one plan, or found not to
//! be independent, in which case the text is parsed whole.

use std::ops::Range;

use toml::de::DeTable;

use super::{Seen, convert_into, finish_convert};
use crate::plan::finding::{Finding, Findings};
use crate::plan::model::{Item, Plan};
use crate::plan::schema::Kind;

/// Parses and converts a large file piece by piece, each piece starting at
/// a collection's `[[…]]` header, on two threads, so that only two pieces'
/// parse trees exist at a time. Returns `None` when the pieces are not
/// independent (see [`assemble`]) or one does not parse: the caller then
/// parses the whole text, which reports such a file exactly as TOML does.
pub(super) fn convert_chunked(src: &str, boundaries: &[usize], chunk_bytes: usize, f: &mut Findings) -> Option<Plan> {
    let tasks: Vec<(&str, Range<usize>)> =
        pieces(0..src.len(), boundaries, chunk_bytes).into_iter().map(|r| (src, r)).collect();
    let parts = convert_all(&tasks).into_iter().collect::<Option<Vec<Fragment>>>()?;
    let (plan, seen) = assemble(parts, f)?;
    finish_convert(&seen, f);
    Some(plan)
}

/// Cuts `range` at the boundaries (in order) inside it into pieces of at
/// least `chunk_bytes` (the last may be shorter).
pub(super) fn pieces(range: Range<usize>, boundaries: &[usize], chunk_bytes: usize) -> Vec<Range<usize>> {
    let mut starts = vec![range.start];
    let first = boundaries.partition_point(|&b| b <= range.start);
    let end = boundaries.partition_point(|&b| b < range.end).max(first);
    for &b in &boundaries[first..end] {
        if b - starts.last().copied().unwrap_or(range.start) >= chunk_bytes.max(1) {
            starts.push(b);
        }
    }
    let ends = starts.iter().skip(1).copied().chain([range.end]);
    starts.iter().zip(ends).map(|(&s, e)| s..e).collect()
}

/// Parses and converts every piece (a text and a range of it), two at a
/// time on two threads; returns the fragments in the pieces' order.
pub(super) fn convert_all(tasks: &[(&str, Range<usize>)]) -> Vec<Option<Fragment>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some((src, range)) = tasks.get(k) else { break };
            done.push((k, convert_piece(src, range.clone())));
        }
        done
    };
    let (mut done, other) = if tasks.len() > 1 { both(work, work) } else { (work(), Vec::new()) };
    done.extend(other);
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, f)| f).collect()
}

/// Runs two closures at once, the second on a thread of its own.
pub(super) fn both<A: Send, B: Send>(first: impl FnOnce() -> A + Send, second: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|scope| {
        let other = scope.spawn(second);
        let a = first();
        (a, other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// One piece of a file, parsed and converted on its own. Its spans are
/// already positions in the whole text; its findings are positions in the
/// piece, placed in the whole text when the pieces are joined (where one
/// line index serves them all).
pub(super) struct Fragment {
    pub(super) start: usize,
    pub(super) plan: Plan,
    pub(super) seen: Seen,
    pub(super) findings: Vec<Finding>,
    /// The top-level names the piece defines, each with whether it came
    /// from a collection's `[[…]]` header.
    pub(super) names: Vec<(String, bool)>,
}

/// Parses and converts `src[range]`; `None` if that text does not parse.
fn convert_piece(src: &str, range: Range<usize>) -> Option<Fragment> {
    let text = &src[range.clone()];
    let root = DeTable::parse(text).ok()?;
    let names = root
        .get_ref()
        .iter()
        .map(|(key, _)| {
            let name = key.get_ref().as_ref();
            let from_header = text[..key.span().start].trim_end_matches([' ', '\t']).ends_with("[[")
                && Kind::from_key(name).is_some_and(Kind::is_collection);
            (name.to_string(), from_header)
        })
        .collect();
    let mut f = Findings::new(text);
    let mut plan = Plan::empty();
    let mut seen = Seen::default();
    convert_into(root.get_ref(), text, &mut f, &mut plan, &mut seen);
    drop(root);
    let by = range.start;
    shift(&mut plan.plan, by);
    shift(&mut plan.revision, by);
    for k in Kind::COLLECTIONS {
        for item in plan.items_mut(k) {
            shift(item, by);
        }
    }
    for c in &mut plan.conflicts {
        c.span = c.span.start + by..c.span.end + by;
        if let Some(item) = &mut c.item {
            shift(item, by);
        }
    }
    Some(Fragment { start: range.start, plan, seen, findings: f.list, names })
}

/// Joins converted pieces, in file order, into one plan, adding their
/// findings to `f`. Returns `None` when the pieces are not independent: a
/// name other than the collections defined in two pieces, or a collection
/// also written inline or as a plain table (`[activities.x]` after a later
/// header means the last activity, which only the whole text can tell).
pub(super) fn assemble(parts: Vec<Fragment>, f: &mut Findings) -> Option<(Plan, Seen)> {
    let mut owner: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut by_header: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (n, frag) in parts.iter().enumerate() {
        for (name, from_header) in &frag.names {
            if *from_header {
                if owner.contains_key(name.as_str()) {
                    return None;
                }
                by_header.insert(name);
            } else if by_header.contains(name.as_str()) || owner.insert(name, n).is_some_and(|prev| prev != n) {
                return None;
            }
        }
    }
    let mut plan = Plan::empty();
    let mut seen = Seen::default();
    for mut frag in parts {
        if frag.seen.format {
            plan.format = frag.plan.format.take();
            seen.format = true;
        }
        if frag.seen.plan {
            plan.plan = std::mem::replace(&mut frag.plan.plan, Item::new(Kind::Plan, 0..0));
            seen.plan = true;
        }
        if frag.seen.revision {
            plan.revision = std::mem::replace(&mut frag.plan.revision, Item::new(Kind::Revision, 0..0));
            seen.revision = true;
        }
        for k in Kind::COLLECTIONS {
            plan.items_mut(k).append(frag.plan.items_mut(k));
        }
        plan.conflicts.append(&mut frag.plan.conflicts);
        for x in frag.findings {
            let span = x.span.start + frag.start..x.span.end + frag.start;
            f.push(x.severity, span, x.message, x.hint);
        }
    }
    Some((plan, seen))
}

/// Moves an item's spans from its piece to the whole text.
fn shift(item: &mut Item, by: usize) {
    item.span = item.span.start + by..item.span.end + by;
    for (_, s) in &mut item.spans {
        *s = s.start + by..s.end + by;
    }
    for s in &mut item.measurement_spans {
        *s = s.start + by..s.end + by;
    }
}
