//! The consultation of one revision (`<plan-id>_<version>.remiss.toml`):
//! who it was sent to, each response with its points, and for each point
//! how it was handled and which changes of the next revision it caused.
//!
//! Loading reports every problem with its line and column; [`check`] then
//! holds the file against the version sent out (parties, items) and the
//! next revision (the changes of the diff between them).

use crate::diff::Change;
use crate::diff::review::change_key;
use crate::i18n::{Lang, Text};
use crate::plan::date::Date;
use crate::plan::finding::{Finding, Findings};
use crate::plan::load::{LoadError, decode, parse_guarded};
use crate::plan::model::Plan;
use crate::plan::schema::{Choice, Field, FieldType as T, Kind, find_choice};
use crate::text;

use super::entry::{Entry, check_format, check_id, convert_array};
use super::key::anchor;

/// The `format` of a consultation file.
pub const FORMAT: &str = "lansplan-remiss/1";

/// A respondent's stance on the whole revision.
pub const STANCES: &[Choice] = &[
    Choice { key: "support", sv: "tillstyrker", en: "supports" },
    Choice { key: "support_with_comments", sv: "tillstyrker med synpunkter", en: "supports with comments" },
    Choice { key: "oppose", sv: "avstyrker", en: "opposes" },
    Choice { key: "abstain", sv: "avstår", en: "abstains" },
];

/// How a point was handled.
pub const DISPOSITIONS: &[Choice] = &[
    Choice { key: "accepted", sv: "beaktad", en: "accepted" },
    Choice { key: "partly", sv: "delvis beaktad", en: "partly accepted" },
    Choice { key: "rejected", sv: "ej beaktad", en: "rejected" },
    Choice { key: "not_applicable", sv: "ej tillämplig", en: "not applicable" },
];

const fn field(name: &'static str, ty: T, required: bool, sv: &'static str, en: &'static str) -> Field {
    Field { name, ty, required, sv, en }
}

/// The keys of the file's top level (besides `format` and the lists).
pub const HEAD: &[Field] = &[
    field("plan", T::Text, true, "Plan", "Plan"),
    field("version", T::Text, true, "Version", "Version"),
    field("sent", T::Date, true, "Skickad", "Sent"),
    field("deadline", T::Date, true, "Sista svarsdag", "Deadline"),
    field("recipients", T::RefList(Kind::Party), true, "Remissinstanser", "Recipients"),
];

/// The fields of one response.
pub const RESPONSE: &[Field] = &[
    field("id", T::Id, true, "Id", "Id"),
    field("party", T::Ref(Kind::Party), true, "Remissinstans", "Respondent"),
    field("received", T::Date, true, "Inkom", "Received"),
    field("reference", T::Text, false, "Diarienummer", "Reference"),
    field("stance", T::Enum(STANCES), true, "Ställningstagande", "Stance"),
];

/// The fields of one point.
pub const POINT: &[Field] = &[
    field("id", T::Id, true, "Id", "Id"),
    field("response", T::Text, true, "Svar", "Response"),
    field("about", T::RefList(Kind::Party), false, "Avser", "About"),
    field("text", T::LongText, true, "Synpunkt", "Point"),
    field("disposition", T::Enum(DISPOSITIONS), false, "Hantering", "Disposition"),
    field("answer", T::LongText, false, "Kommentar", "Answer"),
    field("changes", T::RefList(Kind::Party), false, "Ändringar", "Changes"),
];

/// A consultation as read from its file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Remiss {
    /// `plan`, `version`, `sent`, `deadline`, `recipients`.
    pub head: Entry,
    /// Recipients that are not parties of the plan (a user association, a
    /// youth council), as `[[parties]]` with a party's fields.
    pub parties: Vec<Entry>,
    pub responses: Vec<Entry>,
    pub points: Vec<Entry>,
    /// Merge conflicts left in the file (`[[conflicts]]`), each an error.
    pub conflicts: Vec<Entry>,
}

/// A file beside a plan as read: its content, findings and text.
#[derive(Debug, Clone)]
pub struct Side<T> {
    pub value: T,
    pub findings: Vec<Finding>,
    pub source: String,
}

impl<T> Side<T> {
    /// Returns the number of errors.
    pub fn error_count(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }
}

