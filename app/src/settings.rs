//! The portal's runtime configuration, as read from `Leptos.toml` and `MOYGAZ_*` variables
//! by `server/src/config.rs`. Lives in `app` because server functions read it from the state.
//!
//! The defaults are not here: the repository's `Leptos.toml`, embedded in the binary, is the
//! one copy, and `server::config` always merges it first. A key missing from the merged
//! configuration is an error. Only optional keys (`Option`, unset by default and commented
//! out in `Leptos.toml`) carry `#[serde(default)]`.

use crate::domain::PasswordPolicy;
use serde::Deserialize;
use std::fmt;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub site: SiteSettings,
    pub database: DatabaseSettings,
    pub mail: MailSettings,
    pub sms: SmsSettings,
    pub payments: PaymentSettings,
    pub security: SecuritySettings,
    pub readings: ReadingSettings,
    pub notifications: NotificationSettings,
    pub log: LogSettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `text` (for a terminal) or `json` (one object a line, for a log collector).
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// How strict the portal is about its configuration (`site.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteMode {
    /// A developer's machine or a demonstration: demo data, messages in the log.
    Local,
    /// On the internet: every problem of `server/src/config.rs`'s check stops the start.
    Production,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadingSettings {
    /// A new reading more than this many m³ above the last accepted one is refused as a
    /// typo (a household burns a few hundred m³ in the coldest month).
    pub max_jump_m3: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationSettings {
    /// Whether customers may choose SMS for reminders and payment notices (an SMS costs the
    /// supplier money). Codes, answers and security notices go by SMS to a phone login anyway.
    pub sms: bool,
    /// How often each instance looks for reminders to make (the readings window); each is
    /// made once however many instances look.
    pub scheduler_every_secs: u64,
    /// The contact push services see with every push (VAPID `sub`): `mailto:` or `https:`.
    pub vapid_subject: String,
    /// The VAPID private key (P-256 scalar, base64url). Unset: the portal makes one on the
    /// first start and keeps it in the database for every instance.
    #[serde(default)]
    pub vapid_private_key: Option<Secret>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// Address the HTTP server binds, e.g. `127.0.0.1:3000`.
    pub addr: std::net::SocketAddr,
    /// The URL customers reach the portal at; links in e-mails start with it, and an
    /// `https` URL switches cookies to `Secure`.
    pub public_url: String,
    /// Load the demo data set at start (idempotent).
    pub demo_data: bool,
    /// Keep delivered messages readable at `/dev/outbox/latest?to=…` (tests and local
    /// trials only; it is ignored when SMTP or an SMS gateway is configured).
    pub dev_outbox: bool,
    /// Starts the portal's clock at this Unix time instead of now (browser tests and
    /// demonstrations of date rules, such as the readings window; never in production).
    #[serde(default)]
    pub clock_start_unix: Option<i64>,
    /// `local` or `production`; unset, the portal is in production when `public_url` is
    /// `https://…` (`Settings::is_production`).
    #[serde(default)]
    pub mode: Option<SiteMode>,
    /// Reverse proxies (addresses or CIDRs, `10.0.0.0/8`, `::1`) whose `X-Forwarded-For` /
    /// `Forwarded` headers name the client. Requests from anywhere else are their own client.
    #[serde(deserialize_with = "networks")]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Addresses (or CIDRs) that may read `GET /metrics`; the client address after the
    /// trusted proxies is what is checked.
    #[serde(deserialize_with = "networks")]
    pub metrics_from: Vec<ipnet::IpNet>,
}

/// A list of addresses or CIDRs; a bare address is a network of its own.
fn networks<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ipnet::IpNet>, D::Error> {
    use serde::de::Error;
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|raw| {
            let raw = raw.trim();
            raw.parse::<ipnet::IpNet>()
                .or_else(|_| raw.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| D::Error::custom(format!("`{raw}` is not an IP address or CIDR network")))
        })
        .collect()
}

