//! One-click unsubscribe from notification e-mails (RFC 8058). Every such e-mail carries a
//! link, and `List-Unsubscribe`/`List-Unsubscribe-Post` headers, naming the customer and the
//! topic with the portal's signature over both: whoever holds the e-mail can turn that
//! topic's e-mails off (and nothing else), without signing in; no one can make a link for
//! another customer or topic. Nothing is stored per link.

use crate::domain::notification::Topic;
use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use sqlx::AnyPool;

/// The portal's signing key (made once, kept in `portal_keys`, shared by every instance).
#[derive(Clone)]
pub struct UnsubscribeKey([u8; 32]);

impl UnsubscribeKey {
    pub async fn load(pool: &AnyPool) -> sqlx::Result<UnsubscribeKey> {
        let fresh = Base64UrlUnpadded::encode_string(&rand::rngs::OsRng.r#gen::<[u8; 32]>());
        let kept = super::repo::portal_key_or(pool, "unsubscribe_key", &fresh).await?;
        let mut key = [0; 32];
        match Base64UrlUnpadded::decode(kept.trim(), &mut key) {
            Ok(bytes) if bytes.len() == 32 => Ok(UnsubscribeKey(key)),
            _ => Err(sqlx::Error::Decode("portal_keys.unsubscribe_key: не 32 байта base64url".into())),
        }
    }

    /// `17-bills-<signature>`: the customer, the topic and the signature over both.
    pub fn token(&self, user_id: i64, topic: Topic) -> String {
        let signature = Base64UrlUnpadded::encode_string(&self.mac(user_id, topic).finalize().into_bytes());
        format!("{user_id}-{}-{signature}", topic.code())
    }

    /// The customer and topic of a token this portal made; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<(i64, Topic)> {
        let mut parts = token.splitn(3, '-');
        let user_id: i64 = parts.next()?.parse().ok().filter(|id| *id > 0)?;
        let topic = Topic::from_code(parts.next()?).filter(|t| t.is_optional())?;
        let signature = Base64UrlUnpadded::decode_vec(parts.next()?).ok()?;
        // Constant-time comparison.
        self.mac(user_id, topic).verify_slice(&signature).ok()?;
        Some((user_id, topic))
    }

    fn mac(&self, user_id: i64, topic: Topic) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(format!("list-unsubscribe:{user_id}:{}", topic.code()).as_bytes());
        mac
    }
}

/// `user_id:topic` as the outbox keeps it with a notification e-mail → the two.
pub fn parse_list(list: &str) -> Option<(i64, Topic)> {
    let (user_id, topic) = list.split_once(':')?;
    Some((user_id.parse().ok()?, Topic::from_code(topic)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_portals_own_tokens_are_believed() {
        let key = UnsubscribeKey([7; 32]);
        let token = key.token(17, Topic::Bills);
        assert!(token.starts_with("17-bills-"), "{token}");
        assert_eq!(key.verify(&token), Some((17, Topic::Bills)));
        // Another customer or topic with the same signature, another key, a cut signature.
        let signature = token.rsplit('-').next().unwrap();
        assert_eq!(key.verify(&format!("18-bills-{signature}")), None);
        assert_eq!(key.verify(&format!("17-readings-{signature}")), None);
        assert_eq!(UnsubscribeKey([8; 32]).verify(&token), None);
        assert_eq!(key.verify(&token[..token.len() - 2]), None);
        // Topics that always go have no switch to turn off.
        assert_eq!(key.verify(&key.token(17, Topic::Security)), None);
        for junk in ["", "17", "17-bills", "-bills-x", "0-bills-AAAA", "17-bills-!!!"] {
            assert_eq!(key.verify(junk), None, "{junk}");
        }
    }

    #[test]
    fn the_outbox_names_customer_and_topic() {
        assert_eq!(parse_list("17:bills"), Some((17, Topic::Bills)));
        assert_eq!(parse_list("17"), None);
        assert_eq!(parse_list("x:bills"), None);
    }
}
