//! Kolada's data response, as its API documents it and as a strategist
//! saves it from the browser:
//!
//! ```json
//! { "count": 1, "values": [
//!   { "kpi": "N07402", "municipality": "2380", "period": 2022,
//!     "values": [ { "gender": "K", "value": 41.5, "count": 1, "status": "" } ] } ] }
//! ```
//!
//! `municipality` is an SCB code (`0000` the nation, `00` and a county's two
//! digits its region), `gender` is `T`, `K` or `M`, and `value` may be
//! `null` where Kolada has no figure. Any other shape is refused with the
//! line and column where it departs from this one.

use super::json::{self, J, Json};
use super::{Cell, Problems, Record, Trouble, problem};
use crate::i18n::Text;
use crate::plan::finding::LineIndex;
use crate::plan::model::Sex;

/// Reads a Kolada data response.
pub fn read(src: &str) -> Result<Vec<Record>, Trouble> {
    let root = json::parse(src).map_err(|e| {
        let (row, col) = json::locate(src, e.at);
        let m = &e.message;
        Trouble::at(row, col, text!(sv: "ingen giltig JSON: {}", m.sv; en: "not valid JSON: {}", m.en))
    })?;
    // One index of the line starts for every place reported: locating
    // each figure by scanning the text again made a national response
    // (58,000 entries) take many minutes.
    let lines = LineIndex::new(src);
    let at = |v: &Json| lines.locate(v.at);
    let shape = || {
        text!(sv: "väntade Koladas datasvar: {{ \"values\": [ {{ \"kpi\", \"municipality\", \"period\", \"values\": [ {{ \"gender\", \"value\" }} ] }} ] }}";
              en: "expected Kolada's data response: {{ \"values\": [ {{ \"kpi\", \"municipality\", \"period\", \"values\": [ {{ \"gender\", \"value\" }} ] }} ] }}")
    };
    let Some(values) = root.get("values") else {
        let (row, col) = at(&root);
        let (sv, en) = root.kind();
        let what = text!(sv: "filen är {sv} utan \"values\"; "; en: "the file is {en} without \"values\"; ");
        let s = shape();
        return Err(Trouble::at(row, col, Text::new(what.sv + &s.sv, what.en + &s.en)));
    };
    let J::Array(entries) = &values.v else {
        let (row, col) = at(values);
        return Err(Trouble::at(row, col, wrong("values", values, "en lista", "an array")));
    };
    let mut problems = Problems::default();
    let mut out = Vec::new();
    for e in entries {
        if let Err(p) = entry(&lines, e, &mut out) {
            problems.push(p);
        }
    }
    problems.finish()?;
    Ok(out)
}

fn wrong(key: &str, v: &Json, sv: &str, en: &str) -> Text {
    let (got_sv, got_en) = v.kind();
    text!(sv: "\"{key}\" ska vara {sv}, inte {got_sv}"; en: "\"{key}\" must be {en}, not {got_en}")
}

/// Reads one `{ kpi, municipality, period, values }` entry. The problem
/// is returned by value: it is made once per refused entry, not per row.
#[allow(clippy::result_large_err)]
fn entry(lines: &LineIndex<'_>, e: &Json, out: &mut Vec<Record>) -> Result<(), crate::plan::Finding> {
    let at = |v: &Json| lines.locate(v.at);
    let fail = |v: &Json, m: Text| {
        let (row, col) = at(v);
        problem(row, col, m, None)
    };
    if !matches!(e.v, J::Object(_)) {
        return Err(fail(e, wrong("values[…]", e, "ett objekt", "an object")));
    }
    let need = |key: &str| {
        e.get(key).ok_or_else(|| {
            if key == "municipality" && e.get("ou").is_some() {
                return fail(e, text!(sv: "svaret gäller organisatoriska enheter (\"ou\"), inte kommuner och regioner";
                                     en: "the response is about organisational units (\"ou\"), not kommuner and regions"));
            }
            fail(e, text!(sv: "\"{key}\" saknas i ett värde från Kolada"; en: "\"{key}\" is missing in a value from Kolada"))
        })
    };
    let text_of = |key: &str| -> Result<Cell, crate::plan::Finding> {
        let v = need(key)?;
        match &v.v {
            J::Str(s) => Ok(Cell { text: s.clone(), col: at(v).1 }),
            _ => Err(fail(v, wrong(key, v, "en sträng", "a string"))),
        }
    };
    let kpi = text_of("kpi")?;
    let area = text_of("municipality")?;
    let period = need("period")?;
    let year = match &period.v {
        J::Number(raw, _) => raw.parse::<i64>().ok(),
        J::Str(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
    .filter(|y| (1900..=2200).contains(y))
    .ok_or_else(|| {
        fail(
            period,
            text!(sv: "\"period\" ska vara ett årtal (1900–2200)"; en: "\"period\" must be a year (1900–2200)"),
        )
    })?;
    let values = need("values")?;
    let J::Array(figures) = &values.v else {
        return Err(fail(values, wrong("values", values, "en lista", "an array")));
    };
    for f in figures {
        if !matches!(f.v, J::Object(_)) {
            return Err(fail(f, wrong("values[…]", f, "ett objekt", "an object")));
        }
        let gender =
            f.get("gender").ok_or_else(|| fail(f, text!(sv: "\"gender\" saknas"; en: "\"gender\" is missing")))?;
        let sex = match &gender.v {
            J::Str(g) => Sex::from_code(g).ok_or_else(|| {
                let g = crate::text::escape(g).into_owned();
                fail(gender, text!(sv: "okänt kön \"{g}\"; Kolada skriver T, K eller M"; en: "unknown gender \"{g}\"; Kolada writes T, K or M"))
            })?,
            _ => return Err(fail(gender, wrong("gender", gender, "en sträng", "a string"))),
        };
        let value = f.get("value").ok_or_else(|| fail(f, text!(sv: "\"value\" saknas"; en: "\"value\" is missing")))?;
        let value = match &value.v {
            J::Number(_, x) if x.is_finite() => Some(*x),
            J::Null => None,
            _ => return Err(fail(value, wrong("value", value, "ett tal eller null", "a number or null"))),
        };
        let (row, _) = at(f);
        out.push(Record { row, indicator: kpi.clone(), year, area: area.clone(), sex, value, n: None, period: None });
    }
    Ok(())
}
