//! How values are written into the document: in the quotes and layout of
//! what they replace or of their neighbours, keeping the whitespace and
//! comments around them, and with characters that could hide text escaped.

use std::fmt::Write as _;

use toml_edit::{Array, InlineTable, Item as TItem, TableLike};

use crate::plan::model::{Measurement, Sex, Value, YearValue};
use crate::text;

/// Returns the whitespace and comments before a value.
fn prefix(v: &toml_edit::Value) -> String {
    v.decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_string()
}

/// Returns the indentation of the last element of an array that begins a
/// line (several elements may share one).
fn indent_of(arr: &Array) -> String {
    let starts_line = arr.iter().map(prefix).filter(|p| p.contains('\n')).last();
    starts_line.and_then(|p| p.rsplit('\n').next().map(String::from)).unwrap_or_default()
}

/// An array's layout: one element a line or all on one, and the
/// indentation of its lines. Inserting in this layout keeps it, so a caller
/// that inserts many elements reads it once (reading it is linear in the
/// array, which would make a batch quadratic).
pub(super) struct Layout {
    multiline: bool,
    indent: String,
}

impl Layout {
    pub(super) fn of(arr: &Array) -> Layout {
        let multiline =
            arr.iter().any(|v| prefix(v).contains('\n')) || arr.trailing().as_str().is_some_and(|t| t.contains('\n'));
        Layout { multiline, indent: indent_of(arr) }
    }
}

/// Inserts `new` at `at` in the layout of the array: one line, or one
/// element a line with the neighbours' indentation, leaving any comment
/// after the previous element where it was.
pub(super) fn insert_like_neighbours(arr: &mut Array, at: usize, new: toml_edit::Value) {
    let layout = Layout::of(arr);
    insert_in_layout(arr, &layout, at, new);
}

/// [`insert_like_neighbours`] with the array's layout read beforehand.
pub(super) fn insert_in_layout(arr: &mut Array, layout: &Layout, at: usize, mut new: toml_edit::Value) {
    let Layout { multiline, ref indent } = *layout;
    if arr.is_empty() {
        arr.push(new);
        return;
    }
    let len = arr.len();
    if let Some(next) = arr.get_mut(at) {
        let p = prefix(next);
        if multiline && let Some((end_of_line_above, own_lines)) = p.split_once('\n') {
            // The new element goes right below the line above; the comment
            // lines above the next element stay with it.
            new.decor_mut().set_prefix(format!("{end_of_line_above}\n{indent}"));
            next.decor_mut().set_prefix(format!("\n{own_lines}"));
            arr.insert_formatted(at, new);
            return;
        }
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
    } else if let Some(last) = arr.get_mut(len - 1) {
        // `[ {a} ]` → `[ {a}, {new} ]`: the space before `]` moves along.
        let suffix = last.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_string();
        last.decor_mut().set_suffix("");
        new.decor_mut().set_prefix(" ");
        new.decor_mut().set_suffix(suffix);
        arr.push_formatted(new);
    }
}

