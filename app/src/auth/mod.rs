//! Registration and sign-in.
//!
//! `api` holds the server functions (compiled for both targets: the browser gets a client
//! stub); the database work will live in `service`/`repo` behind the `ssr` feature.

pub mod api;
pub mod form;
