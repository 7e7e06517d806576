//! Payments over HTTP: the sandbox acquirer end to end, and YooKassa's v3 API through a
//! stand-in (wiremock): retries with the same key, notifications that are re-checked,
//! duplicates, unknown ids, forgeries, and the background re-check.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use app::settings::{PaymentProvider, Secret};
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn seed_account(app: &TestApp, login: &str) -> String {
    app.customer(login).await;
    let (provider,): (i64,) =
        sqlx::query_as("SELECT id FROM providers WHERE code = 'demo'").fetch_one(&app.pool).await.unwrap();
    let (_, body) =
        app.call("accounts/bind", &[("provider", &provider.to_string()), ("number", "23185952")]).await;
    body["account_id"].as_i64().unwrap().to_string()
}

async fn debt(app: &TestApp, account: &str) -> i64 {
    let (debt,): (i64,) = sqlx::query_as("SELECT debt_kopecks FROM accounts WHERE id = $1")
        .bind(account.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    debt
}

async fn credited_count(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.credited'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    n
}

async fn pay(app: &TestApp, account: &str, purpose: &str, amount: &str) -> (StatusCode, Value) {
    app.call("payments/create", &[("account_id", account), ("purpose", purpose), ("amount", amount)]).await
}

async fn public_id_of_last(app: &TestApp) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT public_id FROM payments ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn paying_the_debt_through_the_sandbox_credits_it_once() {
    let app = spawn_app().await;
    let account = seed_account(&app, "payer@example.ru").await;
    let (status, url) = pay(&app, &account, "debt", "").await;
    assert_eq!(status, StatusCode::OK, "{url}");
    let url = url.as_str().unwrap().to_owned();
    let sandbox_id = url.strip_prefix("/sandbox/pay/").expect("the sandbox's own page").to_owned();
    let page = app.get(&url).await.text().await.unwrap();
    assert!(page.contains("1 234,56 ₽") && page.contains("Оплатить"), "{page}");

    let public_id = public_id_of_last(&app).await;
    let (_, pending) = app.call("payments/status", &[("public_id", &public_id)]).await;
    assert_eq!(pending["status"], "Pending");
    assert_eq!(pending["amount"], 123_456);

    let (status, back) = app.call("sandbox/complete", &[("id", &sandbox_id), ("pay", "true")]).await;
    assert_eq!(status, StatusCode::OK, "{back}");
    assert!(back.as_str().unwrap().ends_with(&format!("/payments/{public_id}")));
    let (_, done) = app.call("payments/status", &[("public_id", &public_id)]).await;
    assert_eq!(done["status"], "Succeeded");
    assert_eq!(debt(&app, &account).await, 0);

    // The button pressed again, the return page reloaded: still credited once.
    app.call("sandbox/complete", &[("id", &sandbox_id), ("pay", "true")]).await;
    app.call("sandbox/complete", &[("id", &sandbox_id), ("pay", "false")]).await;
    app.call("payments/status", &[("public_id", &public_id)]).await;
    assert_eq!(debt(&app, &account).await, 0);
    assert_eq!(credited_count(&app).await, 1);

    let (_, history) = app.call("payments/history", &[("account_id", &account)]).await;
    assert_eq!(history[0]["status"], "Succeeded");
    let result = app.get(&format!("/payments/{public_id}")).await.text().await.unwrap();
    assert!(result.contains("Оплата прошла"), "{result}");

    // Billing gets it from `moygaz export payments --since …`, once.
    let mut csv = Vec::new();
    let today = app::domain::time::format_iso_msk(app.clock.now())[..10].to_owned();
    let rows =
        server::export::export(&app.pool, server::export::Kind::Payments, &today, &mut csv).await.unwrap();
    assert_eq!(rows, 1);
    let csv = String::from_utf8(csv).unwrap();
    let line = csv.lines().nth(1).unwrap();
    assert!(line.starts_with(&format!("{public_id},demo,23185952,123456,{today}T")), "{csv}");
    assert!(line.ends_with(&format!("sandbox,{sandbox_id}")), "{csv}");
    let mut later = Vec::new();
    server::export::export(&app.pool, server::export::Kind::Payments, "2099-01-01", &mut later)
        .await
        .unwrap();
    assert_eq!(String::from_utf8(later).unwrap().lines().count(), 1, "only the header");
    assert!(
        server::export::export(&app.pool, server::export::Kind::Payments, "01.11.2026", Vec::new())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn custom_sums_are_checked_and_a_declined_payment_changes_nothing() {
    let app = spawn_app().await;
    let account = seed_account(&app, "custom@example.ru").await;
    for (typed, message) in [
        ("", "Введите сумму"),
        ("0", "Сумма должна быть больше нуля"),
        ("12,345", "Сумма в рублях и копейках, например 1 234,56"),
        ("1000001", "Сумма слишком большая"),
    ] {
        let (status, body) = pay(&app, &account, "custom", typed).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{typed}: {body}");
        assert_eq!(body["Validation"]["field"], "amount");
        assert_eq!(body["Validation"]["message"], message, "{typed}");
    }
    let (status, _) = pay(&app, &account, "everything", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0, "refused input writes no payment");

    let (status, url) = pay(&app, &account, "custom", "1 000,50").await;
    assert_eq!(status, StatusCode::OK);
    let (amount,): (i64,) =
        sqlx::query_as("SELECT amount_kopecks FROM payments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(amount, 100_050);
    let sandbox_id = url.as_str().unwrap().trim_start_matches("/sandbox/pay/").to_owned();
    app.call("sandbox/complete", &[("id", &sandbox_id), ("pay", "false")]).await;
    let (_, done) = app.call("payments/status", &[("public_id", &public_id_of_last(&app).await)]).await;
    assert_eq!(done["status"], "Canceled");
    assert_eq!(debt(&app, &account).await, 123_456);
}

#[tokio::test]
async fn strangers_neither_pay_into_nor_see_others_payments() {
    let app = spawn_app().await;
    let account = seed_account(&app, "own@example.ru").await;
    pay(&app, &account, "debt", "").await;
    let public_id = public_id_of_last(&app).await;
    let stranger = app.second_browser();
    stranger.customer("nosy@example.ru").await;
    let (status, _) = stranger.call("payments/status", &[("public_id", &public_id)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = pay(&stranger, &account, "debt", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = stranger.call("payments/history", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A portal whose acquirer is YooKassa at `stand_in`.
async fn yookassa_app(stand_in: &MockServer) -> TestApp {
    let uri = stand_in.uri();
    spawn_app_with(move |s| {
        s.payments.provider = PaymentProvider::Yookassa;
        s.payments.api_url = uri;
        s.payments.shop_id = Some("506751".into());
        s.payments.secret_key = Some(Secret::new("test_secret"));
    })
    .await
}

fn yk_payment(id: &str, status: &str, value: &str) -> Value {
    json!({
        "id": id, "status": status, "paid": status == "succeeded",
        "amount": {"value": value, "currency": "RUB"},
        "confirmation": {"type": "redirect", "confirmation_url": format!("https://yoomoney.test/checkout/{id}")},
        "created_at": "2026-11-20T09:00:00.000Z", "test": true
    })
}

async fn notify(app: &TestApp, id: &str, event: &str) -> StatusCode {
    // Sent as YooKassa's server sends it: cross-site, no Origin of ours, no cookies.
    reqwest::Client::new()
        .post(app.url("/payments/notify"))
        .json(&json!({"type": "notification", "event": event, "object": yk_payment(id, "succeeded", "1234.56")}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn yookassa_create_retries_5xx_with_the_same_idempotence_key() {
    let yk = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .mount(&yk)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("2f1a-yk-1", "pending", "1234.56")))
        .mount(&yk)
        .await;
    let app = yookassa_app(&yk).await;
    let account = seed_account(&app, "yk@example.ru").await;
    let (status, url) = pay(&app, &account, "debt", "").await;
    assert_eq!(status, StatusCode::OK, "{url}");
    assert_eq!(url, "https://yoomoney.test/checkout/2f1a-yk-1");

    let public_id = public_id_of_last(&app).await;
    let requests = yk.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(r.headers["idempotence-key"], public_id.as_str(), "every retry carries the record's key");
        assert_eq!(r.headers["authorization"], "Basic NTA2NzUxOnRlc3Rfc2VjcmV0"); // 506751:test_secret
    }
    let body: Value = serde_json::from_slice(&requests[2].body).unwrap();
    assert_eq!(body["amount"], json!({"value": "1234.56", "currency": "RUB"}));
    assert_eq!(body["capture"], true);
    assert_eq!(body["confirmation"]["return_url"], format!("http://127.0.0.1:3000/payments/{public_id}"));
    assert_eq!(body["receipt"]["customer"]["email"], "yk@example.ru");
    let (acquirer_id,): (String,) =
        sqlx::query_as("SELECT acquirer_id FROM payments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(acquirer_id, "2f1a-yk-1");
}

#[tokio::test]
async fn yookassa_refusals_and_outages_are_clear_and_cancel_the_attempt() {
    let yk = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"type": "error", "code": "invalid_request"})),
        )
        .mount(&yk)
        .await;
    let app = yookassa_app(&yk).await;
    let account = seed_account(&app, "refused@example.ru").await;
    let (status, body) = pay(&app, &account, "debt", "").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.to_string().contains("Деньги не списаны"));
    assert_eq!(yk.received_requests().await.unwrap().len(), 1, "a 4xx is not retried");
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM payments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(status, "canceled");
    assert_eq!(debt(&app, &account).await, 123_456);
}

#[tokio::test]
async fn notifications_are_rechecked_and_credit_once() {
    let yk = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("yk-ok", "pending", "1234.56")))
        .mount(&yk)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/payments/yk-ok"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("yk-ok", "succeeded", "1234.56")))
        .mount(&yk)
        .await;
    let app = yookassa_app(&yk).await;
    let account = seed_account(&app, "notified@example.ru").await;
    pay(&app, &account, "debt", "").await;

    assert_eq!(notify(&app, "yk-ok", "payment.succeeded").await, StatusCode::OK);
    assert_eq!(notify(&app, "yk-ok", "payment.succeeded").await, StatusCode::OK, "duplicates are fine");
    assert_eq!(debt(&app, &account).await, 0);
    assert_eq!(credited_count(&app).await, 1);
    let (_, status) = app.call("payments/status", &[("public_id", &public_id_of_last(&app).await)]).await;
    assert_eq!(status["status"], "Succeeded");
    assert_eq!(debt(&app, &account).await, 0, "the return page does not credit again");

    // An id that is not ours: acknowledged, nothing happens.
    assert_eq!(notify(&app, "someone-elses", "payment.succeeded").await, StatusCode::OK);
    let bad =
        reqwest::Client::new().post(app.url("/payments/notify")).body("{not json").send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(credited_count(&app).await, 1);
}

#[tokio::test]
async fn a_forged_notification_is_contradicted_by_the_recheck() {
    let yk = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("yk-forged", "pending", "1234.56")))
        .mount(&yk)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/payments/yk-forged"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("yk-forged", "pending", "1234.56")))
        .up_to_n_times(1)
        .mount(&yk)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/payments/yk-forged"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment(
            "yk-forged",
            "canceled",
            "1234.56",
        )))
        .mount(&yk)
        .await;
    let app = yookassa_app(&yk).await;
    let account = seed_account(&app, "forged@example.ru").await;
    pay(&app, &account, "debt", "").await;

    // The forger says "succeeded"; YooKassa's API says "pending".
    assert_eq!(notify(&app, "yk-forged", "payment.succeeded").await, StatusCode::OK);
    assert_eq!(debt(&app, &account).await, 123_456);
    assert_eq!(credited_count(&app).await, 0);
    // Later the API says "canceled": the background re-check settles it so.
    app.clock.advance(300);
    app::payments::service::recheck_pending(&app.state, 120).await.unwrap();
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM payments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(status, "canceled");
    assert_eq!(debt(&app, &account).await, 123_456);
}

