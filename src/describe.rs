//! A touchpoint in words (DESIGN.md §8.2): what a screen reader says of a card, and what anyone
//! who cannot tell the colours apart can read — where it is, who gives or takes, who serves, how
//! the customer feels and what is wrong with it.
//!
//! Pure: no egui.

use crate::model::fields::{Field, Value};
use crate::model::{Exchange, Journey, Provider, Touchpoint};
use crate::score::{Analysis, Severity};

/// "Early days, People, day 14: the organisation gives, strength 2, served by Priya, two-way;
/// the customer feels −1; warning: gift not reciprocated".
pub fn touchpoint(journey: &Journey, tp: &Touchpoint, analysis: &Analysis) -> String {
    let lane = if tp.lane.is_empty() { journey.first_lane() } else { tp.lane.as_str() };
    let mut what = vec![exchange(tp.exchange), provider(&tp.provider)];
    what.extend(Field::flags().filter(|f| f.get(tp) == Value::Flag(true)).map(|f| f.said().to_owned()));
    let mut text = format!("{}, {lane}, day {}: {}", tp.phase.label(), tp.day, what.join(", "));
    if let Some(f) = tp.feeling {
        text.push_str(&format!("; the customer feels {}", signed(i32::from(f))));
    }
    let warnings: Vec<String> = analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning && f.marks_cards() && f.touchpoints.contains(&tp.id))
        .map(|f| f.code.as_str().to_lowercase().replace('_', " "))
        .collect();
    match warnings.as_slice() {
        [] => {}
        [one] => text.push_str(&format!("; warning: {one}")),
        many => text.push_str(&format!("; warnings: {}", many.join(", "))),
    }
    // Review threads on the card (DESIGN.md §18), last: "2 open comments".
    let open = journey.open_threads_on(tp.id);
    if open > 0 {
        text.push_str(&format!("; {open} open comment{}", if open == 1 { "" } else { "s" }));
    }
    text
}

/// Who gives or takes, and how much.
pub fn exchange(e: Exchange) -> String {
    match e {
        Exchange::OrgGives(s) => format!("the organisation gives, strength {s}"),
        Exchange::OrgTakes(s) => format!("the organisation takes, strength {s}"),
        Exchange::CustomerGives(s) => format!("the customer gives, strength {s}"),
        Exchange::CustomerTakes(s) => format!("the customer takes, strength {s}"),
        Exchange::Neutral => "nothing changes hands".to_owned(),
    }
}

/// Who serves the customer.
pub fn provider(p: &Provider) -> String {
    match p {
        Provider::Person(name) => format!("served by {name}"),
        Provider::Team(name) => format!("served by the {name} team"),
        Provider::Anyone => "served by whoever is available".to_owned(),
        Provider::Automated => "automated".to_owned(),
    }
}

pub use crate::model::signed;

/// A change with its sign, to two decimals; one that rounds to zero reads +0.00, never -0.00.
pub fn signed_gain(x: f64) -> String {
    let x = if x.abs() < 0.005 { 0.0 } else { x };
    format!("{x:+.2}")
}
