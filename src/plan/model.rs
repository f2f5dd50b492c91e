//! Typed values of a loaded plan: items of each kind, with their fields as
//! the schema describes them and the byte spans where each was written.

use std::ops::Range;

use super::date::Date;
use super::schema::{Field, Kind};

/// A year and a figure: a baseline, a target or one measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearValue {
    pub year: i64,
    pub value: f64,
}

// Format 1.1 (issue 19): a measurement says which area and sex it covers,
// what count it rests on, which part of the year and where it came from.

/// Whom a figure covers: everyone, women and girls, or men and boys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Sex {
    /// `T`, the default.
    #[default]
    Total,
    /// `K`: women and girls (kvinnor, flickor).
    Women,
    /// `M`: men and boys.
    Men,
}

impl Sex {
    /// Every value, in the order figures are shown.
    pub const ALL: [Sex; 3] = [Sex::Total, Sex::Women, Sex::Men];

    /// Returns the code written in a file (`T`, `K`, `M`).
    pub fn code(self) -> &'static str {
        match self {
            Sex::Total => "T",
            Sex::Women => "K",
            Sex::Men => "M",
        }
    }

    /// Returns the sex whose code is `s`.
    pub fn from_code(s: &str) -> Option<Sex> {
        Sex::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Returns the label for `lang`.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Sex::Total => lang.pick("totalt", "total"),
            Sex::Women => lang.pick("kvinnor", "women"),
            Sex::Men => lang.pick("män", "men"),
        }
    }
}

/// The area `"riket"`: the whole country, beside the plan's own figures.
pub const NATION: &str = "riket";

/// One figure of an indicator. Its key is (`year`, `area`, `sex`): a file
/// holds at most one entry per key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measurement {
    pub year: i64,
    pub value: f64,
    /// A party id or [`NATION`]; `None` is the plan's whole area.
    pub area: Option<String>,
    pub sex: Sex,
    /// The count the value rests on.
    pub n: Option<i64>,
    /// When the value covers less than the year (`"jan–apr"`).
    pub period: Option<String>,
    /// Where the value came from (a file name, a publication).
    pub source: Option<String>,
}

/// A measurement's key: year, area (empty for the plan's own) and sex.
pub type MeasurementKey = (i64, String, Sex);

impl Measurement {
    /// Returns the plan's own total for `year`, as a 1.0 file writes one.
    pub fn total(year: i64, value: f64) -> Measurement {
        Measurement { year, value, ..Measurement::default() }
    }

    /// Returns true for the plan's own total (no area, both sexes): the
    /// figures on-track verdicts rest on.
    pub fn is_total(&self) -> bool {
        self.area.is_none() && self.sex == Sex::Total
    }

    /// Returns true if the entry has nothing beyond a year and a value.
    pub fn is_plain(&self) -> bool {
        self.is_total() && self.n.is_none() && self.period.is_none() && self.source.is_none()
    }

    /// Returns the entry's key.
    pub fn key(&self) -> MeasurementKey {
        (self.year, self.area.clone().unwrap_or_default(), self.sex)
    }

    /// Returns the key as a person reads it: `2022`, `2022 ostersund K`.
    pub fn key_label(&self) -> String {
        let mut s = self.year.to_string();
        if let Some(a) = &self.area {
            s.push(' ');
            s.push_str(a);
        }
        // An area whose id reads as a sex code keeps its sex written out,
        // so the text form reads back the same.
        let ambiguous = self.area.as_deref().is_some_and(|a| Sex::from_code(a).is_some());
        if self.sex != Sex::Total || ambiguous {
            s.push(' ');
            s.push_str(self.sex.code());
        }
        s
    }

    /// Returns the year and value, as a baseline or target holds them.
    pub fn year_value(&self) -> YearValue {
        YearValue { year: self.year, value: self.value }
    }

    /// Returns the entry as one line, in the form `set` reads back:
    /// `2022: 39`, `2022 ostersund K: 41.5 n=212 period="jan–apr"`.
    pub fn display(&self) -> String {
        format!("{}: {}", self.key_label(), self.display_value())
    }

