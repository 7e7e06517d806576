//! YooKassa's v3 API (https://yookassa.ru/developers/api): `POST /v3/payments` with Basic
//! auth `shopId:secretKey` and an `Idempotence-Key`, `GET /v3/payments/{id}`. A 5xx or a
//! network error is retried with the same key, which YooKassa answers with the same payment.

use super::acquirer::{
    Acquirer, AcquirerError, AcquirerPayment, AcquirerStatus, BoxFuture, HowPaid, NewPayment,
    ReceiptCustomer, SavedMethod, decimal_rubles, parse_decimal_rubles,
};
use serde_json::{Value, json};
use std::time::Duration;

const ATTEMPTS: u32 = 3;

pub struct YooKassa {
    http: reqwest::Client,
    /// `https://api.yookassa.ru` (tests point it at a stand-in).
    base_url: String,
    shop_id: String,
    secret_key: String,
}

impl YooKassa {
    pub fn new(base_url: &str, shop_id: &str, secret_key: &str) -> YooKassa {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .expect("a TLS client builds");
        YooKassa {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            shop_id: shop_id.to_owned(),
            secret_key: secret_key.to_owned(),
        }
    }

    fn create_body(p: &NewPayment) -> Value {
        let amount = json!({ "value": decimal_rubles(p.amount), "currency": "RUB" });
        let customer = match &p.customer {
            ReceiptCustomer::Email(email) => json!({ "email": email }),
            ReceiptCustomer::Phone(phone) => json!({ "phone": phone }),
        };
        let mut body = json!({
            "amount": amount,
            "capture": true,
            "description": p.description,
            "metadata": { "payment_id": p.idempotence_key },
            "receipt": {
                "customer": customer,
                "items": [{
                    "description": p.description,
                    "quantity": "1.00",
                    "amount": amount,
                    "vat_code": 1,
                    "payment_subject": "service",
                    "payment_mode": "full_payment"
                }]
            }
        });
        match &p.how {
            HowPaid::Redirect { return_url, save_method } => {
                body["confirmation"] = json!({ "type": "redirect", "return_url": return_url });
                if *save_method {
                    body["save_payment_method"] = json!(true);
                }
            }
            // A saved method pays at once: no confirmation, no page.
            HowPaid::SavedMethod(id) => body["payment_method_id"] = json!(id),
        }
        body
    }

    /// Sends the request built by `build`, retrying 5xx and network errors with a backoff.
    async fn send(
        &self,
        build: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<AcquirerPayment, AcquirerError> {
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(200 << attempt)).await;
            }
            match build().basic_auth(&self.shop_id, Some(&self.secret_key)).send().await {
                Ok(res) if res.status().is_success() => {
                    let body: Value =
                        res.json().await.map_err(|e| AcquirerError::Unavailable(e.to_string()))?;
                    return parse_payment(&body).ok_or_else(|| {
                        AcquirerError::Unavailable("an answer without id, status or amount".into())
                    });
                }
                Ok(res) if res.status() == reqwest::StatusCode::NOT_FOUND => {
                    return Err(AcquirerError::NotFound);
                }
                Ok(res) if res.status().is_client_error() => {
                    let status = res.status();
                    let body = res.text().await.unwrap_or_default();
                    // The body names the problem (`invalid_request`, …); it holds no secret of ours.
                    return Err(AcquirerError::Refused(format!("{status}: {}", truncate(&body))));
                }
                Ok(res) => last = format!("HTTP {}", res.status()),
                Err(e) => last = e.without_url().to_string(),
            }
            tracing::warn!(attempt, error = %last, "YooKassa request failed, retrying with the same key");
        }
        Err(AcquirerError::Unavailable(last))
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(300) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A YooKassa payment object → what the portal needs of it.
pub fn parse_payment(body: &Value) -> Option<AcquirerPayment> {
    let status = match body["status"].as_str()? {
        "succeeded" => AcquirerStatus::Succeeded,
        "canceled" => AcquirerStatus::Canceled,
        // `pending`, and `waiting_for_capture` (we capture at once, so it will move on).
        _ => AcquirerStatus::Pending,
    };
    // Any currency is taken as reported: a payment in another one must reach `settle`, which
    // sends it to the operators, rather than fail here and be re-read forever.
    let currency = body["amount"]["currency"].as_str().filter(|c| is_currency(c))?;
    let value = body["amount"]["value"].as_str()?;
    if !is_amount(value) {
        return None;
    }
    Some(AcquirerPayment {
        id: body["id"].as_str()?.to_owned(),
        status,
        amount: parse_decimal_rubles(value)?,
        currency: currency.to_owned(),
        confirmation_url: body["confirmation"]["confirmation_url"].as_str().map(str::to_owned),
        saved_method: saved_method(&body["payment_method"]),
    })
}

