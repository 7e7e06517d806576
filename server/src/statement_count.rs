//! Counts the SQL statements the process runs, from sqlx's own per-statement `sqlx::query`
//! events and those of the inline SQLite reads (`app::server::reads`): a `tracing` layer
//! for tests and benchmarks (with it installed sqlx formats every statement for its event,
//! which a production server should not pay for). The statement
//! budget test (`server/tests/statements.rs`) reads it around one page view, in a test
//! binary of its own, so that nothing else runs meanwhile.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, Filter};

#[derive(Clone, Default)]
pub struct StatementCounter {
    total: Arc<AtomicU64>,
}

impl StatementCounter {
    /// Statements run since the process started.
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// The layer with its own filter: only sqlx's statement events, whatever the other
    /// layers' filters say.
    pub fn layer<S>(&self) -> impl Layer<S>
    where
        S: Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    {
        self.clone().with_filter(OnlyStatements)
    }
}

impl<S: Subscriber> Layer<S> for StatementCounter {
    fn on_event(&self, _: &Event<'_>, _: Context<'_, S>) {
        self.total.fetch_add(1, Ordering::Relaxed);
    }
}

struct OnlyStatements;

impl<S> Filter<S> for OnlyStatements {
    fn enabled(&self, meta: &Metadata<'_>, _: &Context<'_, S>) -> bool {
        meta.target() == "sqlx::query" || meta.target() == app::server::reads::STATEMENT_TARGET
    }
}
