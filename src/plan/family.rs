//! A county's plans together (issue 18): the agreement, the action plans
//! that implement it and the kommuners' local agreements, each by its
//! latest revision, linked by `parent`. What `tree`, `check DIR` and
//! `report --rollup` read, and the findings only the plans together show:
//! a goal of the parent plan that no longer exists, a kommun of the county
//! agreement without a local agreement, and a local plan that gives the
//! region what the county's commitments give to the kommun (or the other
//! way round).
//!
//! Works on plans already loaded; finding the files is the caller's.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::finding::{Finding, Findings};
use super::load::Loaded;
use super::model::Plan;
use super::responsibility::{Principal, service_key};
use super::validate::agreement::parent_goal;
use crate::i18n::Lang;
use crate::text;

/// One plan of the family, by its latest revision.
#[derive(Debug, Clone)]
pub struct Member {
    pub path: PathBuf,
    pub loaded: Loaded,
    /// How many revisions of the plan were found.
    pub revisions: usize,
}

impl Member {
    /// Returns the plan.
    pub fn plan(&self) -> &Plan {
        &self.loaded.plan
    }

    /// Returns the plan's id.
    pub fn id(&self) -> &str {
        self.loaded.plan.plan.str("id")
    }

    /// Returns the id of the plan this one implements, if any.
    pub fn parent(&self) -> Option<&str> {
        Some(self.loaded.plan.plan.str("parent")).filter(|p| !p.is_empty())
    }
}

/// The plans of a folder, by their latest revision, in the order found.
#[derive(Debug, Clone, Default)]
pub struct Family {
    pub members: Vec<Member>,
}

impl Family {
    /// Builds the family from every revision found: for each plan id, the
    /// revision with the latest date (then the highest version, then the
    /// last path), in the order their plans were first found.
    pub fn new(revisions: Vec<(PathBuf, Loaded)>) -> Family {
        let mut by_id: Vec<(String, Vec<(PathBuf, Loaded)>)> = Vec::new();
        for (path, loaded) in revisions {
            let id = loaded.plan.plan.str("id").to_string();
            match by_id.iter_mut().find(|(i, _)| *i == id) {
                Some((_, list)) => list.push((path, loaded)),
                None => by_id.push((id, vec![(path, loaded)])),
            }
        }
        let members = by_id
            .into_iter()
            .filter_map(|(_, list)| {
                let revisions = list.len();
                let key = |(p, l): &(PathBuf, Loaded)| {
                    let r = &l.plan.revision;
                    (r.date("date"), r.str("version").to_string(), p.clone())
                };
                let (path, loaded) = list.into_iter().max_by_key(key)?;
                Some(Member { path, loaded, revisions })
            })
            .collect();
        Family { members }
    }

    /// Returns the plan with `id`.
    pub fn find(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id() == id)
    }

    /// Returns the plans that implement the plan `id`, in the order found.
    pub fn children(&self, id: &str) -> Vec<&Member> {
        self.members.iter().filter(|m| m.parent() == Some(id)).collect()
    }

    /// Returns the plans at the top: those without a parent, or whose
    /// parent is not among the plans.
    pub fn roots(&self) -> Vec<&Member> {
        self.members.iter().filter(|m| m.parent().is_none_or(|p| self.find(p).is_none())).collect()
    }

    /// Returns the findings about each member that only the plans together
    /// show, one list per member (same order), placed in its file.
    pub fn findings(&self) -> Vec<Vec<Finding>> {
        self.members.iter().map(|m| self.findings_of(m)).collect()
    }

    fn findings_of(&self, m: &Member) -> Vec<Finding> {
        let mut f = Findings::new(&m.loaded.source);
        let plan = m.plan();
        if let Some(parent_id) = m.parent() {
            match self.find(parent_id) {
                Some(parent) => {
                    parent_goals(plan, parent, &mut f);
                    shifted_principals(plan, parent, &mut f);
                }
                None => {
                    let e = text::escape(parent_id);
                    f.warning(
                        plan.plan.span_of("parent"),
                        text!(sv: "den överordnade planen \"{e}\" finns inte bland planerna som kontrolleras";
                              en: "the parent plan \"{e}\" is not among the plans checked"),
                    );
                }
            }
        }
        if plan.plan.str("kind") == "agreement" {
            kommuner_without_local_agreement(self, m, &mut f);
        }
        f.finish()
    }
}

