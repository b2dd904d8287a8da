//! `redress healthcheck`: asks a running server whether it is ready, for a container's
//! `HEALTHCHECK` (the runtime image carries no HTTP client of its own).

use anyhow::{Context, bail};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The address a probe on the same machine reaches for a listen address: an unspecified one
/// (`0.0.0.0:8080`, `[::]:8080`) is reached on loopback.
pub fn local_address(listen: &str) -> anyhow::Result<SocketAddr> {
    let mut address = listen
        .to_socket_addrs()
        .with_context(|| format!("the listen address {listen}"))?
        .next()
        .with_context(|| format!("the listen address {listen} names no address"))?;
    if address.ip().is_unspecified() {
        address.set_ip(if address.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    Ok(address)
}

/// `GET /readyz` on `address`: Ok when the server answers 200 (it is up and its database
/// answers), an error saying what it answered otherwise.
pub fn check(address: SocketAddr, timeout: Duration) -> anyhow::Result<()> {
    let mut stream = TcpStream::connect_timeout(&address, timeout)
        .with_context(|| format!("nothing answers on {address}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET /readyz HTTP/1.0\r\nHost: {address}\r\nUser-Agent: redress-healthcheck\r\n\r\n"
    )?;
    let mut head = Vec::new();
    stream
        .take(4096)
        .read_to_end(&mut head)
        .with_context(|| format!("reading the answer from {address}"))?;
    let text = String::from_utf8_lossy(&head);
    let status = text.lines().next().unwrap_or_default();
    match status.split_whitespace().nth(1) {
        Some("200") => Ok(()),
        Some(code) => bail!("{address}/readyz answered {code}"),
        None => bail!("{address}/readyz gave no HTTP answer"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unspecified_listen_address_is_probed_on_loopback() {
        assert_eq!(
            local_address("0.0.0.0:8080").unwrap(),
            "127.0.0.1:8080".parse().unwrap()
        );
        assert_eq!(
            local_address("[::]:8080").unwrap(),
            "[::1]:8080".parse().unwrap()
        );
        assert_eq!(
            local_address("10.1.2.3:9").unwrap(),
            "10.1.2.3:9".parse().unwrap()
        );
    }

    #[test]
    fn nothing_listening_is_an_error() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        // The listener is dropped: the port is closed.
        assert!(check(port, Duration::from_secs(2)).is_err());
    }
}
