//! Documents a customer downloads as PDF: «Выписка за период» of an account (extended
//! access) and «Справка об оплате» of their own credited payment. This module gathers
//! what a document says, checked against the customer's binding or payment; the server
//! crate lays it out (`server/src/documents`, Typst).
//!
//! - `model`: the documents' data, as the templates read it;
//! - `service`: who may have which document, and its figures;
//! - `repo`: all of the documents' SQL.

#[cfg(feature = "ssr")]
pub mod model;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub mod service;

/// The longest period one statement covers, in months.
pub const MAX_STATEMENT_MONTHS: i64 = 36;
