//! The decisions on one revision (`<plan-id>_<version>.decisions.toml`):
//! the collaboration body's recommendation, each principal's adoption in
//! its own assembly, and the fingerprint of the content they decided on.

use std::path::Path;

use crate::i18n::Lang;
use crate::plan::finding::Findings;
use crate::plan::load::{LoadError, decode, parse_guarded, read_limited};
use crate::plan::model::Plan;
use crate::plan::schema::{Choice, Field, FieldType as T, Kind};
use crate::text;

use super::entry::{Entry, check_format, convert_array};
use super::fingerprint::{fingerprint, is_well_formed};
use super::remiss::{Side, choice_label, finish_head, read_conflicts, read_top};

/// The `format` of a decisions file.
pub const FORMAT: &str = "lansplan-decisions/1";

/// What kind of decision.
pub const KINDS: &[Choice] = &[
    Choice { key: "recommendation", sv: "rekommendation", en: "recommendation" },
    Choice { key: "adoption", sv: "antagande", en: "adoption" },
];

/// What came of it.
pub const OUTCOMES: &[Choice] = &[
    Choice { key: "adopted", sv: "antagen", en: "adopted" },
    Choice { key: "adopted_with_changes", sv: "antagen med ändringar", en: "adopted with changes" },
    Choice { key: "referred_back", sv: "återremitterad", en: "referred back" },
    Choice { key: "rejected", sv: "avslagen", en: "rejected" },
];

const fn field(name: &'static str, ty: T, required: bool, sv: &'static str, en: &'static str) -> Field {
    Field { name, ty, required, sv, en }
}

/// The keys of the file's top level (besides `format` and `decisions`).
pub const HEAD: &[Field] = &[
    field("plan", T::Text, true, "Plan", "Plan"),
    field("version", T::Text, true, "Version", "Version"),
    field("content", T::Text, true, "Innehållets fingeravtryck", "Content fingerprint"),
];

/// The fields of one decision.
pub const DECISION: &[Field] = &[
    field("party", T::Ref(Kind::Party), false, "Huvudman", "Principal"),
    field("body", T::Text, true, "Organ", "Body"),
    field("kind", T::Enum(KINDS), true, "Beslut", "Decision"),
    field("date", T::Date, true, "Datum", "Date"),
    field("paragraph", T::Text, false, "Paragraf", "Paragraph"),
    field("reference", T::Text, false, "Diarienummer", "Reference"),
    field("outcome", T::Enum(OUTCOMES), false, "Utfall", "Outcome"),
];

/// The decisions on one revision as read from their file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decisions {
    pub head: Entry,
    pub decisions: Vec<Entry>,
    pub conflicts: Vec<Entry>,
}

/// Reads decisions text.
pub fn load_str(source: String) -> Result<Side<Decisions>, LoadError> {
    let mut f = Findings::new(&source);
    let mut d = Decisions::default();
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
                "decisions" => {
                    d.decisions = convert_array(
                        DECISION,
                        name,
                        value,
                        &source,
                        |n| text!(sv: "beslut {n}"; en: "decision {n}"),
                        &mut f,
                    )
                }
                "conflicts" => d.conflicts = read_conflicts(value, &source, &mut f),
                _ => read_top(name, value, key.span(), HEAD, &mut d.head, &mut f),
            }
        }
        finish_head(HEAD, &d.head, has_format, FORMAT, &mut f);
    }
    let findings = f.finish();
    Ok(Side { value: d, findings, source })
}

/// Reads a decisions file.
pub fn load_file(path: &Path) -> Result<Side<Decisions>, LoadError> {
    load_str(decode(read_limited(path)?)?)
}

/// Returns true for the parties that adopt an agreement: the region and
/// the municipalities.
pub fn is_principal(party: &crate::plan::Item) -> bool {
    matches!(party.str("kind"), "region" | "municipality")
}

/// Checks the decisions, against the revision they are about when it is
/// at hand (parties, dates, and whether it still matches its fingerprint).
pub fn check(d: &Decisions, plan: Option<&Plan>, f: &mut Findings) {
    let content = d.head.str("content");
    if !content.is_empty() && !is_well_formed(content) {
        let c = text::escape(content);
        f.error(
            d.head.span_of("content"),
            text!(sv: "\"{c}\" är inget fingeravtryck; det skrivs sha256: och 64 hexadecimala siffror";
                  en: "\"{c}\" is not a fingerprint; it is written sha256: and 64 hexadecimal digits"),
        );
    } else if let Some(p) = plan
        && !content.is_empty()
        && fingerprint(p) != content
    {
        let v = text::escape(p.revision.str("version"));
        f.error(
            d.head.span_of("content"),
            text!(sv: "version {v} har ändrats efter beslutet: innehållet stämmer inte längre med fingeravtrycket";
                  en: "version {v} was changed after the decision: its content no longer matches the fingerprint"),
        );
        f.hint(changed_hint(d));
    }
    let revision_date = plan.and_then(|p| p.revision.date("date"));
    for e in &d.decisions {
        let kind = e.str("kind");
        let party = e.str("party");
        if kind == "adoption" {
            if party.is_empty() {
                f.error(e.span.clone(), text!(sv: "ett antagande ska ange `party`, huvudmannen som antog"; en: "an adoption must name the `party` that adopted"));
            }
            if e.get("outcome").is_none() && !e.spans.iter().any(|(n, _)| *n == "outcome") {
                f.error(
                    e.span.clone(),
                    text!(sv: "ett antagande ska ange `outcome`"; en: "an adoption must give its `outcome`"),
                );
                f.hint(text!(sv: "adopted, adopted_with_changes, referred_back eller rejected"; en: "adopted, adopted_with_changes, referred_back or rejected"));
            }
        }
        if let Some(p) = plan
            && !party.is_empty()
        {
            match p.find(Kind::Party, party) {
                None => {
                    let shown = text::escape(party);
                    f.error(e.span_of("party"), text!(sv: "okänd part \"{shown}\""; en: "unknown party \"{shown}\""));
                    let ids = text::escape(&p.parties.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", "))
                        .into_owned();
                    f.hint(text!(sv: "befintliga parter: {ids}"; en: "known parties: {ids}"));
                }
                Some(item) if kind == "adoption" && !is_principal(item) => {
                    let shown = text::escape(party);
                    f.warning(
                        e.span_of("party"),
                        text!(sv: "{shown} är ingen huvudman (region eller kommun) men står som antagande part";
                              en: "{shown} is not a principal (region or municipality) but is recorded as adopting"),
                    );
                }
                Some(_) => {}
            }
        }
        if let (Some(rd), Some(dd)) = (revision_date, e.date("date"))
            && dd < rd
        {
            f.warning(
                e.span_of("date"),
                text!(sv: "beslutet {dd} är före revisionens datum {rd}"; en: "the decision of {dd} is before the revision's date {rd}"),
            );
        }
    }
}

