//! The security events of an account's customers for its card: the audit rows whose subject
//! is one of them (`user:{id}`: sign-ins, wrong passwords, lockouts, password and login
//! changes, signing out everywhere, a withdrawn consent). "The account's customers" are
//! those bound to it now and those who ever bound it (an audit row by `user:{id}` about
//! the account), so a customer who unbound it or left the portal still shows.

use super::model::{SECURITY_EVENTS_LIMIT, SecurityEvent};
use super::repo::security as repo;
use crate::domain::audit::Subject;
use crate::error::AppError;
use crate::state::AppState;
use std::collections::HashMap;

pub async fn of_account(state: &AppState, account_id: i64) -> Result<Vec<SecurityEvent>, AppError> {
    let rows = repo::of_account(
        &state.pool,
        &Subject::Account(account_id).to_string(),
        account_id,
        SECURITY_EVENTS_LIMIT,
    )
    .await?;
    // A handful of customers: their logins one by one.
    let mut logins: HashMap<String, String> = HashMap::new();
    for subject in rows.iter().map(|row| &row.subject) {
        if logins.contains_key(subject) {
            continue;
        }
        let name = match subject.parse::<Subject>() {
            Ok(Subject::User(id)) => match repo::login_of(&state.pool, id).await? {
                Some(login) => login,
                None => format!("клиент № {id} (удалён)"),
            },
            _ => subject.clone(),
        };
        logins.insert(subject.clone(), name);
    }
    Ok(rows
        .into_iter()
        .map(|row| SecurityEvent { at: row.at, customer: logins[&row.subject].clone(), action: row.action })
        .collect())
}
