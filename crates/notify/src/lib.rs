//! Email for Redress: the [`Mailer`] trait with its SMTP, file-drop and recording
//! implementations, and the outbox worker that delivers queued messages.

mod mailer;
mod worker;

pub use mailer::{FileDropMailer, MailError, Mailer, RecordingMailer, SmtpMailer, build_message};
pub use worker::OutboxWorker;
