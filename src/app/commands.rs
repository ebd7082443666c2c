//! The one command list: every user action has one name, one tooltip, one menu and at most one
//! primary shortcut, defined once in the [`commands!`] table below. The enum, [`Command::ALL`]
//! and every lookup are generated from that table, so a command cannot be left out of the
//! menus, the keyboard or the palette.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Which menu a command lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Menu {
    File,
    Edit,
    Touchpoint,
    Journey,
    View,
    Workshop,
}

impl Menu {
    /// Menus, left to right.
    pub const ALL: [Menu; 6] =
        [Menu::File, Menu::Edit, Menu::Touchpoint, Menu::Journey, Menu::View, Menu::Workshop];

    /// The menu's title.
    pub fn label(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::Touchpoint => "Touchpoint",
            Menu::Journey => "Journey",
            Menu::View => "View",
            Menu::Workshop => "Workshop",
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
const ALT: Modifiers = Modifiers::ALT;

/// Defines [`Command`] from one table: `Name { menu, label, tip [, key] [, also] }`.
macro_rules! commands {
    ($( $name:ident { $menu:ident, $label:expr, $tip:expr $(, key: $key:expr)? $(, also: [$($alt:expr),* $(,)?])? } ),* $(,)?) => {
        /// Everything a user can ask of the workbench by name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Command { $($name),* }

        impl Command {
            /// Every command, in menu order.
            pub const ALL: &'static [Command] = &[$(Command::$name),*];

            /// The name in menus and the palette.
            pub fn label(self) -> &'static str {
                match self { $(Command::$name => $label),* }
            }

            /// One line on what it does.
            pub fn tooltip(self) -> &'static str {
                match self { $(Command::$name => $tip),* }
            }

            /// Its menu.
            pub fn menu(self) -> Menu {
                match self { $(Command::$name => Menu::$menu),* }
            }

            /// The shortcut shown in menus and the palette.
            pub fn shortcut(self) -> Option<KeyboardShortcut> {
                match self { $(Command::$name => commands!(@key $($key)?)),* }
            }

            /// Further shortcuts that do the same (Ctrl+Y redo, Backspace delete, Ctrl++ zoom).
            pub fn alternative_shortcuts(self) -> &'static [KeyboardShortcut] {
                match self { $(Command::$name => const { &[$($($alt),*)?] }),* }
            }
        }
    };
    (@key) => { None };
    (@key $key:expr) => { Some($key) };
}

impl Command {
    /// Acts on the canvas itself (its title editor, its view, its selection by arrow keys): not
    /// while the compare view covers it.
    pub fn moves_or_selects(self) -> bool {
        use Command as C;
        matches!(
            self,
            C::MoveLaneUp
                | C::MoveLaneDown
                | C::MovePhaseLeft
                | C::MovePhaseRight
                | C::SelectLeft
                | C::SelectRight
                | C::SelectUp
                | C::SelectDown
        )
    }

    /// Only the canvas acts on it (not the compare view).
    pub fn canvas_only(self) -> bool {
        use Command as C;
        matches!(
            self,
            C::EditTitle
                | C::AddTouchpoint
                | C::SelectLeft
                | C::SelectRight
                | C::SelectUp
                | C::SelectDown
                | C::ZoomIn
                | C::ZoomOut
                | C::PresentNext
                | C::PresentPrevious
                | C::PresentWhole
        )
    }
}

