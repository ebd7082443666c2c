//! Touchpoints as a table (DESIGN.md §17): the exact header and values, export → import → export
//! on every sample and on generated projects, the forgiving reading, every mistake named by its
//! line and column, File → Import touchpoints…, and the clipboard's copy and paste.

use std::collections::BTreeSet;

use proptest::prelude::*;
use rapport::edit::{Edit, apply, build};
use rapport::model::{Channel, Exchange, Journey, Link, Phase, Project, Provider, Touchpoint, TouchpointId};
use rapport::store::{read_project, write_project};
use rapport::table::{self, Column, TableError};

mod common;

const HEADER: &str = "journey,id,title,phase,day,lane,channel,provider,exchange,strength,two_way,tailored,personalised,recalls_history,sets_next_contact,tags,feeling,notes,links_to";

fn imported(text: &str) -> Project {
    match table::import(text, "Test") {
        Ok(i) => i.project,
        Err(e) => panic!("{}\n{text}", e.in_file("TABLE.csv")),
    }
}

fn error(text: &str) -> String {
    match table::import(text, "Test") {
        Ok(i) => panic!("expected an error, read {:?}", i.project),
        Err(e) => e.in_file("TABLE.csv"),
    }
}

fn tp(p: &Project, journey: usize, index: usize) -> &Touchpoint {
    &p.journeys[journey].touchpoints[index]
}

/// The touchpoints of a journey in timeline order.
fn in_time(j: &Journey) -> Vec<Touchpoint> {
    j.timeline().into_iter().map(|i| j.touchpoints[i].clone()).collect()
}

fn sorted_links(j: &Journey) -> Vec<(u32, u32)> {
    let mut links: Vec<(u32, u32)> = j.links.iter().map(|l| (l.from.0, l.to.0)).collect();
    links.sort_unstable();
    links
}

/// The lanes a journey's touchpoints use, in order of first use along the timeline: what a
/// table can carry of its lanes.
fn lanes_in_use(j: &Journey) -> Vec<String> {
    let mut lanes: Vec<String> = Vec::new();
    for t in in_time(j) {
        if !lanes.contains(&t.lane) {
            lanes.push(t.lane.clone());
        }
    }
    lanes
}