    /// Returns what follows the key in [`Measurement::display`]: the value
    /// and the count, period and source (`41.5 n=212`).
    pub fn display_value(&self) -> String {
        let mut s = format_number(self.value);
        if let Some(n) = self.n {
            s.push_str(&format!(" n={n}"));
        }
        for (k, v) in [("period", &self.period), ("source", &self.source)] {
            if let Some(v) = v {
                s.push_str(&format!(" {k}={}", quote_word(v)));
            }
        }
        s
    }
}

/// Returns `v` as one word of a measurement's text form: as it is when it
/// has no space, quote, `;` or `,`, else in double quotes with `\` and `"`
/// escaped.
pub fn quote_word(v: &str) -> String {
    if !v.is_empty() && !v.chars().any(|c| c.is_whitespace() || matches!(c, '"' | ';' | ',' | '\\')) {
        return v.to_string();
    }
    let mut s = String::from("\"");
    for c in v.chars() {
        if matches!(c, '"' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// The value of one field, typed by the schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text, an id, an enumeration value or a reference.
    Str(String),
    Date(Date),
    /// A list of references.
    List(Vec<String>),
    Period {
        start: Date,
        end: Date,
    },
    YearValue(YearValue),
    Measurements(Vec<Measurement>),
    /// Ids in the data sources (`refs = { kolada = "U75417" }`), in file order.
    Refs(Vec<(String, String)>),
}

impl Value {
    /// Returns the text of a string-like value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Returns the value as one line of text, as `get` prints it.
    pub fn display(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Date(d) => d.to_string(),
            Value::List(l) => l.join(", "),
            Value::Period { start, end } => format!("{start} – {end}"),
            Value::YearValue(yv) => format!("{}: {}", yv.year, format_number(yv.value)),
            Value::Measurements(ms) => ms.iter().map(Measurement::display).collect::<Vec<_>>().join("; "),
            Value::Refs(refs) => refs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "),
        }
    }
}

/// Formats a figure without a needless `.0` and with at most a few decimals.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Returns the next free numbered id with `prefix` among `taken`: one more
/// than the highest number in use, or the lowest unused number when the
/// highest is the largest a u64 holds (`A18446744073709551615`, which a file
/// may hold; adding one overflowed).
pub fn next_numbered_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str>) -> String {
    let numbers: std::collections::HashSet<u64> =
        taken.filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok()).collect();
    let next = match numbers.iter().max().copied().unwrap_or(0).checked_add(1) {
        Some(n) => n,
        None => (1..).find(|n| !numbers.contains(n)).unwrap_or(0),
    };
    format!("{prefix}{next}")
}

