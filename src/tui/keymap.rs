//! Key bindings as data: one table maps keys to named [`Action`]s. The main
//! loop dispatches through [`lookup`] and the help overlay is generated from
//! the same [`KEYS`], so the two cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Lang;

/// Everything a key can ask the app to do in the outline and detail panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Outline → detail; in the detail pane, edit the field.
    Open,
    /// Edits the selected field (the title, from the outline).
    Edit,
    /// Back to the outline, or clears a message.
    Back,
    SwitchPane,
    AddChild,
    AddSibling,
    AddIndicator,
    AddMeasurement,
    /// Adds a commitment to the focus area of the selection (issue 18).
    AddCommitment,
    Delete,
    MoveToGoal,
    MoveUp,
    MoveDown,
    AdvanceStatus,
    Undo,
    Redo,
    Search,
    /// Folds or unfolds the selected focus area (or the parties).
    ToggleFold,
    /// Folds every focus area and the parties, or unfolds them all.
    FoldAll,
    /// The next activity past its due date and not done.
    NextOverdue,
    /// The next (previous) row that matches the search.
    NextHit,
    PrevHit,
    Filter,
    ClearFilter,
    Findings,
    /// The merge conflicts panel.
    Conflicts,
    /// Compares the plan with another revision.
    Diff,
    /// The follow-up views: responsibility matrix, timeline, indicators.
    Matrix,
    Timeline,
    Indicators,
    /// The commitments view: services × region / kommuner / joint (issue 18).
    Services,
    /// The consultation view: recipients, responses, points (issue 17).
    Consultation,
    /// In the diff view: link consultation points to the selected change.
    LinkPoints,
    /// In the diff view: how a point linked to the change was handled.
    Disposition,
    /// The indicators per kommun (issue 19), and its order.
    Areas,
    SortAreas,
    // In the follow-up views:
    /// The next follow-up view.
    NextView,
    /// The column to the left or right (responsibility matrix).
    Left,
    Right,
    /// Goes to what is selected: the outline filtered to a cell, an
    /// activity, an indicator or the item a finding is about.
    Jump,
    // In dialogs:
    /// Ticks or unticks a choice in a picker that takes several.
    Toggle,
    /// Applies the choice or the text.
    Apply,
    /// Closes the dialog, changing nothing.
    Cancel,
    /// Empties the text being edited.
    ClearText,
    /// Takes the last character off a picker's filter.
    FilterBack,
    /// Settles a merge conflict by one side, or edits its field.
    TakeOurs,
    TakeTheirs,
    EditField,
    // In the diff view:
    NextChange,
    PrevChange,
    Accept,
    Reject,
    Question,
    Comment,
    /// Replies to a reviewer's mark on the selected change.
    Reply,
    /// Chooses the party the reviewer speaks for.
    ReviewParty,
    Unmark,
    ExportReview,
    ApplyReview,
    /// Writes the plan as a Word document beside its file.
    ExportDocx,
    /// Writes the newer revision as a Word document with the changes as
    /// tracked revisions, beside the review file (for `review import`).
    ExportDiffDocx,
    Save,
    SaveAs,
    /// Starts the next revision as a new file beside this one.
    NewRevision,
    Recent,
    Help,
    Quit,
}

/// One key binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
}

const fn key(c: char, action: Action) -> Binding {
    Binding { code: KeyCode::Char(c), mods: KeyModifiers::NONE, action }
}

const fn ctrl(c: char, action: Action) -> Binding {
    Binding { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL, action }
}

const fn code(code: KeyCode, action: Action) -> Binding {
    Binding { code, mods: KeyModifiers::NONE, action }
}

const fn alt(code: KeyCode, action: Action) -> Binding {
    Binding { code, mods: KeyModifiers::ALT, action }
}

