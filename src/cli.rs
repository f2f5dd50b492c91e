//! The command line: one file per subcommand under `cli/`, all reached
//! through [`run`], which returns the process exit code.

mod check;
mod decision;
pub mod diff;
pub mod exit;
mod export;
mod field;
mod help_sv;
mod import;
mod merge;
mod new;
mod remiss;
mod report;
mod review;
mod review_import;
pub mod revision;
mod sidemerge;
mod tree;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::i18n::Lang;

/// Draft, check and review county plans against substance abuse among young people (13–29)
#[derive(Debug, Parser)]
#[command(name = "lansplan", version)]
pub struct Cli {
    /// Language of messages (default: from LANG, else Swedish)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Plan file to open in the editor (default: the bundled example)
    pub file: Option<PathBuf>,

    /// Start with the list of recently opened plans
    #[arg(long, conflicts_with = "file")]
    pub recent: bool,
}

/// The values of `--lang` (the core's [`Lang`] knows nothing of clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Svenska (default)
    Sv,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plan files against the format's rules
    Check {
        /// Plan files to check; a folder checks every file in it and the plans together
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the value of one field, e.g. activities.A3.due
    Get {
        /// Plan file
        file: PathBuf,
        /// Field path: plan.title, revision.status, goals.G2.title, activities.A3.due, indicators.I1.measurements.2023
        path: String,
    },
    /// Set one field, keeping the rest of the file byte for byte
    Set {
        /// Plan file
        file: PathBuf,
        /// Field path, as for `get`
        path: String,
        /// New value; an empty string removes an optional field
        value: String,
    },
    /// Create a new plan from a template
    New {
        /// Template name (see `lansplan templates`)
        #[arg(long, short)]
        template: String,
        /// County the plan is for, e.g. "Jämtlands län"
        #[arg(long)]
        county: Option<String>,
        /// File to create (never overwritten)
        out: PathBuf,
    },
    /// List the templates for `lansplan new`
    Templates,
    /// Show what changed between two revisions of a plan
    Diff {
        /// The old revision (or, with --from, the plan file in git)
        old: PathBuf,
        /// The new revision
        #[arg(required_unless_present_any = ["from", "since_decision"], conflicts_with_all = ["from", "since_decision"])]
        new: Option<PathBuf>,
        /// Compare OLD as it was at this plan version (as `log` lists them) or git commit, tag or branch
        #[arg(long, value_name = "REV")]
        from: Option<String>,
        /// …with OLD at this version or commit (default: the working tree)
        #[arg(long, value_name = "REV", requires = "from")]
        to: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value = "text")]
        format: diff::Format,
        /// Colour the text output
        #[arg(long, value_enum, default_value = "auto")]
        color: diff::ColorWhen,
        /// Compare OLD with what this party adopted (from the decisions beside it)
        #[arg(long, value_name = "PARTY", conflicts_with = "from")]
        since_decision: Option<String>,
        /// Write the document here (for --format docx)
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// List a plan file's revisions from git history
    Log {
        /// Plan file in a git repository
        file: PathBuf,
        /// Start at this plan version or git commit, tag or branch
        #[arg(long, value_name = "REV")]
        from: Option<String>,
        /// End at this plan version or commit (default: HEAD)
        #[arg(long, value_name = "REV")]
        to: Option<String>,
    },
    /// Merge two revisions that share an ancestor, item by item and field by field
    Merge {
        /// The common ancestor
        base: PathBuf,
        /// Our revision (its formatting is kept)
        ours: PathBuf,
        /// Their revision
        theirs: PathBuf,
        /// Write the result here instead of to standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The file's path in the repository, for messages (git's %P)
        #[arg(long, value_name = "PATH")]
        name: Option<String>,
        /// Length of conflict markers in a file merged as text (git's %L)
        #[arg(long, value_name = "N")]
        marker_size: Option<usize>,
    },
    /// Settle merge conflicts in a plan by taking one side
    Resolve {
        /// Plan file with [[conflicts]]
        file: PathBuf,
        /// Keep our side
        #[arg(long, conflicts_with = "theirs", required_unless_present = "theirs")]
        ours: bool,
        /// Take their side
        #[arg(long)]
        theirs: bool,
        /// Only the conflicts of these item ids (default: all)
        ids: Vec<String>,
    },
    /// Set up git to diff and merge plan files semantically
    GitSetup {
        /// Write the settings instead of printing them
        #[arg(long)]
        apply: bool,
        /// Which files are plans (a .gitattributes pattern)
        #[arg(long, default_value = "*.toml")]
        pattern: String,
    },
    /// Summarise how the plan is followed up: activities and indicators per focus area
    Report {
        /// Plan file
        #[arg(required_unless_present = "rollup", conflicts_with = "rollup")]
        file: Option<PathBuf>,
        /// Sum the activities of the plans under each plan in DIR under its goals
        #[arg(long, value_name = "DIR")]
        rollup: Option<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value = "text")]
        format: report::Format,
        /// Write the report here instead of to standard output
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Judge as of this date (YYYY-MM-DD) instead of today: figures of later years are left out
        #[arg(long, value_name = "DATE", conflicts_with = "rollup")]
        as_of: Option<String>,
    },
    /// Export the plan as a document to publish (Markdown, self-contained HTML or Word)
    Export {
        /// Plan file
        file: PathBuf,
        /// Output format
        #[arg(long, value_enum)]
        format: export::Format,
        /// Write the document here instead of to standard output
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Add this consultation's summary of responses as an annex
        #[arg(long, value_name = "FILE")]
        remiss: Option<PathBuf>,
        /// Add the list of changes since this earlier revision as an annex
        #[arg(long, value_name = "OLD")]
        changes_from: Option<PathBuf>,
        /// Show the follow-up (overdue activities, indicator verdicts) as of this date (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Keep a revision's consultation: recipients, responses, points and how each was handled
    Remiss {
        #[command(subcommand)]
        action: remiss::Action,
    },
    /// Record and follow the decisions on a revision: the recommendation and each adoption
    Decision {
        #[command(subcommand)]
        action: decision::Action,
    },
    /// Review the changes between two revisions: mark, list, export, apply
    Review {
        #[command(subcommand)]
        action: review::Action,
    },
    /// Start the next revision of a plan
    Revision {
        #[command(subcommand)]
        action: revision::Action,
    },
    /// Show a folder's plans as a tree: the agreement, the plans under it, their status and latest decision
    Tree {
        /// Folder of plans (searched with its subfolders)
        dir: PathBuf,
    },
    /// Read indicator figures from a saved file and show what they change in the plan
    Import {
        /// What the file is
        #[arg(value_enum)]
        kind: import::Kind,
        /// The file with the figures
        file: PathBuf,
        /// The plan file to put them in
        plan: PathBuf,
        /// Write the figures into the plan (without it nothing is written)
        #[arg(long)]
        apply: bool,
        /// The sheet to read (xlsx; the first by default)
        #[arg(long)]
        sheet: Option<String>,
        /// Which column holds a field: FIELD=HEADER, FIELD=LETTER or FIELD="VALUE" for every row
        #[arg(long, value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// Print the change as `diff --format json` does
        #[arg(long)]
        json: bool,
    },
    /// Print a plan one field a line, for git's textconv
    #[command(hide = true)]
    Textconv { file: PathBuf },
    /// External diff for git (called by git with seven arguments)
    #[command(hide = true)]
    GitDiff { args: Vec<PathBuf> },
}

