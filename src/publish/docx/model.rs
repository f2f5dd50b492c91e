//! The body of a Word document as a few plain values (paragraphs of runs,
//! tables of such paragraphs, the table of contents) and their
//! WordprocessingML, written with quick-xml's writer so that every text
//! and attribute is escaped by it.
//!
//! A run or a table row may be a tracked insertion or deletion, and a
//! paragraph's mark too (so that rejecting an inserted paragraph removes
//! it whole). Anchors are bookmarks around what belongs to one change of
//! a diff: `review import` finds each change again by its anchor's name.

use std::io::Cursor;

use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

/// Whether something is a tracked revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rev {
    #[default]
    None,
    Ins,
    Del,
}

/// One piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text {
        text: String,
        rev: Rev,
        strong: bool,
    },
    /// The start and end of an anchor (a bookmark) by name.
    AnchorStart(String),
    AnchorEnd(String),
    /// An image of the package's media, by relationship id.
    Image {
        rel: String,
        cx: u64,
        cy: u64,
        descr: String,
        rev: Rev,
    },
}

/// One paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Para {
    /// A style id of styles.xml (`Heading1`, `Title`, …).
    pub style: Option<&'static str>,
    pub inlines: Vec<Inline>,
    /// The paragraph mark's revision.
    pub mark: Rev,
    pub page_break_before: bool,
}

impl Para {
    /// Returns a paragraph of one plain run in `style`.
    pub fn styled(style: &'static str, text: impl Into<String>) -> Para {
        Para { style: Some(style), ..Para::default() }.text(text)
    }

    /// Returns a paragraph of one plain run.
    pub fn plain(text: impl Into<String>) -> Para {
        Para::default().text(text)
    }

    /// Adds a plain run.
    pub fn text(mut self, text: impl Into<String>) -> Para {
        self.inlines.push(Inline::Text { text: text.into(), rev: Rev::None, strong: false });
        self
    }

    /// Adds a bold run.
    pub fn strong(mut self, text: impl Into<String>) -> Para {
        self.inlines.push(Inline::Text { text: text.into(), rev: Rev::None, strong: true });
        self
    }

    /// Returns true when nothing is written in it.
    pub fn is_empty(&self) -> bool {
        self.inlines.iter().all(|i| matches!(i, Inline::Text { text, .. } if text.is_empty()))
    }
}

/// One table row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub cells: Vec<Vec<Para>>,
    /// A row-level revision (the whole row inserted or deleted).
    pub rev: Rev,
    /// A header row, repeated at the top of each page the table runs over.
    pub header: bool,
    /// A row of one cell over all columns (a group heading).
    pub span: bool,
}

/// A table with column widths in twentieths of a point.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub widths: Vec<u32>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Returns a table with a header row of `heads`.
    pub fn with_heads(widths: Vec<u32>, heads: &[&str]) -> Table {
        let cells = heads.iter().map(|h| vec![Para::default().strong(*h)]).collect();
        Table { widths, rows: vec![Row { cells, header: true, ..Row::default() }] }
    }
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    P(Para),
    T(Table),
    /// A table-of-contents field over headings 1–3, with `entries`
    /// (level, text) already filled in so that it reads before Word
    /// updates it.
    Toc {
        title: String,
        entries: Vec<(usize, String)>,
    },
}

/// Who made the tracked revisions, and when (`2025-06-12T00:00:00Z`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub date: String,
}

/// The main namespace and the others a document part declares.
pub const NAMESPACES: &[(&str, &str)] = &[
    ("xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    ("xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    ("xmlns:wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    ("xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main"),
    ("xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture"),
];

/// Writes XML events into memory.
pub struct Xml {
    w: Writer<Cursor<Vec<u8>>>,
}

impl Default for Xml {
    fn default() -> Self {
        Xml::new()
    }
}

impl Xml {
    /// Starts a part with the XML declaration.
    pub fn new() -> Xml {
        let mut x = Xml { w: Writer::new(Cursor::new(Vec::new())) };
        x.event(Event::Decl(quick_xml::events::BytesDecl::new("1.0", Some("UTF-8"), Some("yes"))));
        x
    }

    /// Starts a fragment, without the declaration.
    pub fn bare() -> Xml {
        Xml { w: Writer::new(Cursor::new(Vec::new())) }
    }

    fn event(&mut self, e: Event<'_>) {
        // Writing into a Vec cannot fail.
        self.w.write_event(e).expect("writing XML into memory");
    }

    /// Opens `name` with `attrs`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(BytesStart::new(name).with_attributes(attrs.iter().copied())));
    }

    /// Closes `name`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// Writes the empty element `name` with `attrs`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(BytesStart::new(name).with_attributes(attrs.iter().copied())));
    }

    /// Writes `<name attrs>text</name>`.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.event(Event::Text(BytesText::new(&clean(text))));
        self.close(name);
    }

    /// Writes `<name attrs>text</name>` with lansplan's own `text` as it
    /// is (XML-escaped, not [`clean`]ed): a field instruction, whose
    /// backslashes are switches.
    pub fn leaf_verbatim(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.event(Event::Text(BytesText::new(text)));
        self.close(name);
    }

    /// Returns the part's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.w.into_inner().into_inner()
    }
}

