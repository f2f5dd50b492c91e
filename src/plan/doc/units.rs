//! A plan file cut into the units a merge works on: the keys before the
//! first table, each table with its sub-tables (`[plan]`, `[revision]`,
//! `[something.unknown]`), and each entry of a list of tables
//! (`[[activities]]` with any `[activities.x]` under it). A unit's text
//! starts after the last line that holds a key or a header before it, so
//! the comments and blank lines above a header belong to that header, as
//! `toml_edit` sees them too.
//!
//! The cut is found with the TOML lexer, so strings and comments never
//! fool it; it is refused ([`split`] returns `None`) for layouts whose
//! units would not stand on their own, which [`resplit`] handles by
//! writing the file out again unit by unit.

use std::ops::Range;

use toml_edit::{ArrayOfTables, DocumentMut, Item as TItem, Key};
use toml_parser::Source;
use toml_parser::lexer::TokenKind;

use super::PlanDoc;

/// What a unit holds, and so what it pairs with in another revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UnitKey {
    /// The keys before the first header.
    Root,
    /// A `[table]` (and the headers under it), by its key path.
    Table(Vec<String>),
    /// One entry of the list of tables at this top-level key.
    Entry(String),
    /// The comments and blank lines after the file's last key or header.
    End,
}

/// One unit: what it is and where its text lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub key: UnitKey,
    pub range: Range<usize>,
}

/// Returns the units of `text` in file order (the root unit first, perhaps
/// empty; the end unit last, if there is text after the last key), or `None` when they would not stand on their own: a header that
/// adds to an entry of a list above another list's entries
/// (`[[a]]` `[[b]]` `[a.x]`), a list of tables nested in a table that is
/// not its unit's, or the same table written twice.
pub fn split(text: &str) -> Option<Vec<Unit>> {
    let mut starts: Vec<(UnitKey, usize)> = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut depth = 0usize;
    let (mut line_start, mut significant) = (true, false);
    let mut cut = 0usize;
    let mut tokens = Source::new(text).lex().peekable();
    while let Some(tok) = tokens.next() {
        let span = tok.span();
        match tok.kind() {
            TokenKind::Eof => {
                if significant && depth == 0 {
                    cut = span.end();
                }
                break;
            }
            TokenKind::Newline => {
                if depth == 0 {
                    if significant {
                        cut = span.end();
                    }
                    significant = false;
                    line_start = true;
                }
            }
            TokenKind::Whitespace | TokenKind::Comment => {}
            TokenKind::LeftSquareBracket if depth == 0 && line_start => {
                let mut end = span.end();
                while let Some(next) = tokens.peek() {
                    match next.kind() {
                        TokenKind::Newline | TokenKind::Eof | TokenKind::Comment => break,
                        TokenKind::RightSquareBracket => end = next.span().end(),
                        _ => {}
                    }
                    tokens.next();
                }
                let (array, path) = header(text.get(span.start()..end)?)?;
                let extends = current.as_ref().is_some_and(|c| path.len() > c.len() && path.starts_with(c));
                if !extends {
                    let key = match (array, path.len()) {
                        (true, 1) => UnitKey::Entry(path[0].clone()),
                        (false, _) => UnitKey::Table(path.clone()),
                        (true, _) => return None,
                    };
                    starts.push((key, cut));
                    current = Some(path);
                }
                significant = true;
                line_start = false;
            }
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                depth += 1;
                significant = true;
                line_start = false;
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth = depth.saturating_sub(1);
                significant = true;
                line_start = false;
            }
            _ => {
                significant = true;
                line_start = false;
            }
        }
    }
    // A table under a list's key adds to some entry of it: not a unit of
    // its own. The same table twice is no valid TOML.
    let lists: std::collections::HashSet<&String> = starts
        .iter()
        .filter_map(|(k, _)| match k {
            UnitKey::Entry(k) => Some(k),
            _ => None,
        })
        .collect();
    let mut tables = std::collections::HashSet::new();
    for (key, _) in &starts {
        if let UnitKey::Table(path) = key
            && (lists.contains(&path[0]) || !tables.insert(path))
        {
            return None;
        }
    }
    // What follows the last line with a key or header is the end unit.
    let tail = cut.max(starts.last().map_or(0, |(_, s)| *s));
    let mut units = Vec::with_capacity(starts.len() + 2);
    let first = starts.first().map_or(tail, |(_, s)| *s);
    units.push(Unit { key: UnitKey::Root, range: 0..first });
    for (k, (key, start)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(tail, |(_, s)| *s);
        units.push(Unit { key: key.clone(), range: *start..end });
    }
    if tail < text.len() {
        units.push(Unit { key: UnitKey::End, range: tail..text.len() });
    }
    Some(units)
}

/// Reads a header's text (`[a.b]` or `[[a]]`): whether it is a list's
/// entry, and its key path.
fn header(text: &str) -> Option<(bool, Vec<String>)> {
    let (array, inner) = match text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
        Some(inner) => (true, inner),
        None => (false, text.strip_prefix('[')?.strip_suffix(']')?),
    };
    let keys = Key::parse(inner.trim_matches([' ', '\t'])).ok()?;
    Some((array, keys.iter().map(|k| k.get().to_string()).collect()))
}

