//! Conversion: a parsed text (or one piece of it) into the typed plan,
//! field by field as the schema types it, with a finding at its place for
//! every value of the wrong type, unknown key and item in the wrong place,
//! and a note of what the top level had ([`Seen`]) for the checks of the
//! whole file.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::i18n::Text;
use crate::plan::date::Date;
use crate::plan::finding::Findings;
use crate::plan::model::{Item, Measurement, Plan, Sex, Value, YearValue};
use crate::plan::schema::{Choice, FieldType, Kind, find_choice};
use crate::text;

type DeItem<'a> = Spanned<DeValue<'a>>;

fn type_name(v: &DeValue<'_>, sv: bool) -> &'static str {
    match (v, sv) {
        (DeValue::String(_), true) => "en sträng",
        (DeValue::String(_), false) => "a string",
        (DeValue::Integer(_), true) => "ett heltal",
        (DeValue::Integer(_), false) => "an integer",
        (DeValue::Float(_), true) => "ett decimaltal",
        (DeValue::Float(_), false) => "a float",
        (DeValue::Boolean(_), true) => "ett sanningsvärde",
        (DeValue::Boolean(_), false) => "a boolean",
        (DeValue::Datetime(_), true) => "ett datum",
        (DeValue::Datetime(_), false) => "a date",
        (DeValue::Array(_), true) => "en lista",
        (DeValue::Array(_), false) => "an array",
        (DeValue::Table(_), true) => "en tabell",
        (DeValue::Table(_), false) => "a table",
    }
}

fn wrong_type(f: &mut Findings, at: &DeItem<'_>, what: &str, sv_expected: &str, en_expected: &str) {
    let v = at.get_ref();
    f.error(
        at.span(),
        text!(sv: "`{what}` ska vara {sv_expected}, inte {}", type_name(v, true);
              en: "`{what}` must be {en_expected}, not {}", type_name(v, false)),
    );
}

/// What the top level of a file had, over all its pieces.
#[derive(Debug, Default)]
pub(super) struct Seen {
    pub(super) plan: bool,
    pub(super) revision: bool,
    pub(super) format: bool,
    /// The text holds nothing at all.
    pub(super) empty: bool,
    /// The findings that say the text is not a plan (see
    /// [`Loaded::require_plan`]), at their places in the text converted: a
    /// piece's, until `load/pieces.rs` joins the pieces and moves them to
    /// their places in the whole.
    pub(super) not_plan: Vec<(Range<usize>, Text, Option<Text>)>,
}

impl Seen {
    /// Notes that the last finding of `f` says the text is not a plan.
    pub(super) fn refused_last(&mut self, f: &Findings) {
        if let Some(x) = f.list.last() {
            self.not_plan.push((x.span.clone(), x.message.clone(), x.hint.clone()));
        }
    }
}

/// Converts one parsed document (or piece) into `plan`.
pub(super) fn convert_into(root: &DeTable<'_>, src: &str, f: &mut Findings, plan: &mut Plan, seen: &mut Seen) {
    for (key, value) in root.iter() {
        let name = key.get_ref().as_ref();
        if name == "format" {
            seen.format = true;
        }
        match name {
            "format" => match value.get_ref() {
                DeValue::String(s) => {
                    plan.format = Some(s.to_string());
                    if s != "lansplan/1" {
                        f.error(
                            value.span(),
                            text!(sv: "okänt format \"{}\"; lansplan läser \"lansplan/1\"", text::escape(s);
                                  en: "unknown format \"{}\"; lansplan reads \"lansplan/1\"", text::escape(s)),
                        );
                        seen.refused_last(f);
                    }
                }
                _ => {
                    wrong_type(f, value, "format", "strängen \"lansplan/1\"", "the string \"lansplan/1\"");
                    seen.refused_last(f);
                }
            },
            "plan" | "revision" => {
                let kind = if name == "plan" { Kind::Plan } else { Kind::Revision };
                match value.get_ref() {
                    DeValue::Table(t) => {
                        let item = convert_item(kind, t, header_span(src, key.span()), f);
                        if kind == Kind::Plan {
                            plan.plan = item;
                            seen.plan = true;
                        } else {
                            plan.revision = item;
                            seen.revision = true;
                        }
                    }
                    _ => {
                        wrong_type(f, value, name, "en tabell", "a table");
                        // Reported once: the wrong type, not also "missing".
                        if kind == Kind::Plan {
                            seen.plan = true;
                            seen.refused_last(f);
                        } else {
                            seen.revision = true;
                        }
                    }
                }
            }
            "conflicts" => convert_conflicts(value, src, plan, f),
            _ => match Kind::from_key(name) {
                Some(kind) => match value.get_ref() {
                    DeValue::Array(arr) => {
                        for entry in arr.iter() {
                            match entry.get_ref() {
                                DeValue::Table(t) => {
                                    let item = convert_item(kind, t, header_span(src, entry.span()), f);
                                    plan.items_mut(kind).push(item);
                                }
                                _ => wrong_type(f, entry, name, "en tabell ([[…]])", "a table ([[…]])"),
                            }
                        }
                    }
                    _ => wrong_type(
                        f,
                        value,
                        name,
                        &format!("en lista av tabeller ([[{name}]])"),
                        &format!("an array of tables ([[{name}]])"),
                    ),
                },
                None => {
                    let k = text::escape(name);
                    f.warning(
                        key.span(),
                        text!(sv: "okänd nyckel `{k}` (behålls när filen sparas)";
                              en: "unknown key `{k}` (kept when the file is saved)"),
                    );
                }
            },
        }
    }
}

/// Reports what the whole file lacks, once all of it is converted.
pub(super) fn finish_convert(seen: &mut Seen, f: &mut Findings) {
    if !seen.format {
        f.error(0..0, text!(sv: "nyckeln `format` saknas"; en: "the key `format` is missing"));
        f.hint(text!(sv: "börja filen med format = \"lansplan/1\""; en: "start the file with format = \"lansplan/1\""));
        seen.refused_last(f);
    }
    if !seen.plan {
        f.error(0..0, text!(sv: "tabellen [plan] saknas"; en: "the table [plan] is missing"));
        seen.refused_last(f);
    }
    if !seen.revision {
        f.error(0..0, text!(sv: "tabellen [revision] saknas"; en: "the table [revision] is missing"));
    }
}

/// Returns the span of an array-of-tables entry's `[[header]]`, found by
/// looking back from the entry's first byte to the start of its line.
fn header_span(src: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(src.len());
    let line_start = src[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    if src[line_start..].trim_start().starts_with('[') { line_start..span.end } else { span }
}

fn convert_item(kind: Kind, table: &DeTable<'_>, span: Range<usize>, f: &mut Findings) -> Item {
    let mut item = Item::new(kind, span);
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let Some(field) = kind.field(name) else {
            let k = text::escape(name);
            let noun_sv = kind.noun(crate::i18n::Lang::Sv);
            let noun_en = kind.noun(crate::i18n::Lang::En);
            f.warning(
                key.span(),
                text!(sv: "okänd nyckel `{k}` i {noun_sv} (behålls när filen sparas)";
                      en: "unknown key `{k}` in {noun_en} (kept when the file is saved)"),
            );
            item.unknown.push(name.to_string());
            continue;
        };
        item.spans.push((field.name, value.span()));
        let converted = if matches!(field.ty, FieldType::Measurements) {
            convert_measurements(field.name, value, f).map(|(ms, spans)| {
                item.measurement_spans = spans;
                Value::Measurements(ms)
            })
        } else {
            convert_value(&field.ty, field.name, value, f)
        };
        if let Some(v) = converted {
            if field.name == "id"
                && let Value::Str(s) = &v
            {
                item.id = s.clone();
            }
            item.set(field.name, v);
        }
    }
    item
}

/// Returns a text with its line breaks as LF. A multi-line string in a
/// file with Windows line endings holds CR LF (TOML lets a parser keep
/// them or not); the same text from a file with LF endings must be the
/// same value, or `diff`, `merge` and `review apply` take layout for a
/// change (issue #24). The document layer keeps the file's own bytes.
fn one_line_ending(s: &str) -> String {
    if s.contains("\r\n") { s.replace("\r\n", "\n") } else { s.to_string() }
}

/// Converts one value by its field type, reporting a wrong type or an
/// enumeration value that is not allowed.
pub(crate) fn convert_value(ty: &FieldType, name: &str, value: &DeItem<'_>, f: &mut Findings) -> Option<Value> {
    match ty {
        FieldType::Id | FieldType::Text | FieldType::LongText | FieldType::Ref(_) => match value.get_ref() {
            DeValue::String(s) => Some(Value::Str(one_line_ending(s))),
            _ => {
                wrong_type(f, value, name, "en sträng", "a string");
                None
            }
        },
        FieldType::Enum(choices) => match value.get_ref() {
            DeValue::String(s) => {
                if find_choice(choices, s).is_none() {
                    bad_choice(f, value.span(), name, s, choices);
                    None
                } else {
                    Some(Value::Str(s.to_string()))
                }
            }
            _ => {
                wrong_type(f, value, name, "en sträng", "a string");
                None
            }
        },
        FieldType::Date => convert_date(name, value, f).map(Value::Date),
        FieldType::RefList(_) | FieldType::TextList => {
            let (sv, en) = if matches!(ty, FieldType::TextList) {
                ("en lista av strängar", "a list of strings")
            } else {
                ("en lista av id-strängar", "a list of id strings")
            };
            match value.get_ref() {
                DeValue::Array(arr) => {
                    let mut out = Vec::new();
                    for e in arr.iter() {
                        match e.get_ref() {
                            DeValue::String(s) => out.push(s.to_string()),
                            _ => wrong_type(f, e, name, sv, en),
                        }
                    }
                    Some(Value::List(out))
                }
                _ => {
                    wrong_type(f, value, name, sv, en);
                    None
                }
            }
        }
        FieldType::Period => {
            let t = as_table(name, value, "{ start = ÅÅÅÅ-MM-DD, end = ÅÅÅÅ-MM-DD }", f)?;
            let start = sub_field(t, name, "start", value.span(), f).and_then(|v| convert_date("start", v, f));
            let end = sub_field(t, name, "end", value.span(), f).and_then(|v| convert_date("end", v, f));
            warn_extra_keys(t, name, &["start", "end"], f);
            Some(Value::Period { start: start?, end: end? })
        }
        FieldType::YearValue => convert_year_value(name, value, f).map(Value::YearValue),
        FieldType::Measurements => convert_measurements(name, value, f).map(|(ms, _)| Value::Measurements(ms)),
        FieldType::Refs => convert_refs(name, value, f).map(Value::Refs),
    }
}

/// Converts `refs = { kolada = "U75417", … }`: a table of strings. A source
/// the format does not name is kept and warned about (a typo would match
/// nothing on import).
fn convert_refs(name: &str, value: &DeItem<'_>, f: &mut Findings) -> Option<Vec<(String, String)>> {
    let t = as_table(name, value, "{ kolada = \"…\", oj = \"…\", can = \"…\" }", f)?;
    let mut out = Vec::new();
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        match v.get_ref() {
            DeValue::String(s) => out.push((key.to_string(), s.to_string())),
            _ => wrong_type(f, v, &format!("{name}.{key}"), "en sträng", "a string"),
        }
    }
    let known: Vec<&str> = crate::plan::schema::REF_SOURCES.iter().map(|c| c.key).collect();
    warn_extra_keys(t, name, &known, f);
    Some(out)
}

