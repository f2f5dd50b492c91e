//! Three-way merge of a consultation or decisions file, for git: entries
//! (`[[parties]]`, `[[responses]]`, `[[points]]`, `[[decisions]]`) match
//! by identity and merge field by field, lists of keys merge as sets, and
//! what both sides changed differently becomes a `[[conflicts]]` table
//! that `check` reports, never text markers that would break the TOML.
//!
//! The result is OURS' document (its comments and layout) with THEIRS'
//! changes since BASE applied. Two people who each entered a new response
//! as `R4` get both: theirs becomes the next free id, its points follow.

use std::collections::HashMap;

use toml::Value as V;
use toml_edit::{DocumentMut, Item as TItem, Table};

use crate::i18n::Text;
use crate::plan::load::parse_guarded;
use crate::plan::schema::{Field, FieldType as T};
use crate::text;

/// The fields of a recorded merge conflict.
pub const CONFLICT: &[Field] = &[
    Field { name: "entry", ty: T::Text, required: true, sv: "Post", en: "Entry" },
    Field { name: "field", ty: T::Text, required: false, sv: "Fält", en: "Field" },
    Field { name: "reason", ty: T::Text, required: false, sv: "Orsak", en: "Reason" },
    Field { name: "base", ty: T::Text, required: false, sv: "Bas", en: "Base" },
    Field { name: "ours", ty: T::Text, required: false, sv: "Vår", en: "Ours" },
    Field { name: "theirs", ty: T::Text, required: false, sv: "Deras", en: "Theirs" },
];

/// The lists of entries, in the order they are merged (responses before
/// points, whose ids follow a renamed response).
const LISTS: [&str; 4] = ["parties", "responses", "points", "decisions"];

/// What a merge produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub text: String,
    /// One line per conflict recorded: `points/R3.2 disposition`.
    pub conflicts: Vec<String>,
    /// Their entries that got a new id: (list, their id, new id).
    pub renamed: Vec<(String, String, String)>,
}

fn refused(sv: String, en: String) -> Text {
    Text::new(sv, en)
}

fn parse(src: &str, side: &str) -> Result<toml::Table, Text> {
    parse_guarded(src).map_err(|e| {
        let m = e.to_string();
        let m = text::escape(&m).into_owned();
        refused(format!("{side}: {m}"), format!("{side}: {m}"))
    })?;
    toml::from_str::<toml::Table>(src).map_err(|e| {
        let m = text::escape(e.message()).into_owned();
        refused(format!("{side}: ogiltig TOML: {m}"), format!("{side}: invalid TOML: {m}"))
    })
}

/// Returns an entry's identity within its list.
fn identity(list: &str, t: &toml::Table) -> String {
    let s = |k: &str| t.get(k).map(|v| v.to_string()).unwrap_or_default();
    match list {
        "decisions" => format!("{}|{}|{}|{}", s("kind"), s("party"), s("body"), s("date")),
        _ => t.get("id").and_then(V::as_str).unwrap_or_default().to_string(),
    }
}

fn entries<'a>(doc: &'a toml::Table, list: &str) -> Vec<&'a toml::Table> {
    doc.get(list).and_then(V::as_array).map(|a| a.iter().filter_map(V::as_table).collect()).unwrap_or_default()
}

fn strings(v: &V) -> Option<Vec<&str>> {
    v.as_array()?.iter().map(V::as_str).collect()
}

/// Merges a list of strings as sets: ours, plus what theirs added, less
/// what theirs removed.
fn set_merge(b: Option<&V>, o: &V, t: &V) -> Option<V> {
    let (bs, os, ts) = (b.and_then(strings).unwrap_or_default(), strings(o)?, strings(t)?);
    let mut out: Vec<&str> = os.iter().copied().filter(|x| !bs.contains(x) || ts.contains(x)).collect();
    for x in ts {
        if !out.contains(&x) && !bs.contains(&x) {
            out.push(x);
        }
    }
    Some(V::Array(out.into_iter().map(|s| V::String(s.to_string())).collect()))
}

