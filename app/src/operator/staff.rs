//! Making an operator (`moygaz operator create <login>`): an administrator's act on the
//! server, never a web request.

use super::repo::staff as repo;
use crate::domain::audit::{Actor, Subject};
use crate::domain::{Login, Password, PasswordPolicy};
use crate::secret_hash;
use crate::server::audit;

#[derive(Debug, PartialEq, Eq)]
pub enum Created {
    New,
    /// The login already was an operator: the password is replaced.
    PasswordReplaced,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("логин {0} принадлежит клиенту; у оператора должен быть отдельный логин")]
    CustomerLogin(String),
    /// Logged where it happened (see `AppError`'s conversion from `sqlx::Error`).
    #[error("ошибка базы данных")]
    Database(#[from] crate::error::AppError),
}

/// Inside the transaction every database error converts (and is logged) on its own.
enum StaffOrDb {
    Staff(StaffError),
    Db(crate::error::AppError),
}

impl From<sqlx::Error> for StaffOrDb {
    fn from(e: sqlx::Error) -> Self {
        StaffOrDb::Db(e.into())
    }
}

impl From<crate::error::AppError> for StaffOrDb {
    fn from(e: crate::error::AppError) -> Self {
        StaffOrDb::Db(e)
    }
}

impl From<StaffOrDb> for StaffError {
    fn from(e: StaffOrDb) -> Self {
        match e {
            StaffOrDb::Staff(e) => e,
            StaffOrDb::Db(e) => StaffError::Database(e),
        }
    }
}

/// Creates the operator `login` with `password`, or replaces an operator's password. A
/// customer's login is refused: a customer's cabinet must not silently turn into a console.
pub async fn create_operator(
    pool: &sqlx::AnyPool,
    login: &Login,
    password: &Password,
    now: i64,
) -> Result<Created, StaffError> {
    let hash = secret_hash::hash_blocking(password.expose().to_owned()).await;
    Ok(store(pool, login, &hash, now).await?)
}

async fn store(pool: &sqlx::AnyPool, login: &Login, hash: &str, now: i64) -> Result<Created, StaffOrDb> {
    let mut tx = pool.begin().await?;
    let existing = repo::user_by_login(&mut *tx, login.as_str()).await?;
    let created = match existing {
        Some(user) if user.role != "operator" => {
            return Err(StaffOrDb::Staff(StaffError::CustomerLogin(login.as_str().into())));
        }
        Some(user) => {
            repo::set_password_hash(&mut *tx, user.user_id, hash).await?;
            repo::delete_sessions(&mut *tx, user.user_id).await?;
            Created::PasswordReplaced
        }
        None => {
            repo::insert_operator(&mut *tx, login.as_str(), hash, now).await?;
            Created::New
        }
    };
    let action = if created == Created::New { "operator.created" } else { "operator.password_replaced" };
    audit::record(&mut tx, now, Actor::Cli, action, &Subject::Login(login.as_str().to_owned()), "").await?;
    tx.commit().await?;
    Ok(created)
}

/// Operators' passwords are longer than the seed's 5–10 characters for customers: they
/// open everyone's data.
pub const OPERATOR_POLICY: PasswordPolicy = PasswordPolicy { min_len: 12, max_len: 64 };

/// A password for an operator who did not bring one: 16 Latin letters and digits from the
/// CSPRNG (about 95 bits), shown once by the CLI.
pub fn generate_password() -> String {
    use rand::Rng;
    use rand::distributions::Alphanumeric;
    rand::rngs::OsRng.sample_iter(&Alphanumeric).take(16).map(char::from).collect()
}
