use async_trait::async_trait;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use redress_store::OutgoingEmail;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The message itself cannot be sent (a bad address): retrying will not help.
    #[error("the message cannot be built: {0}")]
    Invalid(String),
    /// The mail server refused the message for good (a 5xx answer, e.g. `550 mailbox
    /// unavailable`): retrying will not help.
    #[error("the mail server refused the message: {0}")]
    Refused(String),
    /// Delivery failed this time (server down, temporary refusal): retry later.
    #[error("delivery failed: {0}")]
    Transient(String),
}

impl MailError {
    /// Whether retrying cannot help: the address bounces.
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Invalid(_) | MailError::Refused(_))
    }
}

/// `List-Unsubscribe: <url>` (RFC 2369), offered with one-click unsubscribe (RFC 8058).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUnsubscribe(pub String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let url = s
            .trim()
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .ok_or("List-Unsubscribe must be a URL in angle brackets")?;
        Ok(ListUnsubscribe(url.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the unsubscribe URL
/// takes a POST with no further step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUnsubscribePost;

impl ListUnsubscribePost {
    const VALUE: &'static str = "List-Unsubscribe=One-Click";
}

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if s.trim() == Self::VALUE {
            Ok(ListUnsubscribePost)
        } else {
            Err(format!("List-Unsubscribe-Post must be `{}`", Self::VALUE).into())
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), Self::VALUE.to_owned())
    }
}

/// Something that delivers an email.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError>;
    /// For logs: `smtp`, `file`, `recording`.
    fn kind(&self) -> &'static str;
}

/// Builds the MIME message: plain text, with an HTML alternative when there is one, and
/// one-click unsubscribe headers (RFC 8058) when the message offers unsubscribing.
pub fn build_message(from: &Mailbox, email: &OutgoingEmail) -> Result<Message, MailError> {
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|e| MailError::Invalid(format!("recipient `{}`: {e}", email.to)))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone());
    if let Some(id) = email.outbox_id {
        builder = builder.message_id(Some(format!("<{id}@{}>", from.email.domain())));
    }
    if let Some(url) = &email.list_unsubscribe {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    let message = match &email.html {
        // HTML that shows images: the images travel beside it in multipart/related, each
        // named by the Content-ID the HTML's `cid:` reference gives (RFC 2387, RFC 2392).
        Some(html) if !email.inline.is_empty() => {
            let mut related = MultiPart::related().singlepart(SinglePart::html(html.clone()));
            for image in &email.inline {
                let content_type = ContentType::parse(&image.content_type)
                    .map_err(|e| MailError::Invalid(format!("image `{}`: {e}", image.cid)))?;
                related = related.singlepart(
                    Attachment::new_inline(image.cid.clone())
                        .body(image.bytes.clone(), content_type),
                );
            }
            builder.multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::plain(email.text.clone()))
                    .multipart(related),
            )
        }
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            email.text.clone(),
            html.clone(),
        )),
        None => builder.singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(email.text.clone()),
        ),
    };
    message.map_err(|e| MailError::Invalid(e.to_string()))
}

fn parse_from(from: &str) -> anyhow::Result<Mailbox> {
    from.parse()
        .map_err(|e| anyhow::anyhow!("the sender address `{from}` is not valid: {e}"))
}

/// Whether a 5xx answer concerns the portal's own account with the mail server (530
/// authentication required, 534 mechanism too weak, 535 credentials invalid, 538 encryption
/// required) rather than the recipient: the operator fixes it and the mail goes, so it is
/// retried and never recorded as a bounce.
fn is_about_the_portal(code: u16) -> bool {
    matches!(code, 530 | 534 | 535 | 538)
}

/// Delivers over SMTP. The URL follows lettre's form: `smtp://host:port` (no TLS),
/// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://host` (TLS).
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("the SMTP URL is not valid: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        Ok(Self {
            transport,
            from: parse_from(from)?,
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        let message = build_message(&self.from, email)?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            let about_the_portal = e.status().map(u16::from).is_some_and(is_about_the_portal);
            if e.is_permanent() && !about_the_portal {
                MailError::Refused(e.to_string())
            } else {
                MailError::Transient(e.to_string())
            }
        })
    }
    fn kind(&self) -> &'static str {
        "smtp"
    }
}

/// Writes each message as an `.eml` file in a folder: the embedded default, so a demo or a
/// developer can read what would have been sent.
pub struct FileDropMailer {
    transport: AsyncFileTransport<Tokio1Executor>,
    from: Mailbox,
    pub dir: PathBuf,
}

impl FileDropMailer {
    pub fn new(dir: PathBuf, from: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| anyhow::anyhow!("creating the mail folder {}: {e}", dir.display()))?;
        Ok(Self {
            transport: AsyncFileTransport::<Tokio1Executor>::new(&dir),
            from: parse_from(from)?,
            dir,
        })
    }
}

#[async_trait]
impl Mailer for FileDropMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        let message = build_message(&self.from, email)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| MailError::Transient(e.to_string()))
    }
    fn kind(&self) -> &'static str {
        "file"
    }
}

/// Keeps messages in memory, for unit tests. It can be told to fail.
#[derive(Default)]
pub struct RecordingMailer {
    sent: Mutex<Vec<OutgoingEmail>>,
    failing: AtomicBool,
}

