//! `lansplan merge`, `resolve`, `git-setup` and the two hidden commands git
//! calls (`textconv`, `git-diff`): working together on plan files in git.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{fail, shown};
use crate::diff::merge::{MergeError, Note, Side, is_plan, merge};
use crate::i18n::Lang;
use crate::plan::edit::Session;
use crate::plan::finding::LineIndex;
use crate::plan::model::{Item, Plan};
use crate::plan::save::{Expect, save_atomic};
use crate::plan::schema::Kind;
use crate::plan::{Date, Loaded, load};
use crate::text;

/// Writes file content to stdout, escaped when stdout is a terminal.
fn print_content(s: &str) -> i32 {
    let mut out = super::exit::stdout();
    let shown = if std::io::stdout().is_terminal() { text::escape_multiline(s) } else { s.into() };
    if out.write_all(shown.as_bytes()).and_then(|_| out.flush()).is_err() { 2 } else { 0 }
}

/// What git passes to the merge driver besides the three files.
#[derive(Debug, Default)]
pub struct Driver<'a> {
    /// The file's path in the repository (`%P`), for messages and markers.
    pub name: Option<&'a str>,
    /// The length of conflict markers (`%L`), for a merge as text.
    pub marker_size: Option<usize>,
}

/// Three-way merge; exit 0 clean, 1 with conflicts, 2 trouble. A file
/// that is not a plan is merged as text by `git merge-file`, as git would.
pub fn run(base: &Path, ours: &Path, theirs: &Path, out: Option<&Path>, driver: &Driver<'_>, lang: Lang) -> i32 {
    // Consultation and decisions files, told by their format: entry by entry.
    if let Some(code) = super::sidemerge::run(base, ours, theirs, out, lang) {
        return code;
    }
    let paths = [base, ours, theirs];
    let mut texts = Vec::with_capacity(3);
    for p in paths {
        match load::read_limited(p) {
            Ok(bytes) => texts.push(String::from_utf8(bytes)),
            Err(e) => {
                eprintln!("{}", e.render(&shown(p), lang));
                return 2;
            }
        }
    }
    // Where the result goes, as messages name it.
    let name = driver.name.map(|n| text::escape(n).into_owned()).unwrap_or_else(|| shown(out.unwrap_or(ours)));
    let (b, o, t) = match (&texts[0], &texts[1], &texts[2]) {
        (Ok(b), Ok(o), Ok(t)) => (b, o, t),
        _ => {
            let which = texts.iter().position(|t| t.is_err()).unwrap_or(0);
            let why = lang.pick("är inte UTF-8-text", "is not UTF-8 text");
            eprintln!("{}", as_text_note(&shown(paths[which]), why, lang));
            return merge_as_text(paths, out, driver, lang);
        }
    };
    let merged = match merge(b, o, t, Date::today()) {
        Ok(m) => m,
        Err(e) => {
            let (side, why) = match &e {
                MergeError::NotAPlan { side } => (
                    *side,
                    lang.pick(
                        "är ingen lansplan-plan (format = \"lansplan/1\" saknas)",
                        "is not a lansplan plan (no format = \"lansplan/1\")",
                    )
                    .to_string(),
                ),
                MergeError::Unreadable { side, offset, message } => {
                    let src = [b, o, t][*side as usize];
                    let (line, col) = LineIndex::new(src).locate(*offset);
                    let msg = text::escape(message).into_owned();
                    (*side, text!(sv: "rad {line}, kolumn {col}: ogiltig TOML: {msg}"; en: "line {line}, column {col}: invalid TOML: {msg}").get(lang).to_string())
                }
            };
            eprintln!("{}", as_text_note(&shown(paths[side as usize]), &why, lang));
            return merge_as_text(paths, out, driver, lang);
        }
    };
    for note in &merged.notes {
        let line = match note {
            Note::Renumbered { list, old, new } => {
                let (noun, old, new) = (noun(list, lang), text::escape(old), text::escape(new));
                text!(sv: "{noun} {old} lades till på båda håll; deras har nu id {new}";
                      en: "{noun} {old} was added on both sides; theirs is now {new}")
            }
            Note::Renamed { list, old, new, by } => {
                let (noun, old, new) = (noun(list, lang), text::escape(old), text::escape(new));
                if *by == Side::Ours {
                    text!(sv: "vi döpte om {noun} {old} till {new}; deras hänvisningar följer med";
                          en: "we renamed {noun} {old} to {new}; their references follow")
                } else {
                    text!(sv: "de döpte om {noun} {old} till {new}; våra hänvisningar följer med";
                          en: "they renamed {noun} {old} to {new}; our references follow")
                }
            }
        };
        eprintln!("lansplan: {name}: {}", line.get(lang));
    }
    if !merged.conflicts.is_empty() {
        // Each conflict as `check` reports it, at its record in the result.
        let lines = LineIndex::new(&merged.text);
        for c in &merged.recorded {
            let (line, col) = lines.locate(c.span.start);
            let what = crate::plan::validate::describe_conflict(c);
            eprintln!("{name}:{line}:{col}: {}", text::escape(what.get(lang)));
        }
        let n = merged.conflicts.len();
        let (sv, en) = if n == 1 { ("konflikt", "conflict") } else { ("konflikter", "conflicts") };
        eprintln!(
            "{}",
            text!(sv: "lansplan: {name}: {n} {sv} att lösa: `lansplan resolve FIL --ours` eller `--theirs`, eller tangenten x i editorn";
                  en: "lansplan: {name}: {n} {en} to settle: `lansplan resolve FILE --ours` or `--theirs`, or the x key in the editor")
            .get(lang)
        );
    }
    let code = write_result(out, &merged.text, lang);
    if code != 0 {
        return code;
    }
    i32::from(!merged.conflicts.is_empty())
}

