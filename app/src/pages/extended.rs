//! `/accounts/{id}/extended`: the control question (seed step 9) as a page of its own. With
//! script it opens as a dialog over the binding or the account page; this page is where a
//! browser without script goes, after binding and from the account page's link.

use crate::accounts::api::get_account;
use crate::accounts::model::AccountDetails;
use crate::components::control_question_dialog::{ANSWER, REQUEST_PIN, TITLE};
use crate::components::{AccountScoped, ControlQuestionForm, Later, Notice, NoticeKind};
use crate::domain::time::format_datetime_msk;
use crate::form_replay::{FormReplay, replay_for};
use crate::hydration::{Live, go_to};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ExtendedAccessPage() -> impl IntoView {
    view! {
        <AccountScoped
            title="Расширенная версия"
            load=get_account
            body=|d| view! { <ExtendedAccessBody details=d /> }.into_any()
        />
    }
}

#[component]
fn ExtendedAccessBody(details: AccountDetails) -> impl IntoView {
    let account = details.summary;
    let id = account.account_id;
    let just_bound = use_query_map().with_untracked(|q| q.get("bound").as_deref() == Some("new"));
    view! {
        {just_bound.then(|| view! {
            <Notice kind=NoticeKind::Success>
                {format!("Поздравляем! Лицевой счёт № {} подключён. Поставщик услуг: {}.", account.number, account.provider)}
            </Notice>
        })}
        <section class="card" aria-labelledby="control-title">
            <h2 id="control-title">{TITLE}</h2>
            {details.pin_requested_at.map(|at| view! {
                <Notice kind=NoticeKind::Info>
                    {format!("Вы запросили PIN-код {}. Оператор пришлёт его на ваш логин.", format_datetime_msk(at))}
                </Notice>
            })}
            {match (details.extended.is_some(), details.control_locked_until) {
                (true, _) => view! {
                    <p class="lead">"Расширенная версия этого лицевого счёта уже подключена."</p>
                    <a class="btn btn-primary" href=format!("/accounts/{id}")>"Открыть лицевой счёт"</a>
                }.into_any(),
                (false, Some(until)) => view! {
                    <Notice kind=NoticeKind::Error>
                        {format!("Попытки ответа закончились. Ответить снова можно будет {}.", format_datetime_msk(until))}
                    </Notice>
                    <a class="btn btn-secondary" href=format!("/accounts/{id}")>"К лицевому счёту"</a>
                }.into_any(),
                (false, None) => view! {
                    <ExtendedAccessForm account_id=id answer_replay=replay_for(ANSWER) pin_replay=replay_for(REQUEST_PIN) />
                }.into_any(),
            }}
        </section>
    }
}

#[island(lazy)]
fn ExtendedAccessForm(
    account_id: i64,
    answer_replay: Option<FormReplay>,
    pin_replay: Option<FormReplay>,
) -> impl IntoView {
    view! { <Live no_script=true>
        <ControlQuestionForm
            account_id
            later=Later::Link(format!("/accounts/{account_id}"))
            on_success=Callback::new(move |_| go_to(&format!("/accounts/{account_id}")))
            answer_replay
            pin_replay
        />
    </Live> }
}
