//! Personal accounts over HTTP: binding, basic and extended access, the control question,
//! PIN requests and unlinking, and that nobody reaches another customer's account.

use crate::helpers::{TestApp, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;

/// Binds the seed's account and returns its id.
async fn bind_seed_account(app: &TestApp) -> String {
    let provider = app.provider_id("demo").await;
    let (status, body) =
        app.call("accounts/bind", &[("provider", &provider), ("number", "023-185952")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["number"], "23185952");
    assert_eq!(body["provider"], "Демонстрационный поставщик");
    body["account_id"].as_i64().unwrap().to_string()
}

fn field_message(body: &Value, field: &str) -> String {
    assert_eq!(body["Validation"]["field"], field, "{body}");
    body["Validation"]["message"].as_str().unwrap().to_owned()
}

async fn answer(app: &TestApp, account: &str, question: &str, value: &str) -> (StatusCode, Value) {
    app.call("accounts/answer", &[("account_id", account), ("question", question), ("answer", value)]).await
}

#[tokio::test]
async fn accounts_need_a_signed_in_customer_with_consent() {
    let app = spawn_app().await;
    let (status, _) = app.call("accounts/providers", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    app.register_and_confirm("noconsent@example.ru", "secret12").await;
    let (status, _) = app.call("accounts/list", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no personal data before the consent is signed");
    app.call("consent/sign", &[("version", app::consent::VERSION)]).await;
    let (status, body) = app.call("accounts/providers", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = body.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(names.len() >= 3 && names.contains(&"Демонстрационный поставщик"), "{names:?}");
}

#[tokio::test]
async fn binding_the_seed_account_shows_the_basic_view() {
    let app = spawn_app().await;
    app.customer("family@example.ru").await;
    let account = bind_seed_account(&app).await;

    let (_, list) = app.call("accounts/list", &[]).await;
    let card = &list[0];
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(card["address"], "г. Москва, ул. Л*****, д. 5, кв. **");
    assert_eq!(card["debt"], 123_456);
    assert_eq!(card["access"], "Basic");

    let (status, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(details["extended"], Value::Null);
    let text = details.to_string();
    assert!(!text.contains("Иванов") && !text.contains("Ленина"), "basic access leaks: {text}");

    // Binding again is harmless and says so.
    let provider = app.provider_id("demo").await;
    let (_, again) = app.call("accounts/bind", &[("provider", &provider), ("number", "23185952")]).await;
    assert_eq!(again["already_bound"], true);
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bindings").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn bad_numbers_and_unknown_accounts_are_clear_errors_that_reveal_nothing() {
    let app = spawn_app().await;
    app.customer("typo@example.ru").await;
    let demo = app.provider_id("demo").await;
    let volga = app.provider_id("volga").await;

    let (status, body) = app.call("accounts/bind", &[("provider", &demo), ("number", "23А85952")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(field_message(&body, "number").contains("только из цифр"));
    let (_, body) = app.call("accounts/bind", &[("provider", &demo), ("number", "  ")]).await;
    assert_eq!(field_message(&body, "number"), "Введите номер лицевого счёта");
    let (_, body) = app.call("accounts/bind", &[("provider", &demo), ("number", &"7".repeat(25))]).await;
    assert!(field_message(&body, "number").contains("слишком длинный"));
    let (_, body) = app.call("accounts/bind", &[("provider", "999999"), ("number", "23185952")]).await;
    assert!(field_message(&body, "provider").contains("Выберите поставщика"));
    let (_, body) = app.call("accounts/bind", &[("provider", "abc"), ("number", "23185952")]).await;
    assert!(field_message(&body, "provider").contains("Выберите поставщика"));

    // 700112233 exists, but at another provider: the answer is the same as for a number
    // that exists nowhere.
    let (status, elsewhere) =
        app.call("accounts/bind", &[("provider", &demo), ("number", "700112233")]).await;
    let (_, nowhere) = app.call("accounts/bind", &[("provider", &demo), ("number", "55555555")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(elsewhere, nowhere);

    // The same number at another provider is another household.
    let (status, body) = app.call("accounts/bind", &[("provider", &volga), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, list) = app.call("accounts/list", &[]).await;
    assert_eq!(list[0]["address"], "г. Самара, пр-т К*****, д. 112, кв. **");
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bindings").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 1, "failed attempts bind nothing");
}

#[tokio::test]
async fn binding_attempts_are_limited_per_customer() {
    let app = spawn_app().await;
    app.customer("walker@example.ru").await;
    let demo = app.provider_id("demo").await;
    for n in 0..10 {
        let (status, _) =
            app.call("accounts/bind", &[("provider", &demo), ("number", &format!("9000{n}"))]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    let (status, body) = app.call("accounts/bind", &[("provider", &demo), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body["RateLimited"]["until"].as_i64().unwrap() > app.clock.now());
    app.clock.advance(3601);
    let (status, _) = app.call("accounts/bind", &[("provider", &demo), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::OK, "the limit holds an hour");
}

#[tokio::test]
async fn the_right_answer_gives_extended_access_with_the_history() {
    let app = spawn_app().await;
    app.customer("owner@example.ru").await;
    let account = bind_seed_account(&app).await;

    let (status, body) = answer(&app, &account, "pin", "1111").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(field_message(&body, "answer"), "Ответ неверный. Осталось попыток: 4");
    let (status, body) = answer(&app, &account, "pin", "12").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(field_message(&body, "answer").contains("4–8 цифр"), "malformed answers cost no try");
    let (status, body) = answer(&app, &account, "colour", "blue").await;
    assert_eq!(field_message(&body, "question"), "Выберите контрольный вопрос");
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, body) = answer(&app, &account, "pin", "4821").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (_, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    let ext = &details["extended"];
    assert_eq!(ext["owner"], "Иванов Иван Иванович");
    assert_eq!(details["summary"]["address"], "г. Москва, ул. Ленина, д. 5, кв. 12");
    assert_eq!(details["summary"]["access"], "Extended");
    assert_eq!(ext["meters"][0]["serial"], "12345678");
    assert_eq!(ext["meters"][0]["last_reading"][1], 1520);
    assert_eq!(ext["meters"][0]["verification_due"], "2029-05-14");
    let months = ext["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[11]["period"], "2026-10");
    assert_eq!(months[11]["charged"], 123_456);
    assert_eq!(months[11]["consumption_m3"], 145);
    assert!(months.iter().any(|m| m["paid"].as_i64().unwrap() > 0), "payments are in the history");

    let (actor, action, details): (String, String, String) =
        sqlx::query_as("SELECT actor, action, details FROM audit_log WHERE action = 'binding.extended'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(actor.starts_with("user:"));
    assert_eq!((action.as_str(), details.as_str()), ("binding.extended", "question=pin"));
}

#[tokio::test]
async fn serial_numbers_and_last_charges_are_right_answers_too() {
    let app = spawn_app().await;
    app.customer("serial@example.ru").await;
    let account = bind_seed_account(&app).await;
    let (status, body) = answer(&app, &account, "serial", " 1234-5678 ").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let other = app.second_browser();
    other.customer("charge@example.ru").await;
    let account = bind_seed_account(&other).await;
    // Part of the last bill paid: the debt no longer gives the charge away (security.rs).
    sqlx::query("UPDATE accounts SET debt_kopecks = 3456 WHERE id = $1")
        .bind(account.parse::<i64>().unwrap())
        .execute(&other.pool)
        .await
        .unwrap();
    let (status, _) = answer(&other, &account, "charge", "123457").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = answer(&other, &account, "charge", "123456").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn five_wrong_answers_lock_the_question_for_a_day() {
    let app = spawn_app().await;
    app.customer("guesser@example.ru").await;
    let account = bind_seed_account(&app).await;
    for left in (1..5).rev() {
        let (_, body) = answer(&app, &account, "serial", "00000000").await;
        assert_eq!(field_message(&body, "answer"), format!("Ответ неверный. Осталось попыток: {left}"));
    }
    let (status, body) = answer(&app, &account, "serial", "00000000").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let until = body["RateLimited"]["until"].as_i64().unwrap();
    assert!(until >= app.clock.now() + 23 * 3600);

    let (status, _) = answer(&app, &account, "pin", "4821").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right answer waits");
    let (_, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    assert_eq!(details["control_locked_until"], until);

    // Unlinking and binding again does not reset the count.
    app.call("accounts/unlink", &[("account_id", &account)]).await;
    let account = bind_seed_account(&app).await;
    let (status, _) = answer(&app, &account, "pin", "4821").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    app.clock.advance(24 * 3600 + 1);
    let (status, body) = answer(&app, &account, "pin", "4821").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn nobody_reaches_another_customers_account() {
    let app = spawn_app().await;
    app.customer("mother@example.ru").await;
    let account = bind_seed_account(&app).await;
    answer(&app, &account, "pin", "4821").await;

    let stranger = app.second_browser();
    stranger.customer("stranger@example.ru").await;
    for (endpoint, extra) in [
        ("accounts/get", None),
        ("accounts/unlink", None),
        ("accounts/request_pin", None),
        ("accounts/answer", Some(("question", "pin"))),
    ] {
        let mut form = vec![("account_id", account.as_str())];
        if let Some(pair) = extra {
            form.push(pair);
            form.push(("answer", "4821"));
        }
        let (status, body) = stranger.call(endpoint, &form).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{endpoint}: {body}");
        assert!(!body.to_string().contains("Иванов"));
    }
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bindings").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 1, "the stranger's calls changed nothing");
    let page = stranger.get(&format!("/accounts/{account}")).await.text().await.unwrap();
    assert!(page.contains("Лицевой счёт не найден") && !page.contains("Иванов"), "{page}");

    // A family member binds the same account and starts at basic access of their own.
    let (_, body) = stranger
        .call("accounts/bind", &[("provider", &app.provider_id("demo").await), ("number", "23185952")])
        .await;
    assert_eq!(body["access"], "Basic");
    let (_, mine) = app.call("accounts/get", &[("account_id", &account)]).await;
    assert_eq!(mine["summary"]["access"], "Extended");
}

#[tokio::test]
async fn the_account_page_is_rendered_on_the_server_with_the_chart() {
    let app = spawn_app().await;
    app.customer("pages@example.ru").await;
    let account = bind_seed_account(&app).await;
    let basic = app.get(&format!("/accounts/{account}")).await.text().await.unwrap();
    assert!(basic.contains("Лицевой счёт № 23185952") && basic.contains("ул. Л*****"));
    assert!(basic.contains("1 234,56 ₽"));
    assert!(!basic.contains("Иванов") && !basic.contains("chart-bar"));

    answer(&app, &account, "serial", "12345678").await;
    let extended = app.get(&format!("/accounts/{account}")).await.text().await.unwrap();
    assert!(extended.contains("Иванов Иван Иванович"));
    assert_eq!(extended.matches("class=\"chart-bar\"").count(), 12, "the chart is in the server's HTML");
    assert!(extended.contains("Октябрь 2026"));
    let cabinet = app.get("/cabinet").await.text().await.unwrap();
    assert!(cabinet.contains("Лицевой счёт № 23185952") && cabinet.contains("Расширенный доступ"));
}

#[tokio::test]
async fn pin_requests_are_recorded_once_and_unlinking_removes_only_mine() {
    let app = spawn_app().await;
    app.customer("pin@example.ru").await;
    let account = bind_seed_account(&app).await;
    let (status, first) = app.call("accounts/request_pin", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    app.clock.advance(60);
    let (_, second) = app.call("accounts/request_pin", &[("account_id", &account)]).await;
    assert_eq!(first, second, "the first request stands");
    let (open,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pin_requests WHERE status = 'open'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(open, 1);
    let (_, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    assert_eq!(details["pin_requested_at"], first);

    let family = app.second_browser();
    family.customer("pin-family@example.ru").await;
    bind_seed_account(&family).await;

    let (status, _) = app.call("accounts/unlink", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.call("accounts/list", &[]).await;
    assert_eq!(list, serde_json::json!([]));
    let (status, _) = app.call("accounts/get", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, theirs) = family.call("accounts/list", &[]).await;
    assert_eq!(theirs.as_array().unwrap().len(), 1, "the family keeps its binding");
    let (open,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pin_requests WHERE status = 'open'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(open, 0);
}

#[tokio::test]
async fn withdrawing_consent_removes_the_bindings() {
    let app = spawn_app().await;
    app.customer("leaving@example.ru").await;
    bind_seed_account(&app).await;
    let (status, _) = app.call("consent/withdraw", &[("confirm", "true")]).await;
    assert_eq!(status, StatusCode::OK);
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bindings").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 0);
}
