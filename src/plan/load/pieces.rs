//! Loading a large file in pieces: the text is cut where its outline says
//! it may be (see `outline.rs`), each piece is parsed and converted on its
//! own (two at a time, on two threads, so that only two pieces' parse trees
//! exist at once), and the pieces are joined into one plan. A piece that
//! does not parse means the text is not TOML: the caller then parses the
//! whole text, which reports the error exactly as TOML does.

use std::ops::Range;

use super::{Converted, Seen, convert_into, parse};
use crate::plan::finding::{Finding, Findings};
use crate::plan::model::{Item, Plan};
use crate::plan::schema::Kind;

/// Parses and converts `src` in pieces starting at `cuts` (in order), each
/// at least `chunk_bytes` long but the last; `None` when there would be only
/// one piece or a piece does not parse.
pub(super) fn convert_pieces(src: &str, cuts: &[usize], chunk_bytes: usize) -> Option<Converted> {
    let tasks: Vec<(&str, Range<usize>)> =
        pieces(0..src.len(), cuts, chunk_bytes).into_iter().map(|r| (src, r)).collect();
    if tasks.len() < 2 {
        return None;
    }
    let parts = convert_all(&tasks).into_iter().collect::<Option<Vec<Fragment>>>()?;
    Some(assemble(parts, src))
}

/// Cuts `range` at the cuts (in order) inside it into pieces of at least
/// `chunk_bytes` (the last may be shorter).
pub(super) fn pieces(range: Range<usize>, cuts: &[usize], chunk_bytes: usize) -> Vec<Range<usize>> {
    let mut starts = vec![range.start];
    let first = cuts.partition_point(|&b| b <= range.start);
    let end = cuts.partition_point(|&b| b < range.end).max(first);
    for &b in &cuts[first..end] {
        if b - starts.last().copied().unwrap_or(range.start) >= chunk_bytes.max(1) {
            starts.push(b);
        }
    }
    let ends = starts.iter().skip(1).copied().chain([range.end]);
    starts.iter().zip(ends).map(|(&s, e)| s..e).collect()
}

/// Parses and converts every piece (a text and a range of it) on two
/// threads; returns the fragments in the pieces' order.
pub(super) fn convert_all(tasks: &[(&str, Range<usize>)]) -> Vec<Option<Fragment>> {
    on_two_threads(tasks, |(src, range)| convert_piece(src, range.clone()))
}

/// Runs `work` on every input, two at a time on two threads (on this one
/// alone for a single input); returns the outputs in the inputs' order.
pub(super) fn on_two_threads<I: Sync, O: Send>(inputs: &[I], work: impl Fn(&I) -> O + Sync) -> Vec<O> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let run = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(k) else { break };
            done.push((k, work(input)));
        }
        done
    };
    let mut done = if inputs.len() > 1 {
        std::thread::scope(|scope| {
            let other = scope.spawn(run);
            let mut mine = run();
            mine.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            mine
        })
    } else {
        run()
    };
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, out)| out).collect()
}

/// One piece of a text, parsed and converted on its own. Its plan's spans
/// are already positions in the whole text; its findings (and what its
/// `seen` says is not a plan) are positions in the piece, placed in the
/// whole text when the pieces are joined (where one line index serves them
/// all).
pub(super) struct Fragment {
    pub(super) start: usize,
    pub(super) plan: Plan,
    pub(super) seen: Seen,
    pub(super) findings: Vec<Finding>,
}

/// Parses and converts `src[range]`; `None` if that text does not parse.
fn convert_piece(src: &str, range: Range<usize>) -> Option<Fragment> {
    let text = &src[range.clone()];
    let root = parse::parse(text).ok()?;
    let mut f = Findings::new(text);
    let mut plan = Plan::empty();
    let mut seen = Seen::default();
    convert_into(root.get_ref(), text, &mut f, &mut plan, &mut seen);
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
    Some(Fragment { start: range.start, plan, seen, findings: f.list })
}

/// Joins the converted pieces of `src`, in file order, into one plan. The
/// pieces were cut where TOML lets a text be cut, so every top-level name
/// but a collection written only as `[[…]]` headers lies in one piece, and
/// a collection's items are its pieces' items in order.
pub(super) fn assemble(parts: Vec<Fragment>, src: &str) -> Converted {
    let mut whole = Assembly::new(src);
    for frag in parts {
        whole.add(frag);
    }
    whole.finish()
}

/// A text being put together from its parts, in file order.
pub(super) struct Assembly<'s> {
    f: Findings<'s>,
    plan: Plan,
    seen: Seen,
}

impl<'s> Assembly<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        Assembly { f: Findings::new(src), plan: Plan::empty(), seen: Seen::default() }
    }

    /// Adds the next piece.
    pub(super) fn add(&mut self, mut frag: Fragment) {
        let (plan, seen) = (&mut self.plan, &mut self.seen);
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
        let by = frag.start;
        for x in frag.findings {
            self.f.push(x.severity, x.span.start + by..x.span.end + by, x.message, x.hint);
        }
        for (span, message, hint) in frag.seen.not_plan {
            seen.not_plan.push((span.start + by..span.end + by, message, hint));
        }
    }

    /// Adds the next item, whose block is written as one that starts at
    /// `from` in another text, where converting it found `findings`: the
    /// item and the findings move to where the block starts here, `to`.
    pub(super) fn add_item<'a>(
        &mut self,
        kind: Kind,
        mut item: Item,
        findings: impl Iterator<Item = &'a Finding>,
        from: usize,
        to: usize,
    ) {
        move_item(&mut item, from, to);
        self.plan.items_mut(kind).push(item);
        for x in findings {
            let span = x.span.start - from + to..x.span.end - from + to;
            self.f.push(x.severity, span, x.message.clone(), x.hint.clone());
        }
    }

    pub(super) fn finish(self) -> Converted {
        Converted { plan: self.plan, seen: self.seen, findings: self.f.list }
    }
}

/// Moves an item's spans by `by` bytes.
pub(super) fn shift(item: &mut Item, by: usize) {
    move_item(item, 0, by);
}

/// Moves an item's spans from where its text starts at `from` to where
/// the same text starts at `to`.
pub(super) fn move_item(item: &mut Item, from: usize, to: usize) {
    let at = |r: &mut Range<usize>| *r = r.start.saturating_sub(from) + to..r.end.saturating_sub(from) + to;
    at(&mut item.span);
    for (_, s) in &mut item.spans {
        at(s);
    }
    for s in &mut item.measurement_spans {
        at(s);
    }
}
