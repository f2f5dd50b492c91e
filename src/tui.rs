//! The drafting TUI: `lansplan [FILE]` opens a plan (or the bundled
//! example) in an outline with a detail pane, where a county strategist
//! edits every field, adds, removes and moves items, checks the plan and
//! saves it. The only part of lansplan that knows ratatui and crossterm.
//!
//! One synchronous loop (`term.rs`): draw → event → [`keymap::Action`] →
//! update. State lives in [`app::App`], which tests drive without a
//! terminal; views are `impl Widget for &App` (`view.rs`, `overlay.rs`).

pub mod app;
mod commitments;
mod conflicts;
pub mod consult;
mod dialog;
mod diffdraw;
pub mod diffview;
mod docx;
mod draft;
mod folds;
pub mod follow;
pub mod guard;
pub mod keymap;
pub mod modal;
mod ops;
pub mod outline;
mod overlay;
pub mod recent;
mod revision;
pub mod strings;
mod term;
mod view;
mod wrap;

#[cfg(test)]
mod tests;

use std::path::Path;

use crate::i18n::Lang;
use crate::plan::Date;
use crate::plan::edit::Session;

pub use app::App;

/// Opens `file` (or the bundled example) in the TUI; returns the exit code.
pub fn run(file: Option<&Path>, lang: Lang) -> i32 {
    let today = Date::today();
    let session = match file {
        Some(p) => Session::open(p, today),
        None => Session::from_text(crate::assets::EXAMPLE.to_string(), today),
    };
    let session = match session {
        Ok(s) => s,
        Err(e) => {
            let name = file.map(crate::text::path).unwrap_or_else(|| crate::assets::EXAMPLE_NAME.into());
            eprintln!("{}", e.render(&name, lang));
            return 2;
        }
    };
    let mut app = App::new(session, lang, today);
    app.recent_file = recent::default_store();
    app.guard.data = crate::plan::recovery::data_dir();
    app.remember();
    app.attach();
    run_app(&mut app, lang)
}

/// Opens the bundled example with the list of recent files in front.
pub fn run_recent(lang: Lang) -> i32 {
    let today = Date::today();
    let session = match Session::from_text(crate::assets::EXAMPLE.to_string(), today) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(crate::assets::EXAMPLE_NAME, lang));
            return 2;
        }
    };
    let mut app = App::new(session, lang, today);
    app.recent_file = recent::default_store();
    app.guard.data = crate::plan::recovery::data_dir();
    app.attach();
    if app.modal.is_none() {
        app.open_recent();
    }
    run_app(&mut app, lang)
}

fn run_app(app: &mut App, lang: Lang) -> i32 {
    match term::run(app) {
        Ok(code) => code,
        Err(e) => {
            let msg = crate::text::escape(&e.to_string()).into_owned();
            eprintln!("lansplan: {}: {msg}", lang.pick("fel", "error"));
            2
        }
    }
}
