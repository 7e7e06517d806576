//! Seed steps 5–7: `Подключить лицевой счёт` — choose the provider, type the number from
//! the receipt, see the congratulations, and (for the extended version) the control question.

use crate::accounts::api::{BindAccount, list_providers};
use crate::accounts::model::{Access, BindOutcome, ProviderOption};
use crate::components::field::{adopt_checked, skip_first_run};
use crate::components::{CabinetLayout, ControlQuestionDialog, Notice, NoticeKind, RequireUser, TextField};
use crate::domain::{AccountNumber, AccountNumberError};
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::{Live, go_to};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BindAccountPage() -> impl IntoView {
    view! {
        <Title text="Подключить лицевой счёт" />
        <RequireUser view=|user| view! {
            <CabinetLayout login=user.login title="Подключить лицевой счёт">
                <section class="card">
                    <BindAccountFlow page="/accounts/bind".to_owned() replay=replay_for(BIND) />
                </section>
            </CabinetLayout>
        } />
    }
}

pub const BIND: &str = "accounts/bind";

/// The whole binding flow in one card: the form, then the congratulations with the control
/// question on top. Used by `/accounts/bind` and by the cabinet of a customer without accounts.
/// Without script the form posts to `page`, and a binding goes on to the account's pages.
#[island(lazy)]
pub fn BindAccountFlow(page: String, replay: Option<FormReplay>) -> impl IntoView {
    let action = ServerAction::<BindAccount>::new();
    let asking = RwSignal::new(false);
    // Only success swaps the form for the congratulations: errors must not re-create the
    // form and lose what the customer typed.
    let done = Memo::new(move |_| action.value().get().and_then(Result::ok));
    Effect::new(move |_| {
        if let Some(outcome) = done.get() {
            asking.set(!outcome.already_bound && outcome.access == Access::Basic);
        }
    });
    // The form stays mounted (hidden) under the congratulations: unmounting it while its
    // own signals react to the same answer panicked on disposed values in the browser.
    view! { <Live no_script=true>
        <div class:hidden=move || done.with(Option::is_some)>
            <BindForm action done page replay />
        </div>
        {move || done.get().map(|outcome| {
            let account_id = outcome.account_id;
            let headline = if outcome.already_bound {
                format!("Лицевой счёт № {} уже подключён к вашему кабинету.", outcome.number)
            } else {
                format!("Поздравляем! Лицевой счёт № {} подключён.", outcome.number)
            };
            view! {
                <div class="done">
                    <div class="success-mark" aria-hidden="true">"✓"</div>
                    <h2 class="done-title">{headline}</h2>
                    <p class="lead">{format!("Поставщик услуг: {}", outcome.provider)}</p>
                    <p class="lead">"Теперь можно оплачивать газ и передавать показания. Чтобы видеть владельца, историю начислений и показания, подключите расширенную версию."</p>
                    <div class="actions">
                        <a class="btn btn-primary" href=format!("/accounts/{account_id}")>"Открыть лицевой счёт"</a>
                        <button type="button" class="btn btn-secondary" on:click=move |_| action.value().set(None)>
                            "Подключить ещё"
                        </button>
                    </div>
                    <Show when=move || asking.get()>
                        <ControlQuestionDialog
                            account_id
                            on_close=Callback::new(move |_| asking.set(false))
                            on_success=Callback::new(move |_| {
                                go_to(&format!("/accounts/{account_id}"));
                            })
                        />
                    </Show>
                </div>
            }
        })}
    </Live> }
}

