//! Security headers on every response. HTML pages get their own CSP with a per-request
//! nonce (set in `app::shell`); everything else gets the strict default below. A
//! stylesheet, a script, the WASM, an image or a font is never a document: only `nosniff`
//! applies to it (the referrer policy below is also the browsers' default), so it goes
//! without the document headers (a first visit downloads ~2 KB less). The service worker,
//! a script that runs with its own CSP, sets it itself (`pwa.rs`).

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

type H = SetResponseHeaderLayer<HeaderValue>;

const DEFAULT_CSP: &str = "default-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

pub async fn headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if is_subresource(h) {
        return response;
    }
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DEFAULT_CSP));
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(self)"),
    );
    response
}

/// Styles, scripts, WASM, images and fonts: what a page loads but never shows as a page of
/// its own. SVG keeps the document headers: opened by itself it is a document that could
/// hold script.
fn is_subresource(headers: &HeaderMap) -> bool {
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    !kind.starts_with("image/svg")
        && ["text/css", "text/javascript", "application/javascript", "application/wasm", "image/", "font/"]
            .iter()
            .any(|t| kind.starts_with(t))
}

/// `Strict-Transport-Security` for a year when the portal is served over https: a browser
/// that has seen it once never again talks to the portal over plain http.
pub fn hsts(settings: &app::settings::Settings) -> Option<H> {
    settings.is_https().then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    })
}

/// State-changing requests (anything but GET/HEAD/OPTIONS) are accepted only from the
/// portal's own pages: `Sec-Fetch-Site: same-origin`, or an `Origin` whose host is this
/// request's host. Everything else is a cross-site request and gets 403.
/// Where acquirers send payment notifications.
pub const NOTIFY_PATH: &str = "/payments/notify";

pub async fn same_origin_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::Method;
    use axum::response::IntoResponse;
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    // The acquirer's server calls this, cross-site by nature; its body is never believed
    // (the status is re-read from the acquirer's API), so it needs no origin check.
    if request.uri().path() == NOTIFY_PATH {
        return next.run(request).await;
    }
    // Mail clients post the one-click unsubscribe from their servers (RFC 8058); the signed
    // token is the proof, and it can only turn one topic's e-mails off.
    if super::unsubscribe::is_one_click(request.uri().path()) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(|o| o.split_once("://").map(|(_, rest)| rest.to_owned()));
    let same_origin = match (fetch_site, origin_host, host) {
        (Some("same-origin"), _, _) => true,
        (Some(_), _, _) => false,
        (None, Some(origin), Some(host)) => origin.eq_ignore_ascii_case(host),
        _ => false,
    };
    if same_origin {
        next.run(request).await
    } else {
        (
            axum::http::StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Запрос отклонён: он пришёл не со страниц личного кабинета.",
        )
            .into_response()
    }
}

/// Per-IP limits on server-function calls (POST), in this server's memory: a flood from one
/// address gets 429 before it reaches the database or argon2.
pub fn per_ip_limit(
    settings: &app::settings::SecuritySettings,
) -> Option<
    tower_governor::GovernorLayer<
        super::client::ClientKey,
        governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
        axum::body::Body,
    >,
> {
    let per_request_nanos = 1_000_000_000 / u64::from(settings.requests_per_second_per_ip.max(1));
    let config = tower_governor::governor::GovernorConfigBuilder::default()
        .per_nanosecond(per_request_nanos)
        .burst_size(settings.request_burst_per_ip)
        .methods(vec![axum::http::Method::POST])
        .key_extractor(super::client::ClientKey)
        .finish()?;
    let config = std::sync::Arc::new(config);
    let limiter = config.limiter().clone();
    // Forget addresses that have gone quiet, so the map does not grow forever.
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            limiter.retain_recent();
        }
    });
    Some(tower_governor::GovernorLayer::new(config).error_handler(|_| {
        use axum::response::IntoResponse;
        (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Слишком много запросов. Подождите немного и попробуйте снова.",
        )
            .into_response()
    }))
}
