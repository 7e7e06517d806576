//! Personal accounts (лицевые счета): binding an account to a customer, basic and extended
//! access, the control question that unlocks the latter, PIN requests and unlinking.
//!
//! - `model`: what the pages receive (shared by browser and server);
//! - `api`: the server functions, stable endpoints under `/api/accounts/…`;
//! - `service`: binding and reads, every read checked against the customer's binding;
//! - `binding`: the binding lookup every domain reaches an account through;
//! - `control`: checking an answer to the control question;
//! - `repo`: all of the domain's SQL.

pub mod api;
#[cfg(feature = "ssr")]
pub mod binding;
#[cfg(feature = "ssr")]
pub mod control;
pub mod model;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub mod service;

/// Accounts one customer may bind (a family's homes, a dacha; not a management company).
pub const MAX_BINDINGS_PER_USER: i64 = 20;
