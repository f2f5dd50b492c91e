//! Writes the revision that follows a review: the older revision with
//! exactly the changes accepted as they stand, as a new draft (the next
//! version label, status draft, today's date, a summary of what was
//! applied), and says what it left out and why.

use std::collections::HashSet;
use std::path::Path;

use super::{Assessment, Review, Status, Tally};
use crate::diff::apply::apply;
use crate::diff::semantic::{Change, Op};
use crate::i18n::{Lang, Text};
use crate::plan::doc::{EditError, PlanDoc};
use crate::plan::model::Value;
use crate::plan::path::{FieldPath, Input};
use crate::plan::schema::Kind;
use crate::plan::{Date, Finding, LoadError, Loaded, Plan, load};
use crate::text;

/// Revision fields that the new draft sets itself: a change to them is
/// neither applied nor lost, it is replaced.
const OWN_FIELDS: [&str; 5] = ["version", "date", "status", "summary", "decided_by"];

/// Why a change of the diff is not in the new draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// Its status in the review: rejected, an open question, changed since
    /// review, not reviewed.
    Review(Status),
    /// A revision field the new draft sets itself (version, date, …).
    Replaced,
}

impl LeftOut {
    /// Returns the reason in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LeftOut::Review(s) => s.label(lang, 1),
            LeftOut::Replaced => lang.pick("sätts av den nya revisionen", "set by the new revision"),
        }
    }
}

/// The new draft and an account of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The draft's text.
    pub text: String,
    pub version: String,
    /// Indices of the changes applied.
    pub applied: Vec<usize>,
    /// Indices of the changes left out, with the reason.
    pub left_out: Vec<(usize, LeftOut)>,
    /// Marks on changes the diff no longer has.
    pub gone: usize,
    /// The older revision named who decided it; a draft is not decided.
    pub decided_by_removed: bool,
}

impl Applied {
    /// Returns how many changes were left out for each review status (the
    /// revision fields the draft sets itself not counted).
    pub fn left(&self) -> Tally {
        tally(&self.left_out)
    }
}

fn tally(left_out: &[(usize, LeftOut)]) -> Tally {
    let mut t = Tally::default();
    for (_, why) in left_out {
        if let LeftOut::Review(s) = why {
            t.add(*s);
        }
    }
    t
}

/// Why the new draft could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The version label asked for is one of the two revisions'.
    #[error("{}", .0.en)]
    Version(Text),
    /// The accepted changes alone break the plan's rules (they rest on a
    /// change that was left out): the findings on the draft, rendered.
    #[error("the accepted changes alone do not make a valid plan")]
    Invalid(Vec<Finding>),
}

impl ApplyError {
    /// Returns the reason in `lang`, one line per finding.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ApplyError::Edit(e) => e.text().get(lang).to_string(),
            ApplyError::Version(t) => t.get(lang).to_string(),
            ApplyError::Invalid(findings) => {
                let head = lang.pick(
                    "de godkända ändringarna ger ingen giltig plan utan ändringar som lämnades utanför (markera dem också, eller avvisa de som bygger på dem); ingen fil skrevs:",
                    "the accepted changes do not make a valid plan without changes that were left out (mark those too, or reject the ones that rest on them); no file was written:",
                );
                let lines: Vec<String> =
                    findings.iter().map(|f| f.render(lang.pick("(ny revision)", "(new revision)"), lang)).collect();
                format!("{head}\n{}", lines.join("\n"))
            }
        }
    }
}

/// Returns the label after `label`: its last number counted up, keeping
/// leading zeros' width ("2025.3" → "2025.4", "2025.09" → "2025.10",
/// "v2-remiss" → "v3-remiss"); ".2" appended to a label without digits
/// ("remiss" → "remiss.2"); "1" for an empty one. Labels in `taken` are
/// skipped.
pub fn next_version(label: &str, taken: &[String]) -> String {
    let mut v = bump(label.trim());
    while taken.iter().any(|t| t.trim() == v) {
        v = bump(&v);
    }
    v
}

fn bump(label: &str) -> String {
    if label.is_empty() {
        return "1".into();
    }
    let b = label.as_bytes();
    let Some(end) = b.iter().rposition(u8::is_ascii_digit).map(|i| i + 1) else {
        return format!("{label}.2");
    };
    let start = b[..end].iter().rposition(|c| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let mut digits: Vec<u8> = b[start..end].to_vec();
    let mut i = digits.len();
    loop {
        if i == 0 {
            digits.insert(0, b'1');
            break;
        }
        i -= 1;
        if digits[i] == b'9' {
            digits[i] = b'0';
        } else {
            digits[i] += 1;
            break;
        }
    }
    // Only ASCII digits were replaced, so the pieces stay UTF-8.
    format!("{}{}{}", &label[..start], String::from_utf8_lossy(&digits), &label[end..])
}

/// Returns the version labels of the revisions of plan `plan_id` in
/// `dir` (every `.toml` file there that is one), to keep a new label free.
pub fn taken_versions(dir: &Path, plan_id: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "toml") || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(text) = load::read_limited(&p).and_then(load::decode) else { continue };
        let Ok(l) = load::load_str_unchecked(text) else { continue };
        if l.plan.plan.str("id") == plan_id {
            out.push(l.plan.revision.str("version").to_string());
        }
    }
    out
}

