//! `/operator/accounts`: find a personal account by its number, at any provider.

use crate::components::{Notice, NoticeKind, OperatorLayout, RequireOperator, TextField};
use crate::domain::AccountNumber;
use crate::hydration::Live;
use crate::operator::api::FindAccounts;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OperatorAccountsPage() -> impl IntoView {
    view! {
        <Title text="Лицевые счета" />
        <RequireOperator view=|login| view! {
            <OperatorLayout login title="Лицевые счета">
                <Search />
            </OperatorLayout>
        } />
    }
}

#[island(lazy)]
fn Search() -> impl IntoView {
    let find = ServerAction::<FindAccounts>::new();
    let number = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let error = Signal::derive(move || {
        let live =
            tried.get().then(|| AccountNumber::parse(&number.get()).err().map(|e| e.to_string())).flatten();
        live.or_else(|| {
            find.value()
                .get()
                .and_then(Result::err)
                .map(|e| e.for_field("number").unwrap_or_else(|| e.message_ru()))
        })
    });
    view! { <Live>
        <section class="card" aria-labelledby="find-title">
            <h2 id="find-title">"Кто подключил лицевой счёт"</h2>
            <form class="form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                tried.set(true);
                if AccountNumber::parse(&number.get()).is_ok() {
                    find.dispatch(FindAccounts { number: number.get() });
                }
            }>
                <TextField name="number" label="Номер лицевого счёта" value=number error inputmode="numeric".to_owned() />
                <button type="submit" class="btn btn-primary" disabled=move || find.pending().get()>"Найти"</button>
            </form>
            {move || find.value().get().and_then(Result::ok).map(|hits| {
                if hits.is_empty() {
                    view! { <Notice kind=NoticeKind::Info>"Лицевой счёт с таким номером не найден ни у одного поставщика."</Notice> }.into_any()
                } else {
                    view! {
                        <ul class="queue-list">
                            {hits.into_iter().map(|h| view! {
                                <li class="queue-item">
                                    <a class="queue-link" href=format!("/operator/accounts/{}", h.account_id)>
                                        <span class="queue-title">{format!("№ {} · {}", h.number, h.provider)}</span>
                                        <span class="queue-meta">{format!("Владелец: {} · подключений: {}", h.owner, h.bindings)}</span>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </section>
    </Live> }
    .into_any()
}
