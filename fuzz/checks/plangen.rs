//! Structured plans for the merge targets: a plan that passes `check`,
//! written in one of the layouts TOML allows (inline or `[[…]]` lists,
//! `[plan.period]` or dotted keys or an inline table, one-line or
//! multi-line lists, literal or basic strings, comments above and after
//! keys, unknown keys at every level, CR LF), and the edits a person or
//! lansplan makes to one (set, add, remove, rename, move, reorder, comments
//! and unknown keys written by hand).

// Each target uses part of this module.
#![allow(dead_code)]

use arbitrary::{Result, Unstructured};
use lansplan::plan::edit::Session;
use lansplan::plan::model::Value;
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Date, Kind};

pub const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

const WORDS: &[&str] = &[
    "Tidig upptäckt",
    "Samverkan",
    "Föräldrastöd",
    "AUDIT och DUDIT",
    "Länets \"egen\" rutin",
    "Stöd & behandling",
    "Spel om pengar",
    "åäö ÅÄÖ",
    "Unga 13–29 år",
    "Rad ett\nrad två",
    "tab\there",
    "# inte en kommentar",
    "[[activities]]",
];

const COMMENTS: &[&str] = &["# vår", "# deras", "# enligt beslut", "# TODO: följ upp", "# ---", "#"];

fn pick<'a, T>(u: &mut Unstructured<'_>, from: &'a [T]) -> Result<&'a T> {
    u.choose(from)
}

/// A TOML string for `s`, basic or (when it can be) literal.
fn string(u: &mut Unstructured<'_>, s: &str) -> Result<String> {
    if u.ratio(1, 4)? && !s.contains(['\'', '\n', '\t']) {
        return Ok(format!("'{s}'"));
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

/// One of the words, as a TOML string.
fn word(u: &mut Unstructured<'_>) -> Result<String> {
    let w = *pick(u, WORDS)?;
    string(u, w)
}

fn list(u: &mut Unstructured<'_>, ids: &[String]) -> Result<String> {
    let quoted: Vec<String> = ids.iter().map(|i| format!("\"{i}\"")).collect();
    Ok(if u.ratio(1, 3)? { format!("[\n  {},\n]", quoted.join(",\n  ")) } else { format!("[{}]", quoted.join(", ")) })
}

/// Text that goes before a key or header: nothing, a blank line or a comment.
fn above(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=5)? {
        0 => "\n".into(),
        1 => format!("{}\n", pick(u, COMMENTS)?),
        _ => String::new(),
    })
}

/// A comment after a key on its line, or nothing.
fn after(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(if u.ratio(1, 5)? { format!("  {}", pick(u, COMMENTS)?) } else { String::new() })
}

fn unknown(u: &mut Unstructured<'_>, out: &mut String) -> Result<()> {
    if u.ratio(1, 6)? {
        let key = pick(u, &["note", "extra", "weight", "x-tool"])?;
        let value = match u.int_in_range(0..=2)? {
            0 => word(u)?,
            1 => u.int_in_range(0..=99i32)?.to_string(),
            _ => "{ a = 1, b = \"två\" }".to_string(),
        };
        out.push_str(&format!("{key} = {value}\n"));
    }
    Ok(())
}

fn date(u: &mut Unstructured<'_>, year: std::ops::RangeInclusive<i32>) -> Result<String> {
    Ok(format!("{}-{:02}-{:02}", u.int_in_range(year)?, u.int_in_range(1..=12u8)?, u.int_in_range(1..=28u8)?))
}

