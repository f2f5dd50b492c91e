//! The editable plan document: typed operations applied with `toml_edit`,
//! so that the comments, order and formatting a person wrote survive and an
//! unedited document prints byte for byte as it was read.
//!
//! This is the only module that knows `toml_edit`; everything above it
//! speaks in kinds, ids and field names. An edit finds its item by id once
//! and then works on that item's position: a plan may hold an id twice
//! (which `check` reports), and an edit that cannot tell which item is
//! meant, or meets a field of the wrong type, is refused with where in the
//! file the trouble is. Every field is written in whichever TOML form the
//! file gives it ([`write`]).

use std::collections::{HashMap, HashSet};

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item as TItem, Table, TableLike};

use super::finding::LineIndex;
use super::model::Value;
use super::path::{FieldPath, Input, Sub};
use super::schema::{FieldType, Kind};
use crate::i18n::{Lang, Text};

mod coll;
mod encode;
pub mod merge;
pub mod units;
mod write;

use crate::text;
use coll::{Coll, id_of};
pub use encode::to_toml;
use encode::{remove_element, set_value, string_like};
use write::Scalar;

/// Why an edit was refused. The document is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("{}", .0.en)]
    Refused(Text),
    /// Refused because of something at a place in the text: an id written
    /// twice, a field of the wrong type.
    #[error("{line}:{column}: {}", .text.en)]
    At { line: usize, column: usize, text: Text },
    /// The item is referred to by others; removing it would break them.
    #[error("{} is referred to by {} items", .id, .dependents.len())]
    HasDependents { kind: Kind, id: String, dependents: Vec<Dependent> },
}

impl EditError {
    /// Returns the reason in both languages, with the line it is about.
    pub fn text(&self) -> Text {
        match self {
            EditError::Refused(t) => t.clone(),
            EditError::At { line, text, .. } => {
                Text::new(format!("rad {line}: {}", text.sv), format!("line {line}: {}", text.en))
            }
            EditError::HasDependents { kind, id, dependents } => {
                let list = dependents
                    .iter()
                    .map(|d| format!("{} ({})", text::escape(&d.id), d.field))
                    .collect::<Vec<_>>()
                    .join(", ");
                let id = text::escape(id);
                Text::new(
                    format!("{} {id} används av: {list}", kind.noun(Lang::Sv)),
                    format!("{} {id} is used by: {list}", kind.noun(Lang::En)),
                )
            }
        }
    }

    /// Returns the line and column (1-based) the refusal is about, if any.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            EditError::At { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }

    /// Renders the refusal for the command line about the file at `path`
    /// (already escaped for the terminal), `what` being the edit it refuses
    /// (a field path, or empty): `PATH:LINE:COL: error: WHAT: REASON` when
    /// it is about a place, else `lansplan: error: WHAT: REASON`.
    pub fn render(&self, path: &str, what: &str, lang: Lang) -> String {
        let level = lang.pick("fel", "error");
        let what = if what.is_empty() { String::new() } else { format!("{}: ", text::escape(what)) };
        match self {
            EditError::At { line, column, text } => {
                format!("{path}:{line}:{column}: {level}: {what}{}", text::sanitize(text.get(lang)))
            }
            other => format!("lansplan: {level}: {what}{}", text::sanitize(other.text().get(lang))),
        }
    }
}

fn refuse(sv: impl Into<String>, en: impl Into<String>) -> EditError {
    EditError::Refused(Text::new(sv, en))
}

/// Returns the refusal of an edit on an id that several items share.
/// `places` are the line and column of each, in file order.
pub fn ambiguous(kind: Kind, id: &str, places: &[(usize, usize)]) -> EditError {
    let id = text::escape(id);
    let n = places.len();
    let others = places.iter().skip(1).map(|(l, _)| l.to_string()).collect::<Vec<_>>();
    let others = match others.split_last() {
        Some((last, [])) => (last.clone(), last.clone()),
        Some((last, rest)) => (format!("{} och {last}", rest.join(", ")), format!("{} and {last}", rest.join(", "))),
        None => (String::from("?"), String::from("?")),
    };
    let text = Text::new(
        format!("{} {id} finns {n} gånger (också på rad {}); ge dem var sitt id först", kind.noun(Lang::Sv), others.0),
        format!(
            "{} {id} appears {n} times (also on line {}); give each its own id first",
            kind.noun(Lang::En),
            others.1
        ),
    );
    match places.first() {
        Some(&(line, column)) => EditError::At { line, column, text },
        None => EditError::Refused(text),
    }
}

