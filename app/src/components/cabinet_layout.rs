use super::{Footer, Logo};
use crate::auth::api::Logout;
use leptos::prelude::*;

/// The frame of the signed-in cabinet: brand, the customer's login and sign-out.
#[component]
pub fn CabinetLayout(
    #[prop(into)] login: String,
    #[prop(into)] title: String,
    children: Children,
) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // A full load drops every client-side trace of the session.
            let _ = window().location().set_href("/login");
        }
    });
    view! {
        <div class="cabinet-page">
            <header class="cabinet-header">
                <Logo />
                <div class="cabinet-user">
                    <span class="cabinet-login">{login}</span>
                    <a class="btn btn-ghost" href="/settings">"Настройки"</a>
                    <ActionForm action=logout>
                        <button type="submit" class="btn btn-ghost">"Выйти"</button>
                    </ActionForm>
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
