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

#[tokio::test]
async fn settings_forms_work_as_plain_forms() {
    let app = spawn_app().await;
    app.customer("settings@example.ru").await;

    // The profile: a bad phone comes back with what was typed, a good one is saved.
    let bad = [
        ("__action", "profile/save"),
        ("full_name", "Петров Пётр"),
        ("contact_phone", "12"),
        ("contact_email", ""),
    ];
    let res = post_page(&app, "/settings", &bad).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"value="Петров Пётр""#), "{html}");
    assert!(html.contains("field-error"), "{html}");
    let good = [
        ("__action", "profile/save"),
        ("full_name", "Петров Пётр"),
        ("contact_phone", "8 912 111-22-33"),
        ("contact_email", ""),
    ];
    let res = post_page(&app, "/settings", &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let next = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(next.starts_with("/settings?done=profile"), "{next}");
    let html = app.get(&next).await.text().await.unwrap();
    assert!(html.contains("Данные сохранены."), "{html}");
    assert!(html.contains("+79121112233"), "{html}");

    // The password: a wrong current one is refused next to its field; the right one changes it.
    let wrong = [
        ("__action", "auth/change_password"),
        ("current_password", "nope12"),
        ("password", "next123"),
        ("password_repeat", "next123"),
    ];
    let html = post_page(&app, "/settings", &wrong).await.text().await.unwrap();
    assert!(html.contains("Текущий пароль указан неверно"), "{html}");
    assert!(!html.contains("nope12") && !html.contains("next123"), "no password comes back");
    let right = [
        ("__action", "auth/change_password"),
        ("current_password", "secret12"),
        ("password", "next123"),
        ("password_repeat", "next123"),
    ];
    let res = post_page(&app, "/settings", &right).await;
    assert_eq!(res.headers()["location"], "/settings?done=password");
    let html = app.get("/settings?done=password").await.text().await.unwrap();
    assert!(html.contains("Пароль изменён."), "this browser stays signed in: {html}");

    // A new login: the code goes to it, the page then asks for the code.
    let change = [
        ("__action", "profile/change_login"),
        ("account_password", "next123"),
        ("new_login", "new@example.ru"),
    ];
    let res = post_page(&app, "/settings", &change).await;
    let next = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(next.starts_with("/settings?done=login-code"), "{next}");
    let html = app.get(&next).await.text().await.unwrap();
    assert!(html.contains("Код с нового логина"), "{html}");
    let code = app.code_for("new@example.ru").await;
    let res = post_page(&app, "/settings", &[("__action", "profile/confirm_login"), ("code", &code)]).await;
    let next = res.headers()["location"].to_str().unwrap().to_owned();
    let html = app.get(&next).await.text().await.unwrap();
    assert!(html.contains("Логин изменён: теперь входите как new@example.ru."), "{html}");

    // Withdrawing the consent needs the box ticked; then the cabinet is gone.
    let unticked = post_page(&app, "/settings", &[("__action", "consent/withdraw")]).await;
    assert_eq!(unticked.status(), StatusCode::OK);
    assert!(unticked.text().await.unwrap().contains("Подтвердите удаление личного кабинета"));
    let res = post_page(&app, "/settings", &[("__action", "consent/withdraw"), ("confirm", "true")]).await;
    assert_eq!(res.headers()["location"], "/register");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn unlinking_an_account_works_as_a_plain_form_and_only_for_ones_own() {
    let app = spawn_app().await;
    app.customer("unlink@example.ru").await;
    let demo = app.provider_id("demo").await;
    let (_, body) = app.call("accounts/bind", &[("provider", &demo), ("number", "023-185952")]).await;
    let account = body["account_id"].as_i64().unwrap().to_string();

    let stranger = app.second_browser();
    stranger.customer("stranger2@example.ru").await;
    let res =
        post_page(&stranger, "/settings", &[("__action", "accounts/unlink"), ("account_id", &account)]).await;
    assert_eq!(res.status(), StatusCode::OK, "refused on the page");
    let html = app.get("/settings").await.text().await.unwrap();
    assert!(html.contains("23185952"), "still linked to its owner: {html}");

    let res =
        post_page(&app, "/settings", &[("__action", "accounts/unlink"), ("account_id", &account)]).await;
    assert_eq!(res.headers()["location"], "/settings?done=unlinked");
    let html = app.get("/settings?done=unlinked").await.text().await.unwrap();
    assert!(html.contains("Лицевой счёт отключён."), "{html}");
    assert!(!html.contains("23185952"), "{html}");
}

#[tokio::test]
async fn the_operator_console_works_as_plain_forms() {
    let app = spawn_app().await;
    let customer = app.second_browser();
    customer.customer("asker@example.ru").await;
    let demo = app.provider_id("demo").await;
    let (_, body) = customer.call("accounts/bind", &[("provider", &demo), ("number", "023-185952")]).await;
    let account = body["account_id"].as_i64().unwrap().to_string();
    customer.call("accounts/request_pin", &[("account_id", &account)]).await;
    let (_, asked) = customer
        .call(
            "support/ask",
            &[("topic", "other"), ("text", "Вопрос о начислениях"), ("contact", "asker@example.ru")],
        )
        .await;
    app.operator("operator@example.ru").await;
    let (_, queue) = app.call("operator/queue", &[]).await;
    let request = queue["pin_requests"][0]["id"].as_i64().unwrap().to_string();
    let ticket = queue["tickets"][0]["id"].as_i64().unwrap().to_string();
    let _ = asked;

    // A PIN without the identity check is refused next to the checkbox; with it, issued.
    let unchecked = [("__action", "operator/pin_issue"), ("request_id", request.as_str())];
    let res = post_page(&app, "/operator", &unchecked).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Отметьте «Личность заявителя проверена»"));
    let checked =
        [("__action", "operator/pin_issue"), ("request_id", request.as_str()), ("identity_checked", "true")];
    let res = post_page(&app, "/operator", &checked).await;
    assert_eq!(res.headers()["location"], "/operator?done=issued");
    let html = app.get("/operator?done=issued").await.text().await.unwrap();
    assert!(html.contains("Новый PIN-код отправлен клиенту."), "{html}");

    // An answer too short comes back with its text; a real one is sent; closing closes.
    let page = format!("/operator/tickets/{ticket}");
    let short = [("__action", "operator/answer"), ("ticket_id", ticket.as_str()), ("text", "Да")];
    let html = post_page(&app, &page, &short).await.text().await.unwrap();
    assert!(html.contains("хотя бы 10 символов"), "{html}");
    let answer = [
        ("__action", "operator/answer"),
        ("ticket_id", ticket.as_str()),
        ("text", "Начисления верны, проверили."),
    ];
    let res = post_page(&app, &page, &answer).await;
    assert_eq!(res.headers()["location"], format!("{page}?done=answered").as_str());
    let html = app.get(&format!("{page}?done=answered")).await.text().await.unwrap();
    assert!(html.contains("Ответ отправлен клиенту."), "{html}");
    assert!(html.contains("Начисления верны, проверили."), "{html}");
    let res = post_page(&app, &page, &[("__action", "operator/close"), ("ticket_id", ticket.as_str())]).await;
    assert_eq!(res.headers()["location"], page.as_str());
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM support_tickets").fetch_one(&app.pool).await.unwrap();
    assert_eq!(status, "closed");

    // The account search is a GET of its page.
    let html = app.get("/operator/accounts?number=023-185952").await.text().await.unwrap();
    assert!(html.contains(&format!("/operator/accounts/{account}")), "{html}");
    let html = app.get("/operator/accounts?number=12ab").await.text().await.unwrap();
    assert!(html.contains("field-error"), "{html}");

    // Revoking a binding.
    let (binding,): (i64,) = sqlx::query_as("SELECT id FROM bindings").fetch_one(&app.pool).await.unwrap();
    let page = format!("/operator/accounts/{account}");
    let res =
        post_page(&app, &page, &[("__action", "operator/revoke"), ("binding_id", &binding.to_string())])
            .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bindings").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0);

    // And none of it is open to the customer.
    let res = post_page(&customer, "/operator", &checked).await;
    assert_ne!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_pay_form_sent_twice_or_ten_times_at_once_makes_one_payment() {
    let app = spawn_app().await;
    app.customer("twice@example.ru").await;
    let demo = app.provider_id("demo").await;
    let (_, body) = app.call("accounts/bind", &[("provider", &demo), ("number", "023-185952")]).await;
    let account = body["account_id"].as_i64().unwrap().to_string();
    let (_, form) = app.call("payments/form", &[("account_id", &account)]).await;
    let attempt = form["attempt"].as_str().unwrap().to_owned();
    let page = format!("/accounts/{account}/pay");
    let pay = [
        ("__action", "payments/create"),
        ("account_id", account.as_str()),
        ("purpose", "custom"),
        ("amount", "10"),
        ("attempt", attempt.as_str()),
    ];
    let sends = (0..10).map(|_| post_page(&app, &page, &pay));
    let answers = futures::future::join_all(sends).await;
    let places: std::collections::HashSet<String> =
        answers.iter().map(|r| r.headers()["location"].to_str().unwrap().to_owned()).collect();
    assert_eq!(places.len(), 1, "every send leads to the one payment: {places:?}");
    let again = post_page(&app, &page, &pay).await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), places.iter().next().unwrap());
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1);

    // Another customer cannot reach that payment with its key.
    let stranger = app.second_browser();
    stranger.customer("stranger3@example.ru").await;
    let (_, body) = stranger.call("accounts/bind", &[("provider", &demo), ("number", "023-185952")]).await;
    let theirs = body["account_id"].as_i64().unwrap().to_string();
    let (status, body) = stranger
        .call(
            "payments/create",
            &[("account_id", &theirs), ("purpose", "custom"), ("amount", "10"), ("attempt", &attempt)],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // A fresh form is a fresh payment.
    let (_, form) = app.call("payments/form", &[("account_id", &account)]).await;
    assert_ne!(form["attempt"], attempt.as_str());
}