/// Export → import gives the same journeys (by name, in order), the same touchpoints (every
/// field, in timeline order), the same links and the lanes in use; export again gives the same
/// bytes; and the project is one Rapport opens.
fn assert_round_trip(original: &Project) -> Result<(), TestCaseError> {
    let csv = table::export(&original.journeys);
    let back = table::import(&csv, &original.name)
        .map_err(|e| TestCaseError::fail(format!("{}\n{csv}", e.in_file("TABLE.csv"))))?;
    prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let back = back.project;
    let kept: Vec<&Journey> = original.journeys.iter().filter(|j| !j.touchpoints.is_empty()).collect();
    prop_assert_eq!(back.journeys.len(), kept.len());
    for (was, is) in kept.iter().zip(&back.journeys) {
        prop_assert_eq!(&is.name, &was.name);
        prop_assert_eq!(in_time(is), in_time(was));
        prop_assert_eq!(sorted_links(is), sorted_links(was));
        prop_assert_eq!(&is.lanes, &lanes_in_use(was));
    }
    prop_assert_eq!(table::export(&back.journeys), csv, "export again gives the same bytes");
    let reread = read_project(&write_project(&back)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(reread, back);
    Ok(())
}

#[test]
fn every_sample_survives_export_then_import() {
    for sample in rapport::samples::ALL {
        let project = read_project(sample.text).expect("sample reads");
        if let Err(e) = assert_round_trip(&project) {
            panic!("{}: {e}", sample.file_name);
        }
    }
}

#[test]
fn the_table_has_the_header_of_the_contract_crlf_lines_and_no_bom() {
    let project = read_project(rapport::samples::BRIGHTWATT.text).expect("sample");
    let csv = table::export(&project.journeys);
    assert!(csv.starts_with(&format!("{HEADER}\r\n")), "{csv}");
    assert_eq!(Column::ALL.map(Column::name).join(","), HEADER);
    assert!(!csv.starts_with('\u{feff}'));
    let rows: usize = project.journeys.iter().map(|j| j.touchpoints.len()).sum();
    assert_eq!(csv.matches("\r\n").count(), rows + 1, "one line per touchpoint, and the header");
    assert!(!csv.replace("\r\n", "").contains('\n'));
}

#[test]
fn values_are_written_as_the_contract_says_in_timeline_order() {
    let mut j = Journey::new("As-is");
    let mut later = Touchpoint::new(TouchpointId(7), "Later", Phase::LongTerm, 200, "People");
    later.provider = Provider::Team("Billing".into());
    later.exchange = Exchange::OrgTakes(3);
    let mut first = Touchpoint::new(TouchpointId(3), "Say \"hi\", then wait", Phase::EarlyDays, 0, "Digital");
    first.channel = Channel::InPerson;
    first.provider = Provider::Person("Priya".into());
    first.exchange = Exchange::OrgGives(2);
    first.two_way = true;
    first.sets_next_contact = true;
    first.tags = vec!["first_bill".into(), "welcome".into()];
    first.feeling = Some(-1);
    first.notes = "two\nlines".into();
    let mut machine = Touchpoint::new(TouchpointId(5), "Reminder", Phase::FirstDisagreement, 60, "Customer");
    machine.provider = Provider::Automated;
    j.touchpoints = vec![later, first, machine];
    j.links = vec![
        Link { from: TouchpointId(3), to: TouchpointId(7) },
        Link { from: TouchpointId(3), to: TouchpointId(5) },
    ];
    let csv = table::export([&j]);
    let expected = format!(
        "{HEADER}\r\n\
         As-is,3,\"Say \"\"hi\"\", then wait\",EarlyDays,0,Digital,InPerson,person:Priya,org_gives,2,yes,no,no,no,yes,first_bill;welcome,-1,\"two\nlines\",7;5\r\n\
         As-is,5,Reminder,FirstDisagreement,60,Customer,Other,automated,neutral,,no,no,no,no,no,,,,\r\n\
         As-is,7,Later,LongTerm,200,People,Other,team:Billing,org_takes,3,no,no,no,no,no,,,,\r\n"
    );
    assert_eq!(csv, expected);
}

#[test]
fn only_title_and_phase_are_needed_and_the_rest_takes_the_defaults() {
    let p = imported("title,phase\nWelcome call,early\nBill,early\nDispute,disagreement\nRenewal,long\n");
    assert_eq!(p.name, "Test");
    let [j] = p.journeys.as_slice() else { panic!("one journey: {:?}", p.journeys) };
    assert_eq!(j.name, table::DEFAULT_JOURNEY);
    assert_eq!(j.lanes, ["Customer", "People", "Digital"], "§3's lanes without a lane column");
    let ids: Vec<u32> = j.touchpoints.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    // §8: the early days start at 0, a card after another a week later; an empty phase at its
    // start (60, 150).
    let days: Vec<u32> = j.touchpoints.iter().map(|t| t.day).collect();
    assert_eq!(days, [0, 7, 60, 150]);
    let t = &j.touchpoints[0];
    assert_eq!((t.title.as_str(), t.phase, t.lane.as_str()), ("Welcome call", Phase::EarlyDays, "Customer"));
    assert_eq!(
        (t.provider.clone(), t.exchange, t.channel),
        (Provider::Anyone, Exchange::Neutral, Channel::Other)
    );
    assert!(!t.two_way && !t.tailored && !t.personalised && !t.recalls_history && !t.sets_next_contact);
    assert_eq!((t.tags.len(), t.feeling, t.notes.as_str()), (0, None, ""));
    assert!(j.links.is_empty());
}

#[test]
fn headers_match_whatever_their_case_spaces_and_synonyms() {
    let p = imported(
        " Touchpoint ,PHASE,Two Way,tailored,Personalized,RECALLS HISTORY,Sets-next-contact,Note,Links,Tag\n\
         A,early,yes,y,x,TRUE,1,remember,,a; b ;\n\
         B,Long Term,no,n,,false,0,,1,\n",
    );
    let (a, b) = (tp(&p, 0, 0), tp(&p, 0, 1));
    assert_eq!((a.title.as_str(), a.notes.as_str()), ("A", "remember"));
    assert!(a.two_way && a.tailored && a.personalised && a.recalls_history && a.sets_next_contact);
    assert_eq!(a.tags, ["a", "b"], "tags are trimmed and empty ones dropped");
    assert_eq!(b.phase, Phase::LongTerm);
    assert!(!b.two_way && !b.tailored && !b.personalised && !b.recalls_history && !b.sets_next_contact);
    assert_eq!(p.journeys[0].links, [Link { from: TouchpointId(2), to: TouchpointId(1) }]);
}

#[test]
fn phases_flags_providers_exchanges_and_channels_take_every_spelling_of_the_vocabulary() {
    let p = imported(
        "title,phase,provider,exchange,strength,channel,feeling,two_way\n\
         a,EarlyDays,person:Priya,org_gives,2,InPerson,−2,TRUE\n\
         b,early days,Person: Priya ,Org gives,,in person,+1,Y\n\
         c,1,TEAM:Billing,OrgTakes,3,SMS,2,X\n\
         d,FirstDisagreement,anyone,customer-gives,1,e-mail,0,1\n\
         e,first disagreement,Automated,CUSTOMER_TAKES,2,web,,no\n\
         f,2,,Neutral,,,,false\n\
         g,LongTerm,,,,,,N\n\
         h,long term,,,,,,0\n\
         i,long,,,,,,\n\
         j,3,,,,,,\n",
    );
    let j = &p.journeys[0];
    let phases: Vec<Phase> = j.touchpoints.iter().map(|t| t.phase).collect();
    use Phase::*;
    assert_eq!(
        phases,
        [
            EarlyDays,
            EarlyDays,
            EarlyDays,
            FirstDisagreement,
            FirstDisagreement,
            FirstDisagreement,
            LongTerm,
            LongTerm,
            LongTerm,
            LongTerm
        ]
    );
    let providers: Vec<Provider> = j.touchpoints.iter().take(6).map(|t| t.provider.clone()).collect();
    assert_eq!(
        providers,
        [
            Provider::Person("Priya".into()),
            Provider::Person("Priya".into()),
            Provider::Team("Billing".into()),
            Provider::Anyone,
            Provider::Automated,
            Provider::Anyone
        ]
    );
    let exchanges: Vec<Exchange> = j.touchpoints.iter().take(6).map(|t| t.exchange).collect();
    assert_eq!(
        exchanges,
        [
            Exchange::OrgGives(2),
            Exchange::OrgGives(1),
            Exchange::OrgTakes(3),
            Exchange::CustomerGives(1),
            Exchange::CustomerTakes(2),
            Exchange::Neutral
        ],
        "a kind without a strength has strength 1"
    );
    let channels: Vec<Channel> = j.touchpoints.iter().take(6).map(|t| t.channel).collect();
    assert_eq!(
        channels,
        [Channel::InPerson, Channel::InPerson, Channel::Sms, Channel::Email, Channel::Web, Channel::Other]
    );
    let feelings: Vec<Option<i8>> = j.touchpoints.iter().take(6).map(|t| t.feeling).collect();
    assert_eq!(feelings, [Some(-2), Some(1), Some(2), Some(0), None, None]);
    let two_way: Vec<bool> = j.touchpoints.iter().map(|t| t.two_way).collect();
    assert_eq!(two_way, [true, true, true, true, false, false, false, false, false, false]);
}

#[test]
fn the_separator_is_detected_among_commas_semicolons_and_tabs() {
    for (sep, text) in [
        (b',', "title,phase,notes\n\"Call; then write\",early,\"a\tb\"\n"),
        (b';', "title;phase;notes\n\"Call, then write\";early;\"a\tb\"\n"),
        (b'\t', "title\tphase\tnotes\n\"Call, then; write\"\tearly\ta;b\n"),
    ] {
        assert_eq!(table::detect_separator(text), sep, "{text}");
        let p = imported(text);
        assert_eq!(p.journeys[0].touchpoints.len(), 1, "{text}");
        assert!(tp(&p, 0, 0).title.starts_with("Call"), "{text}");
    }
    // A separator inside quotes in the header does not count.
    assert_eq!(table::detect_separator("\"title; name\",phase\n"), b',');
    assert_eq!(table::detect_separator("title\n"), b',');
}

#[test]
fn quoted_cells_keep_separators_doubled_quotes_and_line_breaks() {
    let p = imported(
        "title,phase,notes\n\
         \"Say \"\"hello\"\", then listen\",early,\"first line\nsecond line, with a comma\"\n\
         Next,early,\n",
    );
    assert_eq!(tp(&p, 0, 0).title, "Say \"hello\", then listen");
    assert_eq!(tp(&p, 0, 0).notes, "first line\nsecond line, with a comma");
    assert_eq!(tp(&p, 0, 1).title, "Next");
}

#[test]
fn a_bom_blank_lines_and_crlf_are_read_as_nothing() {
    let p = imported("\u{feff}\r\n\r\ntitle,phase\r\n\r\nA,early\r\n,,\r\n   \r\nB,long\r\n\r\n");
    let titles: Vec<&str> = p.journeys[0].touchpoints.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["A", "B"]);
    let e =
        table::import("\u{feff}\n\r\ntitle,phase\n\nA,early\n,,\n\nB,soon\n", "T").expect_err("bad phase");
    assert_eq!(e.line, 8, "lines count the blank ones: {e}");
    let e = table::import("title;phase\rA;early\r\rB;soon\r", "T").expect_err("bad phase");
    assert_eq!(e.line, 4, "a lone CR ends a line too: {e}");
    let bytes = "\u{feff}title,phase\nA,early\n".as_bytes();
    assert_eq!(table::import_bytes(bytes, "T").expect("reads").project.journeys[0].touchpoints[0].title, "A");
}

