//! Facts about the current request that the rules need: the client's address and browser.
//!
//! The client's address is worked out once per request by the server's outermost layer
//! (`ClientAddr::resolve`) and kept in the request's extensions: behind a reverse proxy the
//! TCP peer is the proxy, and only a proxy listed in `site.trusted_proxies` may name the
//! client in `X-Forwarded-For` or `Forwarded`. Every per-IP limit, consent record and audit
//! row uses that address.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr};

/// The client's address, after the trusted proxies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The client behind `peer`: `peer` itself unless it is a trusted proxy; then the
    /// forwarded chain is read from the right, skipping trusted proxies, and the first
    /// address that is not one is the client. A chain that cannot be read ends at the last
    /// trusted hop, so a forged or garbled header never names an arbitrary client.
    pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> ClientAddr {
        let peer = canonical(peer);
        let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
        if !is_trusted(&peer) {
            return ClientAddr(peer);
        }
        let mut client = peer;
        for hop in forwarded_chain(headers).into_iter().rev() {
            let Some(ip) = hop else { break };
            client = ip;
            if !is_trusted(&ip) {
                break;
            }
        }
        ClientAddr(client)
    }

    /// What per-IP limits count by: an IPv4 address as it is, an IPv6 address by its /64
    /// network (one household or phone is given a whole /64, so counting single addresses
    /// would let it pick a fresh one per request).
    pub fn limit_key(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        }
    }
}

/// An IPv4 client seen through an IPv6 socket (`::ffff:a.b.c.d`) is an IPv4 client.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The forwarded addresses, leftmost (the original client) first; `None` for an entry that
/// is not an address (`unknown`, an obfuscated name, garbage). `X-Forwarded-For` wins over
/// `Forwarded` (RFC 7239) when both are present, as nginx sets the former.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let xff: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    if !xff.is_empty() {
        return xff.iter().flat_map(|v| v.split(',')).map(|entry| parse_node(entry.trim())).collect();
    }
    headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').map(str::trim).find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.trim().eq_ignore_ascii_case("for").then(|| parse_node(value.trim().trim_matches('"')))
            })
        })
        .collect()
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:5678`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse::<IpAddr>().ok().map(canonical);
    }
    let (host, port) = node.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

pub struct RequestMeta {
    /// The client's address as it is (kept with a consent).
    pub ip: String,
    /// What per-IP limits count by (`ClientAddr::limit_key`).
    pub limit_key: String,
    pub user_agent: String,
}

impl RequestMeta {
    pub async fn current() -> RequestMeta {
        let client = leptos_axum::extract::<axum::Extension<ClientAddr>>().await.ok().map(|e| e.0);
        let user_agent = leptos_axum::extract::<HeaderMap>()
            .await
            .ok()
            .and_then(|h| h.get(axum::http::header::USER_AGENT)?.to_str().ok().map(str::to_owned))
            .unwrap_or_default();
        RequestMeta {
            ip: client.map(|c| c.0.to_string()).unwrap_or_else(|| "unknown".into()),
            limit_key: client.map(|c| c.limit_key()).unwrap_or_else(|| "unknown".into()),
            user_agent: user_agent.chars().take(500).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_stranger_cannot_name_the_client() {
        let h = headers(&[("x-forwarded-for", "1.1.1.1")]);
        assert_eq!(ClientAddr::resolve(ip("203.0.113.9"), &h, &nets(&["10.0.0.0/8"])).0, ip("203.0.113.9"));
        assert_eq!(ClientAddr::resolve(ip("203.0.113.9"), &h, &[]).0, ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_forged_hops_to_the_left_are_ignored() {
        let trusted = nets(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7")]);
        assert_eq!(ClientAddr::resolve(ip("10.0.0.2"), &h, &trusted).0, ip("198.51.100.7"));
        // Two proxies of ours in a row.
        let h = headers(&[("x-forwarded-for", "198.51.100.7, 10.0.0.5")]);
        assert_eq!(ClientAddr::resolve(ip("10.0.0.2"), &h, &trusted).0, ip("198.51.100.7"));
        // Several header lines are one list.
        let h = headers(&[("x-forwarded-for", "6.6.6.6"), ("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(ClientAddr::resolve(ip("10.0.0.2"), &h, &trusted).0, ip("198.51.100.7"));
    }

    #[test]
    fn garbage_ends_the_chain_at_the_last_trusted_hop() {
        let trusted = nets(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "198.51.100.7, nonsense")]);
        assert_eq!(ClientAddr::resolve(ip("10.0.0.2"), &h, &trusted).0, ip("10.0.0.2"));
        let h = headers(&[]);
        assert_eq!(ClientAddr::resolve(ip("10.0.0.2"), &h, &trusted).0, ip("10.0.0.2"));
    }

    #[test]
    fn the_forwarded_header_of_rfc_7239() {
        let trusted = nets(&["::1/128"]);
        let h = headers(&[("forwarded", "for=192.0.2.60;proto=https, for=\"[2001:db8:cafe::17]:4711\"")]);
        assert_eq!(ClientAddr::resolve(ip("::1"), &h, &trusted).0, ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "for=192.0.2.43:8080")]);
        assert_eq!(ClientAddr::resolve(ip("::1"), &h, &trusted).0, ip("192.0.2.43"));
    }

    #[test]
    fn ipv6_clients_are_limited_per_64_and_mapped_ipv4_is_ipv4() {
        let a = ClientAddr(ip("2001:db8:1:2:aaaa::1"));
        let b = ClientAddr(ip("2001:db8:1:2:bbbb::9"));
        assert_eq!(a.limit_key(), "2001:db8:1:2::/64");
        assert_eq!(a.limit_key(), b.limit_key());
        assert_ne!(a.limit_key(), ClientAddr(ip("2001:db8:1:3::1")).limit_key());
        let mapped = ClientAddr::resolve(ip("::ffff:198.51.100.7"), &HeaderMap::new(), &[]);
        assert_eq!(mapped.0, ip("198.51.100.7"));
        assert_eq!(mapped.limit_key(), "198.51.100.7");
    }
}
