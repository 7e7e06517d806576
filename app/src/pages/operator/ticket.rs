//! `/operator/tickets/{id}`: one question's thread, the answer (sent to the customer's
//! contact) and closing the ticket.

use crate::components::{Notice, NoticeKind, OperatorLayout, RequireOperator};
use crate::domain::support::MessageText;
use crate::domain::time::format_datetime_msk;
use crate::error::AppError;
use crate::hydration::Live;
use crate::operator::api::{AnswerTicket, CloseTicket, operator_ticket};
use crate::operator::model::TicketThread;
use crate::support::model::TicketStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OperatorTicketPage() -> impl IntoView {
    view! {
        <Title text="Обращение" />
        <RequireOperator view=|login| view! {
            <OperatorLayout login title="Обращение в поддержку">
                <TicketView ticket_id=use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())) />
            </OperatorLayout>
        } />
    }
}

#[island(lazy)]
fn TicketView(ticket_id: Option<i64>) -> impl IntoView {
    let answer = ServerAction::<AnswerTicket>::new();
    let close = ServerAction::<CloseTicket>::new();
    let thread = Resource::new(
        move || (ticket_id, answer.version().get(), close.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => operator_ticket(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { <Live>
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                match thread.await {
                    Ok(t) => view! { <Thread thread=t answer close /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <section class="card">
                            <h2>"Обращение не найдено"</h2>
                            <a class="btn btn-primary" href="/operator">"К очереди"</a>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                }
            })}
        </Suspense>
    </Live> }
}

#[component]
fn Thread(
    thread: TicketThread,
    answer: ServerAction<AnswerTicket>,
    close: ServerAction<CloseTicket>,
) -> impl IntoView {
    let id = thread.id;
    let text = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let text_error = Signal::derive(move || {
        let live = tried
            .get()
            .then(|| MessageText::parse(&text.get()).err().map(|_| "Ответ — хотя бы 10 символов".to_owned()))
            .flatten();
        live.or_else(|| answer.value().get().and_then(Result::err).and_then(|e| e.for_field("text")))
    });
    let general = move || {
        [answer.value().get(), close.value().get()]
            .into_iter()
            .flatten()
            .find_map(|r| r.err().filter(|e| e.for_field("text").is_none()).map(|e| e.message_ru()))
    };
    let sent = move || matches!(answer.value().get(), Some(Ok(())));
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
            <form class="form form-follow" novalidate on:submit=move |ev| {
                ev.prevent_default();
                tried.set(true);
                if MessageText::parse(&text.get()).is_ok() {
                    answer.dispatch(AnswerTicket { ticket_id: id, text: text.get() });
                    text.set(String::new());
                    tried.set(false);
                }
            }>
                <div class="field" class:field-invalid=move || text_error.with(Option::is_some)>
                    <label class="field-label" for="field-answer">"Ответ клиенту"</label>
                    <textarea class="field-input field-textarea" id="field-answer" name="text" rows="5"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                        aria-invalid=move || if text_error.with(Option::is_some) { "true" } else { "false" }></textarea>
                    {move || text_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <div class="queue-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || answer.pending().get()>"Отправить ответ"</button>
                    {(!closed).then(|| view! {
                        <button type="button" class="btn btn-secondary" disabled=move || close.pending().get()
                            on:click=move |_| { close.dispatch(CloseTicket { ticket_id: id }); }>"Закрыть обращение"</button>
                    })}
                </div>
            </form>
            <p class="card-links"><a href="/operator">"К очереди"</a></p>
        </article>
    }
    .into_any()
}
