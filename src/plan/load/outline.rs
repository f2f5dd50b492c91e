//! The outline of a TOML text: where its headers stand and what they name,
//! found in one pass of `toml_parser`'s lexer (the lexer the `toml` crate
//! itself parses with), keeping no tokens.
//!
//! The outline says where the text may be cut into pieces that each parse
//! on their own and together mean exactly what the whole text means, and
//! which `[[…]]` blocks hold one item wholly. TOML ties a header to what
//! came before it only through its first key: `[[indicators.measurements]]`
//! or `[activities.x]` add to the last item above them, `[plan.period]`
//! adds to `[plan]` wherever that stood. So a name written in any way other
//! than as a plain `[[name]]` header (a table header, a deeper header, a
//! key of the root table) is kept in one piece from its first mention to
//! its last; a collection only ever written as `[[name]]` may be cut
//! between any two of its items. A text whose headers cannot be read (or whose brackets
//! do not pair) is never cut: it is parsed whole, and the parser says what
//! is wrong with it.

use std::borrow::Cow;
use std::collections::HashMap;

use toml_parser::lexer::{Lexer, Token, TokenKind};
use toml_parser::{ParseError, Source};

use super::{LoadError, MAX_NESTING, unreadable};
use crate::plan::schema::Kind;

/// The headers of a text, with where it may be cut.
#[derive(Debug)]
pub(super) struct Outline {
    pub(super) headers: Vec<Header>,
    /// The text holds nothing but blanks and line breaks (and perhaps a
    /// byte-order mark).
    pub(super) empty: bool,
}

/// One header line (`[…]` or `[[…]]`) of the top level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header {
    /// Where the header's line starts.
    pub(super) at: usize,
    /// The collection, for a `[[collection]]` header of a collection that
    /// the text writes in no other way: the header of one item, which its
    /// block (up to the next header) holds wholly.
    pub(super) item: Option<Kind>,
    /// The text may be cut here: no name is mentioned both before and from
    /// here on, other than as `[[name]]` headers.
    pub(super) cut: bool,
}

/// How a first key is used across the text.
struct Name {
    /// The collection of that name, if it is one.
    collection: Option<Kind>,
    first: usize,
    last: usize,
    /// Mentioned other than as a plain `[[name]]` header, or not a
    /// collection: kept in one piece from its first mention to its last.
    /// (A name that is no collection is reported once, as unknown or of a
    /// wrong type, so it must not be read in two pieces.)
    other: bool,
}

