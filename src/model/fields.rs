//! A touchpoint's fields, described once (DESIGN.md §3): the one table that reading and writing
//! project files, comparing journeys (§13), tables (§17), the screen reader's words (§8.2), and
//! diffs and merges (§19) all walk. A touchpoint is its [`TouchpointId`] and the fields of this
//! table.
//!
//! Adding a field to [`Touchpoint`] means adding one row to the [`fields!`] table below (its
//! name in files, its words, its [`Kind`] and whether a file must give it) and a control to the
//! inspector; every walker follows. [`Field::ALL`] lists the fields in §13's order, which is
//! §3's. A field of an existing kind needs nothing else; a new kind needs its reading and writing
//! in `store` and `table` (the compiler names each place).

use std::borrow::Cow;

use super::{Channel, Exchange, Phase, Provider, Touchpoint};

/// What a field holds, which says how it is read, written, shown and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Free text (a title, notes).
    Text,
    /// The name of one of the journey's lanes; left out of files when it is the first lane.
    Lane,
    /// One of the three phases.
    Phase,
    /// Days since the relationship began.
    Day,
    /// How contact is made; `Other` when left out.
    Channel,
    /// Who serves the customer.
    Provider,
    /// What changes hands, and how much.
    Exchange,
    /// Yes or no; no when left out.
    Flag,
    /// A list of words; empty when left out.
    Tags,
    /// How the customer feels, −2..=2, or not said.
    Feeling,
}

/// One field's value, borrowed from a touchpoint or made by a reader.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value<'a> {
    /// [`Kind::Text`] and [`Kind::Lane`].
    Text(Cow<'a, str>),
    /// [`Kind::Phase`].
    Phase(Phase),
    /// [`Kind::Day`].
    Day(u32),
    /// [`Kind::Channel`].
    Channel(Channel),
    /// [`Kind::Provider`].
    Provider(Cow<'a, Provider>),
    /// [`Kind::Exchange`].
    Exchange(Exchange),
    /// [`Kind::Flag`].
    Flag(bool),
    /// [`Kind::Tags`].
    Tags(Cow<'a, [String]>),
    /// [`Kind::Feeling`].
    Feeling(Option<i8>),
}

impl Value<'_> {
    /// The same value, owning what it borrowed.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Provider(p) => Value::Provider(Cow::Owned(p.into_owned())),
            Value::Tags(t) => Value::Tags(Cow::Owned(t.into_owned())),
            Value::Phase(p) => Value::Phase(p),
            Value::Day(d) => Value::Day(d),
            Value::Channel(c) => Value::Channel(c),
            Value::Exchange(e) => Value::Exchange(e),
            Value::Flag(f) => Value::Flag(f),
            Value::Feeling(f) => Value::Feeling(f),
        }
    }

    /// The value as people read it in a report, a diff or a conflict: `Priya`, `org takes 2`,
    /// `yes`, `−2`, `first_bill, explains_bill`; an empty text, no tags and no feeling read as
    /// `—`.
    pub fn show(&self) -> String {
        match self {
            Value::Text(t) if t.is_empty() => "—".to_owned(),
            Value::Text(t) => t.to_string(),
            Value::Phase(p) => p.label().to_owned(),
            Value::Day(d) => d.to_string(),
            Value::Channel(c) => c.label().to_owned(),
            Value::Provider(p) => match p.as_ref() {
                Provider::Person(name) => name.clone(),
                Provider::Team(name) => format!("{name} team"),
                Provider::Anyone => "anyone".to_owned(),
                Provider::Automated => "automated".to_owned(),
            },
            Value::Exchange(e) => e.label().to_lowercase(),
            Value::Flag(true) => "yes".to_owned(),
            Value::Flag(false) => "no".to_owned(),
            Value::Tags(t) if t.is_empty() => "—".to_owned(),
            Value::Tags(t) => t.join(", "),
            Value::Feeling(None) => "—".to_owned(),
            Value::Feeling(Some(f)) => super::signed(i32::from(*f)),
        }
    }
}

/// A Rust type that holds one kind of field value.
trait Holds: Sized {
    fn value(&self) -> Value<'_>;
    fn from_value(value: Value<'_>) -> Option<Self>;
}

impl Holds for String {
    fn value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Text(t) = value { Some(t.into_owned()) } else { None }
    }
}

impl Holds for Phase {
    fn value(&self) -> Value<'_> {
        Value::Phase(*self)
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Phase(p) = value { Some(p) } else { None }
    }
}

impl Holds for u32 {
    fn value(&self) -> Value<'_> {
        Value::Day(*self)
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Day(d) = value { Some(d) } else { None }
    }
}

