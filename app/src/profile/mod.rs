//! The customer's profile (name, contacts) and the change of login.
//!
//! - `api`: endpoints under `/api/profile/…`; `service`: loading and saving;
//! - `repo`: every statement of the domain, with its row types.

pub mod api;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub mod service;
