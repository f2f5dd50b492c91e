//! Loads revisions of one plan that are compared or merged together. This
//! is the one loader of every command that reads two or more revisions
//! (`diff`, `review`, `merge`, `git-diff`, `textconv`, the editor's diff
//! view), so no two of them can read the same files differently, and each
//! text gives exactly what [`load_str_unchecked`] gives for it alone: the
//! same plan, spans and findings, or the same error. Only the work is
//! shared.
//!
//! Most items of a revision are written exactly as in the one before. A
//! `[[…]]` block that holds one item wholly and stands where its text may
//! be cut (see `outline.rs`) means the same wherever it stands, so a block
//! of a later text written byte for byte as one of the first text's is not
//! parsed again: the first text's item is taken, its spans moved to where
//! the block stands, once it is checked to be the item that block holds
//! (it starts where the block starts). What is left of every text is parsed
//! in pieces, all of them shared over two threads. A text with a piece that
//! does not parse is loaded on its own, which reports it as TOML does.
//!
//! [`load_str_unchecked`]: super::load_str_unchecked

use std::ops::Range;

use super::outline::Outline;
use super::pieces::{Assembly, Fragment, assemble, convert_all, on_two_threads, pieces};
use super::{CHUNK_BYTES, CHUNKED_FROM, Converted, LoadError, Loaded, convert_text, finish, load_outlined};
use crate::plan::finding::Finding;
use crate::plan::pairing::pair_in_order;

/// The result of loading one text.
pub type Load = Result<Loaded, LoadError>;

/// Loads two revisions of one plan that are to be compared (`diff`,
/// `review`, `git-diff`, the editor's diff view): each is exactly what
/// [`load_str_unchecked`](super::load_str_unchecked) gives, and a text that
/// is not a plan (an empty file, no `format` or another format, no `[plan]`)
/// is refused with what `check` says about it
/// ([`LoadError::NotPlan`]). The findings are those of reading the file
/// (types, unknown keys), not of the rules over the whole plan.
pub fn load_pair(old: String, new: String) -> (Load, Load) {
    let [a, b] = load_revisions([old, new]);
    (a.and_then(Loaded::require_plan), b.and_then(Loaded::require_plan))
}

/// Loads revisions of one plan together, the first being the one the others
/// are compared with (the base of a merge, then ours and theirs): each
/// result is exactly what [`load_str_unchecked`](super::load_str_unchecked)
/// gives for its text alone. Nothing is refused but what is not TOML; call
/// [`Loaded::require_plan`] to refuse what is not a plan.
pub fn load_revisions<const N: usize>(texts: [String; N]) -> [Load; N] {
    let loads = load_revisions_with(Vec::from(texts), CHUNKED_FROM, CHUNK_BYTES);
    match <[Load; N]>::try_from(loads) {
        Ok(all) => all,
        Err(_) => unreachable!("one result per text"),
    }
}

