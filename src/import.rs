//! Figures from the files a strategist saved (a CSV, a Kolada data
//! response, an Excel sheet) as measurements of a plan's indicators.
//!
//! Each reader turns its file into [`Record`]s that remember their row and
//! columns; [`resolve`] matches them to indicators (by id or by `refs`) and
//! to areas (by party id, by a party's SCB `code`, or `riket`), refusing
//! the whole file on the first class of trouble with every row named; then
//! [`Import::plan`] is the plan as it would be, which the CLI shows as the
//! semantic diff and, asked to, writes through the document layer (only the
//! measurements change, comments and layout kept). Nothing here touches a
//! terminal or the network.

pub mod csv;
pub mod json;
pub mod kolada;
pub mod table;
pub mod xlsx;

use std::collections::HashMap;

use crate::i18n::Text;
use crate::plan::finding::{Finding, Severity};
use crate::plan::model::{Item, Measurement, MeasurementKey, NATION, Plan, Sex, Value};
use crate::plan::schema::Kind;
use crate::text;

/// The largest file an import reads (a Kolada response for every kommun,
/// ten years and both sexes is a few MB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A text read from a cell, with the column it stood in (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub col: usize,
}

/// One figure as a file gives it, before it is matched to the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The line (CSV, JSON) or row (a sheet) it was read from, 1-based.
    pub row: usize,
    /// The plan's indicator id, or an id in a source (`refs`).
    pub indicator: Cell,
    pub year: i64,
    /// A party id, an SCB code (Kolada's `0000` is the nation, `00` and a
    /// county's two digits its region) or `riket`.
    pub area: Cell,
    pub sex: Sex,
    /// `None` where the file says there is no figure (Kolada's `null`, an
    /// empty cell, `..`): such rows are counted and named, never imported.
    pub value: Option<f64>,
    pub n: Option<i64>,
    pub period: Option<String>,
}

/// What went wrong with a file: every row named, nothing written.
#[derive(Debug, Clone, PartialEq)]
pub struct Trouble {
    pub problems: Vec<Finding>,
}

impl Trouble {
    /// Returns the trouble of one place.
    pub fn at(row: usize, col: usize, message: Text) -> Trouble {
        Trouble { problems: vec![problem(row, col, message, None)] }
    }

    /// Renders every problem as `FILE:ROW:COL: error: …`, one a line.
    pub fn render(&self, file: &str, lang: crate::i18n::Lang) -> String {
        self.problems.iter().map(|p| p.render(file, lang)).collect::<Vec<_>>().join("\n")
    }
}

/// Returns an error at a row and column (for files that are not plans,
/// a finding's line is the row).
pub fn problem(row: usize, col: usize, message: Text, hint: Option<Text>) -> Finding {
    Finding { severity: Severity::Error, span: 0..0, line: row, column: col, message, hint }
}

/// Collects problems and stops a run of them at a sensible length: a file
/// of the wrong kind would otherwise give one per row.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Finding>,
    more: usize,
}

/// How many problems a refused file lists before it counts the rest.
const SHOWN: usize = 50;

impl Problems {
    /// Adds one problem.
    pub fn push(&mut self, f: Finding) {
        if self.list.len() < SHOWN { self.list.push(f) } else { self.more += 1 }
    }

    /// Returns true if there is none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Returns `Err` with the problems if there are any.
    pub fn finish(self) -> Result<(), Trouble> {
        if self.list.is_empty() {
            return Ok(());
        }
        let mut list = self.list;
        if self.more > 0 {
            let (n, last) = (self.more, list.last().map(|f| f.line).unwrap_or(0));
            list.push(problem(last, 1, text!(sv: "… och {n} problem till"; en: "… and {n} more problems"), None));
        }
        Err(Trouble { problems: list })
    }
}

/// One figure matched to the plan, with the row it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The indicator's index in the plan.
    pub indicator: usize,
    pub measurement: Measurement,
    pub row: usize,
}

/// An import ready to be shown or written.
#[derive(Debug, Clone)]
pub struct Import {
    /// The figures to write, by indicator index, in file order.
    pub figures: Vec<Figure>,
    /// Rows the file gives no figure for (`null`, empty, `..`).
    pub missing: Vec<usize>,
    /// The file's rows the import read.
    pub rows: usize,
}

/// Returns where each new or changed figure came from: the row of the
/// file, by indicator id and the figure's key.
pub type Provenance = HashMap<(String, MeasurementKey), usize>;

