//! How values are written into the document: in the layout of their
//! neighbours, keeping the whitespace and comments around what they
//! replace, and with characters that could hide text escaped.

use toml_edit::{Array, InlineTable, Item as TItem, TableLike};

use crate::plan::model::{Value, YearValue};
use crate::text;

/// Inserts `new` at `at` in the layout of the array: one line, or one
/// element a line with the neighbours' indentation, leaving any comment
/// after the previous element where it was.
pub(super) fn insert_like_neighbours(arr: &mut Array, at: usize, mut new: toml_edit::Value) {
    let prefix = |v: &toml_edit::Value| v.decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_string();
    let multiline =
        arr.iter().any(|v| prefix(v).contains('\n')) || arr.trailing().as_str().is_some_and(|t| t.contains('\n'));
    if arr.is_empty() {
        arr.push(new);
        return;
    }
    let indent = arr
        .iter()
        .last()
        .map(|v| {
            let p = prefix(v);
            p.rsplit('\n').next().unwrap_or("").to_string()
        })
        .unwrap_or_default();
    if at < arr.len() {
        let next = arr.get_mut(at).expect("index checked");
        let p = prefix(next);
        new.decor_mut().set_prefix(p.clone());
        if multiline {
            next.decor_mut().set_prefix(format!("\n{indent}"));
        } else if at == 0 || p.is_empty() {
            // `[{a}]` → `[{new}, {a}]`: the old first element now follows a comma.
            next.decor_mut().set_prefix(" ");
        }
        arr.insert_formatted(at, new);
    } else if multiline {
        let trailing = arr.trailing().as_str().unwrap_or("\n").to_string();
        // The old trailing text (a comment after the last element, and the
        // line break) now comes before the new element.
        let before = trailing.trim_end_matches([' ', '\t']).to_string();
        let before = if before.ends_with('\n') { before } else { format!("{before}\n") };
        new.decor_mut().set_prefix(format!("{before}{indent}"));
        new.decor_mut().set_suffix("");
        arr.push_formatted(new);
        arr.set_trailing_comma(true);
        arr.set_trailing("\n");
    } else {
        // `[ {a} ]` → `[ {a}, {new} ]`: the space before `]` moves along.
        let last = arr.get_mut(arr.len() - 1).expect("not empty");
        let suffix = last.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_string();
        last.decor_mut().set_suffix("");
        new.decor_mut().set_prefix(" ");
        new.decor_mut().set_suffix(suffix);
        arr.push_formatted(new);
    }
}

/// Replaces a value, keeping the whitespace and comment around the old one.
pub(super) fn set_value(table: &mut dyn TableLike, key: &str, mut new: toml_edit::Value) {
    match table.get_mut(key) {
        Some(TItem::Value(old)) => {
            let decor = old.decor().clone();
            *new.decor_mut() = decor;
            *old = new;
        }
        Some(other) => *other = TItem::Value(new),
        None => {
            table.insert(key, TItem::Value(new));
        }
    }
}

/// Returns a TOML string. Characters that would hide or reorder text in a
/// terminal or a code review (controls, bidi overrides) are written as
/// `\uXXXX` escapes rather than raw.
fn string(s: &str) -> toml_edit::Value {
    if !s.chars().any(|c| text::is_dangerous(c) && !matches!(c, '\n' | '\t')) {
        return s.into();
    }
    let mut raw = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => raw.push_str("\\\""),
            '\\' => raw.push_str("\\\\"),
            '\n' => raw.push_str("\\n"),
            '\t' => raw.push_str("\\t"),
            c if text::is_dangerous(c) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    raw.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => raw.push(c),
        }
    }
    raw.push('"');
    raw.parse::<toml_edit::Value>().unwrap_or_else(|_| s.into())
}

/// Converts a typed value to a TOML value in the format's usual layout.
pub fn to_toml(v: &Value) -> toml_edit::Value {
    let date = |d: &crate::plan::Date| {
        toml_edit::Value::from(toml_edit::Datetime {
            date: Some(toml_edit::Date { year: d.year as u16, month: d.month, day: d.day }),
            time: None,
            offset: None,
        })
    };
    let year_value = |yv: &YearValue| {
        let mut t = InlineTable::new();
        t.insert("year", yv.year.into());
        t.insert("value", yv.value.into());
        toml_edit::Value::from(t)
    };
    match v {
        Value::Str(s) => string(s),
        Value::Date(d) => date(d),
        Value::List(l) => toml_edit::Value::from(l.iter().map(String::as_str).collect::<Array>()),
        Value::Period { start, end } => {
            let mut t = InlineTable::new();
            t.insert("start", date(start));
            t.insert("end", date(end));
            toml_edit::Value::from(t)
        }
        Value::YearValue(yv) => year_value(yv),
        Value::Measurements(ms) => {
            let mut arr: Array = ms.iter().map(year_value).collect();
            arr.fmt();
            toml_edit::Value::from(arr)
        }
    }
}
