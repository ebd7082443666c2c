//! The review picture (DESIGN.md §13): one page with both diagrams, the changes marked on the
//! cards, the score and sub-score deltas, the classifications and the findings grouped; from the
//! library and from `rapport compare -o`.

use std::path::Path;
use std::process::{Command, Output};

use rapport::compare::{self, Change};
use rapport::export::{self, ExportOptions};
use rapport::layout::LayoutOptions;
use rapport::layout::marks::{Anchor, Mark};
use rapport::layout::review_page::{self, MAX_LISTED};
use rapport::model::{Journey, Phase, Project, Provider, Touchpoint, TouchpointId};
use rapport::{samples, score, store, text};

fn projects() -> Vec<Project> {
    samples::ALL.iter().map(|s| store::read_project(s.text).expect("sample reads")).collect()
}

/// Each sample's first journey against its second.
fn pairs() -> Vec<(String, Journey, Journey)> {
    projects().into_iter().map(|p| (p.name.clone(), p.journeys[0].clone(), p.journeys[1].clone())).collect()
}

fn options(scale: f32) -> ExportOptions {
    ExportOptions { scale, ..ExportOptions::default() }
}

fn texts_under(node: roxmltree::Node<'_, '_>) -> Vec<String> {
    node.descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

fn by_id<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap_or_else(|| panic!("no #{id}"))
}

fn with_class<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    class: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    node.descendants().filter(move |n| n.attribute("class").is_some_and(|c| c.split(' ').any(|w| w == class)))
}

/// The pairs of a comparison's sides and a changed card: the later journey with one card gone,
/// one new and one changed in provider and two-way.
fn edited_mobile() -> (Journey, Journey) {
    let p = store::read_project(samples::MOBILE_NETWORK.text).expect("sample reads");
    let from = p.journeys[0].clone();
    let mut to = from.clone();
    to.name = "Redesign".into();
    to.touchpoints.remove(1);
    to.touchpoints[2].provider = Provider::Person("Ana".into());
    to.touchpoints[2].two_way = !to.touchpoints[2].two_way;
    let mut new = Touchpoint::new(TouchpointId(900), "Check-in call", Phase::LongTerm, 400, "");
    new.provider = Provider::Person("Ana".into());
    to.touchpoints.push(new);
    (from, to)
}

#[test]
fn the_review_svg_names_both_journeys_and_every_card_of_each() {
    for (project, from, to) in pairs() {
        let svg = export::review_svg(&project, &from, &to, &options(2.0));
        let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
        let all = texts_under(doc.root());
        let has = |s: &str| all.iter().any(|t| t == s);
        assert!(has(&project), "{project}: no project name");
        let title = texts_under(by_id(&doc, "title"));
        assert_eq!(
            title[1..],
            [from.name.clone(), "→".into(), to.name.clone(), title[4].clone()],
            "{project}"
        );
        for (side, journey) in [("from", &from), ("to", &to)] {
            let g = by_id(&doc, side);
            assert_eq!(g.attribute("data-name"), Some(journey.name.as_str()));
            let inside = texts_under(g);
            assert!(inside.contains(&journey.name), "{project}: the {side} band names {}", journey.name);
            for tp in &journey.touchpoints {
                assert!(inside.contains(&tp.title), "{project}: no “{}” in the {side} diagram", tp.title);
            }
            for phase in Phase::ALL {
                assert!(inside.iter().any(|t| t == phase.label()), "{project}: no {phase:?} header");
            }
        }
    }
}

