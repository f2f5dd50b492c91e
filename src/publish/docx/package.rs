//! The parts of a .docx package around the document body: content types,
//! relationships, the styles (Word's built-in heading ids, so the
//! navigation pane and a PDF made from the file have structure, and the
//! document language), settings, the core and custom properties, and the
//! images; zipped into one file.

use std::io::{Cursor, Write};

use super::model::{Author, Block, Xml, document};
use crate::i18n::Lang;

/// What the package holds besides the body.
pub struct Package<'a> {
    pub body: &'a [Block],
    pub author: &'a Author,
    pub lang: Lang,
    pub title: &'a str,
    /// Images by file name (`image1.png`); relationship ids follow the order.
    pub images: &'a [Vec<u8>],
    /// Custom document properties (name, value), kept by Word and LibreOffice.
    pub properties: &'a [(&'a str, String)],
    /// Whether Word should track the reader's edits (a diff for review).
    pub track: bool,
}

/// Returns the relationship id of the `n`-th image (0-based).
pub fn image_rel(n: usize) -> String {
    format!("rIdImage{}", n + 1)
}

/// Returns the language tag of the document.
pub fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "sv-SE",
        Lang::En => "en-GB",
    }
}

/// Why a package could not be written (only the zip writer can fail,
/// and in memory it does not; kept as an error all the same).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the document: {0}")]
pub struct PackError(String);

/// Returns the .docx file.
pub fn pack(p: &Package<'_>) -> Result<Vec<u8>, PackError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let err = |e: &dyn std::fmt::Display| PackError(e.to_string());
    let mut part = |name: &str, bytes: &[u8]| -> Result<(), PackError> {
        zip.start_file(name, opts).map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))
    };
    part("[Content_Types].xml", &content_types())?;
    part("_rels/.rels", &package_rels())?;
    part("docProps/core.xml", &core(p))?;
    part("docProps/app.xml", &app())?;
    part("docProps/custom.xml", &custom(p.properties))?;
    part("word/document.xml", &document(p.body, p.author, &section()))?;
    part("word/_rels/document.xml.rels", &document_rels(p.images.len()))?;
    part("word/styles.xml", &styles(p.lang))?;
    part("word/settings.xml", &settings(p.lang, p.track))?;
    part("word/footer1.xml", &footer())?;
    for (n, img) in p.images.iter().enumerate() {
        part(&format!("word/media/image{}.png", n + 1), img)?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn content_types() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Types", &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")]);
    x.empty(
        "Default",
        &[("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")],
    );
    x.empty("Default", &[("Extension", "xml"), ("ContentType", "application/xml")]);
    x.empty("Default", &[("Extension", "png"), ("ContentType", "image/png")]);
    let ooxml = "application/vnd.openxmlformats-officedocument";
    for (part, ty) in [
        ("/word/document.xml", format!("{ooxml}.wordprocessingml.document.main+xml")),
        ("/word/styles.xml", format!("{ooxml}.wordprocessingml.styles+xml")),
        ("/word/settings.xml", format!("{ooxml}.wordprocessingml.settings+xml")),
        ("/word/footer1.xml", format!("{ooxml}.wordprocessingml.footer+xml")),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml".to_string()),
        ("/docProps/app.xml", format!("{ooxml}.extended-properties+xml")),
        ("/docProps/custom.xml", format!("{ooxml}.custom-properties+xml")),
    ] {
        x.empty("Override", &[("PartName", part), ("ContentType", &ty)]);
    }
    x.close("Types");
    x.finish()
}

fn package_rels() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", PKG_REL)]);
    x.empty(
        "Relationship",
        &[("Id", "rId1"), ("Type", &format!("{REL}/officeDocument")), ("Target", "word/document.xml")],
    );
    x.empty(
        "Relationship",
        &[
            ("Id", "rId2"),
            ("Type", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"),
            ("Target", "docProps/core.xml"),
        ],
    );
    x.empty(
        "Relationship",
        &[("Id", "rId3"), ("Type", &format!("{REL}/extended-properties")), ("Target", "docProps/app.xml")],
    );
    x.empty(
        "Relationship",
        &[("Id", "rId4"), ("Type", &format!("{REL}/custom-properties")), ("Target", "docProps/custom.xml")],
    );
    x.close("Relationships");
    x.finish()
}

fn document_rels(images: usize) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", PKG_REL)]);
    x.empty("Relationship", &[("Id", "rIdStyles"), ("Type", &format!("{REL}/styles")), ("Target", "styles.xml")]);
    x.empty("Relationship", &[("Id", "rIdSettings"), ("Type", &format!("{REL}/settings")), ("Target", "settings.xml")]);
    x.empty("Relationship", &[("Id", "rIdFooter"), ("Type", &format!("{REL}/footer")), ("Target", "footer1.xml")]);
    for n in 0..images {
        let target = format!("media/image{}.png", n + 1);
        x.empty("Relationship", &[("Id", &image_rel(n)), ("Type", &format!("{REL}/image")), ("Target", &target)]);
    }
    x.close("Relationships");
    x.finish()
}

