//! Follow-up and publication: the follow-up model ([`followup`]), the
//! follow-up report as text or Markdown ([`report`]), and the plan exported
//! as a Markdown or a self-contained HTML document ([`markdown`], [`html`],
//! with indicator charts from [`chart`]) or as a Word document, also with
//! a diff as tracked changes, read back after review ([`docx`]); the
//! change list of a revision as sentences ([`changelist`]).
//!
//! Core code: it returns strings and never touches a terminal or a file, so
//! the CLI and the TUI both call it. Every string from a plan file is
//! escaped for its target here (terminal, Markdown, HTML), so callers can
//! write the result as it is.

pub mod agreement;
pub mod areas;
pub mod blocks;
pub mod changelist;
pub mod chart;
pub mod consultation;
pub mod decisions;
pub mod docx;
pub mod followup;
pub mod html;
pub mod markdown;
pub mod report;
pub mod rollup;

use std::collections::{HashMap, HashSet};

use crate::i18n::Lang;
use crate::plan::model::{Item, Plan, format_number};
use crate::plan::schema::find_choice;

/// Returns a figure as a person reads it in `lang`: `12,5` in Swedish,
/// `12.5` in English, a minus sign rather than a hyphen.
pub fn number(v: f64, lang: Lang) -> String {
    let s = format_number(v);
    let s = if lang == Lang::Sv { s.replace('.', ",") } else { s };
    s.replacen('-', "−", 1)
}

/// Returns a figure with its unit: `46 %`, `134 antal per år`.
pub fn with_unit(v: f64, unit: &str, lang: Lang) -> String {
    if unit.is_empty() { number(v, lang) } else { format!("{} {unit}", number(v, lang)) }
}

/// Returns the label of an enumeration field's value in `lang`, or the raw
/// value when it is not one of the allowed ones.
pub fn label(item: &Item, field: &str, lang: Lang) -> String {
    let raw = item.str(field);
    item.kind
        .field(field)
        .and_then(|f| find_choice(f.choices(), raw))
        .map(|c| c.label(lang).to_string())
        .unwrap_or_else(|| raw.to_string())
}

/// Returns the names of the parties in `ids`, with every municipality of
/// the plan folded into one "alla kommuner (8)" when all of them are named
/// (the usual case, which would otherwise fill a table cell).
pub fn party_names(plan: &Plan, ids: &[String], lang: Lang) -> Vec<String> {
    PartyNames::new(plan).of(ids, lang)
}

/// The plan's parties by id, for naming many lists of them in time linear
/// in the lists (a document names the parties of every goal and activity).
#[derive(Debug, Clone)]
pub struct PartyNames<'a> {
    by_id: HashMap<&'a str, &'a Item>,
    municipalities: Vec<&'a str>,
}

impl<'a> PartyNames<'a> {
    /// Gathers the parties of `plan`.
    pub fn new(plan: &'a Plan) -> PartyNames<'a> {
        let mut by_id = HashMap::new();
        for p in &plan.parties {
            by_id.entry(p.id.as_str()).or_insert(p);
        }
        let municipalities =
            plan.parties.iter().filter(|p| p.str("kind") == "municipality").map(|p| p.id.as_str()).collect();
        PartyNames { by_id, municipalities }
    }

    /// Returns the names of the parties in `ids`, as [`party_names`].
    pub fn of(&self, ids: &[String], lang: Lang) -> Vec<String> {
        let named: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let municipalities = &self.municipalities;
        let all = municipalities.len() >= 2 && municipalities.iter().all(|m| named.contains(m));
        let folded_ids: HashSet<&str> = if all { municipalities.iter().copied().collect() } else { HashSet::new() };
        let mut out = Vec::new();
        let mut folded = false;
        for id in ids {
            if folded_ids.contains(id.as_str()) {
                if !folded {
                    let n = municipalities.len();
                    let first = out.is_empty();
                    out.push(match (lang, first) {
                        (Lang::Sv, true) => format!("Alla kommuner ({n})"),
                        (Lang::Sv, false) => format!("alla kommuner ({n})"),
                        (Lang::En, true) => format!("All municipalities ({n})"),
                        (Lang::En, false) => format!("all municipalities ({n})"),
                    });
                    folded = true;
                }
                continue;
            }
            let name = self.by_id.get(id.as_str()).map(|p| p.str("name")).filter(|n| !n.is_empty());
            out.push(name.unwrap_or(id).to_string());
        }
        out
    }
}

/// One row of a focus area's responsibility table: the parties that answer
/// for exactly the same goals and activities there, and those items.
#[derive(Debug, Clone)]
pub struct ResponsibilityRow<'a> {
    /// The parties' names, municipalities folded as in [`party_names`].
    pub parties: Vec<String>,
    pub goals: Vec<&'a Item>,
    pub activities: Vec<&'a Item>,
}

/// Returns who answers for what in one focus area, parties with the same
/// share in one row (eight municipalities with the same goals and
/// activities make one row, not eight), in the plan's party order.
pub fn responsibility<'a>(f: &followup::FollowUp<'a>, focus_area: &Item, lang: Lang) -> Vec<ResponsibilityRow<'a>> {
    let mut groups: Vec<(Vec<String>, Vec<&'a Item>, Vec<&'a Item>)> = Vec::new();
    // Parties with the same goals and activities, found by those ids.
    let mut same: HashMap<(Vec<&'a str>, Vec<&'a str>), usize> = HashMap::new();
    for p in &f.parties {
        let Some(a) = p.areas.iter().find(|a| std::ptr::eq(a.focus_area, focus_area)) else {
            continue;
        };
        let ids = |items: &[&'a Item]| items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>();
        match same.entry((ids(&a.goals), ids(&a.activities))) {
            std::collections::hash_map::Entry::Occupied(e) => groups[*e.get()].0.push(p.party.id.clone()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(groups.len());
                groups.push((vec![p.party.id.clone()], a.goals.clone(), a.activities.clone()));
            }
        }
    }
    groups
        .into_iter()
        .map(|(ids, goals, activities)| ResponsibilityRow { parties: f.names.of(&ids, lang), goals, activities })
        .collect()
}

/// Splits long text into paragraphs at blank lines and joins the lines of
/// each, since TOML multi-line strings carry the line breaks of the editor
/// they were typed in rather than of the text; a list line ("- ", "• ")
/// keeps a line of its own (after a line break in its paragraph). One
/// notion of a text with the editor and the diff: `prose::unwrapped`.
pub fn paragraphs(s: &str) -> Vec<String> {
    crate::plan::prose::unwrapped(s).split("\n\n").filter(|p| !p.is_empty()).map(String::from).collect()
}

/// Returns the text of one line: line breaks and runs of spaces as one
/// space, for table cells and headings.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_languages() {
        assert_eq!(number(12.5, Lang::Sv), "12,5");
        assert_eq!(number(12.5, Lang::En), "12.5");
        assert_eq!(number(46.0, Lang::Sv), "46");
        assert_eq!(number(-3.25, Lang::Sv), "−3,25");
        assert_eq!(with_unit(46.0, "%", Lang::Sv), "46 %");
    }

    #[test]
    fn paragraphs_join_lines_and_split_at_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n  c  \n\n\n"), vec!["a b".to_string(), "c".to_string()]);
        assert_eq!(
            paragraphs("Så här:\r\n- ett\r\n- två\r\n  fortsätter"),
            vec!["Så här:\n- ett\n- två fortsätter".to_string()]
        );
        assert!(paragraphs("").is_empty());
        assert_eq!(one_line(" a\n b\tc "), "a b c");
    }
}
