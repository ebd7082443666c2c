//! Comparing two journeys (DESIGN.md §13): the bundled samples' as-is against their to-be, one
//! small pair per rule, and properties over generated journeys.

use std::collections::BTreeSet;

use proptest::prelude::*;
use rapport::compare::{Change, Comparison, Field, FindingChanges, compare, compare_analysed, json};
use rapport::model::{Channel, Exchange, Journey, Phase, Provider, Touchpoint, TouchpointId};
use rapport::samples;
use rapport::score::{Analysis, Classification, Finding, FindingCode, FindingKey, analyse};
use rapport::store::read_project;

mod common;
use common::{text, touchpoint};

fn sample(text: &str, journey: &str) -> Journey {
    let project = read_project(text).expect("the bundled sample reads");
    project.journey(journey).expect("journey exists").clone()
}

fn brightwatt() -> Journey {
    sample(samples::BRIGHTWATT.text, "As-is")
}

fn tp(id: u32, phase: Phase, day: u32, provider: Provider, exchange: Exchange) -> Touchpoint {
    let mut t = Touchpoint::new(TouchpointId(id), format!("Touchpoint {id}"), phase, day, "");
    t.provider = provider;
    t.exchange = exchange;
    t
}

fn journey(name: &str, touchpoints: Vec<Touchpoint>) -> Journey {
    let mut j = Journey::new(name);
    j.touchpoints = touchpoints;
    j
}

fn person(name: &str) -> Provider {
    Provider::Person(name.to_owned())
}

fn ids(list: &[TouchpointId]) -> Vec<u32> {
    list.iter().map(|id| id.0).collect()
}

/// Each finding as its code and touchpoint ids, in order.
fn codes(findings: &[Finding]) -> Vec<(&'static str, Vec<u32>)> {
    findings.iter().map(|f| (f.code.as_str(), ids(&f.touchpoints))).collect()
}

fn changed(c: &Comparison) -> Vec<(u32, Vec<&'static str>)> {
    c.touchpoints.changed.iter().map(|t| (t.id.0, t.fields.iter().map(|f| f.as_str()).collect())).collect()
}

/// All twelve changes: both scores, then the ten sub-scores.
fn all_changes(c: &Comparison) -> Vec<Change> {
    let m = c.mutuality.parts().map(|(_, ch)| ch);
    let k = c.continuity.parts().map(|(_, ch)| ch);
    [c.mutuality.score].into_iter().chain(m).chain([c.continuity.score]).chain(k).collect()
}

/// All twelve numbers of an analysis, in the order of [`all_changes`].
fn all_numbers(a: &Analysis) -> Vec<f64> {
    let m = a.mutuality.parts().map(|(_, p)| p.value);
    let k = a.continuity.parts().map(|(_, p)| p.value);
    [a.mutuality.score].into_iter().chain(m).chain([a.continuity.score]).chain(k).collect()
}

/// Every delta is exactly `analyse(to) − analyse(from)`, with `from` and `to` as analysed.
fn assert_deltas_are_the_analyses_difference(from: &Journey, to: &Journey, c: &Comparison) {
    let (a, b) = (all_numbers(&analyse(from)), all_numbers(&analyse(to)));
    for ((change, x), y) in all_changes(c).into_iter().zip(a).zip(b) {
        assert_eq!(change, Change { from: x, to: y, delta: y - x });
    }
}

fn assert_every_delta_is_zero(c: &Comparison) {
    for change in all_changes(c) {
        assert_eq!(change.delta, 0.0, "{change:?}");
        assert_eq!(change.from, change.to);
    }
}

// The bundled samples -------------------------------------------------------------------------