fn assert_delta(doc: &roxmltree::Document<'_>, block: &str, name: &str, change: Change, decimals: usize) {
    let g = with_class(by_id(doc, block), "delta")
        .find(|n| n.attribute("data-name") == Some(name))
        .unwrap_or_else(|| panic!("no delta {name}"));
    let [from, to, delta] = change.shown(decimals);
    assert_eq!(g.attribute("data-from"), Some(from.as_str()), "{name}");
    assert_eq!(g.attribute("data-to"), Some(to.as_str()), "{name}");
    assert_eq!(g.attribute("data-delta"), Some(delta.as_str()), "{name}");
    let shown = texts_under(g);
    for s in [&from, &to, &delta] {
        assert!(shown.contains(s), "{name}: “{s}” is not drawn: {shown:?}");
    }
    // Never colour alone: a change is signed, with a real minus sign.
    assert!(!delta.starts_with('-'), "{name}: a hyphen for a minus");
    if change.direction(decimals).is_ne() {
        assert!(delta.starts_with('+') || delta.starts_with('\u{2212}'), "{name}: {delta}");
        assert!(g.descendants().any(|n| n.has_tag_name("polygon")), "{name}: an arrow shows the direction");
    }
}

#[test]
fn the_deltas_are_the_comparisons_numbers_rounded_as_the_table_rounds_them() {
    for (project, from, to) in pairs() {
        let c = compare::compare(&from, &to);
        let svg = export::review_svg(&project, &from, &to, &options(2.0));
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        assert_delta(&doc, "mutuality", "mutuality", c.mutuality.score, 0);
        assert_delta(&doc, "continuity", "continuity", c.continuity.score, 0);
        for (sub, change) in c.mutuality.parts() {
            assert_delta(&doc, "mutuality", sub.label(), change, 2);
        }
        for (sub, change) in c.continuity.parts() {
            assert_delta(&doc, "continuity", sub.label(), change, 2);
        }
        let class = texts_under(by_id(&doc, "classification"));
        let (a, b) = (score::analyse(&from), score::analyse(&to));
        for rule in [&a.verdict.rule, &b.verdict.rule] {
            let first_word = rule.split(' ').next().expect("a word");
            assert!(class.iter().any(|t| t.starts_with(first_word)), "{project}: the rule {rule}");
        }
        let verdict: Vec<String> = if c.classification.changed() {
            vec![c.classification.from.label().into(), "→".into(), c.classification.to.label().into()]
        } else {
            vec![format!("{}, unchanged", c.classification.to.label())]
        };
        assert_eq!(class[1..=verdict.len()], verdict[..], "{project}: {class:?}");
    }
}

#[test]
fn the_findings_are_grouped_with_their_counts_and_messages() {
    for (project, from, to) in pairs() {
        let c = compare::compare(&from, &to);
        let svg = export::review_svg(&project, &from, &to, &options(2.0));
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        for (group, label, list) in [
            ("resolved", "Resolved", &c.findings.resolved),
            ("introduced", "Introduced", &c.findings.introduced),
            ("persisting", "Persisting", &c.findings.persisting),
        ] {
            let g = by_id(&doc, group);
            assert_eq!(g.attribute("data-count"), Some(list.len().to_string().as_str()), "{project} {group}");
            let shown = texts_under(g);
            assert!(shown.contains(&format!("{label} · {}", list.len())), "{project}: {shown:?}");
            let rows: Vec<_> = with_class(g, "finding").collect();
            assert_eq!(rows.len(), list.len().min(MAX_LISTED), "{project} {group}");
            for (row, finding) in rows.iter().zip(list.iter()) {
                assert_eq!(row.attribute("data-code"), Some(finding.code.as_str()));
                // The message's lines, without the "!" of the warning triangle.
                let lines: Vec<String> = texts_under(*row).into_iter().filter(|t| t != "!").collect();
                let words = lines.join(" ");
                let words = words.trim_end_matches('…');
                assert!(
                    !words.is_empty() && finding.message.starts_with(words),
                    "{project}: “{words}” is not the start of “{}”",
                    finding.message
                );
            }
            if list.len() > MAX_LISTED {
                assert!(shown.contains(&format!("+{} more", list.len() - MAX_LISTED)), "{shown:?}");
            }
        }
    }
}

