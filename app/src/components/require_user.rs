use crate::auth::model::UserInfo;
use crate::auth::viewer::use_viewer;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Renders `view` with who is signed in (`None`: nobody). The guards below are built on it.
#[component]
pub fn WithCurrentUser<F>(view: F) -> impl IntoView
where
    F: FnOnce(Option<UserInfo>) -> AnyView + 'static,
{
    view(use_viewer())
}

/// Renders `view` for the signed-in customer. Everyone else goes to `/login`; a customer
/// who has not signed the current consent goes to `/consent` first (unless this page is
/// part of getting there); an operator goes to the console. The decision is made before
/// anything renders, so the redirect is a real 302 before any HTML.
#[component]
pub fn RequireUser<F, IV>(#[prop(default = true)] need_consent: bool, view: F) -> impl IntoView
where
    F: FnOnce(UserInfo) -> IV + 'static,
    IV: IntoView + 'static,
{
    match use_viewer() {
        Some(user) if user.is_operator => view! { <Redirect path="/operator" /> }.into_any(),
        Some(user) if user.consent_signed || !need_consent => view(user).into_any(),
        Some(_) => view! { <Redirect path="/consent" /> }.into_any(),
        None => view! { <Redirect path="/login" /> }.into_any(),
    }
}
