//! Writes a typed value into an item's field in the form the file already
//! gives it: a string keeps its quotes, a period or a baseline written as
//! an inline table, dotted keys (`baseline.year = 2015`) or a sub-table
//! (`[indicators.baseline]`) stays so, a list or measurements written on
//! many lines or as `[[indicators.measurements]]` keep that layout, and
//! only the parts whose value changes are touched. Keys the schema does not
//! know, and entries the typed plan cannot read, stay where they are.

use toml_edit::{ArrayOfTables, Item as TItem, Table, TableLike};

use super::coll::insert_table;
use super::encode::{self, Layout, insert_in_layout, remove_element, set_value, string_like, to_toml};
use crate::i18n::Text;
use crate::plan::Date;
use crate::plan::model::{Measurement, MeasurementKey, Sex, Value};

/// Why a part of a field could not be written.
pub(super) struct Wrong {
    pub text: Text,
    /// The field is there but of another type: the refusal points at it.
    pub at_field: bool,
}

fn wrong(sv: impl Into<String>, en: impl Into<String>, at_field: bool) -> Wrong {
    Wrong { text: Text::new(sv, en), at_field }
}

/// One plain value inside a structured field.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scalar {
    Date(Date),
    Year(i64),
    Number(f64),
}

impl Scalar {
    /// Returns true if `v` already holds this value, as the typed plan reads it.
    fn held_by(self, v: &toml_edit::Value) -> bool {
        match (self, v) {
            (Scalar::Date(d), toml_edit::Value::Datetime(dt)) => {
                let dt = dt.value();
                dt.time.is_none()
                    && dt.offset.is_none()
                    && dt.date.is_some_and(|x| i32::from(x.year) == d.year && x.month == d.month && x.day == d.day)
            }
            (Scalar::Year(y), toml_edit::Value::Integer(i)) => *i.value() == y,
            (Scalar::Number(n), toml_edit::Value::Integer(i)) => *i.value() as f64 == n,
            (Scalar::Number(n), toml_edit::Value::Float(f)) => *f.value() == n,
            _ => false,
        }
    }

    fn to_toml(self) -> toml_edit::Value {
        match self {
            Scalar::Date(d) => encode::date(&d),
            Scalar::Year(y) => y.into(),
            Scalar::Number(n) => n.into(),
        }
    }
}

/// Sets `key` of a table-like value to `s`, unless it holds it already.
pub(super) fn scalar(t: &mut dyn TableLike, key: &str, s: Scalar) {
    if !t.get(key).and_then(TItem::as_value).is_some_and(|v| s.held_by(v)) {
        set_value(t, key, s.to_toml());
    }
}

/// Writes the whole field `name` of an item.
pub(super) fn field(t: &mut dyn TableLike, name: &str, v: &Value) {
    match v {
        Value::Str(s) => {
            let old = t.get(name).and_then(TItem::as_value);
            if old.and_then(toml_edit::Value::as_str) != Some(s.as_str()) {
                let new = string_like(s, old);
                set_value(t, name, new);
            }
        }
        Value::Date(d) => scalar(t, name, Scalar::Date(*d)),
        Value::List(l) => list(t, name, l),
        Value::Period { start, end } => {
            parts(t, name, &[("start", Scalar::Date(*start)), ("end", Scalar::Date(*end))], v)
        }
        Value::YearValue(yv) => {
            parts(t, name, &[("year", Scalar::Year(yv.year)), ("value", Scalar::Number(yv.value))], v)
        }
        Value::Measurements(ms) => measurements(t, name, ms),
        Value::Refs(refs) => self::refs(t, name, refs),
    }
}

/// Writes an indicator's `refs` in place: a changed id where it stands,
/// sources no longer named go, new ones come last.
fn refs(t: &mut dyn TableLike, name: &str, wanted: &[(String, String)]) {
    let Some(inner) = t.get_mut(name).and_then(TItem::as_table_like_mut) else {
        set_value(t, name, to_toml(&Value::Refs(wanted.to_vec())));
        return;
    };
    let gone: Vec<String> =
        inner.iter().map(|(k, _)| k.to_string()).filter(|k| !wanted.iter().any(|(w, _)| w == k)).collect();
    for k in gone {
        inner.remove(&k);
    }
    for (k, v) in wanted {
        let old = inner.get(k).and_then(TItem::as_value);
        if old.and_then(toml_edit::Value::as_str) != Some(v.as_str()) {
            let new = string_like(v, old);
            set_value(inner, k, new);
        }
    }
}