/// The key table of the outline and detail panes, in help order.
pub const KEYS: &[Binding] = &[
    code(KeyCode::Up, Action::Up),
    key('k', Action::Up),
    code(KeyCode::Down, Action::Down),
    key('j', Action::Down),
    code(KeyCode::PageUp, Action::PageUp),
    code(KeyCode::PageDown, Action::PageDown),
    code(KeyCode::Home, Action::Top),
    key('g', Action::Top),
    code(KeyCode::End, Action::Bottom),
    key('G', Action::Bottom),
    code(KeyCode::Enter, Action::Open),
    code(KeyCode::Right, Action::Open),
    key('e', Action::Edit),
    code(KeyCode::Esc, Action::Back),
    code(KeyCode::Left, Action::Back),
    code(KeyCode::Tab, Action::SwitchPane),
    key('a', Action::AddChild),
    key('A', Action::AddSibling),
    key('i', Action::AddIndicator),
    key('V', Action::AddMeasurement),
    key('C', Action::AddCommitment),
    key('d', Action::Delete),
    code(KeyCode::Delete, Action::Delete),
    key('m', Action::MoveToGoal),
    key('K', Action::MoveUp),
    alt(KeyCode::Up, Action::MoveUp),
    key('J', Action::MoveDown),
    alt(KeyCode::Down, Action::MoveDown),
    key('S', Action::AdvanceStatus),
    key('u', Action::Undo),
    ctrl('z', Action::Undo),
    ctrl('r', Action::Redo),
    ctrl('y', Action::Redo),
    key(' ', Action::ToggleFold),
    key('Z', Action::FoldAll),
    key('F', Action::NextOverdue),
    key('/', Action::Search),
    key('n', Action::NextHit),
    key('N', Action::PrevHit),
    key('f', Action::Filter),
    key('c', Action::ClearFilter),
    key('v', Action::Findings),
    key('x', Action::Conflicts),
    key('D', Action::Diff),
    key('M', Action::Matrix),
    key('T', Action::Timeline),
    key('I', Action::Indicators),
    key('U', Action::Services),
    key('r', Action::Consultation),
    key('w', Action::ExportDocx),
    ctrl('s', Action::Save),
    key('W', Action::SaveAs),
    key('R', Action::NewRevision),
    key('o', Action::Recent),
    key('?', Action::Help),
    code(KeyCode::F(1), Action::Help),
    key('q', Action::Quit),
    ctrl('c', Action::Quit),
];

/// The key table of the diff and review view, in help order.
pub const DIFF_KEYS: &[Binding] = &[
    code(KeyCode::Down, Action::NextChange),
    key('j', Action::NextChange),
    key('n', Action::NextChange),
    code(KeyCode::Up, Action::PrevChange),
    key('k', Action::PrevChange),
    key('p', Action::PrevChange),
    code(KeyCode::PageUp, Action::PageUp),
    code(KeyCode::PageDown, Action::PageDown),
    code(KeyCode::Home, Action::Top),
    key('g', Action::Top),
    code(KeyCode::End, Action::Bottom),
    key('G', Action::Bottom),
    key('f', Action::Filter),
    key('c', Action::ClearFilter),
    key('a', Action::Accept),
    key('r', Action::Reject),
    key('?', Action::Question),
    key('m', Action::Comment),
    key('R', Action::Reply),
    key('P', Action::ReviewParty),
    key('x', Action::Unmark),
    key('L', Action::LinkPoints),
    key('H', Action::Disposition),
    key('E', Action::ExportReview),
    key('w', Action::ExportDiffDocx),
    key('W', Action::ApplyReview),
    code(KeyCode::F(1), Action::Help),
    code(KeyCode::Esc, Action::Back),
    key('q', Action::Back),
];

/// The key table of the consultation view, in help order.
pub const CONSULT_KEYS: &[Binding] = &[
    code(KeyCode::Up, Action::Up),
    key('k', Action::Up),
    code(KeyCode::Down, Action::Down),
    key('j', Action::Down),
    code(KeyCode::PageUp, Action::PageUp),
    code(KeyCode::PageDown, Action::PageDown),
    code(KeyCode::Home, Action::Top),
    key('g', Action::Top),
    code(KeyCode::End, Action::Bottom),
    key('G', Action::Bottom),
    code(KeyCode::Enter, Action::Jump),
    key('f', Action::Filter),
    key('?', Action::Help),
    code(KeyCode::F(1), Action::Help),
    code(KeyCode::Esc, Action::Back),
    key('q', Action::Back),
];

