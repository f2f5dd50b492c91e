//! The rules of format 1.1's agreement content (issue 18): the plan's place
//! in the county's hierarchy (`parent`, `scope`, goals of the parent plan),
//! its commitments (one principal per service, a routine for what is done
//! together, a commitment in each focus area of an agreement) and what an
//! agreement that is no longer a draft should not still hold (template
//! instructions, a passed `review_by`, no civil-society party).
//!
//! What needs the other plans of the county (a parent goal that no longer
//! exists, a kommun without a local agreement) is checked by `check DIR`,
//! in `plan::hierarchy`.

use std::collections::HashMap;

use super::describe;
use crate::plan::date::Date;
use crate::plan::finding::Findings;
use crate::plan::model::{Item, Plan, Value};
use crate::plan::responsibility::{Principal, service_key};
use crate::plan::schema::{FieldType, Kind, is_valid_id};
use crate::text;

/// The words that open a template's instructions ("Ange planens namn här").
pub const INSTRUCTION_WORDS: [&str; 2] = ["Ange", "Beskriv"];

/// Returns true if `s` reads as a template's instruction: it opens with
/// one of [`INSTRUCTION_WORDS`] followed by a space.
pub fn is_instruction(s: &str) -> bool {
    let s = s.trim_start();
    INSTRUCTION_WORDS.iter().any(|w| s.strip_prefix(w).is_some_and(|rest| rest.starts_with([' ', '\n', '\t'])))
}

/// Splits a reference to a goal of another plan, `jamtland-lok:G7`, into
/// the plan id and the goal id.
pub fn parent_goal(reference: &str) -> Option<(&str, &str)> {
    reference.split_once(':').filter(|(p, g)| !p.is_empty() && !g.is_empty())
}

/// Returns true if `kind` (the plan's `kind`) is an agreement of some level.
pub fn is_agreement(kind: &str) -> bool {
    matches!(kind, "agreement" | "local_agreement")
}

/// Checks the agreement rules of one plan.
pub fn check(plan: &Plan, today: Date, f: &mut Findings) {
    hierarchy(plan, f);
    commitments(plan, f);
    left_over_instructions(plan, f);
    agreement_state(plan, today, f);
}

fn hierarchy(plan: &Plan, f: &mut Findings) {
    let p = &plan.plan;
    let parent = p.str("parent");
    if p.get("parent").is_some() && !is_valid_id(parent) {
        let e = text::escape(parent);
        f.error(
            p.span_of("parent"),
            text!(sv: "`parent` ska vara id:t på en annan plan, inte \"{e}\""; en: "`parent` must be the id of another plan, not \"{e}\""),
        );
    } else if !parent.is_empty() && parent == p.str("id") {
        f.error(
            p.span_of("parent"),
            text!(sv: "planen kan inte vara sin egen överordnade plan"; en: "a plan cannot be its own parent"),
        );
    }
    for id in p.list("scope") {
        if plan.find(Kind::Party, id).is_none() {
            let e = text::escape(id);
            f.error(
                p.span_of("scope"),
                text!(sv: "okänd part \"{e}\" i `scope` i planen"; en: "unknown party \"{e}\" in `scope` of the plan"),
            );
        }
    }
    if p.get("scope").is_some() && p.list("scope").is_empty() {
        f.warning(
            p.span_of("scope"),
            text!(sv: "`scope` är tom; ta bort den eller ange de parter planen gäller för";
                  en: "`scope` is empty; remove it or name the parties the plan applies to"),
        );
    }
    // A goal of another plan: only the parent's goals may be used, and
    // whether the goal exists is for `check DIR` to say.
    for a in &plan.activities {
        let goal = a.str("goal");
        let Some((of, _)) = parent_goal(goal) else { continue };
        if of != parent {
            let (sv, en) = describe(Kind::Activity, &a.id);
            let (e, of) = (text::escape(goal), text::escape(of));
            f.error(
                a.span_of("goal"),
                text!(sv: "{sv} pekar på målet \"{e}\" i planen {of}, som inte är planens överordnade plan (`parent`)";
                      en: "{en} points at the goal \"{e}\" of plan {of}, which is not this plan's parent (`parent`)"),
            );
        }
    }
}

/// Returns true if `goal` is a reference to a goal of the plan's parent,
/// which a single file cannot resolve (see [`parent_goal`]).
pub fn is_parent_goal_ref(plan: &Plan, goal: &str) -> bool {
    let parent = plan.plan.str("parent");
    parent_goal(goal).is_some_and(|(of, _)| !parent.is_empty() && of == parent)
}

