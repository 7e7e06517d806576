//! Notifications over HTTP: the readings window reminders made by the scheduler with the
//! portal's clock on the window's days (once, on every chosen channel, also with two
//! instances), the list with its unread marks and the header's count, the settings table
//! (with and without script), SMS held back in the quiet hours, and the notices events make
//! (a payment credited, an answer of support); the bill notices: a new charge once, and the
//! reminder before its due date only while the account owes.

use crate::helpers::{TestApp, spawn_app, spawn_app_on, spawn_app_with};
use app::notifications::scheduler;
use reqwest::StatusCode;

/// Moves the portal's clock to `hour`:00 Moscow time of the given day.
fn set_time(app: &TestApp, date: &str, hour: i64) {
    let target = app::domain::time::parse_date_msk(date).unwrap() + hour * 3600;
    app.clock.advance(target - app.clock.now());
}

/// A customer with the demo account 023-185952 (window 15th to 25th, a meter, no reading
/// for December); its id.
async fn customer_with_account(app: &TestApp, login: &str) -> i64 {
    app.customer(login).await;
    let provider = app.provider_id("demo").await;
    let (status, body) = app.call("accounts/bind", &[("provider", &provider), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["account_id"].as_i64().unwrap()
}

async fn user_id(app: &TestApp, login: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(login)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// (kind, title) of every notification of the customer, oldest first.
async fn notifications_of(app: &TestApp, login: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT kind, title FROM notifications WHERE user_id = $1 ORDER BY id")
        .bind(user_id(app, login).await)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

/// (channel, subject, text, next_attempt_at) of every message to `recipient` whose subject
/// starts with `subject`.
async fn messages_to(app: &TestApp, recipient: &str, subject: &str) -> Vec<(String, String, String, i64)> {
    sqlx::query_as(
        "SELECT channel, subject, body_text, next_attempt_at FROM outbox \
         WHERE recipient = $1 AND subject LIKE $2 ORDER BY id",
    )
    .bind(recipient)
    .bind(format!("{subject}%"))
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_window_reminder_comes_once_by_email_and_in_the_list() {
    let app = spawn_app().await;
    set_time(&app, "2026-12-14", 12);
    let account = customer_with_account(&app, "window@example.ru").await;
    assert_eq!(scheduler::run(&app.state).await.unwrap().made, 0, "the window opens on the 15th");

    set_time(&app, "2026-12-15", 10);
    let run = scheduler::run(&app.state).await.unwrap();
    assert_eq!((run.made, run.queued), (1, 1), "one customer, one e-mail (SMS is off by default)");
    let mail = messages_to(&app, "window@example.ru", "Мой ГАЗ: Передайте показания").await;
    assert_eq!(mail.len(), 1);
    let (channel, subject, text, _) = &mail[0];
    assert_eq!(channel, "email");
    assert_eq!(subject, "Мой ГАЗ: Передайте показания до 25 декабря");
    assert!(text.contains("по лицевому счёту 23185952"), "{text}");
    assert!(text.contains(&format!("/accounts/{account}/readings")), "{text}");
    assert!(text.contains("/settings#notifications"), "{text}");

    // Again, later the same day and the next: nothing new.
    for date in ["2026-12-15", "2026-12-16"] {
        set_time(&app, date, 18);
        assert_eq!(scheduler::run(&app.state).await.unwrap().made, 0, "{date}");
    }
    assert_eq!(messages_to(&app, "window@example.ru", "Мой ГАЗ: Передайте").await.len(), 1);

    // The header counts it until the list is seen; the list marks it new once.
    let cabinet = app.get("/cabinet").await.text().await.unwrap();
    assert!(cabinet.contains("Уведомления: новых 1"), "{cabinet}");
    let list = app.get("/notifications").await.text().await.unwrap();
    assert!(list.contains("Передайте показания до 25 декабря") && list.contains("Новое"), "{list}");
    assert!(list.contains(&format!("href=\"/accounts/{account}/readings\"")), "{list}");
    let again = app.get("/notifications").await.text().await.unwrap();
    assert!(again.contains("Передайте показания до 25 декабря") && !again.contains("Новое"), "{again}");
    assert!(!app.get("/cabinet").await.text().await.unwrap().contains("новых"));

    // A reading given: no closing reminder on the 23rd.
    set_time(&app, "2026-12-20", 12);
    let (_, form) = app.call("readings/form", &[("account_id", &account.to_string())]).await;
    let meter = form["meters"][0]["meter_id"].as_i64().unwrap().to_string();
    let (status, body) = app
        .call(
            "readings/submit",
            &[("account_id", &account.to_string()), ("meter_id", &meter), ("value", "1600")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    set_time(&app, "2026-12-23", 10);
    assert_eq!(scheduler::run(&app.state).await.unwrap().made, 0);
    assert_eq!(notifications_of(&app, "window@example.ru").await.len(), 1);
}

#[tokio::test]
async fn without_a_reading_the_closing_reminder_comes_two_days_before() {
    let app = spawn_app().await;
    set_time(&app, "2026-12-23", 9);
    customer_with_account(&app, "late@example.ru").await;
    let run = scheduler::run(&app.state).await.unwrap();
    assert_eq!(run.made, 1);
    assert_eq!(
        notifications_of(&app, "late@example.ru").await,
        vec![("window_closing".to_owned(), "Осталось 2 дня: передайте показания до 25 декабря".to_owned())]
    );
    set_time(&app, "2026-12-24", 9);
    assert_eq!(scheduler::run(&app.state).await.unwrap().made, 0, "once per period");
    set_time(&app, "2026-12-26", 9);
    assert_eq!(scheduler::run(&app.state).await.unwrap().made, 0, "the window is closed");
}

#[tokio::test]
async fn two_instances_make_every_reminder_once() {
    let app = spawn_app().await;
    let other = spawn_app_on(&app.database_url()).await;
    set_time(&app, "2026-12-15", 10);
    set_time(&other, "2026-12-15", 10);
    let logins: Vec<String> = (0..6).map(|i| format!("family{i}@example.ru")).collect();
    for login in &logins {
        customer_with_account(&app.second_browser(), login).await;
    }
    // Both instances, several times at once.
    let runs = futures::future::join_all(
        (0..6).map(|i| scheduler::run(if i % 2 == 0 { &app.state } else { &other.state })),
    )
    .await;
    let made: u64 = runs.into_iter().map(|r| r.unwrap().made).sum();
    assert_eq!(made, 6);
    for login in &logins {
        assert_eq!(notifications_of(&app, login).await.len(), 1, "{login}");
        assert_eq!(messages_to(&app, login, "Мой ГАЗ: Передайте").await.len(), 1, "{login}");
    }
}

#[tokio::test]
async fn choices_decide_the_channels_and_only_known_switches_are_taken() {
    let app = spawn_app().await;
    set_time(&app, "2026-12-15", 10);
    customer_with_account(&app, "quiet@example.ru").await;
    let (status, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(status, StatusCode::OK, "{choices}");
    assert_eq!(
        choices["channels"],
        serde_json::json!(["Email", "Push"]),
        "no SMS unless the supplier pays for it"
    );
    assert_eq!(choices["rows"][0]["topic"], "Readings");
    assert_eq!(choices["rows"][0]["switches"], serde_json::json!([true, true]));
    assert_eq!(choices["rows"][5]["switches"], serde_json::json!([null, null]), "security always goes");

    // Only payments by e-mail: the readings reminder stays in the cabinet.
    let (status, body) = app.call("notifications/save", &[("on[]", "payments.email")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(choices["rows"][0]["switches"], serde_json::json!([false, false]));
    assert_eq!(choices["rows"][1]["switches"], serde_json::json!([false, false]), "bills off too");
    assert_eq!(choices["rows"][2]["switches"], serde_json::json!([true, false]));
    for forged in ["security.email", "readings.fax", "x"] {
        let (status, _) = app.call("notifications/save", &[("on[]", forged)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{forged}");
    }
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(
        choices["rows"][2]["switches"],
        serde_json::json!([true, false]),
        "a refused form changes nothing"
    );

    assert_eq!(scheduler::run(&app.state).await.unwrap(), scheduler::Run { made: 1, queued: 0 });
    assert_eq!(notifications_of(&app, "quiet@example.ru").await.len(), 1);
    assert!(messages_to(&app, "quiet@example.ru", "Мой ГАЗ: Передайте").await.is_empty());

    // The settings page's table, and its form without script: all off, then back.
    let page = app.get("/settings").await.text().await.unwrap();
    assert!(page.contains("id=\"notifications\"") && page.contains("value=\"payments.email\""), "{page}");
    let res =
        app.post_form("/settings", &[("__action", "notifications/save"), ("on[]", "readings.email")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/settings?done=notifications#notifications");
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(choices["rows"][0]["switches"], serde_json::json!([true, false]));
    assert_eq!(choices["rows"][2]["switches"], serde_json::json!([false, false]));
    let page = app.get("/settings?done=notifications").await.text().await.unwrap();
    assert!(page.contains("Настройки уведомлений сохранены"), "{page}");
}

#[tokio::test]
async fn sms_reminders_wait_for_the_morning() {
    let app = spawn_app_with(|s| s.notifications.sms = true).await;
    set_time(&app, "2026-12-15", 23);
    customer_with_account(&app, "+79120000077").await;
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(choices["channels"], serde_json::json!(["Email", "Sms", "Push"]));
    assert_eq!(
        choices["rows"][0]["switches"],
        serde_json::json!([true, false, true]),
        "SMS off until chosen"
    );
    let (status, body) = app.call("notifications/save", &[("on[]", "readings.sms")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let run = scheduler::run(&app.state).await.unwrap();
    assert_eq!((run.made, run.queued), (1, 1), "an SMS (a phone login has no e-mail to write to)");
    let sms = messages_to(&app, "+79120000077", "Мой ГАЗ: Передайте").await;
    assert_eq!(sms.len(), 1);
    let (channel, _, text, at) = &sms[0];
    assert_eq!(channel, "sms");
    assert!(text.starts_with("Мой ГАЗ: Передайте показания до 25 декабря http"), "{text}");
    assert_eq!(app::domain::time::format_datetime_msk(*at), "16.12.2026 08:00 (МСК)");
}

#[tokio::test]
async fn payments_and_answers_are_in_the_list() {
    let app = spawn_app().await;
    let account = customer_with_account(&app, "paid@example.ru").await.to_string();
    let (status, url) =
        app.call("payments/create", &[("account_id", &account), ("purpose", "debt"), ("amount", "")]).await;
    assert_eq!(status, StatusCode::OK, "{url}");
    let sandbox_id = url.as_str().unwrap().trim_start_matches("/sandbox/pay/").to_owned();
    for _ in 0..3 {
        app.call("sandbox/complete", &[("id", &sandbox_id), ("pay", "true")]).await;
    }
    assert_eq!(
        notifications_of(&app, "paid@example.ru").await,
        vec![("payment_credited".to_owned(), "Платёж 1 234,56 ₽ зачислен".to_owned())]
    );
    let mail = messages_to(&app, "paid@example.ru", "Мой ГАЗ: Платёж").await;
    assert_eq!(mail.len(), 1, "one e-mail for one payment");
    assert!(mail[0].2.contains("по лицевому счёту 23185952 зачислена"), "{}", mail[0].2);

    let (status, number) = app
        .call(
            "support/ask",
            &[("topic", "payment"), ("text", "Когда зачислится платёж?"), ("contact", "paid@example.ru")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{number}");
    let operator = app.second_browser();
    operator.operator("operator-n@example.ru").await;
    let ticket = number.as_i64().unwrap().to_string();
    let (status, body) =
        operator.call("operator/answer", &[("ticket_id", &ticket), ("text", "Платёж уже зачислен.")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let list = app.get("/notifications").await.text().await.unwrap();
    assert!(list.contains(&format!("Ответ на обращение № {ticket}")), "{list}");
    assert!(list.contains("Платёж уже зачислен."), "{list}");
    assert!(list.contains("Платёж 1 234,56 ₽ зачислен"), "{list}");

    // Nobody else's list, and none without a session.
    let stranger = app.second_browser();
    let (status, _) = stranger.call("notifications/list", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    stranger.customer("stranger@example.ru").await;
    let (status, list) = stranger.call("notifications/list", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, serde_json::json!([]));
}

#[tokio::test]
async fn a_new_charge_is_told_once_and_the_due_date_while_a_debt_remains() {
    let app = spawn_app().await;
    // The demo account's last charge is October's 1 234,56 ₽, all of it owed.
    set_time(&app, "2026-11-03", 12);
    let account = customer_with_account(&app, "bill@example.ru").await;
    assert_eq!(scheduler::run(&app.state).await.unwrap(), scheduler::Run { made: 1, queued: 1 });
    assert_eq!(
        notifications_of(&app, "bill@example.ru").await,
        vec![("charge_new".to_owned(), "Начислено за октябрь 2026: 1 234,56 ₽".to_owned())]
    );
    let mail = messages_to(&app, "bill@example.ru", "Мой ГАЗ: Начислено").await;
    assert_eq!(mail.len(), 1);
    let text = &mail[0].2;
    assert!(text.contains("По лицевому счёту 23185952"), "{text}");
    assert!(text.contains("(газ: 145 м³). Оплатите до 10 ноября включительно."), "{text}");
    assert!(text.contains(&format!("/accounts/{account}\n\nКакие уведомления")), "{text}");
    set_time(&app, "2026-11-05", 12);
    assert_eq!(scheduler::run(&app.state).await.unwrap().made, 0, "once per account and month");

    // Three days before the 10th: the reminder to pay, linking to the payment form.
    set_time(&app, "2026-11-07", 12);
    assert_eq!(scheduler::run(&app.state).await.unwrap().made, 1);
    let due = messages_to(&app, "bill@example.ru", "Мой ГАЗ: Оплатите до 10 ноября").await;
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].1, "Мой ГАЗ: Оплатите до 10 ноября: 1 234,56 ₽");
    assert!(due[0].2.starts_with("Здравствуйте!\n\nОсталось 3 дня: задолженность"), "{}", due[0].2);
    assert!(due[0].2.contains(&format!("/accounts/{account}/pay")), "{}", due[0].2);
    set_time(&app, "2026-11-10", 12);
    assert_eq!(scheduler::run(&app.state).await.unwrap().made, 0, "one reminder a month");
    set_time(&app, "2026-11-12", 12);
    assert_eq!(scheduler::run(&app.state).await.unwrap().made, 0, "October's charge is history now");
}

#[tokio::test]
async fn nothing_owed_no_reminder_to_pay_and_bills_can_be_muted() {
    let app = spawn_app().await;
    set_time(&app, "2026-11-08", 12);
    customer_with_account(&app, "paid@example.ru").await;
    sqlx::query("UPDATE accounts SET debt_kopecks = 0 WHERE number = '23185952'")
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, body) = app.call("notifications/save", &[("on[]", "readings.email")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(scheduler::run(&app.state).await.unwrap(), scheduler::Run { made: 1, queued: 0 });
    assert_eq!(notifications_of(&app, "paid@example.ru").await[0].0, "charge_new", "in the list, no e-mail");
    assert!(messages_to(&app, "paid@example.ru", "Мой ГАЗ: Начислено").await.is_empty());
}

#[tokio::test]
async fn sms_go_only_where_the_supplier_pays_for_them() {
    // The portal leaves SMS to each supplier (`notifications.sms` off); the demo's northern
    // supplier pays for them, Волгагаз-Расчёт does not.
    let app = spawn_app().await;
    set_time(&app, "2026-12-20", 12);
    app.customer("+79120000088").await;
    let mut accounts = Vec::new();
    for (provider, number) in [("sever", "100200"), ("volga", "23185952")] {
        let provider = app.provider_id(provider).await;
        let (status, body) = app.call("accounts/bind", &[("provider", &provider), ("number", number)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        accounts.push(body["account_id"].as_i64().unwrap());
    }
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(choices["channels"], serde_json::json!(["Email", "Sms", "Push"]), "one supplier pays");
    let (status, body) = app.call("notifications/save", &[("on[]", "readings.sms")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let run = scheduler::run(&app.state).await.unwrap();
    assert_eq!((run.made, run.queued), (2, 1), "both windows are open; one SMS");
    let sms = messages_to(&app, "+79120000088", "Мой ГАЗ: Передайте").await;
    assert_eq!(sms.len(), 1);
    assert!(sms[0].2.contains(&format!("/accounts/{}/readings", accounts[0])), "{}", sms[0].2);

    // A customer of Волгагаз-Расчёт alone is not offered SMS, and a forged switch does nothing.
    let other = app.second_browser();
    other.customer("+79120000089").await;
    let volga = app.provider_id("volga").await;
    let (status, _) = other.call("accounts/bind", &[("provider", &volga), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, choices) = other.call("notifications/choices", &[]).await;
    assert_eq!(choices["channels"], serde_json::json!(["Email", "Push"]));
    let (status, _) = other.call("notifications/save", &[("on[]", "readings.sms")]).await;
    assert_eq!(status, StatusCode::OK);
    set_time(&app, "2026-12-25", 12);
    scheduler::run(&app.state).await.unwrap();
    assert!(
        messages_to(&app, "+79120000089", "Мой ГАЗ:").await.is_empty(),
        "no SMS from a supplier that does not pay"
    );
    assert_eq!(notifications_of(&app, "+79120000089").await.len(), 1, "the reminder is in the list");
}

/// The bell's count, read with the session on every signed-in page, goes through the
/// index of unread notifications, not through every notification the customer ever had.
#[tokio::test]
async fn the_unread_count_reads_only_unread_notifications() {
    use sqlx::Row;
    let app = spawn_app().await;
    let count = format!("SELECT {} FROM users u WHERE u.id = 1", app::notifications::UNREAD_OF_USER);
    let mut tx = app.pool.begin().await.unwrap();
    let (explain, column) = match crate::helpers::backend() {
        // Empty tables: without this PostgreSQL's planner would rightly scan them whole.
        "postgres" => {
            sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await.unwrap();
            (format!("EXPLAIN {count}"), 0)
        }
        _ => (format!("EXPLAIN QUERY PLAN {count}"), 3),
    };
    let plan: Vec<String> = sqlx::query(&explain)
        .fetch_all(&mut *tx)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>(column))
        .collect();
    assert!(plan.iter().any(|line| line.contains("notifications_unread")), "{plan:#?}");
}
