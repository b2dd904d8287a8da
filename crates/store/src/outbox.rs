//! The email outbox. A message is written in the same transaction as the change that causes
//! it, so nothing is sent for a change that did not happen and nothing is lost for one that
//! did. Delivery claims rows under a lease so that two server processes never send the same
//! message: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, on SQLite through its single writer.
//! A message whose lease lapses (its worker died mid-send) is claimed again later.

use crate::Result;
use crate::entities::outbox;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, Statement,
};
use uuid::Uuid;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
/// Given up after [`MAX_ATTEMPTS`]; kept for staff to see and resend.
pub const FAILED: &str = "failed";
pub const MAX_ATTEMPTS: i32 = 12;

/// An email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// A message claimed for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedEmail {
    pub id: Uuid,
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
    outbox::ActiveModel {
        id: Set(id),
        landlord_id: Set(landlord_id),
        recipient: Set(email.to),
        subject: Set(email.subject),
        text_body: Set(email.text),
        html_body: Set(email.html),
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
    let rows = outbox::Entity::find().from_raw_sql(stmt).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|m| ClaimedEmail {
            id: m.id,
            attempts: m.attempts,
            email: OutgoingEmail {
                to: m.recipient,
                subject: m.subject,
                text: m.text_body,
                html: m.html_body,
            },
        })
        .collect())
}

/// Records a delivery. Only the worker holding the claim may record it.
pub async fn mark_sent(db: &DatabaseConnection, id: Uuid, worker: &str) -> Result<bool> {
    let res = outbox::Entity::update_many()
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

/// Records a failed attempt: the message is tried again after a backoff, or given up after
/// [`MAX_ATTEMPTS`].
pub async fn mark_failed(
    db: &DatabaseConnection,
    claimed: &ClaimedEmail,
    worker: &str,
    error: &str,
) -> Result<()> {
    let give_up = claimed.attempts >= MAX_ATTEMPTS;
    let next = Utc::now() + backoff(claimed.attempts);
    outbox::Entity::update_many()
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
        .exec(db)
        .await?;
    Ok(())
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
}

/// The most recent messages, newest first.
pub async fn recent(db: &DatabaseConnection, limit: u64) -> Result<Vec<OutboxEntry>> {
    Ok(outbox::Entity::find()
        .order_by_desc(outbox::Column::CreatedAt)
        .paginate(db, limit)
        .fetch_page(0)
        .await?
        .into_iter()
        .map(|m| OutboxEntry {
            id: m.id,
            landlord_id: m.landlord_id,
            to: m.recipient,
            subject: m.subject,
            text: m.text_body,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
        })
        .collect())
}

/// How many messages are waiting to be sent (for `/metrics`).
pub async fn pending_count(db: &DatabaseConnection) -> Result<u64> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Status.eq(PENDING))
        .count(db)
        .await?)
}

/// Makes every pending message due now (tests and operators after an SMTP outage).
pub async fn make_all_due(db: &DatabaseConnection) -> Result<()> {
    outbox::Entity::update_many()
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
