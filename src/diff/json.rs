//! The machine-readable diff, exactly in the shape of the format document:
//! `{ "old": {version, date}, "new": {…}, "changes": [ {op, kind, id, field, old, new} ] }`.

use serde_json::{Map, Value as J, json};

use super::semantic::{Change, Op};
use crate::plan::model::{Item, Measurement, Plan, Sex, Value, YearValue};

fn year_value(yv: &YearValue) -> J {
    json!({ "year": yv.year, "value": yv.value })
}

/// A measurement as the file writes it: `year` and `value`, then the keys
/// format 1.1 adds that are set (`sex` only when not `T`).
fn measurement(m: &Measurement) -> J {
    let mut o = Map::new();
    o.insert("year".into(), json!(m.year));
    o.insert("value".into(), json!(m.value));
    if let Some(a) = &m.area {
        o.insert("area".into(), J::String(a.clone()));
    }
    if m.sex != Sex::Total {
        o.insert("sex".into(), J::String(m.sex.code().into()));
    }
    if let Some(n) = m.n {
        o.insert("n".into(), json!(n));
    }
    for (k, v) in [("period", &m.period), ("source", &m.source)] {
        if let Some(v) = v {
            o.insert(k.into(), J::String(v.clone()));
        }
    }
    J::Object(o)
}

/// Converts a field value to JSON: dates as "YYYY-MM-DD" strings.
pub fn value(v: &Value) -> J {
    match v {
        Value::Str(s) => J::String(s.clone()),
        Value::Date(d) => J::String(d.to_string()),
        Value::List(l) => J::Array(l.iter().cloned().map(J::String).collect()),
        Value::Period { start, end } => json!({ "start": start.to_string(), "end": end.to_string() }),
        Value::YearValue(yv) => year_value(yv),
        Value::Measurements(ms) => J::Array(ms.iter().map(measurement).collect()),
        Value::Refs(refs) => J::Object(refs.iter().map(|(k, v)| (k.clone(), J::String(v.clone()))).collect()),
    }
}

/// Converts a whole item to a JSON object, fields in schema order.
pub fn item(item: &Item) -> J {
    let mut m = Map::new();
    for (name, v) in &item.fields {
        m.insert((*name).to_string(), value(v));
    }
    J::Object(m)
}

fn revision(plan: &Plan) -> J {
    let r = &plan.revision;
    json!({
        "version": r.str("version"),
        "date": r.date("date").map(|d| d.to_string()),
    })
}

/// Converts one change to its JSON object.
pub fn change(c: &Change) -> J {
    let mut m = Map::new();
    m.insert("op".into(), J::String(c.op.name().into()));
    m.insert("kind".into(), J::String(c.kind.json_name().into()));
    m.insert("id".into(), c.id.clone().map(J::String).unwrap_or(J::Null));
    match c.op {
        Op::Added => {
            m.insert("new".into(), c.item.as_ref().map(item).unwrap_or(J::Null));
        }
        Op::Removed => {
            m.insert("old".into(), c.item.as_ref().map(item).unwrap_or(J::Null));
        }
        Op::Changed | Op::Moved => {
            m.insert("field".into(), c.field.map(|f| J::String(f.into())).unwrap_or(J::Null));
            m.insert("old".into(), c.old.as_ref().map(value).unwrap_or(J::Null));
            m.insert("new".into(), c.new.as_ref().map(value).unwrap_or(J::Null));
        }
    }
    J::Object(m)
}

/// Returns the whole diff document.
pub fn document(old: &Plan, new: &Plan, changes: &[Change]) -> J {
    json!({
        "old": revision(old),
        "new": revision(new),
        "changes": changes.iter().map(change).collect::<Vec<_>>(),
    })
}

/// Serializes the document, writing every character that could act on a
/// terminal (C1 controls, bidi overrides; serde_json already escapes C0) as
/// a `\uXXXX` escape, which any JSON reader turns back into the same text.
pub fn to_safe_string(doc: &J) -> String {
    let raw = serde_json::to_string_pretty(doc).unwrap_or_default();
    let mut out = String::with_capacity(raw.len() + 1);
    for c in raw.chars() {
        if crate::text::is_dangerous(c) && c != '\n' {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}