/// Returns the language the command line asks for before it is parsed
/// (`--lang sv`, `--lang=en`), else the environment's: the help and the
/// parser's messages need it before there is a [`Cli`].
pub fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let mut explicit = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(String::from),
            None => None,
        };
        match value.as_deref() {
            Some("sv") => explicit = Some(Lang::Sv),
            Some("en") => explicit = Some(Lang::En),
            _ => {}
        }
    }
    Lang::detect(explicit)
}

/// Returns the command line's definition with its help in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    let mut c = Cli::command();
    if lang == Lang::En {
        return c;
    }
    c.build();
    localize(c)
}

/// Returns the Swedish of a help text, or the text itself.
fn sv(s: &str) -> String {
    help_sv::SV.iter().find(|(en, _)| *en == s).map_or_else(|| s.to_string(), |(_, sv)| sv.to_string())
}

/// [`sv`] of a help text clap holds, if there is one.
fn tr(s: Option<&clap::builder::StyledStr>) -> Option<String> {
    s.map(|s| sv(&s.to_string()))
}

/// Puts the Swedish help into a command and its subcommands: the texts,
/// the headings and clap's own words.
fn localize(mut c: clap::Command) -> clap::Command {
    if let Some(a) = tr(c.get_about()) {
        c = c.about(a);
    }
    if let Some(a) = tr(c.get_long_about()) {
        c = c.long_about(a);
    }
    // The arguments first, so that the usage shows their Swedish value names.
    let ids: Vec<clap::Id> = c.get_arguments().map(|a| a.get_id().clone()).collect();
    for (order, id) in ids.into_iter().enumerate() {
        c = c.mut_arg(id, |a| localize_arg(a, order));
    }
    // clap writes the usage's placeholders in English.
    let usage = c.render_usage().to_string();
    let usage = usage.trim().strip_prefix("Usage:").unwrap_or(&usage).trim().to_string();
    let usage =
        usage.replace("[OPTIONS]", "[FLAGGOR]").replace("[COMMAND]", "[KOMMANDO]").replace("<COMMAND>", "<KOMMANDO>");
    c = c
        .override_usage(usage)
        .help_template("{before-help}{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Kommandon")
        .subcommand_value_name("KOMMANDO");
    let names: Vec<String> = c.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        c = c.mut_subcommand(name, localize);
    }
    c
}

