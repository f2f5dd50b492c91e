//! Diff two plans split from one input at a NUL byte; the diff applied to
//! OLD must give NEW whenever both load without errors.
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
    let _ = lansplan::diff::json::to_safe_string(&lansplan::diff::json::document(&old.plan, &new.plan, &changes));
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
