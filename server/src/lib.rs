//! The `moygaz` server: configuration, database, HTTP, and the command line around them.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod documents;
pub mod export;
pub mod http;
pub mod import;
pub mod notifications;
pub mod operators;
pub mod payments;
pub mod session_store;
pub mod startup;
pub mod statement_count;
