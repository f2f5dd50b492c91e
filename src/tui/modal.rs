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
    /// The file to start the next revision in.
    NewRevision,
    /// A field of an item not yet added, asked for because nothing
    /// honest can stand in for it (issue #22).
    Draft(Box<super::draft::Draft>),
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
    /// The characters the widget holds as placeholders, by slot: controls,
    /// bidi marks and the like, which must not reach the terminal raw but
    /// are part of the value and are kept as they are (issue #15).
    pub hidden: Vec<char>,
    /// The text the dialog opened with, so that an unchanged text is not
    /// stored again.
    pub original: String,
    /// Esc was pressed once on typed text of a multi-line field: the next
    /// Esc discards it (issue #22: one Esc dropped paragraphs unasked).
    pub leaving: bool,
}

/// The first placeholder: the widget holds each hidden character as a code
/// point of the supplementary private use planes (15 and 16), which the
/// dialog draws as a visible symbol. Those planes are hidden too, so a
/// private use character of the value itself cannot pass for a placeholder.
const PLANE_15: u32 = 0xF_0000;
/// Placeholders in plane 15 (U+F0000..U+FFFFD); the rest go to plane 16.
const PLANE_15_SLOTS: u32 = 0xFFFE;
const PLANE_16: u32 = 0x10_0000;
const SLOTS: usize = 2 * PLANE_15_SLOTS as usize;

/// Returns true for the code points the widget uses as placeholders.
pub fn is_placeholder(c: char) -> bool {
    c as u32 >= PLANE_15
}

fn placeholder(slot: usize) -> Option<char> {
    let slot = u32::try_from(slot).ok()?;
    let cp = if slot < PLANE_15_SLOTS { PLANE_15 + slot } else { PLANE_16 + slot - PLANE_15_SLOTS };
    char::from_u32(cp).filter(|_| (slot as usize) < SLOTS)
}

fn slot_of(c: char) -> Option<usize> {
    let cp = c as u32;
    let slot = if cp >= PLANE_16 { cp - PLANE_16 + PLANE_15_SLOTS } else { cp.checked_sub(PLANE_15)? };
    Some(slot as usize)
}

/// Returns `text` with every character the widget must not show replaced
/// by a placeholder, and the characters by slot; `None` if a value holds
/// more distinct such characters than there are placeholders.
fn mask(text: &str, multiline: bool) -> Option<(String, Vec<char>)> {
    let mut hidden = Vec::new();
    let mut slots = std::collections::HashMap::new();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (crate::text::is_dangerous(c) && !(multiline && c == '\n')) || is_placeholder(c) {
            let slot = *slots.entry(c).or_insert_with(|| {
                hidden.push(c);
                hidden.len() - 1
            });
            out.push(placeholder(slot)?);
        } else {
            out.push(c);
        }
    }
    Some((out, hidden))
}

impl TextModal {
    /// Returns a dialog holding `text`, with the cursor at its end. Every
    /// character that must not reach the terminal raw is held as a
    /// placeholder and comes back unchanged in [`TextModal::text`]; `None`
    /// when `text` has more distinct ones than there are placeholders.
    pub fn new(purpose: TextPurpose, title: String, text: &str, multiline: bool) -> Option<TextModal> {
        let (masked, hidden) = mask(text, multiline)?;
        let lines: Vec<String> = masked.split('\n').map(String::from).collect();
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        // Selected text shows without colour too.
        area.set_selection_style(Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED));
        if multiline {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        let original = text.to_string();
        Some(TextModal { purpose, title, area, multiline, hint: None, error: None, hidden, original, leaving: false })
    }

    /// Returns a dialog that opens empty.
    pub fn empty(purpose: TextPurpose, title: String) -> TextModal {
        let mut area = TextArea::default();
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        let original = String::new();
        TextModal {
            purpose,
            title,
            area,
            multiline: false,
            hint: None,
            error: None,
            hidden: Vec::new(),
            original,
            leaving: false,
        }
    }

