//! Random secrets: one-time codes and link tokens.

use rand::Rng;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// A 6-digit code from the operating system's CSPRNG, leading zeros kept.
pub fn six_digit_code() -> String {
    format!("{:06}", OsRng.gen_range(0..1_000_000u32))
}

/// A new PIN for a personal account, issued by an operator: 4 digits like the printed ones
/// (the control question accepts 4 to 8), from the CSPRNG, leading zeros kept.
pub fn four_digit_pin() -> String {
    format!("{:04}", OsRng.gen_range(0..10_000u32))
}

/// 256 random bits, URL-safe hex.
pub fn link_token() -> String {
    let bytes: [u8; 32] = OsRng.r#gen();
    hex(&bytes)
}

/// A payment's public id: 128 random bits, hex. Unguessable, so it can sit in the return
/// URL and serve as the acquirer's idempotence key.
pub fn payment_id() -> String {
    let bytes: [u8; 16] = OsRng.r#gen();
    hex(&bytes)
}

/// Link tokens carry 256 bits of entropy, so a fast hash is enough to store them.
pub fn sha256_hex(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..50).map(|_| six_digit_code()).collect();
        assert!(codes.iter().all(|c| c.len() == 6 && c.chars().all(|d| d.is_ascii_digit())));
        assert!(codes.len() > 40);
        assert_eq!(link_token().len(), 64);
        assert_ne!(link_token(), link_token());
        assert_eq!(sha256_hex("abc").len(), 64);
    }

    #[test]
    fn pins_are_four_digits_and_vary() {
        let pins: std::collections::HashSet<String> = (0..50).map(|_| four_digit_pin()).collect();
        assert!(pins.iter().all(|p| p.len() == 4 && p.chars().all(|d| d.is_ascii_digit())));
        assert!(pins.len() > 30);
    }
}
