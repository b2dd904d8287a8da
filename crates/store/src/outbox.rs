//! The email outbox. A message is written in the same transaction as the change that causes
//! it, so nothing is sent for a change that did not happen and nothing is lost for one that
//! did. Delivery claims rows under a lease so that two server processes never send the same
//! message: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, on SQLite through its single writer.
//! A message whose lease lapses (its worker died mid-send) is claimed again later.
//!
//! A message that keeps failing is tried again with a doubling backoff until the worker's
//! attempt limit, then kept as a dead letter (`failed`) that a landlord admin can see and
//! send again. A permanent refusal (a 5xx answer, an address that cannot be parsed) fails the
//! message at once and records a bounce against the address (see [`crate::bounces`]).

use crate::entities::outbox;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Purpose, Scoped};
use crate::{Result, StoreError, TenantScope, bounces};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
/// Given up after the attempt limit, or refused for good; kept for staff to see and resend.
pub const FAILED: &str = "failed";
/// Every status a message can have.
pub const STATUSES: [&str; 3] = [PENDING, SENT, FAILED];
/// The attempt limit when none is configured.
pub const MAX_ATTEMPTS: i32 = 12;

/// An email to send.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// A one-click unsubscribe URL (RFC 8058) for optional mail such as digests; statutory
    /// letters to residents never carry one.
    pub list_unsubscribe: Option<String>,
    /// A link only the recipient may see (a tracking link, a password reset), sealed with the
    /// server's data key. The text and HTML carry [`LINK_PLACEHOLDER`] where it goes; the
    /// worker puts the link in as it sends, so the stored message never shows it.
    pub sealed_link: Option<String>,
    /// The outbox row the message is sent from, set by the worker. It makes the Message-ID,
    /// so a message tried again after an interrupted send carries the same one and the
    /// receiving side can tell it from a new message.
    pub outbox_id: Option<Uuid>,
    /// Images the HTML shows by `cid:` reference (the charts of the MRC's digest), sent as
    /// inline parts of a `multipart/related` body (RFC 2387, RFC 2392).
    pub inline: Vec<InlineImage>,
}

/// An image shown inline in a message's HTML as `<img src="cid:{cid}">`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineImage {
    /// The Content-ID, without angle brackets.
    pub cid: String,
    /// The media type, `image/png`.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// How inline images are kept in the outbox row: JSON with the bytes in base64.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredImage {
    cid: String,
    content_type: String,
    base64: String,
}

fn store_images(images: &[InlineImage]) -> Result<Option<String>> {
    use base64::Engine as _;
    if images.is_empty() {
        return Ok(None);
    }
    let stored: Vec<StoredImage> = images
        .iter()
        .map(|i| StoredImage {
            cid: i.cid.clone(),
            content_type: i.content_type.clone(),
            base64: base64::engine::general_purpose::STANDARD.encode(&i.bytes),
        })
        .collect();
    serde_json::to_string(&stored)
        .map(Some)
        .map_err(|e| crate::error::corrupt("outbox.inline_images", e))
}

/// The images of a stored row; a row whose images cannot be read is sent without them
/// rather than not at all (its HTML's alt text and tables carry the same figures).
fn stored_images(column: Option<&str>) -> Vec<InlineImage> {
    use base64::Engine as _;
    let Some(json) = column else {
        return Vec::new();
    };
    let Ok(stored) = serde_json::from_str::<Vec<StoredImage>>(json) else {
        tracing::error!("an outbox row's inline images could not be read; sent without them");
        return Vec::new();
    };
    stored
        .into_iter()
        .filter_map(|s| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s.base64)
                .ok()?;
            Some(InlineImage {
                cid: s.cid,
                content_type: s.content_type,
                bytes,
            })
        })
        .collect()
}

/// Where a sealed link goes in a message's text and HTML, and what anyone reading the
/// stored message (staff, the correspondence record) sees instead of it. Nothing in it is
/// changed by HTML escaping.
pub const LINK_PLACEHOLDER: &str = "[private link, sent only to the recipient]";

/// What a message's link is sealed for: its recipient, so a sealed link copied onto a
/// message to someone else does not open.
fn link_context(to: &str) -> String {
    format!("link for {to}")
}

/// Seals a link only `to` may see, for [`OutgoingEmail::sealed_link`].
pub fn seal_link(
    key: &crate::seal::DataKey,
    link: &str,
    to: &str,
) -> Result<String, crate::seal::Unsealable> {
    key.seal(link, &link_context(to))
}

/// Opens a link sealed by [`seal_link`] for the same recipient.
pub fn open_link(
    key: &crate::seal::DataKey,
    sealed: &str,
    to: &str,
) -> Result<String, crate::seal::Unsealable> {
    key.open(sealed, &link_context(to))
}

/// A message claimed for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedEmail {
    pub id: Uuid,
    /// The landlord the message was sent for; `None` for the platform's own mail.
    pub landlord_id: Option<Uuid>,
    pub attempts: i32,
    pub email: OutgoingEmail,
}

