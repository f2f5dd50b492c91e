//! The review as a Markdown report: its counts (all together, per
//! reviewer, per party), then the diff with every reviewer's mark on each
//! change, the replies, and which marks no longer hold.

use std::fmt::Write as _;

use super::diff::change_line;
use super::md;
use crate::diff::present::{grouped, name_of, section_title};
use crate::diff::review::{Mark, MarkState, Review, Status, Summary};
use crate::diff::semantic::Change;
use crate::i18n::Lang;
use crate::plan::{Kind, Plan};

/// Returns who marked, for whom and when: "Anna, region, 2026-11-22 10:00 UTC".
fn signed(reviewer: &str, party: &str, at: &str) -> String {
    let mut s = md(reviewer);
    if !party.is_empty() {
        s = format!("{s}, {}", md(party));
    }
    // Stored in UTC, shown on the exporter's clock with its zone (issue #22).
    format!("{s}, {}", md(&crate::plan::date::shown_time(at, &crate::plan::date::display_zone())))
}

fn mark_lines(out: &mut String, m: &Mark, state: Option<MarkState>, lang: Lang) {
    let stale = match state {
        Some(MarkState::Current) => String::new(),
        Some(MarkState::Changed | MarkState::Unrecorded) => format!(" _({})_", Status::Changed.label(lang, 1)),
        None => format!(" _({})_", lang.pick("ändringen finns inte längre", "the change is gone")),
    };
    let _ = write!(out, "  - **{}**{stale} ({})", m.verdict.label(lang), signed(&m.reviewer, &m.party, &m.at));
    if !m.comment.is_empty() {
        let _ = write!(out, ": {}", md(&m.comment));
    }
    let _ = writeln!(out);
    for r in &m.replies {
        let _ = writeln!(
            out,
            "    - {} {}: {}",
            lang.pick("svar från", "reply from"),
            signed(&r.reviewer, &r.party, &r.at),
            md(&r.text)
        );
    }
}

fn summary_lines(out: &mut String, s: &Summary, old: &Plan, new: &Plan, lang: Lang) {
    if !s.reviewers.is_empty() {
        let _ = writeln!(out, "\n## {}\n", lang.pick("Per granskare", "Per reviewer"));
        for r in &s.reviewers {
            let party = r.party.as_deref().map(|p| format!(" ({})", md(p))).unwrap_or_default();
            let _ = writeln!(out, "- {}{party}: {}", md(&r.name), r.tally.words(lang));
        }
    }
    if !s.parties.is_empty() {
        let _ = writeln!(out, "\n## {}\n", lang.pick("Per part", "Per party"));
        for (p, tally) in &s.parties {
            let _ = writeln!(out, "- {}: {}", md(&name_of(old, new, Kind::Party, p)), tally.words(lang));
        }
    }
}

impl Review {
    /// Renders the review as a Markdown report of `changes` (`old` → `new`).
    pub fn to_markdown(&self, old: &Plan, new: &Plan, changes: &[Change], lang: Lang) -> String {
        let a = self.assess(changes);
        let s = self.summary(&a);
        let mut out = String::new();
        let _ = writeln!(out, "# {}: {}", lang.pick("Granskning", "Review"), md(new.plan.str("title")));
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} {} → {}: {}.",
            lang.pick("Ändringar från version", "Changes from version"),
            md(&self.old.version),
            md(&self.new.version),
            s.all.words(lang)
        );
        if s.gone > 0 {
            let _ = writeln!(
                out,
                "\n{} {}.",
                s.gone,
                lang.pick(
                    "markeringar gäller ändringar som inte längre finns (listade sist)",
                    "marks are on changes that are no longer there (listed last)"
                )
            );
        }
        summary_lines(&mut out, &s, old, new, lang);
        let index: std::collections::HashMap<*const Change, usize> =
            changes.iter().enumerate().map(|(i, c)| (c as *const Change, i)).collect();
        for (section, goals) in grouped(old, new, changes) {
            let _ = writeln!(out, "\n## {}", md(&section_title(old, new, &section, lang)));
            for (goal, list) in goals {
                if let Some(g) = goal {
                    let _ = writeln!(
                        out,
                        "\n### {} {}\n",
                        lang.pick("Mål", "Goal"),
                        md(&name_of(old, new, Kind::Goal, &g))
                    );
                } else {
                    let _ = writeln!(out);
                }
                for c in list {
                    let _ = writeln!(out, "{}", change_line(old, new, c, lang));
                    let Some((_, marks)) = index.get(&(c as *const Change)).and_then(|i| a.changes.get(*i)) else {
                        continue;
                    };
                    if marks.is_empty() {
                        let _ = writeln!(out, "  - _{}_", Status::Unreviewed.label(lang, 1));
                    }
                    for j in marks {
                        mark_lines(&mut out, &self.marks[j.mark], Some(j.state), lang);
                    }
                }
            }
        }
        if !a.gone.is_empty() {
            let _ = writeln!(
                out,
                "\n## {}\n",
                lang.pick(
                    "Markeringar på ändringar som inte längre finns",
                    "Marks on changes that are no longer there"
                )
            );
            for i in &a.gone {
                let m = &self.marks[*i];
                let _ = writeln!(out, "- {}", md(&m.change));
                mark_lines(&mut out, m, None, lang);
            }
        }
        out
    }
}
