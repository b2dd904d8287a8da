//! A minimal in-process SMTP server for integration tests.
//!
//! The product's real lettre SMTP client delivers to it over plain TCP (no TLS, no AUTH),
//! and tests read the received messages back with [`SmtpSink::messages`] /
//! [`SmtpSink::wait_for`], decoding headers and bodies with [`ReceivedMail::header`] and
//! [`ReceivedMail::body_text`].
//!
//! [`SmtpSink::reject_recipient`] makes it refuse an address at RCPT TO with
//! `550 5.1.1 mailbox unavailable` (a permanent failure, as a real server does for a mailbox
//! that does not exist), and [`SmtpSink::start_on`] starts a sink on a port a dropped one
//! used, to test an outage and the server coming back.
//!
//! Supported commands: EHLO, HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT; anything else
//! gets `502`. EHLO advertises only `8BITMIME` and `SMTPUTF8` (lettre refuses to send
//! non-ASCII messages or addresses unless the server advertises them). Several messages per
//! connection (lettre pools connections) and many concurrent connections are handled.
#![allow(dead_code)]

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// One message accepted by the sink.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The reverse path from `MAIL FROM:<...>` (empty for the null sender `<>`).
    pub mail_from: String,
    /// The forward paths from every accepted `RCPT TO:<...>`, in order.
    pub rcpt_to: Vec<String>,
    /// The raw DATA, dot-unstuffed, CRLF line endings kept (bare LF normalised to CRLF).
    pub data: String,
}

impl ReceivedMail {
    /// The decoded value of the first top-level header called `name` (case-insensitive),
    /// with continuation lines unfolded and RFC 2047 encoded-words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let (headers, _) = split_entity(&self.data);
        find_header(&headers, name).map(|v| decode_rfc2047(v.trim()))
    }

    /// The whole message as text: headers (unfolded, RFC 2047-decoded) followed by the body,
    /// where every MIME leaf part is decoded according to its Content-Transfer-Encoding
    /// (base64 or quoted-printable); multipart bodies are walked recursively.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        render_entity(&self.data, &mut out, 0);
        out
    }
}

/// A leaf part of a MIME message: its headers (unfolded, RFC 2047-decoded) and its body
/// decoded from its Content-Transfer-Encoding.
#[derive(Debug, Clone)]
pub struct MimePart {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The media types of the multiparts it sits in, outermost first.
    pub within: Vec<String>,
}

impl MimePart {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The media type, lower case, without parameters.
    pub fn mime(&self) -> String {
        media_type(self.header("Content-Type").unwrap_or("text/plain"))
    }
}

impl ReceivedMail {
    /// Every leaf part of the message, in order.
    pub fn parts(&self) -> Vec<MimePart> {
        let mut out = Vec::new();
        collect_leaves(&self.data, &mut Vec::new(), &mut out);
        out
    }
}

/// A running SMTP sink. Dropping it stops the server and all its connections.
pub struct SmtpSink {
    port: u16,
    messages: Arc<Mutex<Vec<ReceivedMail>>>,
    failing: Arc<AtomicBool>,
    rejected: Arc<Mutex<HashSet<String>>>,
    task: JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every connection task.
        self.task.abort();
    }
}

