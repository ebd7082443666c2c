//! The one command list: every user action has one name, one tooltip and at most one primary
//! shortcut, defined here. The menus, the keyboard and the command palette all read it.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Everything a user can ask of the workbench by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Command {
    New,
    Open,
    Save,
    SaveAs,
    Export,
    CopyAsPng,
    Quit,
    Undo,
    Redo,
    SelectAll,
    ClearSelection,
    Delete,
    Duplicate,
    EditTitle,
    AddTouchpoint,
    OrgGives,
    OrgTakes,
    CustomerGives,
    CustomerTakes,
    Neutral,
    Strength1,
    Strength2,
    Strength3,
    LinkSelected,
    SelectLeft,
    SelectRight,
    SelectUp,
    SelectDown,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    UiScaleUp,
    UiScaleDown,
    UiScaleReset,
    ToggleTheme,
    Presentation,
    Palette,
    NewJourney,
    DuplicateJourney,
    RenameJourney,
    DeleteJourney,
    NextJourney,
    PreviousJourney,
}

/// Which menu a command lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Menu {
    File,
    Edit,
    Touchpoint,
    Journey,
    View,
}

impl Menu {
    /// Menus, left to right.
    pub const ALL: [Menu; 5] = [Menu::File, Menu::Edit, Menu::Touchpoint, Menu::Journey, Menu::View];

    /// The menu's title.
    pub fn label(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::Touchpoint => "Touchpoint",
            Menu::Journey => "Journey",
            Menu::View => "View",
        }
    }
}

