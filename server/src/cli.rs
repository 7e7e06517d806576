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
    /// Run the web portal (the default). In production (an https public URL, or
    /// site.mode = "production") it refuses to start while check-config names a problem.
    Serve,
    /// Print the effective configuration (secrets masked) and every problem that would stop
    /// `serve`, one a line; exit status 1 if there is any.
    CheckConfig,
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
    /// since a date (CSV to standard output, or to --out). `payments --problems`: payments
    /// needing attention instead (another amount or currency at the acquirer; not credited).
    Export {
        #[arg(value_enum)]
        kind: ExportKind,
        /// First day, `YYYY-MM-DD` (Moscow time); optional with --problems.
        #[arg(long, required_unless_present = "problems")]
        since: Option<String>,
        /// With `payments`: the payments needing attention, not the credited ones.
        #[arg(long)]
        problems: bool,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Make the reminders due now (the readings window opened or closes soon) and queue their
    /// messages, once, and run autopay's day (notices, charges, retries), as `serve` does every
    /// `notifications.scheduler_every_secs`: for a cron job instead, or a check. Nothing made
    /// before is made again.
    Remind,
    /// Operators of the console (`/operator`).
    Operator {
        #[command(subcommand)]
        action: OperatorAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum OperatorAction {
    /// Make an operator who signs in at /login with this login (phone or e-mail). Without
    /// --password-stdin a password is generated and printed once. Run again to replace an
    /// operator's password (their sessions end).
    Create {
        login: String,
        /// Read the password (12 to 64 Latin letters and digits) from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportKind {
    Payments,
    Readings,
}
