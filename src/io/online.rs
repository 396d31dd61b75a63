//! `check --online`: does the landing page answer? A real HTTP client (HEAD, then GET), at most
//! five redirects, ten seconds, and never a connection to a loopback, private, link-local,
//! multicast or otherwise non-public address: checked on every DNS answer, for every hop.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use url::Url;

use super::OnlineOptions;
use crate::online::LinkProbe;

pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const MAX_REDIRECTS: usize = 5;

/// Whether an address is on the public internet. Everything else is refused: loopback,
/// private and shared (CGNAT) ranges, link-local, multicast, documentation, benchmarking and
/// reserved ranges, and IPv6 forms embedding such IPv4 addresses.
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(address: Ipv4Addr) -> bool {
    let [a, b, c, _] = address.octets();
    !(a == 0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b))
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 192 && b == 88 && c == 99)
        || (a == 192 && b == 168)
        || (a == 198 && (b == 18 || b == 19))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 224)
}

fn is_public_v6(address: Ipv6Addr) -> bool {
    if let Some(mapped) = address.to_ipv4_mapped() {
        return is_public_v4(mapped);
    }
    let segments = address.segments();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., high, low] = segments;
        return is_public_v4(Ipv4Addr::new(
            (high >> 8) as u8,
            high as u8,
            (low >> 8) as u8,
            low as u8,
        ));
    }
    !(address.is_unspecified()
        || address.is_loopback()
        || (segments[0] & 0xfe00) == 0xfc00 // unique local
        || (segments[0] & 0xffc0) == 0xfe80 // link-local
        || (segments[0] & 0xff00) == 0xff00 // multicast
        || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
        || (segments[0] == 0x0100 && segments[1..4] == [0, 0, 0]) // discard
        || segments[0] == 0x2002 // 6to4, which may embed anything
        || (segments[0] == 0x2001 && segments[1] < 0x0200)) // IETF protocol assignments, Teredo
}

/// Resolves as usual, then keeps only public addresses (unless allowed), remembering what it
/// refused so the finding can say so.
#[derive(Debug)]
struct PublicOnly {
    inner: DefaultResolver,
    allow_private: bool,
    refused: Arc<Mutex<Vec<IpAddr>>>,
}

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let resolved = self.inner.resolve(uri, config, timeout)?;
        if self.allow_private {
            return Ok(resolved);
        }
        let mut kept = self.empty();
        let mut refused = Vec::new();
        for address in resolved.iter() {
            if is_public(address.ip()) {
                kept.push(*address);
            } else {
                refused.push(address.ip());
            }
        }
        if kept.is_empty() {
            if let Ok(mut log) = self.refused.lock() {
                log.extend(refused);
            }
            return Err(ureq::Error::HostNotFound);
        }
        Ok(kept)
    }
}

fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::HostNotFound => "its host name does not resolve (DNS)".into(),
        ureq::Error::Timeout(_) => format!("it did not answer within {} s", TIMEOUT.as_secs()),
        ureq::Error::ConnectionFailed => "the connection was refused".into(),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "the connection was refused".into(),
            std::io::ErrorKind::TimedOut => {
                format!("it did not answer within {} s", TIMEOUT.as_secs())
            }
            _ => format!("the connection failed ({io})"),
        },
        ureq::Error::Tls(message) => format!("the TLS handshake failed ({message})"),
        ureq::Error::Rustls(error) => format!("the TLS handshake failed ({error})"),
        other => format!("the request failed ({other})"),
    }
}

/// Probes a landing page: HEAD, then GET when HEAD is refused or fails, following at most
/// [`MAX_REDIRECTS`] redirects by hand so that every hop is resolved and checked again.
pub fn probe(start: &Url, options: OnlineOptions) -> LinkProbe {
    let refused = Arc::new(Mutex::new(Vec::new()));
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!(
            "mdelist/",
            env!("CARGO_PKG_VERSION"),
            " (landing page check)"
        ))
        .build();
    let agent = ureq::Agent::with_parts(
        config,
        DefaultConnector::default(),
        PublicOnly {
            inner: DefaultResolver::default(),
            allow_private: options.allow_private,
            refused: Arc::clone(&refused),
        },
    );
    let mut current = start.clone();
    let mut visited = vec![current.clone()];
    let unreachable = |url: &Url, problem: String| LinkProbe {
        final_url: url.to_string(),
        status: None,
        problem: Some(problem),
    };
    for _ in 0..=MAX_REDIRECTS {
        if !matches!(current.scheme(), "http" | "https") {
            return unreachable(
                &current,
                format!("it redirects to a `{}:` address", current.scheme()),
            );
        }
        let head = agent.head(current.as_str()).call();
        let response = match head {
            Ok(response) if response.status().as_u16() < 400 => Ok(response),
            // Servers that mishandle HEAD get a GET, whose body is never read.
            _ => agent.get(current.as_str()).call(),
        };
        let response = match response {
            Ok(response) => response,
            Err(error) => {
                let blocked = refused.lock().map(|log| log.clone()).unwrap_or_default();
                let problem = match blocked.first() {
                    Some(address) => format!(
                        "its host resolves only to the non-public address {address}, which is never contacted"
                    ),
                    None => describe(&error),
                };
                return unreachable(&current, problem);
            }
        };
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = response
                .headers()
                .get("location")
                .and_then(|value| value.to_str().ok())
                .and_then(|location| current.join(location).ok());
            let Some(next) = location else {
                return LinkProbe {
                    final_url: current.to_string(),
                    status: Some(status),
                    problem: Some(format!("it answers {status} without a usable Location")),
                };
            };
            if visited.contains(&next) {
                return unreachable(&next, "its redirects loop".into());
            }
            visited.push(next.clone());
            current = next;
            continue;
        }
        let problem = (status >= 400).then(|| format!("it answers HTTP {status}"));
        return LinkProbe {
            final_url: current.to_string(),
            status: Some(status),
            problem,
        };
    }
    unreachable(
        &current,
        format!("it redirects more than {MAX_REDIRECTS} times"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_and_non_public_addresses() {
        for public in ["8.8.8.8", "1.1.1.1", "20.112.52.29", "2606:4700:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
    }
}