impl Settings {
    /// On the internet: `site.mode = "production"`, or no mode and an `https` public URL.
    pub fn is_production(&self) -> bool {
        match self.site.mode {
            Some(mode) => mode == SiteMode::Production,
            None => self.is_https(),
        }
    }

    /// Customers reach the portal over https (its public URL says so): cookies are
    /// `Secure` and `__Host-`, HSTS is sent.
    pub fn is_https(&self) -> bool {
        self.site.public_url.trim_start().to_ascii_lowercase().starts_with("https://")
    }

    /// True when messages only go to the log: no SMTP and no SMS gateway configured.
    pub fn demo_delivery(&self) -> bool {
        self.mail.smtp_url.is_none() && self.sms.gateway_url.is_none()
    }

    pub fn dev_outbox_enabled(&self) -> bool {
        self.site.dev_outbox && self.demo_delivery()
    }
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://…` (the default, a file in `data/`) or `postgres://user@host/db`.
    pub url: Secret,
    pub max_connections: u32,
}

impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings").field("url", &self.url).finish()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// `smtp://user:pass@host:587` or `smtps://…`; empty: messages go to the log.
    #[serde(default)]
    pub smtp_url: Option<Secret>,
    pub from: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsSettings {
    /// Base URL of the SMS.ru-compatible gateway; empty: messages go to the log.
    #[serde(default)]
    pub gateway_url: Option<String>,
    #[serde(default)]
    pub api_id: Option<Secret>,
    pub sender: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentSettings {
    /// `sandbox` (built-in acquirer page) or `yookassa`.
    pub provider: PaymentProvider,
    /// YooKassa's API (v3); a stand-in's address in tests.
    pub api_url: String,
    /// YooKassa's shop ids are numbers; `MOYGAZ_PAYMENTS__SHOP_ID=506751` must work.
    #[serde(default, deserialize_with = "string_or_number")]
    pub shop_id: Option<String>,
    #[serde(default)]
    pub secret_key: Option<Secret>,
    /// Largest amount one payment may carry, in kopecks.
    pub max_amount_kopecks: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentProvider {
    Sandbox,
    Yookassa,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// The password rule's lengths (`password_policy`, sent to the browser with the page).
    /// `Leptos.toml` gives the seed's rule, which is also `PasswordPolicy::default()` (the
    /// browser's fallback); a test in `server/src/config.rs` keeps the two equal.
    pub password_min_len: usize,
    pub password_max_len: usize,
    /// Largest request body the server accepts, in bytes.
    pub max_body_bytes: usize,
    /// Wrong tries of one confirmation code before a new code is needed, and wrong
    /// control-question answers per customer and account in 24 hours (wrong passwords have a
    /// fixed limit of their own).
    pub max_attempts: u32,
    /// Confirmation codes one IP address may request an hour (a whole office or a mobile
    /// carrier's NAT can share an address, so this is looser than the per-login limit).
    pub codes_per_ip_per_hour: u32,
    /// Support questions one IP address may ask an hour (a contact: 3 an hour, fixed).
    pub questions_per_ip_per_hour: u32,
    /// Requests to server functions one IP address may make a second, on average…
    pub requests_per_second_per_ip: u32,
    /// …and at once (a burst); more get 429. Held in each server's memory.
    pub request_burst_per_ip: u32,
    /// Attempts to bind a personal account one customer may make an hour.
    pub bind_attempts_per_hour: u32,
    /// Wrong control-question answers one account may receive a day from all its customers
    /// together: fresh registrations, each with its own `max_attempts`, cannot add up to a
    /// walk through the PINs.
    pub control_answers_per_account_per_day: u32,
}

impl SecuritySettings {
    pub fn password_policy(&self) -> PasswordPolicy {
        PasswordPolicy { min_len: self.password_min_len, max_len: self.password_max_len }
    }
}

/// A configuration value that must never be printed: `Debug` shows `***`.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(u64),
    }
    Ok(Option::<Raw>::deserialize(d)?.map(|raw| match raw {
        Raw::Text(s) => s,
        Raw::Number(n) => n.to_string(),
    }))
}
