//! The `[[conflicts]]` records a merge leaves in a file, and settling one
//! by taking a side: the record says where (`at`) and holds each side's
//! version, so that any key (known to the format or not) and any comment
//! can be set back to theirs.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Key, Table, TableLike, Value};

use super::MergeConflict;
use crate::plan::doc::encode::{insert_like_neighbours, set_value};
use crate::plan::doc::{EditError, PlanDoc, refuse};
use crate::plan::schema::Kind;

/// Returns the `[[conflicts]]` tables for `list`, as text to append to a
/// file (starting with a blank line).
pub fn records(list: &[MergeConflict]) -> String {
    let mut doc = DocumentMut::new();
    let mut aot = ArrayOfTables::new();
    for c in list {
        let mut t = Table::new();
        let (kind, id, field) = c.place();
        if c.in_schema() {
            t.insert("kind", Item::Value(kind.json_name().into()));
            if kind.is_collection() {
                t.insert("id", Item::Value(id.as_str().into()));
            }
        }
        if let Some(f) = field {
            t.insert("field", Item::Value(f.into()));
        }
        t.insert("at", Item::Value(c.at_text().into()));
        t.insert("reason", Item::Value(c.reason.name().into()));
        if let Some(p) = c.part {
            t.insert("part", Item::Value(p.name().into()));
        }
        if !c.used_by.is_empty() {
            t.insert("used_by", Item::Value(c.used_by.iter().map(String::as_str).collect::<Array>().into()));
        }
        if let Some(rule) = &c.rule {
            let mut r = InlineTable::new();
            r.insert("sv", rule.sv.as_str().into());
            r.insert("en", rule.en.as_str().into());
            t.insert("rule", Item::Value(r.into()));
        }
        if !c.overlaps.is_empty() {
            let spans: Array = c
                .overlaps
                .iter()
                .map(|[b, o, t]| {
                    let mut span = InlineTable::new();
                    for (name, text) in [("base", b), ("ours", o), ("theirs", t)] {
                        span.insert(name, text.as_str().into());
                    }
                    Value::InlineTable(span)
                })
                .collect();
            t.insert("overlaps", Item::Value(spans.into()));
        }
        for (name, v) in ["base", "ours", "theirs"].into_iter().zip(&c.values) {
            if let Some(v) = v {
                t.insert(name, Item::Value(v.clone()));
            }
        }
        t.decor_mut().set_prefix("\n");
        aot.push(t);
    }
    doc.insert("conflicts", Item::ArrayOfTables(aot));
    doc.to_string()
}

/// What one record asks to be done to the file.
struct Record {
    at: Vec<String>,
    reason: String,
    part: Option<String>,
    ours: Option<Item>,
    theirs: Option<Item>,
    /// Their whole item, as written by lansplan before records had `at`.
    item: Option<InlineTable>,
}

fn read(t: &Table) -> Record {
    let text = |k: &str| t.get(k).and_then(Item::as_str).map(String::from);
    let at = match text("at").and_then(|a| Key::parse(&a).ok()) {
        Some(keys) => keys.iter().map(|k| k.get().to_string()).collect(),
        // Records of earlier versions name the item and field only.
        None => {
            let kind = Kind::ALL.into_iter().find(|k| Some(k.json_name()) == text("kind").as_deref());
            let mut at = Vec::new();
            if let Some(kind) = kind {
                at.push(kind.key().to_string());
                if kind.is_collection() {
                    at.push(text("id").unwrap_or_default());
                }
            }
            at.extend(text("field"));
            at
        }
    };
    Record {
        at,
        reason: text("reason").unwrap_or_default(),
        part: text("part"),
        ours: t.get("ours").cloned(),
        theirs: t.get("theirs").cloned(),
        item: t.get("item").and_then(Item::as_inline_table).cloned(),
    }
}

