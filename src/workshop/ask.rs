//! What a participant asks of the room, checked against what they were shown (DESIGN.md §15):
//! a proposal, their dots in the open vote, their answers to the open feeling poll, a comment on
//! a touchpoint (§18). Each body is read from JSON and either taken, cleaned, or refused with
//! the field that is wrong.

use serde_json::Value;

use super::clean;
use super::view::RoomView;
use crate::model::{Phase, TouchpointId};

/// Why a request is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Bad JSON, an unknown phase, lane or touchpoint, a feeling outside −2..=2, more dots than
    /// the vote allows, or a title empty or too long: `400`, saying which field.
    #[error("{0}")]
    Bad(String),
    /// No vote or poll is open, or comments are off: `409`.
    #[error("{0}")]
    NotOpen(&'static str),
}

impl Refused {
    /// The HTTP status it is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Bad(_) => 400,
            Self::NotOpen(_) => 409,
        }
    }
}

impl From<clean::TitleError> for Refused {
    fn from(e: clean::TitleError) -> Self {
        Self::Bad(e.to_string())
    }
}

impl From<clean::CommentError> for Refused {
    fn from(e: clean::CommentError) -> Self {
        Self::Bad(e.to_string())
    }
}

fn bad(message: impl Into<String>) -> Refused {
    Refused::Bad(message.into())
}

/// A proposal as taken: cleaned and checked, not yet numbered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposed {
    /// The cleaned title, 1–120 characters.
    pub title: String,
    /// Its phase.
    pub phase: Phase,
    /// One of the journey's lanes, when one was named.
    pub lane: Option<String>,
    /// How the customer feels there, −2..=2.
    pub feeling: Option<i8>,
}

/// Parses a JSON body, or says it is not JSON.
fn body_json(body: &[u8]) -> Result<Value, Refused> {
    serde_json::from_slice(body).map_err(|e| bad(format!("body: not JSON ({e})")))
}

/// A feeling −2..=2 from a JSON value, or why not.
fn feeling_of(value: &Value, field: &str) -> Result<i8, Refused> {
    match value.as_i64() {
        Some(f) if (-2..=2).contains(&f) => Ok(f as i8),
        _ => Err(bad(format!("{field}: a feeling is a whole number from -2 to 2, not {value}"))),
    }
}

/// `POST /proposals`: `{"title":…,"phase":…,"lane":…?,"feeling":…?}`.
pub fn proposal(body: &[u8], view: &RoomView) -> Result<Proposed, Refused> {
    let value = body_json(body)?;
    let Some(fields) = value.as_object() else { return Err(bad("body: send a JSON object")) };
    if let Some(unknown) =
        fields.keys().find(|k| !["title", "phase", "lane", "feeling"].contains(&k.as_str()))
    {
        return Err(bad(format!("{unknown}: not a field of a proposal (title, phase, lane, feeling)")));
    }
    let title = match fields.get("title").and_then(Value::as_str) {
        Some(t) => clean::title(t)?,
        None => return Err(bad("title: a proposal needs a title, as text")),
    };
    let phase_name = fields.get("phase").and_then(Value::as_str).unwrap_or_default();
    let Some(phase) = Phase::ALL.into_iter().find(|p| p.file_name() == phase_name) else {
        return Err(bad("phase: one of EarlyDays, FirstDisagreement, LongTerm"));
    };
    let feeling = match fields.get("feeling") {
        None | Some(Value::Null) => None,
        Some(v) => Some(feeling_of(v, "feeling")?),
    };
    let lane = match fields.get("lane") {
        None | Some(Value::Null) => None,
        Some(Value::String(l)) if l.is_empty() => None,
        Some(Value::String(l)) if view.lanes.contains(l) => Some(l.clone()),
        Some(other) => {
            return Err(bad(format!(
                "lane: {other} is not one of the journey's lanes ({})",
                view.lanes.join(", ")
            )));
        }
    };
    Ok(Proposed { title, phase, lane, feeling })
}

