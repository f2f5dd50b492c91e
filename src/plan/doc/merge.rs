//! Three-way merge of one unit of a plan file (see [`super::units`]) with
//! `toml_edit`, key by key: a key only one side touched is taken from that
//! side exactly as written there (value, comments, spacing); a key both
//! touched has its value and each place of comments around it merged on
//! their own; tables the format does not know merge key by key, lists of
//! tables by their entries' ids, lists of parties as sets and measurements
//! by year, area and sex. What cannot be combined is left as ours and
//! recorded as a [`MergeConflict`], never picked silently.

mod list;
mod record;
mod same;

use std::collections::HashMap;

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, TableLike, Value};

use super::PlanDoc;
use super::units::{UnitKey, Unreadable};
use crate::i18n::Text;
use crate::plan::schema::{Field, FieldType, Kind};

pub use record::records;

/// One unit of a plan file, parsed.
#[derive(Debug, Clone)]
pub struct Piece {
    doc: PlanDoc,
}

impl Piece {
    /// Parses a unit's text (or a whole file's).
    pub fn parse(text: &str) -> Result<Piece, Unreadable> {
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| Unreadable { offset: e.span().map_or(0, |s| s.start), message: e.message().to_string() })?;
        Ok(Piece { doc: PlanDoc { doc, bom: false, crlf: super::units::is_crlf(text), verbatim: None } })
    }

    /// Returns the unit's text, with its own line endings.
    pub fn render(&self) -> String {
        self.doc.render()
    }

    /// Returns the top-level `format`, if the unit holds it as a string.
    pub fn format(&self) -> Option<&str> {
        self.doc.doc.get("format")?.as_str()
    }

    fn entry(&self, list: &str) -> Option<&Table> {
        self.doc.doc.get(list)?.as_array_of_tables()?.get(0)
    }

    fn entry_mut(&mut self, list: &str) -> Option<&mut Table> {
        self.doc.doc.get_mut(list)?.as_array_of_tables_mut()?.get_mut(0)
    }

    /// Returns the `id` of the entry of `list` this unit holds.
    pub fn entry_id(&self, list: &str) -> Option<&str> {
        self.entry(list)?.get("id")?.as_str()
    }

    /// Returns a text that two entries share when they mean the same,
    /// with their ids (`with_id`) or without them (to find a renamed item).
    pub fn meaning(&self, list: &str, with_id: bool) -> Option<String> {
        Some(same::meaning_without(self.entry(list)?, if with_id { "" } else { "id" }))
    }

    /// Returns the items this entry hangs on (its `goal`, its `focus_area`).
    pub fn parents(&self, list: &str) -> Vec<(Kind, String)> {
        let (Some(kind), Some(t)) = (collection(list), self.entry(list)) else { return Vec::new() };
        kind.fields()
            .iter()
            .filter_map(|f| match f.ty {
                FieldType::Ref(k) => Some((k, t.get(f.name)?.as_str()?.to_string())),
                _ => None,
            })
            .collect()
    }

    /// Gives the entry of `list` the id `new`.
    pub fn set_id(&mut self, list: &str, new: &str) {
        if let Some(t) = self.entry_mut(list) {
            super::encode::set_value(t, "id", Value::from(new));
        }
    }

    /// Changes the entry's references to other items (`goal`,
    /// `responsible`, …) by `map` (kind and old id to new id), keeping
    /// their layout. Returns true if one changed.
    pub fn rewrite_refs(&mut self, list: &str, map: &HashMap<(Kind, String), String>) -> bool {
        let Some(kind) = collection(list) else { return false };
        let Some(t) = self.entry_mut(list) else { return false };
        let mut changed = false;
        for f in kind.fields() {
            match f.ty {
                FieldType::Ref(k) => {
                    let new = t.get(f.name).and_then(Item::as_str).and_then(|s| map.get(&(k, s.to_string())));
                    if let Some(new) = new.cloned() {
                        super::encode::set_value(t, f.name, Value::from(new));
                        changed = true;
                    }
                }
                FieldType::RefList(k) => {
                    let Some(arr) = t.get_mut(f.name).and_then(Item::as_array_mut) else { continue };
                    for v in arr.iter_mut() {
                        if let Some(new) = v.as_str().and_then(|s| map.get(&(k, s.to_string()))) {
                            let decor = v.decor().clone();
                            *v = Value::from(new.as_str());
                            *v.decor_mut() = decor;
                            changed = true;
                        }
                    }
                }
                _ => {}
            }
        }
        changed
    }
}

