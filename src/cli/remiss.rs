//! `lansplan remiss new|add|point|status|changes|link|export`: a
//! revision's consultation, from sending it out to the summary of
//! responses. Every write is checked before it is saved (atomically, and
//! only over the file as it was read); a refused write leaves the file as
//! it was and exits 1.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{fail, shown};
use crate::consult::beside::{self, Revision, SideKind, folder, path_of, revisions};
use crate::consult::key::matching;
use crate::consult::remiss::{self, Against, Remiss, STANCES, Side, choice_label, deadline_phrase};
use crate::consult::write::{self, Handling, NewPoint, NewResponse, Outside};
use crate::diff::review::change_key;
use crate::diff::{Change, diff};
use crate::i18n::Lang;
use crate::plan::save::{Expect, save_atomic};
use crate::plan::schema::{Kind, PARTY_KINDS};
use crate::plan::{Date, Plan, load_file};
use crate::publish::consultation::{self, Summary, change_label};
use crate::text;

/// Reads a date given on the command line.
pub fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|_| format!("\"{s}\" is not a date (YYYY-MM-DD)"))
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Send a revision out for consultation: write its remiss file beside it
    New {
        /// The revision sent out
        plan: PathBuf,
        /// Last day for responses
        #[arg(long, value_parser = parse_date)]
        deadline: Date,
        /// Day it is sent (default: the revision's date)
        #[arg(long, value_parser = parse_date)]
        sent: Option<Date>,
        /// Recipients: party ids of the plan, comma-separated or repeated
        #[arg(long = "to", required = true, value_delimiter = ',', num_args = 1..)]
        to: Vec<String>,
        /// A recipient that is not a party of the plan, as ID:KIND:NAME
        #[arg(long = "outside", value_name = "ID:KIND:NAME")]
        outside: Vec<String>,
    },
    /// Record a response and its points
    Add {
        /// The remiss file
        remiss: PathBuf,
        /// The respondent's party id
        #[arg(long)]
        party: String,
        /// Day the response came in
        #[arg(long, value_parser = parse_date)]
        received: Date,
        /// The respondent's stance on the revision
        #[arg(long, value_enum)]
        stance: StanceArg,
        /// The respondent's reference (diarienummer)
        #[arg(long)]
        reference: Option<String>,
        /// One point, as "KEY[,KEY…]: TEXT" (the items it is about) or just TEXT (the whole plan)
        #[arg(long = "point", value_name = "[KEYS: ]TEXT")]
        points: Vec<String>,
    },
    /// Add points to a response already recorded
    Point {
        /// The remiss file
        remiss: PathBuf,
        /// The response's id, e.g. R3
        response: String,
        /// Points, each as "KEY[,KEY…]: TEXT" or TEXT
        #[arg(required = true, value_name = "[KEYS: ]TEXT")]
        points: Vec<String>,
    },
    /// Show who has answered, who has not, the deadline and the open points
    Status {
        /// The remiss file
        remiss: PathBuf,
    },
    /// List the changes since the version sent out, with the points linked to each
    Changes {
        /// The remiss file
        remiss: PathBuf,
        /// The next revision (default: the one after it in the same folder)
        #[arg(long)]
        next: Option<PathBuf>,
    },
    /// Link a point to changes of the next revision and set how it was handled
    Link {
        /// The remiss file
        remiss: PathBuf,
        /// The point's id, e.g. R3.2
        point: String,
        /// Change keys from `remiss changes` (an item key such as goal/G10 links all its changes)
        changes: Vec<String>,
        /// Remove these links instead of adding them
        #[arg(long)]
        unlink: bool,
        /// How the point was handled (open: not yet)
        #[arg(long, value_enum)]
        disposition: Option<DispositionArg>,
        /// The drafters' answer to the point (an empty text removes it)
        #[arg(long)]
        answer: Option<String>,
        /// The next revision (default: the one after it in the same folder)
        #[arg(long)]
        next: Option<PathBuf>,
    },
    /// Write the summary of responses (remissammanställning)
    Export {
        /// The remiss file
        remiss: PathBuf,
        /// Output format
        #[arg(long, value_enum)]
        format: super::export::Format,
        /// Write here instead of to standard output
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The next revision (default: the one after it in the same folder)
        #[arg(long)]
        next: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StanceArg {
    Support,
    SupportWithComments,
    Oppose,
    Abstain,
}

impl StanceArg {
    fn key(self) -> &'static str {
        match self {
            StanceArg::Support => "support",
            StanceArg::SupportWithComments => "support_with_comments",
            StanceArg::Oppose => "oppose",
            StanceArg::Abstain => "abstain",
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DispositionArg {
    Accepted,
    Partly,
    Rejected,
    NotApplicable,
    Open,
}

impl DispositionArg {
    fn key(self) -> &'static str {
        match self {
            DispositionArg::Accepted => "accepted",
            DispositionArg::Partly => "partly",
            DispositionArg::Rejected => "rejected",
            DispositionArg::NotApplicable => "not_applicable",
            DispositionArg::Open => "",
        }
    }
}

/// A consultation with the revisions it refers to.
struct Open {
    path: PathBuf,
    side: Side<Remiss>,
    base: Option<Revision>,
    next: Option<Revision>,
    changes: Vec<Change>,
}

impl Open {
    fn against(&self) -> Against<'_> {
        Against {
            base: self.base.as_ref().map(|b| &b.loaded.plan),
            next: self.base.as_ref().and(self.next.as_ref()).map(|n| (&n.loaded.plan, self.changes.as_slice())),
        }
    }

    fn base_plan(&self) -> Option<&Plan> {
        self.base.as_ref().map(|b| &b.loaded.plan)
    }
}

/// The consultation file a command works on: REMISS itself, or, when a
/// plan revision was given, the consultation file that belongs with it.
fn remiss_path(path: &Path, lang: Lang) -> Result<PathBuf, i32> {
    if SideKind::of_path(path).is_some() {
        return Ok(path.to_path_buf());
    }
    let Ok(loaded) = load_file(path, Date::today()) else { return Ok(path.to_path_buf()) };
    if loaded.plan.plan.str("id").is_empty() {
        return Ok(path.to_path_buf());
    }
    crate::consult::check::remiss_for(path, &loaded.plan).ok_or_else(|| {
        let (p, v) = (shown(path), text::escape(loaded.plan.revision.str("version")).into_owned());
        fail(
            lang,
            text!(sv: "{p} är en plan, och ingen remissfil hör till den (version {v})\n  tips: skicka den på remiss med `lansplan remiss new {p} --deadline DATUM`";
                  en: "{p} is a plan, and no consultation file belongs with it (version {v})\n  hint: send it out with `lansplan remiss new {p} --deadline DATE`")
            .get(lang),
        );
        1
    })
}

fn open(path: &Path, next: Option<&Path>, lang: Lang) -> Result<Open, i32> {
    let path = &remiss_path(path, lang)?;
    let side = remiss::load_file(path).map_err(|e| {
        eprintln!("{}", e.render(&shown(path), lang));
        2
    })?;
    if side.error_count() > 0 {
        let name = shown(path);
        for f in side.findings.iter().filter(|f| f.is_error()) {
            eprintln!("{}", f.render(&name, lang));
        }
        fail(
            lang,
            lang.pick("remissfilen har fel; rätta dem först", "the consultation file has errors; fix them first"),
        );
        return Err(1);
    }
    let today = Date::today();
    let revs = revisions(&folder(path), side.value.plan_id(), today);
    let base = beside::find(&revs, side.value.version()).cloned();
    let next = match next {
        Some(p) => Some(Revision {
            path: p.to_path_buf(),
            loaded: load_file(p, today).map_err(|e| {
                eprintln!("{}", e.render(&shown(p), lang));
                2
            })?,
        }),
        None => beside::next_of(&revs, side.value.version()).cloned(),
    };
    let changes = match (&base, &next) {
        (Some(b), Some(n)) => diff(&b.loaded.plan, &n.loaded.plan),
        _ => Vec::new(),
    };
    Ok(Open { path: path.to_path_buf(), side, base, next, changes })
}

/// Checks `new_text` as the consultation would be, and saves it only if
/// it has no more errors than the file as it was.
fn save(o: &Open, new_text: String, lang: Lang) -> i32 {
    match remiss::save_checked(&o.path, &o.side.source, &new_text, o.against()) {
        Ok(()) => 0,
        Err(e) => {
            for line in e.lines(lang) {
                fail(lang, &line);
            }
            match e {
                remiss::SaveRefused::Save(_) => 2,
                remiss::SaveRefused::Errors(_) => {
                    eprintln!("  {}", lang.pick("filen har inte ändrats", "the file was not changed"));
                    1
                }
                remiss::SaveRefused::Unreadable => 1,
            }
        }
    }
}

/// Reads "KEY[,KEY…]: TEXT" or TEXT.
fn point_arg(s: &str) -> NewPoint {
    if let Some((keys, rest)) = s.split_once(": ") {
        let keys: Vec<String> = keys.split(',').map(|k| k.trim().to_string()).collect();
        let looks_like_keys = keys.iter().all(|k| k == "plan" || (k.contains('/') && !k.contains(char::is_whitespace)));
        if looks_like_keys && !rest.trim().is_empty() {
            let about = keys.into_iter().filter(|k| k != "plan").collect();
            return NewPoint { about, text: rest.trim().to_string() };
        }
    }
    NewPoint { about: Vec::new(), text: s.trim().to_string() }
}

fn parse_outside(s: &str, lang: Lang) -> Result<Outside, i32> {
    let mut parts = s.splitn(3, ':');
    let (id, kind, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let kind = PARTY_KINDS.iter().find(|c| c.key == kind || c.sv.eq_ignore_ascii_case(kind)).map(|c| c.key);
    match kind {
        Some(kind) if crate::plan::schema::is_valid_id(id) && !name.trim().is_empty() => {
            Ok(Outside { id: id.into(), kind: kind.into(), name: name.trim().into() })
        }
        _ => {
            let s = text::escape(s);
            let kinds = PARTY_KINDS.iter().map(|c| c.key).collect::<Vec<_>>().join(", ");
            fail(lang, text!(sv: "\"{s}\": skriv ID:SORT:NAMN, t.ex. jlb:civil_society:Jämtlands Läns Brukarförening (sorter: {kinds})";
                             en: "\"{s}\": write ID:KIND:NAME, e.g. jlb:civil_society:Jämtlands Läns Brukarförening (kinds: {kinds})").get(lang));
            Err(2)
        }
    }
}

fn new(plan_file: &Path, deadline: Date, sent: Option<Date>, to: &[String], outside: &[String], lang: Lang) -> i32 {
    let loaded = match super::export::load_clean(plan_file, Date::today(), lang) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let plan = &loaded.plan;
    let mut others = Vec::new();
    for o in outside {
        match parse_outside(o, lang) {
            Ok(x) => others.push(x),
            Err(code) => return code,
        }
    }
    let mut recipients: Vec<String> = Vec::new();
    for id in to.iter().map(|s| s.trim().to_string()).chain(others.iter().map(|o| o.id.clone())) {
        if id.is_empty() || recipients.contains(&id) {
            continue;
        }
        if plan.find(Kind::Party, &id).is_none() && !others.iter().any(|o| o.id == id) {
            let shown_id = text::escape(&id);
            let ids =
                text::escape(&plan.parties.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")).into_owned();
            fail(lang, text!(sv: "okänd part \"{shown_id}\"\n  tips: befintliga parter: {ids}; andra remissinstanser anges med --outside ID:SORT:NAMN";
                             en: "unknown party \"{shown_id}\"\n  hint: known parties: {ids}; other recipients are given with --outside ID:KIND:NAME").get(lang));
            return 1;
        }
        recipients.push(id);
    }
    let Some(sent) = sent.or(plan.revision.date("date")) else { return 1 };
    if deadline < sent {
        fail(lang, text!(sv: "sista svarsdag {deadline} är före utskicket {sent}"; en: "the deadline {deadline} is before the day it is sent ({sent})").get(lang));
        return 1;
    }
    let out = path_of(plan_file, plan, SideKind::Remiss);
    let body = write::new_remiss(plan, sent, deadline, &recipients, &others);
    match save_atomic(&out, body.as_bytes(), Expect::New) {
        Ok(()) => {
            let o = shown(&out);
            let n = recipients.len();
            eprintln!(
                "{}",
                text!(sv: "skrev {o} med {n} remissinstanser"; en: "wrote {o} with {n} recipients").get(lang)
            );
            0
        }
        Err(e) => {
            fail(lang, &e.message(lang));
            1
        }
    }
}

fn add(
    o: &Open,
    party: &str,
    received: Date,
    stance: StanceArg,
    reference: Option<String>,
    points: &[String],
    lang: Lang,
) -> i32 {
    let r = &o.side.value;
    if let Some(prev) = r.response_of(party) {
        let (p, id) = (text::escape(party), text::escape(prev.str("id")));
        fail(
            lang,
            text!(sv: "{p} har redan svarat ({id}); lägg till synpunkter med `lansplan remiss point FIL {id} …`";
                         en: "{p} has already answered ({id}); add points with `lansplan remiss point FILE {id} …`")
            .get(lang),
        );
        return 1;
    }
    let id = r.next_response_id();
    let resp =
        NewResponse { id: id.clone(), party: party.to_string(), received, reference, stance: stance.key().to_string() };
    let points: Vec<NewPoint> = points.iter().map(|p| point_arg(p)).collect();
    let code = save(o, write::add_response(&o.side.source, &resp, &points), lang);
    if code == 0 {
        let n = points.len();
        let id = text::escape(&id);
        eprintln!(
            "{}",
            text!(sv: "svar {id} registrerat med {n} synpunkter"; en: "response {id} recorded with {n} points")
                .get(lang)
        );
    }
    code
}

fn point(o: &Open, response: &str, points: &[String], lang: Lang) -> i32 {
    let r = &o.side.value;
    if r.response(response).is_none() {
        let id = text::escape(response);
        fail(lang, text!(sv: "inget svar har id \"{id}\""; en: "no response has the id \"{id}\"").get(lang));
        return 1;
    }
    let next = r.next_point_id(response);
    let first: u64 = next.rsplit('.').next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let points: Vec<NewPoint> = points.iter().map(|p| point_arg(p)).collect();
    save(o, write::add_points(&o.side.source, response, first, &points), lang)
}

fn status(o: &Open, lang: Lang) -> i32 {
    let r = &o.side.value;
    let st = r.status(Date::today());
    let base = o.base_plan();
    let mut out = super::exit::stdout();
    let e = |s: &str| text::escape(s).into_owned();
    let date = |k: &str| r.head.date(k).map(|d| d.to_string()).unwrap_or_default();
    let _ = writeln!(
        out,
        "{} {} {}, {} {}, {} {}{}",
        lang.pick("Remiss av", "Consultation of"),
        e(r.plan_id()),
        e(r.version()),
        lang.pick("skickad", "sent"),
        date("sent"),
        lang.pick("sista svarsdag", "deadline"),
        date("deadline"),
        st.days_left.map(|d| format!(" ({})", deadline_phrase(d, lang))).unwrap_or_default()
    );
    let answered = st.recipients.iter().filter(|(_, r)| r.is_some()).count();
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Sv => format!("{answered} av {} remissinstanser har svarat", st.recipients.len()),
            Lang::En => format!("{answered} of {} recipients have answered", st.recipients.len()),
        }
    );
    let width = st.recipients.iter().map(|(id, _)| r.party_name(id, base).chars().count()).max().unwrap_or(0);
    let stance_width = st
        .recipients
        .iter()
        .filter_map(|(_, x)| x.as_ref())
        .map(|x| choice_label(STANCES, x.str("stance"), lang).chars().count())
        .max()
        .unwrap_or(0);
    for (id, resp) in &st.recipients {
        let name = r.party_name(id, base);
        let pad = " ".repeat(width.saturating_sub(name.chars().count()));
        let line = match resp {
            Some(x) => {
                let pts: Vec<&crate::consult::entry::Entry> = r.points_of(x.str("id")).collect();
                let open = pts.iter().filter(|p| p.get("disposition").is_none()).count();
                let stance = choice_label(STANCES, x.str("stance"), lang);
                format!(
                    "{:<5} {:<10}  {stance}{}  {:>2} {}{}",
                    e(x.str("id")),
                    x.date("received").map(|d| d.to_string()).unwrap_or_default(),
                    " ".repeat(stance_width.saturating_sub(stance.chars().count())),
                    pts.len(),
                    if pts.len() == 1 { lang.pick("synpunkt", "point") } else { lang.pick("synpunkter", "points") },
                    if open > 0 { format!(" ({open} {})", lang.pick("öppna", "open")) } else { String::new() }
                )
            }
            None => lang.pick("inget svar", "no answer").to_string(),
        };
        let _ = writeln!(out, "  {}{pad}  {line}", e(name));
    }
    let _ = writeln!(
        out,
        "{}: {} {} {}",
        lang.pick("Öppna synpunkter", "Open points"),
        st.open_points.len(),
        lang.pick("av", "of"),
        st.points
    );
    for p in &st.open_points {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            e(p.str("id")),
            e(r.party_name(r.party_of(p), base)),
            e(&crate::publish::one_line(p.str("text")))
        );
    }
    0
}