/// Reads one top-level key of a file beside a plan into `head`, or
/// reports it unknown.
pub(super) fn read_top(
    name: &str,
    value: &super::entry::DeItem<'_>,
    key_span: std::ops::Range<usize>,
    schema: &'static [Field],
    head: &mut Entry,
    f: &mut Findings,
) {
    match schema.iter().find(|fd| fd.name == name) {
        Some(fd) => {
            head.spans.push((fd.name, value.span()));
            if let Some(v) = crate::plan::load::convert_value(&fd.ty, fd.name, value, f) {
                head.fields.push((fd.name, v));
            }
        }
        None => {
            let k = text::escape(name);
            f.warning(key_span, text!(sv: "okänd nyckel `{k}` (behålls när filen sparas)"; en: "unknown key `{k}` (kept when the file is saved)"));
        }
    }
}

/// Reports the top-level keys a file beside a plan lacks.
pub(super) fn finish_head(schema: &'static [Field], head: &Entry, has_format: bool, format: &str, f: &mut Findings) {
    if !has_format {
        f.error(0..0, text!(sv: "nyckeln `format` saknas"; en: "the key `format` is missing"));
        f.hint(text!(sv: "börja filen med format = \"{format}\""; en: "start the file with format = \"{format}\""));
    }
    for fd in schema.iter().filter(|fd| fd.required) {
        let name = fd.name;
        if !head.spans.iter().any(|(n, _)| *n == name) {
            f.error(0..0, text!(sv: "nyckeln `{name}` saknas"; en: "the key `{name}` is missing"));
        } else if head.get(name).and_then(|v| v.as_str()).is_some_and(|s| s.trim().is_empty()) {
            f.error(head.span_of(name), text!(sv: "`{name}` får inte vara tom"; en: "`{name}` must not be empty"));
        }
    }
}

/// Reads `[[conflicts]]` that a merge left, each an error until settled.
pub(super) fn read_conflicts(value: &super::entry::DeItem<'_>, src: &str, f: &mut Findings) -> Vec<Entry> {
    let entries = convert_array(
        super::merge::CONFLICT,
        "conflicts",
        value,
        src,
        |n| text!(sv: "konflikt {n}"; en: "conflict {n}"),
        f,
    );
    for e in &entries {
        let (what, field) = (text::escape(e.str("entry")), text::escape(e.str("field")));
        f.error(
            e.span.clone(),
            text!(sv: "olöst konflikt från en sammanslagning: {what} {field}"; en: "unresolved merge conflict: {what} {field}"),
        );
        f.hint(text!(sv: "välj ett av värdena, skriv det i posten och ta bort denna [[conflicts]]-tabell";
                     en: "pick one of the values, write it in the entry and delete this [[conflicts]] table"));
    }
    entries
}

/// Reads consultation text.
pub fn load_str(source: String) -> Result<Side<Remiss>, LoadError> {
    let mut f = Findings::new(&source);
    let mut r = Remiss::default();
    {
        let root = parse_guarded(&source)?;
        let mut has_format = false;
        for (key, value) in root.get_ref().iter() {
            let name = key.get_ref().as_ref();
            match name {
                "format" => {
                    has_format = true;
                    check_format(value, FORMAT, &mut f);
                }
                "parties" => {
                    r.parties = convert_array(
                        Kind::Party.fields(),
                        name,
                        value,
                        &source,
                        |n| text!(sv: "remissinstans {n}"; en: "recipient {n}"),
                        &mut f,
                    )
                }
                "responses" => {
                    r.responses = convert_array(
                        RESPONSE,
                        name,
                        value,
                        &source,
                        |n| text!(sv: "svar {n}"; en: "response {n}"),
                        &mut f,
                    )
                }
                "points" => {
                    r.points = convert_array(
                        POINT,
                        name,
                        value,
                        &source,
                        |n| text!(sv: "synpunkt {n}"; en: "point {n}"),
                        &mut f,
                    )
                }
                "conflicts" => r.conflicts = read_conflicts(value, &source, &mut f),
                _ => read_top(name, value, key.span(), HEAD, &mut r.head, &mut f),
            }
        }
        finish_head(HEAD, &r.head, has_format, FORMAT, &mut f);
    }
    let findings = f.finish();
    Ok(Side { value: r, findings, source })
}

/// Reads a consultation file.
pub fn load_file(path: &std::path::Path) -> Result<Side<Remiss>, LoadError> {
    load_str(decode(crate::plan::load::read_limited(path)?)?)
}

