//! Remedies and outstanding actions after the response: tracked with owner and due date
//! until done (Code 6.6, 7.1–7.3), by `use_cases::{track_remedy, track_action}`.

use super::views::{ActionView, RemedyView, action_view, remedy_view};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::CaseWorkers;
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::time::today;
use crate::use_cases::case::Context;
use crate::use_cases::track_action::{ActionProgress, track_action};
use crate::use_cases::track_remedy::{RemedyProgress, track_remedy};
use actix_web::{patch, web};
use chrono::NaiveDate;
use redress_domain::complaint::{ActionStatus, RemedyStatus};
use redress_domain::values::required_text;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RemedyPatch {
    /// `offered`, `in_progress`, `completed` or `declined`.
    pub status: Option<String>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub due_on: Option<Option<NaiveDate>>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub owner: Option<Option<String>>,
    /// When it was completed; today when the status becomes `completed` without one.
    pub completed_on: Option<NaiveDate>,
}

/// Updates a remedy's progress (Code 7.3).
#[utoipa::path(
    operation_id = "complaints_patch_remedy",
    tag = "complaints", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        ("rid" = Uuid, Path, description = "The remedy's id"),
    ),
    request_body = RemedyPatch,
    responses(
        (status = 200, body = RemedyView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/complaints/{id}/remedies/{rid}")]
pub async fn patch_remedy(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid, Uuid)>,
    body: Json<RemedyPatch>,
) -> Result<web::Json<RemedyView>, ApiError> {
    let (_, id, rid) = path.into_inner();
    let b = body.0;
    let today = today();
    let mut f = Fields::new();
    let status = b
        .status
        .as_deref()
        .and_then(|s| f.check("status", RemedyStatus::parse(s)));
    let owner = match b.owner {
        Some(Some(o)) => f.check("owner", required_text(&o, 200)).map(Some),
        Some(None) => Some(None),
        None => None,
    };
    if b.completed_on.is_some_and(|d| d > today) {
        f.push("completed_on", "must not be in the future");
    }
    f.finish()?;
    let cx = Context::staff(&state, &tenant);
    let updated = track_remedy(
        &cx,
        id,
        rid,
        RemedyProgress {
            status,
            due_on: b.due_on,
            owner,
            completed_on: b.completed_on,
        },
    )
    .await?;
    Ok(web::Json(remedy_view(&updated, today)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ActionPatch {
    /// `open`, `in_progress` or `completed`.
    pub status: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub owner: Option<String>,
    /// When it was done; today when the status becomes `completed` without one.
    pub completed_on: Option<NaiveDate>,
}

/// Updates an outstanding action (Code 6.6).
#[utoipa::path(
    operation_id = "complaints_patch_action",
    tag = "complaints", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        ("aid" = Uuid, Path, description = "The action's id"),
    ),
    request_body = ActionPatch,
    responses(
        (status = 200, body = ActionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/complaints/{id}/actions/{aid}")]
pub async fn patch_action(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid, Uuid)>,
    body: Json<ActionPatch>,
) -> Result<web::Json<ActionView>, ApiError> {
    let (_, id, aid) = path.into_inner();
    let b = body.0;
    let today = today();
    let mut f = Fields::new();
    let status = b
        .status
        .as_deref()
        .and_then(|s| f.check("status", ActionStatus::parse(s)));
    let owner = b
        .owner
        .as_deref()
        .and_then(|o| f.check("owner", required_text(o, 200)));
    if b.completed_on.is_some_and(|d| d > today) {
        f.push("completed_on", "must not be in the future");
    }
    f.finish()?;
    let cx = Context::staff(&state, &tenant);
    let updated = track_action(
        &cx,
        id,
        aid,
        ActionProgress {
            status,
            due_on: b.due_on,
            owner,
            completed_on: b.completed_on,
        },
    )
    .await?;
    Ok(web::Json(action_view(&updated, today)))
}