/// Writes the parts of a period or a year and value in place, in whichever
/// table form they are written.
fn parts(t: &mut dyn TableLike, name: &str, parts: &[(&str, Scalar)], whole: &Value) {
    match t.get_mut(name).and_then(TItem::as_table_like_mut) {
        Some(inner) => parts.iter().for_each(|(key, s)| scalar(inner, key, *s)),
        None => set_value(t, name, to_toml(whole)),
    }
}

/// Sets part `key` of the structured field `name` (`period.start`).
pub(super) fn part(t: &mut dyn TableLike, name: &str, key: &str, s: Scalar) -> Result<(), Wrong> {
    match t.get_mut(name) {
        None => Err(wrong(
            format!("fältet {name} finns inte; sätt hela fältet först"),
            format!("the field {name} does not exist; set the whole field first"),
            false,
        )),
        Some(item) => {
            let inner = item
                .as_table_like_mut()
                .ok_or_else(|| wrong(format!("`{name}` är ingen tabell"), format!("`{name}` is not a table"), true))?;
            scalar(inner, key, s);
            Ok(())
        }
    }
}

/// Returns, for each entry of a list, whether it stays when the list
/// becomes `wanted`: the entries matched in order to the wanted ones, and
/// those the typed plan cannot read (`None`), which no edit may drop.
fn kept_in_order<K: Eq + std::hash::Hash>(keys: &[Option<K>], wanted: impl IntoIterator<Item = K>) -> Vec<bool> {
    let mut keep: Vec<bool> = keys.iter().map(Option::is_none).collect();
    // Where each key stands, in order: the first place at or after `from`
    // is found without walking the keys between (a batch stays linear).
    let mut at: std::collections::HashMap<&K, std::collections::VecDeque<usize>> = std::collections::HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            at.entry(k).or_default().push_back(i);
        }
    }
    let mut from = 0;
    for w in wanted {
        let Some(places) = at.get_mut(&w) else { continue };
        while places.front().is_some_and(|&i| i < from) {
            places.pop_front();
        }
        if let Some(i) = places.pop_front() {
            if let Some(k) = keep.get_mut(i) {
                *k = true;
            }
            from = i + 1;
        }
    }
    keep
}

/// Writes a list of references in place: the elements that stay keep their
/// place, comments and quotes; new ones come in the list's layout.
fn list(t: &mut dyn TableLike, name: &str, wanted: &[String]) {
    let Some(arr) = t.get_mut(name).and_then(TItem::as_array_mut) else {
        set_value(t, name, to_toml(&Value::List(wanted.to_vec())));
        return;
    };
    let keys: Vec<Option<String>> = arr.iter().map(|v| v.as_str().map(String::from)).collect();
    if keys.iter().flatten().eq(wanted.iter()) {
        return;
    }
    let keep = kept_in_order(&keys, wanted.iter().cloned());
    for i in (0..keep.len()).rev() {
        if keep.get(i) == Some(&false) {
            remove_element(arr, i);
        }
    }
    let like = arr.iter().find(|v| v.as_str().is_some()).cloned();
    let layout = Layout::of(arr);
    let mut i = 0;
    for w in wanted {
        while arr.get(i).is_some_and(|v| v.as_str().is_none()) {
            i += 1;
        }
        if arr.get(i).and_then(toml_edit::Value::as_str) != Some(w.as_str()) {
            insert_in_layout(arr, &layout, i, string_like(w, like.as_ref()));
        }
        i += 1;
    }
}

