//! The Ombudsman's request that a landlord submit its annual documents again after a
//! significant change, with the new date it gave (docs/rules.md, "The annual submission").

use crate::entities::resubmission;
use crate::tenant;
use crate::{Result, TenantScope};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, Set, TransactionSession,
    TransactionTrait,
};
use uuid::Uuid;

/// A re-submission asked for, for one financial year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resubmission {
    pub year: i32,
    pub due_on: NaiveDate,
    pub reason: String,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

impl From<resubmission::Model> for Resubmission {
    fn from(m: resubmission::Model) -> Self {
        Resubmission {
            year: m.year,
            due_on: m.due_on,
            reason: m.reason,
            recorded_by: m.recorded_by,
            recorded_at: m.recorded_at,
        }
    }
}

/// The re-submission asked for the year, if any.
pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
) -> Result<Option<Resubmission>> {
    Ok(tenant::find_by_id::<resubmission::Entity>(scope, year)
        .one(conn)
        .await?
        .map(Resubmission::from))
}

/// Records the re-submission asked for the year, replacing one recorded before; answers the
/// one replaced.
pub async fn record<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    year: i32,
    due_on: NaiveDate,
    reason: &str,
    by: Option<Uuid>,
) -> Result<Option<Resubmission>> {
    let txn = crate::db::begin_write_on(db).await?;
    let before = get(&txn, scope, year).await?;
    tenant::delete_many::<resubmission::Entity>(scope)
        .filter(resubmission::Column::Year.eq(year))
        .exec(&txn)
        .await?;
    resubmission::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        year: Set(year),
        due_on: Set(due_on),
        reason: Set(reason.to_owned()),
        recorded_by: Set(by),
        recorded_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(before)
}
