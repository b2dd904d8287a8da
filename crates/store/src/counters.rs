//! Per-landlord counters for human references, incremented atomically on both databases.

use crate::{Result, StoreError, TenantScope};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// The next value of the landlord's counter `name` (1, 2, 3...), on the caller's transaction.
pub async fn next(conn: &impl ConnectionTrait, scope: TenantScope, name: &str) -> Result<i64> {
    let backend = conn.get_database_backend();
    let (insert, update) = match backend {
        DbBackend::Postgres => (
            "INSERT INTO counters (landlord_id, name, value) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING",
            "UPDATE counters SET value = value + 1 WHERE landlord_id = $1 AND name = $2 RETURNING value",
        ),
        _ => (
            "INSERT INTO counters (landlord_id, name, value) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
            "UPDATE counters SET value = value + 1 WHERE landlord_id = ? AND name = ? RETURNING value",
        ),
    };
    let values = || [scope.landlord_id().into(), name.into()];
    conn.execute_raw(Statement::from_sql_and_values(backend, insert, values()))
        .await?;
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(backend, update, values()))
        .await?
        .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("counter not found".into())))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}
