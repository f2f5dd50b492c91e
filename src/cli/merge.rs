//! `lansplan merge`, `resolve`, `git-setup` and the two hidden commands git
//! calls (`textconv`, `git-diff`): working together on plan files in git.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{fail, shown};
use crate::diff::merge::merge;
use crate::i18n::Lang;
use crate::plan::edit::Session;
use crate::plan::model::{Item, Plan};
use crate::plan::save::{Expect, save_atomic};
use crate::plan::schema::Kind;
use crate::plan::{Date, Loaded, load};
use crate::text;

fn load_or_report(path: &Path, today: Date, lang: Lang) -> Option<Loaded> {
    match load::load_file(path, today) {
        Ok(l) => Some(l),
        Err(e) => {
            eprintln!("{}", e.render(&shown(path), lang));
            None
        }
    }
}

/// Writes file content to stdout, escaped when stdout is a terminal.
fn print_content(s: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    let shown = if std::io::stdout().is_terminal() { text::escape_multiline(s) } else { s.into() };
    if out.write_all(shown.as_bytes()).and_then(|_| out.flush()).is_err() { 2 } else { 0 }
}

/// Three-way merge; exit 0 clean, 1 with conflicts, 2 trouble.
pub fn run(base: &Path, ours: &Path, theirs: &Path, out: Option<&Path>, lang: Lang) -> i32 {
    if let Some(code) = super::sidemerge::run(base, ours, theirs, out, lang) {
        return code;
    }
    let today = Date::today();
    let (Some(b), Some(o), Some(t)) =
        (load_or_report(base, today, lang), load_or_report(ours, today, lang), load_or_report(theirs, today, lang))
    else {
        return 2;
    };
    let merged = match merge(&b.plan, &o.plan, &o.source, &t.plan) {
        Ok(m) => m,
        Err(e) => {
            // The merge writes into our side's text: a place is in that file.
            eprintln!("{}", e.render(&shown(ours), "", lang));
            return 2;
        }
    };
    for (kind, old, new) in &merged.renamed {
        let (old, new) = (text::escape(old), text::escape(new));
        let noun = kind.noun(lang);
        eprintln!(
            "{}",
            text!(sv: "lansplan: {noun} {old} fanns på båda håll; deras fick id {new}"; en: "lansplan: {noun} {old} was added on both sides; theirs is now {new}")
                .get(lang)
        );
    }
    for c in &merged.conflicts {
        let id = text::escape(&c.id);
        let field = c.field.unwrap_or("");
        let noun = c.kind.noun(lang);
        eprintln!(
            "{}",
            text!(sv: "lansplan: konflikt: {noun} {id} {field}"; en: "lansplan: conflict: {noun} {id} {field}")
                .get(lang)
        );
    }
    let code = match out {
        Some(path) => match save_atomic(path, merged.text.as_bytes(), Expect::Anything) {
            Ok(()) => 0,
            Err(e) => {
                fail(lang, &e.message(lang));
                return 2;
            }
        },
        None => print_content(&merged.text),
    };
    if code != 0 {
        return code;
    }
    i32::from(!merged.conflicts.is_empty())
}

/// Settles conflicts in a merged file by taking one side.
pub fn resolve(file: &Path, theirs: bool, ids: &[String], lang: Lang) -> i32 {
    let mut session = match Session::open(file, Date::today()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(&shown(file), lang));
            return 2;
        }
    };
    let mut done = 0;
    loop {
        let conflicts = &session.loaded().plan.conflicts;
        let Some(i) = conflicts.iter().position(|c| ids.is_empty() || ids.contains(&c.id)) else { break };
        if let Err(e) = session.resolve(i, theirs) {
            eprintln!("{}", e.render(&shown(file), "", lang));
            return 1;
        }
        done += 1;
    }
    if done == 0 {
        fail(lang, lang.pick("inga konflikter att lösa", "no conflicts to resolve"));
        return 1;
    }
    if let Err(e) = session.save() {
        fail(lang, &e.message(lang));
        return 1;
    }
    let left = session.loaded().plan.conflicts.len();
    eprintln!(
        "{}",
        text!(sv: "löste {done} konflikter, {left} kvar"; en: "resolved {done} conflicts, {left} left").get(lang)
    );
    0
}

