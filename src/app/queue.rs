//! One queue for everything the user asks for: a command, an edit, a title typed, a suggestion
//! to apply, a tray decision, a dialog's answer, a paste, a recent file. The panels, menus,
//! keys, dialogs and the palette send [`Action`]s while a frame draws; the shell carries them
//! out after it (`actions.rs`), each by its area's handler.

use std::path::PathBuf;

use super::canvas::TitleEditor;
use super::commands::Command;
use super::dialogs::DialogAction;
use super::room_ui::TrayAction;
use crate::edit::{Coalesce, Edit};
use crate::model::TouchpointId;
use crate::suggest::EditKind;

/// Something the user asked for, with what it needs: sent to one queue while a frame draws and
/// carried out after it, each built from the project as it is then.
#[derive(Clone, Debug)]
pub(super) enum Action {
    /// An edit made in a panel or on the canvas (typing continues the last step).
    Edit(Edit, Option<Coalesce>),
    /// A card's title typed on the canvas, to commit.
    Title(TitleEditor),
    /// Apply a suggestion: its touchpoint and kind.
    Improve(TouchpointId, EditKind),
    /// What the room's tray asked for.
    Tray(TrayAction),
    /// A dialog's answer.
    Dialog(DialogAction),
    /// A command from a key, a menu, a button or the palette.
    Command(Command),
    /// Text pasted onto the canvas (Ctrl+V), to read as rows.
    Paste(String),
    /// A recent project chosen in the menu.
    OpenRecent(PathBuf),
}

impl Action {
    /// The order areas are handled in within a frame (an edit typed before the Enter that
    /// commits it, a dialog's answer before a key pressed under it); within an area, the order
    /// asked.
    fn rank(&self) -> u8 {
        match self {
            Action::Edit(..) => 0,
            Action::Title(_) => 1,
            Action::Improve(..) => 2,
            Action::Tray(_) => 3,
            Action::Dialog(_) => 4,
            Action::Command(_) | Action::Paste(_) => 5,
            Action::OpenRecent(_) => 6,
        }
    }
}

/// The actions asked for in a frame, in order.
#[derive(Default)]
pub(super) struct Queue(Vec<Action>);

impl Queue {
    /// Asks for something.
    pub(super) fn send(&mut self, action: Action) {
        self.0.push(action);
    }

    /// Asks for a command.
    pub(super) fn command(&mut self, command: Command) {
        self.send(Action::Command(command));
    }

    /// Asks for edits, each its own step unless it continues typing.
    pub(super) fn edits(&mut self, edits: impl IntoIterator<Item = (Edit, Option<Coalesce>)>) {
        self.0.extend(edits.into_iter().map(|(e, c)| Action::Edit(e, c)));
    }

    /// Moves what `other` asked for to the end of this queue.
    pub(super) fn append(&mut self, other: Queue) {
        self.0.extend(other.0);
    }

    /// Nothing is waiting.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Everything asked for, in the order it is carried out.
    pub(super) fn take(&mut self) -> Vec<Action> {
        let mut all = std::mem::take(&mut self.0);
        all.sort_by_key(Action::rank);
        all
    }
}