impl PlanDoc {
    /// Settles the `index`th `[[conflicts]]` record by taking our side
    /// (`theirs` false) or theirs, and removes the record. The file
    /// already holds the side the record says; taking the other writes it.
    pub fn resolve_conflict(&mut self, index: usize, theirs: bool) -> Result<(), EditError> {
        let record = match self.doc.get("conflicts").and_then(Item::as_array_of_tables).and_then(|a| a.get(index)) {
            Some(t) => read(t),
            None => return Err(refuse("det finns ingen sådan konflikt", "there is no such conflict")),
        };
        match (record.reason.as_str(), theirs) {
            ("both_changed", true) => match id_change(&record) {
                // An id both sides changed: theirs, with every reference following.
                Some((kind, old, new)) => self.rename(kind, &old, &new)?,
                None => self.put_at(&record.at, record.theirs.as_ref(), record.ours.as_ref())?,
            },
            ("invalid", true) => self.put_at(&record.at, record.theirs.as_ref(), record.ours.as_ref())?,
            ("comment", true) => {
                let text = record.theirs.as_ref().and_then(Item::as_str).unwrap_or("").to_string();
                self.put_comment(&record.at, record.part.as_deref(), &text)?;
            }
            // The removal wins, with what hangs on it: the items the other
            // side put under it go too (and a party leaves their lists),
            // as the editor's removal takes them (issue #14: taking the
            // removing side was refused while anything used the item).
            ("ours_removed" | "ours_removed_used", false) => self.remove_at(&record.at, true)?,
            ("theirs_removed" | "theirs_removed_used", true) => self.remove_at(&record.at, true)?,
            ("ours_removed", true) => {
                if let Some(item) = record.item {
                    self.restore(&record.at, item)?;
                }
            }
            _ => {}
        }
        self.remove_conflict(index);
        Ok(())
    }

    /// Removes the item at `at` (a list's key and an entry's id, or a
    /// table's key path). Items the format knows are removed as the editor
    /// removes them: with `cascade`, what hangs on them goes too.
    fn remove_at(&mut self, at: &[String], cascade: bool) -> Result<(), EditError> {
        if let [list, id] = at
            && let Some(kind) = super::collection(list)
        {
            if self.ids(kind).contains(id) {
                self.remove(kind, id, cascade)?;
            }
            return Ok(());
        }
        let Some((last, parent)) = at.split_last() else { return Ok(()) };
        if let Some(list) = self.list_at(parent) {
            list.remove_id(last);
            return Ok(());
        }
        if let Some(t) = self.table_at(parent) {
            t.remove(last);
        }
        Ok(())
    }

    /// Sets the value at `at` to `value` (removing the key when absent).
    /// When `at` is a list of tables and the values are entries of it,
    /// only that entry changes (found by its id, or a measurement's year,
    /// area and sex, as `other` has it when `value` is absent).
    fn put_at(&mut self, at: &[String], value: Option<&Item>, other: Option<&Item>) -> Result<(), EditError> {
        let Some((last, parent)) = at.split_last() else { return Ok(()) };
        let nowhere = || {
            let at = crate::text::escape(&super::dotted(at)).into_owned();
            refuse(format!("{at} finns inte längre i filen"), format!("{at} is no longer in the file"))
        };
        let entry = |v: Option<&Item>| v.and_then(Item::as_inline_table).is_some();
        if entry(value) || entry(other) {
            let target = value.or(other).and_then(Item::as_inline_table).cloned().unwrap_or_default();
            let table = self.table_at(parent).ok_or_else(nowhere)?;
            if let Some(Item::Value(Value::Array(arr))) = table.get_mut(last) {
                let pos = arr.iter().position(|v| v.as_inline_table().is_some_and(|e| same_entry(e, &target)));
                match (pos, value.and_then(Item::as_value)) {
                    (Some(i), Some(v)) => {
                        arr.replace(i, v.clone());
                    }
                    (Some(i), None) => {
                        arr.remove(i);
                    }
                    (None, Some(v)) => insert_like_neighbours(arr, arr.len(), v.clone()),
                    (None, None) => {}
                }
                return Ok(());
            }
        }
        let table = self.table_at(parent).ok_or_else(nowhere)?;
        match value.and_then(|v| v.clone().into_value().ok()) {
            Some(v) => set_value(table, last, v),
            None => {
                table.remove(last);
            }
        }
        Ok(())
    }

