//! `lansplan revision new PLAN`: starts the next revision of a plan as a
//! new file beside it (issue #22): a copy with the next version, status
//! draft and today's date, everything else as the person wrote it.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{fail, shown};
use crate::i18n::Lang;
use crate::plan::Date;
use crate::plan::edit::{NewRevision, Session, revision_file_name};

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Start the next revision: a copy beside the plan with the next version, status draft and today's date
    New {
        /// The plan file of the revision to start from
        plan: PathBuf,
        /// File to create (default: beside PLAN, named for the new version; never overwritten)
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
}

/// Runs a `revision` subcommand; returns the exit code.
pub fn run(action: Action, lang: Lang) -> i32 {
    match action {
        Action::New { plan, output } => new(&plan, output.as_deref(), lang),
    }
}

fn new(plan: &Path, output: Option<&Path>, lang: Lang) -> i32 {
    let today = Date::today();
    let mut session = match Session::open(plan, today) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(&shown(plan), lang));
            return 2;
        }
    };
    let made = match session.start_revision(today) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{}", e.render(&shown(plan), "revision", lang));
            return 1;
        }
    };
    let out = output.map(Path::to_path_buf).unwrap_or_else(|| beside(plan, &made));
    if let Err(e) = session.save_as(&out, false) {
        fail(lang, &e.message(lang));
        return 2;
    }
    println!("{}", said(lang, &made, &shown(&out), today));
    if !made.dropped.is_empty() {
        let fields = made.dropped.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ");
        println!("  {}", dropped(lang, &fields, &made.old_version, &shown(plan)));
    }
    0
}

/// Returns the new revision's file beside `plan`.
pub fn beside(plan: &Path, made: &NewRevision) -> PathBuf {
    let name = plan.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    plan.with_file_name(revision_file_name(&name, &made.old_version, &made.version))
}

/// Returns the line that names the fields a new revision left behind.
pub fn dropped(lang: Lang, fields: &str, old_version: &str, old_file: &str) -> String {
    let v = crate::text::escape(old_version);
    match lang {
        Lang::Sv => format!("togs bort: {fields} (de gällde {v} och står kvar i {old_file})"),
        Lang::En => format!("taken out: {fields} (they were about {v} and stay in {old_file})"),
    }
}

fn said(lang: Lang, made: &NewRevision, out: &str, today: Date) -> String {
    let v = crate::text::escape(&made.version);
    match lang {
        Lang::Sv => format!("lansplan: revision {v} (utkast, {today}) påbörjad i {out}"),
        Lang::En => format!("lansplan: revision {v} (draft, {today}) started in {out}"),
    }
}