/// Like [`load_revisions`], sharing blocks between texts of at least
/// `pair_from` bytes and cutting pieces of about `chunk_bytes` (a text
/// loaded on its own is cut from `pair_from` bytes on too).
pub fn load_revisions_with(texts: Vec<String>, pair_from: usize, chunk_bytes: usize) -> Vec<Load> {
    let outlines: Vec<Result<Outline, LoadError>> = if texts.iter().map(String::len).sum::<usize>() >= CHUNKED_FROM {
        on_two_threads(&texts, |t| Outline::of(t))
    } else {
        texts.iter().map(|t| Outline::of(t)).collect()
    };
    let sharing = |k: usize| texts[k].len() >= pair_from && outlines[k].as_ref().is_ok_and(|o| !o.empty);
    let Some(Ok(reference)) = outlines.first().filter(|_| sharing(0)) else {
        return alone(texts, outlines, vec![], pair_from, chunk_bytes);
    };
    let first = texts[0].as_str();
    let first_blocks: Vec<Option<&str>> = (0..reference.headers.len()).map(|i| block(first, reference, i)).collect();

    // The first text's pieces, then each other text's, between its twins.
    let mut tasks: Vec<(&str, Range<usize>)> =
        pieces(0..first.len(), &reference.cuts(), chunk_bytes).into_iter().map(|r| (first, r)).collect();
    let first_pieces = tasks.len();
    let mut plans: Vec<Option<Vec<Step>>> = vec![None];
    for (k, text) in texts.iter().enumerate().skip(1) {
        let Some(Ok(outline)) = outlines.get(k).filter(|_| sharing(k)) else {
            plans.push(None);
            continue;
        };
        let twins = twins(&first_blocks, text, outline);
        let cuts = outline.cuts();
        let mut steps = Vec::new();
        let mut add_run = |run: Range<usize>, steps: &mut Vec<Step>| {
            for r in pieces(run, &cuts, chunk_bytes).into_iter().filter(|r| !r.is_empty()) {
                steps.push(Step::Parse(tasks.len()));
                tasks.push((text, r));
            }
        };
        let mut run = 0;
        for (j, twin) in twins.iter().enumerate() {
            if let Some(i) = *twin {
                let at = outline.headers[j].at;
                add_run(run..at, &mut steps);
                steps.push(Step::Twin { block: i, at });
                run = outline.block_end(j, text.len());
            }
        }
        add_run(run..text.len(), &mut steps);
        plans.push(Some(steps));
    }

    let mut done = convert_all(&tasks);
    let mut rest = done.split_off(first_pieces);
    let first_converted = match done.into_iter().collect::<Option<Vec<Fragment>>>() {
        Some(parts) => Ok(assemble(parts, first)),
        None => convert_text(first, reference, &[], 0),
    };
    let converted: Vec<Option<Result<Converted, LoadError>>> = match first_converted {
        Ok(base) => {
            let shared = Shared::new(&base, reference, first.len());
            let others: Vec<_> = plans
                .iter()
                .enumerate()
                .skip(1)
                .map(|(k, steps)| {
                    let mut whole = Assembly::new(&texts[k]);
                    for step in steps.as_ref()? {
                        match *step {
                            Step::Parse(t) => whole.add(rest[t - first_pieces].take()?),
                            Step::Twin { block, at } => shared.add_to(&mut whole, block, at)?,
                        }
                    }
                    Some(Ok(whole.finish()))
                })
                .collect();
            std::iter::once(Some(Ok(base))).chain(others).collect()
        }
        Err(e) => std::iter::once(Some(Err(e))).collect(),
    };
    alone(texts, outlines, converted, pair_from, chunk_bytes)
}

/// How a text other than the first is put together, in file order.
enum Step {
    /// A piece of its own text: the index of its task.
    Parse(usize),
    /// The block of the first text's header `block`, which this text has
    /// byte for byte, with its header's line at `at`.
    Twin { block: usize, at: usize },
}

/// For each header of `text`, the header of the first text whose block is
/// written byte for byte as its own, when both hold one item and mean the
/// same wherever they stand; each block of the first text serves at most
/// one, the n-th copy of a text the n-th.
fn twins(first_blocks: &[Option<&str>], text: &str, outline: &Outline) -> Vec<Option<usize>> {
    let blocks = (0..outline.headers.len()).map(|j| block(text, outline, j));
    pair_in_order(first_blocks.iter().copied(), blocks)
}

/// Returns the text of header `k`'s block when it holds one item and means
/// the same wherever it stands.
fn block<'s>(src: &'s str, outline: &Outline, k: usize) -> Option<&'s str> {
    outline.is_item_block(k).then(|| &src[outline.headers[k].at..outline.block_end(k, src.len())])
}

/// The first text's items, for the blocks of later texts written alike.
struct Shared<'a> {
    base: &'a Converted,
    outline: &'a Outline,
    len: usize,
    /// For each header, how many headers of the same collection come
    /// before it: a `[[collection]]` header's rank is its item's index.
    ranks: Vec<usize>,
    /// The findings of converting the first text, by where they start.
    findings: Vec<&'a Finding>,
}

impl<'a> Shared<'a> {
    /// Notes the items of the first text (`len` bytes long), converted
    /// into `base`.
    fn new(base: &'a Converted, outline: &'a Outline, len: usize) -> Self {
        let mut counts = std::collections::HashMap::new();
        let ranks = outline
            .headers
            .iter()
            .map(|h| {
                let n = counts.entry(h.item).or_insert(0);
                *n += 1;
                *n - 1
            })
            .collect();
        let mut findings: Vec<&Finding> = base.findings.iter().collect();
        // Stable: findings at one place keep the order they were found in.
        findings.sort_by_key(|x| x.span.start);
        Shared { base, outline, len, ranks, findings }
    }