/// The key table of the follow-up views, in help order.
pub const FOLLOW_KEYS: &[Binding] = &[
    code(KeyCode::Up, Action::Up),
    key('k', Action::Up),
    code(KeyCode::Down, Action::Down),
    key('j', Action::Down),
    code(KeyCode::Left, Action::Left),
    key('h', Action::Left),
    code(KeyCode::Right, Action::Right),
    key('l', Action::Right),
    code(KeyCode::PageUp, Action::PageUp),
    code(KeyCode::PageDown, Action::PageDown),
    code(KeyCode::Home, Action::Top),
    key('g', Action::Top),
    code(KeyCode::End, Action::Bottom),
    key('G', Action::Bottom),
    code(KeyCode::Enter, Action::Jump),
    code(KeyCode::Tab, Action::NextView),
    key('M', Action::Matrix),
    key('T', Action::Timeline),
    key('I', Action::Indicators),
    key('U', Action::Services),
    key('K', Action::Areas),
    key('s', Action::SortAreas),
    key('f', Action::Filter),
    key('c', Action::ClearFilter),
    key('?', Action::Help),
    code(KeyCode::F(1), Action::Help),
    code(KeyCode::Esc, Action::Back),
    key('q', Action::Back),
];

/// The keys of a picker (a list to choose from); letters and digits
/// narrow the list to the choices that hold what is typed (issue #22).
pub const PICK_KEYS: &[Binding] = &[
    code(KeyCode::Up, Action::Up),
    ctrl('p', Action::Up),
    code(KeyCode::Down, Action::Down),
    ctrl('n', Action::Down),
    code(KeyCode::PageUp, Action::PageUp),
    code(KeyCode::PageDown, Action::PageDown),
    code(KeyCode::Home, Action::Top),
    code(KeyCode::End, Action::Bottom),
    key(' ', Action::Toggle),
    code(KeyCode::Enter, Action::Apply),
    code(KeyCode::Backspace, Action::FilterBack),
    code(KeyCode::Esc, Action::Cancel),
];

/// The keys of a one-line text editor; other keys edit the text.
pub const EDIT_KEYS: &[Binding] = &[
    code(KeyCode::Enter, Action::Apply),
    ctrl('s', Action::Apply),
    alt(KeyCode::Enter, Action::Apply),
    ctrl('u', Action::ClearText),
    code(KeyCode::Esc, Action::Cancel),
];

/// The keys of a multi-line text editor, where Enter starts a new line.
pub const EDIT_MULTI_KEYS: &[Binding] = &[
    ctrl('s', Action::Apply),
    alt(KeyCode::Enter, Action::Apply),
    ctrl('u', Action::ClearText),
    code(KeyCode::Esc, Action::Cancel),
];

/// The keys every question takes; each answer also has its own letter,
/// shown beside it. No key here answers yes (issue #22: `j` did).
pub const CONFIRM_KEYS: &[Binding] = &[
    code(KeyCode::Up, Action::Up),
    key('k', Action::Up),
    code(KeyCode::BackTab, Action::Up),
    code(KeyCode::Down, Action::Down),
    key('j', Action::Down),
    code(KeyCode::Tab, Action::Down),
    code(KeyCode::Enter, Action::Apply),
    code(KeyCode::Esc, Action::Cancel),
];

/// The keys of the merge conflicts panel.
pub const CONFLICT_KEYS: &[Binding] = &[
    code(KeyCode::Up, Action::Up),
    key('k', Action::Up),
    code(KeyCode::Down, Action::Down),
    key('j', Action::Down),
    code(KeyCode::Left, Action::TakeOurs),
    key('v', Action::TakeOurs),
    key('o', Action::TakeOurs),
    code(KeyCode::Right, Action::TakeTheirs),
    key('d', Action::TakeTheirs),
    key('t', Action::TakeTheirs),
    key('e', Action::EditField),
    code(KeyCode::Enter, Action::EditField),
    code(KeyCode::Esc, Action::Cancel),
    key('q', Action::Cancel),
];

/// The keys of the plan check's list of findings; other keys close it.
pub const FINDINGS_KEYS: &[Binding] = &[
    code(KeyCode::Up, Action::Up),
    key('k', Action::Up),
    code(KeyCode::Down, Action::Down),
    key('j', Action::Down),
    code(KeyCode::PageUp, Action::PageUp),
    code(KeyCode::PageDown, Action::PageDown),
    code(KeyCode::Enter, Action::Jump),
    code(KeyCode::Esc, Action::Cancel),
];

