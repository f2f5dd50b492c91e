//! Three-way merge of plan revisions, for counties and principals who edit
//! the same plan on different branches: nothing either side wrote is lost.
//!
//! Each file is cut into units (the keys before the first table, each
//! table, each `[[…]]` entry with its sub-tables; see
//! [`crate::plan::doc::units`]). Units pair up by their text first (most
//! are written exactly alike in all three revisions, and are not parsed),
//! then by table name or entry id. A unit only one side changed is taken
//! from that side as written; a unit both changed is merged key by key by
//! the document layer ([`crate::plan::doc::merge`]), keeping unknown keys,
//! comments and each side's formatting of what it changed.
//!
//! Items both sides added under one id get a fresh id on their side; an
//! item renamed on one side is followed by the other side's references to
//! it. The result is then checked like any plan: a reference to an item
//! the other side removed brings that item back, recorded as a conflict,
//! and an item whose edits from the two sides together break a rule keeps
//! ours, with theirs recorded. What cannot be combined is a `[[conflicts]]`
//! record, never a silent pick.

mod check;
mod ids;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::plan::Date;
use crate::plan::doc::merge::{MergeConflict, Options, Piece, Reason, merge_pieces, records};
use crate::plan::doc::units::{Unit, UnitKey, Unreadable, is_crlf, resplit, split};
use crate::plan::pairing::pair_in_order;
use crate::plan::schema::Kind;
use crate::plan::threeway::{Outcome, order};

/// The three revisions of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Base,
    Ours,
    Theirs,
}

/// What a merge produced.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged file's text.
    pub text: String,
    /// What it could not combine, recorded in the file as `[[conflicts]]`.
    pub conflicts: Vec<MergeConflict>,
    /// The same as `check` reads them from the file, where they are in `text`.
    pub recorded: Vec<crate::plan::model::Conflict>,
    /// Ids the merge gave or followed, for the person to know.
    pub notes: Vec<Note>,
}

/// An id the merge changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Both sides added an item under `old`; theirs is now `new`.
    Renumbered { list: String, old: String, new: String },
    /// One side renamed `old` to `new`; the other side's references follow.
    Renamed { list: String, old: String, new: String, by: Side },
}

/// Why two revisions could not be merged as plans.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeError {
    /// The file is not TOML: where in it (a byte offset) and why.
    Unreadable { side: Side, offset: usize, message: String },
    /// The file is TOML but no lansplan plan (no `format = "lansplan/1"`).
    NotAPlan { side: Side },
}

const BOM: char = '\u{feff}';

/// Returns true if `text` is a lansplan plan: TOML with
/// `format = "lansplan/1"` at its top.
pub fn is_plan(text: &str) -> bool {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let root = match split(text) {
        Some(units) => units.first().map_or("", |u| &text[u.range.clone()]),
        None => text,
    };
    Piece::parse(root).is_ok_and(|p| p.format() == Some("lansplan/1"))
}

/// Merges THEIRS into OURS relative to BASE (all three as text; an empty
/// BASE for a file both sides added). `today` dates the check of the
/// result.
pub fn merge(base: &str, ours: &str, theirs: &str, today: Date) -> Result<Merged, MergeError> {
    merge_with(base, ours, theirs, today, Way::Shortest)
}

/// How [`merge_with`] goes about it; all ways give the same meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// A side equal to the base (or to the other side) gives the other
    /// side as it is; otherwise as [`Way::Cut`].
    Shortest,
    /// The files cut into units as written (written out again only when
    /// the cut cannot take them).
    Cut,
    /// The files always written out again unit by unit first.
    Whole,
}