/// Writes a merge's result to `out`, or to standard output.
fn write_result(out: Option<&Path>, content: &str, lang: Lang) -> i32 {
    match out {
        Some(path) => match save_atomic(path, content.as_bytes(), Expect::Anything) {
            Ok(()) => 0,
            Err(e) => {
                fail(lang, &e.message(lang));
                2
            }
        },
        None => print_content(content),
    }
}

fn noun(list: &str, lang: Lang) -> String {
    match crate::plan::schema::Kind::from_key(list) {
        Some(kind) => kind.noun(lang).to_string(),
        None => text::escape(list).into_owned(),
    }
}

/// Says that a file is merged as text, and why.
fn as_text_note(path: &str, why: &str, lang: Lang) -> String {
    text!(sv: "lansplan: {path} {why}: slås ihop som text av git merge-file";
          en: "lansplan: {path} {why}: merged as text by git merge-file")
    .get(lang)
    .to_string()
}

/// Merges three files as text with git's own merge (`git merge-file`),
/// markers where both sides changed the same lines. Exit 0 clean, 1 with
/// conflicts, 2 when git could not run.
fn merge_as_text(paths: [&Path; 3], out: Option<&Path>, driver: &Driver<'_>, lang: Lang) -> i32 {
    let [base, ours, theirs] = paths;
    let label = |side: &str| match driver.name {
        Some(n) => format!("{side}:{n}"),
        None => side.to_string(),
    };
    let mut cmd = std::process::Command::new("git");
    cmd.args(["merge-file", "-p"]);
    if let Some(n) = driver.marker_size {
        cmd.arg(format!("--marker-size={n}"));
    }
    // A file named like an option ("-p") would be read as one; as "./-p" it cannot.
    cmd.args(["-L", &label("ours"), "-L", &label("base"), "-L", &label("theirs")]);
    cmd.args([ours, base, theirs].map(crate::plan::git::not_an_option));
    let output = match cmd.output() {
        Ok(o) => o,
        Err(e) => {
            let e = text::escape(&e.to_string()).into_owned();
            fail(
                lang,
                text!(sv: "git merge-file kunde inte köras: {e}"; en: "git merge-file could not run: {e}").get(lang),
            );
            return 2;
        }
    };
    // git merge-file exits with the number of conflicts, or above 127 on error.
    let conflicts = match output.status.code() {
        Some(n @ 0..=127) => n,
        _ => {
            let msg = text::escape(String::from_utf8_lossy(&output.stderr).trim()).into_owned();
            fail(lang, &format!("git merge-file: {msg}"));
            return 2;
        }
    };
    let code = match out {
        Some(path) => match save_atomic(path, &output.stdout, Expect::Anything) {
            Ok(()) => 0,
            Err(e) => {
                fail(lang, &e.message(lang));
                2
            }
        },
        None => print_content(&String::from_utf8_lossy(&output.stdout)),
    };
    if code != 0 { code } else { i32::from(conflicts > 0) }
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
    // What is there before, to say what taking a side removed.
    let items = |s: &Session| -> Vec<(Kind, String)> {
        let plan = &s.loaded().plan;
        Kind::COLLECTIONS.iter().flat_map(|k| plan.items(*k).iter().map(move |i| (*k, i.id.clone()))).collect()
    };
    let before = items(&session);
    let wanted: Vec<usize> = (session.loaded().plan.conflicts.iter().enumerate())
        .filter(|(_, c)| ids.is_empty() || ids.contains(&c.id))
        .map(|(i, _)| i)
        .collect();
    // All at once (one check of the result for a large plan); if that is
    // refused, one by one, to say which cannot be settled.
    let at_once = !wanted.is_empty()
        && session
            .apply(|doc| {
                for &i in wanted.iter().rev() {
                    doc.resolve_conflict(i, theirs)?;
                }
                Ok(())
            })
            .is_ok();
    let mut done = if at_once { wanted.len() } else { 0 };
    let mut skip = 0;
    // One by one only when all at once was refused (the loop ends when
    // no wanted conflict is left past `skip`).
    #[allow(clippy::while_immutable_condition)]
    while !at_once {
        let conflicts = &session.loaded().plan.conflicts;
        let Some(i) = conflicts.iter().skip(skip).position(|c| ids.is_empty() || ids.contains(&c.id)).map(|i| i + skip)
        else {
            break;
        };
        let at = conflicts[i].span.start;
        if let Err(e) = session.resolve(i, theirs) {
            // Named by file and place; the next ones are still settled.
            let (line, col) = LineIndex::new(session.text()).locate(at);
            eprintln!(
                "{}:{line}:{col}: {}: {}",
                shown(file),
                lang.pick("fel", "error"),
                text::escape(e.text().get(lang))
            );
            skip = i + 1;
            continue;
        }
        done += 1;
    }
    if done == 0 && skip == 0 {
        fail(lang, &format!("{}: {}", shown(file), lang.pick("inga konflikter att lösa", "no conflicts to resolve")));
        return 1;
    }
    if done > 0
        && let Err(e) = session.save()
    {
        fail(lang, &e.message(lang));
        return 2;
    }
    // A removal taken removes what hangs on it, which may be the other
    // side's new work: each item is named (issue #14).
    let after = items(&session);
    let gone: Vec<String> = before
        .iter()
        .filter(|i| !after.contains(i))
        .map(|(k, id)| format!("{} {}", k.noun(lang), text::escape(id)))
        .collect();
    if !gone.is_empty() {
        let gone = gone.join(", ");
        eprintln!(
            "{}",
            text!(sv: "{}: togs bort: {gone}", shown(file); en: "{}: removed: {gone}", shown(file)).get(lang)
        );
    }
    let left = session.loaded().plan.conflicts.len();
    eprintln!(
        "{}",
        text!(sv: "{}: löste {done} {}, {left} kvar", shown(file), if done == 1 { "konflikt" } else { "konflikter" };
              en: "{}: resolved {done} {}, {left} left", shown(file), if done == 1 { "conflict" } else { "conflicts" })
        .get(lang)
    );
    i32::from(skip > 0)
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
                let value = crate::diff::present::show_value(kind, name, v, lang);
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
    let [loaded] = match load::decode(bytes.clone()) {
        Ok(text) => load::load_revisions([text]),
        Err(e) => [Err(e)],
    };
    match loaded.and_then(Loaded::require_plan) {
        Ok(l) if !super::sidemerge::is_side_file(file) => print_content(&canonical(&l.plan, lang)),
        // Not a plan git can show semantically: show it as it is.
        _ => print_content(&String::from_utf8_lossy(&bytes)),
    }
}

