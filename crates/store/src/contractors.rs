//! Contractor organisations that handle stage 1 for a landlord (Code 5.4, 5.5).

use crate::Conn;
use crate::entities::contractor;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contractor {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub created_at: DateTime<Utc>,
}

impl From<contractor::Model> for Contractor {
    fn from(m: contractor::Model) -> Self {
        Contractor {
            id: m.id,
            name: m.name,
            email: m.email,
            created_at: m.created_at,
        }
    }
}

pub async fn list(
    db: &impl Conn,
    scope: TenantScope,
    req: PageRequest,
) -> Result<Page<Contractor>> {
    let mut q = tenant::find::<contractor::Entity>(scope).order_by_asc(contractor::Column::Id);
    if let Some(after) = req.after {
        q = q.filter(contractor::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(Contractor::from)
        .collect();
    Ok(Page::from_rows(rows, req, |c: &Contractor| c.id))
}

pub async fn get(db: &impl Conn, scope: TenantScope, id: Uuid) -> Result<Contractor> {
    tenant::find_by_id::<contractor::Entity>(scope, id)
        .one(db)
        .await?
        .map(Contractor::from)
        .ok_or(StoreError::NotFound)
}

pub async fn create(
    db: &impl Conn,
    scope: TenantScope,
    name: String,
    email: String,
) -> Result<Contractor> {
    contractor::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        name: Set(name),
        email: Set(email),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .map(Contractor::from)
    .map_err(name_taken)
}

/// The only unique key a contractor can break is its name within the landlord.
fn name_taken(e: sea_orm::DbErr) -> StoreError {
    match StoreError::from(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict("a contractor with this name already exists".into())
        }
        other => other,
    }
}

pub async fn update(
    db: &impl Conn,
    scope: TenantScope,
    id: Uuid,
    name: Option<String>,
    email: Option<String>,
) -> Result<Contractor> {
    let model = tenant::find_by_id::<contractor::Entity>(scope, id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut a: contractor::ActiveModel = model.into();
    if let Some(name) = name {
        a.name = Set(name);
    }
    if let Some(email) = email {
        a.email = Set(email);
    }
    a.update(db).await.map(Contractor::from).map_err(name_taken)
}

/// Every contractor organisation of the landlord, as (id, name), for the dashboards.
pub async fn all(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<Vec<(Uuid, String)>> {
    Ok(tenant::find::<contractor::Entity>(scope)
        .select_only()
        .column(contractor::Column::Id)
        .column(contractor::Column::Name)
        .into_tuple()
        .all(conn)
        .await?)
}