commands! {
    New { File, "New project", "Start a new project (asks to save unsaved changes)", key: sc(CMD, Key::N) },
    Open { File, "Open…", "Open a project file (.ron)", key: sc(CMD, Key::O) },
    Save { File, "Save", "Save the project to its file", key: sc(CMD, Key::S) },
    SaveAs { File, "Save as…", "Save the project to a new file", key: sc(CMD_SHIFT, Key::S) },
    RenameProject { File, "Rename project…", "Name the project: the name heads the window and every export" },
    ImportTable {
        File,
        "Import touchpoints…",
        "Add the journeys of a table from a spreadsheet (CSV): one column per field, one row per touchpoint"
    },
    Export {
        File,
        "Export…",
        "Export journey diagrams as PNG or SVG, or the whole project as a PDF review pack, for slides and reviews",
        key: sc(CMD, Key::E)
    },
    ExportPack {
        File,
        "Export review pack (PDF)…",
        "One PDF of the whole project for a design review: cover, each journey's diagram, findings and suggestions, and the as-is → to-be review"
    },
    CopyAsPng {
        File,
        "Copy diagram as PNG",
        "Copy this journey's diagram to the clipboard as a picture, to paste into slides",
        key: sc(CMD_SHIFT, Key::C)
    },
    Quit { File, "Quit", "Close Rapport (asks to save unsaved changes)", key: sc(CMD, Key::Q) },

    ToggleRoom {
        Workshop,
        "Open / close the room",
        "Participants join from their phones on this network: they propose touchpoints, and you accept them from the tray",
        key: sc(CMD_SHIFT, Key::R)
    },
    ToggleJoinCard { Workshop, "Show / hide the join card", "The room's QR code and address on the canvas's corner" },

    Undo { Edit, "Undo", "Undo the last change", key: sc(CMD, Key::Z) },
    Redo { Edit, "Redo", "Redo the last undone change", key: sc(CMD_SHIFT, Key::Z), also: [sc(CMD, Key::Y)] },
    SelectAll { Edit, "Select all", "Select every touchpoint of this journey", key: sc(CMD, Key::A) },
    ClearSelection { Edit, "Clear selection", "Select nothing; stop editing", key: sc(NONE, Key::Escape) },
    Delete {
        Edit,
        "Delete",
        "Delete the selected touchpoints and their links",
        key: sc(NONE, Key::Delete),
        also: [sc(NONE, Key::Backspace)]
    },
    Duplicate { Edit, "Duplicate", "Copy the selected touchpoints next to themselves", key: sc(CMD, Key::D) },
    CopyRows {
        Edit,
        "Copy as table rows",
        "Copy the selected touchpoints as rows with a header, to paste into a spreadsheet",
        key: sc(CMD, Key::C)
    },
    PasteRows {
        Edit,
        "Paste rows as touchpoints",
        "Paste rows copied from a spreadsheet as new cards in the selected card's cell (one step)",
        key: sc(CMD, Key::V)
    },
    Palette { Edit, "Command palette…", "Find any command by typing", key: sc(CMD, Key::K) },
    Comment {
        Edit,
        "Comment…",
        "Leave a review comment on the selected card, or on the journey or a phase when nothing is selected",
        key: sc(NONE, Key::C)
    },
    NextComment { Edit, "Next open comment", "Select the next card with an open comment", key: sc(NONE, Key::F8) },
    PreviousComment {
        Edit,
        "Previous open comment",
        "Select the previous card with an open comment",
        key: sc(SHIFT, Key::F8)
    },
    ToggleReview {
        View,
        "Review list",
        "Show the review comments in the right-hand panel, or the scores again",
        key: sc(CMD_SHIFT, Key::K)
    },

    AddTouchpoint {
        Touchpoint,
        "Add touchpoint after selection",
        "Keep the title being typed and add the next touchpoint right after it, in its lane (or after the selected card)",
        key: sc(CMD, Key::Enter)
    },
    EditTitle { Touchpoint, "Edit title", "Type a new title for the selected touchpoint", key: sc(NONE, Key::Enter) },
    OrgGives {
        Touchpoint,
        "Org gives",
        "The organisation gives here (help, a cheaper tariff, a credit)",
        key: sc(NONE, Key::G)
    },
    OrgTakes {
        Touchpoint,
        "Org takes",
        "The organisation takes here (a demand, an upsell, a fee)",
        key: sc(NONE, Key::T)
    },
    CustomerGives {
        Touchpoint,
        "Customer gives",
        "The customer gives here (information, a reading, a referral)",
        key: sc(SHIFT, Key::G)
    },
    CustomerTakes {
        Touchpoint,
        "Customer takes",
        "The customer takes here (claims a benefit)",
        key: sc(SHIFT, Key::T)
    },
    Neutral { Touchpoint, "Neutral", "Nothing of value changes hands", key: sc(NONE, Key::N) },
    Strength1 { Touchpoint, "Strength 1", "Exchange strength 1 (slight)", key: sc(NONE, Key::Num1) },
    Strength2 { Touchpoint, "Strength 2", "Exchange strength 2 (clear)", key: sc(NONE, Key::Num2) },
    Strength3 { Touchpoint, "Strength 3", "Exchange strength 3 (strong)", key: sc(NONE, Key::Num3) },
    LinkSelected {
        Touchpoint,
        "Link selected (in time order)",
        "Draw arrows between the selected touchpoints, earliest first",
        key: sc(NONE, Key::L)
    },
    FeelingUp {
        Touchpoint,
        "Feels better",
        "Raise how the customer feels at the selected touchpoints (−2 … +2)",
        key: sc(CMD, Key::ArrowUp)
    },
    FeelingDown {
        Touchpoint,
        "Feels worse",
        "Lower how the customer feels at the selected touchpoints (−2 … +2)",
        key: sc(CMD, Key::ArrowDown)
    },
    MoveLaneUp {
        Touchpoint,
        "Move to the lane above",
        "Move the selected touchpoints one lane up",
        key: sc(ALT, Key::ArrowUp)
    },
    MoveLaneDown {
        Touchpoint,
        "Move to the lane below",
        "Move the selected touchpoints one lane down",
        key: sc(ALT, Key::ArrowDown)
    },
    MovePhaseLeft {
        Touchpoint,
        "Move to the phase before",
        "Move the selected touchpoints to the end of the phase before (a day that fits there)",
        key: sc(ALT, Key::ArrowLeft)
    },
    MovePhaseRight {
        Touchpoint,
        "Move to the phase after",
        "Move the selected touchpoints to the start of the phase after (a day that fits there)",
        key: sc(ALT, Key::ArrowRight)
    },
    SelectLeft {
        Touchpoint,
        "Select previous",
        "Select the touchpoint before this one in the lane",
        key: sc(NONE, Key::ArrowLeft)
    },
    SelectRight {
        Touchpoint,
        "Select next",
        "Select the touchpoint after this one in the lane",
        key: sc(NONE, Key::ArrowRight)
    },
    SelectUp {
        Touchpoint,
        "Select in lane above",
        "Select the nearest touchpoint in the lane above",
        key: sc(NONE, Key::ArrowUp)
    },
    SelectDown {
        Touchpoint,
        "Select in lane below",
        "Select the nearest touchpoint in the lane below",
        key: sc(NONE, Key::ArrowDown)
    },

    History {
        Journey,
        "History…",
        "The commits that changed this file in git, with the journey's scores at each; compare with any of them"
    },
    NewJourney { Journey, "New journey", "Add an empty journey tab" },
    DuplicateJourney {
        Journey,
        "Duplicate journey (make a to-be)",
        "Copy this journey to a new tab, e.g. to make the to-be from the as-is"
    },
    RenameJourney { Journey, "Rename journey…", "Rename this journey" },
    DeleteJourney { Journey, "Delete journey", "Delete this journey (undo brings it back)" },
    NextJourney { Journey, "Next journey", "Show the next journey tab", key: sc(CMD, Key::PageDown) },
    PreviousJourney { Journey, "Previous journey", "Show the previous journey tab", key: sc(CMD, Key::PageUp) },

    ZoomIn { View, "Zoom in", "Zoom the canvas in", key: sc(CMD, Key::Equals), also: [sc(CMD, Key::Plus)] },
    ZoomOut { View, "Zoom out", "Zoom the canvas out", key: sc(CMD, Key::Minus) },
    ZoomFit {
        View,
        "Fit journey",
        "Fit the whole journey in view, with the largest cards the window allows",
        key: sc(SHIFT, Key::Num1),
        also: [sc(SHIFT, Key::Exclamationmark)]
    },
    UiScaleUp {
        View,
        "Larger interface (projector)",
        "Make everything larger, for a projector",
        key: sc(CMD_SHIFT, Key::Equals),
        also: [sc(CMD_SHIFT, Key::Plus)]
    },
    UiScaleDown { View, "Smaller interface", "Make everything smaller", key: sc(CMD_SHIFT, Key::Minus) },
    UiScaleReset { View, "Reset interface size", "Interface at 100 %", key: sc(CMD, Key::Num0) },
    ToggleInspector {
        View,
        "Show / hide the inspector",
        "Fold the inspector away for more canvas, or bring it back",
        key: sc(CMD, Key::OpenBracket)
    },
    ToggleScores {
        View,
        "Show / hide the scores",
        "Fold the scores panel away for more canvas, or bring it back",
        key: sc(CMD, Key::CloseBracket)
    },
    ToggleFeelingCurve {
        View,
        "Show / hide the feeling curve",
        "The customer's feeling at each touchpoint, as a curve under the journey"
    },
    FeelingByDay {
        View,
        "Feeling curve by day",
        "Place the feeling curve's points by day (again: evenly, in time order)"
    },
    Compare {
        View,
        "Compare journeys",
        "As-is against to-be: both diagrams with what changed, the score changes and the findings resolved (again to leave)",
        key: sc(CMD_SHIFT, Key::D)
    },
    ToggleTheme { View, "Light / dark theme", "Switch between the light and the dark theme" },
    ProjectorTheme {
        View,
        "Projector theme",
        "Stronger contrast and heavier lines for washed-out projectors (again for the normal theme)"
    },

    Presentation {
        Workshop,
        "Present",
        "Full screen for the room: the journey, large scores, phase by phase (Esc leaves)",
        key: sc(NONE, Key::F5)
    },
    PresentNext {
        Workshop,
        "Next phase",
        "Present the next step: whole journey → early days → first disagreement → long term",
        key: sc(NONE, Key::PageDown)
    },
    PresentPrevious { Workshop, "Previous phase", "Present the previous step", key: sc(NONE, Key::PageUp) },
    PresentWhole { Workshop, "Whole journey", "Present the whole journey again", key: sc(NONE, Key::Home) },
    TimerStart {
        Workshop,
        "Start a timer…",
        "Time an exercise: 5, 10 or 15 minutes, or type how long",
        key: sc(CMD, Key::T)
    },
    Timer5 { Workshop, "Timer: 5 minutes", "Start a 5-minute countdown" },
    Timer10 { Workshop, "Timer: 10 minutes", "Start a 10-minute countdown" },
    Timer15 { Workshop, "Timer: 15 minutes", "Start a 15-minute countdown" },
    TimerPause {
        Workshop,
        "Pause / resume the timer",
        "Hold the countdown, or let it run again",
        key: sc(CMD_SHIFT, Key::P)
    },
    TimerAddMinute { Workshop, "Timer: one more minute", "Add a minute to the countdown", key: sc(CMD_SHIFT, Key::M) },
    TimerStop { Workshop, "Stop the timer", "Stop and hide the countdown", key: sc(CMD_SHIFT, Key::X) },
}