#[component]
fn BindForm(
    action: ServerAction<BindAccount>,
    done: Memo<Option<BindOutcome>>,
    page: String,
    replay: Option<FormReplay>,
) -> impl IntoView {
    let providers = Resource::new(|| (), |_| list_providers());
    let server_error = shown_error(action, replay.as_ref());
    let provider = RwSignal::new(replay.as_ref().and_then(|r| r.value("provider").parse::<i64>().ok()));
    let number = RwSignal::new(replay.map(|r| r.value("number")).unwrap_or_default());
    let submitted = RwSignal::new(false);
    // `Подключить ещё` brings back an empty form.
    Effect::new(move |was_done: Option<bool>| {
        let is_done = done.with(Option::is_some);
        if was_done == Some(true) && !is_done {
            number.set(String::new());
            provider.set(None);
            submitted.set(false);
        }
        is_done
    });

    let provider_error = Signal::derive(move || {
        server_error.get().and_then(|e| e.for_field("provider")).or_else(|| {
            (submitted.get() && provider.get().is_none()).then(|| crate::domain::NoProviderChosen.to_string())
        })
    });
    let number_error = Signal::derive(move || {
        let live = match AccountNumber::parse(&number.get()) {
            Err(AccountNumberError::Empty) if !submitted.get() => None,
            Err(e) => Some(e.to_string()),
            Ok(_) => None,
        };
        live.or_else(|| server_error.get().and_then(|e| e.for_field("number")))
    });
    let number_hint = Signal::derive(move || {
        Some(match AccountNumber::parse(&number.get()) {
            Ok(n) if n.as_str() != number.get().trim() => format!("Номер в портале: {n}"),
            _ => "Как на квитанции, например 023-185952 — в портале это 23185952".to_owned(),
        })
    });
    let general = move || {
        server_error
            .get()
            .filter(|e| e.for_field("provider").is_none() && e.for_field("number").is_none())
            .map(|e| e.message_ru())
    };
    view! {
        <form class="form" method="post" action=page novalidate on:submit=move |ev| {
            ev.prevent_default();
            submitted.set(true);
            if let (Some(p), Ok(_)) = (provider.get(), AccountNumber::parse(&number.get())) {
                action.dispatch(BindAccount { provider: p.to_string(), number: number.get() });
            }
        }>
            <ActionField endpoint=BIND />
            <Suspense fallback=|| view! { <p class="loading">"Загрузка списка поставщиков…"</p> }>
                {move || Suspend::new(async move {
                    providers.await.map(|list| view! { <ProviderPicker list selected=provider error=provider_error /> })
                })}
            </Suspense>
            <TextField
                name="number"
                label="Номер лицевого счёта"
                value=number
                error=number_error
                hint=number_hint
                inputmode="numeric"
                autocomplete="off"
            />
            {move || general().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
            <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                "Подключить лицевой счёт"
            </button>
        </form>
    }
    .into_any()
}

/// `Поставщик услуг`: radio buttons with a search box above, so a long regional list is
/// quick to narrow on a phone (and still a plain form field without JavaScript).
#[component]
fn ProviderPicker(
    list: Vec<ProviderOption>,
    selected: RwSignal<Option<i64>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let searchable = list.len() > 5;
    let options = list
        .into_iter()
        .map(|p| {
            let id = p.id;
            let haystack = fold(&format!("{} {}", p.name, p.region));
            let hidden = move || !query.with(|q| haystack.contains(&fold(q)));
            let input = NodeRef::<leptos::html::Input>::new();
            adopt_checked(input, move || selected.set(Some(id)));
            view! {
                <label class="choice" class:hidden=hidden>
                    <input
                        type="radio"
                        name="provider"
                        value=id.to_string()
                        node_ref=input
                        checked=selected.get_untracked() == Some(id)
                        prop:checked=skip_first_run(move || selected.get() == Some(id))
                        on:change=move |_| selected.set(Some(id))
                    />
                    <span class="choice-text">
                        <span class="choice-title">{p.name}</span>
                        <span class="choice-sub">{p.region}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" class:field-invalid=move || error.with(Option::is_some) aria-describedby="provider-error">
            <legend class="field-label">"Поставщик услуг"</legend>
            <Show when=move || searchable>
                <input
                    type="search"
                    class="field-input"
                    placeholder="Найти по названию или региону"
                    aria-label="Найти поставщика услуг"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </Show>
            <div class="choices choices-scroll">{options}</div>
            {move || error.get().map(|e| view! { <p class="field-error" id="provider-error">{e}</p> })}
        </fieldset>
    }
}

/// Case- and `ё`-insensitive search text.
fn fold(s: &str) -> String {
    s.to_lowercase().replace('ё', "е")
}