/// `PUT /vote`: `{"dots":[7,7,3]}` for the open vote: its id and the dots, one entry per dot.
pub fn dots(body: &[u8], view: &RoomView) -> Result<(u32, Vec<TouchpointId>), Refused> {
    let Some(open) = &view.vote else { return Err(Refused::NotOpen("vote: no vote is open")) };
    let value = body_json(body)?;
    let Some(dots) = value.get("dots").and_then(Value::as_array) else {
        return Err(bad("dots: send {\"dots\": [touchpoint ids]}"));
    };
    if dots.len() > open.dots as usize {
        return Err(bad(format!("dots: this vote gives each person {} dots, not {}", open.dots, dots.len())));
    }
    let mut touchpoints = Vec::with_capacity(dots.len());
    for d in dots {
        let id = d.as_u64().and_then(|n| u32::try_from(n).ok()).map(TouchpointId);
        match id {
            Some(id) if view.has_touchpoint(id) => touchpoints.push(id),
            _ => return Err(bad(format!("dots: {d} is not a touchpoint of the journey"))),
        }
    }
    Ok((open.id, touchpoints))
}

/// `PUT /feelings`: `{"7":-1,"8":2}` for touchpoints of the open poll.
pub fn feelings(body: &[u8], view: &RoomView) -> Result<Vec<(TouchpointId, i8)>, Refused> {
    let Some(poll) = &view.poll else { return Err(Refused::NotOpen("feelings: no feeling poll is open")) };
    let value = body_json(body)?;
    let Some(answers) = value.as_object() else {
        return Err(bad("feelings: send {\"touchpoint id\": feeling, …}"));
    };
    let mut given = Vec::with_capacity(answers.len());
    for (key, v) in answers {
        let id = key.parse::<u32>().ok().map(TouchpointId);
        let Some(id) = id.filter(|id| poll.contains(id)) else {
            return Err(bad(format!("{key}: not a touchpoint of the poll")));
        };
        given.push((id, feeling_of(v, key)?));
    }
    Ok(given)
}

/// A comment as taken: cleaned and checked, signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commented {
    /// The touchpoint it is about, one of the journey shown.
    pub touchpoint: TouchpointId,
    /// That touchpoint's title as shown.
    pub about: String,
    /// The name typed, or "P7".
    pub by: String,
    /// The cleaned text, 1–2,000 characters, new lines kept.
    pub text: String,
}

