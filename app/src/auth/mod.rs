//! Registration, confirmation and sign-in.
//!
//! `api` holds the server functions (the browser gets client stubs); `model` the types they
//! send to the browser; `form` the input rules both sides run; `service` and `messages` the
//! server-side work behind the `ssr` feature, and `repo` every SQL statement of it; `session`
//! the typed session and `users` the auth layer's backend (axum-login), which signs in;
//! `viewer` who a page is rendered for, decided once before rendering.

pub mod api;
pub mod form;
#[cfg(feature = "ssr")]
pub mod guards;
#[cfg(feature = "ssr")]
pub mod messages;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod users;
pub mod viewer;
