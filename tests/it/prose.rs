//! Prose as prose (issue #21), through the binary: a re-wrapped paragraph
//! is no change in any diff format, two edits of one description in
//! different sentences merge, overlapping ones become a conflict that
//! names only the words where they met, also through git's merge driver.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{TODAY_ARG, path_with_lansplan, repo_path};

fn lansplan(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .current_dir(dir)
        .env("LANSPLAN_TODAY", TODAY_ARG)
        .env("LANG", "sv_SE.UTF-8")
        .env_remove("LC_ALL")
        .args(args)
        .output()
        .expect("run lansplan")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The adopted Jämtland plan, whose vision is a multi-line string.
fn plan() -> String {
    let p = fs::read_to_string(repo_path("plans/jamtland/lok-2025.3-beslutad.toml")).expect("plan");
    assert!(p.contains("vuxenlivet utan\natt skadas") && p.contains("tidigt, nära hemmet och utan"));
    p
}

fn vision(file: &Path) -> String {
    let o = lansplan(file.parent().expect("dir"), &["get", file.to_str().expect("utf-8"), "plan.vision"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    out(&o)
}

#[test]
fn a_rewrapped_paragraph_is_no_change_in_any_format() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let plan = plan();
    fs::write(d.join("old.toml"), &plan).expect("write");
    let rewrapped = plan
        .replace("vuxenlivet utan\natt skadas", "vuxenlivet\n  utan att skadas")
        .replace("Den som\nbehöver", "Den som behöver");
    assert_ne!(rewrapped, plan);
    fs::write(d.join("new.toml"), &rewrapped).expect("write");
    for format in ["text", "json", "markdown"] {
        let o = lansplan(d, &["diff", "old.toml", "new.toml", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: a layout change is no change\n{}{}", out(&o), err(&o));
    }
    // A real edit in the re-wrapped text shows only the changed word.
    fs::write(d.join("edited.toml"), rewrapped.replace("tidigt, nära", "snabbt, nära")).expect("write");
    let o = lansplan(d, &["diff", "old.toml", "edited.toml", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("[-tidigt-]{+snabbt+}") && !text.contains("{+\\n") && !text.contains("[-\\n"), "{text}");
    // A paragraph and list lines added: each on a line of its own under the
    // change, marked line by line, never a literal "\n".
    let more = plan.replace(
        "kommunens och regionens ansvar.\"\"\"",
        "kommunens och regionens ansvar.\n\nDärför:\n- tidigt stöd,\n- nära hemmet.\"\"\"",
    );
    assert_ne!(more, plan);
    fs::write(d.join("more.toml"), &more).expect("write");
    let o = lansplan(d, &["diff", "old.toml", "more.toml", "--color", "never"]);
    let text = out(&o);
    assert!(
        text.contains("ansvar.\n\n      {+Därför:+}\n      {+- tidigt stöd,+}\n      {+- nära hemmet.+}\n"),
        "{text}"
    );
    assert!(!text.contains("\\n"), "{text}");
}

#[test]
fn edits_of_one_description_in_different_sentences_merge() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let base = plan();
    fs::write(d.join("base.toml"), &base).expect("write");
    // Ours adds to the first sentence and re-wraps it; theirs adds to the second.
    let ours = base
        .replace("vuxenlivet utan\natt skadas", "vuxenlivet\nutan att skadas")
        .replace("spel om pengar. Den som", "spel om pengar eller sociala medier. Den som");
    fs::write(d.join("ours.toml"), &ours).expect("write");
    fs::write(d.join("theirs.toml"), base.replace("nära hemmet och utan", "nära hemmet, med SIP, och utan"))
        .expect("write");
    let o = lansplan(d, &["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "merged.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v = vision(&d.join("merged.toml"));
    assert!(v.contains("vuxenlivet\nutan att skadas"), "ours' layout: {v}");
    assert!(v.contains("eller sociala medier") && v.contains("nära hemmet, med SIP, och utan"), "{v}");
    let merged = fs::read_to_string(d.join("merged.toml")).expect("merged");
    assert!(merged.contains("vision = \"\"\"\n"), "the multi-line string stays one");
    assert_eq!(lansplan(d, &["check", "merged.toml"]).status.code(), Some(0));
}

#[test]
fn overlapping_edits_conflict_on_the_words_where_they_meet() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let base = plan();
    fs::write(d.join("base.toml"), &base).expect("write");
    // Both reword one word; ours also edits another sentence, which comes through.
    let ours = base.replace("tidigt, nära", "snabbt, nära").replace("spel om pengar.", "spel om pengar och skärmar.");
    fs::write(d.join("ours.toml"), ours).expect("write");
    fs::write(d.join("theirs.toml"), base.replace("tidigt, nära", "direkt, nära")).expect("write");
    let o = lansplan(d, &["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "merged.toml"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("`vision` i planen ändrades på båda håll (vår: \"snabbt\", deras: \"direkt\")"),
        "{}",
        err(&o)
    );
    let merged = fs::read_to_string(d.join("merged.toml")).expect("merged");
    assert!(merged.contains("overlaps = [{ base = \"tidigt\", ours = \"snabbt\", theirs = \"direkt\" }]"), "{merged}");
    assert!(vision(&d.join("merged.toml")).contains("snabbt, nära"), "the file holds ours meanwhile");
    // Their side taken: their word, and ours' other edit still there.
    let o = lansplan(d, &["resolve", "merged.toml", "--theirs"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v = vision(&d.join("merged.toml"));
    assert!(v.contains("direkt, nära") && v.contains("pengar och skärmar."), "{v}");
    assert_eq!(lansplan(d, &["check", "merged.toml"]).status.code(), Some(0));
}

#[test]
fn git_merges_two_edits_of_one_description_through_the_driver() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(d)
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"])
            .args(args)
            .env("PATH", path_with_lansplan())
            .env("HOME", d)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .output()
            .expect("git");
        assert!(o.status.success(), "git {args:?}: {}{}", out(&o), err(&o));
    };
    git(&["init", "-q"]);
    let setup = Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .current_dir(d)
        .args(["git-setup", "--apply"])
        .env("PATH", path_with_lansplan())
        .env("HOME", d)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git-setup");
    assert!(setup.status.success(), "{}", err(&setup));
    let base = plan();
    fs::write(d.join("plan.toml"), &base).expect("write");
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    git(&["checkout", "-qb", "other"]);
    fs::write(d.join("plan.toml"), base.replace("nära hemmet och utan", "nära hemmet, med SIP, och utan")).expect("w");
    git(&["commit", "-qam", "theirs"]);
    git(&["checkout", "-q", "main"]);
    fs::write(d.join("plan.toml"), base.replace("spel om pengar.", "spel om pengar och skärmar.")).expect("w");
    git(&["commit", "-qam", "ours"]);
    git(&["merge", "-q", "--no-edit", "other"]);
    let v = vision(&d.join("plan.toml"));
    assert!(v.contains("pengar och skärmar.") && v.contains("med SIP, och utan"), "{v}");
}

/// The exports read a text as the editor and the diff do: a paragraph's
/// lines run on, a list line keeps its own line (issue 21).
#[test]
fn the_exports_keep_paragraphs_and_list_lines() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let more = plan().replace(
        "kommunens och regionens ansvar.\"\"\"",
        "kommunens och regionens ansvar.\n\nDärför:\n- tidigt stöd,\n- nära\n  hemmet.\"\"\"",
    );
    fs::write(d.join("p.toml"), &more).expect("write");
    let o = lansplan(d, &["export", "p.toml", "--format", "html", "-o", "p.html"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let html = fs::read_to_string(d.join("p.html")).expect("html");
    assert!(html.contains("vuxenlivet utan att skadas"), "a paragraph's lines run on");
    assert!(html.contains("<p>Därför:<br>\n- tidigt stöd,<br>\n- nära hemmet.</p>"), "{html}");
    let o = lansplan(d, &["export", "p.toml", "--format", "markdown", "-o", "p.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let md = fs::read_to_string(d.join("p.md")).expect("md");
    assert!(md.contains("Därför:  \n  \\- tidigt stöd,  \n  \\- nära hemmet."), "{md}");
}