/// An indicator's measurements: an inline array (with its layout once
/// read, for a batch of inserts) or `[[….measurements]]`.
enum Entries<'a> {
    Inline(&'a mut toml_edit::Array, Option<Layout>),
    Tables(&'a mut ArrayOfTables),
}

/// Returns the measurement an entry holds, exactly as the loader reads one;
/// `None` for an entry the typed plan leaves out (and reports).
fn reading(t: &dyn TableLike) -> Option<Measurement> {
    let year = t.get("year")?.as_value()?.as_integer().filter(|y| (1900..=2200).contains(y))?;
    let value = match t.get("value")?.as_value()? {
        toml_edit::Value::Integer(i) => *i.value() as f64,
        toml_edit::Value::Float(f) => *f.value(),
        _ => return None,
    };
    // An added key of the wrong type leaves the entry out, as the loader does.
    let text = |k: &str| -> Result<Option<String>, ()> {
        match t.get(k) {
            None => Ok(None),
            Some(v) => v.as_str().map(|s| Some(s.to_string())).ok_or(()),
        }
    };
    let area = text("area").ok()?;
    let sex = match text("sex").ok()? {
        None => Sex::Total,
        Some(code) => Sex::from_code(&code)?,
    };
    let n = match t.get("n") {
        None => None,
        Some(v) => Some(v.as_integer().filter(|n| *n >= 0)?),
    };
    let (period, source) = (text("period").ok()?, text("source").ok()?);
    value.is_finite().then_some(Measurement { year, value, area, sex, n, period, source })
}

impl Entries<'_> {
    fn len(&self) -> usize {
        match self {
            Entries::Inline(a, _) => a.len(),
            Entries::Tables(t) => t.len(),
        }
    }

    fn entry_mut(&mut self, i: usize) -> Option<&mut dyn TableLike> {
        match self {
            Entries::Inline(a, _) => a.get_mut(i)?.as_inline_table_mut().map(|t| t as &mut dyn TableLike),
            Entries::Tables(t) => t.get_mut(i).map(|t| t as &mut dyn TableLike),
        }
    }

    fn reading(&self, i: usize) -> Option<Measurement> {
        match self {
            Entries::Inline(a, _) => reading(a.get(i)?.as_inline_table()?),
            Entries::Tables(t) => reading(t.get(i)?),
        }
    }

    fn remove(&mut self, i: usize) {
        match self {
            Entries::Inline(a, layout) => {
                remove_element(a, i);
                *layout = None;
            }
            Entries::Tables(t) if i < t.len() => {
                t.remove(i);
            }
            Entries::Tables(_) => {}
        }
    }

    /// Inserts a measurement at `at` in the layout of its neighbours.
    fn insert(&mut self, at: usize, m: &Measurement) {
        match self {
            Entries::Inline(a, layout) => {
                let layout = layout.get_or_insert_with(|| Layout::of(a));
                insert_in_layout(a, layout, at, encode::measurement(m));
            }
            Entries::Tables(aot) => {
                let mut table = Table::new();
                table.insert("year", TItem::Value(m.year.into()));
                table.insert("value", TItem::Value(m.value.into()));
                for (k, v) in encode::measurement_extras(m) {
                    table.insert(k, TItem::Value(v));
                }
                // A blank line before the header if the neighbours have one;
                // their comments stay theirs.
                let neighbour = aot.get(at).or_else(|| at.checked_sub(1).and_then(|p| aot.get(p)));
                let blank = neighbour.and_then(|t| t.decor().prefix()?.as_str()).is_some_and(|p| p.starts_with('\n'));
                table.decor_mut().set_prefix(if blank { "\n" } else { "" });
                insert_table(aot, at, table, None);
            }
        }
    }

    /// Updates the value of entry `i` to `n`, unless it holds it already.
    fn set_number(&mut self, i: usize, n: f64) {
        if let Some(t) = self.entry_mut(i) {
            scalar(t, "value", Scalar::Number(n));
        }
    }

    /// Updates entry `i` (of the same key) to `m`: its value, and the
    /// count, period and source it holds, each only where it changes.
    fn update(&mut self, i: usize, m: &Measurement) {
        // In `{ year = 2022, value = 44.0 }` the space before `}` belongs to
        // the last value: a key added after it must take it over.
        let closing = match self {
            Entries::Inline(a, _) => a.get_mut(i).and_then(|v| v.as_inline_table_mut()).and_then(|t| {
                let last = t.iter_mut().last()?.1;
                let s = last.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_string();
                last.decor_mut().set_suffix("");
                Some(s)
            }),
            Entries::Tables(_) => None,
        };
        self.write_update(i, m);
        if let Some(s) = closing
            && let Entries::Inline(a, _) = self
            && let Some(last) = a.get_mut(i).and_then(|v| v.as_inline_table_mut()).and_then(|t| t.iter_mut().last())
        {
            last.1.decor_mut().set_suffix(s);
        }
    }

    fn write_update(&mut self, i: usize, m: &Measurement) {
        let Some(t) = self.entry_mut(i) else { return };
        scalar(t, "value", Scalar::Number(m.value));
        match m.n {
            Some(n) if t.get("n").and_then(TItem::as_integer) != Some(n) => set_value(t, "n", n.into()),
            Some(_) => {}
            None => {
                t.remove("n");
            }
        }
        for (k, v) in [("period", &m.period), ("source", &m.source)] {
            match v {
                Some(v) => {
                    let old = t.get(k).and_then(TItem::as_value);
                    if old.and_then(toml_edit::Value::as_str) != Some(v.as_str()) {
                        let new = string_like(v, old);
                        set_value(t, k, new);
                    }
                }
                None => {
                    t.remove(k);
                }
            }
        }
    }
}

