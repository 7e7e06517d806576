//! The few settings the browser needs to run the same rules as the server (the password
//! policy is configurable). The server writes them into the page as a `<meta>` tag; the
//! browser reads them back before hydrating, so both sides validate with identical values.

use crate::domain::{LoginKinds, PasswordPolicy};
use serde::{Deserialize, Serialize};

pub const META_NAME: &str = "moygaz-config";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PublicConfig {
    pub password_policy: PasswordPolicy,
    /// The kinds of login offered (a kind whose channel is not configured is not).
    #[serde(default)]
    pub login_kinds: LoginKinds,
}

impl PublicConfig {
    /// What the server's settings say; the server functions check with the same values.
    #[cfg(feature = "ssr")]
    pub fn from_settings(s: &crate::settings::Settings) -> PublicConfig {
        let sms = s.sms.gateway_url.is_some() && s.sms.api_id.is_some();
        PublicConfig {
            password_policy: s.security.password_policy(),
            login_kinds: LoginKinds::offered(s.is_production(), s.mail.smtp_url.is_some(), sms),
        }
    }

    /// The kinds of login the server takes (server functions).
    #[cfg(feature = "ssr")]
    pub fn login_kinds(s: &crate::settings::Settings) -> LoginKinds {
        PublicConfig::from_settings(s).login_kinds
    }

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