#[test]
fn brightwatt_with_anyone_serving_loses_continuity_and_becomes_a_pseudo_relationship() {
    let from = brightwatt();
    let to = sample(samples::BRIGHTWATT.text, "As-is, anyone serves");
    let c = compare(&from, &to);
    assert_eq!((c.from.as_str(), c.to.as_str()), ("As-is", "As-is, anyone serves"));
    assert_deltas_are_the_analyses_difference(&from, &to, &c);

    // Only providers changed, and mutuality does not look at providers.
    assert_eq!(c.mutuality.score.delta, 0.0);
    assert!((c.continuity.score.from - 57.64).abs() < 0.01);
    assert!((c.continuity.score.to - 51.81).abs() < 0.01);
    assert_eq!(c.continuity.same_provider.to, 0.0);
    assert!((c.continuity.same_provider.delta + 3.5 / 12.0).abs() < 1e-12);
    assert_eq!(c.classification.from, Classification::Relationship);
    assert_eq!(c.classification.to, Classification::PseudoRelationship);
    assert!(c.classification.changed());

    assert_eq!(
        codes(&c.findings.resolved),
        [("HANDOFF_AT_DISAGREEMENT", vec![5, 6, 7]), ("NEXT_CONTACT_BROKEN", vec![3, 7])]
    );
    assert_eq!(codes(&c.findings.introduced), [("RELATIONAL_VENEER", vec![2, 3, 8, 9, 10, 12])]);
    assert_eq!(
        codes(&c.findings.persisting),
        [
            ("GIFT_NOT_RECIPROCATED", vec![5, 6]),
            ("LOYALTY_PENALTY", vec![8, 9, 10, 11, 12]),
            ("LONG_SILENCE", vec![7, 8]),
            ("PERSONALISED_TAKING", vec![8]),
            ("PERSONALISED_TAKING", vec![9]),
            ("FEELING_DIP_UNANSWERED", vec![8, 9]),
        ]
    );

    let t = &c.touchpoints;
    assert!(t.added.is_empty() && t.removed.is_empty());
    assert_eq!(
        changed(&c),
        [(2, vec!["provider"]), (3, vec!["provider"]), (7, vec!["provider"]), (10, vec!["provider"])]
    );
    assert_eq!(t.unchanged, 8);
    assert_eq!(t.fields_of(TouchpointId(2)), Some(&[Field::Provider][..]));
    assert_eq!(t.fields_of(TouchpointId(1)), None, "unchanged");
}

#[test]
fn lumen_mobile_to_be_adds_two_touchpoints_explains_the_first_bill_and_becomes_a_relationship() {
    let from = sample(samples::MOBILE_NETWORK.text, "As-is");
    let to = sample(samples::MOBILE_NETWORK.text, "To-be");
    let c = compare(&from, &to);
    assert_deltas_are_the_analyses_difference(&from, &to, &c);
    assert!(c.mutuality.score.delta > 0.0 && c.continuity.score.delta > 0.0);
    assert_eq!(c.classification.from, Classification::PlainEncounter);
    assert_eq!(c.classification.to, Classification::Relationship);

    // The as-is bills first and explains nothing; the to-be has Amara explain it on day 24.
    assert!(codes(&c.findings.resolved).contains(&("FIRST_BILL_UNEXPLAINED", vec![5])));
    let t = &c.touchpoints;
    assert_eq!(ids(&t.added), [17, 18]);
    assert!(t.removed.is_empty());
    // Every one of the sixteen cards was rewritten (each has a new title), none is unchanged.
    assert_eq!(t.changed.iter().map(|t| t.id.0).collect::<Vec<_>>(), (1..=16).collect::<Vec<_>>());
    assert_eq!(t.unchanged, 0);
    // Card 1 keeps phase, day, (omitted) lane, channel, provider and exchange; it becomes two-way
    // and the customer feels better.
    assert_eq!(changed(&c)[0], (1, vec!["title", "two_way", "feeling", "notes"]));
}

