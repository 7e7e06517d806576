//! Web Push over HTTP: a browser's subscription is checked and kept, a reminder reaches it
//! through a push-service stand-in (wiremock) that checks what a real push service checks:
//! the VAPID JWT (ES256 by the key in `k`, `aud` the endpoint's origin, `exp` within 24 h,
//! `sub` the configured contact) and the `aes128gcm` body, which it decrypts with the
//! browser's private key; a subscription answered 404 or 410 is deleted.

use crate::helpers::{TestApp, spawn_app_with};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use reqwest::StatusCode;
use web_push_native::jwt_simple::prelude::*;
use web_push_native::p256;
use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CONTACT: &str = "mailto:duty@gaz-portal.test";

/// A browser: its key pair and auth secret, as `pushManager.subscribe` makes them.
struct Browser {
    secret: p256::SecretKey,
    auth: [u8; 16],
    endpoint: String,
}

impl Browser {
    fn new(endpoint: String) -> Browser {
        use p256::elliptic_curve::rand_core::{OsRng, RngCore};
        let secret = p256::SecretKey::random(&mut OsRng);
        let mut auth = [0u8; 16];
        OsRng.fill_bytes(&mut auth);
        Browser { secret, auth, endpoint }
    }

    fn form(&self) -> Vec<(&'static str, String)> {
        let public = self.secret.public_key().to_encoded_point(false);
        vec![
            ("endpoint", self.endpoint.clone()),
            ("p256dh", B64.encode(public.as_bytes())),
            ("auth", B64.encode(self.auth)),
        ]
    }
}

async fn subscribe(app: &TestApp, browser: &Browser) -> (StatusCode, serde_json::Value) {
    let form = browser.form();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call("notifications/push_subscribe", &form).await
}

fn set_time(app: &TestApp, date: &str, hour: i64) {
    let target = app::domain::time::parse_date_msk(date).unwrap() + hour * 3600;
    app.clock.advance(target - app.clock.now());
}

async fn subscriptions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT endpoint FROM push_subscriptions ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

