//! Ids a merge settles before it merges units: an item one side renamed
//! (the other side's references to the old id follow it), and items both
//! sides added under one id (theirs gets a fresh one, and their references
//! to it follow).

use std::collections::{HashMap, HashSet};

use super::{Merge, MergeError, Note, Side, Thing};
use crate::plan::doc::units::UnitKey;
use crate::plan::schema::Kind;

/// Settles renames, then ids added on both sides.
pub(super) fn settle(m: &mut Merge<'_>) -> Result<(), MergeError> {
    let mut absorbed = HashSet::new();
    let mut maps = Vec::new();
    let mut renamed = HashSet::new();
    for s in [1, 2] {
        let map = renames(m, s, &mut absorbed, &mut renamed)?;
        if !map.is_empty() {
            rewrite(m, 3 - s, &map)?;
        }
        maps.push(map);
    }
    // Renamed differently on both sides: the id is a conflict, and the file
    // holds ours, so their references to their new id follow ours.
    let both: HashMap<(Kind, String), String> = maps[1]
        .iter()
        .filter_map(|((kind, old), theirs)| {
            let ours = maps[0].get(&(*kind, old.clone()))?;
            (ours != theirs).then(|| ((*kind, theirs.clone()), ours.clone()))
        })
        .collect();
    if !both.is_empty() {
        rewrite(m, 2, &both)?;
    }
    drop_absorbed(m, &absorbed);
    let mut absorbed = HashSet::new();
    let map = collisions(m, &renamed, &mut absorbed)?;
    drop_absorbed(m, &absorbed);
    if !map.is_empty() {
        rewrite(m, 2, &map)?;
    }
    Ok(())
}

/// Empties the things joined into others (their numbers stay, so that
/// other sets of things keep meaning the same).
fn drop_absorbed(m: &mut Merge<'_>, absorbed: &HashSet<usize>) {
    for &k in absorbed {
        m.things[k].at = [None; 3];
    }
}

/// Finds the items side `s` renamed: removed there, with an entry added
/// there that is the same in everything but its id (and unique so).
/// Joins each pair into one thing; returns old id to new by kind.
fn renames(
    m: &mut Merge<'_>,
    s: usize,
    absorbed: &mut HashSet<usize>,
    renamed: &mut HashSet<usize>,
) -> Result<HashMap<(Kind, String), String>, MergeError> {
    let other = 3 - s;
    let removed: Vec<usize> = entries(m, |t| t.at[0].is_some() && t.at[s].is_none());
    let added: Vec<usize> = entries(m, |t| t.at[0].is_none() && t.at[s].is_some() && t.at[other].is_none());
    let mut map = HashMap::new();
    if removed.is_empty() || added.is_empty() {
        return Ok(map);
    }
    let mut by_meaning: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for &k in &added {
        if let (Some(list), Some(u)) = (m.things[k].list().map(String::from), m.things[k].at[s])
            && let Some(meaning) = m.sides[s].piece(u)?.meaning(&list, false)
        {
            by_meaning.entry((list, meaning)).or_default().push(k);
        }
    }
    let mut removed_meanings: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for &k in &removed {
        if let (Some(list), Some(u)) = (m.things[k].list().map(String::from), m.things[k].at[0])
            && let Some(meaning) = m.sides[0].piece(u)?.meaning(&list, false)
        {
            removed_meanings.entry((list, meaning)).or_default().push(k);
        }
    }
    for (key, gone) in removed_meanings {
        let (Some(new), [old]) = (by_meaning.get(&key).filter(|v| v.len() == 1), gone.as_slice()) else { continue };
        let (old, new) = (*old, new[0]);
        let (Some(bu), Some(su)) = (m.things[old].at[0], m.things[new].at[s]) else { continue };
        let (Some(old_id), Some(new_id)) = (m.sides[0].entry_id(bu)?, m.sides[s].entry_id(su)?) else { continue };
        m.things[old].at[s] = Some(su);
        absorbed.insert(new);
        renamed.insert(old);
        let list = key.0;
        if let Some(kind) = Kind::from_key(&list).filter(|k| k.is_collection()) {
            map.insert((kind, old_id.clone()), new_id.clone());
        }
        let by = if s == 1 { Side::Ours } else { Side::Theirs };
        m.notes.push(Note::Renamed { list, old: old_id, new: new_id, by });
    }
    Ok(map)
}

/// Returns the entry things that `keep` holds.
fn entries(m: &Merge<'_>, keep: impl Fn(&Thing) -> bool) -> Vec<usize> {
    (0..m.things.len()).filter(|&k| matches!(m.things[k].key, UnitKey::Entry(_)) && keep(&m.things[k])).collect()
}