#[test]
fn harbour_bank_to_be_drops_the_veneer_and_its_silences_move() {
    let from = sample(samples::HIGH_STREET_BANK.text, "As-is");
    let to = sample(samples::HIGH_STREET_BANK.text, "To-be");
    let c = compare(&from, &to);
    assert_deltas_are_the_analyses_difference(&from, &to, &c);
    assert_eq!(c.classification.from, Classification::PseudoRelationship);
    assert_eq!(c.classification.to, Classification::EnhancedEncounter);

    let resolved = codes(&c.findings.resolved);
    assert!(resolved.contains(&("RELATIONAL_VENEER", vec![2, 4, 10, 12, 13, 16])), "{resolved:?}");
    assert!(resolved.contains(&("FIRST_BILL_UNEXPLAINED", vec![6])), "{resolved:?}");
    // A silence between other touchpoints is another finding: the old ones are resolved, the
    // new ones introduced.
    assert!(resolved.contains(&("LONG_SILENCE", vec![10, 11])), "{resolved:?}");
    assert!(resolved.contains(&("LONG_SILENCE", vec![12, 13])), "{resolved:?}");
    let introduced = codes(&c.findings.introduced);
    for pair in [vec![11, 12], vec![13, 14], vec![15, 16]] {
        assert!(introduced.contains(&("LONG_SILENCE", pair.clone())), "{pair:?} in {introduced:?}");
    }

    let t = &c.touchpoints;
    assert!(t.added.is_empty() && t.removed.is_empty());
    assert_eq!(t.changed.len(), 18);
    // Card 1 moves from Tom in the branch (People lane) to the app in the first lane (omitted).
    assert_eq!(changed(&c)[0], (1, vec!["title", "lane", "channel", "provider", "personalised", "notes"]));
}

#[test]
fn every_sample_compares_its_first_journey_with_its_second_consistently() {
    for s in samples::ALL {
        let project = read_project(s.text).expect("sample reads");
        let [from, to] = [&project.journeys[0], &project.journeys[1]];
        let c = compare(from, to);
        assert_deltas_are_the_analyses_difference(from, to, &c);
        let (fa, ta) = (analyse(from), analyse(to));
        // Every finding of `to` is introduced or persisting, every one of `from` resolved or
        // persisting (keys are unique within a journey); resolved ones are `from`'s own.
        assert_eq!(c.findings.resolved.len() + c.findings.persisting.len(), fa.findings.len());
        assert_eq!(
            c.findings.introduced.len() + c.findings.persisting.len(),
            ta.findings.len(),
            "{}",
            s.file_name
        );
        assert!(c.findings.resolved.iter().all(|f| fa.findings.contains(f)));
        let t = &c.touchpoints;
        assert_eq!(t.removed.len() + t.changed.len() + t.unchanged, from.touchpoints.len());
        assert_eq!(t.added.len() + t.changed.len() + t.unchanged, to.touchpoints.len());
    }
}

// One rule at a time ---------------------------------------------------------------------------

#[test]
fn a_phase_finding_persists_while_its_phase_gains_a_card() {
    let from = journey("From", vec![tp(1, Phase::EarlyDays, 0, Provider::Automated, Exchange::OrgTakes(1))]);
    let mut to = from.clone();
    to.touchpoints.push(tp(2, Phase::EarlyDays, 5, Provider::Automated, Exchange::Neutral));
    let c = compare(&from, &to);

    assert!(c.findings.resolved.is_empty(), "{:?}", codes(&c.findings.resolved));
    assert!(c.findings.introduced.is_empty(), "{:?}", codes(&c.findings.introduced));
    // Phase findings key by phase, so NO_EARLY_RAPPORT is the same finding, now naming both
    // cards, as the `to` journey states it.
    let rapport = c.findings.persisting.iter().find(|f| f.code.as_str() == "NO_EARLY_RAPPORT");
    let rapport = rapport.expect("NO_EARLY_RAPPORT persists");
    assert_eq!(rapport.phase, Some(Phase::EarlyDays));
    assert_eq!(ids(&rapport.touchpoints), [1, 2]);
    assert_eq!(ids(&c.touchpoints.added), [2]);
    assert_eq!(c.touchpoints.unchanged, 1);
}

#[test]
fn giving_back_after_a_gift_resolves_the_unreciprocated_gift_in_from_order() {
    let from = journey(
        "From",
        vec![
            tp(1, Phase::EarlyDays, 0, Provider::Automated, Exchange::CustomerGives(1)),
            tp(2, Phase::EarlyDays, 1, Provider::Automated, Exchange::OrgTakes(1)),
        ],
    );
    let mut to = from.clone();
    to.touchpoints[1].exchange = Exchange::OrgGives(1);
    let c = compare(&from, &to);

    assert_eq!(
        codes(&c.findings.resolved),
        [
            ("GIFT_NOT_RECIPROCATED", vec![1, 2]),
            ("CUSTOMER_ONLY_GIVING", vec![1]),
            ("TAKING_CONTEXT", vec![2])
        ]
    );
    assert!(c.findings.introduced.is_empty(), "{:?}", codes(&c.findings.introduced));
    assert!(codes(&c.findings.persisting).contains(&("INPUT_NEVER_USED", vec![1])));
    assert_eq!(changed(&c), [(2, vec!["exchange"])]);
    assert_eq!(c.mutuality.reciprocation, Change { from: 0.0, to: 1.0, delta: 1.0 });
}