impl Outline {
    /// Outlines `src`, refusing nesting deeper than [`MAX_NESTING`] (a
    /// hostile file must not exhaust the parser's stack).
    pub(super) fn of<'s>(src: &'s str) -> Result<Outline, LoadError> {
        let source = Source::new(src);
        let mut lexer = source.lex();
        let mut depth = 0usize;
        let (mut fresh, mut line, mut empty, mut sure, mut in_root) = (true, 0, true, true, true);
        // Each header: where its line starts, its first key, and whether it
        // is a plain `[[name]]`.
        let mut found: Vec<(usize, usize, bool)> = Vec::new();
        let mut index: HashMap<Cow<'s, str>, usize> = HashMap::new();
        let mut names: Vec<Name> = Vec::new();
        let mut mention = |name: Cow<'s, str>, at: usize, other: bool, names: &mut Vec<Name>| {
            let k = *index.entry(name).or_insert_with_key(|name| {
                let collection = Kind::from_key(name).filter(|c| c.is_collection());
                names.push(Name { collection, first: at, last: at, other });
                names.len() - 1
            });
            let n = &mut names[k];
            n.last = at;
            n.other |= other || n.collection.is_none();
            k
        };
        while let Some(tok) = lexer.next() {
            let span = tok.span();
            match tok.kind() {
                TokenKind::Eof => break,
                TokenKind::Whitespace => continue,
                TokenKind::Newline => {
                    // A lone carriage return is an error the parser reports.
                    empty &= matches!(&src[span.start()..span.end()], "\n" | "\r\n");
                    fresh = true;
                    line = span.end();
                    continue;
                }
                _ => empty = false,
            }
            let starts_line = std::mem::replace(&mut fresh, false);
            if tok.kind() == TokenKind::Atom {
                stray_control(src, span.start()..span.end())?;
            }
            match tok.kind() {
                TokenKind::LeftSquareBracket if starts_line && depth == 0 => {
                    in_root = false;
                    match header(&source, &mut lexer, tok) {
                        Ok((first, plain, end)) => {
                            let k = mention(first, line, !plain, &mut names);
                            found.push((line, k, plain));
                            match end {
                                Some(end) => (fresh, line) = (true, end),
                                None => break,
                            }
                        }
                        Err(open) => {
                            sure = false;
                            depth += open;
                        }
                    }
                }
                TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
                TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => sure = false,
                },
                TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString
                    if starts_line && depth == 0 && in_root =>
                {
                    // A key of the root table (only lines before the first
                    // header are the root table's).
                    match key(&source, tok) {
                        Some(name) => {
                            mention(name, line, true, &mut names);
                        }
                        None => sure = false,
                    }
                }
                _ => {}
            }
            if depth > MAX_NESTING {
                return Err(unreadable(
                    src,
                    span.start(),
                    text!(sv: "för djup nästling (mer än {MAX_NESTING} nivåer av [ och {{)";
                          en: "nesting too deep (more than {MAX_NESTING} levels of [ and {{)"),
                ));
            }
        }

        // Headers from just after a name's first mention up to its last
        // may not start a piece, unless the name is only ever `[[name]]`.
        let mut blocked = vec![0i32; found.len() + 1];
        for n in names.iter().filter(|n| n.other && n.first < n.last) {
            let lo = found.partition_point(|h| h.0 <= n.first);
            let hi = found.partition_point(|h| h.0 <= n.last);
            blocked[lo] += 1;
            blocked[hi] -= 1;
        }
        let mut inside = 0;
        let headers = found
            .iter()
            .zip(&blocked)
            .map(|(&(at, k, plain), b)| {
                inside += b;
                let item = names[k].collection.filter(|_| sure && plain && !names[k].other);
                Header { at, item, cut: sure && inside == 0 }
            })
            .collect();
        Ok(Outline { headers, empty })
    }

    /// Returns where the text may be cut, in order.
    pub(super) fn cuts(&self) -> Vec<usize> {
        self.headers.iter().filter(|h| h.cut && h.at > 0).map(|h| h.at).collect()
    }

    /// Returns where the block of header `k` (its header and what follows
    /// up to the next header) ends.
    pub(super) fn block_end(&self, k: usize, len: usize) -> usize {
        self.headers.get(k + 1).map_or(len, |h| h.at)
    }

    /// Returns true if block `k` holds one item wholly and the text may be
    /// cut at both its ends: it means the same wherever it stands.
    pub(super) fn is_item_block(&self, k: usize) -> bool {
        let h = self.headers[k];
        h.item.is_some() && h.cut && self.headers.get(k + 1).is_none_or(|next| next.cut)
    }
}

/// Refuses a control character outside strings and comments (a form feed
/// or a vertical tab, say, which TOML does not count as a blank), with a
/// clearer message than the parser's.
fn stray_control(src: &str, span: std::ops::Range<usize>) -> Result<(), LoadError> {
    let token = &src[span.clone()];
    // Most tokens are plain ASCII: looked at byte by byte first.
    if token.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Ok(());
    }
    let Some((k, c)) = token.char_indices().find(|(_, c)| c.is_control()) else { return Ok(()) };
    let code = format!("U+{:04X}", u32::from(c));
    Err(unreadable(
        src,
        span.start + k,
        text!(sv: "ogiltig TOML: tecknet {code} (ett styrtecken) får inte stå här; i en sträng skrivs det \\u{:04X}", u32::from(c);
              en: "invalid TOML: the character {code} (a control character) cannot stand here; in a string, write it as \\u{:04X}", u32::from(c)),
    ))
}

