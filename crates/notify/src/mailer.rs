use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
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
    /// Delivery failed this time (server down, temporary refusal): retry later.
    #[error("delivery failed: {0}")]
    Transient(String),
}

/// Something that delivers an email.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError>;
    /// For logs: `smtp`, `file`, `recording`.
    fn kind(&self) -> &'static str;
}

/// Builds the MIME message: plain text, with an HTML alternative when there is one.
pub fn build_message(from: &Mailbox, email: &OutgoingEmail) -> Result<Message, MailError> {
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|e| MailError::Invalid(format!("recipient `{}`: {e}", email.to)))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone());
    let message = match &email.html {
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
            if e.is_permanent() {
                MailError::Invalid(e.to_string())
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
        }
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