/// One item: the plan table, the revision table or one entry of a collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: Kind,
    /// The item's id; empty for the plan's revision (and for items whose
    /// id is missing, which validation reports).
    pub id: String,
    /// Field values in schema order; absent fields are left out.
    pub fields: Vec<(&'static str, Value)>,
    /// Keys the schema does not know, kept in the file and reported.
    pub unknown: Vec<String>,
    /// Where the item starts (its header, or its first key).
    pub span: Range<usize>,
    /// Where each field's value was written.
    pub spans: Vec<(&'static str, Range<usize>)>,
    /// Where each of an indicator's measurements was written, in order
    /// (empty for other kinds): a finding about one points at its line.
    pub measurement_spans: Vec<Range<usize>>,
}

impl Item {
    /// Returns an empty item of `kind` spanning `span`.
    pub fn new(kind: Kind, span: Range<usize>) -> Item {
        Item {
            kind,
            id: String::new(),
            fields: Vec::new(),
            unknown: Vec::new(),
            span,
            spans: Vec::new(),
            measurement_spans: Vec::new(),
        }
    }

    /// Returns the field called `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Returns each field of the schema with its value here (`None` when
    /// absent), in schema order. One pass over the item: the fields are
    /// kept in schema order, so no field is looked up by name.
    pub fn schema_values(&self) -> impl Iterator<Item = (&'static Field, Option<&Value>)> {
        let mut rest = self.fields.as_slice();
        self.kind.fields().iter().map(move |field| match rest.split_first() {
            Some(((name, value), tail)) if *name == field.name => {
                rest = tail;
                (field, Some(value))
            }
            _ => (field, None),
        })
    }

    /// Returns the text of field `name`, or "" when absent or not text.
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

    /// Returns the list of references in field `name`.
    pub fn list(&self, name: &str) -> &[String] {
        match self.get(name) {
            Some(Value::List(l)) => l,
            _ => &[],
        }
    }

    /// Returns a year/value field.
    pub fn year_value(&self, name: &str) -> Option<YearValue> {
        match self.get(name) {
            Some(Value::YearValue(yv)) => Some(*yv),
            _ => None,
        }
    }

    /// Returns the measurements of an indicator.
    pub fn measurements(&self) -> &[Measurement] {
        match self.get("measurements") {
            Some(Value::Measurements(m)) => m,
            _ => &[],
        }
    }

    /// Returns where field `name` was written, or the item's own span.
    pub fn span_of(&self, name: &str) -> Range<usize> {
        self.spans.iter().find(|(n, _)| *n == name).map(|(_, s)| s.clone()).unwrap_or_else(|| self.span.clone())
    }

    /// Returns where the `k`-th measurement was written, or where the list is.
    pub fn measurement_span(&self, k: usize) -> Range<usize> {
        self.measurement_spans.get(k).cloned().unwrap_or_else(|| self.span_of("measurements"))
    }

    /// Sets field `name`, keeping schema order.
    pub fn set(&mut self, name: &'static str, value: Value) {
        if let Some(slot) = self.fields.iter_mut().find(|(n, _)| *n == name) {
            slot.1 = value;
            return;
        }
        let order = |n: &str| self.kind.fields().iter().position(|f| f.name == n).unwrap_or(usize::MAX);
        let mine = order(name);
        // Files usually list fields in schema order: then the new one goes last.
        if self.fields.last().is_none_or(|(last, _)| order(last) < mine) {
            self.fields.push((name, value));
            return;
        }
        let at = self.fields.iter().position(|(n, _)| order(n) > mine).unwrap_or(self.fields.len());
        self.fields.insert(at, (name, value));
    }

    /// Returns a short human label: the title or name.
    pub fn label(&self) -> &str {
        match self.kind {
            Kind::Party | Kind::FocusArea | Kind::Indicator => self.str("name"),
            Kind::Revision => self.str("version"),
            _ => self.str("title"),
        }
    }
}

/// One revision of one plan, as typed values.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The `format` key, if present and a string.
    pub format: Option<String>,
    pub plan: Item,
    pub revision: Item,
    pub parties: Vec<Item>,
    pub focus_areas: Vec<Item>,
    /// Standing commitments (format 1.1, issue 18).
    pub commitments: Vec<Item>,
    pub goals: Vec<Item>,
    pub indicators: Vec<Item>,
    pub activities: Vec<Item>,
    /// Unresolved merge conflicts (`[[conflicts]]`), each an error until
    /// someone picks a side.
    pub conflicts: Vec<Conflict>,
}

/// An unresolved conflict left by a three-way merge (a `[[conflicts]]`
/// record): both sides changed one value or comment differently, one side
/// removed an item the other edited or uses, or the two sides' edits of an
/// item together break a rule. The file holds the side the reason says.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The item's kind; the plan for a place outside every item.
    pub kind: Kind,
    pub id: String,
    /// The field of the schema the conflict is about, if it is one.
    pub field: Option<&'static str>,
    /// The place from the top of the file as a dotted key
    /// (`activities.A3.note`): says where when `field` cannot.
    pub at: String,
    /// `both_changed`, `ours_removed` (we removed it, they edited it),
    /// `theirs_removed` (they removed it, we edited it),
    /// `ours_removed_used` / `theirs_removed_used` (removed on one side,
    /// used on the other), `comment` or `invalid`.
    pub reason: String,
    /// For a comment: `above`, `inline` or `end`.
    pub part: Option<String>,
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
    /// Each side's value as written (base, ours, theirs), for values the
    /// schema does not type and for comments.
    pub shown: [Option<String>; 3],
    /// For an item kept because it is used: what uses it.
    pub used_by: Vec<String>,
    /// For `invalid`: the rule the combination breaks.
    pub rule: Option<crate::i18n::Text>,
    /// For a text both sides edited: each span where the edits overlap
    /// (base, ours, theirs); `ours` and `theirs` are then the whole text
    /// merged with ours' or theirs' spans.
    pub overlaps: Vec<[String; 3]>,
    /// For `ours_removed` written by earlier versions: their version of the
    /// item, to restore it if their side is chosen.
    pub item: Option<Item>,
    pub span: Range<usize>,
}