/// The outcome of one field.
enum Pick {
    Keep,
    Take(Option<V>),
    Conflict,
}

fn pick(b: Option<&V>, o: Option<&V>, t: Option<&V>) -> Pick {
    if o == t || t == b {
        return Pick::Keep;
    }
    if o == b {
        return Pick::Take(t.cloned());
    }
    match (o, t) {
        (Some(o), Some(t)) => match set_merge(b, o, t) {
            Some(v) if Some(&v) == Some(o) => Pick::Keep,
            Some(v) => Pick::Take(Some(v)),
            None => Pick::Conflict,
        },
        _ => Pick::Conflict,
    }
}

fn to_edit(v: &V) -> Option<toml_edit::Value> {
    // A value printed by `toml` reads back with `toml_edit` as the same value.
    let mut doc = toml::Table::new();
    doc.insert("v".into(), v.clone());
    let s = toml::to_string(&doc).ok()?;
    s.parse::<DocumentMut>().ok()?.get("v")?.as_value().cloned()
}

fn shown(v: Option<&V>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "(saknas)".into())
}

/// One conflict to record: entry, field, reason, and the three values.
type Conflict = (String, Option<String>, &'static str, String, String, String);

struct State {
    conflicts: Vec<Conflict>,
    renamed: Vec<(String, String, String)>,
}

/// Applies one field's merge to a table of ours' document.
fn merge_fields(
    entry: &str,
    b: Option<&toml::Table>,
    o: &toml::Table,
    t: &toml::Table,
    table: &mut dyn toml_edit::TableLike,
    st: &mut State,
) {
    let mut keys: Vec<&String> = o.keys().collect();
    keys.extend(t.keys().filter(|k| !o.contains_key(*k)));
    keys.extend(b.into_iter().flat_map(|b| b.keys()).filter(|k| !o.contains_key(*k) && !t.contains_key(*k)));
    for k in keys {
        let (bv, ov, tv) = (b.and_then(|b| b.get(k)), o.get(k), t.get(k));
        match pick(bv, ov, tv) {
            Pick::Keep => {}
            Pick::Take(None) => {
                table.remove(k);
            }
            Pick::Take(Some(v)) => match (to_edit(&v), table.get_mut(k)) {
                (Some(new), Some(TItem::Value(old))) => {
                    let decor = old.decor().clone();
                    *old = new;
                    *old.decor_mut() = decor;
                }
                (Some(new), _) => {
                    table.insert(k, TItem::Value(new));
                }
                (None, _) => {
                    st.conflicts.push((entry.into(), Some(k.clone()), "both_changed", shown(bv), shown(ov), shown(tv)))
                }
            },
            Pick::Conflict => {
                st.conflicts.push((entry.into(), Some(k.clone()), "both_changed", shown(bv), shown(ov), shown(tv)))
            }
        }
    }
}

fn fresh(taken: &[String], old: &str) -> String {
    // R4 → R5…, R4.2 → R4.3…: the same prefix, the next free number.
    let cut = old.rfind(|c: char| !c.is_ascii_digit()).map(|i| i + 1).unwrap_or(0);
    let prefix = if cut == old.len() { format!("{old}-") } else { old[..cut].to_string() };
    let mut n: u64 = old[cut..].parse().unwrap_or(1);
    loop {
        n += 1;
        let id = format!("{prefix}{n}");
        if !taken.contains(&id) {
            return id;
        }
    }
}

/// Merges THEIRS into OURS relative to BASE (the three texts of a side
/// file). Fails only when one of them is not TOML or OURS' layout cannot
/// be edited.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<Merged, Text> {
    let (b, o, mut t) = (parse(base, "BASE")?, parse(ours, "OURS")?, parse(theirs, "THEIRS")?);
    let mut doc = ours.parse::<DocumentMut>().map_err(|e| {
        let m = text::escape(e.message()).into_owned();
        refused(format!("OURS: {m}"), format!("OURS: {m}"))
    })?;
    let mut st = State { conflicts: Vec::new(), renamed: Vec::new() };
    // Their new responses and points whose id we also added for something else.
    for list in ["responses", "points"] {
        let mut taken: Vec<String> =
            [&b, &o, &t].iter().flat_map(|d| entries(d, list)).map(|e| identity(list, e)).collect();
        let mut map: Vec<(String, String)> = Vec::new();
        for e in entries(&t, list) {
            let id = identity(list, e);
            let ours_e = entries(&o, list).into_iter().find(|x| identity(list, x) == id);
            let in_base = entries(&b, list).iter().any(|x| identity(list, x) == id);
            if let (Some(oe), false) = (ours_e, in_base)
                && oe != e
            {
                let new = fresh(&taken, &id);
                taken.push(new.clone());
                st.renamed.push((list.into(), id.clone(), new.clone()));
                map.push((id, new));
            }
        }
        if !map.is_empty() {
            rename(&mut t, list, &map);
        }
    }
    let mut names: Vec<String> = Vec::new();
    for k in o.keys().chain(t.keys()).chain(b.keys()) {
        if !LISTS.contains(&k.as_str()) && k != "conflicts" && !names.contains(k) {
            names.push(k.clone());
        }
    }
    for name in &names {
        merge_fields("", Some(&only(&b, name)), &only(&o, name), &only(&t, name), doc.as_table_mut(), &mut st);
    }
    // Their new entries go after everything in ours, in their order.
    let mut end = isize::MAX / 2;
    for list in LISTS {
        merge_list(list, &b, &o, &t, &mut doc, &mut st, &mut end);
    }
    let mut text = doc.to_string();
    if !st.conflicts.is_empty() {
        let tables: Vec<Table> = st
            .conflicts
            .iter()
            .map(|(entry, field, reason, bv, ov, tv)| {
                let mut tb = Table::new();
                tb.insert("entry", toml_edit::value(if entry.is_empty() { "top" } else { entry.as_str() }));
                if let Some(f) = field {
                    tb.insert("field", toml_edit::value(f.as_str()));
                }
                tb.insert("reason", toml_edit::value(*reason));
                tb.insert("base", toml_edit::value(bv.as_str()));
                tb.insert("ours", toml_edit::value(ov.as_str()));
                tb.insert("theirs", toml_edit::value(tv.as_str()));
                tb
            })
            .collect();
        let mut aot = toml_edit::ArrayOfTables::new();
        for tb in tables {
            aot.push(tb);
        }
        let mut c = DocumentMut::new();
        c.insert("conflicts", TItem::ArrayOfTables(aot));
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&c.to_string());
    }
    let conflicts = st
        .conflicts
        .iter()
        .map(|(e, f, _, _, _, _)| {
            format!("{} {}", if e.is_empty() { "top" } else { e }, f.as_deref().unwrap_or("")).trim().to_string()
        })
        .collect();
    Ok(Merged { text, conflicts, renamed: st.renamed })
}

