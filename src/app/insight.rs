//! What the workbench knows about the journey shown: its analysis (scores and findings), its
//! layout and the suggestions that would help most (DESIGN.md §14), kept until the project or
//! the tab changes. A long journey's suggestions are worked out on another thread, one job at a
//! time, so an edit never waits for them (§12).

use crate::layout::{self, Layout, LayoutOptions};
use crate::model::Journey;
use crate::score::{self, Analysis};
use crate::suggest::{self, Suggestion};

/// The analysis and layout of the shown journey, kept until the project or the tab changes.
pub(super) struct Derived {
    pub(super) revision: u64,
    pub(super) journey: usize,
    pub(super) analysis: Analysis,
    pub(super) layout: Layout,
    /// The single edits that would help most (DESIGN.md §14), best first.
    pub(super) suggestions: Vec<Suggestion>,
    /// How many single edits would help in all (more than are kept: see [`KEPT_SUGGESTIONS`]).
    pub(super) suggestion_count: usize,
    /// The suggestions are being worked out on another thread (a long journey).
    pub(super) suggesting: bool,
}

/// Suggestions being worked out on another thread, for one revision of one journey.
struct SuggestJob {
    revision: u64,
    journey: usize,
    rx: std::sync::mpsc::Receiver<(Vec<Suggestion>, usize)>,
}

/// The best suggestions kept for the Improve list and the palette: a 10,000-touchpoint journey
/// has tens of thousands, and the list shows five.
pub const KEPT_SUGGESTIONS: usize = 200;

/// From this many touchpoints the suggestions are worked out off the UI thread, so an edit of a
/// long journey never waits for them (DESIGN.md §12); shorter journeys get them in the same frame.
pub const SUGGEST_OFF_THREAD_FROM: usize = 2_000;

/// The best [`KEPT_SUGGESTIONS`] of a ranked list, and how many there were.
fn kept(mut list: Vec<Suggestion>) -> (Vec<Suggestion>, usize) {
    let total = list.len();
    list.truncate(KEPT_SUGGESTIONS);
    list.shrink_to_fit();
    (list, total)
}

/// The analysis, layout and suggestions of the journey shown, and the job weighing them.
#[derive(Default)]
pub(super) struct Insight {
    /// As of the last refresh; taken out while a frame draws with it.
    pub(super) derived: Option<Derived>,
    suggest_job: Option<SuggestJob>,
}

impl Insight {
    /// Brings everything up to date with `journey` (tab `index`) at `revision`; true when it
    /// was worked out anew.
    pub(super) fn refresh(
        &mut self,
        journey: &Journey,
        revision: u64,
        index: usize,
        options: &LayoutOptions,
        ctx: &egui::Context,
    ) -> bool {
        self.poll(journey, revision, index, ctx);
        if self.derived.as_ref().is_some_and(|d| d.revision == revision && d.journey == index) {
            return false;
        }
        let long = journey.touchpoints.len() >= SUGGEST_OFF_THREAD_FROM;
        let (suggestions, suggestion_count) =
            if long { (Vec::new(), 0) } else { kept(suggest::suggestions(journey)) };
        self.derived = Some(Derived {
            revision,
            journey: index,
            analysis: score::analyse(journey),
            layout: layout::layout_with(journey, options),
            suggestions,
            suggestion_count,
            suggesting: long,
        });
        if long {
            self.start_suggesting(journey, revision, index, ctx);
        }
        true
    }

    /// Starts weighing the suggestions of the journey shown on another thread, unless a job is
    /// already running: one at a time, and the one that ends starts the next for the journey as
    /// it is then, so fast typing never piles up threads.
    fn start_suggesting(&mut self, journey: &Journey, revision: u64, index: usize, ctx: &egui::Context) {
        if self.suggest_job.is_some() {
            return;
        }
        let copy = journey.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name("suggestions".into()).spawn(move || {
            if tx.send(kept(suggest::suggestions(&copy))).is_ok() {
                ctx.request_repaint();
            }
        });
        match spawned {
            Ok(_) => self.suggest_job = Some(SuggestJob { revision, journey: index, rx }),
            // No thread to be had: weigh them here, late rather than never.
            Err(_) => {
                let (list, count) = kept(suggest::suggestions(journey));
                if let Some(d) = &mut self.derived {
                    d.suggestions = list;
                    d.suggestion_count = count;
                    d.suggesting = false;
                }
            }
        }
    }

    /// Takes the suggestions a job finished, if they are still for the journey shown; a job
    /// that finished for an older revision starts the next for `journey` as it is now.
    fn poll(&mut self, journey: &Journey, revision: u64, index: usize, ctx: &egui::Context) {
        let Some(job) = self.suggest_job.take() else { return };
        let list = match job.rx.try_recv() {
            Ok(list) => Some(list),
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                self.suggest_job = Some(job);
                return;
            }
            // The job died: say nothing is pending rather than spin forever.
            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
        };
        let Some(d) = &mut self.derived else { return };
        let current = d.revision == job.revision && d.journey == job.journey;
        match list {
            Some(list) if current => {
                (d.suggestions, d.suggestion_count) = list;
                d.suggesting = false;
            }
            Some(_) if d.suggesting => self.start_suggesting(journey, revision, index, ctx),
            Some(_) => {}
            None => d.suggesting = false,
        }
    }
}
