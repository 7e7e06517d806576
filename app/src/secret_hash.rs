//! Argon2id hashing for every secret the portal keeps: passwords, one-time codes, PINs.
//! Server-only. Hashing is CPU-heavy by design, so async callers go through
//! `hash_blocking`/`verify_blocking`, which run it off the async worker threads.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};

/// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub fn hash(secret: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(secret.as_bytes(), &salt)
        .expect("argon2 hashing with valid parameters cannot fail")
        .to_string()
}

/// False for a wrong secret and for a malformed stored hash alike.
pub fn verify(phc: &str, candidate: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| hasher().verify_password(candidate.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// At most this many hashes run at once, leaving a core for rendering pages: a flood of
/// sign-ins queues here instead of starving everyone else (measured in docs/benchmarks.md).
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    tokio::sync::Semaphore::new(cores.saturating_sub(1).max(1))
});

pub async fn hash_blocking(secret: String) -> String {
    let _permit = HASHING.acquire().await;
    tokio::task::spawn_blocking(move || {
        yield_to_requests();
        hash(&secret)
    })
    .await
    .unwrap_or_default()
}

pub async fn verify_blocking(phc: String, candidate: String) -> bool {
    let _permit = HASHING.acquire().await;
    tokio::task::spawn_blocking(move || {
        yield_to_requests();
        verify(&phc, &candidate)
    })
    .await
    .unwrap_or(false)
}

/// Lowers this (blocking-pool) thread's scheduling priority, once: when the machine is
/// busy, the threads answering requests run first and hashing waits.
fn yield_to_requests() {
    #[cfg(target_os = "linux")]
    {
        thread_local!(static LOWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
        LOWERED.with(|done| {
            if !done.get() {
                // SAFETY: setpriority on the calling thread (tid from gettid) has no memory effects.
                unsafe {
                    let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                    libc::setpriority(libc::PRIO_PROCESS, tid, 19);
                }
                done.set(true);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_salted_argon2id_and_verify() {
        let a = hash("4821");
        let b = hash("4821");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify(&a, "4821"));
        assert!(!verify(&a, "4822"));
        assert!(!verify("not a hash", "4821"));
    }
}
