//! The scores and findings of DESIGN.md §4–§6, on the worked example and on small journeys
//! built to sit exactly on each rule's threshold.

use rapport::model::{Exchange, Journey, Phase, Provider, Touchpoint, TouchpointId};
use rapport::samples;
use rapport::score::{Classification, FindingCode, Severity, analyse};
use rapport::store::read_project;

fn brightwatt(journey: &str) -> Journey {
    let project = read_project(samples::BRIGHTWATT.text).expect("the bundled sample reads");
    project.journey(journey).expect("journey exists").clone()
}

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() <= 0.01, "expected {expected}, got {actual}");
}

fn codes_with_ids(journey: &Journey) -> Vec<(&'static str, Vec<u32>)> {
    analyse(journey)
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.touchpoints.iter().map(|t| t.0).collect()))
        .collect()
}

fn tp(id: u32, phase: Phase, day: u32, provider: Provider, exchange: Exchange) -> Touchpoint {
    let mut t = Touchpoint::new(TouchpointId(id), format!("Touchpoint {id}"), phase, day, "Customer");
    t.provider = provider;
    t.exchange = exchange;
    t
}

fn journey(touchpoints: Vec<Touchpoint>) -> Journey {
    let mut j = Journey::new("Test");
    j.touchpoints = touchpoints;
    j
}

fn person(name: &str) -> Provider {
    Provider::Person(name.to_owned())
}

#[test]
fn brightwatt_mutuality_is_55_82_with_its_five_parts() {
    let a = analyse(&brightwatt("As-is"));
    close(a.mutuality.both_give.value, 10.0 / 15.0);
    close(a.mutuality.giving_climate.value, 15.0 / 23.0);
    close(a.mutuality.reciprocation.value, 2.0 / 3.0);
    close(a.mutuality.two_way.value, 3.0 / 12.0);
    close(a.mutuality.learning.value, 5.0 / 9.0);
    close(a.mutuality.score, 55.82);
}

#[test]
fn brightwatt_continuity_is_57_64_with_its_five_parts() {
    let a = analyse(&brightwatt("As-is"));
    close(a.continuity.same_provider.value, 3.5 / 12.0);
    close(a.continuity.regularity.value, 1.0 - 90.0 / 395.0);
    close(a.continuity.span.value, 1.0);
    close(a.continuity.shared_history.value, 4.0 / 11.0);
    close(a.continuity.next_contact.value, 5.0 / 11.0);
    close(a.continuity.score, 57.64);
}

#[test]
fn brightwatt_is_a_relationship_with_the_findings_of_the_design_and_its_feeling_dip() {
    let j = brightwatt("As-is");
    assert_eq!(analyse(&j).verdict.classification, Classification::Relationship);
    assert_eq!(
        codes_with_ids(&j),
        vec![
            ("GIFT_NOT_RECIPROCATED", vec![5, 6]),
            ("LOYALTY_PENALTY", vec![8, 9, 10, 11, 12]),
            ("LONG_SILENCE", vec![7, 8]),
            ("HANDOFF_AT_DISAGREEMENT", vec![5, 6, 7]),
            ("PERSONALISED_TAKING", vec![8]),
            ("PERSONALISED_TAKING", vec![9]),
            ("NEXT_CONTACT_BROKEN", vec![3, 7]),
            // The bundled sample's feelings (the §6 table sets none): −1 on the price rise.
            ("FEELING_DIP_UNANSWERED", vec![8, 9]),
        ]
    );
}

#[test]
fn brightwatt_served_by_anyone_is_a_pseudo_relationship() {
    let j = brightwatt("As-is, anyone serves");
    let a = analyse(&j);
    close(a.mutuality.score, 55.82);
    close(a.continuity.score, 51.81);
    assert_eq!(a.verdict.classification, Classification::PseudoRelationship);
    assert_eq!(
        codes_with_ids(&j),
        vec![
            ("GIFT_NOT_RECIPROCATED", vec![5, 6]),
            ("LOYALTY_PENALTY", vec![8, 9, 10, 11, 12]),
            ("RELATIONAL_VENEER", vec![2, 3, 8, 9, 10, 12]),
            ("LONG_SILENCE", vec![7, 8]),
            ("PERSONALISED_TAKING", vec![8]),
            ("PERSONALISED_TAKING", vec![9]),
            ("FEELING_DIP_UNANSWERED", vec![8, 9]),
        ]
    );
}

