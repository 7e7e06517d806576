//! tower-sessions' store over the sessions table (`app::auth::sessions` holds its SQL):
//! every server instance sees every session and a restart signs nobody out.

use app::auth::sessions;
use app::server::reads::Reads;
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

#[derive(Clone)]
pub struct DbSessionStore {
    reads: Reads,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    pub fn new(reads: Reads) -> Self {
        DbSessionStore { reads }
    }

    pub fn pool(&self) -> &sqlx::AnyPool {
        self.reads.pool()
    }

    /// Removes expired sessions; the server runs it periodically.
    pub async fn delete_expired(&self) -> sqlx::Result<u64> {
        sessions::delete_expired(self.pool(), time::OffsetDateTime::now_utc().unix_timestamp()).await
    }
}

/// The signed-in user, from what axum-login keeps in the session.
fn user_id_of(record: &Record) -> Option<i64> {
    record.data.get(app::auth::session::AUTH_DATA_KEY)?.get("user_id")?.as_i64()
}

fn backend(e: sqlx::Error) -> Error {
    Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A fresh random id until one is free: ids are 128-bit, so this loops once.
        loop {
            let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
            let expires_at = record.expiry_date.unix_timestamp();
            let id = record.id.to_string();
            if sessions::insert(self.pool(), &id, user_id_of(record), &data, expires_at)
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Never makes a session (`sessions::update`): new ones come through `create`.
    async fn save(&self, record: &Record) -> Result<()> {
        let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
        let (id, expires_at) = (record.id.to_string(), record.expiry_date.unix_timestamp());
        sessions::update(self.pool(), &id, user_id_of(record), &data, expires_at).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let Some(row) = sessions::load(&self.reads, &id.to_string(), now).await.map_err(backend)? else {
            return Ok(None);
        };
        if let Some((user_id, user)) = row.user() {
            app::auth::users::preload(user_id, user);
        }
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?,
            expiry_date: time::OffsetDateTime::from_unix_timestamp(row.expires_at)
                .map_err(|e| Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        sessions::delete(self.pool(), &id.to_string()).await.map_err(backend)
    }
}