#[test]
fn a_long_gap_introduces_a_long_silence_between_the_two_cards() {
    let mut first = tp(1, Phase::EarlyDays, 0, person("Priya"), Exchange::OrgGives(1));
    first.two_way = true;
    let mut second = first.clone();
    second.id = TouchpointId(2);
    second.day = 30;
    let from = journey("From", vec![first, second]);
    let mut to = from.clone();
    to.touchpoints[1].day = 200;
    let c = compare(&from, &to);

    assert!(c.findings.resolved.is_empty(), "{:?}", codes(&c.findings.resolved));
    assert_eq!(codes(&c.findings.introduced), [("LONG_SILENCE", vec![1, 2])]);
    assert_eq!(changed(&c), [(2, vec!["day"])]);
    assert!(c.continuity.regularity.delta < 0.0 && c.continuity.span.delta > 0.0);
}

#[test]
fn added_and_removed_ids_are_listed_ascending_whatever_the_file_order() {
    let card = |id| tp(id, Phase::EarlyDays, 0, Provider::Anyone, Exchange::Neutral);
    let from = journey("From", vec![card(5), card(1), card(2)]);
    let to = journey("To", vec![card(4), card(2), card(3)]);
    let c = compare(&from, &to);
    assert_eq!(ids(&c.touchpoints.added), [3, 4]);
    assert_eq!(ids(&c.touchpoints.removed), [1, 5]);
    assert!(c.touchpoints.changed.is_empty());
    assert_eq!(c.touchpoints.unchanged, 1);
}

#[test]
fn changing_only_what_scoring_ignores_moves_no_number_and_lists_the_fields_in_design_order() {
    let from = brightwatt();
    let mut to = from.clone();
    to.name = "To-be".to_owned();
    let bill = to.touchpoint_mut(TouchpointId(4)).expect("the first bill");
    // Set in another order than §13's, to show the order comes from the design, not the edits.
    bill.notes = "Now with a breakdown".to_owned();
    bill.feeling = Some(1);
    bill.channel = Channel::Letter;
    bill.lane = "Customer".to_owned();
    bill.title = "First bill, itemised".to_owned();
    let c = compare(&from, &to);

    assert_every_delta_is_zero(&c);
    assert_eq!(c.classification.from, c.classification.to);
    assert!(c.findings.resolved.is_empty() && c.findings.introduced.is_empty());
    assert_eq!(changed(&c), [(4, vec!["title", "lane", "channel", "feeling", "notes"])]);
    assert_eq!(c.touchpoints.unchanged, 11);
}

#[test]
fn a_journey_compared_with_an_identical_copy_changes_nothing() {
    let from = brightwatt();
    let mut to = from.clone();
    to.name = "Copy".to_owned();
    let c = compare(&from, &to);

    assert_eq!((c.from.as_str(), c.to.as_str()), ("As-is", "Copy"));
    assert_every_delta_is_zero(&c);
    assert!(c.findings.resolved.is_empty() && c.findings.introduced.is_empty());
    assert_eq!(c.findings.persisting, analyse(&to).findings);
    let t = &c.touchpoints;
    assert!(t.added.is_empty() && t.removed.is_empty() && t.changed.is_empty());
    assert_eq!(t.unchanged, 12);
}