fn feeling(mut t: Touchpoint, f: i8) -> Touchpoint {
    t.feeling = Some(f);
    t
}

fn two_way(mut t: Touchpoint) -> Touchpoint {
    t.two_way = true;
    t
}

fn dips(j: &Journey) -> Vec<Vec<u32>> {
    codes_with_ids(j)
        .into_iter()
        .filter(|(c, _)| *c == "FEELING_DIP_UNANSWERED")
        .map(|(_, ids)| ids)
        .collect()
}

#[test]
fn a_low_moment_answered_by_a_person_who_listens_is_no_finding() {
    let j = journey(vec![
        feeling(tp(1, Phase::EarlyDays, 0, Provider::Automated, Exchange::OrgTakes(2)), -2),
        tp(2, Phase::EarlyDays, 3, Provider::Automated, Exchange::CustomerGives(1)),
        two_way(tp(3, Phase::EarlyDays, 5, person("Priya"), Exchange::OrgGives(1))),
    ]);
    assert_eq!(dips(&j), Vec::<Vec<u32>>::new());
}

#[test]
fn a_low_moment_answered_by_a_machine_or_a_one_way_person_names_both() {
    let machine = journey(vec![
        feeling(tp(1, Phase::EarlyDays, 0, Provider::Anyone, Exchange::Neutral), -1),
        two_way(tp(2, Phase::EarlyDays, 4, Provider::Automated, Exchange::OrgGives(1))),
    ]);
    assert_eq!(dips(&machine), vec![vec![1, 2]]);
    let one_way = journey(vec![
        feeling(tp(1, Phase::EarlyDays, 0, Provider::Anyone, Exchange::Neutral), -2),
        tp(2, Phase::EarlyDays, 4, Provider::Team("Billing".into()), Exchange::OrgTakes(1)),
    ]);
    assert_eq!(dips(&one_way), vec![vec![1, 2]]);
}

#[test]
fn a_low_moment_at_the_end_names_only_itself_and_a_feeling_of_zero_is_not_low() {
    let j = journey(vec![
        feeling(tp(1, Phase::EarlyDays, 0, Provider::Automated, Exchange::OrgGives(1)), 0),
        tp(2, Phase::EarlyDays, 4, Provider::Automated, Exchange::OrgTakes(1)),
        feeling(tp(3, Phase::LongTerm, 200, Provider::Automated, Exchange::OrgTakes(1)), -1),
    ]);
    assert_eq!(dips(&j), vec![vec![3]]);
}

#[test]
fn feelings_change_no_score_and_no_other_finding() {
    let plain = brightwatt("As-is");
    let mut numb = plain.clone();
    for t in &mut numb.touchpoints {
        t.feeling = None;
    }
    let (a, b) = (analyse(&plain), analyse(&numb));
    assert_eq!(a.mutuality, b.mutuality);
    assert_eq!(a.continuity, b.continuity);
    assert_eq!(a.verdict, b.verdict);
    let others: Vec<_> =
        a.findings.into_iter().filter(|f| f.code != FindingCode::FeelingDipUnanswered).collect();
    assert_eq!(others, b.findings);
}

#[test]
fn an_empty_journey_scores_zero_with_three_empty_phase_notes() {
    let a = analyse(&journey(vec![]));
    assert_eq!(a.mutuality.score, 0.0);
    assert_eq!(a.continuity.score, 0.0);
    assert_eq!(a.verdict.classification, Classification::PlainEncounter);
    assert_eq!(a.findings.len(), 3);
    for (f, phase) in a.findings.iter().zip(Phase::ALL) {
        assert_eq!(f.code, FindingCode::EmptyPhase);
        assert_eq!(f.severity, Severity::Note);
        assert_eq!(f.phase, Some(phase));
    }
    assert!(a.trajectory.is_empty());
}

