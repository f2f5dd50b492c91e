//! Load + validate arbitrary bytes; when they load, the editable document
//! must print back byte for byte, and every finding must be escaped.
#![no_main]

use lansplan::i18n::Lang;
use lansplan::plan::doc::PlanDoc;
use lansplan::plan::{Date, load};
use libfuzzer_sys::fuzz_target;

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

fuzz_target!(|data: &[u8]| {
    // Parsed in the smallest pieces or whole: the same plan and findings.
    if let Ok(text) = std::str::from_utf8(data) {
        let whole = load::load_str_with(text.to_string(), TODAY, usize::MAX, 0);
        let pieces = load::load_str_with(text.to_string(), TODAY, 0, 1);
        match (&whole, &pieces) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.findings, b.findings, "findings in pieces");
                assert!(a.plan == b.plan, "plan in pieces");
            }
            (Err(a), Err(b)) => assert_eq!(a.render("f", Lang::En), b.render("f", Lang::En)),
            _ => panic!("one way loads, the other does not"),
        }
    }
    match load::load_bytes(data.to_vec(), TODAY) {
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
});
