use crate::helpers::spawn_app;
use reqwest::StatusCode;

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));

    app.pool.close().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["database"], "unavailable");
}

#[tokio::test]
async fn register_page_is_server_rendered_in_russian() {
    let app = spawn_app().await;
    let res = app.get("/register").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for text in [
        "<html lang=\"ru\"",
        "Логин (Телефон/Эл. почта)",
        "Пароль",
        "Повторите пароль",
        "Зарегистрироваться",
        "Войти в личный кабинет",
        "Задать вопрос в техническую поддержку",
        &format!("ЛК - Мой ГАЗ - версия {}", env!("CARGO_PKG_VERSION")),
        "rel=\"manifest\" href=\"/manifest.webmanifest\"",
    ] {
        assert!(html.contains(text), "missing {text:?}");
    }
    // The labels come in the seed's order.
    let pos = |s: &str| html.find(s).unwrap();
    assert!(pos("Логин (Телефон") < pos(">Пароль<") && pos(">Пароль<") < pos("Повторите пароль"));
}

#[tokio::test]
async fn root_leads_to_the_cabinet_and_strangers_to_sign_in() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/")).header("Accept", "text/html").send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/cabinet");
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_csp() {
    let app = spawn_app().await;
    let res = app.get("/register").await;
    let h = res.headers().clone();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("'unsafe-inline'"), "no inline styles or scripts: {csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("nonce in CSP");
    assert!(nonce.len() >= 16);
    let html = res.text().await.unwrap();
    // Every inline script carries the nonce; without it the browser would refuse to hydrate.
    let inline_scripts = html.matches("<script").count();
    assert!(inline_scripts > 0);
    assert_eq!(html.matches(&format!("nonce=\"{nonce}\"")).count(), inline_scripts, "{html}");

    // A second request gets a fresh nonce.
    let again = app.get("/register").await.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_ne!(again, csp);

    // Non-HTML responses get the strict default policy.
    let res = app.get("/healthz").await;
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
}

#[tokio::test]
async fn unknown_routes_get_a_russian_404() {
    let app = spawn_app().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = res.text().await.unwrap();
    assert!(html.contains("Страница не найдена"), "{html}");
}

#[tokio::test]
async fn responses_are_compressed_with_brotli_or_gzip() {
    let app = spawn_app().await;
    for (accept, expected) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let res =
            app.client.get(app.url("/register")).header("Accept-Encoding", accept).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-encoding"], expected, "Accept-Encoding: {accept}");
    }
    let res = app.get("/register").await;
    assert!(res.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let big = "x".repeat(200 * 1024);
    let res = app
        .client
        .post(app.url("/api/auth/register"))
        .header("Origin", &app.address)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("login={big}&password=abc12&password_repeat=abc12"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn service_worker_is_stamped_with_the_build_and_never_cached() {
    let app = spawn_app().await;
    let res = app.get("/sw.js").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    // A worker runs under its script's own CSP.
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
    let js = res.text().await.unwrap();
    assert!(!js.contains("__BUILD_ID__"));
    assert!(js.contains("const CACHE = \"moygaz-"));
    assert!(js.contains("/offline.html"));
}

#[test]
fn build_id_changes_when_the_bundle_changes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("moygaz.wasm"), b"one").unwrap();
    let first = server::http::build_id(dir.path());
    assert_eq!(first, server::http::build_id(dir.path()));
    std::fs::write(dir.path().join("moygaz.wasm"), b"two, longer").unwrap();
    assert_ne!(first, server::http::build_id(dir.path()));
}

/// Several server processes share one database: start two against the same one at once.
#[tokio::test]
async fn two_instances_share_one_database() {
    let first = spawn_app().await;
    let url = first.database_url();
    let (a, b) = tokio::join!(crate::helpers::spawn_app_on(&url), crate::helpers::spawn_app_on(&url),);
    for app in [&first, &a, &b] {
        assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    }
    let (accounts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts").fetch_one(&a.pool).await.unwrap();
    assert_eq!(accounts as usize, server::demo::ACCOUNTS.len(), "demo data loaded once");
}

#[tokio::test]
async fn a_flood_from_one_address_gets_429() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.security.requests_per_second_per_ip = 1;
        s.security.request_burst_per_ip = 5;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(app.post_form("/api/auth/me", &[]).await.status());
    }
    assert!(statuses[..5].iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    let last = app.post_form("/api/auth/me", &[]).await;
    assert_eq!(last.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(last.text().await.unwrap().contains("Слишком много запросов"));
    // Pages (GET) are not limited by it.
    assert_eq!(app.get("/register").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn document_headers_go_only_where_a_document_can_be() {
    let app = spawn_app().await;
    // An image is never a page of its own: no frame or permission rules, still nosniff.
    let png = app.get("/icons/icon-192.png").await;
    assert_eq!(png.status(), reqwest::StatusCode::OK);
    let h = png.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.get("x-frame-options").is_none() && h.get("permissions-policy").is_none(), "{h:?}");
    let script = app.get("/page.js").await;
    assert_eq!(script.headers()["x-content-type-options"], "nosniff");
    assert!(script.headers().get("content-security-policy").is_none());
    // SVG can be opened as a document that runs script: it keeps the strict CSP.
    let svg = app.get("/icons/icon.svg").await;
    let csp = svg.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(svg.headers()["x-frame-options"], "DENY");
}
