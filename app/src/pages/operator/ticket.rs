//! `/operator/tickets/{id}`: one question's thread, the answer (sent to the customer's
//! contact) and closing the ticket.

use crate::components::{Notice, NoticeKind, OperatorLayout, RequireOperator};
use crate::domain::support::MessageText;
use crate::domain::time::format_datetime_msk;
use crate::error::AppError;
use crate::form_replay::{ActionField, FormReplay, page_replay, shown_error};
use crate::hydration::Live;
use crate::operator::api::{AnswerTicket, CloseTicket, operator_ticket};
use crate::operator::model::TicketThread;
use crate::support::model::TicketStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const ANSWER: &str = "operator/answer";
const CLOSE: &str = "operator/close";

#[component]
pub fn OperatorTicketPage() -> impl IntoView {
    let replay = page_replay();
    // Without script, a sent answer leads here again with `?done=answered`.
    let answered = use_query_map().with_untracked(|q| q.get("done").as_deref() == Some("answered"));
    view! {
        <Title text="Обращение" />
        <RequireOperator view=move |login| view! {
            <OperatorLayout login title="Обращение в поддержку">
                <TicketView
                    ticket_id=use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()))
                    replay
                    answered
                />
            </OperatorLayout>
        } />
    }
}

#[island(lazy)]
fn TicketView(ticket_id: Option<i64>, replay: Option<FormReplay>, answered: bool) -> impl IntoView {
    let answer = ServerAction::<AnswerTicket>::new();
    let close = ServerAction::<CloseTicket>::new();
    let replayed = |action: &str| replay.clone().filter(|r| r.action == action);
    let (answer_replay, close_replay) = (replayed(ANSWER), replayed(CLOSE));
    let typed = answer_replay.as_ref().map(|r| r.value("text")).unwrap_or_default();
    let answer_error = shown_error(answer, answer_replay.as_ref());
    let close_error = shown_error(close, close_replay.as_ref());
    let thread = Resource::new(
        move || (ticket_id, answer.version().get(), close.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => operator_ticket(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { <Live no_script=true>
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || { let typed = typed.clone(); Suspend::new(async move {
                match thread.await {
                    Ok(t) => view! { <Thread thread=t answer close answer_error close_error typed answered /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <section class="card">
                            <h2>"Обращение не найдено"</h2>
                            <a class="btn btn-primary" href="/operator">"К очереди"</a>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                }
            })}}
        </Suspense>
    </Live> }
}

#[component]
fn Thread(
    thread: TicketThread,
    answer: ServerAction<AnswerTicket>,
    close: ServerAction<CloseTicket>,
    answer_error: Signal<Option<AppError>>,
    close_error: Signal<Option<AppError>>,
    /// What was typed into a refused answer without script.
    typed: String,
    /// Without script: the answer went out before this page.
    answered: bool,
) -> impl IntoView {
    let id = thread.id;
    let text = RwSignal::new(typed);
    let tried = RwSignal::new(false);
    let text_error = Signal::derive(move || {
        let live = tried
            .get()
            .then(|| MessageText::parse(&text.get()).err().map(|_| "Ответ — хотя бы 10 символов".to_owned()))
            .flatten();
        live.or_else(|| answer_error.get().and_then(|e| e.for_field("text")))
    });
    let general = move || {
        [answer_error.get(), close_error.get()]
            .into_iter()
            .flatten()
            .find_map(|e| e.for_field("text").is_none().then(|| e.message_ru()))
    };
    let sent = move || match answer.value().get() {
        Some(result) => result.is_ok(),
        None => answered,
    };
    let badge = match thread.status {
        TicketStatus::Answered => "badge badge-extended",
        _ => "badge",
    };
    let closed = thread.status == TicketStatus::Closed;
    let asker = match &thread.customer_login {
        Some(login) => format!("Клиент {login} (из личного кабинета)"),
        None => "Без входа в личный кабинет".to_owned(),
    };
    view! {
        <article class="card ticket">
            <div class="account-head">
                <strong>{format!("№ {} · {}", thread.id, thread.topic)}</strong>
                <span class=badge>{thread.status.label()}</span>
            </div>
            <p class="queue-meta">{format!("{asker} · ответ уйдёт на {} · создано {}", thread.contact, format_datetime_msk(thread.created_at))}</p>
            {thread.messages.into_iter().map(|m| view! {
                <div class="message" class:message-operator=m.from_operator>
                    <p class="message-meta">{format!("{} · {}", if m.from_operator { "Поддержка" } else { "Клиент" }, format_datetime_msk(m.created_at))}</p>
                    <p class="message-body">{m.body}</p>
                </div>
            }).collect_view()}
            {move || sent().then(|| view! { <Notice kind=NoticeKind::Success>"Ответ отправлен клиенту."</Notice> })}
            {move || general().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
            <form class="form form-follow" method="post" action=format!("/operator/tickets/{id}") novalidate on:submit=move |ev| {
                ev.prevent_default();
                tried.set(true);
                if MessageText::parse(&text.get()).is_ok() {
                    answer.dispatch(AnswerTicket { ticket_id: id, text: text.get() });
                    text.set(String::new());
                    tried.set(false);
                }
            }>
                <ActionField endpoint=ANSWER />
                <input type="hidden" name="ticket_id" value=id />
                <div class="field" class:field-invalid=move || text_error.with(Option::is_some)>
                    <label class="field-label" for="field-answer">"Ответ клиенту"</label>
                    <textarea class="field-input field-textarea" id="field-answer" name="text" rows="5"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                        aria-invalid=move || if text_error.with(Option::is_some) { "true" } else { "false" }>{text.get_untracked()}</textarea>
                    {move || text_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <div class="queue-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || answer.pending().get()>"Отправить ответ"</button>
                    // Submits the form below: a form cannot hold another.
                    {(!closed).then(|| view! {
                        <button type="submit" form="ticket-close" class="btn btn-secondary" disabled=move || close.pending().get()>
                            "Закрыть обращение"
                        </button>
                    })}
                </div>
            </form>
            <form id="ticket-close" method="post" action=format!("/operator/tickets/{id}") on:submit=move |ev| {
                ev.prevent_default();
                close.dispatch(CloseTicket { ticket_id: id });
            }>
                <ActionField endpoint=CLOSE />
                <input type="hidden" name="ticket_id" value=id />
            </form>
            <p class="card-links"><a href="/operator">"К очереди"</a></p>
        </article>
    }
    .into_any()
}