fn core(p: &Package<'_>) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.leaf("dc:title", &[], p.title);
    x.leaf("dc:creator", &[], &p.author.name);
    x.leaf("cp:lastModifiedBy", &[], GENERATOR);
    x.leaf("dc:language", &[], lang_tag(p.lang));
    x.leaf("dcterms:created", &[("xsi:type", "dcterms:W3CDTF")], &p.author.date);
    x.leaf("dcterms:modified", &[("xsi:type", "dcterms:W3CDTF")], &p.author.date);
    x.close("cp:coreProperties");
    x.finish()
}

/// The name lansplan writes as the last to have modified a document: an
/// import knows the reviewer did not save it when this is still there.
pub const GENERATOR: &str = "lansplan";

fn app() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Properties", &[("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")]);
    x.leaf("Application", &[], &format!("lansplan {}", env!("CARGO_PKG_VERSION")));
    x.close("Properties");
    x.finish()
}

fn custom(props: &[(&str, String)]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[
            ("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
            ("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
        ],
    );
    for (n, (name, value)) in props.iter().enumerate() {
        let pid = (n + 2).to_string();
        x.open("property", &[("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"), ("pid", &pid), ("name", name)]);
        x.leaf("vt:lpwstr", &[], value);
        x.close("property");
    }
    x.close("Properties");
    x.finish()
}

/// The section: A4 portrait, 2.5 cm margins, the page number in the footer.
fn section() -> Vec<u8> {
    let mut x = Xml::bare();
    x.open("w:sectPr", &[]);
    x.empty("w:footerReference", &[("w:type", "default"), ("r:id", "rIdFooter")]);
    x.empty("w:pgSz", &[("w:w", "11906"), ("w:h", "16838")]);
    x.empty(
        "w:pgMar",
        &[
            ("w:top", "1418"),
            ("w:right", "1418"),
            ("w:bottom", "1418"),
            ("w:left", "1418"),
            ("w:header", "709"),
            ("w:footer", "709"),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:titlePg", &[]);
    x.close("w:sectPr");
    x.finish()
}

fn footer() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", W)]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:jc", &[("w:val", "center")]);
    x.close("w:pPr");
    x.open("w:r", &[]);
    x.empty("w:fldChar", &[("w:fldCharType", "begin")]);
    x.close("w:r");
    x.open("w:r", &[]);
    x.leaf("w:instrText", &[("xml:space", "preserve")], " PAGE ");
    x.close("w:r");
    x.open("w:r", &[]);
    x.empty("w:fldChar", &[("w:fldCharType", "separate")]);
    x.close("w:r");
    x.open("w:r", &[]);
    x.leaf("w:t", &[], "1");
    x.close("w:r");
    x.open("w:r", &[]);
    x.empty("w:fldChar", &[("w:fldCharType", "end")]);
    x.close("w:r");
    x.close("w:p");
    x.close("w:ftr");
    x.finish()
}

fn settings(lang: Lang, track: bool) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", W)]);
    if track {
        x.empty("w:trackRevisions", &[]);
    }
    x.empty("w:defaultTabStop", &[("w:val", "1304")]);
    // Word fills the table of contents in with page numbers on opening.
    x.empty("w:updateFields", &[("w:val", "true")]);
    x.empty("w:themeFontLang", &[("w:val", lang_tag(lang))]);
    x.empty("w:compat", &[]);
    x.close("w:settings");
    x.finish()
}

/// One paragraph style: id, name (Word's own English name, which Word
/// shows translated: "heading 1" as "Rubrik 1"), outline level, size in
/// half-points, bold, space before and after in twips.
struct Style {
    id: &'static str,
    name: &'static str,
    outline: Option<u8>,
    size: u32,
    bold: bool,
    before: u32,
    after: u32,
    color: Option<&'static str>,
}

