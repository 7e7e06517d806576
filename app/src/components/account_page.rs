//! The frame of every page about one of the customer's accounts (`/accounts/{id}…`): the
//! sign-in guard, the id from the URL, loading, and one "not found" answer for ids that
//! are not this customer's (or not numbers).

use super::{CabinetLayout, Notice, NoticeKind, RequireUser};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Serialize, de::DeserializeOwned};
use std::future::Future;

#[component]
pub fn AccountScoped<T, Fut, L, V>(
    title: &'static str,
    /// Loads the page's data for the account id (a server function).
    load: L,
    /// Renders the loaded data.
    body: V,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    L: Fn(i64) -> Fut + Copy + Send + Sync + 'static,
    V: Fn(T) -> AnyView + Copy + Send + Sync + 'static,
{
    let params = use_params_map();
    let account_id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    view! {
        <Title text=title />
        // The data is asked for only once the guard has let the customer in.
        <RequireUser view=move |user| {
            let data = Resource::new(account_id, move |id| async move {
                match id {
                    Some(id) => load(id).await,
                    None => Err(AppError::NotFound),
                }
            });
            view! {
                <CabinetLayout login=user.login title=title>
                    <Loaded data body />
                </CabinetLayout>
            }
        } />
    }
}

#[component]
fn Loaded<T, V>(data: Resource<Result<T, AppError>>, body: V) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: Fn(T) -> AnyView + Copy + Send + Sync + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => body(d),
                    Err(AppError::NotFound) => view! {
                        <section class="card">
                            <h2>"Лицевой счёт не найден"</h2>
                            <p class="lead">"Такого лицевого счёта нет среди подключённых к вашему кабинету."</p>
                            <a class="btn btn-primary" href="/cabinet">"К моим лицевым счетам"</a>
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                }
            })}
        </Suspense>
    }
}
