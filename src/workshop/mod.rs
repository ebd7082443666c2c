//! The workshop's rules (DESIGN.md §15), apart from the server that carries them: what a
//! participant may send and how it is cleaned and checked ([`clean`], [`ask`]), what arrives and
//! how it is put into a project ([`Arrival`], [`apply`]), what participants see ([`RoomView`],
//! [`state_json`]), the facilitator's decisions ([`decide`]) and the limits that count requests
//! ([`quota`]).
//!
//! Pure: no sockets, files, threads or clocks of its own (times are passed in). The room's HTTP
//! side ([`crate::room`]) and the workbench's edits ([`crate::edit`]) both use it; it uses
//! neither.

mod arrival;
pub mod ask;
pub mod clean;
pub mod decide;
pub mod quota;
mod view;

pub use arrival::{Applied, Arrival, Arrived, apply, retarget};
pub use view::{Mine, RoomView, ViewTouchpoint, ViewVote, state_json};
