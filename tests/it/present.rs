//! The one change presenter and its painters: on every pair of example
//! revisions in plans/ (both ways), the text diff and the Markdown diff
//! show each change's presented segments, the same text in the same
//! classes (old, new, plain), only painted differently.

use lansplan::cli::diff::render_text;
use lansplan::diff::diff;
use lansplan::diff::present::{Presented, SegKind, capitalized, present};
use lansplan::diff::{Change, Op};
use lansplan::i18n::Lang;
use lansplan::plan::{Loaded, load_str};
use lansplan::publish::markdown::diff::change_line;
use lansplan::text;
use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::common::{TODAY, repo_path, toml_files};

/// How a run of text is painted, whatever the medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Plain,
    Old,
    New,
}

/// Text as classed characters, white space left out: Markdown moves it
/// outside its marks, and the classes and the words are what must agree.
type Classed = Vec<(Class, char)>;

fn classed(class: Class, s: &str) -> Classed {
    s.chars().filter(|c| !c.is_whitespace()).map(|c| (class, c)).collect()
}

fn class_of(kind: SegKind) -> Class {
    match kind {
        SegKind::Label | SegKind::Context => Class::Plain,
        SegKind::Old | SegKind::Deleted => Class::Old,
        SegKind::New | SegKind::Inserted => Class::New,
    }
}

/// Every ordered pair of different plan revisions in the same folder of plans/.
fn pairs() -> Vec<(String, Loaded, Loaded)> {
    let mut out = Vec::new();
    for county in ["plans/jamtland", "plans/vasternorrland"] {
        let mut files = Vec::new();
        toml_files(&repo_path(county), &mut files);
        files.sort();
        let plans: Vec<_> = files
            .iter()
            .filter_map(|p| {
                let text = std::fs::read_to_string(p).expect("readable");
                let l = load_str(text, TODAY).ok()?.require_plan().ok()?;
                Some((p.file_name().expect("name").to_string_lossy().into_owned(), l))
            })
            .collect();
        for (i, (a, la)) in plans.iter().enumerate() {
            for (j, (b, lb)) in plans.iter().enumerate() {
                if i != j {
                    out.push((format!("{a} → {b}"), la.clone(), lb.clone()));
                }
            }
        }
    }
    out
}

/// What both painters must show of a change: its subject, and its inline
/// segments in their classes (a whole added, removed or moved item is
/// painted by the line, so its segments count as plain), each text as the
/// medium shows it (`shown`: the terminal makes a line break visible).
fn expected(p: &Presented, shown: fn(&str) -> String) -> Classed {
    let mut out = classed(Class::Plain, &shown(&p.subject));
    for s in &p.inline {
        let class = if p.op == Op::Changed { class_of(s.kind) } else { Class::Plain };
        out.extend(classed(class, &shown(&s.text)));
    }
    out
}

/// Reads a change line of the coloured text diff back into classes.
fn from_text(line: &str, p: &Presented, lang: Lang) -> Classed {
    let mut out = Vec::new();
    let mut class = Class::Plain;
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("\x1b[") {
            let end = after.find('m').expect("an SGR sequence ends");
            class = match &after[..end] {
                "1;31;7" => Class::Old,
                "1;32;7" => Class::New,
                _ => Class::Plain,
            };
            rest = &after[end + 1..];
            continue;
        }
        let next = rest.find('\x1b').unwrap_or(rest.len());
        out.extend(classed(class, &rest[..next]));
        rest = &rest[next..];
    }
    // The painter's own frame: its sign, the operation word, the field.
    let frame = match p.op {
        Op::Added => "+".to_string(),
        Op::Removed => "-".to_string(),
        Op::Moved => "→".to_string(),
        Op::Changed => "~".to_string(),
    };
    strip_frame(out, &frame, p, lang)
}