/// Returns "plan jamtland-lok (2025.3)" for messages.
fn revision_of(parent: &Member) -> (String, String) {
    let id = text::escape(parent.id()).into_owned();
    let v = text::escape(parent.plan().revision.str("version")).into_owned();
    (format!("planen {id} ({v})"), format!("plan {id} ({v})"))
}

fn parent_goals(plan: &Plan, parent: &Member, f: &mut Findings) {
    let goals: HashSet<&str> = parent.plan().goals.iter().map(|g| g.id.as_str()).collect();
    let (psv, pen) = revision_of(parent);
    for a in &plan.activities {
        let Some((of, goal)) = parent_goal(a.str("goal")) else { continue };
        if of != parent.id() || goals.contains(goal) {
            continue;
        }
        let (id, g) = (text::escape(&a.id), text::escape(goal));
        f.error(
            a.span_of("goal"),
            text!(sv: "aktivitet {id} pekar på målet {g}, som inte längre finns i {psv}";
                  en: "activity {id} points at goal {g}, which no longer exists in {pen}"),
        );
        let known: Vec<&str> = parent.plan().goals.iter().map(|g| g.id.as_str()).take(12).collect();
        if !known.is_empty() {
            let list = text::escape(&known.join(", ")).into_owned();
            f.hint(text!(sv: "målen där: {list}"; en: "the goals there: {list}"));
        }
    }
}

/// Warns where a plan under another gives the region what the parent's
/// commitments give to the kommun, or the kommun what they give to the region.
fn shifted_principals(plan: &Plan, parent: &Member, f: &mut Findings) {
    let county: HashMap<String, (&str, Principal)> = parent
        .plan()
        .commitments
        .iter()
        .filter_map(|c| Some((service_key(c.label()), (c.id.as_str(), Principal::of_item(parent.plan(), c)?))))
        .collect();
    let (psv, pen) = revision_of(parent);
    for c in &plan.commitments {
        let Some(here) = Principal::of_item(plan, c) else { continue };
        let Some((their_id, there)) = county.get(&service_key(c.label())) else { continue };
        let swapped = matches!(
            (here, *there),
            (Principal::Region, Principal::Municipality) | (Principal::Municipality, Principal::Region)
        );
        if !swapped {
            continue;
        }
        let (id, title, other) = (text::escape(&c.id), text::escape(c.label()), text::escape(their_id));
        f.warning(
            c.span_of("responsible"),
            text!(sv: "åtagande {id} ger {} \"{title}\", som åtagande {other} i {psv} ger {}", here.phrase(Lang::Sv), there.phrase(Lang::Sv);
                  en: "commitment {id} gives \"{title}\" to {}, which commitment {other} of {pen} gives to {}", here.phrase(Lang::En), there.phrase(Lang::En)),
        );
        f.hint(text!(sv: "en lokal överenskommelse kan inte flytta ansvar som länsöverenskommelsen har fördelat; ändra den ena eller den andra";
                     en: "a local agreement cannot move a responsibility the county agreement has assigned; change one or the other"));
    }
}