/// Returns a table holding only `name` of `doc`, if present.
fn only(doc: &toml::Table, name: &str) -> toml::Table {
    let mut t = toml::Table::new();
    if let Some(v) = doc.get(name) {
        t.insert(name.into(), v.clone());
    }
    t
}

/// Renames their entries of `list` (and, for responses, their points).
fn rename(t: &mut toml::Table, list: &str, map: &[(String, String)]) {
    let lookup = |s: &str| map.iter().find(|(a, _)| a == s).map(|(_, b)| b.clone());
    if let Some(V::Array(arr)) = t.get_mut(list) {
        for e in arr.iter_mut().filter_map(V::as_table_mut) {
            if let Some(new) = e.get("id").and_then(V::as_str).and_then(lookup) {
                e.insert("id".into(), V::String(new));
            }
        }
    }
    if list == "responses"
        && let Some(V::Array(points)) = t.get_mut("points")
    {
        for p in points.iter_mut().filter_map(V::as_table_mut) {
            let Some(resp) = p.get("response").and_then(V::as_str).map(String::from) else { continue };
            let Some(new) = lookup(&resp) else { continue };
            if let Some(id) = p.get("id").and_then(V::as_str).map(String::from)
                && let Some(rest) = id.strip_prefix(&format!("{resp}."))
            {
                p.insert("id".into(), V::String(format!("{new}.{rest}")));
            }
            p.insert("response".into(), V::String(new));
        }
    }
}