/// `lansplan git-diff PATH OLD HEX MODE NEW HEX MODE`: git's external diff.
/// A TOML file that is not a plan (the attributes name every `*.toml`)
/// gets a plain line diff, as git would show it.
pub fn git_diff(args: &[PathBuf], lang: Lang) -> i32 {
    let [path, old, _, _, new, _, _] = args else {
        fail(lang, lang.pick("git-diff väntar sju argument från git", "git-diff expects seven arguments from git"));
        return 2;
    };
    let name = shown(path);
    let absent = |p: &Path| is_no_file(p);
    let read = |p: &Path| -> Result<String, crate::i18n::Text> {
        if absent(p) {
            return Ok(String::new());
        }
        let bytes = crate::plan::read::read(p).map_err(|e| e.text())?;
        String::from_utf8(bytes).map_err(|_| text!(sv: "filen är inte UTF-8-text"; en: "the file is not UTF-8 text"))
    };
    let (a, b) = match (read(old), read(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            // Issue #15: a side that cannot be read is said, never shown as
            // empty (which read as every line deleted). git takes any exit
            // but 0 as fatal for the whole diff, so the reason stands in the
            // output and on stderr, as textconv does.
            let mut out = format!("diff a/{name} b/{name}\n");
            for (side, r) in [("a", &a), ("b", &b)] {
                if let Err(why) = r {
                    let msg = format!("lansplan git-diff: {side}/{name}: {}", text::sanitize(why.get(lang)));
                    eprintln!("{msg}");
                    out.push_str(&format!("({msg})\n"));
                }
            }
            return print_content(&out);
        }
    };
    let plan = |p: &Path, t: &str| absent(p) || is_plan(t);
    if !(plan(old, &a) && plan(new, &b)) {
        let diff = similar::TextDiff::from_lines(&a, &b);
        let mut out = format!("diff a/{name} b/{name}\n");
        out.push_str(&diff.unified_diff().header(&format!("a/{name}"), &format!("b/{name}")).to_string());
        return print_content(&out);
    }
    crate::outln!("lansplan diff a/{name} b/{name}");
    fn side(p: &Path) -> Option<super::diff::Side<'_>> {
        if is_no_file(p) { None } else { Some(super::diff::Side::File(p)) }
    }
    match (side(old), side(new)) {
        (Some(a), Some(b)) => {
            let code = super::diff::run(a, b, super::diff::Format::Text, super::diff::ColorWhen::Auto, lang);
            // git takes any exit but 0 as the external diff failing.
            if code == 2 { 2 } else { 0 }
        }
        (None, _) => {
            crate::outln!("{}", lang.pick("(ny fil)", "(new file)"));
            0
        }
        (_, None) => {
            crate::outln!("{}", lang.pick("(borttagen fil)", "(deleted file)"));
            0
        }
    }
}