/// Removes element `i` of an array with what belongs to it: in a
/// multi-line array its line, the comment lines above it and the comment
/// after it on its line; in a one-line array the comma and the space
/// before it, keeping the spacing inside the brackets.
pub(super) fn remove_element(arr: &mut Array, i: usize) {
    let len = arr.len();
    if i >= len {
        return;
    }
    let removed = arr.remove(i);
    let before = prefix(&removed);
    let suffix = removed.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_string();
    // What follows the removed element: the next one's prefix, or the
    // array's trailing text after the last.
    let after = match arr.get(i) {
        Some(next) => prefix(next),
        None => arr.trailing().as_str().unwrap_or("").to_string(),
    };
    let fixed = match (before.split_once('\n'), after.split_once('\n')) {
        // The removed element had a line of its own: keep the end of the
        // line above it, drop its comments, keep what is below it.
        (Some((above_end, _)), Some((_, below))) => Some(format!("{above_end}\n{below}")),
        (None, _) if i == 0 => Some(before),
        _ => None,
    };
    match (fixed, arr.get_mut(i)) {
        (Some(p), Some(next)) => next.decor_mut().set_prefix(p),
        (Some(p), None) => arr.set_trailing(p),
        (None, _) => {}
    }
    if i == len - 1
        && let Some(last) = i.checked_sub(1).and_then(|j| arr.get_mut(j))
        && last.decor().suffix().and_then(|s| s.as_str()).is_none_or(str::is_empty)
    {
        // `[ a, b ]` → `[ a ]`: the space before `]` stays.
        last.decor_mut().set_suffix(suffix);
    }
    if arr.is_empty() && !arr.trailing().as_str().is_some_and(|t| t.contains('#')) {
        arr.set_trailing("");
        arr.set_trailing_comma(false);
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

/// Returns a field of a new item in the form its neighbour writes the same
/// field: a sub-table or dotted keys rather than an inline table,
/// `[[….measurements]]` rather than an inline array, a list on one line or
/// one element a line, strings in the same quotes. Without a neighbour's
/// field, the format's usual layout.
pub(super) fn shaped_like(new: toml_edit::Value, like: Option<&TItem>) -> TItem {
    match (new, like) {
        (toml_edit::Value::String(s), Some(TItem::Value(l))) => TItem::Value(string_like(s.value(), Some(l))),
        (toml_edit::Value::Array(a), Some(TItem::Value(toml_edit::Value::Array(l)))) => {
            TItem::Value(array_like(a, l).into())
        }
        (toml_edit::Value::InlineTable(t), Some(TItem::Table(l))) => {
            let mut table = t.into_table();
            table.set_dotted(l.is_dotted());
            TItem::Table(table)
        }
        (toml_edit::Value::Array(a), Some(TItem::ArrayOfTables(_))) if a.iter().all(|v| v.is_inline_table()) => {
            let mut aot = toml_edit::ArrayOfTables::new();
            for v in a {
                if let toml_edit::Value::InlineTable(t) = v {
                    aot.push(t.into_table());
                }
            }
            TItem::ArrayOfTables(aot)
        }
        (new, _) => TItem::Value(new),
    }
}

/// Returns the elements of `new` in the layout and quotes of `like`.
fn array_like(new: Array, like: &Array) -> Array {
    let sample = like.iter().find(|v| v.as_str().is_some());
    let multiline = like.iter().any(|v| prefix(v).contains('\n'));
    let indent = indent_of(like);
    let mut out = Array::new();
    for (i, v) in new.into_iter().enumerate() {
        let mut v = match v.as_str() {
            Some(s) => string_like(s, sample),
            None => v,
        };
        if multiline {
            v.decor_mut().set_prefix(format!("\n{indent}"));
            v.decor_mut().set_suffix("");
        } else if i > 0 {
            v.decor_mut().set_prefix(" ");
        }
        out.push_formatted(v);
    }
    if multiline && !out.is_empty() {
        out.set_trailing_comma(true);
        out.set_trailing("\n");
    }
    out
}

/// The four ways TOML writes a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quotes {
    Basic,
    Literal,
    /// `"""`, with a line break after the opening quotes or not.
    MultiBasic(bool),
    MultiLiteral(bool),
}

impl Quotes {
    /// Returns the quotes of a string as written in the file.
    fn of(v: &toml_edit::Value) -> Option<Quotes> {
        let toml_edit::Value::String(f) = v else { return None };
        let raw = f.display_repr();
        let opened = |q: &str| raw.strip_prefix(q).map(|rest| rest.starts_with('\n') || rest.starts_with("\r\n"));
        Some(if let Some(nl) = opened("\"\"\"") {
            Quotes::MultiBasic(nl)
        } else if let Some(nl) = opened("'''") {
            Quotes::MultiLiteral(nl)
        } else if raw.starts_with('\'') {
            Quotes::Literal
        } else {
            Quotes::Basic
        })
    }
}

/// Returns true for a character a basic string must escape: controls
/// other than the tab, and characters that could hide or reorder text in
/// a terminal or a code review.
fn needs_escape(c: char) -> bool {
    c != '\t' && text::is_dangerous(c)
}

fn push_unicode_escape(out: &mut String, c: char) {
    let _ = if (c as u32) > 0xFFFF { write!(out, "\\U{:08X}", c as u32) } else { write!(out, "\\u{:04X}", c as u32) };
}

/// Writes `s` in the given quotes, or returns `None` when they cannot hold it.
fn quoted(s: &str, quotes: Quotes) -> Option<String> {
    let mut out = String::with_capacity(s.len() + 8);
    match quotes {
        Quotes::Basic => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    c if needs_escape(c) => push_unicode_escape(&mut out, c),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        Quotes::Literal => {
            if s.chars().any(|c| c == '\'' || c == '\n' || needs_escape(c)) {
                return None;
            }
            let _ = write!(out, "'{s}'");
        }
        Quotes::MultiBasic(newline) => {
            // A line break right after the opening quotes is not part of
            // the text, so a text that starts with one needs it written.
            out.push_str(if newline || s.starts_with('\n') { "\"\"\"\n" } else { "\"\"\"" });
            let mut quotes_in_a_row = 0;
            let mut chars = s.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    // A third quote in a row, or one just before the
                    // closing quotes, would close the string.
                    '"' if quotes_in_a_row == 2 || chars.peek().is_none() => {
                        out.push_str("\\\"");
                        quotes_in_a_row = 0;
                        continue;
                    }
                    '"' => {
                        out.push('"');
                        quotes_in_a_row += 1;
                        continue;
                    }
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push('\n'),
                    '\r' => out.push_str("\\r"),
                    c if needs_escape(c) => push_unicode_escape(&mut out, c),
                    c => out.push(c),
                }
                quotes_in_a_row = 0;
            }
            out.push_str("\"\"\"");
        }
        Quotes::MultiLiteral(newline) => {
            if s.contains("'''") || s.ends_with('\'') || s.chars().any(|c| c != '\n' && needs_escape(c)) {
                return None;
            }
            let open = if newline || s.starts_with('\n') { "'''\n" } else { "'''" };
            let _ = write!(out, "{open}{s}'''");
        }
    }
    Some(out)
}