fn merge_list(
    list: &str,
    b: &toml::Table,
    o: &toml::Table,
    t: &toml::Table,
    doc: &mut DocumentMut,
    st: &mut State,
    end: &mut isize,
) {
    let (be, oe, te) = (entries(b, list), entries(o, list), entries(t, list));
    let by = |es: &[&toml::Table]| -> HashMap<String, toml::Table> {
        es.iter().map(|e| (identity(list, e), (*e).clone())).collect()
    };
    let (bm, om, tm) = (by(&be), by(&oe), by(&te));
    let label = |id: &str| format!("{list}/{id}");
    let mut append: Vec<toml::Table> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for e in &te {
        let id = identity(list, e);
        match (bm.get(&id), om.get(&id)) {
            (bb, Some(ours_e)) => {
                if let Some(table) = find_table(doc, list, &id) {
                    merge_fields(&label(&id), bb, ours_e, e, table, st);
                }
            }
            (Some(bb), None) => {
                if bb != *e {
                    // We removed what they changed: keep theirs and say so.
                    append.push((*e).clone());
                    st.conflicts.push((label(&id), None, "ours_removed", String::new(), String::new(), String::new()));
                }
            }
            (None, None) => append.push((*e).clone()),
        }
    }
    for (id, bb) in &bm {
        if tm.contains_key(id) {
            continue;
        }
        match om.get(id) {
            Some(ours_e) if ours_e == bb => remove.push(id.clone()),
            Some(_) => {
                st.conflicts.push((label(id), None, "theirs_removed", String::new(), String::new(), String::new()))
            }
            None => {}
        }
    }
    if !remove.is_empty()
        && let Some(TItem::ArrayOfTables(aot)) = doc.get_mut(list)
    {
        aot.retain(|tb| {
            let plain: Option<toml::Table> = toml::from_str(&tb.to_string()).ok();
            !plain.is_some_and(|p| remove.contains(&identity(list, &p)))
        });
    }
    if append.is_empty() {
        return;
    }
    if doc.get(list).is_none() {
        doc.insert(list, TItem::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    }
    if let Some(TItem::ArrayOfTables(aot)) = doc.get_mut(list) {
        for e in append {
            let s = toml::to_string(&e).unwrap_or_default();
            if let Ok(d) = s.parse::<DocumentMut>() {
                let mut table = d.as_table().clone();
                table.set_position(Some(*end));
                *end += 1;
                aot.push(table);
            }
        }
    }
}

fn find_table<'a>(doc: &'a mut DocumentMut, list: &str, id: &str) -> Option<&'a mut dyn toml_edit::TableLike> {
    match doc.get_mut(list)? {
        TItem::ArrayOfTables(aot) => aot
            .iter_mut()
            .find(|tb| toml::from_str::<toml::Table>(&tb.to_string()).ok().is_some_and(|p| identity(list, &p) == id))
            .map(|tb| tb as &mut dyn toml_edit::TableLike),
        TItem::Value(toml_edit::Value::Array(arr)) => arr
            .iter_mut()
            .filter_map(|v| v.as_inline_table_mut())
            .find(|tb| {
                toml::from_str::<toml::Table>(&format!("x = {tb}"))
                    .ok()
                    .and_then(|p| p.get("x").and_then(V::as_table).cloned())
                    .is_some_and(|p| identity(list, &p) == id)
            })
            .map(|tb| tb as &mut dyn toml_edit::TableLike),
        _ => None,
    }
}
