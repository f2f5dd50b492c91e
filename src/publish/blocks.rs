//! A small document model (headings, paragraphs, tables) that renders as
//! Markdown or as HTML, so a section written once (the summary of a
//! consultation, the decisions on a revision) reads the same in both
//! exports. Text is plain here; each renderer escapes it.

use std::fmt::Write as _;

use super::html::esc;
use super::one_line;
use crate::publish::markdown::md;

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of `level` (1 = the document's title) with an anchor id.
    Heading {
        level: usize,
        text: String,
        id: Option<String>,
    },
    Para(String),
    /// A paragraph in a muted or emphasised style ("no answer", a warning).
    Note(String),
    Table {
        heads: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// Returns a Markdown table cell or heading: one line, escaped.
fn cell(s: &str) -> String {
    md(&one_line(s))
}

/// Renders blocks as Markdown.
pub fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading { level, text, .. } => {
                let _ = writeln!(out, "{} {}\n", "#".repeat((*level).clamp(1, 6)), cell(text));
            }
            Block::Para(t) => {
                let _ = writeln!(out, "{}\n", cell(t));
            }
            Block::Note(t) => {
                let _ = writeln!(out, "_{}_\n", cell(t));
            }
            Block::Table { heads, rows } => {
                let _ = writeln!(out, "| {} |", heads.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(heads.len()));
                for r in rows {
                    let cells: Vec<String> =
                        r.iter().map(|c| if c.is_empty() { "–".into() } else { cell(c) }).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Renders blocks as HTML (a fragment: no `<html>` or `<body>`).
pub fn html(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading { level, text, id } => {
                let level = (*level).clamp(1, 6);
                let id = id.as_ref().map(|i| format!(" id=\"{}\"", esc(i))).unwrap_or_default();
                let _ = writeln!(out, "<h{level}{id}>{}</h{level}>", esc(&one_line(text)));
            }
            Block::Para(t) => {
                let _ = writeln!(out, "<p>{}</p>", esc(&one_line(t)));
            }
            Block::Note(t) => {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&one_line(t)));
            }
            Block::Table { heads, rows } => {
                let _ = write!(out, "<table><thead><tr>");
                for h in heads {
                    let _ = write!(out, "<th scope=\"col\">{}</th>", esc(&one_line(h)));
                }
                let _ = writeln!(out, "</tr></thead><tbody>");
                for r in rows {
                    let _ = write!(out, "<tr>");
                    for (n, c) in r.iter().enumerate() {
                        let c = if c.is_empty() { "–".to_string() } else { esc(&one_line(c)) };
                        if n == 0 {
                            let _ = write!(out, "<th scope=\"row\">{c}</th>");
                        } else {
                            let _ = write!(out, "<td>{c}</td>");
                        }
                    }
                    let _ = writeln!(out, "</tr>");
                }
                let _ = writeln!(out, "</tbody></table>");
            }
        }
    }
    out
}

/// Wraps an HTML fragment as a complete page in `lang` with the export's style.
pub fn html_page(title: &str, body: &str, lang: crate::i18n::Lang) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"lansplan {}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        lang.code(),
        env!("CARGO_PKG_VERSION"),
        esc(&one_line(title)),
        include_str!("style.css")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_renderings_escape_what_comes_from_a_file() {
        let blocks = vec![
            Block::Heading { level: 2, text: "A <b> | *x*".into(), id: Some("r\"1".into()) },
            Block::Table { heads: vec!["H".into()], rows: vec![vec!["\u{1b}[31m|".into()], vec![String::new()]] },
        ];
        let md = markdown(&blocks);
        assert!(md.contains("## A \\<b\\> \\| \\*x\\*"), "{md}");
        assert!(md.contains("| \\\\e\\[31m\\| |") || md.contains("\\e"), "{md}");
        assert!(!md.contains('\u{1b}'));
        let h = html(&blocks);
        assert!(h.contains("<h2 id=\"r&quot;1\">A &lt;b&gt; | *x*</h2>"), "{h}");
        assert!(h.contains("<th scope=\"row\">\\e[31m|</th>") && h.contains("<th scope=\"row\">–</th>"), "{h}");
    }
}
