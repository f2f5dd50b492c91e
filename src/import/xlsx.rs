//! An Excel workbook of figures (Öppna jämförelser publishes its tables
//! so): one sheet, a header row and one figure a row, the columns named as
//! for a CSV file or given with `--map FIELD=COLUMN` (a header or a column
//! letter; `FIELD="VALUE"` for the same value on every row). Read with
//! calamine; rows and columns are named as Excel shows them.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::csv::Read;
use super::table::{Layout, Value};
use super::{Problems, Trouble};

/// Reads sheet `sheet` (the first when `None`) of an xlsx file's bytes.
pub fn read(bytes: &[u8], sheet: Option<&str>, map: &[String]) -> Result<Read, Trouble> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        let e = crate::text::escape(&e.to_string()).into_owned();
        Trouble::at(1, 1, text!(sv: "ingen läsbar Excel-fil (xlsx): {e}"; en: "not a readable Excel file (xlsx): {e}"))
    })?;
    let names = book.sheet_names().to_vec();
    let name = match sheet {
        Some(s) => {
            names.iter().find(|n| n.as_str() == s || crate::plan::scb::fold(n) == crate::plan::scb::fold(s)).cloned()
        }
        None => names.first().cloned(),
    };
    let Some(name) = name else {
        let (want, all) = (
            crate::text::escape(sheet.unwrap_or("")).into_owned(),
            crate::text::escape(&names.join(", ")).into_owned(),
        );
        return Err(Trouble::at(
            1,
            1,
            text!(sv: "det finns inget blad \"{want}\"; bladen är {all}"; en: "there is no sheet \"{want}\"; the sheets are {all}"),
        ));
    };
    let range = book.worksheet_range(&name).map_err(|e| {
        let e = crate::text::escape(&e.to_string()).into_owned();
        Trouble::at(1, 1, text!(sv: "bladet kan inte läsas: {e}"; en: "the sheet cannot be read: {e}"))
    })?;
    // Row and column numbers as Excel shows them, wherever the data starts.
    let (row0, col0) = range.start().map(|(r, c)| (r as usize + 1, c as usize)).unwrap_or((1, 0));
    let mut rows = range.rows().enumerate();
    let Some((_, header)) = rows.next() else {
        return Err(Trouble::at(
            1,
            1,
            text!(sv: "bladet är tomt; första raden ska namnge kolumnerna"; en: "the sheet is empty; its first row must name the columns"),
        ));
    };
    let cells = |r: &[Data]| -> Vec<Value> {
        let mut v: Vec<Value> = vec![Value::Empty; col0];
        v.extend(r.iter().map(cell));
        v
    };
    let layout = Layout::new(&cells(header), row0, map)?;
    let mut problems = Problems::default();
    let mut records = Vec::new();
    for (i, r) in rows {
        if let Some(rec) = layout.record(row0 + i, &cells(r), &mut problems) {
            records.push(rec);
        }
    }
    problems.finish()?;
    Ok(Read { records, ignored: layout.ignored })
}

fn cell(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        // A cell Excel could not compute (`#N/A`) or a date is no figure:
        // as text, it is refused where a number belongs.
        other => Value::Text(other.to_string()),
    }
}
