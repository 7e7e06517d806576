//! The cabinet's home after sign-in and consent: the customer's personal accounts, or,
//! before the first one, the binding flow itself (seed step 5 comes right after consent).

use super::bind_account::{BIND, BindAccountFlow};
use crate::accounts::api::my_accounts;
use crate::accounts::model::AccountSummary;
use crate::components::{AccountCard, CabinetLayout, Notice, NoticeKind, RequireUser};
use crate::error::AppError;
use crate::form_replay::replay_for;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CabinetPage() -> impl IntoView {
    view! {
        <Title text="Личный кабинет" />
        <RequireUser view=move |user| {
            let accounts = Resource::new(|| (), |_| my_accounts());
            view! {
                <CabinetLayout login=user.login title="Личный кабинет">
                    <AccountList accounts />
                </CabinetLayout>
            }
        } />
    }
}

#[component]
fn AccountList(accounts: Resource<Result<Vec<AccountSummary>, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(list) if list.is_empty() => view! {
                        <section class="card" aria-labelledby="bind-title">
                            <h2 id="bind-title">"Подключите лицевой счёт"</h2>
                            <p class="lead">
                                "Чтобы оплачивать газ и передавать показания, выберите поставщика услуг и введите номер лицевого счёта с квитанции."
                            </p>
                            <BindAccountFlow page="/cabinet".to_owned() replay=replay_for(BIND) />
                        </section>
                    }.into_any(),
                    Ok(list) => view! {
                        <div class="account-list">
                            {list.into_iter().map(|account| view! { <AccountCard account /> }).collect_view()}
                        </div>
                        <a class="btn btn-secondary btn-add" href="/accounts/bind">"+ Подключить лицевой счёт"</a>
                    }.into_any(),
                    Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                }
            })}
        </Suspense>
    }
}
