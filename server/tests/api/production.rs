//! Production mode (issue 16): a portal on the internet refuses to start with anything fit
//! only for a developer's machine, offers only the kinds of login it can reach, and never
//! writes a code to its log.

use crate::helpers::{TestApp, spawn_app_with};
use app::settings::{PaymentProvider, Secret, Settings};
use reqwest::StatusCode;
use std::sync::{Arc, Mutex};

/// What a real portal sets: https, YooKassa with its shop and secret, SMTP, no demo data,
/// no development outbox. (Stand-in addresses: nothing here is ever contacted.)
fn complete(s: &mut Settings) {
    s.site.public_url = "https://lk.example.ru".into();
    s.site.demo_data = false;
    s.site.dev_outbox = false;
    s.site.clock_start_unix = None;
    s.payments.provider = PaymentProvider::Yookassa;
    s.payments.api_url = "http://127.0.0.1:9".into();
    s.payments.shop_id = Some("506751".into());
    s.payments.secret_key = Some(Secret::new("live_test_secret"));
    s.mail.smtp_url = Some(Secret::new("smtp://127.0.0.1:9"));
}

/// A production portal that sends SMS only (its gateway is a closed port).
fn sms_only(s: &mut Settings) {
    complete(s);
    s.mail.smtp_url = None;
    s.sms.gateway_url = Some("http://127.0.0.1:9".into());
    s.sms.api_id = Some(Secret::new("sms-api-id"));
}

#[tokio::test]
async fn an_https_portal_with_the_defaults_refuses_to_start_naming_every_problem_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = crate::helpers::settings(&format!("sqlite://{}/p.db?mode=rwc", dir.path().display()));
    s.site.public_url = "https://lk.example.ru".into();
    s.site.clock_start_unix = Some(1_794_895_200);
    let err = match server::startup::Application::build(s).await {
        Ok(_) => panic!("a production portal with the demo defaults must not start"),
        Err(e) => format!("{e:#}"),
    };
    for named in [
        "production",
        "payments.provider",
        "sandbox",
        "site.demo_data",
        "site.dev_outbox",
        "site.clock_start_unix",
        "mail.smtp_url",
        "sms.gateway_url",
    ] {
        assert!(err.contains(named), "{named} not named in: {err}");
    }
    // Refused before anything was touched: no database file.
    assert!(!dir.path().join("p.db").exists());
}

#[tokio::test]
async fn a_yookassa_shop_without_its_secret_or_an_http_url_is_refused() {
    let mut s = crate::helpers::settings("sqlite::memory:");
    complete(&mut s);
    s.payments.secret_key = None;
    s.site.public_url = "http://lk.example.ru".into();
    s.site.mode = Some(app::settings::SiteMode::Production);
    let err = server::startup::Application::build(s).await.err().expect("refused").to_string();
    assert!(err.contains("payments.secret_key") && err.contains("site.public_url"), "{err}");
}

