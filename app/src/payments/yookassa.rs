//! YooKassa's v3 API (https://yookassa.ru/developers/api): `POST /v3/payments` with Basic
//! auth `shopId:secretKey` and an `Idempotence-Key`, `GET /v3/payments/{id}`. A 5xx or a
//! network error is retried with the same key, which YooKassa answers with the same payment.

use super::acquirer::{
    Acquirer, AcquirerError, AcquirerPayment, AcquirerStatus, BoxFuture, NewPayment, ReceiptCustomer,
    decimal_rubles, parse_decimal_rubles,
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
        json!({
            "amount": amount,
            "capture": true,
            "confirmation": { "type": "redirect", "return_url": p.return_url },
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
        })
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
    if body["amount"]["currency"].as_str()? != "RUB" {
        return None;
    }
    Some(AcquirerPayment {
        id: body["id"].as_str()?.to_owned(),
        status,
        amount: parse_decimal_rubles(body["amount"]["value"].as_str()?)?,
        confirmation_url: body["confirmation"]["confirmation_url"].as_str().map(str::to_owned),
    })
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
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
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
            return_url: "https://lk.example.ru/payments/k1".into(),
            customer: ReceiptCustomer::Phone("79123456789".into()),
        });
        assert_eq!(body["amount"], json!({"value": "1234.56", "currency": "RUB"}));
        assert_eq!(body["capture"], true);
        assert_eq!(body["confirmation"]["type"], "redirect");
        assert_eq!(body["confirmation"]["return_url"], "https://lk.example.ru/payments/k1");
        assert_eq!(body["receipt"]["customer"]["phone"], "79123456789");
        assert_eq!(body["receipt"]["items"][0]["amount"]["value"], "1234.56");
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
        assert!(
            parse_payment(
                &json!({"id": "x", "status": "succeeded", "amount": {"value": "1", "currency": "USD"}})
            )
            .is_none()
        );
        assert!(parse_payment(&json!({"status": "succeeded"})).is_none());
    }
}