impl RecordingMailer {
    pub fn sent(&self) -> Vec<OutgoingEmail> {
        self.sent.lock().map(|v| v.clone()).unwrap_or_default()
    }
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }
}

#[async_trait]
impl Mailer for RecordingMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(MailError::Transient(
                "the recording mailer is set to fail".into(),
            ));
        }
        if let Ok(mut v) = self.sent.lock() {
            v.push(email.clone());
        }
        Ok(())
    }
    fn kind(&self) -> &'static str {
        "recording"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> OutgoingEmail {
        OutgoingEmail {
            to: "ann@example.org".into(),
            subject: "Your complaint".into(),
            text: "Hello".into(),
            html: Some("<p>Hello</p>".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_message_from_the_outbox_carries_its_rows_id_as_message_id() {
        let from: Mailbox = "no-reply@redress.example".parse().unwrap();
        let id = uuid::Uuid::new_v4();
        let e = OutgoingEmail {
            outbox_id: Some(id),
            ..email()
        };
        let raw = String::from_utf8(build_message(&from, &e).unwrap().formatted()).unwrap();
        assert!(
            raw.contains(&format!("Message-ID: <{id}@redress.example>")),
            "{raw}"
        );
    }

    #[test]
    fn a_message_with_images_carries_them_inline_beside_its_html() {
        let from: Mailbox = "no-reply@redress.example".parse().unwrap();
        let e = OutgoingEmail {
            html: Some(r#"<p><img src="cid:trend" alt="A chart"></p>"#.into()),
            inline: vec![redress_store::outbox::InlineImage {
                cid: "trend".into(),
                content_type: "image/png".into(),
                bytes: vec![0x89, b'P', b'N', b'G'],
            }],
            ..email()
        };
        let raw = String::from_utf8(build_message(&from, &e).unwrap().formatted()).unwrap();
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("multipart/related"), "{raw}");
        assert!(raw.contains("Content-ID: <trend>"), "{raw}");
        assert!(raw.contains("Content-Disposition: inline"), "{raw}");
        assert!(raw.contains("Content-Type: image/png"), "{raw}");
        // The plain text comes first: the HTML and its images are the richer alternative.
        assert!(
            raw.find("text/plain") < raw.find("multipart/related"),
            "{raw}"
        );
    }

    #[test]
    fn a_message_with_html_is_multipart_alternative() {
        let from: Mailbox = "Redress <no-reply@redress.example>".parse().unwrap();
        let m = build_message(&from, &email()).unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("Subject: Your complaint"));
    }

    #[test]
    fn a_message_offering_unsubscribe_carries_the_one_click_headers() {
        let from: Mailbox = "no-reply@redress.example".parse().unwrap();
        let e = OutgoingEmail {
            list_unsubscribe: Some("https://portal.example/unsubscribe/abc123".into()),
            ..email()
        };
        let raw = String::from_utf8(build_message(&from, &e).unwrap().formatted()).unwrap();
        assert!(
            raw.contains("List-Unsubscribe: <https://portal.example/unsubscribe/abc123>\r\n"),
            "{raw}"
        );
        assert!(
            raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            "{raw}"
        );
    }

    #[test]
    fn a_message_without_unsubscribe_has_no_list_headers() {
        let from: Mailbox = "no-reply@redress.example".parse().unwrap();
        let raw = String::from_utf8(build_message(&from, &email()).unwrap().formatted()).unwrap();
        assert!(!raw.contains("List-Unsubscribe"), "{raw}");
    }

    #[test]
    fn the_unsubscribe_headers_read_back() {
        assert_eq!(
            ListUnsubscribe::parse("<https://x.example/u>").unwrap(),
            ListUnsubscribe("https://x.example/u".into())
        );
        assert!(ListUnsubscribe::parse("https://x.example/u").is_err());
        assert!(ListUnsubscribePost::parse("List-Unsubscribe=One-Click").is_ok());
        assert!(ListUnsubscribePost::parse("yes").is_err());
    }

    #[test]
    fn an_authentication_refusal_is_not_the_recipients_bounce() {
        assert!(is_about_the_portal(535));
        assert!(is_about_the_portal(530));
        assert!(!is_about_the_portal(550));
        assert!(!is_about_the_portal(553));
    }

    #[test]
    fn permanent_failures_are_invalid_messages_and_refusals() {
        assert!(MailError::Invalid("x".into()).is_permanent());
        assert!(MailError::Refused("550".into()).is_permanent());
        assert!(!MailError::Transient("451".into()).is_permanent());
    }

    #[test]
    fn a_bad_recipient_is_a_permanent_failure() {
        let from: Mailbox = "no-reply@redress.example".parse().unwrap();
        let mut e = email();
        e.to = "not an address".into();
        assert!(matches!(
            build_message(&from, &e),
            Err(MailError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn the_file_drop_writes_an_eml_file() {
        let dir = std::env::temp_dir().join(format!("redress-mail-{}", uuid::Uuid::new_v4()));
        let m = FileDropMailer::new(dir.clone(), "no-reply@redress.example").unwrap();
        m.send(&email()).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(files.len(), 1);
        let path = files[0].as_ref().unwrap().path();
        assert_eq!(path.extension().unwrap(), "eml");
        let _ = std::fs::remove_dir_all(dir);
    }
}