/// Returns the kind of a top-level list of tables the format knows.
fn collection(list: &str) -> Option<Kind> {
    Kind::from_key(list).filter(|k| k.is_collection())
}

/// Why a merge left something for a person to settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Both sides changed one value differently; the file holds ours.
    BothChanged,
    /// We removed the item, they changed it; the file holds theirs.
    OursRemoved,
    /// They removed the item, we changed it; the file holds ours.
    TheirsRemoved,
    /// We removed the item and they started using it; the file holds it.
    OursRemovedUsed,
    /// They removed the item and we started using it; the file holds it.
    TheirsRemovedUsed,
    /// Both sides changed one comment differently; the file holds ours.
    Comment,
    /// Their change, together with ours in the same item, breaks a rule of
    /// the format; the file holds ours.
    Invalid,
}

impl Reason {
    /// Returns the name written in `[[conflicts]]`.
    pub fn name(self) -> &'static str {
        match self {
            Reason::BothChanged => "both_changed",
            Reason::OursRemoved => "ours_removed",
            Reason::TheirsRemoved => "theirs_removed",
            Reason::OursRemovedUsed => "ours_removed_used",
            Reason::TheirsRemovedUsed => "theirs_removed_used",
            Reason::Comment => "comment",
            Reason::Invalid => "invalid",
        }
    }
}

/// Where a comment sits: on the lines above a key or header, after it on
/// its line, or at the end of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Above,
    Inline,
    End,
}

impl Part {
    /// Returns the name written in `[[conflicts]]`.
    pub fn name(self) -> &'static str {
        match self {
            Part::Above => "above",
            Part::Inline => "inline",
            Part::End => "end",
        }
    }
}

/// Something a merge could not combine, with where it is and each side's
/// version, as it is recorded in the file's `[[conflicts]]`.
#[derive(Debug, Clone)]
pub struct MergeConflict {
    /// The place from the top of the file: keys, and the id of an entry
    /// where the path goes through a list of tables (`activities`, `A3`, `due`).
    pub at: Vec<String>,
    pub reason: Reason,
    /// For a comment: which of its places.
    pub part: Option<Part>,
    /// The base's, ours' and theirs' value (absent: that side has none).
    values: [Option<Value>; 3],
    /// For an item kept because it is used: what uses it (`activity/A9`).
    pub used_by: Vec<String>,
    /// For [`Reason::Invalid`]: the rule that the combination breaks.
    pub rule: Option<Text>,
    /// For a text both sides edited where the edits overlap: each
    /// overlapping span's base, ours and theirs (`ours` and `theirs` above
    /// are then the whole text merged with ours' or theirs' spans).
    pub overlaps: Vec<[String; 3]>,
}

impl MergeConflict {
    /// Returns a conflict about a whole item (kept, removed on one side).
    pub fn item(at: Vec<String>, reason: Reason) -> MergeConflict {
        MergeConflict {
            at,
            reason,
            part: None,
            values: [None, None, None],
            used_by: Vec::new(),
            rule: None,
            overlaps: Vec::new(),
        }
    }

    /// Returns the schema item and field the conflict is about: its kind
    /// (the plan for a place outside every item), id and field.
    pub fn place(&self) -> (Kind, String, Option<&'static str>) {
        let seg = |i: usize| self.at.get(i).map(String::as_str);
        match seg(0).and_then(Kind::from_key) {
            Some(kind) if kind.is_collection() && self.at.len() >= 2 => {
                let field = (self.at.len() == 3).then(|| kind.field(&self.at[2]).map(|f| f.name)).flatten();
                (kind, self.at[1].clone(), field)
            }
            Some(kind) if !kind.is_collection() => {
                let field = (self.at.len() == 2).then(|| kind.field(&self.at[1]).map(|f| f.name)).flatten();
                (kind, String::new(), field)
            }
            _ => (Kind::Plan, String::new(), None),
        }
    }