/// Converts a list of measurements, with where each one that converted
/// was written.
fn convert_measurements(
    name: &str,
    value: &DeItem<'_>,
    f: &mut Findings,
) -> Option<(Vec<Measurement>, Vec<Range<usize>>)> {
    match value.get_ref() {
        DeValue::Array(arr) => {
            let (mut ms, mut spans) = (Vec::new(), Vec::new());
            for e in arr.iter() {
                if let Some(m) = convert_measurement(name, e, f) {
                    ms.push(m);
                    spans.push(e.span());
                }
            }
            Some((ms, spans))
        }
        _ => {
            wrong_type(f, value, name, "en lista av { year, value }", "a list of { year, value }");
            None
        }
    }
}

/// Reports an enumeration value that is not allowed, listing the allowed ones.
pub(crate) fn bad_choice(f: &mut Findings, span: Range<usize>, name: &str, got: &str, choices: &[Choice]) {
    let allowed = choices.iter().map(|c| format!("\"{}\"", c.key)).collect::<Vec<_>>().join(", ");
    let sv_allowed = choices.iter().map(|c| format!("\"{}\" ({})", c.key, c.sv)).collect::<Vec<_>>().join(", ");
    let label = choices.iter().find(|c| c.sv.eq_ignore_ascii_case(got) || c.en.eq_ignore_ascii_case(got));
    let got = text::escape(got);
    f.error(
        span,
        text!(sv: "ogiltigt värde \"{got}\" för `{name}`; tillåtna värden: {sv_allowed}";
              en: "invalid value \"{got}\" for `{name}`; allowed values: {allowed}"),
    );
    if let Some(c) = label {
        let key = c.key;
        f.hint(text!(sv: "i filen skrivs \"{got}\" som \"{key}\""; en: "in the file, \"{got}\" is written \"{key}\""));
    }
}

