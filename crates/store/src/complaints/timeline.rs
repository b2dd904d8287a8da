//! The timeline of a complaint: every event, oldest first, and the latest step of the
//! process.

use super::Event;
use crate::entities::complaint_event;
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Events that keep the record but are not steps of the process.
const RECORD_KEEPING_EVENTS: [&str; 10] = [
    "correspondence",
    crate::running_deadlines::DEADLINE_MOVED,
    "letter_posted",
    "attachment_added",
    "consent_evidence_attached",
    "remedy_updated",
    "action_updated",
    "additional_complaint_logged",
    crate::learning::LEARNING_LINKED,
    crate::learning::LEARNING_UNLINKED,
];

/// The effective date of the latest step of the process, so a new action is not dated
/// before it.
///
/// Only the actions of the process count: recording a letter, adding a file or updating a
/// remedy today does not stop an earlier acknowledgement being entered afterwards.
pub async fn last_action_on(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<NaiveDate> {
    tenant::find::<complaint_event::Entity>(scope)
        .filter(complaint_event::Column::ComplaintId.eq(id))
        .filter(complaint_event::Column::Kind.is_not_in(RECORD_KEEPING_EVENTS))
        .order_by_desc(complaint_event::Column::EffectiveOn)
        .one(conn)
        .await?
        .map(|e| e.effective_on)
        .ok_or(StoreError::NotFound)
}

/// The timeline, oldest first.
pub async fn timeline(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<Vec<Event>> {
    Ok(tenant::find::<complaint_event::Entity>(scope)
        .filter(complaint_event::Column::ComplaintId.eq(id))
        .order_by_asc(complaint_event::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| Event {
            id: m.id,
            kind: m.kind,
            stage: m.stage,
            effective_on: m.effective_on,
            recorded_at: m.recorded_at,
            actor_user_id: m.actor_user_id,
            data: serde_json::from_str(&m.data).unwrap_or(serde_json::Value::Null),
        })
        .collect())
}