/// Writes a plan that passes `check`.
pub fn plan(u: &mut Unstructured<'_>) -> Result<String> {
    let mut out = String::new();
    out.push_str(&above(u)?);
    out.push_str("format = \"lansplan/1\"\n");
    unknown(u, &mut out)?;
    let period = "start = 2025-01-01, end = 2028-12-31";
    let parties: Vec<String> = (1..=u.int_in_range(1..=4)?).map(|i| format!("p{i}")).collect();
    let inline_parties = u.ratio(1, 4)?;
    if inline_parties {
        let entries: Vec<String> = parties
            .iter()
            .map(|p| format!("  {{ id = \"{p}\", name = \"Part {p}\", kind = \"municipality\" }},"))
            .collect();
        out.push_str(&format!("parties = [\n{}\n]\n", entries.join("\n")));
    }
    out.push_str(&format!("{}[plan]\nid = \"fuzz\"\ntitle = {}{}\n", above(u)?, word(u)?, after(u)?));
    out.push_str("county = \"Jämtlands län\"\nkind = \"action_plan\"\n");
    let period_form = u.int_in_range(0..=2)?;
    match period_form {
        0 => out.push_str(&format!("period = {{ {period} }}\n")),
        1 => out.push_str("period.start = 2025-01-01\nperiod.end = 2028-12-31\n"),
        _ => {}
    }
    unknown(u, &mut out)?;
    if period_form == 2 {
        out.push_str("[plan.period]\nstart = 2025-01-01\nend = 2028-12-31\n");
    }
    out.push_str(&format!(
        "{}[revision]\nversion = \"1\"\ndate = 2025-02-01\nstatus = \"draft\"{}\n",
        above(u)?,
        after(u)?
    ));
    unknown(u, &mut out)?;
    if !inline_parties {
        for p in &parties {
            out.push_str(&format!("{}[[parties]]\nid = \"{p}\"\nname = \"Part {p}\"\nkind = \"region\"\n", above(u)?));
            unknown(u, &mut out)?;
        }
    }
    let fas: Vec<String> = (1..=u.int_in_range(1..=3)?).map(|i| format!("F{i}")).collect();
    for f in &fas {
        out.push_str(&format!("{}[[focus_areas]]\nid = \"{f}\"\nname = {}\n", above(u)?, word(u)?));
        unknown(u, &mut out)?;
    }
    let n_goals = u.int_in_range(1..=5)?;
    let goals: Vec<String> = (1..=n_goals).map(|i| format!("G{i}")).collect();
    let some_parties = |u: &mut Unstructured<'_>| -> Result<Vec<String>> {
        let mut chosen: Vec<String> = parties.iter().filter(|_| u.ratio(1, 2).unwrap_or(false)).cloned().collect();
        if chosen.is_empty() {
            chosen.push(parties[0].clone());
        }
        Ok(chosen)
    };
    for g in &goals {
        let fa = pick(u, &fas)?;
        let resp = some_parties(u)?;
        out.push_str(&format!(
            "{}[[goals]]\nid = \"{g}\"\nfocus_area = \"{fa}\"\nlevel = \"outcome\"\ntitle = {}{}\nresponsible = {}\n",
            above(u)?,
            word(u)?,
            after(u)?,
            list(u, &resp)?
        ));
        unknown(u, &mut out)?;
    }
    for i in 1..=u.int_in_range(0..=3)? {
        let g = pick(u, &goals)?;
        out.push_str(&format!(
            "{}[[indicators]]\nid = \"I{i}\"\ngoal = \"{g}\"\nname = \"Andel\"\nunit = \"%\"\ndirection = \"decrease\"\nbaseline = {{ year = 2019, value = 40.0 }}\n",
            above(u)?
        ));
        let years: Vec<i32> = (2020..=2024).filter(|_| u.ratio(1, 2).unwrap_or(false)).collect();
        if u.ratio(1, 4)? {
            unknown(u, &mut out)?;
            for y in &years {
                out.push_str(&format!("[[indicators.measurements]]\nyear = {y}\nvalue = {}.5\n", 30 + y % 7));
            }
        } else if !years.is_empty() {
            let ms: Vec<String> = years.iter().map(|y| format!("{{ year = {y}, value = {}.5 }}", 30 + y % 7)).collect();
            out.push_str(&format!("measurements = [{}]\n", ms.join(", ")));
            unknown(u, &mut out)?;
        }
    }
    for i in 1..=u.int_in_range(0..=8)? {
        let g = pick(u, &goals)?;
        let resp = some_parties(u)?;
        out.push_str(&format!(
            "{}[[activities]]\nid = \"A{i}\"\ngoal = \"{g}\"\ntitle = {}{}\nresponsible = {}\n",
            above(u)?,
            word(u)?,
            after(u)?,
            list(u, &resp)?
        ));
        if u.ratio(1, 3)? {
            out.push_str(&format!("start = {}\n", date(u, 2025..=2025)?));
        }
        if u.ratio(1, 2)? {
            out.push_str(&format!("due = {}\n", date(u, 2027..=2028)?));
        }
        out.push_str(&format!("status = \"{}\"{}\n", pick(u, &["planned", "ongoing", "done"])?, after(u)?));
        unknown(u, &mut out)?;
    }
    if u.ratio(1, 4)? {
        out.push_str(&format!("{}\n", pick(u, COMMENTS)?));
    }
    if u.ratio(1, 8)? {
        out = out.replace('\n', "\r\n");
    }
    Ok(out)
}

fn any(u: &mut Unstructured<'_>, v: &[String]) -> Result<Option<String>> {
    if v.is_empty() { Ok(None) } else { Ok(Some(u.choose(v)?.clone())) }
}

