//! Review threads in the workbench (DESIGN.md §18): the composer (C, the palette, Reply), the
//! Review tab of the right-hand panel with the threads open first, and stepping through the
//! open threads with F8. Every action is one undo step, built in `edit::build`.

use egui::RichText;

use super::RapportApp;
use super::composer::{Compose, Composer};
use super::dialogs::Dialog;
use crate::edit::build;
use crate::model::{ThreadOn, Timestamp, TouchpointId};

/// What the Review list asked for.
enum ReviewAction {
    Frame(TouchpointId),
    Compose(Compose),
    Resolve(u32, bool),
    Delete(u32, usize),
}

impl RapportApp {
    /// C: a composer on the selected card, else on the phase presented alone, else on the
    /// journey (which the composer lets the reviewer change to a phase).
    pub(super) fn open_composer(&mut self, what: Option<Compose>) {
        let what = what.unwrap_or_else(|| match self.view.selection.iter().next() {
            Some(id) => Compose::New(ThreadOn::Touchpoint(*id)),
            None => Compose::New(self.view.focus.map_or(ThreadOn::Journey, ThreadOn::Phase)),
        });
        let text = match &what {
            Compose::Edit(id, k) => self
                .journey()
                .threads
                .iter()
                .find(|t| t.id == *id)
                .and_then(|t| t.comments.get(*k))
                .map(|c| c.text.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let name = self.settings.your_name.clone();
        self.chrome.show_dialog(Dialog::Comment(Composer { what, text, name, shown: false }));
    }

    /// Posts what the composer holds as one undo step; the name is kept in the settings.
    pub(super) fn post_comment(&mut self, composer: Composer) {
        let name = composer.name.trim().to_owned();
        if name.is_empty() {
            return;
        }
        if self.settings.your_name != name {
            self.settings.your_name = name.clone();
            self.save_settings();
        }
        let (j, now) = (self.journey, Timestamp::now());
        let edit = match composer.what {
            Compose::New(on) => {
                build::start_thread(self.files.doc.project(), j, on, &name, now, &composer.text)
                    .map(|(e, _)| e)
            }
            Compose::Reply(id) => build::reply(j, self.journey(), id, &name, now, &composer.text),
            Compose::Edit(id, k) => build::edit_comment(j, self.journey(), id, k, &composer.text),
        };
        if let Some(edit) = edit
            && self.apply_edit(edit, None)
        {
            self.chrome.say("Comment posted (Ctrl+Z takes it back)");
        }
    }

    /// The composer's heading: "Comment on “Sign-up”", "Reply to #3", "Edit your comment".
    pub(super) fn composer_title(&self, what: &Compose) -> String {
        match what {
            Compose::New(ThreadOn::Touchpoint(id)) => {
                let title = self.journey().touchpoint(*id).map_or("a card", |t| t.title.as_str());
                format!("Comment on “{title}”")
            }
            Compose::New(_) => "Comment".to_owned(),
            Compose::Reply(id) => format!("Reply to #{id}"),
            Compose::Edit(..) => "Edit your comment".to_owned(),
        }
    }

    /// F8 / Shift+F8: the next (previous) open thread on a card, selected and brought into view.
    pub(super) fn step_thread(&mut self, forward: bool) {
        let journey = self.journey();
        let timeline: Vec<TouchpointId> =
            journey.timeline().into_iter().map(|i| journey.touchpoints[i].id).collect();
        let mut cards: Vec<(usize, TouchpointId)> = journey
            .threads
            .iter()
            .filter(|t| !t.resolved)
            .filter_map(|t| match t.on {
                ThreadOn::Touchpoint(id) => timeline.iter().position(|x| *x == id).map(|at| (at, id)),
                _ => None,
            })
            .collect();
        cards.sort_unstable();
        cards.dedup();
        if cards.is_empty() {
            self.chrome.say("No open comments on cards");
            return;
        }
        let now = self.view.selection.iter().next().and_then(|id| cards.iter().position(|(_, c)| c == id));
        let next = match (now, forward) {
            (None, true) => 0,
            (None, false) => cards.len() - 1,
            (Some(i), true) => (i + 1) % cards.len(),
            (Some(i), false) => (i + cards.len() - 1) % cards.len(),
        };
        let id = cards[next].1;
        self.view.selection = [id].into();
        self.view.reveal = Some(id);
        self.view.focus_follow = Some(id);
    }

    /// The Review tab: the journey's threads, open first — what each is on, its first comment,
    /// replies, author and age — with Reply, Resolve / Reopen, and Edit or Delete for one's own
    /// comments. Clicking a thread frames its card.
    pub(super) fn review_ui(&mut self, ui: &mut egui::Ui) {
        let mut asked = None;
        let journey = self.journey();
        let mut order: Vec<usize> = (0..journey.threads.len()).collect();
        order.sort_by_key(|&i| (journey.threads[i].resolved, journey.threads[i].id));
        let open = journey.threads.iter().filter(|t| !t.resolved).count();
        ui.label(RichText::new(format!("Review ({open} open)")).strong());
        if journey.threads.is_empty() {
            ui.weak("No comments yet. Select a card and press C to comment on it.");
        }
        let me = self.settings.your_name.trim().to_owned();
        let now = Timestamp::now();
        egui::ScrollArea::vertical().id_salt("review_list").auto_shrink([false, false]).show(ui, |ui| {
            for i in order {
                let t = &journey.threads[i];
                ui.separator();
                let on = crate::comments::on_words(journey, t);
                let state = if t.resolved { " · resolved" } else { "" };
                let head = ui.add(
                    egui::Button::selectable(
                        false,
                        RichText::new(format!("#{} on {on}{state}", t.id)).strong(),
                    )
                    .wrap(),
                );
                if head.clicked()
                    && let ThreadOn::Touchpoint(id) = t.on
                    && journey.touchpoint(id).is_some()
                {
                    asked = Some(ReviewAction::Frame(id));
                }
                for (k, c) in t.comments.iter().enumerate() {
                    let age = age(c.at, now);
                    ui.label(RichText::new(format!("{} · {age}", c.by)).small().weak());
                    ui.label(&c.text);
                    if !me.is_empty() && c.by == me {
                        ui.horizontal(|ui| {
                            if ui.small_button("Edit").clicked() {
                                asked = Some(ReviewAction::Compose(Compose::Edit(t.id, k)));
                            }
                            if ui.small_button("Delete").on_hover_text("Ctrl+Z brings it back").clicked() {
                                asked = Some(ReviewAction::Delete(t.id, k));
                            }
                        });
                    }
                }
                ui.horizontal(|ui| {
                    if ui.small_button("Reply").clicked() {
                        asked = Some(ReviewAction::Compose(Compose::Reply(t.id)));
                    }
                    let (label, to) = if t.resolved { ("Reopen", false) } else { ("Resolve", true) };
                    if ui.small_button(label).clicked() {
                        asked = Some(ReviewAction::Resolve(t.id, to));
                    }
                });
            }
        });
        match asked {
            Some(ReviewAction::Frame(id)) => {
                self.view.selection = [id].into();
                self.view.frame = Some(vec![id]);
            }
            Some(ReviewAction::Compose(what)) => self.open_composer(Some(what)),
            Some(ReviewAction::Resolve(id, to)) => {
                let edit = build::set_resolved(self.journey, self.journey(), id, to);
                if let Some(e) = edit {
                    self.apply_edit(e, None);
                }
            }
            Some(ReviewAction::Delete(id, k)) => {
                if let Some(e) = build::delete_comment(self.journey, self.journey(), id, k) {
                    self.apply_edit(e, None);
                }
            }
            None => {}
        }
    }
}

/// "just now", "5 min ago", "3 h ago", "2 days ago".
fn age(at: Timestamp, now: Timestamp) -> String {
    let secs = now.0.saturating_sub(at.0);
    match secs {
        0..60 => "just now".to_owned(),
        60..3_600 => format!("{} min ago", secs / 60),
        3_600..86_400 => format!("{} h ago", secs / 3_600),
        _ => {
            let days = secs / 86_400;
            format!("{days} day{} ago", if days == 1 { "" } else { "s" })
        }
    }
}
