//! Autopay over HTTP: turning it on with a first payment that saves the card (the sandbox
//! acquirer end to end, and YooKassa's `save_payment_method` through a stand-in), the notice
//! the day before, the charge on the day with the saved method (no confirmation, a 54-ФЗ
//! receipt, a fresh idempotence key per attempt), the retry and the pause, the cap, the
//! skip, two instances charging once, and turning it off.

use crate::helpers::{TestApp, spawn_app, spawn_app_on_with, spawn_app_with};
use app::payments::autopay::scheduler;
use app::settings::{PaymentProvider, Secret, Settings};
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Moves the portal's clock to 10:00 Moscow time of `date`.
fn set_day(app: &TestApp, date: &str) {
    let target = app::domain::time::parse_date_msk(date).unwrap() + 10 * 3600;
    app.clock.advance(target - app.clock.now());
}

/// A customer with the demo account (debt 1 234,56 ₽, charged up to October 2026), with
/// extended access unless `basic`; its id.
async fn customer_with_account(app: &TestApp, login: &str, basic: bool) -> String {
    app.customer(login).await;
    let provider = app.provider_id("demo").await;
    let (status, body) = app.call("accounts/bind", &[("provider", &provider), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let account = body["account_id"].as_i64().unwrap().to_string();
    if !basic {
        let (status, body) = app
            .call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", "4821")])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    account
}

async fn enable(app: &TestApp, account: &str, day: &str, cap: &str) -> (StatusCode, Value) {
    app.call("autopay/enable", &[("account_id", account), ("day", day), ("cap", cap), ("consent", "yes")])
        .await
}

async fn debt(app: &TestApp, account: &str) -> i64 {
    sqlx::query_scalar("SELECT debt_kopecks FROM accounts WHERE id = $1")
        .bind(account.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Billing charges November: `amount` more to pay.
async fn charge_november(app: &TestApp, account: &str, amount: i64) {
    let id: i64 = account.parse().unwrap();
    sqlx::query("INSERT INTO charges (account_id, period, amount_kopecks, consumption_m3) VALUES ($1, '2026-11', $2, 60)")
        .bind(id)
        .bind(amount)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE accounts SET debt_kopecks = debt_kopecks + $1 WHERE id = $2")
        .bind(amount)
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn notification_titles(app: &TestApp, kind: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT title FROM notifications WHERE kind = $1 ORDER BY id")
        .bind(kind)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

async fn autopay_status(app: &TestApp) -> Option<(String, Option<String>)> {
    sqlx::query_as("SELECT status, method_id FROM autopays").fetch_optional(&app.pool).await.unwrap()
}

#[tokio::test]
async fn autopay_through_the_sandbox_saves_the_card_warns_the_day_before_and_pays_on_the_day() {
    let app = spawn_app().await;
    set_day(&app, "2026-12-05");
    let account = customer_with_account(&app, "auto@example.ru", false).await;

    // What the form refuses changes nothing.
    for (day, cap, consent, field) in [
        ("31", "1000", "yes", "day"),
        ("", "1000", "yes", "day"),
        ("10", "0", "yes", "cap"),
        ("10", "2 000 000", "yes", "cap"),
        ("10", "1000", "", "consent"),
    ] {
        let (status, body) = app
            .call(
                "autopay/enable",
                &[("account_id", &account), ("day", day), ("cap", cap), ("consent", consent)],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{day} {cap}: {body}");
        assert_eq!(body["Validation"]["field"], field, "{body}");
    }
    assert_eq!(autopay_status(&app).await, None);

    let page = app.get(&format!("/accounts/{account}/autopay")).await.text().await.unwrap();
    assert!(page.contains("Согласие на списания") && page.contains("отключается в любой момент"), "{page}");
    assert!(page.contains("Сохранить карту и подключить"));

    // The first payment pays the debt up to the cap and saves the card.
    let (status, url) = enable(&app, &account, "10", "1 000").await;
    assert_eq!(status, StatusCode::OK, "{url}");
    let url = url.as_str().unwrap().to_owned();
    let sandbox_id = url.strip_prefix("/sandbox/pay/").expect("the sandbox's page").to_owned();
    let sandbox = app.get(&url).await.text().await.unwrap();
    assert!(
        sandbox.contains("1 000,00 ₽") && sandbox.contains("Карта сохранится для автоплатежа"),
        "{sandbox}"
    );
    assert_eq!(autopay_status(&app).await, Some(("setup".into(), None)));
    let (_, back) = app.call("sandbox/complete", &[("id", &sandbox_id), ("pay", "true")]).await;
    assert!(back.as_str().unwrap().ends_with(&format!("/accounts/{account}/autopay")), "{back}");
    let (_, shown) = app.call("autopay/get", &[("account_id", &account)]).await;
    assert_eq!(shown["state"]["On"]["card"], "Тестовая карта •••• 4242", "{shown}");
    assert_eq!(shown["state"]["On"]["settings"], json!({"day": 10, "cap": 100_000}));
    assert_eq!(shown["state"]["On"]["next"], Value::Null, "October is paid by the first payment");
    assert_eq!(debt(&app, &account).await, 23_456);

    // November's charge: the notice on the 9th, the charge on the 10th, each once.
    charge_november(&app, &account, 50_000).await;
    let (_, shown) = app.call("autopay/get", &[("account_id", &account)]).await;
    assert_eq!(shown["state"]["On"]["next"]["amount"], 73_456, "{shown}");
    assert_eq!(shown["state"]["On"]["next"]["date"], "10 декабря");
    set_day(&app, "2026-12-08");
    assert_eq!(scheduler::run(&app.state).await.unwrap(), scheduler::Run::default());
    set_day(&app, "2026-12-09");
    assert_eq!(scheduler::run(&app.state).await.unwrap().notices, 1);
    assert_eq!(scheduler::run(&app.state).await.unwrap().notices, 0, "once");
    assert_eq!(notification_titles(&app, "autopay_soon").await, ["Завтра спишем 734,56 ₽ за газ"]);
    set_day(&app, "2026-12-10");
    assert_eq!(scheduler::run(&app.state).await.unwrap().charges, 1);
    assert_eq!(scheduler::run(&app.state).await.unwrap().charges, 0, "once per period");
    assert_eq!(debt(&app, &account).await, 0);
    let (_, history) = app.call("payments/history", &[("account_id", &account)]).await;
    assert_eq!(history[0]["amount"], 73_456);
    assert_eq!(history[0]["status"], "Succeeded");
    set_day(&app, "2026-12-11");
    assert_eq!(
        scheduler::run(&app.state).await.unwrap(),
        scheduler::Run::default(),
        "no retry after success"
    );

    // Turning it off forgets the card at once; nothing is charged after.
    let (status, _) = app.call("autopay/disable", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(autopay_status(&app).await, None);
    let (_, shown) = app.call("autopay/get", &[("account_id", &account)]).await;
    assert_eq!(shown["state"], "Off");
}

#[tokio::test]
async fn only_extended_access_may_turn_autopay_on_and_a_skipped_month_is_not_charged() {
    let app = spawn_app().await;
    set_day(&app, "2026-12-05");
    let account = customer_with_account(&app, "basic@example.ru", true).await;
    let (status, _) = enable(&app, &account, "10", "1000").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let page = app.get(&format!("/accounts/{account}/autopay")).await.text().await.unwrap();
    assert!(page.contains("Автоплатёж подключается в расширенной версии"), "{page}");

    // Somebody else's account: the same "not found" as no account at all.
    let stranger = app.second_browser();
    stranger.customer("stranger@example.ru").await;
    for endpoint in ["autopay/get", "autopay/skip", "autopay/disable", "autopay/resume"] {
        let (status, _) = stranger.call(endpoint, &[("account_id", &account)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{endpoint}");
    }
    let (status, _) = enable(&stranger, &account, "10", "1000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = app
        .call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", "4821")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, url) = enable(&app, &account, "10", "5000").await;
    let sandbox_id = url.as_str().unwrap().strip_prefix("/sandbox/pay/").unwrap().to_owned();
    app.call("sandbox/complete", &[("id", &sandbox_id), ("pay", "true")]).await;
    assert_eq!(autopay_status(&app).await.unwrap().0, "active");
    charge_november(&app, &account, 50_000).await;

    // The notice's «Отменить»: one click skips November; nothing is charged on the day.
    let (status, _) = app.call("autopay/skip", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.call("autopay/skip", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let page = app.get(&format!("/accounts/{account}/autopay")).await.text().await.unwrap();
    assert!(page.contains("Списание за ноябрь 2026 пропущено"), "{page}");
    set_day(&app, "2026-12-09");
    assert_eq!(scheduler::run(&app.state).await.unwrap().notices, 0);
    set_day(&app, "2026-12-10");
    assert_eq!(scheduler::run(&app.state).await.unwrap().charges, 0);
    assert_eq!(debt(&app, &account).await, 50_000);

    // Unbinding the account turns its autopay off.
    let (status, _) = app.call("accounts/unlink", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(autopay_status(&app).await, None);
}

/// YooKassa at `stand_in`.
fn yookassa(uri: String) -> impl FnOnce(&mut Settings) {
    move |s| {
        s.payments.provider = PaymentProvider::Yookassa;
        s.payments.api_url = uri;
        s.payments.shop_id = Some("506751".into());
        s.payments.secret_key = Some(Secret::new("test_secret"));
    }
}

fn yk(id: &str, status: &str, value: &str) -> Value {
    json!({
        "id": id, "status": status, "paid": status == "succeeded",
        "amount": {"value": value, "currency": "RUB"},
        "confirmation": {"type": "redirect", "confirmation_url": format!("https://yoomoney.test/checkout/{id}")},
        "test": true
    })
}

/// The stand-in's first payment: pending at creation, then succeeded with the card saved.
async fn mount_setup(stand_in: &MockServer, value: &str) {
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .and(body_partial_json(json!({"save_payment_method": true})))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk("yk-setup", "pending", value)))
        .mount(stand_in)
        .await;
    let mut paid = yk("yk-setup", "succeeded", value);
    paid["payment_method"] = json!({"type": "bank_card", "id": "pm-2a9f", "saved": true, "title": "Bank card *4477", "card": {"last4": "4477"}});
    Mock::given(method("GET"))
        .and(path("/v3/payments/yk-setup"))
        .respond_with(ResponseTemplate::new(200).set_body_json(paid))
        .mount(stand_in)
        .await;
}

/// Turns autopay on at YooKassa: the first payment, then its notification.
async fn turn_on_at_yookassa(app: &TestApp, account: &str, cap: &str) {
    let (status, url) = enable(app, account, "10", cap).await;
    assert_eq!(status, StatusCode::OK, "{url}");
    assert_eq!(url, "https://yoomoney.test/checkout/yk-setup");
    let status = reqwest::Client::new()
        .post(app.url("/payments/notify"))
        .json(&json!({"type": "notification", "event": "payment.succeeded", "object": {"id": "yk-setup"}}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(autopay_status(app).await, Some(("active".into(), Some("pm-2a9f".into()))));
}

/// The stand-in's requests that paid with a saved method.
async fn saved_method_charges(stand_in: &MockServer) -> Vec<(String, Value)> {
    let requests = stand_in.received_requests().await.unwrap();
    requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| {
            (
                r.headers["idempotence-key"].to_str().unwrap().to_owned(),
                serde_json::from_slice(&r.body).unwrap(),
            )
        })
        .filter(|(_, body): &(String, Value)| body.get("payment_method_id").is_some())
        .collect()
}

#[tokio::test]
async fn a_failed_charge_is_retried_once_with_a_fresh_key_then_autopay_pauses_and_says_so() {
    let stand_in = MockServer::start().await;
    mount_setup(&stand_in, "1000.00").await;
    for id in ["yk-charge-1", "yk-charge-2"] {
        Mock::given(method("POST"))
            .and(path("/v3/payments"))
            .and(body_partial_json(json!({"payment_method_id": "pm-2a9f"})))
            .respond_with(ResponseTemplate::new(200).set_body_json(yk(id, "canceled", "734.56")))
            .up_to_n_times(1)
            .mount(&stand_in)
            .await;
    }
    let app = spawn_app_with(yookassa(stand_in.uri())).await;
    set_day(&app, "2026-12-05");
    let account = customer_with_account(&app, "yk-auto@example.ru", false).await;
    turn_on_at_yookassa(&app, &account, "1000").await;
    let setup: Value = serde_json::from_slice(&stand_in.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(setup["save_payment_method"], true);
    assert_eq!(
        setup["confirmation"]["return_url"],
        format!("http://127.0.0.1:3000/accounts/{account}/autopay")
    );
    assert_eq!(setup["receipt"]["customer"]["email"], "yk-auto@example.ru");
    charge_november(&app, &account, 50_000).await;

    set_day(&app, "2026-12-10");
    assert_eq!(scheduler::run(&app.state).await.unwrap().charges, 1);
    assert_eq!(scheduler::run(&app.state).await.unwrap().charges, 0);
    let charges = saved_method_charges(&stand_in).await;
    assert_eq!(charges.len(), 1);
    let (first_key, body) = &charges[0];
    assert_eq!(body["payment_method_id"], "pm-2a9f");
    assert!(body.get("confirmation").is_none(), "a saved method needs no confirmation");
    assert_eq!(body["amount"], json!({"value": "734.56", "currency": "RUB"}));
    assert_eq!(body["receipt"]["items"][0]["amount"]["value"], "734.56");
    assert_eq!(body["receipt"]["customer"]["email"], "yk-auto@example.ru");
    assert!(notification_titles(&app, "payment_failed").await.is_empty(), "the retry comes first");
    assert_eq!(autopay_status(&app).await.unwrap().0, "active");

    set_day(&app, "2026-12-11");
    assert_eq!(scheduler::run(&app.state).await.unwrap().charges, 1);
    let charges = saved_method_charges(&stand_in).await;
    assert_eq!(charges.len(), 2);
    assert_ne!(&charges[1].0, first_key, "each attempt has a key of its own");
    assert_eq!(autopay_status(&app).await.unwrap().0, "paused");
    assert_eq!(notification_titles(&app, "autopay_paused").await, ["Автоплатёж приостановлен"]);
    let page = app.get(&format!("/accounts/{account}/autopay")).await.text().await.unwrap();
    assert!(page.contains("Автоплатёж приостановлен") && page.contains("Включить снова"), "{page}");
    set_day(&app, "2026-12-12");
    assert_eq!(scheduler::run(&app.state).await.unwrap(), scheduler::Run::default());
    assert_eq!(saved_method_charges(&stand_in).await.len(), 2);
    assert_eq!(debt(&app, &account).await, 123_456 - 100_000 + 50_000, "nothing was taken");

    let (status, _) = app.call("autopay/resume", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(autopay_status(&app).await.unwrap().0, "active");
}

#[tokio::test]
async fn two_instances_charge_once_and_a_cap_below_the_debt_pays_the_cap() {
    let stand_in = MockServer::start().await;
    mount_setup(&stand_in, "500.00").await;
    Mock::given(method("POST"))
        .and(path("/v3/payments"))
        .and(body_partial_json(json!({"payment_method_id": "pm-2a9f"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk("yk-charge", "succeeded", "500.00")))
        .mount(&stand_in)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/v3/payments/yk-charge$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(yk("yk-charge", "succeeded", "500.00")))
        .mount(&stand_in)
        .await;
    let app = spawn_app_with(yookassa(stand_in.uri())).await;
    let other = spawn_app_on_with(&app.database_url(), yookassa(stand_in.uri())).await;
    set_day(&app, "2026-12-05");
    other.clock.advance(app.clock.now() - other.clock.now());
    let account = customer_with_account(&app, "cap@example.ru", false).await;
    turn_on_at_yookassa(&app, &account, "500").await;
    assert_eq!(debt(&app, &account).await, 123_456 - 50_000, "the first payment paid the cap");
    charge_november(&app, &account, 50_000).await;

    set_day(&app, "2026-12-10");
    set_day(&other, "2026-12-10");
    let (a, b) = tokio::join!(scheduler::run(&app.state), scheduler::run(&other.state));
    assert_eq!(a.unwrap().charges + b.unwrap().charges, 1, "one charge between the two");
    let charges = saved_method_charges(&stand_in).await;
    assert_eq!(charges.len(), 1, "the acquirer was asked once");
    assert_eq!(charges[0].1["amount"]["value"], "500.00", "the cap, not the debt");
    assert_eq!(debt(&app, &account).await, 123_456 - 50_000, "credited once");
}

/// The autopay page's forms without script: a plain post to the page, answered with the
/// page again (the messages and what was typed) or the next one.
#[tokio::test]
async fn the_autopay_forms_work_without_script() {
    let app = spawn_app().await;
    set_day(&app, "2026-12-05");
    let account = customer_with_account(&app, "noscript-auto@example.ru", false).await;
    let page = format!("/accounts/{account}/autopay");
    let post = |form: Vec<(&'static str, String)>| {
        let request = app
            .client
            .post(app.url(&page))
            .header("Origin", &app.address)
            .header("Accept", "text/html,application/xhtml+xml")
            .form(&form);
        async move { request.send().await.unwrap() }
    };
    let form = |cap: &str, consent: &str| {
        vec![
            ("__action", "autopay/enable".to_owned()),
            ("account_id", account.clone()),
            ("day", "12".to_owned()),
            ("cap", cap.to_owned()),
            ("consent", consent.to_owned()),
            ("attempt", "0123456789abcdef0123456789abcdef".to_owned()),
        ]
    };
    let refused = post(form("12,345", "yes")).await;
    assert_eq!(refused.status(), StatusCode::OK);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Сумма в рублях и копейках, например 1 234,56"), "{html}");
    assert!(html.contains("value=\"12,345\""), "what was typed stays: {html}");
    assert!(html.contains("<option value=\"12\" selected"), "{html}");
    let html = post(form("1000", "")).await.text().await.unwrap();
    assert!(html.contains("Подтвердите согласие на списания"), "{html}");
    assert_eq!(autopay_status(&app).await, None);

    let taken = post(form("1000", "yes")).await;
    assert_eq!(taken.status(), StatusCode::SEE_OTHER);
    let sandbox = taken.headers()["location"].to_str().unwrap().to_owned();
    assert!(sandbox.starts_with("/sandbox/pay/"), "{sandbox}");
    // Sent again (a double tap, page.js's fallback): the same first payment.
    let again = post(form("1000", "yes")).await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), sandbox);
    let payments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(payments, 1);
    let html = app.get(&page).await.text().await.unwrap();
    assert!(html.contains("Продолжить оплату"), "{html}");
    let off = post(vec![("__action", "autopay/disable".to_owned()), ("account_id", account.clone())]).await;
    assert_eq!(off.status(), StatusCode::SEE_OTHER);
    assert_eq!(off.headers()["location"].to_str().unwrap(), page);
    assert_eq!(autopay_status(&app).await, None);
}
