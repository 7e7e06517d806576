//! Seed step 11, `Задать вопрос в техническую поддержку`: a question with a contact to
//! answer to, from anyone; a signed-in customer also sees their questions, the answers and
//! can reply in the thread.

use crate::auth::viewer::use_viewer;
use crate::components::field::{adopt_checked, after_hydration, skip_first_run};
use crate::components::{AuthLayout, Notice, NoticeKind, TextField};
use crate::domain::support::{MessageText, Topic};
use crate::domain::time::format_datetime_msk;
use crate::error::AppError;
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::{Live, go_to};
use crate::public_config::PublicConfig;
use crate::support::api::{AskSupport, ReplyToTicket, my_tickets};
use crate::support::model::{Ticket, TicketStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SupportPage() -> impl IntoView {
    let login = use_viewer().map(|u| u.login);
    // Without script, an accepted question comes back here with `?asked={number}`.
    let asked = use_query_map().with_untracked(|q| q.get("asked").and_then(|n| n.parse::<i64>().ok()));
    view! {
        <Title text="Техническая поддержка" />
        <AuthLayout title="Задать вопрос в техническую поддержку">
            <AskForm contact=login.clone().unwrap_or_default() signed_in=login.is_some() asked replay=replay_for(ASK) />
            {login.map(|_| view! { <MyTickets replay=replay_for(REPLY) /> })}
            <p class="card-links"><a href="/login">"Войти в личный кабинет"</a></p>
        </AuthLayout>
    }
}

const ASK: &str = "support/ask";
const REPLY: &str = "support/reply";

#[island(lazy)]
fn AskForm(
    contact: String,
    signed_in: bool,
    asked: Option<i64>,
    replay: Option<FormReplay>,
) -> impl IntoView {
    let kinds = PublicConfig::current().login_kinds;
    let action = ServerAction::<AskSupport>::new();
    let server_error = shown_error(action, replay.as_ref());
    let typed = |field: &str| replay.as_ref().map(|r| r.value(field));
    let topic = RwSignal::new(typed("topic").and_then(|code| Topic::from_code(&code)));
    let text = RwSignal::new(typed("text").unwrap_or_default());
    let contact = RwSignal::new(typed("contact").unwrap_or(contact));
    let submitted = RwSignal::new(false);
    let server_error = move || server_error.get();
    // Text typed before the island woke up is the island's text.
    let text_area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = text_area.get_untracked() {
            if el.value() != text.get_untracked() {
                text.set(el.value());
            }
        }
    });
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
    let done = move || action.value().get().and_then(Result::ok).or(asked);
    // Signed in, the page again (as the no-script way shows it), so that the question is in
    // the list below the confirmation.
    Effect::new(move |_| {
        if let (Some(Ok(number)), true) = (action.value().get(), signed_in) {
            go_to(&format!("/support?asked={number}"));
        }
    });
    view! { <Live no_script=true>
        <Show
            when=move || done().is_some()
            fallback=move || view! {
                <p class="lead">{format!("Опишите вопрос — специалист ответит на {}.", match (kinds.phone, kinds.email) {
                    (true, false) => "указанный телефон",
                    (false, true) => "указанную эл. почту",
                    _ => "указанный телефон или эл. почту",
                })}</p>
                <form class="form" method="post" action="/support" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    submitted.set(true);
                    let ok = topic.get().is_some() && MessageText::parse(&text.get()).is_ok() && kinds.parse(&contact.get()).is_ok();
                    if let (true, Some(t)) = (ok, topic.get()) {
                        action.dispatch(AskSupport { topic: t.code().to_owned(), text: text.get(), contact: contact.get() });
                    }
                }>
                    <ActionField endpoint=ASK />
                    <fieldset class="field" class:field-invalid=move || topic_error.with(Option::is_some)>
                        <legend class="field-label">"Тема"</legend>
                        <div class="choices">
                            {Topic::ALL.into_iter().map(|t| {
                                let input = NodeRef::<leptos::html::Input>::new();
                                adopt_checked(input, move || topic.set(Some(t)));
                                view! {
                                    <label class="choice">
                                        <input type="radio" name="topic" value=t.code() node_ref=input
                                            checked=topic.get_untracked() == Some(t)
                                            prop:checked=skip_first_run(move || topic.get() == Some(t))
                                            on:change=move |_| topic.set(Some(t)) />
                                        <span class="choice-title">{t.label()}</span>
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                        {move || topic_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </fieldset>
                    <div class="field" class:field-invalid=move || text_error.with(Option::is_some)>
                        <label class="field-label" for="field-text">"Вопрос"</label>
                        <textarea class="field-input field-textarea" id="field-text" name="text" rows="5" node_ref=text_area
                            prop:value=after_hydration(text) on:input=move |ev| text.set(event_target_value(&ev))
                            aria-invalid=move || if text_error.with(Option::is_some) { "true" } else { "false" }>{text.get_untracked()}</textarea>
                        {move || text_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <TextField name="contact" label=format!("Куда ответить ({})", kinds.label()) value=contact error=contact_error autocomplete="email" />
                    {move || general().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || action.pending().get()>"Отправить вопрос"</button>
                </form>
            }
        >
            <Notice kind=NoticeKind::Success>
                {move || match contact.get() {
                    c if c.is_empty() => format!(
                        "Вопрос № {} принят. Специалист ответит — обычно в течение одного рабочего дня.",
                        done().unwrap_or_default()
                    ),
                    c => format!(
                        "Вопрос № {} принят. Специалист ответит на {c} — обычно в течение одного рабочего дня.",
                        done().unwrap_or_default()
                    ),
                }}
            </Notice>
        </Show>
    </Live> }
    .into_any()
}

#[island(lazy)]
fn MyTickets(replay: Option<FormReplay>) -> impl IntoView {
    let reply = ServerAction::<ReplyToTicket>::new();
    let error = shown_error(reply, replay.as_ref());
    // Which thread the last reply was typed in: its error is shown there only.
    let replying_in = RwSignal::new(replay.as_ref().and_then(|r| r.value("ticket_id").parse::<i64>().ok()));
    let tickets = Resource::new(move || reply.version().get(), |_| my_tickets());
    view! { <Live no_script=true>
        <h2 class="section-title">"Мои обращения"</h2>
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || {
                let replay = replay.clone();
                Suspend::new(async move {
                tickets.await.map(|list| {
                    if list.is_empty() {
                        view! { <p class="lead">"Обращений пока нет."</p> }.into_any()
                    } else {
                        list.into_iter().map(|t| {
                            let id = t.id.to_string();
                            let typed = replay.as_ref().filter(|r| r.value("ticket_id") == id).map(|r| r.value("text"));
                            view! { <TicketThread ticket=t reply error replying_in typed /> }
                        }).collect_view().into_any()
                    }
                })
                })
            }}
        </Suspense>
    </Live> }
}

#[component]
fn TicketThread(
    ticket: Ticket,
    reply: ServerAction<ReplyToTicket>,
    error: Signal<Option<AppError>>,
    replying_in: RwSignal<Option<i64>>,
    /// What was typed into this thread's reply before a refused post without script.
    typed: Option<String>,
) -> impl IntoView {
    let text = RwSignal::new(typed.unwrap_or_default());
    let id = ticket.id;
    let error = Signal::derive(move || {
        error
            .get()
            .filter(|_| replying_in.get() == Some(id))
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
            <form class="form form-follow" method="post" action="/support" novalidate on:submit=move |ev| {
                ev.prevent_default();
                if MessageText::parse(&text.get()).is_ok() {
                    replying_in.set(Some(id));
                    reply.dispatch(ReplyToTicket { ticket_id: id, text: text.get() });
                }
            }>
                <ActionField endpoint=REPLY />
                <input type="hidden" name="ticket_id" value=id.to_string() />
                <TextField name="text" id=format!("field-reply-{id}") label="Ответить в обращении" value=text error />
                <button type="submit" class="btn btn-secondary" disabled=move || reply.pending().get()>"Отправить"</button>
            </form>
        </article>
    }
}
