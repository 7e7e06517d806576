//! The reads every signed-in view makes (the session with its user, the account page), on
//! a connection of their own: on SQLite run on the request's own thread, on PostgreSQL
//! through the pool as every other statement.
//!
//! Why SQLite gets its own way: sqlx runs each SQLite connection on a thread of its own,
//! so every statement, and every hand-back of a connection to the pool (sqlx pings it), is
//! a wake-up of that thread and then of the request's task. On the account page those
//! hand-offs, not SQLite, took about a third of the server's time (docs/benchmarks.md,
//! sessions 22 and 23). SQLite in WAL mode answers these reads in microseconds, so they run
//! inline on read-only connections of their own to the same file (rusqlite, over the one
//! libsqlite3 that sqlx links too). Writes, transactions and every other read stay with
//! sqlx. The SQL is the same text for both drivers: its `$N` parameters are bound by
//! number here as sqlx binds them, and each row type maps its columns by name for both
//! (`#[derive(FromRow)]` and `sqlite_row!`).

use sqlx::any::AnyRow;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool};
use std::sync::{Arc, Mutex};

pub use rusqlite;

/// The `tracing` target of each statement run here, as sqlx's own are `sqlx::query`:
/// the statement counter (tests, benchmarks) counts both.
pub const STATEMENT_TARGET: &str = "moygaz::sqlite_reads";

/// Where the per-view reads go.
#[derive(Clone)]
pub struct Reads {
    pool: AnyPool,
    sqlite: Option<Arc<SqliteReads>>,
}

impl Reads {
    /// Inline reads when `url` names a SQLite file; through `pool` otherwise (PostgreSQL,
    /// or an in-memory SQLite database, which another connection cannot open).
    pub fn new(pool: AnyPool, url: &str) -> Reads {
        let sqlite =
            sqlite_file(url).map(|path| Arc::new(SqliteReads { path, idle: Mutex::new(Vec::new()) }));
        Reads { pool, sqlite }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A connection for a few reads in a row (the page's statements share it).
    pub async fn conn(&self) -> Result<ReadConn, sqlx::Error> {
        match &self.sqlite {
            Some(home) => Ok(ReadConn::Sqlite(home.lease()?)),
            None => Ok(ReadConn::Pool(self.pool.acquire().await?)),
        }
    }
}

/// The database file of a SQLite URL, as sqlx reads the URL; `None` for PostgreSQL and for
/// in-memory databases.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    use std::str::FromStr;
    if !url.starts_with("sqlite:") || url.contains("mode=memory") {
        return None;
    }
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url).ok()?;
    let path = options.get_filename();
    (path.as_os_str() != ":memory:" && !path.as_os_str().is_empty()).then(|| path.to_path_buf())
}

/// A bound value: the reads here take numbers and text.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Int(i64),
    Text(&'a str),
}

/// A row both drivers can make: sqlx's `FromRow` for the pool, this for inline SQLite.
pub trait FromSqlite: Sized {
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self>;
}

/// `FromSqlite` for a row type, by its field names (the same names `#[derive(FromRow)]`
/// reads); a field marked `flatten` is a nested row read from the same columns.
#[macro_export]
macro_rules! sqlite_row {
    ($ty:ty { $($field:ident $(: $flatten:ident)?),* $(,)? }) => {
        impl $crate::server::reads::FromSqlite for $ty {
            fn from_sqlite(
                row: &$crate::server::reads::rusqlite::Row<'_>,
            ) -> $crate::server::reads::rusqlite::Result<Self> {
                Ok(Self { $($field: $crate::sqlite_row!(@get row $field $($flatten)?)),* })
            }
        }
    };
    (@get $row:ident $field:ident) => { $row.get(stringify!($field))? };
    (@get $row:ident $field:ident flatten) => { $crate::server::reads::FromSqlite::from_sqlite($row)? };
}

/// One connection for a few reads.
pub enum ReadConn {
    Pool(PoolConnection<Any>),
    Sqlite(Lease),
}

impl ReadConn {
    pub async fn all<T>(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, AnyRow> + FromSqlite + Send + Unpin,
    {
        match self {
            ReadConn::Pool(conn) => bind(sqlx::query_as(sql), args).fetch_all(&mut **conn).await,
            ReadConn::Sqlite(lease) => lease.all(sql, args).map_err(driver_error),
        }
    }

    pub async fn optional<T>(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Option<T>, sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, AnyRow> + FromSqlite + Send + Unpin,
    {
        match self {
            ReadConn::Pool(conn) => bind(sqlx::query_as(sql), args).fetch_optional(&mut **conn).await,
            ReadConn::Sqlite(lease) => Ok(lease.all(sql, args).map_err(driver_error)?.into_iter().next()),
        }
    }
}

fn bind<'q, T>(
    mut query: sqlx::query::QueryAs<'q, Any, T, sqlx::any::AnyArguments<'q>>,
    args: &[Arg<'q>],
) -> sqlx::query::QueryAs<'q, Any, T, sqlx::any::AnyArguments<'q>> {
    for arg in args {
        query = match *arg {
            Arg::Int(n) => query.bind(n),
            Arg::Text(s) => query.bind(s),
        };
    }
    query
}

fn driver_error(e: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::AnyDriverError(Box::new(e))
}

/// The idle inline connections to one SQLite file.
struct SqliteReads {
    path: std::path::PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

/// At most this many idle connections are kept (one per thread that reads at once is
/// enough; more would be file handles doing nothing).
const MAX_IDLE: usize = 16;

impl SqliteReads {
    fn lease(self: &Arc<Self>) -> Result<Lease, sqlx::Error> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => self.open().map_err(driver_error)?,
        };
        Ok(Lease { conn: Some(conn), home: self.clone() })
    }

    fn open(&self) -> rusqlite::Result<rusqlite::Connection> {
        use rusqlite::OpenFlags;
        // Never creates the file (the pool did, and migrated it); `query_only` makes any
        // write through here an error rather than a write outside sqlx's transactions.
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;")?;
        Ok(conn)
    }
}

/// An inline connection, back among the idle ones when dropped.
pub struct Lease {
    conn: Option<rusqlite::Connection>,
    home: Arc<SqliteReads>,
}

impl Lease {
    fn all<T: FromSqlite>(&self, sql: &str, args: &[Arg<'_>]) -> rusqlite::Result<Vec<T>> {
        let conn = self.conn.as_ref().expect("a lease holds its connection until dropped");
        tracing::debug!(target: STATEMENT_TARGET, sql);
        let mut statement = conn.prepare_cached(sql)?;
        for index in 1..=statement.parameter_count() {
            // `$N` is the N-th argument wherever it stands, as sqlx binds it; SQLite would
            // number named parameters by first appearance.
            let n = statement
                .parameter_name(index)
                .and_then(|name| name.strip_prefix('$'))
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or(rusqlite::Error::InvalidParameterName(format!("parameter {index}")))?;
            match n.checked_sub(1).and_then(|i| args.get(i)) {
                Some(Arg::Int(v)) => statement.raw_bind_parameter(index, v)?,
                Some(Arg::Text(v)) => statement.raw_bind_parameter(index, v)?,
                None => return Err(rusqlite::Error::InvalidParameterCount(n, args.len())),
            }
        }
        let mut rows = statement.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(T::from_sqlite(row)?);
        }
        Ok(out)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut idle = self.home.idle.lock().unwrap_or_else(|e| e.into_inner());
            if idle.len() < MAX_IDLE {
                idle.push(conn);
            }
        }
    }
}