/// `payment_method` of a payment: the method, once YooKassa says it is saved (only then
/// can autopay pay with its id).
fn saved_method(method: &Value) -> Option<SavedMethod> {
    if method["saved"].as_bool() != Some(true) {
        return None;
    }
    let id = method["id"].as_str().filter(|id| is_id(id))?;
    let title = match (method["title"].as_str(), method["card"]["last4"].as_str()) {
        (_, Some(last4)) if last4.len() == 4 && last4.bytes().all(|b| b.is_ascii_digit()) => {
            format!("Карта •••• {last4}")
        }
        (Some(title), _) if !title.is_empty() => truncate_chars(title, 60),
        _ => "Сохранённый способ оплаты".to_owned(),
    };
    Some(SavedMethod { id: id.to_owned(), title })
}

/// YooKassa's ids: letters, digits and hyphens (UUIDs); anything else is not put in a URL.
fn is_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 100 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn truncate_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// An ISO 4217 code as YooKassa writes it (`RUB`, `USD`): three Latin capitals. It is kept
/// in the database and printed in the console and the CSV, so nothing else is taken.
fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// YooKassa writes amounts as `1234.56` (or `1234.5`, `1234`). `parse_decimal_rubles` alone
/// would also take a sign (`-1.50` as -50 kopecks) or one after the point (`1.-5`): those
/// are not amounts.
fn is_amount(value: &str) -> bool {
    let (rubles, kopecks) = value.split_once('.').unwrap_or((value, "0"));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (1..=15).contains(&rubles.len()) && digits(rubles) && (1..=2).contains(&kopecks.len()) && digits(kopecks)
}

