//! The git merge driver for the files beside a plan: `lansplan merge`
//! hands a consultation or decisions file here (told by its `format`, as
//! git passes temporary names), which merges it entry by entry.

use std::path::Path;

use super::{fail, shown};
use crate::consult::SideKind;
use crate::consult::merge::merge_named;
use crate::i18n::Lang;
use crate::plan::load::{decode, read_limited};
use crate::plan::save::{Expect, save_atomic};
use crate::text;

/// Returns the kind of side file `text` is, from its top-level `format`.
fn kind_of(text: &str) -> Option<SideKind> {
    let table: toml::Table = toml::from_str(text).ok()?;
    SideKind::of_format(table.get("format")?.as_str()?)
}

/// Merges BASE, OURS and THEIRS if OURS is a file beside a plan; `None`
/// for a plan (or anything else), which the plan merge handles.
pub(super) fn run(base: &Path, ours: &Path, theirs: &Path, out: Option<&Path>, lang: Lang) -> Option<i32> {
    let read = |p: &Path| read_limited(p).and_then(decode);
    let ours_text = read(ours).ok()?;
    SideKind::of_path(ours).or_else(|| kind_of(&ours_text))?;
    let (b, t) = match (read(base), read(theirs)) {
        (Ok(b), Ok(t)) => (b, t),
        (Err(e), _) => {
            eprintln!("{}", e.render(&shown(base), lang));
            return Some(2);
        }
        (_, Err(e)) => {
            eprintln!("{}", e.render(&shown(theirs), lang));
            return Some(2);
        }
    };
    let names = [shown(base), shown(ours), shown(theirs)];
    let merged = match merge_named([&names[0], &names[1], &names[2]], &b, &ours_text, &t) {
        Ok(m) => m,
        Err(e) => {
            // The message names the file, line and column (issue #15), and
            // is escaped where it quotes the file.
            eprintln!("{}", text::sanitize(e.get(lang)));
            return Some(2);
        }
    };
    for (list, old, new) in &merged.renamed {
        let (list, old, new) = (text::escape(list), text::escape(old), text::escape(new));
        eprintln!("{}", text!(sv: "lansplan: {list}: {old} fanns på båda håll; deras fick id {new}"; en: "lansplan: {list}: {old} was added on both sides; theirs is now {new}").get(lang));
    }
    for c in &merged.conflicts {
        let c = text::escape(c);
        eprintln!("{}", text!(sv: "lansplan: konflikt: {c}"; en: "lansplan: conflict: {c}").get(lang));
    }
    let code = match out {
        Some(path) => match save_atomic(path, merged.text.as_bytes(), Expect::Anything) {
            Ok(()) => 0,
            Err(e) => {
                fail(lang, &e.message(lang));
                return Some(2);
            }
        },
        None => {
            {
                use std::io::Write as _;
                let _ = write!(super::exit::stdout(), "{}", text::escape_multiline(&merged.text));
            }
            0
        }
    };
    Some(if code == 0 { i32::from(!merged.conflicts.is_empty()) } else { code })
}

/// Returns true if `file` is a file beside a plan (by name or `format`),
/// which git shows as it is rather than one field a line.
pub(super) fn is_side_file(file: &Path) -> bool {
    SideKind::of_path(file).is_some() || read_limited(file).and_then(decode).ok().and_then(|t| kind_of(&t)).is_some()
}
