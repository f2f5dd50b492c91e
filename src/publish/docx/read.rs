//! Reads a .docx back as paragraphs of runs, each run with the tracked
//! revision it is part of, the anchors (bookmarks) and comment ranges it
//! lies in; the comments themselves; and the document's properties. An
//! independent reader of what [`super::model`] writes and of what Word and
//! LibreOffice make of it, with quick-xml's reader and the zip crate.
//!
//! A file that is not a zip, has no `word/document.xml` or holds broken
//! XML is an error that says where; it never panics.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A tracked revision: insertion or deletion, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub ins: bool,
    pub author: String,
    pub date: String,
}

/// A stretch of text with one revision, inside the same anchors and comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub mark: Option<Mark>,
    pub anchors: Vec<String>,
    pub comments: Vec<String>,
}

/// One paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Para {
    pub runs: Vec<Run>,
    /// The revision of the paragraph mark.
    pub mark: Option<Mark>,
    /// The table row it is in (numbered through the document), with the
    /// row's own revision.
    pub row: Option<usize>,
    pub row_mark: Option<Mark>,
    /// Inside the table of contents (which Word and LibreOffice rewrite).
    pub in_toc: bool,
    /// Every anchor that starts, ends or runs through it, even empty.
    pub anchors: Vec<String>,
    /// Every comment whose range or reference is in it.
    pub comments: Vec<String>,
}

impl Para {
    /// Returns the text as it reads with its revisions accepted (`true`)
    /// or rejected.
    pub fn text(&self, accepted: bool) -> String {
        self.runs.iter().filter(|r| keeps(r.mark.as_ref(), accepted)).map(|r| r.text.as_str()).collect()
    }
}

/// Returns whether text with `mark` stays when revisions are accepted or rejected.
pub fn keeps(mark: Option<&Mark>, accepted: bool) -> bool {
    match mark {
        None => true,
        Some(m) => m.ins == accepted,
    }
}

/// A comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub date: String,
    pub text: String,
}

/// A document as read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    pub paras: Vec<Para>,
    pub comments: Vec<Comment>,
    /// Custom properties by name.
    pub properties: HashMap<String, String>,
    /// The core properties: who saved it last, and when.
    pub modified_by: String,
    pub modified: String,
}

/// Why a document cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("not a Word document (not a zip file): {0}")]
    NotZip(String),
    #[error("not a Word document: it has no word/document.xml")]
    NoDocument,
    #[error("{part}: broken XML at byte {at}: {message}")]
    Xml { part: String, at: u64, message: String },
    #[error("{part} is too large ({size} bytes)")]
    TooLarge { part: String, size: u64 },
}

/// The character an image stands as in a paragraph's text.
pub const OBJECT: &str = "\u{FFFC}";

/// The most a part may unpack to: a zip bomb stops here.
const MAX_PART: u64 = 64 * 1024 * 1024;

/// Reads the document in `bytes`.
pub fn read(bytes: &[u8]) -> Result<Doc, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::NotZip(e.to_string()))?;
    let mut part = |name: &str| -> Result<Option<String>, ReadError> {
        let Ok(f) = zip.by_name(name) else { return Ok(None) };
        let mut s = String::new();
        let mut limited = f.take(MAX_PART + 1);
        limited.read_to_string(&mut s).map_err(|e| ReadError::Xml {
            part: name.into(),
            at: 0,
            message: e.to_string(),
        })?;
        if s.len() as u64 > MAX_PART {
            return Err(ReadError::TooLarge { part: name.into(), size: s.len() as u64 });
        }
        Ok(Some(s))
    };
    let document = part("word/document.xml")?.ok_or(ReadError::NoDocument)?;
    let mut doc = Doc { paras: body("word/document.xml", &document)?, ..Doc::default() };
    if let Some(c) = part("word/comments.xml")? {
        doc.comments = comments(&c)?;
    }
    if let Some(c) = part("docProps/custom.xml")? {
        doc.properties = custom(&c)?;
    }
    if let Some(c) = part("docProps/core.xml")? {
        let core = simple_texts("docProps/core.xml", &c)?;
        doc.modified_by = core.get("lastModifiedBy").cloned().unwrap_or_default();
        doc.modified = core.get("modified").cloned().unwrap_or_default();
    }
    Ok(doc)
}