#[test]
fn a_long_list_of_findings_is_capped_with_a_count_of_the_rest() {
    let (from, mut to) = edited_mobile();
    // Every touchpoint one year after the last: a long silence before each.
    let mut day = 0;
    for tp in &mut to.touchpoints {
        day += 200;
        tp.day = day;
    }
    let c = compare::compare(&from, &to);
    let n = c.findings.introduced.len();
    assert!(n > MAX_LISTED, "the example introduces many findings: {n}");
    let svg = export::review_svg("", &from, &to, &options(1.0));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let shown = texts_under(by_id(&doc, "introduced"));
    assert!(shown.contains(&format!("+{} more", n - MAX_LISTED)), "{shown:?}");
}

#[test]
fn change_pills_mark_exactly_the_new_changed_and_removed_cards() {
    let (from, to) = edited_mobile();
    let changes = compare::TouchpointChanges::between(&from, &to);
    assert!(!changes.added.is_empty() && !changes.removed.is_empty() && !changes.changed.is_empty());
    let svg = export::review_svg("Lumen Mobile", &from, &to, &options(2.0));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let marked = |side: &str| {
        let mut v: Vec<(u32, String, String, String)> = with_class(by_id(&doc, side), "change")
            .map(|g| {
                let id = g.attribute("data-id").and_then(|s| s.parse().ok()).expect("an id");
                let kind = g.attribute("data-change").expect("a kind").to_owned();
                let fields = g.attribute("data-fields").unwrap_or_default().to_owned();
                (id, kind, fields, texts_under(g).join(""))
            })
            .collect();
        v.sort();
        v
    };
    let mut expected_to: Vec<(u32, String, String, String)> =
        changes.added.iter().map(|id| (id.0, "added".into(), String::new(), "New".into())).collect();
    for c in &changes.changed {
        let fields: Vec<&str> = c.fields.iter().map(|f| f.as_str()).collect();
        let words: Vec<&str> = c.fields.iter().map(|f| rapport::layout::review::field_words(*f)).collect();
        expected_to.push((
            c.id.0,
            "changed".into(),
            fields.join(" "),
            format!("Changed: {}", words.join(", ")),
        ));
    }
    expected_to.sort();
    assert_eq!(marked("to"), expected_to);
    let expected_from: Vec<(u32, String, String, String)> =
        changes.removed.iter().map(|id| (id.0, "removed".into(), String::new(), "Removed".into())).collect();
    assert_eq!(marked("from"), expected_from);
    // The removed cards are ghosts; no other card is.
    let ghosts: Vec<u32> = with_class(by_id(&doc, "from"), "ghost")
        .filter_map(|g| g.attribute("data-id").and_then(|s| s.parse().ok()))
        .collect();
    assert_eq!(ghosts, changes.removed.iter().map(|id| id.0).collect::<Vec<_>>());
    assert_eq!(with_class(by_id(&doc, "to"), "ghost").count(), 0);
}

#[test]
fn identical_journeys_show_no_change_pills_and_every_delta_zero() {
    for (project, from, _) in pairs() {
        let svg = export::review_svg(&project, &from, &from, &options(2.0));
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        assert_eq!(with_class(doc.root(), "change").count(), 0, "{project}");
        let deltas: Vec<_> = with_class(doc.root(), "delta").collect();
        assert_eq!(deltas.len(), 12, "two scores and ten sub-scores");
        for d in deltas {
            let delta = d.attribute("data-delta").expect("a delta");
            assert!(delta == "0" || delta == "0.00", "{project}: {delta}");
        }
        for group in ["resolved", "introduced"] {
            assert_eq!(by_id(&doc, group).attribute("data-count"), Some("0"), "{project}");
        }
        let n = score::analyse(&from).findings.len().to_string();
        assert_eq!(by_id(&doc, "persisting").attribute("data-count"), Some(n.as_str()));
    }
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().expect("a PNG");
    (reader.info().width, reader.info().height)
}