fn changes(o: &Open, lang: Lang) -> i32 {
    if need_next(o, lang).is_none() {
        return 1;
    }
    let r = &o.side.value;
    let mut out = super::exit::stdout();
    for c in &o.changes {
        let key = change_key(c);
        let pts: Vec<&str> = r.points_for(&key).map(|p| p.str("id")).collect();
        let linked = if pts.is_empty() { "-".to_string() } else { pts.join(", ") };
        let _ = writeln!(
            out,
            "{:<40} {:<32} {}",
            text::escape(&key),
            text::escape(&change_label(&key, lang)),
            text::escape(&linked)
        );
    }
    0
}

/// Says what is missing to link points, or returns Some.
fn need_next(o: &Open, lang: Lang) -> Option<()> {
    let v = text::escape(o.side.value.version()).into_owned();
    if o.base.is_none() {
        fail(lang, text!(sv: "version {v} finns inte bredvid remissfilen"; en: "version {v} is not beside the consultation file").get(lang));
        return None;
    }
    if o.next.is_none() {
        fail(lang, text!(sv: "ingen revision efter {v} finns bredvid remissfilen; ange den med --next FIL"; en: "no revision after {v} is beside the consultation file; give it with --next FILE").get(lang));
        return None;
    }
    Some(())
}

