//! The dialogs that sit over the outline: field editors (a text widget or a
//! picker), confirmations, the help overlay and the findings panel. Each is
//! plain data; `app_modal.rs` handles their keys and `view/overlay.rs` draws
//! them.

use std::path::PathBuf;

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

use crate::plan::Kind;
use crate::plan::path::FieldPath;

/// The one dialog open over the panes, if any.
#[derive(Debug, Clone)]
pub enum Modal {
    Text(Box<TextModal>),
    Pick(PickModal),
    Confirm(ConfirmModal),
    Help {
        scroll: usize,
    },
    Findings {
        selected: usize,
    },
    /// The merge conflicts, with one selected.
    Conflicts {
        selected: usize,
    },
}

/// What a text dialog's input is for.
#[derive(Debug, Clone)]
pub enum TextPurpose {
    Field(FieldPath),
    Search,
    SaveAs,
    /// A new measurement on the indicator with this id.
    Measurement(String),
    /// A comment on the selected change's review mark.
    ReviewComment,
    /// A reply to this reviewer's mark on the selected change.
    ReviewReply(String),
    /// The file to save the accepted changes to, as a new revision.
    ApplyReview,
}

/// A dialog with a text editing widget.
#[derive(Debug, Clone)]
pub struct TextModal {
    pub purpose: TextPurpose,
    pub title: String,
    pub area: TextArea<'static>,
    pub multiline: bool,
    /// What to type, shown under the input.
    pub hint: Option<&'static str>,
    /// Why the last attempt was refused (already escaped).
    pub error: Option<String>,
}

impl TextModal {
    /// Returns a dialog holding `text`, with the cursor at its end.
    pub fn new(purpose: TextPurpose, title: String, text: &str, multiline: bool) -> TextModal {
        let lines: Vec<String> =
            if multiline { text.split('\n').map(String::from).collect() } else { vec![text.replace('\n', " ")] };
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        if multiline {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        TextModal { purpose, title, area, multiline, hint: None, error: None }
    }

    /// Returns the text typed so far.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

/// What a choice in a picker stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickValue {
    /// Removes an optional field.
    Remove,
    /// An enumeration key or an item id.
    Key(String),
    Filter(FilterChoice),
    Path(PathBuf),
    Diff(super::diffview::DiffChoice),
    Follow(super::follow::FollowChoice),
    /// A git commit of the plan file, for the diff view.
    Commit(Box<super::diffview::CommitRef>),
}

/// A choice in the filter picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterChoice {
    Clear,
    Status(&'static str),
    Party(String),
    Area(String),
}

/// One line of a picker.
#[derive(Debug, Clone)]
pub struct PickItem {
    /// What is shown (already escaped).
    pub label: String,
    pub value: PickValue,
    pub checked: bool,
}

/// What a picker's choice is for.
#[derive(Debug, Clone)]
pub enum PickPurpose {
    Field(FieldPath),
    MoveToGoal {
        kind: Kind,
        id: String,
    },
    Filter,
    Recent,
    /// The other revision to compare with.
    DiffWith,
    /// What the diff view shows.
    DiffFilter,
    /// Whose mark on the selected change to reply to.
    ReplyTo,
    /// The party the reviewer speaks for.
    ReviewParty,
    /// What the follow-up timeline shows.
    FollowFilter,
}

/// A list to choose one (or, with `multi`, several) entries from.
#[derive(Debug, Clone)]
pub struct PickModal {
    pub purpose: PickPurpose,
    pub title: String,
    pub items: Vec<PickItem>,
    pub selected: usize,
    pub multi: bool,
    pub error: Option<String>,
}

/// What a confirmation is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmPurpose {
    Delete {
        kind: Kind,
        id: String,
    },
    /// Delete again, taking the dependents along.
    Cascade {
        kind: Kind,
        id: String,
    },
    Quit,
    DiskChanged,
    /// Another lansplan holds the plan's lock.
    Locked,
    /// A journal holds unsaved edits from an earlier run.
    Restore,
    /// The file changed on disk and nothing here is unsaved.
    Reload,
}

/// A question with its answers given by single keys (shown in `choices`).
#[derive(Debug, Clone)]
pub struct ConfirmModal {
    pub purpose: ConfirmPurpose,
    /// The question and what it concerns (already escaped).
    pub lines: Vec<String>,
    pub choices: &'static str,
}
