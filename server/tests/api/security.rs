//! Issue 15, tried as a stranger would: unlocking an account with what basic access shows,
//! racing and multiplying the limits, taking over a registration or a cabinet. Each test
//! is listed in `docs/security.md` beside the threat it answers.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::Value;

/// A server whose per-IP request limiter lets 50 parallel calls through, so that only the
/// database limits under test answer them.
async fn spawn_for_parallel_tries() -> TestApp {
    spawn_app_with(|s| {
        s.security.request_burst_per_ip = 10_000;
        s.security.requests_per_second_per_ip = 10_000;
    })
    .await
}

async fn bind_seed_account(app: &TestApp) -> String {
    let provider = app.provider_id("demo").await;
    let (status, body) =
        app.call("accounts/bind", &[("provider", &provider), ("number", "023-185952")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["account_id"].as_i64().unwrap().to_string()
}

async fn answer(app: &TestApp, account: &str, question: &str, value: &str) -> (StatusCode, Value) {
    app.call("accounts/answer", &[("account_id", account), ("question", question), ("answer", value)]).await
}

async fn access_of(app: &TestApp, account: &str) -> String {
    let (status, details) = app.call("accounts/get", &[("account_id", account)]).await;
    assert_eq!(status, StatusCode::OK, "{details}");
    details["summary"]["access"].as_str().unwrap().to_owned()
}

async fn count_events(app: &TestApp, kind: &str, subject: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rate_events WHERE kind = $1 AND subject = $2")
        .bind(kind)
        .bind(subject)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    n
}

/// How many of `answers` were judged (a 400 on `field`) and how many refused by a limit.
fn judged_and_limited(answers: &[(StatusCode, Value)], field: &str) -> (usize, usize) {
    let judged = answers
        .iter()
        .filter(|(s, b)| *s == StatusCode::BAD_REQUEST && b["Validation"]["field"] == field)
        .count();
    let limited = answers.iter().filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(judged + limited, answers.len(), "every answer is one or the other: {answers:?}");
    (judged, limited)
}

// 1. Knowing an account number is never enough for extended access.

#[tokio::test]
async fn the_debt_basic_access_shows_does_not_answer_the_charge_question() {
    let app = spawn_app().await;
    app.customer("stranger@example.ru").await;
    let account = bind_seed_account(&app).await;
    // Everything basic access shows: the card, the pay page, the readings form.
    let (_, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    let debt = details["summary"]["debt"].as_i64().unwrap();
    assert_eq!(debt, 123_456, "the demo account owes exactly its last charge");
    let (status, _) = app.call("payments/form", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);

    for guess in [debt, debt / 2, debt * 2] {
        let (status, body) = answer(&app, &account, "charge", &guess.to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["Validation"]["field"], "question", "{body}");
    }
    assert_eq!(access_of(&app, &account).await, "Basic");
    assert_eq!(count_events(&app, "control_answer_account", &account).await, 0, "refused without a try");
}

#[tokio::test]
async fn the_charge_answers_while_the_debt_does_not_give_it_away() {
    let app = spawn_app().await;
    app.customer("owner@example.ru").await;
    let account = bind_seed_account(&app).await;
    // A partial payment: the debt no longer shows the charge.
    sqlx::query("UPDATE accounts SET debt_kopecks = 23456 WHERE id = $1")
        .bind(account.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, _) = answer(&app, &account, "charge", "23456").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = answer(&app, &account, "charge", "123456").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(access_of(&app, &account).await, "Extended");
}

// 2. Limits that hold under parallel requests and cannot be multiplied.

#[tokio::test]
async fn fifty_parallel_wrong_control_answers_are_judged_five_times() {
    let app = spawn_for_parallel_tries().await;
    app.customer("racer@example.ru").await;
    let account = bind_seed_account(&app).await;
    let answers = join_all((0..50).map(|i| {
        let app = &app;
        let account = &account;
        async move { answer(app, account, "pin", &format!("{:04}", 1000 + i)).await }
    }))
    .await;
    let (judged, limited) = judged_and_limited(&answers, "answer");
    // The fifth wrong answer is the one that locks: it answers 429 with the end time.
    assert_eq!((judged, limited), (4, 46), "{answers:?}");
    let user_events: i64 =
        sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM rate_events WHERE kind = 'control_answer'")
            .fetch_one(&app.pool)
            .await
            .unwrap()
            .0;
    assert_eq!(user_events, 5, "five tries were judged");
    assert_eq!(access_of(&app, &account).await, "Basic");
}

#[tokio::test]
async fn fifty_parallel_wrong_passwords_are_judged_five_times() {
    let app = spawn_for_parallel_tries().await;
    app.register_and_confirm("target@example.ru", "right1").await;
    let stranger = app.second_browser();
    let answers = join_all((0..50).map(|i| {
        let stranger = &stranger;
        async move {
            let password = format!("wrong{i}");
            stranger.call("auth/login", &[("login", "target@example.ru"), ("password", &password)]).await
        }
    }))
    .await;
    let (judged, limited) = judged_and_limited(&answers, "password");
    assert_eq!((judged, limited), (5, 45), "{answers:?}");
    // The lock holds even for the right password, and it is in the audit log.
    let (status, _) =
        stranger.call("auth/login", &[("login", "target@example.ru"), ("password", "right1")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (locks,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.locked'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(locks, 1);
}

#[tokio::test]
async fn fifty_parallel_wrong_codes_are_judged_five_times() {
    let app = spawn_for_parallel_tries().await;
    app.call(
        "auth/register",
        &[("login", "codes@example.ru"), ("password", "abc12"), ("password_repeat", "abc12")],
    )
    .await;
    let code = app.code_for("codes@example.ru").await;
    let answers = join_all((0..50).map(|i| {
        let app = &app;
        let code = &code;
        async move {
            let mut wrong = format!("{:06}", 100_000 + i);
            if &wrong == code {
                wrong = format!("{:06}", 200_000 + i);
            }
            app.call("auth/confirm", &[("code", &wrong)]).await
        }
    }))
    .await;
    let wrong_code = answers
        .iter()
        .filter(|(_, b)| b["Validation"]["message"].as_str().is_some_and(|m| m.starts_with("Неверный код")))
        .count();
    assert_eq!(wrong_code, 5, "{answers:?}");
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::BAD_REQUEST));
    // The right code is refused too now: a new one is needed.
    let (status, body) = app.call("auth/confirm", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(app.call("auth/me", &[]).await.1, Value::Null);
}

#[tokio::test]
async fn fifty_parallel_binding_misses_count_ten() {
    let app = spawn_for_parallel_tries().await;
    app.customer("walker@example.ru").await;
    let provider = app.provider_id("demo").await;
    let answers = join_all((0..50).map(|i| {
        let app = &app;
        let provider = &provider;
        async move {
            let number = format!("{}", 90_000_000 + i);
            app.call("accounts/bind", &[("provider", provider), ("number", &number)]).await
        }
    }))
    .await;
    let (judged, limited) = judged_and_limited(&answers, "number");
    assert_eq!((judged, limited), (10, 40));
}

#[tokio::test]
async fn wrong_answers_are_limited_per_account_across_customers() {
    let app = spawn_app().await;
    let mut family = Vec::new();
    for i in 0..3 {
        let browser = app.second_browser();
        browser.customer(&format!("fresh{i}@example.ru")).await;
        let account = bind_seed_account(&browser).await;
        family.push((browser, account));
    }
    // Two fresh cabinets spend their five tries each: the account's ten a day.
    for (browser, account) in &family[..2] {
        for _ in 0..5 {
            answer(browser, account, "serial", "00000000").await;
        }
    }
    let (third, account) = &family[2];
    let (status, body) = answer(third, account, "pin", "4821").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "a third cabinet gets no tries of its own: {body}");
    let (_, details) = third.call("accounts/get", &[("account_id", account)]).await;
    assert!(details["control_locked_until"].as_i64().is_some(), "{details}");
    assert_eq!(
        count_events(
            &app,
            "control_answer",
            &format!("{}:{account}", user_id(&app, "fresh2@example.ru").await)
        )
        .await,
        0
    );
    let (locks,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'control.locked' AND subject = $1")
            .bind(format!("account:{account}"))
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(locks, 2, "each spent cabinet locked itself");

    app.clock.advance(24 * 3600 + 1);
    let (status, body) = answer(third, account, "pin", "4821").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn user_id(app: &TestApp, login: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE login = $1")
        .bind(login)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        .0
}

#[tokio::test]
async fn withdrawing_consent_keeps_every_counter() {
    let app = spawn_app().await;
    app.customer("leaver@example.ru").await;
    let account = bind_seed_account(&app).await;
    answer(&app, &account, "serial", "00000000").await;
    let codes_before = count_events(&app, "code_login", "leaver@example.ru").await;
    assert_eq!(codes_before, 1);
    let (status, _) = app.call("consent/withdraw", &[("confirm", "true")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count_events(&app, "code_login", "leaver@example.ru").await, 1);
    assert_eq!(count_events(&app, "control_answer_account", &account).await, 1);
    let (withdrawn,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'consent.withdrawn'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(withdrawn, 1);
}

// 3. Registration and the recovery channel cannot be taken over.

#[tokio::test]
async fn a_stranger_registering_the_same_login_does_not_choose_the_password() {
    let app = spawn_app().await;
    let victim = app.second_browser();
    let (status, _) = victim
        .call(
            "auth/register",
            &[("login", "victim@example.ru"), ("password", "victim1"), ("password_repeat", "victim1")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let victims_code = app.code_for("victim@example.ru").await;

    app.clock.advance(61);
    let stranger = app.second_browser();
    let (status, _) = stranger
        .call(
            "auth/register",
            &[("login", "victim@example.ru"), ("password", "strange1"), ("password_repeat", "strange1")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let newest_code = app.code_for("victim@example.ru").await;
    assert_ne!(newest_code, victims_code);

    // The victim types the newest code: it is not their registration's.
    let (status, body) = victim.call("auth/confirm", &[("code", &newest_code)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = victim.call("auth/confirm", &[("code", &victims_code)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, _) =
        stranger.call("auth/login", &[("login", "victim@example.ru"), ("password", "strange1")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the stranger's password opens nothing");
    let (status, _) = stranger.call("auth/confirm", &[("code", &newest_code)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the stranger's registration ended with the login");
    let third = app.second_browser();
    let (status, body) =
        third.call("auth/login", &[("login", "victim@example.ru"), ("password", "victim1")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn the_email_link_confirms_only_in_the_browser_that_registered() {
    let app = spawn_app().await;
    let stranger = app.second_browser();
    stranger
        .call(
            "auth/register",
            &[("login", "reader@example.ru"), ("password", "strange1"), ("password_repeat", "strange1")],
        )
        .await;
    let text = app.latest_message("reader@example.ru").await;
    let url = text.split_whitespace().find(|w| w.contains("/confirm/link?token=")).unwrap().to_owned();
    let path = &url[url.find("/confirm").unwrap()..];

    // The address's owner clicks the link in their own browser: nothing is confirmed.
    let reader = app.second_browser();
    let res = reader.get(path).await;
    assert_eq!(res.headers()["location"], "/confirm?link=other-browser");
    assert_eq!(reader.call("auth/me", &[]).await.1, Value::Null);
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE login = 'reader@example.ru'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
    let page = reader.get("/confirm?link=other-browser").await.text().await.unwrap();
    assert!(page.contains("только в том браузере"), "{page}");

    // In the browser that registered, the same link works.
    let res = stranger.get(path).await;
    assert_eq!(res.headers()["location"], "/welcome");
}

#[tokio::test]
async fn changing_the_login_needs_the_current_password_and_tells_the_old_login() {
    let app = spawn_app().await;
    app.register_and_confirm("old@example.ru", "secret12").await;
    let (status, body) =
        app.call("profile/change_login", &[("account_password", ""), ("new_login", "new@example.ru")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Validation"]["field"], "account_password");
    let (status, body) = app
        .call("profile/change_login", &[("account_password", "wrong1"), ("new_login", "new@example.ru")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Validation"]["message"], "Текущий пароль указан неверно");
    let (pending,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM login_changes").fetch_one(&app.pool).await.unwrap();
    assert_eq!(pending, 0, "no code was made");

    let (status, body) = app
        .call("profile/change_login", &[("account_password", "secret12"), ("new_login", "new@example.ru")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = app.code_for("new@example.ru").await;
    let (status, body) = app.call("profile/confirm_login", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let notice = app.latest_message("old@example.ru").await;
    assert!(notice.contains("изменён логин") && notice.contains("Если это были не вы"), "{notice}");
    assert!(notice.contains("/support"), "{notice}");
}

#[tokio::test]
async fn password_changes_and_resets_tell_the_login() {
    let app = spawn_app().await;
    app.register_and_confirm("owner@example.ru", "secret12").await;
    let (status, body) = app
        .call(
            "auth/change_password",
            &[("current_password", "secret12"), ("password", "newpass1"), ("password_repeat", "newpass1")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let notice = app.latest_message("owner@example.ru").await;
    assert!(notice.contains("изменён пароль") && notice.contains("Если это были не вы"), "{notice}");

    app.clock.advance(61);
    let other = app.second_browser();
    other.call("auth/reset_request", &[("login", "owner@example.ru")]).await;
    let code = app.code_for("owner@example.ru").await;
    let (status, body) = other
        .call(
            "auth/reset_complete",
            &[("code", &code), ("password", "reset12"), ("password_repeat", "reset12")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let notice = app.latest_message("owner@example.ru").await;
    assert!(notice.contains("восстановлен пароль") && notice.contains("Если это были не вы"), "{notice}");
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE action LIKE 'auth.%' ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let actions: Vec<&str> = actions.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(actions, ["auth.password_changed", "auth.reset"]);
}

#[tokio::test]
async fn a_session_deleted_while_its_request_runs_is_never_written_back() {
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};

    let app = spawn_app().await;
    let store = server::session_store::DbSessionStore::new(app.state.reads.clone());
    let mut record = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_some());
    // Sign out everywhere deletes the row while a request of the session still holds it…
    sqlx::query("DELETE FROM sessions").execute(&app.pool).await.unwrap();
    // …and that request ends by saving what it changed.
    record.data.insert("seen_at".into(), serde_json::json!(1));
    store.save(&record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
}

#[tokio::test]
async fn sign_ins_and_sign_outs_are_audited() {
    let app = spawn_app().await;
    app.register_and_confirm("audited@example.ru", "secret12").await;
    let other = app.second_browser();
    other.call("auth/login", &[("login", "audited@example.ru"), ("password", "wrong12")]).await;
    other.call("auth/login", &[("login", "audited@example.ru"), ("password", "secret12")]).await;
    other.call("auth/logout_all", &[]).await;
    let id = user_id(&app, "audited@example.ru").await;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT actor, action, subject FROM audit_log WHERE subject = $1 ORDER BY id")
            .bind(format!("user:{id}"))
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let actions: Vec<&str> = rows.iter().map(|(_, a, _)| a.as_str()).collect();
    assert_eq!(actions, ["auth.sign_in_failed", "auth.sign_in", "auth.sign_out_everywhere"]);
    assert!(rows.iter().all(|(actor, _, _)| *actor == format!("user:{id}")));
}

#[tokio::test]
async fn a_deleted_customers_id_is_never_given_to_the_next_one() {
    let app = spawn_app().await;
    app.customer("first@example.ru").await;
    app.call("auth/logout", &[]).await;
    let leaver = app.second_browser();
    leaver.customer("newest@example.ru").await;
    let newest = user_id(&app, "newest@example.ru").await;
    let (status, _) = leaver.call("consent/withdraw", &[("confirm", "true")]).await;
    assert_eq!(status, StatusCode::OK);
    app.clock.advance(61);
    let next = app.second_browser();
    next.customer("next@example.ru").await;
    assert!(
        user_id(&app, "next@example.ru").await > newest,
        "the audit rows and limits of user {newest} stay theirs"
    );
    // The table was rebuilt, not emptied: the first customer and their consent are there.
    let (consents,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM consents c JOIN users u ON u.id = c.user_id WHERE u.login = 'first@example.ru'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(consents, 1);
}
