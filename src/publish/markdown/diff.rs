//! The diff as Markdown fit to paste into a consultation e-mail or an
//! issue: the changes grouped as [`crate::diff::present`] groups them, each
//! presented change painted with Markdown's marks (struck-out old words,
//! bold new ones).

use std::fmt::Write as _;

use super::md;
use crate::diff::Change;
use crate::diff::present::{SegKind, Segment, capitalized, grouped, name_of, present, section_title, show_value};
use crate::diff::semantic::Op;
use crate::i18n::Lang;
use crate::plan::model::{Plan, Value};
use crate::plan::schema::Kind;

fn revision_line(p: &Plan, lang: Lang) -> String {
    let r = &p.revision;
    let status = show_value(Kind::Revision, "status", r.get("status").unwrap_or(&Value::Str(String::new())), lang);
    let date = r.date("date").map(|d| d.to_string()).unwrap_or_default();
    format!("{} ({date}, {status})", md(r.str("version")))
}

/// Renders the whole diff as Markdown.
pub fn render(old: &Plan, new: &Plan, changes: &[Change], lang: Lang) -> String {
    render_annotated(old, new, changes, &|_| Vec::new(), lang)
}

/// Renders the diff as Markdown with `notes` (unescaped lines, such as
/// the consultation points behind a change) as a list under each change.
pub fn render_annotated(
    old: &Plan,
    new: &Plan,
    changes: &[Change],
    notes: &dyn Fn(&Change) -> Vec<String>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}", lang.pick("Ändringar", "Changes"), md(new.plan.str("title")));
    let _ = writeln!(out);
    let n = changes.len();
    let _ = writeln!(
        out,
        "{} {} {} {}: **{n}** {}.",
        lang.pick("Från version", "From version"),
        revision_line(old, lang),
        lang.pick("till", "to"),
        revision_line(new, lang),
        if n == 1 { lang.pick("ändring", "change") } else { lang.pick("ändringar", "changes") }
    );
    for (section, goals) in grouped(old, new, changes) {
        let _ = writeln!(out);
        let _ = writeln!(out, "## {}", md(&section_title(old, new, &section, lang)));
        for (goal, list) in goals {
            let _ = writeln!(out);
            if let Some(g) = goal {
                let _ = writeln!(out, "### {} {}", lang.pick("Mål", "Goal"), md(&name_of(old, new, Kind::Goal, &g)));
                let _ = writeln!(out);
            }
            for c in list {
                let _ = writeln!(out, "{}", change_line(old, new, c, lang));
                for note in notes(c) {
                    let _ = writeln!(out, "  - ↳ {}", md(&note));
                }
            }
        }
    }
    out
}

/// Renders one change as a Markdown list item.
pub fn change_line(old: &Plan, new: &Plan, c: &Change, lang: Lang) -> String {
    let p = present(old, new, c, lang);
    let what = md(&capitalized(&p.subject));
    let body = paint(&p.inline, p.op);
    match p.op {
        Op::Added | Op::Removed | Op::Moved => {
            let mut line = format!("- {what} **{}**: {body}", p.word);
            if let Some(same) = &p.same_as {
                let _ = write!(
                    line,
                    " _({} {})_",
                    lang.pick("troligen samma som den nya", "probably the same as the new"),
                    md(same)
                );
            }
            line
        }
        Op::Changed => {
            let field = p.field.unwrap_or_default().to_lowercase();
            format!("- {what}, {field}: {body}")
        }
    }
}

/// Paints segments with Markdown's marks: old text struck out, new text
/// bold. A whole added or removed item, and the two ends of a move, stand
/// unmarked: the line's bold word says what happened to them.
fn paint(segments: &[Segment], op: Op) -> String {
    let mut out = String::new();
    for s in segments {
        let t = md(&s.text);
        match s.kind {
            SegKind::Old | SegKind::New if op != Op::Changed => out.push_str(&t),
            SegKind::Label | SegKind::Context => out.push_str(&t),
            // Keep the whitespace outside the markers, where Markdown wants it.
            SegKind::Old | SegKind::Deleted => wrap(&mut out, &t, "~~"),
            SegKind::New | SegKind::Inserted => wrap(&mut out, &t, "**"),
        }
    }
    out
}

fn wrap(out: &mut String, t: &str, mark: &str) {
    let core = t.trim();
    if core.is_empty() {
        out.push_str(t);
        return;
    }
    let lead = &t[..t.len() - t.trim_start().len()];
    let trail = &t[t.trim_end().len()..];
    let _ = write!(out, "{lead}{mark}{core}{mark}{trail}");
}
