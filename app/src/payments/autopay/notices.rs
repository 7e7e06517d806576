//! What autopay tells a customer: the charge tomorrow, and a pause after two failures.

use crate::domain::Kopecks;
use crate::domain::bill::Period;
use crate::domain::notification::Kind;
use crate::notifications::service::Notice;

pub fn tomorrow(account_id: i64, number: &str, period: Period, amount: Kopecks, provider_id: i64) -> Notice {
    let amount = amount.format_rub();
    Notice {
        kind: Kind::AutopaySoon,
        key: format!("{account_id}:{period}"),
        title: format!("Завтра спишем {amount} за газ"),
        body: format!(
            "Завтра автоплатёж спишет {amount} по лицевому счёту {number} за {}. Отменить списание этого месяца можно на странице автоплатежа.",
            period.label()
        ),
        link: format!("/accounts/{account_id}/autopay"),
        provider_id: Some(provider_id),
    }
}

pub fn paused(account_id: i64, number: &str, period: Period, provider_id: i64) -> Notice {
    Notice {
        kind: Kind::AutopayPaused,
        key: format!("{account_id}:{period}"),
        title: "Автоплатёж приостановлен".into(),
        body: format!(
            "Списать оплату по лицевому счёту {number} за {} не удалось ни в выбранный день, ни на следующий. Деньги не списаны. Оплатите вручную и включите автоплатёж снова.",
            period.label()
        ),
        link: format!("/accounts/{account_id}/autopay"),
        provider_id: Some(provider_id),
    }
}