impl Holds for Channel {
    fn value(&self) -> Value<'_> {
        Value::Channel(*self)
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Channel(c) = value { Some(c) } else { None }
    }
}

impl Holds for Provider {
    fn value(&self) -> Value<'_> {
        Value::Provider(Cow::Borrowed(self))
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Provider(p) = value { Some(p.into_owned()) } else { None }
    }
}

impl Holds for Exchange {
    fn value(&self) -> Value<'_> {
        Value::Exchange(*self)
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Exchange(e) = value { Some(e) } else { None }
    }
}

impl Holds for bool {
    fn value(&self) -> Value<'_> {
        Value::Flag(*self)
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Flag(f) = value { Some(f) } else { None }
    }
}

impl Holds for Vec<String> {
    fn value(&self) -> Value<'_> {
        Value::Tags(Cow::Borrowed(self))
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Tags(t) = value { Some(t.into_owned()) } else { None }
    }
}

impl Holds for Option<i8> {
    fn value(&self) -> Value<'_> {
        Value::Feeling(*self)
    }
    fn from_value(value: Value<'_>) -> Option<Self> {
        if let Value::Feeling(f) = value { Some(f) } else { None }
    }
}

/// A value of the wrong kind was given to a field: a bug in the caller, never the user's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the field `{0}` does not hold a value of that kind")]
pub struct WrongKind(pub &'static str);

/// Defines [`Field`] from one table:
/// `Variant { member, "file_name", "Label", "words", "said", Kind [, required] }`.
///
/// - `file_name`: the field's name in project files, JSON and table headers;
/// - `Label`: its name in the inspector and in reports ("Two-way");
/// - `words`: how a designer says it in a change pill ("two way");
/// - `said`: what a screen reader says of a card when a flag is set ("two-way"; "" when not a flag);
/// - `required`: a project file must give it (the others have §3's defaults).
macro_rules! fields {
    ($( $variant:ident { $member:ident, $name:literal, $label:literal, $words:literal, $said:literal, $kind:ident $(, $required:ident)? } ),* $(,)?) => {
        /// A field of a touchpoint (besides its id), in DESIGN.md §13's order, which is §3's.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum Field { $($variant),* }

        impl Field {
            /// Every field, in §13's order.
            pub const ALL: [Field; <[&str]>::len(&[$($name),*])] = [$(Field::$variant),*];

            /// Every name a touchpoint may have in a project file: `id`, then the fields'.
            pub const FILE_NAMES: [&'static str; 1 + <[&str]>::len(&[$($name),*])] = ["id", $($name),*];

            /// The field's name as in project files, JSON and table headers: `recalls_history`.
            pub fn as_str(self) -> &'static str {
                match self { $(Field::$variant => $name),* }
            }

            /// Its name for people: "Recalls history".
            pub fn label(self) -> &'static str {
                match self { $(Field::$variant => $label),* }
            }

            /// How a designer says it in a change pill: "recalls history", "next contact".
            pub fn words(self) -> &'static str {
                match self { $(Field::$variant => $words),* }
            }

            /// What a screen reader says of a card with this flag set ("sets the next contact");
            /// empty for fields that are not flags.
            pub fn said(self) -> &'static str {
                match self { $(Field::$variant => $said),* }
            }

            /// What it holds.
            pub fn kind(self) -> Kind {
                match self { $(Field::$variant => Kind::$kind),* }
            }

            /// A project file must give it (the others have DESIGN.md §3's defaults).
            pub fn required(self) -> bool {
                match self { $(Field::$variant => fields!(@required $($required)?)),* }
            }

            /// Its value in a touchpoint, as stored (a lane may be empty: see [`Field::effective`]).
            pub fn get(self, tp: &Touchpoint) -> Value<'_> {
                match self { $(Field::$variant => tp.$member.value()),* }
            }

            /// Sets its value in a touchpoint.
            pub fn set(self, tp: &mut Touchpoint, value: Value<'_>) -> Result<(), WrongKind> {
                match self {
                    $(Field::$variant => tp.$member = Holds::from_value(value).ok_or(WrongKind($name))?),*
                }
                Ok(())
            }
        }
    };
    (@required) => { false };
    (@required required) => { true };
}

