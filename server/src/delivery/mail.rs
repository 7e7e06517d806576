//! E-mail over SMTP with lettre (`smtp://` or `smtps://user:password@host:port`), a text part
//! and an HTML part, in Russian; notification e-mails with their one-click unsubscribe
//! (RFC 8058).

use super::DeliveryError;
use app::domain::notification::Topic;
use app::notifications::unsubscribe::{UnsubscribeKey, parse_list};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// Fails on a malformed URL or sender address, naming the key (never the URL itself: it
    /// holds the password).
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|_| {
                anyhow::anyhow!(
                    "ошибка конфигурации в ключе `mail.smtp_url`: ожидается smtp://… или smtps://…"
                )
            })?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|_| anyhow::anyhow!("ошибка конфигурации в ключе `mail.from`: ожидается адрес, например Мой ГАЗ <noreply@example.ru>"))?;
        Ok(Mailer { transport, from })
    }

    pub async fn send(
        &self,
        to: &str,
        subject: &str,
        text: &str,
        html: Option<&str>,
        unsubscribe: Option<&Unsubscribe>,
    ) -> Result<(), DeliveryError> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| DeliveryError::permanent("Адрес электронной почты не подходит для отправки"))?;
        let mut builder = Message::builder().from(self.from.clone()).to(to).subject(subject);
        if let Some(link) = unsubscribe {
            builder =
                builder.header(ListUnsubscribe(format!("<{}>", link.one_click))).header(ListUnsubscribePost);
        }
        let message = match html {
            Some(html) => {
                builder.multipart(MultiPart::alternative_plain_html(text.to_owned(), html.to_owned()))
            }
            None => builder
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text.to_owned())),
        }
        .map_err(|_| DeliveryError::permanent("Не удалось составить письмо"))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => {
                tracing::warn!(error = %e, "SMTP server refused the message");
                Err(DeliveryError::permanent(
                    "Почтовый сервер не принял письмо для этого адреса. Проверьте адрес электронной почты",
                ))
            }
            Err(e) => {
                tracing::warn!(error = %e, "SMTP delivery failed");
                Err(DeliveryError::transient("Почтовый сервер временно недоступен, повторяем отправку"))
            }
        }
    }
}

/// Makes the unsubscribe links of notification e-mails: signed with the portal's key, on
/// the portal's public address.
#[derive(Clone)]
pub struct UnsubscribeLinks {
    key: UnsubscribeKey,
    base: String,
}

/// One e-mail's links: the page that asks first (for the reader), and the address mail
/// clients POST to on the reader's one click (`List-Unsubscribe`).
pub struct Unsubscribe {
    topic: Topic,
    pub page: String,
    pub one_click: String,
}

impl UnsubscribeLinks {
    pub fn new(key: UnsubscribeKey, public_url: &str) -> UnsubscribeLinks {
        UnsubscribeLinks { key, base: public_url.trim_end_matches('/').to_owned() }
    }

    /// For the outbox's `user_id:topic`; `None` for anything else.
    pub fn for_list(&self, list: &str) -> Option<Unsubscribe> {
        let (user_id, topic) = parse_list(list).filter(|(_, topic)| topic.is_optional())?;
        let page = format!("{}/unsubscribe/{}", self.base, self.key.token(user_id, topic));
        Some(Unsubscribe { topic, one_click: format!("{page}/one-click"), page })
    }
}

impl Unsubscribe {
    /// The text's last lines.
    pub fn footer(&self) -> String {
        format!("\n\nНе присылать писем «{}»: {}", self.topic.label(), self.page)
    }
}

#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// RFC 8058: the one click is a POST of `List-Unsubscribe=One-Click` to the link above.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}