fn as_table<'a, 'b>(name: &str, value: &'b DeItem<'a>, shape: &str, f: &mut Findings) -> Option<&'b DeTable<'a>> {
    match value.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => {
            wrong_type(f, value, name, &format!("en tabell {shape}"), &format!("a table {shape}"));
            None
        }
    }
}

fn sub_field<'a, 'b>(
    t: &'b DeTable<'a>,
    parent: &str,
    key: &str,
    span: Range<usize>,
    f: &mut Findings,
) -> Option<&'b DeItem<'a>> {
    let found = t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v);
    if found.is_none() {
        f.error(span, text!(sv: "`{parent}` saknar `{key}`"; en: "`{parent}` has no `{key}`"));
    }
    found
}

fn warn_extra_keys(t: &DeTable<'_>, parent: &str, known: &[&str], f: &mut Findings) {
    for (k, _) in t.iter() {
        if !known.contains(&k.get_ref().as_ref()) {
            let name = text::escape(k.get_ref());
            f.warning(
                k.span(),
                text!(sv: "okänd nyckel `{name}` i `{parent}` (behålls när filen sparas)";
                      en: "unknown key `{name}` in `{parent}` (kept when the file is saved)"),
            );
        }
    }
}

fn convert_date(name: &str, value: &DeItem<'_>, f: &mut Findings) -> Option<Date> {
    match value.get_ref() {
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                let date = Date::new(i32::from(d.year), d.month, d.day);
                if date.is_none() {
                    f.error(
                        value.span(),
                        text!(sv: "`{name}`: datumet {dt} finns inte i kalendern"; en: "`{name}`: the date {dt} does not exist"),
                    );
                }
                date
            }
            _ => {
                f.error(
                    value.span(),
                    text!(sv: "`{name}` ska vara ett datum utan klockslag (ÅÅÅÅ-MM-DD), inte {dt}";
                          en: "`{name}` must be a date without a time (YYYY-MM-DD), not {dt}"),
                );
                None
            }
        },
        DeValue::String(s) if s.parse::<Date>().is_ok() => {
            let s = text::escape(s);
            f.error(
                value.span(),
                text!(sv: "`{name}` ska vara ett TOML-datum, inte en sträng"; en: "`{name}` must be a TOML date, not a string"),
            );
            f.hint(text!(sv: "skriv {name} = {s} utan citattecken"; en: "write {name} = {s} without quotes"));
            None
        }
        _ => {
            wrong_type(f, value, name, "ett datum (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)");
            None
        }
    }
}

