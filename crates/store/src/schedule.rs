//! What the scheduler has done, kept so that every digest and reminder is sent once however
//! many server processes share the database and however often they restart.
//!
//! Two tables do the work. `scheduler_runs` holds one row per job and period, claimed under a
//! lease: one process does a period's work, and if it dies another takes over once the lease
//! lapses. `scheduled_sends` holds one row per message sent, keyed by what the message is for
//! (a recipient and a period, or a recipient, an item and an occasion); the row is written in
//! the same transaction as the outbox row, so a message is queued exactly when its key is new.
//! The run claim saves repeated work; the send key is what guarantees "once".
//!
//! Both are plain upserts that PostgreSQL and SQLite run alike, which is why no job-queue crate
//! sits here: a queue would bring its own schema and connection pool for each database, and
//! our need is not a queue but "once per period", which a unique key in the same transaction
//! as the outbox row gives exactly.

use crate::Result;
use crate::sql::statement;
use crate::tenant::global;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// Claims `job` for `period` in the name of `worker` for `lease`. True when this worker
/// should do the work: nobody had claimed it, or a claim lapsed without finishing.
pub async fn claim_run(
    conn: &impl ConnectionTrait,
    job: &str,
    period: &str,
    worker: &str,
    lease: Duration,
) -> Result<bool> {
    let now = Utc::now();
    let until: DateTime<Utc> = now + lease;
    let stmt = statement(
        conn.get_database_backend(),
        "INSERT INTO scheduler_runs (job, period, claimed_by, claimed_until, finished_at) \
         VALUES (?, ?, ?, ?, NULL) \
         ON CONFLICT (job, period) DO UPDATE SET claimed_by = excluded.claimed_by, \
           claimed_until = excluded.claimed_until \
         WHERE scheduler_runs.finished_at IS NULL AND scheduler_runs.claimed_until < ?",
        vec![
            job.into(),
            period.into(),
            worker.into(),
            until.into(),
            now.into(),
        ],
    );
    Ok(conn.execute_raw(stmt).await?.rows_affected() == 1)
}

/// Marks a claimed run finished, so no process does it again.
pub async fn finish_run(
    conn: &impl ConnectionTrait,
    job: &str,
    period: &str,
    worker: &str,
) -> Result<()> {
    let stmt = statement(
        conn.get_database_backend(),
        "UPDATE scheduler_runs SET finished_at = ? WHERE job = ? AND period = ? AND claimed_by = ?",
        vec![Utc::now().into(), job.into(), period.into(), worker.into()],
    );
    conn.execute_raw(stmt).await?;
    Ok(())
}

/// Records that the message named `key` is being sent, on the caller's transaction. True
/// when the key is new (send it); false when it was sent before (do not). On PostgreSQL a
/// concurrent transaction holding the same key makes this wait for it and then answer false.
pub async fn record_send(
    conn: &impl ConnectionTrait,
    key: &str,
    landlord_id: Option<Uuid>,
) -> Result<bool> {
    let stmt = statement(
        conn.get_database_backend(),
        "INSERT INTO scheduled_sends (\"key\", landlord_id, created_at) VALUES (?, ?, ?) \
         ON CONFLICT (\"key\") DO NOTHING",
        vec![key.into(), landlord_id.into(), Utc::now().into()],
    );
    Ok(conn.execute_raw(stmt).await?.rows_affected() == 1)
}

/// Whether a message with this key has been sent (for tests and operators).
pub async fn was_sent(conn: &impl ConnectionTrait, key: &str) -> Result<bool> {
    let stmt = statement(
        conn.get_database_backend(),
        "SELECT 1 FROM scheduled_sends WHERE \"key\" = ?",
        vec![key.into()],
    );
    Ok(conn.query_one_raw(stmt).await?.is_some())
}

/// Forgets the sends whose key starts with `prefix`, so that they may be sent again: for an
/// operator re-sending a period's digests, and for the digest benchmark. Returns how many.
pub async fn forget(conn: &impl ConnectionTrait, prefix: &str) -> Result<u64> {
    let pattern = format!(
        "{}%",
        prefix
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let stmt = statement(
        conn.get_database_backend(),
        "DELETE FROM scheduled_sends WHERE \"key\" LIKE ? ESCAPE '\\'",
        vec![pattern.into()],
    );
    Ok(conn.execute_raw(stmt).await?.rows_affected())
}

/// When a run of `job` last finished, for any period (monitoring: an overdue scheduler).
pub async fn last_finished(
    conn: &impl ConnectionTrait,
    job: &str,
) -> Result<Option<DateTime<Utc>>> {
    use crate::entities::scheduler_run;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    Ok(global::find::<scheduler_run::Entity>()
        .filter(scheduler_run::Column::Job.eq(job))
        .filter(scheduler_run::Column::FinishedAt.is_not_null())
        .order_by_desc(scheduler_run::Column::FinishedAt)
        .one(conn)
        .await?
        .and_then(|r| r.finished_at))
}
