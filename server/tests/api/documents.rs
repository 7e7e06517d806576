//! The PDF documents over HTTP, read back with `pdftotext` (poppler-utils, installed by
//! `scripts/setup.sh`): the statement of an account with extended access, the payment
//! certificate of one's own credited payment, and everything a stranger or a bad period gets.

use crate::helpers::{TestApp, spawn_app};
use reqwest::StatusCode;
use std::io::Write;
use std::process::Command;

/// Kept for a look (`pdftoppm -png target/documents/statement.pdf`), like the browser
/// tests' screenshots.
fn keep(name: &str, pdf: &[u8]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/documents");
    let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join(name), pdf));
}

/// The text of a PDF, as a screen reader or a search would get it.
fn text_of(pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

async fn pdf(app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let res = app.get(path).await;
    let status = res.status();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

async fn seed_account(app: &TestApp, login: &str) -> String {
    app.customer(login).await;
    let provider = app.provider_id("demo").await;
    let (status, body) = app.call("accounts/bind", &[("provider", &provider), ("number", "23185952")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["account_id"].as_i64().unwrap().to_string()
}

#[tokio::test]
async fn a_statement_for_extended_access_with_the_account_the_amounts_and_the_dates() {
    let app = spawn_app().await;
    let path = |account: &str| format!("/accounts/{account}/statement.pdf");
    let (status, _, _) = pdf(&app, &path("1")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "signed out");

    let account = seed_account(&app, "statement@example.ru").await;
    let (status, _, body) = pdf(&app, &path(&account)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "basic access: {}", String::from_utf8_lossy(&body));
    let (status, body) = app
        .call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", "4821")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Without a period: the twelve months before this one.
    let (status, kind, body) = pdf(&app, &path(&account)).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    assert!(body.starts_with(b"%PDF-"));

    // The history the account page shows, as its form sends it.
    let (_, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    let months = details["extended"]["months"].as_array().unwrap().clone();
    let (first, last) = (months[0]["period"].as_str().unwrap(), months[11]["period"].as_str().unwrap());
    let (status, kind, body) = pdf(&app, &format!("{}?from={first}&to={last}", path(&account))).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(kind, "application/pdf");
    assert!(body.starts_with(b"%PDF-"));
    keep("statement.pdf", &body);
    let text = text_of(&body);
    for expected in [
        "Выписка по лицевому счёту № 23185952",
        "Демонстрационный поставщик",
        "Иванов Иван Иванович",
        "г. Москва, ул. Ленина, д. 5, кв. 12",
        "8,51 ₽ за 1 м³",
        "1 234,56 ₽",
        "ЛК - Мой ГАЗ - версия",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    assert!(text.contains(&format!("с 01.{}.{}", &first[5..7], &first[..4])), "{first}\n{text}");
    assert!(text.contains(&app::domain::time::month_name(last)), "{last}\n{text}");
    // The demo's debt is the last charge, every earlier month paid: 0 at the start.
    assert!(text.contains("Долг на начало периода:"), "{text}");

    // One month: its charge and nothing else.
    let one = format!("{}?from={last}&to={last}", path(&account));
    let (status, _, body) = pdf(&app, &one).await;
    assert_eq!(status, StatusCode::OK);
    let text = text_of(&body);
    assert!(text.contains("1 234,56 ₽") && !text.contains(&app::domain::time::month_name(first)), "{text}");

    // A wrong period goes back to the form, which says why next to the field and keeps
    // what was typed; a stranger learns nothing.
    let res = app.get(&format!("{}?from={last}&to={first}", path(&account))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(back, format!("/accounts/{account}?from={last}&to={first}#statement-title"));
    let page = app.get(back.split('#').next().unwrap()).await.text().await.unwrap();
    let near_from =
        &page[page.find("id=\"statement-from\"").unwrap()..page.find("id=\"statement-to\"").unwrap()];
    assert!(near_from.contains("Начало периода позже его конца"), "{near_from}");
    assert!(near_from.contains(&format!("value=\"{last}\"")), "{near_from}");
    let res = app.get(&format!("{}?from=2026-13&to=%3Cb%3E", path(&account))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    let page = app.get(back.split('#').next().unwrap()).await.text().await.unwrap();
    assert!(page.contains("Укажите месяц в виде ГГГГ-ММ") && page.contains("value=\"&lt;b&gt;\""), "{back}");
    let stranger = app.second_browser();
    stranger.customer("stranger@example.ru").await;
    let (status, _, _) = pdf(&stranger, &path(&account)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Paid ahead: a negative debt (and a name with quotes and Typst's own markup) still
    // lays out, as text.
    let mut csv = tempfile::NamedTempFile::new().unwrap();
    write!(
        csv,
        "provider,account,owner,address,debt_kopecks,last_charge_kopecks\n\
         demo,023-185952,\"Иванов #panic(\"\"x\"\") *Иван*\",\"г. Москва, ул. Ленина, д. 5, кв. 12\",-50000,123456\n"
    )
    .unwrap();
    server::import::run(&app.pool, server::import::Kind::Accounts, csv.path()).await.unwrap();
    let (status, _, body) = pdf(&app, &one).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let text = text_of(&body);
    assert!(text.contains("-500,00 ₽"), "{text}");
    assert!(text.contains("Иванов #panic(\"x\") *Иван*"), "{text}");
}

#[tokio::test]
async fn a_payment_certificate_for_ones_own_credited_payment_only() {
    let app = spawn_app().await;
    let account = seed_account(&app, "receipt@example.ru").await;
    let (status, url) = app
        .call("payments/create", &[("account_id", &account), ("purpose", "custom"), ("amount", "500,25")])
        .await;
    assert_eq!(status, StatusCode::OK, "{url}");
    let sandbox_id = url.as_str().unwrap().trim_start_matches("/sandbox/pay/").to_owned();
    let (public_id,): (String,) = sqlx::query_as("SELECT public_id FROM payments ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let path = format!("/payments/{public_id}/receipt.pdf");

    let (status, _, body) = pdf(&app, &path).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not credited yet");
    assert_eq!(String::from_utf8(body).unwrap(), "Справка будет, когда платёж зачислят");

    let (status, back) = app.call("sandbox/complete", &[("id", &sandbox_id), ("pay", "true")]).await;
    assert_eq!(status, StatusCode::OK, "{back}");
    let (status, kind, body) = pdf(&app, &path).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    keep("receipt.pdf", &body);
    let text = text_of(&body);
    for expected in
        ["Справка об оплате", "23185952", "500,25 ₽", public_id.as_str(), "Демонстрационный поставщик"]
    {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    // Basic access: the address as masked as on the account card.
    assert!(text.contains("г. Москва, ул. Л*****, д. 5, кв. **"), "{text}");
    let today = app::domain::time::format_datetime_msk(app.clock.now());
    assert!(text.contains(&today[..10]), "the date it was credited, {today}: {text}");

    let stranger = app.second_browser();
    stranger.customer("other-payer@example.ru").await;
    let (status, _, _) = pdf(&stranger, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "someone else's payment");
    let (status, _, _) = pdf(&app, "/payments/no-such-payment/receipt.pdf").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
