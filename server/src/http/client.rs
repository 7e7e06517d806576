//! Who the client is: the outermost layer resolves the client's address once per request
//! (`app::server::request::ClientAddr`, trusting only `site.trusted_proxies` to forward it)
//! and every later layer, server function and handler reads it from the extensions.

use app::server::request::ClientAddr;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tower_governor::GovernorError;
use tower_governor::key_extractor::KeyExtractor;

pub type TrustedProxies = Arc<Vec<ipnet::IpNet>>;

pub async fn resolve(State(trusted): State<TrustedProxies>, mut req: Request, next: Next) -> Response {
    // Without a socket (an in-process call) the request is local.
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let client = ClientAddr::resolve(peer, req.headers(), &trusted);
    req.extensions_mut().insert(client);
    next.run(req).await
}

/// The in-memory per-IP limiter counts by the same key as the database limits: the client
/// after the trusted proxies, an IPv6 client by its /64.
#[derive(Clone, Copy)]
pub struct ClientKey;

impl KeyExtractor for ClientKey {
    type Key = String;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<Self::Key, GovernorError> {
        req.extensions()
            .get::<ClientAddr>()
            .map(ClientAddr::limit_key)
            .ok_or(GovernorError::UnableToExtractKey)
    }
}