/// Warns on each kommun of a county agreement that no local agreement
/// under it applies to (by its `scope`, else its kommuner).
fn kommuner_without_local_agreement(family: &Family, m: &Member, f: &mut Findings) {
    let mut covered: HashSet<&str> = HashSet::new();
    for child in family.children(m.id()) {
        let p = child.plan();
        if p.plan.str("kind") != "local_agreement" {
            continue;
        }
        let scope = p.plan.list("scope");
        if scope.is_empty() {
            covered.extend(p.parties.iter().filter(|x| x.str("kind") == "municipality").map(|x| x.id.as_str()));
        } else {
            covered.extend(scope.iter().map(String::as_str));
        }
    }
    for party in m.plan().parties.iter().filter(|p| p.str("kind") == "municipality") {
        if covered.contains(party.id.as_str()) {
            continue;
        }
        let (name, id) = (text::escape(party.label()), text::escape(&party.id));
        f.warning(
            party.span.clone(),
            text!(sv: "{name} ({id}) har ingen lokal överenskommelse under överenskommelsen";
                  en: "{name} ({id}) has no local agreement under the agreement"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Date, load_str};

    fn loaded(src: &str) -> Loaded {
        load_str(src.to_string(), Date::new(2025, 1, 1).expect("a date")).expect("loads")
    }

    fn head(id: &str, kind: &str, date: &str, extra: &str) -> String {
        format!(
            "format = \"lansplan/1\"\n[plan]\nid = \"{id}\"\ntitle = \"{id}\"\ncounty = \"c\"\nkind = \"{kind}\"\n\
             period = {{ start = 2025-01-01, end = 2026-12-31 }}\n{extra}\n[revision]\nversion = \"{date}\"\n\
             date = {date}\nstatus = \"draft\"\n[[parties]]\nid = \"r\"\nname = \"R\"\nkind = \"region\"\n\
             [[parties]]\nid = \"k1\"\nname = \"K1\"\nkind = \"municipality\"\n[[parties]]\nid = \"k2\"\n\
             name = \"K2\"\nkind = \"municipality\"\n[[focus_areas]]\nid = \"f\"\nname = \"F\"\n"
        )
    }

    #[test]
    fn the_latest_revision_of_each_plan_is_its_member() {
        let a = head("lok", "agreement", "2025-01-01", "");
        let b = head("lok", "agreement", "2025-06-01", "");
        let fam = Family::new(vec![("b".into(), loaded(&b)), ("a".into(), loaded(&a))]);
        assert_eq!(fam.members.len(), 1);
        assert_eq!(fam.members[0].path, PathBuf::from("b"));
        assert_eq!(fam.members[0].revisions, 2);
    }

    #[test]
    fn plans_together_show_lost_goals_missing_local_agreements_and_swapped_principals() {
        let county = head("lok", "agreement", "2025-01-01", "")
            + "[[commitments]]\nid = \"C1\"\nfocus_area = \"f\"\ntitle = \"Boendestöd\"\nresponsible = [\"k1\", \"k2\"]\n\
               [[goals]]\nid = \"G1\"\nfocus_area = \"f\"\nlevel = \"outcome\"\ntitle = \"g\"\nresponsible = [\"r\"]\n";
        let local = head("k1-lok", "local_agreement", "2025-02-01", "parent = \"lok\"\nscope = [\"k1\"]")
            + "[[commitments]]\nid = \"C1\"\nfocus_area = \"f\"\ntitle = \"boendestöd\"\nresponsible = [\"r\"]\n\
               [[goals]]\nid = \"G1\"\nfocus_area = \"f\"\nlevel = \"output\"\ntitle = \"g\"\nresponsible = [\"k1\"]\n\
               [[activities]]\nid = \"A1\"\ngoal = \"lok:G1\"\ntitle = \"a\"\nresponsible = [\"k1\"]\nstatus = \"planned\"\n\
               [[activities]]\nid = \"A2\"\ngoal = \"lok:G9\"\ntitle = \"a\"\nresponsible = [\"k1\"]\nstatus = \"planned\"\n";
        let fam = Family::new(vec![("county".into(), loaded(&county)), ("local".into(), loaded(&local))]);
        assert_eq!(fam.roots().len(), 1);
        assert_eq!(fam.children("lok").len(), 1);
        let found = fam.findings();
        let county_msgs: Vec<&str> = found[0].iter().map(|f| f.message.en.as_str()).collect();
        assert_eq!(county_msgs, ["K2 (k2) has no local agreement under the agreement"]);
        let local_msgs: Vec<&str> = found[1].iter().map(|f| f.message.en.as_str()).collect();
        assert_eq!(local_msgs.len(), 2, "{local_msgs:?}");
        assert!(local_msgs[0].contains("gives \"boendestöd\" to the region, which commitment C1 of plan lok"));
        assert!(local_msgs[1].starts_with("activity A2 points at goal G9, which no longer exists"));
        assert!(found[1][1].is_error());
    }
}
