//! Where a push message may go. A browser's subscription names its push service, and
//! anyone signed in can subscribe with any https name (`notifications::push::Subscription`
//! refuses IP literals, ports and dotless names, but not a public name whose DNS points
//! inward). So in production the push client resolves names itself and connects only to
//! public addresses: a subscription cannot make the portal post to its own database,
//! metadata service or office network. Redirects are not followed either (push services
//! answer 201; a redirect to an IP literal would skip the resolver).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Resolves through the system resolver and keeps only public addresses.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{} resolves to no public address", name.as_str()).into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

/// An address on the open internet: not loopback, private, link-local, shared (CGNAT),
/// unique-local, multicast, documentation or unspecified.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let shared = a == 100 && (b & 0xc0) == 64; // 100.64.0.0/10
    let this_network = a == 0; // 0.0.0.0/8
    let reserved = a >= 240; // 240.0.0.0/4 and the broadcast address
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_documentation()
        || shared
        || this_network
        || reserved)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let unique_local = (first & 0xfe00) == 0xfc00; // fc00::/7
    let link_local = (first & 0xffc0) == 0xfe80; // fe80::/10
    let documentation = first == 0x2001 && ip.segments()[1] == 0x0db8; // 2001:db8::/32
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || unique_local
        || link_local
        || documentation)
}

/// The push client: in production only public addresses (`PublicOnly`), never a redirect;
/// in the local trial and the tests the push service stand-in runs on 127.0.0.1.
pub fn push_client(production: bool) -> reqwest::Result<reqwest::Client> {
    let builder = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none());
    if production { builder.dns_resolver(std::sync::Arc::new(PublicOnly)) } else { builder }.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_on_the_open_internet_are_public() {
        for inward in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            assert!(!is_public(inward.parse().unwrap()), "{inward} is not public");
        }
        for outward in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "142.250.74.10",
            "2a00:1450:4010::200e",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(outward.parse().unwrap()), "{outward} is public");
        }
    }

    #[tokio::test]
    async fn the_production_client_does_not_connect_to_a_name_that_points_inward() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = tokio::spawn(async move { listener.accept().await.is_ok() });
        // `localhost` resolves from /etc/hosts, no network needed.
        let url = format!("http://localhost:{port}/push/1");
        let refused = push_client(true).unwrap().post(&url).send().await;
        assert!(refused.is_err(), "the production client posted to localhost");
        assert!(!accepted.is_finished(), "nothing reached the listener");
        // The trial client does reach it, so the refusal above is the resolver's doing.
        let trial = push_client(false).unwrap().post(&url).timeout(std::time::Duration::from_secs(2)).send();
        let _ = trial.await;
        assert!(accepted.await.unwrap(), "the trial client connects to the stand-in");
    }

    #[tokio::test]
    async fn redirects_are_not_followed() {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(wiremock::ResponseTemplate::new(307).insert_header("location", "http://10.0.0.1/"))
            .mount(&server)
            .await;
        let response =
            push_client(false).unwrap().post(format!("{}/push/1", server.uri())).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 307, "the redirect came back as the answer");
    }
}
