//! Who may reach a complaint: its allocation, a contractor's link to a resident, and the
//! resident's private tracking link (docs/roles.md; docs/rules.md, "What residents can do
//! online").

use crate::entities::complaint;
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// Who a complaint is allocated to; `NotFound` for no such complaint of the landlord.
pub async fn allocation(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<redress_domain::roles::Allocation> {
    let (stage1_handler, stage2_handler, contractor) = tenant::find::<complaint::Entity>(scope)
        .select_only()
        .column(complaint::Column::Stage1HandlerId)
        .column(complaint::Column::Stage2HandlerId)
        .column(complaint::Column::ContractorId)
        .filter(complaint::Column::Id.eq(id))
        .into_tuple::<(Option<Uuid>, Option<Uuid>, Option<Uuid>)>()
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(redress_domain::roles::Allocation {
        stage1_handler,
        stage2_handler,
        contractor,
    })
}

/// Whether the resident has a complaint allocated to the contractor organisation: what a
/// contractor's users need before they may read the resident's adjustments or restrictions.
pub async fn resident_has_contractor_case(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    contractor_id: Uuid,
) -> Result<bool> {
    Ok(tenant::find::<complaint::Entity>(scope)
        .select_only()
        .column(complaint::Column::Id)
        .filter(complaint::Column::ResidentId.eq(resident_id))
        .filter(complaint::Column::ContractorId.eq(contractor_id))
        .into_tuple::<Uuid>()
        .one(conn)
        .await?
        .is_some())
}

/// Keeps the SHA-256 of the resident's tracking token (docs/rules.md, "What residents can do
/// online"), on the caller's transaction.
pub async fn set_tracking_token(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
    token_hash: &str,
) -> Result<()> {
    let updated = tenant::update_many::<complaint::Entity>(scope)
        .col_expr(
            complaint::Column::TrackingTokenHash,
            Expr::value(token_hash.to_owned()),
        )
        .filter(complaint::Column::Id.eq(id))
        .exec(conn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The complaint whose tracking token has this SHA-256 (docs/rules.md, "What residents can do
/// online"), with the day it closed (a link lasts a while after that).
pub async fn find_by_tracking_token(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    token_hash: &str,
) -> Result<(Uuid, Option<NaiveDate>)> {
    tenant::find::<complaint::Entity>(scope)
        .select_only()
        .column(complaint::Column::Id)
        .column(complaint::Column::ClosedOn)
        .filter(complaint::Column::TrackingTokenHash.eq(token_hash))
        .into_tuple::<(Uuid, Option<NaiveDate>)>()
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}
