//! Rapport: a workbench for service designers who design how an organisation relates to its
//! customers over time. See `README.md` and DESIGN.md.
//!
//! Layers, one direction: [`model`] (pure data) ← [`score`] (pure functions of a journey) and
//! [`store`] (files) ← [`cli`] and the workbench.

#![warn(missing_docs)]

pub mod app;
pub mod cli;
pub mod edit;
pub mod layout;
pub mod model;
pub mod recovery;
pub mod samples;
pub mod score;
pub mod store;
