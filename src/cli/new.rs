//! `lansplan new` and `lansplan templates`: start a plan from a template.

use std::path::Path;

use super::{fail, shown};
use crate::assets;
use crate::i18n::Lang;
use crate::plan::Date;
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
    let mut edits: Vec<(&str, String)> = vec![("revision.date", today.to_string())];
    if let Some(county) = county {
        edits.push(("plan.county", county.to_string()));
        let slug = county_slug(county);
        if !slug.is_empty() {
            let suffix = if session.loaded().plan.plan.str("kind") == "agreement" { "lok" } else { "hp" };
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

#[cfg(test)]
mod tests {
    use super::county_slug;

    #[test]
    fn slugs() {
        assert_eq!(county_slug("Jämtlands län"), "jamtland");
        assert_eq!(county_slug("Västra Götalands län"), "vastra-gotaland");
        assert_eq!(county_slug("Örebro län"), "orebro");
    }
}
