//! The HTML document around the app. Server-only: it sets the Content-Security-Policy with
//! a fresh nonce for Leptos' inline hydration script, links the PWA manifest and embeds the
//! public configuration.

use crate::App;
use crate::public_config::{META_NAME, PublicConfig};
use leptos::nonce::{provide_nonce, use_nonce};
use leptos::prelude::*;
use leptos_meta::MetaTags;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    provide_nonce();
    let nonce = use_nonce().map(|n| n.to_string()).unwrap_or_default();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let csp = content_security_policy(&nonce);
        if let Ok(value) = axum::http::HeaderValue::from_str(&csp) {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    let config = use_context::<PublicConfig>().unwrap_or_default().to_json();
    view! {
        <!DOCTYPE html>
        <html lang="ru">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="description" content="Личный кабинет клиента: оплата газа, показания счётчиков, лицевые счета" />
                <meta name="theme-color" content="#0a4a8f" />
                <meta name=META_NAME content=config />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/favicon.ico" sizes="any" />
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <script type="module" src="/page.js" nonce=nonce.clone()></script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Scripts: our own files, the nonce'd hydration bootstrap, and WASM compilation.
/// Styles come only from our own stylesheet: no view renders a `style` attribute or an
/// inline `<style>` (the SVG chart is styled by classes), so `'unsafe-inline'` is not needed.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}
