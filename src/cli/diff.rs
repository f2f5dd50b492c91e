//! `lansplan diff OLD NEW` and `lansplan diff FILE --from REV [--to REV]`:
//! the semantic diff as coloured text, JSON or Markdown, or as a Word
//! document with every change a tracked revision. Exit status as diff(1):
//! 0 same, 1 different, 2 trouble. Also `lansplan log`. A REV is a plan
//! version label from the file's history (the newest commit in which the
//! file has that version) or, failing that, a git revision.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::Path;

use super::{exit, fail, shown};
use crate::diff::present::{SegKind, Segment, grouped, name_of, present, section_title, show_value};
use crate::diff::{Change, Op, diff, json};
use crate::i18n::Lang;
use crate::plan::git;
use crate::plan::{Kind, Loaded, load};
use crate::text;

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
    /// NEW as a Word document with the changes as tracked revisions (needs -o)
    Docx,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Where one side of the diff comes from.
pub enum Side<'a> {
    File(&'a Path),
    Git(&'a Path, &'a str),
}

/// Reads one side's text, or prints why it cannot and returns exit code 2.
fn read(side: &Side<'_>, lang: Lang) -> Result<(String, String), i32> {
    let (bytes, name) = match side {
        Side::File(p) => match load::read_limited(p) {
            Ok(b) => (b, shown(p)),
            Err(e) => {
                eprintln!("{}", e.render(&shown(p), lang));
                return Err(2);
            }
        },
        Side::Git(p, rev) => match at_revision(p, rev, lang) {
            Ok(b) => (b, format!("{}@{}", shown(p), text::escape(rev))),
            Err(e) => {
                fail(lang, e.get(lang));
                return Err(2);
            }
        },
    };
    match load::decode(bytes) {
        Ok(text) => Ok((text, name)),
        Err(e) => {
            eprintln!("{}", e.render(&name, lang));
            Err(2)
        }
    }
}

/// Reads files and loads them with the loader of revisions compared or
/// merged together (the first is the one the others are compared with),
/// reporting each that cannot be read, or with `plans` is not a plan.
pub(super) fn load_files<const N: usize>(paths: [&Path; N], plans: bool, lang: Lang) -> Option<[Loaded; N]> {
    let report = |e: load::LoadError, p: &Path| eprintln!("{}", e.render(&shown(p), lang));
    let texts: Vec<String> = paths.iter().filter_map(|p| load::read_text(p).map_err(|e| report(e, p)).ok()).collect();
    let loads = load::load_revisions(<[String; N]>::try_from(texts).ok()?);
    let loaded: Vec<Loaded> = loads
        .into_iter()
        .zip(paths)
        .filter_map(|(l, p)| {
            l.and_then(|l| if plans { l.require_plan() } else { Ok(l) }).map_err(|e| report(e, p)).ok()
        })
        .collect();
    <[Loaded; N]>::try_from(loaded).ok()
}

/// Runs the diff and returns the exit code.
pub fn run(old: Side<'_>, new: Side<'_>, format: Format, color: ColorWhen, lang: Lang) -> i32 {
    let (a, b) = match (read(&old, lang), read(&new, lang)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(c), _) | (_, Err(c)) => return c,
    };
    let file = |s: &Side<'_>| match s {
        Side::File(p) => Some(p.to_path_buf()),
        Side::Git(..) => None,
    };
    compare(a, b, [file(&old), file(&new)], format, color, lang)
}

/// Loads two revisions (each text with the name messages give it) with the
/// one loader for compared revisions; what cannot be loaded, or is not a
/// plan, is said with its name, and the exit code is 2.
fn load_both(
    (old_text, old_name): (String, String),
    (new_text, new_name): (String, String),
    lang: Lang,
) -> Result<(Loaded, Loaded), i32> {
    match load::load_pair(old_text, new_text) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (ra, rb) => {
            for (r, name) in [(ra, &old_name), (rb, &new_name)] {
                if let Err(e) = r {
                    eprintln!("{}", e.render(name, lang));
                }
            }
            Err(2)
        }
    }
}

