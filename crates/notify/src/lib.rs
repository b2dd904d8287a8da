//! Email for Redress: the [`Mailer`] trait with its SMTP, file-drop and recording
//! implementations, and the outbox worker that delivers queued messages, retries them with
//! backoff up to an attempt limit, and records bounces.

pub mod charts;
pub mod link_check;
mod mailer;
pub mod scheduler;
pub mod staff_mail;
pub mod templates;
mod worker;

pub use mailer::{
    FileDropMailer, ListUnsubscribe, ListUnsubscribePost, MailError, Mailer, RecordingMailer,
    SmtpMailer, build_message,
};
pub use scheduler::{Jobs, RunReport, Scheduler};
pub use worker::OutboxWorker;
