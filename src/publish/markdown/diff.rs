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
    let pieces: Vec<(String, Option<Mark>)> = segments
        .iter()
        .map(|s| {
            let mark = match s.kind {
                SegKind::Old | SegKind::New if op != Op::Changed => None,
                SegKind::Label | SegKind::Context => None,
                SegKind::Old | SegKind::Deleted => Some(Mark::Del),
                SegKind::New | SegKind::Inserted => Some(Mark::Ins),
            };
            (md_inline(&s.text), mark)
        })
        .collect();
    let mut out = String::new();
    for (n, (t, mark)) in pieces.iter().enumerate() {
        let Some(mark) = mark else {
            out.push_str(t);
            continue;
        };
        let next = pieces.get(n + 1).and_then(|(t, _)| t.chars().next());
        wrap(&mut out, t, *mark, next);
    }
    out
}

/// Escapes a piece of a line: spaces before it need no escape, as they
/// would at the start of a line (the body of a change follows its label).
fn md_inline(s: &str) -> String {
    let body = s.trim_start_matches(' ');
    format!("{}{}", &s[..s.len() - body.len()], md(body))
}

/// How a run of changed text is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Del,
    Ins,
}

/// Writes `t` marked, the whitespace at its ends outside the marks, where
/// Markdown wants it. Markdown's `**` and `~~` open only where a run is
/// not glued to a word by punctuation (`länet**, med**`): such a run is
/// marked with `<del>` or `<ins>` instead.
fn wrap(out: &mut String, t: &str, mark: Mark, next: Option<char>) {
    let core = t.trim();
    if core.is_empty() {
        out.push_str(t);
        return;
    }
    let lead = &t[..t.len() - t.trim_start().len()];
    let trail = &t[t.trim_end().len()..];
    out.push_str(lead);
    let before = out.chars().next_back();
    let after = trail.chars().next().or(next);
    let loose = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_punct(c));
    let first = core.chars().next().is_some_and(is_punct);
    let last = core.chars().next_back().is_some_and(is_punct);
    let flanks = (!first || loose(before)) && (!last || loose(after));
    let (open, close) = match (mark, flanks) {
        (Mark::Del, true) => ("~~", "~~"),
        (Mark::Ins, true) => ("**", "**"),
        (Mark::Del, false) => ("<del>", "</del>"),
        (Mark::Ins, false) => ("<ins>", "</ins>"),
    };
    let _ = write!(out, "{open}{core}{close}{trail}");
}

/// Returns true for what CommonMark counts as punctuation.
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::present::Segment;

    fn seg(kind: SegKind, text: &str) -> Segment {
        Segment { kind, text: text.into() }
    }

    // Issue #16: a run glued to a word by punctuation ("länet, med …")
    // cannot open `**` in CommonMark; it is marked with <ins> instead.
    #[test]
    fn a_run_glued_to_a_word_by_punctuation_is_marked_with_tags() {
        let glued = [
            seg(SegKind::Context, "i hela länet"),
            seg(SegKind::Inserted, ", med brukare"),
            seg(SegKind::Context, "."),
        ];
        assert_eq!(paint(&glued, Op::Changed), "i hela länet<ins>, med brukare</ins>.");
        let loose =
            [seg(SegKind::Context, "i hela "), seg(SegKind::Deleted, "länet"), seg(SegKind::Inserted, " regionen")];
        assert_eq!(paint(&loose, Op::Changed), "i hela ~~länet~~ **regionen**");
        let whole = [seg(SegKind::Old, "a"), seg(SegKind::Label, " → "), seg(SegKind::New, "b")];
        assert_eq!(paint(&whole, Op::Changed), "~~a~~ → **b**");
        assert_eq!(paint(&whole, Op::Moved), "a → b");
    }
}