/// Returns the label of a stance or disposition key in `lang`.
pub fn choice_label(choices: &'static [Choice], key: &str, lang: Lang) -> String {
    find_choice(choices, key).map(|c| c.label(lang).to_string()).unwrap_or_else(|| key.to_string())
}

impl Remiss {
    /// Returns the plan id.
    pub fn plan_id(&self) -> &str {
        self.head.str("plan")
    }

    /// Returns the version sent out.
    pub fn version(&self) -> &str {
        self.head.str("version")
    }

    /// Returns the recipients' party ids.
    pub fn recipients(&self) -> &[String] {
        self.head.list("recipients")
    }

    /// Returns the response with `id`.
    pub fn response(&self, id: &str) -> Option<&Entry> {
        self.responses.iter().find(|r| r.str("id") == id)
    }

    /// Returns the first response from `party`.
    pub fn response_of(&self, party: &str) -> Option<&Entry> {
        self.responses.iter().find(|r| r.str("party") == party)
    }

    /// Returns the points of a response, in file order.
    pub fn points_of<'a>(&'a self, response: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.points.iter().filter(move |p| p.str("response") == response)
    }

    /// Returns the points linked to the change with key `key`.
    pub fn points_for<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.points.iter().filter(move |p| p.list("changes").iter().any(|k| k == key))
    }

    /// Returns the party behind a point (through its response).
    pub fn party_of(&self, point: &Entry) -> &str {
        self.response(point.str("response")).map(|r| r.str("party")).unwrap_or("")
    }

    /// Returns a party's name, from this file's own parties or the plan's,
    /// else the id.
    pub fn party_name<'a>(&'a self, id: &'a str, plan: Option<&'a Plan>) -> &'a str {
        let own = self.parties.iter().find(|p| p.str("id") == id).map(|p| p.str("name"));
        let theirs = plan.and_then(|p| p.find(Kind::Party, id)).map(|p| p.str("name"));
        own.or(theirs).filter(|n| !n.is_empty()).unwrap_or(id)
    }

    /// Returns a party's kind (`municipality`, `civil_society`, …).
    pub fn party_kind<'a>(&'a self, id: &str, plan: Option<&'a Plan>) -> Option<&'a str> {
        let own = self.parties.iter().find(|p| p.str("id") == id).map(|p| p.str("kind"));
        own.or_else(|| plan.and_then(|p| p.find(Kind::Party, id)).map(|p| p.str("kind")))
    }

    /// Returns the recipients that have not answered.
    pub fn unanswered(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in self.recipients().iter().filter(|r| self.response_of(r).is_none()) {
            if !out.contains(&r.as_str()) {
                out.push(r);
            }
        }
        out
    }

    /// Returns the points with no disposition yet.
    pub fn open_points(&self) -> impl Iterator<Item = &Entry> {
        self.points.iter().filter(|p| p.get("disposition").is_none())
    }

    /// Returns the points about the item with key `item` (`activity/A7`,
    /// or `plan` for the plan's own fields): those whose `about` or
    /// `changes` name it or one of its fields.
    pub fn points_on<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        let on = move |k: &String| k == item || k.strip_prefix(item).is_some_and(|rest| rest.starts_with('/'));
        self.points.iter().filter(move |p| p.list("about").iter().any(on) || p.list("changes").iter().any(on))
    }

    /// Returns the next free response id (`R4` after `R3`).
    pub fn next_response_id(&self) -> String {
        let max =
            self.responses.iter().filter_map(|r| r.str("id").strip_prefix('R')?.parse::<u64>().ok()).max().unwrap_or(0);
        format!("R{}", max + 1)
    }

    /// Returns the next free point id of a response (`R3.3` after `R3.2`).
    pub fn next_point_id(&self, response: &str) -> String {
        let prefix = format!("{response}.");
        let max = self
            .points
            .iter()
            .filter_map(|p| p.str("id").strip_prefix(&prefix)?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        format!("{response}.{}", max + 1)
    }
}

/// What a consultation is checked against: the version that was sent out
/// and, once it exists, the next revision with the diff to it.
#[derive(Clone, Copy, Default)]
pub struct Against<'a> {
    pub base: Option<&'a Plan>,
    pub next: Option<(&'a Plan, &'a [Change])>,
}