/// Gives their items a fresh id where both sides brought in the same id
/// for different items (an item both added alike is one item). Returns
/// their old id to the new by kind.
fn collisions(
    m: &mut Merge<'_>,
    renamed: &HashSet<usize>,
    absorbed: &mut HashSet<usize>,
) -> Result<HashMap<(Kind, String), String>, MergeError> {
    // The ids each side brought in: added, or renamed to. (An entry paired
    // with the base's, by text or by id, has the base's id.)
    let mut brought: [HashMap<(String, String), usize>; 3] = Default::default();
    for s in [1, 2] {
        for k in entries(m, |t| t.at[s].is_some()) {
            if m.things[k].at[0].is_some() && !renamed.contains(&k) {
                continue;
            }
            let Some(list) = m.things[k].list().map(String::from) else { continue };
            let Some(id) = m.sides[s].entry_id(m.things[k].at[s].unwrap_or(0))? else { continue };
            let base_id = match m.things[k].at[0] {
                Some(b) => m.sides[0].entry_id(b)?,
                None => None,
            };
            if base_id.as_deref() != Some(id.as_str()) {
                brought[s].insert((list, id), k);
            }
        }
    }
    let mut map = HashMap::new();
    let mut fresh = Fresh::default();
    let mut clashes: Vec<((String, String), usize, usize)> =
        brought[2].iter().filter_map(|(key, &k)| brought[1].get(key).map(|&o| (key.clone(), o, k))).collect();
    clashes.sort();
    for ((list, id), o, t) in clashes {
        if o == t {
            continue;
        }
        let (Some(ou), Some(tu)) = (m.things[o].at[1], m.things[t].at[2]) else { continue };
        let alike = m.sides[1].piece(ou)?.meaning(&list, true) == m.sides[2].piece(tu)?.meaning(&list, true);
        if alike && m.things[o].at[2].is_none() && m.things[t].at[1].is_none() && m.things[o].at[0].is_none() {
            // Added alike on both sides: one item.
            m.things[o].at[2] = Some(tu);
            absorbed.insert(t);
            continue;
        }
        let fresh = fresh.id(m, &id);
        m.sides[2].piece(tu)?.set_id(&list, &fresh);
        m.sides[2].edited[tu] = true;
        if let Some(kind) = Kind::from_key(&list).filter(|k| k.is_collection()) {
            map.insert((kind, id.clone()), fresh.clone());
        }
        m.notes.push(Note::Renumbered { list, old: id, new: fresh });
    }
    Ok(map)
}

/// Fresh ids given so far, and the highest number in use per prefix
/// (found once: each search reads all three texts).
#[derive(Default)]
struct Fresh {
    given: HashSet<String>,
    highest: HashMap<String, u64>,
}

impl Fresh {
    /// Returns an id like `id` that no revision uses: the next number
    /// after the highest with the same prefix (`A31` → `A32` or later), or
    /// `id-2`, `id-3`, … for an id without a number.
    fn id(&mut self, m: &Merge<'_>, id: &str) -> String {
        let stem = id.trim_end_matches(|c: char| c.is_ascii_digit());
        let fresh = if stem.len() < id.len() {
            // Above every number written after the prefix, so in no revision.
            let next = self.highest.entry(stem.to_string()).or_insert_with(|| highest(m, stem));
            *next += 1;
            format!("{stem}{next}")
        } else {
            let used = |cand: &str| {
                self.given.contains(cand)
                    || m.sides
                        .iter()
                        .any(|r| r.text.contains(&format!("\"{cand}\"")) || r.text.contains(&format!("'{cand}'")))
            };
            let mut k = 2u64;
            while used(&format!("{id}-{k}")) {
                k += 1;
            }
            format!("{id}-{k}")
        };
        self.given.insert(fresh.clone());
        fresh
    }
}

/// Returns the highest number written in any revision as a string
/// `"STEM<digits>"` (0 when there is none).
fn highest(m: &Merge<'_>, stem: &str) -> u64 {
    let mut max = 0;
    for rev in &m.sides {
        for quote in ['"', '\''] {
            let open = format!("{quote}{stem}");
            for (at, _) in rev.text.match_indices(&open) {
                let rest = &rev.text[at + open.len()..];
                let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                if digits > 0
                    && rest[digits..].starts_with(quote)
                    && let Ok(n) = rest[..digits].parse::<u64>()
                {
                    max = max.max(n);
                }
            }
        }
    }
    max
}

/// Changes the references to renamed or renumbered items in the entries
/// side `s` wrote differently from the base (its entries written as in
/// the base are merged from the other side where that one changed them).
fn rewrite(m: &mut Merge<'_>, s: usize, map: &HashMap<(Kind, String), String>) -> Result<(), MergeError> {
    for k in 0..m.things.len() {
        let Some(list) = m.things[k].list().map(String::from) else { continue };
        let Some(u) = m.things[k].at[s] else { continue };
        if let Some(b) = m.things[k].at[0]
            && m.sides[0].unit_text(b) == m.sides[s].unit_text(u)
        {
            continue;
        }
        if m.sides[s].piece(u)?.rewrite_refs(&list, map) {
            m.sides[s].edited[u] = true;
        }
    }
    Ok(())
}
