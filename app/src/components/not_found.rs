use super::AuthLayout;
use leptos::prelude::*;
use leptos_meta::Title;

/// The Russian 404 page; on the server it also sets the status code.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Страница не найдена" />
        <AuthLayout title="Страница не найдена">
            <p class="lead">"Такой страницы нет. Возможно, ссылка устарела или в адресе опечатка."</p>
            <a class="btn btn-primary btn-block" href="/">"На главную"</a>
        </AuthLayout>
    }
}
