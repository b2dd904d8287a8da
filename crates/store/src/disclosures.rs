//! Disabilities and vulnerabilities a resident has disclosed (Code 3.1, 5.10). Special-category
//! data: the API lets only those who need it read it, and audits every read.

use crate::entities::{complaint, disclosure, resident};
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

/// A disclosure to record. Values are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDisclosure {
    /// `disability`, `mental_health`, `physical_health`, `vulnerability` or `other`.
    pub kind: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    pub id: Uuid,
    pub resident_id: Uuid,
    pub kind: String,
    pub description: String,
    pub recorded_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<disclosure::Model> for Disclosure {
    fn from(m: disclosure::Model) -> Self {
        Disclosure {
            id: m.id,
            resident_id: m.resident_id,
            kind: m.kind,
            description: m.description,
            recorded_by: m.recorded_by,
            created_at: m.created_at,
        }
    }
}

/// The resident must be this landlord's; another landlord's is `NotFound`.
pub async fn resident_exists(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
) -> Result<()> {
    tenant::find_by_id::<resident::Entity>(scope, resident_id)
        .one(conn)
        .await?
        .map(|_| ())
        .ok_or(StoreError::NotFound)
}

/// Whether `user_id` handles (at stage 1 or 2) one of the resident's complaints that is still
/// open, i.e. neither `closed` nor `not_accepted`: such a handler needs the resident's
/// disclosures to make adjustments (Code 3.1).
#[tracing::instrument(skip(conn))]
pub async fn handles_open_complaint(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    user_id: Uuid,
) -> Result<bool> {
    let n = tenant::find::<complaint::Entity>(scope)
        .filter(complaint::Column::ResidentId.eq(resident_id))
        .filter(complaint::Column::Status.is_not_in(["closed", "not_accepted"]))
        .filter(
            Condition::any()
                .add(complaint::Column::Stage1HandlerId.eq(user_id))
                .add(complaint::Column::Stage2HandlerId.eq(user_id)),
        )
        .count(conn)
        .await?;
    Ok(n > 0)
}

/// Records a disclosure for one of the landlord's residents.
#[tracing::instrument(skip(conn, new))]
pub async fn insert(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    new: NewDisclosure,
    recorded_by: Option<Uuid>,
) -> Result<Disclosure> {
    resident_exists(conn, scope, resident_id).await?;
    let m = disclosure::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        resident_id: Set(resident_id),
        kind: Set(new.kind),
        description: Set(new.description),
        recorded_by: Set(recorded_by),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(m.into())
}

/// The resident's disclosures in the order they were recorded.
#[tracing::instrument(skip(conn))]
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    req: PageRequest,
) -> Result<Page<Disclosure>> {
    resident_exists(conn, scope, resident_id).await?;
    let mut q = tenant::find::<disclosure::Entity>(scope)
        .filter(disclosure::Column::ResidentId.eq(resident_id))
        .order_by_asc(disclosure::Column::Id);
    if let Some(after) = req.after {
        q = q.filter(disclosure::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(Disclosure::from)
        .collect();
    Ok(Page::from_rows(rows, req, |d: &Disclosure| d.id))
}
