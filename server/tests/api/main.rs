//! Integration tests over HTTP: each test spawns the real application on a random port with
//! a database of its own. `MOYGAZ_TEST_DB=sqlite` (default) or `postgres` picks the backend;
//! the test script runs the suite once for each.

mod accounts;
mod auth;
mod autopay;
mod cli;
mod delivery;
mod demo_data;
mod documents;
mod foundation;
mod helpers;
mod import;
mod migrations;
mod no_script;
mod notifications;
mod observability;
mod operator;
mod operator_notices;
mod payments;
mod production;
mod proxy;
mod push;
mod readings;
mod reads;
mod register;
mod security;
mod support;
