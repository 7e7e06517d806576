//! Paying for gas (seed step 8, `Оплатить`): by the current debt or any sum, through an
//! acquirer, credited exactly once.
//!
//! - `model`: what the pages receive; `api`: endpoints under `/api/payments/…` and the
//!   sandbox acquirer's `/api/sandbox/…`;
//! - `acquirer`: the trait every acquirer implements; `yookassa`: YooKassa's v3 API;
//!   `sandbox`: the built-in acquirer with its own payment page (the default);
//! - `service`: the payment record, the acquirer call, and settling (re-checked with the
//!   acquirer, never trusting a notification);
//! - `notices`: what the customer is told when a payment ends;
//! - `repo`: every statement of the domain (the sandbox's books too), with its row types.

#[cfg(feature = "ssr")]
pub mod acquirer;
pub mod api;
pub mod autopay;
pub mod model;
#[cfg(feature = "ssr")]
mod notices;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub mod sandbox;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod yookassa;
