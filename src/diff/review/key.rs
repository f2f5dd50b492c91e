//! Fingerprints and file names of reviews.
//!
//! A mark records a fingerprint of exactly what its reviewer judged (the
//! change's old and new values, or the whole item added or removed), so a
//! change edited after the mark no longer matches it. A review file is
//! named by the plan, the two version labels and a short key over the
//! older revision's content, both revisions' dates and the newer file's
//! name: two different revisions never share a review, while the revision
//! under review can still be edited (its marks then go stale one by one
//! instead of disappearing with a new file name).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diff::semantic::{Change, Op};
use crate::plan::model::{Item, Plan, Value};
use crate::plan::schema::Kind;

/// Longest part of a review file name taken from the plan id or a version
/// label; the key keeps names unique when these are cut.
const ID_CHARS: usize = 48;
const VERSION_CHARS: usize = 24;
/// Hex digits of the key in the file name.
const KEY_HEX: usize = 10;

/// Feeds values into a hash so that no two different sequences of values
/// give the same bytes: every piece is tagged and length-prefixed.
struct Canon(Sha256);

impl Canon {
    fn new(domain: &str) -> Canon {
        let mut c = Canon(Sha256::new());
        c.str(domain);
        c
    }

    fn bytes(&mut self, tag: u8, b: &[u8]) {
        self.0.update([tag]);
        self.0.update((b.len() as u64).to_le_bytes());
        self.0.update(b);
    }

    fn str(&mut self, s: &str) {
        self.bytes(b's', s.as_bytes());
    }

    fn opt(&mut self, v: Option<&Value>) {
        match v {
            None => self.bytes(b'-', b""),
            Some(v) => self.value(v),
        }
    }

    fn year_value(&mut self, year: i64, value: f64) {
        self.bytes(b'y', &year.to_le_bytes());
        self.bytes(b'f', &value.to_bits().to_le_bytes());
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Str(s) => self.str(s),
            Value::Date(d) => self.bytes(b'd', d.to_string().as_bytes()),
            Value::List(l) => {
                self.bytes(b'l', &(l.len() as u64).to_le_bytes());
                l.iter().for_each(|s| self.str(s));
            }
            Value::Period { start, end } => {
                self.bytes(b'p', start.to_string().as_bytes());
                self.bytes(b'p', end.to_string().as_bytes());
            }
            Value::YearValue(yv) => self.year_value(yv.year, yv.value),
            Value::Measurements(ms) => {
                self.bytes(b'm', &(ms.len() as u64).to_le_bytes());
                for m in ms {
                    self.year_value(m.year, m.value);
                    // A 1.0 measurement hashes as before (marks stay bound);
                    // the keys format 1.1 adds enter only when set.
                    if !m.is_plain() {
                        self.str(m.area.as_deref().unwrap_or(""));
                        self.str(m.sex.code());
                        self.bytes(b'n', &m.n.unwrap_or(-1).to_le_bytes());
                        self.str(m.period.as_deref().unwrap_or(""));
                        self.str(m.source.as_deref().unwrap_or(""));
                    }
                }
            }
            Value::Refs(refs) => {
                self.bytes(b'r', &(refs.len() as u64).to_le_bytes());
                for (k, v) in refs {
                    self.str(k);
                    self.str(v);
                }
            }
        }
    }

    fn item(&mut self, item: &Item) {
        self.str(item.kind.json_name());
        self.str(&item.id);
        self.bytes(b'n', &(item.fields.len() as u64).to_le_bytes());
        for (name, v) in &item.fields {
            self.str(name);
            self.value(v);
        }
    }

    fn finish(self) -> String {
        let digest = self.0.finalize();
        let mut hex = String::with_capacity(64);
        for b in digest {
            hex.push_str(&format!("{b:02x}"));
        }
        hex
    }
}

/// Returns the fingerprint of what a reviewer judges in `c`: its identity
/// and its old and new values (the whole item for an added or removed one),
/// as `sha256:…`. Layout and comments do not enter it.
pub fn change_fingerprint(c: &Change) -> String {
    let mut h = Canon::new("lansplan-review-change/1");
    h.str(c.op.name());
    h.str(c.kind.json_name());
    h.str(c.id.as_deref().unwrap_or(""));
    h.str(c.field.unwrap_or(""));
    match c.op {
        Op::Added | Op::Removed => match &c.item {
            Some(item) => h.item(item),
            None => h.bytes(b'-', b""),
        },
        Op::Changed | Op::Moved => {
            h.opt(c.old.as_ref());
            h.opt(c.new.as_ref());
        }
    }
    format!("sha256:{}", h.finish())
}

/// Returns the fingerprint of a revision's content (every item and field,
/// not the layout or the comments), as `sha256:…`.
pub fn plan_fingerprint(p: &Plan) -> String {
    let mut h = Canon::new("lansplan-plan-content/1");
    for kind in Kind::ALL {
        let items = p.items(kind);
        // Issue 18: a plan without commitments (every plan of format 1.0)
        // keeps the key it had before the kind existed, so its review file
        // is still found.
        if kind == Kind::Commitment && items.is_empty() {
            continue;
        }
        h.str(kind.json_name());
        h.bytes(b'n', &(items.len() as u64).to_le_bytes());
        items.iter().for_each(|i| h.item(i));
    }
    format!("sha256:{}", h.finish())
}

/// Returns `s` with every character but ASCII letters, digits, `-`, `.`
/// and `_` replaced by `_`, cut to `max` characters.
fn slug(s: &str, max: usize) -> String {
    s.chars()
        .take(max)
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '_' })
        .collect()
}

/// Returns the start of every review file name of `old` → `new`:
/// `<plan-id>_<old-version>--<new-version>`.
pub(super) fn stem(old: &Plan, new: &Plan) -> String {
    format!(
        "{}_{}--{}",
        slug(new.plan.str("id"), ID_CHARS),
        slug(old.revision.str("version"), VERSION_CHARS),
        slug(new.revision.str("version"), VERSION_CHARS)
    )
}

/// Returns where the review of `old` → `new` lives: beside the newer
/// revision's file, as `<plan-id>_<old>--<new>_<key>.review.toml`, at most
/// about 120 bytes long whatever the ids and labels.
pub fn review_path(new_file: &Path, old: &Plan, new: &Plan) -> PathBuf {
    let mut h = Canon::new("lansplan-review-key/1");
    h.str(new.plan.str("id"));
    for (p, content) in [(old, Some(plan_fingerprint(old))), (new, None)] {
        h.str(p.revision.str("version"));
        h.str(&p.revision.date("date").map(|d| d.to_string()).unwrap_or_default());
        h.str(content.as_deref().unwrap_or(""));
    }
    h.str(&new_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    let key = h.finish();
    new_file.with_file_name(format!("{}_{}.review.toml", stem(old, new), &key[..KEY_HEX]))
}

/// Returns the name the first review format gave the review of `old` →
/// `new` (by the two version labels alone), to read such a file again.
pub(super) fn legacy_path(new_file: &Path, old: &Plan, new: &Plan) -> PathBuf {
    let whole = |s: &str| slug(s, usize::MAX);
    let name = format!(
        "{}_{}--{}.review.toml",
        whole(new.plan.str("id")),
        whole(old.revision.str("version")),
        whole(new.revision.str("version"))
    );
    new_file.with_file_name(name)
}
