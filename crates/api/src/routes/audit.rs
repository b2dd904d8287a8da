//! The landlord's audit log (landlord admins): who read what that must be accounted for.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::LandlordAdmins;
use crate::error::{ApiError, Problem};
use crate::page::{Page, PageQuery};
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    /// e.g. `complaint.read` (the MRC opening a case file).
    pub kind: String,
    pub subject_id: Option<Uuid>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub kind: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The audit log, newest first.
#[utoipa::path(
    operation_id = "audit_list",
    tag = "audit",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), AuditQuery),
    responses(
        (status = 200, body = Page<AuditEntryView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/audit")]
pub async fn list(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<Page<AuditEntryView>>, ApiError> {
    let q = query.into_inner();
    let req = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    }
    .request()?;
    let page = redress_store::audit::list(&state.db, tenant.scope, q.kind.as_deref(), req).await?;
    Ok(web::Json(Page::from_store(page, |e| AuditEntryView {
        id: e.id,
        occurred_at: e.occurred_at,
        actor_id: e.actor_user_id,
        kind: e.kind,
        subject_id: e.subject_id,
        detail: e.detail,
    })))
}
