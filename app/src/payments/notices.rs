//! What a customer is told when a payment ends: credited, or not made.

use super::repo::AmountRow;
use crate::domain::Kopecks;
use crate::domain::notification::Kind;
use crate::notifications::service::Notice;

pub fn credited(payment: &AmountRow) -> Notice {
    let amount = Kopecks(payment.amount_kopecks).format_rub();
    Notice {
        kind: Kind::PaymentCredited,
        key: payment.public_id.clone(),
        title: format!("Платёж {amount} зачислен"),
        body: format!("Оплата {amount} по лицевому счёту {} зачислена. Спасибо!", payment.account_number),
        link: format!("/payments/{}", payment.public_id),
        provider_id: Some(payment.provider_id),
    }
}

pub fn failed(payment: &AmountRow) -> Notice {
    let amount = Kopecks(payment.amount_kopecks).format_rub();
    Notice {
        kind: Kind::PaymentFailed,
        key: payment.public_id.clone(),
        title: "Платёж не прошёл".into(),
        body: format!(
            "Оплата {amount} по лицевому счёту {} не прошла, деньги не списаны. Попробуйте оплатить ещё раз.",
            payment.account_number
        ),
        link: format!("/accounts/{}/pay", payment.account_id),
        provider_id: Some(payment.provider_id),
    }
}