impl Acquirer for YooKassa {
    fn name(&self) -> &'static str {
        "yookassa"
    }

    fn create<'a>(
        &'a self,
        payment: &'a NewPayment,
    ) -> BoxFuture<'a, Result<AcquirerPayment, AcquirerError>> {
        Box::pin(async move {
            let body = Self::create_body(payment);
            let url = format!("{}/v3/payments", self.base_url);
            self.send(|| self.http.post(&url).header("Idempotence-Key", &payment.idempotence_key).json(&body))
                .await
        })
    }

    fn fetch<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<AcquirerPayment, AcquirerError>> {
        Box::pin(async move {
            if !is_id(id) {
                return Err(AcquirerError::NotFound);
            }
            let url = format!("{}/v3/payments/{id}", self.base_url);
            self.send(|| self.http.get(&url)).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kopecks;

    #[test]
    fn the_create_request_carries_amount_capture_return_url_and_receipt() {
        let body = YooKassa::create_body(&NewPayment {
            idempotence_key: "k1".into(),
            amount: Kopecks(123_456),
            description: "Оплата газа, лицевой счёт 23185952".into(),
            how: HowPaid::Redirect {
                return_url: "https://lk.example.ru/payments/k1".into(),
                save_method: false,
            },
            customer: ReceiptCustomer::Phone("79123456789".into()),
        });
        assert!(body.get("save_payment_method").is_none());
        assert!(body.get("payment_method_id").is_none());
        assert_eq!(body["amount"], json!({"value": "1234.56", "currency": "RUB"}));
        assert_eq!(body["capture"], true);
        assert_eq!(body["confirmation"]["type"], "redirect");
        assert_eq!(body["confirmation"]["return_url"], "https://lk.example.ru/payments/k1");
        assert_eq!(body["receipt"]["customer"]["phone"], "79123456789");
        assert_eq!(body["receipt"]["items"][0]["amount"]["value"], "1234.56");
    }

    #[test]
    fn autopay_saves_a_method_and_then_pays_with_it_without_confirmation() {
        let mut payment = NewPayment {
            idempotence_key: "k2".into(),
            amount: Kopecks(100),
            description: "Оплата газа".into(),
            how: HowPaid::Redirect {
                return_url: "https://lk.example.ru/payments/k2".into(),
                save_method: true,
            },
            customer: ReceiptCustomer::Email("a@b.ru".into()),
        };
        assert_eq!(YooKassa::create_body(&payment)["save_payment_method"], true);
        payment.how = HowPaid::SavedMethod("2d7c-pm".into());
        let body = YooKassa::create_body(&payment);
        assert_eq!(body["payment_method_id"], "2d7c-pm");
        assert!(body.get("confirmation").is_none());
        assert_eq!(body["receipt"]["customer"]["email"], "a@b.ru");
        let paid = parse_payment(&json!({
            "id": "p1", "status": "succeeded", "amount": {"value": "1.00", "currency": "RUB"},
            "payment_method": {"type": "bank_card", "id": "2d7c-pm", "saved": true,
                               "card": {"last4": "4444"}, "title": "Bank card *4444"}
        }))
        .unwrap();
        assert_eq!(
            paid.saved_method,
            Some(SavedMethod { id: "2d7c-pm".into(), title: "Карта •••• 4444".into() })
        );
        let unsaved = json!({"id": "p1", "status": "succeeded", "amount": {"value": "1", "currency": "RUB"},
                             "payment_method": {"id": "x", "saved": false}});
        assert_eq!(parse_payment(&unsaved).unwrap().saved_method, None);
        let odd = json!({"id": "p1", "status": "succeeded", "amount": {"value": "1", "currency": "RUB"},
                         "payment_method": {"id": "../x", "saved": true}});
        assert_eq!(parse_payment(&odd).unwrap().saved_method, None);
    }

    #[test]
    fn payment_objects_parse() {
        let p = parse_payment(&json!({
            "id": "2a3b-1", "status": "waiting_for_capture",
            "amount": {"value": "10.00", "currency": "RUB"},
            "confirmation": {"type": "redirect", "confirmation_url": "https://yoomoney.ru/x"}
        }))
        .unwrap();
        assert_eq!(p.status, AcquirerStatus::Pending);
        assert_eq!(p.amount, Kopecks(1000));
        assert_eq!(p.confirmation_url.as_deref(), Some("https://yoomoney.ru/x"));
        assert_eq!(p.currency, "RUB");
        // Another currency is reported as it is (`settle` refuses to credit it).
        let usd = parse_payment(
            &json!({"id": "x", "status": "succeeded", "amount": {"value": "1", "currency": "USD"}}),
        )
        .unwrap();
        assert_eq!((usd.amount, usd.currency.as_str()), (Kopecks(100), "USD"));
        for odd in ["", "rub", "RUBLE", "R<1"] {
            let body = json!({"id": "x", "status": "succeeded", "amount": {"value": "1", "currency": odd}});
            assert!(parse_payment(&body).is_none(), "{odd}");
        }
        assert!(parse_payment(&json!({"status": "succeeded"})).is_none());
    }

    /// Property tests (`proptest`): no acquirer answer panics the parser, and a payment
    /// object parses to what it says. `scripts/fuzz.sh` runs them with a million cases each.
    mod proptests {
        use super::*;
        use proptest::prelude::*;

        const WORDS: &[&str] = &[
            "id",
            "status",
            "amount",
            "value",
            "currency",
            "RUB",
            "USD",
            "succeeded",
            "canceled",
            "pending",
            "waiting_for_capture",
            "confirmation",
            "confirmation_url",
            "10.00",
            "-1.50",
            "1.-5",
            "+1.00",
            "",
        ];

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                prop::sample::select(WORDS).prop_map(str::to_owned),
                "[0-9.+-]{0,20}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        /// Any JSON, with the names of a payment object's fields common among the keys.
        fn json() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<f64>().prop_map(Value::from),
                text().prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 64, 8, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                    proptest::collection::btree_map(text(), inner, 0..8)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        /// The exact amount a decimal string names, computed apart from the parser.
        fn exact_kopecks(value: &str) -> Option<i128> {
            let (r, k) = value.split_once('.').unwrap_or((value, ""));
            let k = format!("{k:0<2}");
            Some(r.parse::<i128>().ok()? * 100 + k.parse::<i128>().ok()?)
        }

        proptest! {
            #[test]
            fn any_json_answer_parses_or_is_refused(body in json()) {
                if let Some(p) = parse_payment(&body) {
                    prop_assert_eq!(body["id"].as_str(), Some(p.id.as_str()));
                    prop_assert_eq!(body["amount"]["currency"].as_str(), Some(p.currency.as_str()));
                    prop_assert!(is_currency(&p.currency));
                    prop_assert!(p.amount.0 >= 0);
                }
            }

            #[test]
            fn any_amount_string_is_its_exact_value_or_refused(value in text(), id in text()) {
                let body = json!({"id": id, "status": "succeeded", "amount": {"value": value, "currency": "RUB"}});
                match parse_payment(&body) {
                    Some(p) => {
                        prop_assert_eq!(Some(i128::from(p.amount.0)), exact_kopecks(&value), "{:?}", value);
                        prop_assert!(value.bytes().all(|b| b.is_ascii_digit() || b == b'.'), "{:?}", value);
                        prop_assert_eq!(parse_decimal_rubles(&decimal_rubles(p.amount)), Some(p.amount));
                    }
                    None => prop_assert!(
                        !is_amount(&value),
                        "a well-formed amount {:?} was refused", value
                    ),
                }
                // The parser on its own never panics either.
                let _ = parse_decimal_rubles(&value);
            }

            #[test]
            fn a_payment_object_parses_to_what_it_says(
                id in "[0-9a-f-]{1,40}",
                status in prop::sample::select(vec!["pending", "waiting_for_capture", "succeeded", "canceled"]),
                kopecks in 0i64..10i64.pow(17),
                url in prop::option::of("https://[a-z]{1,20}\\.ru/[a-z0-9]{0,20}"),
            ) {
                let mut body = json!({
                    "id": id, "status": status,
                    "amount": {"value": decimal_rubles(Kopecks(kopecks)), "currency": "RUB"},
                });
                if let Some(url) = &url {
                    body["confirmation"] = json!({"type": "redirect", "confirmation_url": url});
                }
                let expected = AcquirerPayment {
                    id,
                    status: match status {
                        "succeeded" => AcquirerStatus::Succeeded,
                        "canceled" => AcquirerStatus::Canceled,
                        _ => AcquirerStatus::Pending,
                    },
                    amount: Kopecks(kopecks),
                    currency: "RUB".to_owned(),
                    confirmation_url: url,
                    saved_method: None,
                };
                prop_assert_eq!(parse_payment(&body), Some(expected));
            }
        }
    }
}