impl Command {
    /// Every shortcut of the command.
    pub fn all_shortcuts(self) -> impl Iterator<Item = KeyboardShortcut> {
        self.shortcut().into_iter().chain(self.alternative_shortcuts().iter().copied())
    }

    /// Acts on the workbench even while a text field has the keyboard (DESIGN.md §8: typing is
    /// safe): everything else types into the field.
    pub fn works_while_typing(self) -> bool {
        matches!(
            self,
            Command::Save
                | Command::Palette
                | Command::Presentation
                | Command::Undo
                | Command::Redo
                | Command::AddTouchpoint
        )
    }

    /// The primary shortcut as people read it ("Ctrl+K"), or "" when it has none.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcut().map(|s| ctx.format_shortcut(&s)).unwrap_or_default()
    }
}

/// A key that carries a letter: shortcuts on it follow the letter printed on the key, never
/// its position.
fn is_letter(key: Key) -> bool {
    let name = key.name();
    name.len() == 1 && name.chars().all(|c| c.is_ascii_alphabetic())
}

/// Whether a key event is this shortcut's key (DESIGN.md §11). Letters match by the letter the
/// layout gives the key (the logical key): Ctrl+A selects all on AZERTY, where A sits at the US
/// Q, and Ctrl+Y redoes on QWERTZ, where Y sits at the US Z. Keys without a letter (F-keys,
/// arrows, PageUp/PageDown, Home, digits, brackets) may also match by their US position, so a
/// layout that puts `[` behind AltGr still reaches Ctrl+[ — but a position never stands in for
/// a letter, on either side.
pub fn key_matches(shortcut_key: Key, key: Key, physical_key: Option<Key>) -> bool {
    shortcut_key == key || (!is_letter(shortcut_key) && !is_letter(key) && physical_key == Some(shortcut_key))
}

