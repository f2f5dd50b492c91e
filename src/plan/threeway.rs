//! Three-way decisions shared by every level of a merge (the pieces of a
//! file, the entries of a list inside an item): what becomes of one thing
//! given which of its three versions exist and which equal the base, and in
//! which order the merged sequence runs.

/// What a merge does with one thing (an item, a key, a list element).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Ours stands: they left it as it was, or both made it the same.
    Ours,
    /// Theirs stands: we left it as it was.
    Theirs,
    /// Both changed it, differently: the three versions are merged inside.
    Merge,
    /// Gone: removed on one side and left as it was on the other, or
    /// removed on both.
    Removed,
    /// We removed it and they changed it: their version stays, as a conflict.
    OursRemoved,
    /// They removed it and we changed it: our version stays, as a conflict.
    TheirsRemoved,
}

impl Outcome {
    /// Returns the outcome for a thing that exists in the base, ours and
    /// theirs as given, where `ours_same`/`theirs_same` say whether that
    /// side equals the base and `both_same` whether ours equals theirs.
    pub fn of(base: bool, ours: bool, theirs: bool, ours_same: bool, theirs_same: bool, both_same: bool) -> Outcome {
        match (base, ours, theirs) {
            (_, true, true) if both_same => Outcome::Ours,
            (true, true, true) if theirs_same => Outcome::Ours,
            (true, true, true) if ours_same => Outcome::Theirs,
            (_, true, true) => Outcome::Merge,
            (true, false, true) if theirs_same => Outcome::Removed,
            (true, false, true) => Outcome::OursRemoved,
            (true, true, false) if ours_same => Outcome::Removed,
            (true, true, false) => Outcome::TheirsRemoved,
            (false, true, false) => Outcome::Ours,
            (false, false, true) => Outcome::Theirs,
            (_, false, false) => Outcome::Removed,
        }
    }

    /// Returns true if the merged result holds the thing.
    pub fn kept(self) -> bool {
        self != Outcome::Removed
    }
}

/// Returns the merged order of things numbered `0..n`, given the order of
/// each side (`base`, `ours`, `theirs` list thing numbers) and which are
/// `kept` in the result.
///
/// Ours' order is the skeleton, unless they moved things around and we did
/// not: then theirs' is. Things only the other side has come right after
/// the thing before them on that side (or first, when there is none), in
/// that side's order. Linear in the number of things.
pub fn order(n: usize, base: &[usize], ours: &[usize], theirs: &[usize], kept: &[bool]) -> Vec<usize> {
    let member = |seq: &[usize]| {
        let mut m = vec![false; n];
        for &u in seq {
            m[u] = true;
        }
        m
    };
    let (in_base, in_ours, in_theirs) = (member(base), member(ours), member(theirs));
    let common = |u: usize| in_base[u] && in_ours[u] && in_theirs[u] && kept[u];
    let relative = |seq: &[usize]| seq.iter().copied().filter(|&u| common(u)).collect::<Vec<_>>();
    let base_order = relative(base);
    let moved_by_theirs = relative(theirs) != base_order;
    let moved_by_ours = relative(ours) != base_order;
    let (skeleton, other, in_skeleton) =
        if moved_by_theirs && !moved_by_ours { (theirs, ours, &in_theirs) } else { (ours, theirs, &in_ours) };

    // Each thing of the other side's own goes after the one before it there.
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut head = Vec::new();
    let mut last: Option<usize> = None;
    for &u in other {
        if !kept[u] {
            continue;
        }
        if !in_skeleton[u] {
            match last {
                Some(p) => after[p].push(u),
                None => head.push(u),
            }
        }
        last = Some(u);
    }

    let mut out = Vec::with_capacity(n);
    let mut stack: Vec<usize> = Vec::new();
    let emit = |u: usize, out: &mut Vec<usize>, stack: &mut Vec<usize>| {
        stack.push(u);
        while let Some(v) = stack.pop() {
            out.push(v);
            stack.extend(after[v].iter().rev());
        }
    };
    for &u in &head {
        emit(u, &mut out, &mut stack);
    }
    for &u in skeleton {
        if kept[u] {
            emit(u, &mut out, &mut stack);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn outcomes_follow_who_changed_what() {
        use Outcome::*;
        // (base, ours, theirs, ours_same, theirs_same, both_same)
        let cases = [
            ((true, true, true, true, true, true), Ours),
            ((true, true, true, false, true, false), Ours),
            ((true, true, true, true, false, false), Theirs),
            ((true, true, true, false, false, true), Ours),
            ((true, true, true, false, false, false), Merge),
            ((true, false, true, false, true, false), Removed),
            ((true, false, true, false, false, false), OursRemoved),
            ((true, true, false, true, false, false), Removed),
            ((true, true, false, false, false, false), TheirsRemoved),
            ((true, false, false, false, false, false), Removed),
            ((false, true, false, false, false, false), Ours),
            ((false, false, true, false, false, false), Theirs),
            ((false, true, true, false, false, true), Ours),
            ((false, true, true, false, false, false), Merge),
        ];
        for ((b, o, t, os, ts, bs), want) in cases {
            assert_eq!(Outcome::of(b, o, t, os, ts, bs), want, "{b} {o} {t} {os} {ts} {bs}");
        }
    }

    #[test]
    fn their_additions_follow_their_neighbour() {
        // base 0 1 2; ours adds 3 after 0; theirs adds 4 after 1 and 5 first.
        let got = order(6, &[0, 1, 2], &[0, 3, 1, 2], &[5, 0, 1, 4, 2], &[true; 6]);
        assert_eq!(got, vec![5, 0, 3, 1, 4, 2]);
    }

    #[test]
    fn a_reorder_on_one_side_wins_and_removed_things_leave_no_gap() {
        let kept = [true, false, true, true, true];
        // theirs moved 3 to the front; ours removed 1 and added 4 after 2.
        let got = order(5, &[0, 1, 2, 3], &[0, 2, 4, 3], &[3, 0, 1, 2], &kept);
        assert_eq!(got, vec![3, 0, 2, 4]);
    }

    #[test]
    fn a_long_chain_of_additions_needs_no_deep_recursion() {
        let n = 200_000;
        let theirs: Vec<usize> = (0..n).collect();
        let got = order(n, &[0], &[0], &theirs, &vec![true; n]);
        assert_eq!(got, theirs);
    }

    proptest! {
        /// Every kept thing appears exactly once, nothing else does, and
        /// the skeleton side's relative order is kept.
        #[test]
        fn order_is_a_permutation_of_the_kept(
            base in prop::sample::subsequence((0..12usize).collect::<Vec<_>>(), 0..12),
            ours in Just((0..12usize).collect::<Vec<_>>()).prop_shuffle(),
            theirs in Just((0..12usize).collect::<Vec<_>>()).prop_shuffle(),
            cut_o in 0usize..12, cut_t in 0usize..12,
            kept in prop::collection::vec(any::<bool>(), 12),
        ) {
            let (ours, theirs) = (&ours[..cut_o], &theirs[..cut_t]);
            let present: Vec<bool> = (0..12).map(|u| kept[u] && (ours.contains(&u) || theirs.contains(&u))).collect();
            let got = order(12, &base, ours, theirs, &present);
            let mut sorted = got.clone();
            sorted.sort_unstable();
            let want: Vec<usize> = (0..12).filter(|&u| present[u]).collect();
            prop_assert_eq!(sorted, want);
        }
    }
}
