//! The security events of an account's customers for its card: the audit rows whose subject
//! is one of them (`user:{id}`: sign-ins, wrong passwords, lockouts, password and login
//! changes, signing out everywhere, a withdrawn consent). "The account's customers" are
//! those bound to it now and those who ever bound it (an audit row by `user:{id}` about
//! the account), so a customer who unbound it or left the portal still shows.

use super::model::{SECURITY_EVENTS_LIMIT, SecurityEvent};
use crate::accounts::service::subject_of;
use crate::error::AppError;
use crate::state::AppState;
use std::collections::HashMap;

pub async fn of_account(state: &AppState, account_id: i64) -> Result<Vec<SecurityEvent>, AppError> {
    // Both halves of the subquery go through an index: audit_log (subject, at) and
    // bindings (account_id); the outer IN is the same index again.
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT l.at, l.action, l.subject FROM audit_log l WHERE l.subject IN ( \
             SELECT a.actor FROM audit_log a WHERE a.subject = $1 AND a.actor LIKE 'user:%' \
             UNION \
             SELECT 'user:' || CAST(b.user_id AS TEXT) FROM bindings b WHERE b.account_id = $2) \
         ORDER BY l.at DESC, l.id DESC LIMIT $3",
    )
    .bind(subject_of(account_id).to_string())
    .bind(account_id)
    .bind(SECURITY_EVENTS_LIMIT)
    .fetch_all(&state.pool)
    .await?;
    // A handful of customers: their logins one by one.
    let mut logins: HashMap<String, String> = HashMap::new();
    for (_, _, subject) in &rows {
        if logins.contains_key(subject) {
            continue;
        }
        let id = subject.strip_prefix("user:").and_then(|id| id.parse::<i64>().ok());
        let login: Option<(String,)> = match id {
            Some(id) => {
                sqlx::query_as("SELECT login FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&state.pool)
                    .await?
            }
            None => None,
        };
        let name = login.map(|(l,)| l).unwrap_or_else(|| {
            format!("клиент № {} (удалён)", subject.strip_prefix("user:").unwrap_or(subject))
        });
        logins.insert(subject.clone(), name);
    }
    Ok(rows
        .into_iter()
        .map(|(at, action, subject)| SecurityEvent { at, customer: logins[&subject].clone(), action })
        .collect())
}
