//! The client's address, for limits and the audit log. A forwarding header is believed only
//! when the connection itself comes from a trusted proxy (`REDRESS_TRUSTED_PROXIES`, CIDRs);
//! then the address is the first one, reading the header from the right, that is not itself
//! a trusted proxy. Anyone else's forwarding header is ignored: a client cannot choose the
//! address it is counted under.

use crate::AppState;
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header::HeaderMap;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::{Ready, ready};
use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

/// Which header a trusted proxy sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx's `$proxy_add_x_forwarded_for`).
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1`.
    Forwarded,
}

impl FromStr for ForwardedHeader {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(ForwardedHeader::XForwardedFor),
            "forwarded" => Ok(ForwardedHeader::Forwarded),
            other => Err(format!(
                "`{other}` is not a forwarding header: use x-forwarded-for or forwarded"
            )),
        }
    }
}

/// The proxies whose forwarding header is believed.
#[derive(Debug, Clone)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ForwardedHeader,
}

impl Default for TrustedProxies {
    fn default() -> Self {
        TrustedProxies {
            nets: Vec::new(),
            header: ForwardedHeader::XForwardedFor,
        }
    }
}

impl TrustedProxies {
    /// From a comma-separated list of CIDRs or single addresses (`10.0.0.0/8, ::1`).
    pub fn parse(list: &str, header: ForwardedHeader) -> Result<Self, String> {
        let mut nets = Vec::new();
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let net = match IpNet::from_str(part) {
                Ok(n) => n,
                Err(_) => IpAddr::from_str(part)
                    .map(IpNet::from)
                    .map_err(|_| format!("`{part}` is not an address or a CIDR range"))?,
            };
            nets.push(net);
        }
        Ok(TrustedProxies { nets, header })
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|n| n.contains(&ip))
    }

    /// The client's address for a connection from `peer` carrying these headers.
    pub fn client_address(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = canonical(peer?);
        if !self.trusts(peer) {
            return Some(peer);
        }
        let hops = match self.header {
            ForwardedHeader::XForwardedFor => x_forwarded_for(headers),
            ForwardedHeader::Forwarded => forwarded(headers),
        };
        // From the right: the hop the trusted proxy added, then the ones before it, up to the
        // first that is not a trusted proxy. What a client wrote to the left of that is never
        // read, however it is written; a hop that cannot be read where it matters makes the
        // client unknown (all such clients share one count), never the proxy itself.
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop {
                None => return None,
                Some(ip) if !self.trusts(*ip) => return Some(*ip),
                Some(ip) => client = *ip,
            }
        }
        Some(client)
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// Every hop of every `X-Forwarded-For` header, left to right; `None` for one that cannot be
/// read.
fn x_forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let mut out = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        match value.to_str() {
            Ok(text) => out.extend(
                text.split(',')
                    .map(|part| parse_node(part.trim()).map(canonical)),
            ),
            Err(_) => out.push(None),
        }
    }
    out
}

/// The `for=` of every element of every `Forwarded` header, left to right; `None` for one
/// that cannot be read (`for=unknown`, an obfuscated name, no `for` at all).
fn forwarded(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let mut out = Vec::new();
    for value in headers.get_all("forwarded") {
        let Ok(text) = value.to_str() else {
            out.push(None);
            continue;
        };
        for element in text.split(',') {
            let node = element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim().eq_ignore_ascii_case("for").then(|| v.trim())
            });
            out.push(node.and_then(|n| parse_node(n.trim_matches('"')).map(canonical)));
        }
    }
    out
}

/// An address as forwarding headers write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]:4711`.
fn parse_node(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = IpAddr::from_str(s) {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        let inner = rest.split(']').next()?;
        return Ipv6Addr::from_str(inner).ok().map(IpAddr::V6);
    }
    let (host, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    IpAddr::from_str(host).ok()
}

/// The address limits count a client under: an IPv6 client by its /64, which one household
/// or server usually holds whole (and can change the rest of at will).
pub fn limit_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

/// [`limit_ip`] as the text limits are kept under.
pub fn limit_key(ip: IpAddr) -> String {
    match limit_ip(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        v6 => format!("{v6}/64"),
    }
}

/// The caller's address, resolved as described above. `unknown` when the connection has no
/// peer address (a test harness).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub Option<IpAddr>);

impl ClientAddress {
    pub fn of(req: &HttpRequest) -> Self {
        let proxies = req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.trusted_proxies.clone())
            .unwrap_or_default();
        ClientAddress(proxies.client_address(req.peer_addr().map(|a| a.ip()), req.headers()))
    }

    /// As written to the audit log.
    pub fn text(&self) -> String {
        self.0
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "unknown".into())
    }

    /// As limits count it.
    pub fn limit_key(&self) -> String {
        self.0.map(limit_key).unwrap_or_else(|| "unknown".into())
    }
}

