//! What participants see: a small copy of the project that the workbench publishes to the room
//! whenever it changes, and the JSON of `GET /j/TOKEN/state` made from it.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::{Phase, Project, ProposalStatus, TouchpointId};

/// What the room shows, as the facilitator left it: published by the workbench with
/// [`Room::publish`](crate::room::Room::publish). Its decisions (accepting, dismissing, restoring a
/// proposal; opening, closing a vote; opening, closing a poll) reach the phones through it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoomView {
    /// The project's name.
    pub project: String,
    /// The journey participants add to, vote on and rate.
    pub journey: String,
    /// Its lanes, top to bottom.
    pub lanes: Vec<String>,
    /// Its touchpoints in timeline order.
    pub touchpoints: Vec<ViewTouchpoint>,
    /// The status of every proposal in the project, by id (a proposal not listed is pending).
    pub statuses: BTreeMap<u32, ProposalStatus>,
    /// The vote open now, if any.
    pub vote: Option<ViewVote>,
    /// The touchpoints of the feeling poll open now, if any.
    pub poll: Option<Vec<TouchpointId>>,
    /// Whether the facilitator lets participants comment on touchpoints (DESIGN.md §18): not
    /// part of the project, so [`RoomView::of`] leaves it off and the workbench sets it.
    pub comments: bool,
}

/// A touchpoint as participants see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewTouchpoint {
    /// Its id.
    pub id: TouchpointId,
    /// Its title.
    pub title: String,
    /// Its phase.
    pub phase: Phase,
    /// Its lane.
    pub lane: String,
}

/// The open vote as participants see it (never its tallies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewVote {
    /// The vote's id in the journey.
    pub id: u32,
    /// What the room is asked.
    pub question: String,
    /// Dots per participant.
    pub dots: u32,
}

impl RoomView {
    /// The view of journey `journey` of the project: its open vote (if any) and, when the
    /// facilitator has a feeling poll open, the touchpoints it asks about. An index past the
    /// journeys gives the first journey.
    pub fn of(project: &Project, journey: usize, poll: Option<Vec<TouchpointId>>) -> Self {
        let Some(j) = project.journeys.get(journey).or(project.journeys.first()) else {
            return Self { project: project.name.clone(), ..Self::default() };
        };
        let touchpoints = j
            .timeline()
            .into_iter()
            .map(|i| {
                let t = &j.touchpoints[i];
                ViewTouchpoint { id: t.id, title: t.title.clone(), phase: t.phase, lane: t.lane.clone() }
            })
            .collect();
        let statuses = project.journeys.iter().flat_map(|j| &j.proposals).map(|p| (p.id, p.status)).collect();
        let vote = j.open_vote().map(|v| ViewVote { id: v.id, question: v.question.clone(), dots: v.dots });
        Self {
            project: project.name.clone(),
            journey: j.name.clone(),
            lanes: j.lanes.clone(),
            touchpoints,
            statuses,
            vote,
            poll,
            comments: false,
        }
    }

    /// Whether the journey shown has this touchpoint.
    pub fn has_touchpoint(&self, id: TouchpointId) -> bool {
        self.touchpoints.iter().any(|t| t.id == id)
    }
}

/// What one participant has sent in this room, for the `mine` parts of the state.
#[derive(Clone, Debug, Default)]
pub struct Mine {
    /// Their proposals: id and title, oldest first.
    pub proposals: Vec<(u32, String)>,
    /// Their dots, by vote id.
    pub dots: BTreeMap<u32, Vec<TouchpointId>>,
    /// Their latest feeling per touchpoint.
    pub feelings: BTreeMap<TouchpointId, i8>,
    /// The touchpoints they commented on, once per comment, oldest first.
    pub comments: Vec<TouchpointId>,
}

/// `"pending"`, `"accepted"` or `"dismissed"`.
fn status_word(status: Option<&ProposalStatus>) -> &'static str {
    match status {
        None | Some(ProposalStatus::Pending) => "pending",
        Some(ProposalStatus::Accepted(_)) => "accepted",
        Some(ProposalStatus::Dismissed) => "dismissed",
    }
}

/// The JSON of `GET /j/TOKEN/state` for participant `you` (DESIGN.md §15).
pub fn state_json(view: &RoomView, you: u32, mine: &Mine) -> Value {
    let touchpoints: Vec<Value> = view
        .touchpoints
        .iter()
        .map(|t| json!({"id": t.id.0, "title": t.title, "phase": t.phase.file_name(), "lane": t.lane}))
        .collect();
    let proposals: Vec<Value> = mine
        .proposals
        .iter()
        .map(|(id, title)| json!({"id": id, "title": title, "status": status_word(view.statuses.get(id))}))
        .collect();
    let vote = view.vote.as_ref().map(|v| {
        let dots: Vec<u32> = mine
            .dots
            .get(&v.id)
            .map(|d| d.iter().filter(|t| view.has_touchpoint(**t)).map(|t| t.0).collect())
            .unwrap_or_default();
        json!({"id": v.id, "question": v.question, "dots": v.dots, "mine": dots})
    });
    let poll = view.poll.as_ref().map(|ids| {
        let answers: serde_json::Map<String, Value> =
            ids.iter().filter_map(|t| mine.feelings.get(t).map(|f| (t.0.to_string(), json!(f)))).collect();
        json!({"touchpoints": ids.iter().map(|t| t.0).collect::<Vec<u32>>(), "mine": answers})
    });
    json!({
        "project": view.project,
        "journey": view.journey,
        "you": you,
        "lanes": view.lanes,
        "phases": Phase::ALL.map(Phase::file_name),
        "touchpoints": touchpoints,
        "mine": proposals,
        "vote": vote,
        "poll": poll,
        "comments": view.comments,
        "commented": mine.comments.iter().map(|t| t.0).collect::<Vec<u32>>(),
    })
}
