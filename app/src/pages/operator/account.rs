//! `/operator/accounts/{id}`: the account, who has bound it at which access level (with
//! revoking), its access history from the audit log, and the security events of its
//! customers (sign-ins, wrong passwords, lockouts, password and login changes…).

use crate::accounts::model::Access;
use crate::components::{ConfirmDialog, Notice, NoticeKind, OperatorLayout, RequireOperator};
use crate::domain::time::format_datetime_msk;
use crate::error::AppError;
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::Live;
use crate::operator::api::{RevokeBinding, operator_account};
use crate::operator::model::{AccountView, BindingRow, SECURITY_EVENTS_LIMIT, action_label};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OperatorAccountPage() -> impl IntoView {
    view! {
        <Title text="Лицевой счёт" />
        <RequireOperator view=|login| view! {
            <OperatorLayout login title="Лицевой счёт">
                <AccountCardView
                    account_id=use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()))
                    replay=replay_for(REVOKE)
                />
            </OperatorLayout>
        } />
    }
}

const REVOKE: &str = "operator/revoke";

#[island(lazy)]
fn AccountCardView(account_id: Option<i64>, replay: Option<FormReplay>) -> impl IntoView {
    let revoke = ServerAction::<RevokeBinding>::new();
    let refused = shown_error(revoke, replay.as_ref());
    let account = Resource::new(
        move || (account_id, revoke.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => operator_account(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { <Live no_script=true>
        {move || match (revoke.value().get(), refused.get()) {
            (Some(Ok(())), _) => Some(view! { <Notice kind=NoticeKind::Success>"Привязка отменена, клиент уведомлён."</Notice> }.into_any()),
            (_, Some(e)) => Some(view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any()),
            _ => None,
        }}
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(a) => view! { <Account account=a revoke /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <section class="card">
                            <h2>"Лицевой счёт не найден"</h2>
                            <a class="btn btn-primary" href="/operator/accounts">"К поиску"</a>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                }
            })}
        </Suspense>
    </Live> }
}

#[component]
fn Account(account: AccountView, revoke: ServerAction<RevokeBinding>) -> impl IntoView {
    let number = account.number.clone();
    view! {
        <section class="card" aria-labelledby="account-title">
            <h2 id="account-title">{format!("№ {} · {}", account.number, account.provider)}</h2>
            <dl class="facts">
                <dt>"Владелец"</dt><dd>{account.owner}</dd>
                <dt>"Адрес"</dt><dd>{account.address}</dd>
                <dt>"Задолженность"</dt><dd>{account.debt.format_rub()}</dd>
            </dl>
        </section>
        <section class="card" aria-labelledby="bindings-title">
            <h2 id="bindings-title">{format!("Подключили: {}", account.bindings.len())}</h2>
            {if account.bindings.is_empty() {
                view! { <p class="lead">"Этот лицевой счёт не подключён ни к одному личному кабинету."</p> }.into_any()
            } else {
                view! {
                    <ul class="queue-list">
                        {account.bindings.into_iter().map(|b| view! { <BindingItem binding=b number=number.clone() revoke /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">"История доступа"</h2>
            <ul class="history">
                {account.history.into_iter().map(|h| view! {
                    <li>
                        <span class="queue-meta">{format!("{} · {}", format_datetime_msk(h.at), actor_label(&h.actor))}</span>
                        <span>{action_label(&h.action).to_owned()}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="security-title">
            <h2 id="security-title">"События безопасности клиентов"</h2>
            {if account.security_events.is_empty() {
                view! { <p class="lead">"Событий нет."</p> }.into_any()
            } else {
                view! {
                    <p class="field-hint">
                        {format!("Клиенты, подключавшие этот счёт: до {SECURITY_EVENTS_LIMIT} последних событий, новые сверху.")}
                    </p>
                    <ul class="history">
                        {account.security_events.into_iter().map(|e| view! {
                            <li>
                                <span class="queue-meta">{format!("{} · {}", format_datetime_msk(e.at), e.customer)}</span>
                                <span>{action_label(&e.action).to_owned()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

fn actor_label(actor: &str) -> String {
    actor.parse::<crate::domain::audit::Actor>().map(|a| a.label_ru()).unwrap_or_else(|_| "—".to_owned())
}

#[component]
fn BindingItem(binding: BindingRow, number: String, revoke: ServerAction<RevokeBinding>) -> impl IntoView {
    let asking = RwSignal::new(false);
    let id = binding.binding_id;
    let (level, badge) = match binding.access {
        Access::Extended => ("Расширенная версия", "badge badge-extended"),
        Access::Basic => ("Базовая версия", "badge"),
    };
    let question = format!("Отменить привязку счёта № {number} для {}?", binding.login);
    view! {
        <li class="queue-item">
            <div class="queue-body">
                <span class="queue-title">{binding.login.clone()}</span>
                <span class="queue-meta">{format!("подключён {}", format_datetime_msk(binding.since))}</span>
                <span class=badge>{level}</span>
            </div>
            // With script the button asks first; without, it revokes (the customer can bind again).
            <form class="queue-actions" method="post" on:submit=move |ev| {
                ev.prevent_default();
                asking.set(true);
            }>
                <ActionField endpoint=REVOKE />
                <input type="hidden" name="binding_id" value=id />
                <button type="submit" class="btn btn-secondary">"Отменить привязку"</button>
            </form>
            <ConfirmDialog
                open=asking
                id=format!("revoke-{id}")
                title=question
                text="Счёт исчезнет из кабинета клиента, клиент получит уведомление. Подключить его снова клиент сможет сам."
                confirm="Отменить привязку"
                on_confirm=Callback::new(move |_| {
                    asking.set(false);
                    revoke.dispatch(RevokeBinding { binding_id: id });
                })
            />
        </li>
    }
    .into_any()
}