    /// Returns a conflict about one place of comments (`[b, o, t]` are the
    /// base's, ours' and theirs' text there).
    pub fn comment(at: Vec<String>, part: Part, texts: [&str; 3]) -> MergeConflict {
        let values = texts.map(|t| Some(Value::from(t)));
        MergeConflict {
            at,
            reason: Reason::Comment,
            part: Some(part),
            values,
            used_by: Vec::new(),
            rule: None,
            overlaps: Vec::new(),
        }
    }

    /// Returns true if the place lies inside an item the format describes
    /// (or is the file as a whole).
    pub fn in_schema(&self) -> bool {
        self.at.first().is_none_or(|k| Kind::from_key(k).is_some())
    }

    /// Returns the place as a dotted TOML key (`activities.A3.due`).
    pub fn at_text(&self) -> String {
        dotted(&self.at)
    }

    /// Returns one side's value (0 base, 1 ours, 2 theirs) as TOML text,
    /// or a comment's text.
    pub fn shown(&self, side: usize) -> Option<String> {
        let v = self.values.get(side)?.as_ref()?;
        Some(match (self.part, v.as_str()) {
            (Some(_), Some(s)) => s.to_string(),
            _ => v.to_string(),
        })
    }
}

/// Returns a key path as dotted TOML (quoting keys that need it).
pub fn dotted(path: &[String]) -> String {
    path.iter().map(|s| Key::new(s.as_str()).display_repr().into_owned()).collect::<Vec<_>>().join(".")
}

/// How one unit is merged.
#[derive(Debug, Default)]
pub struct Options {
    /// Keep ours wherever they changed something, recording each such
    /// change as [`Reason::Invalid`] (the combination broke a rule).
    pub force: bool,
    /// Entries of top-level lists (list key, id) to keep although one side
    /// removed them, with what uses them.
    pub keep: HashMap<(String, String), Vec<String>>,
}

/// Merges one unit: `ours` with what `theirs` changed since `base`.
/// Conflicts are added to `out`.
pub fn merge_pieces(
    key: &UnitKey,
    base: Option<&Piece>,
    ours: &Piece,
    theirs: &Piece,
    opts: &Options,
    out: &mut Vec<MergeConflict>,
) -> Piece {
    let mut merged = ours.clone();
    let mut m = Merger { opts, out };
    let first = m.out.len();
    match key {
        UnitKey::Entry(list) => {
            let id = ours.entry_id(list).or_else(|| theirs.entry_id(list)).unwrap_or("").to_string();
            let here = Here { at: vec![list.clone(), id], schema: collection(list) };
            let base_entry = base.and_then(|b| b.entry(list));
            if let (Some(o), Some(t)) = (merged.entry_mut(list), theirs.entry(list)) {
                m.table(&here, base_entry.map(|t| t as &dyn TableLike), &mut Dest::Table(o), t);
                let part = |t: Option<&Table>| t.map(header_around);
                let result = m.around(&here.at, part(base_entry), header_around(o), header_around(t));
                set_header_around(o, &result);
            }
            // An entry renamed on their side is known by its new id.
            if let Some(new) = merged.entry_id(list).map(String::from) {
                for c in &mut m.out[first..] {
                    if c.at.len() >= 2 && c.at[0] == *list {
                        c.at[1] = new.clone();
                    }
                }
            }
        }
        UnitKey::Root | UnitKey::Table(_) | UnitKey::End => {
            let here = Here { at: Vec::new(), schema: None };
            let b = base.map(|b| b.doc.doc.as_table() as &dyn TableLike);
            m.table(&here, b, &mut Dest::Table(merged.doc.doc.as_table_mut()), theirs.doc.doc.as_table());
        }
    }
    merged
}

