//! Web Push (RFC 8030) to the browsers customers enabled it in: the message encrypted for
//! the browser (RFC 8291, `aes128gcm`) and signed for the push service (VAPID, RFC 8292) by
//! `web-push-native`, posted with the portal's HTTP client. A subscription the push service
//! no longer knows (404, 410) is deleted at once; its message is given up.

use super::DeliveryError;
use app::server::outbox::Outgoing;
use base64ct::{Base64UrlUnpadded, Encoding};
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;
use web_push_native::jwt_simple::algorithms::ES256KeyPair;
use web_push_native::{Auth, WebPushBuilder, p256};

#[derive(Clone)]
pub struct WebPush {
    http: reqwest::Client,
    key: Arc<ES256KeyPair>,
    /// The VAPID `sub`: how the push service reaches the portal's operator.
    subject: String,
    pool: AnyPool,
}

impl WebPush {
    /// `production`: posts go only to public addresses (`public_hosts`).
    pub fn new(key: ES256KeyPair, subject: &str, pool: AnyPool, production: bool) -> anyhow::Result<WebPush> {
        let http = super::public_hosts::push_client(production)?;
        Ok(WebPush { http, key: Arc::new(key), subject: subject.to_owned(), pool })
    }

    pub async fn send(&self, msg: &Outgoing) -> Result<(), DeliveryError> {
        let gone = || DeliveryError::permanent("Браузер отписался от уведомлений");
        let keys = app::notifications::push::keys_of(&self.pool, &msg.recipient)
            .await
            .map_err(|_| DeliveryError::transient("База данных недоступна"))?
            .ok_or_else(gone)?;
        let payload = serde_json::json!({
            "title": msg.subject,
            "body": msg.text,
            "url": msg.link.as_deref().unwrap_or("/notifications"),
        })
        .to_string();
        let request = (|| {
            let endpoint = msg.recipient.parse().ok()?;
            let public =
                p256::PublicKey::from_sec1_bytes(&Base64UrlUnpadded::decode_vec(&keys.p256dh).ok()?).ok()?;
            let auth = Base64UrlUnpadded::decode_vec(&keys.auth).ok().filter(|a| a.len() == 16)?;
            WebPushBuilder::new(endpoint, public, Auth::clone_from_slice(&auth))
                .with_valid_duration(Duration::from_secs(24 * 3600 - 600))
                .with_vapid(&self.key, &self.subject)
                .build(payload)
                .ok()
        })()
        .ok_or_else(|| DeliveryError::permanent("Неверная подписка браузера"))?;
        let request = reqwest::Request::try_from(request)
            .map_err(|_| DeliveryError::permanent("Неверный адрес подписки браузера"))?;
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|_| DeliveryError::transient("Сервис уведомлений браузера не отвечает"))?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            404 | 410 => {
                // RFC 8030 §7.3: the subscription is gone for good.
                let _ = app::notifications::push::forget(&self.pool, &msg.recipient).await;
                Err(gone())
            }
            429 | 500..=599 => {
                Err(DeliveryError::transient("Сервис уведомлений браузера временно недоступен"))
            }
            _ => Err(DeliveryError::permanent("Сервис уведомлений браузера отклонил сообщение")),
        }
    }
}

#[cfg(test)]
mod tests {
    use base64ct::{Base64UrlUnpadded, Encoding};
    use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;
    use web_push_native::{Auth, WebPushBuilder, decrypt, p256};

    fn b64(s: &str) -> Vec<u8> {
        Base64UrlUnpadded::decode_vec(s).unwrap()
    }

    /// RFC 8291, section 5 and appendix A: the message the example's application server
    /// sent, decrypted with the example's user agent keys, is the example's text.
    #[test]
    fn the_rfc_8291_example_decrypts_to_its_plaintext() {
        let ua_private =
            p256::SecretKey::from_slice(&b64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94")).unwrap();
        assert_eq!(
            Base64UrlUnpadded::encode_string(ua_private.public_key().to_encoded_point(false).as_bytes()),
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
        );
        let auth = Auth::clone_from_slice(&b64("BTBZMqHH6r4Tts7J_aSIgg"));
        let body = b64(
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
        );
        // The header: the example's salt, a 4096-byte record, the sender's public key.
        assert_eq!(&body[..16], b64("DGv6ra1nlYgDCS1FRnbzlw").as_slice());
        assert_eq!(u32::from_be_bytes(body[16..20].try_into().unwrap()), 4096);
        assert_eq!(body[20], 65);
        let plain = decrypt(body, &ua_private, &auth).unwrap();
        assert_eq!(plain, b"When I grow up, I want to be a watermelon");
    }

    /// What the portal builds for a browser: the `aes128gcm` body that browser (and only
    /// it) decrypts, fresh salt and key every time.
    #[test]
    fn a_push_decrypts_only_for_its_browser() {
        let browser = p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng);
        let other = p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng);
        let auth = Auth::clone_from_slice(&[7u8; 16]);
        let key = web_push_native::jwt_simple::algorithms::ES256KeyPair::generate();
        let builder =
            WebPushBuilder::new("https://push.example.org/x".parse().unwrap(), browser.public_key(), auth)
                .with_vapid(&key, "mailto:ops@example.org");
        let first = builder.build("Передайте показания").unwrap();
        let second = builder.build("Передайте показания").unwrap();
        assert_eq!(first.headers()["content-encoding"], "aes128gcm");
        assert_ne!(first.body(), second.body(), "a fresh salt and key per message");
        assert_eq!(decrypt(first.body().clone(), &browser, &auth).unwrap(), "Передайте показания".as_bytes());
        assert!(decrypt(first.into_body(), &other, &auth).is_err());
    }
}
