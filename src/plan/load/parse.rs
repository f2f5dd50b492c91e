//! Parsing a text (a whole file or one piece of it) into the `toml`
//! crate's spanned tables, with every literal checked as the crate checks
//! it when it builds its own values: `DeTable::parse` leaves an integer
//! such as `0x` or one of 20 digits, and a float such as `1e999`, as text,
//! which `toml::from_str` then refuses.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{LoadError, unreadable};
use crate::i18n::Text;
use crate::text;

/// Parses `source` as TOML; on failure returns where and why, in our
/// words (the parser's own message quotes the source line, which may hold
/// escape sequences; ours escapes everything).
pub(super) fn parse(source: &str) -> Result<Spanned<DeTable<'_>>, (usize, Text)> {
    let root = DeTable::parse(source).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        let msg = text::escape(e.message()).into_owned();
        let sv = if msg.starts_with("invalid date") {
            "ogiltigt datum: den månaden eller dagen finns inte i kalendern".to_string()
        } else {
            format!("ogiltig TOML: {msg}")
        };
        (at, text!(sv: "{sv}"; en: "invalid TOML: {msg}"))
    })?;
    match bad_literal(root.get_ref()) {
        None => Ok(root),
        Some((span, is_integer)) => {
            let raw = text::escape(source.get(span.clone()).unwrap_or_default()).into_owned();
            let message = if is_integer {
                text!(sv: "ogiltig TOML: {raw} är inget heltal (TOML:s heltal har 64 bitar)";
                      en: "invalid TOML: {raw} is not an integer (TOML integers have 64 bits)")
            } else {
                text!(sv: "ogiltig TOML: {raw} är inget decimaltal"; en: "invalid TOML: {raw} is not a float")
            };
            Err((span.start, message))
        }
    }
}

/// Parses `source` whole, as a file: an error is the file's
/// [`LoadError::Unreadable`].
pub(super) fn parse_checked(source: &str) -> Result<Spanned<DeTable<'_>>, LoadError> {
    parse(source).map_err(|(at, message)| {
        // A text merge's markers: say what happened rather than what the parser saw.
        crate::plan::markers::conflict(source).unwrap_or_else(|| unreadable(source, at, message))
    })
}

/// Returns the first literal (in file order) that `toml::from_str` would
/// refuse, and whether it is an integer: an integer must fit in 64 bits as
/// `i64::from_str_radix` reads it, a float must read as an `f64` and be
/// infinite only when written `inf`. Walks without recursion.
fn bad_literal(root: &DeTable<'_>) -> Option<(Range<usize>, bool)> {
    let mut first: Option<(Range<usize>, bool)> = None;
    let mut stack: Vec<&Spanned<DeValue<'_>>> = root.values().collect();
    while let Some(v) = stack.pop() {
        let bad = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).is_err().then_some(true),
            DeValue::Float(x) => {
                let ok = x.as_str().parse::<f64>().is_ok_and(|f| !f.is_infinite() || x.as_str().contains("inf"));
                (!ok).then_some(false)
            }
            DeValue::Array(a) => {
                stack.extend(a.iter());
                None
            }
            DeValue::Table(t) => {
                stack.extend(t.values());
                None
            }
            DeValue::String(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => None,
        };
        if let Some(is_integer) = bad
            && first.as_ref().is_none_or(|(s, _)| v.span().start < s.start)
        {
            first = Some((v.span(), is_integer));
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression test for issue 13: literals the spanned parse accepts and
    /// `toml::from_str` refuses (four of them from the toml-test suite).
    #[test]
    fn literals_are_refused_as_toml_refuses_them() {
        for src in [
            "a = 0x\n",
            "a = 0b\n",
            "a = 0o\n",
            "a = 1_0\u{660}\n",
            "a = 99999999999999999999\n",
            "a = 0xFFFFFFFFFFFFFFFF\n",
            "a = 1e999\n",
            "a = -1e999\n",
            "[t]\nb = [1, { c = [0x] }]\n",
        ] {
            assert!(toml::from_str::<toml::Table>(src).is_err(), "{src:?} is valid TOML");
            assert!(parse(src).is_err(), "{src:?} was accepted");
        }
        for src in ["a = 0x7FFFFFFFFFFFFFFF\n", "a = -9223372036854775808\n", "a = inf\n", "a = -nan\n", "a = 1e308\n"]
        {
            assert!(toml::from_str::<toml::Table>(src).is_ok(), "{src:?}");
            assert!(parse(src).is_ok(), "{src:?} was refused");
        }
    }

    #[test]
    fn the_first_bad_literal_in_the_file_is_named() {
        let src = "z = 0x\n[a]\nb = 1e999\n";
        let (at, message) = parse(src).expect_err("refused");
        assert_eq!(at, 4);
        assert!(message.en.contains("0x is not an integer"), "{}", message.en);
    }
}
