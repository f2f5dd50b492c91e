//! Typed addresses of plan fields (`activities.A3.due`, `revision.status`,
//! `indicators.I1.measurements.2023`) and the parsing of values typed by a
//! person into the field's type.

use std::fmt;

use super::date::{Date, DateError};
use super::model::{Value, YearValue};
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

fn path_error(path: &str, sv: String, en: String) -> Text {
    let p = text::escape(path);
    Text::new(format!("ogiltig sökväg \"{p}\": {sv}"), format!("invalid path \"{p}\": {en}"))
}

fn field_names(kind: Kind) -> String {
    kind.fields().iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

impl FieldPath {
    /// Parses a dotted path. Ids may themselves hold dots, so the id is
    /// whatever lies between the collection and a known field name.
    pub fn parse(path: &str) -> Result<FieldPath, Text> {
        let (head, rest) = path.split_once('.').unwrap_or((path, ""));
        let kind = Kind::from_key(head).or_else(|| Kind::ALL.into_iter().find(|k| k.json_name() == head)).ok_or_else(
            || {
                let keys = Kind::ALL.iter().map(|k| k.key()).collect::<Vec<_>>().join(", ");
                path_error(path, format!("börja med en av {keys}"), format!("start with one of {keys}"))
            },
        )?;
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
            found.ok_or_else(|| {
                let fields = field_names(kind);
                path_error(
                    path,
                    format!("skriv {}.ID.FÄLT, där FÄLT är ett av {fields}", kind.key()),
                    format!("write {}.ID.FIELD, where FIELD is one of {fields}", kind.key()),
                )
            })?
        } else {
            (None, rest)
        };
        let (name, sub) = match field_part.split_once('.') {
            Some((n, s)) => (n, Some(s)),
            None => (field_part, None),
        };
        let field = kind.field(name).ok_or_else(|| {
            let fields = field_names(kind);
            path_error(
                path,
                format!("{} har inget fält \"{}\"; fälten är {fields}", kind.key(), text::escape(name)),
                format!("{} has no field \"{}\"; the fields are {fields}", kind.key(), text::escape(name)),
            )
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
                let s = text::escape(s);
                return Err(path_error(
                    path,
                    format!("fältet {name} har ingen del \"{s}\""),
                    format!("the field {name} has no part \"{s}\""),
                ));
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

fn bad(sv: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(sv, en)
}

fn parse_date(s: &str) -> Result<Date, Text> {
    s.trim().parse::<Date>().map_err(|e| {
        let s = text::escape(s.trim());
        match e {
            DateError::Shape => bad(
                format!("\"{s}\" är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2025-06-30"),
                format!("\"{s}\" is not a date; write YYYY-MM-DD, e.g. 2025-06-30"),
            ),
            DateError::NoSuchDay => {
                bad(format!("datumet {s} finns inte i kalendern"), format!("the date {s} does not exist"))
            }
        }
    })
}

fn parse_number(s: &str) -> Result<f64, Text> {
    let t = s.trim().replace(',', ".").replace(['\u{a0}', ' '], "");
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => {
            let s = text::escape(s.trim());
            Err(bad(format!("\"{s}\" är inget tal"), format!("\"{s}\" is not a number")))
        }
    }
}

fn parse_year(s: &str) -> Result<i64, Text> {
    match s.trim().parse::<i64>() {
        Ok(y) if (1900..=2200).contains(&y) => Ok(y),
        _ => {
            let s = text::escape(s.trim());
            Err(bad(format!("\"{s}\" är inget årtal (1900–2200)"), format!("\"{s}\" is not a year (1900–2200)")))
        }
    }
}

/// Parses `2015=46.0` or `2015: 46,0` into a year and a value.
fn parse_year_value(s: &str) -> Result<YearValue, Text> {
    let (y, v) = s.split_once(['=', ':']).ok_or_else(|| {
        let s = text::escape(s.trim());
        bad(format!("\"{s}\": skriv ÅR=VÄRDE, t.ex. 2023=41.5"), format!("\"{s}\": write YEAR=VALUE, e.g. 2023=41.5"))
    })?;
    Ok(YearValue { year: parse_year(y)?, value: parse_number(v)? })
}

/// Parses an enumeration value given by its key or its Swedish or English label.
pub fn parse_choice(field: &Field, s: &str) -> Result<String, Text> {
    let s = s.trim();
    let choices = field.choices();
    if let Some(c) = find_choice(choices, s) {
        return Ok(c.key.to_string());
    }
    if let Some(c) = choices.iter().find(|c| c.sv.eq_ignore_ascii_case(s) || c.en.eq_ignore_ascii_case(s)) {
        return Ok(c.key.to_string());
    }
    let sv = choices.iter().map(|c| format!("{} ({})", c.key, c.sv)).collect::<Vec<_>>().join(", ");
    let en = choices.iter().map(|c| c.key).collect::<Vec<_>>().join(", ");
    let s = text::escape(s);
    Err(bad(
        format!("ogiltigt värde \"{s}\" för {}; tillåtna värden: {sv}", field.name),
        format!("invalid value \"{s}\" for {}; allowed values: {en}", field.name),
    ))
}

/// Parses what a person typed for the field at `path`.
pub fn parse_input(path: &FieldPath, s: &str) -> Result<Input, Text> {
    let field = path.field;
    if s.trim().is_empty() {
        match path.sub {
            None if field.required => {
                return Err(bad(
                    format!("{} är obligatoriskt och kan inte tömmas", field.name),
                    format!("{} is required and cannot be emptied", field.name),
                ));
            }
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
                let t = text::escape(t);
                Err(bad(
                    format!("ogiltigt id \"{t}\": bara a–z, A–Z, siffror, -, _ och ."),
                    format!("invalid id \"{t}\": only ASCII letters, digits, -, _ and ."),
                ))
            }
        }
        (None, FieldType::Text) if s.contains(['\n', '\r']) => Err(bad(
            format!("{} är en rad text; radbrytningar hör hemma i beskrivningen", field.name),
            format!("{} is one line of text; line breaks belong in the description", field.name),
        )),
        (None, FieldType::Text | FieldType::LongText) => Ok(Input::Whole(Value::Str(s.to_string()))),
        (None, FieldType::Ref(_)) => Ok(Input::Whole(Value::Str(s.trim().to_string()))),
        (None, FieldType::Enum(_)) => Ok(Input::Whole(Value::Str(parse_choice(field, s)?))),
        (None, FieldType::Date) => Ok(Input::Whole(Value::Date(parse_date(s)?))),
        (None, FieldType::RefList(_)) => Ok(Input::Whole(Value::List(
            s.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect(),
        ))),
        (None, FieldType::TextList) => Ok(Input::Whole(Value::List(split_text_list(s)))),
        (None, FieldType::Period) => {
            let (a, b) =
                s.split_once("..").or_else(|| s.split_once('–')).or_else(|| s.split_once(" - ")).ok_or_else(|| {
                    bad(
                        "skriv START..SLUT, t.ex. 2025-01-01..2028-12-31",
                        "write START..END, e.g. 2025-01-01..2028-12-31",
                    )
                })?;
            Ok(Input::Whole(Value::Period { start: parse_date(a)?, end: parse_date(b)? }))
        }
        (None, FieldType::YearValue) => Ok(Input::Whole(Value::YearValue(parse_year_value(s)?))),
        (None, FieldType::Measurements) => {
            let mut ms = Vec::new();
            for part in s.split(';').flat_map(|p| p.split(", ")).map(str::trim).filter(|p| !p.is_empty()) {
                ms.push(parse_year_value(part)?);
            }
            ms.sort_by_key(|m| m.year);
            Ok(Input::Whole(Value::Measurements(ms)))
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
        assert!(FieldPath::parse("activities.A3").is_err());
        assert!(FieldPath::parse("goals.G1.colour").is_err());
        assert!(FieldPath::parse("nonsense.x").is_err());
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
