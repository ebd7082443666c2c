//! The review comment composer (DESIGN.md §18): what it writes (a new thread, a reply, new
//! words for one's own comment), the draft, and the name to sign with.

use egui::RichText;

use crate::model::{Phase, ThreadOn};

/// What the composer writes.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Compose {
    /// A new thread on this.
    New(ThreadOn),
    /// A reply to this thread.
    Reply(u32),
    /// New words for a thread's `k`th comment.
    Edit(u32, usize),
}

/// The composer's state: what it writes, the draft (kept while the dialog is open, whatever has
/// the keyboard), and the name to sign with when none is known yet.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Composer {
    pub(super) what: Compose,
    pub(super) text: String,
    pub(super) name: String,
    pub(super) shown: bool,
}

/// How the composer ended this frame.
pub(super) enum Posted {
    /// Post what it holds.
    Post,
    /// Keep nothing.
    Cancel,
}

/// The composer: what it is on (a phase or the journey can be changed while nothing is
/// selected), "Your name" the first time, the text; Enter posts, Shift+Enter starts a new line,
/// Esc cancels and keeps nothing.
pub(super) fn composer_ui(ui: &mut egui::Ui, c: &mut Composer, title: &str) -> Option<Posted> {
    ui.heading(title);
    if let Compose::New(on @ (ThreadOn::Journey | ThreadOn::Phase(_))) = &mut c.what {
        ui.horizontal(|ui| {
            ui.label("On");
            ui.selectable_value(on, ThreadOn::Journey, "the journey");
            for p in Phase::ALL {
                ui.selectable_value(on, ThreadOn::Phase(p), p.label());
            }
        });
    }
    let needs_name = c.name.trim().is_empty() || !c.shown && c.name.is_empty();
    if needs_name {
        ui.horizontal(|ui| {
            let l = ui.label("Your name");
            ui.add(egui::TextEdit::singleline(&mut c.name).desired_width(220.0)).labelled_by(l.id);
        });
    }
    let id = ui.make_persistent_id("comment_text");
    // Enter posts, unless Shift is held (a new line).
    let enter =
        ui.memory(|m| m.has_focus(id)) && ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.shift);
    if enter {
        ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
    }
    let l = ui.label("Comment");
    let r = ui
        .add(egui::TextEdit::multiline(&mut c.text).id(id).desired_rows(4).desired_width(440.0))
        .labelled_by(l.id);
    if !c.shown {
        c.shown = true;
        if !needs_name {
            r.request_focus();
        }
    }
    let ok = !c.name.trim().is_empty() && crate::model::threads::clean_comment(&c.text).is_some();
    ui.label(RichText::new("Enter posts · Shift+Enter starts a new line · Esc cancels").small().weak());
    let mut out = None;
    ui.horizontal(|ui| {
        let post = ui.add_enabled(ok, egui::Button::new("Post")).clicked();
        if (post || enter) && ok {
            out = Some(Posted::Post);
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            out = Some(Posted::Cancel);
        }
    });
    out
}