    /// Writes a comment back where it was: above a key or header, after it
    /// on its line, or at the end of the file.
    fn put_comment(&mut self, at: &[String], part: Option<&str>, text: &str) -> Result<(), EditError> {
        if part == Some("end") {
            self.doc.set_trailing(text);
            return Ok(());
        }
        let above = part != Some("inline");
        // A whole entry: its header.
        if let [list, id] = at
            && let Some(t) = self.list_at(std::slice::from_ref(list)).and_then(|l| l.table(id))
        {
            if above {
                t.decor_mut().set_prefix(text);
            } else {
                t.decor_mut().set_suffix(text);
            }
            return Ok(());
        }
        let Some((last, parent)) = at.split_last() else { return Ok(()) };
        let Some(table) = self.table_at(parent) else { return Ok(()) };
        let is_header = matches!(table.get(last), Some(Item::Table(t)) if !t.is_dotted());
        match table.get_mut(last) {
            Some(Item::Table(t)) if is_header => {
                if above {
                    t.decor_mut().set_prefix(text);
                } else {
                    t.decor_mut().set_suffix(text);
                }
            }
            Some(Item::Value(v)) if !above => v.decor_mut().set_suffix(text),
            _ if above => {
                if let Some(mut k) = table.key_mut(last) {
                    k.leaf_decor_mut().set_prefix(text);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Puts back an item recorded whole by an earlier version of lansplan.
    fn restore(&mut self, at: &[String], item: InlineTable) -> Result<(), EditError> {
        let [list, id] = at else { return Ok(()) };
        if let Some(kind) = super::collection(list)
            && self.ids(kind).contains(id)
        {
            return Ok(());
        }
        let entry = self.doc.entry(list).or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
        match entry {
            Item::ArrayOfTables(aot) => {
                let mut t = item.into_table();
                t.decor_mut().set_prefix("\n");
                aot.push(t);
            }
            Item::Value(Value::Array(arr)) => insert_like_neighbours(arr, arr.len(), item.into()),
            _ => return Err(refuse(format!("{list} är ingen lista"), format!("{list} is not a list"))),
        }
        Ok(())
    }

    /// Returns the table at a key path (entries of lists named by id).
    fn table_at(&mut self, path: &[String]) -> Option<&mut dyn TableLike> {
        let mut cur: &mut dyn TableLike = self.doc.as_table_mut();
        let mut i = 0;
        while i < path.len() {
            let item = cur.get_mut(&path[i])?;
            i += 1;
            cur = match item {
                Item::ArrayOfTables(_) | Item::Value(Value::Array(_)) => {
                    let id = path.get(i)?;
                    i += 1;
                    entry_mut(item, id)?
                }
                other => other.as_table_like_mut()?,
            };
        }
        Some(cur)
    }

    /// Returns the list of tables at a key path.
    fn list_at(&mut self, path: &[String]) -> Option<ListMut<'_>> {
        let (last, parent) = path.split_last()?;
        let item = self.table_at(parent)?.get_mut(last)?;
        match item {
            Item::ArrayOfTables(_) | Item::Value(Value::Array(_)) => Some(ListMut(item)),
            _ => None,
        }
    }
}

/// Returns the kind, our id and their id of a conflict about an item's id.
fn id_change(record: &Record) -> Option<(Kind, String, String)> {
    let [list, id, key] = record.at.as_slice() else { return None };
    let theirs = record.theirs.as_ref().and_then(Item::as_str)?;
    (key == "id").then(|| Some((super::collection(list)?, id.clone(), theirs.to_string()))).flatten()
}

/// Returns the entry of a list of tables with `id`.
fn entry_mut<'a>(list: &'a mut Item, id: &str) -> Option<&'a mut dyn TableLike> {
    let has = |t: &dyn TableLike| t.get("id").and_then(Item::as_str) == Some(id);
    match list {
        Item::ArrayOfTables(a) => a.iter_mut().find(|t| has(*t)).map(|t| t as &mut dyn TableLike),
        Item::Value(Value::Array(a)) => {
            a.iter_mut().filter_map(Value::as_inline_table_mut).find(|t| has(*t)).map(|t| t as &mut dyn TableLike)
        }
        _ => None,
    }
}

/// A list of tables being changed.
struct ListMut<'a>(&'a mut Item);