fn link(
    o: &Open,
    point: &str,
    keys: &[String],
    unlink: bool,
    disposition: Option<DispositionArg>,
    answer: Option<String>,
    lang: Lang,
) -> i32 {
    if !keys.is_empty() && need_next(o, lang).is_none() {
        return 1;
    }
    let mut exact = Vec::new();
    for k in keys {
        let found = matching(k, &o.changes);
        if found.is_empty() && !(unlink && o.side.value.points.iter().any(|p| p.list("changes").contains(k))) {
            let shown_k = text::escape(k);
            fail(lang, text!(sv: "ingen ändring har nyckeln \"{shown_k}\" (se `lansplan remiss changes`)"; en: "no change has the key \"{shown_k}\" (see `lansplan remiss changes`)").get(lang));
            return 1;
        }
        if found.is_empty() {
            exact.push(k.clone());
        }
        exact.extend(found.into_iter().map(change_key));
    }
    if o.side.value.points.iter().all(|p| p.str("id") != point) {
        let id = text::escape(point);
        fail(lang, text!(sv: "ingen synpunkt har id \"{id}\""; en: "no point has the id \"{id}\"").get(lang));
        return 1;
    }
    let h = Handling {
        disposition: disposition.map(|d| d.key().to_string()),
        answer,
        link: if unlink { Vec::new() } else { exact.clone() },
        unlink: if unlink { exact } else { Vec::new() },
    };
    match write::set_handling(&o.side.source, point, &h) {
        Ok(t) => save(o, t, lang),
        Err(e) => {
            fail(lang, &text::escape(e.get(lang)));
            1
        }
    }
}

