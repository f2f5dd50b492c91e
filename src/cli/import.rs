//! `lansplan import csv|kolada|xlsx FILE PLAN [--apply]`: figures from a
//! saved file, shown as the change they make to the plan (each figure with
//! the file and row it came from), written only with `--apply`.
//!
//! Exit status as `diff`: 0 nothing to change (or, with `--apply`,
//! written), 1 changes to write, 2 trouble (the file or the plan cannot be
//! read, or the file is refused; then nothing is written).

use std::collections::HashMap;
use std::path::PathBuf;

use super::{fail, shown};
use crate::diff::{Change, diff, json};
use crate::i18n::Lang;
use crate::import::{self, Import, Trouble};
use crate::plan::Date;
use crate::plan::edit::Session;
use crate::plan::model::{Measurement, MeasurementKey, Plan, Value};
use crate::text::escape;

/// The kinds of file `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Columns indicator, year, area, sex, value, n (comma, semicolon or tab)
    Csv,
    /// Kolada's data response (values → kpi, municipality, period, values → gender, value)
    Kolada,
    /// An Excel sheet with the CSV's columns, or as --map names them
    Xlsx,
}

/// What `lansplan import` was asked.
#[derive(Debug, Clone)]
pub struct Args {
    pub kind: Kind,
    pub file: PathBuf,
    pub plan: PathBuf,
    pub apply: bool,
    pub sheet: Option<String>,
    pub map: Vec<String>,
    pub json: bool,
}

/// Reads the file and matches it to the plan: the import, or the trouble
/// rendered for the terminal.
pub fn prepare(args: &Args, plan: &Plan, lang: Lang) -> Result<(Import, Vec<String>), String> {
    let name = shown(&args.file);
    let bytes = crate::plan::read::read_capped(&args.file, import::MAX_BYTES as usize)
        .map_err(|e| format!("{name}: {}: {}", lang.pick("fel", "error"), crate::text::sanitize(e.text().get(lang))))?;
    let text = || {
        String::from_utf8(bytes.clone()).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let (line, col) = import::json::locate(&String::from_utf8_lossy(&bytes[..at]), at);
            Trouble::at(line, col, text!(sv: "filen är inte UTF-8"; en: "the file is not UTF-8"))
        })
    };
    let read = match args.kind {
        Kind::Csv => text().and_then(|t| import::csv::read(&t, &args.map)),
        Kind::Kolada => text()
            .and_then(|t| import::kolada::read(&t))
            .map(|records| import::csv::Read { records, ignored: Vec::new() }),
        Kind::Xlsx => import::xlsx::read(&bytes, args.sheet.as_deref(), &args.map),
    };
    let source = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let read = read.map_err(|t| t.render(&name, lang))?;
    let imp = import::resolve(plan, read.records, &source).map_err(|t| t.render(&name, lang))?;
    Ok((imp, read.ignored))
}

/// Runs `lansplan import`.
pub fn run(args: &Args, lang: Lang) -> i32 {
    let mut session = match Session::open(&args.plan, Date::today()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(&shown(&args.plan), lang));
            return 2;
        }
    };
    let old = session.loaded().plan.clone();
    let (imp, ignored) = match prepare(args, &old, lang) {
        Ok(x) => x,
        Err(msg) => {
            eprintln!("{msg}");
            eprintln!("{}", lang.pick("  inget har skrivits", "  nothing was written"));
            return 2;
        }
    };
    let new = imp.plan(&old);
    let changes = diff(&old, &new);
    if args.json {
        print!("{}", json::to_safe_string(&json::document(&old, &new, &changes)));
    } else {
        print!("{}", preview(args, &old, &changes, &imp, &ignored, lang));
    }
    if changes.is_empty() {
        return 0;
    }
    if !args.apply {
        let n = count(&changes);
        eprintln!(
            "{}",
            text!(sv: "inget har skrivits; kör igen med --apply för att skriva de {n} siffrorna";
                  en: "nothing was written; run again with --apply to write these {n} figures")
            .get(lang)
        );
        return 1;
    }
    if let Err(e) = import::apply(&mut session, &new) {
        eprintln!("{}", e.render(&shown(&args.plan), "", lang));
        eprintln!("{}", lang.pick("  filen har inte ändrats", "  the file was not changed"));
        return 2;
    }
    if let Err(e) = session.save() {
        fail(lang, &e.message(lang));
        return 2;
    }
    let p = shown(&args.plan);
    eprintln!(
        "{}",
        text!(sv: "skrev {} siffror i {p}", count(&changes); en: "wrote {} figures to {p}", count(&changes)).get(lang)
    );
    0
}

