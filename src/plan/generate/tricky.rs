//! Plans written in every way TOML allows, for the tests and fuzz targets
//! that hold every way of loading a text to what one parse of the whole
//! text gives: headers quoted, spaced, indented and commented; keys quoted
//! and dotted; inline tables and arrays over several lines; sub-tables and
//! arrays of tables under items (`[indicators.target]`,
//! `[[indicators.measurements]]`, also long after their item); basic,
//! literal and multi-line strings holding header-like lines, comment signs,
//! brackets and runs of quotes next to their closer; comments holding
//! quotes and brackets; CRLF line breaks and a byte-order mark.
//!
//! A set of revisions shares one model of items, each item written in a
//! style of its own, so that most of an item's blocks are the same text in
//! every revision, as in real revisions; a few items change, come and go.
//! Every choice comes from a [`Choose`]: a seeded [`Rng`] in tests, the
//! fuzzer's bytes in the fuzz targets.

use std::fmt::Write as _;

use super::Rng;

/// A source of choices.
pub trait Choose {
    /// Returns a number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize;
}

impl Choose for Rng {
    fn below(&mut self, n: usize) -> usize {
        Rng::below(self, n)
    }
}

/// Choices read from bytes, as a fuzzer gives them; 0 once they run out.
pub struct Bytes<'a>(pub &'a [u8]);

impl Choose for Bytes<'_> {
    fn below(&mut self, n: usize) -> usize {
        let Some((&b, rest)) = self.0.split_first() else { return 0 };
        self.0 = rest;
        usize::from(b) % n.max(1)
    }
}

const COLLECTIONS: [&str; 5] = ["parties", "focus_areas", "goals", "indicators", "activities"];
const STATUSES: [&str; 4] = ["planned", "ongoing", "done", "cancelled"];

/// Text that looks like TOML structure, to be held in strings and comments.
const PIECES: &[&str] = &[
    "Säg \"Prata om det\"",
    "\n[[activities]]\nid = \"FAKE\"\n",
    "[[indicators.measurements]]",
    "\n[indicators.target]\nyear = 1999\n",
    "# inte en kommentar",
    "'''",
    "\"\"\"",
    "\"\"\"\"",
    "\\",
    "{ a = [ 1,",
    "]] }",
    "åäö é –",
    "\t",
    "''",
    "",
];

/// One item of the model.
#[derive(Debug, Clone)]
struct Item {
    kind: usize,
    id: String,
    title: String,
    status: usize,
    /// Year and value in tenths.
    measurements: Vec<(i64, i64)>,
    /// Seeds how the item is written, the same in every revision.
    style: u64,
}

/// How a whole text is written.
#[derive(Debug, Clone, Copy)]
struct Layout {
    crlf: bool,
    bom: bool,
    /// `[plan.period]` as a table after every item.
    period_last: bool,
}

/// Returns `count` revisions of one plan with about `items` items.
pub fn revisions(c: &mut dyn Choose, items: usize, count: usize) -> Vec<String> {
    let layout = Layout { crlf: c.below(4) == 0, bom: c.below(8) == 0, period_last: c.below(4) == 0 };
    let title = tricky_text(c);
    // The referenced party, focus area and goal first; the rest shuffled.
    let mut model: Vec<Item> = (0..items.max(3)).map(|k| new_item(c, k, (k < 3).then_some(k))).collect();
    for k in (4..model.len()).rev() {
        let j = 3 + c.below(k - 2);
        model.swap(k, j);
    }
    let mut out = Vec::with_capacity(count);
    for r in 0..count {
        if r > 0 {
            revise(c, &mut model, r);
        }
        // A revision now and then written with other line breaks.
        let layout = Layout { crlf: layout.crlf != (r > 0 && c.below(8) == 0), ..layout };
        out.push(render(&model, &title, layout, r));
    }
    out
}

/// Returns `text` with one random fault of a kind that TOML refuses or
/// that changes what the text means: a form feed, a closer too short, an
/// invalid literal, a key written twice, a stray bracket, a header split,
/// a cut-off end.
pub fn corrupt(c: &mut dyn Choose, text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = c.below(lines.len().max(1));
    let mut out: String = lines[..at].concat();
    let rest: String = lines[at.min(lines.len())..].concat();
    match c.below(9) {
        0 => out.push('\x0c'),
        1 => out.push('\x0b'),
        2 => out.push_str("x = 0x\n"),
        3 => out.push_str(lines.get(at.saturating_sub(1)).copied().unwrap_or("id = \"x\"\n")),
        4 => out.push_str("]\n"),
        5 => out.push_str("[[activities\n"),
        6 => out.push_str("y = 1e999\n"),
        7 => {
            let cut = c.below(rest.len().max(1));
            let cut = (0..=cut).rev().find(|&k| rest.is_char_boundary(k)).unwrap_or(0);
            out.push_str(&rest[..cut]);
            return out;
        }
        _ => {
            out.push_str(&rest.replacen("\"\"\"", "\"\"", 1));
            return out;
        }
    }
    out.push_str(&rest);
    out
}

