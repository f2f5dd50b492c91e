//! What a merge must keep (issue 23): merging a side with the base gives
//! that side, as TOML (unknown keys included, the order of items aside)
//! and with the same comments, whichever way the files are cut, on
//! structured plans in every layout the generator writes.
use arbitrary::Unstructured;
use lansplan::diff::merge::{Way, merge_with};

use crate::plangen::{self, TODAY, comments, meaning};

/// One input: returns quietly when it does not apply, panics on a
/// broken promise.
pub fn check(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(base) = plangen::plan(&mut u) else { return };
    let Ok(side) = plangen::edits(&mut u, &base) else { return };
    for way in [Way::Cut, Way::Whole] {
        for (ours, theirs) in [(&base, &side), (&side, &base)] {
            let m = merge_with(&base, ours, theirs, TODAY, way)
                .unwrap_or_else(|e| panic!("{way:?}: {e:?}\nbase:\n{base}\nside:\n{side}"));
            assert!(m.conflicts.is_empty(), "{way:?}: conflicts {:?}\nbase:\n{base}\nside:\n{side}", m.conflicts);
            assert_eq!(
                meaning(&m.text),
                meaning(&side),
                "{way:?}: not the side's meaning\nside:\n{side}\nmerged:\n{}",
                m.text
            );
            assert_eq!(
                comments(&m.text),
                comments(&side),
                "{way:?}: comments differ\nside:\n{side}\nmerged:\n{}",
                m.text
            );
        }
    }
}
