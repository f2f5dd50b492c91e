//! Typed addresses of plan fields (`activities.A3.due`, `revision.status`,
//! `indicators.I1.measurements.2023`) and the parsing of values typed by a
//! person into the field's type, each refusal a [`PathError`] or an
//! [`InputError`] that keeps what was refused and why.

use std::fmt;

use super::date::{Date, DateError};
use super::model::{Measurement, Sex, Value, YearValue};
use super::schema::{Field, FieldType, Kind, find_choice, is_valid_id};
use crate::i18n::Text;
use crate::text;

/// A part inside a structured field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sub {
    /// `period.start`, `period.end`, `baseline.year`, `target.value`, …
    Key(&'static str),
    /// `measurements.2023`: the measurement of one year.
    Year(i64),
}

/// The address of one field of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    pub kind: Kind,
    /// The item's id; `None` for the plan and the revision.
    pub id: Option<String>,
    pub field: &'static Field,
    pub sub: Option<Sub>,
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind.key())?;
        if let Some(id) = &self.id {
            write!(f, ".{}", text::escape(id))?;
        }
        write!(f, ".{}", self.field.name)?;
        match &self.sub {
            Some(Sub::Key(k)) => write!(f, ".{k}"),
            Some(Sub::Year(y)) => write!(f, ".{y}"),
            None => Ok(()),
        }
    }
}

/// Why a field path does not name a field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// The first part names no kind of item.
    #[error("invalid path \"{path}\": it starts with no kind of item")]
    UnknownKind { path: String },
    /// A collection's path has no known field after the id.
    #[error("invalid path \"{path}\": no ID.FIELD after {}", .kind.key())]
    NoField { path: String, kind: Kind },
    /// The kind of item has no such field.
    #[error("invalid path \"{path}\": {} has no field \"{name}\"", .kind.key())]
    UnknownField { path: String, kind: Kind, name: String },
    /// The field has no such part.
    #[error("invalid path \"{path}\": the field {field} has no part \"{part}\"")]
    NoPart { path: String, field: &'static str, part: String },
}

impl PathError {
    /// Returns the reason in both languages, escaped for a terminal.
    pub fn text(&self) -> Text {
        let (path, sv, en) = match self {
            PathError::UnknownKind { path } => {
                let keys = Kind::ALL.iter().map(|k| k.key()).collect::<Vec<_>>().join(", ");
                (path, format!("börja med en av {keys}"), format!("start with one of {keys}"))
            }
            PathError::NoField { path, kind } => {
                let fields = field_names(*kind);
                (
                    path,
                    format!("skriv {}.ID.FÄLT, där FÄLT är ett av {fields}", kind.key()),
                    format!("write {}.ID.FIELD, where FIELD is one of {fields}", kind.key()),
                )
            }
            PathError::UnknownField { path, kind, name } => {
                let (fields, name) = (field_names(*kind), text::escape(name));
                (
                    path,
                    format!("{} har inget fält \"{name}\"; fälten är {fields}", kind.key()),
                    format!("{} has no field \"{name}\"; the fields are {fields}", kind.key()),
                )
            }
            PathError::NoPart { path, field, part } => {
                let part = text::escape(part);
                (
                    path,
                    format!("fältet {field} har ingen del \"{part}\""),
                    format!("the field {field} has no part \"{part}\""),
                )
            }
        };
        let p = text::escape(path);
        Text::new(format!("ogiltig sökväg \"{p}\": {sv}"), format!("invalid path \"{p}\": {en}"))
    }
}

