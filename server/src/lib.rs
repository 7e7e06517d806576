//! The `moygaz` server: configuration, database, HTTP, and the command line around them.

pub mod cli;
pub mod config;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod http;
pub mod import;
pub mod session_store;
pub mod startup;