/// Returns a TOML string holding `s`, in the quotes of `like` (the value it
/// replaces, or a neighbour) when they can hold it: a literal string stays
/// literal, a multi-line one multi-line. Otherwise it is a basic string,
/// multi-line when the text spans lines. Characters that would hide or
/// reorder text are always `\u` escapes, never raw.
pub(super) fn string_like(s: &str, like: Option<&toml_edit::Value>) -> toml_edit::Value {
    let spans_lines = s.contains('\n');
    let wanted = match like.and_then(Quotes::of) {
        Some(Quotes::Basic) | None if spans_lines => Quotes::MultiBasic(true),
        Some(Quotes::Literal) if spans_lines => Quotes::MultiLiteral(true),
        Some(q) => q,
        None => Quotes::Basic,
    };
    let fallback = if spans_lines { Quotes::MultiBasic(true) } else { Quotes::Basic };
    for quotes in [wanted, fallback, Quotes::Basic] {
        let parsed = quoted(s, quotes).and_then(|raw| raw.parse::<toml_edit::Value>().ok());
        if let Some(v) = parsed
            && v.as_str() == Some(s)
        {
            return v;
        }
    }
    s.into()
}

/// Returns a TOML date.
pub(super) fn date(d: &crate::plan::Date) -> toml_edit::Value {
    toml_edit::Value::from(toml_edit::Datetime {
        // A plan's dates are read from TOML dates, whose years are 0–9999.
        date: Some(toml_edit::Date { year: u16::try_from(d.year).unwrap_or(0), month: d.month, day: d.day }),
        time: None,
        offset: None,
    })
}

/// Returns `{ year = …, value = … }`.
pub(super) fn year_value(yv: &YearValue) -> toml_edit::Value {
    let mut t = InlineTable::new();
    t.insert("year", yv.year.into());
    t.insert("value", yv.value.into());
    toml_edit::Value::from(t)
}

/// Returns `{ year = …, value = … }` with the keys format 1.1 adds, those
/// that are set, in the format document's order (`sex` only when not `T`).
pub(super) fn measurement(m: &Measurement) -> toml_edit::Value {
    let mut t = InlineTable::new();
    t.insert("year", m.year.into());
    t.insert("value", m.value.into());
    for (k, v) in measurement_extras(m) {
        t.insert(k, v);
    }
    toml_edit::Value::from(t)
}

/// Returns the keys beyond `year` and `value` that `m` writes.
pub(super) fn measurement_extras(m: &Measurement) -> Vec<(&'static str, toml_edit::Value)> {
    let mut out = Vec::new();
    if let Some(a) = &m.area {
        out.push(("area", string_like(a, None)));
    }
    if m.sex != Sex::Total {
        out.push(("sex", string_like(m.sex.code(), None)));
    }
    if let Some(n) = m.n {
        out.push(("n", n.into()));
    }
    if let Some(p) = &m.period {
        out.push(("period", string_like(p, None)));
    }
    if let Some(s) = &m.source {
        out.push(("source", string_like(s, None)));
    }
    out
}

