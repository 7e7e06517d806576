use crate::auth::api::current_user;
use crate::auth::model::UserInfo;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Loads who is signed in (`None`: nobody) and renders `view` with it once known. The
/// guards below are built on it.
#[component]
pub fn WithCurrentUser<F>(view: F) -> impl IntoView
where
    F: Fn(Option<UserInfo>) -> AnyView + Clone + Send + Sync + 'static,
{
    let me = Resource::new(|| (), |_| current_user());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move { view(me.await.ok().flatten()) })
            }}
        </Suspense>
    }
}

/// Renders `view` for the signed-in customer. Everyone else goes to `/login`; a customer
/// who has not signed the current consent goes to `/consent` first (unless this page is
/// part of getting there); an operator goes to the console. Routes using it render in
/// `SsrMode::Async`, so the redirect is a real 302 before any HTML.
#[component]
pub fn RequireUser<F, IV>(#[prop(default = true)] need_consent: bool, view: F) -> impl IntoView
where
    F: Fn(UserInfo) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    view! {
        <WithCurrentUser view=move |me| match me {
            Some(user) if user.is_operator => view! { <Redirect path="/operator" /> }.into_any(),
            Some(user) if user.consent_signed || !need_consent => view(user).into_any(),
            Some(_) => view! { <Redirect path="/consent" /> }.into_any(),
            None => view! { <Redirect path="/login" /> }.into_any(),
        } />
    }
}
