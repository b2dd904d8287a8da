//! The landlord's append-only audit log.

use crate::entities::audit_entry;
use crate::page::{Page, PageRequest};
use crate::{Result, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub kind: String,
    pub subject_id: Option<Uuid>,
    pub detail: serde_json::Value,
}

/// Writes an entry, on the caller's connection or transaction.
pub async fn record(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    actor: Option<Uuid>,
    kind: &str,
    subject: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<()> {
    audit_entry::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        occurred_at: Set(Utc::now()),
        actor_user_id: Set(actor),
        kind: Set(kind.to_owned()),
        subject_id: Set(subject),
        detail: Set(detail.to_string()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Newest first, optionally of one kind.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    kind: Option<&str>,
    req: PageRequest,
) -> Result<Page<AuditEntry>> {
    let mut q = audit_entry::Entity::find()
        .filter(audit_entry::Column::LandlordId.eq(scope.landlord_id()))
        .order_by_desc(audit_entry::Column::Id);
    if let Some(kind) = kind {
        q = q.filter(audit_entry::Column::Kind.eq(kind));
    }
    if let Some(after) = req.after {
        q = q.filter(audit_entry::Column::Id.lt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| AuditEntry {
            id: m.id,
            occurred_at: m.occurred_at,
            actor_user_id: m.actor_user_id,
            kind: m.kind,
            subject_id: m.subject_id,
            detail: serde_json::from_str(&m.detail).unwrap_or(serde_json::Value::Null),
        })
        .collect();
    Ok(Page::from_rows(rows, req, |e: &AuditEntry| e.id))
}