fn export(o: &Open, format: super::export::Format, output: Option<&Path>, lang: Lang) -> i32 {
    let s = Summary { remiss: &o.side.value, base: o.base_plan(), next: o.against().next };
    let doc = match format {
        super::export::Format::Markdown => consultation::markdown(s, lang),
        super::export::Format::Html => consultation::html(s, lang),
        super::export::Format::Docx => {
            let title = format!(
                "{} {}",
                lang.pick("Remissammanställning", "Summary of consultation responses"),
                s.remiss.version()
            );
            return match crate::publish::docx::blocks(&title, &consultation::blocks(s, 1, lang), lang) {
                Ok(bytes) => super::export::emit_bytes(&bytes, output, lang),
                Err(e) => {
                    fail(lang, &text::escape(&e.to_string()));
                    2
                }
            };
        }
    };
    super::export::emit(&doc, output, lang)
}

/// Returns the summary of responses of the consultation at `path` as
/// blocks, its heading at `level` (for the export's annex).
pub(super) fn summary_blocks(path: &Path, level: usize, lang: Lang) -> Result<Vec<crate::publish::blocks::Block>, i32> {
    let o = open(path, None, lang)?;
    let s = Summary { remiss: &o.side.value, base: o.base_plan(), next: o.against().next };
    let mut blocks = consultation::blocks(s, level, lang);
    if let Some(crate::publish::blocks::Block::Heading { text, .. }) = blocks.first_mut() {
        *text = format!("{}: {text}", lang.pick("Bilaga", "Annex"));
    }
    Ok(blocks)
}