impl SmtpSink {
    /// Binds 127.0.0.1:0 and serves in a background tokio task.
    pub async fn start() -> anyhow::Result<SmtpSink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        Self::serve_on(listener)
    }

    /// Binds 127.0.0.1:`port`, e.g. the port of a sink just dropped, waiting up to five
    /// seconds for the old listener to let it go.
    pub async fn start_on(port: u16) -> anyhow::Result<SmtpSink> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match TcpListener::bind(("127.0.0.1", port)).await {
                Ok(listener) => return Self::serve_on(listener),
                Err(e) if Instant::now() >= deadline => {
                    anyhow::bail!("SMTP sink: cannot bind port {port}: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    }

    fn serve_on(listener: TcpListener) -> anyhow::Result<SmtpSink> {
        let port = listener.local_addr()?.port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let failing = Arc::new(AtomicBool::new(false));
        let rejected = Arc::new(Mutex::new(HashSet::new()));
        let shared = Shared {
            messages: Arc::clone(&messages),
            failing: Arc::clone(&failing),
            rejected: Arc::clone(&rejected),
        };
        let task = tokio::spawn(accept_loop(listener, shared));
        Ok(SmtpSink {
            port,
            messages,
            failing,
            rejected,
            task,
        })
    }

    /// From now on, `RCPT TO:<address>` (in any case) is answered
    /// `550 5.1.1 mailbox unavailable`.
    pub fn reject_recipient(&self, address: &str) {
        lock(&self.rejected).insert(address.to_ascii_lowercase());
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:{port}`.
    ///
    /// In lettre 0.11 (`src/transport/smtp/connection_url.rs`), the scheme `smtp` with no
    /// `tls` query parameter maps to `builder.port(port)` only, leaving the builder's default
    /// `Tls::None`: plain SMTP, never STARTTLS. (`?tls=opportunistic` / `?tls=required` would
    /// try STARTTLS, `smtps://` wraps in TLS.) Note that `AsyncSmtpTransport::from_url` only
    /// exists when one of lettre's TLS features is enabled; without one, use
    /// `AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1").port(port)`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// All messages received so far.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        lock(&self.messages).clone()
    }

    /// Waits (polling every 20 ms, up to `timeout`) until at least `n` messages have arrived.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> anyhow::Result<Vec<ReceivedMail>> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= n {
                return Ok(messages);
            }
            if Instant::now() >= deadline {
                anyhow::bail!(
                    "SMTP sink: timed out after {timeout:?} waiting for {n} message(s); {} arrived",
                    messages.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// While `true`, every MAIL FROM is answered with a 451 temporary failure.
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
struct Shared {
    messages: Arc<Mutex<Vec<ReceivedMail>>>,
    failing: Arc<AtomicBool>,
    rejected: Arc<Mutex<HashSet<String>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept_loop(listener: TcpListener, shared: Shared) {
    let mut connections = JoinSet::new();
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let shared = shared.clone();
                connections.spawn(async move {
                    // A client hanging up mid-conversation is not the sink's problem.
                    let _ = serve_connection(stream, shared).await;
                });
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
        // Reap finished connection tasks so the set does not grow forever.
        while connections.try_join_next().is_some() {}
    }
}

async fn serve_connection(stream: TcpStream, shared: Shared) -> std::io::Result<()> {
    let (read, write) = stream.into_split();
    serve(BufReader::new(read), write, shared).await
}

/// Reads one line; returns it without its line ending (CRLF or bare LF), or `None` on EOF.
async fn read_line<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<String>> {
    buf.clear();
    let n = reader.read_until(b'\n', buf).await?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(Some(String::from_utf8_lossy(buf).into_owned()))
}

async fn reply<W: AsyncWrite + Unpin>(writer: &mut W, text: &str) -> std::io::Result<()> {
    writer.write_all(text.as_bytes()).await?;
    writer.write_all(b"\r\n").await?;
    writer.flush().await
}

/// Extracts the address from `<addr> PARAMS...` (or a bare `addr PARAMS...`).
fn parse_path(arg: &str) -> Option<String> {
    let arg = arg.trim_start();
    if let Some(rest) = arg.strip_prefix('<') {
        let end = rest.find('>')?;
        Some(rest[..end].trim().to_owned())
    } else {
        let addr = arg.split_whitespace().next()?;
        Some(addr.to_owned())
    }
}

/// If `rest` starts (case-insensitively) with `keyword` (e.g. "FROM:"), returns what follows.
fn strip_keyword<'a>(rest: &'a str, keyword: &str) -> Option<&'a str> {
    let head = rest.get(..keyword.len())?;
    head.eq_ignore_ascii_case(keyword)
        .then(|| &rest[keyword.len()..])
}

async fn serve<R, W>(mut reader: BufReader<R>, mut writer: W, shared: Shared) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    reply(&mut writer, "220 localhost ESMTP sink").await?;
    let mut buf = Vec::new();
    let mut mail_from: Option<String> = None;
    let mut rcpt_to: Vec<String> = Vec::new();

    while let Some(line) = read_line(&mut reader, &mut buf).await? {
        let (verb, rest) = match line.find(' ') {
            Some(i) => (&line[..i], &line[i + 1..]),
            None => (line.as_str(), ""),
        };
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" => {
                mail_from = None;
                rcpt_to.clear();
                reply(&mut writer, "250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8").await?;
            }
            "HELO" => {
                mail_from = None;
                rcpt_to.clear();
                reply(&mut writer, "250 localhost").await?;
            }
            "MAIL" => {
                if shared.failing.load(Ordering::SeqCst) {
                    reply(&mut writer, "451 4.3.0 Temporary failure (sink is failing)").await?;
                } else if mail_from.is_some() {
                    reply(&mut writer, "503 5.5.1 Nested MAIL command").await?;
                } else {
                    match strip_keyword(rest, "FROM:").and_then(parse_path) {
                        Some(addr) => {
                            mail_from = Some(addr);
                            rcpt_to.clear();
                            reply(&mut writer, "250 2.1.0 OK").await?;
                        }
                        None => reply(&mut writer, "501 5.5.4 Syntax: MAIL FROM:<address>").await?,
                    }
                }
            }
            "RCPT" => {
                if mail_from.is_none() {
                    reply(&mut writer, "503 5.5.1 Need MAIL before RCPT").await?;
                } else {
                    match strip_keyword(rest, "TO:").and_then(parse_path) {
                        Some(addr)
                            if lock(&shared.rejected).contains(&addr.to_ascii_lowercase()) =>
                        {
                            reply(&mut writer, "550 5.1.1 mailbox unavailable").await?;
                        }
                        Some(addr) if !addr.is_empty() => {
                            rcpt_to.push(addr);
                            reply(&mut writer, "250 2.1.5 OK").await?;
                        }
                        _ => reply(&mut writer, "501 5.5.4 Syntax: RCPT TO:<address>").await?,
                    }
                }
            }
            "DATA" => {
                if mail_from.is_none() || rcpt_to.is_empty() {
                    reply(&mut writer, "503 5.5.1 Need MAIL and RCPT before DATA").await?;
                    continue;
                }
                reply(&mut writer, "354 End data with <CR><LF>.<CR><LF>").await?;
                let mut data = String::new();
                loop {
                    let Some(line) = read_line(&mut reader, &mut buf).await? else {
                        // EOF inside DATA: the transaction is abandoned.
                        return Ok(());
                    };
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push_str("\r\n");
                }
                let mail = ReceivedMail {
                    mail_from: mail_from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut rcpt_to),
                    data,
                };
                lock(&shared.messages).push(mail);
                reply(&mut writer, "250 2.0.0 OK queued").await?;
            }
            "RSET" => {
                mail_from = None;
                rcpt_to.clear();
                reply(&mut writer, "250 2.0.0 OK").await?;
            }
            "NOOP" => reply(&mut writer, "250 2.0.0 OK").await?,
            "QUIT" => {
                reply(&mut writer, "221 2.0.0 Bye").await?;
                let _ = writer.shutdown().await;
                return Ok(());
            }
            _ => reply(&mut writer, "502 5.5.2 Command not implemented").await?,
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// MIME decoding (just enough for lettre-built messages)
// ---------------------------------------------------------------------------------------------

/// Splits an entity into its unfolded headers `(name, raw value)` and its body.
fn split_entity(raw: &str) -> (Vec<(String, String)>, &str) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut offset = 0;
    let mut body = "";
    let mut found_blank = false;
    for line in raw.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\r', '\n']);
        if content.is_empty() {
            body = &raw[offset..];
            found_blank = true;
            break;
        }
        if content.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push_str(content);
            }
            continue;
        }
        match content.split_once(':') {
            Some((name, value)) => {
                headers.push((name.trim().to_owned(), value.trim_start().to_owned()))
            }
            None => {
                // Not a header line: treat everything from here as body (headerless part).
                if headers.is_empty() {
                    body = &raw[start..];
                    found_blank = true;
                    break;
                }
            }
        }
    }
    if !found_blank {
        body = "";
    }
    (headers, body)
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Parameter `param` of a structured header value such as `multipart/alternative; boundary="x"`.
fn header_param(value: &str, param: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|segment| {
        let (name, val) = segment.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case(param)
            .then(|| val.trim().trim_matches('"').to_owned())
    })
}

