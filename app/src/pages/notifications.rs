//! `Уведомления`: everything the portal told the customer, newest first. What is new since
//! the last look is marked, and looking marks it seen (the header's count goes to zero).

use crate::components::{CabinetLayout, Notice, NoticeKind, RequireUser};
use crate::domain::time::{format_datetime_msk, format_iso_msk};
use crate::error::AppError;
use crate::notifications::api::my_notifications;
use crate::notifications::model::NotificationItem;
use leptos::prelude::*;
use leptos_meta::Title;

/// The list's and the settings table's styles, kept out of `main.css` (every first visit
/// downloads that one, and its bytes are budgeted).
pub const NOTICES_CSS: &str = "/notices.css";

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <Title text="Уведомления" />
        <RequireUser view=move |user| {
            let list = Resource::new(|| (), |_| my_notifications());
            view! {
                <CabinetLayout login=user.login title="Уведомления">
                    <link rel="stylesheet" href=NOTICES_CSS />
                    <NotificationList list />
                </CabinetLayout>
            }
        } />
    }
}

#[component]
fn NotificationList(list: Resource<Result<Vec<NotificationItem>, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => view! {
                        <section class="card">
                            <h2>"Уведомлений пока нет"</h2>
                            <p class="lead">
                                "Здесь появятся напоминания о приёме показаний, сообщения о платежах и ответы поддержки."
                            </p>
                            <p><a href="/settings#notifications">"Выбрать, какие уведомления присылать на почту"</a></p>
                        </section>
                    }.into_any(),
                    Ok(items) => view! {
                        <ul class="notification-list" role="list">
                            {items.into_iter().map(|item| view! { <NotificationCard item /> }).collect_view()}
                        </ul>
                        <p class="card-links"><a href="/settings#notifications">"Настроить уведомления"</a></p>
                    }.into_any(),
                    Err(e) => view! { <Notice kind=NoticeKind::Error>{e.message_ru()}</Notice> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NotificationCard(item: NotificationItem) -> impl IntoView {
    view! {
        <li class="card notification" class:unread=item.unread>
            <p class="notification-meta">
                {item.unread.then(|| view! { <span class="badge">"Новое"</span> })}
                <time datetime=format_iso_msk(item.created_at)>{format_datetime_msk(item.created_at)}</time>
            </p>
            <h2><a href=item.link>{item.title}</a></h2>
            <p>{item.body}</p>
        </li>
    }
}