/// Applies up to a few edits to `base`, as one side would; an edit that
/// lansplan refuses is left out.
pub fn edits(u: &mut Unstructured<'_>, base: &str) -> Result<String> {
    let Ok(mut s) = Session::from_text(base.to_string(), TODAY) else { return Ok(base.to_string()) };
    let mut text_ops: Vec<u8> = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let plan = s.loaded().plan.clone();
        let ids = |k: Kind| plan.items(k).iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        let (acts, goals, parties) = (ids(Kind::Activity), ids(Kind::Goal), ids(Kind::Party));
        let set = |s: &mut Session, p: String, v: &str| {
            if let Ok(path) = FieldPath::parse(&p) {
                let _ = s.set(&path, v);
            }
        };
        match u.int_in_range(0..=11)? {
            0 => {
                if let Some(a) = any(u, &acts)? {
                    let t = pick(u, WORDS)?;
                    set(&mut s, format!("activities.{a}.title"), t);
                }
            }
            1 => {
                if let Some(a) = any(u, &acts)? {
                    let d = date(u, 2027..=2028)?;
                    set(&mut s, format!("activities.{a}.due"), &d);
                }
            }
            2 => {
                if let (Some(a), Some(g)) = (any(u, &acts)?, any(u, &goals)?) {
                    set(&mut s, format!("activities.{a}.goal"), &g);
                }
            }
            3 => {
                if let Some(a) = any(u, &acts)? {
                    let _ = s.remove(Kind::Activity, &a, false);
                }
            }
            4 => {
                if let (Some(g), Some(p)) = (any(u, &goals)?, any(u, &parties)?) {
                    let fields = vec![
                        ("goal", Value::Str(g)),
                        ("title", Value::Str(pick(u, WORDS)?.to_string())),
                        ("responsible", Value::List(vec![p])),
                        ("status", Value::Str("planned".into())),
                    ];
                    let _ = s.add(Kind::Activity, fields);
                }
            }
            5 => {
                if let Some(g) = any(u, &goals)? {
                    let new = format!("{g}x{}", u.int_in_range(0..=9u8)?);
                    set(&mut s, format!("goals.{g}.id"), &new);
                }
            }
            6 => {
                if let Some(g) = any(u, &goals)? {
                    let _ = s.remove(Kind::Goal, &g, true);
                }
            }
            7 => {
                if let Some(p) = any(u, &parties)? {
                    let _ = s.remove(Kind::Party, &p, true);
                }
            }
            8 => {
                if let (Some(a), true) = (any(u, &acts)?, acts.len() > 1) {
                    let to = u.int_in_range(0..=acts.len() - 1)?;
                    let _ = s.reorder(Kind::Activity, &a, to);
                }
            }
            9 => {
                if let (Some(g), Some(p)) = (any(u, &goals)?, any(u, &parties)?) {
                    set(&mut s, format!("goals.{g}.responsible"), &p);
                }
            }
            _ => text_ops.push(u.int_in_range(0..=3)?),
        }
    }
    let mut text = s.text().to_string();
    for op in text_ops {
        let next = by_hand(u, &text, op)?;
        // A key written twice is no TOML: such an edit is left out.
        if next.parse::<toml::Table>().is_ok() {
            text = next;
        }
    }
    Ok(text)
}

/// An edit by hand: a comment above a header, a comment changed, an
/// unknown key added to an item, or the end of the file commented.
fn by_hand(u: &mut Unstructured<'_>, text: &str, op: u8) -> Result<String> {
    let headers: Vec<usize> = text.match_indices("\n[[").map(|(i, _)| i + 1).collect();
    Ok(match op {
        0 if !headers.is_empty() => {
            let at = *u.choose(&headers)?;
            format!("{}{}\n{}", &text[..at], pick(u, COMMENTS)?, &text[at..])
        }
        1 => {
            let (from, to) = (pick(u, COMMENTS)?, pick(u, COMMENTS)?);
            text.replacen(&format!("{from}\n"), &format!("{to}\n"), 1)
        }
        2 => {
            let ids: Vec<usize> = text.match_indices("\nid = \"").map(|(i, _)| i + 1).collect();
            match u.choose(&ids).ok() {
                Some(&at) => {
                    let end = text[at..].find('\n').map_or(text.len(), |e| at + e + 1);
                    format!(
                        "{}x_{} = {}\n{}",
                        &text[..end],
                        u.int_in_range(0..=9u8)?,
                        u.int_in_range(0..=99u8)?,
                        &text[end..]
                    )
                }
                None => text.to_string(),
            }
        }
        _ => format!("{text}{}\n", pick(u, COMMENTS)?),
    })
}

/// Returns a plan's meaning as TOML, with the entries of every list of
/// tables that have ids in id order (the order of items aside).
pub fn meaning(text: &str) -> Option<toml::Table> {
    fn norm(v: &mut toml::Value) {
        match v {
            toml::Value::Table(t) => t.iter_mut().for_each(|(_, v)| norm(v)),
            toml::Value::Array(a) => {
                a.iter_mut().for_each(norm);
                let id = |v: &toml::Value| v.get("id").and_then(|i| i.as_str()).map(String::from);
                if a.iter().all(|v| id(v).is_some()) {
                    a.sort_by_key(|v| id(v));
                }
            }
            _ => {}
        }
    }
    let mut t: toml::Table = text.parse().ok()?;
    t.iter_mut().for_each(|(_, v)| norm(v));
    Some(t)
}

/// Returns the comments of a text (as the lexer sees them), sorted.
pub fn comments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = toml_parser::Source::new(text)
        .lex()
        .filter(|t| t.kind() == toml_parser::lexer::TokenKind::Comment)
        .map(|t| text[t.span().start()..t.span().end()].trim_end().to_string())
        .collect();
    out.sort();
    out
}