/// Puts the Swedish help into one argument, the `order`th of its command.
fn localize_arg(mut a: clap::Arg, order: usize) -> clap::Arg {
    // Kept in the order they are declared (a changed argument would
    // otherwise move to the end of its section).
    a = a.display_order(order);
    // The possible values and the default in Swedish words (clap writes
    // "[possible values: …]" and "[default: …]"); the values' own help
    // (`--lang`) in the long help.
    let values: Vec<clap::builder::PossibleValue> =
        a.get_possible_values().into_iter().filter(|v| !v.is_hide_set()).collect();
    let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    let mut notes = Vec::new();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        notes.push(format!("möjliga värden: {}", names.join(", ")));
        a = a.hide_possible_values(true);
    }
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        notes.push(format!("standard: {}", defaults.join(", ")));
        a = a.hide_default_value(true);
    }
    let notes = if notes.is_empty() { String::new() } else { format!(" [{}]", notes.join("; ")) };
    let (short, long) = (tr(a.get_help()), tr(a.get_long_help()));
    if short.is_some() || !notes.is_empty() {
        a = a.help(format!("{}{notes}", short.as_deref().unwrap_or_default()));
    }
    if values.iter().any(|v| v.get_help().is_some()) {
        let described: Vec<String> = values
            .iter()
            .map(|v| match v.get_help() {
                Some(h) => format!("  {}: {}", v.get_name(), sv(&h.to_string())),
                None => format!("  {}", v.get_name()),
            })
            .collect();
        let head = long.or(short).unwrap_or_default();
        a = a.long_help(format!("{head}{notes}\n\nMöjliga värden:\n{}", described.join("\n")));
    } else if let Some(h) = long {
        a = a.long_help(format!("{h}{notes}"));
    }
    // The usage's value names in Swedish too (`<GAMMAL> <NY>`, `--kind <SLAG>`).
    let names = value_names(&a);
    let swedish: Option<Vec<&'static str>> = names.iter().map(|n| value_name_sv(n)).collect();
    if let Some(swedish) = swedish.filter(|s| !s.is_empty()) {
        a = a.value_names(swedish);
    }
    if a.get_help_heading().is_none() {
        let heading = if a.is_positional() { "Argument" } else { "Flaggor" };
        a = a.help_heading(heading);
    }
    a
}

/// Returns the names clap shows for an argument's values: its value names,
/// or its id in capitals, as clap writes it; none for a flag.
fn value_names(a: &clap::Arg) -> Vec<String> {
    if !a.get_action().takes_values() || a.get_num_args().is_some_and(|n| n.max_values() == 0) {
        return Vec::new();
    }
    match a.get_value_names() {
        Some(names) => names.iter().map(|n| n.to_string()).collect(),
        None => vec![a.get_id().as_str().to_uppercase()],
    }
}

/// Returns the Swedish of a value name, if it has one (a test sees that
/// every one has).
fn value_name_sv(name: &str) -> Option<&'static str> {
    help_sv::VALUE_NAMES.iter().find(|(en, _)| *en == name).map(|(_, sv)| *sv)
}