/// Matches the records to the plan's indicators and areas. `source` is the
/// file's name as a measurement's `source` records it. Every record that
/// names an unknown indicator or area, and every second value for one key,
/// is a problem; with any, nothing is imported.
pub fn resolve(plan: &Plan, records: Vec<Record>, source: &str) -> Result<Import, Trouble> {
    let indicators = IndicatorIndex::new(plan);
    let areas = AreaIndex::new(plan);
    let mut problems = Problems::default();
    let mut figures = Vec::new();
    let mut missing = Vec::new();
    let mut first: HashMap<(usize, MeasurementKey), usize> = HashMap::new();
    let rows = records.len();
    for r in records {
        let ind = indicators.find(&r.indicator.text);
        let area = areas.find(&r.area.text);
        if ind.is_none() {
            let x = text::escape(&r.indicator.text).into_owned();
            problems.push(problem(
                r.row,
                r.indicator.col,
                text!(sv: "okänd indikator \"{x}\": inget id och inga `refs` i planen stämmer";
                      en: "unknown indicator \"{x}\": no id and no `refs` in the plan match"),
                Some(text!(sv: "lägg till källans id i indikatorns refs, t.ex. refs = {{ kolada = \"{x}\" }}";
                           en: "add the source's id to the indicator's refs, e.g. refs = {{ kolada = \"{x}\" }}")),
            ));
        }
        if let Err(hint) = &area {
            let x = text::escape(&r.area.text).into_owned();
            problems.push(problem(
                r.row,
                r.area.col,
                text!(sv: "okänt område \"{x}\": ingen part i planen har det id:t eller den koden";
                      en: "unknown area \"{x}\": no party of the plan has that id or code"),
                Some(hint.clone()),
            ));
        }
        let (Some(indicator), Ok(area)) = (ind, area) else { continue };
        let Some(value) = r.value else {
            missing.push(r.row);
            continue;
        };
        let measurement = Measurement {
            year: r.year,
            value,
            area,
            sex: r.sex,
            n: r.n,
            period: r.period,
            source: (!source.is_empty()).then(|| source.to_string()),
        };
        if let Some(prev) = first.insert((indicator, measurement.key()), r.row) {
            let (id, key) = (text::escape(&plan.indicators[indicator].id).into_owned(), measurement.key_label());
            problems.push(problem(
                r.row,
                1,
                text!(sv: "en andra siffra för {id} {key} (den första står på rad {prev})";
                      en: "a second figure for {id} {key} (the first is on row {prev})"),
                None,
            ));
            continue;
        }
        figures.push(Figure { indicator, measurement, row: r.row });
    }
    problems.finish()?;
    Ok(Import { figures, missing, rows })
}

/// The plan's indicators by id and by each of their `refs`.
struct IndicatorIndex<'a>(HashMap<&'a str, usize>);

impl<'a> IndicatorIndex<'a> {
    fn new(plan: &'a Plan) -> Self {
        let mut map = HashMap::new();
        for (i, ind) in plan.indicators.iter().enumerate() {
            if let Some(Value::Refs(refs)) = ind.get("refs") {
                for (_, id) in refs {
                    map.entry(id.as_str()).or_insert(i);
                }
            }
        }
        // An indicator's own id wins over another's source id.
        for (i, ind) in plan.indicators.iter().enumerate() {
            map.insert(ind.id.as_str(), i);
        }
        IndicatorIndex(map)
    }

    fn find(&self, s: &str) -> Option<usize> {
        self.0.get(s.trim()).copied()
    }
}

/// The plan's parties by id and by SCB code.
struct AreaIndex<'a> {
    ids: HashMap<&'a str, &'a Item>,
    codes: HashMap<&'a str, &'a Item>,
}

impl<'a> AreaIndex<'a> {
    fn new(plan: &'a Plan) -> Self {
        let ids = plan.parties.iter().map(|p| (p.id.as_str(), p)).collect();
        let codes = plan
            .parties
            .iter()
            .filter_map(|p| match p.get("code") {
                Some(Value::Str(c)) => Some((c.as_str(), p)),
                _ => None,
            })
            .collect();
        AreaIndex { ids, codes }
    }

    /// Returns the measurement's `area` for what a file names: `None` for
    /// the plan's whole area is never given by a file, so an area is
    /// always a party id or `riket`. The error is a hint.
    fn find(&self, s: &str) -> Result<Option<String>, Text> {
        let s = s.trim();
        if s.eq_ignore_ascii_case(NATION) || s == "0000" {
            return Ok(Some(NATION.to_string()));
        }
        if let Some(p) = self.ids.get(s) {
            return Ok(Some(p.id.clone()));
        }
        let code = normalise_code(s);
        // Kolada names a region `00` and its county's code.
        let code = code.strip_prefix("00").filter(|c| c.len() == 2).unwrap_or(&code).to_string();
        if let Some(p) = self.codes.get(code.as_str()) {
            return Ok(Some(p.id.clone()));
        }
        let known = crate::plan::scb::registry().lookup(&code);
        Err(match known {
            Some(crate::plan::scb::Area::Kommun(k)) => {
                let (name, c) = (k.name, k.code);
                text!(sv: "{c} är {name}; lägg till den som part med code = \"{c}\", eller ta bort raderna";
                      en: "{c} is {name}; add it as a party with code = \"{c}\", or remove the rows")
            }
            Some(crate::plan::scb::Area::County(c)) => {
                let (name, code) = (c.region, c.code);
                text!(sv: "{code} är {name}; ge regionen code = \"{code}\"";
                      en: "{code} is {name}; give the region code = \"{code}\"")
            }
            None => text!(sv: "ett område är en parts id, en parts SCB-kod (code) eller \"riket\"";
                          en: "an area is a party's id, a party's SCB code (code) or \"riket\""),
        })
    }
}