#[test]
fn an_empty_journey_against_a_full_one_adds_everything_and_resolves_the_empty_phases() {
    let empty = Journey::new("Empty");
    let full = brightwatt();
    let c = compare(&empty, &full);
    let a = analyse(&full);

    for (change, value) in all_changes(&c).into_iter().zip(all_numbers(&a)) {
        assert_eq!(change, Change { from: 0.0, to: value, delta: value });
    }
    assert_eq!(c.classification.from, Classification::PlainEncounter);
    assert_eq!(c.classification.to, Classification::Relationship);
    let phases: Vec<_> = c.findings.resolved.iter().map(|f| (f.code.as_str(), f.phase)).collect();
    assert_eq!(
        phases,
        [
            ("EMPTY_PHASE", Some(Phase::EarlyDays)),
            ("EMPTY_PHASE", Some(Phase::FirstDisagreement)),
            ("EMPTY_PHASE", Some(Phase::LongTerm)),
        ]
    );
    assert_eq!(c.findings.introduced, a.findings);
    assert!(c.findings.persisting.is_empty());
    assert_eq!(ids(&c.touchpoints.added), (1..=12).collect::<Vec<_>>());
    assert!(c.touchpoints.removed.is_empty() && c.touchpoints.changed.is_empty());
    assert_eq!(c.touchpoints.unchanged, 0);

    // And back: everything removed, the empty phases introduced.
    let back = compare(&full, &empty);
    assert_eq!(back.findings.resolved, a.findings);
    assert_eq!(back.findings.introduced.len(), 3);
    assert_eq!(ids(&back.touchpoints.removed), (1..=12).collect::<Vec<_>>());
}

#[test]
fn an_omitted_lane_is_the_first_lane_of_its_own_journey() {
    let from = journey("From", vec![tp(1, Phase::EarlyDays, 0, Provider::Anyone, Exchange::Neutral)]);
    assert_eq!(from.touchpoints[0].lane, "", "omitted");

    let mut named = from.clone();
    named.touchpoints[0].lane = "Customer".to_owned();
    let c = compare(&from, &named);
    assert!(c.touchpoints.changed.is_empty());
    assert_eq!(c.touchpoints.unchanged, 1);

    let mut other = from.clone();
    other.touchpoints[0].lane = "People".to_owned();
    assert_eq!(changed(&compare(&from, &other)), [(1, vec!["lane"])]);

    // The same omitted lane in a journey whose first lane is called something else has moved.
    let mut renamed = from.clone();
    renamed.lanes[0] = "Client".to_owned();
    assert_eq!(changed(&compare(&from, &renamed)), [(1, vec!["lane"])]);
}

#[test]
fn omitted_lane_and_channel_in_a_file_equal_the_first_lane_and_other_written_out() {
    let text = r#"Project(
    format: 1,
    name: "Defaults",
    journeys: [
        Journey(
            name: "Omitted",
            lanes: ["Customer", "People"],
            touchpoints: [
                Touchpoint(id: 1, title: "Call", phase: EarlyDays, day: 0, provider: Anyone, exchange: Neutral),
            ],
        ),
        Journey(
            name: "Written out",
            lanes: ["Customer", "People"],
            touchpoints: [
                Touchpoint(id: 1, title: "Call", phase: EarlyDays, day: 0, lane: "Customer", channel: Other, provider: Anyone, exchange: Neutral),
            ],
        ),
    ],
)
"#;
    let project = read_project(text).expect("reads");
    let c = compare(&project.journeys[0], &project.journeys[1]);
    assert!(c.touchpoints.changed.is_empty(), "{:?}", changed(&c));
    assert_eq!(c.touchpoints.unchanged, 1);
}

#[test]
fn a_feeling_of_none_differs_from_a_feeling_of_zero() {
    let from = journey("From", vec![tp(1, Phase::EarlyDays, 0, Provider::Anyone, Exchange::Neutral)]);
    let mut to = from.clone();
    to.touchpoints[0].feeling = Some(0);
    assert_eq!(changed(&compare(&from, &to)), [(1, vec!["feeling"])]);
}

#[test]
fn tags_in_another_order_differ() {
    let mut card = tp(1, Phase::EarlyDays, 0, Provider::Anyone, Exchange::Neutral);
    card.tags = vec!["explains_bill".to_owned(), "welcome".to_owned()];
    let from = journey("From", vec![card]);
    let mut to = from.clone();
    to.touchpoints[0].tags.reverse();
    assert_eq!(changed(&compare(&from, &to)), [(1, vec!["tags"])]);
}

