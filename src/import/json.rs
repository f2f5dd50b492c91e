//! A small JSON reader that keeps where each value was written, so that a
//! Kolada response of the wrong shape is reported at its line and column
//! (serde_json's values carry no positions).
//!
//! It reads RFC 8259 JSON; it refuses nesting deeper than [`MAX_DEPTH`]
//! rather than recursing without end.

use crate::i18n::Text;
use crate::plan::finding::LineIndex;

/// How deep arrays and objects may nest (a Kolada response needs four).
pub const MAX_DEPTH: usize = 64;

/// A JSON value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub at: usize,
    pub v: J,
}

/// The kinds of JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    /// The number as written, and as a float.
    Number(String, f64),
    Str(String),
    Array(Vec<Json>),
    /// Members in file order, each with its key's offset.
    Object(Vec<(String, usize, Json)>),
}

impl Json {
    /// Returns member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match &self.v {
            J::Object(m) => m.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// Returns a short name of the value's kind, for messages.
    pub fn kind(&self) -> (&'static str, &'static str) {
        match self.v {
            J::Null => ("null", "null"),
            J::Bool(_) => ("ett sanningsvärde", "a boolean"),
            J::Number(..) => ("ett tal", "a number"),
            J::Str(_) => ("en sträng", "a string"),
            J::Array(_) => ("en lista", "an array"),
            J::Object(_) => ("ett objekt", "an object"),
        }
    }
}

/// Where parsing stopped, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    pub at: usize,
    pub message: Text,
}

/// Parses a whole JSON text.
pub fn parse(src: &str) -> Result<Json, JsonError> {
    let mut p = Parser { s: src.as_bytes(), src, i: 0 };
    // A byte-order mark is allowed before the text.
    if src.starts_with('\u{feff}') {
        p.i = 3;
    }
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err(text!(sv: "text efter JSON-värdets slut"; en: "text after the end of the JSON value")));
    }
    Ok(v)
}

/// Returns the 1-based line and column of `at` in `src`.
pub fn locate(src: &str, at: usize) -> (usize, usize) {
    LineIndex::new(src).locate(at)
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn err(&self, message: Text) -> JsonError {
        JsonError { at: self.i.min(self.s.len()), message }
    }

    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.ws();
        let at = self.i;
        if depth > MAX_DEPTH {
            return Err(self.err(text!(sv: "JSON nästlat djupare än {MAX_DEPTH} nivåer"; en: "JSON nested deeper than {MAX_DEPTH} levels")));
        }
        let v = match self.s.get(self.i) {
            None => return Err(self.err(text!(sv: "JSON-texten tar slut mitt i"; en: "the JSON text ends too early"))),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => J::Str(self.string()?),
            Some(b't') => self.word("true", J::Bool(true))?,
            Some(b'f') => self.word("false", J::Bool(false))?,
            Some(b'n') => self.word("null", J::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                return Err(self.err(text!(sv: "här ska ett JSON-värde stå"; en: "a JSON value was expected here")));
            }
        };
        Ok(Json { at, v })
    }

    fn word(&mut self, w: &str, v: J) -> Result<J, JsonError> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err(text!(sv: "här ska ett JSON-värde stå"; en: "a JSON value was expected here")))
        }
    }

    fn number(&mut self) -> Result<J, JsonError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > from
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let bad = |p: &Self| p.err(text!(sv: "felaktigt tal"; en: "a malformed number"));
        if self.s.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else if !digits(self) {
            return Err(bad(self));
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(bad(self));
            }
        }
        if self.s.get(self.i).is_some_and(|b| matches!(b, b'e' | b'E')) {
            self.i += 1;
            if self.s.get(self.i).is_some_and(|b| matches!(b, b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(bad(self));
            }
        }
        let raw = &self.src[start..self.i];
        let f = raw.parse::<f64>().map_err(|_| bad(self))?;
        Ok(J::Number(raw.to_string(), f))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.s.get(self.i).is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.i += 1;
            }
            out.push_str(&self.src[start..self.i]);
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
                                self.i += 2;
                                let lo = self.hex4()?;
                                0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            continue;
                        }
                        _ => {
                            return Err(self.err(
                                text!(sv: "okänd escape-sekvens i en sträng"; en: "an unknown escape in a string"),
                            ));
                        }
                    };
                    out.push(c);
                    self.i += 1;
                }
                _ => return Err(self.err(text!(sv: "strängen avslutas inte"; en: "the string is not closed"))),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self.src.get(self.i..self.i + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
        let h = h.ok_or_else(|| self.err(text!(sv: "felaktig \\u-escape"; en: "a malformed \\u escape")))?;
        self.i += 4;
        Ok(h)
    }

    fn array(&mut self, depth: usize) -> Result<J, JsonError> {
        self.i += 1;
        let mut out = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(J::Array(out));
        }
        loop {
            out.push(self.value(depth + 1)?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(J::Array(out));
                }
                _ => return Err(self.err(text!(sv: "här ska `,` eller `]` stå"; en: "`,` or `]` was expected here"))),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<J, JsonError> {
        self.i += 1;
        let mut out = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(J::Object(out));
        }
        loop {
            self.ws();
            let key_at = self.i;
            if self.s.get(self.i) != Some(&b'"') {
                return Err(
                    self.err(text!(sv: "här ska en nyckel i citattecken stå"; en: "a quoted key was expected here"))
                );
            }
            let key = self.string()?;
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(self.err(text!(sv: "här ska `:` stå"; en: "`:` was expected here")));
            }
            self.i += 1;
            let v = self.value(depth + 1)?;
            out.push((key, key_at, v));
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(J::Object(out));
                }
                _ => return Err(self.err(text!(sv: "här ska `,` eller `}}` stå"; en: "`,` or `}}` was expected here"))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_with_positions() {
        let src = "{\"a\": [1, -2.5e1, \"x\\u00e5\\ud83d\\ude00\", null, true],\n \"b\": {}}";
        let v = parse(src).expect("valid");
        let a = v.get("a").expect("a");
        let J::Array(items) = &a.v else { panic!("array") };
        assert_eq!(items[1].v, J::Number("-2.5e1".into(), -25.0));
        assert_eq!(items[2].v, J::Str("xå😀".into()));
        assert_eq!(locate(src, v.get("b").expect("b").at), (2, 7));
    }

    #[test]
    fn bad_json_is_refused_where_it_goes_wrong() {
        for (src, at) in [("{\"a\": }", 6), ("[1 2]", 3), ("\"abc", 4), ("01", 1), ("{}x", 2), ("", 0), ("[-]", 2)] {
            assert_eq!(parse(src).map_err(|e| e.at), Err(at), "{src:?}");
        }
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).is_err(), "deep nesting is refused, not a stack overflow");
    }
}