/// Returns items sorted by id with numbers in numeric order (A2 before A10).
fn natural(items: &[Item]) -> Vec<&Item> {
    let mut v: Vec<&Item> = items.iter().collect();
    let key = |i: &Item| {
        let digits = i.id.trim_start_matches(|c: char| !c.is_ascii_digit());
        let prefix = &i.id[..i.id.len() - digits.len()];
        (prefix.to_string(), digits.parse::<u64>().unwrap_or(u64::MAX), i.id.clone())
    };
    v.sort_by_key(|i| key(i));
    v
}

/// Returns the plan as one line per field, items sorted by id, so that a
/// line diff of two such texts reads as a semantic diff (git's textconv).
pub fn canonical(plan: &Plan, lang: Lang) -> String {
    let mut out = String::new();
    for kind in Kind::ALL {
        for item in natural(plan.items(kind)) {
            let who = if kind.is_collection() {
                format!("{} {}", kind.noun(lang), item.id)
            } else {
                kind.noun(lang).to_string()
            };
            for (name, v) in &item.fields {
                if *name == "id" {
                    continue;
                }
                let label = kind.field(name).map(|f| f.label(lang)).unwrap_or(name).to_lowercase();
                let value = crate::diff::markdown::show_value(kind, name, v, lang);
                out.push_str(&text::escape(&format!("{who} · {label}: {value}")));
                out.push('\n');
            }
        }
    }
    out
}

/// `lansplan textconv FILE`: the canonical text, for `git log -p`.
pub fn textconv(file: &Path, lang: Lang) -> i32 {
    let bytes = match crate::plan::read::read(file) {
        Ok(b) => b,
        Err(e) => {
            // Issue #15: say what could not be read. git takes any exit but
            // 0 from textconv as fatal for the whole `git log -p`, so the
            // reason stands in place of the content, and on stderr.
            let msg = format!("lansplan textconv: {}: {}", shown(file), text::sanitize(e.text().get(lang)));
            eprintln!("{msg}");
            return print_content(&format!("({msg})\n"));
        }
    };
    match load::load_bytes(bytes.clone(), Date::today()) {
        Ok(l) if !super::sidemerge::is_side_file(file) => print_content(&canonical(&l.plan, lang)),
        // Not a plan git can show semantically: show it as it is.
        _ => print_content(&String::from_utf8_lossy(&bytes)),
    }
}

/// `lansplan git-diff PATH OLD HEX MODE NEW HEX MODE`: git's external diff.
pub fn git_diff(args: &[PathBuf], lang: Lang) -> i32 {
    let [path, old, _, _, new, _, _] = args else {
        fail(lang, lang.pick("git-diff väntar sju argument från git", "git-diff expects seven arguments from git"));
        return 2;
    };
    let name = shown(path);
    println!("lansplan diff a/{name} b/{name}");
    fn side(p: &Path) -> Option<super::diff::Side<'_>> {
        if p.as_os_str() == "/dev/null" { None } else { Some(super::diff::Side::File(p)) }
    }
    match (side(old), side(new)) {
        (Some(a), Some(b)) => {
            let code = super::diff::run(a, b, super::diff::Format::Text, super::diff::ColorWhen::Auto, lang);
            // git takes any exit but 0 as the external diff failing.
            if code == 2 { 2 } else { 0 }
        }
        (None, _) => {
            println!("{}", lang.pick("(ny fil)", "(new file)"));
            0
        }
        (_, None) => {
            println!("{}", lang.pick("(borttagen fil)", "(deleted file)"));
            0
        }
    }
}

/// Returns how git should call lansplan: by name when it is on PATH, else
/// by the running binary's full path.
fn self_command() -> String {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("lansplan").is_file()))
        .unwrap_or(false);
    if on_path {
        return "lansplan".into();
    }
    std::env::current_exe().map(|p| p.display().to_string()).unwrap_or_else(|_| "lansplan".into())
}