const fn sc(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;

impl Command {
    /// Every command, in menu order.
    pub const ALL: [Command; 43] = [
        Command::New,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::Export,
        Command::CopyAsPng,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::SelectAll,
        Command::ClearSelection,
        Command::Delete,
        Command::Duplicate,
        Command::Palette,
        Command::AddTouchpoint,
        Command::EditTitle,
        Command::OrgGives,
        Command::OrgTakes,
        Command::CustomerGives,
        Command::CustomerTakes,
        Command::Neutral,
        Command::Strength1,
        Command::Strength2,
        Command::Strength3,
        Command::LinkSelected,
        Command::SelectLeft,
        Command::SelectRight,
        Command::SelectUp,
        Command::SelectDown,
        Command::NewJourney,
        Command::DuplicateJourney,
        Command::RenameJourney,
        Command::DeleteJourney,
        Command::NextJourney,
        Command::PreviousJourney,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomFit,
        Command::UiScaleUp,
        Command::UiScaleDown,
        Command::UiScaleReset,
        Command::ToggleTheme,
        Command::Presentation,
    ];

    /// The name in menus and the palette.
    pub fn label(self) -> &'static str {
        match self {
            Command::New => "New project",
            Command::Open => "Open…",
            Command::Save => "Save",
            Command::SaveAs => "Save as…",
            Command::Export => "Export…",
            Command::CopyAsPng => "Copy diagram as PNG",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::SelectAll => "Select all",
            Command::ClearSelection => "Clear selection",
            Command::Delete => "Delete",
            Command::Duplicate => "Duplicate",
            Command::EditTitle => "Edit title",
            Command::AddTouchpoint => "Add touchpoint after selection",
            Command::OrgGives => "Org gives",
            Command::OrgTakes => "Org takes",
            Command::CustomerGives => "Customer gives",
            Command::CustomerTakes => "Customer takes",
            Command::Neutral => "Neutral",
            Command::Strength1 => "Strength 1",
            Command::Strength2 => "Strength 2",
            Command::Strength3 => "Strength 3",
            Command::LinkSelected => "Link selected (in time order)",
            Command::SelectLeft => "Select previous",
            Command::SelectRight => "Select next",
            Command::SelectUp => "Select in lane above",
            Command::SelectDown => "Select in lane below",
            Command::ZoomIn => "Zoom in",
            Command::ZoomOut => "Zoom out",
            Command::ZoomFit => "Fit journey",
            Command::UiScaleUp => "Larger interface (projector)",
            Command::UiScaleDown => "Smaller interface",
            Command::UiScaleReset => "Reset interface size",
            Command::ToggleTheme => "Light / dark theme",
            Command::Presentation => "Presentation mode",
            Command::Palette => "Command palette…",
            Command::NewJourney => "New journey",
            Command::DuplicateJourney => "Duplicate journey (make a to-be)",
            Command::RenameJourney => "Rename journey…",
            Command::DeleteJourney => "Delete journey",
            Command::NextJourney => "Next journey",
            Command::PreviousJourney => "Previous journey",
        }
    }

    /// One line on what it does.
    pub fn tooltip(self) -> &'static str {
        match self {
            Command::New => "Start a new project (asks to save unsaved changes)",
            Command::Open => "Open a project file (.ron)",
            Command::Save => "Save the project to its file",
            Command::SaveAs => "Save the project to a new file",
            Command::Export => {
                "Export journey diagrams as PNG or SVG, with the scores, for slides and reviews"
            }
            Command::CopyAsPng => {
                "Copy this journey's diagram to the clipboard as a picture, to paste into slides"
            }
            Command::Quit => "Close Rapport (asks to save unsaved changes)",
            Command::Undo => "Undo the last change",
            Command::Redo => "Redo the last undone change",
            Command::SelectAll => "Select every touchpoint of this journey",
            Command::ClearSelection => "Select nothing; stop editing",
            Command::Delete => "Delete the selected touchpoints and their links",
            Command::Duplicate => "Copy the selected touchpoints next to themselves",
            Command::EditTitle => "Type a new title for the selected touchpoint",
            Command::AddTouchpoint => {
                "Add a touchpoint right after the selected one, in its lane, and type its title"
            }
            Command::OrgGives => "The organisation gives here (help, a cheaper tariff, a credit)",
            Command::OrgTakes => "The organisation takes here (a demand, an upsell, a fee)",
            Command::CustomerGives => "The customer gives here (information, a reading, a referral)",
            Command::CustomerTakes => "The customer takes here (claims a benefit)",
            Command::Neutral => "Nothing of value changes hands",
            Command::Strength1 => "Exchange strength 1 (slight)",
            Command::Strength2 => "Exchange strength 2 (clear)",
            Command::Strength3 => "Exchange strength 3 (strong)",
            Command::LinkSelected => "Draw arrows between the selected touchpoints, earliest first",
            Command::SelectLeft => "Select the touchpoint before this one in the lane",
            Command::SelectRight => "Select the touchpoint after this one in the lane",
            Command::SelectUp => "Select the nearest touchpoint in the lane above",
            Command::SelectDown => "Select the nearest touchpoint in the lane below",
            Command::ZoomIn => "Zoom the canvas in",
            Command::ZoomOut => "Zoom the canvas out",
            Command::ZoomFit => "Fit the whole journey in view",
            Command::UiScaleUp => "Make everything larger, for a projector",
            Command::UiScaleDown => "Make everything smaller",
            Command::UiScaleReset => "Interface at 100 %",
            Command::ToggleTheme => "Switch between the light and the dark theme",
            Command::Presentation => "Hide the editing panels; large scores for the room",
            Command::Palette => "Find any command by typing",
            Command::NewJourney => "Add an empty journey tab",
            Command::DuplicateJourney => {
                "Copy this journey to a new tab, e.g. to make the to-be from the as-is"
            }
            Command::RenameJourney => "Rename this journey",
            Command::DeleteJourney => "Delete this journey (undo brings it back)",
            Command::NextJourney => "Show the next journey tab",
            Command::PreviousJourney => "Show the previous journey tab",
        }
    }

    /// The shortcut shown in menus and the palette.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Command::New => sc(CMD, Key::N),
            Command::Open => sc(CMD, Key::O),
            Command::Save => sc(CMD, Key::S),
            Command::SaveAs => sc(CMD_SHIFT, Key::S),
            Command::Export => sc(CMD, Key::E),
            Command::CopyAsPng => sc(CMD_SHIFT, Key::C),
            Command::Quit => sc(CMD, Key::Q),
            Command::Undo => sc(CMD, Key::Z),
            Command::Redo => sc(CMD_SHIFT, Key::Z),
            Command::SelectAll => sc(CMD, Key::A),
            Command::ClearSelection => sc(NONE, Key::Escape),
            Command::Delete => sc(NONE, Key::Delete),
            Command::Duplicate => sc(CMD, Key::D),
            Command::EditTitle => sc(NONE, Key::Enter),
            Command::AddTouchpoint => sc(CMD, Key::Enter),
            Command::OrgGives => sc(NONE, Key::G),
            Command::OrgTakes => sc(NONE, Key::T),
            Command::CustomerGives => sc(SHIFT, Key::G),
            Command::CustomerTakes => sc(SHIFT, Key::T),
            Command::Neutral => sc(NONE, Key::N),
            Command::Strength1 => sc(NONE, Key::Num1),
            Command::Strength2 => sc(NONE, Key::Num2),
            Command::Strength3 => sc(NONE, Key::Num3),
            Command::LinkSelected => sc(NONE, Key::L),
            Command::SelectLeft => sc(NONE, Key::ArrowLeft),
            Command::SelectRight => sc(NONE, Key::ArrowRight),
            Command::SelectUp => sc(NONE, Key::ArrowUp),
            Command::SelectDown => sc(NONE, Key::ArrowDown),
            Command::ZoomIn => sc(CMD, Key::Equals),
            Command::ZoomOut => sc(CMD, Key::Minus),
            Command::ZoomFit => sc(SHIFT, Key::Num1),
            Command::UiScaleUp => sc(CMD_SHIFT, Key::Equals),
            Command::UiScaleDown => sc(CMD_SHIFT, Key::Minus),
            Command::UiScaleReset => sc(CMD, Key::Num0),
            Command::Presentation => sc(NONE, Key::F5),
            Command::Palette => sc(CMD, Key::K),
            Command::NextJourney => sc(CMD, Key::PageDown),
            Command::PreviousJourney => sc(CMD, Key::PageUp),
            Command::ToggleTheme
            | Command::NewJourney
            | Command::DuplicateJourney
            | Command::RenameJourney
            | Command::DeleteJourney => return None,
        })
    }

    /// Further shortcuts that do the same (Ctrl+Y redo, Backspace delete, Ctrl++ zoom).
    pub fn alternative_shortcuts(self) -> &'static [KeyboardShortcut] {
        const REDO: [KeyboardShortcut; 1] = [sc(CMD, Key::Y)];
        const DELETE: [KeyboardShortcut; 1] = [sc(NONE, Key::Backspace)];
        const ZOOM_IN: [KeyboardShortcut; 1] = [sc(CMD, Key::Plus)];
        const UI_UP: [KeyboardShortcut; 1] = [sc(CMD_SHIFT, Key::Plus)];
        const FIT: [KeyboardShortcut; 1] = [sc(SHIFT, Key::Exclamationmark)];
        match self {
            Command::Redo => &REDO,
            Command::Delete => &DELETE,
            Command::ZoomIn => &ZOOM_IN,
            Command::UiScaleUp => &UI_UP,
            Command::ZoomFit => &FIT,
            _ => &[],
        }
    }

    /// Every shortcut of the command.
    pub fn all_shortcuts(self) -> impl Iterator<Item = KeyboardShortcut> {
        self.shortcut().into_iter().chain(self.alternative_shortcuts().iter().copied())
    }

    /// Its menu.
    pub fn menu(self) -> Menu {
        use Command as C;
        match self {
            C::New | C::Open | C::Save | C::SaveAs | C::Export | C::CopyAsPng | C::Quit => Menu::File,
            C::Undo | C::Redo | C::SelectAll | C::ClearSelection | C::Delete | C::Duplicate | C::Palette => {
                Menu::Edit
            }
            C::EditTitle
            | C::AddTouchpoint
            | C::OrgGives
            | C::OrgTakes
            | C::CustomerGives
            | C::CustomerTakes
            | C::Neutral
            | C::Strength1
            | C::Strength2
            | C::Strength3
            | C::LinkSelected
            | C::SelectLeft
            | C::SelectRight
            | C::SelectUp
            | C::SelectDown => Menu::Touchpoint,
            C::NewJourney
            | C::DuplicateJourney
            | C::RenameJourney
            | C::DeleteJourney
            | C::NextJourney
            | C::PreviousJourney => Menu::Journey,
            C::ZoomIn
            | C::ZoomOut
            | C::ZoomFit
            | C::UiScaleUp
            | C::UiScaleDown
            | C::UiScaleReset
            | C::ToggleTheme
            | C::Presentation => Menu::View,
        }
    }

    /// Whether a shortcut without Ctrl/Cmd would also type text, so it must not fire while a
    /// text field has focus.
    pub fn is_typing_key(shortcut: &KeyboardShortcut) -> bool {
        !shortcut.logical_key.eq(&Key::F5) && !shortcut.modifiers.command && !shortcut.modifiers.ctrl
    }
}