/// Returns text fit for a document: characters XML cannot hold and those
/// that would act on the reader's screen (controls, bidi overrides) shown
/// as visible escapes, as everywhere else in lansplan.
pub fn clean(s: &str) -> String {
    crate::text::escape(s).into_owned()
}

/// Counters for the ids a document part numbers: revisions, bookmarks, images.
#[derive(Debug, Default)]
struct Ids {
    rev: u32,
    bookmark: u32,
    image: u32,
    /// Each open bookmark's name and id.
    open: Vec<(String, u32)>,
}

/// Writes `body` as the content of `word/document.xml`.
pub fn document(body: &[Block], author: &Author, section: &[u8]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:document", NAMESPACES);
    x.open("w:body", &[]);
    let mut ids = Ids::default();
    for b in body {
        block(&mut x, b, author, &mut ids);
    }
    x.event(Event::Text(BytesText::from_escaped(String::from_utf8_lossy(section))));
    x.close("w:body");
    x.close("w:document");
    x.finish()
}

fn block(x: &mut Xml, b: &Block, author: &Author, ids: &mut Ids) {
    match b {
        Block::P(p) => para(x, p, author, ids),
        Block::T(t) => table(x, t, author, ids),
        Block::Toc { title, entries } => toc(x, title, entries),
    }
}

fn rev_attrs<'a>(author: &'a Author, id: &'a str) -> [(&'a str, &'a str); 3] {
    [("w:id", id), ("w:author", &author.name), ("w:date", &author.date)]
}

fn rev_mark(x: &mut Xml, rev: Rev, author: &Author, ids: &mut Ids) {
    let name = match rev {
        Rev::None => return,
        Rev::Ins => "w:ins",
        Rev::Del => "w:del",
    };
    ids.rev += 1;
    let id = ids.rev.to_string();
    x.empty(name, &rev_attrs(author, &id));
}

fn para(x: &mut Xml, p: &Para, author: &Author, ids: &mut Ids) {
    x.open("w:p", &[]);
    if p.style.is_some() || p.mark != Rev::None || p.page_break_before {
        x.open("w:pPr", &[]);
        if let Some(s) = p.style {
            x.empty("w:pStyle", &[("w:val", s)]);
        }
        if p.page_break_before {
            x.empty("w:pageBreakBefore", &[]);
        }
        if p.mark != Rev::None {
            x.open("w:rPr", &[]);
            rev_mark(x, p.mark, author, ids);
            x.close("w:rPr");
        }
        x.close("w:pPr");
    }
    for i in &p.inlines {
        inline(x, i, author, ids);
    }
    x.close("w:p");
}

fn open_rev(x: &mut Xml, rev: Rev, author: &Author, ids: &mut Ids) -> Option<&'static str> {
    let name = match rev {
        Rev::None => return None,
        Rev::Ins => "w:ins",
        Rev::Del => "w:del",
    };
    ids.rev += 1;
    let id = ids.rev.to_string();
    x.open(name, &rev_attrs(author, &id));
    Some(name)
}