fn field_names(kind: Kind) -> String {
    kind.fields().iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

impl FieldPath {
    /// Parses a dotted path. Ids may themselves hold dots, so the id is
    /// whatever lies between the collection and a known field name.
    pub fn parse(path: &str) -> Result<FieldPath, PathError> {
        let (head, rest) = path.split_once('.').unwrap_or((path, ""));
        let kind = Kind::from_key(head)
            .or_else(|| Kind::ALL.into_iter().find(|k| k.json_name() == head))
            .ok_or_else(|| PathError::UnknownKind { path: path.to_string() })?;
        let (id, field_part) = if kind.is_collection() {
            let mut found = None;
            for (i, _) in rest.match_indices('.') {
                let (id, field) = (&rest[..i], &rest[i + 1..]);
                let name = field.split('.').next().unwrap_or("");
                if kind.field(name).is_some() && is_valid_id(id) {
                    found = Some((Some(id.to_string()), field));
                    break;
                }
            }
            found.ok_or_else(|| PathError::NoField { path: path.to_string(), kind })?
        } else {
            (None, rest)
        };
        let (name, sub) = match field_part.split_once('.') {
            Some((n, s)) => (n, Some(s)),
            None => (field_part, None),
        };
        let field = kind.field(name).ok_or_else(|| PathError::UnknownField {
            path: path.to_string(),
            kind,
            name: name.to_string(),
        })?;
        let sub = match (sub, &field.ty) {
            (None, _) => None,
            (Some(s @ ("start" | "end")), FieldType::Period) => {
                Some(Sub::Key(if s == "start" { "start" } else { "end" }))
            }
            (Some(s @ ("year" | "value")), FieldType::YearValue) => {
                Some(Sub::Key(if s == "year" { "year" } else { "value" }))
            }
            (Some(y), FieldType::Measurements) if y.parse::<i64>().is_ok() => Some(Sub::Year(y.parse().unwrap_or(0))),
            (Some(s), _) => {
                return Err(PathError::NoPart { path: path.to_string(), field: field.name, part: s.to_string() });
            }
        };
        Ok(FieldPath { kind, id, field, sub })
    }
}

/// What a `set` writes: a whole field, or one part of a structured field.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Removes an optional field (or one measurement).
    Remove,
    Whole(Value),
    Date(Date),
    Year(i64),
    Number(f64),
}