/// Merges the comments at the end of a file (the end unit's text): theirs
/// when only they changed them; ours, with a conflict, when both did.
pub fn merge_end(base: &str, ours: &str, theirs: &str, out: &mut Vec<MergeConflict>) -> String {
    let opts = Options::default();
    let mut m = Merger { opts: &opts, out };
    m.pick(&[], Part::End, base, ours, theirs).unwrap_or_else(|| ours.to_string())
}

/// Where a table being merged sits, and which kind's fields it holds.
#[derive(Debug, Clone)]
struct Here {
    at: Vec<String>,
    schema: Option<Kind>,
}

impl Here {
    fn key(&self, k: &str) -> Vec<String> {
        let mut at = self.at.clone();
        at.push(k.to_string());
        at
    }

    /// Returns where the table under key `k` sits: `[plan]` and
    /// `[revision]` hold their kind's fields, other tables unknown keys.
    fn child(&self, k: &str) -> Here {
        let schema = if self.at.is_empty() { Kind::from_key(k).filter(|kind| !kind.is_collection()) } else { None };
        Here { at: self.key(k), schema }
    }

    fn field(&self, k: &str) -> Option<&'static Field> {
        self.schema?.field(k)
    }
}

/// A table being written into: a `[table]` or an inline `{ … }`.
enum Dest<'a> {
    Table(&'a mut Table),
    Inline(&'a mut InlineTable),
}

impl Dest<'_> {
    fn of(item: &mut Item) -> Option<Dest<'_>> {
        match item {
            Item::Table(t) => Some(Dest::Table(t)),
            Item::Value(Value::InlineTable(t)) => Some(Dest::Inline(t)),
            _ => None,
        }
    }

    fn like(&mut self) -> &mut dyn TableLike {
        match self {
            Dest::Table(t) => *t,
            Dest::Inline(t) => *t,
        }
    }

    /// Sets key `key` to `item` (an inline table takes only values: a
    /// table becomes inline there), with `key`'s own layout.
    fn put(&mut self, key: &Key, mut item: Item) {
        unposition(&mut item);
        if matches!(self, Dest::Inline(_)) {
            match item.into_value() {
                Ok(v) => item = Item::Value(v),
                Err(_) => return,
            }
        }
        if item.is_none() {
            return;
        }
        let t = self.like();
        match t.get_mut(key.get()) {
            Some(slot) => *slot = item,
            None => {
                t.entry_format(key).or_insert(item);
            }
        }
        if let Some(mut k) = t.key_mut(key.get()) {
            *k.leaf_decor_mut() = key.leaf_decor().clone();
            *k.dotted_decor_mut() = key.dotted_decor().clone();
        }
    }

    /// Puts the keys in the order given (by their place in `rank`).
    fn arrange(&mut self, rank: &HashMap<String, usize>) {
        let at = |k: &Key| rank.get(k.get()).copied().unwrap_or(usize::MAX);
        match self {
            Dest::Table(t) => t.sort_values_by(|a, _, b, _| at(a).cmp(&at(b))),
            Dest::Inline(t) => t.sort_values_by(|a, _, b, _| at(a).cmp(&at(b))),
        }
    }
}

/// Clears where tables copied from another document sit in it, so that
/// they print after what precedes them here.
fn unposition(item: &mut Item) {
    match item {
        Item::Table(t) => {
            t.set_position(None);
            for (_, v) in t.iter_mut() {
                unposition(v);
            }
        }
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                t.set_position(None);
                for (_, v) in t.iter_mut() {
                    unposition(v);
                }
            }
        }
        Item::Value(_) | Item::None => {}
    }
}

/// The comments and spacing around a key's line (or a header): the lines
/// above it, what follows on its line, and the spacing in between.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Around {
    above: String,
    inline: String,
    spacing: [String; 2],
}

fn raw(r: Option<&toml_edit::RawString>) -> String {
    r.and_then(|r| r.as_str()).unwrap_or("").to_string()
}

