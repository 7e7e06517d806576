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
        s.payments.api_url = Some(uri);
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

#[tokio::test]
async fn a_success_for_another_amount_is_not_credited() {
    let yk = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("yk-amount", "pending", "1234.56")))
        .mount(&yk)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/payments/yk-amount"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk_payment("yk-amount", "succeeded", "1.00")))
        .mount(&yk)
        .await;
    let app = yookassa_app(&yk).await;
    let account = seed_account(&app, "amount@example.ru").await;
    pay(&app, &account, "debt", "").await;
    notify(&app, "yk-amount", "payment.succeeded").await;
    assert_eq!(debt(&app, &account).await, 123_456);
    assert_eq!(credited_count(&app).await, 0);
}