/// Parses the command line as the binary gets it, with the help and the
/// parser's messages in the language asked for; exits on `--help`,
/// `--version` and a command line that does not parse (with its message
/// escaped: nothing typed reaches the terminal raw).
pub fn parse(args: Vec<std::ffi::OsString>) -> Cli {
    use clap::FromArgMatches;
    let lang = lang_of_args(&args);
    let parsed = command(lang).try_get_matches_from(args).and_then(|m| Cli::from_arg_matches(&m));
    parsed.unwrap_or_else(|e| {
        use clap::error::ErrorKind as K;
        if matches!(e.kind(), K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand) {
            e.exit();
        }
        let detail = crate::text::escape_multiline(e.render().to_string().trim_end()).into_owned();
        let headline = match (lang, e.kind()) {
            (Lang::En, _) => None,
            (_, K::UnknownArgument) => Some("okänt argument"),
            (_, K::InvalidSubcommand) => Some("okänt kommando"),
            (_, K::InvalidValue | K::ValueValidation) => Some("ogiltigt värde"),
            (_, K::MissingRequiredArgument) => Some("ett argument som krävs saknas"),
            (_, K::MissingSubcommand) => Some("kommando saknas"),
            (_, K::ArgumentConflict) => Some("argument som inte går ihop"),
            (_, K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues) => Some("fel antal värden"),
            _ => Some("kommandoraden går inte att tolka"),
        };
        if let Some(h) = headline {
            eprintln!("lansplan: fel: {h} (se `lansplan --help`)");
        }
        eprintln!("{detail}");
        std::process::exit(2)
    })
}

/// Runs the command line and returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let lang = Lang::detect(cli.lang.map(Lang::from));
    exit::set_lang(lang);
    match cli.command {
        Some(Command::Check { files }) => check::run(&files, lang),
        Some(Command::Get { file, path }) => field::get(&file, &path, lang),
        Some(Command::Set { file, path, value }) => field::set(&file, &path, &value, lang),
        Some(Command::New { template, county, out }) => new::new(&template, county.as_deref(), &out, lang),
        Some(Command::Templates) => new::list(lang),
        Some(Command::Diff { old, since_decision: Some(party), format, color, .. }) => {
            decision::since_decision(&old, &party, format, color, lang)
        }
        Some(Command::Diff { old, new, from, to, format, color, since_decision: None, output }) => {
            let (a, b) = match (&new, &from) {
                (Some(n), _) => (diff::Side::File(&old), diff::Side::File(n)),
                (None, Some(rev)) => (
                    diff::Side::Git(&old, rev),
                    match &to {
                        Some(t) => diff::Side::Git(&old, t),
                        None => diff::Side::File(&old),
                    },
                ),
                (None, None) => unreachable!("clap requires NEW or --from"),
            };
            if format == diff::Format::Docx {
                return diff::run_docx(a, b, output.as_deref(), lang);
            }
            diff::run(a, b, format, color, lang)
        }
        Some(Command::Log { file, from, to }) => diff::log(&file, from.as_deref(), to.as_deref(), lang),
        Some(Command::Merge { base, ours, theirs, output, name, marker_size }) => {
            let driver = merge::Driver { name: name.as_deref(), marker_size };
            merge::run(&base, &ours, &theirs, output.as_deref(), &driver, lang)
        }
        Some(Command::Resolve { file, ours: _, theirs, ids }) => merge::resolve(&file, theirs, &ids, lang),
        Some(Command::GitSetup { apply, pattern }) => merge::git_setup(&pattern, apply, lang),
        Some(Command::Textconv { file }) => merge::textconv(&file, lang),
        Some(Command::Report { rollup: Some(dir), format, output, .. }) => {
            report::rollup(&dir, format, output.as_deref(), lang)
        }
        Some(Command::Report { file: Some(file), format, output, rollup: None, as_of }) => {
            report::run(&file, format, output.as_deref(), as_of.as_deref(), lang)
        }
        Some(Command::Report { file: None, rollup: None, .. }) => unreachable!("clap requires FILE or --rollup"),
        Some(Command::Tree { dir }) => tree::run(&dir, lang),
        Some(Command::Export { file, format, output, remiss, changes_from, as_of }) => {
            match report::as_of_date(as_of.as_deref(), lang) {
                Ok(day) => {
                    export::run(&file, format, output.as_deref(), remiss.as_deref(), changes_from.as_deref(), day, lang)
                }
                Err(code) => code,
            }
        }
        Some(Command::Review { action }) => review::run(action, lang),
        Some(Command::Remiss { action }) => remiss::run(action, lang),
        Some(Command::Decision { action }) => decision::run(action, lang),
        Some(Command::GitDiff { args }) => merge::git_diff(&args, lang),
        Some(Command::Revision { action }) => revision::run(action, lang),
        Some(Command::Import { kind, file, plan, apply, sheet, map, json }) => {
            import::run(&import::Args { kind, file, plan, apply, sheet, map, json }, lang)
        }
        None if cli.recent => crate::tui::run_recent(lang),
        None => crate::tui::run(cli.file.as_deref(), lang),
    }
}