/// Returns the hint for a revision changed after its decision.
pub fn changed_hint(d: &Decisions) -> crate::i18n::Text {
    let party =
        d.decisions.iter().rev().find(|e| e.str("kind") == "adoption").map(|e| e.str("party")).unwrap_or("PART");
    let party = text::escape(party).into_owned();
    text!(sv: "`lansplan diff PLANFIL --since-decision {party}` visar vad som ändrats sedan beslutet";
          en: "`lansplan diff PLAN-FILE --since-decision {party}` shows what changed since the decision")
}

/// Where one principal stands.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalStatus<'a> {
    pub party: &'a crate::plan::Item,
    /// The principal's latest decision (by date, then file order).
    pub decision: Option<&'a Entry>,
}

impl PrincipalStatus<'_> {
    /// Returns true if the latest decision adopted the revision.
    pub fn adopted(&self) -> bool {
        self.decision.is_some_and(|d| matches!(d.str("outcome"), "adopted" | "adopted_with_changes"))
    }
}

impl Decisions {
    /// Returns the version decided on.
    pub fn version(&self) -> &str {
        self.head.str("version")
    }

    /// Returns the recommendations, in file order.
    pub fn recommendations(&self) -> impl Iterator<Item = &Entry> {
        self.decisions.iter().filter(|e| e.str("kind") == "recommendation")
    }

    /// Returns the latest adoption decision by `party`.
    pub fn latest_of(&self, party: &str) -> Option<&Entry> {
        let mut best: Option<&Entry> = None;
        for e in self.decisions.iter().filter(|e| e.str("kind") == "adoption" && e.str("party") == party) {
            if best.is_none_or(|b| e.date("date") >= b.date("date")) {
                best = Some(e);
            }
        }
        best
    }

    /// Returns each principal of `plan` with its latest decision.
    pub fn principals<'a>(&'a self, plan: &'a Plan) -> Vec<PrincipalStatus<'a>> {
        plan.parties
            .iter()
            .filter(|p| is_principal(p))
            .map(|p| PrincipalStatus { party: p, decision: self.latest_of(&p.id) })
            .collect()
    }

    /// Returns the latest adoption by `party` that adopted the revision.
    pub fn adoption_of(&self, party: &str) -> Option<&Entry> {
        self.latest_of(party).filter(|e| matches!(e.str("outcome"), "adopted" | "adopted_with_changes"))
    }
}

/// Returns the sentences of `decision status`: "7 av 9 huvudmän har
/// antagit 2025.3", then one per principal that has not.
pub fn status_lines(d: &Decisions, plan: &Plan, lang: Lang) -> Vec<String> {
    let ps = d.principals(plan);
    let adopted = ps.iter().filter(|p| p.adopted()).count();
    let v = d.version();
    let mut out = Vec::new();
    for r in d.recommendations() {
        let extra = [r.str("paragraph"), r.str("reference")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let extra = if extra.is_empty() { String::new() } else { format!(" ({extra})") };
        let date = r.date("date").map(|x| x.to_string()).unwrap_or_default();
        let outcome = match r.str("outcome") {
            "" | "adopted" => lang.pick("rekommenderade", "recommended").to_string(),
            o => choice_label(OUTCOMES, o, lang),
        };
        out.push(format!("{} {outcome} {v} {} {date}{extra}", r.str("body"), lang.pick("den", "on")));
    }
    out.push(match lang {
        Lang::Sv => format!("{adopted} av {} huvudmän har antagit {v}", ps.len()),
        Lang::En => format!("{adopted} of {} principals have adopted {v}", ps.len()),
    });
    for p in ps.iter().filter(|p| !p.adopted()) {
        let name = p.party.str("name");
        let name = if name.is_empty() { p.party.id.as_str() } else { name };
        out.push(match p.decision {
            None => format!("{name}: {}", lang.pick("inget beslut registrerat", "no decision recorded")),
            Some(e) => {
                let date = e.date("date").map(|x| x.to_string()).unwrap_or_default();
                let verb = match (e.str("outcome"), lang) {
                    ("referred_back", Lang::Sv) => "återremitterade den",
                    ("referred_back", Lang::En) => "referred it back on",
                    ("rejected", Lang::Sv) => "avslog den",
                    ("rejected", Lang::En) => "rejected it on",
                    (_, Lang::Sv) => "beslutade den",
                    (_, Lang::En) => "decided on",
                };
                format!("{name} {verb} {date}")
            }
        });
    }
    out
}
