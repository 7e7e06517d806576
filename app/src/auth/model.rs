//! What the browser receives from the auth server functions: the signed-in user, the
//! registration waiting for its code, and the fate of the code's message. Compiled for both
//! targets.

use serde::{Deserialize, Serialize};

/// What the confirmation page shows about the registration waiting for its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInfo {
    /// The login, masked for a phone (`+7 912 ***-**-89`), as typed for an e-mail.
    pub shown_login: String,
    pub by_sms: bool,
    /// Seconds until "send again" is allowed.
    pub resend_in: i64,
    pub delivery: Delivery,
}

/// What became of the newest message to the login: the page follows it while it is queued
/// and shows the reason if the gateway refused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    Queued,
    Sent,
    /// Not delivered (yet): the Russian reason, and whether retries go on.
    Failed {
        reason: String,
        retrying: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub login: String,
    pub consent_signed: bool,
    /// Operators work in the console (`/operator`), not in a customer's cabinet.
    pub is_operator: bool,
    /// Notifications not seen yet: the header's count.
    pub unread_notifications: i64,
}