/// Prints an error line `lansplan: error: …` (already escaped text).
fn fail(lang: Lang, msg: &str) {
    eprintln!("lansplan: {}: {}", lang.pick("fel", "error"), msg);
}

/// Returns a path for messages, escaped for the terminal.
fn shown(path: &std::path::Path) -> String {
    crate::text::path(path)
}

#[cfg(test)]
mod help_tests {
    use super::*;

    /// Every help text of every command and argument, and with `values`
    /// of every possible value (the Swedish command shows those in its
    /// arguments' long help instead).
    fn texts(c: &clap::Command, values: bool, out: &mut Vec<String>) {
        out.extend([c.get_about(), c.get_long_about()].into_iter().flatten().map(|s| s.to_string()));
        for a in c.get_arguments() {
            out.extend([a.get_help(), a.get_long_help()].into_iter().flatten().map(|s| s.to_string()));
            if values {
                out.extend(a.get_possible_values().iter().filter_map(|v| v.get_help()).map(|s| s.to_string()));
            }
        }
        for s in c.get_subcommands() {
            texts(s, values, out);
        }
    }

    #[test]
    fn every_help_text_has_its_swedish() {
        use clap::CommandFactory;
        let mut c = Cli::command();
        c.build();
        let mut all = Vec::new();
        texts(&c, true, &mut all);
        assert!(all.len() > 100, "{} texts", all.len());
        let missing: Vec<&String> = all.iter().filter(|t| help_sv::SV.iter().all(|(en, _)| en != t)).collect();
        assert!(missing.is_empty(), "help texts without Swedish in cli/help_sv.rs: {missing:#?}");
        // And none of them is left in the Swedish command.
        let mut swedish = Vec::new();
        texts(&command(Lang::Sv), false, &mut swedish);
        let english: Vec<&String> =
            swedish.iter().filter(|t| help_sv::SV.iter().any(|(en, sv)| en == t && en != sv)).collect();
        assert!(english.is_empty(), "{english:#?}");
    }

    /// Every value name the usage lines show, of every command.
    fn value_names_of(c: &clap::Command, out: &mut Vec<String>) {
        for a in c.get_arguments() {
            out.extend(value_names(a));
        }
        for s in c.get_subcommands() {
            value_names_of(s, out);
        }
    }

    #[test]
    fn every_value_name_has_its_swedish() {
        use clap::CommandFactory;
        let mut c = Cli::command();
        c.build();
        let mut all = Vec::new();
        value_names_of(&c, &mut all);
        assert!(all.len() > 50, "{} value names", all.len());
        let missing: Vec<&String> = all.iter().filter(|n| help_sv::VALUE_NAMES.iter().all(|(en, _)| en != n)).collect();
        assert!(missing.is_empty(), "value names without Swedish in cli/help_sv.rs: {missing:#?}");
        let mut swedish = Vec::new();
        value_names_of(&command(Lang::Sv), &mut swedish);
        let english: Vec<&String> =
            swedish.iter().filter(|n| help_sv::VALUE_NAMES.iter().any(|(en, sv)| en == *n && en != sv)).collect();
        assert!(english.is_empty(), "{english:#?}");
        // English stays English.
        let mut english_names = Vec::new();
        value_names_of(&command(Lang::En), &mut english_names);
        assert!(english_names.iter().any(|n| n == "OLD"), "{english_names:?}");
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of_args(&args(&["lansplan", "--lang", "en", "diff", "-h"])), Lang::En);
        assert_eq!(lang_of_args(&args(&["lansplan", "diff", "--lang=sv"])), Lang::Sv);
        // A file called --lang after "--" is a file.
        assert_eq!(lang_of_args(&args(&["lansplan", "--lang=sv", "--", "--lang", "en"])), Lang::Sv);
    }
}
