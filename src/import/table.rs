//! Rows of cells with a header, as a CSV file and a spreadsheet give them,
//! turned into [`Record`]s: which column holds which field (by the header,
//! in English or Swedish, or as `--map` says), and each cell read by its
//! field's type with the row and column named when it is not.

use super::{Cell, Problems, Record, Trouble, problem};
use crate::i18n::Text;
use crate::plan::model::Sex;
use crate::text;

/// The fields a row can give, with the header names read for each.
pub const FIELDS: &[(&str, &[&str])] = &[
    ("indicator", &["indicator", "indikator", "kpi"]),
    ("year", &["year", "år", "ar"]),
    ("area", &["area", "område", "omrade", "kommun", "municipality", "kod", "code"]),
    ("sex", &["sex", "kön", "kon", "gender"]),
    ("value", &["value", "värde", "varde"]),
    ("n", &["n", "antal", "count"]),
    ("period", &["period", "delperiod", "del av aret"]),
];

/// The fields a row must give.
const REQUIRED: [&str; 4] = ["indicator", "year", "area", "value"];

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.trim().to_string(),
            Value::Number(n) => crate::plan::model::format_number(*n),
        }
    }
}

/// Where a field comes from: a column (0-based) or a value for every row.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    Column(usize),
    Fixed(String),
}

/// What the header says: each field's column, and the columns no field reads.
#[derive(Debug, Clone)]
pub struct Layout {
    fields: Vec<(&'static str, Source)>,
    /// Header names of the columns no field reads (shown, not imported).
    pub ignored: Vec<String>,
}

/// Returns `A` for column 0, `AA` for 26, as a spreadsheet names them.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn letter_index(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(s.bytes().fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A' + 1)) - 1)
}

impl Layout {
    /// Reads the header row (its row number `row`). `map` holds
    /// `FIELD=COLUMN` (a header name or a column letter) or
    /// `FIELD="VALUE"` (the same value on every row), which win over the
    /// header's names.
    pub fn new(header: &[Value], row: usize, map: &[String]) -> Result<Layout, Trouble> {
        let names: Vec<String> = header.iter().map(Value::text).collect();
        let folded: Vec<String> = names.iter().map(|n| crate::plan::scb::fold(n)).collect();
        let mut fields: Vec<(&'static str, Source)> = Vec::new();
        let mut problems = Problems::default();
        for m in map {
            let Some((field, col)) = m.split_once('=') else {
                let x = text::escape(m).into_owned();
                problems.push(problem(
                    row,
                    1,
                    text!(sv: "--map \"{x}\": skriv FÄLT=KOLUMN"; en: "--map \"{x}\": write FIELD=COLUMN"),
                    None,
                ));
                continue;
            };
            let Some(&(name, _)) = FIELDS.iter().find(|(f, _)| *f == field.trim()) else {
                let x = text::escape(field).into_owned();
                let all = FIELDS.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ");
                problems.push(problem(row, 1, text!(sv: "--map: okänt fält \"{x}\"; fälten är {all}"; en: "--map: unknown field \"{x}\"; the fields are {all}"), None));
                continue;
            };
            let col = col.trim();
            let source = if let Some(v) = col.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                Some(Source::Fixed(v.to_string()))
            } else if let Some(i) = folded.iter().position(|n| *n == crate::plan::scb::fold(col)) {
                Some(Source::Column(i))
            } else {
                letter_index(col).map(Source::Column)
            };
            match source {
                Some(s) => {
                    fields.retain(|(f, _)| *f != name);
                    fields.push((name, s));
                }
                None => {
                    let (x, heads) = (text::escape(col).into_owned(), text::escape(&names.join(", ")).into_owned());
                    problems.push(problem(
                        row,
                        1,
                        text!(sv: "--map {name}: ingen kolumn \"{x}\"; rubrikerna är {heads}";
                              en: "--map {name}: no column \"{x}\"; the headers are {heads}"),
                        None,
                    ));
                }
            }
        }
        for &(name, aliases) in FIELDS {
            if fields.iter().any(|(f, _)| *f == name) {
                continue;
            }
            let taken = |i: usize| fields.iter().any(|(_, s)| *s == Source::Column(i));
            if let Some(i) = (0..folded.len()).find(|&i| !taken(i) && aliases.contains(&folded[i].as_str())) {
                fields.push((name, Source::Column(i)));
            }
        }
        for need in REQUIRED {
            if !fields.iter().any(|(f, _)| *f == need) {
                let heads = text::escape(&names.join(", ")).into_owned();
                let aliases = FIELDS.iter().find(|(f, _)| *f == need).map(|(_, a)| a.join(", ")).unwrap_or_default();
                problems.push(problem(
                    row,
                    1,
                    text!(sv: "ingen kolumn för {need} (rubriken {aliases}); rubrikerna är {heads}";
                          en: "no column for {need} (headed {aliases}); the headers are {heads}"),
                    Some(text!(sv: "kolumnerna är indicator, year, area, sex, value, n; ange andra med --map {need}=RUBRIK";
                               en: "the columns are indicator, year, area, sex, value, n; name others with --map {need}=HEADER")),
                ));
            }
        }
        problems.finish()?;
        let ignored = (0..names.len())
            .filter(|i| !fields.iter().any(|(_, s)| *s == Source::Column(*i)) && !names[*i].is_empty())
            .map(|i| names[i].clone())
            .collect();
        Ok(Layout { fields, ignored })
    }

