//! Remedies and outstanding actions tracked to completion after a response (Code 6.6, 7.3).

use super::{NewEvent, OutstandingAction, Remedy, insert_event};
use crate::entities::{outstanding_action, remedy};
use crate::tenant;
use crate::{Result, StoreError, TenantScope, rollup};
use chrono::{NaiveDate, Utc};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{ActionStatus, RemedyStatus};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, TransactionSession, TransactionTrait};
use uuid::Uuid;

/// A change to a remedy (Code 7.3: tracked to completion).
#[derive(Debug, Clone, Default)]
pub struct RemedyChange {
    pub status: Option<RemedyStatus>,
    pub due_on: Option<Option<NaiveDate>>,
    pub owner: Option<Option<String>>,
    pub completed_on: Option<Option<NaiveDate>>,
}

pub async fn update_remedy<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    complaint_id: Uuid,
    remedy_id: Uuid,
    change: RemedyChange,
    event: NewEvent,
) -> Result<Remedy> {
    let txn = db.begin().await?;
    let rollup = rollup::begin_change(&txn, scope, calendar, Some(complaint_id)).await?;
    let m = tenant::find_by_id::<remedy::Entity>(scope, remedy_id)
        .one(&txn)
        .await?
        .filter(|m| m.complaint_id == complaint_id)
        .ok_or(StoreError::NotFound)?;
    let mut a: remedy::ActiveModel = m.into();
    if let Some(s) = change.status {
        a.status = Set(s.as_str().to_owned());
    }
    if let Some(v) = change.due_on {
        a.due_on = Set(v);
    }
    if let Some(v) = change.owner {
        a.owner = Set(v);
    }
    if let Some(v) = change.completed_on {
        a.completed_on = Set(v);
    }
    a.updated_at = Set(Utc::now());
    let updated = Remedy::try_from(a.update(&txn).await?)?;
    insert_event(&txn, scope, complaint_id, event).await?;
    if let Some(change) = rollup {
        change.finish(&txn, scope, calendar, complaint_id).await?;
    }
    super::due::refresh(&txn, scope, complaint_id).await?;
    txn.commit().await?;
    Ok(updated)
}

/// A change to an outstanding action (Code 6.6).
#[derive(Debug, Clone, Default)]
pub struct ActionChange {
    pub status: Option<ActionStatus>,
    pub due_on: Option<NaiveDate>,
    pub owner: Option<String>,
    pub completed_on: Option<Option<NaiveDate>>,
}

pub async fn update_action<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    complaint_id: Uuid,
    action_id: Uuid,
    change: ActionChange,
    event: NewEvent,
) -> Result<OutstandingAction> {
    let txn = db.begin().await?;
    let m = tenant::find_by_id::<outstanding_action::Entity>(scope, action_id)
        .one(&txn)
        .await?
        .filter(|m| m.complaint_id == complaint_id)
        .ok_or(StoreError::NotFound)?;
    let mut a: outstanding_action::ActiveModel = m.into();
    if let Some(s) = change.status {
        a.status = Set(s.as_str().to_owned());
    }
    if let Some(v) = change.due_on {
        a.due_on = Set(v);
    }
    if let Some(v) = change.owner {
        a.owner = Set(v);
    }
    if let Some(v) = change.completed_on {
        a.completed_on = Set(v);
    }
    a.updated_at = Set(Utc::now());
    let updated = OutstandingAction::try_from(a.update(&txn).await?)?;
    insert_event(&txn, scope, complaint_id, event).await?;
    super::due::refresh(&txn, scope, complaint_id).await?;
    txn.commit().await?;
    Ok(updated)
}
