//! The customer's profile (name, contacts) and the change of login.
//!
//! - `api`: endpoints under `/api/profile/…`; `model`: what they send to the browser;
//! - `service`: loading and saving;
//! - `repo`: every statement of the domain, with its row types.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub mod service;