/// A new item numbered `k`, of `kind` or one chosen (mostly activities).
fn new_item(c: &mut dyn Choose, k: usize, kind: Option<usize>) -> Item {
    let kind = kind.unwrap_or_else(|| c.below(8).clamp(2, 4));
    let prefix = ["P", "F", "G", "I", "A"][kind];
    let measurements = (0..c.below(4)).map(|m| (2020 + m as i64, (c.below(900) + 10) as i64)).collect();
    let style = (c.below(256) as u64) << 8 | c.below(256) as u64;
    Item { kind, id: format!("{prefix}{}", k + 1), title: tricky_text(c), status: c.below(4), measurements, style }
}

/// Changes a few items: a status, a measurement, a title; removes, adds
/// and moves one now and then.
fn revise(c: &mut dyn Choose, model: &mut Vec<Item>, r: usize) {
    for _ in 0..1 + c.below(3) {
        let k = 3 + c.below(model.len().saturating_sub(3).max(1));
        let Some(item) = model.get_mut(k) else { continue };
        match c.below(6) {
            0 => item.status = (item.status + 1) % 4,
            1 => match item.measurements.last_mut() {
                Some(m) => m.1 += 1 + c.below(50) as i64,
                None => item.measurements.push((2025, 310)),
            },
            2 => item.title = tricky_text(c),
            3 => {
                model.remove(k);
            }
            4 => {
                model.insert(k, new_item(c, 1000 * r + k, Some(4)));
            }
            _ => {
                let item = model.remove(k);
                let to = 3 + c.below(model.len().saturating_sub(2).max(1));
                model.insert(to.min(model.len()), item);
            }
        }
    }
}

fn tricky_text(c: &mut dyn Choose) -> String {
    let mut s = String::from("Text");
    for _ in 0..c.below(4) {
        s.push_str(PIECES[c.below(PIECES.len())]);
    }
    s.push_str(["", "\"", "\"\"", "'", "''"][c.below(5)]);
    s
}

fn render(model: &[Item], title: &str, layout: Layout, r: usize) -> String {
    let mut rng = Rng::new(0x7071 + r as u64);
    let mut out = String::new();
    if layout.bom {
        out.push('\u{feff}');
    }
    out.push_str("# Plan \"med\" [[hakparenteser]] och '''citat''' {klamrar}\nformat = \"lansplan/1\"\n\n");
    let _ = write!(out, "[plan]\nid = \"tricky\"\ntitle = {}\n", string(&mut rng, title));
    out.push_str("county = \"Jämtlands län\"\nkind = \"action_plan\"\n");
    if !layout.period_last {
        out.push_str("period = { start = 2025-01-01, end = 2027-12-31 }\n");
    }
    let _ = write!(out, "\n[revision]\nversion = \"{r}\"\ndate = 2025-0{}-01\nstatus = \"draft\"\n\n", 1 + r % 9);
    // Measurements written as `[[indicators.measurements]]` long after
    // their indicator, held until the next indicator's header.
    let mut deferred = String::new();
    for item in model {
        if item.kind == 3 {
            out.push_str(&std::mem::take(&mut deferred));
        }
        item_text(item, &mut out, &mut deferred);
    }
    out.push_str(&deferred);
    if layout.period_last {
        out.push_str("\n[plan.period]\nstart = 2025-01-01\nend = 2027-12-31\n");
    }
    if layout.crlf { out.replace('\n', "\r\n") } else { out }
}

