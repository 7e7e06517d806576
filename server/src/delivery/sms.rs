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
        let body = response
            .bytes()
            .await
            .map_err(|_| DeliveryError::transient("SMS-шлюз временно недоступен, повторяем отправку"))?;
        read_answer(&body, number)
    }
}

/// SMS.ru's JSON answer to a message for `number` (digits, no `+`).
fn read_answer(body: &[u8], number: &str) -> Result<(), DeliveryError> {
    let answer: Answer = serde_json::from_slice(body)
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const NUMBER: &str = "79123456789";

    #[test]
    fn answers_read_as_sms_ru_means_them() {
        let ok = json!({"status": "OK", "status_code": 100, "sms": {NUMBER: {"status": "OK", "status_code": 100}}});
        assert!(read_answer(ok.to_string().as_bytes(), NUMBER).is_ok());
        let wrong = json!({"status": "OK", "sms": {NUMBER: {"status": "ERROR", "status_code": 202}}});
        assert!(read_answer(wrong.to_string().as_bytes(), NUMBER).unwrap_err().permanent);
        let refused = json!({"status": "ERROR", "status_code": 201});
        assert!(read_answer(refused.to_string().as_bytes(), NUMBER).unwrap_err().permanent);
        assert!(!read_answer(b"<html>", NUMBER).unwrap_err().permanent);
        assert!(!read_answer(br#"{"status":"OK","sms":{}}"#, NUMBER).unwrap_err().permanent);
    }

    /// Property tests (`proptest`): no gateway answer panics the reader, and the verdict is
    /// the one the answer gives. `scripts/fuzz.sh` runs them with a million cases each.
    mod proptests {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                prop::sample::select(vec!["OK", "ERROR", "status", "status_code", "sms", NUMBER, ""])
                    .prop_map(str::to_owned),
                proptest::collection::vec(any::<char>(), 0..2000).prop_map(String::from_iter),
            ]
        }

        /// Any JSON, with SMS.ru's field names and values common among it.
        fn json_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                (100i64..300).prop_map(Value::from),
                any::<f64>().prop_map(Value::from),
                text().prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 64, 8, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                    proptest::collection::btree_map(text(), inner, 0..6)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        fn is_permanent(code: i64) -> bool {
            matches!(code, 200..=202 | 204 | 206 | 207 | 209 | 230..=233 | 300..=302)
        }

        proptest! {
            #[test]
            fn any_bytes_are_an_answer_or_a_transient_failure(body in proptest::collection::vec(any::<u8>(), 0..4000)) {
                if let Err(e) = read_answer(&body, NUMBER) {
                    prop_assert!(!e.reason_ru.is_empty());
                }
            }

            #[test]
            fn any_json_is_read_without_panicking(body in json_value()) {
                let raw = body.to_string();
                let verdict = read_answer(raw.as_bytes(), NUMBER);
                // Success needs both OKs.
                if verdict.is_ok() {
                    prop_assert_eq!(body["status"].as_str(), Some("OK"));
                    prop_assert_eq!(body["sms"][NUMBER]["status"].as_str(), Some("OK"));
                }
            }

            #[test]
            fn the_verdict_is_the_answers(
                overall in prop::sample::select(vec!["OK", "ERROR"]),
                overall_code in prop_oneof![any::<i64>(), 100i64..400],
                mine in prop::option::of((prop::sample::select(vec!["OK", "ERROR"]), prop_oneof![any::<i64>(), 100i64..400])),
                others in proptest::collection::btree_map("7[0-9]{10}", Just(json!({"status": "OK", "status_code": 100})), 0..3),
            ) {
                let mut sms: serde_json::Map<String, Value> = others.into_iter().collect();
                if let Some((status, code)) = mine {
                    sms.insert(NUMBER.to_owned(), json!({"status": status, "status_code": code}));
                } else {
                    sms.remove(NUMBER);
                }
                let body = json!({"status": overall, "status_code": overall_code, "sms": sms}).to_string();
                let verdict = read_answer(body.as_bytes(), NUMBER);
                match (overall, mine) {
                    ("OK", Some(("OK", _))) => prop_assert!(verdict.is_ok()),
                    ("OK", Some((_, code))) => prop_assert_eq!(verdict.unwrap_err().permanent, is_permanent(code)),
                    ("OK", None) => prop_assert!(!verdict.unwrap_err().permanent),
                    (_, _) => prop_assert_eq!(verdict.unwrap_err().permanent, is_permanent(overall_code)),
                }
            }
        }
    }
}