/// The commands whose shortcuts were pressed this frame; their key events are consumed.
/// Modifiers must match exactly, so `G` and `Shift+G` are different commands.
pub fn take_pressed(input: &mut egui::InputState, typing: bool) -> Vec<Command> {
    let mut found = Vec::new();
    input.events.retain(|event| {
        let egui::Event::Key { key, physical_key, pressed: true, modifiers, .. } = event else {
            return true;
        };
        for command in Command::ALL {
            for shortcut in command.all_shortcuts() {
                let key_matches = shortcut.logical_key == *key || Some(shortcut.logical_key) == *physical_key;
                if key_matches
                    && modifiers.matches_exact(shortcut.modifiers)
                    && !(typing && Command::is_typing_key(&shortcut))
                {
                    found.push(command);
                    return false;
                }
            }
        }
        true
    });
    found
}

/// How well `query` matches `text`: all query characters in order, earlier and adjacent
/// matches scoring higher; `None` when they do not all appear.
pub fn fuzzy_score(query: &str, text: &str) -> Option<i32> {
    let text: Vec<char> = text.to_lowercase().chars().collect();
    let mut score = 0;
    let mut at = 0usize;
    let mut previous: Option<usize> = None;
    for q in query.to_lowercase().chars().filter(|c| !c.is_whitespace()) {
        let found = (at..text.len()).find(|&i| text[i] == q)?;
        score += 10;
        if previous.is_some_and(|p| p + 1 == found) {
            score += 15;
        }
        if found == 0 || text.get(found.wrapping_sub(1)).is_some_and(|c| !c.is_alphanumeric()) {
            score += 10;
        }
        score -= (found - at) as i32;
        previous = Some(found);
        at = found + 1;
    }
    Some(score)
}