    fn get<'a>(&self, field: &str, cells: &'a [Value]) -> Option<(std::borrow::Cow<'a, Value>, usize)> {
        let (_, src) = self.fields.iter().find(|(f, _)| *f == field)?;
        Some(match src {
            Source::Column(i) => (std::borrow::Cow::Borrowed(cells.get(*i).unwrap_or(&Value::Empty)), i + 1),
            Source::Fixed(v) => (std::borrow::Cow::Owned(Value::Text(v.clone())), 1),
        })
    }

    /// Reads one row (its number `row`); problems go to `problems`.
    pub fn record(&self, row: usize, cells: &[Value], problems: &mut Problems) -> Option<Record> {
        if cells.iter().all(|c| matches!(c, Value::Empty) || c.text().is_empty()) {
            return None;
        }
        let mut ok = true;
        let mut bad = |col: usize, m: Text, problems: &mut Problems| {
            problems.push(problem(row, col, m, None));
            ok = false;
        };
        let cell = |f: &str| self.get(f, cells).map(|(v, col)| Cell { text: v.text(), col });
        let indicator = cell("indicator").unwrap_or(Cell { text: String::new(), col: 1 });
        let area = cell("area").unwrap_or(Cell { text: String::new(), col: 1 });
        for (name, c) in [("indicator", &indicator), ("area", &area)] {
            if c.text.is_empty() {
                bad(c.col, text!(sv: "{name} saknas"; en: "no {name}"), problems);
            }
        }
        let year = match self.get("year", cells) {
            Some((v, col)) => {
                let t = v.text();
                // `2022` or a Kolada-like `2022-01`.
                match t.get(..4).and_then(|y| y.parse::<i64>().ok()).filter(|y| (1900..=2200).contains(y)) {
                    Some(y) if t.len() == 4 => Some(y),
                    _ => {
                        let t = text::escape(&t).into_owned();
                        bad(
                            col,
                            text!(sv: "år: \"{t}\" är inget årtal (1900–2200)"; en: "year: \"{t}\" is not a year (1900–2200)"),
                            problems,
                        );
                        None
                    }
                }
            }
            None => None,
        };
        let sex = match cell("sex") {
            None => Sex::Total,
            Some(c) if c.text.is_empty() => Sex::Total,
            Some(c) => match Sex::from_code(&c.text.to_uppercase()) {
                Some(s) => s,
                None => {
                    let t = text::escape(&c.text).into_owned();
                    bad(
                        c.col,
                        text!(sv: "kön: \"{t}\"; skriv T, K eller M"; en: "sex: \"{t}\"; write T, K or M"),
                        problems,
                    );
                    Sex::Total
                }
            },
        };
        let value = match self.get("value", cells) {
            Some((v, col)) => match number(&v) {
                Ok(v) => v,
                Err(t) => {
                    let t = text::escape(&t).into_owned();
                    bad(col, text!(sv: "värde: \"{t}\" är inget tal"; en: "value: \"{t}\" is not a number"), problems);
                    None
                }
            },
            None => None,
        };
        let n = match self.get("n", cells) {
            None => None,
            Some((v, col)) => match number(&v) {
                Ok(None) => None,
                Ok(Some(x)) if x >= 0.0 && x.fract() == 0.0 && x < 1e15 => Some(x as i64),
                Ok(Some(_)) | Err(_) => {
                    let t = text::escape(&v.text()).into_owned();
                    bad(col, text!(sv: "n: \"{t}\" är inget antal"; en: "n: \"{t}\" is not a count"), problems);
                    None
                }
            },
        };
        let period = cell("period").map(|c| c.text).filter(|t| !t.is_empty());
        let year = year?;
        ok.then_some(Record { row, indicator, year, area, sex, value, n, period })
    }
}

/// Reads a number cell: `41.5`, `41,5`, `1 234`; `None` for a cell that
/// says there is no figure (empty, `..`, `-`, `–`); the text otherwise.
pub fn number(v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Number(n) if n.is_finite() => Ok(Some(*n)),
        Value::Number(n) => Err(n.to_string()),
        Value::Text(s) => {
            let t = s.trim();
            if matches!(t, "" | ".." | "-" | "–" | "x") {
                return Ok(None);
            }
            let clean = t.replace(['\u{a0}', ' ', '\u{202f}'], "").replace(',', ".");
            match clean.parse::<f64>() {
                Ok(x) if x.is_finite() && !clean.contains(['e', 'E', 'i', 'n', 'I', 'N']) => Ok(Some(x)),
                _ => Err(t.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_by_letters() {
        for (i, l) in [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")] {
            assert_eq!(column_letter(i), l);
            assert_eq!(letter_index(l), Some(i));
        }
    }

    #[test]
    fn numbers_are_read_as_people_write_them() {
        let t = |s: &str| number(&Value::Text(s.into()));
        assert_eq!(t("41,5"), Ok(Some(41.5)));
        assert_eq!(t("1 234"), Ok(Some(1234.0)));
        assert_eq!(t(".."), Ok(None));
        assert_eq!(t("inf"), Err("inf".into()));
        assert_eq!(t("NaN"), Err("NaN".into()));
        assert_eq!(t("1.234,5"), Err("1.234,5".into()));
        assert_eq!(t("fyrtio"), Err("fyrtio".into()));
    }
}