#[test]
fn journeys_come_in_order_of_first_appearance_and_lanes_in_order_of_first_use() {
    let p = imported(
        "journey,title,phase,lane\n\
         To-be,a,early,Digital\n\
         As-is,b,early,\n\
         To-be,c,early,People\n\
         As-is,d,long,Customer\n\
         To-be,e,long,\n\
         To-be,f,long,Digital\n\
         ,g,early,\n",
    );
    let names: Vec<&str> = p.journeys.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(names, ["To-be", "As-is", table::DEFAULT_JOURNEY]);
    assert_eq!(p.journeys[0].lanes, ["Digital", "People"]);
    assert_eq!(p.journeys[0].touchpoints[2].lane, "Digital", "an empty lane cell is the first lane");
    assert_eq!(p.journeys[1].lanes, ["Customer"]);
    assert_eq!(p.journeys[1].touchpoints[0].lane, "Customer");
    assert_eq!(p.journeys[2].lanes, ["Customer", "People", "Digital"], "no lane named: §3's lanes");
    // Ids count from 1 in each journey.
    assert_eq!(p.journeys[1].touchpoints.iter().map(|t| t.id.0).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn missing_ids_take_the_numbers_the_given_ones_leave_free() {
    let p = imported("id,title,phase,links_to\n,a,early,3\n3,b,early,\n,c,early,1;2\n1,d,early,\n");
    let ids: Vec<u32> = p.journeys[0].touchpoints.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, [2, 3, 4, 1]);
    assert_eq!(
        p.journeys[0].links,
        [
            Link { from: TouchpointId(2), to: TouchpointId(3) },
            Link { from: TouchpointId(4), to: TouchpointId(1) },
            Link { from: TouchpointId(4), to: TouchpointId(2) }
        ]
    );
}

#[test]
fn given_days_are_kept_and_missing_ones_follow_the_rule_of_the_workbench() {
    // After Early days at 10 and a First disagreement at 12, a new early card is never later
    // than the next card in time: the midpoint, 11.
    let p = imported("title,phase,day\na,early,10\nb,disagreement,12\nc,early,\nd,long,\ne,early,5\n");
    let days: Vec<u32> = p.journeys[0].touchpoints.iter().map(|t| t.day).collect();
    assert_eq!(days, [10, 12, 11, 150, 5]);
    // A long term after cards as late as day 400 starts a week after them.
    let p = imported("title,phase,day\na,early,400\nb,long,\n");
    assert_eq!(tp(&p, 0, 1).day, 407);
}

/// The day the workbench would give each card, added one after the other after the latest card
/// of its phase: `build::new_day` on the journey so far.
fn days_the_slow_way(rows: &[(Phase, Option<u32>)]) -> Vec<u32> {
    let mut j = Journey::new("J");
    for (i, (phase, day)) in rows.iter().enumerate() {
        let day = day.unwrap_or_else(|| {
            let last = j.timeline().into_iter().rev().map(|k| &j.touchpoints[k]).find(|t| t.phase == *phase);
            let placement = last.map_or(build::Placement::EmptyPhase, |t| build::Placement::After(t.id));
            build::new_day(&j, *phase, placement, &[])
        });
        j.touchpoints.push(Touchpoint::new(TouchpointId(i as u32 + 1), "t", *phase, day, "Customer"));
    }
    j.touchpoints.iter().map(|t| t.day).collect()
}

#[test]
fn a_bad_cell_names_its_line_and_column() {
    let mut rows = String::from("title,phase,day\n");
    for i in 2..14 {
        rows += &format!("Card {i},early,{i}\n");
    }
    rows += "Card 14,early,tomorrow\n";
    assert_eq!(error(&rows), "TABLE.csv:14: column \"day\": \"tomorrow\" is not a whole number ≥ 0");

    let cases: &[(&str, &str)] = &[
        (
            "title,Phase\na,soon\n",
            "TABLE.csv:2: column \"Phase\": \"soon\" is not a phase: write EarlyDays, early days, early or 1; FirstDisagreement, first disagreement, disagreement or 2; LongTerm, long term, long or 3",
        ),
        ("title,phase\na,\n", "TABLE.csv:2: column \"phase\": a touchpoint needs a phase: write EarlyDays"),
        (
            "title,phase,two way\na,early,maybe\n",
            "TABLE.csv:2: column \"two way\": \"maybe\" is not yes or no: write yes, true, y, 1 or x; no, false, n, 0 or an empty cell",
        ),
        (
            "title,phase,provider\na,early,Priya\n",
            "TABLE.csv:2: column \"provider\": \"Priya\" is not a provider: write person:NAME, team:NAME, anyone or automated",
        ),
        (
            "title,phase,provider\na,early,team:\n",
            "TABLE.csv:2: column \"provider\": \"team:\" names no one: write team:NAME",
        ),
        (
            "title,phase,exchange\na,early,gift\n",
            "TABLE.csv:2: column \"exchange\": \"gift\" is not an exchange: write org_gives, org_takes, customer_gives, customer_takes or neutral",
        ),
        (
            "title,phase,exchange,strength\na,early,org_gives,5\n",
            "TABLE.csv:2: column \"strength\": \"5\" is not a strength: write 1, 2 or 3",
        ),
        (
            "title,phase,exchange,strength\na,early,neutral,2\n",
            "TABLE.csv:2: column \"strength\": a neutral exchange has no strength, found \"2\"",
        ),
        (
            "title,phase,strength\na,early,2\n",
            "TABLE.csv:2: column \"strength\": a neutral exchange has no strength",
        ),
        (
            "title,phase,channel\na,early,fax\n",
            "TABLE.csv:2: column \"channel\": \"fax\" is not a channel: write InPerson, Phone, Video, Chat, Email, Letter, App, Web, Sms or Other",
        ),
        (
            "title,phase,feeling\na,early,3\n",
            "TABLE.csv:2: column \"feeling\": \"3\" is not a feeling: write a whole number from -2 to 2",
        ),
        ("title,phase,day\na,early,-4\n", "TABLE.csv:2: column \"day\": \"-4\" is not a whole number ≥ 0"),
        (
            "title,phase,day\na,early,99999999999\n",
            "TABLE.csv:2: column \"day\": \"99999999999\" is too large a day",
        ),
        ("title,phase,id\na,early,0\n", "TABLE.csv:2: column \"id\": \"0\" is not a touchpoint id"),
        (
            "title,phase,id\na,early,4\nb,early,5\nc,early,4\n",
            "TABLE.csv:4: column \"id\": id 4 is already used by the touchpoint on line 2 of journey “Imported”",
        ),
        (
            "title,phase,id,links_to\na,early,1,\nb,early,2,1;9\n",
            "TABLE.csv:3: column \"links_to\": touchpoint 9 is not in journey “Imported”",
        ),
        (
            "title,phase,id,links_to\na,early,1,1\n",
            "TABLE.csv:2: column \"links_to\": touchpoint 1 links to itself",
        ),
        (
            "title,phase,links_to\na,early,next\n",
            "TABLE.csv:2: column \"links_to\": \"next\" is not a touchpoint id",
        ),
        ("title,phase\na,early,surprise\n", "TABLE.csv:2: cell 3 is beyond the table's 2 columns"),
        (
            "title,phase,title\na,early,b\n",
            "TABLE.csv:1: column \"title\": the header names the title column twice (columns 1 and 3)",
        ),
        ("title,day\na,1\n", "TABLE.csv:1: the header has no \"phase\" column"),
        ("name,phase\na,early\n", "TABLE.csv:1: the header has no \"title\" column"),
        ("title,phase\n", "TABLE.csv:1: the table has a header but no touchpoints under it"),
        ("\n\n", "TABLE.csv: the table is empty"),
    ];
    for (text, expected) in cases {
        let got = error(text);
        assert!(got.starts_with(expected), "{text:?}\n  got:      {got}\n  expected: {expected}…");
    }
}

#[test]
fn a_row_after_a_cell_of_several_lines_is_named_by_its_own_first_line() {
    let text = "title,phase,notes\r\na,early,\"one\r\ntwo\r\nthree\"\r\n\r\nb,nowhen,\r\n";
    assert_eq!(
        error(text),
        "TABLE.csv:6: column \"phase\": \"nowhen\" is not a phase: write EarlyDays, early days, early or 1; FirstDisagreement, first disagreement, disagreement or 2; LongTerm, long term, long or 3"
    );
}

#[test]
fn a_table_that_is_not_utf8_says_what_to_do() {
    let mut latin1 = b"title,phase\nCaf".to_vec();
    latin1.extend([0xE9, b',', b'e', b'a', b'r', b'l', b'y', b'\n']);
    let e = table::import_bytes(&latin1, "T").expect_err("not UTF-8");
    assert_eq!(e.line, 2);
    assert!(e.to_string().contains("save it as \"CSV UTF-8\""), "{e}");
    let utf16 = [0xFF, 0xFE, b't', 0, b'i', 0];
    let e = table::import_bytes(&utf16, "T").expect_err("UTF-16");
    assert!(e.in_file("T.csv").starts_with("T.csv: the table is UTF-16 text"), "{e}");
}

#[test]
fn an_imported_project_is_one_rapport_opens() {
    let p = imported(
        "journey,id,title,phase,day,lane,provider,exchange,strength,links_to\n\
         As-is,1,Welcome,early,0,People,person:Priya,org_gives,2,2\n\
         As-is,2,Bill,early,30,Digital,automated,org_takes,3,\n\
         To-be,1,Welcome,early,0,People,person:Priya,org_gives,2,\n",
    );
    let text = write_project(&p);
    assert_eq!(read_project(&text).expect("reads"), p);
}

#[test]
fn file_import_adds_the_tables_journeys_with_unique_names_as_one_step() {
    let mut project = read_project(rapport::samples::BRIGHTWATT.text).expect("sample");
    let before = project.clone();
    let largest = project.next_touchpoint_id().0;
    let text = "journey,id,title,phase\nAs-is,,New card,early\nAs-is,3,Kept id,early\nWorkshop,,Idea,long\n";
    let addition = table::import_into(&project, text).expect("reads");
    assert_eq!(addition.journeys, ["As-is 2", "Workshop"]);
    assert_eq!(addition.touchpoints, 3);
    apply(&mut project, &addition.edit).expect("applies");
    assert_eq!(project.journeys.len(), before.journeys.len() + 2);
    let added = &project.journeys[before.journeys.len()];
    assert_eq!(added.name, "As-is 2");
    assert_eq!(added.touchpoints[0].id.0, largest, "a new id of the project");
    assert_eq!(added.touchpoints[1].id.0, 3, "an id the table gives is kept");
    assert_eq!(project.journeys[before.journeys.len() + 1].touchpoints[0].id.0, largest + 1);
    assert!(read_project(&write_project(&project)).is_ok());
    apply(&mut project, &addition.edit.inverse()).expect("undoes");
    assert_eq!(project, before, "one undo step takes it all back");
}

#[test]
fn cells_a_spreadsheet_would_run_as_formulas_get_a_leading_quote_and_read_back_without_it() {
    let mut j = Journey::new("=Journey");
    let mut tp =
        Touchpoint::new(TouchpointId(1), "=HYPERLINK(\"http://x\",\"click\")", Phase::EarlyDays, 0, "+Lane");
    tp.provider = Provider::Person("@Priya".into());
    tp.tags = vec!["-urgent".into(), "+plus".into()];
    tp.feeling = Some(-2);
    tp.notes = "\tindented".into();
    let mut second = Touchpoint::new(TouchpointId(2), "-", Phase::EarlyDays, 5, "+Lane");
    second.notes = "\rreturn".into();
    second.feeling = Some(-1);
    let third = Touchpoint::new(TouchpointId(3), "'=already quoted", Phase::EarlyDays, 9, "+Lane");
    let fourth = Touchpoint::new(TouchpointId(4), "'plain quote", Phase::EarlyDays, 12, "+Lane");
    let fifth = Touchpoint::new(TouchpointId(5), "-2", Phase::EarlyDays, 14, "+Lane");
    j.lanes = vec!["+Lane".into()];
    j.touchpoints = vec![tp, second, third, fourth, fifth];
    let csv = table::export([&j]);
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows[1],
        "'=Journey,1,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",EarlyDays,0,'+Lane,Other,person:@Priya,neutral,,no,no,no,no,no,'-urgent;+plus,-2,'\tindented,",
        "a feeling of -2 is a number, not a formula"
    );
    assert!(rows[2].starts_with("'=Journey,2,'-,EarlyDays,5,'+Lane,"), "{}", rows[2]);
    assert!(rows[2].ends_with(",-1,\"'\rreturn\","), "{}", rows[2]);
    assert!(rows[3].starts_with("'=Journey,3,''=already quoted,"), "one more quote: {}", rows[3]);
    assert!(rows[4].starts_with("'=Journey,4,'plain quote,"), "no formula after the quote: {}", rows[4]);
    assert!(rows[5].starts_with("'=Journey,5,-2,"), "a whole number: {}", rows[5]);
    let back = imported(&csv);
    assert_eq!(back.journeys[0].name, "=Journey");
    assert_eq!(in_time(&back.journeys[0]), in_time(&j), "the round trip is exact");
    assert_eq!(table::export(&back.journeys), csv);

    // The copied rows carry the quote too, and paste back without it.
    let project = Project { format: 1, name: "P".into(), journeys: vec![j.clone()], conflicts: Vec::new() };
    let copied = table::copy_rows(&j, &j.touchpoints.iter().map(|t| t.id).collect());
    assert!(copied.contains("\t'+Lane\t"), "{copied}");
    let pasted = table::paste_rows(&project, 0, &copied, 0, Phase::LongTerm).expect("pastes");
    let mut p = project.clone();
    apply(&mut p, &pasted.edit).expect("applies");
    let titles: Vec<&str> =
        pasted.ids.iter().map(|id| p.journeys[0].touchpoint(*id).expect("pasted").title.as_str()).collect();
    let originals: Vec<&str> = j.touchpoints.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, originals);
    let notes: Vec<&str> =
        pasted.ids.iter().map(|id| p.journeys[0].touchpoint(*id).expect("pasted").notes.as_str()).collect();
    assert_eq!(notes[..2], ["\tindented", "\rreturn"]);
}

