//! Rapport: a workbench for service designers who design how an organisation relates to its
//! customers over time. See `README.md` and DESIGN.md.
//!
//! Layers, one direction: [`model`] (pure data) ← [`score`] (pure functions of a journey; the
//! single edits that would help most are [`suggest`]ed from its counts) and
//! [`store`] (files); [`layout`] (the geometry of a diagram, pure, measured with the bundled
//! fonts of [`text`]) ← [`export`] (SVG and PNG) and the workbench, which paint the same layout
//! in the colours of [`palette`]; [`compare`] (two journeys side by side, pure) on [`score`];
//! [`table`] (touchpoints as CSV, pure) on [`model`] and [`edit`]; [`workshop`] (the room's rules:
//! what participants may send and how it enters a project, pure, on [`model`]) ← [`edit`] and
//! [`room`] (the workshop's HTTP server for participants' phones); [`cli`] on top, with
//! [`desktop`] (the desktop entry, icon and file type, and installing them).
//!
//! The workbench (`app`) is behind the default `gui` feature: without it the crate is the core
//! and the command line, and the compiler checks that nothing below the workbench uses egui.

#![warn(missing_docs)]

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod comments;
pub mod compare;
pub mod describe;
pub mod desktop;
pub mod diff;
pub mod edit;
pub mod export;
pub mod git;
pub mod history;
pub mod layout;
pub mod merge;
pub mod model;
pub mod palette;
pub mod pdf;
pub mod recovery;
pub mod room;
pub mod rules;
pub mod samples;
pub mod score;
pub mod store;
pub mod suggest;
pub mod table;
pub mod text;
pub mod workshop;
