//! Three-way merge of a consultation or decisions file, for git: entries
//! (`[[parties]]`, `[[responses]]`, `[[points]]`, `[[decisions]]`) match
//! by identity and merge field by field, lists of keys merge as sets, and
//! what both sides changed differently becomes a `[[conflicts]]` table
//! that `check` reports, never text markers that would break the TOML.
//!
//! The result is OURS' document (its comments and layout) with THEIRS'
//! changes since BASE applied as theirs wrote them: new entries and changed
//! values in their layout with their comments, and the comments they added
//! or edited on entries both sides have (beside ours' when both did). Two people who each entered a new response
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

/// Parses one of the three texts; a refusal names it (`name`, the path
/// shown for it) with the line and column, as every other message does.
fn parse(src: &str, name: &str) -> Result<toml::Table, Text> {
    parse_guarded(src)
        .map_err(|e| Text::new(e.render(name, crate::i18n::Lang::Sv), e.render(name, crate::i18n::Lang::En)))?;
    toml::from_str::<toml::Table>(src).map_err(|e| {
        let m = text::escape(e.message()).into_owned();
        let at = located(src, name, e.span().map(|s| s.start));
        refused(format!("{at}: fel: ogiltig TOML: {m}"), format!("{at}: error: invalid TOML: {m}"))
    })
}

/// Returns `NAME:LINE:COL` for a byte offset in `src`, or `NAME` without one.
fn located(src: &str, name: &str, offset: Option<usize>) -> String {
    match offset {
        Some(o) => {
            let (line, col) = crate::plan::finding::LineIndex::new(src).locate(o);
            format!("{name}:{line}:{col}")
        }
        None => name.to_string(),
    }
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
    (bt, tt): (Option<&Table>, Option<&Table>),
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
            // Theirs' value as they wrote it (its layout and its comment)
            // when it is theirs' value unchanged, not a union of two sets.
            Pick::Take(Some(v)) if tv == Some(&v) && tt.is_some_and(|tt| tt.contains_key(k)) => {
                let theirs = tt.and_then(|tt| tt.get(k)).cloned().unwrap_or_default();
                match (table.get_mut(k), theirs) {
                    (Some(TItem::Value(old)), TItem::Value(new)) => *old = new,
                    (_, item) => {
                        table.insert(k, item);
                    }
                }
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
        merge_comments(k, bt, tt, table);
    }
}

fn raw(d: &toml_edit::Decor, prefix: bool) -> String {
    let r = if prefix { d.prefix() } else { d.suffix() };
    r.and_then(|r| r.as_str()).unwrap_or("").to_string()
}

/// Three-way merge of one decoration (the comment lines above a key or a
/// table, or the comment after a value): theirs' when only they changed
/// it; when both did, ours with the comment lines only theirs wrote.
fn merged_comment(b: &str, o: &str, t: &str) -> Option<String> {
    if t == b || t == o {
        return None;
    }
    if o == b {
        return Some(t.to_string());
    }
    let known = |l: &str| o.lines().chain(b.lines()).any(|x| x.trim() == l.trim());
    let extra: Vec<&str> = t.lines().filter(|l| l.trim_start().starts_with('#') && !known(l)).collect();
    if extra.is_empty() {
        return None;
    }
    let mut out = o.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for l in extra {
        out.push_str(l.trim_start());
        out.push('\n');
    }
    Some(out)
}

/// Carries over the comments theirs wrote on key `k` of an entry that is
/// in ours: above the key, and after its value.
fn merge_comments(k: &str, bt: Option<&Table>, tt: Option<&Table>, table: &mut dyn toml_edit::TableLike) {
    let Some((tkey, titem)) = tt.and_then(|tt| tt.get_key_value(k)) else { return };
    let bkv = bt.and_then(|bt| bt.get_key_value(k));
    let b_prefix = bkv.map(|(key, _)| raw(key.leaf_decor(), true)).unwrap_or_default();
    let b_suffix = bkv.and_then(|(_, i)| i.as_value()).map(|v| raw(v.decor(), false)).unwrap_or_default();
    let t_suffix = titem.as_value().map(|v| raw(v.decor(), false)).unwrap_or_default();
    if let Some(mut key) = table.key_mut(k) {
        let o = raw(key.leaf_decor(), true);
        if let Some(new) = merged_comment(&b_prefix, &o, &raw(tkey.leaf_decor(), true)) {
            key.leaf_decor_mut().set_prefix(new);
        }
    }
    if let Some(v) = table.get_mut(k).and_then(TItem::as_value_mut) {
        let o = raw(v.decor(), false);
        if let Some(new) = merged_comment(&b_suffix, &o, &t_suffix) {
            // Theirs' as they wrote it; both sides' lines joined, since a
            // comment after a value ends its line.
            let suffix = if o == b_suffix {
                new
            } else {
                format!(" {}", new.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" "))
            };
            v.decor_mut().set_suffix(suffix);
        }
    }
}

