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