/// Returns true for the name git gives a side that does not exist (an
/// added or deleted file): `/dev/null`, which Git for Windows' sh turns
/// into `nul` when it starts a Windows program.
fn is_no_file(p: &Path) -> bool {
    let s = p.as_os_str();
    s == "/dev/null" || (cfg!(windows) && s.eq_ignore_ascii_case("nul"))
}

/// Finds `lansplan` on PATH and checks that it answers as lansplan, so
/// that the command git-setup writes works in this clone and any other
/// with lansplan installed (not only with the binary that ran it).
fn lansplan_on_path() -> Result<PathBuf, crate::i18n::Text> {
    let names: &[&str] = if cfg!(windows) { &["lansplan.exe", "lansplan"] } else { &["lansplan"] };
    let found = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p).flat_map(|d| names.iter().map(move |n| d.join(n))).find(|c| executable(c))
    });
    let Some(path) = found else {
        return Err(text!(sv: "lansplan finns inte i PATH, så git skulle inte hitta kommandot";
                         en: "lansplan is not on PATH, so git would not find the command"));
    };
    let answers = std::process::Command::new(&path)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"lansplan "));
    if !answers {
        let p = shown(&path);
        return Err(text!(sv: "{p} i PATH svarar inte som lansplan"; en: "{p} on PATH does not answer as lansplan"));
    }
    Ok(path)
}