fn convert_year_value(name: &str, value: &DeItem<'_>, f: &mut Findings) -> Option<YearValue> {
    let t = as_table(name, value, "{ year = ÅÅÅÅ, value = TAL }", f)?;
    let yv = year_and_value(name, t, value.span(), f);
    warn_extra_keys(t, name, &["year", "value"], f);
    yv
}

/// The keys of one measurement (format 1.1 adds all but `year` and `value`).
const MEASUREMENT_KEYS: [&str; 7] = ["year", "value", "area", "sex", "n", "period", "source"];

/// Converts one measurement. One whose added keys are wrong is left out of
/// the typed plan (and reported), as one without a year is: the document
/// layer reads entries by the same rules and leaves such an entry alone.
fn convert_measurement(name: &str, value: &DeItem<'_>, f: &mut Findings) -> Option<Measurement> {
    let t = as_table(name, value, "{ year = ÅÅÅÅ, value = TAL }", f)?;
    let yv = year_and_value(name, t, value.span(), f);
    warn_extra_keys(t, name, &MEASUREMENT_KEYS, f);
    let get = |k: &str| t.iter().find(|(key, _)| key.get_ref() == k).map(|(_, v)| v);
    let mut ok = true;
    let mut text = |k: &str, f: &mut Findings| match get(k) {
        None => None,
        Some(v) => match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                wrong_type(f, v, &format!("{name}.{k}"), "en sträng", "a string");
                ok = false;
                None
            }
        },
    };
    let area = text("area", f);
    let sex_code = text("sex", f);
    let period = text("period", f);
    let source = text("source", f);
    let sex = match sex_code.as_deref() {
        None => Sex::Total,
        Some(code) => match Sex::from_code(code) {
            Some(s) => s,
            None => {
                let span = get("sex").map(|v| v.span()).unwrap_or_else(|| value.span());
                bad_choice(f, span, &format!("{name}.sex"), code, crate::plan::schema::SEXES);
                ok = false;
                Sex::Total
            }
        },
    };
    let n = match get("n") {
        None => None,
        Some(v) => match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    f.error(
                        v.span(),
                        text!(sv: "`{name}.n` ska vara ett antal (ett heltal, 0 eller mer)";
                              en: "`{name}.n` must be a count (a whole number, 0 or more)"),
                    );
                    ok = false;
                    None
                }
            },
            _ => {
                wrong_type(f, v, &format!("{name}.n"), "ett heltal (ett antal)", "an integer (a count)");
                ok = false;
                None
            }
        },
    };
    let yv = yv?;
    ok.then_some(Measurement { year: yv.year, value: yv.value, area, sex, n, period, source })
}

