//! Meter readings over HTTP: the window, the rules against the last reading, replacement
//! within a period, concurrent submissions, access, and who gave each reading.

use crate::helpers::{TestApp, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;

/// Days from 1970-01-01 to a Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Moves the portal's clock to noon, Moscow time, of the given day.
fn set_date(app: &TestApp, y: i64, m: i64, d: i64) {
    let target = days_from_civil(y, m, d) * 86_400 + 9 * 3600;
    app.clock.advance(target - app.clock.now());
}

async fn customer_with_seed_account(app: &TestApp, login: &str) -> (String, String) {
    app.customer(login).await;
    let (provider,): (i64,) =
        sqlx::query_as("SELECT id FROM providers WHERE code = 'demo'").fetch_one(&app.pool).await.unwrap();
    let (_, body) =
        app.call("accounts/bind", &[("provider", &provider.to_string()), ("number", "23185952")]).await;
    let account = body["account_id"].as_i64().unwrap().to_string();
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    let meter = form["meters"][0]["meter_id"].as_i64().unwrap().to_string();
    (account, meter)
}

async fn submit(app: &TestApp, account: &str, meter: &str, value: &str) -> (StatusCode, Value) {
    app.call("readings/submit", &[("account_id", account), ("meter_id", meter), ("value", value)]).await
}

fn value_error(body: &Value) -> String {
    assert_eq!(body["Validation"]["field"], "value", "{body}");
    body["Validation"]["message"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_form_shows_the_last_reading_and_the_window() {
    let app = spawn_app().await;
    set_date(&app, 2026, 11, 26);
    let (account, _) = customer_with_seed_account(&app, "form@example.ru").await;
    let (status, form) = app.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert_eq!(form["meters"][0]["last"], serde_json::json!(["2026-10", 1520]));
    assert_eq!(form["meters"][0]["title"], "Счётчик газа", "no serial for basic access");
    assert!(!form.to_string().contains("12345678"), "the serial answers the control question");
    assert_eq!(form["history"], Value::Null);
    assert_eq!(
        form["closed_message"],
        "Приём показаний с 15 по 25 число. Передать показания можно будет с 15.12.2026."
    );
    set_date(&app, 2026, 12, 15);
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(form["closed_message"], Value::Null);
    assert_eq!(form["period"], "2026-12");
}

#[tokio::test]
async fn readings_are_refused_outside_the_window_and_below_the_last() {
    let app = spawn_app().await;
    set_date(&app, 2026, 11, 14);
    let (account, meter) = customer_with_seed_account(&app, "rules@example.ru").await;
    let (status, body) = submit(&app, &account, &meter, "1600").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        value_error(&body),
        "Приём показаний с 15 по 25 число. Передать показания можно будет с 15.11.2026."
    );

    set_date(&app, 2026, 11, 20);
    let (_, body) = submit(&app, &account, &meter, "1519").await;
    assert_eq!(value_error(&body), "Показания не могут быть меньше последних принятых: 1520 м³");
    let (_, body) = submit(&app, &account, &meter, "9999").await;
    assert!(value_error(&body).contains("так много за месяц не бывает"));
    let (_, body) = submit(&app, &account, &meter, "15,5").await;
    assert_eq!(value_error(&body), "Показания — целое число кубометров, только цифры");
    let (_, body) = submit(&app, &account, &meter, "123456").await;
    assert_eq!(value_error(&body), "На этом счётчике не больше 5 цифр");
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meter_readings WHERE source = 'portal'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0, "refused readings change nothing");
}

#[tokio::test]
async fn a_second_reading_in_the_period_replaces_the_first() {
    let app = spawn_app().await;
    set_date(&app, 2026, 11, 20);
    let (account, meter) = customer_with_seed_account(&app, "replace@example.ru").await;
    let (status, body) = submit(&app, &account, &meter, "01600").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, serde_json::json!({"period": "2026-11", "value": 1600, "replaced": false}));
    // A correction may go below the first submission, never below billing's last.
    let (status, body) = submit(&app, &account, &meter, "1590").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["replaced"], true);
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT period, value FROM meter_readings WHERE source = 'portal'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(rows, vec![("2026-11".to_owned(), 1590)]);
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(form["meters"][0]["this_period"], 1590);
    let mut csv = Vec::new();
    let rows = server::export::export(&app.pool, server::export::Kind::Readings, "2026-11-01", &mut csv)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("provider,account,serial,period,value,accepted_at\n"));
    assert!(csv.contains("\ndemo,23185952,12345678,2026-11,1590,2026-11-20T12:00"), "{csv}");
    assert_eq!(form["meters"][0]["last"], serde_json::json!(["2026-10", 1520]));

    // Next month the portal's reading is the last accepted one.
    set_date(&app, 2026, 12, 16);
    let (_, body) = submit(&app, &account, &meter, "1580").await;
    assert_eq!(value_error(&body), "Показания не могут быть меньше последних принятых: 1590 м³");
}