/// The commands whose shortcuts were pressed this frame, in the order they were pressed; their
/// key events are consumed. Modifiers must match exactly, so `G` and `Shift+G` are different
/// commands, and keys match as [`key_matches`] says. While `typing`, only the commands that
/// [`Command::works_while_typing`] are taken: every other key (Ctrl+A, letters, Delete) stays
/// for the text field.
pub fn take_pressed(input: &mut egui::InputState, typing: bool) -> Vec<Command> {
    let mut found = Vec::new();
    input.events.retain(|event| {
        let egui::Event::Key { key, physical_key, pressed: true, modifiers, .. } = event else {
            return true;
        };
        for &command in Command::ALL {
            for shortcut in command.all_shortcuts() {
                if key_matches(shortcut.logical_key, *key, *physical_key)
                    && modifiers.matches_exact(shortcut.modifiers)
                    && (!typing || command.works_while_typing())
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

/// Takes away the shortcuts with Ctrl, ⌘ or Alt pressed this frame (Ctrl+Q, Ctrl+S…), doing
/// nothing with them: pressed under a dialog, they are spent there. Plain keys (Enter, Escape)
/// stay for the dialog.
pub fn drop_modified_shortcuts(input: &mut egui::InputState) {
    input.events.retain(|event| match event {
        egui::Event::Key { pressed: true, modifiers, .. }
            if modifiers.command || modifiers.ctrl || modifiers.alt =>
        {
            take_pressed(&mut single(event), false).is_empty()
        }
        _ => true,
    });
}

/// An input holding one event, to ask [`take_pressed`] about it.
fn single(event: &egui::Event) -> egui::InputState {
    let mut input = egui::InputState::default();
    input.events = vec![event.clone()];
    input
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
