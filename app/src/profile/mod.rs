//! The customer's profile (name, contacts) and the change of login.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