#[tokio::test]
async fn two_submissions_at_once_leave_one_reading() {
    let app = spawn_app().await;
    set_date(&app, 2026, 11, 20);
    let (account, meter) = customer_with_seed_account(&app, "race@example.ru").await;
    let family = app.second_browser();
    family.customer("race-family@example.ru").await;
    let (provider,): (i64,) =
        sqlx::query_as("SELECT id FROM providers WHERE code = 'demo'").fetch_one(&app.pool).await.unwrap();
    family.call("accounts/bind", &[("provider", &provider.to_string()), ("number", "23185952")]).await;
    let results = tokio::join!(
        submit(&app, &account, &meter, "1600"),
        submit(&family, &account, &meter, "1601"),
        submit(&app, &account, &meter, "1602"),
        submit(&family, &account, &meter, "1603"),
        submit(&app, &account, &meter, "1604"),
        submit(&family, &account, &meter, "1605"),
    );
    let statuses = [results.0.0, results.1.0, results.2.0, results.3.0, results.4.0, results.5.0];
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meter_readings WHERE source = 'portal'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn extended_access_sees_the_history_and_strangers_see_nothing() {
    let app = spawn_app().await;
    set_date(&app, 2026, 11, 20);
    let (account, meter) = customer_with_seed_account(&app, "hist@example.ru").await;
    app.call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", "4821")]).await;
    submit(&app, &account, &meter, "1600").await;
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    let history = form["history"].as_array().unwrap();
    assert_eq!(history[0]["value"], 1600);
    assert_eq!(history[0]["submitter"], "You");
    assert_eq!(history[1]["value"], 1520);
    assert!(history.len() >= 12);
    assert_eq!(form["meters"][0]["title"], "Счётчик газа № 12345678");

    let stranger = app.second_browser();
    stranger.customer("hist-stranger@example.ru").await;
    let (status, _) = stranger.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = submit(&stranger, &account, &meter, "1700").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Another account's meter through my own account: not found either.
    let (other_meter,): (i64,) = sqlx::query_as(
        "SELECT m.id FROM meters m JOIN accounts a ON a.id = m.account_id WHERE a.number = '45003817'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (status, _) = submit(&app, &account, &other_meter.to_string(), "1700").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let page = app.get(&format!("/accounts/{account}/readings")).await.text().await.unwrap();
    assert!(page.contains("История показаний") && page.contains("Приём показаний с 15 по 25 число"));
}

/// `(value, submitter)` of every history row, as `app` sees them.
async fn history_of(app: &TestApp, account: &str) -> Vec<(i64, String)> {
    let (status, form) = app.call("readings/form", &[("account_id", account)]).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    form["history"]
        .as_array()
        .unwrap_or_else(|| panic!("extended access has a history: {form}"))
        .iter()
        .map(|r| (r["value"].as_i64().unwrap(), r["submitter"].as_str().unwrap().to_owned()))
        .collect()
}

fn submitter_of(history: &[(i64, String)], value: i64) -> &str {
    history
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, s)| s.as_str())
        .unwrap_or_else(|| panic!("{history:?}"))
}

#[tokio::test]
async fn the_history_says_who_gave_each_reading() {
    use std::io::Write;
    let app = spawn_app().await;
    set_date(&app, 2026, 11, 20);
    let (account, meter) = customer_with_seed_account(&app, "who-a@example.ru").await;
    app.call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", "4821")]).await;
    let family = app.second_browser();
    family.customer("who-b@example.ru").await;
    let (provider,): (i64,) =
        sqlx::query_as("SELECT id FROM providers WHERE code = 'demo'").fetch_one(&app.pool).await.unwrap();
    family.call("accounts/bind", &[("provider", &provider.to_string()), ("number", "23185952")]).await;
    family
        .call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", "4821")])
        .await;

    // Billing's reading for this month comes in through the import, A gives one too.
    let mut csv = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    csv.write_all(
        "provider,account,serial,title,digits,verification_due,reading_period,reading_value\n\
         demo,023-185952,12345678,,,,2026-11,1590\n"
            .as_bytes(),
    )
    .unwrap();
    server::import::run(&app.pool, server::import::Kind::Meters, csv.path()).await.unwrap();
    let (status, body) = submit(&app, &account, &meter, "1600").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let mine = history_of(&app, &account).await;
    assert_eq!(submitter_of(&mine, 1600), "You");
    assert_eq!(submitter_of(&mine, 1590), "Billing", "imported");
    assert_eq!(submitter_of(&mine, 1520), "Billing", "billing's earlier months");
    let theirs = history_of(&family, &account).await;
    assert_eq!(submitter_of(&theirs, 1600), "OtherCustomer");
    assert_eq!(submitter_of(&theirs, 1590), "Billing");
    assert!(!theirs.iter().any(|(_, s)| s == "You"));
    let page = family.get(&format!("/accounts/{account}/readings")).await.text().await.unwrap();
    assert!(page.contains("Другой клиент этого счёта") && page.contains("Биллинг поставщика"), "{page}");
    assert!(!page.contains("who-a@example.ru"), "another customer is never named");
    let page = app.get(&format!("/accounts/{account}/readings")).await.text().await.unwrap();
    assert!(page.contains(">Вы<") && !page.contains("Другой клиент этого счёта"));

    // B corrects the month's reading: it is B's now, for both of them.
    let (status, body) = submit(&family, &account, &meter, "1605").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(submitter_of(&history_of(&family, &account).await, 1605), "You");
    assert_eq!(submitter_of(&history_of(&app, &account).await, 1605), "OtherCustomer");
    let (b_id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE login = 'who-b@example.ru'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let rows: Vec<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT source, value, submitted_by FROM meter_readings WHERE period = '2026-11' AND meter_id = $1 ORDER BY source")
            .bind(meter.parse::<i64>().unwrap())
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(rows, [("billing".to_owned(), 1590, None), ("portal".to_owned(), 1605, Some(b_id))]);
    // Each submission is audited, by the customer who gave it.
    let audited: Vec<(String, String)> = sqlx::query_as(
        "SELECT actor, details FROM audit_log WHERE action = 'reading.submitted' AND subject = $1 ORDER BY id",
    )
    .bind(format!("account:{account}"))
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited.len(), 2, "{audited:?}");
    assert_eq!(audited[1].0, format!("user:{b_id}"));
    assert!(audited[1].1.contains("value=1605"), "{audited:?}");
}
