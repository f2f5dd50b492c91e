//! The merge's scenario suite (issue #14).
//!
//! - Every pair of edits on the two sides, for each kind of item
//!   (parties, focus areas, commitments, goals, indicators with their
//!   measurements, activities) on the same item and on different ones,
//!   and for the plan and revision tables: edit, delete, add, rename,
//!   rename of the parent, move, unknown key, a comment added, the comment
//!   above an item changed, the comment after a value changed (and for
//!   indicators a measurement added or changed). Base:
//!   `tests/fixtures/merge-cases/base.toml`.
//! - A parent and its children on the two sides (a goal removed while an
//!   activity is added under it, a party renamed while it is named, …).
//! - Each asserts that nothing either side wrote is lost (it is in the
//!   plan, or in a conflict record), that a removal holds unless recorded,
//!   that a clean result passes `check` and a conflicted one fails only on
//!   its conflicts, and that the conflicts settle on either side into a
//!   plan that passes `check` (without what that side removed). One case in
//!   [`SAMPLE`] also runs through `lansplan merge`, which must write the same
//!   file and exit 1 exactly when there are conflicts.
//! - Every pair of text edits on a TOML file that is not a plan, which
//!   `lansplan merge` hands to `git merge-file`: both sides' keys survive.
//! - Case folders under `tests/fixtures/merge/`, run through
//!   the binary: `ours.toml`, `theirs.toml` and `base.toml` (or the shared
//!   `base.toml`), with the merged file in `expected.toml`, the messages in
//!   `expected.err` and the exit code in `exit`.
//!   `LANSPLAN_BLESS=1 cargo test --test it merge_cases` rewrites them;
//!   read every changed file before committing it.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{TODAY, TODAY_ARG, blessing, repo_path};
use lansplan::diff::merge::merge;
use lansplan::plan::doc::EditError;
use lansplan::plan::edit::Session;
use lansplan::plan::model::{Value, YearValue};
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Kind, load_str};

fn base() -> String {
    fs::read_to_string(repo_path("tests/fixtures/merge-cases/base.toml")).expect("base")
}

/// What one side does to the item (or table) it works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Sets the item's text field (a title or name).
    Edit,
    /// Removes the item, with what hangs on it, as the editor does.
    Delete,
    /// Adds an item of the same kind (under `home`).
    Add,
    /// Changes the item's id; references follow.
    Rename,
    /// Changes the id of the item's parent (its goal or focus area).
    RenameParent,
    /// Points the item at `away`; a party or focus area goes to the end of its list.
    Move,
    /// Adds a key the format does not know.
    Unknown,
    /// Adds a comment line above the text field.
    CommentAdd,
    /// Changes the comment above the item's header.
    CommentAbove,
    /// Changes the comment after the text field's value.
    CommentInline,
    /// Adds a measurement (ours and theirs for different years).
    MeasureAdd,
    /// Changes the value of an existing measurement.
    MeasureEdit,
}
use Op::*;

/// The ops that apply to a kind.
fn ops(kind: Kind) -> &'static [Op] {
    const TABLE: &[Op] = &[Edit, Unknown, CommentAdd, CommentAbove, CommentInline];
    const FREE: &[Op] = &[Edit, Delete, Add, Rename, Move, Unknown, CommentAdd, CommentAbove, CommentInline];
    const LINKED: &[Op] =
        &[Edit, Delete, Add, Rename, RenameParent, Move, Unknown, CommentAdd, CommentAbove, CommentInline];
    const INDICATOR: &[Op] = &[
        Edit,
        Delete,
        Add,
        Rename,
        RenameParent,
        Move,
        Unknown,
        CommentAdd,
        CommentAbove,
        CommentInline,
        MeasureAdd,
        MeasureEdit,
    ];
    match kind {
        Kind::Plan | Kind::Revision => TABLE,
        Kind::Party | Kind::FocusArea => FREE,
        Kind::Indicator => INDICATOR,
        Kind::Commitment | Kind::Goal | Kind::Activity => LINKED,
    }
}

/// The text field Edit sets (its value carries an inline comment in the
/// base), and the field that names the item's parent.
fn fields(kind: Kind) -> (&'static str, Option<&'static str>) {
    match kind {
        Kind::Plan => ("title", None),
        Kind::Revision => ("author", None),
        Kind::Party | Kind::FocusArea => ("name", None),
        Kind::Indicator => ("name", Some("goal")),
        Kind::Activity => ("title", Some("goal")),
        Kind::Goal | Kind::Commitment => ("title", Some("focus_area")),
    }
}

/// Where one side works: an item, or the plan or revision table (`id` "").
#[derive(Debug, Clone, Copy)]
struct On {
    kind: Kind,
    id: &'static str,
    /// The reference the op follows: the parent field, or `responsible`.
    link: Option<&'static str>,
    /// The parent an added item gets.
    home: &'static str,
    /// The parent a moved item gets.
    away: &'static str,
}

