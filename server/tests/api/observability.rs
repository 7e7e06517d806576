//! Production observability: `/metrics` and who may read it, `/readyz`, request ids, JSON
//! logs, and graceful shutdown.

use crate::helpers::{spawn_app, spawn_app_with};
use reqwest::StatusCode;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The first line of `text` that starts with `name` and holds every one of `parts`.
fn series<'t>(text: &'t str, name: &str, parts: &[&str]) -> Option<&'t str> {
    text.lines().find(|l| l.starts_with(name) && parts.iter().all(|p| l.contains(p)))
}

#[tokio::test]
async fn metrics_are_served_to_localhost_after_a_sign_in_and_a_page() {
    let app = spawn_app().await;
    let (status, _) =
        app.call("auth/login", &[("login", "nobody@example.com"), ("password", "secret12")]).await;
    assert!(status.is_client_error(), "{status}");
    assert_eq!(app.get("/login").await.status(), StatusCode::OK);
    assert_eq!(app.get("/no/such/page").await.status(), StatusCode::NOT_FOUND);

    let res = app.get("/metrics").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    // Requests by route template, method and status, with a latency histogram.
    assert!(
        series(
            &text,
            "moygaz_http_requests_total{",
            &[r#"route="/login""#, r#"method="GET""#, r#"status="200""#]
        )
        .is_some(),
        "{text}"
    );
    assert!(
        series(&text, "moygaz_http_requests_total{", &[r#"route="fallback""#, r#"status="404""#]).is_some()
    );
    assert!(series(&text, "moygaz_http_request_duration_seconds_bucket{", &[r#"route="/login""#]).is_some());
    // The raw path of an unknown page never becomes a label.
    assert!(!text.contains("/no/such/page"));
    assert!(series(&text, "moygaz_sign_ins_total{", &[r#"result="failure""#]).is_some(), "{text}");
    for gauge in [
        "moygaz_outbox_queue_length",
        "moygaz_outbox_oldest_unsent_age_seconds",
        "moygaz_db_pool_connections",
        "moygaz_db_pool_idle_connections",
    ] {
        assert!(series(&text, gauge, &[]).is_some(), "{gauge} missing:\n{text}");
    }
}

#[tokio::test]
async fn metrics_are_refused_outside_metrics_from() {
    let app = spawn_app_with(|s| s.site.metrics_from = vec!["10.9.9.9/32".parse().unwrap()]).await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(!res.text().await.unwrap().contains("moygaz_"));
    // A client that is not a trusted proxy cannot claim to be an allowed address.
    let res = app.client.get(app.url("/metrics")).header("X-Forwarded-For", "10.9.9.9").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn readyz_answers_200_on_a_migrated_app_and_healthz_stays() {
    let app = spawn_app().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);

    // A router that was not marked ready (the migrations have not run) is not ready.
    use tower::ServiceExt;
    let unmarked = server::http::router(app.state.clone());
    let req = axum::http::Request::get("/readyz").body(axum::body::Body::empty()).unwrap();
    assert_eq!(unmarked.oneshot(req).await.unwrap().status(), StatusCode::SERVICE_UNAVAILABLE);

    // Nor is an instance whose database does not answer.
    app.pool.close().await;
    assert_eq!(app.get("/readyz").await.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn every_response_has_its_own_request_id() {
    let app = spawn_app().await;
    let id = |res: &reqwest::Response| {
        res.headers().get("x-request-id").expect("X-Request-Id").to_str().unwrap().to_owned()
    };
    let first = id(&app.get("/healthz").await);
    let second = id(&app.get("/healthz").await);
    let not_found = id(&app.get("/no/such/page").await);
    assert_eq!(first.len(), 36, "a UUID: {first}");
    assert_ne!(first, second);
    assert_ne!(second, not_found);
    // The client's own id is replaced by ours.
    let res = app.client.get(app.url("/healthz")).header("X-Request-Id", "forged").send().await.unwrap();
    let ours = id(&res);
    assert_ne!(ours, "forged");
    assert_eq!(ours.len(), 36);
}

#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A stranger's failed sign-ins (axum-login's own ERROR events, target
/// `axum_login::session`) write nothing, with `RUST_LOG` unset or set as the benchmarks set
/// it; the portal's own errors are written; naming axum_login in `RUST_LOG` brings it back.
#[test]
fn failed_sign_ins_do_not_fill_the_log_with_errors() {
    let logged = |rust_log: Option<&str>| {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(server::startup::log_filter(rust_log))
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::error!(target: "axum_login::session", error = "rate limited (SignIn)", "authenticate");
            tracing::error!(target: "app::error", error = "disk I/O error", "database error");
        });
        String::from_utf8(out.0.lock().unwrap().clone()).unwrap()
    };
    for rust_log in [None, Some("error"), Some("info,sqlx=warn"), Some("not a filter ===")] {
        let text = logged(rust_log);
        assert!(!text.contains("authenticate"), "RUST_LOG={rust_log:?}: {text}");
        assert!(text.contains("database error"), "RUST_LOG={rust_log:?}: {text}");
    }
    assert!(logged(Some("error,axum_login=error")).contains("authenticate"));
}

fn log_with(format: app::settings::LogFormat) -> String {
    let out = Captured::default();
    let writer = out.clone();
    let subscriber = server::startup::log_subscriber(format, move || writer.clone());
    tracing::subscriber::with_default(subscriber, || {
        let span = tracing::info_span!("request", request_id = "4f1c0000-0000-4000-8000-000000000001");
        let _inside = span.enter();
        tracing::info!(user_id = 7, "reading accepted");
    });
    String::from_utf8(out.0.lock().unwrap().clone()).unwrap()
}

#[test]
fn json_log_format_writes_one_object_a_line_with_the_request_id() {
    let text = log_with(app::settings::LogFormat::Json);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let line: serde_json::Value = serde_json::from_str(lines[0]).expect("a JSON object");
    assert_eq!(line["message"], "reading accepted");
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["user_id"], 7);
    assert_eq!(line["span"]["request_id"], "4f1c0000-0000-4000-8000-000000000001");
    assert!(line["timestamp"].is_string());

    let text = log_with(app::settings::LogFormat::Text);
    assert!(serde_json::from_str::<serde_json::Value>(text.trim()).is_err());
    assert!(text.contains("request_id") && text.contains("4f1c0000-0000-4000-8000-000000000001"), "{text}");
}

/// A request whose body is still arriving when the shutdown begins is answered in full;
/// the listener is closed at once.
#[tokio::test]
async fn graceful_shutdown_completes_a_request_in_flight() {
    let app = spawn_app().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let body = "login=nobody%40example.com&password=secret12";
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/auth/login HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        app.address,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body.as_bytes()[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    app.shutdown.cancel();
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(&host).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(refused, "new connections are still accepted after the shutdown began");

    // The rest of the body, then the whole answer, then the server closes the connection.
    stream.write_all(&body.as_bytes()[10..]).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw))
        .await
        .expect("the connection is closed after the answer")
        .unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, content) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no complete head: {raw:?}"));
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    assert!((200..500).contains(&status), "{head}");
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("no Content-Length: {head}"));
    assert_eq!(content.len(), length, "the body arrived whole");
    let answer: serde_json::Value = serde_json::from_str(content).expect("the server function's JSON answer");
    assert!(answer.to_string().contains("password"), "{answer}");
}

/// The outbox worker looks at the shutdown between messages: once it is cancelled nothing
/// more is claimed, and the message stays due for the next instance.
#[tokio::test]
async fn a_stopping_outbox_worker_claims_nothing_more() {
    let app = spawn_app().await;
    let now = app.clock.now();
    // Due only by a clock a day ahead, so the app's own worker leaves it alone.
    sqlx::query(
        "INSERT INTO outbox (channel, recipient, subject, body_text, created_at, next_attempt_at) \
         VALUES ('email', 'later@example.com', 'Тема', 'Текст', $1, $2)",
    )
    .bind(now)
    .bind(now + 3600)
    .execute(&app.pool)
    .await
    .unwrap();
    let ahead = app::server::clock::Clock::default();
    ahead.advance(86_400);
    let channels = server::delivery::Channels::default();
    let stop = tokio_util::sync::CancellationToken::new();
    stop.cancel();
    let handled =
        server::delivery::deliver_due_until(&app.pool, &ahead, &channels, true, &stop).await.unwrap();
    assert_eq!(handled, 0);
    let (sent, locked): (Option<i64>, i64) =
        sqlx::query_as("SELECT sent_at, locked_until FROM outbox WHERE recipient = 'later@example.com'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((sent, locked), (None, 0), "neither sent nor claimed");
    let handled = server::delivery::deliver_due(&app.pool, &ahead, &channels, true).await.unwrap();
    assert_eq!(handled, 1);
}