/// The outbox row of the push to `endpoint`: (sent, last error).
async fn push_fate(app: &TestApp, endpoint: &str) -> Option<(Option<i64>, Option<String>)> {
    for _ in 0..100 {
        let row: Option<(Option<i64>, Option<String>, i64)> = sqlx::query_as(
            "SELECT sent_at, last_error, attempts FROM outbox WHERE channel = 'push' AND recipient = $1",
        )
        .bind(endpoint)
        .fetch_optional(&app.pool)
        .await
        .unwrap();
        match row {
            Some((sent, error, attempts)) if sent.is_some() || attempts > 0 => return Some((sent, error)),
            _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    None
}

#[tokio::test]
async fn a_reminder_reaches_the_browser_signed_and_encrypted() {
    let push_service = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("^/push/ok"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&push_service)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/push/gone"))
        .respond_with(ResponseTemplate::new(410))
        .mount(&push_service)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/push/unknown"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&push_service)
        .await;
    let app = spawn_app_with(|s| s.notifications.vapid_subject = CONTACT.into()).await;
    set_time(&app, "2026-12-15", 10);
    app.customer("push@example.ru").await;
    let provider = app.provider_id("demo").await;
    let (status, _) = app.call("accounts/bind", &[("provider", &provider), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::OK);

    let ok = Browser::new(format!("{}/push/ok/1", push_service.uri()));
    let gone = Browser::new(format!("{}/push/gone/2", push_service.uri()));
    let unknown = Browser::new(format!("{}/push/unknown/3", push_service.uri()));
    for browser in [&ok, &gone, &unknown] {
        let (status, body) = subscribe(&app, browser).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(subscriptions(&app).await.len(), 3);

    let run = app::notifications::scheduler::run(&app.state).await.unwrap();
    assert_eq!((run.made, run.queued), (1, 4), "an e-mail and a push to each of three browsers");
    let (sent, _) = push_fate(&app, &ok.endpoint).await.unwrap();
    assert!(sent.is_some(), "201: delivered");
    for browser in [&gone, &unknown] {
        let (sent, error) = push_fate(&app, &browser.endpoint).await.unwrap();
        assert!(sent.is_none());
        assert_eq!(error.as_deref(), Some("Браузер отписался от уведомлений"));
    }
    assert_eq!(subscriptions(&app).await, vec![ok.endpoint.clone()], "404 and 410 forget the subscription");

    // What the push service received for the browser that is still there.
    let requests = push_service.received_requests().await.unwrap();
    let request =
        requests.iter().find(|r| r.url.path() == "/push/ok/1").expect("a request to the push service");
    assert_eq!(request.headers["content-encoding"], "aes128gcm");
    assert!(request.headers["ttl"].to_str().unwrap().parse::<u64>().unwrap() > 0);
    let authorization = request.headers["authorization"].to_str().unwrap();
    let (token, key) = authorization
        .strip_prefix("vapid t=")
        .and_then(|rest| rest.split_once(", k="))
        .unwrap_or_else(|| panic!("{authorization}"));
    let vapid = ES256PublicKey::from_bytes(&B64.decode(key).unwrap()).unwrap();
    // The push service's origin, as web-push-native writes it: scheme and host (a real push
    // service is on the default port).
    let endpoint = url::Url::parse(&ok.endpoint).unwrap();
    let origin = format!("{}://{}", endpoint.scheme(), endpoint.host_str().unwrap());
    let claims: serde_json::Value =
        serde_json::from_slice(&B64.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap();
    assert_eq!(claims["aud"], origin.as_str(), "the push service's origin: {claims}");
    let options = VerificationOptions {
        allowed_audiences: Some(std::collections::HashSet::from([origin])),
        ..Default::default()
    };
    let claims = vapid
        .verify_token::<NoCustomClaims>(token, Some(options))
        .expect("an ES256 token by `k` for this origin");
    assert_eq!(claims.subject.as_deref(), Some(CONTACT));
    let expires = claims.expires_at.unwrap().as_secs() as i64;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!(expires > now && expires <= now + 24 * 3600, "exp within 24 hours (RFC 8292)");
    // The portal announces the same key to browsers.
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(choices["push_key"], key);

    let auth = web_push_native::Auth::clone_from_slice(&ok.auth);
    let plain = web_push_native::decrypt(request.body.clone(), &ok.secret, &auth)
        .expect("aes128gcm for this browser");
    let payload: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(payload["title"], "Передайте показания до 25 декабря");
    assert!(payload["body"].as_str().unwrap().contains("23185952"), "{payload}");
    assert!(payload["url"].as_str().unwrap().ends_with("/readings"), "{payload}");
}

#[tokio::test]
async fn subscriptions_are_checked_and_belong_to_one_customer() {
    let app = spawn_app_with(|_| {}).await;
    let (status, _) = subscribe(&app, &Browser::new("https://push.example.org/a".into())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "signed in only");
    app.customer("first@example.ru").await;
    let browser = Browser::new("https://push.example.org/shared".into());
    assert_eq!(subscribe(&app, &browser).await.0, StatusCode::OK);
    // Refused: no keys, a short auth secret, not a URL.
    let mut broken = browser.form();
    broken[1].1 = "AAAA".into();
    let broken: Vec<(&str, &str)> = broken.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("notifications/push_subscribe", &broken).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(subscribe(&app, &Browser::new("not a url".into())).await.0, StatusCode::BAD_REQUEST);

    // The same browser, signed in as another customer, is that customer's now.
    let second = app.second_browser();
    second.customer("second@example.ru").await;
    assert_eq!(subscribe(&second, &browser).await.0, StatusCode::OK);
    let owners: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM push_subscriptions").fetch_all(&app.pool).await.unwrap();
    assert_eq!(owners.len(), 1);
    // Unsubscribing someone else's browser does nothing; one's own does.
    let endpoint = [("endpoint", browser.endpoint.as_str())];
    assert_eq!(app.call("notifications/push_unsubscribe", &endpoint).await.0, StatusCode::OK);
    assert_eq!(subscriptions(&app).await.len(), 1);
    assert_eq!(second.call("notifications/push_unsubscribe", &endpoint).await.0, StatusCode::OK);
    assert!(subscriptions(&app).await.is_empty());

    // At most ten browsers a customer: the oldest goes.
    for i in 0..12 {
        assert_eq!(
            subscribe(&app, &Browser::new(format!("https://push.example.org/b{i}"))).await.0,
            StatusCode::OK
        );
    }
    let kept = subscriptions(&app).await;
    assert_eq!(kept.len(), 10);
    assert_eq!(kept[0], "https://push.example.org/b2");
}

#[tokio::test]
async fn fifty_browsers_at_once_still_leave_ten() {
    let app = spawn_app_with(|_| {}).await;
    app.customer("many@example.ru").await;
    let browsers: Vec<Browser> =
        (0..50).map(|i| Browser::new(format!("https://push.example.org/p{i}"))).collect();
    let answers = futures::future::join_all(browsers.iter().map(|b| subscribe(&app, b))).await;
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::OK, "{body}");
    }
    assert_eq!(subscriptions(&app).await.len(), 10, "the cap holds under parallel subscriptions");
}

#[tokio::test]
async fn a_renewed_subscription_at_the_cap_keeps_the_other_nine() {
    let app = spawn_app_with(|_| {}).await;
    app.customer("renew@example.ru").await;
    for i in 0..10 {
        let browser = Browser::new(format!("https://push.example.org/r{i}"));
        assert_eq!(subscribe(&app, &browser).await.0, StatusCode::OK);
    }
    // The browser of r5 renews its subscription (`pushsubscriptionchange`): the new
    // endpoint takes r5's place, and the oldest (r0) is not pushed out by the cap.
    let renewed = Browser::new("https://push.example.org/r5-renewed".into());
    let mut form = renewed.form();
    form.push(("replaces", "https://push.example.org/r5".into()));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("notifications/push_subscribe", &form).await.0, StatusCode::OK);
    let kept = subscriptions(&app).await;
    assert_eq!(kept.len(), 10, "{kept:?}");
    assert_eq!(kept[0], "https://push.example.org/r0", "{kept:?}");
    assert!(!kept.contains(&"https://push.example.org/r5".to_string()), "{kept:?}");
    assert!(kept.contains(&renewed.endpoint), "{kept:?}");
}

/// On PostgreSQL the customer's lock (`auth::repo::lock_user`) is a row lock, not an
/// update: subscribing writes no new version of the customer's row.
#[tokio::test]
async fn subscribing_locks_the_customer_without_rewriting_their_row() {
    if crate::helpers::backend() != "postgres" {
        return; // SQLite's lock is its one write lock, taken by a write.
    }
    let app = spawn_app_with(|_| {}).await;
    app.customer("xmin@example.ru").await;
    let version = || async {
        sqlx::query_scalar::<_, String>("SELECT xmin::text FROM users WHERE login = 'xmin@example.ru'")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let before = version().await;
    let browser = Browser::new("https://push.example.org/xmin".into());
    assert_eq!(subscribe(&app, &browser).await.0, StatusCode::OK);
    assert_eq!(subscriptions(&app).await, vec![browser.endpoint.clone()]);
    assert_eq!(version().await, before, "the customer's row was rewritten");
}