fn inline(x: &mut Xml, i: &Inline, author: &Author, ids: &mut Ids) {
    match i {
        Inline::Text { text, rev, strong } => {
            if text.is_empty() {
                return;
            }
            let wrap = open_rev(x, *rev, author, ids);
            x.open("w:r", &[]);
            if *strong {
                x.open("w:rPr", &[]);
                x.empty("w:b", &[]);
                x.close("w:rPr");
            }
            let t = if *rev == Rev::Del { "w:delText" } else { "w:t" };
            for (n, line) in text.split('\n').enumerate() {
                if n > 0 {
                    x.empty("w:br", &[]);
                }
                if !line.is_empty() {
                    x.leaf(t, &[("xml:space", "preserve")], line);
                }
            }
            x.close("w:r");
            if let Some(w) = wrap {
                x.close(w);
            }
        }
        Inline::AnchorStart(name) => {
            ids.bookmark += 1;
            let id = ids.bookmark.to_string();
            x.empty("w:bookmarkStart", &[("w:id", &id), ("w:name", name)]);
            ids.open.push((name.clone(), ids.bookmark));
        }
        Inline::AnchorEnd(name) => {
            if let Some(at) = ids.open.iter().rposition(|(n, _)| n == name) {
                let (_, id) = ids.open.remove(at);
                x.empty("w:bookmarkEnd", &[("w:id", &id.to_string())]);
            }
        }
        Inline::Image { rel, cx, cy, descr, rev } => {
            ids.image += 1;
            let wrap = open_rev(x, *rev, author, ids);
            x.open("w:r", &[]);
            image(x, rel, *cx, *cy, descr, ids.image);
            x.close("w:r");
            if let Some(w) = wrap {
                x.close(w);
            }
        }
    }
}

fn image(x: &mut Xml, rel: &str, cx: u64, cy: u64, descr: &str, n: u32) {
    let (cx, cy, id) = (cx.to_string(), cy.to_string(), n.to_string());
    let name = format!("Diagram {n}");
    let descr = clean(descr);
    x.open("w:drawing", &[]);
    x.open("wp:inline", &[("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0")]);
    x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
    x.empty("wp:docPr", &[("id", &id), ("name", &name), ("descr", &descr)]);
    x.open("wp:cNvGraphicFramePr", &[]);
    x.empty("a:graphicFrameLocks", &[("noChangeAspect", "1")]);
    x.close("wp:cNvGraphicFramePr");
    x.open("a:graphic", &[]);
    x.open("a:graphicData", &[("uri", "http://schemas.openxmlformats.org/drawingml/2006/picture")]);
    x.open("pic:pic", &[]);
    x.open("pic:nvPicPr", &[]);
    x.empty("pic:cNvPr", &[("id", &id), ("name", &name), ("descr", &descr)]);
    x.empty("pic:cNvPicPr", &[]);
    x.close("pic:nvPicPr");
    x.open("pic:blipFill", &[]);
    x.empty("a:blip", &[("r:embed", rel)]);
    x.open("a:stretch", &[]);
    x.empty("a:fillRect", &[]);
    x.close("a:stretch");
    x.close("pic:blipFill");
    x.open("pic:spPr", &[]);
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", "0"), ("y", "0")]);
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.close("a:xfrm");
    x.open("a:prstGeom", &[("prst", "rect")]);
    x.empty("a:avLst", &[]);
    x.close("a:prstGeom");
    x.close("pic:spPr");
    x.close("pic:pic");
    x.close("a:graphicData");
    x.close("a:graphic");
    x.close("wp:inline");
    x.close("w:drawing");
}