/// Reads a change line of the Markdown diff back into classes.
fn from_markdown(line: &str, p: &Presented, lang: Lang) -> Classed {
    let mut out = Vec::new();
    let (mut struck, mut strong) = (0, 0);
    for ev in Parser::new_ext(line, Options::ENABLE_STRIKETHROUGH) {
        match ev {
            Event::Start(Tag::Strikethrough) => struck += 1,
            Event::End(pulldown_cmark::TagEnd::Strikethrough) => struck -= 1,
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(pulldown_cmark::TagEnd::Strong) => strong -= 1,
            Event::InlineHtml(h) => match &*h {
                "<del>" => struck += 1,
                "</del>" => struck -= 1,
                "<ins>" => strong += 1,
                "</ins>" => strong -= 1,
                other => panic!("no HTML but lansplan's marks: {other}"),
            },
            Event::Text(t) => {
                let class = match (struck, strong) {
                    (0, 0) => Class::Plain,
                    (_, 0) => Class::Old,
                    _ => Class::New,
                };
                out.extend(classed(class, &t));
            }
            _ => {}
        }
    }
    // The operation word of a whole-item line is bold: the frame's, not a value.
    let out = out.into_iter().map(|(c, ch)| if p.op == Op::Changed { (c, ch) } else { (Class::Plain, ch) }).collect();
    strip_frame(lowercase_first(out), "", p, lang)
}

fn lowercase_first(mut v: Classed) -> Classed {
    if let Some((_, c)) = v.first_mut() {
        *c = c.to_lowercase().next().unwrap_or(*c);
    }
    v
}

/// Takes a painter's frame off a change line read back: the sign in
/// front, the operation word or field label and its colon after the
/// subject, the "probably the same as" hint at the end.
fn strip_frame(v: Classed, sign: &str, p: &Presented, lang: Lang) -> Classed {
    let mut v: Classed = v.into_iter().skip(sign.chars().count()).collect();
    let subject = classed(Class::Plain, &text::escape(&p.subject)).len();
    let frame = match p.op {
        Op::Changed => format!(",{}:", p.field.unwrap_or_default().to_lowercase()),
        _ => format!("{}:", p.word),
    };
    let frame = classed(Class::Plain, &frame);
    assert_eq!(v[subject..subject + frame.len()], frame[..], "the frame after the subject");
    v.drain(subject..subject + frame.len());
    if let Some(same) = &p.same_as {
        let hint = format!("({} {same})", lang.pick("troligen samma som den nya", "probably the same as the new"));
        let hint = classed(Class::Plain, &hint);
        assert!(v.ends_with(&hint), "the hint at the end");
        v.truncate(v.len() - hint.len());
    }
    v
}

/// Returns the last change of a text diff: its line and the lines of its
/// text's further paragraphs (indented by six, or empty), joined.
fn last_change(s: &str) -> String {
    let lines: Vec<&str> = s.trim_end().lines().collect();
    let start = lines.iter().rposition(|l| !l.is_empty() && !l.starts_with("      ")).expect("a change line");
    lines[start..].join("\n")
}

#[test]
fn text_and_markdown_paint_the_same_segments_on_every_example_pair() {
    let pairs = pairs();
    assert!(pairs.len() >= 8, "{} pairs", pairs.len());
    let mut seen = [0usize; 4];
    for (name, a, b) in &pairs {
        let changes = diff(&a.plan, &b.plan);
        assert!(!changes.is_empty(), "{name}");
        for lang in [Lang::Sv, Lang::En] {
            for c in &changes {
                let p = present(&a.plan, &b.plan, c, lang);
                let want = expected(&p, |s| text::escape_multiline(s).into_owned());
                let one: Vec<Change> = vec![c.clone()];
                let text_out = render_text(a, b, &one, true, lang);
                let got = from_text(&last_change(&text_out), &p, lang);
                assert_eq!(got, want, "{name}, {lang:?}, text: {}", text::escape(&last_change(&text_out)));
                let md = change_line(&a.plan, &b.plan, c, lang);
                let got = from_markdown(&md, &p, lang);
                let want = expected(&p, str::to_string);
                assert_eq!(got, want, "{name}, {lang:?}, markdown: {md}");
                seen[p.op as usize] += 1;
            }
        }
    }
    assert!(seen.iter().all(|n| *n > 0), "every operation is among the examples: {seen:?}");
}

#[test]
fn capitalized_changes_only_the_first_letter() {
    assert_eq!(capitalized("ändrad aktivitet A5"), "Ändrad aktivitet A5");
    assert_eq!(capitalized(""), "");
}