fn render_entity(raw: &str, out: &mut String, depth: usize) {
    let (headers, body) = split_entity(raw);
    for (name, value) in &headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(&decode_rfc2047(value.trim()));
        out.push_str("\r\n");
    }
    out.push_str("\r\n");

    let content_type = find_header(&headers, "Content-Type").unwrap_or("text/plain");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let charset = header_param(content_type, "charset");

    if mime.starts_with("multipart/")
        && depth < 16
        && let Some(boundary) = header_param(content_type, "boundary")
    {
        render_multipart(body, &boundary, out, depth);
        return;
    }

    let encoding = find_header(&headers, "Content-Transfer-Encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match encoding.as_str() {
        "base64" => out.push_str(&bytes_to_string(&base64_decode(body), charset.as_deref())),
        "quoted-printable" => out.push_str(&bytes_to_string(&qp_decode(body), charset.as_deref())),
        _ => out.push_str(body),
    }
}

fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn collect_leaves(raw: &str, within: &mut Vec<String>, out: &mut Vec<MimePart>) {
    let (headers, body) = split_entity(raw);
    let content_type = find_header(&headers, "Content-Type").unwrap_or("text/plain");
    let mime = media_type(content_type);
    if mime.starts_with("multipart/")
        && within.len() < 16
        && let Some(boundary) = header_param(content_type, "boundary")
    {
        within.push(mime);
        let delimiter = format!("--{boundary}");
        let close = format!("--{boundary}--");
        let mut part: Option<String> = None;
        for line in body.split_inclusive('\n') {
            let content = line.trim_end_matches(['\r', '\n']).trim_end();
            if content == delimiter || content == close {
                if let Some(text) = part.take() {
                    let text = text.strip_suffix("\r\n").unwrap_or(&text);
                    collect_leaves(text, within, out);
                }
                if content == close {
                    break;
                }
                part = Some(String::new());
            } else if let Some(text) = part.as_mut() {
                text.push_str(line);
            }
        }
        within.pop();
        return;
    }
    let encoding = find_header(&headers, "Content-Transfer-Encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let body = match encoding.as_str() {
        "base64" => base64_decode(body),
        "quoted-printable" => qp_decode(body),
        _ => body.as_bytes().to_vec(),
    };
    out.push(MimePart {
        headers: headers
            .into_iter()
            .map(|(n, v)| {
                let v = decode_rfc2047(v.trim());
                (n, v)
            })
            .collect(),
        body,
        within: within.clone(),
    });
}