#[test]
fn one_giving_two_way_touchpoint_scores_40_and_20() {
    let mut t = tp(1, Phase::EarlyDays, 0, person("Priya"), Exchange::OrgGives(2));
    t.two_way = true;
    let a = analyse(&journey(vec![t]));
    close(a.mutuality.score, 40.0);
    close(a.continuity.score, 20.0);
    assert_eq!(a.verdict.classification, Classification::PlainEncounter);
    let codes: Vec<(FindingCode, Option<Phase>)> = a.findings.iter().map(|f| (f.code, f.phase)).collect();
    assert_eq!(
        codes,
        vec![
            (FindingCode::EmptyPhase, Some(Phase::FirstDisagreement)),
            (FindingCode::EmptyPhase, Some(Phase::LongTerm)),
        ]
    );
}

#[test]
fn the_trajectory_ends_at_the_journey_scores_and_has_one_point_per_touchpoint() {
    let a = analyse(&brightwatt("As-is"));
    assert_eq!(a.trajectory.len(), 12);
    let last = a.trajectory.last().expect("points");
    close(last.mutuality, a.mutuality.score);
    close(last.continuity, a.continuity.score);
    // After the first touchpoint only: a customer gift, not yet answered. Only the giving
    // climate counts (G = 1), and a single day has no span, regularity or history.
    let first = a.trajectory[0];
    assert_eq!(first.id, TouchpointId(1));
    close(first.mutuality, 20.0);
    close(first.continuity, 0.0);
}

#[test]
fn each_trajectory_point_equals_scoring_the_cut_journey_alone() {
    let j = brightwatt("As-is");
    let a = analyse(&j);
    let timeline = j.timeline();
    for k in 1..=timeline.len() {
        let cut = journey(timeline[..k].iter().map(|&i| j.touchpoints[i].clone()).collect());
        let whole = analyse(&cut);
        close(a.trajectory[k - 1].mutuality, whole.mutuality.score);
        close(a.trajectory[k - 1].continuity, whole.continuity.score);
    }
}

#[test]
fn per_phase_scores_equal_scoring_each_phase_alone() {
    let j = brightwatt("As-is");
    let a = analyse(&j);
    for p in &a.phases {
        let alone = journey(j.touchpoints.iter().filter(|t| t.phase == p.phase).cloned().collect());
        let alone = analyse(&alone);
        close(p.mutuality.score, alone.mutuality.score);
        close(p.continuity.score, alone.continuity.score);
    }
    assert_eq!(a.phases[0].touchpoints, 4);
    assert_eq!(a.phases[0].exchange.org_gives, 4);
    assert_eq!(a.phases[2].exchange.org_takes, 3);
}

#[test]
fn timeline_ties_keep_file_order() {
    // Same day: the customer gift is read first in the file, so the gift is answered.
    let gift = tp(2, Phase::EarlyDays, 5, Provider::Automated, Exchange::CustomerGives(1));
    let give = tp(1, Phase::EarlyDays, 5, Provider::Automated, Exchange::OrgGives(1));
    let a = analyse(&journey(vec![gift.clone(), give.clone()]));
    assert_eq!(a.mutuality.reciprocation.value, 1.0);
    let b = analyse(&journey(vec![give, gift]));
    assert_eq!(b.mutuality.reciprocation.value, 0.0);
}

#[test]
fn exactly_one_third_personalised_is_a_pseudo_relationship_and_just_under_is_not() {
    let org = |id, personalised| {
        let mut t = tp(id, Phase::EarlyDays, id, Provider::Anyone, Exchange::OrgTakes(1));
        t.personalised = personalised;
        t
    };
    let a = analyse(&journey(vec![org(1, true), org(2, false), org(3, false)]));
    assert_eq!(a.verdict.classification, Classification::PseudoRelationship);
    let b = analyse(&journey(vec![org(1, true), org(2, false), org(3, false), org(4, false)]));
    assert_eq!(b.verdict.classification, Classification::PlainEncounter);
}

