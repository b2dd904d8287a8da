//! Per-landlord counters for human references, incremented atomically on both databases.

use crate::{Result, StoreError, TenantScope};
use sea_orm::ConnectionTrait;

/// The next value of the landlord's counter `name` (1, 2, 3...), on the caller's transaction.
/// One statement: the first use inserts 1, every later one adds 1 under the row's lock.
pub async fn next(conn: &impl ConnectionTrait, scope: TenantScope, name: &str) -> Result<i64> {
    let row = conn
        .query_one_raw(crate::sql::statement(
            conn.get_database_backend(),
            "INSERT INTO counters (landlord_id, name, value) VALUES (?, ?, 1) \
             ON CONFLICT (landlord_id, name) DO UPDATE SET value = counters.value + 1 \
             RETURNING value",
            vec![scope.landlord_id().into(), name.into()],
        ))
        .await?
        .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("counter not found".into())))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}
