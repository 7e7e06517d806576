//! E-mail over SMTP with lettre (`smtp://` or `smtps://user:password@host:port`), a text part
//! and an HTML part, in Russian.

use super::DeliveryError;
use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
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
    ) -> Result<(), DeliveryError> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| DeliveryError::permanent("Адрес электронной почты не подходит для отправки"))?;
        let builder = Message::builder().from(self.from.clone()).to(to).subject(subject);
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
