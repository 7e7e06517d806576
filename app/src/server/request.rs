//! Facts about the current request that the rules need: the client's address and browser.

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use std::net::SocketAddr;

pub struct RequestMeta {
    pub ip: String,
    pub user_agent: String,
}

impl RequestMeta {
    pub async fn current() -> RequestMeta {
        let ip = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|_| "unknown".into());
        let user_agent = leptos_axum::extract::<HeaderMap>()
            .await
            .ok()
            .and_then(|h| h.get(axum::http::header::USER_AGENT)?.to_str().ok().map(str::to_owned))
            .unwrap_or_default();
        RequestMeta { ip, user_agent: user_agent.chars().take(500).collect() }
    }
}
