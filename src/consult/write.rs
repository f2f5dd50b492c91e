//! Writing the files beside a plan: a new file from the revision, new
//! responses, points and decisions appended at the end (everything before
//! them stays byte for byte), and a point's handling set in place with
//! `toml_edit`, keeping the comments and layout around it.
//!
//! This is the document layer of the side files: the only place here that
//! knows `toml_edit`. Callers load the result again before saving it, so
//! nothing that would not read back is ever written.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item as TItem, Table, TableLike};

use crate::i18n::Text;
use crate::plan::date::Date;
use crate::plan::doc::to_toml;
use crate::plan::model::{Plan, Value};
use crate::text;

fn string(s: &str) -> TItem {
    TItem::Value(to_toml(&Value::Str(s.to_string())))
}

fn date(d: Date) -> TItem {
    TItem::Value(to_toml(&Value::Date(d)))
}

fn list(l: &[String]) -> TItem {
    TItem::Value(to_toml(&Value::List(l.to_vec())))
}

/// Returns `[[name]]` tables for `tables`, as text.
fn tables_text(name: &str, tables: Vec<Table>) -> String {
    let mut aot = ArrayOfTables::new();
    for t in tables {
        aot.push(t);
    }
    let mut doc = DocumentMut::new();
    doc.insert(name, TItem::ArrayOfTables(aot));
    doc.to_string()
}

/// Appends text at the end of a file's source, in the file's line endings
/// and after one blank line.
fn append(src: &str, fragment: &str) -> String {
    let crlf = src.contains("\r\n");
    let mut out = src.to_string();
    let nl = if crlf { "\r\n" } else { "\n" };
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(nl);
    }
    if !out.is_empty() {
        out.push_str(nl);
    }
    out.push_str(&if crlf { fragment.replace('\n', "\r\n") } else { fragment.to_string() });
    out
}

/// A recipient that is not a party of the plan: id, kind and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outside {
    pub id: String,
    pub kind: String,
    pub name: String,
}

/// Returns the text of a new consultation of `plan`.
pub fn new_remiss(plan: &Plan, sent: Date, deadline: Date, recipients: &[String], outside: &[Outside]) -> String {
    let mut doc = DocumentMut::new();
    doc.insert("format", string(super::remiss::FORMAT));
    doc.insert("plan", string(plan.plan.str("id")));
    doc.insert("version", string(plan.revision.str("version")));
    doc.insert("sent", date(sent));
    doc.insert("deadline", date(deadline));
    let mut rec: Array = recipients.iter().map(String::as_str).collect();
    if recipients.len() > 4 {
        for v in rec.iter_mut() {
            v.decor_mut().set_prefix("\n  ");
        }
        rec.set_trailing(",\n");
    }
    doc.insert("recipients", TItem::Value(rec.into()));
    let title = text::escape(plan.plan.str("title")).into_owned();
    let version = text::escape(plan.revision.str("version")).into_owned();
    let mut out = format!(
        "# Remiss av {title}, version {version} (lansplan).\n\
         # Svar: [[responses]] med stance = support (tillstyrker), support_with_comments,\n\
         # oppose (avstyrker) eller abstain (avstår); synpunkter: [[points]].\n\
         # Hantering: disposition = accepted (beaktad), partly, rejected eller not_applicable.\n\n"
    );
    out.push_str(&doc.to_string());
    let parties: Vec<Table> = outside
        .iter()
        .map(|o| {
            let mut t = Table::new();
            t.insert("id", string(&o.id));
            t.insert("name", string(&o.name));
            t.insert("kind", string(&o.kind));
            t
        })
        .collect();
    if !parties.is_empty() {
        out.push_str("\n# Remissinstanser som inte är parter i planen.\n");
        out.push_str(&tables_text("parties", parties));
    }
    out
}

/// One point to write: the keys it is about and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPoint {
    pub about: Vec<String>,
    pub text: String,
}

fn point_tables(response: &str, first: u64, points: &[NewPoint]) -> Vec<Table> {
    points
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let mut t = Table::new();
            t.insert("id", string(&format!("{response}.{}", first + n as u64)));
            t.insert("response", string(response));
            t.insert("about", list(&p.about));
            t.insert("text", string(&p.text));
            t
        })
        .collect()
}

/// A response to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResponse {
    pub id: String,
    pub party: String,
    pub received: Date,
    pub reference: Option<String>,
    pub stance: String,
}

