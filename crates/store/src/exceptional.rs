//! Exceptional circumstances (Code 8.5): a notice that the landlord cannot comply with the
//! Code for now (a cyber incident, say), with a timescale for returning to compliance. It
//! shows on the public page and in the dashboards while it is current.
//!
//! A landlord has at most one current notice: posting one ends the one before, and ending
//! it leaves none. Ended notices are kept, with who posted and ended them and when, and every
//! change is written to the audit log.

use crate::Conn;
use crate::entities::exceptional_circumstance as notice;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope, audit};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The audit kind of a notice posted (Code 8.5).
pub const POSTED: &str = "exceptional_circumstances.posted";
/// The audit kind of a notice ended.
pub const ENDED: &str = "exceptional_circumstances.ended";

/// A notice of exceptional circumstances (Code 8.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Notice {
    pub id: Uuid,
    /// What has happened and what it means for residents' complaints.
    #[schema(
        example = "A cyber incident has taken our systems offline. Complaints are being logged on paper and will be answered once systems return."
    )]
    pub description: String,
    /// When the landlord expects to comply with the Code again.
    pub expected_return_on: NaiveDate,
    pub posted_at: DateTime<Utc>,
    /// The landlord admin who posted it.
    pub posted_by: Option<Uuid>,
    /// When it was ended or replaced; null while current.
    pub ended_at: Option<DateTime<Utc>>,
    /// Who ended or replaced it.
    pub ended_by: Option<Uuid>,
}

impl Notice {
    pub fn is_current(&self) -> bool {
        self.ended_at.is_none()
    }
}

impl From<notice::Model> for Notice {
    fn from(m: notice::Model) -> Self {
        Notice {
            id: m.id,
            description: m.description,
            expected_return_on: m.expected_return_on,
            posted_at: m.posted_at,
            posted_by: m.posted_by,
            ended_at: m.ended_at,
            ended_by: m.ended_by,
        }
    }
}

/// A notice to post. Values are already validated (the return date is not in the past).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotice {
    pub description: String,
    pub expected_return_on: NaiveDate,
}

async fn current_model(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Option<notice::Model>> {
    Ok(tenant::find::<notice::Entity>(scope)
        .filter(notice::Column::EndedAt.is_null())
        .one(conn)
        .await?)
}

/// The landlord's current notice, if it has posted one and not ended it (Code 8.5).
#[tracing::instrument(skip(conn), fields(landlord = %scope.landlord_id()))]
pub async fn current(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<Option<Notice>> {
    Ok(current_model(conn, scope).await?.map(Notice::from))
}

/// Ends a notice, on the caller's transaction.
async fn end_model(
    conn: &impl ConnectionTrait,
    model: notice::Model,
    user_id: Uuid,
    at: DateTime<Utc>,
) -> Result<notice::Model> {
    let mut a: notice::ActiveModel = model.into();
    a.ended_at = Set(Some(at));
    a.ended_by = Set(Some(user_id));
    Ok(a.update(conn).await?)
}

/// Posts a notice, ending the current one if there is one; audited.
#[tracing::instrument(skip(db, new), fields(landlord = %scope.landlord_id()))]
pub async fn post(
    db: &impl Conn,
    scope: TenantScope,
    new: NewNotice,
    actor: &audit::Actor,
) -> Result<Notice> {
    let user_id = actor.user_id.ok_or(StoreError::NotFound)?;
    let txn = crate::db::begin_write(db).await?;
    let now = Utc::now();
    let replaced = match current_model(&txn, scope).await? {
        Some(m) => Some(end_model(&txn, m, user_id, now).await?),
        None => None,
    };
    let model = notice::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        description: Set(new.description),
        expected_return_on: Set(new.expected_return_on),
        posted_at: Set(now),
        posted_by: Set(Some(user_id)),
        ended_at: Set(None),
        ended_by: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(|e| match StoreError::from(e) {
        // Another post committed first: the partial unique index keeps one current notice.
        StoreError::Conflict(_) => StoreError::Conflict(
            "Another notice of exceptional circumstances was posted at the same moment; \
             reload it and post again if this one should replace it (Code 8.5)."
                .into(),
        ),
        other => other,
    })?;
    audit::record(
        &txn,
        scope,
        actor,
        POSTED,
        Some(model.id),
        serde_json::json!({
            "description": model.description,
            "expected_return_on": model.expected_return_on,
            "replaced": replaced.as_ref().map(|r| r.id),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(model.into())
}

/// Ends the current notice; `NotFound` when there is none. Audited.
#[tracing::instrument(skip(db), fields(landlord = %scope.landlord_id()))]
pub async fn end(db: &impl Conn, scope: TenantScope, actor: &audit::Actor) -> Result<Notice> {
    let user_id = actor.user_id.ok_or(StoreError::NotFound)?;
    let txn = crate::db::begin_write(db).await?;
    let model = current_model(&txn, scope)
        .await?
        .ok_or(StoreError::NotFound)?;
    let ended = end_model(&txn, model, user_id, Utc::now()).await?;
    audit::record(
        &txn,
        scope,
        actor,
        ENDED,
        Some(ended.id),
        serde_json::json!({
            "description": ended.description,
            "expected_return_on": ended.expected_return_on,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(ended.into())
}

/// Every notice the landlord has posted, current and ended, newest first.
#[tracing::instrument(skip(conn), fields(landlord = %scope.landlord_id()))]
pub async fn history(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    req: PageRequest,
) -> Result<Page<Notice>> {
    let mut q = tenant::find::<notice::Entity>(scope).order_by_desc(notice::Column::Id);
    if let Some(after) = req.after {
        q = q.filter(notice::Column::Id.lt(after));
    }
    let rows: Vec<Notice> = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(Notice::from)
        .collect();
    Ok(Page::from_rows(rows, req, |n: &Notice| n.id))
}
