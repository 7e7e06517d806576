//! Browsers that asked for the portal's notifications (Web Push): what the browser sends
//! when it subscribes, checked before it is kept (the portal will post to that address, so
//! it must be a push service's: `https`, a name, not this network's own hosts), and the
//! portal's VAPID key pair, which identifies the portal to every push service.

use crate::error::AppError;
use base64ct::{Base64UrlUnpadded, Encoding};
use sqlx::AnyPool;
use web_push_native::jwt_simple::algorithms::{ECDSAP256PublicKeyLike, ES256KeyPair};

/// How many browsers one customer may have subscribed; the oldest goes beyond it.
pub const MAX_PER_CUSTOMER: i64 = 10;
const MAX_ENDPOINT_CHARS: usize = 1000;

/// A subscription as `PushSubscription.toJSON()` gives it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

impl Subscription {
    /// `allow_http`: the local trial and the tests, whose push service stand-in is plain
    /// HTTP on 127.0.0.1; never in production.
    pub fn parse(endpoint: &str, p256dh: &str, auth: &str, allow_http: bool) -> Result<Self, AppError> {
        let url = url::Url::parse(endpoint.trim()).map_err(|_| AppError::BadRequest)?;
        let host = url.host_str().unwrap_or_default();
        let is_name =
            matches!(url.host(), Some(url::Host::Domain(_))) && host != "localhost" && host.contains('.');
        let secure = url.scheme() == "https" && is_name && url.port().is_none();
        let trial = allow_http && matches!(url.scheme(), "http" | "https");
        if endpoint.len() > MAX_ENDPOINT_CHARS || !(secure || trial) || !url.username().is_empty() {
            return Err(AppError::BadRequest);
        }
        let key = Base64UrlUnpadded::decode_vec(p256dh.trim()).map_err(|_| AppError::BadRequest)?;
        web_push_native::p256::PublicKey::from_sec1_bytes(&key).map_err(|_| AppError::BadRequest)?;
        let secret = Base64UrlUnpadded::decode_vec(auth.trim()).map_err(|_| AppError::BadRequest)?;
        if secret.len() != 16 {
            return Err(AppError::BadRequest);
        }
        Ok(Subscription {
            endpoint: url.to_string(),
            p256dh: p256dh.trim().to_owned(),
            auth: auth.trim().to_owned(),
        })
    }
}

/// The keys of the browser behind `endpoint`, for encrypting a message to it.
pub struct BrowserKeys {
    pub p256dh: String,
    pub auth: String,
}

pub async fn keys_of(pool: &AnyPool, endpoint: &str) -> sqlx::Result<Option<BrowserKeys>> {
    super::repo::subscription_keys(pool, endpoint)
        .await
        .map(|row| row.map(|(p256dh, auth)| BrowserKeys { p256dh, auth }))
}

/// The push service answered that the subscription is gone.
pub async fn forget(pool: &AnyPool, endpoint: &str) -> sqlx::Result<()> {
    super::repo::delete_subscription(pool, endpoint).await
}

/// The portal's VAPID key pair: the configured one, else the one made on the first start
/// and kept in the database, so that every instance signs with the same key (browsers bind
/// their subscription to the key they subscribed with).
/// An error names the key and what is wrong, for the start to report.
pub async fn vapid_key(pool: &AnyPool, configured: Option<&str>) -> Result<ES256KeyPair, String> {
    let encoded = match configured {
        Some(key) => key.to_owned(),
        None => {
            let fresh = Base64UrlUnpadded::encode_string(&ES256KeyPair::generate().to_bytes());
            super::repo::portal_key_or(pool, "vapid_private_key", &fresh)
                .await
                .map_err(|e| format!("ключ VAPID не сохранён в базе: {e}"))?
        }
    };
    let bytes = Base64UrlUnpadded::decode_vec(encoded.trim())
        .map_err(|_| "notifications.vapid_private_key: не base64url".to_owned())?;
    ES256KeyPair::from_bytes(&bytes).map_err(|_| "notifications.vapid_private_key: не ключ P-256".to_owned())
}

/// The public half as browsers take it (`applicationServerKey`): the uncompressed point,
/// base64url.
pub fn public_key(key: &ES256KeyPair) -> String {
    Base64UrlUnpadded::encode_string(&key.public_key().public_key().to_bytes_uncompressed())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

    #[test]
    fn only_a_push_services_https_address_is_kept_in_production() {
        let parse = |endpoint: &str| Subscription::parse(endpoint, KEY, AUTH, false);
        assert!(parse("https://fcm.googleapis.com/fcm/send/abc:def").is_ok());
        assert!(parse("https://updates.push.services.mozilla.com/wpush/v2/gAAA").is_ok());
        for refused in [
            "http://fcm.googleapis.com/fcm/send/abc",
            "https://127.0.0.1/push",
            "https://[::1]/push",
            "https://localhost/push",
            "https://intranet/push",
            "https://push.example.org:8443/x",
            "https://user:pw@push.example.org/x",
            "file:///etc/passwd",
            "not a url",
        ] {
            assert_eq!(parse(refused), Err(AppError::BadRequest), "{refused}");
        }
        assert!(parse(&format!("https://push.example.org/{}", "a".repeat(1000))).is_err());
        // The local trial's stand-in.
        assert!(Subscription::parse("http://127.0.0.1:3199/push/1", KEY, AUTH, true).is_ok());
    }

    #[test]
    fn the_browser_keys_must_be_a_p256_point_and_16_bytes() {
        let endpoint = "https://push.example.org/x";
        assert!(Subscription::parse(endpoint, KEY, AUTH, false).is_ok());
        assert!(Subscription::parse(endpoint, "AAAA", AUTH, false).is_err());
        assert!(Subscription::parse(endpoint, KEY, "AAAA", false).is_err());
        assert!(Subscription::parse(endpoint, "not base64!", AUTH, false).is_err());
    }
}
