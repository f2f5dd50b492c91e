//! One table of a file beside a plan (the file's head, a response, a point,
//! a decision), read field by field against a small schema with the plan
//! loader's typing and messages, so a wrong type or a bad enumeration value
//! reads the same in every file lansplan checks.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::i18n::Text;
use crate::plan::date::Date;
use crate::plan::finding::Findings;
use crate::plan::load::convert_value;
use crate::plan::model::Value;
use crate::plan::schema::{Field, FieldType};
use crate::text;

/// The fields of one table, typed, with where each was written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    /// Field values in the order they were written.
    pub fields: Vec<(&'static str, Value)>,
    pub spans: Vec<(&'static str, Range<usize>)>,
    /// Where the table starts (its `[[header]]`, or its first key).
    pub span: Range<usize>,
}

impl Entry {
    /// Returns the field called `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Returns the text of field `name`, or "" when absent.
    pub fn str(&self, name: &str) -> &str {
        self.get(name).and_then(Value::as_str).unwrap_or("")
    }

    /// Returns the date in field `name`.
    pub fn date(&self, name: &str) -> Option<Date> {
        match self.get(name) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// Returns the list of strings in field `name`.
    pub fn list(&self, name: &str) -> &[String] {
        match self.get(name) {
            Some(Value::List(l)) => l,
            _ => &[],
        }
    }

    /// Returns where field `name` was written, or the table's own span.
    pub fn span_of(&self, name: &str) -> Range<usize> {
        self.spans.iter().find(|(n, _)| *n == name).map(|(_, s)| s.clone()).unwrap_or_else(|| self.span.clone())
    }
}

/// A spanned TOML value as the parser gives it.
pub type DeItem<'a> = Spanned<DeValue<'a>>;

/// Returns the span of an array-of-tables entry's `[[header]]`: the start
/// of its line when the line holds the header, else the entry itself.
pub fn header_span(src: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(src.len());
    let line_start = src[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    if src[line_start..].trim_start().starts_with('[') { line_start..span.end } else { span }
}

/// Reads `table` against `schema`: each known field typed, unknown keys
/// warned about (they stay in the file), missing required fields and empty
/// required text as errors. `what` names the table in messages ("svar R3").
pub fn convert(
    schema: &'static [Field],
    table: &DeTable<'_>,
    span: Range<usize>,
    what: &Text,
    f: &mut Findings,
) -> Entry {
    let mut entry = Entry { span, ..Entry::default() };
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let Some(field) = schema.iter().find(|fd| fd.name == name) else {
            let k = text::escape(name);
            f.warning(
                key.span(),
                text!(sv: "okänd nyckel `{k}` i {} (behålls när filen sparas)", what.sv;
                      en: "unknown key `{k}` in {} (kept when the file is saved)", what.en),
            );
            continue;
        };
        entry.spans.push((field.name, value.span()));
        if let Some(v) = convert_value(&field.ty, field.name, value, f) {
            entry.fields.push((field.name, v));
        }
    }
    for field in schema.iter().filter(|fd| fd.required) {
        let name = field.name;
        match entry.get(name) {
            None if !entry.spans.iter().any(|(n, _)| *n == name) => f.error(
                entry.span.clone(),
                text!(sv: "`{name}` saknas i {}", what.sv; en: "`{name}` is missing in {}", what.en),
            ),
            Some(Value::Str(s)) if s.trim().is_empty() && !matches!(field.ty, FieldType::Enum(_)) => f.error(
                entry.span_of(name),
                text!(sv: "`{name}` får inte vara tom i {}", what.sv; en: "`{name}` must not be empty in {}", what.en),
            ),
            _ => {}
        }
    }
    entry
}

/// Reads an array of tables (`[[name]]`, or an inline array of tables),
/// reporting anything else as a wrong type. `what` names one entry from
/// its position.
pub fn convert_array(
    schema: &'static [Field],
    name: &str,
    value: &DeItem<'_>,
    src: &str,
    what: impl Fn(usize) -> Text,
    f: &mut Findings,
) -> Vec<Entry> {
    let mut out = Vec::new();
    match value.get_ref() {
        DeValue::Array(arr) => {
            for (n, e) in arr.iter().enumerate() {
                match e.get_ref() {
                    DeValue::Table(t) => out.push(convert(schema, t, header_span(src, e.span()), &what(n + 1), f)),
                    _ => f.error(
                        e.span(),
                        text!(sv: "varje post i `{name}` ska vara en tabell ([[{name}]])";
                              en: "each entry of `{name}` must be a table ([[{name}]])"),
                    ),
                }
            }
        }
        _ => f.error(
            value.span(),
            text!(sv: "`{name}` ska vara en lista av tabeller ([[{name}]])";
                  en: "`{name}` must be an array of tables ([[{name}]])"),
        ),
    }
    out
}

/// Checks an id: well formed and not used before in the same list.
pub fn check_id(entries: &[Entry], i: usize, what: &Text, f: &mut Findings) {
    let id = entries[i].str("id");
    if id.is_empty() {
        return; // reported as missing
    }
    if !crate::plan::schema::is_valid_id(id) {
        let shown = text::escape(id);
        f.error(
            entries[i].span_of("id"),
            text!(sv: "ogiltigt id \"{shown}\" i {}: bara bokstäver a–z, siffror, -, _ och .", what.sv;
                  en: "invalid id \"{shown}\" in {}: only letters a–z, digits, -, _ and .", what.en),
        );
    } else if entries[..i].iter().any(|e| e.str("id") == id) {
        let shown = text::escape(id);
        f.error(
            entries[i].span_of("id"),
            text!(sv: "id \"{shown}\" finns redan tidigare i filen"; en: "the id \"{shown}\" is used earlier in the file"),
        );
    }
}

/// Checks the `format` key of a file beside a plan.
pub fn check_format(value: &DeItem<'_>, expected: &str, f: &mut Findings) {
    match value.get_ref() {
        DeValue::String(s) if s == expected => {}
        DeValue::String(s) => {
            let s = text::escape(s);
            f.error(
                value.span(),
                text!(sv: "okänt format \"{s}\"; här väntas \"{expected}\""; en: "unknown format \"{s}\"; expected \"{expected}\""),
            );
        }
        _ => f.error(
            value.span(),
            text!(sv: "`format` ska vara strängen \"{expected}\""; en: "`format` must be the string \"{expected}\""),
        ),
    }
}