fn commitments(plan: &Plan, f: &mut Findings) {
    let mut first: HashMap<String, (&Item, Principal)> = HashMap::new();
    for c in &plan.commitments {
        let principal = Principal::of_item(plan, c);
        let id = text::escape(&c.id).into_owned();
        if let Some(p) = principal {
            let key = service_key(c.label());
            match first.get(&key) {
                Some((other, q)) if *q != p => {
                    let (o, title) = (text::escape(&other.id).into_owned(), text::escape(c.label()).into_owned());
                    f.warning(
                        c.span_of("responsible"),
                        text!(sv: "tjänsten \"{title}\" har två olika huvudmän: {} i {id} och {} i {o}", p.phrase(crate::i18n::Lang::Sv), q.phrase(crate::i18n::Lang::Sv);
                              en: "the service \"{title}\" has two different principals: {} in {id} and {} in {o}", p.phrase(crate::i18n::Lang::En), q.phrase(crate::i18n::Lang::En)),
                    );
                    f.hint(text!(sv: "slå ihop åtagandena till ett gemensamt, eller ge dem olika namn om det är olika tjänster";
                                 en: "merge the commitments into a joint one, or name them apart if they are different services"));
                }
                Some(_) => {}
                None => {
                    first.insert(key, (c, p));
                }
            }
        }
        if principal == Some(Principal::Joint) && c.list("routines").iter().all(|r| r.trim().is_empty()) {
            f.warning(
                c.span.clone(),
                text!(sv: "åtagande {id} är gemensamt men anger ingen rutin för samverkan (`routines`, t.ex. SIP)";
                      en: "commitment {id} is joint but names no routine for working together (`routines`, e.g. SIP)"),
            );
        }
    }
    if !is_agreement(plan.plan.str("kind")) {
        return;
    }
    let with_commitments: std::collections::HashSet<&str> =
        plan.commitments.iter().map(|c| c.str("focus_area")).collect();
    for fa in &plan.focus_areas {
        if !fa.id.trim().is_empty() && !with_commitments.contains(fa.id.as_str()) {
            let id = text::escape(&fa.id);
            f.warning(
                fa.span.clone(),
                text!(sv: "fokusområde {id} i överenskommelsen har inget åtagande"; en: "focus area {id} of the agreement has no commitment"),
            );
            f.hint(text!(sv: "skriv vad regionen och kommunerna åtar sig i [[commitments]]";
                         en: "write what the region and the kommuner commit to in [[commitments]]"));
        }
    }
}

/// Warns on text that still reads as a template's instruction, in a
/// revision that is no longer a draft.
fn left_over_instructions(plan: &Plan, f: &mut Findings) {
    let status = plan.revision.str("status");
    if status.is_empty() || status == "draft" {
        return;
    }
    for kind in Kind::ALL {
        for item in plan.items(kind) {
            for (field, value) in item.schema_values() {
                let texts: &[String] = match (value, &field.ty) {
                    (Some(Value::Str(s)), FieldType::Text | FieldType::LongText) => std::slice::from_ref(s),
                    (Some(Value::List(l)), FieldType::TextList) => l,
                    _ => continue,
                };
                if let Some(t) = texts.iter().find(|t| is_instruction(t)) {
                    let (sv, en) = describe(kind, &item.id);
                    let shown = text::escape(&first_words(t)).into_owned();
                    f.warning(
                        item.span_of(field.name),
                        text!(sv: "`{}` i {sv} är fortfarande mallens instruktion (\"{shown}\") fast revisionen inte är ett utkast", field.name;
                              en: "`{}` of {en} is still the template's instruction (\"{shown}\") though the revision is not a draft", field.name),
                    );
                }
            }
        }
    }
}

/// Returns the first few words of a text, for a message.
fn first_words(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().take(6).collect();
    let more = s.split_whitespace().count() > words.len();
    format!("{}{}", words.join(" "), if more { " …" } else { "" })
}

fn agreement_state(plan: &Plan, today: Date, f: &mut Findings) {
    let p = &plan.plan;
    if !is_agreement(p.str("kind")) {
        return;
    }
    let status = plan.revision.str("status");
    if let Some(by) = p.date("review_by")
        && by < today
        && status != "superseded"
    {
        f.warning(
            p.span_of("review_by"),
            text!(sv: "överenskommelsen skulle ha reviderats senast {by}"; en: "the agreement was due for review by {by}"),
        );
        f.hint(text!(sv: "påbörja en ny revision, eller flytta fram `review_by` om revideringen är beslutad att skjutas upp";
                     en: "start a new revision, or move `review_by` if the review was decided to be postponed"));
    }
    // A county agreement is made with civil society; a kommun's local
    // agreement is between the kommun and the region.
    if p.str("kind") == "agreement" && !plan.parties.iter().any(|party| party.str("kind") == "civil_society") {
        let span = plan.parties.first().map(|x| x.span.clone()).unwrap_or_else(|| p.span.clone());
        f.warning(
            span,
            text!(sv: "överenskommelsen har ingen part från civilsamhället (t.ex. en brukar- eller anhörigorganisation)";
                  en: "the agreement has no civil-society party (such as a user or family organisation)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_are_the_template_words_followed_by_a_space() {
        assert!(is_instruction("Ange planens namn här"));
        assert!(is_instruction("  Beskriv\nläget"));
        assert!(!is_instruction("Angereds stadsdel"));
        assert!(!is_instruction("Vi anger målen"));
        assert!(!is_instruction("Ange"));
    }

    #[test]
    fn parent_goals_split_at_the_colon() {
        assert_eq!(parent_goal("jamtland-lok:G7"), Some(("jamtland-lok", "G7")));
        assert_eq!(parent_goal("G7"), None);
        assert_eq!(parent_goal(":G7"), None);
        assert_eq!(parent_goal("x:"), None);
    }
}
