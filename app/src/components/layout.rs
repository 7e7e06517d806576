//! The frame every screen sits in: brand header, content card, version footer.

use crate::VERSION;
use leptos::prelude::*;

/// The brand mark: a flame in the supplier's blue.
#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <a href="/" class="logo" aria-label="Мой ГАЗ — на главную">
            <svg class="logo-mark" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
                <rect width="48" height="48" rx="12" fill="#0a4a8f" />
                <path
                    d="M24 8c2 6 9 10 9 19a9 9 0 0 1-18 0c0-4 2-7 4-9 0 3 1 5 3 6-1-6 0-11 2-16z"
                    fill="#ffb300"
                />
                <path d="M24 25c1 3 4 4 4 8a4 4 0 0 1-8 0c0-2 1-3 2-4 0 1 1 2 2 2-1-2-1-4 0-6z" fill="#fff" />
            </svg>
            <span class="logo-text">"Мой " <b>"ГАЗ"</b></span>
        </a>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! { <footer class="site-footer">{format!("ЛК - Мой ГАЗ - версия {VERSION}")}</footer> }
}

/// The screens before sign-in (registration, confirmation, sign-in): a centred card on a
/// desktop, the whole width on a phone.
#[component]
pub fn AuthLayout(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <div class="auth-page">
            <header class="auth-header">
                <Logo />
            </header>
            <main class="auth-main" id="main">
                <section class="card auth-card" aria-labelledby="page-title">
                    <h1 id="page-title" class="card-title">{title}</h1>
                    {children()}
                </section>
            </main>
            <Footer />
        </div>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Success,
    Error,
}

/// A coloured message box. Errors are announced to screen readers at once.
#[component]
pub fn Notice(kind: NoticeKind, children: Children) -> impl IntoView {
    let (class, role) = match kind {
        NoticeKind::Info => ("notice notice-info", "status"),
        NoticeKind::Success => ("notice notice-success", "status"),
        NoticeKind::Error => ("notice notice-error", "alert"),
    };
    view! { <div class=class role=role>{children()}</div> }
}
