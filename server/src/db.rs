//! The database: one `AnyPool` for SQLite (the embedded default) and PostgreSQL, chosen by
//! the URL. Queries are written once, with `$1` placeholders, which both backends accept;
//! the two migration folders differ only where the SQL dialects do.

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres }
    }

    pub fn of_pool(pool: &AnyPool) -> Backend {
        Backend::of_url(pool.connect_options().database_url.as_str())
    }
}

/// The URL with any password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<AnyPool> {
    install_default_drivers();
    let backend = Backend::of_url(url);
    if backend == Backend::Sqlite {
        create_sqlite_parent_dir(url)?;
    }
    let pool = AnyPoolOptions::new()
        .max_connections(if backend == Backend::Sqlite { max_connections.max(2) } else { max_connections })
        .acquire_timeout(Duration::from_secs(5))
        // A SQLite connection is a file handle in this process: it cannot go stale, and the
        // ping before every acquire was a round trip to the connection's worker thread, as
        // many as the statements themselves (a quarter of the account page's time).
        .test_before_acquire(backend != Backend::Sqlite)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers run beside the one writer; NORMAL is durable in WAL
                    // mode across process crashes, which is what "kill -9 loses nothing" needs.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .with_context(|| format!("не удалось подключиться к базе данных {}", redact(url)))?;
    Ok(pool)
}

fn create_sqlite_parent_dir(url: &str) -> anyhow::Result<()> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("не удалось создать каталог {}", parent.display()))?;
    }
    Ok(())
}

/// Applies pending migrations; a failure stops the server (never half-started on a schema
/// it does not understand).
pub async fn migrate(pool: &AnyPool) -> anyhow::Result<()> {
    let migrator = match Backend::of_pool(pool) {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(pool).await.context("не удалось применить миграции базы данных")?;
    if Backend::of_pool(pool) == Backend::Sqlite {
        sqlite_user_ids_never_reused(pool).await.context("не удалось перестроить таблицу users")?;
    }
    Ok(())
}

/// SQLite gives a new row the largest id plus one, so after the newest customer is deleted
/// (consent withdrawn) the next one would get their id, and with it the audit rows and the
/// limits counted by user id. `AUTOINCREMENT` never hands an id out twice. Adding it means
/// rebuilding the table, which SQLite allows only with foreign keys off (a `DROP TABLE`
/// would otherwise cascade into every table that references users), and `PRAGMA
/// foreign_keys` has no effect inside the transaction sqlx runs every migration in: so this
/// one step runs here, once, on its own connection. (PostgreSQL's identity columns never
/// reuse ids.)
async fn sqlite_user_ids_never_reused(pool: &AnyPool) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    let (create,): (String,) =
        sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
            .fetch_one(&mut *conn)
            .await?;
    if create.contains("AUTOINCREMENT") {
        return Ok(());
    }
    let rebuilt = create.replacen("CREATE TABLE users", "CREATE TABLE users_rebuilt", 1).replacen(
        "id INTEGER PRIMARY KEY",
        "id INTEGER PRIMARY KEY AUTOINCREMENT",
        1,
    );
    anyhow::ensure!(
        rebuilt.contains("users_rebuilt") && rebuilt.contains("AUTOINCREMENT"),
        "unexpected users schema"
    );
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await?;
    let result = async {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        for statement in [
            rebuilt.as_str(),
            "INSERT INTO users_rebuilt SELECT * FROM users",
            "DROP TABLE users",
            "ALTER TABLE users_rebuilt RENAME TO users",
        ] {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        tx.commit().await
    }
    .await;
    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
    result?;
    Ok(())
}

/// `SELECT 1` through the pool: what `/healthz` reports.
pub async fn ping(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}
