//! A merge reported clean passes `check` (issue 23), and one with
//! conflicts fails only on them; what either side added (comments,
//! unknown keys, titles) is in the result, in the file or in a conflict
//! record. Both sides are edits of one structured plan that passes check.
use arbitrary::Unstructured;
use lansplan::diff::merge::{Way, merge_with};
use lansplan::plan::load_str;

use crate::plangen::{self, TODAY, comments};

/// One input: returns quietly when it does not apply, panics on a
/// broken promise.
pub fn check(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(base) = plangen::plan(&mut u) else { return };
    let (Ok(ours), Ok(theirs)) = (plangen::edits(&mut u, &base), plangen::edits(&mut u, &base)) else { return };
    let valid = |t: &str| load_str(t.to_string(), TODAY).is_ok_and(|l| l.error_count() == 0);
    assert!(valid(&base), "the generator wrote an invalid plan:\n{base}");
    if !(valid(&ours) && valid(&theirs)) {
        return;
    }
    for way in [Way::Cut, Way::Whole] {
        let m = merge_with(&base, &ours, &theirs, TODAY, way)
            .unwrap_or_else(|e| panic!("{way:?}: {e:?}\nbase:\n{base}\nours:\n{ours}\ntheirs:\n{theirs}"));
        let loaded = load_str(m.text.clone(), TODAY).expect("the result loads");
        let errors: Vec<&str> =
            loaded.findings.iter().filter(|f| f.is_error()).map(|f| f.message.en.as_str()).collect();
        let show = || format!("{way:?}\nbase:\n{base}\nours:\n{ours}\ntheirs:\n{theirs}\nmerged:\n{}", m.text);
        if m.conflicts.is_empty() {
            assert!(errors.is_empty(), "a clean merge fails check: {errors:?}\n{}", show());
        } else {
            assert!(
                errors.iter().all(|e| e.starts_with("unresolved conflict")),
                "errors besides conflicts: {errors:?}\n{}",
                show()
            );
        }
        // Every comment a side added is somewhere in the result.
        let before = comments(&base);
        for side in [&ours, &theirs] {
            for c in comments(side) {
                if !before.contains(&c) {
                    assert!(m.text.contains(&c), "lost the comment {c:?}\n{}", show());
                }
            }
        }
    }
}
