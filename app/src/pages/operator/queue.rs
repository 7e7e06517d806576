//! `/operator`: the queue. Questions waiting for an answer and PIN requests, the
//! longest-waiting first; a PIN is issued (once the operator ticks that the requester's
//! identity was checked) or declined right here. A request shows who asks: login, the name
//! in their profile and when they bound the account, beside the account's owner. Below,
//! payments the acquirer reported for another amount or currency (never credited).

use crate::components::{Notice, NoticeKind, OperatorLayout, RequireOperator};
use crate::domain::pin_request::DeclineReason;
use crate::domain::time::format_datetime_msk;
use crate::form_replay::{ActionField, FormReplay, page_replay};
use crate::hydration::{Live, is_live};
use crate::operator::api::{DeclinePin, IssuePin, operator_queue};
use crate::operator::model::{IDENTITY_CHECKED_LABEL, PaymentProblem, QueuedPinRequest, QueuedTicket};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const ISSUE: &str = "operator/pin_issue";
const DECLINE: &str = "operator/pin_decline";

#[component]
pub fn OperatorQueuePage() -> impl IntoView {
    let replay = page_replay();
    // Without script, a PIN issued or declined leads here again with `?done=`.
    let done = use_query_map().with_untracked(|q| q.get("done"));
    view! {
        <Title text="Пульт оператора" />
        <RequireOperator view=move |login| view! {
            <OperatorLayout login title="Очередь">
                <QueueView replay done />
            </OperatorLayout>
        } />
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Issue,
    Decline,
}

/// The last PIN request an operator acted on: its id, the customer's login, what was done.
type Target = RwSignal<Option<(i64, String, Act)>>;

#[island(lazy)]
fn QueueView(replay: Option<FormReplay>, done: Option<String>) -> impl IntoView {
    let issue = ServerAction::<IssuePin>::new();
    let decline = ServerAction::<DeclinePin>::new();
    let target: Target = RwSignal::new(None);
    // What this page was rendered with (the no-script way), until the operator acts again.
    let before = match (done.as_deref(), replay.as_ref().map(|r| &r.error)) {
        (_, Some(e)) if e.for_field("reason").is_none() && e.for_field("identity_checked").is_none() => {
            Some((NoticeKind::Error, e.message_ru()))
        }
        (Some("issued"), _) => Some((
            NoticeKind::Success,
            "Новый PIN-код отправлен клиенту. Оператору он не показывается и хранится только в виде хэша."
                .to_owned(),
        )),
        (Some("declined"), _) => {
            Some((NoticeKind::Success, "Клиенту отправлен отказ с причиной.".to_owned()))
        }
        _ => None,
    };
    let queue = Resource::new(move || (issue.version().get(), decline.version().get()), |_| operator_queue());
    let outcome = move || {
        let (_, login, act) = target.get()?;
        let result = match act {
            Act::Issue => issue.value().get()?,
            Act::Decline => decline.value().get()?,
        };
        match (act, result) {
            (Act::Issue, Ok(())) => Some((
                NoticeKind::Success,
                format!(
                    "Новый PIN-код отправлен клиенту на {login}. Оператору он не показывается и хранится только в виде хэша."
                ),
            )),
            (Act::Decline, Ok(())) => {
                Some((NoticeKind::Success, format!("Клиенту {login} отправлен отказ с причиной.")))
            }
            // A wrong reason, or a missing identity check, is shown next to its field.
            (_, Err(e)) if e.for_field("reason").is_some() || e.for_field("identity_checked").is_some() => {
                None
            }
            (_, Err(e)) => Some((NoticeKind::Error, e.message_ru())),
        }
    };
    let shown = move || outcome().or_else(|| target.with(Option::is_none).then(|| before.clone()).flatten());
    view! { <Live no_script=true>
        {move || shown().map(|(kind, text)| view! { <Notice kind>{text}</Notice> })}
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || { let replay = replay.clone(); Suspend::new(async move {
                queue.await.map(|q| view! {
                    <section class="card" aria-labelledby="queue-tickets">
                        <h2 id="queue-tickets">{format!("Вопросы в поддержку: {}", q.tickets_waiting)}</h2>
                        <MoreWaiting shown=q.tickets.len() waiting=q.tickets_waiting />
                        {if q.tickets.is_empty() {
                            view! { <p class="lead">"Все вопросы отвечены."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="queue-list">
                                    {q.tickets.into_iter().map(|t| view! { <TicketRow ticket=t /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="card" aria-labelledby="queue-pins">
                        <h2 id="queue-pins">{format!("Запросы PIN-кода: {}", q.pin_requests_waiting)}</h2>
                        <MoreWaiting shown=q.pin_requests.len() waiting=q.pin_requests_waiting />
                        {if q.pin_requests.is_empty() {
                            view! { <p class="lead">"Новых запросов нет."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="queue-list">
                                    {q.pin_requests.into_iter().map(|r| {
                                        // A refused post without script belongs to one row.
                                        let replay = replay.clone().filter(|p| p.value("request_id") == r.id.to_string());
                                        view! { <PinRequestRow request=r issue decline target replay /> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <PaymentProblems problems=q.payment_problems total=q.payment_problems_total />
                })
            })}}
        </Suspense>
    </Live> }
    .into_any()
}

/// When more wait than the page lists: the rest move up as these are dealt with.
#[component]
fn MoreWaiting(shown: usize, waiting: i64) -> impl IntoView {
    (waiting > shown as i64).then(|| {
        view! {
            <p class="field-hint">
                {format!("Показаны {shown} самых давних. Остальные появятся здесь, когда эти будут обработаны.")}
            </p>
        }
    })
}

/// Payments the acquirer reported for another amount or currency: not credited, for an
/// operator to sort out with the customer and the acquirer. Newest first.
#[component]
fn PaymentProblems(problems: Vec<PaymentProblem>, total: i64) -> impl IntoView {
    let shown = problems.len();
    view! {
        <section class="card" aria-labelledby="queue-payments">
            <h2 id="queue-payments">{format!("Платежи требуют проверки: {total}")}</h2>
            {(total > shown as i64).then(|| view! {
                <p class="field-hint">{format!("Показаны {shown} самых новых; все — в moygaz export payments --problems.")}</p>
            })}
            {if problems.is_empty() {
                view! { <p class="lead">"Расхождений с банком нет."</p> }.into_any()
            } else {
                view! {
                    <ul class="queue-list">
                        {problems.into_iter().map(|p| view! {
                            <li class="queue-item payment-problem">
                                <div class="queue-body">
                                    <span class="queue-title">{format!("Лицевой счёт № {} · {}", p.number, p.provider)}</span>
                                    <span class="queue-meta">{format!(
                                        "Клиент: {} · платёж {} от {}",
                                        p.customer_login.as_deref().unwrap_or("кабинет удалён"),
                                        p.public_id,
                                        format_datetime_msk(p.created_at),
                                    )}</span>
                                    <span class="queue-meta">{format!(
                                        "Сумма платежа: {} · банк сообщил: {} · {}",
                                        p.amount.format_rub(),
                                        p.reported(),
                                        format_datetime_msk(p.attention_at),
                                    )}</span>
                                    <span class="badge badge-failed">"Не зачислен"</span>
                                </div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn TicketRow(ticket: QueuedTicket) -> impl IntoView {
    let who = if ticket.from_customer { "из личного кабинета" } else { "без входа" };
    view! {
        <li class="queue-item">
            <a class="queue-link" href=format!("/operator/tickets/{}", ticket.id)>
                <span class="queue-title">{format!("№ {} · {}", ticket.id, ticket.topic)}</span>
                <span class="queue-meta">{format!("{} · {} · ждёт с {}", ticket.contact, who, format_datetime_msk(ticket.updated_at))}</span>
                <span class="queue-excerpt">{ticket.excerpt}</span>
            </a>
        </li>
    }
}

#[component]
fn PinRequestRow(
    request: QueuedPinRequest,
    issue: ServerAction<IssuePin>,
    decline: ServerAction<DeclinePin>,
    target: Target,
    /// This row's form refused without script.
    replay: Option<FormReplay>,
) -> impl IntoView {
    let id = request.id;
    let login = request.customer_login.clone();
    let live = is_live();
    let replayed = |action: &str| replay.clone().filter(|r| r.action == action);
    let (issue_replay, decline_replay) = (replayed(ISSUE), replayed(DECLINE));
    let declining = RwSignal::new(decline_replay.is_some());
    let reason = RwSignal::new(decline_replay.as_ref().map(|r| r.value("reason")).unwrap_or_default());
    let (issue_refused, decline_refused) = (issue_replay.map(|r| r.error), decline_replay.map(|r| r.error));
    let tried = RwSignal::new(false);
    let reason_error = Signal::derive(move || {
        let live =
            tried.get().then(|| DeclineReason::parse(&reason.get()).err().map(|e| e.to_string())).flatten();
        let server = match target.get().map(|(t, _, act)| (t, act)) {
            Some(acted) if acted == (id, Act::Decline) => decline.value().get().and_then(Result::err),
            Some(_) => None,
            None => decline_refused.clone(),
        };
        live.or_else(|| server.and_then(|e| e.for_field("reason")))
    });
    // The server decides (and says so next to the checkbox); ticking it clears the message.
    let checked = RwSignal::new(false);
    let checked_error = Signal::derive(move || {
        let server = match target.get().map(|(t, _, act)| (t, act)) {
            _ if checked.get() => None,
            Some(acted) if acted == (id, Act::Issue) => issue.value().get().and_then(Result::err),
            Some(_) => None,
            None => issue_refused.clone(),
        };
        server.and_then(|e| e.for_field("identity_checked"))
    });
    let busy = move || issue.pending().get() || decline.pending().get();
    let (issue_login, decline_login) = (login.clone(), login.clone());
    let name = request.customer_name.clone().unwrap_or_else(|| "не указано".to_owned());
    let bound = request
        .bound_at
        .map(|at| format!("подключил счёт {}", format_datetime_msk(at)))
        .unwrap_or_else(|| "счёт уже не подключён".to_owned());
    view! {
        <li class="queue-item">
            <div class="queue-body">
                <span class="queue-title">{format!("Лицевой счёт № {} · {}", request.number, request.provider)}</span>
                <span class="queue-meta">{format!("Владелец: {} · запросил {} · {}", request.owner, request.customer_login, format_datetime_msk(request.created_at))}</span>
                <span class="queue-meta">{format!("Имя в профиле заявителя: {name} · {bound}")}</span>
                <a class="queue-meta" href=format!("/operator/accounts/{}", request.account_id)>"Кто подключил этот счёт"</a>
            </div>
            <form class="pin-issue" method="post" action="/operator" novalidate on:submit=move |ev| {
                ev.prevent_default();
                target.set(Some((id, issue_login.clone(), Act::Issue)));
                issue.dispatch(IssuePin { request_id: id, identity_checked: checked.get_untracked() });
            }>
                <ActionField endpoint=ISSUE />
                <input type="hidden" name="request_id" value=id />
                <div class="field form-follow" class:field-invalid=move || checked_error.with(Option::is_some)>
                    <label class="checkbox">
                        <input type="checkbox" id=format!("identity-{id}") name="identity_checked" value="true"
                            prop:checked=checked on:change=move |ev| checked.set(event_target_checked(&ev))
                            aria-invalid=move || if checked_error.with(Option::is_some) { "true" } else { "false" } />
                        <span>{IDENTITY_CHECKED_LABEL}</span>
                    </label>
                    {move || checked_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <div class="queue-actions">
                    <button type="submit" class="btn btn-primary" disabled=busy>"Выдать новый PIN-код"</button>
                    // Without script the refusal form below is always there.
                    <button type="button" class="btn btn-secondary" class:hidden=move || !live.get() disabled=busy
                        on:click=move |_| declining.update(|d| *d = !*d)>
                        "Отклонить"
                    </button>
                </div>
            </form>
            <Show when=move || declining.get() || !live.get()>
                <form class="form form-follow" method="post" action="/operator" novalidate on:submit={
                    let decline_login = decline_login.clone();
                    move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        tried.set(true);
                        if DeclineReason::parse(&reason.get()).is_ok() {
                            target.set(Some((id, decline_login.clone(), Act::Decline)));
                            decline.dispatch(DeclinePin { request_id: id, reason: reason.get() });
                        }
                    }
                }>
                    <ActionField endpoint=DECLINE />
                    <input type="hidden" name="request_id" value=id />
                    <div class="field" class:field-invalid=move || reason_error.with(Option::is_some)>
                        <label class="field-label" for=format!("reason-{id}")>"Причина отказа (её получит клиент)"</label>
                        <textarea class="field-input field-textarea" id=format!("reason-{id}") name="reason" rows="2"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))
                            aria-invalid=move || if reason_error.with(Option::is_some) { "true" } else { "false" }>{reason.get_untracked()}</textarea>
                        {move || reason_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <button type="submit" class="btn btn-danger" disabled=busy>"Отклонить запрос"</button>
                </form>
            </Show>
        </li>
    }
    .into_any()
}
