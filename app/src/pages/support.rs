//! Seed step 11, `Задать вопрос в техническую поддержку`: a question with a contact to
//! answer to, from anyone; a signed-in customer also sees their questions, the answers and
//! can reply in the thread.

use crate::auth::viewer::use_viewer;
use crate::components::{AuthLayout, Notice, NoticeKind, TextField};
use crate::domain::support::{MessageText, Topic};
use crate::domain::time::format_datetime_msk;
use crate::error::AppError;
use crate::hydration::Live;
use crate::public_config::PublicConfig;
use crate::support::api::{AskSupport, ReplyToTicket, my_tickets};
use crate::support::model::{Ticket, TicketStatus};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SupportPage() -> impl IntoView {
    let login = use_viewer().map(|u| u.login);
    view! {
        <Title text="Техническая поддержка" />
        <AuthLayout title="Задать вопрос в техническую поддержку">
            <AskForm contact=login.clone().unwrap_or_default() />
            {login.map(|_| view! { <MyTickets /> })}
            <p class="card-links"><a href="/login">"Войти в личный кабинет"</a></p>
        </AuthLayout>
    }
}

#[island(lazy)]
fn AskForm(contact: String) -> impl IntoView {
    let kinds = PublicConfig::current().login_kinds;
    let action = ServerAction::<AskSupport>::new();
    let topic = RwSignal::new(None::<Topic>);
    let text = RwSignal::new(String::new());
    let contact = RwSignal::new(contact);
    let submitted = RwSignal::new(false);
    let server_error = move || action.value().get().and_then(Result::err);
    let field = move |name: &'static str, live: Option<String>| {
        submitted.get().then_some(live).flatten().or_else(|| server_error().and_then(|e| e.for_field(name)))
    };
    let topic_error =
        Signal::derive(move || field("topic", topic.get().is_none().then(|| "Выберите тему вопроса".into())));
    let text_error =
        Signal::derive(move || field("text", MessageText::parse(&text.get()).err().map(|e| e.to_string())));
    let contact_error =
        Signal::derive(move || field("contact", kinds.parse(&contact.get()).err().map(|e| e.to_string())));
    let general = move || match server_error() {
        Some(AppError::Validation { .. }) | None => None,
        Some(e) => Some(e.message_ru()),
    };
    let done = move || action.value().get().and_then(Result::ok);
    view! { <Live>
        <Show
            when=move || done().is_some()
            fallback=move || view! {
                <p class="lead">{format!("Опишите вопрос — специалист ответит на {}.", match (kinds.phone, kinds.email) {
                    (true, false) => "указанный телефон",
                    (false, true) => "указанную эл. почту",
                    _ => "указанный телефон или эл. почту",
                })}</p>
                <form class="form" method="post" action="/api/support/ask" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    submitted.set(true);
                    let ok = topic.get().is_some() && MessageText::parse(&text.get()).is_ok() && kinds.parse(&contact.get()).is_ok();
                    if let (true, Some(t)) = (ok, topic.get()) {
                        action.dispatch(AskSupport { topic: t.code().to_owned(), text: text.get(), contact: contact.get() });
                    }
                }>
                    <fieldset class="field" class:field-invalid=move || topic_error.with(Option::is_some)>
                        <legend class="field-label">"Тема"</legend>
                        <div class="choices">
                            {Topic::ALL.into_iter().map(|t| view! {
                                <label class="choice">
                                    <input type="radio" name="topic" value=t.code()
                                        prop:checked=move || topic.get() == Some(t) on:change=move |_| topic.set(Some(t)) />
                                    <span class="choice-title">{t.label()}</span>
                                </label>
                            }).collect_view()}
                        </div>
                        {move || topic_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </fieldset>
                    <div class="field" class:field-invalid=move || text_error.with(Option::is_some)>
                        <label class="field-label" for="field-text">"Вопрос"</label>
                        <textarea class="field-input field-textarea" id="field-text" name="text" rows="5"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                            aria-invalid=move || if text_error.with(Option::is_some) { "true" } else { "false" }></textarea>
                        {move || text_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <TextField name="contact" label=format!("Куда ответить ({})", kinds.label()) value=contact error=contact_error autocomplete="email" />
                    {move || general().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || action.pending().get()>"Отправить вопрос"</button>
                </form>
            }
        >
            <Notice kind=NoticeKind::Success>
                {move || format!(
                    "Вопрос № {} принят. Специалист ответит на {} — обычно в течение одного рабочего дня.",
                    done().unwrap_or_default(),
                    contact.get()
                )}
            </Notice>
        </Show>
    </Live> }
    .into_any()
}

#[island(lazy)]
fn MyTickets() -> impl IntoView {
    let reply = ServerAction::<ReplyToTicket>::new();
    let tickets = Resource::new(move || reply.version().get(), |_| my_tickets());
    view! { <Live>
        <h2 class="section-title">"Мои обращения"</h2>
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                tickets.await.map(|list| {
                    if list.is_empty() {
                        view! { <p class="lead">"Обращений пока нет."</p> }.into_any()
                    } else {
                        list.into_iter().map(|t| view! { <TicketThread ticket=t reply /> }).collect_view().into_any()
                    }
                })
            })}
        </Suspense>
    </Live> }
}

#[component]
fn TicketThread(ticket: Ticket, reply: ServerAction<ReplyToTicket>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let id = ticket.id;
    let error = Signal::derive(move || {
        reply
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.for_field("text").unwrap_or_else(|| e.message_ru()))
    });
    let badge = match ticket.status {
        TicketStatus::Answered => "badge badge-extended",
        _ => "badge",
    };
    view! {
        <article class="ticket">
            <div class="account-head">
                <strong>{format!("№ {} · {}", ticket.id, ticket.topic)}</strong>
                <span class=badge>{ticket.status.label()}</span>
            </div>
            {ticket.messages.into_iter().map(|m| view! {
                <div class="message" class:message-operator=m.from_operator>
                    <p class="message-meta">{format!("{} · {}", if m.from_operator { "Поддержка" } else { "Вы" }, format_datetime_msk(m.created_at))}</p>
                    <p class="message-body">{m.body}</p>
                </div>
            }).collect_view()}
            <form class="form form-follow" method="post" action="/api/support/reply" novalidate on:submit=move |ev| {
                ev.prevent_default();
                if MessageText::parse(&text.get()).is_ok() {
                    reply.dispatch(ReplyToTicket { ticket_id: id, text: text.get() });
                }
            }>
                <TextField name=format!("reply-{id}") label="Ответить в обращении" value=text error />
                <button type="submit" class="btn btn-secondary" disabled=move || reply.pending().get()>"Отправить"</button>
            </form>
        </article>
    }
}