/// Reads the rest of a header whose first `[` is `open`, through the line
/// break after it: returns its first key, whether it is a plain `[[name]]`
/// (an array-of-tables header of one key), and where the line break ends
/// (`None` at the end of the text). On anything else returns how many
/// brackets it opened and did not close. (The lexer is read without a
/// look-ahead, which would cost a third more.)
fn header<'s>(
    source: &Source<'s>,
    lexer: &mut Lexer<'s>,
    open: Token,
) -> Result<(Cow<'s, str>, bool, Option<usize>), usize> {
    // The lexer ends with an end-of-text token, after which it gives none.
    let next = |lexer: &mut Lexer<'s>, depth: usize| lexer.next().ok_or(depth);
    let opens = |t: Token| usize::from(matches!(t.kind(), TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket));
    let mut depth = 1usize;
    let mut t = next(lexer, depth)?;
    let array = t.kind() == TokenKind::LeftSquareBracket && t.span().start() == open.span().end();
    if array {
        depth += 1;
        t = next(lexer, depth)?;
    }
    let (mut first, mut keys) = (None, 0);
    loop {
        while t.kind() == TokenKind::Whitespace {
            t = next(lexer, depth)?;
        }
        if !matches!(t.kind(), TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString) {
            return Err(depth + opens(t));
        }
        first.get_or_insert(key(source, t).ok_or(depth)?);
        keys += 1;
        t = next(lexer, depth)?;
        while t.kind() == TokenKind::Whitespace {
            t = next(lexer, depth)?;
        }
        match t.kind() {
            TokenKind::Dot => t = next(lexer, depth)?,
            TokenKind::RightSquareBracket => {
                depth -= 1;
                if array {
                    let close = t;
                    t = next(lexer, depth)?;
                    if t.kind() != TokenKind::RightSquareBracket || t.span().start() != close.span().end() {
                        return Err(depth + opens(t));
                    }
                    depth -= 1;
                }
                break;
            }
            _ => return Err(depth + opens(t)),
        }
    }
    t = next(lexer, depth)?;
    while t.kind() == TokenKind::Whitespace {
        t = next(lexer, depth)?;
    }
    if t.kind() == TokenKind::Comment {
        t = next(lexer, depth)?;
    }
    let plain = array && keys == 1;
    match (t.kind(), first) {
        (TokenKind::Newline, Some(f)) => Ok((f, plain, Some(t.span().end()))),
        (TokenKind::Eof, Some(f)) => Ok((f, plain, None)),
        _ => Err(opens(t)),
    }
}