#[test]
fn a_quote_a_spreadsheet_kept_before_a_formula_or_number_is_taken_away() {
    let p = imported("title,phase,feeling,notes\n'=SUM(A1),early,'-2,'+1 call\n'@home,long,,'hello\n");
    let j = &p.journeys[0];
    assert_eq!((j.touchpoints[0].title.as_str(), j.touchpoints[0].feeling), ("=SUM(A1)", Some(-2)));
    assert_eq!(j.touchpoints[0].notes, "+1 call");
    assert_eq!(j.touchpoints[1].title, "@home");
    assert_eq!(
        error("title,phase,feeling\nA,early,'2\n"),
        "TABLE.csv:2: column \"feeling\": \"'2\" is not a feeling: write a whole number from -2 to 2, or leave the cell empty",
        "only a quote before a formula's first character is Rapport's"
    );
    assert_eq!(j.touchpoints[1].notes, "'hello");
}

fn one_journey_project() -> Project {
    let mut j = Journey::new("As-is");
    j.touchpoints = vec![
        Touchpoint::new(TouchpointId(1), "Sign-up", Phase::EarlyDays, 0, "Digital"),
        Touchpoint::new(TouchpointId(2), "Welcome call", Phase::EarlyDays, 10, "People"),
        Touchpoint::new(TouchpointId(3), "First bill", Phase::EarlyDays, 14, "Digital"),
        Touchpoint::new(TouchpointId(9), "Dispute", Phase::FirstDisagreement, 70, "People"),
    ];
    Project { format: 1, name: "P".into(), journeys: vec![j], conflicts: Vec::new() }
}