/// Like [`merge`], the way given (for tests that compare the ways).
pub fn merge_with(base: &str, ours: &str, theirs: &str, today: Date, way: Way) -> Result<Merged, MergeError> {
    let whole = way == Way::Whole;
    fn strip(s: &str) -> &str {
        s.strip_prefix(BOM).unwrap_or(s)
    }
    let (b, o, t) = (strip(base), strip(ours), strip(theirs));
    // A side saved with the other line endings (Windows' CR LF, or LF
    // from git's `core.autocrlf`) differs in layout only: read in ours'
    // endings, its multi-line texts are what they say (issue #24).
    let crlf = is_crlf(o);
    let (b, t) = (line_endings(b, crlf), line_endings(t, crlf));
    let (b, t) = (&*b, &*t);
    let bom = ours.starts_with(BOM);
    let done = |text: String| Merged {
        text: if bom { format!("{BOM}{text}") } else { text },
        conflicts: Vec::new(),
        recorded: Vec::new(),
        notes: Vec::new(),
    };
    if way == Way::Shortest {
        if t == b || t == o {
            return Ok(done(o.to_string()));
        }
        if o == b {
            return Ok(done(t.to_string()));
        }
    }
    let add_add = b.trim().is_empty();
    let layouts = if whole {
        None
    } else {
        // The three cuts side by side: each reads one large text.
        let (lb, lo, lt) = std::thread::scope(|scope| {
            let base = scope.spawn(|| split(b));
            let theirs = scope.spawn(|| split(t));
            let ours = split(o);
            (base.join().ok().flatten(), ours, theirs.join().ok().flatten())
        });
        lb.zip(lo).zip(lt)
    };
    let mut m = match layouts {
        Some(((lb, lo), lt)) => Merge::new([(b.into(), lb), (o.into(), lo), (t.into(), lt)], add_add),
        None => Merge::resplit([b, o, t], add_add)?,
    };
    let Outcome3 { mut text, end_at, conflicts, notes } = match m.run(today) {
        Ok(r) => r,
        Err(RunError::Failed(e)) => return Err(e),
        Err(RunError::Retry) if !whole => {
            // The units as cut did not make a valid file together (one side
            // moved a table into another): merge them again written out
            // unit by unit, where each table has one place.
            let mut again = Merge::resplit([b, o, t], add_add)?;
            match again.run(today) {
                Ok(r) => r,
                Err(RunError::Failed(e)) => return Err(e),
                Err(RunError::Retry) => return Err(again.unreadable()),
            }
        }
        Err(RunError::Retry) => return Err(m.unreadable()),
    };
    let mut recorded = Vec::new();
    if !conflicts.is_empty() {
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut recs = String::new();
        if end_at > 0 && !text[..end_at].ends_with('\n') {
            recs.push_str(newline);
        }
        recs.push_str(&line_endings(&records(&conflicts), crlf));
        // The records as `check` reads them, placed where they go.
        if let Ok(l) = crate::plan::load::load_str_unchecked(recs.clone()) {
            let shift = end_at + usize::from(bom) * BOM.len_utf8();
            recorded = l.plan.conflicts;
            for c in &mut recorded {
                c.span = c.span.start + shift..c.span.end + shift;
            }
        }
        text.insert_str(end_at, &recs);
    }
    let mut out = done(text);
    out.conflicts = conflicts;
    out.recorded = recorded;
    out.notes = notes;
    Ok(out)
}

/// Why one run of the merge stopped.
enum RunError {
    /// The assembled units did not parse together; merge again written out.
    Retry,
    Failed(MergeError),
}

impl From<MergeError> for RunError {
    fn from(e: MergeError) -> Self {
        RunError::Failed(e)
    }
}

/// What one run of the merge gives.
struct Outcome3 {
    text: String,
    end_at: usize,
    conflicts: Vec<MergeConflict>,
    notes: Vec<Note>,
}

/// One revision: its text, its units and those parsed so far.
struct Rev<'a> {
    text: Cow<'a, str>,
    units: Vec<Unit>,
    pieces: Vec<Option<Piece>>,
    /// Pieces whose references the merge changed (their text is rendered).
    edited: Vec<bool>,
    side: Side,
}