#[tokio::test]
async fn a_complete_production_config_starts_without_demo_data_or_the_development_outbox() {
    let app = spawn_app_with(complete).await;
    assert!(app.state.settings.is_production());
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let (accounts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts").fetch_one(&app.pool).await.unwrap();
    assert_eq!(accounts, 0);
    assert_eq!(app.get("/dev/outbox/latest?to=ivanov@mail.ru").await.status(), StatusCode::NOT_FOUND);
    // Only e-mail is configured: registration says so next to the field.
    let page = app.get("/register").await.text().await.unwrap();
    assert!(page.contains("Логин (Эл. почта)"), "{page}");
    assert!(page.contains("Телефон не принимается"), "{page}");
}

async fn validation(app: &TestApp, endpoint: &str, form: &[(&str, &str)]) -> (String, String) {
    let (status, body) = app.call(endpoint, form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{endpoint}: {body}");
    let v = &body["Validation"];
    (v["field"].as_str().unwrap_or_default().to_owned(), v["message"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn an_sms_only_portal_registers_phones_and_refuses_e_mail_next_to_the_field() {
    let app = spawn_app_with(sms_only).await;
    let (field, message) = validation(
        &app,
        "auth/register",
        &[("login", "ivanov@mail.ru"), ("password", "abc12"), ("password_repeat", "abc12")],
    )
    .await;
    assert_eq!(field, "login");
    assert!(
        message.contains("Эл. почта недоступна") && message.contains("номер мобильного телефона"),
        "{message}"
    );
    let (field, _) = validation(&app, "auth/reset_request", &[("login", "ivanov@mail.ru")]).await;
    assert_eq!(field, "login");
    let (field, _) = validation(
        &app,
        "support/ask",
        &[("topic", "other"), ("text", "Вопрос о показаниях счётчика"), ("contact", "ivanov@mail.ru")],
    )
    .await;
    assert_eq!(field, "contact");

    let (status, body) = app
        .call(
            "auth/register",
            &[("login", "+7 912 345-67-81"), ("password", "abc12"), ("password_repeat", "abc12")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The browser gets the same rule: the label, the hint and the policy in the meta tag.
    let page = app.get("/register").await.text().await.unwrap();
    assert!(page.contains("Логин (Телефон)"), "{page}");
    assert!(page.contains("Эл. почта не принимается"), "{page}");
    assert!(page.contains("login_kinds"), "{page}");
}

/// Everything logged on this thread (the test's runtime: its server and outbox worker too).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Queues an e-mail with a code, as the services do, and waits until the worker is done with it.
async fn e_mail_with_code_handled(app: &TestApp, code: &str) -> (i64, Option<String>) {
    let to = app::domain::Login::parse("ivanov@mail.ru").unwrap();
    let mut conn = app.pool.acquire().await.unwrap();
    let message = app::server::outbox::Message {
        subject: "Код подтверждения".into(),
        text: format!("Ваш код подтверждения: {code}"),
        html: None,
    };
    app::server::outbox::enqueue(&mut conn, &to, message, app.clock.now()).await.unwrap();
    drop(conn);
    for _ in 0..100 {
        let row: (Option<i64>, i64, Option<String>) = sqlx::query_as(
            "SELECT sent_at, attempts, last_error FROM outbox WHERE recipient = 'ivanov@mail.ru' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        if row.0.is_some() || row.2.is_some() {
            return (row.1, row.2);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the outbox worker never handled the message");
}

#[tokio::test]
async fn in_production_no_code_reaches_the_log() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_env_filter("debug,sqlx=warn,hyper=info,hyper_util=info,h2=info")
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // A local portal writes the code to the log (the demo journey reads it there): the
    // capture works.
    let local = spawn_app_with(|s| s.site.dev_outbox = false).await;
    e_mail_with_code_handled(&local, "731904").await;
    assert!(captured.text().contains("731904"), "{}", captured.text());

    // In production an e-mail on an SMS-only portal is not sent, and nothing of it is logged;
    // nor is the code of a registration by phone (its gateway is down and retried).
    let app = spawn_app_with(sms_only).await;
    let before = captured.text().len();
    let (attempts, error) = e_mail_with_code_handled(&app, "582614").await;
    assert!(error.as_deref().unwrap_or_default().contains("не настроена"), "{error:?}");
    assert!(attempts >= 10, "a permanent failure: {attempts}");
    let (status, body) = app
        .call(
            "auth/register",
            &[("login", "+7 912 345-67-82"), ("password", "abc12"), ("password_repeat", "abc12")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut sms_code = None;
    for _ in 0..100 {
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT body_text, last_error FROM outbox WHERE recipient = '+79123456782' ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&app.pool)
        .await
        .unwrap();
        if let Some((text, Some(_))) = row {
            sms_code = text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_owned);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let sms_code = sms_code.expect("the SMS was tried and kept its text for the retry");
    let log = captured.text()[before..].to_owned();
    assert!(log.contains("channel not configured"), "{log}");
    for secret in ["582614", sms_code.as_str(), "ivanov@mail.ru", "ДЕМО-РЕЖИМ"] {
        assert!(!log.contains(secret), "{secret} in the production log:\n{log}");
    }
}