/// Returns `src` with a response and its points appended.
pub fn add_response(src: &str, r: &NewResponse, points: &[NewPoint]) -> String {
    let mut t = Table::new();
    t.insert("id", string(&r.id));
    t.insert("party", string(&r.party));
    t.insert("received", date(r.received));
    if let Some(reference) = &r.reference {
        t.insert("reference", string(reference));
    }
    t.insert("stance", string(&r.stance));
    let mut fragment = tables_text("responses", vec![t]);
    if !points.is_empty() {
        fragment.push('\n');
        fragment.push_str(&tables_text("points", point_tables(&r.id, 1, points)));
    }
    append(src, &fragment)
}

/// Returns `src` with points of an existing response appended, numbered
/// from `first` (`R3.3` for 3).
pub fn add_points(src: &str, response: &str, first: u64, points: &[NewPoint]) -> String {
    append(src, &tables_text("points", point_tables(response, first, points)))
}

/// How to change a point's handling; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handling {
    /// `Some("")` removes the disposition (the point is open again).
    pub disposition: Option<String>,
    pub answer: Option<String>,
    pub link: Vec<String>,
    pub unlink: Vec<String>,
}

fn refused(sv: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(sv, en)
}

/// Parses a side file as a document that prints back byte for byte (CR LF
/// line endings are read as LF and written back as they were).
fn document(src: &str) -> Result<(DocumentMut, bool), Text> {
    let lf = src.matches('\n').count();
    let crlf = lf > 0 && src.matches("\r\n").count() == lf;
    let body = if crlf { src.replace("\r\n", "\n") } else { src.to_string() };
    let doc = body.parse::<DocumentMut>().map_err(|e| {
        let msg = text::escape(e.message()).into_owned();
        refused(format!("ogiltig TOML: {msg}"), format!("invalid TOML: {msg}"))
    })?;
    if doc.to_string() != body {
        return Err(refused(
            "filens uppställning kan inte behållas tecken för tecken vid en ändring; ändra den för hand",
            "the file's layout cannot be kept byte for byte by an edit; change it by hand",
        ));
    }
    Ok((doc, crlf))
}

fn render(doc: &DocumentMut, crlf: bool) -> String {
    let s = doc.to_string();
    if crlf { s.replace('\n', "\r\n") } else { s }
}

/// Replaces or adds a value, keeping the whitespace and comment around an
/// old one.
fn set(table: &mut dyn TableLike, key: &str, new: toml_edit::Value) {
    match table.get_mut(key) {
        Some(TItem::Value(old)) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
        Some(other) => *other = TItem::Value(new),
        None => {
            table.insert(key, TItem::Value(new));
        }
    }
}

/// Returns `src` with the handling of point `id` changed.
pub fn set_handling(src: &str, id: &str, h: &Handling) -> Result<String, Text> {
    let (mut doc, crlf) = document(src)?;
    let shown = text::escape(id).into_owned();
    let not_found =
        || refused(format!("ingen synpunkt har id \"{shown}\""), format!("no point has the id \"{shown}\""));
    let table: &mut dyn TableLike = match doc.get_mut("points") {
        Some(TItem::ArrayOfTables(aot)) => aot
            .iter_mut()
            .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
            .map(|t| t as &mut dyn TableLike)
            .ok_or_else(not_found)?,
        Some(TItem::Value(toml_edit::Value::Array(arr))) => arr
            .iter_mut()
            .filter_map(|v| v.as_inline_table_mut())
            .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
            .map(|t| t as &mut dyn TableLike)
            .ok_or_else(not_found)?,
        _ => return Err(not_found()),
    };
    match h.disposition.as_deref() {
        Some("") => {
            table.remove("disposition");
        }
        Some(d) => set(table, "disposition", to_toml(&Value::Str(d.to_string()))),
        None => {}
    }
    match h.answer.as_deref() {
        Some("") => {
            table.remove("answer");
        }
        Some(a) => set(table, "answer", to_toml(&Value::Str(a.to_string()))),
        None => {}
    }
    if !h.link.is_empty() || !h.unlink.is_empty() {
        match table.get_mut("changes") {
            Some(TItem::Value(toml_edit::Value::Array(arr))) => {
                arr.retain(|v| !v.as_str().is_some_and(|s| h.unlink.iter().any(|u| u == s)));
                for key in &h.link {
                    if !arr.iter().any(|v| v.as_str() == Some(key.as_str())) {
                        arr.push(key.as_str());
                    }
                }
                if arr.is_empty() {
                    table.remove("changes");
                }
            }
            Some(_) => {
                return Err(refused(
                    format!("`changes` i synpunkt {shown} är ingen lista"),
                    format!("`changes` in point {shown} is not a list"),
                ));
            }
            None => {
                let keys: Vec<String> = h.link.iter().filter(|k| !h.unlink.contains(k)).cloned().collect();
                if !keys.is_empty() {
                    set(table, "changes", to_toml(&Value::List(keys)));
                }
            }
        }
    }
    Ok(render(&doc, crlf))
}