/// Compares two texts (each with the name messages give it); `files` are
/// where the two sides are on disk, if they are, for finding the
/// consultation beside them.
pub(super) fn compare(
    (old_text, old_name): (String, String),
    (new_text, new_name): (String, String),
    files: [Option<std::path::PathBuf>; 2],
    format: Format,
    color: ColorWhen,
    lang: Lang,
) -> i32 {
    // On a national roll-up, reading the two revisions is most of the
    // work: they load together, on two threads, without the whole-plan
    // rules (a diff shows no findings) and without parsing twice the items
    // written alike in both. What is not a plan is refused, as `check`
    // says it.
    let (a, b) = match load_both((old_text, old_name), (new_text, new_name), lang) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let (pa, pb) = (a.plan.plan.str("id"), b.plan.plan.str("id"));
    if pa != pb {
        let (pa, pb) = (text::escape(pa), text::escape(pb));
        eprintln!(
            "{}",
            lang.pick(
                &format!("lansplan: varning: filerna är olika planer (\"{pa}\" och \"{pb}\")"),
                &format!("lansplan: warning: the files are different plans (\"{pa}\" and \"{pb}\")"),
            )
        );
    }
    let changes = diff(&a.plan, &b.plan);
    // The consultation of the old version, if one is beside the files:
    // each change then shows the points that caused it.
    let links = match crate::consult::links::find(files[0].as_deref(), files[1].as_deref(), &a.plan) {
        Some(Ok(l)) => Some(l),
        Some(Err((path, e))) => {
            let p = shown(&path);
            let level = lang.pick("varning", "warning");
            eprintln!("lansplan: {level}: {}", e.render(&p, lang));
            None
        }
        None => None,
    };
    let notes = |c: &Change| links.as_ref().map(|l| l.notes(c, &a.plan, lang)).unwrap_or_default();
    let out = match format {
        Format::Docx => {
            fail(
                lang,
                lang.pick(
                    "--format docx jämför två revisionsfiler: lansplan diff OLD NEW --format docx -o FIL",
                    "--format docx compares two revision files: lansplan diff OLD NEW --format docx -o FILE",
                ),
            );
            return 2;
        }
        Format::Json => {
            let mut doc = json::document(&a.plan, &b.plan, &changes);
            if let Some(l) = &links {
                l.annotate_json(&mut doc, &changes);
            }
            json::to_safe_string(&doc)
        }
        Format::Markdown => crate::publish::markdown::diff::render_annotated(&a.plan, &b.plan, &changes, &notes, lang),
        Format::Text => {
            let colored = match color {
                ColorWhen::Always => true,
                ColorWhen::Never => false,
                ColorWhen::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            render_text_annotated(&a, &b, &changes, colored, &notes, lang)
        }
    };
    let mut stdout = super::exit::stdout();
    if stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).is_err() {
        return 2;
    }
    let code = exit::Exit::found_if(!changes.is_empty()).into();
    // The process ends here: freeing two large plans item by item would
    // only delay the exit.
    std::mem::forget((a, b, changes));
    code
}

/// `lansplan diff OLD NEW --format docx -o FILE`: NEW as a Word document
/// with every change since OLD as a tracked revision.
pub fn run_docx(old: Side<'_>, new: Side<'_>, out: Option<&Path>, lang: Lang) -> i32 {
    let (a, b) = match (read(&old, lang), read(&new, lang)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(c), _) | (_, Err(c)) => return c,
    };
    // The one loader for compared revisions (issue #13), so that the Word
    // diff and the text diff never disagree on the same two files: what
    // is not a plan is refused by both.
    let (old, new) = match load_both(a, b, lang) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let (pa, pb) = (&old.plan, &new.plan);
    let changes = diff(pa, pb);
    match crate::publish::docx::diff(pa, pb, &changes, &[], lang) {
        Ok(o) => {
            super::export::warn_charts(&o.missing_charts, lang);
            match super::export::emit_bytes(&o.bytes, out, lang) {
                0 => i32::from(!changes.is_empty()),
                code => code,
            }
        }
        Err(e) => {
            fail(lang, &text::escape(&e.to_string()));
            2
        }
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
    fn removed_words(&self, s: &str) -> String {
        if self.on { self.wrap("1;31;7", s) } else { format!("[-{s}-]") }
    }
    fn added_words(&self, s: &str) -> String {
        if self.on { self.wrap("1;32;7", s) } else { format!("{{+{s}+}}") }
    }
}

/// Renders the diff as text grouped by focus area and goal.
pub fn render_text(a: &Loaded, b: &Loaded, changes: &[Change], colored: bool, lang: Lang) -> String {
    render_text_annotated(a, b, changes, colored, &|_| Vec::new(), lang)
}

