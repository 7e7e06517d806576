//! The settings card `Уведомления`: which topics come by which channel, as a small table of
//! switches. Server-rendered, no island: the form is a plain form (the page script, or the
//! browser without it, posts it), so it adds nothing to the WASM.

use crate::components::{Notice, NoticeKind};
use crate::domain::notification::switch_name;
use crate::error::AppError;
use crate::form_replay::ActionField;
use crate::notifications::api::notification_choices;
use crate::notifications::model::ChoiceTable;
use leptos::prelude::*;

pub const SAVE: &str = "notifications/save";

#[component]
pub fn NotificationsCard(saved: bool, error: Option<AppError>) -> impl IntoView {
    let choices = Resource::new(|| (), |_| notification_choices());
    view! {
        <section class="card" id="notifications" aria-labelledby="notifications-title">
            <link rel="stylesheet" href=super::notifications::NOTICES_CSS />
            <h2 id="notifications-title">"Уведомления"</h2>
            <p class="lead">
                "Все уведомления видны в разделе " <a href="/notifications">"«Уведомления»"</a>
                ". Выберите, какие из них ещё присылать и куда."
            </p>
            {saved.then(|| view! { <Notice kind=NoticeKind::Success>"Настройки уведомлений сохранены."</Notice> })}
            {error.map(|e| view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> })}
            <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok(choices) => view! { <ChoicesForm choices /> }.into_any(),
                        Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ChoicesForm(choices: ChoiceTable) -> impl IntoView {
    let channels = choices.channels.clone();
    view! {
        <div class="push-enable">
            // `public/page.js` loads `public/push.js` on this click: the browser asks for the
            // permission then, never on its own.
            <button type="button" class="btn btn-secondary" data-push=choices.push_key>
                "Включить уведомления в браузере"
            </button>
            <p class="field-hint" data-push-status role="status"></p>
            <noscript><p class="field-hint">"Для уведомлений в браузере нужен JavaScript."</p></noscript>
        </div>
        <form method="post" action="/settings">
            <ActionField endpoint=SAVE />
            <div class="table-scroll">
                <table class="switches">
                    <thead>
                        <tr>
                            <th scope="col">"О чём"</th>
                            {channels.iter().map(|c| view! { <th scope="col">{c.label()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {choices.rows.into_iter().map(|row| {
                            let cells = channels.iter().zip(row.switches).map(|(channel, switch)| match switch {
                                Some(on) => view! {
                                    <td>
                                        <input
                                            type="checkbox"
                                            name="on[]"
                                            value=switch_name(row.topic, *channel)
                                            checked=on
                                            aria-label=format!("{}: {}", row.topic.label(), channel.label())
                                        />
                                    </td>
                                }.into_any(),
                                None => view! { <td class="always">"всегда"</td> }.into_any(),
                            }).collect_view();
                            view! { <tr><th scope="row">{row.topic.label()}</th>{cells}</tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="field-hint">"Ответы и сообщения о входе и пароле приходят всегда: на ваш логин или контакт из обращения."</p>
            <button type="submit" class="btn btn-secondary">"Сохранить настройки уведомлений"</button>
        </form>
    }
}
