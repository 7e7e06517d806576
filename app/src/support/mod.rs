//! Technical support (seed step 11): questions from the registration and sign-in screens
//! (with a contact to answer to) and from inside the cabinet, and the customer's threads.
//! The operators' side (the queue, answers) is the operator console's.
//!
//! - `model`: what the page receives; `api`: endpoints under `/api/support/…`;
//! - `service`: tickets, messages and the limits against abuse;
//! - `repo`: every statement of the domain, with its row types.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub mod service;