/// Why what a person typed is not a value of the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("\"{input}\" is not a date")]
    Date {
        input: String,
        #[source]
        cause: DateError,
    },
    #[error("\"{input}\" is not a number")]
    Number { input: String },
    #[error("\"{input}\" is not a year (1900–2200)")]
    Year { input: String },
    #[error("\"{input}\": write YEAR=VALUE")]
    YearValue { input: String },
    #[error("invalid value \"{input}\" for {}", .field.name)]
    Choice { field: &'static Field, input: String },
    #[error("{} is required and cannot be emptied", .field.name)]
    Required { field: &'static Field },
    #[error("invalid id \"{input}\"")]
    Id { input: String },
    #[error("{} is one line of text", .field.name)]
    LineBreak { field: &'static Field },
    #[error("write START..END")]
    Period,
    /// A measurement or a source id not written as the field is (issue 19):
    /// the message names what was typed and how to write it.
    #[error("{}", .message.en)]
    Shape { message: Text },
}

/// A typed value of the wrong shape, with what to write instead.
fn bad(sv: impl Into<String>, en: impl Into<String>) -> InputError {
    InputError::Shape { message: Text::new(sv, en) }
}

impl InputError {
    /// Returns the reason in both languages, escaped for a terminal.
    pub fn text(&self) -> Text {
        let t = |sv: String, en: String| Text::new(sv, en);
        match self {
            InputError::Date { input, cause } => {
                let s = text::escape(input);
                match cause {
                    DateError::Shape => t(
                        format!("\"{s}\" är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2025-06-30"),
                        format!("\"{s}\" is not a date; write YYYY-MM-DD, e.g. 2025-06-30"),
                    ),
                    DateError::NoSuchDay => {
                        t(format!("datumet {s} finns inte i kalendern"), format!("the date {s} does not exist"))
                    }
                }
            }
            InputError::Number { input } => {
                let s = text::escape(input);
                t(format!("\"{s}\" är inget tal"), format!("\"{s}\" is not a number"))
            }
            InputError::Year { input } => {
                let s = text::escape(input);
                t(format!("\"{s}\" är inget årtal (1900–2200)"), format!("\"{s}\" is not a year (1900–2200)"))
            }
            InputError::YearValue { input } => {
                let s = text::escape(input);
                t(
                    format!("\"{s}\": skriv ÅR=VÄRDE, t.ex. 2023=41.5"),
                    format!("\"{s}\": write YEAR=VALUE, e.g. 2023=41.5"),
                )
            }
            InputError::Choice { field, input } => {
                let choices = field.choices();
                let sv = choices.iter().map(|c| format!("{} ({})", c.key, c.sv)).collect::<Vec<_>>().join(", ");
                let en = choices.iter().map(|c| c.key).collect::<Vec<_>>().join(", ");
                let s = text::escape(input);
                t(
                    format!("ogiltigt värde \"{s}\" för {}; tillåtna värden: {sv}", field.name),
                    format!("invalid value \"{s}\" for {}; allowed values: {en}", field.name),
                )
            }
            InputError::Required { field } => t(
                format!("{} är obligatoriskt och kan inte tömmas", field.name),
                format!("{} is required and cannot be emptied", field.name),
            ),
            InputError::Id { input } => {
                let s = text::escape(input);
                t(
                    format!("ogiltigt id \"{s}\": bara a–z, A–Z, siffror, -, _ och ."),
                    format!("invalid id \"{s}\": only ASCII letters, digits, -, _ and ."),
                )
            }
            InputError::LineBreak { field } => t(
                format!("{} är en rad text; radbrytningar hör hemma i beskrivningen", field.name),
                format!("{} is one line of text; line breaks belong in the description", field.name),
            ),
            InputError::Period => Text::new(
                "skriv START..SLUT, t.ex. 2025-01-01..2028-12-31",
                "write START..END, e.g. 2025-01-01..2028-12-31",
            ),
            InputError::Shape { message } => message.clone(),
        }
    }
}

fn parse_date(s: &str) -> Result<Date, InputError> {
    s.trim().parse::<Date>().map_err(|cause| InputError::Date { input: s.trim().to_string(), cause })
}

fn parse_number(s: &str) -> Result<f64, InputError> {
    let t = s.trim().replace(',', ".").replace(['\u{a0}', ' '], "");
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(InputError::Number { input: s.trim().to_string() }),
    }
}

fn parse_year(s: &str) -> Result<i64, InputError> {
    match s.trim().parse::<i64>() {
        Ok(y) if (1900..=2200).contains(&y) => Ok(y),
        _ => Err(InputError::Year { input: s.trim().to_string() }),
    }
}

/// Parses `2015=46.0` or `2015: 46,0` into a year and a value.
fn parse_year_value(s: &str) -> Result<YearValue, InputError> {
    let (y, v) = s.split_once(['=', ':']).ok_or_else(|| InputError::YearValue { input: s.trim().to_string() })?;
    Ok(YearValue { year: parse_year(y)?, value: parse_number(v)? })
}

/// Parses an enumeration value given by its key or its Swedish or English label.
pub fn parse_choice(field: &'static Field, s: &str) -> Result<String, InputError> {
    let s = s.trim();
    let choices = field.choices();
    if let Some(c) = find_choice(choices, s) {
        return Ok(c.key.to_string());
    }
    if let Some(c) = choices.iter().find(|c| c.sv.eq_ignore_ascii_case(s) || c.en.eq_ignore_ascii_case(s)) {
        return Ok(c.key.to_string());
    }
    Err(InputError::Choice { field, input: s.to_string() })
}

/// Parses what a person typed for the field at `path`.
pub fn parse_input(path: &FieldPath, s: &str) -> Result<Input, InputError> {
    let field = path.field;
    if s.trim().is_empty() {
        match path.sub {
            None if field.required => return Err(InputError::Required { field }),
            None | Some(Sub::Year(_)) => return Ok(Input::Remove),
            Some(Sub::Key(_)) => {}
        }
    }
    match (&path.sub, &field.ty) {
        (Some(Sub::Key("start" | "end")), _) => Ok(Input::Date(parse_date(s)?)),
        (Some(Sub::Key("year")), _) => Ok(Input::Year(parse_year(s)?)),
        (Some(Sub::Key(_)), _) | (Some(Sub::Year(_)), _) => Ok(Input::Number(parse_number(s)?)),
        (None, FieldType::Id) => {
            let t = s.trim();
            if is_valid_id(t) {
                Ok(Input::Whole(Value::Str(t.to_string())))
            } else {
                Err(InputError::Id { input: t.to_string() })
            }
        }
        (None, FieldType::Text) if s.contains(['\n', '\r']) => Err(InputError::LineBreak { field }),
        (None, FieldType::Text | FieldType::LongText) => Ok(Input::Whole(Value::Str(s.to_string()))),
        (None, FieldType::Ref(_)) => Ok(Input::Whole(Value::Str(s.trim().to_string()))),
        (None, FieldType::Enum(_)) => Ok(Input::Whole(Value::Str(parse_choice(field, s)?))),
        (None, FieldType::Date) => Ok(Input::Whole(Value::Date(parse_date(s)?))),
        (None, FieldType::RefList(_)) => Ok(Input::Whole(Value::List(
            s.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect(),
        ))),
        (None, FieldType::TextList) => Ok(Input::Whole(Value::List(split_text_list(s)))),
        (None, FieldType::Period) => {
            let (a, b) = s
                .split_once("..")
                .or_else(|| s.split_once('–'))
                .or_else(|| s.split_once(" - "))
                .ok_or(InputError::Period)?;
            Ok(Input::Whole(Value::Period { start: parse_date(a)?, end: parse_date(b)? }))
        }
        (None, FieldType::YearValue) => Ok(Input::Whole(Value::YearValue(parse_year_value(s)?))),
        (None, FieldType::Measurements) => {
            let mut ms = Vec::new();
            for part in split_outside_quotes(s).iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
                ms.push(parse_measurement(part)?);
            }
            // Stable: figures of one year keep the order they were typed in.
            ms.sort_by_key(|m| m.year);
            Ok(Input::Whole(Value::Measurements(ms)))
        }
        (None, FieldType::Refs) => {
            let mut refs: Vec<(String, String)> = Vec::new();
            for part in s.split([',', ';', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
                let (k, v) = part.split_once(['=', ':']).ok_or_else(|| {
                    let p = text::escape(part);
                    bad(
                        format!("\"{p}\": skriv KÄLLA=ID, t.ex. kolada=U75417"),
                        format!("\"{p}\": write SOURCE=ID, e.g. kolada=U75417"),
                    )
                })?;
                let (k, v) = (k.trim().to_string(), v.trim().to_string());
                match refs.iter_mut().find(|(x, _)| *x == k) {
                    Some(slot) => slot.1 = v,
                    None => refs.push((k, v)),
                }
            }
            Ok(Input::Whole(Value::Refs(refs)))
        }
    }
}

/// Splits a typed list of free texts (units, routines, target groups) at
/// `;` and line breaks, never at commas, which a unit's name may hold
/// ("Socialtjänsten, individ- och familjeomsorgen"); `get` prints the list
/// the same way.
pub fn split_text_list(s: &str) -> Vec<String> {
    s.split([';', '\n']).map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
}

/// Splits a list of measurements at `;` and at `, ` (the separator of
/// earlier versions), but not inside a quoted word.
fn split_outside_quotes(s: &str) -> Vec<&str> {
    let (mut out, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            b';' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            b',' if !quoted && bytes.get(i + 1) == Some(&b' ') => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Splits the words after a measurement's value (`n=212 period="jan–apr"`),
/// reading quoted words as [`super::model::quote_word`] writes them.
fn words(s: &str) -> Result<Vec<String>, InputError> {
    let (mut out, mut cur, mut quoted, mut escaped, mut any) = (Vec::new(), String::new(), false, false, false);
    for c in s.chars() {
        match c {
            _ if escaped => {
                cur.push(c);
                escaped = false;
            }
            '\\' if quoted => escaped = true,
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err(bad("ett citattecken saknar sin avslutning", "a quotation mark is not closed"));
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Parses one measurement in the form [`Measurement::display`] writes:
/// `2022: 39`, `2022 ostersund K: 41.5 n=212 period="jan–apr" source=x.json`
/// (`2015=46,5` as before).
fn parse_measurement(s: &str) -> Result<Measurement, InputError> {
    let (head, rest) = s.split_once(['=', ':']).ok_or_else(|| {
        let s = text::escape(s.trim());
        bad(
            format!("\"{s}\": skriv ÅR: VÄRDE, t.ex. 2023: 41.5"),
            format!("\"{s}\": write YEAR: VALUE, e.g. 2023: 41.5"),
        )
    })?;
    let mut head = head.split_whitespace();
    let year = parse_year(head.next().unwrap_or(""))?;
    let mut m = Measurement::total(year, 0.0);
    let tail: Vec<&str> = head.collect();
    match tail.as_slice() {
        [] => {}
        [one] => match Sex::from_code(one) {
            Some(sex) => m.sex = sex,
            None => m.area = Some((*one).to_string()),
        },
        [area, sex] => {
            m.area = Some((*area).to_string());
            m.sex = Sex::from_code(sex).ok_or_else(|| {
                let x = text::escape(sex);
                bad(format!("\"{x}\" är inget kön: skriv T, K eller M"), format!("\"{x}\" is no sex: write T, K or M"))
            })?;
        }
        _ => {
            let x = text::escape(s.trim());
            return Err(bad(
                format!("\"{x}\": skriv ÅR [OMRÅDE] [KÖN]: VÄRDE"),
                format!("\"{x}\": write YEAR [AREA] [SEX]: VALUE"),
            ));
        }
    }
    let mut value = Vec::new();
    for w in words(rest)? {
        match w.split_once('=') {
            Some(("n", v)) => {
                m.n = Some(v.trim().parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                    let v = text::escape(v);
                    bad(format!("n=\"{v}\" är inget antal"), format!("n=\"{v}\" is not a count"))
                })?)
            }
            Some(("period", v)) => m.period = Some(v.to_string()),
            Some(("source", v)) => m.source = Some(v.to_string()),
            _ => value.push(w),
        }
    }
    m.value = parse_number(&value.join(" "))?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths() {
        let p = FieldPath::parse("activities.A3.due").expect("valid");
        assert_eq!((p.kind, p.id.as_deref(), p.field.name), (Kind::Activity, Some("A3"), "due"));
        let p = FieldPath::parse("revision.status").expect("valid");
        assert_eq!((p.kind, p.id, p.field.name), (Kind::Revision, None, "status"));
        let p = FieldPath::parse("plan.period.start").expect("valid");
        assert_eq!(p.sub, Some(Sub::Key("start")));
        let p = FieldPath::parse("indicators.I1.measurements.2023").expect("valid");
        assert_eq!(p.sub, Some(Sub::Year(2023)));
        let p = FieldPath::parse("parties.region.v2.name").expect("dotted id");
        assert_eq!(p.id.as_deref(), Some("region.v2"));
        assert!(matches!(FieldPath::parse("activities.A3"), Err(PathError::NoField { kind: Kind::Activity, .. })));
        assert!(
            matches!(FieldPath::parse("plan.colour"), Err(PathError::UnknownField { ref name, .. }) if name == "colour")
        );
        assert!(matches!(FieldPath::parse("nonsense.x"), Err(PathError::UnknownKind { .. })));
        assert!(matches!(FieldPath::parse("plan.period.middle"), Err(PathError::NoPart { field: "period", .. })));
        assert!(matches!(FieldPath::parse("goals.G1.colour"), Err(PathError::NoField { kind: Kind::Goal, .. })));
        let e = FieldPath::parse("plan.colour").expect_err("no such field");
        assert!(e.text().sv.starts_with("ogiltig sökväg \"plan.colour\": plan har inget fält \"colour\""), "{e:?}");
    }

    // Issue #16: a refused input says what was refused and why, the
    // calendar's reason kept as its cause.
    #[test]
    fn refused_inputs_keep_their_cause() {
        use std::error::Error as _;
        let p = FieldPath::parse("activities.A1.due").expect("valid");
        let e = parse_input(&p, "2021-02-30").expect_err("no such day");
        assert_eq!(e, InputError::Date { input: "2021-02-30".into(), cause: DateError::NoSuchDay });
        assert!(e.source().is_some_and(|c| c.to_string().contains("calendar")));
        assert_eq!(e.text().en, "the date 2021-02-30 does not exist");
        let p = FieldPath::parse("revision.status").expect("valid");
        assert!(matches!(parse_input(&p, "klar"), Err(InputError::Choice { ref input, .. }) if input == "klar"));
    }

    /// The text form of a list of measurements reads back as it was shown
    /// (the editor fills its field with it).
    #[test]
    fn measurements_read_back_as_shown() {
        let p = FieldPath::parse("indicators.I1.measurements").expect("valid");
        let ms = vec![
            Measurement::total(2019, 40.5),
            Measurement {
                area: Some("ostersund".into()),
                sex: Sex::Women,
                n: Some(212),
                period: Some("jan–apr".into()),
                source: Some("CAN 2022; län, \"k\"".into()),
                ..Measurement::total(2022, 41.5)
            },
            Measurement { area: Some("K".into()), ..Measurement::total(2022, 3.0) },
            Measurement { sex: Sex::Men, ..Measurement::total(2022, 1.25) },
        ];
        let shown = Value::Measurements(ms.clone()).display();
        assert_eq!(parse_input(&p, &shown), Ok(Input::Whole(Value::Measurements(ms))), "{shown}");
        assert_eq!(
            parse_input(&p, "2015=46,5, 2017: 43"),
            Ok(Input::Whole(Value::Measurements(vec![Measurement::total(2015, 46.5), Measurement::total(2017, 43.0)])))
        );
        assert!(parse_input(&p, "2022 a b c: 1").is_err());
        assert!(parse_input(&p, "2022 a X: 1").is_err());
        assert!(parse_input(&p, "2022: 1 n=-3").is_err());
        assert!(parse_input(&p, "2022: 1 source=\"x").is_err());
    }

    #[test]
    fn parses_inputs() {
        let p = FieldPath::parse("revision.status").expect("valid");
        assert_eq!(parse_input(&p, "remiss"), Ok(Input::Whole(Value::Str("consultation".into()))));
        assert!(parse_input(&p, "klar").is_err());
        let p = FieldPath::parse("activities.A1.due").expect("valid");
        assert!(parse_input(&p, "2021-02-30").is_err());
        assert_eq!(parse_input(&p, ""), Ok(Input::Remove));
        let p = FieldPath::parse("activities.A1.title").expect("valid");
        assert!(parse_input(&p, " ").is_err());
        let p = FieldPath::parse("indicators.I1.baseline").expect("valid");
        assert_eq!(
            parse_input(&p, "2015=46,5"),
            Ok(Input::Whole(Value::YearValue(YearValue { year: 2015, value: 46.5 })))
        );
    }
}