/// Reads the `year` and `value` of a baseline, a target or a measurement.
fn year_and_value(name: &str, t: &DeTable<'_>, span: Range<usize>, f: &mut Findings) -> Option<YearValue> {
    let value_span = span;
    let year = sub_field(t, name, "year", value_span.clone(), f).and_then(|v| match v.get_ref() {
        DeValue::Integer(i) => {
            let y = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
            match y {
                Some(y) if (1900..=2200).contains(&y) => Some(y),
                _ => {
                    f.error(
                        v.span(),
                        text!(sv: "`{name}.year` ska vara ett årtal mellan 1900 och 2200";
                              en: "`{name}.year` must be a year between 1900 and 2200"),
                    );
                    None
                }
            }
        }
        _ => {
            wrong_type(f, v, &format!("{name}.year"), "ett heltal (årtal)", "an integer (a year)");
            None
        }
    });
    let val = sub_field(t, name, "value", value_span, f).and_then(|v| {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(x) => x.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                wrong_type(f, v, &format!("{name}.value"), "ett tal", "a number");
                return None;
            }
        };
        match n {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                f.error(
                    v.span(),
                    text!(sv: "`{name}.value` ska vara ett ändligt tal"; en: "`{name}.value` must be a finite number"),
                );
                None
            }
        }
    });
    Some(YearValue { year: year?, value: val? })
}