#[test]
fn an_exchange_differs_in_its_kind_or_its_strength() {
    let from = journey("From", vec![tp(1, Phase::EarlyDays, 0, Provider::Anyone, Exchange::OrgGives(2))]);
    for other in [Exchange::OrgGives(3), Exchange::OrgTakes(2), Exchange::Neutral] {
        let mut to = from.clone();
        to.touchpoints[0].exchange = other;
        assert_eq!(changed(&compare(&from, &to)), [(1, vec!["exchange"])], "{other:?}");
    }
}

#[test]
fn every_field_differing_is_listed_in_the_order_of_the_design() {
    let from = journey("From", vec![tp(1, Phase::EarlyDays, 0, Provider::Anyone, Exchange::Neutral)]);
    let mut to = from.clone();
    let t = &mut to.touchpoints[0];
    t.title = "Other".to_owned();
    t.phase = Phase::LongTerm;
    t.day = 9;
    t.lane = "Digital".to_owned();
    t.channel = Channel::Phone;
    t.provider = person("Priya");
    t.exchange = Exchange::OrgGives(1);
    t.two_way = true;
    t.tailored = true;
    t.personalised = true;
    t.recalls_history = true;
    t.sets_next_contact = true;
    t.tags = vec!["x".to_owned()];
    t.feeling = Some(-1);
    t.notes = "n".to_owned();
    let design = [
        "title",
        "phase",
        "day",
        "lane",
        "channel",
        "provider",
        "exchange",
        "two_way",
        "tailored",
        "personalised",
        "recalls_history",
        "sets_next_contact",
        "tags",
        "feeling",
        "notes",
    ];
    assert_eq!(changed(&compare(&from, &to)), [(1, design.to_vec())]);
    assert_eq!(Field::ALL.map(Field::as_str), design);
}

#[test]
fn compare_analysed_gives_what_compare_gives() {
    let from = sample(samples::MOBILE_NETWORK.text, "As-is");
    let to = sample(samples::MOBILE_NETWORK.text, "To-be");
    assert_eq!(compare_analysed(&from, &analyse(&from), &to, &analyse(&to)), compare(&from, &to));
}

