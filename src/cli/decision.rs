//! `lansplan decision add|status PLAN`: the recommendation and each
//! principal's adoption of a revision, kept beside it with the fingerprint
//! of the content decided on.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::remiss::parse_date;
use super::{fail, shown};
use crate::consult::beside::{SideKind, path_of};
use crate::consult::decisions::{self, status_lines};
use crate::consult::fingerprint::fingerprint;
use crate::consult::write::{self, NewDecision};
use crate::i18n::Lang;
use crate::plan::Date;
use crate::plan::finding::Findings;
use crate::plan::save::{Expect, save_atomic};
use crate::text;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Record a recommendation or an adoption of a revision
    Add {
        /// The revision decided on
        plan: PathBuf,
        /// recommendation (by the collaboration body) or adoption (by a principal)
        #[arg(long, value_enum)]
        kind: KindArg,
        /// The body that decided, e.g. SVOM or Kommunfullmäktige
        #[arg(long)]
        body: String,
        /// For an adoption: the principal's party id
        #[arg(long)]
        party: Option<String>,
        /// Day of the decision
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// The paragraph in the minutes, e.g. "§ 34"
        #[arg(long)]
        paragraph: Option<String>,
        /// The reference (diarienummer)
        #[arg(long)]
        reference: Option<String>,
        /// What came of it (default for an adoption: adopted)
        #[arg(long, value_enum)]
        outcome: Option<OutcomeArg>,
    },
    /// Say which principals have adopted the revision and which have not
    Status {
        /// The revision decided on
        plan: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Recommendation,
    Adoption,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OutcomeArg {
    Adopted,
    AdoptedWithChanges,
    ReferredBack,
    Rejected,
}

impl OutcomeArg {
    fn key(self) -> &'static str {
        match self {
            OutcomeArg::Adopted => "adopted",
            OutcomeArg::AdoptedWithChanges => "adopted_with_changes",
            OutcomeArg::ReferredBack => "referred_back",
            OutcomeArg::Rejected => "rejected",
        }
    }
}

fn add(plan_file: &Path, d: NewDecision, lang: Lang) -> i32 {
    let loaded = match super::export::load_clean(plan_file, Date::today(), lang) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let plan = &loaded.plan;
    let path = path_of(plan_file, plan, SideKind::Decisions);
    let content = fingerprint(plan);
    // Through the one reader (issue #15): a FIFO or device named as the
    // decisions file is refused instead of blocking, and a huge one is capped.
    let (before, expect) = match crate::plan::read::read(&path) {
        Ok(bytes) => (Some(bytes), true),
        Err(crate::plan::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => (None, false),
        Err(e) => {
            fail(
                lang,
                &format!("{}: {}", text::escape(&path.display().to_string()), text::sanitize(e.text().get(lang))),
            );
            return 2;
        }
    };
    let src = match &before {
        Some(bytes) => match decisions::load_str(String::from_utf8_lossy(bytes).into_owned()) {
            Ok(side) if side.error_count() == 0 => {
                if side.value.head.str("content") != content {
                    let v = text::escape(plan.revision.str("version"));
                    fail(lang, text!(sv: "version {v} har ändrats sedan de tidigare besluten (fingeravtrycket stämmer inte); inget registrerades";
                                     en: "version {v} was changed since the earlier decisions (the fingerprint does not match); nothing was recorded").get(lang));
                    eprintln!(
                        "  {}: {}",
                        lang.pick("tips", "hint"),
                        text::escape(decisions::changed_hint(&side.value).get(lang))
                    );
                    return 1;
                }
                side.source
            }
            Ok(side) => {
                let name = shown(&path);
                for f in side.findings.iter().filter(|f| f.is_error()) {
                    eprintln!("{}", f.render(&name, lang));
                }
                return 1;
            }
            Err(e) => {
                eprintln!("{}", e.render(&shown(&path), lang));
                return 2;
            }
        },
        None => write::new_decisions(plan, &content),
    };
    let new_text = write::add_decision(&src, &d);
    let checked = decisions::load_str(new_text.clone()).map(|side| {
        let mut f = Findings::new(&new_text);
        f.list = side.findings.clone();
        decisions::check(&side.value, Some(plan), &mut f);
        f.finish()
    });
    match checked {
        Ok(list) if list.iter().any(|x| x.is_error()) => {
            for x in list.iter().filter(|x| x.is_error()) {
                let mut msg = text::escape(x.message.get(lang)).into_owned();
                if let Some(h) = &x.hint {
                    msg.push_str(&format!("\n  {}: {}", lang.pick("tips", "hint"), text::escape(h.get(lang))));
                }
                fail(lang, &msg);
            }
            eprintln!("  {}", lang.pick("inget registrerades", "nothing was recorded"));
            return 1;
        }
        Ok(_) => {}
        Err(e) => {
            eprintln!("{}", e.render(&shown(&path), lang));
            return 2;
        }
    }
    let result = match &before {
        Some(b) if expect => save_atomic(&path, new_text.as_bytes(), Expect::Unchanged(b)),
        _ => save_atomic(&path, new_text.as_bytes(), Expect::New),
    };
    match result {
        Ok(()) => {
            let p = shown(&path);
            eprintln!("{}", text!(sv: "beslutet registrerat i {p}"; en: "the decision is recorded in {p}").get(lang));
            0
        }
        Err(e) => {
            fail(lang, &e.message(lang));
            2
        }
    }
}

fn status(plan_file: &Path, lang: Lang) -> i32 {
    let loaded = match super::export::load_clean(plan_file, Date::today(), lang) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let path = path_of(plan_file, &loaded.plan, SideKind::Decisions);
    if !path.exists() {
        let p = shown(&path);
        fail(
            lang,
            text!(sv: "inga beslut registrerade ({p} finns inte)"; en: "no decisions recorded ({p} does not exist)")
                .get(lang),
        );
        return 1;
    }
    let side = match decisions::load_file(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(&shown(&path), lang));
            return 2;
        }
    };
    let mut out = super::exit::stdout();
    for line in status_lines(&side.value, &loaded.plan, lang) {
        let _ = writeln!(out, "{}", text::escape(&line));
    }
    let content = side.value.head.str("content");
    if fingerprint(&loaded.plan) != content {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "Obs: planen har ändrats efter beslutet (fingeravtrycket stämmer inte)",
                "Note: the plan was changed after the decision (the fingerprint does not match)"
            )
        );
        return 1;
    }
    0
}