#[test]
fn the_png_is_the_page_times_the_scale_rounded_up() {
    let (project, from, to) = pairs().remove(1);
    let svg = export::review_svg(&project, &from, &to, &options(1.0));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let root = doc.root_element();
    let size = |a: &str| root.attribute(a).and_then(|v| v.parse::<f32>().ok()).expect("a size");
    let (w, h) = (size("width"), size("height"));
    for scale in [1.0, 1.5, 2.0] {
        let bytes = export::review_png(&project, &from, &to, &options(scale)).expect("renders");
        let expected = export::review_png_size(&project, &from, &to, &options(scale));
        assert_eq!(png_size(&bytes), expected);
        // The SVG's size is the page rounded to whole units.
        assert!(((w * scale).ceil() - expected.0 as f32).abs() <= scale + 1.0, "{w} × {scale}");
        assert!(((h * scale).ceil() - expected.1 as f32).abs() <= scale + 1.0, "{h} × {scale}");
    }
    assert!(export::review_png(&project, &from, &to, &options(5.0)).is_err(), "the scale is 1 to 4");
}

#[test]
fn the_panel_sits_beside_or_under_the_diagrams_without_overlapping_them_or_itself() {
    for (project, from, to) in pairs().into_iter().chain([{
        let (a, b) = edited_mobile();
        ("Edited".to_owned(), a, b)
    }]) {
        let (fa, ta) = (score::analyse(&from), score::analyse(&to));
        let c = compare::compare_analysed(&from, &fa, &to, &ta);
        let page = review_page::review_page(&project, (&from, &fa), (&to, &ta), &c, &LayoutOptions::STRIP);
        let diagrams = page.compared.bounds;
        for (i, a) in page.blocks.iter().enumerate() {
            assert!(!a.rect.intersects(&diagrams), "{project}: {:?} over the diagrams", a.kind);
            assert!(page.bounds.contains(a.rect.max), "{project}: {:?} off the page", a.kind);
            for b in &page.blocks[i + 1..] {
                assert!(!a.rect.intersects(&b.rect), "{project}: {:?} over {:?}", a.kind, b.kind);
            }
            // Every line of text stays inside its block.
            let marks = a.marks.iter().chain(a.deltas.iter().flat_map(|d| &d.marks));
            for m in marks.chain(a.findings.iter().flat_map(|f| &f.marks)) {
                if let Mark::Text { text: t, at, size, anchor, .. } = m {
                    let w = text::width(t, *size);
                    let left = match anchor {
                        Anchor::Start => at.x,
                        Anchor::Middle => at.x - w / 2.0,
                        Anchor::End => at.x - w,
                    };
                    assert!(
                        left >= a.rect.min.x - 0.5 && left + w <= a.rect.max.x + 0.5,
                        "{project}: “{t}” leaves {:?}",
                        a.kind
                    );
                }
            }
        }
        let ratio = page.bounds.width() / page.bounds.height();
        assert!((1.0..=3.5).contains(&ratio), "{project}: a page of ratio {ratio}");
    }
}

// The command line.

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport")).args(args).output().expect("rapport runs")
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples").join(name).display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn compare_writes_the_review_picture_as_png_and_svg() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = sample("high-street-bank.ron");
    let out = dir.path().join("review.png");
    let o = rapport(&["compare", &bank, "-o", out.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let p = store::read_project(samples::HIGH_STREET_BANK.text).expect("reads");
    let (w, h) = png_size(&std::fs::read(&out).expect("written"));
    assert_eq!((w, h), export::review_png_size(&p.name, &p.journeys[0], &p.journeys[1], &options(2.0)));
    let said = stdout(&o);
    assert_eq!(said, format!("wrote {} (“As-is” → “To-be”, {w} × {h} px)\n", out.display()));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));

    let out = dir.path().join("review.svg");
    let o =
        rapport(&["compare", &bank, "--from", "To-be", "--to", "As-is", "-o", out.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&out).expect("written");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    assert_eq!(by_id(&doc, "from").attribute("data-name"), Some("To-be"));
    assert!(stdout(&o).contains("SVG"), "{}", stdout(&o));
}