/// Decodes a key as TOML reads it (`activities`, `"activities"` and
/// `'activities'` are one name); `None` if it is not a valid key.
fn key<'s>(source: &Source<'s>, tok: Token) -> Option<Cow<'s, str>> {
    let raw = source.get(tok)?;
    let mut out = Cow::Borrowed("");
    let mut error: Option<ParseError> = None;
    raw.decode_key(&mut out, &mut error);
    error.is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(src: &str) -> Outline {
        Outline::of(src).expect("outline")
    }

    /// (line start, item, cut) of each header.
    fn shape(src: &str) -> Vec<(usize, Option<Kind>, bool)> {
        outline(src).headers.iter().map(|h| (h.at, h.item, h.cut)).collect()
    }

    #[test]
    fn finds_headers_as_toml_reads_them() {
        let src = "a = 1\n[[activities]]\nx = \"\"\"\n[[activities]]\n\"\"\"\n  [[ 'activities' ]] # c\n[plan]\n";
        let at = |s: &str| src.find(s).expect("in the text");
        assert_eq!(
            shape(src),
            vec![
                (6, Some(Kind::Activity), true),
                (at("  [[ '"), Some(Kind::Activity), true),
                (at("[plan]"), None, true)
            ]
        );
    }

    /// Regression test for issue 13: a multi-line string whose text ends in
    /// a quote, closed by four quotes, hid the headers after it from the
    /// hand-written scan.
    #[test]
    fn quote_runs_next_to_the_closer_end_the_string_where_toml_does() {
        for closer in ["\"\"\"\"", "\"\"\"\"\"", "''''", "'''''"] {
            let q = &closer[..1];
            let src = format!("[[goals]]\nd = {q}{q}{q}Säg {q}Prata om det{closer}\n[[activities]]\nid = \"A1\"\n");
            let h = shape(&src);
            assert_eq!(h.len(), 2, "{src:?}: {h:?}");
            assert_eq!(h[1].1, Some(Kind::Activity));
        }
    }

    #[test]
    fn headers_inside_arrays_strings_and_comments_are_not_headers() {
        let src = "x = [\n[1],\n]\ny = '''\n[[activities]]\n'''\n# [[activities]]\nz = \"[[activities]]\"\n";
        assert!(outline(src).headers.is_empty());
    }

    /// Regression test for issue 13: a header below a collection adds to
    /// the collection's last item, so nothing between that item and it may
    /// be cut, and no block of that collection stands alone.
    #[test]
    fn a_header_below_a_collection_keeps_its_item_in_the_same_piece() {
        let src = "[[indicators]]\nid = \"I1\"\n[[activities]]\nid = \"A1\"\n[[activities]]\nid = \"A2\"\n[[indicators.measurements]]\nyear = 2025\n[[activities]]\nid = \"A3\"\n";
        let h = shape(src);
        assert_eq!(
            h.iter().map(|h| h.1).collect::<Vec<_>>(),
            [None, Some(Kind::Activity), Some(Kind::Activity), None, Some(Kind::Activity)]
        );
        assert_eq!(h.iter().map(|h| h.2).collect::<Vec<_>>(), [true, false, false, false, true]);
    }

    #[test]
    fn a_collection_written_another_way_is_never_an_item_block() {
        for (src, name) in [
            ("activities = []\n[[activities]]\nid = \"A\"\n[[goals]]\n", "root key"),
            ("activities.x = 1\n[[activities]]\nid = \"A\"\n[[goals]]\n", "dotted root key"),
            ("[[activities]]\nid = \"A\"\n[[goals]]\n[activities.x]\n", "table below"),
            ("[\"activities\"]\n[[goals]]\n[[activities]]\n", "quoted table"),
        ] {
            let o = outline(src);
            assert!(o.headers.iter().all(|h| h.item != Some(Kind::Activity)), "{name}: {:?}", o.headers);
        }
    }

    #[test]
    fn a_table_mentioned_twice_keeps_what_lies_between_in_one_piece() {
        let src = "[plan]\nid = \"p\"\n[[goals]]\nid = \"G1\"\n[[goals]]\nid = \"G2\"\n[plan.period]\nstart = 2025-01-01\n[[goals]]\n";
        assert_eq!(shape(src).iter().map(|h| h.2).collect::<Vec<_>>(), [true, false, false, false, true]);
    }

    /// A name that is no collection is reported once (as unknown, say), so
    /// it is never read in two pieces, even as plain `[[name]]` headers.
    #[test]
    fn only_collections_are_cut_between_their_items() {
        let src = "[[aot]]\nk = 1\n[[goals]]\nid = \"G1\"\n[[aot]]\nk = 2\n[[goals]]\nid = \"G2\"\n";
        assert_eq!(
            shape(src).iter().map(|h| (h.1, h.2)).collect::<Vec<_>>(),
            [(None, true), (Some(Kind::Goal), false), (None, false), (Some(Kind::Goal), true)]
        );
    }

    #[test]
    fn unreadable_headers_cut_nowhere() {
        for src in [
            "[[activities]]\n[[activities]] x\n[[goals]]\n",
            "] = 1\n[[goals]]\n",
            "[[a]\n[[goals]]\n",
            "[ [a]]\n[[goals]]\n",
        ] {
            assert!(outline(src).headers.iter().all(|h| !h.cut && h.item.is_none()), "{src:?}");
        }
    }

    #[test]
    fn empty_means_blanks_and_line_breaks_only() {
        for (src, empty) in [
            ("", true),
            (" \t\n\r\n", true),
            ("\u{feff}\n", true),
            ("\r", false),
            ("# c\n", false),
            ("\u{3000}", false),
        ] {
            assert_eq!(outline(src).empty, empty, "{src:?}");
        }
    }

    /// Regression test for issue 13: a file of a form feed or a vertical
    /// tab was read as empty; TOML does not count them as blanks.
    #[test]
    fn a_control_character_outside_strings_is_refused_where_it_stands() {
        for (src, at) in [("\x0c", 0), ("\x0b", 0), (" \n \x0c\n", 3), ("a = 1\x0c\n", 5), ("\x00x = 1", 0)] {
            let Err(LoadError::Unreadable(f)) = Outline::of(src) else { panic!("{src:?} was not refused") };
            assert_eq!(f.span.start, at, "{src:?}");
            assert!(toml::from_str::<toml::Table>(src).is_err(), "{src:?} is TOML");
        }
        assert!(Outline::of("a = \"\x0c\"\n# \x0c\n").is_ok(), "in strings and comments the parser judges them");
    }

    #[test]
    fn nesting_is_limited_outside_strings_only() {
        let deep = format!("a = {}{}\n", "[".repeat(MAX_NESTING + 1), "]".repeat(MAX_NESTING + 1));
        assert!(Outline::of(&deep).is_err());
        let fine = format!("a = {}{}\nb = \"{}\"\n", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING), "[".repeat(99));
        assert!(Outline::of(&fine).is_ok());
    }
}