impl<'a> Rev<'a> {
    fn new(side: Side, text: Cow<'a, str>, units: Vec<Unit>) -> Rev<'a> {
        let n = units.len();
        Rev { text, units, pieces: vec![None; n], edited: vec![false; n], side }
    }

    fn unit_text(&self, u: usize) -> &str {
        self.units.get(u).and_then(|unit| self.text.get(unit.range.clone())).unwrap_or("")
    }

    /// Returns unit `u` parsed.
    fn piece(&mut self, u: usize) -> Result<&mut Piece, MergeError> {
        if self.pieces[u].is_none() {
            let start = self.units[u].range.start;
            let piece = Piece::parse(self.unit_text(u)).map_err(|Unreadable { offset, message }| {
                MergeError::Unreadable { side: self.side, offset: start + offset, message }
            })?;
            self.pieces[u] = Some(piece);
        }
        Ok(self.pieces[u].as_mut().expect("parsed just above"))
    }

    /// Returns the text unit `u` has now.
    fn current(&self, u: usize) -> std::borrow::Cow<'_, str> {
        match &self.pieces[u] {
            Some(p) if self.edited[u] => p.render().into(),
            _ => self.unit_text(u).into(),
        }
    }

    fn entry_id(&mut self, u: usize) -> Result<Option<String>, MergeError> {
        let UnitKey::Entry(list) = self.units[u].key.clone() else { return Ok(None) };
        Ok(self.piece(u)?.entry_id(&list).map(String::from))
    }
}

/// One thing of the merge: a unit as it is in each revision (its index
/// there), and what becomes of it.
#[derive(Debug, Clone)]
struct Thing {
    key: UnitKey,
    at: [Option<usize>; 3],
}

impl Thing {
    fn list(&self) -> Option<&str> {
        match &self.key {
            UnitKey::Entry(l) => Some(l),
            _ => None,
        }
    }
}

/// A merge in progress.
struct Merge<'a> {
    sides: [Rev<'a>; 3],
    things: Vec<Thing>,
    notes: Vec<Note>,
    /// The base is empty: both sides added the file.
    add_add: bool,
    /// Ours ends its lines in CR LF.
    crlf: bool,
    /// Things the check asked to keep, with what uses them.
    keep: HashMap<usize, Vec<String>>,
    /// Entries of lists inside a unit (list key, id) to keep, with what
    /// uses them: the root unit then merges even if one side left it alone.
    keep_nested: HashMap<(String, String), Vec<String>>,
    /// Things whose two sides' edits together break a rule, with the rule.
    force: HashMap<usize, crate::i18n::Text>,
    /// Conflicts found by the check that have no place in a unit.
    extra: Vec<MergeConflict>,
}