/// An item that refers to another through one of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    pub kind: Kind,
    pub id: String,
    pub field: &'static str,
}

/// How an item refers to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A reference field (`goal = "G1"`).
    One,
    /// An element of a list of references (`responsible = [… "region" …]`).
    List,
    /// A list field written as a single string (`responsible = "region"`).
    NotAList,
}

/// One reference to an item: from the `index`th item of `kind`.
#[derive(Debug, Clone, Copy)]
struct Ref {
    kind: Kind,
    index: usize,
    field: &'static str,
    shape: Shape,
}

/// A plan file as an editable document.
#[derive(Debug, Clone)]
pub struct PlanDoc {
    doc: DocumentMut,
    /// The file began with a byte-order mark.
    bom: bool,
    /// The file's lines end in CR LF (a file edited on Windows).
    crlf: bool,
    /// For a file that `toml_edit` does not print back byte for byte (it
    /// groups dotted keys written apart, `a.x = 1` `b.y = 2` `a.z = 3`):
    /// its own rendering when loaded, and the text as read, so that a
    /// document nobody changed still prints as it was read.
    verbatim: Option<std::sync::Arc<(String, String)>>,
}

impl PlanDoc {
    /// Parses plan text into a document. The text should already have passed
    /// [`super::load::load_str`], which guards against hostile nesting.
    pub fn parse(src: &str) -> Result<PlanDoc, EditError> {
        let doc = src.parse::<DocumentMut>().map_err(|e| {
            let msg = text::escape(e.message()).into_owned();
            refuse(format!("ogiltig TOML: {msg}"), format!("invalid TOML: {msg}"))
        })?;
        let lf = src.matches('\n').count();
        let crlf = lf > 0 && src.matches("\r\n").count() == lf;
        let mut plan_doc = PlanDoc { doc, bom: src.starts_with('\u{feff}'), crlf, verbatim: None };
        if plan_doc.render() != src {
            plan_doc.verbatim = Some(std::sync::Arc::new((plan_doc.doc.to_string(), src.to_string())));
        }
        Ok(plan_doc)
    }

    /// Returns the document as text, with the file's own byte-order mark
    /// and line endings.
    pub fn render(&self) -> String {
        let mut out = self.doc.to_string();
        if let Some(v) = &self.verbatim
            && out == v.0
        {
            return v.1.clone();
        }
        if self.crlf {
            let mut fixed = String::with_capacity(out.len() + out.len() / 20);
            let mut prev = '\0';
            for c in out.chars() {
                if c == '\n' && prev != '\r' {
                    fixed.push('\r');
                }
                fixed.push(c);
                prev = c;
            }
            out = fixed;
        }
        if self.bom && !out.starts_with('\u{feff}') {
            out.insert(0, '\u{feff}');
        }
        out
    }

    /// Returns the line and column where the `index`th item of `kind` (the
    /// plan or revision table for `None`) writes `field`, or its id, or
    /// where it starts. Only refusals ask, so the text is parsed again with
    /// positions just then.
    fn place(&self, kind: Kind, index: Option<usize>, field: Option<&str>) -> Option<(usize, usize)> {
        let text = self.render();
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let offset = text.len() - body.len();
        let parsed = toml_edit::Document::parse(body).ok()?;
        let top = parsed.get(kind.key())?;
        let (table, start): (&dyn TableLike, _) = match (index, top) {
            (None, top) => (top.as_table_like()?, top.span()),
            (Some(i), TItem::ArrayOfTables(aot)) => aot.get(i).map(|t| (t as &dyn TableLike, t.span()))?,
            (Some(i), TItem::Value(toml_edit::Value::Array(a))) => {
                a.get(i)?.as_inline_table().map(|t| (t as &dyn TableLike, t.span()))?
            }
            _ => return None,
        };
        let at = |name: &str| table.get(name).and_then(TItem::span);
        let span = field.and_then(at).or_else(|| at("id")).or(start)?;
        Some(LineIndex::new(&text).locate(span.start + offset))
    }