#[test]
fn enhanced_encounter_needs_a_third_tailored_two_gives_and_half_giving() {
    let give = |id, tailored| {
        let mut t = tp(id, Phase::EarlyDays, id, Provider::Anyone, Exchange::OrgGives(1));
        t.tailored = tailored;
        t
    };
    let take = |id| tp(id, Phase::EarlyDays, id, Provider::Anyone, Exchange::OrgTakes(1));
    // 1 of 3 tailored, 2 gives, G = 2/3.
    let a = analyse(&journey(vec![give(1, true), give(2, false), take(3)]));
    assert_eq!(a.verdict.classification, Classification::EnhancedEncounter);
    // G exactly ½ still holds: 2 gives, 2 takes, 2 of 4 tailored.
    let b = analyse(&journey(vec![give(1, true), give(2, true), take(3), take(4)]));
    assert_eq!(b.verdict.classification, Classification::EnhancedEncounter);
    // G below ½ does not.
    let c = analyse(&journey(vec![give(1, true), give(2, true), take(3), take(4), take(5)]));
    assert_eq!(c.verdict.classification, Classification::PlainEncounter);
    // Only one give does not.
    let d = analyse(&journey(vec![give(1, true), take(2)]));
    assert_eq!(d.verdict.classification, Classification::PlainEncounter);
}

#[test]
fn relationship_needs_half_the_human_touchpoints_in_two_phases() {
    let priya = |id, phase| tp(id, phase, id, person("Priya"), Exchange::Neutral);
    let anyone = |id| tp(id, Phase::LongTerm, id, Provider::Anyone, Exchange::Neutral);
    let a =
        analyse(&journey(vec![priya(1, Phase::EarlyDays), priya(2, Phase::LongTerm), anyone(3), anyone(4)]));
    assert_eq!(a.verdict.classification, Classification::Relationship);
    let b = analyse(&journey(vec![
        priya(1, Phase::EarlyDays),
        priya(2, Phase::LongTerm),
        anyone(3),
        anyone(4),
        anyone(5),
    ]));
    assert_eq!(b.verdict.classification, Classification::PlainEncounter);
    // Two touchpoints in one phase only is not a relationship.
    let c = analyse(&journey(vec![priya(1, Phase::EarlyDays), priya(2, Phase::EarlyDays)]));
    assert_eq!(c.verdict.classification, Classification::PlainEncounter);
}

#[test]
fn primary_person_ties_go_to_the_first_in_timeline_order() {
    // Priya comes first in the file, Sam first in time; each serves once.
    let a = analyse(&journey(vec![
        tp(1, Phase::EarlyDays, 10, person("Priya"), Exchange::Neutral),
        tp(2, Phase::EarlyDays, 5, person("Sam"), Exchange::Neutral),
        tp(3, Phase::FirstDisagreement, 20, Provider::Anyone, Exchange::Neutral),
    ]));
    let handoff = a.findings.iter().find(|f| f.code == FindingCode::HandoffAtDisagreement).expect("raised");
    assert!(handoff.message.starts_with("Sam "), "{}", handoff.message);
    // A second touchpoint makes Priya primary, and she serves the disagreement: no handoff.
    let b = analyse(&journey(vec![
        tp(1, Phase::EarlyDays, 10, person("Priya"), Exchange::Neutral),
        tp(2, Phase::EarlyDays, 5, person("Sam"), Exchange::Neutral),
        tp(3, Phase::FirstDisagreement, 20, person("Priya"), Exchange::Neutral),
    ]));
    assert!(!b.findings.iter().any(|f| f.code == FindingCode::HandoffAtDisagreement));
    close(b.continuity.same_provider.value, 2.0 / 3.0);
}

#[test]
fn same_provider_gives_half_credit_to_the_primary_team() {
    let billing = |id| tp(id, Phase::EarlyDays, id, Provider::Team("Billing".into()), Exchange::Neutral);
    let a = analyse(&journey(vec![
        billing(1),
        billing(2),
        tp(3, Phase::EarlyDays, 3, Provider::Automated, Exchange::Neutral),
    ]));
    close(a.continuity.same_provider.value, 1.0 / 3.0);
}