/// Returns an SCB code as written in the list: a spreadsheet that took
/// `0180` for a number shows `180`, and `1` for `01`.
pub fn normalise_code(s: &str) -> String {
    let s = s.trim();
    if s.bytes().all(|b| b.is_ascii_digit()) && matches!(s.len(), 1 | 3) { format!("0{s}") } else { s.to_string() }
}

impl Import {
    /// Returns the plan with the figures written in: a figure whose key is
    /// there already replaces it (nothing changes if it holds the same
    /// value, count and period), a new one comes after the last figure of
    /// its year or earlier. Figures the file does not give stay.
    pub fn plan(&self, plan: &Plan) -> Plan {
        let mut out = plan.clone();
        let mut by_indicator: HashMap<usize, Vec<&Figure>> = HashMap::new();
        for f in &self.figures {
            by_indicator.entry(f.indicator).or_default().push(f);
        }
        for (i, figures) in by_indicator {
            let Some(ind) = out.indicators.get_mut(i) else { continue };
            let merged = merge_figures(ind.measurements(), &figures);
            if merged.as_slice() != ind.measurements() {
                ind.set("measurements", Value::Measurements(merged));
            }
        }
        out
    }

    /// Returns the row each figure came from, by indicator id and key.
    pub fn provenance(&self, plan: &Plan) -> Provenance {
        self.figures
            .iter()
            .filter_map(|f| Some(((plan.indicators.get(f.indicator)?.id.clone(), f.measurement.key()), f.row)))
            .collect()
    }
}

/// Returns `old` with `figures` written in (see [`Import::plan`]).
fn merge_figures(old: &[Measurement], figures: &[&Figure]) -> Vec<Measurement> {
    let at: HashMap<MeasurementKey, usize> = old.iter().enumerate().map(|(i, m)| (m.key(), i)).collect();
    let mut out = old.to_vec();
    let mut new: Vec<Measurement> = Vec::new();
    for f in figures {
        let m = &f.measurement;
        match at.get(&m.key()).and_then(|&i| out.get_mut(i)) {
            Some(slot) => {
                let same = slot.value == m.value && slot.n == m.n && slot.period == m.period;
                if !same {
                    *slot = m.clone();
                }
            }
            None => new.push(m.clone()),
        }
    }
    if new.is_empty() {
        return out;
    }
    // Stable by year: a file's order within a year stays.
    new.sort_by_key(|m| m.year);
    let mut merged = Vec::with_capacity(out.len() + new.len());
    let mut pending = new.into_iter().peekable();
    for m in out {
        while pending.peek().is_some_and(|n| n.year < m.year) {
            merged.extend(pending.next());
        }
        merged.push(m);
    }
    merged.extend(pending);
    merged
}

/// Returns the indicator ids whose measurements differ between two plans
/// (`new` made by [`Import::plan`] from `old`), in plan order.
pub fn changed_indicators(old: &Plan, new: &Plan) -> Vec<usize> {
    (0..old.indicators.len().min(new.indicators.len()))
        .filter(|&i| old.indicators[i].measurements() != new.indicators[i].measurements())
        .collect()
}

/// Writes the import into a plan's document: only the measurements of the
/// indicators that change, each list written in place (comments, layout
/// and the entries the import does not touch kept).
pub fn apply(session: &mut crate::plan::edit::Session, new: &Plan) -> Result<usize, crate::plan::doc::EditError> {
    let old = session.loaded().plan.clone();
    let changed = changed_indicators(&old, new);
    if changed.is_empty() {
        return Ok(0);
    }
    let field = Kind::Indicator.field("measurements").expect("indicators have measurements");
    session.apply(|doc| {
        for &i in &changed {
            let ind = &new.indicators[i];
            let path =
                crate::plan::path::FieldPath { kind: Kind::Indicator, id: Some(ind.id.clone()), field, sub: None };
            let value = Value::Measurements(ind.measurements().to_vec());
            doc.set(&path, crate::plan::path::Input::Whole(value))?;
        }
        Ok(())
    })?;
    Ok(changed.len())
}

#[cfg(test)]
mod tests;
