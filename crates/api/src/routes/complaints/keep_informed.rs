//! Keeping the resident informed (Code 5.9): the interval agreed with the resident for
//! updates while the complaint is open. It is on the timeline, and the handler is reminded
//! when an update falls due and none has been sent.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{CaseReaders, CaseWorkers};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::time::today;
use crate::use_cases::case::{Caller, load, rules};
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::NaiveDate;
use redress_domain::complaint::Stage;
use redress_store::TenantScope;
use redress_store::complaints::{self, NewEvent};
use redress_store::landlords::Landlord;
use redress_store::reminders::{self, OPEN};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

/// The longest interval that can be agreed: the Code's longest stage (20 working days at
/// stage 2) plus its longest extension, so an interval always falls inside an open stage.
pub const MAX_EVERY_WORKING_DAYS: u32 = 40;

#[derive(Debug, Deserialize, ToSchema)]
pub struct KeepInformedRequest {
    /// Update the resident at least every this many working days (1 to 40).
    pub every_working_days: u32,
    /// The day it was agreed; today when absent; never in the future.
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct KeepInformedView {
    pub every_working_days: u32,
    pub agreed_on: NaiveDate,
    /// The later of the day it was agreed and the last outgoing correspondence.
    pub last_contact_on: NaiveDate,
    /// When the next update is due, in the landlord's working days.
    pub next_update_due: NaiveDate,
}

async fn current(
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
    complaint_id: Uuid,
) -> Result<Option<KeepInformedView>, ApiError> {
    let Some(k) = reminders::keep_informed(&state.scoped(scope), scope, complaint_id).await? else {
        return Ok(None);
    };
    let last =
        redress_store::correspondence::last_outgoing_on(&state.scoped(scope), scope, complaint_id)
            .await?
            .map_or(k.agreed_on, |l| l.max(k.agreed_on));
    let rules = rules(state, scope, landlord).await?;
    Ok(Some(KeepInformedView {
        every_working_days: k.every_working_days,
        agreed_on: k.agreed_on,
        last_contact_on: last,
        next_update_due: rules.calendar.due(last, k.every_working_days),
    }))
}

/// The update interval agreed with the resident, or `null`.
#[utoipa::path(
    operation_id = "complaints_keep_informed_get",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    responses(
        (status = 200, body = Option<KeepInformedView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}/keep-informed")]
pub async fn get(
    state: web::Data<AppState>,
    tenant: Tenant<CaseReaders>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Option<KeepInformedView>>, ApiError> {
    let caller = Caller::from(&tenant);
    load(&state, tenant.scope, &tenant.landlord, &caller, path.1).await?;
    Ok(web::Json(
        current(&state, tenant.scope, &tenant.landlord, path.1).await?,
    ))
}

/// Records the interval agreed with the resident for updates (Code 5.9). Replaces any
/// earlier one.
#[utoipa::path(
    operation_id = "complaints_keep_informed_set",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = KeepInformedRequest,
    responses(
        (status = 200, body = KeepInformedView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/keep-informed")]
pub async fn set(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<KeepInformedRequest>,
) -> Result<web::Json<KeepInformedView>, ApiError> {
    let b = body.0;
    if !(1..=MAX_EVERY_WORKING_DAYS).contains(&b.every_working_days) {
        return Err(ApiError::invalid(
            "every_working_days",
            format!("must be from 1 to {MAX_EVERY_WORKING_DAYS} working days"),
        ));
    }
    let today = today();
    let on = b.on.unwrap_or(today);
    if on > today {
        return Err(ApiError::invalid("on", "cannot be in the future"));
    }
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &tenant.landlord, &caller, path.1).await?;
    caller.may_work_on(&loaded.case)?;
    let status = loaded.case.complaint.status;
    if !OPEN.contains(&status) {
        return Err(ApiError::Conflict(
            "updates are agreed while a complaint is open; this one is not (Code 5.9)".into(),
        ));
    }
    let stage: Stage = loaded.case.complaint.current_stage;
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    reminders::set_keep_informed(
        &txn,
        tenant.scope,
        path.1,
        b.every_working_days,
        on,
        Some(tenant.user_id),
    )
    .await?;
    complaints::insert_event(
        &txn,
        tenant.scope,
        path.1,
        NewEvent {
            kind: "keep_informed_agreed",
            stage: Some(stage),
            effective_on: on,
            actor: Some(tenant.user_id),
            data: json!({"every_working_days": b.every_working_days}),
        },
    )
    .await?;
    redress_store::db::commit(txn).await?;
    current(&state, tenant.scope, &tenant.landlord, path.1)
        .await?
        .map(web::Json)
        .ok_or(ApiError::NotFound)
}

/// Ends the agreed interval: no more reminders for it.
#[utoipa::path(
    operation_id = "complaints_keep_informed_end",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/landlords/{slug}/complaints/{id}/keep-informed")]
pub async fn end(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &tenant.landlord, &caller, path.1).await?;
    caller.may_work_on(&loaded.case)?;
    if reminders::keep_informed(&tenant.db, tenant.scope, path.1)
        .await?
        .is_none()
    {
        return Err(ApiError::NotFound);
    }
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    reminders::clear_keep_informed(&txn, tenant.scope, path.1).await?;
    complaints::insert_event(
        &txn,
        tenant.scope,
        path.1,
        NewEvent {
            kind: "keep_informed_ended",
            stage: Some(loaded.case.complaint.current_stage),
            effective_on: today(),
            actor: Some(tenant.user_id),
            data: json!({}),
        },
    )
    .await?;
    redress_store::db::commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