/// Checks a consultation's content and its references.
pub fn check(r: &Remiss, against: Against<'_>, f: &mut Findings) {
    let base = against.base;
    if let (Some(sent), Some(deadline)) = (r.head.date("sent"), r.head.date("deadline"))
        && deadline < sent
    {
        f.error(
            r.head.span_of("deadline"),
            text!(sv: "sista svarsdag {deadline} är före utskicket {sent}"; en: "the deadline {deadline} is before the consultation was sent ({sent})"),
        );
    }
    for i in 0..r.parties.len() {
        let what = text!(sv: "remissinstans"; en: "recipient");
        check_id(&r.parties, i, &what, f);
        let id = r.parties[i].str("id");
        if let Some(p) = base
            && !id.is_empty()
            && p.find(Kind::Party, id).is_some()
        {
            let id = text::escape(id);
            f.error(
                r.parties[i].span_of("id"),
                text!(sv: "{id} är redan part i planen; ta bort den här"; en: "{id} is already a party of the plan; remove it here"),
            );
        }
    }
    let known = |id: &str| {
        r.parties.iter().any(|p| p.str("id") == id) || base.is_none_or(|p| p.find(Kind::Party, id).is_some())
    };
    let recipients = r.recipients();
    if recipients.is_empty() && r.head.get("recipients").is_some() {
        f.warning(
            r.head.span_of("recipients"),
            text!(sv: "remissen har inga mottagare"; en: "the consultation has no recipients"),
        );
    }
    for (n, id) in recipients.iter().enumerate() {
        let shown = text::escape(id);
        if !known(id) {
            unknown_party(f, r.head.span_of("recipients"), &shown, r, base);
        } else if recipients[..n].contains(id) {
            f.warning(r.head.span_of("recipients"), text!(sv: "{shown} står två gånger bland mottagarna"; en: "{shown} is listed twice among the recipients"));
        }
    }
    check_responses(r, base, &known, f);
    check_points(r, against, f);
}

fn unknown_party(f: &mut Findings, span: std::ops::Range<usize>, shown: &str, r: &Remiss, base: Option<&Plan>) {
    f.error(span, text!(sv: "okänd part \"{shown}\""; en: "unknown party \"{shown}\""));
    let mut ids: Vec<&str> = base.map(|p| p.parties.iter().map(|x| x.id.as_str()).collect()).unwrap_or_default();
    for id in r.parties.iter().map(|p| p.str("id")) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let ids = text::escape(&ids.join(", ")).into_owned();
    f.hint(text!(sv: "befintliga parter: {ids}; en remissinstans utanför planen läggs till som [[parties]] i remissfilen";
                 en: "known parties: {ids}; a recipient outside the plan is added as [[parties]] in the consultation file"));
}

fn check_responses(r: &Remiss, base: Option<&Plan>, known: &dyn Fn(&str) -> bool, f: &mut Findings) {
    let sent = r.head.date("sent");
    for (i, resp) in r.responses.iter().enumerate() {
        let id = resp.str("id");
        let what = text!(sv: "svar {}", text::escape(id); en: "response {}", text::escape(id));
        check_id(&r.responses, i, &what, f);
        let party = resp.str("party");
        let shown = text::escape(party);
        if party.is_empty() {
            // reported as missing
        } else if !known(party) {
            unknown_party(f, resp.span_of("party"), &shown, r, base);
        } else if !r.recipients().iter().any(|x| x == party) {
            f.warning(
                resp.span_of("party"),
                text!(sv: "{shown} fick inte remissen men har svarat"; en: "{shown} was not sent the consultation but has answered"),
            );
        } else if r.responses[..i].iter().any(|x| x.str("party") == party) {
            f.warning(
                resp.span_of("party"),
                text!(sv: "{shown} har redan ett svar tidigare i filen"; en: "{shown} already has a response earlier in the file"),
            );
        }
        if let (Some(s), Some(d)) = (sent, resp.date("received"))
            && d < s
        {
            f.error(
                resp.span_of("received"),
                text!(sv: "svaret kom {d}, före utskicket {s}"; en: "the response came on {d}, before the consultation was sent ({s})"),
            );
        }
    }
}