/// Returns the text of a new decisions file for `plan`.
pub fn new_decisions(plan: &Plan, content: &str) -> String {
    let mut doc = DocumentMut::new();
    doc.insert("format", string(super::decisions::FORMAT));
    doc.insert("plan", string(plan.plan.str("id")));
    doc.insert("version", string(plan.revision.str("version")));
    doc.insert("content", string(content));
    format!(
        "# Beslut om {}, version {} (lansplan).\n\
         # content är fingeravtrycket av det beslutade innehållet; se docs/format.md.\n\
         # kind = recommendation (rekommendation) eller adoption (antagande);\n\
         # outcome = adopted, adopted_with_changes, referred_back eller rejected.\n\n{}",
        text::escape(plan.plan.str("title")),
        text::escape(plan.revision.str("version")),
        doc
    )
}

/// A decision to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    pub party: Option<String>,
    pub body: String,
    pub kind: String,
    pub date: Date,
    pub paragraph: Option<String>,
    pub reference: Option<String>,
    pub outcome: Option<String>,
}

/// Returns `src` with a decision appended.
pub fn add_decision(src: &str, d: &NewDecision) -> String {
    let mut t = Table::new();
    if let Some(p) = &d.party {
        t.insert("party", string(p));
    }
    t.insert("body", string(&d.body));
    t.insert("kind", string(&d.kind));
    t.insert("date", date(d.date));
    for (k, v) in [("paragraph", &d.paragraph), ("reference", &d.reference), ("outcome", &d.outcome)] {
        if let Some(v) = v {
            t.insert(k, string(v));
        }
    }
    append(src, &tables_text("decisions", vec![t]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "format = \"lansplan-remiss/1\"\n\n[[points]]\nid = \"R1.1\"  # första\nresponse = \"R1\"\ntext = \"x\"\ndisposition = \"rejected\"   # ändras\n\n[[points]]\nid = \"R1.2\"\nresponse = \"R1\"\ntext = \"y\"\n";

    #[test]
    fn handling_changes_only_what_it_sets() {
        let h = Handling {
            disposition: Some("accepted".into()),
            answer: Some("Ja\u{1b}".into()),
            link: vec!["goal/G1/title".into()],
            unlink: vec![],
        };
        let out = set_handling(SRC, "R1.1", &h).expect("sets");
        assert!(out.contains("disposition = \"accepted\"   # ändras\n"), "{out}");
        assert!(out.contains("answer = \"Ja\\u001B\""), "{out}");
        assert!(out.contains("changes = [\"goal/G1/title\"]"), "{out}");
        assert!(out.ends_with("[[points]]\nid = \"R1.2\"\nresponse = \"R1\"\ntext = \"y\"\n"), "{out}");
        let back = set_handling(
            &out,
            "R1.1",
            &Handling { unlink: vec!["goal/G1/title".into()], disposition: Some(String::new()), ..Handling::default() },
        )
        .expect("unsets");
        assert!(!back.contains("changes") && !back.contains("disposition"), "{back}");
        assert!(set_handling(SRC, "R9.9", &h).is_err());
        let crlf = SRC.replace('\n', "\r\n");
        let out = set_handling(&crlf, "R1.2", &h).expect("crlf");
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count(), "line endings kept");
    }

    #[test]
    fn appending_keeps_every_byte_before() {
        let r = NewResponse {
            id: "R2".into(),
            party: "berg".into(),
            received: Date { year: 2025, month: 5, day: 2 },
            reference: None,
            stance: "support".into(),
        };
        let out = add_response(SRC, &r, &[NewPoint { about: vec![], text: "Bra \"plan\"".into() }]);
        assert!(out.starts_with(SRC));
        assert!(out.contains("[[responses]]\nid = \"R2\"\nparty = \"berg\"\nreceived = 2025-05-02\nstance = \"support\"\n\n[[points]]\nid = \"R2.1\"\nresponse = \"R2\"\nabout = []\ntext = \"Bra \\\"plan\\\"\"\n"), "{out}");
    }
}
