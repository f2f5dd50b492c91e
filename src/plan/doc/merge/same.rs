//! When two versions of a key are the same: as written (every character,
//! comments and spacing included, for "did this side touch it?") and by
//! meaning (for "did this side change its value?").

use std::fmt::Write as _;

use toml_edit::{Item, Key, TableLike, Value};

/// Returns a text that two keys and items share exactly when they are
/// written alike: the key, its value, its comments and spacing, and every
/// table under it. Where a table sits in the file is not part of it.
pub fn written(key: &Key, item: &Item) -> String {
    let mut out = String::new();
    write_key(&mut out, key);
    write_item(&mut out, item);
    out
}

fn raw(out: &mut String, r: Option<&toml_edit::RawString>) {
    out.push_str(r.and_then(|r| r.as_str()).unwrap_or("\u{1}"));
    out.push('\u{0}');
}

fn write_key(out: &mut String, key: &Key) {
    out.push_str(&key.display_repr());
    out.push('\u{0}');
    for d in [key.leaf_decor(), key.dotted_decor()] {
        raw(out, d.prefix());
        raw(out, d.suffix());
    }
}

/// Writes an item as it is written (for [`written`]).
pub fn write_item(out: &mut String, item: &Item) {
    match item {
        Item::None => out.push_str("\u{2}none"),
        Item::Value(v) => {
            let _ = write!(out, "\u{2}v{v}");
        }
        Item::Table(t) => write_table(out, t),
        Item::ArrayOfTables(a) => {
            out.push_str("\u{2}a");
            for t in a.iter() {
                write_table(out, t);
            }
            out.push('\u{3}');
        }
    }
}

fn write_table(out: &mut String, t: &toml_edit::Table) {
    let _ = write!(out, "\u{2}t{}{}", u8::from(t.is_implicit()), u8::from(t.is_dotted()));
    raw(out, t.decor().prefix());
    raw(out, t.decor().suffix());
    for (k, v) in t.iter() {
        if let Some(key) = t.key(k) {
            write_key(out, key);
        }
        write_item(out, v);
    }
    out.push('\u{3}');
}

/// Returns true if two items mean the same: equal values (numbers by
/// value, whatever their notation; tables whatever the order of their keys
/// and whether inline or not), comments and layout aside.
pub fn same(a: &Item, b: &Item) -> bool {
    if let (Some(x), Some(y)) = (a.as_table_like(), b.as_table_like()) {
        return same_table(x, y);
    }
    match (a, b) {
        (Item::Value(x), Item::Value(y)) => same_value(x, y),
        (Item::ArrayOfTables(x), Item::ArrayOfTables(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_table(p, q))
        }
        (Item::ArrayOfTables(x), Item::Value(Value::Array(y)))
        | (Item::Value(Value::Array(y)), Item::ArrayOfTables(x)) => {
            x.len() == y.len()
                && x.iter().zip(y.iter()).all(|(p, q)| q.as_inline_table().is_some_and(|q| same_table(p, q)))
        }
        (Item::None, Item::None) => true,
        _ => false,
    }
}

/// Returns true if two tables hold the same keys with values that mean the same.
pub fn same_table(a: &dyn TableLike, b: &dyn TableLike) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
}

/// Returns true if two values mean the same.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Float(_) | Value::Integer(_), Value::Float(_) | Value::Integer(_)) => {
            let (x, y) = (number(a), number(b));
            x == y || (x.is_nan() && y.is_nan())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_value(p, q))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => same_table(x, y),
        _ => false,
    }
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Integer(i) => *i.value() as f64,
        Value::Float(f) => *f.value(),
        _ => f64::NAN,
    }
}

/// Returns a text that two tables share exactly when they mean the same
/// apart from the key `skip`: for finding an item that was only renamed.
pub fn meaning_without(t: &dyn TableLike, skip: &str) -> String {
    let mut out = String::new();
    let mut keys: Vec<&str> = t.iter().map(|(k, _)| k).filter(|k| *k != skip).collect();
    keys.sort_unstable();
    for k in keys {
        out.push_str(&Key::new(k).display_repr());
        out.push('=');
        if let Some(v) = t.get(k) {
            meaning(&mut out, v);
        }
        out.push('\u{0}');
    }
    out
}

fn meaning(out: &mut String, item: &Item) {
    if let Some(t) = item.as_table_like() {
        out.push('{');
        out.push_str(&meaning_without(t, ""));
        out.push('}');
        return;
    }
    match item {
        Item::Value(Value::Array(a)) => {
            out.push('[');
            for v in a.iter() {
                meaning(out, &Item::Value(v.clone()));
                out.push(',');
            }
            out.push(']');
        }
        Item::ArrayOfTables(a) => {
            out.push('[');
            for t in a.iter() {
                out.push('{');
                out.push_str(&meaning_without(t, ""));
                out.push_str("},");
            }
            out.push(']');
        }
        Item::Value(v @ (Value::Integer(_) | Value::Float(_))) => {
            let _ = write!(out, "n{}", number(v));
        }
        Item::Value(Value::String(s)) => {
            let _ = write!(out, "s{:?}", s.value());
        }
        Item::Value(v) => {
            let mut v = v.clone();
            v.decor_mut().clear();
            let _ = write!(out, "{v}");
        }
        Item::None | Item::Table(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml_edit::DocumentMut;

    fn doc(s: &str) -> DocumentMut {
        s.parse().expect("toml")
    }

    #[test]
    fn meaning_ignores_layout_but_not_values() {
        let a = doc("x = { year = 2020, value = 46 }\ny = [\"a\", \"b\"] # c\n[t]\nk = 'v'\n");
        let b = doc("y = [ \"a\",\n \"b\" ]\nx.value = 46.0\nx.year = 2020\nt = { k = \"v\" }\n");
        for k in ["x", "y", "t"] {
            assert!(same(&a[k], &b[k]), "{k}");
        }
        let c = doc("x = { year = 2021, value = 46 }\ny = [\"b\", \"a\"]\n");
        assert!(!same(&a["x"], &c["x"]) && !same(&a["y"], &c["y"]));
        assert_eq!(meaning_without(a.as_table(), "t"), meaning_without(b.as_table(), "t"));
    }

    #[test]
    fn written_sees_comments_and_spacing() {
        let a = doc("x = 1 # a\n");
        let b = doc("x = 1 # b\n");
        let c = doc("x  = 1 # a\n");
        let kv = |d: &DocumentMut| {
            let (k, v) = d.as_table().get_key_value("x").expect("x");
            written(k, v)
        };
        assert_ne!(kv(&a), kv(&b));
        assert_ne!(kv(&a), kv(&c));
        assert_eq!(kv(&a), kv(&doc("x = 1 # a\n")));
    }
}
