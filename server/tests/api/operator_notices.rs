//! The operator's notices page over HTTP: an announcement to every customer of a supplier,
//! refused when malformed, previewed with its count, sent once however many clicks race,
//! audited, and closed to customers; messages the outbox could not deliver, listed with the
//! reason, and sent again by an operator once given up.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use reqwest::StatusCode;

async fn bound_customer(app: &TestApp, login: &str, provider: &str, number: &str) -> TestApp {
    let browser = app.second_browser();
    browser.customer(login).await;
    let provider = app.provider_id(provider).await;
    let (status, body) = browser.call("accounts/bind", &[("provider", &provider), ("number", number)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    browser
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn an_announcement_is_previewed_with_its_count_and_sent_once() {
    let app = spawn_app().await;
    let first = bound_customer(&app, "first@example.ru", "demo", "23185952").await;
    // Two accounts of the same supplier: one notice for the customer, not two.
    let (status, _) = first
        .call("accounts/bind", &[("provider", &app.provider_id("demo").await), ("number", "45003817")])
        .await;
    assert_eq!(status, StatusCode::OK);
    bound_customer(&app, "second@example.ru", "demo", "45003817").await;
    let elsewhere = bound_customer(&app, "volga@example.ru", "volga", "23185952").await;
    let demo = app.provider_id("demo").await;

    // Customers have no business here.
    let (status, _) = first
        .call("operator/announcement_preview", &[("provider", &demo), ("title", "x"), ("text", "y")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    app.operator("op@example.ru").await;
    for (form, field, message) in [
        ([("provider", ""), ("title", "Работы"), ("text", "Текст")], "provider", "Выберите поставщика"),
        ([("provider", "99999"), ("title", "Работы"), ("text", "Текст")], "provider", "Выберите поставщика"),
        ([("provider", demo.as_str()), ("title", "  "), ("text", "Текст")], "title", "Напишите заголовок"),
        (
            [("provider", demo.as_str()), ("title", "Работы"), ("text", "")],
            "text",
            "Напишите текст сообщения",
        ),
    ] {
        let (status, body) = app.call("operator/announcement_preview", &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["Validation"]["field"], field, "{body}");
        assert_eq!(body["Validation"]["message"], message, "{body}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM announcements").await, 0, "a refused form keeps nothing");

    let (status, draft) = app
        .call(
            "operator/announcement_preview",
            &[
                ("provider", &demo),
                ("title", "Плановые работы 10 декабря"),
                ("text", "С 9:00 до 17:00 не будет газа."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let draft = draft.as_i64().unwrap().to_string();
    let page = app.get(&format!("/operator/notices?draft={draft}")).await.text().await.unwrap();
    assert!(
        page.contains("Так увидят сообщение клиенты") && page.contains("Плановые работы 10 декабря"),
        "{page}"
    );
    assert!(page.contains("Получат клиентов: 2"), "{page}");
    assert!(
        page.contains(">С 9:00 до 17:00 не будет газа.</textarea>"),
        "the form keeps the draft to correct: {page}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM notifications WHERE kind = 'announcement'").await,
        0,
        "a preview sends nothing"
    );

    // Ten clicks at once (two tabs, a double click): it goes once.
    let form = [("draft_id", draft.as_str())];
    let sends =
        futures::future::join_all((0..10).map(|_| app.call("operator/announcement_send", &form))).await;
    let sent: Vec<_> = sends.iter().filter(|(status, _)| *status == StatusCode::OK).collect();
    assert_eq!(sent.len(), 1, "{sends:?}");
    assert_eq!(sent[0].1, 2, "customers reached");
    assert!(sends.iter().all(|(s, _)| *s == StatusCode::OK || *s == StatusCode::NOT_FOUND), "{sends:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications WHERE kind = 'announcement'").await, 2);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM outbox WHERE subject = 'Мой ГАЗ: Плановые работы 10 декабря'")
            .await,
        2,
        "an e-mail to each (announcements are on by default)"
    );
    let list = first.get("/notifications").await.text().await.unwrap();
    assert!(
        list.contains("Плановые работы 10 декабря") && list.contains("С 9:00 до 17:00 не будет газа."),
        "{list}"
    );
    assert!(!elsewhere.get("/notifications").await.text().await.unwrap().contains("Плановые работы"));

    let (actor, subject, details): (String, String, String) =
        sqlx::query_as("SELECT actor, subject, details FROM audit_log WHERE action = 'announcement_sent'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(actor.starts_with("operator:"), "{actor}");
    assert_eq!(subject, format!("provider:{demo}"));
    assert!(details.contains("клиентов 2"), "{details}");
    let page = app.get("/operator/notices").await.text().await.unwrap();
    assert!(page.contains("Отправленные сообщения") && page.contains("клиентов: 2"), "{page}");
}

#[tokio::test]
async fn operators_see_what_could_not_be_delivered_and_send_it_again() {
    // A mail server that is not there: every attempt fails and is retried, until given up.
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = spawn_app_with(|s| {
        s.mail.smtp_url = Some(app::settings::Secret::new(format!("smtp://127.0.0.1:{dead_port}")));
        s.site.dev_outbox = false;
    })
    .await;
    let (status, body) = app
        .call(
            "auth/register",
            &[("login", "lost@example.ru"), ("password", "abc12"), ("password_repeat", "abc12")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let attempts =
        || async { count(&app, "SELECT attempts FROM outbox WHERE recipient = 'lost@example.ru'").await };
    let mut tried = 0;
    for _ in 0..200 {
        tried = attempts().await;
        if tried >= 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(tried, 1);

    let operator = app.second_browser();
    operator.operator("op@example.ru").await;
    let page = operator.get("/operator/notices").await.text().await.unwrap();
    assert!(
        page.contains("Недоставленные сообщения") && page.contains("Эл. почта: lost@example.ru"),
        "{page}"
    );
    assert!(
        page.contains("Повторяем отправку (попыток: 1). Причина: Почтовый сервер временно недоступен"),
        "{page}"
    );
    assert!(!page.contains("Отправить снова"), "still retried: nothing to press");

    // The clock moves on; the worker tries until it gives up.
    for _ in 0..400 {
        if attempts().await >= app::server::outbox::MAX_ATTEMPTS {
            break;
        }
        app.clock.advance(3_600);
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
    assert_eq!(attempts().await, app::server::outbox::MAX_ATTEMPTS);
    let page = operator.get("/operator/notices").await.text().await.unwrap();
    assert!(page.contains("Больше не отправляется") && page.contains("Больше не отправляются: 1"), "{page}");
    let id = count(&app, "SELECT id FROM outbox WHERE recipient = 'lost@example.ru'").await.to_string();

    let (status, body) = operator.call("operator/redeliver", &[("message_id", &id)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(attempts().await < app::server::outbox::MAX_ATTEMPTS, "tried again");
    let (status, _) = operator.call("operator/redeliver", &[("message_id", &id)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not given up any more");
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'message_redelivered' AND subject = 'message:{id}'")).await,
        1
    );
}
