//! No user enumeration by the clock either: each answer that must look alike (an existing
//! login or not) also takes about as long. The calls are interleaved, and each side is
//! judged by its fastest answer: load on a shared machine only ever adds time, so the
//! minimum is what the code itself costs, and the two must be within a factor of two. A
//! test binary of its own: cargo runs it after the others, so their load does not blur the
//! clock.

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use helpers::{TestApp, spawn_app_with};
use std::time::{Duration, Instant};

async fn timed(app: &TestApp, endpoint: &str, form: &[(&str, &str)]) -> Duration {
    let start = Instant::now();
    let (status, body) = app.call(endpoint, form).await;
    let took = start.elapsed();
    assert!(status.as_u16() < 500 && status.as_u16() != 429, "{endpoint} {form:?}: {status} {body}");
    took
}

fn fastest(samples: Vec<Duration>) -> Duration {
    samples.into_iter().min().unwrap_or_default()
}

fn assert_alike(what: &str, existing: Vec<Duration>, unknown: Vec<Duration>) {
    let (a, b) = (fastest(existing), fastest(unknown));
    let ratio = a.max(b).as_secs_f64() / a.min(b).as_secs_f64().max(1e-6);
    assert!(ratio < 2.0, "{what}: an existing login takes {a:?}, an unknown one {b:?}");
}

#[tokio::test]
async fn answers_for_existing_and_unknown_logins_take_about_the_same_time() {
    let app = spawn_app_with(|s| s.security.codes_per_ip_per_hour = 1000).await;
    app.register_and_confirm("known@mail.ru", "abc12").await;
    let stranger = app.second_browser();
    const ROUNDS: usize = 4; // five wrong passwords would lock the login

    let (mut existing, mut unknown) = (Vec::new(), Vec::new());
    for i in 0..ROUNDS {
        existing.push(
            timed(&stranger, "auth/login", &[("login", "known@mail.ru"), ("password", "wrong1")]).await,
        );
        let ghost = format!("ghost{i}@mail.ru");
        unknown.push(timed(&stranger, "auth/login", &[("login", &ghost), ("password", "wrong1")]).await);
    }
    assert_alike("sign-in", existing, unknown);

    let (mut existing, mut unknown) = (Vec::new(), Vec::new());
    for i in 0..ROUNDS {
        app.clock.advance(61); // past the resend wait, so every call does the whole work
        let form = |login: &str| {
            [("login", login.to_owned()), ("password", "zzz99".into()), ("password_repeat", "zzz99".into())]
        };
        let known = form("known@mail.ru");
        let known: Vec<(&str, &str)> = known.iter().map(|(k, v)| (*k, v.as_str())).collect();
        existing.push(timed(&stranger, "auth/register", &known).await);
        let fresh = form(&format!("newcomer{i}@mail.ru"));
        let fresh: Vec<(&str, &str)> = fresh.iter().map(|(k, v)| (*k, v.as_str())).collect();
        unknown.push(timed(&stranger, "auth/register", &fresh).await);
    }
    assert_alike("registration", existing, unknown);

    let (mut existing, mut unknown) = (Vec::new(), Vec::new());
    for i in 0..ROUNDS {
        app.clock.advance(61);
        existing.push(timed(&stranger, "auth/reset_request", &[("login", "known@mail.ru")]).await);
        let ghost = format!("ghost{i}@mail.ru");
        unknown.push(timed(&stranger, "auth/reset_request", &[("login", &ghost)]).await);
    }
    assert_alike("password reset", existing, unknown);
}