#[test]
fn copied_cards_are_tab_separated_rows_with_the_header_in_timeline_order() {
    let mut project = one_journey_project();
    project.journeys[0].touchpoints[2].title = "Bill\twith a tab".into();
    let j = &project.journeys[0];
    let text = table::copy_rows(j, &BTreeSet::from([TouchpointId(3), TouchpointId(1)]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], HEADER.replace(',', "\t"));
    assert_eq!(
        lines[1],
        "As-is\t1\tSign-up\tEarlyDays\t0\tDigital\tOther\tanyone\tneutral\t\tno\tno\tno\tno\tno\t\t\t\t"
    );
    assert!(lines[2].starts_with("As-is\t3\t\"Bill\twith a tab\"\tEarlyDays\t14\t"), "{}", lines[2]);
    assert_eq!(lines.len(), 3);
    assert_eq!(table::copy_rows(j, &BTreeSet::new()).lines().count(), 1, "nothing chosen: the header");
}

#[test]
fn pasted_rows_become_cards_of_the_cell_after_its_last_card_as_one_step() {
    let mut project = one_journey_project();
    let before = project.clone();
    let text = "Title\tProvider\tExchange\tStrength\tOwner\nCall back\tperson:Priya\torg_gives\t2\tSam\nThank-you note\t\t\t\tAnn\n";
    // The Digital lane of the early days: its last card is "First bill", day 14.
    let pasted = table::paste_rows(&project, 0, text, 2, Phase::EarlyDays).expect("pastes");
    assert_eq!(pasted.ids, [TouchpointId(10), TouchpointId(11)], "new ids of the project");
    assert_eq!(pasted.warnings, ["ignored the column \"Owner\", which Rapport does not know"]);
    apply(&mut project, &pasted.edit).expect("applies");
    let j = &project.journeys[0];
    let titles: Vec<&str> = j.touchpoints.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Sign-up", "Welcome call", "First bill", "Call back", "Thank-you note", "Dispute"]);
    let call = &j.touchpoints[3];
    assert_eq!((call.lane.as_str(), call.phase, call.day), ("Digital", Phase::EarlyDays, 21));
    assert_eq!(
        (call.provider.clone(), call.exchange),
        (Provider::Person("Priya".into()), Exchange::OrgGives(2))
    );
    assert_eq!(j.touchpoints[4].day, 28);
    apply(&mut project, &pasted.edit.inverse()).expect("undoes");
    assert_eq!(project, before);
}

