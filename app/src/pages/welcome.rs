//! Seed step 3: the success screen.

use crate::components::{AuthLayout, RequireUser};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn WelcomePage() -> impl IntoView {
    view! {
        <Title text="Регистрация завершена" />
        <RequireUser need_consent=false view=|_user| view! {
            <AuthLayout title="Готово!">
                <div class="success-mark" aria-hidden="true">"✓"</div>
                <p class="lead success-text">
                    "Вы успешно зарегистрированы в Системе. Для Вас создан Личный кабинет!"
                </p>
                <a class="btn btn-primary btn-block" href="/consent">"Продолжить"</a>
            </AuthLayout>
        } />
    }
}
