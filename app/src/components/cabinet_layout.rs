use super::{Footer, Logo, SignOutButton};
use leptos::prelude::*;

/// The frame of the signed-in cabinet: brand, the customer's login and sign-out.
#[component]
pub fn CabinetLayout(
    #[prop(into)] login: String,
    #[prop(into)] title: String,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="cabinet-page">
            <header class="cabinet-header">
                <Logo />
                <div class="cabinet-user">
                    <span class="cabinet-login">{login}</span>
                    <NotificationsLink />
                    <a class="btn btn-ghost" href="/settings">"Настройки"</a>
                    <SignOutButton />
                </div>
            </header>
            <main class="cabinet-main" id="main">
                <h1 class="page-title">{title}</h1>
                {children()}
                <p class="card-links"><a href="/support">"Задать вопрос в техническую поддержку"</a></p>
            </main>
            <Footer />
        </div>
    }
}

/// The bell in the header, with the number of notifications not seen yet (read with the
/// session, so it costs no statement of its own).
#[component]
fn NotificationsLink() -> impl IntoView {
    // On the list itself they are being seen as the page renders.
    let on_list = leptos_router::hooks::use_location().pathname.get_untracked() == "/notifications";
    let unread =
        crate::auth::viewer::use_viewer().map(|u| u.unread_notifications).filter(|_| !on_list).unwrap_or(0);
    let label = if unread > 0 {
        format!("Уведомления: новых {unread}")
    } else {
        "Уведомления".to_owned()
    };
    view! {
        <a class="btn btn-ghost bell" href="/notifications" aria-label=label title="Уведомления">
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path
                    fill="currentColor"
                    d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
                />
            </svg>
            {(unread > 0).then(|| view! { <span class="bell-count">{unread.min(99)}</span> })}
        </a>
    }
}