#[tokio::test]
async fn a_lost_notification_is_settled_by_the_background_recheck() {
    let yk = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("yk-lost", "pending", "1234.56")))
        .mount(&yk)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/payments/yk-lost"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("yk-lost", "succeeded", "1234.56")))
        .mount(&yk)
        .await;
    let app = yookassa_app(&yk).await;
    let account = seed_account(&app, "lost@example.ru").await;
    pay(&app, &account, "debt", "").await;
    assert_eq!(
        app::payments::service::recheck_pending(&app.state, 120).await.unwrap(),
        0,
        "too fresh to chase"
    );
    app.clock.advance(180);
    assert_eq!(app::payments::service::recheck_pending(&app.state, 120).await.unwrap(), 1);
    assert_eq!(app::payments::service::recheck_pending(&app.state, 120).await.unwrap(), 0);
    assert_eq!(debt(&app, &account).await, 0);
    assert_eq!(credited_count(&app).await, 1);
}

/// A YooKassa payment object in any currency.
fn yk_payment_in(id: &str, status: &str, value: &str, currency: &str) -> Value {
    let mut body = yk_payment(id, status, value);
    body["amount"]["currency"] = json!(currency);
    body
}

/// The acquirer says "succeeded", for `value` in `currency`, of a 1 234,56 ₽ payment: the
/// payment must end as needing attention, uncredited, audited, in the operators' queue and
/// in `moygaz export payments --problems`.
async fn a_success_that_differs(id: &str, value: &str, currency: &str, login: &str) {
    let yk = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment(id, "pending", "1234.56")))
        .mount(&yk)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/payments/{id}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment_in(
            id,
            "succeeded",
            value,
            currency,
        )))
        .mount(&yk)
        .await;
    let app = yookassa_app(&yk).await;
    let account = seed_account(&app, login).await;
    pay(&app, &account, "debt", "").await;
    let public_id = public_id_of_last(&app).await;
    assert_eq!(notify(&app, id, "payment.succeeded").await, StatusCode::OK);
    assert_eq!(notify(&app, id, "payment.succeeded").await, StatusCode::OK, "a duplicate changes nothing");
    assert_eq!(debt(&app, &account).await, 123_456, "never credited");
    assert_eq!(credited_count(&app).await, 0);

    // A final status of its own, with what the acquirer said; audited once.
    let (status, reported, reported_currency): (String, Option<i64>, Option<String>) = sqlx::query_as(
        "SELECT status, reported_amount_kopecks, reported_currency FROM payments WHERE public_id = $1",
    )
    .bind(&public_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let reported_kopecks = app::payments::acquirer::parse_decimal_rubles(value).unwrap().0;
    assert_eq!(
        (status.as_str(), reported, reported_currency.as_deref()),
        ("attention", Some(reported_kopecks), Some(currency))
    );
    let (audited,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.attention' AND subject = $1")
            .bind(format!("account:{account}"))
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);

    // Not re-read any more: it is final.
    let reads = yk.received_requests().await.unwrap().iter().filter(|r| r.method.as_str() == "GET").count();
    app.clock.advance(300);
    assert_eq!(app::payments::service::recheck_pending(&app.state, 120).await.unwrap(), 0);
    let (_, shown) = app.call("payments/status", &[("public_id", &public_id)]).await;
    assert_eq!(
        yk.received_requests().await.unwrap().iter().filter(|r| r.method.as_str() == "GET").count(),
        reads
    );

    // The customer reads that the supplier is checking it: neither paid nor waiting.
    assert_eq!(shown["status"], "NeedsAttention");
    let page = app.get(&format!("/payments/{public_id}")).await.text().await.unwrap();
    assert!(
        page.contains("Платёж проверяется поставщиком") && page.contains("Деньги не потеряются"),
        "{page}"
    );
    assert!(!page.contains("Оплата прошла") && !page.contains("Ждём подтверждения"), "{page}");
    let (_, history) = app.call("payments/history", &[("account_id", &account)]).await;
    assert_eq!(history[0]["status"], "NeedsAttention");
    let list = app.get(&format!("/accounts/{account}/pay")).await.text().await.unwrap();
    assert!(list.contains("Проверяется поставщиком"), "{list}");

    // The operators see it in the queue; a customer does not get the queue.
    let (status, _) = app.call("operator/queue", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let operator = app.second_browser();
    operator.operator("operator@example.ru").await;
    let (status, queue) = operator.call("operator/queue", &[]).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert_eq!(queue["payment_problems_total"], 1);
    let problem = &queue["payment_problems"][0];
    assert_eq!(problem["public_id"], public_id.as_str());
    assert_eq!(problem["number"], "23185952");
    assert_eq!(problem["provider"], "Демонстрационный поставщик");
    assert_eq!(problem["customer_login"], login);
    assert_eq!(problem["amount"], 123_456);
    assert_eq!(problem["reported_amount"], reported_kopecks);
    assert_eq!(problem["reported_currency"], currency);
    let console = operator.get("/operator").await.text().await.unwrap();
    assert!(console.contains("Платежи требуют проверки: 1") && console.contains(&public_id), "{console}");

    // And in `moygaz export payments --problems`, as an administrator runs it.
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_moygaz"));
    cmd.env_remove("DATABASE_URL").env("RUST_LOG", "error");
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("MOYGAZ_")) {
        cmd.env_remove(key);
    }
    let out = cmd
        .current_dir(dir.path())
        .env("MOYGAZ_DATABASE__URL", app.database_url())
        .args(["export", "payments", "--problems"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "payment_id,provider,account,customer_login,amount_kopecks,acquirer_amount,acquirer_currency,\
             created_at,seen_at,acquirer,acquirer_payment_id"
        )
    );
    let line = lines.next().unwrap_or_default();
    assert!(
        line.starts_with(&format!("{public_id},demo,23185952,{login},123456,{reported_kopecks},{currency},")),
        "{csv}"
    );
    assert!(line.ends_with(&format!(",yookassa,{id}")), "{csv}");
    assert_eq!(lines.next(), None, "{csv}");
    // Not a credited payment: billing's own export does not carry it.
    let mut credited = Vec::new();
    server::export::export(&app.pool, server::export::Kind::Payments, "2000-01-01", &mut credited)
        .await
        .unwrap();
    assert_eq!(String::from_utf8(credited).unwrap().lines().count(), 1, "only the header");
    // --since: nothing seen after a later day.
    let mut later = Vec::new();
    let rows = server::export::payment_problems(&app.pool, Some("2099-01-01"), &mut later).await.unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn a_success_for_another_amount_is_not_credited_and_needs_attention() {
    a_success_that_differs("yk-amount", "1.00", "RUB", "amount@example.ru").await;
}

#[tokio::test]
async fn a_success_in_another_currency_is_not_credited_and_needs_attention() {
    // The very number we asked for, but in dollars.
    a_success_that_differs("yk-usd", "1234.56", "USD", "dollars@example.ru").await;
}

/// 150 pending payments of the last hours and 10 abandoned a day ago, with a YooKassa that
/// says "pending" to every one of them: the re-check reads the newest 100 first, then the
/// rest once those are settled, and never the abandoned ones, which a late notification
/// still settles.
#[tokio::test]
async fn the_recheck_takes_the_newest_first_and_lets_abandoned_payments_go() {
    use std::collections::BTreeMap;
    use wiremock::matchers::path_regex;

    let yk = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("^/v3/payments/[a-z0-9-]+$"))
        .respond_with(|request: &wiremock::Request| {
            let id = request.url.path().rsplit('/').next().unwrap().to_owned();
            // The abandoned ones were paid after all (the notification below says so).
            let status = if id.starts_with("yk-old-") { "succeeded" } else { "pending" };
            ResponseTemplate::new(200).set_body_json(yk_payment(&id, status, "10.00"))
        })
        .mount(&yk)
        .await;
    let app = yookassa_app(&yk).await;
    let account: i64 = seed_account(&app, "many@example.ru").await.parse().unwrap();
    let (user,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE login = 'many@example.ru'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let now = app.clock.now();
    let expiry = app::payments::service::RECHECK_EXPIRY_SECS;
    let mut rows: Vec<(String, i64)> =
        (0..150).map(|i| (format!("yk-new-{i}"), now - 300 - i * 60)).collect();
    rows.extend((0..10).map(|i| (format!("yk-old-{i}"), now - expiry - 60 - i * 60)));
    for (n, (acquirer_id, created_at)) in rows.iter().enumerate() {
        sqlx::query(
            "INSERT INTO payments (public_id, user_id, account_id, amount_kopecks, purpose, acquirer, acquirer_id, \
             status, created_at, updated_at) VALUES ($1, $2, $3, 1000, 'custom', 'yookassa', $4, 'pending', $5, $5)",
        )
        .bind(format!("pub-{n}"))
        .bind(user)
        .bind(account)
        .bind(acquirer_id)
        .bind(created_at)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    async fn reads(yk: &MockServer) -> BTreeMap<String, usize> {
        let mut seen = BTreeMap::new();
        for r in yk.received_requests().await.unwrap() {
            *seen.entry(r.url.path().rsplit('/').next().unwrap().to_owned()).or_default() += 1;
        }
        seen
    }

    assert_eq!(app::payments::service::recheck_pending(&app.state, 120).await.unwrap(), 0);
    let first = reads(&yk).await;
    let newest: Vec<String> = (0..100).map(|i| format!("yk-new-{i}")).collect();
    assert_eq!(first.len(), 100, "one round reads one batch");
    assert!(newest.iter().all(|id| first.get(id) == Some(&1)), "the newest 100 first: {first:?}");

    // The newest settle (as their notifications would do); the next round reads the rest.
    sqlx::query(
        "UPDATE payments SET status = 'canceled' WHERE acquirer_id LIKE 'yk-new-%' AND created_at > $1",
    )
    .bind(now - 300 - 100 * 60)
    .execute(&app.pool)
    .await
    .unwrap();
    app::payments::service::recheck_pending(&app.state, 120).await.unwrap();
    let second = reads(&yk).await;
    assert_eq!(second.len(), 150);
    assert!((100..150).all(|i| second.get(&format!("yk-new-{i}")) == Some(&1)), "{second:?}");
    assert!(second.keys().all(|id| !id.starts_with("yk-old-")), "abandoned payments are not re-read");

    // A notification that comes after the expiry still settles the payment.
    assert_eq!(notify(&app, "yk-old-3", "payment.succeeded").await, StatusCode::OK);
    let (status,): (String,) = sqlx::query_as("SELECT status FROM payments WHERE acquirer_id = 'yk-old-3'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "succeeded");
    assert_eq!(credited_count(&app).await, 1);
    assert_eq!(debt(&app, &account.to_string()).await, 123_456 - 1000);
}