/// The git configuration that makes `git diff`, `git log -p` and
/// `git merge` understand plan files.
pub fn git_config_lines() -> Vec<(String, String)> {
    let exe = self_command();
    let q = if exe.contains(' ') { format!("'{exe}'") } else { exe };
    vec![
        ("merge.lansplan.name".into(), "lansplan: semantisk sammanslagning av planfiler".into()),
        ("merge.lansplan.driver".into(), format!("{q} merge %O %A %B -o %A")),
        ("diff.lansplan.textconv".into(), format!("{q} textconv")),
        ("diff.lansplan.command".into(), format!("{q} git-diff")),
    ]
}

/// `lansplan git-setup [--apply]`.
pub fn git_setup(pattern: &str, apply: bool, lang: Lang) -> i32 {
    // Review files are TOML too, but not plans: git's own text merge and diff.
    // Consultation and decisions files merge entry by entry through the
    // same driver and diff as text: they are small and read line by line.
    let attrs = [
        format!("{pattern} merge=lansplan diff=lansplan"),
        "*.review.toml merge=text diff".to_string(),
        "*.remiss.toml merge=lansplan diff".to_string(),
        "*.decisions.toml merge=lansplan diff".to_string(),
    ];
    let config = git_config_lines();
    if !apply {
        println!("{}", lang.pick("# I .gitattributes i repots rot:", "# In .gitattributes at the repository root:"));
        for a in &attrs {
            println!("{a}");
        }
        println!();
        println!("{}", lang.pick("# I .gitignore i repots rot:", "# In .gitignore at the repository root:"));
        println!("{TEMPORARIES}");
        println!();
        println!(
            "{}",
            lang.pick("# I repots konfiguration (git config):", "# In the repository's configuration (git config):")
        );
        for (k, v) in &config {
            println!("git config {k} \"{v}\"");
        }
        println!();
        println!("{}", lang.pick("# Eller kör: lansplan git-setup --apply", "# Or run: lansplan git-setup --apply"));
        return 0;
    }
    let root = match std::process::Command::new("git").args(["rev-parse", "--show-toplevel"]).output() {
        Ok(o) if o.status.success() => PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()),
        _ => {
            fail(lang, lang.pick("här finns inget git-repo", "not inside a git repository"));
            return 2;
        }
    };
    for (k, v) in &config {
        let ok = std::process::Command::new("git").args(["config", k, v]).status().is_ok_and(|s| s.success());
        if !ok {
            fail(lang, &format!("git config {k}"));
            return 2;
        }
    }
    for (file, lines) in [(".gitattributes", &attrs[..]), (".gitignore", &[TEMPORARIES.to_string()][..])] {
        if let Err(e) = add_lines(&root.join(file), lines) {
            fail(lang, &e.message(lang));
            return 2;
        }
    }
    eprintln!("{}", lang.pick("git är inställt för planfiler", "git is set up for plan files"));
    0
}

/// The temporary files of a save killed midway (issue #15: `git add -A`
/// committed them); the next save of the plan removes them.
const TEMPORARIES: &str = ".*.toml.*.tmp";

/// Adds the `lines` that `file` lacks at its end.
fn add_lines(file: &Path, lines: &[String]) -> Result<(), crate::plan::save::SaveError> {
    let current = match crate::plan::read::read_text(file) {
        Ok(s) => Some(s),
        Err(crate::plan::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(crate::plan::save::SaveError::Io { path: file.to_path_buf(), source: e.into_io() }),
    };
    let text = current.as_deref().unwrap_or("");
    let missing: Vec<&String> = lines.iter().filter(|a| !text.lines().any(|l| l.trim() == a.as_str())).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut next = text.to_string();
    if !next.is_empty() && !next.ends_with('\n') {
        next.push('\n');
    }
    for a in missing {
        next.push_str(a);
        next.push('\n');
    }
    let expect = if current.is_some() { Expect::Unchanged(text.as_bytes()) } else { Expect::New };
    save_atomic(file, next.as_bytes(), expect)
}
