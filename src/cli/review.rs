//! `lansplan review`: the reviewers' marks on the changes between two
//! revisions, from the command line (the editor's diff view does the same):
//! list, mark, unmark, reply, export, and apply (the next draft from what
//! was accepted, with what was left out).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{fail, shown};
use crate::diff::review::{
    Assessment, Mark, MarkState, Review, Status, Summary, Verdict, change_key, next_version, now, review_path,
    reviewer, taken_versions,
};
use crate::diff::{Change, diff};
use crate::i18n::{Lang, Text};
use crate::plan::save::{Expect, save_atomic};
use crate::plan::{Date, Kind, Loaded};
use crate::text;

/// Who marks or replies, as the command line names them.
#[derive(Debug, clap::Args)]
pub struct Who {
    /// Who you are (default: $LANSPLAN_REVIEWER, git's user.name, $USER)
    #[arg(long, value_name = "NAME")]
    reviewer: Option<String>,
    /// The party you review for, by its id in the plan (default: your last one)
    #[arg(long, value_name = "ID")]
    party: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the changes with their keys and every reviewer's marks, then the counts
    List {
        /// The older revision
        old: PathBuf,
        /// The newer revision (the review is kept beside it)
        new: PathBuf,
    },
    /// Mark one change (by its key from `review list`) for one reviewer
    Mark {
        old: PathBuf,
        new: PathBuf,
        /// The change's key, e.g. activity/A3/due
        change: String,
        /// accept, reject or question
        #[arg(value_enum)]
        verdict: VerdictArg,
        /// A comment to go with the mark (default: keep the earlier one)
        #[arg(long, short)]
        comment: Option<String>,
        #[command(flatten)]
        who: Who,
    },
    /// Take back your mark on one change
    Unmark {
        old: PathBuf,
        new: PathBuf,
        /// The change's key
        change: String,
        /// Whose mark (default: yours, as for `mark`)
        #[arg(long, value_name = "NAME")]
        reviewer: Option<String>,
    },
    /// Reply to a reviewer's mark and comment on one change
    Reply {
        old: PathBuf,
        new: PathBuf,
        /// The change's key
        change: String,
        /// The reply
        text: String,
        /// Whose mark to reply to (needed when several reviewers marked the change)
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
        #[command(flatten)]
        who: Who,
    },
    /// Write the review as a Markdown report
    Export {
        old: PathBuf,
        new: PathBuf,
        /// Write here instead of to standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Read the verdicts and comments of a reviewer who worked in Word on `diff --format docx`
    Import {
        old: PathBuf,
        new: PathBuf,
        /// The Word document as the reviewer saved it
        docx: PathBuf,
        /// Who reviewed, for verdicts without a comment (default: who saved the document)
        #[arg(long)]
        reviewer: Option<String>,
    },
    /// Write the next draft: OLD with exactly the changes accepted as they stand
    Apply {
        old: PathBuf,
        new: PathBuf,
        /// The file to create (never overwritten)
        #[arg(short, long)]
        output: PathBuf,
        /// The new draft's version label (default: the one after NEW's)
        #[arg(long, value_name = "LABEL")]
        version: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum VerdictArg {
    Accept,
    Reject,
    Question,
}

struct Pair {
    old: Loaded,
    new: Loaded,
    changes: Vec<Change>,
    path: PathBuf,
    review: Review,
}

fn note(lang: Lang, t: &Text) {
    eprintln!("lansplan: {}: {}", lang.pick("obs", "note"), t.get(lang));
}

fn open(old: &Path, new: &Path, lang: Lang) -> Result<Pair, i32> {
    // Loaded as `diff` loads them; what is not a plan is refused.
    let [old_l, new_l] = super::diff::load_files([old, new], true, lang).ok_or(2)?;
    let changes = diff(&old_l.plan, &new_l.plan);
    let path = review_path(new, &old_l.plan, &new_l.plan);
    let opened = Review::open(&path, &old_l.plan, &new_l.plan).map_err(|e| {
        fail(lang, e.text().get(lang));
        2
    })?;
    opened.notes.iter().for_each(|n| note(lang, n));
    Ok(Pair { old: old_l, new: new_l, changes, path, review: opened.review })
}

/// Returns "Anna Granskare, region, 2026-11-22 10:00 UTC" (escaped).
fn signed(reviewer: &str, party: &str, at: &str) -> String {
    let mut s = text::escape(reviewer).into_owned();
    if !party.is_empty() {
        s = format!("{s}, {}", text::escape(party));
    }
    // Stored in UTC, shown on the reader's clock (issue #22).
    format!("{s}, {}", text::escape(&crate::plan::date::shown_time(at, &crate::plan::date::display_zone())))
}

fn mark_line(m: &Mark, state: Option<MarkState>, lang: Lang) -> String {
    let (sign, stale) = match state {
        Some(MarkState::Current) => (Status::of([(m.verdict, MarkState::Current)]).sign(), String::new()),
        Some(_) => (Status::Changed.sign(), format!(", {}", Status::Changed.label(lang, 1))),
        None => ("·", String::new()),
    };
    let mut line = format!("    {sign} {}{stale} ({})", m.verdict.label(lang), signed(&m.reviewer, &m.party, &m.at));
    if !m.comment.is_empty() {
        line = format!("{line}: {}", text::escape(&m.comment));
    }
    for r in &m.replies {
        line = format!(
            "{line}\n      ↳ {} {}: {}",
            lang.pick("svar från", "reply from"),
            signed(&r.reviewer, &r.party, &r.at),
            text::escape(&r.text)
        );
    }
    line
}

fn summary_text(s: &Summary, p: &Pair, lang: Lang) -> String {
    let mut out = format!("\n{}: {}\n", lang.pick("Granskning", "Review"), s.all.words(lang));
    for r in &s.reviewers {
        let party = r.party.as_deref().map(|p| format!(" ({})", text::escape(p))).unwrap_or_default();
        out.push_str(&format!(
            "  {} {}{party}: {}\n",
            lang.pick("granskare", "reviewer"),
            text::escape(&r.name),
            r.tally.words(lang)
        ));
    }
    for (party, tally) in &s.parties {
        let name = crate::diff::present::name_of(&p.old.plan, &p.new.plan, Kind::Party, party);
        out.push_str(&format!("  {} {}: {}\n", lang.pick("part", "party"), text::escape(&name), tally.words(lang)));
    }
    out
}

fn list(p: &Pair, lang: Lang) -> String {
    let a: Assessment = p.review.assess(&p.changes);
    let mut out = String::new();
    for (c, (status, marks)) in p.changes.iter().zip(&a.changes) {
        out.push_str(&format!("{:<40} {}\n", text::escape(&change_key(c)), status.label(lang, 1)));
        for j in marks {
            out.push_str(&mark_line(&p.review.marks[j.mark], Some(j.state), lang));
            out.push('\n');
        }
    }
    let s = p.review.summary(&a);
    out.push_str(&summary_text(&s, p, lang));
    if !a.gone.is_empty() {
        out.push_str(&format!(
            "\n{} ({}):\n",
            lang.pick("Markeringar på ändringar som inte längre finns", "Marks on changes that are no longer there"),
            a.gone.len()
        ));
        for i in &a.gone {
            let m = &p.review.marks[*i];
            out.push_str(&format!("{}\n{}\n", text::escape(&m.change), mark_line(m, None, lang)));
        }
    }
    out
}

fn no_such_change(lang: Lang, key: &str) -> i32 {
    let k = text::escape(key);
    fail(
        lang,
        text!(sv: "ingen ändring har nyckeln \"{k}\" (se `lansplan review list`)"; en: "no change has the key \"{k}\" (see `lansplan review list`)").get(lang),
    );
    1
}

/// Changes the review with `f` and saves it; returns the exit code.
fn update(p: &Pair, lang: Lang, f: impl FnMut(&mut Review) -> Result<(), crate::diff::review::ReviewError>) -> i32 {
    match Review::update(&p.path, &p.old.plan, &p.new.plan, f) {
        Ok(_) => 0,
        Err(crate::diff::review::ReviewError::Invalid(t)) => {
            fail(lang, t.get(lang));
            1
        }
        Err(e) => {
            fail(lang, e.text().get(lang));
            2
        }
    }
}

fn who(p: &Pair, w: &Who, lang: Lang) -> Result<(String, Option<String>), i32> {
    let dir = p.path.parent().unwrap_or(Path::new("."));
    let name = reviewer(w.reviewer.as_deref(), dir);
    if let Some(party) = &w.party
        && let Err(e) = Review::check_party(party, &p.old.plan, &p.new.plan)
    {
        fail(lang, e.text().get(lang));
        return Err(1);
    }
    Ok((name, w.party.clone()))
}

/// Runs a review subcommand and returns the exit code.
pub fn run(action: Action, lang: Lang) -> i32 {
    match action {
        Action::Import { old, new, docx, reviewer } => match open(&old, &new, lang) {
            Ok(p) => super::review_import::run(
                &p.path,
                &p.old.plan,
                &p.new.plan,
                &p.changes,
                &docx,
                reviewer.as_deref(),
                lang,
            ),
            Err(code) => code,
        },
        Action::List { old, new } => match open(&old, &new, lang) {
            Ok(p) => {
                let _ = super::exit::stdout().write_all(list(&p, lang).as_bytes());
                0
            }
            Err(code) => code,
        },
        Action::Mark { old, new, change, verdict, comment, who: w } => {
            let p = match open(&old, &new, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let Some(c) = p.changes.iter().find(|c| change_key(c) == change) else {
                return no_such_change(lang, &change);
            };
            let (name, party) = match who(&p, &w, lang) {
                Ok(x) => x,
                Err(code) => return code,
            };
            let v = match verdict {
                VerdictArg::Accept => Verdict::Accept,
                VerdictArg::Reject => Verdict::Reject,
                VerdictArg::Question => Verdict::Question,
            };
            let at = now();
            update(&p, lang, |r| {
                r.mark(c, v, comment.as_deref(), &name, party.as_deref(), &at);
                Ok(())
            })
        }
        Action::Unmark { old, new, change, reviewer: r } => {
            let p = match open(&old, &new, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let name = reviewer(r.as_deref(), p.path.parent().unwrap_or(Path::new(".")));
            if !p.review.marks.iter().any(|m| m.change == change && m.reviewer == name) {
                let (k, n) = (text::escape(&change), text::escape(&name));
                fail(lang, text!(sv: "{n} har ingen markering på \"{k}\""; en: "{n} has no mark on \"{k}\"").get(lang));
                return 1;
            }
            update(&p, lang, |r| r.unmark(&change, &name).map(|_| ()))
        }
        Action::Reply { old, new, change, text: reply, to, who: w } => {
            let p = match open(&old, &new, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let (name, party) = match who(&p, &w, lang) {
                Ok(x) => x,
                Err(code) => return code,
            };
            let at = now();
            update(&p, lang, |r| r.reply(&change, to.as_deref(), &name, party.as_deref(), &reply, &at))
        }
        Action::Export { old, new, output } => {
            let p = match open(&old, &new, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let md = p.review.to_markdown(&p.old.plan, &p.new.plan, &p.changes, lang);
            match output {
                Some(out) => match save_atomic(&out, md.as_bytes(), Expect::Anything) {
                    Ok(()) => 0,
                    Err(e) => {
                        fail(lang, &e.message(lang));
                        2
                    }
                },
                None => {
                    let _ = super::exit::stdout().write_all(md.as_bytes());
                    0
                }
            }
        }
        Action::Apply { old, new, output, version } => {
            let p = match open(&old, &new, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            apply(&p, &output, version.as_deref(), lang)
        }
    }
}

/// `review apply`: writes the next draft and prints what it applied and
/// what it left out, change by change.
fn apply(p: &Pair, output: &Path, version: Option<&str>, lang: Lang) -> i32 {
    let version = match version {
        Some(v) => v.to_string(),
        None => {
            let id = p.new.plan.plan.str("id");
            let dir =
                |f: &Path| f.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
            let mut taken = taken_versions(&dir(output), id);
            taken.extend(taken_versions(&dir(&p.path), id));
            taken.push(p.old.plan.revision.str("version").to_string());
            next_version(p.new.plan.revision.str("version"), &taken)
        }
    };
    let a = p.review.assess(&p.changes);
    let today = Date::today();
    let done = match p.review.apply_accepted(&a, &p.old, &p.new.plan, &p.changes, &version, today) {
        Ok(d) => d,
        Err(e) => {
            fail(lang, &text::escape_multiline(&e.message(lang)));
            return 1;
        }
    };
    let (o, v) = (shown(output), text::escape(&done.version));
    let (n, total) = (done.applied.len(), p.changes.len());
    let mut out = String::new();
    if n == 0 {
        fail(
            lang,
            text!(
                sv: "ingen ändring är godkänd som den ser ut nu; {o} skrevs inte";
                en: "no change is accepted as it stands; {o} was not written"
            )
            .get(lang),
        );
    } else if let Err(e) = save_atomic(output, done.text.as_bytes(), Expect::New) {
        fail(lang, &e.message(lang));
        return 1;
    } else {
        out = text!(
            sv: "skrev {o}: version {v}, utkast, {today}; {n} av {total} ändringar införda\n";
            en: "wrote {o}: version {v}, draft, {today}; {n} of {total} changes applied\n"
        )
        .get(lang)
        .to_string();
    }
    if !done.left_out.is_empty() {
        let k = done.left_out.len();
        out.push_str(&format!("{} ({k}):\n", lang.pick("Utelämnade", "Left out")));
        for (i, why) in &done.left_out {
            out.push_str(&format!("  {:<40} {}\n", text::escape(&change_key(&p.changes[*i])), why.label(lang)));
        }
    }
    if done.gone > 0 {
        let g = done.gone;
        out.push_str(
            text!(
                sv: "{g} markeringar gäller ändringar som inte längre finns (se `lansplan review list`)\n";
                en: "{g} marks are on changes that are no longer there (see `lansplan review list`)\n"
            )
            .get(lang),
        );
    }
    if done.decided_by_removed && n > 0 {
        out.push_str(lang.pick(
            "revisionens `decided_by` togs bort: ett utkast är inte beslutat\n",
            "the revision's `decided_by` was removed: a draft is not decided\n",
        ));
    }
    let _ = super::exit::stdout().write_all(out.as_bytes());
    i32::from(n == 0)
}
