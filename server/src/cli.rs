//! `moygaz --help`: the subcommands an administrator runs.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "moygaz", version, about = "Мой ГАЗ — личный кабинет клиента газоснабжающей организации")]
pub struct Cli {
    /// Configuration file (default: ./Leptos.toml if present, else built-in defaults).
    #[arg(long, short, env = "MOYGAZ_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web portal (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo providers and accounts (idempotent) and exit.
    Demo,
    /// Import a billing export (CSV, UTF-8, header row; see docs/billing-import.md): all of
    /// the file or, if any row is wrong, none of it.
    Import {
        /// What the file holds.
        #[arg(value_enum)]
        kind: crate::import::Kind,
        /// The CSV file.
        file: PathBuf,
    },
    /// Export what the portal took, for billing: credited payments or submitted readings
    /// since a date (CSV to standard output, or to --out).
    Export {
        #[arg(value_enum)]
        kind: ExportKind,
        /// First day, `YYYY-MM-DD` (Moscow time).
        #[arg(long)]
        since: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportKind {
    Payments,
    Readings,
}
