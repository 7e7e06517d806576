//! Мой ГАЗ: the customer portal of a gas supplier.
//!
//! - `domain/`: the rules shared by browser and server (login, password, …);
//! - `components/`: the design-system pieces every screen uses;
//! - `pages/`: one module per screen;
//! - `auth/`: registration and sign-in server functions;
//! - `shell.rs`: the HTML document around the app (CSP nonce, PWA links);
//! - `hydration.rs`: islands, the only parts of a page that hydrate in the browser;
//! - `error.rs`, `public_config.rs`; and, server-only, `settings.rs`, `state.rs`.

#![recursion_limit = "256"]

pub mod accounts;
pub mod auth;
pub mod components;
pub mod consent;
pub mod domain;
pub mod error;
pub mod form_replay;
pub mod hydration;
pub mod notifications;
pub mod operator;
pub mod pages;
pub mod payments;
pub mod profile;
pub mod public_config;
pub mod readings;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod secret_hash;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;
pub mod statements;
pub mod support;
pub mod tariffs;

pub use routes::App;
#[cfg(feature = "ssr")]
pub use shell::shell;

/// The crate version shown in the footer (`ЛК - Мой ГАЗ - версия X.Y.Z`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