impl<'a> Merge<'a> {
    fn new(revs: [(Cow<'a, str>, Vec<Unit>); 3], add_add: bool) -> Merge<'a> {
        let [(b, lb), (o, lo), (t, lt)] = revs;
        let crlf = is_crlf(&o);
        Merge::<'a> {
            sides: [Rev::new(Side::Base, b, lb), Rev::new(Side::Ours, o, lo), Rev::new(Side::Theirs, t, lt)],
            things: Vec::new(),
            notes: Vec::new(),
            add_add,
            crlf,
            keep: HashMap::new(),
            keep_nested: HashMap::new(),
            force: HashMap::new(),
            extra: Vec::new(),
        }
    }

    /// Writes each text out again unit by unit (see [`resplit`]).
    fn resplit(texts: [&str; 3], add_add: bool) -> Result<Merge<'a>, MergeError> {
        let [b, o, t] = texts;
        let cut = |text: &str, side: Side| -> Result<(Cow<'a, str>, Vec<Unit>), MergeError> {
            if side == Side::Base && add_add {
                return Ok((Cow::Borrowed(""), vec![Unit { key: UnitKey::Root, range: 0..0 }]));
            }
            let (text, units) = resplit(text).map_err(|Unreadable { offset, message }| MergeError::Unreadable {
                side,
                offset,
                message,
            })?;
            Ok((Cow::Owned(text), units))
        };
        Ok(Merge::new([cut(b, Side::Base)?, cut(o, Side::Ours)?, cut(t, Side::Theirs)?], add_add))
    }

    /// Returns why the texts do not merge as TOML, naming the side that
    /// is not TOML (the assembled result failed only because of one).
    fn unreadable(&self) -> MergeError {
        for rev in &self.sides {
            if let Err(e) = rev.text.parse::<toml_edit::DocumentMut>() {
                let offset = e.span().map_or(0, |s| s.start);
                return MergeError::Unreadable { side: rev.side, offset, message: e.message().to_string() };
            }
        }
        MergeError::Unreadable { side: Side::Ours, offset: 0, message: "the merged units do not fit together".into() }
    }

    /// Pairs the units, settles ids, then builds and checks the result
    /// until the check asks for nothing more.
    fn run(&mut self, today: Date) -> Result<Outcome3, RunError> {
        self.prepare()?;
        let mut rounds = 0;
        loop {
            let mut built = self.build()?;
            let text = std::mem::take(&mut built.text);
            let Ok(loaded) = crate::plan::load_str(text, today) else { return Err(RunError::Retry) };
            rounds += 1;
            let more = self.check(&built, &loaded, today, rounds > 16)?;
            if !more {
                let mut conflicts = built.conflicts;
                conflicts.append(&mut self.extra);
                return Ok(Outcome3 {
                    text: loaded.source,
                    end_at: built.end_at,
                    conflicts,
                    notes: self.notes.clone(),
                });
            }
        }
    }

    /// Checks that each side is a plan, pairs the units and settles ids.
    fn prepare(&mut self) -> Result<(), MergeError> {
        for s in [Side::Ours, Side::Theirs].into_iter().chain((!self.add_add).then_some(Side::Base)) {
            let rev = &mut self.sides[s as usize];
            if rev.piece(0)?.format() != Some("lansplan/1") {
                return Err(MergeError::NotAPlan { side: s });
            }
        }
        self.pair()?;
        ids::settle(self)
    }

    /// Pairs the units of the three revisions into things.
    fn pair(&mut self) -> Result<(), MergeError> {
        let mut things = Vec::new();
        // Where each unit of each side went.
        let mut of: [Vec<Option<usize>>; 3] = self.sides.each_ref().map(|r| vec![None; r.units.len()]);
        // The root and tables pair by their place.
        let mut by_key: HashMap<UnitKey, usize> = HashMap::new();
        for (s, rev) in self.sides.iter().enumerate() {
            if s == 0 && self.add_add {
                continue;
            }
            for (u, unit) in rev.units.iter().enumerate() {
                if matches!(unit.key, UnitKey::Entry(_)) {
                    continue;
                }
                let n = *by_key.entry(unit.key.clone()).or_insert_with(|| {
                    things.push(Thing { key: unit.key.clone(), at: [None; 3] });
                    things.len() - 1
                });
                if things[n].at[s].is_none() {
                    things[n].at[s] = Some(u);
                    of[s][u] = Some(n);
                }
            }
        }
        // Entries: every entry of the base is a thing.
        let entries = |rev: &Rev| -> Vec<usize> {
            (0..rev.units.len()).filter(|&u| matches!(rev.units[u].key, UnitKey::Entry(_))).collect()
        };
        let base_entries = if self.add_add { Vec::new() } else { entries(&self.sides[0]) };
        for &u in &base_entries {
            things.push(Thing { key: self.sides[0].units[u].key.clone(), at: [Some(u), None, None] });
            of[0][u] = Some(things.len() - 1);
        }
        // First by text: an entry written exactly alike is the same one.
        // Each side's pairing reads its whole text: the two side by side.
        let side_entries = [Vec::new(), entries(&self.sides[1]), entries(&self.sides[2])];
        let by_text_of = |s: usize| {
            pair_in_order(
                base_entries.iter().map(|&u| Some(Sampled(self.sides[0].unit_text(u)))),
                side_entries[s].iter().map(|&u| Some(Sampled(self.sides[s].unit_text(u)))),
            )
        };
        let (ours_by_text, theirs_by_text) = std::thread::scope(|scope| {
            let theirs = scope.spawn(|| by_text_of(2));
            (by_text_of(1), theirs.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        });
        // What pairs by id is parsed first, on two threads.
        let mut jobs = Vec::new();
        let mut paired_base = vec![[false; 3]; base_entries.len()];
        for (s, by_text) in [(1, &ours_by_text), (2, &theirs_by_text)] {
            for (k, p) in by_text.iter().enumerate() {
                match p {
                    Some(i) => paired_base[*i][s] = true,
                    None => jobs.push((s, side_entries[s][k])),
                }
            }
        }
        jobs.extend(base_entries.iter().zip(&paired_base).filter(|(_, p)| !(p[1] && p[2])).map(|(&u, _)| (0, u)));
        self.parse_all(&jobs)?;
        for (s, by_text) in [(1, ours_by_text), (2, theirs_by_text)] {
            let side_entries = &side_entries[s];
            let mut open_base: Vec<bool> = vec![true; base_entries.len()];
            let mut rest = Vec::new();
            for (k, p) in by_text.iter().enumerate() {
                match p {
                    Some(i) => {
                        open_base[*i] = false;
                        if let Some(n) = of[0][base_entries[*i]] {
                            things[n].at[s] = Some(side_entries[k]);
                            of[s][side_entries[k]] = Some(n);
                        }
                    }
                    None => rest.push(side_entries[k]),
                }
            }
            // Then by list and id.
            let mut base_ids = Vec::with_capacity(base_entries.len());
            for (i, &u) in base_entries.iter().enumerate() {
                base_ids.push(if open_base[i] {
                    self.sides[0].entry_id(u)?.map(|id| (self.key_list(0, u), id))
                } else {
                    None
                });
            }
            let mut side_ids = Vec::with_capacity(rest.len());
            for &u in &rest {
                side_ids.push(self.sides[s].entry_id(u)?.map(|id| (self.key_list(s, u), id)));
            }
            let by_id = pair_in_order(base_ids.iter().map(Option::as_ref), side_ids.iter().map(Option::as_ref));
            for (k, p) in by_id.iter().enumerate() {
                let u = rest[k];
                let n = match p.and_then(|i| of[0][base_entries[i]]) {
                    Some(n) => n,
                    None => {
                        things.push(Thing { key: self.sides[s].units[u].key.clone(), at: [None; 3] });
                        things.len() - 1
                    }
                };
                things[n].at[s] = Some(u);
                of[s][u] = Some(n);
            }
        }
        self.things = things;
        Ok(())
    }

    /// Parses the units `(side, unit)` not parsed yet, on two threads.
    fn parse_all(&mut self, jobs: &[(usize, usize)]) -> Result<(), MergeError> {
        let jobs: Vec<(usize, usize)> =
            jobs.iter().copied().filter(|&(s, u)| self.sides[s].pieces[u].is_none()).collect();
        let sides = &self.sides;
        let parse = |part: &[(usize, usize)]| -> Vec<(usize, usize, Result<Piece, Unreadable>)> {
            part.iter().map(|&(s, u)| (s, u, Piece::parse(sides[s].unit_text(u)))).collect()
        };
        let (first, second) = jobs.split_at(jobs.len() / 2);
        let (mut done, other) = std::thread::scope(|scope| {
            let other = scope.spawn(|| parse(second));
            (parse(first), other.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        });
        done.extend(other);
        for (s, u, piece) in done {
            let start = self.sides[s].units[u].range.start;
            let side = self.sides[s].side;
            let piece = piece.map_err(|Unreadable { offset, message }| MergeError::Unreadable {
                side,
                offset: start + offset,
                message,
            })?;
            self.sides[s].pieces[u] = Some(piece);
        }
        Ok(())
    }

    fn key_list(&self, s: usize, u: usize) -> String {
        match &self.sides[s].units[u].key {
            UnitKey::Entry(l) => l.clone(),
            _ => String::new(),
        }
    }

    /// Returns the current text of thing `n` on side `s`.
    fn text_of(&self, n: usize, s: usize) -> Option<std::borrow::Cow<'_, str>> {
        self.things[n].at[s].map(|u| self.sides[s].current(u))
    }

    /// Returns what becomes of thing `n`, from which sides have it and
    /// which equal the base.
    fn outcome(&self, n: usize) -> Outcome {
        let [b, o, t] = [0, 1, 2].map(|s| self.text_of(n, s));
        let eq = |x: &Option<std::borrow::Cow<'_, str>>, y: &Option<std::borrow::Cow<'_, str>>| x.is_some() && x == y;
        Outcome::of(b.is_some(), o.is_some(), t.is_some(), eq(&o, &b), eq(&t, &b), eq(&o, &t))
    }

    /// Builds the merged text from the things' outcomes.
    fn build(&mut self) -> Result<Built, MergeError> {
        let n = self.things.len();
        let mut outcomes: Vec<Outcome> = (0..n).map(|k| self.outcome(k)).collect();
        if !self.keep_nested.is_empty() {
            for (k, o) in outcomes.iter_mut().enumerate() {
                let [_, ours, theirs] = self.things[k].at;
                if self.things[k].key == UnitKey::Root && ours.is_some() && theirs.is_some() {
                    *o = Outcome::Merge;
                }
            }
        }
        let held = self.held_children(&outcomes)?;
        let mut conflicts = Vec::new();
        // Where each thing's text comes from, if it stays: a side's text as
        // it is, or one merged here.
        let mut srcs: Vec<Option<Src>> = Vec::with_capacity(n);
        let target = self.crlf;
        // By index: a removal settled below changes `outcomes[k]`.
        #[allow(clippy::needless_range_loop)]
        for k in 0..n {
            if self.things[k].key == UnitKey::End {
                // The comments after the last key: a side without them has
                // none there (they may have moved above a new item).
                let [b, o, t] = [0, 1, 2].map(|s| self.text_of(k, s).map(|t| t.into_owned()).unwrap_or_default());
                let end = crate::plan::doc::merge::merge_end(&b, &o, &line_endings(&t, target), &mut conflicts);
                srcs.push((!end.is_empty()).then_some(Src::Merged(end)));
                continue;
            }
            let src = match outcomes[k] {
                Outcome::Ours => Some(Src::Side(1)),
                Outcome::Theirs => Some(Src::Side(2)),
                Outcome::Merge => Some(Src::Merged(self.merge_thing(k, &mut conflicts)?)),
                Outcome::Removed => {
                    let survivor = if self.things[k].at[1].is_some() { 1 } else { 2 };
                    if let Some(used_by) = self.keep.get(&k).cloned() {
                        let reason = if survivor == 2 { Reason::OursRemovedUsed } else { Reason::TheirsRemovedUsed };
                        let mut c = MergeConflict::item(self.place(k)?, reason);
                        c.used_by = used_by;
                        conflicts.push(c);
                        Some(Src::Side(survivor))
                    } else if held.contains(&k) {
                        Some(Src::Side(survivor))
                    } else {
                        None
                    }
                }
                Outcome::OursRemoved => {
                    conflicts.push(MergeConflict::item(self.place(k)?, Reason::OursRemoved));
                    Some(Src::Side(2))
                }
                Outcome::TheirsRemoved => {
                    conflicts.push(MergeConflict::item(self.place(k)?, Reason::TheirsRemoved));
                    Some(Src::Side(1))
                }
            };
            let src = src.filter(|s| !matches!(s, Src::Side(side) if self.things[k].at[*side].is_none()));
            if src.is_none() {
                outcomes[k] = Outcome::Removed;
            }
            srcs.push(src);
        }
        // In which order: the root first and the end last, the rest as the
        // sides have it.
        let seq = |s: usize| -> Vec<usize> {
            let mut v: Vec<(usize, usize)> = (0..n).filter_map(|k| self.things[k].at[s].map(|u| (u, k))).collect();
            v.sort_unstable();
            v.into_iter().map(|(_, k)| k).collect()
        };
        let kept: Vec<bool> = srcs.iter().map(Option::is_some).collect();
        let merged_order = order(n, &seq(0), &seq(1), &seq(2), &kept);
        let (root, rest): (Vec<usize>, Vec<usize>) =
            merged_order.into_iter().partition(|&k| self.things[k].key == UnitKey::Root);
        let (end, rest): (Vec<usize>, Vec<usize>) = rest.into_iter().partition(|&k| self.things[k].key == UnitKey::End);
        let mut text = String::with_capacity(self.sides[1].text.len() + self.sides[2].text.len() / 8);
        let mut spans = Vec::with_capacity(n);
        let newline = if self.crlf { "\r\n" } else { "\n" };
        let mut end_at = None;
        for k in root.into_iter().chain(rest).chain(end) {
            let piece = match srcs[k].take() {
                Some(Src::Side(s)) => match self.text_of(k, s) {
                    // Ours is written as it is; the others in ours' line endings.
                    Some(t) if s == 1 => t,
                    Some(t) => line_endings(&t, target).into_owned().into(),
                    None => continue,
                },
                Some(Src::Merged(t)) => t.into(),
                None => continue,
            };
            if !text.is_empty() && !text.ends_with('\n') && !piece.is_empty() {
                text.push_str(newline);
            }
            let start = text.len();
            if self.things[k].key == UnitKey::End {
                end_at = Some(start);
            }
            text.push_str(&piece);
            spans.push((start..text.len(), k));
        }
        let end_at = end_at.unwrap_or(text.len());
        Ok(Built { text, conflicts, spans, outcomes, end_at })
    }

    /// Returns the place of thing `k` from the top of the file: a table's
    /// key path, or a list's key and an entry's id.
    fn place(&mut self, k: usize) -> Result<Vec<String>, MergeError> {
        Ok(match self.things[k].key.clone() {
            UnitKey::Root | UnitKey::End => Vec::new(),
            UnitKey::Table(path) => path,
            UnitKey::Entry(list) => {
                let mut id = None;
                for s in [1, 2, 0] {
                    if let Some(u) = self.things[k].at[s] {
                        id = self.sides[s].entry_id(u)?;
                        if id.is_some() {
                            break;
                        }
                    }
                }
                vec![list, id.unwrap_or_default()]
            }
        })
    }

    /// Merges a thing both sides changed.
    fn merge_thing(&mut self, k: usize, conflicts: &mut Vec<MergeConflict>) -> Result<String, MergeError> {
        let thing = self.things[k].clone();
        let [b, o, t] = thing.at;
        let (Some(o), Some(t)) = (o, t) else { return Ok(String::new()) };
        if let Some(b) = b {
            self.sides[0].piece(b)?;
        }
        self.sides[1].piece(o)?;
        self.sides[2].piece(t)?;
        let mut opts = Options { force: self.force.contains_key(&k), keep: self.keep_nested.clone() };
        let kept: Vec<(usize, Vec<String>)> = self.keep.iter().map(|(n, u)| (*n, u.clone())).collect();
        for (n, used_by) in kept {
            if let Some(list) = self.things[n].list().map(String::from) {
                let id = self.place(n)?.pop().unwrap_or_default();
                opts.keep.insert((list, id), used_by);
            }
        }
        let [base, ours, theirs] = &self.sides;
        let (Some(op), Some(tp)) = (ours.pieces[o].as_ref(), theirs.pieces[t].as_ref()) else {
            return Ok(String::new());
        };
        let bp = b.and_then(|b| base.pieces[b].as_ref());
        let first = conflicts.len();
        let merged = merge_pieces(&thing.key, bp, op, tp, &opts, conflicts);
        if let Some(rule) = self.force.get(&k) {
            for c in &mut conflicts[first..] {
                if c.reason == Reason::Invalid {
                    c.rule = Some(rule.clone());
                }
            }
        }
        Ok(line_endings(&merged.render(), self.crlf).into_owned())
    }

    /// Returns the things removed by one side that stay because the item
    /// they hang on stays in conflict (an activity of a goal they removed
    /// and we edited): removing the goal on resolving takes them along.
    fn held_children(&mut self, outcomes: &[Outcome]) -> Result<std::collections::HashSet<usize>, MergeError> {
        let mut held = std::collections::HashSet::new();
        // (kind, id) of items kept in conflict, and by whose removal.
        let mut parents: HashMap<(Kind, String), usize> = HashMap::new();
        for (k, o) in outcomes.iter().enumerate() {
            let remover = match o {
                Outcome::OursRemoved => 1,
                Outcome::TheirsRemoved => 2,
                _ => continue,
            };
            if let (Some(kind), Some(id)) = (self.things[k].list().and_then(Kind::from_key), self.place(k)?.pop()) {
                parents.insert((kind, id), remover);
            }
        }
        if parents.is_empty() {
            return Ok(held);
        }
        loop {
            let mut grew = false;
            for (k, o) in outcomes.iter().enumerate() {
                if *o != Outcome::Removed || held.contains(&k) {
                    continue;
                }
                let Some(list) = self.things[k].list().map(String::from) else { continue };
                let [_, ou, tu] = self.things[k].at;
                let (remover, survivor, u) = match (ou, tu) {
                    (None, Some(u)) => (1, 2, u),
                    (Some(u), None) => (2, 1, u),
                    _ => continue,
                };
                let ups = self.sides[survivor].piece(u)?.parents(&list);
                if ups.iter().any(|p| parents.get(p) == Some(&remover)) {
                    held.insert(k);
                    if let (Some(kind), Some(id)) = (Kind::from_key(&list), self.place(k)?.pop()) {
                        parents.insert((kind, id), remover);
                    }
                    grew = true;
                }
            }
            if !grew {
                return Ok(held);
            }
        }
    }
}

/// A unit's text as a key: equal when the texts are, hashed by their
/// length, head and tail only (a unit's head holds its id, so texts that
/// differ seldom share a hash; the whole text is compared when they do).
#[derive(PartialEq, Eq)]
struct Sampled<'a>(&'a str);

impl std::hash::Hash for Sampled<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let b = self.0.as_bytes();
        h.write_usize(b.len());
        h.write(&b[..b.len().min(96)]);
        h.write(&b[b.len().saturating_sub(32)..]);
    }
}

/// Where a thing's text in the result comes from.
enum Src {
    /// The side's text as it is (0 base, 1 ours, 2 theirs).
    Side(usize),
    /// A text merged here.
    Merged(String),
}

/// A merged text and how it was put together.
struct Built {
    text: String,
    conflicts: Vec<MergeConflict>,
    /// Where each thing's text lies in it.
    spans: Vec<(std::ops::Range<usize>, usize)>,
    outcomes: Vec<Outcome>,
    /// Where the comments at the end of the file start (records go before
    /// them, so that settling the last record keeps them).
    end_at: usize,
}

/// Returns `text` with its line endings made CR LF (`crlf`) or LF.
fn line_endings(text: &str, crlf: bool) -> std::borrow::Cow<'_, str> {
    let already = if crlf { !text.contains('\n') || is_crlf(text) } else { !text.contains('\r') };
    if already {
        return text.into();
    }
    let lf = text.replace("\r\n", "\n");
    (if crlf { lf.replace('\n', "\r\n") } else { lf }).into()
}

#[cfg(test)]
mod tests;
