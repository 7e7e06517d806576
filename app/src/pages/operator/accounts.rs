//! `/operator/accounts`: find a personal account by its number, at any provider. The search
//! is a plain GET form to this page (`?number=…`): the server finds and renders the hits,
//! with or without script; the island only checks the number as it is typed.

use crate::components::{Notice, NoticeKind, OperatorLayout, RequireOperator, TextField};
use crate::domain::AccountNumber;
use crate::hydration::Live;
use crate::operator::api::find_accounts;
use crate::operator::model::AccountHit;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OperatorAccountsPage() -> impl IntoView {
    let number = use_query_map().with_untracked(|q| q.get("number"));
    view! {
        <Title text="Лицевые счета" />
        <RequireOperator view=move |login| {
            let hits = number.clone().map(|n| Resource::new(move || n.clone(), find_accounts));
            view! {
                <OperatorLayout login title="Лицевые счета">
                    <section class="card" aria-labelledby="find-title">
                        <h2 id="find-title">"Кто подключил лицевой счёт"</h2>
                        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                            {move || { let number = number.clone(); Suspend::new(async move {
                                let (found, refused) = match hits {
                                    Some(hits) => match hits.await {
                                        Ok(found) => (Some(found), None),
                                        Err(e) => (None, Some(e.for_field("number").unwrap_or_else(|| e.message_ru()))),
                                    },
                                    None => (None, None),
                                };
                                view! {
                                    <SearchForm number=number.clone().unwrap_or_default() refused />
                                    {found.map(|hits| view! { <Hits hits /> })}
                                }
                            })}}
                        </Suspense>
                    </section>
                </OperatorLayout>
            }
        } />
    }
}

#[island(lazy)]
fn SearchForm(number: String, refused: Option<String>) -> impl IntoView {
    let number = RwSignal::new(number);
    let tried = RwSignal::new(false);
    let error = Signal::derive(move || {
        let live =
            tried.get().then(|| AccountNumber::parse(&number.get()).err().map(|e| e.to_string())).flatten();
        live.or_else(|| refused.clone())
    });
    // A valid number goes on as the GET it is (page.js swaps the answer in without a load).
    view! { <Live no_script=true>
        <form class="form" method="get" action="/operator/accounts" novalidate on:submit=move |ev| {
            tried.set(true);
            if AccountNumber::parse(&number.get()).is_err() {
                ev.prevent_default();
            }
        }>
            <TextField name="number" label="Номер лицевого счёта" value=number error inputmode="numeric".to_owned() />
            <button type="submit" class="btn btn-primary">"Найти"</button>
        </form>
    </Live> }
}

#[component]
fn Hits(hits: Vec<AccountHit>) -> impl IntoView {
    if hits.is_empty() {
        return view! {
            <Notice kind=NoticeKind::Info>"Лицевой счёт с таким номером не найден ни у одного поставщика."</Notice>
        }
        .into_any();
    }
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
    }
    .into_any()
}
