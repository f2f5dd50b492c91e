//! `lansplan get` and `lansplan set`: scripted reads and edits of one field
//! through the same typed operations and validation as the editor.

use std::path::Path;

use super::{exit, fail, shown};
use crate::i18n::Lang;
use crate::plan::doc;
use crate::plan::edit::Session;
use crate::plan::finding::LineIndex;
use crate::plan::model::{Value, format_number};
use crate::plan::path::{FieldPath, Sub};
use crate::plan::{Date, load_file};
use crate::text;

/// Prints one field's value. Exit 1 when the item or field is absent.
pub fn get(file: &Path, path: &str, lang: Lang) -> i32 {
    let fp = match FieldPath::parse(path) {
        Ok(p) => p,
        Err(e) => {
            fail(lang, e.text().get(lang));
            return exit::code(&e);
        }
    };
    let loaded = match load_file(file, Date::today()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}", e.render(&shown(file), lang));
            return exit::code(&e);
        }
    };
    let item = match &fp.id {
        Some(id) => {
            let mut found = loaded.plan.items(fp.kind).iter().filter(|i| i.id == *id);
            match (found.next(), found.next()) {
                (Some(_), Some(_)) => {
                    // Which copy is meant cannot be told: answering from
                    // the first would be a guess.
                    let index = LineIndex::new(&loaded.source);
                    let places: Vec<(usize, usize)> = loaded
                        .plan
                        .items(fp.kind)
                        .iter()
                        .filter(|i| i.id == *id)
                        .map(|i| index.locate(i.span_of("id").start))
                        .collect();
                    eprintln!("{}", doc::ambiguous(fp.kind, id, &places).render(&shown(file), path, lang));
                    return 1;
                }
                (first, _) => first,
            }
        }
        None => loaded.plan.items(fp.kind).first(),
    };
    let Some(item) = item else {
        let id = text::escape(fp.id.as_deref().unwrap_or(""));
        let (sv, en) = (fp.kind.noun(Lang::Sv), fp.kind.noun(Lang::En));
        fail(
            lang,
            text!(sv: "det finns inget {sv} med id \"{id}\""; en: "there is no {en} with id \"{id}\"").get(lang),
        );
        return 1;
    };
    let value = item.get(fp.field.name).and_then(|v| match (&fp.sub, v) {
        // Texts that may hold commas are printed as `set` reads them (issue 18).
        (None, Value::List(l)) if fp.field.ty == crate::plan::schema::FieldType::TextList => Some(l.join("; ")),
        (None, v) => Some(v.display()),
        (Some(Sub::Key("start")), Value::Period { start, .. }) => Some(start.to_string()),
        (Some(Sub::Key("end")), Value::Period { end, .. }) => Some(end.to_string()),
        (Some(Sub::Key("year")), Value::YearValue(yv)) => Some(yv.year.to_string()),
        (Some(Sub::Key(_)), Value::YearValue(yv)) => Some(format_number(yv.value)),
        (Some(Sub::Year(y)), Value::Measurements(ms)) => {
            ms.iter().find(|m| m.year == *y && m.is_total()).map(|m| format_number(m.value))
        }
        _ => None,
    });
    match value {
        Some(v) => {
            crate::outln!("{}", text::escape_multiline(&v));
            0
        }
        None => {
            let p = fp.to_string();
            fail(lang, text!(sv: "{p} har inget värde"; en: "{p} has no value").get(lang));
            1
        }
    }
}

/// Sets one field and saves atomically; a refused value leaves the file
/// untouched. Exit 0 saved, 1 refused, 2 unreadable or not saved.
pub fn set(file: &Path, path: &str, value: &str, lang: Lang) -> i32 {
    let fp = match FieldPath::parse(path) {
        Ok(p) => p,
        Err(e) => {
            fail(lang, e.text().get(lang));
            return exit::code(&e);
        }
    };
    let mut session = match Session::open(file, Date::today()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(&shown(file), lang));
            return exit::code(&e);
        }
    };
    if let Err(e) = session.set(&fp, value) {
        eprintln!("{}", e.render(&shown(file), &fp.to_string(), lang));
        eprintln!("{}", lang.pick("  filen har inte ändrats", "  the file was not changed"));
        return exit::code(&e);
    }
    // Issue #22: a `set` on a plan open in the editor said nothing. The
    // editor's lock is asked for (and held while saving); when an editor
    // holds it, the change is still made, and the person told that the
    // editor will offer to reload it, or keep its own unsaved edits.
    let lock = crate::plan::recovery::data_dir().map(|d| crate::plan::recovery::Lock::acquire(&d.join("locks"), file));
    if let Err(e) = session.save() {
        fail(lang, &e.message(lang));
        return exit::code(&e);
    }
    if let Some(Err(holder)) = &lock {
        let host = crate::text::escape(&holder.host);
        eprintln!(
            "lansplan: {}: {}",
            lang.pick("varning", "warning"),
            match lang {
                Lang::Sv => format!(
                    "{} är öppen i lansplan (pid {}, värd {host}); editorn erbjuder att läsa in ändringen, eller behåller sina osparade ändringar och sparar dem bara under ett annat namn",
                    shown(file),
                    holder.pid
                ),
                Lang::En => format!(
                    "{} is open in lansplan (pid {}, host {host}); the editor offers to reload the change, or keeps its unsaved edits and saves them only under another name",
                    shown(file),
                    holder.pid
                ),
            }
        );
    }
    drop(lock);
    0
}
