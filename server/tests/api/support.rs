//! Technical support over HTTP: anonymous questions with a contact, limits, a customer's
//! own threads and replies, and that nobody writes into another's ticket.

use crate::helpers::spawn_app;
use reqwest::StatusCode;

#[tokio::test]
async fn anyone_may_ask_with_a_contact_checked_like_a_login() {
    let app = spawn_app().await;
    let (status, body) = app
        .call(
            "support/ask",
            &[("topic", "signin"), ("text", "Не приходит код по SMS"), ("contact", "8 (912) 345-67-89")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (contact, user_id, body_text): (String, Option<i64>, String) = sqlx::query_as(
        "SELECT t.contact, t.user_id, m.body FROM support_tickets t JOIN support_messages m ON m.ticket_id = t.id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (contact.as_str(), user_id, body_text.as_str()),
        ("+79123456789", None, "Не приходит код по SMS")
    );

    for (form, field) in [
        ([("topic", "spam"), ("text", "Не приходит код по SMS"), ("contact", "a@b.ru")], "topic"),
        ([("topic", "other"), ("text", "помогите"), ("contact", "a@b.ru")], "text"),
        ([("topic", "other"), ("text", "Не приходит код по SMS"), ("contact", "12345")], "contact"),
    ] {
        let (status, body) = app.call("support/ask", &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["Validation"]["field"], field, "{body}");
    }
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM support_tickets").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1, "refused questions are not stored");
}

#[tokio::test]
async fn questions_are_limited_per_contact_and_per_ip() {
    let app = spawn_app().await;
    let ask = |contact: String| {
        let app = &app;
        async move {
            app.call(
                "support/ask",
                &[("topic", "other"), ("text", "Вопрос о начислениях"), ("contact", &contact)],
            )
            .await
            .0
        }
    };
    for _ in 0..3 {
        assert_eq!(ask("flood@example.ru".into()).await, StatusCode::OK);
    }
    assert_eq!(ask("flood@example.ru".into()).await, StatusCode::TOO_MANY_REQUESTS);
    for i in 0..7 {
        assert_eq!(ask(format!("other{i}@example.ru")).await, StatusCode::OK);
    }
    assert_eq!(ask("fresh@example.ru".into()).await, StatusCode::TOO_MANY_REQUESTS, "10 an hour from one IP");
    app.clock.advance(3601);
    assert_eq!(ask("flood@example.ru".into()).await, StatusCode::OK);
}

#[tokio::test]
async fn a_customer_follows_and_replies_in_their_own_threads_only() {
    let app = spawn_app().await;
    app.customer("asker@example.ru").await;
    let (_, id) = app
        .call(
            "support/ask",
            &[("topic", "payment"), ("text", "Платёж не отображается"), ("contact", "asker@example.ru")],
        )
        .await;
    let id = id.as_i64().unwrap().to_string();
    sqlx::query("UPDATE support_tickets SET status = 'answered'").execute(&app.pool).await.unwrap();
    let (status, _) =
        app.call("support/reply", &[("ticket_id", &id), ("text", "Спасибо, теперь всё видно")]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, mine) = app.call("support/mine", &[]).await;
    assert_eq!(mine[0]["status"], "Open", "a reply reopens the ticket for the operators");
    assert_eq!(mine[0]["messages"].as_array().unwrap().len(), 2);
    assert_eq!(mine[0]["topic"], "Оплата");

    let stranger = app.second_browser();
    stranger.customer("other-asker@example.ru").await;
    let (status, _) = stranger
        .call("support/reply", &[("ticket_id", &id), ("text", "Чужой ответ в чужом обращении")])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, theirs) = stranger.call("support/mine", &[]).await;
    assert_eq!(theirs, serde_json::json!([]));
    let (status, _) = app.second_browser().call("support/mine", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Withdrawing the consent takes the customer's tickets with it.
    app.call("consent/withdraw", &[("confirm", "true")]).await;
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM support_tickets").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0);
    assert!(
        app.get("/support").await.text().await.unwrap().contains("Задать вопрос в техническую поддержку")
    );
}
