//! Real delivery: e-mail to an SMTP server running in the test, SMS to a stand-in that
//! speaks SMS.ru's API (wiremock), including the gateway's error answers.

use crate::helpers::{TestApp, spawn_app_with};
use base64::Engine;
use mailin_embedded::response::{OK, Response};
use mailin_embedded::{Handler, Server};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An SMTP server in this process: every message it accepts lands in `inbox`.
#[derive(Clone, Default)]
struct Sink {
    inbox: Arc<Mutex<Vec<String>>>,
    current: Vec<u8>,
}

impl Handler for Sink {
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        let raw = String::from_utf8_lossy(&std::mem::take(&mut self.current)).into_owned();
        self.inbox.lock().unwrap().push(raw);
        OK
    }
}

fn start_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let sink = Sink::default();
    let inbox = sink.inbox.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut server = Server::new(sink);
    server.with_name("smtp.test").with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, inbox)
}

/// The readable text of a MIME message: base64 and quoted-printable parts decoded.
fn decoded(raw: &str) -> String {
    let mut out = String::new();
    for part in raw.split("\r\n\r\n").collect::<Vec<_>>().windows(2) {
        let (headers, body) = (part[0], part[1]);
        let body = body.split("\r\n--").next().unwrap_or_default();
        if headers.contains("Content-Transfer-Encoding: base64") {
            let clean: String = body.split_whitespace().collect();
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(clean) {
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
        } else if headers.contains("Content-Transfer-Encoding: quoted-printable") {
            let joined = body.replace("=\r\n", "");
            let mut bytes = Vec::new();
            let mut it = joined.bytes();
            while let Some(b) = it.next() {
                if b == b'=' {
                    let hex: String = [it.next().unwrap_or(b'0') as char, it.next().unwrap_or(b'0') as char]
                        .iter()
                        .collect();
                    bytes.push(u8::from_str_radix(&hex, 16).unwrap_or(b'?'));
                } else {
                    bytes.push(b);
                }
            }
            out.push_str(&String::from_utf8_lossy(&bytes));
        } else {
            out.push_str(body);
        }
        out.push('\n');
    }
    out
}

fn six_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(6)
        .map(|w| w.iter().collect::<String>())
        .find(|w| w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no code in {text}"))
}

async fn wait_for<T>(mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..100 {
        if let Some(v) = probe() {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out");
}

#[tokio::test]
async fn email_goes_over_smtp_with_text_and_html_and_its_code_confirms() {
    let (port, inbox) = start_smtp();
    let app = spawn_app_with(|s| {
        s.mail.smtp_url = Some(app::settings::Secret::new(format!("smtp://127.0.0.1:{port}")));
        s.site.dev_outbox = false;
    })
    .await;
    let (status, body) = app
        .call(
            "auth/register",
            &[("login", "smtp@mail.ru"), ("password", "abc12"), ("password_repeat", "abc12")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let raw = wait_for(|| inbox.lock().unwrap().first().cloned()).await;
    assert!(raw.contains("To: smtp@mail.ru"), "{raw}");
    assert!(raw.contains("multipart/alternative"), "{raw}");
    let text = decoded(&raw);
    assert!(text.contains("Ваш код подтверждения регистрации"), "{text}");
    assert!(text.contains("<a href=\""), "HTML part: {text}");
    let code = six_digits(&text);

    let (status, body) = app.call("auth/confirm", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Once sent, the code no longer sits in the outbox.
    let (sent, body): (Option<i64>, String) =
        sqlx::query_as("SELECT sent_at, body_text FROM outbox").fetch_one(&app.pool).await.unwrap();
    assert!(sent.is_some());
    assert_eq!(body, "");
    assert!(
        app.client
            .get(app.url("/dev/outbox/latest?to=smtp@mail.ru"))
            .send()
            .await
            .unwrap()
            .status()
            .is_client_error()
    );
}

async fn sms_app(gateway: &MockServer) -> TestApp {
    let uri = gateway.uri();
    spawn_app_with(move |s| {
        s.sms.gateway_url = Some(uri);
        s.sms.api_id = Some(app::settings::Secret::new("test-api-id"));
    })
    .await
}

fn ok_answer(number: &str) -> Value {
    json!({ "status": "OK", "status_code": 100, "sms": { number: { "status": "OK", "status_code": 100, "sms_id": "000000-10000000" } }, "balance": 4122.56 })
}

#[tokio::test(flavor = "multi_thread")]
async fn sms_goes_to_the_sms_ru_api_and_its_code_confirms() {
    let gateway = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sms/send"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok_answer("79123456780")))
        .expect(1)
        .mount(&gateway)
        .await;
    let app = sms_app(&gateway).await;
    app.call(
        "auth/register",
        &[("login", "+7 912 345-67-80"), ("password", "abc12"), ("password_repeat", "abc12")],
    )
    .await;
    let request = wait_for(|| {
        let requests = futures_lite_block(gateway.received_requests());
        requests.and_then(|r| r.into_iter().next())
    })
    .await;
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(&request.body).into_owned().collect();
    assert_eq!(form["api_id"], "test-api-id");
    assert_eq!(form["to"], "79123456780");
    assert_eq!(form["from"], "Smorodina");
    assert_eq!(form["json"], "1");
    let code = six_digits(&form["msg"]);
    // The gateway has the request; the worker marks the message sent right after its answer.
    let mut pending = serde_json::Value::Null;
    for _ in 0..50 {
        pending = app.call("auth/pending", &[]).await.1;
        if pending["delivery"] == "Sent" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(pending["delivery"], "Sent");
    let (status, body) = app.call("auth/confirm", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// `received_requests` is async; poll it from the sync probe.
fn futures_lite_block<F: std::future::Future>(f: F) -> F::Output {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(f))
}

async fn refusal_reads(answer: Value) -> Value {
    let gateway = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sms/send"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&gateway)
        .await;
    let app = sms_app(&gateway).await;
    app.call(
        "auth/register",
        &[("login", "9123456781"), ("password", "abc12"), ("password_repeat", "abc12")],
    )
    .await;
    for _ in 0..100 {
        let (_, pending) = app.call("auth/pending", &[]).await;
        if pending["delivery"].get("Failed").is_some() {
            return pending["delivery"]["Failed"].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the refusal never showed");
}

#[tokio::test(flavor = "multi_thread")]
async fn gateway_refusals_reach_the_customer_in_russian() {
    let bad_api_id =
        refusal_reads(json!({ "status": "ERROR", "status_code": 200, "status_text": "Неправильный api_id" }))
            .await;
    assert!(bad_api_id["reason"].as_str().unwrap().contains("настройки портала"), "{bad_api_id}");
    assert_eq!(bad_api_id["retrying"], false);

    let no_money = refusal_reads(json!({ "status": "ERROR", "status_code": 201 })).await;
    assert!(no_money["reason"].as_str().unwrap().contains("закончился баланс"), "{no_money}");

    let sender = refusal_reads(json!({ "status": "ERROR", "status_code": 204 })).await;
    assert!(sender["reason"].as_str().unwrap().contains("имя отправителя не согласовано"), "{sender}");

    let bad_number = refusal_reads(json!({
        "status": "OK", "status_code": 100,
        "sms": { "79123456781": { "status": "ERROR", "status_code": 202, "status_text": "Неправильно указан номер" } }
    }))
    .await;
    assert!(bad_number["reason"].as_str().unwrap().contains("номер телефона указан неверно"), "{bad_number}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_gateway_is_retried_not_dropped() {
    let gateway = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&gateway).await;
    let app = sms_app(&gateway).await;
    app.call(
        "auth/register",
        &[("login", "9123456782"), ("password", "abc12"), ("password_repeat", "abc12")],
    )
    .await;
    let failed = wait_for(|| {
        let row: Option<(i64, Option<String>)> = futures_lite_block(
            sqlx::query_as("SELECT attempts, last_error FROM outbox").fetch_optional(&app.pool),
        )
        .unwrap();
        row.filter(|(attempts, _)| *attempts >= 1)
    })
    .await;
    assert_eq!(failed.0, 1);
    assert!(failed.1.unwrap().contains("временно недоступен"));
    let (_, pending) = app.call("auth/pending", &[]).await;
    assert_eq!(pending["delivery"]["Failed"]["retrying"], true);

    // The gateway recovers; the retry (due after the back-off) delivers.
    gateway.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok_answer("79123456782")))
        .mount(&gateway)
        .await;
    app.clock.advance(10);
    let sent = wait_for(|| {
        let row: (Option<i64>,) =
            futures_lite_block(sqlx::query_as("SELECT sent_at FROM outbox").fetch_one(&app.pool)).unwrap();
        row.0
    })
    .await;
    assert!(sent > 0);
}

/// The path of the first link in `text` that starts with `prefix` (`/unsubscribe/`).
fn path_in(text: &str, prefix: &str) -> String {
    let start = text.find(prefix).unwrap_or_else(|| panic!("no {prefix} in {text}"));
    text[start..].split(|c: char| c.is_whitespace() || c == '>').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_notification_email_unsubscribes_its_topic_in_one_click_without_signing_in() {
    let (port, inbox) = start_smtp();
    let app = spawn_app_with(|s| {
        s.mail.smtp_url = Some(app::settings::Secret::new(format!("smtp://127.0.0.1:{port}")));
        s.site.dev_outbox = false;
    })
    .await;
    // A customer whose October charge becomes a notice on 3 November.
    app.clock.advance(app::domain::time::parse_date_msk("2026-11-03").unwrap() + 12 * 3600 - app.clock.now());
    let (status, body) = app
        .call(
            "auth/register",
            &[("login", "mute@example.ru"), ("password", "abc12"), ("password_repeat", "abc12")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = six_digits(&decoded(&wait_for(|| inbox.lock().unwrap().first().cloned()).await));
    assert_eq!(app.call("auth/confirm", &[("code", &code)]).await.0, StatusCode::OK);
    let (status, body) = app.call("consent/sign", &[("version", app::consent::VERSION)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let provider = app.provider_id("demo").await;
    let (status, body) = app.call("accounts/bind", &[("provider", &provider), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app::notifications::scheduler::run(&app.state).await.unwrap().made, 1);
    let raw =
        wait_for(|| inbox.lock().unwrap().iter().find(|m| m.contains("List-Unsubscribe")).cloned()).await;

    // RFC 8058: both headers, the address a POST goes to; the text ends with the page's link.
    let headers = raw.split("\r\n\r\n").next().unwrap().replace("\r\n ", " ");
    assert!(headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{headers}");
    let one_click =
        path_in(headers.split("List-Unsubscribe: <").nth(1).expect("List-Unsubscribe"), "/unsubscribe/");
    assert!(one_click.ends_with("/one-click"), "{one_click}");
    let text = decoded(&raw);
    assert!(text.contains("Не присылать писем «Начисления и срок оплаты»: "), "{text}");
    let page = path_in(&text, "/unsubscribe/");
    assert_eq!(format!("{page}/one-click"), one_click);

    // The page asks first; opening the one-click address only leads there.
    let stranger = app.second_browser();
    let html = stranger.get(&page).await.text().await.unwrap();
    assert!(html.contains("Письма «Начисления и срок оплаты» приходят на вашу почту"), "{html}");
    assert!(html.contains("Не присылать эти письма"), "{html}");
    let opened = stranger.get(&one_click).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert_eq!(opened.headers()["location"], page.as_str());
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(choices["rows"][1]["switches"][0], true, "a GET changes nothing");

    // A forged token (another customer's id, a bent signature) changes nothing.
    let (id_and_topic, signature) = page.trim_start_matches("/unsubscribe/").rsplit_once('-').unwrap();
    let other_customer = format!(
        "/unsubscribe/{}-bills-{signature}/one-click",
        id_and_topic.split('-').next().unwrap().parse::<i64>().unwrap() + 1
    );
    let other_topic = format!("{}/one-click", page.replace("-bills-", "-readings-"));
    let mut bent = signature.to_owned();
    bent.replace_range(0..1, if bent.starts_with('A') { "B" } else { "A" });
    let bent = format!("/unsubscribe/{id_and_topic}-{bent}/one-click");
    for forged in [other_customer, other_topic, bent] {
        let res = stranger
            .client
            .post(stranger.url(&forged))
            .form(&[("List-Unsubscribe", "One-Click")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{forged}");
    }
    assert!(
        stranger
            .get("/unsubscribe/1-bills-AAAA")
            .await
            .text()
            .await
            .unwrap()
            .contains("Ссылка недействительна")
    );

    // The mail provider's POST: from its own servers, another origin, no cookies.
    let res = reqwest::Client::new()
        .post(app.url(&one_click))
        .header("Origin", "https://mail.example.com")
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(
        choices["rows"][1]["switches"],
        serde_json::json!([false, true]),
        "bills: e-mail off, push kept"
    );
    assert_eq!(choices["rows"][0]["switches"], serde_json::json!([true, true]), "readings untouched");
    let html = stranger.get(&page).await.text().await.unwrap();
    assert!(html.contains("Письма «Начисления и срок оплаты» больше не приходят"), "{html}");

    // «Присылать снова», a plain form without script.
    let res = stranger
        .post_form(
            &page,
            &[
                ("__action", "notifications/set_mail_switch"),
                ("token", page.trim_start_matches("/unsubscribe/")),
                ("on", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], page.as_str());
    let (_, choices) = app.call("notifications/choices", &[]).await;
    assert_eq!(choices["rows"][1]["switches"], serde_json::json!([true, true]));
}