    /// Adds to `whole` the item of the first text's block `k`, standing at
    /// `at` in the other text, with what converting it found; `None` unless
    /// the item is the one that block holds (it starts where the block
    /// starts).
    fn add_to(&self, whole: &mut Assembly<'_>, k: usize, at: usize) -> Option<()> {
        let header = self.outline.headers[k];
        let kind = header.item?;
        let item = self.base.plan.items(kind).get(self.ranks[k]).filter(|item| item.span.start == header.at)?;
        let (from, to) = (header.at, self.outline.block_end(k, self.len));
        // What converting the item found lies in its block.
        let lo = self.findings.partition_point(|x| x.span.start < from);
        let hi = self.findings.partition_point(|x| x.span.start < to);
        whole.add_item(kind, item.clone(), self.findings[lo..hi].iter().copied(), from, at);
        Some(())
    }
}

/// Finishes every text from what was converted for it, or loads it on its
/// own when nothing was.
fn alone(
    texts: Vec<String>,
    outlines: Vec<Result<Outline, LoadError>>,
    mut converted: Vec<Option<Result<Converted, LoadError>>>,
    chunked_from: usize,
    chunk_bytes: usize,
) -> Vec<Load> {
    converted.resize_with(texts.len(), || None);
    texts
        .into_iter()
        .zip(outlines)
        .zip(converted)
        .map(|((text, outline), conv)| match conv {
            Some(c) => c.map(|c| finish(text, c, None)),
            None => load_outlined(text, &outline?, None, chunked_from, chunk_bytes),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::generate;

    fn found(old: &str, new: &str) -> (usize, usize) {
        let (a, b) = (Outline::of(old).expect("old"), Outline::of(new).expect("new"));
        let first: Vec<Option<&str>> = (0..a.headers.len()).map(|i| block(old, &a, i)).collect();
        let shared = twins(&first, new, &b).iter().filter(|t| t.is_some()).count();
        (shared, (0..b.headers.len()).filter(|&j| b.is_item_block(j)).count())
    }

    /// Most items of a revision are found in the one before and not parsed
    /// again; none whose block a later header adds to.
    #[test]
    fn unchanged_items_are_found_by_their_text() {
        let old = generate::plan(200, 3);
        let new = generate::revise(&old, 200, 0.1, 3);
        let (shared, blocks) = found(&old, &new);
        assert!(shared * 10 > blocks * 8, "{shared} of {blocks} blocks found");

        let tail = "[[activities]]\nid = \"Z\"\n[[goals]]\nid = \"G9\"\n[activities.x]\ny = 1\n";
        let (old2, new2) = (format!("{old}{tail}"), format!("{new}{tail}"));
        let (shared2, _) = found(&old2, &new2);
        let (a, b) = (Outline::of(&old2).expect("old"), Outline::of(&new2).expect("new"));
        let first: Vec<Option<&str>> = (0..a.headers.len()).map(|i| block(&old2, &a, i)).collect();
        let t = twins(&first, &new2, &b);
        let z = b.headers.iter().position(|h| new2[h.at..].starts_with("[[activities]]\nid = \"Z\"")).expect("Z");
        assert!(t[z..].iter().all(Option::is_none), "a block below which [activities.x] adds is never shared");
        assert!(shared2 < shared, "no activity block is shared after its collection is written another way");
    }

    /// The item taken for a block must start where the block starts: a
    /// first text whose items are not where its outline says (which only a
    /// fault could bring about) shares nothing.
    #[test]
    fn a_shared_item_must_stand_where_its_block_stands() {
        let old = generate::plan(20, 4);
        let outline = Outline::of(&old).expect("outline");
        let mut base = convert_text(&old, &outline, &[], 0).expect("converts");
        let k = outline.headers.iter().position(|h| h.item == Some(crate::plan::Kind::Activity)).expect("an activity");
        let at = outline.headers[k].at;
        let mut whole = Assembly::new(&old);
        assert!(Shared::new(&base, &outline, old.len()).add_to(&mut whole, k, at).is_some());
        assert_eq!(whole.finish().plan.activities, base.plan.activities[..1]);
        base.plan.activities[0].span.start += 1;
        assert!(Shared::new(&base, &outline, old.len()).add_to(&mut Assembly::new(&old), k, at).is_none());
    }
}
