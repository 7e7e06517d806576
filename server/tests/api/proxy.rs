//! Behind a reverse proxy and on several instances (issue 16): only a trusted proxy may
//! name the client, every per-IP limit and consent record follows that client, IPv6
//! clients count by /64, and the https headers (HSTS, `__Host-` cookie, `no-store`).

use crate::helpers::{TestApp, spawn_app, spawn_app_on_with, spawn_app_with};
use app::settings::{Settings, SiteMode};
use reqwest::StatusCode;

fn behind_proxy(s: &mut Settings) {
    s.site.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap(), "::1/128".parse().unwrap()];
    s.security.codes_per_ip_per_hour = 2;
}

/// A registration from `client` as the proxy forwards it; the status of the answer.
async fn register_from(app: &TestApp, client: &str, login: &str) -> StatusCode {
    app.client
        .post(app.url("/api/auth/register"))
        .header("Origin", &app.address)
        .header("Accept", "application/json")
        .header("X-Forwarded-For", client)
        .form(&[("login", login), ("password", "abc12"), ("password_repeat", "abc12")])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn limits_follow_the_client_behind_a_trusted_proxy_on_every_instance() {
    let first = spawn_app_with(behind_proxy).await;
    let second = spawn_app_on_with(&first.database_url(), behind_proxy).await;
    // Client A has codes sent through both instances: the database limit holds across them.
    assert_eq!(register_from(&first, "198.51.100.1", "a1@example.ru").await, StatusCode::OK);
    assert_eq!(register_from(&second, "198.51.100.1", "a2@example.ru").await, StatusCode::OK);
    assert_eq!(register_from(&first, "198.51.100.1", "a3@example.ru").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(register_from(&second, "198.51.100.1", "a4@example.ru").await, StatusCode::TOO_MANY_REQUESTS);
    // Client B, through the same proxy, is somebody else.
    assert_eq!(register_from(&second, "198.51.100.2", "b1@example.ru").await, StatusCode::OK);
    let (proxy_events,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM rate_events WHERE kind = 'code_ip' AND subject = '127.0.0.1'")
            .fetch_one(&first.pool)
            .await
            .unwrap();
    assert_eq!(proxy_events, 0, "the proxy's own address is never counted");
}

#[tokio::test]
async fn a_client_that_is_not_a_proxy_cannot_name_another_client() {
    // No trusted proxies: the header is the client's own claim and is ignored.
    let app = spawn_app_with(|s| s.security.codes_per_ip_per_hour = 2).await;
    assert_eq!(register_from(&app, "198.51.100.1", "x1@example.ru").await, StatusCode::OK);
    assert_eq!(register_from(&app, "198.51.100.2", "x2@example.ru").await, StatusCode::OK);
    assert_eq!(register_from(&app, "198.51.100.3", "x3@example.ru").await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn ipv6_clients_are_limited_per_64() {
    let app = spawn_app_with(behind_proxy).await;
    assert_eq!(register_from(&app, "2001:db8:1:2::1", "v1@example.ru").await, StatusCode::OK);
    assert_eq!(register_from(&app, "2001:db8:1:2:ffff::9", "v2@example.ru").await, StatusCode::OK);
    assert_eq!(
        register_from(&app, "2001:db8:1:2:abcd::5", "v3@example.ru").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a fresh address of the same /64 is the same client"
    );
    assert_eq!(register_from(&app, "2001:db8:1:3::1", "v4@example.ru").await, StatusCode::OK);
}

#[tokio::test]
async fn the_in_memory_request_limit_counts_the_client_not_the_proxy() {
    let app = spawn_app_with(|s| {
        behind_proxy(s);
        s.security.requests_per_second_per_ip = 1;
        s.security.request_burst_per_ip = 2;
    })
    .await;
    let me = |client: &'static str| {
        app.client
            .post(app.url("/api/auth/me"))
            .header("Origin", &app.address)
            .header("Accept", "application/json")
            .header("X-Forwarded-For", client)
            .send()
    };
    assert_eq!(me("198.51.100.1").await.unwrap().status(), StatusCode::OK);
    assert_eq!(me("198.51.100.1").await.unwrap().status(), StatusCode::OK);
    assert_eq!(me("198.51.100.1").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(me("198.51.100.2").await.unwrap().status(), StatusCode::OK, "another client's own burst");
}

#[tokio::test]
async fn the_consent_records_the_client_address() {
    let app = spawn_app_with(behind_proxy).await;
    app.register_and_confirm("consent@example.ru", "abc12").await;
    let res = app
        .client
        .post(app.url("/api/consent/sign"))
        .header("Origin", &app.address)
        .header("Accept", "application/json")
        .header("X-Forwarded-For", "6.6.6.6, 203.0.113.77")
        .form(&[("version", app::consent::VERSION)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (ip,): (String,) = sqlx::query_as("SELECT ip FROM consents").fetch_one(&app.pool).await.unwrap();
    assert_eq!(ip, "203.0.113.77", "the nearest address the proxy saw, not a forged one further left");
}

#[tokio::test]
async fn https_brings_hsts_and_a_host_only_secure_cookie() {
    let app = spawn_app_with(|s| {
        s.site.public_url = "https://lk.example.ru".into();
        // The production checks are not under test here.
        s.site.mode = Some(SiteMode::Local);
    })
    .await;
    let res = app.get("/login").await;
    let hsts = res.headers()["strict-transport-security"].to_str().unwrap().to_owned();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
    // Registering writes the session (the pending registration): its cookie is set.
    let res = app
        .client
        .post(app.url("/api/auth/register"))
        .header("Origin", &app.address)
        .header("Accept", "application/json")
        .form(&[("login", "cookie@example.ru"), ("password", "abc12"), ("password_repeat", "abc12")])
        .send()
        .await
        .unwrap();
    let set_cookie: Vec<String> =
        res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let session = set_cookie.iter().find(|c| c.contains("moygaz_session")).expect("a session cookie");
    assert!(session.starts_with("__Host-moygaz_session="), "{session}");
    assert!(
        session.contains("Secure") && session.contains("Path=/") && !session.contains("Domain"),
        "{session}"
    );

    let plain = spawn_app().await;
    let res = plain.get("/login").await;
    assert!(res.headers().get("strict-transport-security").is_none(), "no HSTS over plain http");
}

#[tokio::test]
async fn pages_and_server_functions_with_personal_data_are_never_cached() {
    let app = spawn_app().await;
    app.customer("nocache@example.ru").await;
    for page in ["/cabinet", "/settings", "/support", "/login"] {
        let res = app.get(page).await;
        assert_eq!(res.headers()["cache-control"], "no-store", "{page}");
    }
    let res = app.post_form("/api/accounts/list", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    // Static files keep their own caching.
    let res = app.get("/manifest.webmanifest").await;
    assert_ne!(res.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));
}