/// Returns the measurements of field `name`, or `None` if the field is
/// absent or not a list.
fn entries<'a>(t: &'a mut dyn TableLike, name: &str) -> Option<Entries<'a>> {
    match t.get_mut(name)? {
        TItem::ArrayOfTables(aot) => Some(Entries::Tables(aot)),
        TItem::Value(toml_edit::Value::Array(a)) => Some(Entries::Inline(a, None)),
        _ => None,
    }
}

/// An array of tables with no table left prints as nothing, which would
/// read as no measurements field at all: it becomes `name = []`, as an
/// inline list does when its last entry goes.
fn keep_emptied_field(t: &mut dyn TableLike, name: &str) {
    if let Some(TItem::ArrayOfTables(aot)) = t.get(name)
        && aot.is_empty()
    {
        // Inserted afresh: the key of a `[[…]]` header has no spacing
        // around an `=`.
        t.remove(name);
        t.insert(name, TItem::Value(toml_edit::Array::new().into()));
    }
}

/// Writes a whole list of measurements in place, matching entries by key
/// (year, area, sex): a changed value is written where it stands, entries
/// no longer there go, new ones come in their place in the order given.
fn measurements(t: &mut dyn TableLike, name: &str, wanted: &[Measurement]) {
    let Some(mut e) = entries(t, name) else {
        set_value(t, name, to_toml(&Value::Measurements(wanted.to_vec())));
        return;
    };
    let keys: Vec<Option<MeasurementKey>> = (0..e.len()).map(|i| e.reading(i).map(|m| m.key())).collect();
    let keep = kept_in_order(&keys, wanted.iter().map(Measurement::key));
    for i in (0..keep.len()).rev() {
        if keep.get(i) == Some(&false) {
            e.remove(i);
        }
    }
    let mut i = 0;
    for m in wanted {
        while i < e.len() && e.reading(i).is_none() {
            i += 1;
        }
        if e.reading(i).is_some_and(|old| old.key() == m.key()) {
            if e.reading(i).as_ref() != Some(m) {
                e.update(i, m);
            }
        } else {
            e.insert(i, m);
        }
        i += 1;
    }
    keep_emptied_field(t, name);
}

/// Sets (`Some`) or removes (`None`) the plan's own total for one year;
/// the figures per area or sex of that year stay.
pub(super) fn measurement(t: &mut dyn TableLike, name: &str, year: i64, value: Option<f64>) -> Result<(), Wrong> {
    if value.is_some() && t.get(name).is_none() {
        set_value(t, name, toml_edit::Array::new().into());
    }
    let mut e = entries(t, name).ok_or_else(|| match value {
        Some(_) => wrong("`measurements` är ingen lista", "`measurements` is not a list", true),
        None => no_measurement(year),
    })?;
    let found = (0..e.len()).find(|&i| e.reading(i).is_some_and(|m| m.year == year && m.is_total()));
    match (found, value) {
        (Some(i), None) => e.remove(i),
        (None, None) => return Err(no_measurement(year)),
        (Some(i), Some(n)) => e.set_number(i, n),
        (None, Some(n)) => {
            let len = e.len();
            let at = (0..len).find(|&i| e.reading(i).is_some_and(|m| m.year > year)).unwrap_or(len);
            e.insert(at, &Measurement::total(year, n));
        }
    }
    keep_emptied_field(t, name);
    Ok(())
}

fn no_measurement(year: i64) -> Wrong {
    wrong(format!("det finns ingen mätning för år {year}"), format!("there is no measurement for {year}"), false)
}

#[cfg(test)]
mod tests {
    use super::kept_in_order;
    use proptest::prelude::*;

    /// The walk `kept_in_order` replaced: for each wanted key, the first
    /// entry at or after the last match that holds it.
    fn walk(keys: &[Option<u8>], wanted: &[u8]) -> Vec<bool> {
        let mut keep: Vec<bool> = keys.iter().map(Option::is_none).collect();
        let mut from = 0;
        for w in wanted {
            if let Some(i) = (from..keys.len()).find(|&i| keys[i] == Some(*w)) {
                keep[i] = true;
                from = i + 1;
            }
        }
        keep
    }

    proptest! {
        // Few distinct keys, so repeats, misses and out-of-order wishes are common.
        #[test]
        fn kept_in_order_matches_the_walk(
            keys in proptest::collection::vec(proptest::option::weighted(0.9, 0u8..6), 0..40),
            wanted in proptest::collection::vec(0u8..6, 0..40),
        ) {
            prop_assert_eq!(kept_in_order(&keys, wanted.iter().copied()), walk(&keys, &wanted));
        }
    }
}
