//! The route table: which screen answers which URL. Every screen is a lazy route: its code
//! is a WASM chunk of its own (`cargo leptos build --split`), fetched with the page, so the
//! first visit downloads the shell and one screen rather than all of them.

use crate::components::{ErrorPage, NotFound};
use crate::pages::{
    AccountPage, BindAccountPage, CabinetPage, ConfirmPage, ConsentPage, LoginPage, OperatorAccountPage,
    OperatorAccountsPage, OperatorQueuePage, OperatorTicketPage, PayPage, PaymentResultPage, ReadingsPage,
    RegisterPage, ResetPage, SandboxPayPage, SettingsPage, SupportPage, WelcomePage,
};
use crate::public_config::PublicConfig;
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, SsrMode, lazy_route, path};

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
                    <Route path=path!("/register") view={Lazy::<Register>::new()} />
                    <Route path=path!("/confirm") view={Lazy::<Confirm>::new()} />
                    <Route path=path!("/login") view={Lazy::<SignIn>::new()} />
                    <Route path=path!("/reset") view={Lazy::<Reset>::new()} />
                    <Route path=path!("/support") view={Lazy::<Support>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/settings") view={Lazy::<Settings>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/welcome") view={Lazy::<Welcome>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/consent") view={Lazy::<Consent>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/cabinet") view={Lazy::<Cabinet>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/accounts/bind") view={Lazy::<BindAccount>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id") view={Lazy::<Account>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id/readings") view={Lazy::<Readings>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id/pay") view={Lazy::<Pay>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/payments/:id") view={Lazy::<PaymentResult>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/sandbox/pay/:id") view={Lazy::<SandboxPay>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/operator") view={Lazy::<OperatorQueue>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/operator/tickets/:id") view={Lazy::<OperatorTicket>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/operator/accounts") view={Lazy::<OperatorAccounts>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/operator/accounts/:id") view={Lazy::<OperatorAccount>::new()} ssr=SsrMode::Async />
                </Routes>
            </ErrorBoundary>
        </Router>
    }
}

/// A screen as a lazy route: no route data of its own (each page loads its data in its
/// resources), the view in a split chunk.
macro_rules! lazy_screen {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_screen! {
    Register => RegisterPage,
    Confirm => ConfirmPage,
    SignIn => LoginPage,
    Reset => ResetPage,
    Support => SupportPage,
    Settings => SettingsPage,
    Welcome => WelcomePage,
    Consent => ConsentPage,
    Cabinet => CabinetPage,
    BindAccount => BindAccountPage,
    Account => AccountPage,
    Readings => ReadingsPage,
    Pay => PayPage,
    PaymentResult => PaymentResultPage,
    SandboxPay => SandboxPayPage,
    OperatorQueue => OperatorQueuePage,
    OperatorTicket => OperatorTicketPage,
    OperatorAccounts => OperatorAccountsPage,
    OperatorAccount => OperatorAccountPage,
}
