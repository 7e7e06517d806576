//! Meter readings (`Передать показания`): the form per meter with its last accepted reading,
//! the provider's window of days, one reading per meter and period (a second replaces the
//! first), and the history for extended access.
//!
//! - `model`: what the page receives; `api`: endpoints under `/api/readings/…`;
//! - `service`: the checks and the write, against the customer's binding;
//! - `history`: the readings of extended access and who gave each;
//! - `repo`: every statement of the domain, with its row types.

pub mod api;
#[cfg(feature = "ssr")]
pub mod history;
pub mod model;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub mod service;
