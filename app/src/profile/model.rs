//! What the browser receives from the profile server functions. Compiled for both targets.

use serde::{Deserialize, Serialize};

/// The profile as the settings page shows and edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProfileInfo {
    pub login: String,
    pub full_name: String,
    pub contact_phone: String,
    pub contact_email: String,
}
