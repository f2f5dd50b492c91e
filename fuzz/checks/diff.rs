//! Revisions loaded together give what each gives alone, and their diff is
//! the diff of the whole plans (issue 13). The input is either two texts
//! split at a NUL byte or, after a first byte 0x01, the choices of
//! `plan::generate::tricky`: two or three revisions of one plan written in
//! every form TOML allows, sharing most of their blocks, perhaps one of
//! them broken. Asserted: every text loaded together (as a diff and as a
//! merge loads them, in the smallest pieces and at the defaults) equals
//! the text loaded alone; the JSON diff equals the whole plans' diff; and
//! where both load without errors, the diff applied to OLD gives NEW.
use lansplan::diff::{apply::apply, diff, json};
use lansplan::i18n::Lang;
use lansplan::plan::doc::PlanDoc;
use lansplan::plan::generate::tricky::{self, Bytes, Choose};
use lansplan::plan::load::{self, LoadError, Loaded};
use lansplan::plan::{Date, Finding, Plan};

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

/// A load, comparable.
#[derive(Debug, PartialEq)]
enum Outcome {
    Loaded(Box<Plan>, Vec<Finding>),
    Refused(String),
}

fn outcome(r: &Result<Loaded, LoadError>) -> Outcome {
    match r {
        Ok(l) => Outcome::Loaded(Box::new(l.plan.clone()), l.findings.clone()),
        Err(e) => Outcome::Refused(e.render("f", Lang::En)),
    }
}

/// One input: returns quietly when it does not apply, panics on a
/// broken promise.
pub fn check(data: &[u8]) {
    let (texts, piece) = if let Some(choices) = data.strip_prefix(&[1]) {
        let mut c = Bytes(choices);
        let (items, count, piece) = (1 + c.below(12), 2 + c.below(2), 1 + c.below(200));
        let mut texts = tricky::revisions(&mut c, items, count);
        if c.below(4) == 0 {
            let k = c.below(texts.len());
            texts[k] = tricky::corrupt(&mut c, &texts[k]);
        }
        (texts, piece)
    } else {
        let mut parts = data.splitn(2, |b| *b == 0);
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else { return };
        let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) else { return };
        (vec![a.to_string(), b.to_string()], 13)
    };
    let alone: Vec<Result<Loaded, LoadError>> = texts.iter().map(|t| load::load_str_unchecked(t.clone())).collect();
    let want: Vec<Outcome> = alone.iter().map(outcome).collect();
    for (from, bytes) in [(0, 1), (0, piece), (load::CHUNKED_FROM, load::CHUNK_BYTES)] {
        let together = load::load_revisions_with(texts.clone(), from, bytes);
        let got: Vec<Outcome> = together.iter().map(outcome).collect();
        assert!(got == want, "loaded together (from {from}, pieces of {bytes}) differs from alone");
    }
    let (Ok(old), Ok(new)) = (&alone[0], &alone[1]) else { return };
    let changes = diff(&old.plan, &new.plan);
    let _ = json::to_safe_string(&json::document(&old.plan, &new.plan, &changes));
    let _ = lansplan::publish::markdown::diff::render(&old.plan, &new.plan, &changes, Lang::Sv);
    let (Ok(old), Ok(new)) = (load::load_str(old.source.clone(), TODAY), load::load_str(new.source.clone(), TODAY))
    else {
        return;
    };
    if old.error_count() > 0 || new.error_count() > 0 {
        return;
    }
    let Ok(mut doc) = PlanDoc::parse(&old.source) else { return };
    if apply(&mut doc, &changes.iter().collect::<Vec<_>>()).is_ok()
        && let Ok(applied) = load::load_str(doc.render(), TODAY)
    {
        assert!(diff(&applied.plan, &new.plan).is_empty(), "apply(diff(OLD, NEW), OLD) == NEW");
    }
}