fields! {
    Title { title, "title", "Title", "title", "", Text, required },
    Phase { phase, "phase", "Phase", "phase", "", Phase, required },
    Day { day, "day", "Day", "day", "", Day, required },
    Lane { lane, "lane", "Lane", "lane", "", Lane },
    Channel { channel, "channel", "Channel", "channel", "", Channel },
    Provider { provider, "provider", "Served by", "provider", "", Provider, required },
    Exchange { exchange, "exchange", "Exchange", "exchange", "", Exchange, required },
    TwoWay { two_way, "two_way", "Two-way", "two way", "two-way", Flag },
    Tailored { tailored, "tailored", "Tailored", "tailored", "tailored", Flag },
    Personalised { personalised, "personalised", "Personalised", "personalised", "personal in tone", Flag },
    RecallsHistory { recalls_history, "recalls_history", "Recalls history", "recalls history", "recalls history", Flag },
    SetsNextContact { sets_next_contact, "sets_next_contact", "Sets next contact", "next contact", "sets the next contact", Flag },
    Tags { tags, "tags", "Tags", "tags", "", Tags },
    Feeling { feeling, "feeling", "Feeling", "feeling", "", Feeling },
    Notes { notes, "notes", "Notes", "notes", "", Text },
}

impl serde::Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Field::named(&name).ok_or_else(|| serde::de::Error::custom(format!("no touchpoint field `{name}`")))
    }
}

impl Field {
    /// The field named so in files (`"two_way"`), if there is one.
    pub fn named(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Its value as it counts (DESIGN.md §13: an omitted lane is the journey's first lane; an
    /// omitted channel is already `Other`), for comparing touchpoints of different journeys.
    pub fn effective<'a>(self, tp: &'a Touchpoint, first_lane: &'a str) -> Value<'a> {
        match self {
            Field::Lane if tp.lane.is_empty() => Value::Text(Cow::Borrowed(first_lane)),
            _ => self.get(tp),
        }
    }

    /// Its value is the default a file leaves out (always false for a required field): the
    /// first lane, `Other`, no, no tags, no feeling, empty notes.
    pub fn is_default(self, tp: &Touchpoint, first_lane: &str) -> bool {
        if self.required() {
            return false;
        }
        match self.get(tp) {
            Value::Text(t) if self.kind() == Kind::Lane => t == first_lane || t.is_empty(),
            Value::Text(t) => t.is_empty(),
            Value::Channel(c) => c == Channel::Other,
            Value::Flag(f) => !f,
            Value::Tags(t) => t.is_empty(),
            Value::Feeling(f) => f.is_none(),
            Value::Phase(_) | Value::Day(_) | Value::Provider(_) | Value::Exchange(_) => false,
        }
    }

    /// The flags (yes/no fields), in order.
    pub fn flags() -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(|f| f.kind() == Kind::Flag)
    }
}

/// Every member of [`Touchpoint`] named once, so that a member added to the struct and not to
/// the table above fails to compile here. (The table's `get` and `set` then name it too.)
#[allow(dead_code)]
fn every_member_is_in_the_table(tp: Touchpoint) {
    let Touchpoint {
        id: _,
        title: _,
        phase: _,
        day: _,
        lane: _,
        channel: _,
        provider: _,
        exchange: _,
        two_way: _,
        tailored: _,
        personalised: _,
        recalls_history: _,
        sets_next_contact: _,
        tags: _,
        feeling: _,
        notes: _,
    } = tp;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TouchpointId;

    #[test]
    fn every_field_reads_back_what_it_was_set_to() {
        let from = Touchpoint::new(TouchpointId(1), "A", Phase::EarlyDays, 0, "Customer");
        let mut to = from.clone();
        to.title = "B".into();
        to.phase = Phase::LongTerm;
        to.day = 9;
        to.lane = "People".into();
        to.channel = Channel::Phone;
        to.provider = Provider::Person("Priya".into());
        to.exchange = Exchange::OrgGives(2);
        to.two_way = true;
        to.tailored = true;
        to.personalised = true;
        to.recalls_history = true;
        to.sets_next_contact = true;
        to.tags = vec!["first_bill".into()];
        to.feeling = Some(-1);
        to.notes = "n".into();
        let mut built = from.clone();
        for f in Field::ALL {
            assert_ne!(f.get(&from), f.get(&to), "{} differs in the test", f.as_str());
            f.set(&mut built, f.get(&to).into_owned()).expect("the same kind");
        }
        assert_eq!(built, to, "setting every field gives every member");
        assert_eq!(Field::FILE_NAMES.len(), Field::ALL.len() + 1);
        assert!(Field::TwoWay.set(&mut built, Value::Day(3)).is_err());
    }

    #[test]
    fn an_omitted_lane_counts_as_the_first_lane() {
        let mut tp = Touchpoint::new(TouchpointId(1), "A", Phase::EarlyDays, 0, "");
        assert_eq!(Field::Lane.effective(&tp, "Customer").show(), "Customer");
        assert!(Field::Lane.is_default(&tp, "Customer"));
        tp.lane = "People".into();
        assert!(!Field::Lane.is_default(&tp, "Customer"));
        assert!(!Field::Title.is_default(&tp, "Customer"), "a required field is never left out");
    }
}
