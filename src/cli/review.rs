//! `lansplan review`: a reviewer's marks on the changes between two
//! revisions, from the command line (the editor's diff view does the same).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{fail, shown};
use crate::diff::review::{Review, Verdict, change_key, now, review_path, reviewer};
use crate::diff::{Change, diff};
use crate::i18n::Lang;
use crate::plan::save::{Expect, save_atomic};
use crate::plan::{Date, Loaded, load};
use crate::text;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the changes with their keys and marks
    List {
        /// The older revision
        old: PathBuf,
        /// The newer revision (the review is kept beside it)
        new: PathBuf,
    },
    /// Mark one change (by its key from `review list`)
    Mark {
        old: PathBuf,
        new: PathBuf,
        /// The change's key, e.g. activity/A3/due
        change: String,
        /// accept, reject or question
        #[arg(value_enum)]
        verdict: VerdictArg,
        /// A comment to go with the mark
        #[arg(long, short, default_value = "")]
        comment: String,
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
    /// Write a new revision: OLD with exactly the accepted changes
    Apply {
        old: PathBuf,
        new: PathBuf,
        /// The file to create (never overwritten)
        #[arg(short, long)]
        output: PathBuf,
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

fn open(old: &Path, new: &Path, lang: Lang) -> Result<Pair, i32> {
    let today = Date::today();
    let read = |p: &Path| {
        load::load_file(p, today).map_err(|e| {
            eprintln!("{}", e.render(&shown(p), lang));
            2
        })
    };
    let (old_l, new_l) = (read(old)?, read(new)?);
    let changes = diff(&old_l.plan, &new_l.plan);
    let path = review_path(new, &old_l.plan, &new_l.plan);
    let review = Review::open(&path, &old_l.plan, &new_l.plan).map_err(|e| {
        fail(lang, &text::escape(e.text().get(lang)));
        2
    })?;
    Ok(Pair { old: old_l, new: new_l, changes, path, review })
}

/// Runs a review subcommand and returns the exit code.
pub fn run(action: Action, lang: Lang) -> i32 {
    match action {
        Action::Import { old, new, docx, reviewer } => match open(&old, &new, lang) {
            Ok(mut p) => super::review_import::run(
                &mut p.review,
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
                let mut out = std::io::stdout().lock();
                for c in &p.changes {
                    let mark = p
                        .review
                        .mark_of(c)
                        .map(|m| {
                            format!(
                                "{} ({}, {})",
                                m.verdict.label(lang),
                                text::escape(&m.reviewer),
                                text::escape(&m.at)
                            )
                        })
                        .unwrap_or_else(|| lang.pick("ej granskad", "not reviewed").to_string());
                    let _ = writeln!(out, "{:<40} {mark}", text::escape(&change_key(c)));
                }
                0
            }
            Err(code) => code,
        },
        Action::Mark { old, new, change, verdict, comment } => {
            let mut p = match open(&old, &new, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let Some(c) = p.changes.iter().find(|c| change_key(c) == change) else {
                let k = text::escape(&change);
                fail(lang, text!(sv: "ingen ändring har nyckeln \"{k}\" (se `lansplan review list`)"; en: "no change has the key \"{k}\" (see `lansplan review list`)").get(lang));
                return 1;
            };
            let v = match verdict {
                VerdictArg::Accept => Verdict::Accept,
                VerdictArg::Reject => Verdict::Reject,
                VerdictArg::Question => Verdict::Question,
            };
            p.review.mark(c, v, &comment, &reviewer(), &now());
            match p.review.save(&p.path) {
                Ok(()) => 0,
                Err(e) => {
                    fail(lang, &text::escape(e.text().get(lang)));
                    2
                }
            }
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
                    print!("{md}");
                    0
                }
            }
        }
        Action::Apply { old, new, output } => {
            let p = match open(&old, &new, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let text = match p.review.apply_accepted(&p.old.source, &p.changes) {
                Ok(t) => t,
                Err(e) => {
                    fail(lang, &text::escape(e.text().get(lang)));
                    return 1;
                }
            };
            if let Err(e) = save_atomic(&output, text.as_bytes(), Expect::New) {
                fail(lang, &e.message(lang));
                return 1;
            }
            let [a, _, _, _] = p.review.counts(&p.changes);
            let o = shown(&output);
            eprintln!(
                "{}",
                text!(sv: "skrev {o} med {a} godkända ändringar"; en: "wrote {o} with {a} accepted changes").get(lang)
            );
            0
        }
    }
}
