//! `lansplan new` and `lansplan templates`: start a plan from a template.

use std::path::Path;

use super::{fail, shown};
use crate::assets;
use crate::i18n::Lang;
use crate::plan::Date;
use crate::plan::doc::EditError;
use crate::plan::edit::Session;
use crate::plan::path::FieldPath;

/// Lists the templates.
pub fn list(lang: Lang) -> i32 {
    for t in assets::TEMPLATES {
        crate::outln!("{:<22} {}", t.name, lang.pick(t.sv, t.en));
    }
    0
}

/// Returns a plan id made from a county name: "Jämtlands län" → "jamtland".
pub fn county_slug(county: &str) -> String {
    let base = county.trim().trim_end_matches(" län").trim_end_matches('s');
    let mut out = String::new();
    for c in base.chars().flat_map(char::to_lowercase) {
        match c {
            'å' | 'ä' | 'à' | 'á' => out.push('a'),
            'ö' | 'ø' | 'ó' => out.push('o'),
            'é' | 'è' => out.push('e'),
            'ü' => out.push('u'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_matches('-').to_string()
}

/// Creates a plan from a template; never overwrites a file.
pub fn new(template: &str, county: Option<&str>, out: &Path, lang: Lang) -> i32 {
    let Some(t) = assets::template(template) else {
        let names = assets::TEMPLATES.iter().map(|t| t.name).collect::<Vec<_>>().join(", ");
        let n = crate::text::escape(template);
        fail(lang, text!(sv: "okänd mall \"{n}\"; mallarna är {names}"; en: "unknown template \"{n}\"; the templates are {names}").get(lang));
        return 2;
    };
    let today = Date::today();
    let mut session = match Session::from_text(t.text.to_string(), today) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(t.name, lang));
            return 2;
        }
    };
    // Issue 19: a county SCB knows fills in its region and every kommun.
    let known = match county.map(|c| (c, crate::plan::scb::registry().county(c))) {
        Some((_, Some(c))) => Some(c),
        Some((c, None)) if looks_like_a_county(c) => {
            let (n, all) = (crate::text::escape(c).into_owned(), county_names());
            fail(
                lang,
                text!(sv: "okänt län \"{n}\"; länen är {all}"; en: "unknown county \"{n}\"; the counties are {all}")
                    .get(lang),
            );
            return 2;
        }
        _ => None,
    };
    let county = known.map(|c| c.name).or(county);
    let mut edits: Vec<(&str, String)> = vec![("revision.date", today.to_string())];
    if let Some(county) = county {
        edits.push(("plan.county", county.to_string()));
        let slug = county_slug(county);
        // A local agreement is a kommun's, so its id does not come from the county.
        let suffix = match session.loaded().plan.plan.str("kind") {
            "agreement" => Some("lok"),
            "local_agreement" => None,
            _ => Some("hp"),
        };
        if let Some(suffix) = suffix.filter(|_| !slug.is_empty()) {
            edits.push(("plan.id", format!("{slug}-{suffix}")));
        }
    }
    for (path, value) in edits {
        let fp = FieldPath::parse(path).expect("template paths are valid");
        if let Err(e) = session.set(&fp, &value) {
            fail(lang, &crate::text::sanitize(e.text().get(lang)));
            return 1;
        }
    }
    if let Some(c) = known
        && let Err(e) = fill_county(&mut session, c)
    {
        fail(lang, &crate::text::sanitize(e.text().get(lang)));
        return 1;
    }
    if let Err(e) = session.save_as(out, false) {
        fail(lang, &e.message(lang));
        return 1;
    }
    let o = shown(out);
    eprintln!(
        "{}",
        text!(sv: "skapade {o} från mallen {}", t.name; en: "created {o} from the template {}", t.name).get(lang)
    );
    0
}

/// Returns true for a name that reads as a Swedish county ("… län"), so
/// that a misspelt one is refused rather than written as free text.
fn looks_like_a_county(name: &str) -> bool {
    crate::plan::scb::fold(name).ends_with(" lan")
}

