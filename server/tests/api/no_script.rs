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