const STYLES: &[Style] = &[
    Style {
        id: "Title",
        name: "Title",
        outline: None,
        size: 52,
        bold: true,
        before: 2400,
        after: 240,
        color: Some("1D4F91"),
    },
    Style {
        id: "Subtitle",
        name: "Subtitle",
        outline: None,
        size: 28,
        bold: false,
        before: 0,
        after: 160,
        color: Some("444444"),
    },
    Style {
        id: "Heading1",
        name: "heading 1",
        outline: Some(0),
        size: 32,
        bold: true,
        before: 360,
        after: 120,
        color: Some("1D4F91"),
    },
    Style {
        id: "Heading2",
        name: "heading 2",
        outline: Some(1),
        size: 26,
        bold: true,
        before: 240,
        after: 80,
        color: Some("1D4F91"),
    },
    Style {
        id: "Heading3",
        name: "heading 3",
        outline: Some(2),
        size: 23,
        bold: true,
        before: 200,
        after: 60,
        color: None,
    },
    Style {
        id: "TOCHeading",
        name: "TOC Heading",
        outline: None,
        size: 32,
        bold: true,
        before: 0,
        after: 120,
        color: Some("1D4F91"),
    },
    Style { id: "TOC1", name: "toc 1", outline: None, size: 22, bold: true, before: 120, after: 0, color: None },
    Style { id: "TOC2", name: "toc 2", outline: None, size: 22, bold: false, before: 0, after: 0, color: None },
    Style { id: "TOC3", name: "toc 3", outline: None, size: 20, bold: false, before: 0, after: 0, color: None },
    Style { id: "Caption", name: "caption", outline: None, size: 20, bold: true, before: 120, after: 60, color: None },
    Style {
        id: "Note",
        name: "Note",
        outline: None,
        size: 20,
        bold: false,
        before: 0,
        after: 60,
        color: Some("555555"),
    },
];

fn styles(lang: Lang) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", W)]);
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]);
    x.open("w:rPr", &[]);
    x.empty(
        "w:rFonts",
        &[("w:ascii", "Calibri"), ("w:hAnsi", "Calibri"), ("w:cs", "Calibri"), ("w:eastAsia", "Calibri")],
    );
    x.empty("w:sz", &[("w:val", "22")]);
    x.empty("w:szCs", &[("w:val", "22")]);
    x.empty("w:lang", &[("w:val", lang_tag(lang)), ("w:eastAsia", lang_tag(lang)), ("w:bidi", "ar-SA")]);
    x.close("w:rPr");
    x.close("w:rPrDefault");
    x.open("w:pPrDefault", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:spacing", &[("w:after", "120"), ("w:line", "264"), ("w:lineRule", "auto")]);
    x.close("w:pPr");
    x.close("w:pPrDefault");
    x.close("w:docDefaults");

    x.open("w:style", &[("w:type", "paragraph"), ("w:default", "1"), ("w:styleId", "Normal")]);
    x.empty("w:name", &[("w:val", "Normal")]);
    x.empty("w:qFormat", &[]);
    x.close("w:style");
    for s in STYLES {
        x.open("w:style", &[("w:type", "paragraph"), ("w:styleId", s.id)]);
        x.empty("w:name", &[("w:val", s.name)]);
        x.empty("w:basedOn", &[("w:val", "Normal")]);
        x.empty("w:next", &[("w:val", "Normal")]);
        if s.outline.is_some() || s.id == "Title" {
            x.empty("w:qFormat", &[]);
        }
        x.open("w:pPr", &[]);
        if s.outline.is_some() || s.id == "TOCHeading" || s.id == "Caption" {
            x.empty("w:keepNext", &[]);
        }
        x.empty("w:spacing", &[("w:before", &s.before.to_string()), ("w:after", &s.after.to_string())]);
        if s.id.starts_with("TOC") && s.id.len() == 4 {
            let indent = (u32::from(s.id.as_bytes()[3] - b'1') * 240).to_string();
            x.empty("w:ind", &[("w:left", &indent)]);
            x.open("w:tabs", &[]);
            x.empty("w:tab", &[("w:val", "right"), ("w:leader", "dot"), ("w:pos", "9060")]);
            x.close("w:tabs");
        }
        if let Some(level) = s.outline {
            x.empty("w:outlineLvl", &[("w:val", &level.to_string())]);
        }
        x.close("w:pPr");
        x.open("w:rPr", &[]);
        if s.bold {
            x.empty("w:b", &[]);
        }
        if let Some(c) = s.color {
            x.empty("w:color", &[("w:val", c)]);
        }
        x.empty("w:sz", &[("w:val", &s.size.to_string())]);
        x.empty("w:szCs", &[("w:val", &s.size.to_string())]);
        x.close("w:rPr");
        x.close("w:style");
    }
    x.open("w:style", &[("w:type", "table"), ("w:styleId", "TableGrid")]);
    x.empty("w:name", &[("w:val", "Table Grid")]);
    x.open("w:pPr", &[]);
    x.empty("w:spacing", &[("w:before", "40"), ("w:after", "40")]);
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    x.empty("w:sz", &[("w:val", "19")]);
    x.empty("w:szCs", &[("w:val", "19")]);
    x.close("w:rPr");
    x.open("w:tblPr", &[]);
    x.open("w:tblBorders", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        x.empty(side, &[("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "A6A6A6")]);
    }
    x.close("w:tblBorders");
    x.open("w:tblCellMar", &[]);
    x.empty("w:left", &[("w:w", "85"), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", "85"), ("w:type", "dxa")]);
    x.close("w:tblCellMar");
    x.close("w:tblPr");
    x.close("w:style");
    x.close("w:styles");
    x.finish()
}