/// Returns how many figures the changes add or change.
fn count(changes: &[Change]) -> usize {
    changes
        .iter()
        .map(|c| {
            let (old, new) = (measurements(c.old.as_ref()), measurements(c.new.as_ref()));
            let at: HashMap<MeasurementKey, &Measurement> = old.iter().map(|m| (m.key(), m)).collect();
            new.iter().filter(|m| at.get(&m.key()) != Some(m)).count()
        })
        .sum()
}

fn measurements(v: Option<&Value>) -> &[Measurement] {
    match v {
        Some(Value::Measurements(ms)) => ms,
        _ => &[],
    }
}

/// Returns the change as a person reads it: per indicator, each new or
/// changed figure with the file and row it came from, then a summary.
pub fn preview(args: &Args, old: &Plan, changes: &[Change], imp: &Import, ignored: &[String], lang: Lang) -> String {
    let file = shown(&args.file);
    let base = args.file.file_name().map(|n| escape(&n.to_string_lossy()).into_owned()).unwrap_or_default();
    let rows = imp.provenance(old);
    let mut out = String::new();
    let (mut added, mut changed) = (0usize, 0usize);
    for c in changes {
        let id = c.id.clone().unwrap_or_default();
        let name = old.find(crate::plan::Kind::Indicator, &id).map(|i| i.label().to_string()).unwrap_or_default();
        out.push_str(&format!("{} {}: {}\n", lang.pick("indikator", "indicator"), escape(&id), escape(&name)));
        let (was, now) = (measurements(c.old.as_ref()), measurements(c.new.as_ref()));
        let at: HashMap<MeasurementKey, &Measurement> = was.iter().map(|m| (m.key(), m)).collect();
        for m in now.iter().filter(|m| at.get(&m.key()) != Some(m)) {
            // The source is the file named on the line.
            let m = &Measurement { source: None, ..m.clone() };
            let row = rows.get(&(id.clone(), m.key())).map(|r| format!("{base}:{r}")).unwrap_or_default();
            match at.get(&m.key()) {
                None => {
                    added += 1;
                    out.push_str(&format!("  + {:<40} {row}\n", escape(&m.display())));
                }
                Some(o) if o.value != m.value || o.n != m.n || o.period != m.period => {
                    changed += 1;
                    let o = Measurement { source: None, ..(*o).clone() };
                    let line = format!("{}: {} → {}", m.key_label(), o.display_value(), m.display_value());
                    out.push_str(&format!("  ~ {:<40} {row}\n", escape(&line)));
                }
                Some(_) => {}
            }
        }
    }
    let same = imp.figures.len().saturating_sub(added + changed);
    out.push_str(
        text!(sv: "{file}: {} rader lästa; {added} nya siffror, {changed} ändrade, {same} som redan stod i planen", imp.rows;
              en: "{file}: {} rows read; {added} new figures, {changed} changed, {same} already in the plan", imp.rows)
        .get(lang),
    );
    out.push('\n');
    if !imp.missing.is_empty() {
        let n = imp.missing.len();
        let list = imp.missing.iter().take(20).map(|r| r.to_string()).collect::<Vec<_>>().join(", ");
        let more = if n > 20 { " …" } else { "" };
        let (rows_sv, rows_en) = if n == 1 { ("rad", "row") } else { ("rader", "rows") };
        out.push_str(
            text!(sv: "{n} {rows_sv} utan värde i filen hoppades över (rad {list}{more})";
                  en: "{n} {rows_en} without a value in the file were skipped (row {list}{more})")
            .get(lang),
        );
        out.push('\n');
    }
    if !ignored.is_empty() {
        let cols = escape(&ignored.join(", ")).into_owned();
        out.push_str(text!(sv: "kolumner som inte lästes: {cols}"; en: "columns not read: {cols}").get(lang));
        out.push('\n');
    }
    out
}
