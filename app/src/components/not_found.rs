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

/// What the error boundary shows when a page fails to render: a Russian message and a way
/// back, never a blank screen or an English stack trace.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let count = move || errors.read().iter().count();
    view! {
        <Title text="Ошибка" />
        <AuthLayout title="Что-то пошло не так">
            <p class="lead">
                "Страница не открылась из-за ошибки на нашей стороне. Попробуйте обновить её через минуту."
            </p>
            <p class="field-hint" data-errors=count>"Если ошибка повторяется, напишите в техническую поддержку."</p>
            <a class="btn btn-primary btn-block" href="/">"На главную"</a>
        </AuthLayout>
    }
}