/// Converts a typed value to a TOML value in the format's usual layout.
pub fn to_toml(v: &Value) -> toml_edit::Value {
    match v {
        Value::Str(s) => string_like(s, None),
        Value::Date(d) => date(d),
        Value::List(l) => toml_edit::Value::from(l.iter().map(|s| string_like(s, None)).collect::<Array>()),
        Value::Period { start, end } => {
            let mut t = InlineTable::new();
            t.insert("start", date(start));
            t.insert("end", date(end));
            toml_edit::Value::from(t)
        }
        Value::YearValue(yv) => year_value(yv),
        Value::Measurements(ms) => {
            let mut arr: Array = ms.iter().map(measurement).collect();
            arr.fmt();
            // A list too long for one line gets one entry a line (an import
            // writes thousands).
            if arr.to_string().len() > 100 {
                for v in arr.iter_mut() {
                    v.decor_mut().set_prefix("\n  ");
                }
                arr.set_trailing("\n");
                arr.set_trailing_comma(true);
            }
            toml_edit::Value::from(arr)
        }
        Value::Refs(refs) => {
            let mut t = InlineTable::new();
            for (k, v) in refs {
                t.insert(k, string_like(v, None));
            }
            toml_edit::Value::from(t)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(s: &str, like: &str) -> String {
        let like = like.parse::<toml_edit::Value>().expect("a TOML value");
        let v = string_like(s, Some(&like));
        assert_eq!(v.as_str(), Some(s), "reads back as written");
        v.to_string()
    }

    #[test]
    fn strings_keep_their_quotes_where_they_can() {
        assert_eq!(written("Kurs i \"AUDIT\"", "\"x\""), "\"Kurs i \\\"AUDIT\\\"\"");
        assert_eq!(written("Kurs i \"AUDIT\"", "'x'"), "'Kurs i \"AUDIT\"'");
        assert_eq!(written("Barnens 'rätt'", "'x'"), "\"Barnens 'rätt'\"");
        assert_eq!(written("rad ett\nrad två", "'x'"), "'''\nrad ett\nrad två'''");
        assert_eq!(written("rad ett\nrad två", "\"x\""), "\"\"\"\nrad ett\nrad två\"\"\"");
        assert_eq!(written("a\nb", "'''x'''"), "'''a\nb'''");
        assert_eq!(written("a'''\nb", "'''\nx'''"), "\"\"\"\na'''\nb\"\"\"");
    }

    /// A multi-line basic string never ends in a quote that a reader could
    /// take for one of the closing ones, nor holds three in a row (issue 13).
    #[test]
    fn quote_runs_in_multi_line_strings_are_escaped() {
        for n in 1..=7 {
            let quotes = "\"".repeat(n);
            for s in [format!("Prata om det\n{quotes}"), format!("a\n{quotes}b")] {
                let w = written(&s, "\"\"\"\nx\"\"\"");
                let body = w.strip_prefix("\"\"\"").and_then(|b| b.strip_suffix("\"\"\"")).expect("multi-line");
                assert!(!body.ends_with('"') || body.ends_with("\\\""), "{n}: {w}");
                let (mut run, mut longest, mut escaped) = (0, 0, false);
                for c in body.chars() {
                    run = if c == '"' && !escaped { run + 1 } else { 0 };
                    longest = longest.max(run);
                    escaped = c == '\\' && !escaped;
                }
                assert!(longest < 3, "{n}: {w}");
            }
        }
    }

    #[test]
    fn hiding_characters_are_escaped_in_every_quote() {
        for like in ["\"x\"", "'x'", "\"\"\"x\"\"\"", "'''x'''"] {
            let w = written("a\u{202e}b\u{1b}c\u{7f}", like);
            assert!(!w.chars().any(|c| c != '\n' && text::is_dangerous(c)), "{like}: {w:?}");
        }
    }

    fn array(src: &str) -> Array {
        src.parse::<toml_edit::Value>().expect("array").as_array().cloned().expect("array")
    }

    #[test]
    fn removing_an_element_takes_its_comments_and_keeps_the_layout() {
        let cases = [
            ("[ \"a\", \"b\" ]", 1, "[ \"a\" ]"),
            ("[ \"a\", \"b\" ]", 0, "[ \"b\" ]"),
            ("[\"a\", \"b\", \"c\"]", 1, "[\"a\", \"c\"]"),
            ("[ \"a\" ]", 0, "[]"),
            ("[\n  \"a\", # om a\n  # ovanför b\n  \"b\", # om b\n  \"c\",\n]", 1, "[\n  \"a\", # om a\n  \"c\",\n]"),
            ("[\n  \"a\",\n  \"b\", # om b\n  # slut\n]", 1, "[\n  \"a\",\n  # slut\n]"),
            ("[\n  \"a\",\n  \"b\",\n]", 0, "[\n  \"b\",\n]"),
            ("[\n  \"a\", # om a\n]", 0, "[]"),
        ];
        for (src, i, want) in cases {
            let mut arr = array(src);
            remove_element(&mut arr, i);
            assert_eq!(arr.to_string(), want, "removing {i} from {src:?}");
        }
    }
}
