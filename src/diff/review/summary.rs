//! What the marks of a review say about each change, and the counts a
//! summary shows: for the whole review, per reviewer and per party.
//!
//! A mark counts only for the change as its reviewer saw it: when the
//! change's values differ from the recorded fingerprint (or the mark, from
//! the first review format, recorded none), the mark is "changed since
//! review" and no longer accepts, rejects or asks anything. A change is
//! accepted when everyone who marked it accepted it as it now stands.

use std::collections::HashMap;

use super::{Mark, Review, Verdict, change_fingerprint, change_key};
use crate::diff::semantic::Change;
use crate::i18n::Lang;

/// Whether a mark still judges the change as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkState {
    /// The change is what the reviewer judged.
    Current,
    /// The change's values differ from what the reviewer judged.
    Changed,
    /// The mark was written by the first review format, which recorded no
    /// values: it is treated as changed since review until marked again.
    Unrecorded,
}

impl MarkState {
    /// Returns whether the mark still holds.
    pub fn holds(self) -> bool {
        self == MarkState::Current
    }
}

/// Where a change stands in the review, all reviewers together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Someone rejected the change as it stands.
    Rejected,
    /// Someone asks a question about the change as it stands (and nobody
    /// rejected it).
    Question,
    /// A mark on the change judged other values than it now has.
    Changed,
    /// Everyone who marked the change accepted it as it stands.
    Accepted,
    /// Nobody marked the change.
    Unreviewed,
}

impl Status {
    /// Every status, in the order summaries list them.
    pub const ALL: [Status; 5] =
        [Status::Accepted, Status::Rejected, Status::Question, Status::Changed, Status::Unreviewed];

    /// Returns the status of a change with marks in these states: a
    /// rejection first, then a question, then a stale mark, then acceptance.
    pub fn of(marks: impl IntoIterator<Item = (Verdict, MarkState)>) -> Status {
        let mut status = Status::Unreviewed;
        for (verdict, state) in marks {
            let this = match (state, verdict) {
                (MarkState::Current, Verdict::Reject) => Status::Rejected,
                (MarkState::Current, Verdict::Question) => Status::Question,
                (MarkState::Current, Verdict::Accept) => Status::Accepted,
                (MarkState::Changed | MarkState::Unrecorded, _) => Status::Changed,
            };
            if this.rank() < status.rank() {
                status = this;
            }
        }
        status
    }

    fn rank(self) -> u8 {
        match self {
            Status::Rejected => 0,
            Status::Question => 1,
            Status::Changed => 2,
            Status::Accepted => 3,
            Status::Unreviewed => 4,
        }
    }

    /// Returns the status in words, singular or plural.
    pub fn label(self, lang: Lang, n: usize) -> &'static str {
        let one = n == 1;
        match self {
            Status::Accepted if one => lang.pick("godkänd", "accepted"),
            Status::Accepted => lang.pick("godkända", "accepted"),
            Status::Rejected if one => lang.pick("avvisad", "rejected"),
            Status::Rejected => lang.pick("avvisade", "rejected"),
            Status::Question if one => lang.pick("öppen fråga", "open question"),
            Status::Question => lang.pick("öppna frågor", "open questions"),
            Status::Changed if one => lang.pick("ändrad efter granskning", "changed since review"),
            Status::Changed => lang.pick("ändrade efter granskning", "changed since review"),
            Status::Unreviewed if one => lang.pick("ej granskad", "not reviewed"),
            Status::Unreviewed => lang.pick("ej granskade", "not reviewed"),
        }
    }

    /// Returns the one-character sign the editor and lists show.
    pub fn sign(self) -> &'static str {
        match self {
            Status::Accepted => "✓",
            Status::Rejected => "✗",
            Status::Question => "?",
            Status::Changed => "!",
            Status::Unreviewed => "·",
        }
    }
}

/// How many changes stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally([usize; 5]);

impl Tally {
    pub(super) fn add(&mut self, s: Status) {
        self.0[Status::ALL.iter().position(|x| *x == s).unwrap_or(4)] += 1;
    }

    /// Returns how many changes have status `s`.
    pub fn get(&self, s: Status) -> usize {
        self.0[Status::ALL.iter().position(|x| *x == s).unwrap_or(4)]
    }