impl Plan {
    /// Returns an empty plan.
    pub fn empty() -> Plan {
        Plan {
            format: None,
            plan: Item::new(Kind::Plan, 0..0),
            revision: Item::new(Kind::Revision, 0..0),
            parties: Vec::new(),
            focus_areas: Vec::new(),
            commitments: Vec::new(),
            goals: Vec::new(),
            indicators: Vec::new(),
            activities: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    /// Returns the items of a collection kind (the plan and revision as a
    /// one-item slice).
    pub fn items(&self, kind: Kind) -> &[Item] {
        match kind {
            Kind::Plan => std::slice::from_ref(&self.plan),
            Kind::Revision => std::slice::from_ref(&self.revision),
            Kind::Party => &self.parties,
            Kind::FocusArea => &self.focus_areas,
            Kind::Commitment => &self.commitments,
            Kind::Goal => &self.goals,
            Kind::Indicator => &self.indicators,
            Kind::Activity => &self.activities,
        }
    }

    /// Returns the items of a kind, mutably.
    pub fn items_mut(&mut self, kind: Kind) -> &mut Vec<Item> {
        match kind {
            Kind::Party => &mut self.parties,
            Kind::FocusArea => &mut self.focus_areas,
            Kind::Commitment => &mut self.commitments,
            Kind::Goal => &mut self.goals,
            Kind::Indicator => &mut self.indicators,
            Kind::Activity => &mut self.activities,
            Kind::Plan | Kind::Revision => panic!("items_mut takes a collection kind, not {kind:?}"),
        }
    }

    /// Returns the item of `kind` with `id`.
    pub fn find(&self, kind: Kind, id: &str) -> Option<&Item> {
        self.items(kind).iter().find(|i| i.id == id)
    }

    /// Returns the next free numbered id of a kind (`G7` after `G6`),
    /// counting every id with the kind's prefix and a number.
    pub fn next_id(&self, kind: Kind) -> String {
        next_numbered_id(kind.id_prefix(), self.items(kind).iter().map(|i| i.id.as_str()))
    }

    /// Returns the goals of a focus area, in file order.
    pub fn goals_in<'a>(&'a self, focus_area: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.goals.iter().filter(move |g| g.str("focus_area") == focus_area)
    }

    /// Returns the activities of a goal, in file order.
    pub fn activities_of<'a>(&'a self, goal: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.activities.iter().filter(move |a| a.str("goal") == goal)
    }

    /// Returns the commitments of a focus area, in file order.
    pub fn commitments_in<'a>(&'a self, focus_area: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.commitments.iter().filter(move |c| c.str("focus_area") == focus_area)
    }

    /// Returns the indicators of a goal, in file order.
    pub fn indicators_of<'a>(&'a self, goal: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.indicators.iter().filter(move |a| a.str("goal") == goal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_id_is_one_more_than_the_highest_or_the_lowest_free() {
        assert_eq!(next_numbered_id("A", ["A1", "A3", "B9", "A", "Ax"].into_iter()), "A4");
        assert_eq!(next_numbered_id("G", std::iter::empty()), "G1");
        // Issue 23: one more than u64::MAX overflowed (a panic in `check`).
        assert_eq!(next_numbered_id("A", ["A18446744073709551615", "A1"].into_iter()), "A2");
        assert_eq!(next_numbered_id("A", ["A18446744073709551616"].into_iter()), "A1");
    }
}