/// What one side did, and what of it must be found after the merge.
struct Side {
    text: String,
    /// Text that must be in the merged plan or in a conflict record.
    marks: Vec<String>,
    /// What this side removed (the item and what hung on it).
    removed: Vec<(Kind, String)>,
    /// The item this side pointed elsewhere: kind, id, field, target.
    moved: Option<(Kind, String, &'static str, String)>,
}

/// Returns the byte offset of `on`'s header in `text`.
fn header(text: &str, on: On) -> usize {
    let h = if on.kind.is_collection() {
        format!("[[{}]]\nid = \"{}\"\n", on.kind.key(), on.id)
    } else {
        format!("[{}]\n", on.kind.key())
    };
    text.find(&h).unwrap_or_else(|| panic!("no {h} in the base")) + h.len()
}

/// Replaces the first `from` at or after `at` with `to`.
fn replace_after(text: &mut String, at: usize, from: &str, to: &str) {
    let i = at + text[at..].find(from).unwrap_or_else(|| panic!("no {from}"));
    text.replace_range(i..i + from.len(), to);
}

/// Applies `op` to `on` on the base, as side `tag` ("vår" or "deras") would.
fn apply(base: &str, op: Op, on: On, tag: &str) -> Side {
    let s_ = if tag == "vår" { "o" } else { "t" };
    let mut s = Session::from_text(base.to_string(), TODAY).expect("base loads");
    let set = |s: &mut Session, p: &str, v: &str| {
        s.set(&FieldPath::parse(p).unwrap_or_else(|e| panic!("{p}: {e:?}")), v).unwrap_or_else(|e| panic!("{p}: {e:?}"))
    };
    let (key, id, kind) = (on.kind.key(), on.id, on.kind);
    let path =
        |field: &str| if kind.is_collection() { format!("{key}.{id}.{field}") } else { format!("{key}.{field}") };
    let (text_field, _) = fields(kind);
    let mut side = Side { text: String::new(), marks: Vec::new(), removed: Vec::new(), moved: None };
    match op {
        Edit => {
            let v = format!("Ny text ({tag})");
            set(&mut s, &path(text_field), &v);
            side.marks.push(format!("\"{v}\""));
        }
        Delete => side.removed = s.remove(kind, id, true).unwrap_or_else(|e| panic!("remove {id}: {e:?}")),
        Add => {
            let name = format!("Ny post ({tag})");
            let str = |v: &str| Value::Str(v.into());
            let under = |field: &str, default: &str| str(if on.link == Some(field) { on.home } else { default });
            let who = Value::List(vec![if on.link == Some("responsible") { on.home } else { "berg" }.into()]);
            let added = match kind {
                Kind::Party => s.add_as(kind, "ny".into(), vec![("name", str(&name)), ("kind", str("other"))]),
                Kind::FocusArea => s.add_as(kind, "ny".into(), vec![("name", str(&name))]),
                Kind::Commitment => s.add(
                    kind,
                    vec![
                        ("focus_area", under("focus_area", "coordination")),
                        ("title", str(&name)),
                        ("responsible", who),
                    ],
                ),
                Kind::Goal => s.add(
                    kind,
                    vec![
                        ("focus_area", under("focus_area", "coordination")),
                        ("level", str("output")),
                        ("title", str(&name)),
                        ("responsible", who),
                    ],
                ),
                Kind::Indicator => s.add(
                    kind,
                    vec![
                        ("goal", under("goal", "G2")),
                        ("name", str(&name)),
                        ("unit", str("st")),
                        ("direction", str("increase")),
                        ("baseline", Value::YearValue(YearValue { year: 2024, value: 3.0 })),
                    ],
                ),
                Kind::Activity => s.add(
                    kind,
                    vec![
                        ("goal", under("goal", "G2")),
                        ("title", str(&name)),
                        ("responsible", who),
                        ("status", str("planned")),
                    ],
                ),
                Kind::Plan | Kind::Revision => unreachable!("no {op:?} on {kind:?}"),
            };
            added.unwrap_or_else(|e| panic!("add {kind:?}: {e:?}"));
            side.marks.push(format!("\"{name}\""));
        }
        Rename => {
            let new = format!("{id}{s_}");
            set(&mut s, &path("id"), &new);
            side.marks.push(format!("\"{new}\""));
        }
        RenameParent => {
            let field = on.link.expect("a parent");
            let item = s.loaded().plan.find(kind, id).expect("item");
            let (parent, pkind) = (item.str(field).to_string(), parent_kind(field));
            set(&mut s, &format!("{}.{parent}.id", pkind.key()), &format!("{parent}{s_}"));
            side.marks.push(format!("\"{parent}{s_}\""));
        }
        Move => match on.link {
            Some("responsible") => {
                let item = s.loaded().plan.find(kind, id).expect("item");
                let list = [item.list("responsible"), &[on.away.to_string()]].concat().join(", ");
                set(&mut s, &path("responsible"), &list);
                side.moved = Some((kind, id.into(), "responsible", on.away.into()));
            }
            Some(field) => {
                set(&mut s, &path(field), on.away);
                side.moved = Some((kind, id.into(), field, on.away.into()));
            }
            None => {
                let last = s.loaded().plan.items(kind).len() - 1;
                s.reorder(kind, id, last).expect("reorder");
            }
        },
        Unknown | CommentAdd | CommentAbove | CommentInline | MeasureAdd | MeasureEdit => {}
    }
    let mut text = s.text().to_string();
    if matches!(op, Edit | Delete | Add | Rename | RenameParent | Move) {
        side.text = text;
        return side;
    }
    let at = header(&text, on);
    // `at` is the start of a line: the field's line is the first after it.
    let field_line = at + text[at - 1..].find(&format!("\n{text_field} = ")).expect("field");
    match op {
        Unknown => {
            let k = format!("note_{s_} = \"okänd nyckel ({tag})\"");
            text.insert_str(at, &format!("{k}\n"));
            side.marks.push(k);
        }
        CommentAdd => {
            let c = format!("# ny kommentar om {id} ({tag})");
            text.insert_str(field_line, &format!("{c}\n"));
            side.marks.push(c);
        }
        CommentAbove => {
            // The line above the header (the header's first line ends at `at`).
            let head = text[..at].rfind("\n[").expect("header") + 1;
            let above = text[..head - 1].rfind('\n').map_or(0, |i| i + 1);
            let c = format!("{}, ändrad ({tag})", &text[above..head - 1]);
            assert!(c.starts_with("# om "), "{c}");
            text.replace_range(above..head - 1, &c);
            side.marks.push(c);
        }
        CommentInline => {
            let end = field_line + text[field_line..].find('\n').expect("line end");
            let hash =
                field_line + text[field_line..end].find("# ").unwrap_or_else(|| panic!("no inline comment on {id}"));
            let c = format!("{}, ändrad ({tag})", &text[hash..end]);
            text.replace_range(hash..end, &c);
            side.marks.push(c);
        }
        MeasureAdd => {
            let (year, value) = if s_ == "o" { (2023, "21.25") } else { (2024, "21.75") };
            let open = at + text[at..].find("measurements = [").expect("measurements");
            let close = open + text[open..].find("]\n").expect("end of measurements");
            text.insert_str(close, &format!(", {{ year = {year}, value = {value} }}"));
            side.marks.push(value.into());
        }
        MeasureEdit => {
            let value = if s_ == "o" { "11.25" } else { "11.75" };
            let old = if id == "I1" { "year = 2021, value = 38.0" } else { "year = 2021, value = 15.0" };
            replace_after(&mut text, at, old, &format!("year = 2021, value = {value}"));
            side.marks.push(value.into());
        }
        Edit | Delete | Add | Rename | RenameParent | Move => unreachable!("done above"),
    }
    side.text = text;
    side
}

fn parent_kind(field: &str) -> Kind {
    match field {
        "goal" => Kind::Goal,
        "focus_area" => Kind::FocusArea,
        _ => Kind::Party,
    }
}

/// Returns true if `op` on the same item leaves that item changed, so
/// that the other side's removal of it must be recorded.
fn touches(op: Op, on: On) -> bool {
    !(matches!(op, Delete | Add) || op == Move && on.link.is_none())
}

/// Tallies of a run of cases.
#[derive(Default)]
struct Tally {
    cases: usize,
    conflicted: usize,
    /// Cases also run through the binary.
    run: usize,
    /// The cases that failed, with the last line of what they said.
    failed: Vec<String>,
}

impl Tally {
    /// Fails the test with every case that failed, one a line.
    fn assert_none_failed(&self) {
        assert!(
            self.failed.is_empty(),
            "{} of {} cases failed:\n{}",
            self.failed.len(),
            self.cases,
            self.failed.join("\n")
        );
    }
}

/// Merges one pair, asserts that nothing of either side is lost, that a
/// clean result passes `check`, and that every conflict can be settled
/// either way into a plan that passes `check`. Every `sample`th case also
/// runs through `lansplan merge`, which must write the same file and exit
/// 1 exactly when there are conflicts. `touched` names the item that
/// ours, then theirs, changed (for the other side's removal of it).
fn run_case(base: &str, ours: &Side, theirs: &Side, touched: [Option<(Kind, &str)>; 2], what: &str, tally: &mut Tally) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_case(base, ours, theirs, touched, what, tally);
    }));
    if let Err(e) = outcome {
        let msg = e.downcast_ref::<String>().cloned().unwrap_or_default();
        let last = msg.lines().last().unwrap_or("").to_string();
        tally.failed.push(format!("{what}: {last}"));
    }
}