    /// Returns the non-zero counts as "3 godkända · 1 avvisad", or the
    /// count of unreviewed changes when every count is zero.
    pub fn words(&self, lang: Lang) -> String {
        let parts: Vec<String> = Status::ALL
            .iter()
            .filter(|s| self.get(**s) > 0)
            .map(|s| format!("{} {}", self.get(*s), s.label(lang, self.get(*s))))
            .collect();
        if parts.is_empty() { format!("0 {}", Status::Unreviewed.label(lang, 0)) } else { parts.join(" · ") }
    }

    /// Returns the non-zero counts of marked changes in signs, as "✓3 ✗1
    /// !2" ("–" when none is marked).
    pub fn signs(&self) -> String {
        let parts: Vec<String> = Status::ALL
            .iter()
            .filter(|s| **s != Status::Unreviewed && self.get(**s) > 0)
            .map(|s| format!("{}{}", s.sign(), self.get(*s)))
            .collect();
        if parts.is_empty() { "–".into() } else { parts.join(" ") }
    }
}

/// One mark on a change, with whether it still holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged {
    /// Index into [`Review::marks`].
    pub mark: usize,
    pub state: MarkState,
}

/// What the review says about each change of a diff.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Per change, in the diff's order: its status and its marks.
    pub changes: Vec<(Status, Vec<Judged>)>,
    /// Marks on changes the diff no longer has (indices into the marks).
    pub gone: Vec<usize>,
}

/// One reviewer's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerTally {
    pub name: String,
    /// The party of the reviewer's latest mark, if it names one.
    pub party: Option<String>,
    pub tally: Tally,
}

/// The counts of a review: all together, per reviewer, per party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub all: Tally,
    /// In the order of the reviewers' first marks in the file.
    pub reviewers: Vec<ReviewerTally>,
    /// Per party id, in the order the parties first appear in the marks
    /// (a party's status on a change combines its reviewers' marks).
    pub parties: Vec<(String, Tally)>,
    /// Marks on changes that are no longer there.
    pub gone: usize,
}

impl Review {
    /// Returns the state of mark `m` on change `c`.
    pub fn state(m: &Mark, c: &Change) -> MarkState {
        if m.judged.is_empty() {
            MarkState::Unrecorded
        } else if m.judged == change_fingerprint(c) {
            MarkState::Current
        } else {
            MarkState::Changed
        }
    }

    /// Returns what the marks say about each of `changes`.
    pub fn assess(&self, changes: &[Change]) -> Assessment {
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, m) in self.marks.iter().enumerate() {
            by_key.entry(m.change.as_str()).or_default().push(i);
        }
        let mut seen = vec![false; self.marks.len()];
        let per_change = changes
            .iter()
            .map(|c| {
                let marks: Vec<Judged> = by_key
                    .get(change_key(c).as_str())
                    .map(|list| {
                        list.iter()
                            .map(|&i| {
                                seen[i] = true;
                                Judged { mark: i, state: Review::state(&self.marks[i], c) }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let status = Status::of(marks.iter().map(|j| (self.marks[j.mark].verdict, j.state)));
                (status, marks)
            })
            .collect();
        let gone = (0..self.marks.len()).filter(|i| !seen[*i]).collect();
        Assessment { changes: per_change, gone }
    }

    /// Returns the counts of the review over `a` (from [`Review::assess`]).
    pub fn summary(&self, a: &Assessment) -> Summary {
        let mut all = Tally::default();
        let mut reviewers: Vec<ReviewerTally> = Vec::new();
        let mut parties: Vec<(String, Tally)> = Vec::new();
        for m in &self.marks {
            if !reviewers.iter().any(|r| r.name == m.reviewer) {
                let party = self.party_of(&m.reviewer);
                reviewers.push(ReviewerTally { name: m.reviewer.clone(), party, tally: Tally::default() });
            }
            if !m.party.is_empty() && !parties.iter().any(|(p, _)| *p == m.party) {
                parties.push((m.party.clone(), Tally::default()));
            }
        }
        for (status, marks) in &a.changes {
            all.add(*status);
            for r in &mut reviewers {
                let mine = marks.iter().filter(|j| self.marks[j.mark].reviewer == r.name);
                r.tally.add(Status::of(mine.map(|j| (self.marks[j.mark].verdict, j.state))));
            }
            for (party, tally) in &mut parties {
                let theirs = marks.iter().filter(|j| self.marks[j.mark].party == *party);
                tally.add(Status::of(theirs.map(|j| (self.marks[j.mark].verdict, j.state))));
            }
        }
        Summary { all, reviewers, parties, gone: a.gone.len() }
    }
}
