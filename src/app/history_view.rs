//! Journey → History… (DESIGN.md §19): the commits that changed the project's file, newest first,
//! with the shown journey's two scores at each, both plotted across them, and "Compare with this
//! version". git runs on another thread; outside a repository or without git, the window says
//! why.

use std::sync::mpsc::{Receiver, TryRecvError};

use egui::RichText;
use egui_plot::{Corner, Legend, Line, PlotPoints};

use super::RapportApp;
use crate::edit::{Edit, build};
use crate::history::{HistoryError, Version};
use crate::model::Journey;

/// A version of the file and the shown journey's scores then (`None` when it had no journey of
/// that name, or the file did not read).
struct Row {
    version: Version,
    scores: Option<(f64, f64)>,
}

/// The history window while it is open.
pub(super) struct HistoryView {
    /// The journey whose scores are shown.
    journey: String,
    rx: Option<Receiver<Result<Vec<Version>, HistoryError>>>,
    rows: Option<Result<Vec<Row>, String>>,
}

impl HistoryView {
    /// Starts reading the history of `file` on another thread.
    fn start(file: Option<std::path::PathBuf>, journey: String, ctx: &egui::Context) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name("history".into()).spawn(move || {
            let result = file.as_deref().map_or(Err(HistoryError::NoFile), crate::history::history);
            if tx.send(result).is_ok() {
                ctx.request_repaint();
            }
        });
        match spawned {
            Ok(_) => Self { journey, rx: Some(rx), rows: None },
            Err(e) => Self { journey, rx: None, rows: Some(Err(format!("could not start: {e}"))) },
        }
    }

    /// Takes the history when it is ready.
    fn poll(&mut self) {
        let Some(rx) = &self.rx else { return };
        let result = match rx.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(result) => result.map_err(|e| e.to_string()),
            Err(TryRecvError::Disconnected) => Err("reading the history stopped".to_owned()),
        };
        self.rx = None;
        let journey = self.journey.clone();
        self.rows = Some(result.map(|versions| {
            versions
                .into_iter()
                .map(|version| {
                    let scores = version.project.as_ref().ok().and_then(|p| scores_of(p, &journey));
                    Row { version, scores }
                })
                .collect()
        }));
    }
}

/// The journey's mutuality and continuity in a project, if it has a journey of that name.
fn scores_of(project: &crate::model::Project, name: &str) -> Option<(f64, f64)> {
    let journey = project.journeys.iter().find(|j| j.name == name)?;
    let a = crate::score::analyse(journey);
    Some((a.mutuality.score, a.continuity.score))
}

impl RapportApp {
    /// Journey → History…: opens the window on the journey shown (or closes it).
    pub(super) fn toggle_history(&mut self, ctx: &egui::Context) {
        if self.history.take().is_some() {
            return;
        }
        let journey = self.journey().name.clone();
        self.history = Some(HistoryView::start(self.files.doc.path.clone(), journey, ctx));
    }

    /// The history window, while open.
    pub(super) fn history_ui(&mut self, ctx: &egui::Context) {
        let Some(mut view) = self.history.take() else { return };
        view.poll();
        let mut open = true;
        let mut compare = None;
        let palette = self.palette();
        egui::Window::new(format!("History of “{}”", view.journey))
            .id(egui::Id::unique("history_window"))
            .open(&mut open)
            .default_size([520.0, 560.0])
            .show(ctx, |ui| match &view.rows {
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Asking git for the file's commits…");
                    });
                }
                Some(Err(why)) => {
                    ui.label(format!("No history: {why}."));
                }
                Some(Ok(rows)) => compare = rows_ui(ui, rows, &palette),
            });
        if let (Some(i), Some(Ok(rows))) = (compare, &view.rows) {
            self.compare_with_version(&rows[i].version, &view.journey);
        }
        if open {
            self.history = Some(view);
        }
    }

    /// Adds the journey as it was in `version` as a journey of its own (one undo step), and
    /// opens the compare view between it and the journey now.
    fn compare_with_version(&mut self, version: &Version, name: &str) {
        let Ok(then) = &version.project else { return };
        let Some(old) = then.journeys.iter().find(|j| j.name == name) else { return };
        let project = self.files.doc.project();
        let Some(now) = project.journeys.iter().position(|j| j.name == name) else {
            self.chrome.say(format!("The project has no journey “{name}” any more"));
            return;
        };
        let copy = Journey {
            name: build::unique_journey_name(
                project,
                &format!("{name} @ {} ({})", version.short(), version.date),
            ),
            // What a room said and the review's threads stay with the version they were about.
            proposals: Vec::new(),
            votes: Vec::new(),
            heard: Vec::new(),
            threads: Vec::new(),
            ..old.clone()
        };
        let index = project.journeys.len();
        if self.apply_edit(Edit::AddJourney { index, journey: Box::new(copy) }, None) {
            self.view.selection.clear();
            self.compare = Some(super::compare_view::CompareView::new(self.files.doc.project(), index, now));
            self.chrome.say(format!(
                "Comparing with the version of {} ({}); Ctrl+Z takes that version out again",
                version.date,
                version.short()
            ));
        }
    }
}

/// Both scores across the commits, oldest to newest, and the commits newest first; returns the
/// row whose "Compare with this version" was clicked.
fn rows_ui(ui: &mut egui::Ui, rows: &[Row], palette: &super::theme::Palette) -> Option<usize> {
    let oldest_first = rows.iter().rev().enumerate().filter_map(|(x, r)| r.scores.map(|s| (x as f64, s)));
    let mutuality: PlotPoints = oldest_first.clone().map(|(x, (m, _))| [x, m]).collect();
    let continuity: PlotPoints = oldest_first.map(|(x, (_, c))| [x, c]).collect();
    let (m, c) = (palette.mutuality, palette.continuity);
    super::panels::still_plot("history_scores", 140.0)
        .x_axis_label("commits, oldest to newest")
        .include_y(0.0)
        .include_y(100.0)
        .legend(Legend::default().position(Corner::LeftTop))
        .show(ui, move |plot| {
            plot.line(Line::new("mutuality", mutuality).color(m).width(2.0));
            plot.line(Line::new("continuity", continuity).color(c).width(2.0));
        });
    ui.label(
        RichText::new(format!(
            "{} commit{}, newest first",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        ))
        .weak(),
    );
    let mut clicked = None;
    egui::ScrollArea::vertical().id_salt("history_rows").show(ui, |ui| {
        for (i, row) in rows.iter().enumerate() {
            let v = &row.version;
            ui.separator();
            ui.label(RichText::new(&v.subject).strong());
            let scores = match (&v.project, row.scores) {
                (Err(why), _) => format!("the file did not read: {why}"),
                (Ok(_), None) => "no journey of this name then".to_owned(),
                (Ok(_), Some((m, c))) => format!("mutuality {m:.0} · continuity {c:.0}"),
            };
            ui.label(RichText::new(format!("{} · {} · {} · {scores}", v.date, v.author, v.short())).small());
            if ui.add_enabled(row.scores.is_some(), egui::Button::new("Compare with this version")).clicked()
            {
                clicked = Some(i);
            }
        }
    });
    clicked
}
