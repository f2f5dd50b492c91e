//! The commitments of an agreement as a section of an export (issue 18):
//! where the plan sits (its parent plan, the parties it applies to, its
//! target groups, when it is reviewed), each focus area's commitments with
//! their principal, units and routines, the activities under goals of the
//! parent plan, and the responsibility matrix, services × region /
//! kommuner / joint with the units in the cells.
//!
//! Built as [`Block`]s, so Markdown, HTML and Word read the same.

use super::blocks::Block;
use super::party_names;
use crate::i18n::Lang;
use crate::plan::model::{Item, Plan};
use crate::plan::responsibility::{Principal, service_key};
use crate::plan::validate::agreement::parent_goal;

/// One row of the responsibility matrix: a service and what each
/// principal does in it.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    /// The service as the first commitment of it names it.
    pub service: String,
    /// The commitments' ids, in file order.
    pub ids: Vec<String>,
    /// Per principal (in [`Principal::ALL`] order): whether it holds the
    /// service, and the units it names.
    pub cells: [Option<Vec<String>>; 4],
}

/// Returns the responsibility matrix of `plan`: one row per service (the
/// commitments with the same title, whatever the case and spacing), in
/// the order they first appear.
pub fn matrix(plan: &Plan) -> Vec<MatrixRow> {
    // Each service's row found by its key, not by a search: the editor
    // draws this on every frame, and a national roll-up has thousands.
    let mut rows: Vec<MatrixRow> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for c in &plan.commitments {
        let Some(p) = Principal::of_item(plan, c) else { continue };
        let at = *index.entry(service_key(c.label())).or_insert_with(|| {
            rows.push(MatrixRow { service: c.label().to_string(), ids: Vec::new(), cells: Default::default() });
            rows.len() - 1
        });
        let row = &mut rows[at];
        row.ids.push(c.id.clone());
        let cell = row.cells[p as usize].get_or_insert_with(Vec::new);
        for u in c.list("units") {
            if !cell.contains(u) {
                cell.push(u.clone());
            }
        }
    }
    rows
}

/// Returns the section, its heading at `level`, or nothing for a plan
/// without commitments or any of the fields of format 1.1 it shows.
pub fn blocks(plan: &Plan, level: usize, lang: Lang) -> Vec<Block> {
    let p = &plan.plan;
    let label = |name: &str| p.kind.field(name).map(|f| f.label(lang)).unwrap_or(name).to_string();
    let mut facts: Vec<Vec<String>> = Vec::new();
    if !p.str("parent").is_empty() {
        facts.push(vec![label("parent"), p.str("parent").to_string()]);
    }
    if !p.list("scope").is_empty() {
        facts.push(vec![label("scope"), party_names(plan, p.list("scope"), lang).join(", ")]);
    }
    if !p.list("target_groups").is_empty() {
        facts.push(vec![label("target_groups"), p.list("target_groups").join(", ")]);
    }
    if let Some(d) = p.date("review_by") {
        facts.push(vec![label("review_by"), d.to_string()]);
    }
    // Activities under goals of the parent plan sit under no focus area
    // here: they are listed in this section, so that none is left out.
    let under_parent: Vec<&Item> = plan.activities.iter().filter(|a| parent_goal(a.str("goal")).is_some()).collect();
    if facts.is_empty() && plan.commitments.is_empty() && under_parent.is_empty() {
        return Vec::new();
    }
    let heading = |level: usize, text: &str, id: &str| Block::Heading { level, text: text.into(), id: Some(id.into()) };
    let mut out =
        vec![heading(level, lang.pick("Åtaganden och ansvar", "Commitments and responsibility"), "ataganden")];
    if !facts.is_empty() {
        // Headed, so that a screen reader names the columns (WCAG 2.1).
        let heads = vec![lang.pick("Uppgift", "Item").to_string(), lang.pick("Värde", "Value").to_string()];
        out.push(Block::Table { heads, rows: facts });
    }
    if !under_parent.is_empty() {
        let text =
            lang.pick("Aktiviteter under den överordnade planens mål", "Activities under goals of the parent plan");
        out.push(heading(level + 1, text, "overordnade-mal"));
        out.push(parent_activity_table(plan, &under_parent, lang));
    }
    if plan.commitments.is_empty() {
        return out;
    }
    for fa in &plan.focus_areas {
        let list: Vec<&Item> = plan.commitments_in(&fa.id).collect();
        if list.is_empty() {
            continue;
        }
        out.push(heading(level + 1, fa.label(), &format!("ataganden-{}", fa.id)));
        out.push(commitment_table(plan, &list, lang));
    }
    let placed: std::collections::HashSet<&str> = plan.focus_areas.iter().map(|f| f.id.as_str()).collect();
    let unplaced: Vec<&Item> = plan.commitments.iter().filter(|c| !placed.contains(c.str("focus_area"))).collect();
    if !unplaced.is_empty() {
        out.push(heading(level + 1, lang.pick("Utan fokusområde", "Without focus area"), "ataganden-utan"));
        out.push(commitment_table(plan, &unplaced, lang));
    }
    out.push(heading(level + 1, lang.pick("Ansvarsmatris", "Responsibility matrix"), "ansvarsmatris"));
    out.push(matrix_table(&matrix(plan), lang));
    out
}