/// Returns true if every line of `text` ends in CR LF (a file from Windows).
pub fn is_crlf(text: &str) -> bool {
    let b = text.as_bytes();
    let mut lines = memchr_lines(b);
    lines.next().is_some() && memchr_lines(b).all(|i| i > 0 && b[i - 1] == b'\r')
}

/// Returns where each line break of `b` is.
fn memchr_lines(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.iter().enumerate().filter(|(_, c)| **c == b'\n').map(|(i, _)| i)
}

/// Why a file could not be read as TOML: where (a byte offset) and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub offset: usize,
    pub message: String,
}

/// Writes a file out again as units that stand on their own: the root
/// unit holds every key and table that is not an entry of a top-level
/// list of tables, then each such entry follows with its sub-tables.
/// Returns the new text and its units. Meaning and comments are kept;
/// the order of tables may change (entries come after the rest).
pub fn resplit(text: &str) -> Result<(String, Vec<Unit>), Unreadable> {
    let doc = text
        .parse::<DocumentMut>()
        .map_err(|e| Unreadable { offset: e.span().map_or(0, |s| s.start), message: e.message().to_string() })?;
    let crlf = is_crlf(text);
    let render = |d: DocumentMut| PlanDoc { doc: d, bom: false, crlf, verbatim: None }.render();
    let mut root = doc.clone();
    let trailing = root.trailing().as_str().unwrap_or("").to_string();
    root.set_trailing("");
    let mut entries: Vec<(String, String)> = Vec::new();
    for (key, item) in doc.iter() {
        let TItem::ArrayOfTables(aot) = item else { continue };
        let formatted = doc.as_table().key(key).cloned().unwrap_or_else(|| Key::new(key));
        for table in aot.iter() {
            let mut one = DocumentMut::new();
            let mut list = ArrayOfTables::new();
            list.push(table.clone());
            one.insert_formatted(&formatted, TItem::ArrayOfTables(list));
            entries.push((key.to_string(), render(one)));
        }
        root.remove(key);
    }
    let mut out = render(root);
    let mut units = vec![Unit { key: UnitKey::Root, range: 0..out.len() }];
    for (key, t) in entries {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        let start = out.len();
        out.push_str(&t);
        units.push(Unit { key: UnitKey::Entry(key), range: start..out.len() });
    }
    if !trailing.is_empty() {
        let start = out.len();
        out.push_str(&trailing);
        units.push(Unit { key: UnitKey::End, range: start..out.len() });
    }
    Ok((out, units))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(UnitKey, &str)> {
        split(text).expect("splits").into_iter().map(|u| (u.key, &text[u.range])).collect()
    }

    #[test]
    fn comments_above_a_header_belong_to_it() {
        let text = "format = \"lansplan/1\" # f\n\n# om planen\n[plan]\nid = \"x\"\n[plan.period]\nstart = 2025-01-01\n\n# A1\n[[activities]] # h\nid = \"A1\"\nd = \"\"\"\n[[activities]]\n# nej\n\"\"\"\n[activities.x]\ny = [\n[1],\n]\n# slut\n";
        let got = keys(text);
        assert_eq!(got[0], (UnitKey::Root, "format = \"lansplan/1\" # f\n"));
        assert_eq!(got[1].0, UnitKey::Table(vec!["plan".into()]));
        assert!(got[1].1.starts_with("\n# om planen\n[plan]") && got[1].1.ends_with("start = 2025-01-01\n"));
        assert_eq!(got[2].0, UnitKey::Entry("activities".into()));
        assert!(got[2].1.starts_with("\n# A1\n[[activities]] # h") && got[2].1.ends_with("]\n"), "{:?}", got[2]);
        assert_eq!(got[3], (UnitKey::End, "# slut\n"));
        assert_eq!(got.len(), 4, "the header inside the string and [activities.x] make no unit");
        let joined: String = got.iter().map(|(_, t)| *t).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn layouts_whose_units_would_not_stand_alone_are_refused() {
        assert!(split("[[a]]\nid = 1\n[[b]]\nid = 2\n[a.x]\ny = 1\n").is_none());
        assert!(split("[t]\n[[t2.list]]\n").is_none());
        assert!(split("[t]\nx = 1\n[t]\ny = 2\n").is_none());
        assert!(split("[[a]]\n[a.x]\n[[a]]\n[a.x]\n").is_some());
    }

    #[test]
    fn resplit_keeps_the_meaning_and_puts_entries_last() {
        let text = "[[a]]\nid = \"1\"\n[[b]]\nid = \"2\"\n[a.x]\ny = 1\n# end\n";
        let (out, units) = resplit(text).expect("parses");
        let (a, b): (toml::Table, toml::Table) =
            (toml::from_str(text).expect("toml"), toml::from_str(&out).expect("toml"));
        assert_eq!(a, b, "{out}");
        assert!(out.ends_with("# end\n"));
        assert_eq!(units.len(), 4);
        assert_eq!(split(&out).expect("splits now").len(), 4);
    }

    #[test]
    fn a_last_line_without_a_line_break_is_no_end() {
        let units = split("[t]\nx = 1").expect("splits");
        assert_eq!(
            units.iter().map(|u| &u.key).collect::<Vec<_>>(),
            [&UnitKey::Root, &UnitKey::Table(vec!["t".into()])]
        );
        assert_eq!(units[1].range, 0..9);
    }
}