fn check_points(r: &Remiss, against: Against<'_>, f: &mut Findings) {
    let mut told_no_next = false;
    for (i, p) in r.points.iter().enumerate() {
        let id = text::escape(p.str("id")).into_owned();
        check_id(&r.points, i, &text!(sv: "synpunkt {id}"; en: "point {id}"), f);
        let resp = p.str("response");
        if !resp.is_empty() && r.response(resp).is_none() {
            let resp = text::escape(resp);
            f.error(
                p.span_of("response"),
                text!(sv: "okänt svar \"{resp}\" i synpunkt {id}"; en: "unknown response \"{resp}\" in point {id}"),
            );
        }
        for key in p.list("about") {
            if let Err(why) = anchor(key, against.base) {
                f.error(p.span_of("about"), text!(sv: "synpunkt {id}: {}", why.sv; en: "point {id}: {}", why.en));
            }
        }
        let changes = p.list("changes");
        match against.next {
            Some((next, diff)) => {
                for key in changes {
                    if !diff.iter().any(|c| change_key(c) == *key) {
                        let k = text::escape(key);
                        let v = text::escape(next.revision.str("version"));
                        f.error(
                            p.span_of("changes"),
                            text!(sv: "synpunkt {id}: \"{k}\" är ingen ändring mellan {} och {v}", text::escape(r.version());
                                  en: "point {id}: \"{k}\" is not a change between {} and {v}", text::escape(r.version())),
                        );
                        f.hint(text!(sv: "`lansplan remiss changes REMISSFIL` listar ändringarnas nycklar";
                                     en: "`lansplan remiss changes REMISS-FILE` lists the changes' keys"));
                    }
                }
            }
            None if !changes.is_empty() && !told_no_next => {
                told_no_next = true;
                f.warning(
                    p.span_of("changes"),
                    text!(sv: "nästa revision efter {} finns inte bredvid filen; ändringsnycklarna kan inte kontrolleras", text::escape(r.version());
                          en: "the revision after {} is not beside the file; the change keys cannot be checked", text::escape(r.version())),
                );
            }
            None => {}
        }
        if matches!(p.str("disposition"), "rejected" | "not_applicable") && !changes.is_empty() {
            let d = choice_label(DISPOSITIONS, p.str("disposition"), Lang::Sv);
            let e = choice_label(DISPOSITIONS, p.str("disposition"), Lang::En);
            f.warning(
                p.span_of("disposition"),
                text!(sv: "synpunkt {id} är {d} men länkad till ändringar"; en: "point {id} is {e} but linked to changes"),
            );
        }
    }
}

/// Adds the warnings that matter once the next revision is adopted: points
/// without a disposition, recipients without an answer, and (for a county
/// agreement) a consultation that reached no civil-society party.
pub fn check_adopted(r: &Remiss, base: Option<&Plan>, adopted: &Plan, f: &mut Findings) {
    let v = text::escape(adopted.revision.str("version")).into_owned();
    for p in r.open_points() {
        let id = text::escape(p.str("id"));
        f.warning(
            p.span.clone(),
            text!(sv: "synpunkt {id} saknar hantering (disposition) fast version {v} är beslutad";
                  en: "point {id} has no disposition though version {v} is adopted"),
        );
    }
    for party in r.unanswered() {
        let name = text::escape(r.party_name(party, base)).into_owned();
        f.warning(
            r.head.span_of("recipients"),
            text!(sv: "{name} har inte svarat på remissen"; en: "{name} has not answered the consultation"),
        );
    }
    if adopted.plan.str("kind") == "agreement"
        && !r.recipients().iter().any(|id| r.party_kind(id, base.or(Some(adopted))) == Some("civil_society"))
    {
        f.warning(
            r.head.span_of("recipients"),
            text!(sv: "remissen nådde ingen brukar- eller anhörigorganisation (part av sorten civil_society)";
                  en: "the consultation reached no user or relatives' organisation (a party of kind civil_society)"),
        );
        f.hint(text!(sv: "enligt lagens förarbeten ska brukar- och anhörigorganisationer kunna lämna synpunkter på överenskommelsen";
                     en: "by the law's preparatory works, user and relatives' organisations should be able to give their views on the agreement"));
    }
}

/// Where a consultation stands on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Status<'a> {
    /// Each recipient and its response, if any, in the recipients' order.
    pub recipients: Vec<(&'a str, Option<&'a Entry>)>,
    /// Days from `today` to the deadline (negative once past).
    pub days_left: Option<i64>,
    pub open_points: Vec<&'a Entry>,
    pub points: usize,
}

impl Remiss {
    /// Returns where the consultation stands on `today`.
    pub fn status(&self, today: Date) -> Status<'_> {
        Status {
            recipients: self.recipients().iter().map(|id| (id.as_str(), self.response_of(id))).collect(),
            days_left: self.head.date("deadline").map(|d| d.days_since_epoch() - today.days_since_epoch()),
            open_points: self.open_points().collect(),
            points: self.points.len(),
        }
    }
}

