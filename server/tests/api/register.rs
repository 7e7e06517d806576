use crate::helpers::spawn_app;
use reqwest::StatusCode;

async fn register(
    app: &crate::helpers::TestApp,
    login: &str,
    pw: &str,
    repeat: &str,
) -> (StatusCode, serde_json::Value) {
    let res = app
        .post_form("/api/auth/register", &[("login", login), ("password", pw), ("password_repeat", repeat)])
        .await;
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
}

#[tokio::test]
async fn server_rejects_what_the_page_rejects_with_the_field_named() {
    let app = spawn_app().await;
    let cases = [
        ("", "abc12", "abc12", "login", "Введите номер телефона или адрес электронной почты"),
        ("12345", "abc12", "abc12", "login", "Номер телефона должен содержать 10 цифр"),
        ("ivan@", "abc12", "abc12", "login", "Проверьте адрес электронной почты"),
        ("9123456789", "abc", "abc", "password", "не короче 5 символов"),
        ("9123456789", "abcdefghijk", "abcdefghijk", "password", "не длиннее 10 символов"),
        ("9123456789", "пароль1", "пароль1", "password", "только латинские буквы и цифры"),
        ("9123456789", "abc12", "abc13", "password_repeat", "Пароли не совпадают"),
    ];
    for (login, pw, repeat, field, message) in cases {
        let (status, body) = register(&app, login, pw, repeat).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{login} {pw}: {body}");
        let v = &body["Validation"];
        assert_eq!(v["field"], field, "{body}");
        assert!(v["message"].as_str().unwrap().contains(message), "{body}");
    }
}

#[tokio::test]
async fn malformed_payloads_get_400_not_500() {
    let app = spawn_app().await;
    // Missing arguments.
    let res = app.post_form("/api/auth/register", &[("login", "9123456789")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body, serde_json::json!("BadRequest"));
    // Garbage body.
    let res = app
        .client
        .post(app.url("/api/auth/register"))
        .header("Origin", &app.address)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("%%%\u{0}&&==")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Unknown server function.
    let res = app.post_form("/api/auth/nope", &[]).await;
    assert!(res.status().is_client_error(), "{}", res.status());
}