fn commitment_table(plan: &Plan, list: &[&Item], lang: Lang) -> Block {
    let heads = match lang {
        Lang::Sv => ["Id", "Åtagande", "Huvudman", "Ansvariga", "Enheter", "Rutiner"],
        Lang::En => ["Id", "Commitment", "Principal", "Responsible", "Units", "Routines"],
    };
    let rows = list
        .iter()
        .map(|c| {
            let who = Principal::of_item(plan, c).map(|p| p.heading(lang)).unwrap_or("");
            vec![
                c.id.clone(),
                c.label().to_string(),
                who.to_string(),
                party_names(plan, c.list("responsible"), lang).join(", "),
                c.list("units").join(", "),
                c.list("routines").join(", "),
            ]
        })
        .collect();
    Block::Table { heads: heads.map(String::from).to_vec(), rows }
}

fn parent_activity_table(plan: &Plan, list: &[&Item], lang: Lang) -> Block {
    let heads = match lang {
        Lang::Sv => ["Id", "Mål", "Aktivitet", "Ansvariga", "Ägare", "Start", "Klart senast", "Status"],
        Lang::En => ["Id", "Goal", "Activity", "Responsible", "Owner", "Start", "Due", "Status"],
    };
    let rows = list
        .iter()
        .map(|a| {
            let date = |n: &str| a.date(n).map(|d| d.to_string()).unwrap_or_default();
            vec![
                a.id.clone(),
                a.str("goal").to_string(),
                a.label().to_string(),
                party_names(plan, a.list("responsible"), lang).join(", "),
                a.str("owner").to_string(),
                date("start"),
                date("due"),
                super::label(a, "status", lang),
            ]
        })
        .collect();
    Block::Table { heads: heads.map(String::from).to_vec(), rows }
}

fn matrix_table(rows: &[MatrixRow], lang: Lang) -> Block {
    // The column of other actors only where one holds a service.
    let columns: Vec<Principal> = Principal::ALL
        .into_iter()
        .filter(|p| *p != Principal::Other || rows.iter().any(|r| r.cells[Principal::Other as usize].is_some()))
        .collect();
    let mut heads = vec![lang.pick("Tjänst", "Service").to_string()];
    heads.extend(columns.iter().map(|p| p.heading(lang).to_string()));
    let rows = rows
        .iter()
        .map(|r| {
            let mut row = vec![format!("{} ({})", r.service, r.ids.join(", "))];
            for p in &columns {
                row.push(match &r.cells[*p as usize] {
                    Some(units) if !units.is_empty() => units.join(", "),
                    Some(_) => "✓".to_string(),
                    None => String::new(),
                });
            }
            row
        })
        .collect();
    Block::Table { heads, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Date, load_str};

    fn plan() -> Plan {
        let src = "format = \"lansplan/1\"\n[plan]\nid = \"p\"\ntitle = \"t\"\ncounty = \"c\"\nkind = \"agreement\"\n\
             period = { start = 2025-01-01, end = 2026-12-31 }\n[revision]\nversion = \"1\"\ndate = 2025-01-01\n\
             status = \"draft\"\n[[parties]]\nid = \"r\"\nname = \"R\"\nkind = \"region\"\n[[parties]]\nid = \"k\"\n\
             name = \"K\"\nkind = \"municipality\"\n[[focus_areas]]\nid = \"f\"\nname = \"F\"\n\
             [[commitments]]\nid = \"C1\"\nfocus_area = \"f\"\ntitle = \"Abstinensvård\"\nresponsible = [\"r\"]\n\
             units = [\"Beroendemottagningen\"]\n\
             [[commitments]]\nid = \"C2\"\nfocus_area = \"f\"\ntitle = \"Boendestöd\"\nresponsible = [\"k\"]\n\
             [[commitments]]\nid = \"C3\"\nfocus_area = \"f\"\ntitle = \"abstinensvård\"\nresponsible = [\"k\"]\n\
             units = [\"Socialtjänsten\"]\n\
             [[commitments]]\nid = \"C4\"\nfocus_area = \"f\"\ntitle = \"SIP\"\nresponsible = [\"r\", \"k\"]\n\
             units = [\"Psykiatrin\", \"Socialtjänsten\"]\nroutines = [\"SIP\"]\n";
        load_str(src.to_string(), Date::new(2025, 1, 1).expect("a date")).expect("loads").plan
    }

    #[test]
    fn the_matrix_has_a_row_per_service_and_a_cell_per_principal() {
        let m = matrix(&plan());
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].service, "Abstinensvård");
        assert_eq!(m[0].ids, ["C1", "C3"]);
        assert_eq!(m[0].cells[0], Some(vec!["Beroendemottagningen".to_string()]));
        assert_eq!(m[0].cells[1], Some(vec!["Socialtjänsten".to_string()]));
        assert_eq!(m[0].cells[2], None);
        assert_eq!(m[1].cells[1], Some(Vec::new()));
        assert_eq!(m[2].cells[2], Some(vec!["Psykiatrin".to_string(), "Socialtjänsten".to_string()]));
    }

    #[test]
    fn the_section_renders_the_matrix_without_an_empty_column_of_others() {
        let md = crate::publish::blocks::markdown(&blocks(&plan(), 2, Lang::Sv));
        assert!(md.contains("## Åtaganden och ansvar"), "{md}");
        assert!(md.contains("| Tjänst | Regionen | Kommunerna | Gemensamt |"), "{md}");
        assert!(md.contains("| Abstinensvård (C1, C3) | Beroendemottagningen | Socialtjänsten | – |"), "{md}");
        assert!(md.contains("| Boendestöd (C2) | – | ✓ | – |"), "{md}");
        assert!(!md.contains("Andra aktörer"), "{md}");
    }
}