#[test]
fn pasting_into_an_empty_cell_follows_the_phase_or_starts_it() {
    let project = one_journey_project();
    // The Customer lane of the early days is empty: after the phase's last card (day 14).
    let pasted = table::paste_rows(&project, 0, "title\nA\nB\n", 0, Phase::EarlyDays).expect("pastes");
    let Edit::Batch(edits) = &pasted.edit else { panic!("a batch") };
    let days: Vec<(usize, u32)> = edits
        .iter()
        .map(|e| match e {
            Edit::AddTouchpoint { index, touchpoint, .. } => (*index, touchpoint.day),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(days, [(3, 21), (4, 28)], "right after the phase's last card in file order");
    // The long term is empty: it starts at 150, after the latest earlier card (70) + 7 if later.
    let pasted = table::paste_rows(&project, 0, "x\ty\nRenewal\tz\n", 1, Phase::LongTerm).expect("pastes");
    let mut p = project.clone();
    apply(&mut p, &pasted.edit).expect("applies");
    let added: Vec<(String, u32, String)> =
        p.journeys[0].touchpoints[4..].iter().map(|t| (t.title.clone(), t.day, t.lane.clone())).collect();
    assert_eq!(
        added,
        [("x".to_owned(), 150, "People".to_owned()), ("Renewal".to_owned(), 180, "People".to_owned())],
        "rows without a header: the first column is the title"
    );
    assert_eq!(
        pasted.warnings,
        ["the rows have no header, so the first column became the titles and the other was ignored"]
    );
}

#[test]
fn copied_cards_paste_back_as_the_same_cards_in_another_cell() {
    let project = read_project(rapport::samples::BRIGHTWATT.text).expect("sample");
    let j = &project.journeys[0];
    let chosen: BTreeSet<TouchpointId> = j.touchpoints.iter().take(4).map(|t| t.id).collect();
    let copied = table::copy_rows(j, &chosen);
    let originals: Vec<Touchpoint> = in_time(j).into_iter().filter(|t| chosen.contains(&t.id)).collect();
    for text in [copied.clone(), copied.lines().skip(1).map(|l| format!("{l}\n")).collect::<String>()] {
        let pasted = table::paste_rows(&project, 1, &text, 1, Phase::LongTerm).expect("pastes");
        assert!(pasted.warnings.is_empty(), "{:?}", pasted.warnings);
        let mut p = project.clone();
        apply(&mut p, &pasted.edit).expect("applies");
        for (original, id) in originals.iter().zip(&pasted.ids) {
            let new = p.journeys[1].touchpoint(*id).expect("pasted");
            let mut expected = original.clone();
            expected.id = *id;
            expected.phase = Phase::LongTerm;
            expected.lane = p.journeys[1].lanes[1].clone();
            expected.day = new.day;
            assert_eq!(new, &expected);
        }
    }
}

/// The titles of the cards a paste adds, in order, and their lane and phase.
fn pasted_titles(text: &str, lane: usize, phase: Phase) -> Vec<(String, String, Phase)> {
    let project = one_journey_project();
    let pasted = table::paste_rows(&project, 0, text, lane, phase).expect("pastes");
    assert!(pasted.warnings.is_empty(), "{:?}", pasted.warnings);
    let mut p = project.clone();
    apply(&mut p, &pasted.edit).expect("applies");
    pasted
        .ids
        .iter()
        .map(|id| {
            let t = p.journeys[0].touchpoint(*id).expect("pasted");
            (t.title.clone(), t.lane.clone(), t.phase)
        })
        .collect()
}

#[test]
fn a_list_of_titles_one_a_line_becomes_cards_of_the_cell_in_order() {
    let sticky = "Sign-up call\r\nWelcome pack\r\n\r\n  Meter reading  \r\n";
    let cards = pasted_titles(sticky, 1, Phase::LongTerm);
    let card = |t: &str| (t.to_owned(), "People".to_owned(), Phase::LongTerm);
    assert_eq!(cards, [card("Sign-up call"), card("Welcome pack"), card("Meter reading")]);
    // From a document: bullets and list numbers are not part of the titles.
    let document =
        "• Sign-up call\n- Welcome pack\n* Meter reading\n1. First bill\n12) Renewal\n-2 degrees outside\n";
    let titles: Vec<String> = pasted_titles(document, 0, Phase::EarlyDays).into_iter().map(|c| c.0).collect();
    assert_eq!(
        titles,
        ["Sign-up call", "Welcome pack", "Meter reading", "First bill", "Renewal", "-2 degrees outside"]
    );
}

#[test]
fn semicolon_separated_titles_become_cards_and_a_semicolon_table_with_a_header_is_read_as_a_table() {
    let titles: Vec<String> =
        pasted_titles("Sign-up call; Welcome pack;Meter reading;\nFirst bill", 0, Phase::EarlyDays)
            .into_iter()
            .map(|c| c.0)
            .collect();
    assert_eq!(titles, ["Sign-up call", "Welcome pack", "Meter reading", "First bill"]);

    let project = one_journey_project();
    let text = "Title;Provider;Feeling\nCall back;person:Priya;-1\nThank-you note;;2\n";
    let pasted = table::paste_rows(&project, 0, text, 2, Phase::EarlyDays).expect("pastes");
    let mut p = project.clone();
    apply(&mut p, &pasted.edit).expect("applies");
    let call = p.journeys[0].touchpoint(pasted.ids[0]).expect("pasted");
    assert_eq!(
        (call.title.as_str(), call.provider.clone(), call.feeling),
        ("Call back", Provider::Person("Priya".into()), Some(-1))
    );
    assert_eq!(pasted.ids.len(), 2);
    let comma =
        table::paste_rows(&project, 0, "title,feeling\nA,1\nB,-2\n", 2, Phase::EarlyDays).expect("pastes");
    assert_eq!(comma.ids.len(), 2, "a comma-separated table with a header, too");
}

#[test]
fn pasted_text_that_is_not_a_table_pastes_nothing_and_says_why() {
    let project = one_journey_project();
    let paste = |text: &str| table::paste_rows(&project, 0, text, 0, Phase::EarlyDays).map(|p| p.ids);
    let one_line = "pasted text is one line, not a table or a list of titles: paste rows from a spreadsheet, one title a line, or titles separated by ;";
    assert_eq!(paste("Just a sentence, with a comma").expect_err("refused").to_string(), one_line);
    assert_eq!(paste("\n  • \nonly one\n").expect_err("refused").to_string(), one_line);
    let paragraph = format!("A short title\n{}\n", "word ".repeat(50));
    assert_eq!(
        paste(&paragraph).expect_err("refused").to_string(),
        "line 2: 249 characters is a paragraph rather than a title: paste one title a line, or titles separated by ; (at most 200 characters each)"
    );
    assert_eq!(paste("  \n").expect_err("refused").to_string(), "there is nothing to paste");
    assert_eq!(
        paste("title\tfeeling\nA\t1\nB\tgreat\n").expect_err("refused").to_string(),
        "line 3: column \"feeling\": \"great\" is not a feeling: write a whole number from -2 to 2, or leave the cell empty"
    );
    assert!(
        paste("phase\tnotes\nearly\tx\n").expect_err("refused").to_string().contains("no \"title\" column")
    );
    assert_eq!(
        paste("title\n\n").expect_err("refused").to_string(),
        "line 1: the pasted text has a header but no rows under it"
    );
    assert!(table::paste_rows(&project, 5, "a\tb", 0, Phase::EarlyDays).is_err());
    assert!(table::paste_rows(&project, 0, "a\tb", 7, Phase::EarlyDays).is_err());
}

#[test]
fn the_vocabulary_has_one_meaning_per_spelling_and_writes_what_it_reads() {
    use table::{Meaning, Vocabulary, WORDS, meaning, spelling};
    for (word, m) in WORDS {
        assert_eq!(meaning(m.vocabulary(), word), Some(*m), "{word}");
        assert_eq!(meaning(m.vocabulary(), &word.to_uppercase()), Some(*m), "{word}");
    }
    for p in Phase::ALL {
        assert_eq!(spelling(Meaning::Phase(p)), p.file_name());
    }
    for c in Channel::ALL {
        assert_eq!(spelling(Meaning::Channel(c)), c.file_name());
        assert_eq!(meaning(Vocabulary::Channel, c.label()), Some(Meaning::Channel(c)), "the label reads too");
    }
    assert_eq!(spelling(Meaning::Flag(true)), "yes");
    assert_eq!(spelling(Meaning::Flag(false)), "no");
    for column in Column::ALL {
        assert_eq!(table::column_named(column.name()), Some(column));
    }
}

/// A generated project as a table can carry it: tags without `;` or surrounding spaces (a tag
/// with `;` reads back as two), journey names without surrounding spaces.
fn tableable(mut p: Project) -> Project {
    for j in &mut p.journeys {
        j.name = j.name.trim().to_owned();
        for t in &mut j.touchpoints {
            t.tags = t
                .tags
                .iter()
                .map(|tag| tag.replace(';', ",").trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect();
        }
    }
    p
}

fn phase() -> impl Strategy<Value = Phase> {
    prop::sample::select(Phase::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_project_survives_export_then_import(p in common::project()) {
        let p = tableable(p);
        prop_assume!(p.journeys.iter().any(|j| !j.touchpoints.is_empty()));
        assert_round_trip(&p)?;
    }

    #[test]
    fn days_left_out_are_the_days_the_workbench_would_give(
        rows in prop::collection::vec((phase(), prop::option::of(0..400u32)), 1..30)
    ) {
        let mut text = String::from("title,phase,day\n");
        for (phase, day) in &rows {
            text += &format!("t,{},{}\n", phase.file_name(), day.map(|d| d.to_string()).unwrap_or_default());
        }
        let p = imported(&text);
        let days: Vec<u32> = p.journeys[0].touchpoints.iter().map(|t| t.day).collect();
        prop_assert_eq!(days, days_the_slow_way(&rows));
    }

    #[test]
    fn pasted_days_are_the_days_the_workbench_would_give_one_card_after_another(
        p in common::journey(), lane in 0..3usize, phase in phase(), n in 1..6usize
    ) {
        let project = Project { format: 1, name: "P".into(), journeys: vec![p], conflicts: Vec::new() };
        let lane = lane % project.journeys[0].lanes.len();
        let text = format!("title\n{}", (0..n).map(|i| format!("card {i}\n")).collect::<String>());
        let pasted = table::paste_rows(&project, 0, &text, lane, phase).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // The workbench's way: add each card after the cell's last card in time (or the phase's).
        let mut slow = project.clone();
        let lane_name = slow.journeys[0].lanes[lane].clone();
        for k in 0..n {
            let j = &slow.journeys[0];
            let timeline: Vec<&Touchpoint> = j.timeline().into_iter().map(|i| &j.touchpoints[i]).collect();
            let last = timeline.iter().rev().find(|t| t.phase == phase && t.lane == lane_name)
                .or_else(|| timeline.iter().rev().find(|t| t.phase == phase));
            let placement = last.map_or(build::Placement::EmptyPhase, |t| build::Placement::After(t.id));
            let new = build::NewTouchpoint { title: format!("card {k}"), lane, phase, placement };
            let (edit, _) = build::add_touchpoint(&slow, 0, &new).expect("adds");
            apply(&mut slow, &edit).expect("applies");
        }
        let mut fast = project.clone();
        apply(&mut fast, &pasted.edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(fast, slow);
    }

    #[test]
    fn cells_that_begin_like_formulas_survive_export_then_import_and_copy_then_paste(
        cells in prop::collection::vec("['=+@\t\r -]{0,3}[a-z0-9'=-]{0,4}", 3)
    ) {
        let mut j = Journey::new("J");
        let mut tp = Touchpoint::new(TouchpointId(1), cells[0].clone(), Phase::EarlyDays, 0, "Lane");
        tp.notes = cells[1].clone();
        let tag = cells[2].trim().replace(';', "");
        tp.tags = if tag.is_empty() { vec![] } else { vec![tag] };
        j.lanes = vec!["Lane".into()];
        j.touchpoints = vec![tp];
        let project = Project { format: 1, name: "P".into(), journeys: vec![j.clone()], conflicts: Vec::new() };
        assert_round_trip(&project)?;
        let copied = table::copy_rows(&j, &BTreeSet::from([TouchpointId(1)]));
        let pasted = table::paste_rows(&project, 0, &copied, 0, Phase::EarlyDays)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{copied:?}")))?;
        let mut p = project.clone();
        apply(&mut p, &pasted.edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let new = p.journeys[0].touchpoint(pasted.ids[0]).ok_or_else(|| TestCaseError::fail("pasted"))?;
        prop_assert_eq!((&new.title, &new.notes, &new.tags), (&j.touchpoints[0].title, &j.touchpoints[0].notes, &j.touchpoints[0].tags));
    }

    #[test]
    fn any_text_imports_or_says_why_and_what_imports_rapport_opens(text in "[a-z0-9,;\t\"\n −:_]{0,200}") {
        let text = format!("title,phase,day,id,links_to,feeling,provider\n{text}");
        match table::import(&text, "T") {
            Ok(i) => {
                let reread = read_project(&write_project(&i.project)).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(reread, i.project);
            }
            Err(e) => prop_assert!(e.line >= 1 || e.message.contains("table"), "{e}"),
        }
    }
}

#[test]
fn a_table_error_reads_well_with_and_without_a_file() {
    let e = TableError {
        line: 14,
        column: Some("day".into()),
        message: "\"tomorrow\" is not a whole number ≥ 0".into(),
    };
    assert_eq!(
        e.in_file("TABLE.csv"),
        "TABLE.csv:14: column \"day\": \"tomorrow\" is not a whole number ≥ 0"
    );
    assert_eq!(e.to_string(), "line 14: column \"day\": \"tomorrow\" is not a whole number ≥ 0");
}

/// A touchpoint with every field away from §3's default (and from the first lane), so that a
/// field the file, the table or the field table forgot shows up as a difference.
fn every_field_set() -> Touchpoint {
    let mut tp = Touchpoint::new(TouchpointId(7), "'=Renewal; \"call\"", Phase::LongTerm, 400, "People");
    tp.channel = Channel::Phone;
    tp.provider = Provider::Team("Care, north".into());
    tp.exchange = Exchange::CustomerGives(3);
    tp.two_way = true;
    tp.tailored = true;
    tp.personalised = true;
    tp.recalls_history = true;
    tp.sets_next_contact = true;
    tp.tags = vec!["renewal".into(), "früh".into()];
    tp.feeling = Some(-2);
    tp.notes = "line one\nline two, with a comma".into();
    tp
}

#[test]
fn every_field_of_a_touchpoint_survives_the_file_and_the_table() {
    use rapport::model::Field;
    let mut j = Journey::new("As-is");
    let first_lane = j.lanes[0].clone();
    let plain = Touchpoint::new(TouchpointId(1), "Plain", Phase::EarlyDays, 0, first_lane.as_str());
    let full = every_field_set();
    for field in Field::ALL {
        assert!(!field.is_default(&full, &first_lane), "{} is set away from its default", field.as_str());
        assert_ne!(field.get(&plain), field.get(&full), "{} differs from the plain card", field.as_str());
    }
    j.touchpoints = vec![plain, full.clone()];
    let project = Project { format: 1, name: "P".into(), journeys: vec![j], conflicts: Vec::new() };

    let from_file = read_project(&write_project(&project)).expect("reads back");
    let from_table = imported(&table::export(&project.journeys));
    for (how, back) in [("the file", &from_file), ("the table", &from_table)] {
        let read =
            back.journeys[0].touchpoints.iter().find(|t| t.title == full.title).expect("the card is back");
        for field in Field::ALL {
            assert_eq!(field.get(read), field.get(&full), "{} through {how}", field.as_str());
        }
        assert_eq!(read, &full, "through {how}");
    }

    // Each field on its own is written: a card that differs from the plain one in one field
    // only is written differently, to the file and to the table.
    for field in Field::ALL {
        let mut one = Touchpoint::new(TouchpointId(1), "Plain", Phase::EarlyDays, 0, first_lane.as_str());
        let before_file = write_project(&Project { journeys: vec![journey_of(&one)], ..project.clone() });
        let before_table = table::export(&[journey_of(&one)]);
        field.set(&mut one, field.get(&full)).expect("the same kind");
        let after_file = write_project(&Project { journeys: vec![journey_of(&one)], ..project.clone() });
        assert_ne!(before_file, after_file, "the file writes {}", field.as_str());
        assert_ne!(before_table, table::export(&[journey_of(&one)]), "the table writes {}", field.as_str());
    }
}

fn journey_of(tp: &Touchpoint) -> Journey {
    Journey { touchpoints: vec![tp.clone()], ..Journey::new("As-is") }
}
