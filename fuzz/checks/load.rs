//! Every way of loading a text gives one whole parse (issue 13). The input
//! is either raw bytes or, after a first byte 0x01, the choices of
//! `plan::generate::tricky`, which writes plans in every form TOML allows
//! (and breaks them): the fuzzer then explores structure, not just bytes.
//! Asserted: the text whole, in the smallest pieces, in pieces of a size
//! the input picks and at the default thresholds gives the same plan,
//! spans and findings, or the same refusal; it is refused exactly when the
//! `toml` crate refuses it; a loaded text's document prints back byte for
//! byte; nothing unescaped reaches a message.
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

fn outcome(r: Result<Loaded, LoadError>) -> Outcome {
    match r {
        Ok(l) => Outcome::Loaded(Box::new(l.plan), l.findings),
        Err(e) => Outcome::Refused(e.render("f", Lang::En)),
    }
}

/// One input: returns quietly when it does not apply, panics on a
/// broken promise.
pub fn check(data: &[u8]) {
    let (text, piece) = if let Some(choices) = data.strip_prefix(&[1]) {
        let mut c = Bytes(choices);
        let (items, piece) = (1 + c.below(12), 1 + c.below(200));
        let mut text = tricky::revisions(&mut c, items, 1).remove(0);
        if c.below(3) == 0 {
            text = tricky::corrupt(&mut c, &text);
        }
        (text, piece)
    } else {
        match std::str::from_utf8(data) {
            Ok(t) => (t.to_string(), 7),
            Err(_) => {
                // Not UTF-8: refused, with the place, and never raw.
                let e = load::load_bytes(data.to_vec(), TODAY).map(|_| ()).expect_err("not UTF-8 is refused");
                let line = e.render("f.toml", Lang::En);
                assert!(!line.chars().any(|c| c != '\n' && lansplan::text::is_dangerous(c)), "{line:?}");
                return;
            }
        }
    };
    let whole = outcome(load::load_str_with(text.clone(), TODAY, usize::MAX, 0));
    for (from, bytes) in [(0, 1), (0, piece), (load::CHUNKED_FROM, load::CHUNK_BYTES)] {
        let got = outcome(load::load_str_with(text.clone(), TODAY, from, bytes));
        assert!(got == whole, "pieces from {from} of {bytes} differ from the whole parse");
    }
    let toml_ok = toml::from_str::<toml::Table>(&text).is_ok();
    match &whole {
        Outcome::Loaded(..) => assert!(toml_ok, "loaded what toml refuses"),
        Outcome::Refused(e) => assert!(!toml_ok || e.contains("nesting too deep"), "refused what toml reads: {e}"),
    }
    match load::load_str(text, TODAY) {
        Ok(loaded) => {
            for f in &loaded.findings {
                let line = f.render("f.toml", Lang::Sv);
                assert!(!line.chars().any(|c| c != '\n' && lansplan::text::is_dangerous(c)), "{line:?}");
            }
            if let Ok(doc) = PlanDoc::parse(&loaded.source) {
                assert_eq!(doc.render(), loaded.source, "unedited render is byte-identical");
            }
        }
        Err(e) => {
            let line = e.render("f.toml", Lang::En);
            assert!(!line.chars().any(|c| c != '\n' && lansplan::text::is_dangerous(c)), "{line:?}");
        }
    }
}