/// Renders the diff as text, with `notes` (unescaped lines, such as the
/// consultation points behind a change) under each change.
pub fn render_text_annotated(
    a: &Loaded,
    b: &Loaded,
    changes: &[Change],
    colored: bool,
    notes: &dyn Fn(&Change) -> Vec<String>,
    lang: Lang,
) -> String {
    let p = Paint { on: colored };
    let (old, new) = (&a.plan, &b.plan);
    let mut out = String::new();
    let rev = |l: &Loaded| {
        let r = &l.plan.revision;
        let status = r.get("status").map(|s| show_value(Kind::Revision, "status", s, lang)).unwrap_or_default();
        let date = r.date("date").map(|d| d.to_string()).unwrap_or_default();
        format!("{} ({date}, {status})", text::escape(r.str("version")))
    };
    let n = changes.len();
    let _ = writeln!(out, "{}", p.wrap("1", &text::escape(new.plan.str("title"))));
    let _ = writeln!(
        out,
        "{} → {}: {n} {}",
        rev(a),
        rev(b),
        if n == 1 { lang.pick("ändring", "change") } else { lang.pick("ändringar", "changes") }
    );
    for (section, goals) in grouped(old, new, changes) {
        let heading = section_title(old, new, &section, lang);
        let _ = writeln!(out, "\n{}", p.wrap("1;4", &text::escape(&heading)));
        for (goal, list) in goals {
            let indent = if goal.is_some() { "    " } else { "  " };
            if let Some(g) = goal {
                let label = format!("{} {}", lang.pick("Mål", "Goal"), name_of(old, new, Kind::Goal, &g));
                let _ = writeln!(out, "  {}", p.wrap("1", &text::escape(&label)));
            }
            for c in list {
                let _ = writeln!(out, "{indent}{}", text_line(a, b, c, &p, lang));
                for note in notes(c) {
                    let _ = writeln!(out, "{indent}    ↳ {}", text::escape(&note));
                }
            }
        }
    }
    out
}

/// Paints one presented change as a line of text: an added item green
/// after "+", a removed one red after "-", a move yellow after "→", and a
/// changed field after "~" with its old words and new words marked.
fn text_line(a: &Loaded, b: &Loaded, c: &Change, p: &Paint, lang: Lang) -> String {
    let pc = present(&a.plan, &b.plan, c, lang);
    let what = text::escape(&pc.subject);
    // An added or removed item is one line: a text's paragraphs run on.
    let whole = |segments: &[Segment]| -> String {
        segments.iter().map(|s| text::escape(&s.text.replace('\n', " ")).into_owned()).collect()
    };
    match pc.op {
        Op::Added | Op::Removed => {
            let (sign, code) = if pc.op == Op::Added { ("+", "32") } else { ("-", "31") };
            let mut line = p.wrap(code, &format!("{sign} {what} {}: {}", pc.word, whole(&pc.inline)));
            if let Some(same) = &pc.same_as {
                let _ = write!(
                    line,
                    " ({} {})",
                    lang.pick("troligen samma som den nya", "probably the same as the new"),
                    text::escape(same)
                );
            }
            line
        }
        Op::Moved => p.wrap("33", &format!("→ {what} {}: {}", pc.word, whole(&pc.inline))),
        Op::Changed => {
            let label = pc.field.unwrap_or_default().to_lowercase();
            let mut body = String::new();
            // A text's paragraphs and list lines start lines of their own,
            // under the change (the presenter has taken the layout out).
            for s in &pc.inline {
                let t = text::escape_multiline(&s.text);
                match s.kind {
                    SegKind::Label | SegKind::Context => body.push_str(&t),
                    SegKind::Old | SegKind::Deleted => body.push_str(&marked_lines(&t, |x| p.removed_words(x))),
                    SegKind::New | SegKind::Inserted => body.push_str(&marked_lines(&t, |x| p.added_words(x))),
                }
            }
            let body: Vec<String> = body
                .split('\n')
                .enumerate()
                .map(|(n, l)| if n == 0 || l.is_empty() { l.to_string() } else { format!("      {l}") })
                .collect();
            format!("{} {what}, {label}: {}", p.wrap("36", "~"), body.join("\n"))
        }
    }
}

/// Marks each line of `t` on its own (`{+a+}` newline `{+b+}`), so that a
/// mark never spans a line break; empty lines stay empty.
fn marked_lines(t: &str, mark: impl Fn(&str) -> String) -> String {
    t.split('\n').map(|l| if l.is_empty() { String::new() } else { mark(l) }).collect::<Vec<_>>().join("\n")
}

/// Returns the version label of plan text, if it reads as a plan.
fn version_of(bytes: Vec<u8>) -> Option<String> {
    let plan = load::load_str_unchecked(load::decode(bytes).ok()?).ok()?.plan;
    Some(plan.revision.str("version").to_string())
}

fn say_version(rev: &str, c: &git::Commit, file: &Path, lang: Lang) {
    let (r, short, date) = (text::escape(rev), text::escape(&c.short), text::escape(&c.date));
    let mut msg = text!(sv: "version {r} är commit {short} ({date})"; en: "version {r} is commit {short} ({date})");
    if git::commit_of(file, rev).is_some_and(|h| h != c.hash) {
        msg = text!(
            sv: "{}; git har också en revision som heter {r}, skriv t.ex. refs/tags/{r} för den", msg.sv;
            en: "{}; git also has a revision named {r}, write e.g. refs/tags/{r} for that one", msg.en
        );
    }
    eprintln!("lansplan: {}: {}", lang.pick("obs", "note"), msg.get(lang));
}