fn around(key: &Key, item: &Item) -> Around {
    let leaf = key.leaf_decor();
    match item {
        Item::Value(v) => Around {
            above: raw(leaf.prefix()),
            inline: raw(v.decor().suffix()),
            spacing: [raw(leaf.suffix()), raw(v.decor().prefix())],
        },
        Item::Table(t) if !t.is_dotted() => Around {
            above: raw(t.decor().prefix()),
            inline: raw(t.decor().suffix()),
            spacing: [raw(leaf.prefix()), raw(leaf.suffix())],
        },
        _ => Around { above: raw(leaf.prefix()), inline: String::new(), spacing: [raw(leaf.suffix()), String::new()] },
    }
}

fn set_around(dest: &mut Dest<'_>, k: &str, a: &Around) {
    let t = dest.like();
    let is_header = matches!(t.get(k), Some(Item::Table(t)) if !t.is_dotted());
    if let Some(mut key) = t.key_mut(k) {
        let leaf = key.leaf_decor_mut();
        if is_header {
            leaf.set_prefix(a.spacing[0].as_str());
            leaf.set_suffix(a.spacing[1].as_str());
        } else {
            leaf.set_prefix(a.above.as_str());
            leaf.set_suffix(a.spacing[0].as_str());
        }
    }
    match t.get_mut(k) {
        Some(Item::Value(v)) => {
            v.decor_mut().set_prefix(a.spacing[1].as_str());
            v.decor_mut().set_suffix(a.inline.as_str());
        }
        Some(Item::Table(t)) if is_header => {
            t.decor_mut().set_prefix(a.above.as_str());
            t.decor_mut().set_suffix(a.inline.as_str());
        }
        _ => {}
    }
}

fn header_around(t: &Table) -> Around {
    Around { above: raw(t.decor().prefix()), inline: raw(t.decor().suffix()), spacing: Default::default() }
}

fn set_header_around(t: &mut Table, a: &Around) {
    if header_around(t) != *a {
        t.decor_mut().set_prefix(a.above.as_str());
        t.decor_mut().set_suffix(a.inline.as_str());
    }
}

/// Returns true if a text of comments and blanks holds a comment.
fn has_comment(s: &str) -> bool {
    s.contains('#')
}

/// Returns a comment text without differences in spacing.
fn squeezed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value as it is recorded: without the comments and spacing around it.
fn record_value(item: &Item) -> Option<Value> {
    let mut v = item.clone().into_value().ok()?;
    v.decor_mut().clear();
    match &mut v {
        Value::Array(a) => a.fmt(),
        Value::InlineTable(t) => t.fmt(),
        _ => {}
    }
    Some(v)
}

/// Merges tables, collecting conflicts.
struct Merger<'a> {
    opts: &'a Options,
    out: &'a mut Vec<MergeConflict>,
}