fn xml_error(part: &str, r: &Reader<&[u8]>, e: impl std::fmt::Display) -> ReadError {
    ReadError::Xml { part: part.into(), at: r.buffer_position(), message: e.to_string() }
}

fn attr(e: &BytesStart<'_>, name: &str) -> String {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
        .unwrap_or_default()
}

/// Returns the character an entity reference stands for.
fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The reader's place in the body.
#[derive(Default)]
struct State {
    stack: Vec<String>,
    paras: Vec<Para>,
    cur: Option<Para>,
    revs: Vec<Mark>,
    /// The ids of the anchors that end somewhere in the part.
    ended: HashSet<String>,
    anchors: Vec<(String, String)>,
    /// Anchors met between paragraphs, for the next one.
    pending: Vec<String>,
    comments: Vec<String>,
    rows: Vec<usize>,
    row_count: usize,
    row_marks: HashMap<usize, Mark>,
    /// Open structured document tags: true for a table of contents.
    sdts: Vec<bool>,
    /// Open fields: their instructions so far.
    fields: Vec<String>,
    in_text: bool,
    in_instr: bool,
}

impl State {
    fn parent(&self) -> &str {
        self.stack.last().map(String::as_str).unwrap_or("")
    }

    fn inside(&self, name: &str) -> bool {
        self.stack.iter().any(|s| s == name)
    }

    fn para(&mut self) -> &mut Para {
        let in_toc = self.sdts.iter().any(|t| *t) || self.fields.iter().any(|f| f.trim_start().starts_with("TOC"));
        let row = self.rows.last().copied();
        let pending = std::mem::take(&mut self.pending);
        let p = self.cur.get_or_insert_with(|| Para { row, in_toc, ..Para::default() });
        p.anchors.extend(pending);
        p
    }