impl FromRequest for ClientAddress {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ClientAddress::of(req)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let none = TrustedProxies::default();
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            none.client_address(Some(ip("198.51.100.7")), &h),
            Some(ip("198.51.100.7"))
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_last_untrusted_hop() {
        let p =
            TrustedProxies::parse("10.0.0.0/8, 127.0.0.1", ForwardedHeader::XForwardedFor).unwrap();
        // A client's own made-up entry on the left is not believed: the proxy's is on the right.
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.0.0.2")]);
        assert_eq!(
            p.client_address(Some(ip("10.0.0.3")), &h),
            Some(ip("203.0.113.9"))
        );
        // No header: the proxy's own address.
        assert_eq!(
            p.client_address(Some(ip("127.0.0.1")), &HeaderMap::new()),
            Some(ip("127.0.0.1"))
        );
        // A client's unreadable entry on the left changes nothing: the proxy's is read.
        let junk = headers(&[("x-forwarded-for", "not-an-address, 203.0.113.9")]);
        assert_eq!(
            p.client_address(Some(ip("10.0.0.3")), &junk),
            Some(ip("203.0.113.9"))
        );
        // An unreadable hop where the client should be: unknown, never the proxy.
        let bad = headers(&[("x-forwarded-for", "not-an-address")]);
        assert_eq!(p.client_address(Some(ip("10.0.0.3")), &bad), None);
        // A connection from outside the trusted ranges is the client, header or not.
        assert_eq!(
            p.client_address(Some(ip("198.51.100.7")), &h),
            Some(ip("198.51.100.7"))
        );
    }

    #[test]
    fn the_forwarded_header_is_read_when_configured() {
        let p = TrustedProxies::parse("10.0.0.0/8", ForwardedHeader::Forwarded).unwrap();
        let h = headers(&[(
            "forwarded",
            "for=198.51.100.1;proto=https, for=\"[2001:db8:cafe::17]:4711\", for=10.0.0.9",
        )]);
        assert_eq!(
            p.client_address(Some(ip("10.1.2.3")), &h),
            Some(ip("2001:db8:cafe::17"))
        );
        // `for=unknown` from the proxy: an unknown client, not the proxy.
        let unknown = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(p.client_address(Some(ip("10.1.2.3")), &unknown), None);
        // X-Forwarded-For is ignored when Forwarded is the configured header.
        let xff = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            p.client_address(Some(ip("10.1.2.3")), &xff),
            Some(ip("10.1.2.3"))
        );
    }

    #[test]
    fn bad_ranges_are_refused_and_ipv6_clients_are_counted_by_their_64() {
        assert!(TrustedProxies::parse("10.0.0.0/33", ForwardedHeader::XForwardedFor).is_err());
        assert!(TrustedProxies::parse("proxy", ForwardedHeader::XForwardedFor).is_err());
        assert_eq!(limit_key(ip("2001:db8:1:2:3:4:5:6")), "2001:db8:1:2::/64");
        assert_eq!(
            limit_ip(ip("2001:db8:1:2:3:4:5:6")),
            limit_ip(ip("2001:db8:1:2:ffff::1"))
        );
        assert_eq!(limit_key(ip("192.0.2.1")), "192.0.2.1");
        assert_eq!(canonical(ip("::ffff:10.0.0.1")), ip("10.0.0.1"));
    }
}
