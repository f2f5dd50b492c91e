//! The editor's two ways to a Word document: the plan as it stands (key
//! `w` in the outline) beside its file, and in the diff view the newer
//! revision with the changes as tracked revisions (`w`), beside the review
//! file, for a reviewer in Word whose work `lansplan review import` reads
//! back. Thin: the document is made by `publish::docx`.

use std::path::Path;

use super::app::App;
use super::strings as s;
use crate::plan::save::{Expect, save_atomic};
use crate::text::escape;

impl App {
    /// Writes the plan as shown (unsaved edits too) as `<file>.docx`.
    pub fn export_docx(&mut self) {
        let Some(path) = self.session.path.clone() else {
            return self.error(s::DOCX_NEEDS_FILE.get(self.lang));
        };
        // An agreement's commitments and responsibility matrix are part of
        // the document, as in `lansplan export --format docx` (they were
        // left out here). The change list and the files beside the plan are
        // the command's (it is told which revision to list changes from).
        let plan = &self.session.loaded().plan;
        let agreement = crate::publish::agreement::blocks(plan, 1, self.lang);
        let sections: Vec<_> = if agreement.is_empty() { Vec::new() } else { vec![agreement] };
        let made = crate::publish::docx::plan(plan, &sections, self.lang);
        self.write_docx(made.map(|o| o.bytes), &path.with_extension("docx"));
    }

    /// Writes the diff as `<plan>_<old>--<new>.review.docx` beside the review.
    pub fn export_diff_docx(&mut self) {
        let Some(v) = &self.diff else { return };
        let made = crate::publish::docx::diff(&v.old.plan, &v.new.plan, &v.changes, &[], self.lang);
        let path = v.review_path.with_extension("docx");
        self.write_docx(made.map(|o| o.bytes), &path);
    }

    fn write_docx(&mut self, made: Result<Vec<u8>, crate::publish::docx::PackError>, path: &Path) {
        let saved = made
            .map_err(|e| e.to_string())
            .and_then(|bytes| save_atomic(path, &bytes, Expect::Anything).map_err(|e| e.message(self.lang)));
        match saved {
            Ok(()) => self.info(s::saved_to(self.lang, &crate::text::path(path))),
            Err(e) => self.error(escape(&e).into_owned()),
        }
    }
}
