//! The cabinet's home after sign-in and consent.

use crate::components::{CabinetLayout, Notice, NoticeKind, RequireUser};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CabinetPage() -> impl IntoView {
    view! {
        <Title text="Личный кабинет" />
        <RequireUser view=|user| view! {
            <CabinetLayout login=user.login title="Личный кабинет">
                <section class="card">
                    <h2>"Подключите лицевой счёт"</h2>
                    <p class="lead">
                        "Чтобы оплачивать газ и передавать показания, подключите лицевой счёт: выберите поставщика услуг и введите номер с квитанции."
                    </p>
                    <Notice kind=NoticeKind::Info>
                        "Подключение лицевых счетов появится в ближайшем обновлении портала."
                    </Notice>
                </section>
            </CabinetLayout>
        } />
    }
}