    fn note_anchor(&mut self, name: String) {
        if self.cur.is_some() {
            let p = self.para();
            if !p.anchors.contains(&name) {
                p.anchors.push(name);
            }
        } else {
            self.pending.push(name);
        }
    }

    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        let mark = self.revs.last().cloned();
        let anchors: Vec<String> = self.anchors.iter().map(|(_, n)| n.clone()).collect();
        let comments = self.comments.clone();
        let p = self.para();
        for a in &anchors {
            if !p.anchors.contains(a) {
                p.anchors.push(a.clone());
            }
        }
        for c in &comments {
            if !p.comments.contains(c) {
                p.comments.push(c.clone());
            }
        }
        match p.runs.last_mut() {
            Some(r) if r.mark == mark && r.anchors == anchors && r.comments == comments => r.text.push_str(t),
            _ => p.runs.push(Run { text: t.to_string(), mark, anchors, comments }),
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.name().as_ref().to_string();
        match name.as_str() {
            "w:p" => {
                self.cur = None;
                self.para();
                if empty {
                    self.end_para();
                }
            }
            "w:tr" if !empty => {
                self.row_count += 1;
                self.rows.push(self.row_count);
            }
            "w:ins" | "w:del" | "w:moveTo" | "w:moveFrom" => {
                let mark = Mark {
                    ins: matches!(name.as_str(), "w:ins" | "w:moveTo"),
                    author: attr(e, "w:author"),
                    date: attr(e, "w:date"),
                };
                match self.parent() {
                    "w:trPr" => {
                        if let Some(r) = self.rows.last() {
                            self.row_marks.insert(*r, mark);
                        }
                    }
                    "w:rPr" if self.inside("w:pPr") => self.para().mark = Some(mark),
                    "w:rPr" | "w:tcPr" | "w:tblPrEx" => {}
                    _ if !empty => self.revs.push(mark),
                    _ => {}
                }
            }
            "w:t" | "w:delText" if !empty => self.in_text = true,
            "w:instrText" if !empty => self.in_instr = true,
            "w:tab" if self.parent() == "w:r" => self.text("\t"),
            // An image counts as one character, so that a paragraph holding
            // only a chart is not empty text.
            "w:drawing" | "w:pict" | "w:object" if !empty => self.text(OBJECT),
            "w:br" | "w:cr" if self.parent() == "w:r" => self.text("\n"),
            // An anchor that never ends marks only its place: LibreOffice
            // writes an emptied one as two starts of the name and one end.
            "w:bookmarkStart" => {
                let (id, n) = (attr(e, "w:id"), attr(e, "w:name"));
                self.note_anchor(n.clone());
                if self.ended.contains(&id) {
                    self.anchors.push((id, n));
                }
            }
            "w:bookmarkEnd" => {
                let id = attr(e, "w:id");
                if let Some(at) = self.anchors.iter().rposition(|(i, _)| *i == id) {
                    let (_, n) = self.anchors.remove(at);
                    self.note_anchor(n);
                }
            }
            "w:commentRangeStart" => {
                let id = attr(e, "w:id");
                self.para().comments.push(id.clone());
                self.comments.push(id);
            }
            "w:commentRangeEnd" => {
                let id = attr(e, "w:id");
                self.comments.retain(|c| *c != id);
            }
            "w:commentReference" => {
                let id = attr(e, "w:id");
                let p = self.para();
                if !p.comments.contains(&id) {
                    p.comments.push(id);
                }
            }
            "w:sdt" if !empty => self.sdts.push(false),
            "w:docPartGallery" => {
                if attr(e, "w:val") == "Table of Contents"
                    && let Some(s) = self.sdts.last_mut()
                {
                    *s = true;
                }
            }
            "w:fldChar" => match attr(e, "w:fldCharType").as_str() {
                "begin" => self.fields.push(String::new()),
                "end" => {
                    self.fields.pop();
                }
                _ => {}
            },
            _ => {}
        }
        if !empty {
            self.stack.push(name);
        }
    }

    fn end_para(&mut self) {
        if let Some(p) = self.cur.take() {
            self.paras.push(p);
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "w:p" => self.end_para(),
            "w:tr" => {
                self.rows.pop();
            }
            "w:ins" | "w:del" | "w:moveTo" | "w:moveFrom" => {
                let parent = self.stack.iter().rev().nth(1).map(String::as_str).unwrap_or("");
                if !matches!(parent, "w:trPr" | "w:rPr" | "w:tcPr" | "w:tblPrEx") {
                    self.revs.pop();
                }
            }
            "w:t" | "w:delText" => self.in_text = false,
            "w:instrText" => self.in_instr = false,
            "w:sdt" => {
                self.sdts.pop();
            }
            _ => {}
        }
        self.stack.pop();
    }

    fn chars(&mut self, s: &str) {
        if self.in_text {
            self.text(s);
        } else if self.in_instr
            && let Some(f) = self.fields.last_mut()
        {
            f.push_str(s);
        }
    }
}

/// Returns the ids of the anchors that end in `xml` (up to where it breaks).
fn ended_anchors(xml: &str) -> HashSet<String> {
    let mut r = Reader::from_str(xml);
    let mut out = HashSet::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "w:bookmarkEnd" => {
                out.insert(attr(&e, "w:id"));
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
    }
}

