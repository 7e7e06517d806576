//! The operator console over HTTP: only operators get in; answers, PINs and revoked
//! bindings reach the customer through the outbox, are audited, and change nothing else.
//! A PIN is issued only once the operator confirms the requester's identity was checked,
//! and the account's customers with the extended version are told; the account's card
//! shows its customers' security events.

use crate::helpers::{TestApp, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;

/// Every operator endpoint with a well-formed payload.
const ENDPOINTS: &[(&str, &[(&str, &str)])] = &[
    ("operator/queue", &[]),
    ("operator/ticket", &[("ticket_id", "1")]),
    ("operator/answer", &[("ticket_id", "1"), ("text", "Ответ оператора на вопрос")]),
    ("operator/close", &[("ticket_id", "1")]),
    ("operator/pin_issue", &[("request_id", "1"), ("identity_checked", "true")]),
    ("operator/pin_decline", &[("request_id", "1"), ("reason", "Не подтверждён владелец")]),
    ("operator/find_accounts", &[("number", "23185952")]),
    ("operator/account", &[("account_id", "1")]),
    ("operator/revoke", &[("binding_id", "1")]),
];

/// Binds an account for the signed-in customer and returns its id.
async fn bind(app: &TestApp, provider: &str, number: &str) -> String {
    let provider = app.provider_id(provider).await;
    let (status, body) = app.call("accounts/bind", &[("provider", &provider), ("number", number)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["account_id"].as_i64().unwrap().to_string()
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT actor, action FROM audit_log ORDER BY id").fetch_all(&app.pool).await.unwrap();
    rows.into_iter().filter(|(actor, _)| actor.starts_with("operator:")).map(|(_, action)| action).collect()
}

#[tokio::test]
async fn operator_functions_refuse_strangers_with_401_and_customers_with_403() {
    let app = spawn_app().await;
    let customer = app.second_browser();
    customer.customer("curious@example.ru").await;
    let account = bind(&customer, "demo", "023-185952").await;
    customer.call("accounts/request_pin", &[("account_id", &account)]).await;
    customer
        .call(
            "support/ask",
            &[("topic", "other"), ("text", "Вопрос о начислениях"), ("contact", "curious@example.ru")],
        )
        .await;

    for (endpoint, form) in ENDPOINTS {
        let (status, _) = app.call(endpoint, form).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{endpoint} signed out");
        let (status, body) = customer.call(endpoint, form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint} as a customer: {body}");
    }
    let (pin_status,): (String,) =
        sqlx::query_as("SELECT status FROM pin_requests").fetch_one(&app.pool).await.unwrap();
    let (ticket_status,): (String,) =
        sqlx::query_as("SELECT status FROM support_tickets").fetch_one(&app.pool).await.unwrap();
    let (bindings,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bindings").fetch_one(&app.pool).await.unwrap();
    assert_eq!(
        (pin_status.as_str(), ticket_status.as_str(), bindings),
        ("open", "open", 1),
        "nothing changed"
    );

    // The console's pages: a customer sees "no access" with 403, a stranger goes to sign in.
    let res = customer.get("/operator").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("Нет доступа"));
    let res = app.client.get(app.url("/operator")).header("Accept", "text/html").send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/login");
}

#[tokio::test]
async fn an_operator_answers_and_closes_a_question_and_the_customer_is_told() {
    let app = spawn_app().await;
    let customer = app.second_browser();
    customer.customer("asker@example.ru").await;
    let (_, id) = customer
        .call(
            "support/ask",
            &[("topic", "payment"), ("text", "Платёж не отображается"), ("contact", "asker@example.ru")],
        )
        .await;
    let id = id.as_i64().unwrap().to_string();
    app.operator("operator@moygaz.ru").await;

    let (status, queue) = app.call("operator/queue", &[]).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert_eq!(queue["tickets"][0]["id"].to_string(), id);
    assert_eq!(queue["tickets"][0]["excerpt"], "Платёж не отображается");
    assert_eq!(queue["tickets"][0]["from_customer"], true);

    let (status, body) = app.call("operator/answer", &[("ticket_id", &id), ("text", "коротко")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Validation"]["field"], "text");
    let answer = "Платёж зачислен 17 ноября, обновите страницу.";
    let (status, body) = app.call("operator/answer", &[("ticket_id", &id), ("text", answer)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let message = app.latest_message("asker@example.ru").await;
    assert!(message.contains(answer) && message.contains(&format!("№ {id}")), "{message}");
    let (_, mine) = customer.call("support/mine", &[]).await;
    assert_eq!(mine[0]["status"], "Answered");
    assert_eq!(mine[0]["messages"][1]["from_operator"], true);
    assert_eq!(mine[0]["messages"][1]["body"], answer);
    let (_, queue) = app.call("operator/queue", &[]).await;
    assert_eq!(queue["tickets"].as_array().unwrap().len(), 0, "answered tickets leave the queue");

    // The customer's reply brings it back; closing ends it.
    customer.call("support/reply", &[("ticket_id", &id), ("text", "Спасибо, теперь видно")]).await;
    let (_, queue) = app.call("operator/queue", &[]).await;
    assert_eq!(queue["tickets"][0]["excerpt"], "Спасибо, теперь видно");
    let (status, _) = app.call("operator/close", &[("ticket_id", &id)]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, thread) = app.call("operator/ticket", &[("ticket_id", &id)]).await;
    assert_eq!(thread["status"], "Closed");
    assert_eq!(thread["customer_login"], "asker@example.ru");
    assert_eq!(audit_actions(&app).await, ["ticket.answered", "ticket.closed"]);
    let (status, _) = app.call("operator/close", &[("ticket_id", "999999")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_issued_pin_reaches_only_the_customer_and_unlocks_extended_access() {
    let app = spawn_app().await;
    let customer = app.second_browser();
    customer.customer("+79123456789").await;
    let account = bind(&customer, "sever", "100200").await;
    customer.call("accounts/request_pin", &[("account_id", &account)]).await;
    app.operator("operator@moygaz.ru").await;

    sqlx::query("UPDATE users SET full_name = 'Орлов Дмитрий' WHERE login = '+79123456789'")
        .execute(&app.pool)
        .await
        .unwrap();

    let (_, queue) = app.call("operator/queue", &[]).await;
    let request = &queue["pin_requests"][0];
    assert_eq!(request["number"], "100200");
    assert_eq!(request["customer_login"], "+79123456789");
    assert_eq!(request["customer_name"], "Орлов Дмитрий", "the name from the requester's profile");
    assert_eq!(request["owner"], "Орлов Дмитрий Николаевич");
    let (bound_at,): (i64,) = sqlx::query_as("SELECT created_at FROM bindings WHERE account_id = $1")
        .bind(account.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(request["bound_at"], bound_at);
    let page = app.get("/operator").await.text().await.unwrap();
    assert!(
        page.contains("Имя в профиле заявителя: Орлов Дмитрий")
            && page.contains("Личность заявителя проверена")
    );
    let request_id = request["id"].to_string();

    // Without the operator's word that the identity was checked: refused, nothing changes.
    let before = snapshot(&app).await;
    for form in [
        vec![("request_id", request_id.as_str())],
        vec![("request_id", &request_id), ("identity_checked", "false")],
    ] {
        let (status, body) = app.call("operator/pin_issue", &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["Validation"]["field"], "identity_checked", "{body}");
        assert!(body["Validation"]["message"].as_str().unwrap().contains("Личность заявителя проверена"));
    }
    assert_eq!(snapshot(&app).await, before, "a refused issue changes nothing");

    let (status, body) =
        app.call("operator/pin_issue", &[("request_id", &request_id), ("identity_checked", "true")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sms = app.latest_message("+79123456789").await;
    let pin: String = sms.split(": ").nth(1).unwrap().chars().take(4).collect();
    assert!(pin.chars().all(|c| c.is_ascii_digit()), "{sms}");
    let (hash,): (String,) = sqlx::query_as("SELECT pin_hash FROM accounts WHERE id = $1")
        .bind(account.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains(&pin), "stored hashed");
    let (_, after) = app.call("operator/queue", &[]).await;
    assert!(!after.to_string().contains(&format!("\"{pin}\"")));
    assert_eq!(after["pin_requests"].as_array().unwrap().len(), 0);

    let (status, _) =
        app.call("operator/pin_issue", &[("request_id", &request_id), ("identity_checked", "true")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a request is resolved once");

    let (status, body) = customer
        .call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", &pin)])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, details) = customer.call("accounts/get", &[("account_id", &account)]).await;
    assert_eq!(details["summary"]["access"], "Extended");
    assert_eq!(audit_actions(&app).await, ["pin.issued"]);
    let (details,): (String,) = sqlx::query_as("SELECT details FROM audit_log WHERE action = 'pin.issued'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(details.contains("identity_checked=yes"), "{details}");
}

/// What a PIN issue may change: the request, the account's PIN, the outbox and the audit log.
async fn snapshot(app: &TestApp) -> (Vec<(String,)>, Vec<(Option<String>,)>, i64, i64) {
    let requests =
        sqlx::query_as("SELECT status FROM pin_requests ORDER BY id").fetch_all(&app.pool).await.unwrap();
    let pins =
        sqlx::query_as("SELECT pin_hash FROM accounts ORDER BY id").fetch_all(&app.pool).await.unwrap();
    let (outbox,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox").fetch_one(&app.pool).await.unwrap();
    let (audit,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(&app.pool).await.unwrap();
    (requests, pins, outbox, audit)
}

#[tokio::test]
async fn a_new_pin_is_told_to_the_accounts_extended_customers() {
    let app = spawn_app().await;
    let wife = app.second_browser();
    wife.customer("pin-wife@example.ru").await;
    let account = bind(&wife, "demo", "023-185952").await;
    let (status, body) = wife
        .call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", "4821")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let son = app.second_browser();
    son.customer("+79120000077").await;
    bind(&son, "demo", "23185952").await;
    let husband = app.second_browser();
    husband.customer("pin-husband@example.ru").await;
    bind(&husband, "demo", "23185952").await;
    husband.call("accounts/request_pin", &[("account_id", &account)]).await;
    app.operator("operator@moygaz.ru").await;
    let (_, queue) = app.call("operator/queue", &[]).await;
    let request_id = queue["pin_requests"][0]["id"].to_string();
    assert_eq!(queue["pin_requests"][0]["customer_login"], "pin-husband@example.ru");
    assert_eq!(queue["pin_requests"][0]["customer_name"], Value::Null, "no name in the profile");

    let (status, body) =
        app.call("operator/pin_issue", &[("request_id", &request_id), ("identity_checked", "true")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let to_husband = app.latest_message("pin-husband@example.ru").await;
    let pin: String = to_husband.split(": ").nth(1).unwrap().chars().take(4).collect();
    assert!(pin.chars().all(|c| c.is_ascii_digit()), "{to_husband}");
    let to_wife = app.latest_message("pin-wife@example.ru").await;
    assert!(to_wife.contains("новый PIN-код") && to_wife.contains("№ 23185952"), "{to_wife}");
    assert!(
        !to_wife.contains(&format!(": {pin}")) && !to_wife.contains("pin-husband"),
        "neither the PIN nor who asked: {to_wife}"
    );
    let recipients: Vec<(String,)> =
        sqlx::query_as("SELECT recipient FROM outbox WHERE body_text LIKE '%PIN-код%' ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let recipients: Vec<&str> = recipients.iter().map(|(r,)| r.as_str()).collect();
    assert_eq!(
        recipients,
        ["pin-husband@example.ru", "pin-wife@example.ru"],
        "the basic-access son is not told"
    );
    let (details,): (String,) = sqlx::query_as("SELECT details FROM audit_log WHERE action = 'pin.issued'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(details.contains("identity_checked=yes") && details.contains("notified=1"), "{details}");
}

#[tokio::test]
async fn the_account_card_shows_its_customers_security_events() {
    let app = spawn_app().await;
    let wife = app.second_browser();
    wife.customer("sec-wife@example.ru").await;
    let account = bind(&wife, "demo", "023-185952").await;
    let former = app.second_browser();
    former.customer("sec-former@example.ru").await;
    bind(&former, "demo", "23185952").await;
    let (status, _) = former.call("accounts/unlink", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK);
    let stranger = app.second_browser();
    stranger.customer("sec-stranger@example.ru").await;
    bind(&stranger, "sever", "100200").await;
    app.operator("operator@moygaz.ru").await;
    let id_of = |login: &'static str| {
        let pool = app.pool.clone();
        async move {
            let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE login = $1")
                .bind(login)
                .fetch_one(&pool)
                .await
                .unwrap();
            id
        }
    };
    let (wife_id, former_id, stranger_id) = (
        id_of("sec-wife@example.ru").await,
        id_of("sec-former@example.ru").await,
        id_of("sec-stranger@example.ru").await,
    );
    let now = app.clock.now();
    // The rows the sign-in, profile and consent code writes, as they write them.
    let rows: Vec<(i64, i64, &str, String)> = vec![
        (wife_id, now + 1, "auth.sign_in_failed", format!("user:{wife_id}")),
        (wife_id, now + 2, "auth.locked", format!("user:{wife_id}")),
        (wife_id, now + 3, "auth.reset", format!("user:{wife_id}")),
        (wife_id, now + 4, "auth.sign_in", format!("user:{wife_id}")),
        (wife_id, now + 5, "auth.password_changed", format!("user:{wife_id}")),
        (wife_id, now + 6, "auth.login_changed", format!("user:{wife_id}")),
        (wife_id, now + 7, "auth.sign_out_everywhere", format!("user:{wife_id}")),
        (former_id, now + 8, "consent.withdrawn", format!("user:{former_id}")),
        (stranger_id, now + 9, "auth.sign_in_failed", format!("user:{stranger_id}")),
        (wife_id, now + 10, "control.locked", format!("account:{account}")),
    ];
    for (actor, at, action, subject) in &rows {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, subject, details) VALUES ($1, $2, $3, $4, '')",
        )
        .bind(at)
        .bind(format!("user:{actor}"))
        .bind(*action)
        .bind(subject)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let (status, view) = app.call("operator/account", &[("account_id", &account)]).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let events: Vec<(String, String)> = view["security_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["customer"].as_str().unwrap().to_owned(), e["action"].as_str().unwrap().to_owned()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("sec-former@example.ru", "consent.withdrawn"),
        ("sec-wife@example.ru", "auth.sign_out_everywhere"),
        ("sec-wife@example.ru", "auth.login_changed"),
        ("sec-wife@example.ru", "auth.password_changed"),
        ("sec-wife@example.ru", "auth.sign_in"),
        ("sec-wife@example.ru", "auth.reset"),
        ("sec-wife@example.ru", "auth.locked"),
        ("sec-wife@example.ru", "auth.sign_in_failed"),
    ]
    .iter()
    .map(|(l, a)| (l.to_string(), a.to_string()))
    .collect();
    // The sign-in code's own rows (at the clock's `now` or before) follow these.
    assert_eq!(events[..expected.len()], expected, "newest first; a former customer too");
    assert!(!events.iter().any(|(login, _)| login.contains("stranger")), "never another account's customer");
    let history = view["history"].as_array().unwrap();
    assert!(history.iter().any(|h| h["action"] == "control.locked"), "{history:?}");

    let page = app.get(&format!("/operator/accounts/{account}")).await.text().await.unwrap();
    for label in [
        "События безопасности клиентов",
        "Неверный пароль",
        "Вход заблокирован",
        "Пароль восстановлен",
        "Пароль изменён",
        "Логин изменён",
        "Выход на всех устройствах",
        "Согласие отозвано",
        "Контрольный вопрос заблокирован",
    ] {
        assert!(page.contains(label), "{label} on the card");
    }
    assert!(!page.contains("sec-stranger@example.ru"));

    // A customer who left the portal still shows, by number; and the list is bounded.
    sqlx::query("DELETE FROM users WHERE id = $1").bind(former_id).execute(&app.pool).await.unwrap();
    for i in 0..60i64 {
        sqlx::query("INSERT INTO audit_log (at, actor, action, subject, details) VALUES ($1, $2, 'auth.sign_in', $2, '')")
            .bind(now + 100 + i)
            .bind(format!("user:{wife_id}"))
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let (_, view) = app.call("operator/account", &[("account_id", &account)]).await;
    let events = view["security_events"].as_array().unwrap();
    assert_eq!(events.len(), 50);
    assert_eq!(events[0]["at"], now + 159);
    sqlx::query("DELETE FROM audit_log WHERE at >= $1").bind(now + 100).execute(&app.pool).await.unwrap();
    let (_, view) = app.call("operator/account", &[("account_id", &account)]).await;
    assert_eq!(view["security_events"][0]["customer"], format!("клиент № {former_id} (удалён)"));
}

#[tokio::test]
async fn a_declined_request_tells_the_customer_why() {
    let app = spawn_app().await;
    let customer = app.second_browser();
    customer.customer("declined@example.ru").await;
    let account = bind(&customer, "demo", "023-185952").await;
    customer.call("accounts/request_pin", &[("account_id", &account)]).await;
    app.operator("operator@moygaz.ru").await;
    let (_, queue) = app.call("operator/queue", &[]).await;
    let request_id = queue["pin_requests"][0]["id"].to_string();

    let (status, body) =
        app.call("operator/pin_decline", &[("request_id", &request_id), ("reason", " ")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Validation"]["field"], "reason");
    let (status, _) = app
        .call(
            "operator/pin_decline",
            &[("request_id", &request_id), ("reason", "Лицевой счёт оформлен на другое лицо")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let message = app.latest_message("declined@example.ru").await;
    assert!(
        message.contains("отказано") && message.contains("Лицевой счёт оформлен на другое лицо"),
        "{message}"
    );
    let (status, resolution): (String, String) =
        sqlx::query_as("SELECT status, resolution FROM pin_requests").fetch_one(&app.pool).await.unwrap();
    assert_eq!((status.as_str(), resolution.as_str()), ("declined", "Лицевой счёт оформлен на другое лицо"));
    let (_, details) = customer.call("accounts/get", &[("account_id", &account)]).await;
    assert_eq!(details["pin_requested_at"], Value::Null, "the customer may ask again");
    assert_eq!(audit_actions(&app).await, ["pin.declined"]);
}

#[tokio::test]
async fn operators_see_who_bound_an_account_and_revoke_one_binding() {
    let app = spawn_app().await;
    let wife = app.second_browser();
    wife.customer("wife@example.ru").await;
    let account = bind(&wife, "demo", "023-185952").await;
    let husband = app.second_browser();
    husband.customer("husband@example.ru").await;
    bind(&husband, "demo", "23185952").await;
    app.operator("operator@moygaz.ru").await;

    let (status, body) = app.call("operator/find_accounts", &[("number", "12ab")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Validation"]["field"], "number");
    let (_, hits) = app.call("operator/find_accounts", &[("number", "023-185952")]).await;
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2, "the same number at two providers");
    let seed = hits.iter().find(|h| h["account_id"].to_string() == account).unwrap();
    assert_eq!(seed["bindings"], 2);

    let (_, view) = app.call("operator/account", &[("account_id", &account)]).await;
    assert_eq!(view["address"], "г. Москва, ул. Ленина, д. 5, кв. 12");
    let logins: Vec<&str> =
        view["bindings"].as_array().unwrap().iter().map(|b| b["login"].as_str().unwrap()).collect();
    assert_eq!(logins, ["wife@example.ru", "husband@example.ru"]);
    let husbands = view["bindings"][1]["binding_id"].to_string();

    let (status, _) = app.call("operator/revoke", &[("binding_id", &husbands)]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = husband.call("accounts/list", &[]).await;
    assert_eq!(list.as_array().unwrap().len(), 0);
    let (_, list) = wife.call("accounts/list", &[]).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "only that binding goes");
    assert!(app.latest_message("husband@example.ru").await.contains("отключён"));
    let (status, _) = app.call("operator/revoke", &[("binding_id", &husbands)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, view) = app.call("operator/account", &[("account_id", &account)]).await;
    let history: Vec<&str> =
        view["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(&history[..3], ["account.viewed", "binding.revoked", "account.viewed"], "{history:?}");
    assert!(history.contains(&"binding.created"));
    let (status, _) = app.call("operator/account", &[("account_id", "999999")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn operators_are_made_on_the_command_line_and_sign_in_at_the_usual_page() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let app = spawn_app().await;
    app.second_browser().customer("customer@example.ru").await;
    let run = |login: &str, password: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_moygaz"));
        cmd.env("MOYGAZ_DATABASE__URL", app.database_url()).env("RUST_LOG", "error");
        cmd.args(["operator", "create", login]);
        if password.is_some() {
            cmd.arg("--password-stdin");
        }
        let mut child =
            cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        if let Some(p) = password {
            writeln!(child.stdin.take().unwrap(), "{p}").unwrap();
        }
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    let (ok, _, err) = run("ops@moygaz.ru", Some("short1"));
    assert!(!ok && err.contains("пароль"), "{err}");
    let (ok, _, err) = run("customer@example.ru", Some("operatorPass12"));
    assert!(!ok && err.contains("принадлежит клиенту"), "{err}");
    let (ok, out, err) = run("ops@moygaz.ru", Some("operatorPass12"));
    assert!(ok && out.contains("создан") && !out.contains("operatorPass12"), "{out}{err}");
    let (ok, out, _) = run("+7 912 000-00-01", None);
    let generated =
        out.lines().find_map(|l| l.strip_prefix("Пароль (показывается один раз): ")).unwrap().to_owned();
    assert!(ok && generated.len() == 16, "{out}");

    for (login, password) in [("ops@moygaz.ru", "operatorPass12"), ("+79120000001", generated.as_str())] {
        let op = app.second_browser();
        let (status, body) = op.call("auth/login", &[("login", login), ("password", password)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, me) = op.call("auth/me", &[]).await;
        assert_eq!(me["is_operator"], true);
        let res = op.get("/operator").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.unwrap().contains("Пульт оператора"));
        let res = op.get("/cabinet").await;
        assert_eq!(res.headers()["location"], "/operator", "operators work in the console");
    }
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE actor = 'cli' AND action = 'operator.created'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn an_operators_password_changes_only_on_the_command_line() {
    let app = spawn_app().await;
    app.operator("ops@moygaz.ru").await;
    // The customer policy (5–10 characters) would let an operator weaken the password.
    let (status, _) = app
        .call(
            "auth/change_password",
            &[("current_password", "operatorPass12"), ("password", "abc12"), ("password_repeat", "abc12")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The web reset answers as for an unknown login and sends nothing.
    let stranger = app.second_browser();
    let (status, _) = stranger.call("auth/reset_request", &[("login", "ops@moygaz.ru")]).await;
    assert_eq!(status, StatusCode::OK);
    let (sent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE recipient = 'ops@moygaz.ru'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sent, 0);
    let (status, _) =
        stranger.call("auth/login", &[("login", "ops@moygaz.ru"), ("password", "operatorPass12")]).await;
    assert_eq!(status, StatusCode::OK, "the password is unchanged");
}

#[tokio::test]
async fn the_queue_lists_the_oldest_hundred_and_counts_them_all() {
    let app = spawn_app().await;
    app.operator("operator@moygaz.ru").await;
    let now = app.clock.now();
    for i in 0..105i64 {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO support_tickets (contact, topic, status, created_at, updated_at) \
             VALUES ($1, 'Оплата', 'open', $2, $2) RETURNING id",
        )
        .bind(format!("c{i}@mail.ru"))
        .bind(now - 1000 + i)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO support_messages (ticket_id, author, body, created_at) VALUES ($1, 'customer', $2, $3)")
            .bind(id)
            .bind(format!("Вопрос номер {i}"))
            .bind(now - 1000 + i)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let (status, queue) = app.call("operator/queue", &[]).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert_eq!(queue["tickets_waiting"], 105);
    assert_eq!(queue["pin_requests_waiting"], 0);
    let tickets = queue["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), 100);
    assert_eq!(tickets[0]["excerpt"], "Вопрос номер 0", "the longest-waiting first");
    assert_eq!(tickets[99]["excerpt"], "Вопрос номер 99");
    let page = app.get("/operator").await.text().await.unwrap();
    assert!(page.contains("Вопросы в поддержку: 105"), "the heading counts every waiting question");
    assert!(page.contains("Показаны 100 самых давних"));
}
