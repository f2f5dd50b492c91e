//! Lists inside a unit: lists of tables by their entries' keys (an id, or a
//! measurement's year, area and sex), and lists of party ids as sets.

use toml_edit::{Array, ArrayOfTables, Item, TableLike, Value};

use super::{Dest, Here, MergeConflict, Merger, Reason, collection, same, unposition};
use crate::plan::doc::encode::insert_like_neighbours;
use crate::plan::pairing::pair_in_order;
use crate::plan::schema::{Field, FieldType, Kind};
use crate::plan::threeway::{Outcome, order};

/// How the entries of a list are told apart.
#[derive(Debug, Clone, Copy)]
enum Keying {
    /// By `id`; the entries hold this kind's fields (if the format knows it).
    Id(Option<Kind>),
    /// By year, area and sex; each entry is one value.
    Measurement,
    /// By everything written: entries are only added or removed.
    Whole,
}

/// The entries of a list of tables, written as `[[…]]` or inline.
#[derive(Clone, Copy)]
enum Entries<'a> {
    Tables(&'a ArrayOfTables),
    Values(&'a Array),
}

impl<'a> Entries<'a> {
    fn of(item: &'a Item) -> Option<Entries<'a>> {
        match item {
            Item::ArrayOfTables(a) => Some(Entries::Tables(a)),
            Item::Value(Value::Array(a)) if a.iter().all(Value::is_inline_table) => Some(Entries::Values(a)),
            _ => None,
        }
    }

    fn len(self) -> usize {
        match self {
            Entries::Tables(a) => a.len(),
            Entries::Values(a) => a.len(),
        }
    }

    fn get(self, i: usize) -> Option<&'a dyn TableLike> {
        match self {
            Entries::Tables(a) => a.get(i).map(|t| t as &dyn TableLike),
            Entries::Values(a) => a.get(i)?.as_inline_table().map(|t| t as &dyn TableLike),
        }
    }

    /// Returns entry `i` as an item of its own.
    fn item(self, i: usize) -> Option<Item> {
        match self {
            Entries::Tables(a) => a.get(i).map(|t| Item::Table(t.clone())),
            Entries::Values(a) => a.get(i).map(|v| Item::Value(v.clone())),
        }
    }

    fn written(self, i: usize) -> String {
        let mut out = String::new();
        if let Some(item) = self.item(i) {
            same::write_item(&mut out, &item);
        }
        out
    }

    fn same_form(self, other: Entries<'_>) -> bool {
        matches!((self, other), (Entries::Tables(_), Entries::Tables(_)) | (Entries::Values(_), Entries::Values(_)))
    }
}

/// Returns how the entries of list `k` are told apart, or `None` for a
/// list that merges as one value.
fn keying(here: &Here, k: &str, field: Option<&Field>) -> Option<Keying> {
    if here.at.is_empty() {
        return Some(match collection(k) {
            Some(kind) => Keying::Id(Some(kind)),
            None if k == "conflicts" => Keying::Whole,
            None => Keying::Id(None),
        });
    }
    match field.map(|f| &f.ty) {
        Some(FieldType::Measurements) => Some(Keying::Measurement),
        Some(_) => None,
        None => Some(Keying::Id(None)),
    }
}

fn key_of(keying: Keying, e: &dyn TableLike) -> Option<String> {
    match keying {
        Keying::Id(_) => e.get("id")?.as_str().map(String::from),
        Keying::Measurement => {
            let year = e.get("year")?.as_integer()?;
            let text = |k: &str, default: &'static str| e.get(k).and_then(Item::as_str).unwrap_or(default).to_string();
            Some(format!("{year}\u{0}{}\u{0}{}", text("area", ""), text("sex", "T")))
        }
        Keying::Whole => None,
    }
}

/// Where each thing of a merged list comes from.
enum Src {
    Ours(usize),
    Theirs(usize),
    /// Ours' entry at this index, with theirs merged into it.
    Merged(usize, Item),
}

impl Merger<'_> {
    /// Merges list `k` entry by entry. Returns false for a list that is
    /// not a list of tables told apart by a key (it then merges as a value).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list(
        &mut self,
        at: &[String],
        here: &Here,
        k: &str,
        field: Option<&Field>,
        b: Option<&Item>,
        o: &mut Dest<'_>,
        t: &Item,
    ) -> bool {
        let Some(keying) = keying(here, k, field) else { return false };
        let Some(ours_item) = o.like().get(k).cloned() else { return false };
        let (Some(oe), Some(te)) = (Entries::of(&ours_item), Entries::of(t)) else { return false };
        let be = match b.map(Entries::of) {
            Some(Some(e)) if e.same_form(oe) => Some(e),
            Some(_) => return false,
            None => None,
        };
        if !oe.same_form(te) {
            return false;
        }
        let keys = |e: Entries<'_>| -> Vec<Option<String>> {
            (0..e.len()).map(|i| e.get(i).and_then(|t| key_of(keying, t))).collect()
        };
        let (bk, ok, tk) = (be.map(keys).unwrap_or_default(), keys(oe), keys(te));
        if matches!(keying, Keying::Id(None)) {
            // A list the format does not know merges by id only when every
            // entry has one of its own.
            let unique = |ks: &[Option<String>]| {
                let mut seen = std::collections::HashSet::new();
                ks.iter().all(|k| k.as_ref().is_some_and(|k| seen.insert(k.clone())))
            };
            if !(unique(&bk) && unique(&ok) && unique(&tk)) {
                return false;
            }
        }
        if self.opts.force {
            self.conflict(at.to_vec(), Reason::Invalid, [b, Some(&ours_item), Some(t)]);
            return true;
        }
        let written = |e: Entries<'_>| (0..e.len()).map(|i| e.written(i)).collect::<Vec<_>>();
        let (bw, ow, tw) = (be.map(written).unwrap_or_default(), written(oe), written(te));
        // Entries without a key of their own pair by what is written.
        let named = |ks: &[Option<String>], ws: &[String]| -> Vec<String> {
            ks.iter().zip(ws).map(|(k, w)| k.clone().unwrap_or_else(|| format!("\u{1}{w}"))).collect()
        };
        let (bn, on, tn) = (named(&bk, &bw), named(&ok, &ow), named(&tk, &tw));

        // Number the things: the base's entries, then the new ones.
        let nb = bn.len();
        let ob = pair_in_order(bn.iter().map(Some), on.iter().map(Some));
        let tb = pair_in_order(bn.iter().map(Some), tn.iter().map(Some));
        let mut n = nb;
        let mut fresh = || {
            n += 1;
            n - 1
        };
        let thing_o: Vec<usize> = ob.iter().map(|p| p.unwrap_or_else(&mut fresh)).collect();
        let o_new: Vec<usize> = (0..on.len()).filter(|&j| ob[j].is_none()).collect();
        let t_new: Vec<usize> = (0..tn.len()).filter(|&i| tb[i].is_none()).collect();
        let both = pair_in_order(o_new.iter().map(|&j| Some(&on[j])), t_new.iter().map(|&i| Some(&tn[i])));
        let mut thing_t: Vec<usize> = tb.iter().map(|p| p.unwrap_or(usize::MAX)).collect();
        for (x, &i) in t_new.iter().enumerate() {
            thing_t[i] = match both[x] {
                Some(y) => thing_o[o_new[y]],
                None => fresh(),
            };
        }
        let (mut in_b, mut in_o, mut in_t) = (vec![None; n], vec![None; n], vec![None; n]);
        for (i, slot) in in_b.iter_mut().enumerate().take(nb) {
            *slot = Some(i);
        }
        for (j, &u) in thing_o.iter().enumerate() {
            in_o[u] = Some(j);
        }
        for (i, &u) in thing_t.iter().enumerate() {
            in_t[u] = Some(i);
        }

        let mut result: Vec<Option<Src>> = Vec::with_capacity(n);
        for u in 0..n {
            let (bi, oi, ti) = (in_b[u], in_o[u], in_t[u]);
            let eq = |x: Option<&String>, y: Option<&String>| x.is_some() && x == y;
            let (bwu, owu, twu) = (bi.map(|i| &bw[i]), oi.map(|j| &ow[j]), ti.map(|i| &tw[i]));
            let outcome =
                Outcome::of(bi.is_some(), oi.is_some(), ti.is_some(), eq(bwu, owu), eq(bwu, twu), eq(owu, twu));
            let id = bi.map(|i| &bn[i]).or(oi.map(|j| &on[j])).or(ti.map(|i| &tn[i])).cloned().unwrap_or_default();
            let entry_at = || {
                let mut a = at.to_vec();
                a.push(id.clone());
                a
            };
            let item_of = |e: Option<Entries<'_>>, i: Option<usize>| e.zip(i).and_then(|(e, i)| e.item(i));
            let (b_item, o_item, t_item) = (item_of(be, bi), item_of(Some(oe), oi), item_of(Some(te), ti));
            let is_entry = matches!(keying, Keying::Id(_));
            let src = match (outcome, oi, ti) {
                (Outcome::Ours, Some(j), _) => Some(Src::Ours(j)),
                // An entry of an inline list that only theirs changed is
                // replaced where ours has it, its comments merged (issue 13:
                // taken out and put back, the comment above it went to the
                // entry after it or was lost).
                (Outcome::Theirs, Some(j), Some(i)) if matches!(oe, Entries::Values(_)) => {
                    match (o_item.as_ref(), t_item.clone()) {
                        (Some(Item::Value(ov)), Some(Item::Value(mut tv))) => {
                            let a = self.value_comments(&entry_at(), b_item.as_ref(), ov, &tv);
                            set_value_around(&mut tv, &a);
                            Some(Src::Merged(j, Item::Value(tv)))
                        }
                        _ => Some(Src::Theirs(i)),
                    }
                }
                (Outcome::Theirs, _, Some(i)) => Some(Src::Theirs(i)),
                (Outcome::Merge, Some(j), Some(_)) => match (o_item, t_item.as_ref()) {
                    (Some(mut merged), Some(theirs)) if is_entry => {
                        let schema = match keying {
                            Keying::Id(kind) => kind,
                            _ => None,
                        };
                        let child = Here { at: entry_at(), schema };
                        if let (Some(mut dest), Some(tt)) = (Dest::of(&mut merged), theirs.as_table_like()) {
                            self.table(&child, b_item.as_ref().and_then(Item::as_table_like), &mut dest, tt);
                        }
                        if let (Item::Table(m), Item::Table(tt)) = (&mut merged, theirs) {
                            let bt = b_item.as_ref().and_then(Item::as_table).map(super::header_around);
                            let a = self.around(&child.at, bt, super::header_around(m), super::header_around(tt));
                            super::set_header_around(m, &a);
                        }
                        if let (Item::Value(m), Item::Value(tv)) = (&mut merged, theirs) {
                            let a = self.value_comments(&child.at, b_item.as_ref(), m, tv);
                            set_value_around(m, &a);
                        }
                        Some(Src::Merged(j, merged))
                    }
                    (Some(ours), Some(theirs)) => {
                        if !same::same(&ours, theirs) {
                            self.conflict(
                                at.to_vec(),
                                Reason::BothChanged,
                                [b_item.as_ref(), Some(&ours), Some(theirs)],
                            );
                        }
                        Some(Src::Ours(j))
                    }
                    _ => None,
                },
                (Outcome::Removed, _, _) => {
                    let kept = is_entry && here.at.is_empty() && (oi.is_some() || ti.is_some());
                    match self.opts.keep.get(&(k.to_string(), id.clone())).filter(|_| kept) {
                        Some(used_by) => {
                            let reason = if oi.is_none() { Reason::OursRemovedUsed } else { Reason::TheirsRemovedUsed };
                            let mut c = MergeConflict::item(entry_at(), reason);
                            c.used_by = used_by.clone();
                            self.out.push(c);
                            oi.map(Src::Ours).or(ti.map(Src::Theirs))
                        }
                        None => None,
                    }
                }
                (Outcome::OursRemoved, None, Some(i)) => {
                    if is_entry {
                        self.out.push(MergeConflict::item(entry_at(), Reason::OursRemoved));
                        Some(Src::Theirs(i))
                    } else {
                        self.conflict(at.to_vec(), Reason::BothChanged, [b_item.as_ref(), None, t_item.as_ref()]);
                        None
                    }
                }
                (Outcome::TheirsRemoved, Some(j), None) => {
                    if is_entry {
                        self.out.push(MergeConflict::item(entry_at(), Reason::TheirsRemoved));
                    } else {
                        self.conflict(at.to_vec(), Reason::BothChanged, [b_item.as_ref(), o_item.as_ref(), None]);
                    }
                    Some(Src::Ours(j))
                }
                _ => None,
            };
            result.push(src);
        }

        let kept: Vec<bool> = result.iter().map(Option::is_some).collect();
        let base_seq: Vec<usize> = (0..nb).collect();
        let merged_order = order(n, &base_seq, &thing_o, &thing_t, &kept);
        let sources: Vec<Src> = {
            let mut slots: Vec<Option<Src>> = result;
            merged_order.iter().filter_map(|&u| slots[u].take()).collect()
        };
        let rebuilt = match (oe, te) {
            (Entries::Tables(oa), Entries::Tables(ta)) => Item::ArrayOfTables(tables(oa, ta, sources)),
            (Entries::Values(oa), Entries::Values(ta)) => Item::Value(Value::Array(values(oa, ta, sources))),
            _ => return false,
        };
        if let Some(slot) = o.like().get_mut(k) {
            *slot = rebuilt;
        }
        true
    }

    /// Merges the comments around an entry of an inline list (`base` the
    /// base's entry, if it had one) as a header's are merged.
    fn value_comments(&mut self, at: &[String], base: Option<&Item>, ours: &Value, theirs: &Value) -> super::Around {
        let base = match base {
            Some(Item::Value(b)) => Some(value_around(b)),
            _ => None,
        };
        self.around(at, base, value_around(ours), value_around(theirs))
    }

    /// Merges a list of party ids as a set: ours, less what they removed,
    /// with what they added. Returns false for a field that is not such a list.
    pub(super) fn set(
        &mut self,
        at: &[String],
        field: Option<&Field>,
        b: Option<&Item>,
        o: &mut Dest<'_>,
        k: &str,
        t: &Item,
    ) -> bool {
        if !matches!(field.map(|f| &f.ty), Some(FieldType::RefList(_))) {
            return false;
        }
        // Issue 18: who holds a commitment is one decision, not a set of
        // parties: both sides changing it differently is a conflict, never
        // a mix that neither side wrote.
        if at.first().map(String::as_str) == Some(Kind::Commitment.key())
            && field.is_some_and(|f| f.name == "responsible")
        {
            return false;
        }
        let strings =
            |i: &Item| -> Option<Vec<String>> { i.as_array()?.iter().map(|v| v.as_str().map(String::from)).collect() };
        let Some(ours_item) = o.like().get(k).cloned() else { return false };
        let (Some(os), Some(ts)) = (strings(&ours_item), strings(t)) else { return false };
        let bs = match b.map(strings) {
            Some(Some(v)) => v,
            Some(None) => return false,
            None => Vec::new(),
        };
        let gone: Vec<&String> = bs.iter().filter(|x| !ts.contains(x)).collect();
        let new: Vec<&String> = ts.iter().filter(|x| !bs.contains(x) && !os.contains(x)).collect();
        if new.is_empty() && !os.iter().any(|x| gone.contains(&x)) {
            return true;
        }
        if self.opts.force {
            self.conflict(at.to_vec(), Reason::Invalid, [b, Some(&ours_item), Some(t)]);
            return true;
        }
        let Some(arr) = o.like().get_mut(k).and_then(Item::as_array_mut) else { return true };
        let first_prefix = arr.get(0).map(|v| v.decor().prefix().cloned());
        let mut removed_first = false;
        for i in (0..arr.len()).rev() {
            if arr.get(i).and_then(Value::as_str).is_some_and(|s| gone.iter().any(|g| *g == s)) {
                arr.remove(i);
                removed_first |= i == 0;
            }
        }
        if removed_first && let (Some(first), Some(Some(p))) = (arr.get_mut(0), first_prefix) {
            first.decor_mut().set_prefix(p);
        }
        for e in new {
            // After the party before it on their side, if we have that one.
            let mine = ts.iter().position(|x| x == e).unwrap_or(0);
            let before = ts[..mine]
                .iter()
                .rev()
                .find_map(|p| (0..arr.len()).find(|&i| arr.get(i).and_then(Value::as_str) == Some(p.as_str())));
            let at = before.map_or(arr.len(), |i| i + 1);
            insert_like_neighbours(arr, at, Value::from(e.as_str()));
        }
        true
    }
}