/// Returns the file's content at `rev`: the newest commit in which the
/// file has version `rev`, else the git revision `rev`.
fn at_revision(file: &Path, rev: &str, lang: Lang) -> Result<Vec<u8>, crate::i18n::Text> {
    let commits = git::log(file).unwrap_or_default();
    let mut found: Option<(&git::Commit, Vec<u8>)> = None;
    let _ = git::for_each_at(file, &commits, |c, bytes| {
        let Some(bytes) = bytes else { return true };
        if version_of(bytes.clone()).as_deref() == Some(rev) {
            found = Some((c, bytes));
        }
        found.is_none()
    });
    if let Some((c, bytes)) = found {
        say_version(rev, c, file, lang);
        return Ok(bytes);
    }
    git::show(file, rev).map_err(|e| {
        let (e, r, f) = (e.text(), text::escape(rev), shown(file));
        text!(
            sv: "{}\n  tips: {r} är varken en version i filens historik eller en git-revision; `lansplan log {f}` visar versionerna", e.sv;
            en: "{}\n  hint: {r} is neither a version in the file's history nor a git revision; `lansplan log {f}` lists the versions", e.en
        )
    })
}

/// `lansplan log FILE [--from REV] [--to REV]`: the file's revisions from
/// git history, newest first; with a range, from REV (included) to REV.
pub fn log(file: &Path, from: Option<&str>, to: Option<&str>, lang: Lang) -> i32 {
    let commits = match git::log(file) {
        Ok(c) => c,
        Err(e) => {
            fail(lang, e.text().get(lang));
            return exit::code(&e);
        }
    };
    if commits.is_empty() {
        fail(lang, lang.pick("filen har ingen historik i git", "the file has no history in git"));
        return 1;
    }
    let mut rows: Vec<(&git::Commit, Option<(String, String)>)> = Vec::with_capacity(commits.len());
    let read = git::for_each_at(file, &commits, |c, bytes| {
        let plan = bytes.and_then(|b| load::load_str_unchecked(load::decode(b).ok()?).ok());
        let rev = plan.map(|l| {
            let r = &l.plan.revision;
            let status = r.get("status").map(|s| show_value(Kind::Revision, "status", s, lang)).unwrap_or_default();
            (r.str("version").to_string(), status)
        });
        rows.push((c, rev));
        true
    });
    if let Err(e) = read {
        fail(lang, e.text().get(lang));
        return 2;
    }
    // Commits git gave no answer for are listed as unreadable all the same.
    for c in commits.iter().skip(rows.len()) {
        rows.push((c, None));
    }
    // A version label names the newest commit that has it, as for `diff`.
    let resolve = |rev: &str| -> Result<String, i32> {
        if let Some((c, _)) = rows.iter().find(|(_, v)| v.as_ref().is_some_and(|(v, _)| v == rev)) {
            return Ok(c.hash.clone());
        }
        git::commit_of(file, rev).ok_or_else(|| {
            let r = text::escape(rev);
            fail(
                lang,
                text!(
                    sv: "{r} är varken en version i filens historik eller en git-revision";
                    en: "{r} is neither a version in the file's history nor a git revision"
                )
                .get(lang),
            );
            2
        })
    };
    let shown_commits = match (from, to) {
        (None, None) => None,
        (from, to) => {
            let to = match to.map(resolve).transpose() {
                Ok(t) => t.unwrap_or_else(|| "HEAD".into()),
                Err(code) => return code,
            };
            let range = match from.map(resolve).transpose() {
                Ok(f) => git::range(file, f.as_deref(), &to),
                Err(code) => return code,
            };
            match range {
                Ok(r) => Some(r),
                Err(e) => {
                    fail(lang, e.text().get(lang));
                    return 2;
                }
            }
        }
    };
    let mut stdout = super::exit::stdout();
    for (c, rev) in &rows {
        if shown_commits.as_ref().is_some_and(|s| !s.contains(&c.hash)) {
            continue;
        }
        let (version, status) =
            rev.clone().unwrap_or_else(|| ("?".to_string(), lang.pick("(kan inte läsas)", "(unreadable)").to_string()));
        let _ = writeln!(
            stdout,
            "{}  {}  {:<20}  {:<10}  {}",
            text::escape(&c.short),
            text::escape(&c.date),
            text::escape(&c.author),
            text::escape(&version),
            text::escape(&status)
        );
    }
    0
}
