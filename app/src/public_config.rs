//! The few settings the browser needs to run the same rules as the server (the password
//! policy is configurable). The server writes them into the page as a `<meta>` tag; the
//! browser reads them back before hydrating, so both sides validate with identical values.

use crate::domain::PasswordPolicy;
use serde::{Deserialize, Serialize};

pub const META_NAME: &str = "moygaz-config";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PublicConfig {
    pub password_policy: PasswordPolicy,
}

impl PublicConfig {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// In the browser: the values the server rendered. On the server: the values the router
    /// provided. Falls back to the defaults, which are also the seed's rules.
    pub fn current() -> PublicConfig {
        #[cfg(feature = "hydrate")]
        {
            let from_page = leptos::prelude::document()
                .query_selector(&format!("meta[name='{META_NAME}']"))
                .ok()
                .flatten()
                .and_then(|el| el.get_attribute("content"))
                .and_then(|json| serde_json::from_str(&json).ok());
            if let Some(cfg) = from_page {
                return cfg;
            }
        }
        leptos::prelude::use_context::<PublicConfig>().unwrap_or_default()
    }
}