#[test]
fn the_json_has_the_shape_of_the_design_with_unrounded_numbers() {
    let from = brightwatt();
    let to = sample(samples::BRIGHTWATT.text, "As-is, anyone serves");
    let text = json(&compare(&from, &to));
    assert!(text.ends_with("}\n"));
    assert!(text.starts_with("{\n  \"from\": \"As-is\",\n  \"to\": \"As-is, anyone serves\",\n"), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let keys =
        |o: &serde_json::Value| -> Vec<String> { o.as_object().expect("object").keys().cloned().collect() };
    let mut top = keys(&v);
    top.sort();
    assert_eq!(top, ["classification", "continuity", "findings", "from", "mutuality", "to", "touchpoints"]);
    let mut m = keys(&v["mutuality"]);
    m.sort();
    assert_eq!(m, ["both_give", "giving_climate", "learning", "reciprocation", "score", "two_way"]);
    let mut k = keys(&v["continuity"]);
    k.sort();
    assert_eq!(k, ["next_contact", "regularity", "same_provider", "score", "shared_history", "span"]);
    let score = &v["continuity"]["score"];
    let (f, t, d) = (score["from"].as_f64(), score["to"].as_f64(), score["delta"].as_f64());
    let (f, t, d) = (f.expect("from"), t.expect("to"), d.expect("delta"));
    assert!((f - 57.64).abs() < 0.01 && f != 57.64, "unrounded: {f}");
    // serde_json's default parser may be off in the last bit, hence a tolerance.
    assert!((d - (t - f)).abs() < 1e-9, "{d} = {t} − {f}");
    assert_eq!(v["classification"], serde_json::json!({"from": "relationship", "to": "pseudo_relationship"}));
    assert_eq!(
        v["findings"]["resolved"],
        serde_json::json!([
            {"code": "HANDOFF_AT_DISAGREEMENT", "severity": "warning", "touchpoints": [5, 6, 7], "phase": "FirstDisagreement"},
            {"code": "NEXT_CONTACT_BROKEN", "severity": "warning", "touchpoints": [3, 7]},
        ])
    );
    assert_eq!(v["findings"]["introduced"][0]["code"], "RELATIONAL_VENEER");
    assert_eq!(v["findings"]["persisting"].as_array().expect("list").len(), 6);
    assert_eq!(
        v["touchpoints"],
        serde_json::json!({
            "added": [],
            "removed": [],
            "changed": [
                {"id": 2, "fields": ["provider"]},
                {"id": 3, "fields": ["provider"]},
                {"id": 7, "fields": ["provider"]},
                {"id": 10, "fields": ["provider"]},
            ],
            "unchanged": 8,
        })
    );
}

#[test]
fn findings_group_by_key_even_should_a_key_repeat() {
    let finding = |code: FindingCode, ids: &[u32]| Finding {
        code,
        severity: code.severity(),
        touchpoints: ids.iter().map(|&i| TouchpointId(i)).collect(),
        phase: None,
        message: String::new(),
        why: code.why(),
    };
    let gift = finding(FindingCode::GiftNotReciprocated, &[1, 2]);
    let from = [gift.clone(), gift.clone(), finding(FindingCode::LongSilence, &[2, 3])];
    let to = [finding(FindingCode::LongSilence, &[3, 4]), gift.clone()];
    let c = FindingChanges::between(&from, &to);
    assert_eq!(codes(&c.resolved), [("LONG_SILENCE", vec![2, 3])]);
    assert_eq!(codes(&c.introduced), [("LONG_SILENCE", vec![3, 4])]);
    assert_eq!(c.persisting, [gift]);
}

#[test]
fn a_journey_with_a_repeated_id_gets_an_answer_not_a_panic() {
    let card = |id| tp(id, Phase::EarlyDays, 0, Provider::Anyone, Exchange::Neutral);
    let from = journey("From", vec![card(1), card(1), card(2)]);
    let to = journey("To", vec![card(1), card(3)]);
    let c = compare(&from, &to);
    assert_eq!(ids(&c.touchpoints.added), [3]);
    assert!(c.touchpoints.removed.contains(&TouchpointId(2)));
}

// Properties -----------------------------------------------------------------------------------
// Touchpoints from the generators shared with `tests/properties.rs`.

fn random_journey() -> impl Strategy<Value = Journey> {
    let lanes = prop::collection::btree_set("[A-Z][a-z]{0,8}", 1..4)
        .prop_map(|s| s.into_iter().collect::<Vec<String>>())
        .prop_shuffle();
    (lanes, text())
        .prop_flat_map(|(lanes, name)| {
            let tps = prop::collection::vec(touchpoint(lanes.clone()), 0..25);
            let ids = prop::collection::vec(1..40u32, 0..25);
            (Just(lanes), Just(name), tps, ids)
        })
        .prop_map(|(lanes, name, mut touchpoints, ids)| {
            // Unique positive ids from a small range, so that two journeys share many of them.
            let mut used = std::collections::HashSet::new();
            let mut fresh = 1000;
            for (i, tp) in touchpoints.iter_mut().enumerate() {
                let wanted = ids.get(i).copied().unwrap_or(0);
                let id = if wanted > 0 && used.insert(wanted) {
                    wanted
                } else {
                    fresh += 1;
                    fresh
                };
                tp.id = TouchpointId(id);
            }
            Journey { lanes, touchpoints, ..Journey::new(name) }
        })
}

/// A journey and a revision of it: each card kept, dropped, or rewritten from another
/// generated card (keeping its id), and some new cards added; lanes sometimes written out.
fn revision() -> impl Strategy<Value = (Journey, Journey)> {
    (random_journey(), random_journey(), prop::collection::vec(0..4u8, 25)).prop_map(
        |(from, other, picks)| {
            let mut to = from.clone();
            to.name = format!("{} (to-be)", from.name);
            to.touchpoints.clear();
            for (i, tp) in from.touchpoints.iter().enumerate() {
                match (picks[i], other.touchpoints.get(i)) {
                    (0, _) => {}
                    (1, Some(new)) => {
                        let mut new = new.clone();
                        new.id = tp.id;
                        new.lane = tp.lane.clone();
                        to.touchpoints.push(new);
                    }
                    (2, _) => {
                        let mut same = tp.clone();
                        if same.lane == from.first_lane() {
                            same.lane.clear();
                        }
                        to.touchpoints.push(same);
                    }
                    _ => to.touchpoints.push(tp.clone()),
                }
            }
            let taken: BTreeSet<TouchpointId> = from.touchpoints.iter().map(|t| t.id).collect();
            for tp in &other.touchpoints {
                if !taken.contains(&tp.id) {
                    let mut tp = tp.clone();
                    tp.lane = from.first_lane().to_owned();
                    to.touchpoints.push(tp);
                }
            }
            (from, to)
        },
    )
}

fn key_set(findings: &[Finding]) -> BTreeSet<FindingKey> {
    findings.iter().map(Finding::key).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_journey_compared_with_itself_has_no_change(j in random_journey()) {
        let c = compare(&j, &j);
        for change in all_changes(&c) {
            prop_assert_eq!(change.delta, 0.0);
        }
        prop_assert!(c.findings.resolved.is_empty());
        prop_assert!(c.findings.introduced.is_empty());
        prop_assert_eq!(&c.findings.persisting, &analyse(&j).findings);
        let t = &c.touchpoints;
        prop_assert!(t.added.is_empty() && t.removed.is_empty() && t.changed.is_empty());
        prop_assert_eq!(t.unchanged, j.touchpoints.len());
    }

    #[test]
    fn swapping_from_and_to_negates_the_deltas_and_swaps_what_came_and_went((a, b) in revision()) {
        let forth = compare(&a, &b);
        let back = compare(&b, &a);
        for (f, g) in all_changes(&forth).into_iter().zip(all_changes(&back)) {
            prop_assert_eq!(f.delta, -g.delta);
            prop_assert_eq!((f.from, f.to), (g.to, g.from));
        }
        prop_assert_eq!(forth.classification.from, back.classification.to);
        prop_assert_eq!(key_set(&forth.findings.resolved), key_set(&back.findings.introduced));
        prop_assert_eq!(key_set(&forth.findings.introduced), key_set(&back.findings.resolved));
        prop_assert_eq!(key_set(&forth.findings.persisting), key_set(&back.findings.persisting));
        prop_assert_eq!(&forth.touchpoints.added, &back.touchpoints.removed);
        prop_assert_eq!(&forth.touchpoints.removed, &back.touchpoints.added);
        let changed_ids = |c: &Comparison| c.touchpoints.changed.iter().map(|t| t.id).collect::<BTreeSet<_>>();
        prop_assert_eq!(changed_ids(&forth), changed_ids(&back));
        prop_assert_eq!(&forth.touchpoints.changed, &back.touchpoints.changed);
        prop_assert_eq!(forth.touchpoints.unchanged, back.touchpoints.unchanged);
    }

    #[test]
    fn every_touchpoint_and_finding_is_counted_once((a, b) in revision()) {
        let c = compare(&a, &b);
        let t = &c.touchpoints;
        prop_assert_eq!(t.removed.len() + t.changed.len() + t.unchanged, a.touchpoints.len());
        prop_assert_eq!(t.added.len() + t.changed.len() + t.unchanged, b.touchpoints.len());
        for list in [&t.added, &t.removed] {
            prop_assert!(list.windows(2).all(|w| w[0] < w[1]), "ascending: {:?}", list);
        }
        prop_assert!(t.changed.windows(2).all(|w| w[0].id < w[1].id));
        for ch in &t.changed {
            prop_assert!(!ch.fields.is_empty());
            prop_assert!(ch.fields.windows(2).all(|w| w[0] < w[1]), "§13 order: {:?}", ch.fields);
        }
        let (fa, fb) = (analyse(&a).findings, analyse(&b).findings);
        // Keys are unique within a journey, so each finding of either side is counted once.
        prop_assert_eq!(c.findings.resolved.len() + c.findings.persisting.len(), fa.len());
        prop_assert_eq!(c.findings.introduced.len() + c.findings.persisting.len(), fb.len());
    }
}
