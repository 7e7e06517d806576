//! The operator console (`/operator`): the gas supplier's staff answer support questions,
//! handle PIN requests and see who has bound an account. Operators are users with the
//! `operator` role (`moygaz operator create <login>`); every server function here checks
//! the role first, and every change is written to `audit_log` in its own transaction.
//! Operators never see passwords, codes or PINs: a PIN they issue goes straight to the
//! customer through the outbox.
//!
//! - `model`: what the console's pages receive; `api`: endpoints under `/api/operator/…`;
//! - `staff`: making an operator (the CLI; who counts as one is `auth::guards`);
//! - `tickets`, `pins`, `bindings`: the three kinds of work; `security`: the security
//!   events of an account's customers on its card; `payments`: payments the acquirer
//!   reported for another amount or currency (never credited); `queue`: the queue page's
//!   three lists in one call; `notices`: announcements to a supplier's customers and the
//!   messages the outbox could not deliver;
//! - `repo`: all of the console's SQL, one file per area; the services
//!   above keep the rules and the transactions, `api` only parses and calls one of them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod bindings;
pub mod model;
#[cfg(feature = "ssr")]
pub mod notices;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod pins;
#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod staff;
#[cfg(feature = "ssr")]
pub mod tickets;