    /// Returns the text as it stands, hidden characters as they were.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (n, line) in self.area.lines().iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.extend(line.chars().map(|c| self.hidden_behind(c).unwrap_or(c)));
        }
        out
    }

    /// Returns the character a placeholder stands for.
    pub fn hidden_behind(&self, c: char) -> Option<char> {
        self.hidden.get(slot_of(c)?).copied()
    }

    /// Returns true if the text is what the dialog opened with.
    pub fn unchanged(&self) -> bool {
        self.text() == self.original
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
    /// Ticks (or, when all are ticked, unticks) every party of this kind.
    AllOfKind(&'static str),
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
    /// An enumeration of an item not yet added.
    Draft(Box<super::draft::Draft>),
    /// The consultation points linked to the diff's change with this key.
    LinkPoints {
        key: String,
    },
    /// Which linked point to say how it was handled.
    PointForDisposition,
    /// How this point was handled.
    Disposition {
        point: String,
    },
}

/// A list to choose one (or, with `multi`, several) entries from.
#[derive(Debug, Clone)]
pub struct PickModal {
    pub purpose: PickPurpose,
    pub title: String,
    pub items: Vec<PickItem>,
    /// Index into `items`; always one of the items shown.
    pub selected: usize,
    pub multi: bool,
    pub error: Option<String>,
    /// What was typed to narrow the list (any case, anywhere in a label).
    pub query: String,
}

impl PickModal {
    /// Returns the indices of the items the query lets through.
    pub fn visible(&self) -> Vec<usize> {
        let q = self.query.to_lowercase();
        (0..self.items.len()).filter(|&i| q.is_empty() || self.items[i].label.to_lowercase().contains(&q)).collect()
    }

    /// Moves the selection `by` shown items (clamped).
    pub fn step(&mut self, by: isize) {
        let shown = self.visible();
        let at = shown.iter().position(|&i| i == self.selected).unwrap_or(0);
        let to = at.saturating_add_signed(by).min(shown.len().saturating_sub(1));
        if let Some(&i) = shown.get(to) {
            self.selected = i;
        }
    }

    /// Narrows the list to `query` and selects the first item left, unless
    /// the selected one is still shown.
    pub fn set_query(&mut self, query: String) {
        self.query = query;
        let shown = self.visible();
        if !shown.contains(&self.selected)
            && let Some(&first) = shown.first()
        {
            self.selected = first;
        }
    }
}

/// What a confirmation is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmPurpose {
    /// Remove the item and everything the dialog lists (issue #22: one
    /// question that names all of it, asked before anything changes).
    Delete {
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
    /// The revision is adopted; this edit waits for the answer.
    Adopted(super::keymap::Action),
}

/// What a person can answer a question with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Closes the question, changing nothing.
    Cancel,
    /// Removes what the question lists.
    Delete,
    /// Saves, then quits if the save went through.
    SaveAndQuit,
    /// Quits and drops the unsaved edits and their journal.
    DiscardAndQuit,
    /// Quits (nothing unsaved is at stake).
    Quit,
    /// Reads the file again (dropping what is shown).
    Reload,
    SaveAs,
    ReadOnly,
    OpenAnyway,
    /// Puts the journal's edits back.
    Restore,
    /// Forgets the journal's edits.
    DropJournal,
    /// Starts the next revision instead of editing this one.
    NewRevision,
    /// Edits the adopted revision all the same.
    EditAnyway,
}

/// One answer of a question: what it does, the letter that gives it at
/// once and its words (the letters are the same in both languages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub answer: Answer,
    /// `None`: only Enter on the highlighted choice (or Esc, for
    /// [`Answer::Cancel`]) gives it.
    pub key: Option<char>,
    pub label: &'static str,
}

/// A question with its answers as a list of choices, one highlighted:
/// Enter takes the highlighted one, a choice's letter takes it at once,
/// Esc takes the choice that cancels (a question without one stays).
#[derive(Debug, Clone)]
pub struct ConfirmModal {
    pub purpose: ConfirmPurpose,
    /// The question and what it concerns (already escaped).
    pub lines: Vec<String>,
    pub choices: Vec<Choice>,
    /// Index into `choices`.
    pub selected: usize,
}

impl ConfirmModal {
    /// Returns a question with `choices`, the first one highlighted.
    pub fn new(purpose: ConfirmPurpose, lines: Vec<String>, choices: Vec<Choice>) -> ConfirmModal {
        ConfirmModal { purpose, lines, choices, selected: 0 }
    }

    /// Returns the answer given by the letter `c`, if a choice has it.
    pub fn by_key(&self, c: char) -> Option<Answer> {
        self.choices.iter().find(|x| x.key == Some(c)).map(|x| x.answer)
    }

    /// Returns the answer Esc gives: the choice that cancels, if any.
    pub fn on_escape(&self) -> Option<Answer> {
        self.choices.iter().find(|x| x.answer == Answer::Cancel).map(|x| x.answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Issue #15: the widget's text comes back byte for byte, whatever the
    // value holds, and nothing dangerous sits in the widget itself.
    #[test]
    fn hidden_characters_come_back_as_they_were() {
        let nasty = "a\tb\nc\u{200e}\u{200f}\u{2028}\u{feff}\u{1b}[31m\u{7}\u{85}\u{7f}\u{f0000}\u{10fffd}\\t";
        for multiline in [false, true] {
            let m = TextModal::new(TextPurpose::Search, String::new(), nasty, multiline).expect("fits");
            assert_eq!(m.text(), nasty);
            assert!(m.unchanged());
            for line in m.area.lines() {
                assert!(!line.chars().any(crate::text::is_dangerous), "{line:?}");
            }
            assert_eq!(m.area.lines().len(), if multiline { 2 } else { 1 });
        }
    }

    #[test]
    fn placeholders_cover_both_planes() {
        for slot in [0, 1, PLANE_15_SLOTS as usize - 1, PLANE_15_SLOTS as usize, SLOTS - 1] {
            let c = placeholder(slot).expect("a placeholder");
            assert!(is_placeholder(c));
            assert_eq!(slot_of(c), Some(slot));
        }
        assert_eq!(placeholder(SLOTS), None);
    }
}
