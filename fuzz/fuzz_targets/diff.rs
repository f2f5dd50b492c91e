//! Diff two plans split from one input at a NUL byte; the diff applied to
//! OLD must give NEW whenever both load without errors, and loading the two
//! for a diff (twins left out) must give the same diff as loading them whole.
#![no_main]

use lansplan::diff::{apply::apply, diff};
use lansplan::plan::doc::PlanDoc;
use lansplan::plan::{Date, load};
use libfuzzer_sys::fuzz_target;

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |b| *b == 0);
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else { return };
    let (Ok(old), Ok(new)) = (load::load_bytes(a.to_vec(), TODAY), load::load_bytes(b.to_vec(), TODAY)) else {
        return;
    };
    let changes = diff(&old.plan, &new.plan);
    let json = lansplan::diff::json::to_safe_string(&lansplan::diff::json::document(&old.plan, &new.plan, &changes));
    // Loaded for a diff (twins left out, pieces on two threads): the same diff.
    if let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) {
        if let [Ok(x), Ok(y)] = &load::load_revisions_with(vec![a.to_string(), b.to_string()], 0, 1)[..] {
            let fast = diff(&x.plan, &y.plan);
            let fast_json = lansplan::diff::json::to_safe_string(&lansplan::diff::json::document(&x.plan, &y.plan, &fast));
            assert_eq!(fast_json, json, "loading for a diff gives another diff");
        } else {
            panic!("loading for a diff fails where loading whole does not");
        }
    }
    let _ = lansplan::diff::markdown::render(&old.plan, &new.plan, &changes, lansplan::i18n::Lang::Sv);
    if old.error_count() > 0 || new.error_count() > 0 {
        return;
    }
    let Ok(mut doc) = PlanDoc::parse(&old.source) else { return };
    if apply(&mut doc, &changes.iter().collect::<Vec<_>>()).is_ok() {
        if let Ok(applied) = load::load_str(doc.render(), TODAY) {
            assert!(diff(&applied.plan, &new.plan).is_empty(), "apply(diff(OLD, NEW), OLD) == NEW");
        }
    }
});
