//! The route table: which screen answers which URL. The router runs on the server only:
//! every page is rendered there, and only its islands hydrate in the browser (see
//! `hydration.rs`), so a link is a plain page load.

use crate::components::{ErrorPage, NotFound};
use crate::pages::{
    AccountPage, AutopayPage, BindAccountPage, CabinetPage, ConfirmPage, ConsentPage, ExtendedAccessPage,
    LoginPage, NotificationsPage, OperatorAccountPage, OperatorAccountsPage, OperatorNoticesPage,
    OperatorQueuePage, OperatorTicketPage, PayPage, PaymentResultPage, ReadingsPage, RegisterPage, ResetPage,
    SandboxPayPage, SettingsPage, SupportPage, UnsubscribePage, WelcomePage,
};
use crate::public_config::PublicConfig;
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{SsrMode, path};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(PublicConfig::current());

    view! {
        <Stylesheet id="leptos" href="/pkg/moygaz.css" />
        <Title formatter=|text: String| {
            if text.is_empty() { "Мой ГАЗ".to_owned() } else { format!("{text} — Мой ГАЗ") }
        } />
        <Router>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/cabinet" /> } />
                    <Route path=path!("/register") view=RegisterPage />
                    <Route path=path!("/confirm") view=ConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/reset") view=ResetPage />
                    <Route path=path!("/support") view=SupportPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/welcome") view=WelcomePage ssr=SsrMode::Async />
                    <Route path=path!("/consent") view=ConsentPage ssr=SsrMode::Async />
                    <Route path=path!("/cabinet") view=CabinetPage ssr=SsrMode::Async />
                    <Route path=path!("/accounts/bind") view=BindAccountPage ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id/extended") view=ExtendedAccessPage ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id/readings") view=ReadingsPage ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id/pay") view=PayPage ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id/autopay") view=AutopayPage ssr=SsrMode::Async />
                    <Route path=path!("/payments/:id") view=PaymentResultPage ssr=SsrMode::Async />
                    <Route path=path!("/sandbox/pay/:id") view=SandboxPayPage ssr=SsrMode::Async />
                    <Route path=path!("/operator") view=OperatorQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/operator/tickets/:id") view=OperatorTicketPage ssr=SsrMode::Async />
                    <Route path=path!("/operator/accounts") view=OperatorAccountsPage ssr=SsrMode::Async />
                    <Route path=path!("/operator/accounts/:id") view=OperatorAccountPage ssr=SsrMode::Async />
                    <Route path=path!("/operator/notices") view=OperatorNoticesPage ssr=SsrMode::Async />
                </Routes>
            </ErrorBoundary>
        </Router>
    }
}
