//! `/operator/notices`: an announcement to every customer of a supplier (planned works, a
//! tariff change), written, previewed with the number of customers it reaches, then sent
//! once; below, the messages the outbox could not deliver, with the reason, and a button
//! to send a given-up one again once the cause is fixed. Server-rendered with plain forms:
//! nothing here needs script.

use crate::components::{Notice, NoticeKind, OperatorLayout, RequireOperator};
use crate::domain::time::format_datetime_msk;
use crate::form_replay::{ActionField, FormReplay, page_replay};
use crate::operator::api::operator_notices;
use crate::operator::model::{
    AnnouncementDraft, Audience, NoticesDesk, SentAnnouncement, UndeliveredMessage,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const PREVIEW: &str = "operator/announcement_preview";
const SEND: &str = "operator/announcement_send";
const REDELIVER: &str = "operator/redeliver";

#[component]
pub fn OperatorNoticesPage() -> impl IntoView {
    let query = use_query_map();
    let draft = query.with_untracked(|q| q.get("draft").and_then(|d| d.parse::<i64>().ok()));
    let done = query.with_untracked(|q| q.get("done"));
    let replay = page_replay();
    view! {
        <Title text="Уведомления клиентам" />
        <RequireOperator view=move |login| {
            let desk = Resource::new(move || draft, operator_notices);
            let (done, replay) = (done.clone(), replay.clone());
            view! {
                <OperatorLayout login title="Уведомления клиентам">
                    <link rel="stylesheet" href=crate::pages::notifications::NOTICES_CSS />
                    <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                        {move || { let (done, replay) = (done.clone(), replay.clone()); Suspend::new(async move {
                            match desk.await {
                                Ok(desk) => view! { <Desk desk done replay /> }.into_any(),
                                Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                            }
                        })}}
                    </Suspense>
                </OperatorLayout>
            }
        } />
    }
}

#[component]
fn Desk(desk: NoticesDesk, done: Option<String>, replay: Option<FormReplay>) -> impl IntoView {
    let NoticesDesk { providers, draft, sent, undelivered, given_up } = desk;
    let outcome = match (done.as_deref(), replay.as_ref()) {
        (_, Some(r)) if r.action == SEND || r.action == REDELIVER => Some((
            NoticeKind::Error,
            if r.action == SEND {
                "Это сообщение уже отправлено или не найдено.".to_owned()
            } else {
                "Это сообщение уже отправляется снова или не найдено.".to_owned()
            },
        )),
        (Some("sent"), _) => Some((NoticeKind::Success, "Сообщение отправлено клиентам.".to_owned())),
        (Some("redelivered"), _) => {
            Some((NoticeKind::Success, "Сообщение снова поставлено в очередь отправки.".to_owned()))
        }
        _ => None,
    };
    // The form holds what was typed: a refused form's values, or the draft being previewed.
    let compose_replay = replay.filter(|r| r.action == PREVIEW);
    let typed = match (&compose_replay, &draft) {
        (Some(r), _) => {
            Typed { provider: r.value("provider"), title: r.value("title"), text: r.value("text") }
        }
        (None, Some(d)) => {
            Typed { provider: d.provider_id.to_string(), title: d.title.clone(), text: d.text.clone() }
        }
        (None, None) => Typed::default(),
    };
    view! {
        {outcome.map(|(kind, text)| view! { <Notice kind>{text}</Notice> })}
        {draft.map(|draft| view! { <Preview draft /> })}
        <Compose providers typed replay=compose_replay />
        {(!sent.is_empty()).then(|| view! { <Sent sent /> })}
        <Undelivered messages=undelivered given_up />
    }
}

#[derive(Default)]
struct Typed {
    provider: String,
    title: String,
    text: String,
}

#[component]
fn Compose(providers: Vec<Audience>, typed: Typed, replay: Option<FormReplay>) -> impl IntoView {
    let error = |field: &str| replay.as_ref().and_then(|r| r.error.for_field(field));
    let Typed { provider, title, text } = typed;
    let (provider_error, title_error, text_error) = (error("provider"), error("title"), error("text"));
    let (provider_invalid, title_invalid, text_invalid) =
        (provider_error.is_some(), title_error.is_some(), text_error.is_some());
    view! {
        <section class="card" aria-labelledby="compose-title">
            <h2 id="compose-title">"Сообщение всем клиентам поставщика"</h2>
            <p class="lead">
                "Плановые работы, изменение тарифа: сообщение придёт в личный кабинет и по каналам, "
                "которые клиент выбрал. Перед отправкой вы увидите, как оно выглядит и скольким клиентам уйдёт."
            </p>
            <form class="form" method="post" action="/operator/notices" novalidate>
                <ActionField endpoint=PREVIEW />
                <div class="field" class:field-invalid=provider_invalid>
                    <label class="field-label" for="field-provider">"Поставщик"</label>
                    <select class="field-input" id="field-provider" name="provider">
                        <option value="">"Выберите поставщика"</option>
                        {providers.into_iter().map(|p| {
                            let selected = p.provider_id.to_string() == provider;
                            view! {
                                <option value=p.provider_id.to_string() selected=selected>
                                    {format!("{} — клиентов: {}", p.name, p.customers)}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    {provider_error.map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <div class="field" class:field-invalid=title_invalid>
                    <label class="field-label" for="field-title">"Заголовок"</label>
                    <input class="field-input" id="field-title" name="title" maxlength="100" value=title
                        placeholder="Плановые работы 10 декабря" />
                    {title_error.map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <div class="field" class:field-invalid=text_invalid>
                    <label class="field-label" for="field-text">"Текст"</label>
                    <textarea class="field-input field-textarea" id="field-text" name="text" rows="5" maxlength="1000">{text}</textarea>
                    {text_error.map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <button type="submit" class="btn btn-secondary">"Посмотреть перед отправкой"</button>
            </form>
        </section>
    }
}

#[component]
fn Preview(draft: AnnouncementDraft) -> impl IntoView {
    let reach = match draft.customers {
        0 => "Ни один клиент этого поставщика ещё не подключил лицевой счёт: отправлять некому.".to_owned(),
        n => format!("Получат клиентов: {n} (в личном кабинете и по выбранным ими каналам)."),
    };
    view! {
        <section class="card preview" id="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">"Так увидят сообщение клиенты"</h2>
            <p class="field-hint">{format!("Поставщик: {}", draft.provider)}</p>
            <article class="announcement">
                <h3>{draft.title}</h3>
                <p class="announcement-text">{draft.text}</p>
            </article>
            <p><strong>{reach}</strong></p>
            {(draft.customers > 0).then(|| view! {
                <form method="post" action="/operator/notices">
                    <ActionField endpoint=SEND />
                    <input type="hidden" name="draft_id" value=draft.id.to_string() />
                    <button type="submit" class="btn btn-primary">"Отправить клиентам"</button>
                </form>
            })}
            <p class="field-hint">"Чтобы исправить, измените текст ниже и посмотрите снова."</p>
        </section>
    }
}

#[component]
fn Sent(sent: Vec<SentAnnouncement>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="sent-title">
            <h2 id="sent-title">"Отправленные сообщения"</h2>
            <ul class="queue-list" role="list">
                {sent.into_iter().map(|s| view! {
                    <li class="queue-item">
                        <p><strong>{s.title}</strong></p>
                        <p class="field-hint">
                            {format!("{} · {} · клиентов: {}", format_datetime_msk(s.sent_at), s.provider, s.recipients)}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Undelivered(messages: Vec<UndeliveredMessage>, given_up: i64) -> impl IntoView {
    view! {
        <section class="card" id="undelivered" aria-labelledby="undelivered-title">
            <h2 id="undelivered-title">"Недоставленные сообщения"</h2>
            {if messages.is_empty() {
                view! { <p class="lead">"Все сообщения доставлены."</p> }.into_any()
            } else {
                view! {
                    <p class="lead">{format!(
                        "Письма, SMS и уведомления в браузере, которые не удалось доставить. Больше не отправляются: {given_up}."
                    )}</p>
                    <ul class="queue-list" role="list">
                        {messages.into_iter().map(|m| view! { <UndeliveredItem m /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn UndeliveredItem(m: UndeliveredMessage) -> impl IntoView {
    let to =
        if m.recipient.is_empty() { m.channel.clone() } else { format!("{}: {}", m.channel, m.recipient) };
    let state = if m.given_up {
        "Больше не отправляется".to_owned()
    } else {
        format!("Повторяем отправку (попыток: {})", m.attempts)
    };
    view! {
        <li class="queue-item undelivered">
            <p><strong>{m.subject}</strong></p>
            <p class="field-hint">{format!("{to} · {}", format_datetime_msk(m.created_at))}</p>
            <p>{format!("{state}. Причина: {}", m.reason)}</p>
            {m.given_up.then(|| view! {
                <form method="post" action="/operator/notices#undelivered">
                    <ActionField endpoint=REDELIVER />
                    <input type="hidden" name="message_id" value=m.id.to_string() />
                    <button type="submit" class="btn btn-secondary">"Отправить снова"</button>
                </form>
            })}
        </li>
    }
}
