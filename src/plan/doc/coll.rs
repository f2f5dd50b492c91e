//! The collections of a plan document, `[[goals]]` tables or an inline
//! array `goals = [{…}]`, with their items by position, and where `[[…]]`
//! tables sit when the file is printed.
//!
//! Items are addressed by their index in the collection, never again by
//! id: a plan may hold the same id twice (`check` reports it), and an edit
//! must touch exactly the item it found. toml_edit prints tables in the
//! order of their document positions, so an item that moves or arrives
//! takes positions that keep the tables nested under it (`[indicators.
//! baseline]`, `[[indicators.measurements]]`) right below its own header.

use std::collections::HashSet;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item as TItem, Table, TableLike};

/// A collection of items, to edit.
pub(super) enum Coll<'a> {
    Tables(&'a mut ArrayOfTables),
    Inline(&'a mut Array),
}

impl<'a> Coll<'a> {
    /// Returns the collection under `key`, if it is an array (of tables).
    pub(super) fn of(doc: &'a mut DocumentMut, key: &str) -> Option<Coll<'a>> {
        match doc.get_mut(key)? {
            TItem::ArrayOfTables(t) => Some(Coll::Tables(t)),
            TItem::Value(toml_edit::Value::Array(a)) => Some(Coll::Inline(a)),
            _ => None,
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Coll::Tables(t) => t.len(),
            Coll::Inline(a) => a.len(),
        }
    }

    /// Returns the `i`th item, consuming the handle so that the item can
    /// outlive it; `None` for an entry that is not a table.
    pub(super) fn into_item(self, i: usize) -> Option<&'a mut dyn TableLike> {
        match self {
            Coll::Tables(t) => t.get_mut(i).map(|t| t as &mut dyn TableLike),
            Coll::Inline(a) => a.get_mut(i)?.as_inline_table_mut().map(|t| t as &mut dyn TableLike),
        }
    }

    /// Removes the items at `indices` (in one pass: a collection of 10,000
    /// items loses them all in linear time).
    pub(super) fn remove_all(&mut self, indices: &HashSet<usize>) {
        match self {
            Coll::Tables(t) => {
                let mut i = 0;
                t.retain(|_| {
                    i += 1;
                    !indices.contains(&(i - 1))
                });
            }
            Coll::Inline(a) => {
                let mut sorted: Vec<usize> = indices.iter().copied().collect();
                sorted.sort_unstable_by(|x, y| y.cmp(x));
                sorted.into_iter().for_each(|i| super::encode::remove_element(a, i));
            }
        }
    }
}

/// Returns the items of the collection under `key`, in file order; an
/// entry that is not a table is `None`, so indices stay those of the file.
pub(super) fn items<'a>(doc: &'a DocumentMut, key: &str) -> Vec<Option<&'a dyn TableLike>> {
    match doc.get(key) {
        Some(TItem::ArrayOfTables(t)) => t.iter().map(|t| Some(t as &dyn TableLike)).collect(),
        Some(TItem::Value(toml_edit::Value::Array(a))) => {
            a.iter().map(|v| v.as_inline_table().map(|t| t as &dyn TableLike)).collect()
        }
        _ => Vec::new(),
    }
}

/// Returns the `index`th item of the collection under `key`, if it is a table.
pub(super) fn item<'a>(doc: &'a DocumentMut, key: &str, index: usize) -> Option<&'a dyn TableLike> {
    match doc.get(key)? {
        TItem::ArrayOfTables(t) => t.get(index).map(|t| t as &dyn TableLike),
        TItem::Value(toml_edit::Value::Array(a)) => a.get(index)?.as_inline_table().map(|t| t as &dyn TableLike),
        _ => None,
    }
}

/// Returns an item's id, if it has one written as a string.
pub(super) fn id_of(t: &dyn TableLike) -> Option<&str> {
    t.get("id")?.as_str()
}

/// Walks a table and the tables nested in it as toml_edit does when it
/// prints them: dotted tables are written inside their parent, so only
/// their own nested tables count.
fn walk(t: &Table, f: &mut impl FnMut(&Table)) {
    if !t.is_dotted() {
        f(t);
    }
    for (_, item) in t.iter() {
        match item {
            TItem::Table(sub) => walk(sub, f),
            TItem::ArrayOfTables(aot) => aot.iter().for_each(|sub| walk(sub, f)),
            _ => {}
        }
    }
}

/// Returns the lowest and the highest document position in a table's
/// block (the table and every table nested in it).
pub(super) fn block_positions(t: &Table) -> Option<(isize, isize)> {
    let mut range: Option<(isize, isize)> = None;
    walk(t, &mut |t| {
        if let Some(p) = t.position() {
            range = Some(range.map_or((p, p), |(lo, hi)| (lo.min(p), hi.max(p))));
        }
    });
    range
}

/// Gives every table of a block the position `pos`: tables with equal
/// positions print in the order of the document tree, so the block stays
/// together, its header first.
pub(super) fn set_block_position(t: &mut Table, pos: isize) {
    t.set_position(Some(pos));
    for (_, item) in t.iter_mut() {
        match item {
            TItem::Table(sub) => set_block_position(sub, pos),
            TItem::ArrayOfTables(aot) => aot.iter_mut().for_each(|sub| set_block_position(sub, pos)),
            _ => {}
        }
    }
}

/// Returns a position after every table of the document.
pub(super) fn end_position(doc: &DocumentMut) -> isize {
    block_positions(doc.as_table()).map_or(0, |(_, hi)| hi.saturating_add(1))
}

/// Moves the table at `from` to `to` in an array of tables; its block
/// prints just before the item it now precedes, or just after the one it
/// now follows.
pub(super) fn move_table(aot: &mut ArrayOfTables, from: usize, to: usize) {
    if from >= aot.len() || to >= aot.len() || from == to {
        return;
    }
    let table = aot.remove(from);
    aot.insert(to, table);
    let anchor = if to < from {
        aot.get(to + 1).and_then(block_positions).map(|(lo, _)| lo)
    } else {
        to.checked_sub(1).and_then(|prev| aot.get(prev)).and_then(block_positions).map(|(_, hi)| hi)
    };
    if let (Some(pos), Some(t)) = (anchor, aot.get_mut(to)) {
        set_block_position(t, pos);
    }
}

/// Inserts `table` (and the tables nested in it) at `at` in an array of
/// tables, printed after the block of the table before it, or before the
/// first table, or at `end` when the array is empty (`None`: where
/// toml_edit puts a table without a position).
pub(super) fn insert_table(aot: &mut ArrayOfTables, at: usize, mut table: Table, end: Option<isize>) {
    let at = at.min(aot.len());
    let pos = match at.checked_sub(1) {
        Some(prev) => aot.get(prev).and_then(block_positions).map(|(_, hi)| hi),
        None => aot.get(0).and_then(block_positions).map(|(lo, _)| lo),
    };
    match pos.or(end) {
        Some(p) => set_block_position(&mut table, p),
        None => table.set_position(None),
    }
    aot.insert(at, table);
}
