//! Forms posted the way a browser without script posts them (`app::form_replay`): to their
//! own page, `Accept: text/html`, the server function named in `__action`.

use crate::helpers::{TestApp, spawn_app};
use reqwest::StatusCode;

async fn post_page(app: &TestApp, page: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url(page))
        .header("Origin", &app.address)
        .header("Accept", "text/html,application/xhtml+xml")
        .form(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn registration_without_script_goes_on_to_the_code_page() {
    let app = spawn_app().await;
    let form = [
        ("__action", "auth/register"),
        ("login", "noscript@example.ru"),
        ("password", "secret12"),
        ("password_repeat", "secret12"),
    ];
    let res = post_page(&app, "/register", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/confirm");
    // The same browser's confirmation page knows the login it is confirming.
    let page = app.get("/confirm").await.text().await.unwrap();
    assert!(page.contains("noscript@example.ru"), "{page}");
    assert!(!app.code_for("noscript@example.ru").await.is_empty());
}

#[tokio::test]
async fn a_refused_registration_renders_the_page_again_with_the_messages_and_the_login() {
    let app = spawn_app().await;
    let form = [
        ("__action", "auth/register"),
        ("login", "ivan@example.ru"),
        ("password", "secret12"),
        ("password_repeat", "secret13"),
    ];
    let res = post_page(&app, "/register", &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Пароли не совпадают"), "{page}");
    assert!(page.contains(r#"value="ivan@example.ru""#), "the login is typed in again: {page}");
    assert!(!page.contains("secret12") && !page.contains("secret13"), "no password comes back");
    // Nothing was started: no code went anywhere.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_form_post_names_a_real_server_function_and_comes_from_this_site() {
    let app = spawn_app().await;
    let unknown = post_page(&app, "/register", &[("__action", "auth/nope"), ("login", "x")]).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let missing = post_page(&app, "/register", &[("login", "x")]).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let cross_site = app
        .client
        .post(app.url("/register"))
        .header("Origin", "https://evil.example")
        .header("Accept", "text/html")
        .form(&[
            ("__action", "auth/register"),
            ("login", "a@b.ru"),
            ("password", "secret12"),
            ("password_repeat", "secret12"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_consent_binding_and_the_control_question_work_as_plain_forms() {
    let app = spawn_app().await;
    app.register_and_confirm("plain@example.ru", "secret12").await;
    let browser = app.second_browser();

    // Sign in: a wrong password comes back with the login kept, a right one goes on.
    let wrong = [("__action", "auth/login"), ("login", "plain@example.ru"), ("password", "nope12")];
    let page = post_page(&browser, "/login", &wrong).await.text().await.unwrap();
    assert!(page.contains("Неверный логин или пароль"), "{page}");
    assert!(page.contains(r#"value="plain@example.ru""#));
    let right = [("__action", "auth/login"), ("login", "plain@example.ru"), ("password", "secret12")];
    let res = post_page(&browser, "/login", &right).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/cabinet");

    // The consent, then the cabinet's own binding form.
    let sign = [("__action", "consent/sign"), ("version", app::consent::VERSION), ("agreed", "on")];
    let res = post_page(&browser, "/consent", &sign).await;
    assert_eq!(res.headers()["location"], "/cabinet");
    let demo = app.provider_id("demo").await;
    let no_provider = [("__action", "accounts/bind"), ("number", "023-185952")];
    let page = post_page(&browser, "/cabinet", &no_provider).await.text().await.unwrap();
    assert!(page.contains("Выберите поставщика услуг из списка"), "{page}");
    let unknown = [("__action", "accounts/bind"), ("provider", demo.as_str()), ("number", "999-999999")];
    let page = post_page(&browser, "/cabinet", &unknown).await.text().await.unwrap();
    assert!(page.contains(r#"value="999-999999""#), "the number is kept: {page}");
    assert!(page.contains("checked"), "the provider stays chosen");
    let bind = [("__action", "accounts/bind"), ("provider", demo.as_str()), ("number", "023-185952")];
    let res = post_page(&browser, "/cabinet", &bind).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let next = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(next.ends_with("/extended?bound=new"), "{next}");
    let page = browser.get(&next).await.text().await.unwrap();
    assert!(page.contains("Поздравляем! Лицевой счёт № 23185952 подключён."), "{page}");
    let account = next.trim_start_matches("/accounts/").split('/').next().unwrap().to_owned();

    // The control question on its own page: a wrong PIN is refused there, the right one opens
    // the extended account page.
    let extended = format!("/accounts/{account}/extended");
    let wrong = [
        ("__action", "accounts/answer"),
        ("account_id", account.as_str()),
        ("question", "pin"),
        ("answer", "0000"),
    ];
    let res = post_page(&browser, &extended, &wrong).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("field-error") || page.contains("notice-error"), "{page}");
    assert!(!page.contains("0000"), "the answer is not shown again");
    let right = [
        ("__action", "accounts/answer"),
        ("account_id", account.as_str()),
        ("question", "pin"),
        ("answer", "4821"),
    ];
    let res = post_page(&browser, &extended, &right).await;
    assert_eq!(res.headers()["location"], format!("/accounts/{account}").as_str());
    let page = browser.get(&format!("/accounts/{account}")).await.text().await.unwrap();
    assert!(page.contains("Иванов Иван Иванович"), "{page}");
}

#[tokio::test]
async fn a_stranger_cannot_use_a_form_post_to_reach_an_account() {
    let app = spawn_app().await;
    app.customer("owner@example.ru").await;
    let demo = app.provider_id("demo").await;
    let (_, body) = app.call("accounts/bind", &[("provider", &demo), ("number", "023-185952")]).await;
    let account = body["account_id"].as_i64().unwrap().to_string();

    let stranger = app.second_browser();
    stranger.customer("stranger@example.ru").await;
    let answer = [
        ("__action", "accounts/answer"),
        ("account_id", account.as_str()),
        ("question", "pin"),
        ("answer", "4821"),
    ];
    let res = post_page(&stranger, &format!("/accounts/{account}/extended"), &answer).await;
    assert_eq!(res.status(), StatusCode::OK, "a page, not a redirect onwards");
    let page = stranger.get(&format!("/accounts/{account}")).await.text().await.unwrap();
    assert!(!page.contains("Иванов Иван Иванович"));
}

/// 09:00 Moscow time on 20 November 2026: inside the demo provider's readings window.
fn in_readings_window(app: &TestApp) {
    let target = 1_794_895_200 + 3 * 86_400;
    app.clock.advance(target - app.clock.now());
}

#[tokio::test]
async fn readings_payment_and_support_work_as_plain_forms() {
    let app = spawn_app().await;
    in_readings_window(&app);
    app.customer("forms@example.ru").await;
    let demo = app.provider_id("demo").await;
    let (_, body) = app.call("accounts/bind", &[("provider", &demo), ("number", "023-185952")]).await;
    let account = body["account_id"].as_i64().unwrap().to_string();
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    let meter = form["meters"][0]["meter_id"].as_i64().unwrap().to_string();
    let page = format!("/accounts/{account}/readings");

    // A reading below the last one is refused on the page, with the value kept.
    let low = [
        ("__action", "readings/submit"),
        ("account_id", account.as_str()),
        ("meter_id", meter.as_str()),
        ("value", "1000"),
    ];
    let res = post_page(&app, &page, &low).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"value="1000""#), "{html}");
    assert!(html.contains("field-error"), "{html}");
    // A good one goes back to the page, which says it was accepted; a second post of the same
    // form replaces it (one reading a meter and month).
    let good = [
        ("__action", "readings/submit"),
        ("account_id", account.as_str()),
        ("meter_id", meter.as_str()),
        ("value", "1600"),
    ];
    for _ in 0..2 {
        let res = post_page(&app, &page, &good).await;
        assert_eq!(res.headers()["location"], format!("{page}?accepted={meter}").as_str());
    }
    let html = app.get(&format!("{page}?accepted={meter}")).await.text().await.unwrap();
    assert!(html.contains("Показания 1600 м³ за ноябрь 2026 приняты."), "{html}");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meter_readings WHERE source = 'portal'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);

    // Payment by the sandbox: the form leads to the sandbox's page, its button back to the
    // portal's result page.
    let pay = [
        ("__action", "payments/create"),
        ("account_id", account.as_str()),
        ("purpose", "custom"),
        ("amount", "150,50"),
    ];
    let res = post_page(&app, &format!("/accounts/{account}/pay"), &pay).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sandbox = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(sandbox.contains("/sandbox/pay/"), "{sandbox}");
    let path = sandbox.split_once("/sandbox/pay/").map(|(_, id)| format!("/sandbox/pay/{id}")).unwrap();
    let id = path.trim_start_matches("/sandbox/pay/").to_owned();
    let res =
        post_page(&app, &path, &[("__action", "sandbox/complete"), ("id", id.as_str()), ("pay", "true")])
            .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let result = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(result.contains("/payments/"), "{result}");
    let result_path = format!("/payments/{}", result.rsplit('/').next().unwrap());
    let html = app.get(&result_path).await.text().await.unwrap();
    assert!(html.contains("Оплата прошла"), "{html}");
    assert!(html.contains("150,50"), "{html}");

    // Support: a question without a topic comes back with the text kept; with one it is taken.
    let no_topic =
        [("__action", "support/ask"), ("text", "Когда придёт квитанция?"), ("contact", "forms@example.ru")];
    let html = post_page(&app, "/support", &no_topic).await.text().await.unwrap();
    assert!(html.contains("Выберите тему вопроса"), "{html}");
    assert!(html.contains("Когда придёт квитанция?"), "{html}");
    let ask = [
        ("__action", "support/ask"),
        ("topic", "payment"),
        ("text", "Когда придёт квитанция?"),
        ("contact", "forms@example.ru"),
    ];
    let res = post_page(&app, "/support", &ask).await;
    let next = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(next.starts_with("/support?asked="), "{next}");
    let html = app.get(&next).await.text().await.unwrap();
    assert!(html.contains("принят"), "{html}");
    assert!(html.contains("Когда придёт квитанция?"), "the thread is listed: {html}");
}
