//! Counters in fixed windows, kept in the database so that every replica behind a proxy
//! counts the same attempts (sign-in failures, MFA codes, password resets, residents' forms).
//! A key's row is reset when its window has passed and deleted by [`prune`]; so the table
//! holds one row per key seen within the longest window, whatever the traffic.

use crate::Result;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// A key's count in its current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub count: u32,
    /// When the window ends and the count starts again from nothing.
    pub resets_at: DateTime<Utc>,
}

impl Window {
    fn empty(now: DateTime<Utc>) -> Self {
        Window {
            count: 0,
            resets_at: now,
        }
    }
}

/// Adds one to the key's count in its window (a window of `length` starting now when the
/// last one has passed), and returns the count with the window's end.
#[tracing::instrument(skip(conn))]
pub async fn hit(conn: &impl ConnectionTrait, key: &str, length: Duration) -> Result<Window> {
    let now = Utc::now();
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO rate_limits (\"key\", window_started_at, count, expires_at) \
             VALUES ($1, $2, 1, $3) \
             ON CONFLICT (\"key\") DO UPDATE SET \
               count = CASE WHEN rate_limits.expires_at <= $2 THEN 1 ELSE rate_limits.count + 1 END, \
               window_started_at = CASE WHEN rate_limits.expires_at <= $2 THEN $2 ELSE rate_limits.window_started_at END, \
               expires_at = CASE WHEN rate_limits.expires_at <= $2 THEN $3 ELSE rate_limits.expires_at END \
             RETURNING count, expires_at"
        }
        _ => {
            "INSERT INTO rate_limits (\"key\", window_started_at, count, expires_at) \
             VALUES (?1, ?2, 1, ?3) \
             ON CONFLICT (\"key\") DO UPDATE SET \
               count = CASE WHEN rate_limits.expires_at <= ?2 THEN 1 ELSE rate_limits.count + 1 END, \
               window_started_at = CASE WHEN rate_limits.expires_at <= ?2 THEN ?2 ELSE rate_limits.window_started_at END, \
               expires_at = CASE WHEN rate_limits.expires_at <= ?2 THEN ?3 ELSE rate_limits.expires_at END \
             RETURNING count, expires_at"
        }
    };
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [key.into(), now.into(), (now + length).into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => Window {
            count: u32::try_from(row.try_get_by_index::<i32>(0)?).unwrap_or(0),
            resets_at: row.try_get_by_index::<DateTime<Utc>>(1)?,
        },
        None => Window::empty(now),
    })
}

/// The key's count in its current window (nothing when the window has passed).
pub async fn get(conn: &impl ConnectionTrait, key: &str) -> Result<Window> {
    let now = Utc::now();
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT count, expires_at FROM rate_limits WHERE \"key\" = $1 AND expires_at > $2"
        }
        _ => "SELECT count, expires_at FROM rate_limits WHERE \"key\" = ?1 AND expires_at > ?2",
    };
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [key.into(), now.into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => Window {
            count: u32::try_from(row.try_get_by_index::<i32>(0)?).unwrap_or(0),
            resets_at: row.try_get_by_index::<DateTime<Utc>>(1)?,
        },
        None => Window::empty(now),
    })
}

/// Takes one back from the key's count (an attempt counted beforehand that succeeded).
pub async fn take_back(conn: &impl ConnectionTrait, key: &str) -> Result<()> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "UPDATE rate_limits SET count = count - 1 WHERE \"key\" = $1 AND count > 0"
        }
        _ => "UPDATE rate_limits SET count = count - 1 WHERE \"key\" = ?1 AND count > 0",
    };
    conn.execute_raw(Statement::from_sql_and_values(backend, sql, [key.into()]))
        .await?;
    Ok(())
}

/// Forgets the key's count (a successful sign-in clears the account's failures).
pub async fn clear(conn: &impl ConnectionTrait, key: &str) -> Result<()> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "DELETE FROM rate_limits WHERE \"key\" = $1",
        _ => "DELETE FROM rate_limits WHERE \"key\" = ?1",
    };
    conn.execute_raw(Statement::from_sql_and_values(backend, sql, [key.into()]))
        .await?;
    Ok(())
}

/// Deletes the rows whose window has passed. Returns how many.
#[tracing::instrument(skip(conn))]
pub async fn prune(conn: &impl ConnectionTrait) -> Result<u64> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "DELETE FROM rate_limits WHERE expires_at <= $1",
        _ => "DELETE FROM rate_limits WHERE expires_at <= ?1",
    };
    let res = conn
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [Utc::now().into()],
        ))
        .await?;
    Ok(res.rows_affected())
}