/// `POST /comments`: `{"touchpoint":7,"text":…,"name":…?}` from participant `you`, while the
/// facilitator lets participants comment.
pub fn comment(body: &[u8], view: &RoomView, you: u32) -> Result<Commented, Refused> {
    if !view.comments {
        return Err(Refused::NotOpen("comments: the facilitator has not opened comments"));
    }
    let value = body_json(body)?;
    let Some(fields) = value.as_object() else { return Err(bad("body: send a JSON object")) };
    if let Some(unknown) = fields.keys().find(|k| !["touchpoint", "text", "name"].contains(&k.as_str())) {
        return Err(bad(format!("{unknown}: not a field of a comment (touchpoint, text, name)")));
    }
    let id = fields.get("touchpoint").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok());
    let Some(shown) = id.and_then(|id| view.touchpoints.iter().find(|t| t.id == TouchpointId(id))) else {
        return Err(bad("touchpoint: not a touchpoint of the journey"));
    };
    let Some(text) = fields.get("text").and_then(Value::as_str) else {
        return Err(bad("text: a comment needs its text, as text"));
    };
    let text = clean::comment(text)?;
    let name = match fields.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(n)) => clean::name(n)?,
        Some(_) => return Err(bad("name: send it as text")),
    };
    Ok(Commented {
        touchpoint: shown.id,
        about: shown.title.clone(),
        by: name.unwrap_or_else(|| format!("P{you}")),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workshop::view::{ViewTouchpoint, ViewVote};

    fn view() -> RoomView {
        RoomView {
            lanes: vec!["People".to_owned()],
            touchpoints: vec![ViewTouchpoint {
                id: TouchpointId(7),
                title: "Bill".to_owned(),
                phase: Phase::EarlyDays,
                lane: "People".to_owned(),
            }],
            vote: Some(ViewVote { id: 1, question: "?".to_owned(), dots: 2 }),
            comments: true,
            ..RoomView::default()
        }
    }

    #[test]
    fn a_proposal_is_cleaned_and_each_wrong_field_named() {
        let v = view();
        let p = proposal(br#"{"title":" a\u202e b ","phase":"LongTerm","lane":"People","feeling":-2}"#, &v);
        assert_eq!(
            p,
            Ok(Proposed {
                title: "a b".to_owned(),
                phase: Phase::LongTerm,
                lane: Some("People".to_owned()),
                feeling: Some(-2)
            })
        );
        for (body, field) in [
            (&br#"{"title":"x","phase":"Later"}"#[..], "phase:"),
            (br#"{"title":"x","phase":"LongTerm","lane":"Robots"}"#, "lane:"),
            (br#"{"title":"x","phase":"LongTerm","feeling":3}"#, "feeling:"),
            (br#"{"title":"  ","phase":"LongTerm"}"#, "title:"),
            (br#"{"title":"x","phase":"LongTerm","colour":1}"#, "colour:"),
            (b"title=x", "body:"),
        ] {
            let e = proposal(body, &v).expect_err("refused");
            assert_eq!(e.status(), 400);
            assert!(e.to_string().starts_with(field), "{e}");
        }
    }

    #[test]
    fn dots_and_feelings_need_an_open_vote_or_poll_and_its_touchpoints() {
        let mut v = view();
        assert_eq!(dots(br#"{"dots":[7,7]}"#, &v), Ok((1, vec![TouchpointId(7); 2])));
        assert_eq!(dots(br#"{"dots":[7,7,7]}"#, &v).map_err(|e| e.status()), Err(400));
        assert_eq!(dots(br#"{"dots":[8]}"#, &v).map_err(|e| e.status()), Err(400));
        assert_eq!(feelings(br#"{"7":1}"#, &v).map_err(|e| e.status()), Err(409));
        v.vote = None;
        v.poll = Some(vec![TouchpointId(7)]);
        assert_eq!(dots(br#"{"dots":[]}"#, &v).map_err(|e| e.status()), Err(409));
        assert_eq!(feelings(br#"{"7":-1}"#, &v), Ok(vec![(TouchpointId(7), -1)]));
        assert_eq!(feelings(br#"{"8":-1}"#, &v).map_err(|e| e.status()), Err(400));
        assert_eq!(feelings(br#"{"7":-3}"#, &v).map_err(|e| e.status()), Err(400));
    }

    #[test]
    fn a_comment_names_its_touchpoint_and_is_signed_with_a_name_or_the_participants_number() {
        let mut v = view();
        let c = comment(br#"{"touchpoint":7,"text":" Why\r\nautomated? ","name":" Ann "}"#, &v, 3);
        let ann = Commented {
            touchpoint: TouchpointId(7),
            about: "Bill".to_owned(),
            by: "Ann".to_owned(),
            text: "Why\nautomated?".to_owned(),
        };
        assert_eq!(c, Ok(ann));
        let c = comment(br#"{"touchpoint":7,"text":"Hm","name":""}"#, &v, 3).map(|c| c.by);
        assert_eq!(c, Ok("P3".to_owned()));
        for (body, field) in [
            (&br#"{"touchpoint":8,"text":"x"}"#[..], "touchpoint:"),
            (br#"{"text":"x"}"#, "touchpoint:"),
            (br#"{"touchpoint":7,"text":" "}"#, "text:"),
            (br#"{"touchpoint":7}"#, "text:"),
            (br#"{"touchpoint":7,"text":"x","name":7}"#, "name:"),
            (br#"{"touchpoint":7,"text":"x","colour":1}"#, "colour:"),
        ] {
            let e = comment(body, &v, 3).expect_err("refused");
            assert_eq!(e.status(), 400);
            assert!(e.to_string().starts_with(field), "{e}");
        }
        v.comments = false;
        assert_eq!(comment(br#"{"touchpoint":7,"text":"x"}"#, &v, 3).map_err(|e| e.status()), Err(409));
    }
}
