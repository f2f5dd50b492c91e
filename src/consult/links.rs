//! The consultation points linked to the changes of a diff, for showing
//! beside each change the points that caused it (`lansplan diff` in every
//! format, the editor's diff view).

use std::path::{Path, PathBuf};

use serde_json::{Value as J, json};

use super::beside::{SideKind, path_of};
use super::entry::Entry;
use super::remiss::{self, Remiss};
use crate::diff::Change;
use crate::diff::review::change_key;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::plan::load::LoadError;

/// A consultation of the old side of a diff.
#[derive(Debug, Clone)]
pub struct Links {
    pub path: PathBuf,
    pub remiss: Remiss,
}

/// Returns the consultation of `old`'s version, looked for beside the old
/// file and then beside the new one; `Err` when one is there but cannot be
/// read (the diff goes on without it).
pub fn find(
    old_file: Option<&Path>,
    new_file: Option<&Path>,
    old: &Plan,
) -> Option<Result<Links, (PathBuf, LoadError)>> {
    for file in [old_file, new_file].into_iter().flatten() {
        let path = path_of(file, old, SideKind::Remiss);
        if !path.is_file() {
            continue;
        }
        return Some(match remiss::load_file(&path) {
            Ok(side) => Ok(Links { path, remiss: side.value }),
            Err(e) => Err((path, e)),
        });
    }
    None
}

impl Links {
    /// Returns the points linked to `c`.
    pub fn points(&self, c: &Change) -> Vec<&Entry> {
        let key = change_key(c);
        self.remiss.points.iter().filter(|p| p.list("changes").contains(&key)).collect()
    }

    /// Returns one line per point linked to `c` (unescaped: each renderer
    /// escapes for its target).
    pub fn notes(&self, c: &Change, base: &Plan, lang: Lang) -> Vec<String> {
        self.points(c).into_iter().map(|p| remiss::point_note(&self.remiss, p, Some(base), lang)).collect()
    }

    /// Returns the points linked to `c` as JSON objects for the diff's
    /// `points` member: id, party, disposition (null when open), text.
    pub fn json(&self, c: &Change) -> Vec<J> {
        self.points(c)
            .into_iter()
            .map(|p| {
                let d = p.str("disposition");
                json!({
                    "id": p.str("id"),
                    "party": self.remiss.party_of(p),
                    "disposition": if d.is_empty() { J::Null } else { J::String(d.into()) },
                    "text": p.str("text"),
                })
            })
            .collect()
    }

    /// Adds a `points` member to each change of a diff document that has
    /// linked points (the document's changes are in `changes`' order).
    pub fn annotate_json(&self, doc: &mut J, changes: &[Change]) {
        let Some(list) = doc.get_mut("changes").and_then(J::as_array_mut) else { return };
        for (obj, c) in list.iter_mut().zip(changes) {
            let points = self.json(c);
            if let (false, Some(m)) = (points.is_empty(), obj.as_object_mut()) {
                m.insert("points".into(), J::Array(points));
            }
        }
    }
}