/// The comments around an entry of an inline list: the lines above it
/// (with the line break and indentation before it) and what follows it.
fn value_around(v: &Value) -> super::Around {
    super::Around {
        above: super::raw(v.decor().prefix()),
        inline: super::raw(v.decor().suffix()),
        ..Default::default()
    }
}

fn set_value_around(v: &mut Value, a: &super::Around) {
    v.decor_mut().set_prefix(a.above.as_str());
    v.decor_mut().set_suffix(a.inline.as_str());
}

/// Builds a list of `[[…]]` tables from its sources. A table of theirs
/// first in the list takes the place of the table after it, so that it
/// prints there and not after whatever came before the list.
fn tables(ours: &ArrayOfTables, theirs: &ArrayOfTables, sources: Vec<Src>) -> ArrayOfTables {
    let mut out: Vec<(toml_edit::Table, bool)> = Vec::with_capacity(sources.len());
    for s in sources {
        let table = match s {
            Src::Ours(j) => ours.get(j).cloned().map(|t| (t, true)),
            Src::Theirs(i) => theirs.get(i).cloned().map(|t| {
                let mut item = Item::Table(t);
                unposition(&mut item);
                (item.into_table().unwrap_or_default(), false)
            }),
            Src::Merged(_, item) => item.into_table().ok().map(|t| (t, true)),
        };
        out.extend(table);
    }
    if let Some(p) = out.iter().find(|(t, ours)| *ours && t.position().is_some()).and_then(|(t, _)| t.position()) {
        for (t, _) in out.iter_mut().take_while(|(_, ours)| !*ours) {
            t.set_position(Some(p));
        }
    }
    let mut aot = ArrayOfTables::new();
    for (t, _) in out {
        aot.push(t);
    }
    aot
}