/// The entries of `list` in an edited document, as tables (an inline
/// entry becomes one), in the order `entries` gives them.
fn edit_entries(doc: &DocumentMut, list: &str) -> Vec<Table> {
    match doc.get(list) {
        Some(TItem::ArrayOfTables(aot)) => aot.iter().cloned().collect(),
        Some(TItem::Value(toml_edit::Value::Array(arr))) => {
            arr.iter().filter_map(|v| v.as_inline_table()).map(|t| t.clone().into_table()).collect()
        }
        _ => Vec::new(),
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
/// file, with the names, paths as shown, that a refusal gives them). Fails
/// only when one of them is not TOML or OURS' layout cannot be edited.
pub fn merge_named(names: [&str; 3], base: &str, ours: &str, theirs: &str) -> Result<Merged, Text> {
    let [base_name, ours_name, theirs_name] = names;
    let (b, o, mut t) = (parse(base, base_name)?, parse(ours, ours_name)?, parse(theirs, theirs_name)?);
    let edited = |src: &str, side: &str| {
        src.parse::<DocumentMut>().map_err(|e| {
            let m = text::escape(e.message()).into_owned();
            let at = located(src, side, e.span().map(|s| s.start));
            refused(format!("{at}: fel: {m}"), format!("{at}: error: {m}"))
        })
    };
    let (mut doc, bdoc, tdoc) = (edited(ours, ours_name)?, edited(base, base_name)?, edited(theirs, theirs_name)?);
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
        merge_fields(
            "",
            Some(&only(&b, name)),
            &only(&o, name),
            &only(&t, name),
            (Some(bdoc.as_table()), Some(tdoc.as_table())),
            doc.as_table_mut(),
            &mut st,
        );
    }
    // Their new entries go after everything in ours, in their order.
    let mut end = isize::MAX / 2;
    for list in LISTS {
        merge_list(list, (&b, &o, &t), (&bdoc, &tdoc), &mut doc, &mut st, &mut end);
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
    (b, o, t): (&toml::Table, &toml::Table, &toml::Table),
    (bdoc, tdoc): (&DocumentMut, &DocumentMut),
    doc: &mut DocumentMut,
    st: &mut State,
    end: &mut isize,
) {
    let (be, oe, te) = (entries(b, list), entries(o, list), entries(t, list));
    let by = |es: &[&toml::Table]| -> HashMap<String, toml::Table> {
        es.iter().map(|e| (identity(list, e), (*e).clone())).collect()
    };
    let (bm, om, tm) = (by(&be), by(&oe), by(&te));
    // Base's and theirs' entries as written (theirs' ids already renamed in
    // `t`; the written tables are in the same order).
    let bt: HashMap<String, Table> = be.iter().map(|e| identity(list, e)).zip(edit_entries(bdoc, list)).collect();
    let tt: Vec<Table> = edit_entries(tdoc, list);
    let label = |id: &str| format!("{list}/{id}");
    let mut append: Vec<Table> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for (i, e) in te.iter().enumerate() {
        let id = identity(list, e);
        let written = tt.get(i);
        match (bm.get(&id), om.get(&id)) {
            (bb, Some(ours_e)) => {
                if let Some(table) = find_table(doc, list, &id) {
                    merge_fields(&label(&id), bb, ours_e, e, (bt.get(&id), written), table, st);
                }
                if let (Some(TItem::ArrayOfTables(aot)), Some(w)) = (doc.get_mut(list), written) {
                    let bp = bt.get(&id).map(|b| raw(b.decor(), true)).unwrap_or_default();
                    if let Some(table) = aot.iter_mut().find(|tb| plain_identity(list, tb).as_deref() == Some(&id))
                        && let Some(new) = merged_comment(&bp, &raw(table.decor(), true), &raw(w.decor(), true))
                    {
                        table.decor_mut().set_prefix(new);
                    }
                }
            }
            (Some(bb), None) => {
                if bb != *e {
                    // We removed what they changed: keep theirs and say so.
                    append.push(as_written(e, written));
                    st.conflicts.push((label(&id), None, "ours_removed", String::new(), String::new(), String::new()));
                }
            }
            (None, None) => append.push(as_written(e, written)),
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
    match doc.get_mut(list) {
        Some(TItem::ArrayOfTables(aot)) if !remove.is_empty() => {
            aot.retain(|tb| !plain_identity(list, tb).is_some_and(|id| remove.contains(&id)));
        }
        Some(TItem::Value(toml_edit::Value::Array(arr))) if !remove.is_empty() => {
            arr.retain(|v| {
                !v.as_inline_table()
                    .and_then(|it| plain_identity(list, &it.clone().into_table()))
                    .is_some_and(|id| remove.contains(&id))
            });
        }
        _ => {}
    }
    if append.is_empty() {
        return;
    }
    if doc.get(list).is_none() {
        doc.insert(list, TItem::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    }
    match doc.get_mut(list) {
        Some(TItem::ArrayOfTables(aot)) => {
            for mut table in append {
                table.set_position(Some(*end));
                *end += 1;
                aot.push(table);
            }
        }
        // Ours wrote the list inline: theirs' entries join it inline.
        Some(TItem::Value(toml_edit::Value::Array(arr))) => {
            for table in append {
                arr.push_formatted(toml_edit::Value::InlineTable(table.into_inline_table()));
            }
            arr.fmt();
        }
        // Ours holds something else under the list's name (`check` reports
        // it): theirs' entries are not dropped but recorded.
        _ => {
            for table in append {
                let id = plain_identity(list, &table).unwrap_or_default();
                st.conflicts.push((label(&id), None, "theirs_added", String::new(), String::new(), table.to_string()));
            }
        }
    }
}

/// An entry's identity, read from its written table.
fn plain_identity(list: &str, tb: &Table) -> Option<String> {
    let plain: toml::Table = toml::from_str(&tb.to_string()).ok()?;
    Some(identity(list, &plain))
}

/// Theirs' entry as they wrote it, with the ids a rename gave it; the
/// plain entry printed anew when the written one is missing.
fn as_written(e: &toml::Table, written: Option<&Table>) -> Table {
    let Some(w) = written else {
        let s = toml::to_string(e).unwrap_or_default();
        return s.parse::<DocumentMut>().map(|d| d.as_table().clone()).unwrap_or_default();
    };
    let mut w = w.clone();
    for k in ["id", "response"] {
        let now = e.get(k);
        let was: Option<V> = w.get(k).and_then(TItem::as_value).and_then(to_plain);
        if now.is_some()
            && now != was.as_ref()
            && let (Some(new), Some(TItem::Value(old))) = (now.and_then(to_edit), w.get_mut(k))
        {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
    }
    w
}

fn to_plain(v: &toml_edit::Value) -> Option<V> {
    let t: toml::Table = toml::from_str(&format!("v = {v}")).ok()?;
    t.get("v").cloned()
}

fn find_table<'a>(doc: &'a mut DocumentMut, list: &str, id: &str) -> Option<&'a mut dyn toml_edit::TableLike> {
    match doc.get_mut(list)? {
        TItem::ArrayOfTables(aot) => aot
            .iter_mut()
            .find(|tb| plain_identity(list, tb).as_deref() == Some(id))
            .map(|tb| tb as &mut dyn toml_edit::TableLike),
        TItem::Value(toml_edit::Value::Array(arr)) => arr
            .iter_mut()
            .filter_map(|v| v.as_inline_table_mut())
            .find(|tb| plain_identity(list, &toml_edit::InlineTable::clone(tb).into_table()).as_deref() == Some(id))
            .map(|tb| tb as &mut dyn toml_edit::TableLike),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(base: &str, ours: &str, theirs: &str) -> Result<Merged, Text> {
        merge_named(["BASE", "OURS", "THEIRS"], base, ours, theirs)
    }

    const BASE: &str = "format = \"lansplan-remiss/1\"\nplan = \"p\"\nversion = \"1\"\nrecipients = [\"a\", \"b\"]\n\n[[responses]]\nid = \"R1\"\nparty = \"a\"\nstance = \"support\"\n\n[[points]]\nid = \"R1.1\"\nresponse = \"R1\"\ntext = \"Kort.\"\n";

    fn merged(ours: &str, theirs: &str) -> Merged {
        merge(BASE, ours, theirs).expect("merges")
    }

    #[test]
    fn theirs_new_entries_keep_their_comments_and_layout() {
        let block = "\n# Bräckes svar, inkommet per post.\n[[responses]]\nid = \"R2\"\nparty = \"b\"   # kommunstyrelsen\nstance = 'oppose'\n\n[[points]]\nid = \"R2.1\"\nresponse = \"R2\"\ntext = \"\"\"\nFörsta raden.\nAndra raden.\"\"\"\n";
        let m = merged(BASE, &format!("{BASE}{block}"));
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.text, format!("{BASE}{block}"));
    }

    #[test]
    fn theirs_renamed_entry_keeps_its_comments() {
        let ours = format!("{BASE}\n[[responses]]\nid = \"R2\"\nparty = \"a\"\n");
        let theirs = format!("{BASE}\n# deras\n[[responses]]\nid = \"R2\" # nytt\nparty = \"b\"\n");
        let m = merged(&ours, &theirs);
        assert!(m.text.starts_with(&ours), "{}", m.text);
        assert!(m.text.ends_with("\n# deras\n[[responses]]\nid = \"R3\" # nytt\nparty = \"b\"\n"), "{}", m.text);
    }

    #[test]
    fn comments_theirs_wrote_on_entries_both_have_are_kept() {
        let theirs = BASE
            .replace("[[points]]\n", "# Synpunkten gäller mål G2.\n[[points]]\n")
            .replace("stance = \"support\"\n", "# enligt beslut i KS\nstance = \"support\"  # se protokollet\n")
            .replace("plan = \"p\"\n", "plan = \"p\"  # planens id\n");
        let m = merged(BASE, &theirs);
        assert_eq!(m.text, theirs);
        // Ours changed the same comment: both lines are there.
        let ours = BASE.replace("[[points]]\n", "# vår anteckning\n[[points]]\n");
        let m = merged(&ours, &theirs);
        assert!(m.text.contains("# vår anteckning\n# Synpunkten gäller mål G2.\n[[points]]\n"), "{}", m.text);
        assert!(m.text.contains("# enligt beslut i KS\nstance = \"support\"  # se protokollet\n"), "{}", m.text);
    }

    #[test]
    fn a_value_theirs_changed_comes_with_its_comment_and_form() {
        let theirs = BASE.replace("text = \"Kort.\"\n", "text = '''Kort, men \"tydlig\".'''  # omformulerad\n");
        let ours = BASE.replace("stance = \"support\"\n", "stance = \"oppose\"\n");
        let m = merged(&ours, &theirs);
        assert!(m.conflicts.is_empty());
        assert!(m.text.contains("stance = \"oppose\"\n"), "{}", m.text);
        assert!(m.text.contains("text = '''Kort, men \"tydlig\".'''  # omformulerad\n"), "{}", m.text);
    }

    #[test]
    fn entries_in_inline_lists_are_added_and_removed_not_dropped() {
        let base = "format = \"lansplan-remiss/1\"\npoints = [{ id = \"R1.1\", text = \"a\" }, { id = \"R1.2\", text = \"b\" }]\n";
        let theirs = "format = \"lansplan-remiss/1\"\npoints = [{ id = \"R1.1\", text = \"a\" }, { id = \"R1.3\", text = \"c\" }]\n";
        let m = merge(base, base, theirs).expect("merges");
        let plain: toml::Table = toml::from_str(&m.text).expect("TOML");
        let ids: Vec<&str> = entries(&plain, "points").iter().filter_map(|e| e.get("id")?.as_str()).collect();
        assert_eq!(ids, ["R1.1", "R1.3"], "{}", m.text);
        // Theirs' entries where ours has no list of that shape: a conflict.
        let ours = "format = \"lansplan-remiss/1\"\npoints = \"trasig\"\n";
        let m = merge(base, ours, theirs).expect("merges");
        assert!(!m.conflicts.is_empty(), "{}", m.text);
    }

    #[test]
    fn merged_comment_is_three_way() {
        assert_eq!(merged_comment("# a\n", "# a\n", "# b\n"), Some("# b\n".into()));
        assert_eq!(merged_comment("# a\n", "# o\n", "# a\n"), None);
        assert_eq!(merged_comment("", "# o\n", "# t\n"), Some("# o\n# t\n".into()));
        assert_eq!(merged_comment("# a\n", "# o\n", "# o\n"), None);
    }
}
