//! Pure helpers for the facilitator's side of the room, for the workbench's edits to use
//! (DESIGN.md §15): the touchpoint an accepted proposal becomes, what deleting a touchpoint
//! takes from the room's data (and undo puts back), and the room's feeling per touchpoint.

use crate::model::{Ballot, Heard, Journey, Proposal, ProposalStatus, Touchpoint, TouchpointId};

/// The touchpoint a proposal becomes when accepted: its title, phase and feeling; its lane,
/// or the first lane when it named none or a lane the journey no longer has; provider
/// `Anyone`, exchange `Neutral`; `id` and `day` as the workbench chose them (a new id of the
/// project, and the day a new card gets at the end of its phase and lane).
pub fn accepted_touchpoint(journey: &Journey, proposal: &Proposal, id: TouchpointId, day: u32) -> Touchpoint {
    let lane = match &proposal.lane {
        Some(lane) if journey.lanes.contains(lane) => lane.clone(),
        _ => journey.first_lane().to_owned(),
    };
    let mut tp = Touchpoint::new(id, proposal.title.clone(), proposal.phase, day, lane);
    tp.feeling = proposal.feeling;
    tp
}

/// What deleting a touchpoint took from a journey's room data, with where it was, so that
/// undoing the deletion puts it all back exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Detached {
    /// The touchpoint.
    pub touchpoint: Option<TouchpointId>,
    /// Ballots on it: (vote index, index in the vote's ballots before removal, ballot).
    pub ballots: Vec<(usize, usize, Ballot)>,
    /// Feeling answers about it: (index in `heard` before removal, answer).
    pub heard: Vec<(usize, Heard)>,
    /// Proposals that had been accepted as it (by index); they go back to `Pending`.
    pub accepted: Vec<usize>,
}

impl Detached {
    /// Nothing was taken.
    pub fn is_empty(&self) -> bool {
        self.ballots.is_empty() && self.heard.is_empty() && self.accepted.is_empty()
    }
}

/// Takes from the journey's room data what names touchpoint `id`, which is being deleted: its
/// ballots and feeling answers are dropped, and a proposal accepted as it returns to the tray
/// (`Pending`) — so every rule the reader enforces still holds. Returns what was taken, for
/// [`reattach`].
pub fn detach(journey: &mut Journey, id: TouchpointId) -> Detached {
    let mut taken = Detached { touchpoint: Some(id), ..Detached::default() };
    for (v, vote) in journey.votes.iter_mut().enumerate() {
        let mut index = 0;
        vote.ballots.retain(|b| {
            let keep = b.touchpoint != id;
            if !keep {
                taken.ballots.push((v, index, *b));
            }
            index += 1;
            keep
        });
    }
    let mut index = 0;
    journey.heard.retain(|h| {
        let keep = h.touchpoint != id;
        if !keep {
            taken.heard.push((index, *h));
        }
        index += 1;
        keep
    });
    for (i, p) in journey.proposals.iter_mut().enumerate() {
        if p.status == ProposalStatus::Accepted(id) {
            p.status = ProposalStatus::Pending;
            taken.accepted.push(i);
        }
    }
    taken
}

/// Puts back what [`detach`] took (the touchpoint itself must be back first).
pub fn reattach(journey: &mut Journey, taken: &Detached) {
    let Some(id) = taken.touchpoint else { return };
    // Ascending original positions: each insert lands where it was.
    for &(v, index, ballot) in &taken.ballots {
        if let Some(vote) = journey.votes.get_mut(v) {
            let at = index.min(vote.ballots.len());
            vote.ballots.insert(at, ballot);
        }
    }
    for &(index, answer) in &taken.heard {
        let at = index.min(journey.heard.len());
        journey.heard.insert(at, answer);
    }
    for &i in &taken.accepted {
        if let Some(p) = journey.proposals.get_mut(i) {
            p.status = ProposalStatus::Accepted(id);
        }
    }
}

/// The room's answers about one touchpoint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoomFeeling {
    /// How many answered.
    pub answers: usize,
    /// The median (a half when the count is even and the middle two differ).
    pub median: f32,
    /// The lowest answer.
    pub lowest: i8,
    /// The highest answer.
    pub highest: i8,
}

impl RoomFeeling {
    /// The feeling "Take the room's feelings" sets: the median rounded toward zero.
    pub fn taken(&self) -> i8 {
        self.median.trunc() as i8
    }
}

