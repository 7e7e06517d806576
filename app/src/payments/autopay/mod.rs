//! Autopay: a customer with extended access saves a card with a first payment, and the
//! portal pays the debt (up to a cap) with it on a chosen day of each month after new
//! charges, telling them the day before, retrying once, pausing after that.
//!
//! - `model`: what the page receives; `api`: endpoints under `/api/autopay/…`;
//! - `service`: turning it on and off, the page, skipping a month; `settled`, what a
//!   payment's end means for autopay;
//! - `scheduler`: the calendar (notice, charge, retry), safe on several instances;
//! - `notices`: what the customer is told; `repo`: every statement, with its row types.
//!
//! The rules (the day, the cap, which step a date asks for) are `domain::autopay`.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
mod notices;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub mod scheduler;
#[cfg(feature = "ssr")]
pub mod service;
