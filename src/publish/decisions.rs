//! The decisions section of an export: the recommendation, then a table
//! of every principal with its latest decision ("no decision recorded"
//! where there is none), and a warning when the revision no longer
//! matches the content that was decided.

use super::blocks::Block;
use crate::consult::decisions::{Decisions, OUTCOMES, status_lines};
use crate::consult::fingerprint::fingerprint;
use crate::consult::remiss::choice_label;
use crate::i18n::Lang;
use crate::plan::Plan;

/// Returns the decisions section, its heading at `level`.
pub fn blocks(d: &Decisions, plan: &Plan, level: usize, lang: Lang) -> Vec<Block> {
    let mut out =
        vec![Block::Heading { level, text: lang.pick("Beslut", "Decisions").into(), id: Some("beslut".into()) }];
    let content = d.head.str("content");
    if !content.is_empty() && fingerprint(plan) != content {
        out.push(Block::Note(
            lang.pick(
                "Obs: planen har ändrats efter beslutet; innehållet stämmer inte med det som beslutades.",
                "Note: the plan was changed after the decision; its content does not match what was decided.",
            )
            .into(),
        ));
    }
    let lines = status_lines(d, plan, lang);
    let recs = d.recommendations().count();
    for line in &lines[..recs.min(lines.len())] {
        out.push(Block::Para(format!("{line}.")));
    }
    if let Some(summary) = lines.get(recs) {
        out.push(Block::Para(format!("{summary}.")));
    }
    let heads = match lang {
        Lang::Sv => ["Huvudman", "Beslut", "Datum", "Organ", "Paragraf", "Diarienummer"],
        Lang::En => ["Principal", "Decision", "Date", "Body", "Paragraph", "Reference"],
    };
    let rows = d
        .principals(plan)
        .into_iter()
        .map(|p| {
            let name =
                if p.party.str("name").is_empty() { p.party.id.clone() } else { p.party.str("name").to_string() };
            match p.decision {
                Some(e) => vec![
                    name,
                    choice_label(OUTCOMES, e.str("outcome"), lang),
                    e.date("date").map(|x| x.to_string()).unwrap_or_default(),
                    e.str("body").to_string(),
                    e.str("paragraph").to_string(),
                    e.str("reference").to_string(),
                ],
                None => vec![
                    name,
                    lang.pick("inget beslut registrerat", "no decision recorded").into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
            }
        })
        .collect();
    out.push(Block::Table { heads: heads.map(String::from).to_vec(), rows });
    out
}
