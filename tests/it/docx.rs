//! Word documents through the real binary: `export --format docx`, `diff
//! --format docx` and `review import`, read with an XML reader of the
//! test's own (not lansplan's), opened by LibreOffice, and a reviewer's
//! round trip: revisions accepted and rejected and a comment added by
//! editing the XML as Word does, once more through LibreOffice's own save,
//! imported, and `review apply` giving OLD plus exactly the accepted changes.
//!
//! The LibreOffice tests need `soffice` (Debian's libreoffice-writer-nogui)
//! and pdftoppm (poppler-utils). Under `.ci/run` (`LANSPLAN_REQUIRE_OFFICE=1`)
//! a missing one fails the test; under a plain `cargo test` the test says
//! why it skips.

use std::collections::HashMap;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::common::{TODAY_ARG as TODAY, repo_path};
use lansplan::diff::review::change_key;
use lansplan::publish::docx::render::anchor_base;

fn lansplan(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .args(args)
        .current_dir(dir)
        .env("LANSPLAN_TODAY", TODAY)
        .env("LANSPLAN_REVIEWER", "Granskare Test")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdin(Stdio::null())
        .output()
        .expect("run lansplan")
}

fn ok(o: &Output, codes: &[i32]) {
    assert!(
        o.status.code().is_some_and(|c| codes.contains(&c)),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A folder with the Jämtland revisions and the files beside them.
fn jamtland() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in fs::read_dir(repo_path("plans/jamtland")).expect("plans") {
        let p = f.expect("entry").path();
        fs::copy(&p, dir.path().join(p.file_name().expect("name"))).expect("copy");
    }
    dir
}

const OLD: &str = "lok-2025.2-remiss.toml";
const NEW: &str = "lok-2025.3-beslutad.toml";

/// Returns the parts of a zip by name.
fn parts(bytes: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = HashMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("read");
        out.insert(f.name().expect("a name").to_string(), b);
    }
    out
}

fn part(parts: &HashMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts.get(name).unwrap_or_else(|| panic!("no {name}")).clone()).expect("UTF-8")
}

/// Returns each element's attributes, by element name, in document order.
fn elements(xml: &str) -> Vec<(String, HashMap<String, String>)> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (a.key.as_ref().to_string(), a.value.to_string())
                    })
                    .collect();
                out.push((e.name().as_ref().to_string(), attrs));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Returns the text of each field instruction (`w:instrText`), unescaped.