/// Writes one item's block (and, for measurements written later, adds
/// them to `deferred`).
fn item_text(item: &Item, out: &mut String, deferred: &mut String) {
    let mut rng = Rng::new(item.style.wrapping_mul(0x9e37_79b9) + 1);
    let name = COLLECTIONS[item.kind];
    let header = match rng.below(6) {
        0 => format!("[[ {name} ]]"),
        1 => format!("[[\"{name}\"]]"),
        2 => format!("  [[{name}]]"),
        3 => format!("[[{name}]] # \"[[{name}]]\" '''"),
        _ => format!("[[{name}]]"),
    };
    let mut lines = vec![header, key(&mut rng, "id", &format!("\"{}\"", item.id))];
    let title = string(&mut rng, &item.title);
    let mut subtables = String::new();
    match item.kind {
        0 => lines.extend([key(&mut rng, "name", &title), "kind = \"region\"".into()]),
        1 => lines.push(key(&mut rng, "name", &title)),
        2 => lines.extend([
            "focus_area = \"F2\"".into(),
            "level = \"outcome\"".into(),
            key(&mut rng, "title", &title),
            "responsible = [ \"P1\" , # en kommentar ]\n]".into(),
        ]),
        3 => {
            lines.extend(["goal = \"G3\"".into(), key(&mut rng, "name", &title), "unit = \"%\"".into()]);
            lines.push("direction = \"decrease\"".into());
            match rng.below(3) {
                0 => lines.push("baseline = { year = 2019, value = 40.0 }".into()),
                1 => lines.push("baseline.year = 2019\nbaseline.value = 4_0.5".into()),
                _ => lines.push("\"baseline\" . 'year' = 2019\nbaseline.\"value\" = 40".into()),
            }
            if rng.below(2) == 0 {
                subtables.push_str("[indicators.target]\nyear = 2028\nvalue = 3.5e1\n");
            } else {
                lines.push("target = { year = 2028, value = +35.0 }".into());
            }
            let ms: Vec<String> =
                item.measurements.iter().map(|(y, v)| format!("year = {y}, value = {}.{}", v / 10, v % 10)).collect();
            match rng.below(4) {
                0 => lines.push(format!(
                    "measurements = [{}]",
                    ms.iter().map(|m| format!("{{ {m} }}")).collect::<Vec<_>>().join(", ")
                )),
                1 => lines.push(format!(
                    "measurements = [ # \"mätningar\" [\n{}]",
                    ms.iter().map(|m| format!("  {{ {m} }}, # ]] \"\n")).collect::<String>()
                )),
                k => {
                    let blocks: String = ms
                        .iter()
                        .map(|m| format!("[[indicators.measurements]]\n{}\n", m.replace(", ", "\n")))
                        .collect();
                    if k == 2 { subtables.push_str(&blocks) } else { deferred.push_str(&blocks) }
                }
            }
        }
        _ => {
            lines.extend(["goal = \"G3\"".into(), key(&mut rng, "title", &title), "responsible = [\"P1\"]".into()]);
            lines.push(key(&mut rng, "status", &format!("\"{}\"", STATUSES[item.status])));
            let description = string(&mut rng, &format!("Beskrivning{}", item.title));
            lines.push(key(&mut rng, "description", &description));
            match rng.below(5) {
                0 => subtables.push_str("[activities.extra]\nnote = \"[[activities]]\"\n"),
                1 => subtables.push_str("[[activities.notes]]\ntext = '''\n[[activities]]\n'''\n"),
                _ => {}
            }
        }
    }
    for line in lines {
        out.push_str(&line);
        out.push('\n');
        if rng.below(6) == 0 {
            out.push_str(["# \"\n", "# [[activities]]\n", "#'''\n", "\n", "   \t\n"][rng.below(5)]);
        }
    }
    out.push_str(&subtables);
    out.push('\n');
}

/// A key-value line, the key bare, quoted or spaced.
fn key(rng: &mut Rng, name: &str, value: &str) -> String {
    match rng.below(5) {
        0 => format!("\"{name}\" = {value}"),
        1 => format!("'{name}'={value}"),
        2 => format!("{name}\t =  {value}  # \"{name}\" ["),
        _ => format!("{name} = {value}"),
    }
}

/// Writes `s` as a TOML string in one of the four kinds, whichever can
/// hold it.
fn string(rng: &mut Rng, s: &str) -> String {
    let plain = !s.contains(['\'', '\n']) && !s.chars().any(|c| c.is_control() && c != '\t');
    match rng.below(4) {
        0 if plain => format!("'{s}'"),
        1 if !s.contains("'''") && !s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n')) => {
            let lead = if rng.below(2) == 0 { "\n" } else { "" };
            format!("'''{lead}{s}'''")
        }
        2 => {
            // Every third quote in a row is escaped; up to two may stand
            // right before the closer.
            let mut body = String::new();
            let mut run = 0;
            for ch in s.chars() {
                match ch {
                    '"' if run == 2 => {
                        body.push_str("\\\"");
                        run = 0;
                    }
                    '"' => {
                        body.push('"');
                        run += 1;
                    }
                    '\\' => {
                        body.push_str("\\\\");
                        run = 0;
                    }
                    _ => {
                        body.push(ch);
                        run = 0;
                    }
                }
            }
            let lead = if rng.below(2) == 0 { "\n" } else { "" };
            format!("\"\"\"{lead}{body}\"\"\"")
        }
        _ => {
            let mut body = String::from("\"");
            for ch in s.chars() {
                match ch {
                    '"' => body.push_str("\\\""),
                    '\\' => body.push_str("\\\\"),
                    '\n' => body.push_str("\\n"),
                    '\t' => body.push_str("\\t"),
                    c => body.push(c),
                }
            }
            body.push('"');
            body
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every generated revision is TOML (a generator that wrote broken
    /// files would test only the error path).
    #[test]
    fn revisions_are_toml() {
        for seed in 1..200 {
            let mut rng = Rng::new(seed);
            let items = 3 + rng.below(30);
            for (r, text) in revisions(&mut rng, items, 3).iter().enumerate() {
                if let Err(e) = toml::from_str::<toml::Table>(text) {
                    panic!("seed {seed}, revision {r}: {e}\n{text}");
                }
            }
        }
    }
}
