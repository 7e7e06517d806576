//! SMS through SMS.ru's HTTP API (`POST {base}/sms/send` with `api_id`, `to`, `msg`, `from`,
//! `json=1`). The base URL is configurable so tests point it at a local stand-in.

use super::DeliveryError;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Clone)]
pub struct SmsRu {
    client: reqwest::Client,
    base_url: String,
    api_id: String,
    sender: String,
}

#[derive(Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    status_code: i64,
    #[serde(default)]
    sms: HashMap<String, NumberAnswer>,
}

#[derive(Deserialize)]
struct NumberAnswer {
    status: String,
    #[serde(default)]
    status_code: i64,
}

impl SmsRu {
    pub fn new(base_url: &str, api_id: &str, sender: &str) -> SmsRu {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .unwrap_or_default();
        SmsRu {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_id: api_id.to_owned(),
            sender: sender.to_owned(),
        }
    }

    /// `to` is E.164 (`+79123456789`); SMS.ru wants the digits.
    pub async fn send(&self, to: &str, text: &str) -> Result<(), DeliveryError> {
        let number = to.trim_start_matches('+');
        let response = self
            .client
            .post(format!("{}/sms/send", self.base_url))
            .form(&[
                ("api_id", self.api_id.as_str()),
                ("to", number),
                ("msg", text),
                ("from", &self.sender),
                ("json", "1"),
            ])
            .send()
            .await
            .map_err(|e| {
                tracing::warn!(error = %e.without_url(), "SMS gateway unreachable");
                DeliveryError::transient("SMS-шлюз временно недоступен, повторяем отправку")
            })?;
        if !response.status().is_success() {
            return Err(DeliveryError::transient("SMS-шлюз временно недоступен, повторяем отправку"));
        }
        let answer: Answer = response
            .json()
            .await
            .map_err(|_| DeliveryError::transient("SMS-шлюз ответил непонятно, повторяем отправку"))?;
        if answer.status != "OK" {
            return Err(explain(answer.status_code));
        }
        match answer.sms.get(number) {
            Some(n) if n.status == "OK" => Ok(()),
            Some(n) => Err(explain(n.status_code)),
            None => Err(DeliveryError::transient("SMS-шлюз не подтвердил отправку, повторяем")),
        }
    }
}

/// SMS.ru status codes as the customer should read them. Codes that retrying cannot fix
/// stop the retries.
pub fn explain(code: i64) -> DeliveryError {
    match code {
        202 | 207 => {
            DeliveryError::permanent("Не удалось отправить SMS: номер телефона указан неверно или недоступен")
        }
        209 => DeliveryError::permanent("Не удалось отправить SMS: номер в стоп-листе оператора"),
        200 | 300 | 301 | 302 => DeliveryError::permanent(
            "SMS сейчас не отправляются из-за настройки портала. Зарегистрируйтесь по электронной почте или обратитесь в поддержку",
        ),
        201 => DeliveryError::permanent(
            "SMS временно не отправляются (у портала закончился баланс). Зарегистрируйтесь по электронной почте или попробуйте позже",
        ),
        204 => DeliveryError::permanent(
            "SMS сейчас не отправляются: имя отправителя не согласовано. Зарегистрируйтесь по электронной почте или обратитесь в поддержку",
        ),
        206 | 230 | 231 | 232 | 233 => DeliveryError::permanent(
            "Превышен лимит SMS на этот номер на сегодня. Попробуйте завтра или используйте электронную почту",
        ),
        _ => DeliveryError::transient("SMS-шлюз временно недоступен, повторяем отправку"),
    }
}