fn instructions(xml: &str) -> Vec<String> {
    let mut r = Reader::from_str(xml);
    let (mut out, mut inside) = (Vec::new(), false);
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == "w:instrText" => {
                inside = true;
                out.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == "w:instrText" => inside = false,
            Event::Text(t) if inside => out.last_mut().expect("open").push_str(&t.into_inner()),
            Event::GeneralRef(g) if inside => {
                let c = match &*g.into_inner() {
                    "quot" => '"',
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "apos" => '\'',
                    other => panic!("entity {other}"),
                };
                out.last_mut().expect("open").push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn zip_of(parts: &HashMap<String, Vec<u8>>) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut names: Vec<&String> = parts.keys().collect();
    names.sort_by_key(|n| (n.as_str() != "[Content_Types].xml", n.to_string()));
    for n in names {
        z.start_file(n.as_str(), zip::write::SimpleFileOptions::default()).expect("zip");
        z.write_all(&parts[n]).expect("zip");
    }
    z.finish().expect("zip").into_inner()
}

#[test]
fn the_plan_document_has_word_structure_charts_and_annexes() {
    let dir = jamtland();
    let o = lansplan(dir.path(), &["export", NEW, "--format", "docx", "-o", "plan.docx", "--changes-from", OLD]);
    ok(&o, &[0]);
    let p = parts(&fs::read(dir.path().join("plan.docx")).expect("written"));
    let doc = part(&p, "word/document.xml");
    let styles = part(&p, "word/styles.xml");
    let els = elements(&doc);
    let used: Vec<&str> =
        els.iter().filter(|(n, _)| n == "w:pStyle").filter_map(|(_, a)| a.get("w:val").map(String::as_str)).collect();
    for s in ["Title", "Heading1", "Heading2", "Heading3", "TOCHeading"] {
        assert!(used.contains(&s), "{s} is used");
    }
    // Word's built-in ids and names, with outline levels (the navigation
    // pane, a PDF's bookmarks).
    let st = elements(&styles);
    for (id, level) in [("Heading1", "0"), ("Heading2", "1"), ("Heading3", "2")] {
        let at = st.iter().position(|(n, a)| n == "w:style" && a.get("w:styleId").map(String::as_str) == Some(id));
        let at = at.unwrap_or_else(|| panic!("style {id}"));
        let next = st[at + 1..].iter().position(|(n, _)| n == "w:style").map(|k| at + 1 + k).unwrap_or(st.len());
        let own = &st[at..next];
        assert!(own.iter().any(|(n, a)| n == "w:outlineLvl" && a["w:val"] == level), "{id} outline level");
        assert!(own.iter().any(|(n, a)| n == "w:name" && a["w:val"].starts_with("heading ")), "{id} name");
    }
    // The document's language.
    assert!(st.iter().any(|(n, a)| n == "w:lang" && a["w:val"] == "sv-SE"), "Swedish");
    // A real table of contents field.
    assert_eq!(instructions(&doc), [r#" TOC \o "1-3" \h \z \u "#]);
    assert!(doc.contains(r#"w:fldCharType="begin""#));
    assert!(doc.contains("Table of Contents"));
    // Table header rows repeat.
    assert!(els.iter().filter(|(n, _)| n == "w:tblHeader").count() >= 8, "header rows");
    // Each chart an image with alternative text.
    let images: Vec<&HashMap<String, String>> = els.iter().filter(|(n, _)| n == "wp:docPr").map(|(_, a)| a).collect();
    assert!(images.len() >= 8, "{} charts", images.len());
    assert!(images.iter().all(|a| a.get("descr").is_some_and(|d| d.contains("utgångsvärde"))), "alternative texts");
    let pngs = p.keys().filter(|k| k.starts_with("word/media/") && k.ends_with(".png")).count();
    assert_eq!(pngs, images.len());
    assert!(p.values().any(|b| b.starts_with(b"\x89PNG")));
    // Annexes: the change list as sentences, the consultation that led to
    // this revision, the decisions.
    for t in ["Bilaga 1: Ändringsförteckning", "Bilaga 2: Remissammanställning", "Bilaga 3: Beslut"] {
        assert!(doc.contains(t), "{t}");
    }
    assert!(doc.contains("Målvärdet för indikator I8 ändrades från 14 till 21 dagar"), "a sentence of the change list");
    let core = part(&p, "docProps/core.xml");
    assert!(core.contains("<dc:language>sv-SE</dc:language>"));
    // In English, English.
    let o = lansplan(dir.path(), &["export", NEW, "--format", "docx", "-o", "en.docx", "--lang", "en"]);
    ok(&o, &[0]);
    let en = parts(&fs::read(dir.path().join("en.docx")).expect("written"));
    assert!(part(&en, "word/styles.xml").contains(r#"w:val="en-GB""#));
    assert!(part(&en, "word/document.xml").contains("Activities"));
}

#[test]
fn a_word_document_is_not_written_to_a_terminal_and_bad_plans_are_refused() {
    let dir = jamtland();
    fs::write(dir.path().join("bad.toml"), "format = \"lansplan/1\"\n[plan\n").expect("write");
    let o = lansplan(dir.path(), &["export", "bad.toml", "--format", "docx", "-o", "x.docx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.toml:2:"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!dir.path().join("x.docx").exists());
    // Issue #13: the Word diff loads the two revisions as the text diff
    // does, so what is not a plan (an empty file, another format) is refused
    // by both alike, and nothing is written.
    fs::write(dir.path().join("empty.toml"), "").expect("write");
    fs::write(dir.path().join("other.toml"), "format = \"lansplan/2\"\n[plan]\nid = \"x\"\n").expect("write");
    for odd in ["empty.toml", "other.toml"] {
        for (a, b) in [(odd, NEW), (OLD, odd)] {
            let text = lansplan(dir.path(), &["diff", a, b]);
            let word = lansplan(dir.path(), &["diff", a, b, "--format", "docx", "-o", "x.docx"]);
            assert_eq!(text.status.code(), Some(2), "{a} {b}");
            assert_eq!(word.status.code(), Some(2), "{a} {b}");
            assert_eq!(word.stderr, text.stderr, "{a} {b}");
            assert!(!dir.path().join("x.docx").exists());
        }
    }
    // Piped, the bytes go to standard output.
    let o = lansplan(dir.path(), &["diff", OLD, NEW, "--format", "docx"]);
    ok(&o, &[1]);
    assert!(o.stdout.starts_with(b"PK"));
}

/// Revision marks (w:ins, w:del) with their author and date, by element.
fn revisions(doc: &str) -> Vec<(String, String, String)> {
    elements(doc)
        .into_iter()
        .filter(|(n, _)| n == "w:ins" || n == "w:del")
        .map(|(n, a)| (n, a.get("w:author").cloned().unwrap_or_default(), a.get("w:date").cloned().unwrap_or_default()))
        .collect()
}

#[test]
fn the_diff_document_carries_every_change_as_a_tracked_revision() {
    let dir = jamtland();
    let o = lansplan(dir.path(), &["diff", OLD, NEW, "--format", "docx", "-o", "diff.docx"]);
    ok(&o, &[1]);
    let p = parts(&fs::read(dir.path().join("diff.docx")).expect("written"));
    let doc = part(&p, "word/document.xml");
    let revs = revisions(&doc);
    let author = "Regional stödstruktur för vård och socialtjänst i Jämtlands län";
    assert!(revs.iter().filter(|r| r.0 == "w:ins").count() > 10 && revs.iter().filter(|r| r.0 == "w:del").count() > 10);
    assert!(revs.iter().all(|(_, a, d)| a == author && d == "2025-06-12T00:00:00Z"), "author and date on each");
    assert!(part(&p, "word/settings.xml").contains("w:trackRevisions"), "the reviewer's edits are tracked");
    // A changed figure: the old value deleted, the new inserted.
    assert!(doc.contains("<w:delText xml:space=\"preserve\">14 dagar (2028)</w:delText>"));
    // Word by word inside a changed text: the unchanged words stay plain runs.
    let base = anchor_base("goal/G9/title");
    let at = doc.find(&format!("w:name=\"{base}_1\"")).expect("G9's anchor");
    let region = &doc[at..at + doc[at..].find("<w:bookmarkEnd").expect("end")];
    let marks = region.matches("<w:ins ").count() + region.matches("<w:del ").count();
    assert!(marks >= 1 && region.matches("<w:r>").count() > marks, "{region}");
    // Every change has its anchor.
    let changes = changes();
    for c in &changes {
        let base = anchor_base(&change_key(c));
        assert!(doc.contains(&format!("w:name=\"{base}_1\"")), "{} has an anchor", change_key(c));
    }
    // A moved activity: deleted in its old place, inserted in its new one.
    let moved = changes.iter().find(|c| c.op == lansplan::diff::Op::Moved).expect("a move");
    let base = anchor_base(&change_key(moved));
    assert!(doc.contains(&format!("w:name=\"{base}_2\"")), "two places");
}

fn changes() -> Vec<lansplan::diff::Change> {
    let today = lansplan::plan::Date { year: 2026, month: 11, day: 22 };
    let a = lansplan::plan::load_file(&repo_path(&format!("plans/jamtland/{OLD}")), today).expect("old");
    let b = lansplan::plan::load_file(&repo_path(&format!("plans/jamtland/{NEW}")), today).expect("new");
    lansplan::diff::diff(&a.plan, &b.plan)
}

/// What a reviewer does with one change in Word.
#[derive(Clone, Copy, PartialEq)]
enum Act {
    Accept,
    Reject,
}

/// Returns the range of the element `tag` (`w:tr`, `w:p`) holding byte `at`.
fn around(doc: &str, at: usize, tag: &str) -> Option<(usize, usize)> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let start = doc[..at].rfind(&open)?;
    let end = doc[at..].find(&close)? + at + close.len();
    (!doc[start..at].contains(&close)).then_some((start, end))
}

/// Removes elements `<tag …>…</tag>` (and empty `<tag …/>`) from `s`.
fn drop_elements(s: &str, tag: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    let open = format!("<{tag} ");
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        let gt = rest[i..].find('>').expect("tag ends") + i;
        if rest.as_bytes()[gt - 1] == b'/' {
            rest = &rest[gt + 1..];
        } else {
            let close = format!("</{tag}>");
            let end = rest[gt..].find(&close).expect("closed") + gt + close.len();
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Removes the tags `<tag …>` and `</tag>` from `s` and keeps what is
/// between them; empty `<tag …/>` marks go too.
fn unwrap_elements(s: &str, tag: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    let open = format!("<{tag} ");
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        let gt = rest[i..].find('>').expect("tag ends") + i;
        rest = &rest[gt + 1..];
    }
    out.push_str(rest);
    out.replace(&format!("</{tag}>"), "")
}

/// Accepts or rejects every revision of the change `key` in `doc`, as Word
/// does: an accepted insertion stays as plain text, an accepted deletion
/// goes; a rejected one the other way round; a row inserted and rejected
/// (or deleted and accepted) goes whole.
fn act(doc: &str, key: &str, what: Act) -> String {
    let mut doc = doc.to_string();
    let base = anchor_base(key);
    for n in 1.. {
        let start_tag = format!("w:name=\"{base}_{n}\"");
        let Some(at) = doc.find(&start_tag) else { break };
        let id_at = doc[..at].rfind("w:id=\"").expect("an id") + 6;
        let id = &doc[id_at..id_at + doc[id_at..].find('"').expect("id ends")];
        let end_tag = format!("<w:bookmarkEnd w:id=\"{id}\"/>");
        let begin = doc[..at].rfind('<').expect("bookmark start");
        let end = doc[at..].find(&end_tag).expect("bookmark end") + at + end_tag.len();
        let marked = |pr: &str| pr.contains("<w:ins ") || pr.contains("<w:del ");
        let row = around(&doc, at, "w:tr").filter(|(s, e)| doc[*s..*e].split("<w:tc>").next().is_some_and(marked));
        let para = around(&doc, at, "w:p")
            .filter(|(s, e)| doc[*s..*e].find("</w:pPr>").is_some_and(|i| marked(&doc[*s..*s + i])));
        // A row or a paragraph inserted or deleted whole goes whole.
        let (from, to) = row.or(para).unwrap_or((begin, end));
        let region = &doc[from..to];
        let head =
            if region.starts_with("<w:tr>") { region.split("<w:tc>").next() } else { region.split("</w:pPr>").next() };
        let whole = row.is_some() || para.is_some();
        let row_ins = whole && head.is_some_and(|pr| pr.contains("<w:ins "));
        let row_del = whole && !row_ins;
        let edited = match (what, row_ins, row_del) {
            (Act::Reject, true, _) | (Act::Accept, _, true) => String::new(),
            (Act::Accept, _, _) => unwrap_elements(&drop_elements(region, "w:del"), "w:ins"),
            (Act::Reject, _, _) => {
                unwrap_elements(&drop_elements(region, "w:ins"), "w:del").replace("w:delText", "w:t")
            }
        };
        doc.replace_range(from..to, &edited);
    }
    doc
}

/// Adds a Word comment by `author` around the first anchor of `key` (or,
/// with `None`, in the paragraph holding `near`), with the comments part
/// and its relationship as Word writes them.
fn comment(p: &mut HashMap<String, Vec<u8>>, id: u32, anchor_of: Option<&str>, near: &str, author: &str, text: &str) {
    let mut doc = part(p, "word/document.xml");
    let (s, e) = match anchor_of {
        Some(key) => {
            let at = doc.find(&format!("w:name=\"{}_1\"", anchor_base(key))).expect("anchor");
            let s = doc[..at].rfind('<').expect("start");
            let e = doc[s..].find("/>").expect("end") + s + 2;
            (e, e)
        }
        None => {
            let at = doc.find(near).expect("text to comment on");
            let s = doc[..at].rfind("<w:r>").expect("run");
            let e = doc[at..].find("</w:r>").expect("run end") + at + 6;
            (s, e)
        }
    };
    let end_at = match anchor_of {
        Some(_) => doc[e..].find("<w:bookmarkEnd").expect("bookmark end") + e,
        None => e,
    };
    let start = format!("<w:commentRangeStart w:id=\"{id}\"/>");
    let end = format!(
        "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
    );
    doc.insert_str(end_at, &end);
    doc.insert_str(s, &start);
    p.insert("word/document.xml".into(), doc.into_bytes());
    let entry = format!(
        "<w:comment w:id=\"{id}\" w:author=\"{author}\" w:date=\"2026-11-20T10:31:00Z\" w:initials=\"X\"><w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p></w:comment>"
    );
    let comments = match p.get("word/comments.xml") {
        Some(c) => {
            String::from_utf8(c.clone()).expect("UTF-8").replace("</w:comments>", &format!("{entry}</w:comments>"))
        }
        None => {
            let mut ct = part(p, "[Content_Types].xml");
            ct = ct.replace("</Types>", "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/></Types>");
            p.insert("[Content_Types].xml".into(), ct.into_bytes());
            let mut rels = part(p, "word/_rels/document.xml.rels");
            rels = rels.replace("</Relationships>", "<Relationship Id=\"rIdComments\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>");
            p.insert("word/_rels/document.xml.rels".into(), rels.into_bytes());
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{entry}</w:comments>"
            )
        }
    };
    p.insert("word/comments.xml".into(), comments.into_bytes());
}

const ACCEPTED: &[&str] = &["indicator/I8/target", "activity/A28/added", "revision//status", "goal/G9/title"];
const REJECTED: &[&str] = &["activity/A20/due", "activity/A21/goal", "focus_area/coordination/description"];

/// Returns the reviewer's document: some changes accepted, some rejected,
/// a comment on a change and one on no change.
fn reviewed(dir: &Path) -> Vec<u8> {
    let o = lansplan(dir, &["diff", OLD, NEW, "--format", "docx", "-o", "diff.docx"]);
    ok(&o, &[1]);
    let mut p = parts(&fs::read(dir.join("diff.docx")).expect("written"));
    let mut doc = part(&p, "word/document.xml");
    for k in ACCEPTED {
        doc = act(&doc, k, Act::Accept);
    }
    for k in REJECTED {
        doc = act(&doc, k, Act::Reject);
    }
    p.insert("word/document.xml".into(), doc.into_bytes());
    comment(&mut p, 0, Some("goal/G9/title"), "", "Anna Berg", "Bra, men kortare?");
    comment(&mut p, 1, Some("activity/A11/status"), "", "Anna Berg", "Varför klar redan?");
    comment(&mut p, 2, None, "Unga i Jämtlands län ska", "Bo Ek", "Allmänt: fint arbete");
    zip_of(&p)
}

/// Imports `file` and checks the review file and `review apply`.
fn import_and_check(dir: &Path, file: &str) {
    let today = lansplan::plan::Date { year: 2026, month: 11, day: 22 };
    let (a, b) = (
        lansplan::plan::load_file(&dir.join(OLD), today).expect("old"),
        lansplan::plan::load_file(&dir.join(NEW), today).expect("new"),
    );
    let review = lansplan::diff::review::review_path(&dir.join(NEW), &a.plan, &b.plan);
    let _ = fs::remove_file(&review);
    let o = lansplan(dir, &["review", "import", OLD, NEW, file]);
    // The comment on no change is reported: exit 1.
    ok(&o, &[1]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Bo Ek") && err.contains("Allmänt: fint arbete"), "{err}");
    assert_eq!(err.matches("lansplan: obs:").count(), 1, "nothing else is reported:\n{err}");
    let text = fs::read_to_string(&review).expect("review written");
    let parsed: toml::Table = toml::from_str(&text).expect("review is TOML");
    let marks = parsed["marks"].as_array().expect("marks");
    let verdict = |key: &str| {
        marks
            .iter()
            .find(|m| m["change"].as_str() == Some(key))
            .map(|m| m["verdict"].as_str().unwrap_or("").to_string())
    };
    for k in ACCEPTED {
        assert_eq!(verdict(k).as_deref(), Some("accept"), "{k}\n{text}");
    }
    for k in REJECTED {
        assert_eq!(verdict(k).as_deref(), Some("reject"), "{k}\n{text}");
    }
    // The comment on an untouched change makes it a question, by its author.
    assert_eq!(verdict("activity/A11/status").as_deref(), Some("question"), "{text}");
    let g9 = marks.iter().find(|m| m["change"].as_str() == Some("goal/G9/title")).expect("G9");
    assert_eq!((g9["reviewer"].as_str(), g9["comment"].as_str()), (Some("Anna Berg"), Some("Bra, men kortare?")));
    assert_eq!(g9["at"].as_str(), Some("2026-11-20 10:31 UTC"));
    assert_eq!(marks.len(), ACCEPTED.len() + REJECTED.len() + 1, "nothing else is marked:\n{text}");

    let o = lansplan(dir, &["review", "apply", OLD, NEW, "-o", "next.toml"]);
    ok(&o, &[0]);
    let o = lansplan(dir, &["diff", OLD, "next.toml", "--format", "json"]);
    ok(&o, &[1]);
    let mut applied = plan_changes(&o.stdout);
    applied.sort();
    // The next draft sets its own revision fields (version, date, status, …).
    let mut want: Vec<String> =
        ACCEPTED.iter().filter(|k| !k.starts_with("revision/")).map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(applied, want, "OLD plus exactly the accepted changes");
}

/// Returns the keys of the changes in a JSON diff, but the revision's own.
fn plan_changes(json: &[u8]) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(json).expect("JSON");
    json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["kind"].as_str() != Some("revision"))
        .map(|c| {
            let id = c["id"].as_str().unwrap_or("");
            let what = match c["op"].as_str() {
                Some("added") => "added",
                Some("removed") => "removed",
                _ => c["field"].as_str().unwrap_or(""),
            };
            format!("{}/{id}/{what}", c["kind"].as_str().unwrap_or(""))
        })
        .collect()
}

#[test]
fn a_review_in_word_comes_back_as_verdicts_and_comments() {
    let dir = jamtland();
    let bytes = reviewed(dir.path());
    fs::write(dir.path().join("granskad.docx"), &bytes).expect("write");
    import_and_check(dir.path(), "granskad.docx");
}

#[test]
fn untouched_documents_import_as_untouched_and_foreign_ones_are_refused() {
    let dir = jamtland();
    let o = lansplan(dir.path(), &["diff", OLD, NEW, "--format", "docx", "-o", "diff.docx"]);
    ok(&o, &[1]);
    let o = lansplan(dir.path(), &["review", "import", OLD, NEW, "diff.docx"]);
    ok(&o, &[0]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), changes().len());
    assert!(out.lines().all(|l| l.ends_with("orörd")), "{out}");
    // A document written in English reads back whatever --lang the import has.
    ok(&lansplan(dir.path(), &["diff", OLD, NEW, "--format", "docx", "-o", "en.docx", "--lang", "en"]), &[1]);
    let o = lansplan(dir.path(), &["review", "import", OLD, NEW, "en.docx"]);
    ok(&o, &[0]);
    assert!(String::from_utf8_lossy(&o.stdout).lines().all(|l| l.ends_with("orörd")));
    // The same document against other revisions.
    let o = lansplan(dir.path(), &["review", "import", "lok-2025.1-utkast.toml", OLD, "diff.docx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("gjordes från version 2025.2"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Junk.
    fs::write(dir.path().join("junk.docx"), b"PK\x03\x04 not really").expect("write");
    let o = lansplan(dir.path(), &["review", "import", OLD, NEW, "junk.docx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("junk.docx"));
}

#[test]
fn text_typed_outside_the_changes_and_the_reviewers_own_revisions_are_reported() {
    let dir = jamtland();
    let o = lansplan(dir.path(), &["diff", OLD, NEW, "--format", "docx", "-o", "diff.docx"]);
    ok(&o, &[1]);
    let mut p = parts(&fs::read(dir.path().join("diff.docx")).expect("written"));
    let mut doc = part(&p, "word/document.xml");
    // Typed without tracking into the vision, and with tracking elsewhere.
    doc = doc.replacen("Unga i Jämtlands län ska", "Alla unga i Jämtlands län ska", 1);
    let at = doc.find("</w:body>").expect("body");
    let own = "<w:p><w:ins w:id=\"900\" w:author=\"Bo Ek\" w:date=\"2026-11-21T09:00:00Z\"><w:r><w:t>Ny mening av Bo.</w:t></w:r></w:ins></w:p>";
    doc.insert_str(doc[..at].rfind("<w:sectPr").unwrap_or(at), own);
    p.insert("word/document.xml".into(), doc.into_bytes());
    fs::write(dir.path().join("r.docx"), zip_of(&p)).expect("write");
    let o = lansplan(dir.path(), &["review", "import", OLD, NEW, "r.docx"]);
    ok(&o, &[1]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("text utanför ändringarna") && err.contains("Alla unga i Jämtlands län"), "{err}");
    assert!(err.contains("Bo Ek infogade med spårade ändringar: ”Ny mening av Bo.”"), "{err}");
}

/// Accepts (a deleted row) or rejects (an inserted row) only the revisions
/// in the cell of anchor `name`, as LibreOffice does when the reviewer
/// selects that cell alone (it keeps one revision per cell): the cell's
/// text and the revision of its paragraph mark go, the row's revision and
/// the other cells stay, and the emptied anchor is saved as LibreOffice
/// 7.4 saves it, as two starts of the name of which one ends.
fn settle_one_cell_as_libreoffice(doc: &str, name: &str, new_id: u32) -> String {
    let at = doc.find(&format!("w:name=\"{name}\"")).expect("the anchor");
    let (s, e) = around(doc, at, "w:p").expect("its paragraph");
    let start = &doc[doc[..at].rfind('<').expect("bookmark start")..];
    let start = &start[..start.find("/>").expect("empty element") + 2];
    let id_at = start.find("w:id=\"").expect("an id") + 6;
    let id = &start[id_at..id_at + start[id_at..].find('"').expect("id ends")];
    let end = format!("<w:bookmarkEnd w:id=\"{id}\"/>");
    let emptied = drop_elements(&drop_elements(&doc[s..e], "w:ins"), "w:del").replace(
        &end,
        &format!("<w:bookmarkStart w:id=\"{new_id}\" w:name=\"{name}\"/><w:bookmarkEnd w:id=\"{new_id}\"/>"),
    );
    assert!(emptied.contains(&format!("w:name=\"{name}\"/><w:bookmarkStart")), "{emptied}");
    format!("{}{emptied}{}", &doc[..s], &doc[e..])
}

#[test]
fn a_row_settled_in_one_cell_by_libreoffice_is_a_question_and_nothing_else() {
    let dir = jamtland();
    let o = lansplan(dir.path(), &["diff", OLD, NEW, "--format", "docx", "-o", "diff.docx"]);
    ok(&o, &[1]);
    let mut p = parts(&fs::read(dir.path().join("diff.docx")).expect("written"));
    let mut doc = part(&p, "word/document.xml");
    // The moved A21's deleted row (its second place) with its id accepted,
    // the added A28's row with its id rejected.
    doc = settle_one_cell_as_libreoffice(&doc, &format!("{}_2", anchor_base("activity/A21/goal")), 9001);
    doc = settle_one_cell_as_libreoffice(&doc, &format!("{}_1", anchor_base("activity/A28/added")), 9002);
    let later = "Utbilda socialtjänst och beroendevård i att upptäcka spelproblem med screeninginstrumentet PGSI";
    assert!(doc.find(later) > doc.find(&anchor_base("activity/A28/added")), "text after both anchors");
    p.insert("word/document.xml".into(), doc.clone().into_bytes());
    fs::write(dir.path().join("delvis.docx"), zip_of(&p)).expect("write");
    let o = lansplan(dir.path(), &["review", "import", OLD, NEW, "delvis.docx"]);
    // Two questions need a look: exit 1.
    ok(&o, &[1]);
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(!err.contains("lansplan: obs:"), "all the text outside the changes is still there:\n{err}");
    for l in out.lines() {
        let partly = l.starts_with("activity/A21/goal ") || l.starts_with("activity/A28/added ");
        assert!(if partly { l.contains("delvis godkänd") } else { l.ends_with("orörd") }, "{out}");
    }
    assert_eq!(out.matches("delvis godkänd").count(), 2, "{out}");
    let today = lansplan::plan::Date { year: 2026, month: 11, day: 22 };
    let (a, b) = (
        lansplan::plan::load_file(&dir.path().join(OLD), today).expect("old"),
        lansplan::plan::load_file(&dir.path().join(NEW), today).expect("new"),
    );
    let review = lansplan::diff::review::review_path(&dir.path().join(NEW), &a.plan, &b.plan);
    let parsed: toml::Table = toml::from_str(&fs::read_to_string(&review).expect("review")).expect("TOML");
    let marks = parsed["marks"].as_array().expect("marks");
    assert_eq!(marks.len(), 2);
    assert!(marks.iter().all(|m| m["verdict"].as_str() == Some("question")), "{marks:?}");

    // Text removed after the anchors that never end is still seen.
    p.insert("word/document.xml".into(), doc.replacen(later, "", 1).into_bytes());
    fs::write(dir.path().join("borttagen.docx"), zip_of(&p)).expect("write");
    let o = lansplan(dir.path(), &["review", "import", OLD, NEW, "borttagen.docx"]);
    ok(&o, &[1]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("lansplan: obs:").count(), 1, "{err}");
    assert!(err.contains(&format!("text borttagen utanför ändringarna: ”{later}”")), "{err}");
}

// ---- with LibreOffice ----

/// Returns whether LibreOffice and pdftoppm are here; when they are not,
/// fails under .ci/run and otherwise says why the test skips.
fn office() -> bool {
    let have = |c: &str| Command::new(c).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    if have("soffice") && have("pdftoppm") {
        return true;
    }
    if std::env::var_os("LANSPLAN_REQUIRE_OFFICE").is_some() {
        panic!(
            "LibreOffice (soffice) or pdftoppm is missing; .ci/run installs libreoffice-writer-nogui and poppler-utils"
        );
    }
    eprintln!(
        "note: soffice or pdftoppm is not installed; skipping (apt-get install libreoffice-writer-nogui poppler-utils)"
    );
    false
}

/// Converts `files` in `dir` with LibreOffice to `to` (pdf, docx) into `out`,
/// with a profile of its own so tests can run side by side.
fn convert(dir: &Path, files: &[&str], to: &str, out: &Path) {
    let profile = tempfile::tempdir().expect("profile");
    let o = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(out)
        .args(files)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run soffice");
    assert!(o.status.success(), "soffice: {}", String::from_utf8_lossy(&o.stderr));
    for f in files {
        let made: PathBuf = out.join(Path::new(f).with_extension(to).file_name().expect("name"));
        assert!(made.exists(), "soffice made no {}: {}", made.display(), String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn libreoffice_opens_both_documents_and_the_title_page_and_charts_show() {
    if !office() {
        return;
    }
    let dir = jamtland();
    ok(&lansplan(dir.path(), &["export", NEW, "--format", "docx", "-o", "plan.docx", "--changes-from", OLD]), &[0]);
    ok(&lansplan(dir.path(), &["diff", OLD, NEW, "--format", "docx", "-o", "diff.docx"]), &[1]);
    let out = dir.path().join("pdf");
    convert(dir.path(), &["plan.docx", "diff.docx"], "pdf", &out);
    let text = |pdf: &str, page: &str| {
        let o = Command::new("pdftotext")
            .args(["-f", page, "-l", page])
            .arg(out.join(pdf))
            .arg("-")
            .output()
            .expect("pdftotext");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let title = text("plan.pdf", "1");
    assert!(
        title.contains("Länsöverenskommelse om") && title.contains("Jämtlands län") && title.contains("2025.3"),
        "{title}"
    );
    assert!(text("plan.pdf", "2").contains("Innehåll"));
    // The charts are images in the PDF (pdfimages lists them).
    let o = Command::new("pdfimages").arg("-list").arg(out.join("plan.pdf")).output().expect("pdfimages");
    let images = String::from_utf8_lossy(&o.stdout).lines().filter(|l| l.contains(" image ")).count();
    assert!(images >= 8, "{images} images in the PDF");
    // Page 1 rendered: a picture, not a blank page.
    let o = Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1"])
        .arg(out.join("plan.pdf"))
        .arg(out.join("page"))
        .output()
        .expect("pdftoppm");
    assert!(o.status.success());
    let png = fs::read_dir(&out)
        .expect("out")
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("page"))
        .expect("a page");
    assert!(fs::metadata(png.path()).expect("png").len() > 5_000);
    if let Ok(keep) = std::env::var("LANSPLAN_KEEP_PDF") {
        let _ = fs::copy(out.join("plan.pdf"), Path::new(&keep).join("plan.pdf"));
        let _ = fs::copy(out.join("diff.pdf"), Path::new(&keep).join("diff.pdf"));
    }
}

#[test]
fn anchors_verdicts_and_comments_survive_a_save_by_libreoffice() {
    if !office() {
        return;
    }
    let dir = jamtland();
    let bytes = reviewed(dir.path());
    fs::write(dir.path().join("granskad.docx"), &bytes).expect("write");
    let out = dir.path().join("lo");
    convert(dir.path(), &["granskad.docx"], "docx", &out);
    fs::copy(out.join("granskad.docx"), dir.path().join("sparad.docx")).expect("copy");
    let revs = revisions(&part(&parts(&fs::read(dir.path().join("sparad.docx")).expect("saved")), "word/document.xml"));
    assert!(!revs.is_empty(), "LibreOffice kept the revisions");
    import_and_check(dir.path(), "sparad.docx");
}

/// Every change of `old` → `new` accepted, or every one rejected, in the
/// document: the import says so for each, and `review apply` gives NEW, or
/// OLD unchanged.
fn all_one_way(dir: &Path, old: &str, new: &str, what: Act) {
    let o = lansplan(dir, &["diff", old, new, "--format", "docx", "-o", "all.docx"]);
    ok(&o, &[0, 1]);
    let today = lansplan::plan::Date { year: 2026, month: 11, day: 22 };
    let (a, b) = (
        lansplan::plan::load_file(&dir.join(old), today).expect("old"),
        lansplan::plan::load_file(&dir.join(new), today).expect("new"),
    );
    let changes = lansplan::diff::diff(&a.plan, &b.plan);
    let mut p = parts(&fs::read(dir.join("all.docx")).expect("written"));
    let mut doc = part(&p, "word/document.xml");
    for c in &changes {
        doc = act(&doc, &change_key(c), what);
    }
    p.insert("word/document.xml".into(), doc.into_bytes());
    fs::write(dir.join("all-reviewed.docx"), zip_of(&p)).expect("write");
    let review = lansplan::diff::review::review_path(&dir.join(new), &a.plan, &b.plan);
    let _ = fs::remove_file(&review);
    let o = lansplan(dir, &["review", "import", old, new, "all-reviewed.docx"]);
    ok(&o, &[0]);
    let word = if what == Act::Accept { "godkänd" } else { "avvisad" };
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), changes.len(), "{out}");
    assert!(out.lines().all(|l| l.ends_with(word)), "{old} → {new}:\n{out}");
    let _ = fs::remove_file(dir.join("next.toml"));
    let o = lansplan(dir, &["review", "apply", old, new, "-o", "next.toml"]);
    if what == Act::Reject {
        return;
    }
    ok(&o, &[0]);
    let o = lansplan(dir, &["diff", new, "next.toml", "--format", "json"]);
    assert_eq!(plan_changes(&o.stdout), Vec::<String>::new(), "{old} → {new}: the draft is NEW but for its revision");
}

#[test]
fn accepting_or_rejecting_everything_in_word_reads_back_for_every_example_pair() {
    for (folder, revisions) in [
        ("plans/jamtland", &["lok-2025.1-utkast.toml", "lok-2025.2-remiss.toml", "lok-2025.3-beslutad.toml"][..]),
        ("plans/vasternorrland", &["hp-2026.1-remiss.toml", "hp-2026.2-beslutad.toml"][..]),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        for r in revisions {
            fs::copy(repo_path(&format!("{folder}/{r}")), dir.path().join(r)).expect("copy");
        }
        for old in revisions {
            for new in revisions.iter().filter(|n| *n != old) {
                all_one_way(dir.path(), old, new, Act::Accept);
                all_one_way(dir.path(), old, new, Act::Reject);
            }
        }
    }
}

/// Escape sequences, bidi overrides, markup and a NUL from a plan file.
const HOSTILE: &str = r#"format = "lansplan/1"
[plan]
id = "evil"
title = "Plan \u001b]52;c;aGk=\u0007 <w:t>&amp; \u202eslut\u0000"
county = "Län </w:t></w:r></w:p><w:p>"
kind = "agreement"
period = { start = 2025-01-01, end = 2026-12-31 }
[revision]
version = "1"
date = 2025-01-01
status = "draft"
author = "A \"<&>\" B"
[[parties]]
id = "r"
name = "Region"
kind = "region"
[[focus_areas]]
id = "f"
name = "Område \u001b[31m"
[[goals]]
id = "G1"
focus_area = "f"
level = "impact"
title = "Mål ]]> <![CDATA[ x"
responsible = ["r"]
[[indicators]]
id = "I1"
goal = "G1"
name = "Indikator \u202e & <svg onload=alert(1)>"
unit = "%"
direction = "decrease"
baseline = { year = 2020, value = 10.0 }
target = { year = 2025, value = 5.0 }
[[activities]]
id = "A1"
goal = "G1"
title = "Aktivitet \u001b[2J"
responsible = ["r"]
status = "planned"
"#;

#[test]
fn hostile_plan_text_is_escaped_in_word_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("evil.toml"), HOSTILE).expect("write");
    fs::write(
        dir.path().join("evil2.toml"),
        HOSTILE.replace("status = \"planned\"", "status = \"done\"").replace("\"1\"", "\"2\""),
    )
    .expect("write");
    ok(&lansplan(dir.path(), &["export", "evil.toml", "--format", "docx", "-o", "e.docx"]), &[0]);
    ok(&lansplan(dir.path(), &["diff", "evil.toml", "evil2.toml", "--format", "docx", "-o", "d.docx"]), &[1]);
    for f in ["e.docx", "d.docx"] {
        let p = parts(&fs::read(dir.path().join(f)).expect("written"));
        for (name, bytes) in &p {
            if !name.ends_with(".xml") && !name.ends_with(".rels") {
                continue;
            }
            let xml = String::from_utf8(bytes.clone()).expect("UTF-8");
            elements(&xml); // well-formed, or this panics
            assert!(
                !xml.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r'),
                "{f} {name}: a raw control"
            );
            assert!(!xml.contains('\u{202e}'), "{f} {name}: a raw bidi override");
            assert!(!xml.contains("<svg") && !xml.contains("<w:t>&amp;"), "{f} {name}: markup from the plan");
        }
        let doc = part(&p, "word/document.xml");
        assert!(doc.contains("Plan \\e]52;c;aGk=\\x07 &lt;w:t&gt;&amp;amp; \\u{202e}slut\\x00"), "{f}");
        assert!(doc.contains("Mål ]]&gt; &lt;![CDATA[ x"), "{f}");
    }
    // And the import reads its own hostile document back as untouched.
    let o = lansplan(dir.path(), &["review", "import", "evil.toml", "evil2.toml", "d.docx"]);
    ok(&o, &[0]);
}

/// The text of each table row of a document, cells joined by " | ".
fn table_rows(doc: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(doc);
    let (mut rows, mut cells, mut cell) = (Vec::new(), Vec::<String>::new(), String::new());
    let (mut in_cell, mut in_text) = (false, false);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().0 == "w:t" => in_text = in_cell,
            Ok(Event::Start(e)) if e.name().0 == "w:tc" => in_cell = true,
            Ok(Event::End(e)) => match e.name().0 {
                "w:t" => in_text = false,
                "w:tc" => {
                    in_cell = false;
                    cells.push(std::mem::take(&mut cell));
                }
                "w:tr" => rows.push(std::mem::take(&mut cells).join(" | ")),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => cell.push_str(&t.into_inner()),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    rows
}

/// An indicator's figures per kommun are in the Word document as the same
/// table as in the HTML export (issue 19): caption, heads, reference rows,
/// then the kommuner that lag first.
#[test]
fn the_word_document_has_the_figures_per_kommun() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = "hp-2026.2-beslutad.toml";
    fs::copy(repo_path(&format!("plans/vasternorrland/{plan}")), dir.path().join(plan)).expect("copy");
    ok(&lansplan(dir.path(), &["export", plan, "--format", "docx", "-o", "plan.docx"]), &[0]);
    let doc = part(&parts(&fs::read(dir.path().join("plan.docx")).expect("written")), "word/document.xml");
    assert!(doc.contains("I1 per kommun, % (minska); sämst först"), "the caption");
    let rows = table_rows(&doc);
    let at = rows.iter().position(|r| r == "Område | 2025 | Kvinnor/flickor (senast) | Män/pojkar (senast)");
    let at = at.unwrap_or_else(|| panic!("the head row:\n{}", rows.join("\n")));
    assert_eq!(
        rows[at + 1..at + 5],
        ["Planen (länet) | 38 | – | –", "Riket | 36 | – | –", "Ånge | 46 | – | –", "Sollefteå | 44 | – | –"],
        "{}",
        rows.join("\n")
    );
    assert!(rows[at..].contains(&"Sundsvall | 36 | 37 (2025) | 35 (2025)".to_string()), "{}", rows.join("\n"));
    // A plan with only county totals gets no such table.
    let plan = "lok-2025.3-beslutad.toml";
    fs::copy(repo_path(&format!("plans/jamtland/{plan}")), dir.path().join(plan)).expect("copy");
    ok(&lansplan(dir.path(), &["export", plan, "--format", "docx", "-o", "j.docx"]), &[0]);
    let doc = part(&parts(&fs::read(dir.path().join("j.docx")).expect("written")), "word/document.xml");
    assert!(!doc.contains(" per kommun, "), "no per-kommun table without figures per kommun");
}