fn table(x: &mut Xml, t: &Table, author: &Author, ids: &mut Ids) {
    let total: u32 = t.widths.iter().sum();
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblStyle", &[("w:val", "TableGrid")]);
    x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for w in &t.widths {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
    for r in &t.rows {
        x.open("w:tr", &[]);
        if r.header || r.rev != Rev::None {
            x.open("w:trPr", &[]);
            if r.header {
                x.empty("w:tblHeader", &[]);
            }
            rev_mark(x, r.rev, author, ids);
            x.close("w:trPr");
        }
        let span = t.widths.len().to_string();
        for (n, cell) in r.cells.iter().enumerate() {
            x.open("w:tc", &[]);
            x.open("w:tcPr", &[]);
            let w = if r.span { total } else { t.widths.get(n).copied().unwrap_or(0) };
            x.empty("w:tcW", &[("w:w", &w.to_string()), ("w:type", "dxa")]);
            if r.span {
                x.empty("w:gridSpan", &[("w:val", &span)]);
            }
            if r.header || r.span {
                x.empty("w:shd", &[("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E7ECF3")]);
            }
            x.close("w:tcPr");
            if cell.is_empty() {
                para(x, &Para { mark: r.rev, ..Para::default() }, author, ids);
            }
            for p in cell {
                para(x, p, author, ids);
            }
            x.close("w:tc");
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
}

/// The table of contents' field: headings 1–3 (`\o`) as links (`\h`),
/// no page numbers in web view (`\z`), outline levels too (`\u`).
const TOC_FIELD: &str = r#" TOC \o "1-3" \h \z \u "#;

fn toc(x: &mut Xml, title: &str, entries: &[(usize, String)]) {
    x.open("w:sdt", &[]);
    x.open("w:sdtPr", &[]);
    x.open("w:docPartObj", &[]);
    x.empty("w:docPartGallery", &[("w:val", "Table of Contents")]);
    x.empty("w:docPartUnique", &[]);
    x.close("w:docPartObj");
    x.close("w:sdtPr");
    x.open("w:sdtContent", &[]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "TOCHeading")]);
    x.empty("w:pageBreakBefore", &[]);
    x.close("w:pPr");
    x.open("w:r", &[]);
    x.leaf("w:t", &[], title);
    x.close("w:r");
    x.close("w:p");
    let field_run = |x: &mut Xml, kind: &str| {
        x.open("w:r", &[]);
        x.empty("w:fldChar", &[("w:fldCharType", kind)]);
        x.close("w:r");
    };
    for (n, (level, text)) in entries.iter().enumerate() {
        x.open("w:p", &[]);
        x.open("w:pPr", &[]);
        x.empty("w:pStyle", &[("w:val", &format!("TOC{}", level.clamp(&1, &3)))]);
        x.close("w:pPr");
        if n == 0 {
            field_run(x, "begin");
            x.open("w:r", &[]);
            x.leaf_verbatim("w:instrText", &[("xml:space", "preserve")], TOC_FIELD);
            x.close("w:r");
            field_run(x, "separate");
        }
        x.open("w:r", &[]);
        x.leaf("w:t", &[("xml:space", "preserve")], text);
        x.close("w:r");
        if n + 1 == entries.len() {
            field_run(x, "end");
        }
        x.close("w:p");
    }
    x.close("w:sdtContent");
    x.close("w:sdt");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author() -> Author {
        Author { name: "FoU <Jämt>".into(), date: "2025-06-12T00:00:00Z".into() }
    }

    #[test]
    fn text_is_escaped_and_controls_are_shown() {
        let p = Para::plain("a < b & \u{1b}[31m \u{202e}");
        let xml = String::from_utf8(document(&[Block::P(p)], &author(), b"")).expect("utf-8");
        assert!(xml.contains("a &lt; b &amp; \\e[31m \\u{202e}"), "{xml}");
        assert!(!xml.contains('\u{1b}'));
    }

    #[test]
    fn revisions_carry_author_and_date_and_deleted_text_is_del_text() {
        let p = Para {
            inlines: vec![
                Inline::AnchorStart("lp_x_1".into()),
                Inline::Text { text: "gammal".into(), rev: Rev::Del, strong: false },
                Inline::Text { text: "ny".into(), rev: Rev::Ins, strong: false },
                Inline::AnchorEnd("lp_x_1".into()),
            ],
            ..Para::default()
        };
        let xml = String::from_utf8(document(&[Block::P(p)], &author(), b"")).expect("utf-8");
        assert!(xml.contains(r#"<w:del w:id="1" w:author="FoU &lt;Jämt&gt;" w:date="2025-06-12T00:00:00Z"><w:r><w:delText xml:space="preserve">gammal</w:delText></w:r></w:del>"#), "{xml}");
        assert!(xml.contains(r#"<w:ins w:id="2""#), "{xml}");
        assert!(
            xml.contains(r#"<w:bookmarkStart w:id="1" w:name="lp_x_1"/>"#)
                && xml.contains(r#"<w:bookmarkEnd w:id="1"/>"#)
        );
    }

    #[test]
    fn the_toc_field_keeps_its_switches() {
        let toc = Block::Toc { title: "Innehåll".into(), entries: vec![(1, "Syfte".into())] };
        let xml = String::from_utf8(document(&[toc], &author(), b"")).expect("utf-8");
        let instr = r#"<w:instrText xml:space="preserve"> TOC \o &quot;1-3&quot; \h \z \u </w:instrText>"#;
        assert!(xml.contains(instr), "{xml}");
    }

    #[test]
    fn header_rows_repeat_and_deleted_rows_are_marked() {
        let mut t = Table::with_heads(vec![1000, 2000], &["Id", "Aktivitet"]);
        t.rows.push(Row { cells: vec![vec![Para::plain("A1")], vec![]], rev: Rev::Del, ..Row::default() });
        let xml = String::from_utf8(document(&[Block::T(t)], &author(), b"")).expect("utf-8");
        assert!(xml.contains("<w:trPr><w:tblHeader/></w:trPr>"), "{xml}");
        assert!(xml.contains(r#"<w:trPr><w:del w:id="1""#), "{xml}");
    }
}
