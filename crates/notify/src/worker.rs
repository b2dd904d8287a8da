//! The outbox worker: claims due messages, delivers them, records the outcome. A temporary
//! failure is retried with backoff until the attempt limit, then left as a dead letter for a
//! landlord admin to retry; a permanent one fails at once and records a bounce.

use crate::mailer::Mailer;
use futures_util::StreamExt;
use redress_store::DatabaseConnection;
use redress_store::outbox::{self, LINK_PLACEHOLDER};
use redress_store::seal::DataKey;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

pub struct OutboxWorker {
    db: DatabaseConnection,
    mailer: Arc<dyn Mailer>,
    /// Opens the link a message keeps sealed for its recipient.
    data_key: DataKey,
    /// Unique per process, so a claim names its holder.
    worker_id: String,
    lease: chrono::Duration,
    batch: u32,
    max_attempts: i32,
    /// How many messages of a batch are handed to the mailer at once. An SMTP exchange spends
    /// most of its time waiting for the server, so several at once (over the transport's pool
    /// of connections) deliver several times faster.
    concurrency: usize,
}

impl OutboxWorker {
    pub fn new(db: DatabaseConnection, mailer: Arc<dyn Mailer>, data_key: DataKey) -> Self {
        Self {
            db,
            mailer,
            data_key,
            worker_id: format!("worker-{}", uuid::Uuid::new_v4()),
            lease: chrono::Duration::minutes(5),
            batch: 20,
            max_attempts: outbox::MAX_ATTEMPTS,
            concurrency: 8,
        }
    }

    /// Holds each claimed message for `seconds` (300 by default, 10 to 86,400): a message
    /// whose worker died mid-batch is sent by another worker once this has passed. It must be
    /// longer than a batch takes to send, or a slow batch is sent twice.
    #[must_use]
    pub fn with_lease_seconds(mut self, seconds: u64) -> Self {
        // A day at most: anything longer is a mistake, and would overflow a timestamp.
        let seconds = i64::try_from(seconds.clamp(10, 86_400)).unwrap_or(300);
        self.lease = chrono::Duration::seconds(seconds);
        self
    }

    /// Gives a message up as failed after `n` failed attempts (at least one).
    #[must_use]
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = i32::try_from(n.max(1)).unwrap_or(i32::MAX);
        self
    }

    pub fn max_attempts(&self) -> i32 {
        self.max_attempts
    }

    /// One step: claim what is due, try to deliver each, record the outcome. Returns how
    /// many were delivered. Tests call this to drain the outbox without sleeping.
    #[tracing::instrument(skip(self), fields(worker = %self.worker_id, mailer = self.mailer.kind()))]
    pub async fn try_execute_task(&self) -> anyhow::Result<usize> {
        let claimed = outbox::claim_due(&self.db, &self.worker_id, self.lease, self.batch).await?;
        let outcomes: Vec<anyhow::Result<bool>> = futures_util::stream::iter(claimed)
            .map(|item| self.deliver(item))
            .buffer_unordered(self.concurrency.max(1))
            .collect()
            .await;
        let mut delivered = 0;
        for outcome in outcomes {
            if outcome? {
                delivered += 1;
            }
        }
        Ok(delivered)
    }

    /// The message as it goes: a sealed link put in where its placeholder stands. The stored
    /// message never holds it.
    fn unseal(&self, item: &outbox::ClaimedEmail) -> Result<redress_store::OutgoingEmail, String> {
        let mut email = item.email.clone();
        if let Some(sealed) = email.sealed_link.take() {
            let link =
                outbox::open_link(&self.data_key, &sealed, &email.to).map_err(|e| e.to_string())?;
            email.text = email.text.replace(LINK_PLACEHOLDER, &link);
            email.html = email
                .html
                .map(|h| h.replace(LINK_PLACEHOLDER, &html_attribute(&link)));
            // A digest's unsubscribe link (RFC 8058) is the sealed link too.
            email.list_unsubscribe = email
                .list_unsubscribe
                .map(|u| u.replace(LINK_PLACEHOLDER, &link));
        }
        Ok(email)
    }

    /// Delivers one claimed message and records the outcome. True when it was delivered.
    async fn deliver(&self, item: outbox::ClaimedEmail) -> anyhow::Result<bool> {
        let email = match self.unseal(&item) {
            Ok(e) => e,
            Err(reason) => {
                // Not the recipient's fault: no bounce; an admin sees it failed and why.
                tracing::error!(id = %item.id, error = %reason, "a message's sealed link could not be opened");
                outbox::mark_failed(&self.db, &item, &self.worker_id, &reason, 0).await?;
                return Ok(false);
            }
        };
        match self.mailer.send(&email).await {
            Ok(()) => {
                let marked = outbox::mark_sent(&self.db, item.id, &self.worker_id).await?;
                if marked {
                    metrics::counter!("redress_emails_sent_total").increment(1);
                }
                Ok(marked)
            }
            Err(err) => {
                let permanent = err.is_permanent();
                tracing::warn!(id = %item.id, attempts = item.attempts, permanent, error = %err, "email not delivered");
                metrics::counter!("redress_email_failures_total").increment(1);
                if permanent {
                    metrics::counter!("redress_email_bounces_total").increment(1);
                    outbox::mark_bounced(&self.db, &item, &self.worker_id, &err.to_string())
                        .await?;
                } else {
                    outbox::mark_failed(
                        &self.db,
                        &item,
                        &self.worker_id,
                        &err.to_string(),
                        self.max_attempts,
                    )
                    .await?;
                }
                if permanent || item.attempts >= self.max_attempts {
                    metrics::counter!("redress_emails_dead_total").increment(1);
                }
                Ok(false)
            }
        }
    }

    /// Runs until `shutdown` turns true, polling every `interval` while idle.
    pub async fn run_until_stopped(self, interval: Duration, mut shutdown: watch::Receiver<bool>) {
        // A batch is sent and recorded whole before the worker looks at the stop signal, so
        // it stops holding no message: nothing it claimed waits out a lease, or goes twice.
        loop {
            match self.try_execute_task().await {
                // With a backlog, the next batch at once, unless the process is stopping.
                Ok(n) if n > 0 && !*shutdown.borrow() => continue,
                Ok(n) if n > 0 => break,
                Ok(_) => {}
                Err(err) => tracing::error!(error = ?err, "outbox worker step failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
    }
}

/// A link as it may stand in an HTML attribute or text.
fn html_attribute(link: &str) -> String {
    link.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
