//! One personal account as a card: what a payer needs (basic access shows no more).

use crate::accounts::model::{Access, AccountSummary};
use leptos::prelude::*;

#[component]
pub fn AccountCard(
    account: AccountSummary,
    /// A link to the account's own page (not on that page itself).
    #[prop(default = true)]
    link: bool,
) -> impl IntoView {
    let id = account.account_id;
    let (badge_class, badge) = match account.access {
        Access::Basic => ("badge", "Базовый доступ"),
        Access::Extended => ("badge badge-extended", "Расширенный доступ"),
    };
    let (debt_label, debt_class) = match account.debt.0 {
        d if d > 0 => ("Текущий долг", "money money-debt"),
        0 => ("Задолженности нет", "money"),
        _ => ("Переплата", "money money-credit"),
    };
    let debt = if account.debt.0 < 0 {
        crate::domain::Kopecks(-account.debt.0).format_rub()
    } else {
        account.debt.format_rub()
    };
    view! {
        <article class="card account-card" data-account=id.to_string()>
            <div class="account-head">
                <span class="account-provider">{account.provider}</span>
                <span class=badge_class>{badge}</span>
            </div>
            <h2 class="account-number">
                {if link {
                    view! { <a href=format!("/accounts/{id}")>{format!("Лицевой счёт № {}", account.number)}</a> }.into_any()
                } else {
                    view! { <span>{format!("Лицевой счёт № {}", account.number)}</span> }.into_any()
                }}
            </h2>
            <p class="account-address">{account.address}</p>
            <p class="account-debt">
                <span class="account-debt-label">{debt_label}</span>
                <strong class=debt_class>{debt}</strong>
            </p>
            <div class="actions">
                <a class="btn btn-primary" href=format!("/accounts/{id}/pay")>"Оплатить"</a>
                <a class="btn btn-secondary" href=format!("/accounts/{id}/readings")>"Передать показания"</a>
                {link.then(|| view! { <a class="account-more" href=format!("/accounts/{id}")>"Подробнее о счёте"</a> })}
            </div>
        </article>
    }
}