fn county_names() -> String {
    crate::plan::scb::registry().counties.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

/// Fills in a county's parties from SCB's list: the region's name and
/// code, and one party per kommun (name and code) in place of the
/// template's placeholder kommuner; lists of responsible parties that named
/// a placeholder name every kommun.
pub fn fill_county(session: &mut Session, county: &'static crate::plan::scb::County) -> Result<(), EditError> {
    use crate::plan::model::Value;
    use crate::plan::path::Input;
    use crate::plan::schema::{FieldType, Kind};
    let plan = session.loaded().plan.clone();
    // A local agreement is one kommun's: its placeholder kommun stays for the
    // user to name, rather than every kommun of the county taking its place.
    let local = plan.plan.str("kind") == "local_agreement";
    let placeholders: Vec<String> =
        plan.parties.iter().filter(|p| p.str("kind") == "municipality" && !local).map(|p| p.id.clone()).collect();
    let kommuner: Vec<_> = crate::plan::scb::registry().kommuner_in(county.code).filter(|_| !local).collect();
    let ids: Vec<String> = kommuner.iter().map(|k| crate::plan::scb::id_for(k.short)).collect();
    let first = plan.parties.iter().position(|p| placeholders.contains(&p.id)).unwrap_or(plan.parties.len());
    let path = |kind: Kind, id: &str, field: &str| FieldPath {
        kind,
        id: Some(id.to_string()),
        field: kind.field(field).expect("a field of the schema"),
        sub: None,
    };
    session.apply(|doc| {
        if let Some(region) = plan.parties.iter().find(|p| p.str("kind") == "region") {
            doc.set(&path(Kind::Party, &region.id, "name"), Input::Whole(Value::Str(county.region.to_string())))?;
            doc.set(&path(Kind::Party, &region.id, "code"), Input::Whole(Value::Str(county.code.to_string())))?;
        }
        // The template's county board is a placeholder ("Ange länsstyrelsen …").
        for board in
            plan.parties.iter().filter(|p| p.str("kind") == "county_board" && p.str("name").starts_with("Ange"))
        {
            let name = format!("Länsstyrelsen i {}", county.name);
            doc.set(&path(Kind::Party, &board.id, "name"), Input::Whole(Value::Str(name)))?;
        }
        for (n, (k, id)) in kommuner.iter().zip(&ids).enumerate() {
            let fields = [
                ("id", Value::Str(id.clone())),
                ("name", Value::Str(k.name.to_string())),
                ("kind", Value::Str("municipality".into())),
                ("code", Value::Str(k.code.to_string())),
            ];
            doc.add(Kind::Party, &fields)?;
            doc.reorder(Kind::Party, id, first + n)?;
        }
        for kind in Kind::COLLECTIONS {
            let lists = kind.fields().iter().filter(|f| f.ty == FieldType::RefList(Kind::Party));
            for field in lists {
                for item in plan.items(kind) {
                    let list = item.list(field.name);
                    if !list.iter().any(|p| placeholders.contains(p)) {
                        continue;
                    }
                    let mut new: Vec<String> = Vec::new();
                    for p in list {
                        let with = if placeholders.contains(p) { ids.clone() } else { vec![p.clone()] };
                        new.extend(with.into_iter().filter(|x| !new.contains(x)).collect::<Vec<_>>());
                    }
                    doc.set(&path(kind, &item.id, field.name), Input::Whole(Value::List(new)))?;
                }
            }
        }
        for p in &placeholders {
            doc.remove(Kind::Party, p, false)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(county_slug("Jämtlands län"), "jamtland");
        assert_eq!(county_slug("Västra Götalands län"), "vastra-gotaland");
        assert_eq!(county_slug("Örebro län"), "orebro");
    }

    #[test]
    fn a_county_fills_in_its_region_and_every_kommun() {
        let today = Date { year: 2026, month: 1, day: 1 };
        for t in assets::TEMPLATES {
            let mut s = Session::from_text(t.text.to_string(), today).expect("template loads");
            let c = crate::plan::scb::registry().county("Jämtland").expect("known");
            fill_county(&mut s, c).expect("fills");
            let l = s.loaded();
            assert_eq!(l.error_count(), 0, "{}: {:?}", t.name, l.findings);
            let region = l.plan.find(crate::plan::Kind::Party, "region").expect("region");
            assert_eq!((region.str("name"), region.str("code")), ("Region Jämtland Härjedalen", "23"));
            if l.plan.plan.str("kind") == "local_agreement" {
                let kommuner: Vec<&str> =
                    l.plan.parties.iter().filter(|p| p.str("kind") == "municipality").map(|p| p.id.as_str()).collect();
                assert_eq!(kommuner, ["kommun"], "{}: the kommun is the user's to name", t.name);
                continue;
            }
            let kommuner: Vec<(&str, &str)> = l
                .plan
                .parties
                .iter()
                .filter(|p| p.str("kind") == "municipality")
                .map(|p| (p.id.as_str(), p.str("code")))
                .collect();
            assert_eq!(kommuner.len(), 8, "{}", t.name);
            assert!(kommuner.contains(&("ostersund", "2380")), "{kommuner:?}");
            let g = l.plan.goals.iter().find(|g| g.list("responsible").contains(&"berg".to_string()));
            assert!(g.is_some_and(|g| g.list("responsible").len() == 9), "{}: every kommun and the region", t.name);
            assert!(!l.source.contains("platshållare: byt id"), "{}: placeholders gone", t.name);
        }
    }
}