#[test]
fn compare_with_json_and_a_picture_prints_the_json_alone_and_writes_the_picture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("review.svg");
    let o = rapport(&["compare", &sample("brightwatt.ron"), "--json", "-o", out.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON alone");
    assert_eq!(json["from"], "As-is");
    assert!(out.exists());
    assert!(stderr(&o).starts_with("wrote "), "{}", stderr(&o));
}

#[test]
fn compare_to_a_file_that_is_not_png_or_svg_exits_2_before_reading_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("review.pdf");
    for project in [sample("brightwatt.ron"), "/no/such/project.ron".to_owned()] {
        let o = rapport(&["compare", &project, "-o", pdf.to_str().expect("utf-8")]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("must end in .svg or .png"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    assert!(!pdf.exists());
}

#[test]
fn compare_to_an_unwritable_place_exits_1_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a_file = dir.path().join("plain-file");
    std::fs::write(&a_file, "x").expect("write");
    // A path "inside" a regular file can never be written, whoever runs the test (root too).
    let out = a_file.join("review.png");
    let o = rapport(&["compare", &sample("brightwatt.ron"), "-o", out.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("could not write the review") && e.contains("review.png"), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert!(o.stdout.is_empty());
}

#[test]
fn compare_with_a_picture_keeps_the_journey_choice_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("review.png");
    let o = rapport(&[
        "compare",
        &sample("brightwatt.ron"),
        "--from",
        "Nope",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists());
}

/// The texts of a band, in order, with the heights of their middles.
fn band_texts(band: &review_page::Band) -> Vec<(String, f32)> {
    band.marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text { text, at, size, .. } => Some((text.clone(), at.y + text::line_height(*size) / 2.0)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_band_too_narrow_for_the_scores_beside_the_name_has_them_whole_under_it() {
    use rapport::layout::{Point, Rect};
    use review_page::{BAND_SCREEN_SMALL, BAND_SMALL, Side, band};
    let (_, from, _) = pairs().remove(0);
    let analysis = score::analyse(&from);
    let scores = format!("{:.0}", analysis.mutuality.score);
    let classification = analysis.verdict.classification.label().to_lowercase();
    for small in [BAND_SMALL, BAND_SCREEN_SMALL] {
        // Wide: the tag, the name, the persona and the scores on one line.
        let wide = Rect { min: Point::new(0.0, 0.0), max: Point::new(1600.0, 72.0) };
        let texts = band_texts(&band(Side::From, wide, &from, &analysis, small));
        assert_eq!(texts[1].0, from.name, "{small}: {texts:?}");
        assert!(texts.iter().any(|(t, _)| *t == from.persona), "{small}: {texts:?}");
        let last = texts.last().expect("the scores");
        assert!(last.0.starts_with("mutuality") && last.0.ends_with(&classification), "{small}: {texts:?}");
        assert!(texts.iter().all(|(_, y)| (y - texts[0].1).abs() < 4.0), "one line: {texts:?}");
        // Narrow (side by side): the name whole, the scores under it, shortened but whole.
        let narrow = Rect { min: Point::new(0.0, 0.0), max: Point::new(360.0, 72.0) };
        let texts = band_texts(&band(Side::From, narrow, &from, &analysis, small));
        assert_eq!(texts[1].0, from.name, "{small}: {texts:?}");
        let last = texts.last().expect("the scores");
        assert!(last.1 > texts[1].1 + 20.0, "{small}: under the name: {texts:?}");
        assert!(last.0.contains(&scores) && last.0.ends_with(&classification), "{small}: {texts:?}");
        assert!(!texts.iter().any(|(t, _)| t.contains('…')), "{small}: nothing cut: {texts:?}");
    }
}