/// The keys of this help; other keys close it.
pub const HELP_KEYS: &[Binding] = &[
    code(KeyCode::Up, Action::Up),
    key('k', Action::Up),
    code(KeyCode::Down, Action::Down),
    key('j', Action::Down),
    code(KeyCode::PageUp, Action::PageUp),
    code(KeyCode::PageDown, Action::PageDown),
    code(KeyCode::Esc, Action::Cancel),
];

/// Every key table with the heading the help gives it, in help order.
pub const TABLES: &[(super::strings::S, &[Binding])] = &[
    (super::strings::HELP_PANES, KEYS),
    (super::strings::HELP_DIFF, DIFF_KEYS),
    (super::strings::HELP_FOLLOW, FOLLOW_KEYS),
    (super::strings::HELP_CONSULT, CONSULT_KEYS),
    (super::strings::HELP_PICK, PICK_KEYS),
    (super::strings::HELP_EDIT, EDIT_KEYS),
    (super::strings::HELP_EDIT_MULTI, EDIT_MULTI_KEYS),
    (super::strings::HELP_CONFIRM, CONFIRM_KEYS),
    (super::strings::HELP_CONFLICTS, CONFLICT_KEYS),
    (super::strings::HELP_FINDINGS, FINDINGS_KEYS),
    (super::strings::HELP_HELP, HELP_KEYS),
];

/// Returns the action bound to `ev` in the outline and detail panes.
pub fn lookup(ev: &KeyEvent) -> Option<Action> {
    lookup_in(KEYS, ev)
}

/// Returns the action bound to `ev` in `table`, if any. Shift is folded
/// into the character for letter keys, as terminals report it both ways.
pub fn lookup_in(table: &[Binding], ev: &KeyEvent) -> Option<Action> {
    let mods = if matches!(ev.code, KeyCode::Char(_)) { ev.modifiers - KeyModifiers::SHIFT } else { ev.modifiers };
    table.iter().find(|b| b.code == ev.code && b.mods == mods).map(|b| b.action)
}

/// Returns a key as a person reads it: `Ctrl-S`, `↑`, `Enter`.
pub fn key_name(b: &Binding, lang: Lang) -> String {
    let base = match b.code {
        KeyCode::Char(' ') => lang.pick("Mellanslag", "Space").to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if b.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", base.to_uppercase())
    } else if b.mods.contains(KeyModifiers::ALT) {
        format!("Alt-{base}")
    } else {
        base
    }
}

/// Returns the whole help: the keys of `table` (the view in use) first,
/// then every other table under its heading (a line with no keys).
pub fn help_sections(table: &[Binding], lang: Lang) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    // By content: a constant slice need not have one address.
    let first = TABLES.iter().find(|(_, t)| *t == table);
    let rest = TABLES.iter().filter(|(_, t)| *t != table);
    for (title, t) in first.into_iter().chain(rest) {
        out.push((String::new(), title.get(lang)));
        out.extend(help_lines(t, lang));
    }
    out
}

/// Returns the help lines of `table`: each action once, with every key
/// bound to it.
pub fn help_lines(table: &[Binding], lang: Lang) -> Vec<(String, &'static str)> {
    let mut out: Vec<(Action, Vec<String>)> = Vec::new();
    for b in table {
        let name = key_name(b, lang);
        match out.iter_mut().find(|(a, _)| *a == b.action) {
            Some((_, keys)) => keys.push(name),
            None => out.push((b.action, vec![name])),
        }
    }
    out.into_iter().map(|(a, keys)| (keys.join(" "), super::strings::describe(a).get(lang))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_letters_match_either_way() {
        let ev = KeyEvent::new(KeyCode::Char('K'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&ev), Some(Action::MoveUp));
        let ev = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&ev), Some(Action::Save));
    }

    #[test]
    fn every_key_is_bound_once() {
        for (_, table) in TABLES {
            for (i, a) in table.iter().enumerate() {
                assert!(!super::super::strings::describe(a.action).sv.is_empty(), "{:?} has no description", a.action);
                for b in &table[i + 1..] {
                    assert!(!(a.code == b.code && a.mods == b.mods), "{:?} bound twice", a.code);
                }
            }
        }
    }
}