/// Returns the text for days to or past a deadline.
pub fn deadline_phrase(days_left: i64, lang: Lang) -> String {
    match (days_left, lang) {
        (0, Lang::Sv) => "sista svarsdag i dag".into(),
        (0, Lang::En) => "the deadline is today".into(),
        (1, Lang::Sv) => "1 dag kvar till sista svarsdag".into(),
        (1, Lang::En) => "1 day to the deadline".into(),
        (n, Lang::Sv) if n > 0 => format!("{n} dagar kvar till sista svarsdag"),
        (n, Lang::En) if n > 0 => format!("{n} days to the deadline"),
        (-1, Lang::Sv) => "sista svarsdag passerades för 1 dag sedan".into(),
        (-1, Lang::En) => "the deadline passed 1 day ago".into(),
        (n, Lang::Sv) => format!("sista svarsdag passerades för {} dagar sedan", -n),
        (n, Lang::En) => format!("the deadline passed {} days ago", -n),
    }
}

/// Returns one line a diff shows under a change for a linked point:
/// "R3.2 Region Jämtland Härjedalen (beaktad): Målvärdet …", unescaped.
pub fn point_note(r: &Remiss, p: &Entry, base: Option<&Plan>, lang: Lang) -> String {
    let party = r.party_name(r.party_of(p), base);
    let disposition = match p.str("disposition") {
        "" => lang.pick("öppen", "open").to_string(),
        d => choice_label(DISPOSITIONS, d, lang),
    };
    let text = crate::publish::one_line(p.str("text"));
    format!("{} {} {party} ({disposition}): {text}", lang.pick("Remiss", "Consultation"), p.str("id"))
}

/// Why a changed consultation file was not saved.
#[derive(Debug)]
pub enum SaveRefused {
    /// The change would add errors: each one, with its hint.
    Errors(Vec<(Text, Option<Text>)>),
    /// The changed text would not read back as a consultation.
    Unreadable,
    /// The file could not be written (or changed on disk meanwhile).
    Save(crate::plan::save::SaveError),
}

impl SaveRefused {
    /// Returns the reasons, one line each, escaped for a terminal.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        match self {
            SaveRefused::Errors(list) => list
                .iter()
                .map(|(m, h)| {
                    let mut msg = crate::text::escape(m.get(lang)).into_owned();
                    if let Some(h) = h {
                        msg.push_str(&format!(
                            "\n  {}: {}",
                            lang.pick("tips", "hint"),
                            crate::text::escape(h.get(lang))
                        ));
                    }
                    msg
                })
                .collect(),
            SaveRefused::Unreadable => vec![
                lang.pick(
                    "ändringen skulle inte gå att läsa; filen har inte ändrats",
                    "the change would not read back; the file was not changed",
                )
                .to_string(),
            ],
            SaveRefused::Save(e) => vec![e.message(lang)],
        }
    }
}

/// Saves `new_text` over the consultation file at `path`, read as
/// `old_text`, if it has no more errors than the file had (checked against
/// `against`); atomically, and only over the file as it was read.
pub fn save_checked(
    path: &std::path::Path,
    old_text: &str,
    new_text: &str,
    against: Against<'_>,
) -> Result<(), SaveRefused> {
    let count = |src: &str| -> Option<(usize, Vec<crate::plan::Finding>)> {
        let side = load_str(src.to_string()).ok()?;
        let mut f = Findings::new(src);
        f.list = side.findings.clone();
        check(&side.value, against, &mut f);
        let list = f.finish();
        Some((list.iter().filter(|x| x.is_error()).count(), list))
    };
    let before = count(old_text).map(|c| c.0).unwrap_or(0);
    match count(new_text) {
        Some((after, _)) if after <= before => {}
        Some((_, list)) => {
            return Err(SaveRefused::Errors(
                list.into_iter().filter(|x| x.is_error()).map(|x| (x.message, x.hint)).collect(),
            ));
        }
        None => return Err(SaveRefused::Unreadable),
    }
    let expect = crate::plan::save::Expect::Unchanged(old_text.as_bytes());
    crate::plan::save::save_atomic(path, new_text.as_bytes(), expect).map_err(SaveRefused::Save)
}