/// Runs a decision subcommand and returns the exit code.
pub fn run(action: Action, lang: Lang) -> i32 {
    match action {
        Action::Add { plan, kind, body, party, date, paragraph, reference, outcome } => {
            let kind_key = match kind {
                KindArg::Recommendation => "recommendation",
                KindArg::Adoption => "adoption",
            };
            let outcome =
                outcome.map(|o| o.key().to_string()).or_else(|| (kind_key == "adoption").then(|| "adopted".into()));
            let d = NewDecision { party, body, kind: kind_key.into(), date, paragraph, reference, outcome };
            add(&plan, d, lang)
        }
        Action::Status { plan } => status(&plan, lang),
    }
}

/// Returns the text of what `party` adopted of plan `plan_id`: the
/// version and fingerprint of its latest adoption among the decisions
/// files beside `file`, and that content from a revision file in the same
/// folder, or else from the git history of those files, that matches it.
fn adopted_content(file: &Path, plan_id: &str, party: &str, lang: Lang) -> Result<(String, String, String), i32> {
    let today = Date::today();
    let folder = crate::consult::beside::folder(file);
    let prefix =
        format!("{}_", plan_id.replace(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')), "_"));
    let mut best: Option<(Date, String, String)> = None;
    for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.starts_with(&prefix) || !name.ends_with(SideKind::Decisions.suffix()) {
            continue;
        }
        let Ok(side) = decisions::load_file(&path) else { continue };
        if side.value.head.str("plan") != plan_id {
            continue;
        }
        if let Some(e) = side.value.adoption_of(party)
            && let Some(d) = e.date("date")
            && best.as_ref().is_none_or(|(bd, _, _)| d >= *bd)
        {
            best = Some((d, side.value.version().to_string(), side.value.head.str("content").to_string()));
        }
    }
    let p = text::escape(party).into_owned();
    let Some((date, version, content)) = best else {
        fail(
            lang,
            text!(sv: "inget antagande av {p} finns registrerat bredvid planen (se lansplan decision status)";
                         en: "no adoption by {p} is recorded beside the plan (see lansplan decision status)")
            .get(lang),
        );
        return Err(2);
    };
    let revs = crate::consult::beside::revisions(&folder, plan_id, today);
    let candidates: Vec<&crate::consult::beside::Revision> = revs.iter().filter(|r| r.version() == version).collect();
    for r in &candidates {
        if fingerprint(&r.loaded.plan) == content {
            return Ok((r.loaded.source.clone(), format!("{} ({p}, {date})", shown(&r.path)), version));
        }
    }
    // The file was edited after the decision: look back in git.
    let mut files: Vec<PathBuf> = candidates.iter().map(|r| r.path.clone()).collect();
    files.push(file.to_path_buf());
    for f in files {
        let Ok(commits) = crate::plan::git::log(&f) else { continue };
        for c in commits {
            let Ok(bytes) = crate::plan::git::show_at(&f, &c) else { continue };
            let Ok(loaded) = crate::plan::load::load_bytes(bytes, today) else { continue };
            if loaded.plan.plan.str("id") == plan_id && fingerprint(&loaded.plan) == content {
                let name = format!("{}@{} ({p}, {date})", shown(&f), text::escape(&c.short));
                return Ok((loaded.source, name, version));
            }
        }
    }
    let v = text::escape(&version);
    fail(
        lang,
        text!(sv: "det innehåll som {p} antog ({v}) finns varken bredvid planen eller i dess git-historik";
                     en: "the content {p} adopted ({v}) is neither beside the plan nor in its git history")
        .get(lang),
    );
    Err(2)
}

/// `lansplan diff FILE --since-decision PARTY`: what changed in FILE since
/// `party` adopted the plan.
pub fn since_decision(
    file: &Path,
    party: &str,
    format: super::diff::Format,
    color: super::diff::ColorWhen,
    lang: Lang,
) -> i32 {
    let loaded = match crate::plan::load_file(file, Date::today()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}", e.render(&shown(file), lang));
            return 2;
        }
    };
    let plan_id = loaded.plan.plan.str("id").to_string();
    match adopted_content(file, &plan_id, party, lang) {
        Ok((text, name, _)) => super::diff::compare(
            (text, name),
            (loaded.source, shown(file)),
            [None, Some(file.to_path_buf())],
            format,
            color,
            lang,
        ),
        Err(code) => code,
    }
}