/// The room's feeling about a touchpoint, from every participant's latest answer; `None` when
/// nobody answered.
pub fn room_feeling(journey: &Journey, id: TouchpointId) -> Option<RoomFeeling> {
    let mut answers: Vec<i8> =
        journey.heard.iter().filter(|h| h.touchpoint == id).map(|h| h.feeling).collect();
    if answers.is_empty() {
        return None;
    }
    answers.sort_unstable();
    let n = answers.len();
    let median = if n % 2 == 1 {
        f32::from(answers[n / 2])
    } else {
        (f32::from(answers[n / 2 - 1]) + f32::from(answers[n / 2])) / 2.0
    };
    Some(RoomFeeling { answers: n, median, lowest: answers[0], highest: answers[n - 1] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Participant, Phase, Timestamp, Vote};

    fn journey() -> Journey {
        let mut j = Journey::new("As-is");
        for (id, day) in [(1, 0), (2, 5), (3, 9)] {
            j.touchpoints.push(Touchpoint::new(
                TouchpointId(id),
                format!("T{id}"),
                Phase::EarlyDays,
                day,
                "Customer",
            ));
        }
        let b = |from, t| Ballot { from: Participant(from), touchpoint: TouchpointId(t) };
        j.votes.push(Vote {
            id: 1,
            question: "Q".to_owned(),
            dots: 3,
            open: true,
            revealed: false,
            ballots: vec![b(1, 2), b(1, 1), b(2, 2), b(2, 2), b(3, 3)],
        });
        let h = |from, t, feeling| Heard { from: Participant(from), touchpoint: TouchpointId(t), feeling };
        j.heard = vec![h(1, 2, -1), h(1, 1, 2), h(2, 2, -2), h(3, 2, 1)];
        j.proposals.push(Proposal {
            id: 1,
            title: "T2".to_owned(),
            phase: Phase::EarlyDays,
            lane: Some("Gone".to_owned()),
            feeling: Some(-1),
            from: Participant(1),
            at: Timestamp(0),
            status: ProposalStatus::Accepted(TouchpointId(2)),
        });
        j
    }

    #[test]
    fn deleting_a_touchpoint_takes_its_dots_and_answers_and_undo_puts_them_back() {
        let before = journey();
        let mut j = before.clone();
        j.touchpoints.retain(|t| t.id != TouchpointId(2));
        let taken = detach(&mut j, TouchpointId(2));
        assert_eq!(j.votes[0].ballots.len(), 2);
        assert_eq!(j.heard.len(), 1);
        assert_eq!(j.proposals[0].status, ProposalStatus::Pending);
        assert_eq!((taken.ballots.len(), taken.heard.len(), taken.accepted.len()), (3, 3, 1));
        let text = crate::store::write_project(&crate::model::Project {
            format: 2,
            name: "P".to_owned(),
            journeys: vec![j.clone()],
            conflicts: Vec::new(),
        });
        assert!(crate::store::read_project(&text).is_ok(), "every rule still holds");
        j.touchpoints.insert(1, before.touchpoints[1].clone());
        reattach(&mut j, &taken);
        assert_eq!(j, before);
    }

    #[test]
    fn an_accepted_proposal_keeps_its_words_and_finds_a_lane() {
        let j = journey();
        let tp = accepted_touchpoint(&j, &j.proposals[0], TouchpointId(9), 12);
        assert_eq!(
            (tp.title.as_str(), tp.lane.as_str(), tp.feeling, tp.day),
            ("T2", "Customer", Some(-1), 12)
        );
        assert_eq!(
            (tp.provider.clone(), tp.exchange),
            (crate::model::Provider::Anyone, crate::model::Exchange::Neutral)
        );
    }

    #[test]
    fn the_rooms_feeling_is_the_median_taken_toward_zero() {
        let j = journey();
        let f = room_feeling(&j, TouchpointId(2)).expect("answers");
        assert_eq!((f.answers, f.median, f.lowest, f.highest, f.taken()), (3, -1.0, -2, 1, -1));
        let mut j = j;
        j.heard.push(Heard { from: Participant(4), touchpoint: TouchpointId(2), feeling: -2 });
        let f = room_feeling(&j, TouchpointId(2)).expect("answers");
        assert_eq!((f.median, f.taken()), (-1.5, -1));
        assert_eq!(room_feeling(&j, TouchpointId(3)), None);
    }
}