fn executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// The git configuration that makes `git diff`, `git log -p` and
/// `git merge` understand plan files. The commands name lansplan as found
/// on PATH, so they work in every clone where it is installed.
pub fn git_config_lines() -> Vec<(String, String)> {
    vec![
        ("merge.lansplan.name".into(), "lansplan: semantisk sammanslagning av planfiler".into()),
        ("merge.lansplan.driver".into(), "lansplan merge %O %A %B -o %A --name %P --marker-size %L".into()),
        ("diff.lansplan.textconv".into(), "lansplan textconv".into()),
        ("diff.lansplan.command".into(), "lansplan git-diff".into()),
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
    let on_path = lansplan_on_path();
    let install = text!(sv: "installera lansplan så att det finns i PATH (till exempel `cargo install --path .` i lansplans källkod) och kör sedan `lansplan git-setup --apply` igen";
                        en: "install lansplan so that it is on PATH (for example `cargo install --path .` in lansplan's source) and run `lansplan git-setup --apply` again");
    if !apply {
        if let Err(why) = &on_path {
            eprintln!(
                "lansplan: {}: {}\n  {}: {}",
                lang.pick("varning", "warning"),
                why.get(lang),
                lang.pick("tips", "hint"),
                install.get(lang)
            );
        }
        crate::outln!(
            "{}",
            lang.pick("# I .gitattributes i repots rot:", "# In .gitattributes at the repository root:")
        );
        for a in &attrs {
            crate::outln!("{a}");
        }
        crate::outln!();
        crate::outln!("{}", lang.pick("# I .gitignore i repots rot:", "# In .gitignore at the repository root:"));
        for t in TEMPORARIES {
            crate::outln!("{t}");
        }
        crate::outln!();
        crate::outln!(
            "{}",
            lang.pick("# I repots konfiguration (git config):", "# In the repository's configuration (git config):")
        );
        for (k, v) in &config {
            crate::outln!("git config {k} \"{v}\"");
        }
        crate::outln!();
        crate::outln!(
            "{}",
            lang.pick("# Eller kör: lansplan git-setup --apply", "# Or run: lansplan git-setup --apply")
        );
        return 0;
    }
    if let Err(why) = on_path {
        fail(lang, &format!("{}\n  {}: {}", why.get(lang), lang.pick("tips", "hint"), install.get(lang)));
        return 2;
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
    for (file, lines) in [(".gitattributes", &attrs[..]), (".gitignore", &TEMPORARIES.map(String::from)[..])] {
        if let Err(e) = add_lines(&root.join(file), lines) {
            fail(lang, &e.message(lang));
            return 2;
        }
    }
    eprintln!("{}", lang.pick("git är inställt för planfiler", "git is set up for plan files"));
    0
}

/// What lansplan leaves beside a plan for a moment, kept out of git: the
/// temporary files of a save killed midway (issue #15: `git add -A`
/// committed them; the next save of the plan removes them), and the lock a
/// `review mark` holds while it writes a review file (issue #14: a killed
/// one left it, and `git status` showed it; the next mark takes it over).
const TEMPORARIES: [&str; 2] = [".*.toml.*.tmp", ".*.review.toml.lock"];

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