    /// Returns a refusal about the `index`th item of `kind` (its `field`).
    fn refuse_at(&self, kind: Kind, index: Option<usize>, field: Option<&str>, text: Text) -> EditError {
        match self.place(kind, index, field) {
            Some((line, column)) => EditError::At { line, column, text },
            None => EditError::Refused(text),
        }
    }

    fn coll(&mut self, kind: Kind) -> Option<Coll<'_>> {
        Coll::of(&mut self.doc, kind.key())
    }

    /// Returns the positions of the items of `kind` with id `id`.
    fn indices(&self, kind: Kind, id: &str) -> Vec<usize> {
        let items = coll::items(&self.doc, kind.key());
        items.iter().enumerate().filter(|(_, t)| t.and_then(id_of) == Some(id)).map(|(i, _)| i).collect()
    }

    fn no_item(kind: Kind, id: &str) -> EditError {
        let id = text::escape(id);
        refuse(
            format!("det finns inget {} med id \"{id}\"", kind.noun(Lang::Sv)),
            format!("there is no {} with id \"{id}\"", kind.noun(Lang::En)),
        )
    }

    /// Returns the refusal of an edit on an id that several items share.
    fn ambiguous(&self, kind: Kind, id: &str, indices: &[usize]) -> EditError {
        let places: Vec<(usize, usize)> =
            indices.iter().filter_map(|&i| self.place(kind, Some(i), Some("id"))).collect();
        ambiguous(kind, id, &places)
    }

    /// Returns the position of the one item of `kind` with id `id`; refuses
    /// when there is none, or more than one.
    fn find(&self, kind: Kind, id: &str) -> Result<usize, EditError> {
        match self.indices(kind, id).as_slice() {
            [] => Err(Self::no_item(kind, id)),
            [i] => Ok(*i),
            many => Err(self.ambiguous(kind, id, many)),
        }
    }

    /// Returns where the item is: `None` for the plan and the revision, else
    /// the position of the one item with that id.
    fn locate(&self, kind: Kind, id: Option<&str>) -> Result<Option<usize>, EditError> {
        if kind.is_collection() { self.find(kind, id.unwrap_or("")).map(Some) } else { Ok(None) }
    }

    /// Returns the table of an item (creating `[plan]`/`[revision]` if needed).
    fn item_mut(&mut self, kind: Kind, index: Option<usize>) -> Result<&mut dyn TableLike, EditError> {
        let Some(i) = index else {
            let entry = self.doc.entry(kind.key()).or_insert_with(|| TItem::Table(Table::new()));
            return entry.as_table_like_mut().ok_or_else(|| {
                refuse(format!("[{}] är ingen tabell", kind.key()), format!("[{}] is not a table", kind.key()))
            });
        };
        self.coll(kind).and_then(|c| c.into_item(i)).ok_or_else(|| Self::no_item(kind, ""))
    }

    /// Returns the ids of a collection, in file order.
    pub fn ids(&self, kind: Kind) -> Vec<String> {
        coll::items(&self.doc, kind.key()).into_iter().flatten().filter_map(id_of).map(String::from).collect()
    }

    /// Applies `input` to the field at `path`, in the form the file writes
    /// that field. Changing an id renames the item and every reference to it.
    pub fn set(&mut self, path: &FieldPath, input: Input) -> Result<(), EditError> {
        let name = path.field.name;
        if name == "id" && path.kind.is_collection() {
            let Input::Whole(Value::Str(new)) = input else {
                return Err(refuse("ett id kan inte tas bort", "an id cannot be removed"));
            };
            return self.rename(path.kind, path.id.as_deref().unwrap_or(""), &new);
        }
        let index = self.locate(path.kind, path.id.as_deref())?;
        let table = self.item_mut(path.kind, index)?;
        let done = match (&path.sub, input) {
            (None, Input::Remove) => {
                table.remove(name);
                Ok(())
            }
            (None, Input::Whole(v)) => {
                write::field(table, name, &v);
                Ok(())
            }
            (Some(Sub::Key(key)), Input::Date(d)) => write::part(table, name, key, Scalar::Date(d)),
            (Some(Sub::Key(key)), Input::Year(y)) => write::part(table, name, key, Scalar::Year(y)),
            (Some(Sub::Key(key)), Input::Number(n)) => write::part(table, name, key, Scalar::Number(n)),
            (Some(Sub::Year(year)), Input::Remove) => write::measurement(table, name, *year, None),
            (Some(Sub::Year(year)), Input::Number(n)) => write::measurement(table, name, *year, Some(n)),
            _ => return Err(refuse("ogiltigt värde", "invalid value")),
        };
        done.map_err(|w| match w.at_field {
            true => self.refuse_at(path.kind, index, Some(name), w.text),
            false => EditError::Refused(w.text),
        })
    }

    /// Calls `f` with every reference in the document: the kind and id it
    /// points at, and where it is (the position of the item that holds it).
    fn each_ref<'a>(&'a self, mut f: impl FnMut(Kind, &'a str, Ref)) {
        for other in Kind::COLLECTIONS {
            let fields: Vec<(&'static str, Kind, bool)> = other
                .fields()
                .iter()
                .filter_map(|f| match f.ty {
                    FieldType::Ref(k) => Some((f.name, k, false)),
                    FieldType::RefList(k) => Some((f.name, k, true)),
                    _ => None,
                })
                .collect();
            if fields.is_empty() {
                continue;
            }
            for (index, t) in coll::items(&self.doc, other.key()).into_iter().enumerate() {
                let Some(t) = t else { continue };
                for &(field, target, is_list) in &fields {
                    let at = |shape| Ref { kind: other, index, field, shape };
                    match t.get(field).and_then(TItem::as_value) {
                        Some(toml_edit::Value::String(s)) => {
                            f(target, s.value().as_str(), at(if is_list { Shape::NotAList } else { Shape::One }))
                        }
                        Some(toml_edit::Value::Array(a)) if is_list => {
                            for (j, s) in a.iter().enumerate().filter_map(|(j, v)| Some((j, v.as_str()?))) {
                                // Once per item, however often a list names it.
                                if !a.iter().take(j).any(|v| v.as_str() == Some(s)) {
                                    f(target, s, at(Shape::List));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    /// Returns every reference to the item `id` of `kind`.
    fn refs_to(&self, kind: Kind, id: &str) -> Vec<Ref> {
        let mut out = Vec::new();
        self.each_ref(|k, to, r| {
            if k == kind && to == id {
                out.push(r);
            }
        });
        out
    }

    /// Returns the items that refer to `id` of `kind`.
    pub fn dependents(&self, kind: Kind, id: &str) -> Vec<Dependent> {
        let id_at = |r: &Ref| coll::item(&self.doc, r.kind.key(), r.index).and_then(id_of).unwrap_or("").to_string();
        self.refs_to(kind, id).iter().map(|r| Dependent { kind: r.kind, id: id_at(r), field: r.field }).collect()
    }

    /// Removes an item. With `cascade`, items that hang on it (a goal's
    /// activities and indicators, a focus area's goals) go too, and a party
    /// is taken off every `responsible` list; without it, an item that others
    /// refer to is refused with the list of those that do. Everything is
    /// checked before anything changes.
    pub fn remove(&mut self, kind: Kind, id: &str, cascade: bool) -> Result<Vec<(Kind, String)>, EditError> {
        if !kind.is_collection() {
            return Err(refuse("planen och revisionen kan inte tas bort", "the plan and revision cannot be removed"));
        }
        let target = self.find(kind, id)?;
        if !cascade {
            let dependents = self.dependents(kind, id);
            if !dependents.is_empty() {
                return Err(EditError::HasDependents { kind, id: id.to_string(), dependents });
            }
        }
        // Every reference, by what it points at: a cascade asks for each
        // item it reaches, and scanning the plan each time was quadratic.
        let mut refs: HashMap<(Kind, &str), Vec<Ref>> = HashMap::new();
        self.each_ref(|k, to, r| refs.entry((k, to)).or_default().push(r));
        let mut plan = Removal::default();
        self.plan_removal(kind, target, id, &refs, &mut plan)?;
        // An id followed to what hangs on it must be gone entirely, or
        // what hangs on it may belong to a copy that stays.
        for (k, followed) in &plan.followed {
            let all = self.indices(*k, followed);
            if all.iter().any(|i| !plan.removes(*k, *i)) {
                return Err(self.ambiguous(*k, followed, &all));
            }
        }
        let lists: Vec<&(Kind, usize, &'static str, String)> =
            plan.lists.iter().filter(|(k, i, _, _)| !plan.removes(*k, *i)).collect();
        self.check_lists(&lists)?;
        for (k, i, field, gone) in lists {
            let Ok(t) = self.item_mut(*k, Some(*i)) else { continue };
            let Some(arr) = t.get_mut(field).and_then(TItem::as_array_mut) else { continue };
            for j in (0..arr.len()).rev() {
                if arr.get(j).and_then(toml_edit::Value::as_str) == Some(gone.as_str()) {
                    remove_element(arr, j);
                }
            }
        }
        for k in Kind::COLLECTIONS {
            let gone: HashSet<usize> = plan.items.iter().filter(|(kk, _, _)| *kk == k).map(|(_, i, _)| *i).collect();
            if gone.is_empty() {
                continue;
            }
            if let Some(mut c) = self.coll(k) {
                c.remove_all(&gone);
            }
        }
        Ok(plan.items.into_iter().map(|(k, _, id)| (k, id)).collect())
    }

    /// Refuses a removal that would leave a list of references empty (an
    /// item's only responsible party).
    fn check_lists(&self, lists: &[&(Kind, usize, &'static str, String)]) -> Result<(), EditError> {
        let gone_ids: HashSet<&str> = lists.iter().map(|l| l.3.as_str()).collect();
        for (k, i, field, gone) in lists {
            let t = coll::item(&self.doc, k.key(), *i);
            let left = t
                .and_then(|t| t.get(field)?.as_array())
                .map_or(0, |a| a.iter().filter(|v| v.as_str().is_none_or(|s| !gone_ids.contains(s))).count());
            if left == 0 {
                let (did, pid) = (text::escape(t.and_then(id_of).unwrap_or("")), text::escape(gone));
                let text = Text::new(
                    format!("{pid} är enda ansvariga part för {did}; ange en annan part där först"),
                    format!("{pid} is the only responsible party of {did}; name another party there first"),
                );
                return Err(self.refuse_at(*k, Some(*i), Some(field), text));
            }
        }
        Ok(())
    }

    /// Adds to `plan` the item at `index` and, first, what hangs on it.
    fn plan_removal(
        &self,
        kind: Kind,
        index: usize,
        id: &str,
        all: &HashMap<(Kind, &str), Vec<Ref>>,
        plan: &mut Removal,
    ) -> Result<(), EditError> {
        if !plan.visited.insert((kind, index)) {
            return Ok(());
        }
        let refs = if id.is_empty() { &[][..] } else { all.get(&(kind, id)).map_or(&[][..], Vec::as_slice) };
        if !refs.is_empty() {
            plan.followed.push((kind, id.to_string()));
            for &r in refs {
                match r.shape {
                    Shape::One => {
                        let child = coll::item(&self.doc, r.kind.key(), r.index).and_then(id_of).unwrap_or("");
                        self.plan_removal(r.kind, r.index, child, all, plan)?;
                    }
                    Shape::List => plan.lists.push((r.kind, r.index, r.field, id.to_string())),
                    Shape::NotAList => {
                        let (f, i) = (r.field, text::escape(id));
                        let text = Text::new(
                            format!("`{f}` är ingen lista utan en sträng; skriv {f} = [\"{i}\", …] först"),
                            format!("`{f}` is not a list but a string; write {f} = [\"{i}\", …] first"),
                        );
                        return Err(self.refuse_at(r.kind, Some(r.index), Some(f), text));
                    }
                }
            }
        }
        plan.items.push((kind, index, id.to_string()));
        plan.removed.insert((kind, index));
        Ok(())
    }

    /// Renames an item and every reference to it, each written in the
    /// quotes it had.
    pub fn rename(&mut self, kind: Kind, old: &str, new: &str) -> Result<(), EditError> {
        if old == new {
            return Ok(());
        }
        if !self.indices(kind, new).is_empty() {
            let n = text::escape(new);
            return Err(refuse(format!("id \"{n}\" finns redan"), format!("the id \"{n}\" already exists")));
        }
        let target = self.find(kind, old)?;
        for r in self.refs_to(kind, old) {
            let Ok(t) = self.item_mut(r.kind, Some(r.index)) else { continue };
            match t.get_mut(r.field).and_then(TItem::as_value_mut) {
                Some(toml_edit::Value::Array(arr)) => {
                    for v in arr.iter_mut().filter(|v| v.as_str() == Some(old)) {
                        let decor = v.decor().clone();
                        *v = string_like(new, Some(v));
                        *v.decor_mut() = decor;
                    }
                }
                Some(v) => {
                    let renamed = string_like(new, Some(v));
                    set_value(t, r.field, renamed);
                }
                None => {}
            }
        }
        let t = self.item_mut(kind, Some(target))?;
        write::field(t, "id", &Value::Str(new.to_string()));
        Ok(())
    }

    /// Adds an item with the given fields (its `id` is set by the caller,
    /// usually to [`super::model::Plan::next_id`]). It goes after the last
    /// item with the same parent (`goal` or `focus_area`), so the file stays
    /// grouped, or last when it has none.
    pub fn add(&mut self, kind: Kind, fields: &[(&'static str, Value)]) -> Result<(), EditError> {
        let id = fields.iter().find(|(n, _)| *n == "id").and_then(|(_, v)| v.as_str()).unwrap_or("");
        if !self.indices(kind, id).is_empty() {
            let n = text::escape(id);
            return Err(refuse(format!("id \"{n}\" finns redan"), format!("the id \"{n}\" already exists")));
        }
        let parent = fields.iter().find(|(n, _)| matches!(*n, "goal" | "focus_area"));
        let items = coll::items(&self.doc, kind.key());
        let after = parent.and_then(|(pname, pval)| {
            let want = pval.as_str().unwrap_or("");
            items.iter().rposition(|t| t.and_then(|t| t.get(pname)?.as_str()) == Some(want))
        });
        // Each field is written as the item beside it writes the same field.
        let neighbour = after.or(items.len().checked_sub(1)).and_then(|i| items.get(i).copied().flatten());
        let ordered: Vec<(&'static str, TItem)> = kind
            .fields()
            .iter()
            .filter_map(|f| fields.iter().find(|(n, _)| *n == f.name))
            .map(|(n, v)| (*n, encode::shaped_like(to_toml(v), neighbour.and_then(|t| t.get(n)))))
            .collect();
        if self.doc.get(kind.key()).is_none() {
            self.doc.insert(kind.key(), TItem::ArrayOfTables(ArrayOfTables::new()));
        }
        let end = coll::end_position(&self.doc);
        let coll = self.coll(kind).ok_or_else(|| {
            refuse(
                format!("{} är ingen lista av tabeller", kind.key()),
                format!("{} is not an array of tables", kind.key()),
            )
        })?;
        match coll {
            Coll::Tables(aot) => {
                let mut table = Table::new();
                for (n, item) in ordered {
                    table.insert(n, item);
                }
                table.decor_mut().set_prefix("\n");
                let at = after.map_or(aot.len(), |i| i + 1);
                coll::insert_table(aot, at, table, Some(end));
            }
            Coll::Inline(arr) => {
                let mut table = InlineTable::new();
                for (n, item) in ordered {
                    if let Ok(v) = item.into_value() {
                        table.insert(n, v);
                    }
                }
                let at = after.map_or(arr.len(), |i| i + 1).min(arr.len());
                encode::insert_like_neighbours(arr, at, table.into());
            }
        }
        Ok(())
    }

    /// Moves an item to position `to` (0-based, clamped) within its
    /// collection, carrying its comments and the tables nested under it.
    pub fn reorder(&mut self, kind: Kind, id: &str, to: usize) -> Result<(), EditError> {
        let from = self.find(kind, id)?;
        let Some(coll) = self.coll(kind) else { return Err(Self::no_item(kind, id)) };
        let to = to.min(coll.len().saturating_sub(1));
        if from == to {
            return Ok(());
        }
        match coll {
            Coll::Tables(aot) => coll::move_table(aot, from, to),
            Coll::Inline(arr) => {
                let v = arr.remove(from);
                arr.insert_formatted(to, v);
            }
        }
        Ok(())
    }
}

/// What removing an item takes with it, worked out before anything changes.
#[derive(Default)]
struct Removal {
    /// The items that go, what hangs on an item before the item: kind,
    /// position, id.
    items: Vec<(Kind, usize, String)>,
    /// The same, to look up.
    removed: HashSet<(Kind, usize)>,
    /// Items looked at, to look at each once.
    visited: HashSet<(Kind, usize)>,
    /// The ids whose dependents were followed.
    followed: Vec<(Kind, String)>,
    /// Lists that lose an element: kind and position of the item, field,
    /// the id that goes.
    lists: Vec<(Kind, usize, &'static str, String)>,
}

impl Removal {
    fn removes(&self, kind: Kind, index: usize) -> bool {
        self.removed.contains(&(kind, index))
    }
}

impl PlanDoc {
    /// Records an unresolved merge conflict as a `[[conflicts]]` table at
    /// the end of the file.
    pub fn add_conflict(&mut self, c: &crate::plan::model::Conflict) {
        let mut t = Table::new();
        t.insert("kind", TItem::Value(c.kind.json_name().into()));
        t.insert("id", TItem::Value(c.id.as_str().into()));
        if let Some(f) = c.field {
            t.insert("field", TItem::Value(f.into()));
        }
        t.insert("reason", TItem::Value(c.reason.as_str().into()));
        for (key, v) in [("base", &c.base), ("ours", &c.ours), ("theirs", &c.theirs)] {
            if let Some(v) = v {
                t.insert(key, TItem::Value(to_toml(v)));
            }
        }
        if let Some(item) = &c.item {
            let mut it = InlineTable::new();
            for (n, v) in &item.fields {
                it.insert(*n, to_toml(v));
            }
            t.insert("item", TItem::Value(toml_edit::Value::from(it)));
        }
        t.decor_mut().set_prefix("\n");
        let end = coll::end_position(&self.doc);
        let entry = self.doc.entry("conflicts").or_insert_with(|| TItem::ArrayOfTables(ArrayOfTables::new()));
        if let Some(aot) = entry.as_array_of_tables_mut() {
            coll::insert_table(aot, aot.len(), t, Some(end));
        }
    }

    /// Removes the `index`th conflict record, and the array when it empties.
    pub fn remove_conflict(&mut self, index: usize) {
        let empty = match self.doc.get_mut("conflicts") {
            Some(TItem::ArrayOfTables(aot)) if index < aot.len() => {
                aot.remove(index);
                aot.is_empty()
            }
            _ => false,
        };
        if empty {
            self.doc.remove("conflicts");
        }
    }
}

#[cfg(test)]
mod tests;
