//! A CSV file of figures: a header row naming the columns (`indicator,
//! year, area, sex, value, n`, optionally `period`; in Swedish `indikator,
//! år, område, kön, värde, antal` too), then one figure a row. Commas,
//! semicolons (as a Swedish spreadsheet saves, with decimal commas) or tabs
//! separate the fields, as the header shows; fields may be quoted as RFC
//! 4180 says.

use super::table::{Layout, Value};
use super::{Problems, Record, Trouble};

/// A read file: its figures and the header names of columns not read.
#[derive(Debug, Clone)]
pub struct Read {
    pub records: Vec<Record>,
    pub ignored: Vec<String>,
}

/// Reads a CSV text.
pub fn read(src: &str, map: &[String]) -> Result<Read, Trouble> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let first = src.lines().next().unwrap_or("");
    let sep = [b';', b'\t', b','].into_iter().max_by_key(|s| first.bytes().filter(|b| b == s).count()).unwrap_or(b',');
    let mut rows = split(src, sep)?.into_iter();
    let Some((hrow, header)) = rows.next() else {
        return Err(Trouble::at(
            1,
            1,
            text!(sv: "filen är tom; första raden ska namnge kolumnerna"; en: "the file is empty; its first row must name the columns"),
        ));
    };
    let cells = |r: Vec<String>| r.into_iter().map(Value::Text).collect::<Vec<_>>();
    let layout = Layout::new(&cells(header), hrow, map)?;
    let mut problems = Problems::default();
    let mut records = Vec::new();
    for (row, fields) in rows {
        if let Some(r) = layout.record(row, &cells(fields), &mut problems) {
            records.push(r);
        }
    }
    problems.finish()?;
    Ok(Read { records, ignored: layout.ignored })
}

/// Splits a CSV text into rows of fields, each row with the line it starts on.
fn split(src: &str, sep: u8) -> Result<Vec<(usize, Vec<String>)>, Trouble> {
    let b = src.as_bytes();
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), Vec::<u8>::new());
    let (mut line, mut start_line, mut i) = (1usize, 1usize, 0usize);
    let mut quoted_at: Option<usize> = None;
    let text = |f: &[u8]| String::from_utf8_lossy(f).into_owned();
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quoted_at {
            match c {
                b'"' if b.get(i + 1) == Some(&b'"') => {
                    field.push(b'"');
                    i += 1;
                }
                b'"' => quoted_at = None,
                b'\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            let _ = q;
        } else {
            match c {
                b'"' if field.is_empty() => quoted_at = Some(line),
                _ if c == sep => row.push(text(&std::mem::take(&mut field))),
                b'\r' if b.get(i + 1) == Some(&b'\n') => {}
                b'\n' => {
                    row.push(text(&std::mem::take(&mut field)));
                    rows.push((start_line, std::mem::take(&mut row)));
                    line += 1;
                    start_line = line;
                }
                _ => field.push(c),
            }
        }
        i += 1;
    }
    if let Some(q) = quoted_at {
        return Err(Trouble::at(
            q,
            1,
            text!(sv: "ett citattecken öppnas här men stängs aldrig"; en: "a quotation mark opens here and is never closed"),
        ));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(text(&field));
        rows.push((start_line, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_separators() {
        let rows = split("a;b\n\"x;\"\"y\"\"\";2\r\n\"two\nlines\";3", b';').expect("splits");
        assert_eq!(rows[1], (2, vec!["x;\"y\"".to_string(), "2".to_string()]));
        assert_eq!(rows[2], (3, vec!["two\nlines".to_string(), "3".to_string()]));
        assert!(split("a,\"b\n", b',').is_err());
    }
}