/// Runs a remiss subcommand and returns the exit code.
pub fn run(action: Action, lang: Lang) -> i32 {
    match action {
        Action::New { plan, deadline, sent, to, outside } => new(&plan, deadline, sent, &to, &outside, lang),
        Action::Add { remiss, party, received, stance, reference, points } => match open(&remiss, None, lang) {
            Ok(o) => add(&o, &party, received, stance, reference, &points, lang),
            Err(c) => c,
        },
        Action::Point { remiss, response, points } => match open(&remiss, None, lang) {
            Ok(o) => point(&o, &response, &points, lang),
            Err(c) => c,
        },
        Action::Status { remiss } => match open(&remiss, None, lang) {
            Ok(o) => status(&o, lang),
            Err(c) => c,
        },
        Action::Changes { remiss, next } => match open(&remiss, next.as_deref(), lang) {
            Ok(o) => changes(&o, lang),
            Err(c) => c,
        },
        Action::Link { remiss, point, changes, unlink, disposition, answer, next } => {
            match open(&remiss, next.as_deref(), lang) {
                Ok(o) => link(&o, &point, &changes, unlink, disposition, answer, lang),
                Err(c) => c,
            }
        }
        Action::Export { remiss, format, output, next } => match open(&remiss, next.as_deref(), lang) {
            Ok(o) => export(&o, format, output.as_deref(), lang),
            Err(c) => c,
        },
    }
}