fn check_case(
    base: &str,
    ours: &Side,
    theirs: &Side,
    touched: [Option<(Kind, &str)>; 2],
    what: &str,
    tally: &mut Tally,
) {
    let m = merge(base, &ours.text, &theirs.text, TODAY).unwrap_or_else(|e| panic!("{what}: {e:?}"));
    tally.cases += 1;
    let show = || format!("{what}:\n{}", m.text);
    let (body, records) = m.text.split_at(m.text.find("\n[[conflicts]]").unwrap_or(m.text.len()));
    for mark in ours.marks.iter().chain(&theirs.marks) {
        let escaped = mark.replace('"', "\\\"");
        let recorded = records.contains(mark.as_str()) || records.contains(&escaped);
        assert!(body.contains(mark.as_str()) || recorded, "{}\nlost {mark}", show());
    }
    assert_eq!(m.recorded.len(), m.conflicts.len(), "{}", show());
    let loaded = load_str(m.text.clone(), TODAY).unwrap_or_else(|e| panic!("{}\n{e:?}", show()));
    let errors: Vec<&str> = loaded.findings.iter().filter(|f| f.is_error()).map(|f| f.message.en.as_str()).collect();
    if m.conflicts.is_empty() {
        assert!(errors.is_empty(), "{}\na clean merge fails check: {errors:?}", show());
    } else {
        tally.conflicted += 1;
        let others: Vec<_> = errors.iter().filter(|e| !e.starts_with("unresolved conflict")).collect();
        assert!(others.is_empty(), "{}\nerrors besides the conflicts: {others:?}", show());
        for (theirs, removed) in [(false, &ours.removed), (true, &theirs.removed)] {
            settle(&m.text, theirs, removed, what);
        }
    }
    let find = |kind: Kind, id: &str| ["", "o", "t"].iter().find_map(|s| loaded.plan.find(kind, &format!("{id}{s}")));
    let recorded_at =
        |at: &[&str]| m.conflicts.iter().any(|c| c.at.len() >= at.len() && c.at.iter().zip(at).all(|(a, b)| a == b));
    // A move holds (to the target under its new id, if renamed), or is
    // recorded.
    for (kind, id, field, target) in ours.moved.iter().chain(&theirs.moved) {
        let holds = find(*kind, id).is_some_and(|i| match field {
            &"responsible" => i.list(field).iter().any(|p| p.starts_with(target.as_str())),
            _ => i.str(field).starts_with(target.as_str()),
        });
        assert!(holds || recorded_at(&[kind.key(), id]), "{}\nthe move of {id} is lost", show());
    }
    // What a side removed is gone, or back with a record of the removal;
    // when the other side worked on that very item, it is recorded.
    for (gone, touched) in [(&ours.removed, touched[1]), (&theirs.removed, touched[0])] {
        for (kind, id) in gone {
            let present = find(*kind, id).is_some();
            let recorded = m
                .conflicts
                .iter()
                .any(|c| c.at.len() == 2 && c.at[0] == kind.key() && c.at[1].starts_with(id.as_str()));
            // An item held with its recorded parent goes when the parent does.
            let held = find(*kind, id).is_some_and(|i| held_by_record(&loaded.plan, &m.conflicts, i));
            assert_eq!(present, recorded || held, "{}\n{id} present: {present}, recorded: {recorded}", show());
            if touched == Some((*kind, id.as_str())) {
                assert!(recorded, "{}\nthe removal of {id} is not recorded", show());
            }
        }
    }
    if tally.cases.is_multiple_of(SAMPLE) {
        tally.run += 1;
        let tmp = tempfile::tempdir().expect("tmp");
        for (f, t) in [("base.toml", base), ("ours.toml", &ours.text), ("theirs.toml", &theirs.text)] {
            fs::write(tmp.path().join(f), t).expect("write");
        }
        let out = lansplan(tmp.path(), &["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "out.toml"]);
        let code = i32::from(!m.conflicts.is_empty());
        assert_eq!(out.status.code(), Some(code), "{}\n{}", show(), String::from_utf8_lossy(&out.stderr));
        assert_eq!(fs::read_to_string(tmp.path().join("out.toml")).expect("out"), m.text, "{what}: the binary's file");
    }
}

/// One in this many cases also runs through the binary.
const SAMPLE: usize = 37;

/// Settles every conflict of a merged file on one side, as `lansplan
/// resolve --ours` or `--theirs` does; the result must pass `check`.
fn settle(text: &str, theirs: bool, removed: &[(Kind, String)], what: &str) {
    let side = if theirs { "theirs" } else { "ours" };
    let mut s = Session::from_text(text.to_string(), TODAY).expect("the merged file loads");
    let n = s.loaded().plan.conflicts.len();
    let settled = s
        .apply(|doc| {
            for i in (0..n).rev() {
                doc.resolve_conflict(i, theirs)?;
            }
            Ok(())
        })
        .map_err(|e| {
            // A party that is the only one responsible for an item the other
            // side added cannot leave it: that is said, naming the item.
            let only = matches!(&e, EditError::At { text, .. } if text.en.contains("is the only responsible party of"));
            (!only).then_some(e)
        });
    match settled {
        Err(None) => return,
        Err(Some(e)) => panic!("{what}:\n{text}\nsettling on {side} is refused: {e:?}"),
        Ok(()) => {}
    }
    let left: Vec<&str> = s.loaded().findings.iter().filter(|f| f.is_error()).map(|f| f.message.en.as_str()).collect();
    assert!(left.is_empty(), "{what}:\n{}\nsettled on {side}, check fails: {left:?}", s.text());
    // Taking the side that removed something removes it.
    let plan = &s.loaded().plan;
    for (kind, id) in removed {
        let back = ["", "o", "t"].iter().any(|x| plan.find(*kind, &format!("{id}{x}")).is_some());
        assert!(!back, "{what}:\n{}\nsettled on {side}, {id} which {side} removed is there", s.text());
    }
}

/// Returns true if `item` hangs (through its goal or focus area) on an
/// item whose removal is recorded.
fn held_by_record(
    plan: &lansplan::plan::model::Plan,
    conflicts: &[lansplan::plan::doc::merge::MergeConflict],
    item: &lansplan::plan::model::Item,
) -> bool {
    let mut cur = item;
    for _ in 0..3 {
        let Some(field) = fields(cur.kind).1 else { return false };
        let (pk, pid) = (parent_kind(field), cur.str(field));
        if conflicts.iter().any(|c| c.at.len() == 2 && c.at[0] == pk.key() && c.at[1] == pid) {
            return true;
        }
        match plan.find(pk, pid) {
            Some(p) => cur = p,
            None => return false,
        }
    }
    false
}

/// The item each kind's pairing works on (ours' and theirs' in the
/// pairing on different items).
const SUBJECTS: [(Kind, &str, &str); 6] = [
    (Kind::Party, "polis", "region"),
    (Kind::FocusArea, "early-detection", "coordination"),
    (Kind::Commitment, "C1", "C2"),
    (Kind::Goal, "G1", "G2"),
    (Kind::Indicator, "I1", "I2"),
    (Kind::Activity, "A1", "A2"),
];

/// Returns `id`'s place for a side: its parent is home, the other
/// item's parent is where a move takes it.
fn on(base: &lansplan::plan::model::Plan, kind: Kind, id: &'static str, other: &'static str) -> On {
    let (_, link) = fields(kind);
    let parent = |id: &str| -> &'static str {
        let p = link.and_then(|f| base.find(kind, id).map(|i| i.str(f).to_string())).unwrap_or_default();
        Box::leak(p.into_boxed_str())
    };
    On { kind, id, link, home: parent(id), away: parent(other) }
}

/// Runs every pair of `kind`'s ops, on the same item and on different ones.
fn pair_kind(kind: Kind, x: &'static str, y: &'static str, tally: &mut Tally) {
    let base = base();
    let plan = load_str(base.clone(), TODAY).expect("base").plan;
    for same in [true, false] {
        let o = on(&plan, kind, x, y);
        let t = if same { o } else { on(&plan, kind, y, x) };
        let ours: Vec<Side> = ops(kind).iter().map(|&a| apply(&base, a, o, "vår")).collect();
        let theirs: Vec<Side> = ops(kind).iter().map(|&b| apply(&base, b, t, "deras")).collect();
        for (&a, ours) in ops(kind).iter().zip(&ours) {
            for (&b, theirs) in ops(kind).iter().zip(&theirs) {
                let what = format!("ours {a:?} on {kind:?} {}, theirs {b:?} on {}", o.id, t.id);
                let touched =
                    [(same && touches(a, o)).then_some((kind, x)), (same && touches(b, t)).then_some((kind, x))];
                run_case(&base, ours, theirs, touched, &what, tally);
            }
        }
    }
}

/// Runs one kind's pairing and checks its tallies.
fn pair_kind_checked(kind: Kind) {
    let (_, x, y) = SUBJECTS.into_iter().find(|s| s.0 == kind).expect("a subject");
    let mut tally = Tally::default();
    pair_kind(kind, x, y, &mut tally);
    tally.assert_none_failed();
    assert_eq!(tally.cases, 2 * ops(kind).len() * ops(kind).len());
    assert!(
        tally.conflicted > 0 && tally.conflicted < tally.cases / 2,
        "{} of {} conflicted",
        tally.conflicted,
        tally.cases
    );
}

// One test per kind, so that they run side by side.
#[test]
fn every_pair_of_edits_on_parties_loses_nothing() {
    pair_kind_checked(Kind::Party);
}

#[test]
fn every_pair_of_edits_on_focus_areas_loses_nothing() {
    pair_kind_checked(Kind::FocusArea);
}

#[test]
fn every_pair_of_edits_on_commitments_loses_nothing() {
    pair_kind_checked(Kind::Commitment);
}

#[test]
fn every_pair_of_edits_on_goals_loses_nothing() {
    pair_kind_checked(Kind::Goal);
}

#[test]
fn every_pair_of_edits_on_indicators_and_measurements_loses_nothing() {
    pair_kind_checked(Kind::Indicator);
}

#[test]
fn every_pair_of_edits_on_activities_loses_nothing() {
    pair_kind_checked(Kind::Activity);
}

#[test]
fn every_pair_of_edits_on_the_plan_and_revision_loses_nothing() {
    let base = base();
    let mut tally = Tally::default();
    let table = |kind| On { kind, id: "", link: None, home: "", away: "" };
    for (o, t) in [(Kind::Plan, Kind::Plan), (Kind::Revision, Kind::Revision), (Kind::Plan, Kind::Revision)] {
        for &a in ops(o) {
            for &b in ops(t) {
                let (ours, theirs) = (apply(&base, a, table(o), "vår"), apply(&base, b, table(t), "deras"));
                let what = format!("ours {a:?} on {o:?}, theirs {b:?} on {t:?}");
                run_case(&base, &ours, &theirs, [None, None], &what, &mut tally);
            }
        }
    }
    tally.assert_none_failed();
    assert_eq!(tally.cases, 3 * 25);
    assert!(tally.conflicted > 0, "{} of {} conflicted", tally.conflicted, tally.cases);
}

/// A parent and a child kind that refers to it: the parent, the child
/// under it, a child elsewhere, and the field that refers.
const LINKS: [(Kind, &str, Kind, &str, &str, &str); 6] = [
    (Kind::FocusArea, "early-detection", Kind::Goal, "G1", "G2", "focus_area"),
    (Kind::FocusArea, "early-detection", Kind::Commitment, "C1", "C2", "focus_area"),
    (Kind::Goal, "G1", Kind::Indicator, "I1", "I2", "goal"),
    (Kind::Goal, "G1", Kind::Activity, "A1", "A2", "goal"),
    (Kind::Party, "polis", Kind::Activity, "A1", "A2", "responsible"),
    (Kind::Party, "polis", Kind::Commitment, "C1", "C2", "responsible"),
];

#[test]
fn a_parent_and_its_children_edited_on_the_two_sides_lose_nothing() {
    let base = base();
    let mut tally = Tally::default();
    for (pk, p, ck, under, elsewhere, field) in LINKS {
        let parent = On { kind: pk, id: p, link: None, home: "", away: "" };
        for pop in [Delete, Rename, Edit] {
            for cop in [Add, Move, Edit, Delete] {
                let child = On {
                    kind: ck,
                    id: if cop == Move { elsewhere } else { under },
                    link: Some(field),
                    home: p,
                    away: p,
                };
                for parent_is_ours in [true, false] {
                    let (ours_on, ours_op, theirs_on, theirs_op) =
                        if parent_is_ours { (parent, pop, child, cop) } else { (child, cop, parent, pop) };
                    let ours = apply(&base, ours_op, ours_on, "vår");
                    let theirs = apply(&base, theirs_op, theirs_on, "deras");
                    let what = format!("ours {ours_op:?} on {}, theirs {theirs_op:?} on {}", ours_on.id, theirs_on.id);
                    // The parent's removal takes the child under it along.
                    let worked = |op: Op, on: On| touches(op, on).then_some((on.kind, on.id));
                    run_case(
                        &base,
                        &ours,
                        &theirs,
                        [worked(ours_op, ours_on), worked(theirs_op, theirs_on)],
                        &what,
                        &mut tally,
                    );
                }
            }
        }
    }
    tally.assert_none_failed();
    assert_eq!(tally.cases, LINKS.len() * 3 * 4 * 2);
    assert!(tally.conflicted > 0, "{} of {} conflicted", tally.conflicted, tally.cases);
}
fn lansplan(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lansplan"))
        .args(args)
        .current_dir(dir)
        .env("LANSPLAN_TODAY", TODAY_ARG)
        .env("LANG", "sv_SE.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run lansplan")
}

#[test]
fn fixture_cases() {
    let root = repo_path("tests/fixtures/merge");
    let mut dirs: Vec<_> =
        fs::read_dir(&root).expect("cases").map(|e| e.expect("entry").path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 15, "{} cases", dirs.len());
    for dir in dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        let tmp = tempfile::tempdir().expect("tmp");
        let base = if dir.join("base.toml").exists() { dir.join("base.toml") } else { root.join("base.toml") };
        fs::copy(&base, tmp.path().join("base.toml")).expect("base");
        for f in ["ours.toml", "theirs.toml"] {
            fs::copy(dir.join(f), tmp.path().join(f)).expect("side");
        }
        let out = lansplan(tmp.path(), &["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "out.toml"]);
        let merged = fs::read_to_string(tmp.path().join("out.toml")).unwrap_or_default();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let code = out.status.code().unwrap_or(-1).to_string();
        if blessing() {
            fs::write(dir.join("expected.toml"), &merged).expect("bless");
            fs::write(dir.join("expected.err"), &err).expect("bless");
            fs::write(dir.join("exit"), format!("{code}\n")).expect("bless");
            continue;
        }
        let want = |f: &str| fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{name}/{f}: {e}"));
        assert_eq!(merged, want("expected.toml"), "{name}: merged file");
        assert_eq!(err, want("expected.err"), "{name}: messages");
        assert_eq!(code, want("exit").trim(), "{name}: exit code");
        // A plan merged cleanly passes check; with conflicts, check fails on them.
        if lansplan::diff::merge::is_plan(&merged) {
            let check = lansplan(tmp.path(), &["check", "out.toml"]);
            let want_check = if code == "0" { 0 } else { 1 };
            assert_eq!(check.status.code(), Some(want_check), "{name}: {}", String::from_utf8_lossy(&check.stdout));
        }
    }
}

/// Issue #14: ours removed goal G2 (with its activities) while theirs
/// added activity A4 under it; `resolve --ours` was refused ("löste 0 konflikter, 1 kvar"). Taking
/// ours now removes the goal with what hangs on it, naming each item.
#[test]
fn resolve_ours_removes_the_goal_and_names_their_activity_under_it() {
    let case = repo_path("tests/fixtures/merge/goal-removed-while-they-add-under-it");
    for theirs in [false, true] {
        let tmp = tempfile::tempdir().expect("tmp");
        fs::copy(repo_path("tests/fixtures/merge/base.toml"), tmp.path().join("base.toml")).expect("base");
        for f in ["ours.toml", "theirs.toml"] {
            fs::copy(case.join(f), tmp.path().join(f)).expect("side");
        }
        let merged = lansplan(tmp.path(), &["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "out.toml"]);
        assert_eq!(merged.status.code(), Some(1), "a conflict");
        let side = if theirs { "--theirs" } else { "--ours" };
        let out = lansplan(tmp.path(), &["resolve", "out.toml", side]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{side}: {err}");
        assert!(err.contains("löste 1 konflikt, 0 kvar"), "{side}: {err}");
        let plan = load_str(fs::read_to_string(tmp.path().join("out.toml")).expect("out"), TODAY).expect("loads").plan;
        let (g2, a4) = (plan.find(Kind::Goal, "G2").is_some(), plan.find(Kind::Activity, "A4").is_some());
        assert_eq!((g2, a4), (theirs, theirs), "{side}");
        assert!(plan.find(Kind::Activity, "A1").is_some(), "{side}: A1 hangs on G1");
        if !theirs {
            assert!(err.contains("out.toml: togs bort: mål G2, aktivitet A4\n"), "{err}");
        }
        let check = lansplan(tmp.path(), &["check", "out.toml"]);
        assert_eq!(check.status.code(), Some(0), "{side}: {}", String::from_utf8_lossy(&check.stdout));
    }
}

/// A TOML file that is not a plan, for the pairing merged by git's text merge.
const NOT_A_PLAN: &str = "# inställningar för verktyget
[server]
name = \"berg\"   # värdens namn
port = 8080

[logging]
level = \"info\"
file = \"log.txt\"
rotate = true

[clients]
size = 1   # antal klienter
timeout = 30
";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextOp {
    Edit,
    Delete,
    Add,
    Rename,
    Move,
    CommentChange,
    CommentAdd,
}

/// Applies `op` to the table `table` of [`NOT_A_PLAN`] (its first key,
/// with an inline comment, and its second); returns the text, what must
/// survive, and the key that must be gone from a clean result.
fn apply_text(op: TextOp, table: &str, tag: &str) -> (String, Vec<String>, Option<String>) {
    let s = if tag == "vår" { "o" } else { "t" };
    let (first, second) = if table == "server" { ("name", "port") } else { ("size", "timeout") };
    let mut lines: Vec<String> = NOT_A_PLAN.lines().map(String::from).collect();
    let at = |lines: &[String], key: &str| {
        let head = lines.iter().position(|l| *l == format!("[{table}]")).expect("table");
        head + lines[head..].iter().position(|l| l.starts_with(&format!("{key} = "))).expect("key")
    };
    let (i, j) = (at(&lines, first), at(&lines, second));
    let (mut marks, mut gone) = (Vec::new(), None);
    match op {
        TextOp::Edit => {
            let comment = lines[i].split_once("   #").map(|(_, c)| c.to_string()).unwrap_or_default();
            lines[i] = format!("{first} = \"ny ({tag})\"   #{comment}");
            marks.push(format!("{first} = \"ny ({tag})\""));
        }
        TextOp::Delete => {
            lines.remove(j);
            gone = Some(second.to_string());
        }
        TextOp::Add => {
            lines.insert(j + 1, format!("added_{s} = \"ny nyckel ({tag})\""));
            marks.push(format!("added_{s} = \"ny nyckel ({tag})\""));
        }
        TextOp::Rename => {
            lines[j] = lines[j].replacen(second, &format!("{second}_{s}"), 1);
            marks.push(format!("{second}_{s} = "));
            gone = Some(second.to_string());
        }
        TextOp::Move => {
            let line = lines.remove(j);
            let rotate = lines.iter().position(|l| l == "rotate = true").expect("rotate");
            lines.insert(rotate + 1, format!("{table}_{line}"));
            marks.push(format!("{table}_{line}"));
            gone = Some(second.to_string());
        }
        TextOp::CommentChange => {
            lines[i] = format!("{} ({tag})", lines[i]);
            marks.push(lines[i].clone());
        }
        TextOp::CommentAdd => {
            lines.insert(j, format!("# ny kommentar ({tag})"));
            marks.push(format!("# ny kommentar ({tag})"));
        }
    }
    (lines.join("\n") + "\n", marks, gone)
}

/// Every pair of edits to a TOML file that is not a plan, on the same table
/// and on tables apart: `lansplan merge` hands it to git's text merge, and
/// both sides' keys and comments survive, in the file or between conflict
/// markers (then exit 1); a clean result is TOML with each side's keys.
#[test]
fn every_pair_of_edits_on_a_toml_file_that_is_not_a_plan_loses_nothing() {
    use TextOp as T;
    const OPS: [TextOp; 7] = [T::Edit, T::Delete, T::Add, T::Rename, T::Move, T::CommentChange, T::CommentAdd];
    let (mut cases, mut conflicted) = (0, 0);
    for same in [true, false] {
        for a in OPS {
            for b in OPS {
                let what = format!("ours {a:?}, theirs {b:?} on {}", if same { "one table" } else { "two tables" });
                let (ours, o_marks, o_gone) = apply_text(a, "server", "vår");
                let (theirs, t_marks, t_gone) = apply_text(b, if same { "server" } else { "clients" }, "deras");
                let tmp = tempfile::tempdir().expect("tmp");
                for (f, t) in [("base.toml", NOT_A_PLAN), ("ours.toml", &ours), ("theirs.toml", &theirs)] {
                    fs::write(tmp.path().join(f), t).expect("write");
                }
                let out = lansplan(tmp.path(), &["merge", "base.toml", "ours.toml", "theirs.toml", "-o", "out.toml"]);
                let merged = fs::read_to_string(tmp.path().join("out.toml")).expect("out");
                let err = String::from_utf8_lossy(&out.stderr);
                cases += 1;
                // Two sides alike need no merge at all.
                assert!(ours == theirs || err.contains("slås ihop som text av git merge-file"), "{what}: {err}");
                for mark in o_marks.iter().chain(&t_marks) {
                    assert!(merged.contains(mark.as_str()), "{what}: lost {mark}:\n{merged}");
                }
                let markers = merged.contains("<<<<<<< ours") && merged.contains(">>>>>>> theirs");
                assert_eq!(out.status.code(), Some(i32::from(markers)), "{what}: {err}\n{merged}");
                if markers {
                    // Tables apart merge cleanly unless a move lands beside the other side's.
                    assert!(same || a == T::Move || b == T::Move, "{what}: a conflict on tables apart:\n{merged}");
                    conflicted += 1;
                    continue;
                }
                let doc: toml::Table = merged.parse().unwrap_or_else(|e| panic!("{what}: not TOML: {e}\n{merged}"));
                for (table, gone) in [("server", &o_gone), (if same { "server" } else { "clients" }, &t_gone)] {
                    if let Some(key) = gone {
                        assert!(doc[table].get(key).is_none(), "{what}: {table}.{key} is back:\n{merged}");
                    }
                }
            }
        }
    }
    assert_eq!(cases, 2 * OPS.len() * OPS.len());
    assert!(conflicted > 0 && conflicted < cases, "{conflicted} of {cases} conflicted");
}