impl ListMut<'_> {
    fn remove_id(self, id: &str) {
        let has = |t: &dyn TableLike| t.get("id").and_then(Item::as_str) == Some(id);
        match self.0 {
            Item::ArrayOfTables(a) => a.retain(|t| !has(t)),
            Item::Value(Value::Array(a)) => a.retain(|v| !v.as_inline_table().is_some_and(|t| has(t))),
            _ => {}
        }
    }

    fn table<'b>(self, id: &str) -> Option<&'b mut Table>
    where
        Self: 'b,
    {
        match self.0 {
            Item::ArrayOfTables(a) => a.iter_mut().find(|t| t.get("id").and_then(Item::as_str) == Some(id)),
            _ => None,
        }
    }
}

/// Returns true if two entries of a list are the same entry: the same id,
/// or for measurements the same year, area and sex.
fn same_entry(a: &InlineTable, b: &InlineTable) -> bool {
    if let (Some(x), Some(y)) = (a.get("id"), b.get("id")) {
        return x.as_str() == y.as_str();
    }
    let part = |t: &InlineTable, k: &str, default: &'static str| -> String {
        t.get(k).and_then(Value::as_str).unwrap_or(default).to_string()
    };
    a.get("year").and_then(Value::as_integer) == b.get("year").and_then(Value::as_integer)
        && part(a, "area", "") == part(b, "area", "")
        && part(a, "sex", "T") == part(b, "sex", "T")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::doc::merge::{Part, Reason};

    fn conflict(at: &[&str], reason: Reason, values: [Option<&str>; 3]) -> MergeConflict {
        let v = |s: Option<&str>| s.map(|s| s.parse::<Value>().expect("value"));
        let mut c = MergeConflict::item(at.iter().map(|s| s.to_string()).collect(), reason);
        c.values = values.map(v);
        c
    }

    #[test]
    fn records_name_the_place_and_read_back() {
        let list = [
            conflict(&["activities", "A1", "due"], Reason::BothChanged, [Some("2025-01-01"), Some("2025-02-02"), None]),
            conflict(&["generator", "name"], Reason::BothChanged, [None, Some("\"a\""), Some("\"b\"")]),
        ];
        let text = records(&list);
        let doc: DocumentMut = text.parse().expect("records are TOML");
        let aot = doc["conflicts"].as_array_of_tables().expect("list");
        let first = aot.get(0).expect("first");
        assert_eq!(first["kind"].as_str(), Some("activity"));
        assert_eq!(first["field"].as_str(), Some("due"));
        assert_eq!(read(first).at, ["activities", "A1", "due"]);
        assert!(first.get("theirs").is_none(), "theirs removed it");
        let second = aot.get(1).expect("second");
        assert!(second.get("kind").is_none(), "outside every item");
        assert_eq!(read(second).at, ["generator", "name"]);
    }

    #[test]
    fn a_comment_conflict_is_settled_by_writing_their_comment_back() {
        let src = "format = \"lansplan/1\"\n[revision]\nstatus = \"draft\" # vår\n";
        let mut c = conflict(
            &["revision", "status"],
            Reason::Comment,
            [Some("\"\""), Some("\" # vår\""), Some("\" # deras\"")],
        );
        c.part = Some(Part::Inline);
        let mut doc = PlanDoc::parse(&format!("{src}{}", records(&[c]))).expect("parses");
        doc.resolve_conflict(0, true).expect("resolves");
        assert_eq!(doc.render(), "format = \"lansplan/1\"\n[revision]\nstatus = \"draft\" # deras\n");
    }
}