/// Reads `[[conflicts]]` written by `lansplan merge`.
fn convert_conflicts(value: &DeItem<'_>, src: &str, plan: &mut Plan, f: &mut Findings) {
    let DeValue::Array(arr) = value.get_ref() else {
        wrong_type(f, value, "conflicts", "en lista av tabeller ([[conflicts]])", "an array of tables ([[conflicts]])");
        return;
    };
    for entry in arr.iter() {
        let DeValue::Table(t) = entry.get_ref() else {
            wrong_type(f, entry, "conflicts", "en tabell", "a table");
            continue;
        };
        let get = |k: &str| t.iter().find(|(key, _)| key.get_ref() == k).map(|(_, v)| v);
        let text_of = |k: &str| get(k).and_then(|v| v.get_ref().as_str()).unwrap_or("").to_string();
        let at = text_of("at");
        let kind = match get("kind") {
            Some(_) => Kind::ALL.into_iter().find(|k| k.json_name() == text_of("kind")),
            // A place outside every item (an unknown top-level key) has no kind.
            None if !at.is_empty() => Some(Kind::Plan),
            None => None,
        };
        let Some(kind) = kind else {
            let k = text::escape(&text_of("kind")).into_owned();
            f.error(entry.span(), text!(sv: "konflikt med okänd sort \"{k}\""; en: "conflict of unknown kind \"{k}\""));
            continue;
        };
        let field = get("kind").and_then(|_| kind.field(&text_of("field")));
        // A comment's text, or one measurement of a list, is no value of the field.
        let comment = get("part").is_some();
        let mut typed = |k: &str| {
            let (fd, v) = (field?, get(k)?);
            let one_measurement = matches!(fd.ty, FieldType::Measurements) && matches!(v.get_ref(), DeValue::Table(_));
            if comment || one_measurement { None } else { convert_value(&fd.ty, fd.name, v, f) }
        };
        let base = typed("base");
        let ours = typed("ours");
        let theirs = typed("theirs");
        let shown = ["base", "ours", "theirs"].map(|k| {
            get(k).map(|v| match v.get_ref().as_str() {
                Some(s) if comment => s.to_string(),
                _ => src.get(v.span()).unwrap_or("").to_string(),
            })
        });
        let used_by = match get("used_by").map(|v| v.get_ref()) {
            Some(DeValue::Array(a)) => a.iter().filter_map(|v| v.get_ref().as_str().map(String::from)).collect(),
            _ => Vec::new(),
        };
        // A text both sides edited: the spans where the edits overlap.
        let overlaps = match get("overlaps").map(|v| v.get_ref()) {
            Some(DeValue::Array(a)) => a
                .iter()
                .filter_map(|v| match v.get_ref() {
                    DeValue::Table(t) => {
                        let side = |k: &str| {
                            t.iter().find(|(key, _)| key.get_ref() == k).and_then(|(_, v)| v.get_ref().as_str())
                        };
                        Some(["base", "ours", "theirs"].map(|k| side(k).unwrap_or("").to_string()))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let rule = match get("rule").map(|v| v.get_ref()) {
            Some(DeValue::Table(r)) => {
                let part =
                    |k: &str| r.iter().find(|(key, _)| key.get_ref() == k).and_then(|(_, v)| v.get_ref().as_str());
                Some(crate::i18n::Text::new(part("sv").unwrap_or(""), part("en").unwrap_or("")))
            }
            _ => None,
        };
        let item = match get("item").map(|v| v.get_ref()) {
            Some(DeValue::Table(it)) => Some(convert_item(kind, it, entry.span(), f)),
            _ => None,
        };
        plan.conflicts.push(crate::plan::model::Conflict {
            kind,
            id: text_of("id"),
            field: field.map(|fd| fd.name),
            at,
            reason: text_of("reason"),
            part: get("part").map(|_| text_of("part")),
            base,
            ours,
            theirs,
            shown,
            used_by,
            rule,
            overlaps,
            item,
            span: header_span(src, entry.span()),
        });
    }
}
