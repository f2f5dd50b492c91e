//! Three-way merge of three plans split from one input at NUL bytes; must
//! never panic, and merging a side with the base must give that side.
use lansplan::diff::merge::merge;
use lansplan::plan::{Date, load};

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

/// One input: returns quietly when it does not apply, panics on a
/// broken promise.
pub fn check(data: &[u8]) {
    let parts: Vec<&[u8]> = data.splitn(3, |b| *b == 0).collect();
    let [a, b, c] = parts.as_slice() else { return };
    let load = |x: &[u8]| load::load_bytes(x.to_vec(), TODAY).ok();
    let (Some(base), Some(ours), Some(theirs)) = (load(a), load(b), load(c)) else { return };
    let _ = merge(&base.source, &ours.source, &theirs.source, TODAY);
    if ours.error_count() == 0
        && let Ok(m) = merge(&base.source, &ours.source, &base.source, TODAY)
    {
        assert_eq!(m.text, ours.source, "merging the base in changes nothing");
    }
}