fn render_multipart(body: &str, boundary: &str, out: &mut String, depth: usize) {
    let delimiter = format!("--{boundary}");
    let close = format!("--{boundary}--");
    let mut part: Option<String> = None; // None = still in the preamble
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\r', '\n']).trim_end();
        if content == delimiter || content == close {
            if let Some(text) = part.take() {
                // The line break before a delimiter belongs to the delimiter.
                let text = text
                    .strip_suffix("\r\n")
                    .or_else(|| text.strip_suffix('\n'))
                    .unwrap_or(&text);
                render_entity(text, out, depth + 1);
                out.push_str("\r\n");
            }
            out.push_str(content);
            out.push_str("\r\n");
            if content == close {
                return;
            }
            part = Some(String::new());
        } else if let Some(text) = part.as_mut() {
            text.push_str(line);
        }
    }
    // Unterminated multipart: render what we have.
    if let Some(text) = part {
        render_entity(&text, out, depth + 1);
    }
}

fn bytes_to_string(bytes: &[u8], charset: Option<&str>) -> String {
    let latin1 = charset.is_some_and(|c| {
        let c = c.to_ascii_lowercase();
        c == "iso-8859-1" || c == "latin1" || c == "us-ascii" || c == "windows-1252"
    });
    if latin1 && std::str::from_utf8(bytes).is_err() {
        bytes.iter().map(|&b| char::from(b)).collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Base64 decoding (standard alphabet); whitespace and other stray characters are skipped,
/// decoding stops at the first `=` padding.
fn base64_decode(input: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in input.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable body decoding: soft line breaks (`=` at end of line) removed, `=XX` decoded.
fn qp_decode(input: &str) -> Vec<u8> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            // Soft line break: "=" + optional trailing whitespace + CRLF / LF.
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                j += 1;
            }
            if bytes.get(j..j + 2) == Some(b"\r\n") {
                i = j + 2;
                continue;
            }
            if bytes.get(j) == Some(&b'\n') {
                i = j + 1;
                continue;
            }
            if j == bytes.len() {
                break;
            }
            if let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex_value),
                bytes.get(i + 2).copied().and_then(hex_value),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// RFC 2047 "Q" decoding: `_` is a space, `=XX` a byte.
fn q_decode(input: &str) -> Vec<u8> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'_' => out.push(b' '),
            b'=' => {
                if let (Some(h), Some(l)) = (
                    bytes.get(i + 1).copied().and_then(hex_value),
                    bytes.get(i + 2).copied().and_then(hex_value),
                ) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                out.push(b'=');
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Parses an encoded-word `=?charset?b|q?text?=` at the start of `s`; returns the decoded
/// bytes (as UTF-8) and the number of bytes consumed.
fn parse_encoded_word(s: &str) -> Option<(Vec<u8>, usize)> {
    let inner = s.strip_prefix("=?")?;
    let (charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let text = &rest[..end];
    if charset.is_empty()
        || charset.contains(char::is_whitespace)
        || text.contains(char::is_whitespace)
    {
        return None;
    }
    let bytes = match encoding {
        "b" | "B" => base64_decode(text),
        "q" | "Q" => q_decode(text),
        _ => return None,
    };
    // RFC 2231 allows "charset*language".
    let charset = charset.split('*').next().unwrap_or(charset);
    let utf8 = bytes_to_string(&bytes, Some(charset)).into_bytes();
    // `rest` is a suffix of `s`, so what remains after "?=" tells how much was consumed.
    let consumed = s.len() - rest[end + 2..].len();
    Some((utf8, consumed))
}

/// Decodes RFC 2047 encoded-words in an (unfolded) header value. Whitespace between adjacent
/// encoded-words is dropped, and their bytes are joined before UTF-8 conversion so that a
/// character split across two words survives.
fn decode_rfc2047(input: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut whitespace = String::new();
    let mut after_word = false;
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("=?")
            && let Some((bytes, consumed)) = parse_encoded_word(rest)
        {
            whitespace.clear();
            pending.extend(bytes);
            after_word = true;
            rest = &rest[consumed..];
            continue;
        }
        if after_word && (c == ' ' || c == '\t') {
            whitespace.push(c);
        } else {
            out.push_str(&String::from_utf8_lossy(&pending));
            pending.clear();
            out.push_str(&whitespace);
            whitespace.clear();
            after_word = false;
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.push_str(&String::from_utf8_lossy(&pending));
    out.push_str(&whitespace);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;
    use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

    struct Client {
        reader: BufReader<OwnedReadHalf>,
        writer: OwnedWriteHalf,
        buf: Vec<u8>,
    }

    impl Client {
        async fn connect(sink: &SmtpSink) -> Client {
            let stream = TcpStream::connect(("127.0.0.1", sink.port()))
                .await
                .unwrap();
            let (r, w) = stream.into_split();
            let mut client = Client {
                reader: BufReader::new(r),
                writer: w,
                buf: Vec::new(),
            };
            assert_eq!(client.line().await, "220 localhost ESMTP sink");
            client
        }

        async fn line(&mut self) -> String {
            read_line(&mut self.reader, &mut self.buf)
                .await
                .unwrap()
                .unwrap()
        }

        async fn send(&mut self, text: &str) {
            self.writer.write_all(text.as_bytes()).await.unwrap();
        }

        /// Sends one command line and returns the (last line of the) reply.
        async fn cmd(&mut self, command: &str) -> String {
            self.send(&format!("{command}\r\n")).await;
            loop {
                let line = self.line().await;
                if line.as_bytes().get(3) != Some(&b'-') {
                    return line;
                }
            }
        }
    }

    #[tokio::test]
    async fn two_messages_in_one_connection() {
        let sink = SmtpSink::start().await.unwrap();
        assert_eq!(sink.url(), format!("smtp://127.0.0.1:{}", sink.port()));
        let mut c = Client::connect(&sink).await;

        c.send("EHLO client.test\r\n").await;
        assert_eq!(c.line().await, "250-localhost");
        assert_eq!(c.line().await, "250-8BITMIME");
        assert_eq!(c.line().await, "250 SMTPUTF8");

        assert!(c.cmd("RCPT TO:<x@y>").await.starts_with("503"));
        assert!(
            c.cmd("MAIL FROM:<a@example.com> SIZE=100 BODY=8BITMIME")
                .await
                .starts_with("250")
        );
        assert!(c.cmd("RCPT TO:<b@example.com>").await.starts_with("250"));
        assert!(c.cmd("RCPT TO:<c@example.com>").await.starts_with("250"));
        assert!(c.cmd("DATA").await.starts_with("354"));
        c.send("Subject: first\r\n\r\nHello one\r\n.\r\n").await;
        assert!(c.line().await.starts_with("250"));

        assert!(c.cmd("NOOP").await.starts_with("250"));
        assert!(
            c.cmd("MAIL FROM:<junk@example.com>")
                .await
                .starts_with("250")
        );
        assert!(c.cmd("RSET").await.starts_with("250"));
        assert!(c.cmd("VRFY someone").await.starts_with("502"));

        // Second message, bare LF line endings.
        assert!(c.cmd("mail from:<>").await.starts_with("250"));
        assert!(c.cmd("rcpt to:<d@example.com>").await.starts_with("250"));
        assert!(c.cmd("DATA").await.starts_with("354"));
        c.send("Subject: second\n\nHello two\n.\n").await;
        assert!(c.line().await.starts_with("250"));

        assert!(c.cmd("QUIT").await.starts_with("221"));
        let mut rest = Vec::new();
        c.reader.read_to_end(&mut rest).await.unwrap();
        assert!(rest.is_empty());

        let msgs = sink.wait_for(2, Duration::from_secs(2)).await.unwrap();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].mail_from, "a@example.com");
        assert_eq!(msgs[0].rcpt_to, vec!["b@example.com", "c@example.com"]);
        assert_eq!(msgs[0].data, "Subject: first\r\n\r\nHello one\r\n");
        assert_eq!(msgs[0].header("subject").as_deref(), Some("first"));
        assert_eq!(msgs[1].mail_from, "");
        assert_eq!(msgs[1].rcpt_to, vec!["d@example.com"]);
        assert_eq!(msgs[1].data, "Subject: second\r\n\r\nHello two\r\n");

        let err = sink
            .wait_for(3, Duration::from_millis(60))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("2 arrived"), "{err}");
    }

    #[tokio::test]
    async fn concurrent_connections() {
        let sink = SmtpSink::start().await.unwrap();
        let mut a = Client::connect(&sink).await;
        let mut b = Client::connect(&sink).await;
        assert!(a.cmd("HELO a").await.starts_with("250"));
        assert!(b.cmd("HELO b").await.starts_with("250"));
        assert!(a.cmd("MAIL FROM:<a@x>").await.starts_with("250"));
        assert!(b.cmd("MAIL FROM:<b@x>").await.starts_with("250"));
        assert!(a.cmd("RCPT TO:<r@x>").await.starts_with("250"));
        assert!(b.cmd("RCPT TO:<r@x>").await.starts_with("250"));
        assert!(b.cmd("DATA").await.starts_with("354"));
        assert!(a.cmd("DATA").await.starts_with("354"));
        b.send("X: b\r\n.\r\n").await;
        assert!(b.line().await.starts_with("250"));
        a.send("X: a\r\n.\r\n").await;
        assert!(a.line().await.starts_with("250"));
        let msgs = sink.wait_for(2, Duration::from_secs(2)).await.unwrap();
        assert_eq!(msgs[0].mail_from, "b@x");
        assert_eq!(msgs[1].mail_from, "a@x");
    }

    #[tokio::test]
    async fn dot_unstuffing() {
        let sink = SmtpSink::start().await.unwrap();
        let mut c = Client::connect(&sink).await;
        c.cmd("EHLO t").await;
        c.cmd("MAIL FROM:<a@x>").await;
        c.cmd("RCPT TO:<b@x>").await;
        assert!(c.cmd("DATA").await.starts_with("354"));
        c.send("Subject: dots\r\n\r\n..\r\n..leading\r\nmid.dle\r\n...\r\n.\r\n")
            .await;
        assert!(c.line().await.starts_with("250"));
        let msgs = sink.wait_for(1, Duration::from_secs(2)).await.unwrap();
        assert_eq!(
            msgs[0].data,
            "Subject: dots\r\n\r\n.\r\n.leading\r\nmid.dle\r\n..\r\n"
        );
    }

    #[tokio::test]
    async fn failing_mode_gives_451() {
        let sink = SmtpSink::start().await.unwrap();
        let mut c = Client::connect(&sink).await;
        c.cmd("EHLO t").await;
        sink.set_failing(true);
        assert!(c.cmd("MAIL FROM:<a@x>").await.starts_with("451"));
        assert!(c.cmd("RCPT TO:<b@x>").await.starts_with("503"));
        sink.set_failing(false);
        assert!(c.cmd("MAIL FROM:<a@x>").await.starts_with("250"));
        assert!(c.cmd("RCPT TO:<b@x>").await.starts_with("250"));
        assert!(c.cmd("DATA").await.starts_with("354"));
        c.send("Subject: ok\r\n\r\nbody\r\n.\r\n").await;
        assert!(c.line().await.starts_with("250"));
        assert_eq!(
            sink.wait_for(1, Duration::from_secs(2))
                .await
                .unwrap()
                .len(),
            1
        );
    }

    #[tokio::test]
    async fn a_rejected_recipient_gets_550_at_rcpt() {
        let sink = SmtpSink::start().await.unwrap();
        sink.reject_recipient("Gone@Example.com");
        let mut c = Client::connect(&sink).await;
        c.cmd("EHLO t").await;
        assert!(c.cmd("MAIL FROM:<a@x>").await.starts_with("250"));
        assert_eq!(
            c.cmd("RCPT TO:<gone@example.com>").await,
            "550 5.1.1 mailbox unavailable"
        );
        assert!(c.cmd("RCPT TO:<here@example.com>").await.starts_with("250"));
    }

    #[tokio::test]
    async fn a_new_sink_can_take_over_a_dropped_sinks_port() {
        let sink = SmtpSink::start().await.unwrap();
        let port = sink.port();
        drop(sink);
        let again = SmtpSink::start_on(port).await.unwrap();
        assert_eq!(again.port(), port);
        let mut c = Client::connect(&again).await;
        assert!(c.cmd("HELO t").await.starts_with("250"));
    }

    fn mail(data: &str) -> ReceivedMail {
        ReceivedMail {
            mail_from: "a@x".into(),
            rcpt_to: vec!["b@x".into()],
            data: data.into(),
        }
    }

    #[test]
    fn base64_by_hand() {
        assert_eq!(base64_decode(""), b"");
        assert_eq!(base64_decode("Zg=="), b"f");
        assert_eq!(base64_decode("Zm8="), b"fo");
        assert_eq!(base64_decode("Zm9v"), b"foo");
        assert_eq!(base64_decode("Zm9v\r\nYmFy"), b"foobar");
        assert_eq!(base64_decode("w6k"), "é".as_bytes());
    }

    #[test]
    fn header_decodes_rfc2047() {
        // "Réparation prévue ✓" split across two base64 words, folded, plus a Q word.
        let m = mail(
            "From: =?UTF-8?Q?Ren=C3=A9e_Dupont?= <r@x>\r\n\
             Subject: =?utf-8?b?UsOpcGFyYXRpb24g?=\r\n =?utf-8?B?cHLDqXZ1ZSDinJM=?=\r\n\
             X-Plain: hello\r\n  world\r\n\
             X-Mixed: Re: =?utf-8?q?caf=C3=A9?= ok\r\n\
             \r\n\
             Subject: not a header\r\n",
        );
        assert_eq!(m.header("Subject").as_deref(), Some("Réparation prévue ✓"));
        assert_eq!(m.header("from").as_deref(), Some("Renée Dupont <r@x>"));
        assert_eq!(m.header("X-Plain").as_deref(), Some("hello  world"));
        assert_eq!(m.header("X-Mixed").as_deref(), Some("Re: café ok"));
        assert_eq!(m.header("Missing"), None);
    }

    #[test]
    fn body_text_decodes_qp_and_base64_parts() {
        // text/plain part: QP with a soft line break and =C3=A9; text/html part: base64.
        let html_b64 = "PHA+VGhlIGJvaWxlciBpcyBicm9rZW4gPGI+YWdhaW48L2I+LjwvcD4=";
        let data = format!(
            "Subject: test\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/alternative;\r\n boundary=\"BOUNDARY123\"\r\n\
             \r\n\
             --BOUNDARY123\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\
             \r\n\
             Your repair request has been sched=\r\nuled for the caf=C3=A9 =3D ok.\r\n\
             --BOUNDARY123\r\n\
             Content-Type: text/html; charset=utf-8\r\n\
             Content-Transfer-Encoding: base64\r\n\
             \r\n\
             {html_b64}\r\n\
             --BOUNDARY123--\r\n"
        );
        let text = mail(&data).body_text();
        assert!(
            text.contains("Your repair request has been scheduled for the café = ok."),
            "{text}"
        );
        assert!(
            text.contains("<p>The boiler is broken <b>again</b>.</p>"),
            "{text}"
        );
        assert!(!text.contains(html_b64), "{text}");

        // Single-part quoted-printable message.
        let single = mail(
            "Content-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\
             \r\n\
             long line =\r\ncontinued=E2=9C=93\r\n",
        );
        assert!(single.body_text().contains("long line continued✓"));
    }
}