/// Writes a message to the outbox, on the caller's connection or transaction.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    landlord_id: Option<Uuid>,
    email: OutgoingEmail,
) -> Result<Uuid> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    let inline_images = store_images(&email.inline)?;
    outbox::ActiveModel {
        id: Set(id),
        landlord_id: Set(landlord_id),
        recipient: Set(email.to),
        subject: Set(email.subject),
        text_body: Set(email.text),
        html_body: Set(email.html),
        list_unsubscribe: Set(email.list_unsubscribe),
        sealed_link: Set(email.sealed_link),
        inline_images: Set(inline_images),
        status: Set(PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_by: Set(None),
        claimed_until: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// Claims up to `limit` messages that are due, for `lease`, in the name of `worker`.
#[tracing::instrument(skip(db))]
pub async fn claim_due(
    db: &DatabaseConnection,
    worker: &str,
    lease: Duration,
    limit: u32,
) -> Result<Vec<ClaimedEmail>> {
    let db = &Scoped::all_landlords(db, Purpose::OutboxWorker);
    let now = Utc::now();
    let until = now + lease;
    let backend = db.get_database_backend();
    let stmt = match backend {
        DatabaseBackend::Postgres => Statement::from_sql_and_values(
            backend,
            "UPDATE outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $3 \
               AND (claimed_until IS NULL OR claimed_until < $3) \
               ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING *",
            [
                worker.into(),
                until.into(),
                now.into(),
                i64::from(limit).into(),
            ],
        ),
        _ => Statement::from_sql_and_values(
            backend,
            "UPDATE outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? \
               AND (claimed_until IS NULL OR claimed_until < ?) \
               ORDER BY created_at LIMIT ?) \
             RETURNING *",
            [
                worker.into(),
                until.into(),
                now.into(),
                now.into(),
                i64::from(limit).into(),
            ],
        ),
    };
    let rows = tenant::across_landlords::<outbox::Entity>(Purpose::OutboxWorker)
        .from_raw_sql(stmt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| ClaimedEmail {
            id: m.id,
            landlord_id: m.landlord_id,
            attempts: m.attempts,
            email: OutgoingEmail {
                inline: stored_images(m.inline_images.as_deref()),
                outbox_id: Some(m.id),
                to: m.recipient,
                subject: m.subject,
                text: m.text_body,
                html: m.html_body,
                list_unsubscribe: m.list_unsubscribe,
                sealed_link: m.sealed_link,
            },
        })
        .collect())
}

/// Records a delivery. Only the worker holding the claim may record it.
pub async fn mark_sent(db: &DatabaseConnection, id: Uuid, worker: &str) -> Result<bool> {
    let db = &Scoped::all_landlords(db, Purpose::OutboxWorker);
    let res = tenant::update_across_landlords::<outbox::Entity>(Purpose::OutboxWorker)
        .col_expr(outbox::Column::Status, Expr::value(SENT))
        .col_expr(outbox::Column::SentAt, Expr::value(Utc::now()))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        // The recipient has it now; nothing keeps it any longer.
        .col_expr(
            outbox::Column::SealedLink,
            Expr::value(Option::<String>::None),
        )
        // Nor the images: the stored HTML keeps each chart's alt text and figures, and the
        // charts are drawn again from the records whenever they are wanted.
        .col_expr(
            outbox::Column::InlineImages,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::ClaimedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Backoff before the next attempt: 30 s, 1 min, 2 min... capped at 1 hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    Duration::seconds((30_i64 * 2_i64.pow(exp)).min(3600))
}

/// Records a failed attempt: the message is tried again after a backoff, or given up once
/// `max_attempts` attempts have failed.
pub async fn mark_failed(
    db: &DatabaseConnection,
    claimed: &ClaimedEmail,
    worker: &str,
    error: &str,
    max_attempts: i32,
) -> Result<()> {
    let db = &Scoped::all_landlords(db, Purpose::OutboxWorker);
    let give_up = claimed.attempts >= max_attempts;
    record_failure(db, claimed, worker, error, give_up).await?;
    Ok(())
}

/// Records a permanent refusal: the message fails at once, without retries, and a bounce is
/// recorded against its address, in one transaction. Only the worker holding the claim may
/// record it.
pub async fn mark_bounced(
    db: &DatabaseConnection,
    claimed: &ClaimedEmail,
    worker: &str,
    reason: &str,
) -> Result<()> {
    let db = &Scoped::all_landlords(db, Purpose::OutboxWorker);
    let txn = crate::db::begin_write(db).await?;
    if record_failure(&txn, claimed, worker, reason, true).await? {
        bounces::record(
            &txn,
            claimed.landlord_id,
            &claimed.email.to,
            reason,
            Some(claimed.id),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Whether the claim was still this worker's.
async fn record_failure(
    conn: &impl ConnectionTrait,
    claimed: &ClaimedEmail,
    worker: &str,
    error: &str,
    give_up: bool,
) -> Result<bool> {
    let next = Utc::now() + backoff(claimed.attempts);
    let res = tenant::update_across_landlords::<outbox::Entity>(Purpose::OutboxWorker)
        .col_expr(
            outbox::Column::Status,
            Expr::value(if give_up { FAILED } else { PENDING }),
        )
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::LastError, Expr::value(error.to_owned()))
        .filter(outbox::Column::Id.eq(claimed.id))
        .filter(outbox::Column::ClaimedBy.eq(worker))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A message as staff and tests see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: Uuid,
    pub landlord_id: Option<Uuid>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
}

impl From<outbox::Model> for OutboxEntry {
    fn from(m: outbox::Model) -> Self {
        OutboxEntry {
            id: m.id,
            landlord_id: m.landlord_id,
            to: m.recipient,
            subject: m.subject,
            text: m.text_body,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
            next_attempt_at: m.next_attempt_at,
        }
    }
}

/// The most recent messages, newest first.
pub async fn recent(db: &DatabaseConnection, limit: u64) -> Result<Vec<OutboxEntry>> {
    let db = &Scoped::all_landlords(db, Purpose::Operator);
    Ok(
        tenant::across_landlords::<outbox::Entity>(Purpose::Operator)
            .order_by_desc(outbox::Column::CreatedAt)
            .order_by_desc(outbox::Column::Id)
            .paginate(db, limit)
            .fetch_page(0)
            .await?
            .into_iter()
            .map(OutboxEntry::from)
            .collect(),
    )
}

/// The landlord's messages, newest first, optionally with one status.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    status: Option<&str>,
    req: PageRequest,
) -> Result<Page<OutboxEntry>> {
    let mut q = tenant::find::<outbox::Entity>(scope).order_by_desc(outbox::Column::Id);
    if let Some(status) = status {
        q = q.filter(outbox::Column::Status.eq(status));
    }
    if let Some(after) = req.after {
        q = q.filter(outbox::Column::Id.lt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(OutboxEntry::from)
        .collect();
    Ok(Page::from_rows(rows, req, |e: &OutboxEntry| e.id))
}

/// Sends a dead letter again: a `failed` message of the landlord's goes back to `pending`,
/// due now, with its attempts counted afresh. Anything else is a conflict.
pub async fn retry(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<OutboxEntry> {
    let found = tenant::find::<outbox::Entity>(scope)
        .filter(outbox::Column::Id.eq(id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let not_failed =
        || StoreError::Conflict("only a message that has failed can be retried".into());
    if found.status != FAILED {
        return Err(not_failed());
    }
    let now = Utc::now();
    let res = tenant::update_many::<outbox::Entity>(scope)
        .col_expr(outbox::Column::Status, Expr::value(PENDING))
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(
            outbox::Column::ClaimedBy,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(FAILED))
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Err(not_failed());
    }
    Ok(OutboxEntry {
        status: PENDING.to_owned(),
        attempts: 0,
        next_attempt_at: now,
        ..found.into()
    })
}

/// The sealed link a message keeps for its recipient, until it is sent (tests and operators'
/// checks; the link is never shown to staff).
pub async fn sealed_link(db: &DatabaseConnection, id: Uuid) -> Result<Option<String>> {
    let db = &Scoped::all_landlords(db, Purpose::Operator);
    Ok(
        tenant::find_by_id_across_landlords::<outbox::Entity>(Purpose::Operator, id)
            .one(db)
            .await?
            .and_then(|m| m.sealed_link),
    )
}

/// How many messages are waiting to be sent (for `/metrics`).
pub async fn pending_count(db: &DatabaseConnection) -> Result<u64> {
    let db = &Scoped::all_landlords(db, Purpose::Monitoring);
    Ok(
        tenant::across_landlords::<outbox::Entity>(Purpose::Monitoring)
            .filter(outbox::Column::Status.eq(PENDING))
            .count(db)
            .await?,
    )
}

/// What monitoring watches: the backlog, how long its oldest message has waited, and the
/// dead letters held for an admin to send again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Health {
    pub pending: u64,
    pub oldest_pending_since: Option<DateTime<Utc>>,
    pub dead: u64,
}

pub async fn health(db: &DatabaseConnection) -> Result<Health> {
    let pending = pending_count(db).await?;
    let db = &Scoped::all_landlords(db, Purpose::Monitoring);
    let oldest = tenant::across_landlords::<outbox::Entity>(Purpose::Monitoring)
        .filter(outbox::Column::Status.eq(PENDING))
        .order_by_asc(outbox::Column::CreatedAt)
        .one(db)
        .await?;
    Ok(Health {
        pending,
        oldest_pending_since: oldest.map(|m| m.created_at),
        dead: tenant::across_landlords::<outbox::Entity>(Purpose::Monitoring)
            .filter(outbox::Column::Status.eq(FAILED))
            .count(db)
            .await?,
    })
}

/// Makes every pending message due now (tests and operators after an SMTP outage).
pub async fn make_all_due(db: &DatabaseConnection) -> Result<()> {
    let db = &Scoped::all_landlords(db, Purpose::Operator);
    tenant::update_across_landlords::<outbox::Entity>(Purpose::Operator)
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(Utc::now()))
        .filter(outbox::Column::Status.eq(PENDING))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_and_stops_at_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(12), Duration::seconds(3600));
    }
}
