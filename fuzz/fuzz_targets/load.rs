//! Load + validate arbitrary bytes; when they load, the editable document
//! must print back byte for byte, and every finding must be escaped.
#![no_main]

use lansplan::i18n::Lang;
use lansplan::plan::doc::PlanDoc;
use lansplan::plan::{Date, load};
use libfuzzer_sys::fuzz_target;

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

fuzz_target!(|data: &[u8]| {
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
