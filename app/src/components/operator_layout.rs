//! The frame of the operator console and its guard: only an operator sees what is inside.

use super::{AuthLayout, Footer, Logo, SignOutButton, WithCurrentUser};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Renders `view` for a signed-in operator. Signed out: `/login`. A customer gets a Russian
/// "no access" page with status 403, and no operator data is ever requested for them.
#[component]
pub fn RequireOperator<F, IV>(view: F) -> impl IntoView
where
    F: FnOnce(String) -> IV + 'static,
    IV: IntoView + 'static,
{
    view! {
        <WithCurrentUser view=move |me| match me {
            Some(user) if user.is_operator => view(user.login).into_any(),
            Some(_) => view! { <NoAccess /> }.into_any(),
            None => view! { <Redirect path="/login" /> }.into_any(),
        } />
    }
}

#[component]
fn NoAccess() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    view! {
        <AuthLayout title="Нет доступа">
            <p class="lead">"Этот раздел — для операторов газоснабжающей организации."</p>
            <a class="btn btn-primary btn-block" href="/cabinet">"В личный кабинет"</a>
        </AuthLayout>
    }
}

/// Brand, the console's sections, the operator's login and sign-out.
#[component]
pub fn OperatorLayout(
    #[prop(into)] login: String,
    #[prop(into)] title: String,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="cabinet-page operator-page">
            // The console's styles, kept out of `main.css` (its bytes are on every first visit).
            <link rel="stylesheet" href="/operator.css" />
            <header class="cabinet-header">
                <Logo />
                <nav class="operator-nav" aria-label="Разделы пульта">
                    <a class="btn btn-ghost" href="/operator">"Очередь"</a>
                    <a class="btn btn-ghost" href="/operator/accounts">"Лицевые счета"</a>
                    <a class="btn btn-ghost" href="/operator/notices">"Уведомления"</a>
                </nav>
                <div class="cabinet-user">
                    <span class="cabinet-login">{login}</span>
                    <SignOutButton />
                </div>
            </header>
            <main class="cabinet-main" id="main">
                <p class="operator-badge">"Пульт оператора"</p>
                <h1 class="page-title">{title}</h1>
                {children()}
            </main>
            <Footer />
        </div>
    }
}