impl Merger<'_> {
    fn conflict(&mut self, at: Vec<String>, reason: Reason, values: [Option<&Item>; 3]) {
        let values = values.map(|v| v.and_then(record_value));
        self.out.push(MergeConflict {
            at,
            reason,
            part: None,
            values,
            used_by: Vec::new(),
            rule: None,
            overlaps: Vec::new(),
        });
    }

    /// Merges two edits of one text of the format word by word (issue
    /// #21): the merged text in ours' quotes, or, where the edits overlap,
    /// the text with ours' spans, and a conflict that holds the overlapping
    /// spans and both whole results. Returns false for values that are not
    /// all text, leaving the conflict to the caller.
    fn text(
        &mut self,
        at: &[String],
        field: Option<&Field>,
        b: Option<&Item>,
        o: &mut Dest<'_>,
        k: &Key,
        t: &Item,
    ) -> bool {
        let is_text = field.is_some_and(|f| matches!(f.ty, FieldType::Text | FieldType::LongText));
        let (Some(base), Some(ours), Some(theirs)) =
            (b.and_then(Item::as_str), o.like().get(k.get()).and_then(Item::as_str), t.as_str())
        else {
            return false;
        };
        if !is_text {
            return false;
        }
        let merged = crate::plan::prose::merge3(base, ours, theirs);
        let like = o.like().get(k.get()).and_then(Item::as_value).cloned();
        let written = |s: &str| Item::Value(super::encode::string_like(s, like.as_ref()));
        let (ours_text, theirs_text) = (written(&merged.ours), written(&merged.theirs));
        if !merged.overlaps.is_empty() {
            let values = [b, Some(&ours_text), Some(&theirs_text)].map(|v| v.and_then(record_value));
            self.out.push(MergeConflict {
                at: at.to_vec(),
                reason: Reason::BothChanged,
                part: None,
                values,
                used_by: Vec::new(),
                rule: None,
                overlaps: merged.overlaps,
            });
        }
        if let Some(slot) = o.like().get_mut(k.get()) {
            let decor = slot.as_value().map(|v| v.decor().clone());
            *slot = ours_text;
            if let (Some(d), Some(v)) = (decor, slot.as_value_mut()) {
                *v.decor_mut() = d;
            }
        }
        true
    }

    /// Merges table `t` (theirs) into `o` (ours) relative to `b`.
    fn table(&mut self, here: &Here, b: Option<&dyn TableLike>, o: &mut Dest<'_>, t: &dyn TableLike) {
        let ours_keys: Vec<String> = o.like().iter().map(|(k, _)| k.to_string()).collect();
        let theirs_new: Vec<String> =
            t.iter().map(|(k, _)| k).filter(|k| !ours_keys.iter().any(|o| o == k)).map(String::from).collect();
        for k in ours_keys.iter().chain(&theirs_new) {
            self.key(here, k, b, o, t);
        }
        let added = theirs_new.iter().any(|k| o.like().contains_key(k));
        if added {
            // Their new keys go where they wrote them, after the key before.
            let mut names: Vec<&str> = ours_keys.iter().map(String::as_str).collect();
            names.extend(theirs_new.iter().map(String::as_str));
            let number: HashMap<&str, usize> = names.iter().enumerate().map(|(i, k)| (*k, i)).collect();
            let seq = |keys: Vec<&str>| keys.into_iter().filter_map(|k| number.get(k).copied()).collect::<Vec<_>>();
            let base_seq = seq(b.map(|b| b.iter().map(|(k, _)| k).collect()).unwrap_or_default());
            let theirs_seq = seq(t.iter().map(|(k, _)| k).collect());
            let ours_seq: Vec<usize> = (0..ours_keys.len()).collect();
            let kept: Vec<bool> = names.iter().map(|k| o.like().contains_key(k)).collect();
            let order = crate::plan::threeway::order(names.len(), &base_seq, &ours_seq, &theirs_seq, &kept);
            let rank: HashMap<String, usize> =
                order.iter().enumerate().map(|(r, &u)| (names[u].to_string(), r)).collect();
            o.arrange(&rank);
        }
    }

    /// Merges one key of a table.
    fn key(&mut self, here: &Here, k: &str, b: Option<&dyn TableLike>, o: &mut Dest<'_>, t: &dyn TableLike) {
        let bi = b.and_then(|b| b.get_key_value(k));
        let ti = t.get_key_value(k);
        let written = |kv: Option<(&Key, &Item)>| kv.map(|(k, v)| same::written(k, v));
        let (bw, tw) = (written(bi), written(ti));
        // A list with entries to keep merges entry by entry, whoever changed it.
        let keeps = here.at.is_empty() && self.opts.keep.keys().any(|(list, _)| list == k);
        if bw == tw && !keeps {
            return;
        }
        let oi: Option<(Key, Item)> = o.like().get_key_value(k).map(|(k, v)| (k.clone(), v.clone()));
        let ow = if keeps { None } else { written(oi.as_ref().map(|(k, v)| (k, v))) };
        let at = here.key(k);
        fn values<'v>(
            bi: Option<(&'v Key, &'v Item)>,
            ti: Option<(&'v Key, &'v Item)>,
            oi: &'v Option<(Key, Item)>,
        ) -> [Option<&'v Item>; 3] {
            [bi.map(|x| x.1), oi.as_ref().map(|x| &x.1), ti.map(|x| x.1)]
        }
        if ow == bw && !keeps {
            // Only they touched it: theirs, as they wrote it.
            let same_meaning = match (&oi, ti) {
                (Some((_, ov)), Some((_, tv))) => same::same(ov, tv),
                (None, None) => true,
                _ => false,
            };
            if self.opts.force && !same_meaning {
                self.conflict(at, Reason::Invalid, values(bi, ti, &oi));
                return;
            }
            match ti {
                Some((tk, tv)) => o.put(tk, tv.clone()),
                None => {
                    o.like().remove(k);
                }
            }
            return;
        }
        if ow == tw && !keeps {
            return;
        }
        let (Some((okey, oitem)), Some((tkey, titem))) = (&oi, ti) else {
            // Removed on one side, changed on the other.
            self.conflict(at, Reason::BothChanged, values(bi, ti, &oi));
            return;
        };
        let field = here.field(k);
        let bitem = bi.map(|x| x.1);
        if field.is_none() && oitem.is_table_like() && titem.is_table_like() && bitem.is_none_or(Item::is_table_like) {
            // A table of keys the format does not know: key by key.
            let child = here.child(k);
            let theirs_table = titem.as_table_like();
            if let (Some(slot), Some(tt)) = (o.like().get_mut(k), theirs_table)
                && let Some(mut dest) = Dest::of(slot)
            {
                self.table(&child, bitem.and_then(Item::as_table_like), &mut dest, tt);
            }
        } else if !self.list(&at, here, k, field, bitem, o, titem) && !self.set(&at, field, bitem, o, k, titem) {
            let same_as = |a: Option<&Item>, b: &Item| a.is_some_and(|a| same::same(a, b));
            if same::same(oitem, titem) || same_as(bitem, titem) {
                // The value stays ours; comments may still have changed.
            } else if same_as(bitem, oitem) {
                if self.opts.force {
                    self.conflict(at, Reason::Invalid, values(bi, ti, &oi));
                    return;
                }
                // Their value, in the comments and spacing merged below.
                let mut key = okey.clone();
                *key.leaf_decor_mut() = tkey.leaf_decor().clone();
                o.put(&key, titem.clone());
            } else if !self.text(&at, field, bitem, o, okey, titem) {
                self.conflict(at, Reason::BothChanged, values(bi, ti, &oi));
                return;
            }
        }
        // The comments and spacing around the key, place by place.
        let base_around = bi.map(|(k, v)| around(k, v));
        let ours_around = around(okey, oitem);
        let merged = self.around(&at, base_around, ours_around, around(tkey, titem));
        let now = o.like().get_key_value(k).map(|(k, v)| around(k, v));
        if now.as_ref() != Some(&merged) {
            set_around(o, k, &merged);
        }
    }

    /// Merges the comments and spacing around one line, recording a
    /// conflict where both sides wrote a different comment in one place.
    fn around(&mut self, at: &[String], b: Option<Around>, o: Around, t: Around) -> Around {
        let b = b.unwrap_or_default();
        let mut out = o.clone();
        if let Some(v) = self.pick(at, Part::Above, &b.above, &o.above, &t.above) {
            out.above = v;
        }
        if let Some(v) = self.pick(at, Part::Inline, &b.inline, &o.inline, &t.inline) {
            out.inline = v;
        }
        for i in 0..2 {
            if o.spacing[i] == b.spacing[i] {
                out.spacing[i] = t.spacing[i].clone();
            }
        }
        out
    }

    /// Three-way merge of one place of comments: returns theirs when only
    /// they changed it, `None` to keep ours (recording a conflict when
    /// both wrote different comments there).
    fn pick(&mut self, at: &[String], part: Part, b: &str, o: &str, t: &str) -> Option<String> {
        if t == b || o == t {
            return None;
        }
        if o == b {
            return Some(t.to_string());
        }
        // Both changed it; a change of spacing alone gives way to the other.
        let (sb, so, st) = (squeezed(b), squeezed(o), squeezed(t));
        if st == sb || so == st {
            return None;
        }
        if so == sb {
            return Some(t.to_string());
        }
        if has_comment(o) || has_comment(t) {
            self.out.push(MergeConflict::comment(at.to_vec(), part, [b, o, t]));
        }
        None
    }
}

#[cfg(test)]
mod tests;