/// Builds an inline list of tables from its sources, in the layout of ours.
fn values(ours: &Array, theirs: &Array, sources: Vec<Src>) -> Array {
    let ours_index = |s: &Src| match s {
        Src::Ours(j) | Src::Merged(j, _) => Some(*j),
        Src::Theirs(_) => None,
    };
    let ours_order: Vec<usize> = sources.iter().filter_map(ours_index).collect();
    if !ours_order.windows(2).all(|w| w[0] < w[1]) {
        // Reordered: the entries one after the other, each as written.
        let mut fresh = Array::new();
        for s in sources {
            let v = match s {
                Src::Ours(j) => ours.get(j).cloned(),
                Src::Theirs(i) => theirs.get(i).cloned(),
                Src::Merged(_, item) => item.into_value().ok(),
            };
            if let Some(v) = v {
                fresh.push_formatted(v);
            }
        }
        *fresh.decor_mut() = ours.decor().clone();
        fresh.set_trailing(ours.trailing().clone());
        fresh.set_trailing_comma(ours.trailing_comma());
        return fresh;
    }
    // Ours' entries stay where they are; theirs come in between.
    let keep: std::collections::HashSet<usize> = ours_order.iter().copied().collect();
    let mut arr = ours.clone();
    let first_prefix = arr.get(0).map(|v| v.decor().prefix().cloned());
    for j in (0..ours.len()).rev() {
        if !keep.contains(&j) {
            arr.remove(j);
        }
    }
    if !keep.contains(&0)
        && let (Some(first), Some(Some(p))) = (arr.get_mut(0), first_prefix)
    {
        first.decor_mut().set_prefix(p);
    }
    let mut idx = 0;
    for s in sources {
        match s {
            Src::Ours(_) => idx += 1,
            Src::Merged(_, item) => {
                if let Ok(v) = item.into_value()
                    && idx < arr.len()
                {
                    arr.replace_formatted(idx, v);
                }
                idx += 1;
            }
            Src::Theirs(i) => {
                if let Some(v) = theirs.get(i).cloned() {
                    let at = idx.min(arr.len());
                    insert_like_neighbours(&mut arr, at, v);
                    idx += 1;
                }
            }
        }
    }
    arr
}