fn revision_path(field: &str) -> Option<FieldPath> {
    Some(FieldPath { kind: Kind::Revision, id: None, field: Kind::Revision.field(field)?, sub: None })
}

/// Returns the draft's summary line (in Swedish, the plans' language).
fn summary(old: &Plan, new: &Plan, applied: usize, total: usize, left: &Tally) -> String {
    let (o, n) = (old.revision.str("version"), new.revision.str("version"));
    let mut s = format!("Utkast efter granskningen av {o} → {n}: {applied} av {total} ändringar godkända och införda");
    if *left != Tally::default() {
        s.push_str(&format!("; utelämnade: {}", left.words(Lang::Sv)));
    }
    s
}

impl Review {
    /// Returns the new draft after this review: `old` with exactly the
    /// changes of `old` → `new` accepted as they stand, then labelled
    /// `version` (from [`next_version`] unless a person chose one), dated
    /// `today`, status draft, with a summary of what was applied. `a` is
    /// [`Review::assess`] of `changes`.
    pub fn apply_accepted(
        &self,
        a: &Assessment,
        old: &Loaded,
        new: &Plan,
        changes: &[Change],
        version: &str,
        today: Date,
    ) -> Result<Applied, ApplyError> {
        let version = version.trim();
        let (ov, nv) = (old.plan.revision.str("version"), new.revision.str("version"));
        if version.is_empty() || version == ov || version == nv {
            let v = text::escape(version).into_owned();
            return Err(ApplyError::Version(Text::new(
                format!("versionen \"{v}\" är tom eller någon av de granskade revisionernas; välj en ny"),
                format!("the version \"{v}\" is empty or one of the reviewed revisions'; choose a new one"),
            )));
        }
        let mut applied = Vec::new();
        let mut left_out = Vec::new();
        for (i, c) in changes.iter().enumerate() {
            let own =
                c.kind == Kind::Revision && c.op == Op::Changed && c.field.is_some_and(|f| OWN_FIELDS.contains(&f));
            let status = a.changes.get(i).map_or(Status::Unreviewed, |(s, _)| *s);
            if own {
                left_out.push((i, LeftOut::Replaced));
            } else if status == Status::Accepted {
                applied.push(i);
            } else {
                left_out.push((i, LeftOut::Review(status)));
            }
        }
        let left = tally(&left_out);
        let mut doc = PlanDoc::parse(&old.source)?;
        let picked: Vec<&Change> = applied.iter().map(|i| &changes[*i]).collect();
        apply(&mut doc, &picked)?;
        let own_fields = [
            ("version", Input::Whole(Value::Str(version.to_string()))),
            ("date", Input::Whole(Value::Date(today))),
            ("status", Input::Whole(Value::Str("draft".into()))),
            ("summary", Input::Whole(Value::Str(summary(&old.plan, new, applied.len(), changes.len(), &left)))),
        ];
        for (field, input) in own_fields {
            if let Some(path) = revision_path(field) {
                doc.set(&path, input)?;
            }
        }
        let decided_by_removed = old.plan.revision.get("decided_by").is_some();
        if decided_by_removed && let Some(path) = revision_path("decided_by") {
            doc.set(&path, Input::Remove)?;
        }
        let text_ = doc.render();
        check_result(&text_, old, today)?;
        Ok(Applied {
            text: text_,
            version: version.to_string(),
            applied,
            left_out,
            gone: a.gone.len(),
            decided_by_removed,
        })
    }
}

/// Refuses a draft with errors the older revision did not have.
fn check_result(draft: &str, old: &Loaded, today: Date) -> Result<(), ApplyError> {
    let before: HashSet<&str> = old.findings.iter().filter(|f| f.is_error()).map(|f| f.message.en.as_str()).collect();
    let loaded = match load::load_str(draft.to_string(), today) {
        Ok(l) => l,
        Err(LoadError::Unreadable(f)) => return Err(ApplyError::Invalid(vec![*f])),
        Err(LoadError::Io { .. }) => return Err(ApplyError::Invalid(Vec::new())),
    };
    let new_errors: Vec<Finding> =
        loaded.findings.into_iter().filter(|f| f.is_error() && !before.contains(f.message.en.as_str())).collect();
    if new_errors.is_empty() { Ok(()) } else { Err(ApplyError::Invalid(new_errors)) }
}