fn body(part: &str, xml: &str) -> Result<Vec<Para>, ReadError> {
    let mut r = Reader::from_str(xml);
    let mut st = State { ended: ended_anchors(xml), ..State::default() };
    loop {
        match r.read_event().map_err(|e| xml_error(part, &r, e))? {
            Event::Start(e) => st.start(&e, false),
            Event::Empty(e) => st.start(&e, true),
            Event::End(e) => st.end(e.name().as_ref()),
            Event::Text(t) => st.chars(&t.into_inner()),
            Event::CData(t) => st.chars(&t.into_inner()),
            Event::GeneralRef(g) => {
                let c = g.resolve_char_ref().map_err(|e| xml_error(part, &r, e))?.or_else(|| entity(&g.into_inner()));
                if let Some(c) = c {
                    st.chars(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let marks = st.row_marks;
    let mut paras = st.paras;
    for p in &mut paras {
        p.row_mark = p.row.and_then(|r| marks.get(&r).cloned());
    }
    Ok(paras)
}

fn comments(xml: &str) -> Result<Vec<Comment>, ReadError> {
    let part = "word/comments.xml";
    let mut r = Reader::from_str(xml);
    let mut out: Vec<Comment> = Vec::new();
    let (mut in_comment, mut in_text) = (false, false);
    loop {
        match r.read_event().map_err(|e| xml_error(part, &r, e))? {
            Event::Start(e) if e.name().as_ref() == "w:comment" => {
                in_comment = true;
                out.push(Comment {
                    id: attr(&e, "w:id"),
                    author: attr(&e, "w:author"),
                    date: attr(&e, "w:date"),
                    text: String::new(),
                });
            }
            Event::End(e) if e.name().as_ref() == "w:comment" => in_comment = false,
            Event::Start(e) if in_comment && e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if in_comment && e.name().as_ref() == "w:p" => {
                if let Some(c) = out.last_mut() {
                    c.text.push('\n');
                }
            }
            Event::Text(t) if in_text => {
                if let Some(c) = out.last_mut() {
                    c.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(g) if in_text => {
                let c = g.resolve_char_ref().map_err(|e| xml_error(part, &r, e))?.or_else(|| entity(&g.into_inner()));
                if let (Some(ch), Some(cm)) = (c, out.last_mut()) {
                    cm.text.push(ch);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for c in &mut out {
        c.text = c.text.trim().to_string();
    }
    Ok(out)
}

/// Returns the custom properties: name to text value.
fn custom(xml: &str) -> Result<HashMap<String, String>, ReadError> {
    let part = "docProps/custom.xml";
    let mut r = Reader::from_str(xml);
    let mut out = HashMap::new();
    let mut name: Option<String> = None;
    let mut depth_text = false;
    loop {
        match r.read_event().map_err(|e| xml_error(part, &r, e))? {
            Event::Start(e) if e.local_name().as_ref() == "property" => name = Some(attr(&e, "name")),
            Event::End(e) if e.local_name().as_ref() == "property" => name = None,
            Event::Start(_) if name.is_some() => depth_text = true,
            Event::End(_) => depth_text = false,
            Event::Text(t) if depth_text => {
                if let Some(n) = &name {
                    out.entry(n.clone()).or_insert_with(String::new).push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(g) if depth_text => {
                let c = g.resolve_char_ref().map_err(|e| xml_error(part, &r, e))?.or_else(|| entity(&g.into_inner()));
                if let (Some(ch), Some(n)) = (c, &name) {
                    out.entry(n.clone()).or_insert_with(String::new).push(ch);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Returns the text of each element of a flat part by local name.
fn simple_texts(part: &str, xml: &str) -> Result<HashMap<String, String>, ReadError> {
    let mut r = Reader::from_str(xml);
    let mut out = HashMap::new();
    let mut cur: Option<String> = None;
    loop {
        match r.read_event().map_err(|e| xml_error(part, &r, e))? {
            Event::Start(e) => cur = Some(e.local_name().as_ref().to_string()),
            Event::End(_) => cur = None,
            Event::Text(t) => {
                if let Some(c) = &cur {
                    out.entry(c.clone()).or_insert_with(String::new).push_str(&t.into_inner());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::docx::model::{Author, Block, Inline, Para as P, Rev, Row, Table, document};

    fn zip_of(document_xml: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("word/document.xml", o).expect("zip");
        z.write_all(document_xml).expect("zip");
        z.finish().expect("zip").into_inner()
    }

    #[test]
    fn reads_back_what_the_model_writes() {
        let author = Author { name: "Anna & Bo".into(), date: "2025-06-12T00:00:00Z".into() };
        let p = P {
            inlines: vec![
                Inline::Text { text: "Fler unga ".into(), rev: Rev::None, strong: false },
                Inline::AnchorStart("lp_1".into()),
                Inline::Text { text: "tidigt".into(), rev: Rev::Del, strong: false },
                Inline::Text { text: "i tid & <rätt>".into(), rev: Rev::Ins, strong: false },
                Inline::AnchorEnd("lp_1".into()),
            ],
            ..P::default()
        };
        let mut t = Table::with_heads(vec![1000], &["Id"]);
        t.rows.push(Row { cells: vec![vec![P::plain("A1")]], rev: Rev::Del, ..Row::default() });
        let xml = document(&[Block::P(p), Block::T(t)], &author, b"");
        let doc = read(&zip_of(&xml)).expect("reads");
        let first = &doc.paras[0];
        assert_eq!(first.text(true), "Fler unga i tid & <rätt>");
        assert_eq!(first.text(false), "Fler unga tidigt");
        assert_eq!(first.anchors, vec!["lp_1".to_string()]);
        assert_eq!(
            first.runs[1].mark,
            Some(Mark { ins: false, author: "Anna & Bo".into(), date: "2025-06-12T00:00:00Z".into() })
        );
        let row = &doc.paras[2];
        assert_eq!((row.text(true).as_str(), row.row_mark.as_ref().map(|m| m.ins)), ("A1", Some(false)));
    }

    #[test]
    fn an_anchor_that_never_ends_marks_only_its_place() {
        // As LibreOffice saves an anchor whose text was removed.
        let xml = br#"<w:document><w:body><w:p><w:bookmarkStart w:id="1" w:name="lp_1"/><w:bookmarkStart w:id="2" w:name="lp_1"/><w:bookmarkEnd w:id="2"/></w:p><w:p><w:r><w:t>Fri text</w:t></w:r></w:p></w:body></w:document>"#;
        let doc = read(&zip_of(xml)).expect("reads");
        assert_eq!(doc.paras[0].anchors, vec!["lp_1".to_string()]);
        assert!(doc.paras[1].anchors.is_empty() && doc.paras[1].runs[0].anchors.is_empty(), "{:?}", doc.paras[1]);
    }

    proptest::proptest! {
        /// Whatever a document's XML has become (bytes flipped, cut short),
        /// reading it gives paragraphs or an error, never a panic.
        #[test]
        fn damaged_documents_never_panic(cuts in proptest::collection::vec((0usize..4000, 0u8..=255), 0..12), len in 0usize..4000) {
            let author = Author { name: "A".into(), date: "2025-06-12T00:00:00Z".into() };
            let p = P {
                inlines: vec![
                    Inline::AnchorStart("lp_1".into()),
                    Inline::Text { text: "gammal".into(), rev: Rev::Del, strong: false },
                    Inline::Text { text: "ny & <x>".into(), rev: Rev::Ins, strong: true },
                    Inline::AnchorEnd("lp_1".into()),
                ],
                ..P::default()
            };
            let mut t = Table::with_heads(vec![1000], &["Id"]);
            t.rows.push(Row { cells: vec![vec![P::plain("A1")]], rev: Rev::Ins, ..Row::default() });
            let mut xml = document(&[Block::P(p), Block::T(t), Block::Toc { title: "T".into(), entries: vec![(1, "x".into())] }], &author, b"");
            for (at, byte) in cuts {
                if let Some(b) = xml.get_mut(at) {
                    *b = byte;
                }
            }
            xml.truncate(len.max(xml.len() / 2));
            let _ = read(&zip_of(&xml));
        }
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        assert!(matches!(read(b"not a zip"), Err(ReadError::NotZip(_))));
        assert!(matches!(read(&zip_of(b"<w:document><w:body><w:p></w:r></w:body>")), Err(ReadError::Xml { .. })));
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        z.start_file("x.txt", zip::write::SimpleFileOptions::default()).expect("zip");
        assert_eq!(read(&z.finish().expect("zip").into_inner()), Err(ReadError::NoDocument));
    }
}