#[test]
fn regularity_counts_only_gaps_over_ninety_days() {
    let at = |id, day| tp(id, Phase::LongTerm, day, Provider::Automated, Exchange::Neutral);
    let a = analyse(&journey(vec![at(1, 0), at(2, 90), at(3, 300)]));
    // gaps 90 (no excess) and 210 (120 excess) over a span of 300.
    close(a.continuity.regularity.value, 1.0 - 120.0 / 300.0);
    close(a.continuity.span.value, 300.0 / 365.0);
    let silences: Vec<_> = a.findings.iter().filter(|f| f.code == FindingCode::LongSilence).collect();
    assert_eq!(silences.len(), 1);
    assert_eq!(silences[0].touchpoints, vec![TouchpointId(2), TouchpointId(3)]);
}

#[test]
fn a_gift_never_answered_names_only_the_gift() {
    let gift = tp(1, Phase::LongTerm, 1, Provider::Automated, Exchange::CustomerGives(2));
    let a = analyse(&journey(vec![gift]));
    let f = a.findings.iter().find(|f| f.code == FindingCode::GiftNotReciprocated).expect("raised");
    assert_eq!(f.touchpoints, vec![TouchpointId(1)]);
    assert!(a.findings.iter().any(|f| f.code == FindingCode::InputNeverUsed));
    assert!(a.findings.iter().any(|f| f.code == FindingCode::CustomerOnlyGiving));
}

#[test]
fn the_first_bill_needs_an_earlier_explanation() {
    let mut bill = tp(1, Phase::EarlyDays, 30, Provider::Automated, Exchange::OrgTakes(2));
    bill.tags = vec!["first_bill".into()];
    let mut explain = tp(2, Phase::EarlyDays, 31, Provider::Automated, Exchange::OrgGives(1));
    explain.tags = vec!["explains_bill".into()];
    let a = analyse(&journey(vec![bill.clone(), explain.clone()]));
    assert!(
        a.findings
            .iter()
            .any(|f| f.code == FindingCode::FirstBillUnexplained && f.touchpoints == vec![TouchpointId(1)])
    );
    explain.day = 20;
    let b = analyse(&journey(vec![bill, explain]));
    assert!(!b.findings.iter().any(|f| f.code == FindingCode::FirstBillUnexplained));
}

#[test]
fn phase_findings_fire_for_a_mechanical_one_way_disagreement() {
    let demand = tp(1, Phase::FirstDisagreement, 10, Provider::Automated, Exchange::OrgTakes(3));
    let a = analyse(&journey(vec![demand]));
    let phase_codes: Vec<FindingCode> =
        a.findings.iter().filter(|f| f.phase == Some(Phase::FirstDisagreement)).map(|f| f.code).collect();
    assert_eq!(
        phase_codes,
        vec![
            FindingCode::MechanicalDisagreement,
            FindingCode::OneWayPhase,
            FindingCode::NoNextContactAfterDisagreement
        ]
    );
    assert!(a.findings.iter().any(|f| f.code == FindingCode::TakingContext));
}

#[test]
fn tailoring_before_any_customer_input_is_flagged() {
    let mut t = tp(1, Phase::EarlyDays, 0, Provider::Automated, Exchange::OrgGives(1));
    t.tailored = true;
    let a = analyse(&journey(vec![t]));
    assert!(a.findings.iter().any(|f| f.code == FindingCode::TailoredWithoutInput));
    assert_eq!(a.mutuality.learning.value, 0.0);
}

#[test]
fn every_finding_has_a_message_and_a_why_that_cites_a_source() {
    for sample in samples::ALL {
        let project = read_project(sample.text).expect("sample reads");
        for j in &project.journeys {
            for f in analyse(j).findings {
                assert!(!f.message.is_empty(), "{:?} has no message", f.code);
                assert!(f.why.contains('('), "{:?} why cites no source: {}", f.code, f.why);
                assert!(!f.message.contains('\n') && !f.why.contains('\n'));
            }
        }
    }
}
