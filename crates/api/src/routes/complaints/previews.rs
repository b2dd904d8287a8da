//! Letters seen before they go (issue "The daily work", point 3): each action that sends the
//! resident a letter has a preview, which runs the same verb on the same input, as the same
//! person, and answers with the letter it would send. The change is rolled back: nothing is
//! recorded and nothing goes. A refusal is the action's own (422 naming the field, 409 naming
//! the provision).

use super::actions::{
    AcknowledgeRequest, ExtendRequest, NotAcceptRequest, RefuseEscalationRequest, RespondRequest,
};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{CaseWorkers, ComplaintsTeam};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::use_cases::Context;
use crate::use_cases::acknowledge::acknowledge as acknowledge_complaint;
use crate::use_cases::case::Preview;
use crate::use_cases::extend::extend as extend_deadline;
use crate::use_cases::not_accept::not_accept as not_accept_complaint;
use crate::use_cases::refuse_escalation::refuse_escalation as refuse;
use crate::use_cases::respond::respond as respond_to_complaint;
use actix_web::{post, web};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The letter an action would send, as the resident would receive it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterPreview {
    /// The kind of letter (its template), e.g. `acknowledgement`, `stage1_response`.
    pub kind: String,
    pub stage: i32,
    pub subject: String,
    pub recipient_name: String,
    /// The email address, or the postal address.
    pub recipient: String,
    /// `email` or `post`.
    pub delivery: String,
    /// The letter's words as plain text (what goes by post, and what the correspondence
    /// record keeps).
    pub text: String,
    /// The email's HTML.
    pub html: String,
    /// What staff must do besides sending it (another format to post, say).
    pub staff_notes: Option<String>,
    /// Set when the letter already went by other means: it is recorded as sent that day,
    /// and nothing is emailed.
    pub sent_earlier_on: Option<NaiveDate>,
}

fn letter_of(slot: Preview) -> Result<web::Json<LetterPreview>, ApiError> {
    let w = slot
        .take()
        .ok_or_else(|| ApiError::Conflict("this action sends no letter to preview".into()))?;
    let l = w.letter;
    Ok(web::Json(LetterPreview {
        kind: l.kind,
        stage: l.stage.number(),
        subject: l.subject,
        recipient_name: l.recipient_name,
        recipient: l.recipient,
        delivery: l.delivery.as_str().to_owned(),
        text: w.text,
        html: w.html,
        staff_notes: l.staff_notes,
        sent_earlier_on: l.sent_earlier_on,
    }))
}

/// The letter the acknowledgement (Code 5.6, 6.2, 6.11) would send, before it is sent: nothing is recorded.
#[utoipa::path(
    operation_id = "complaints_acknowledge_preview",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    request_body = AcknowledgeRequest,
    responses(
        (status = 200, body = LetterPreview),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/acknowledge/preview")]
pub async fn acknowledge(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<AcknowledgeRequest>,
) -> Result<web::Json<LetterPreview>, ApiError> {
    let input = body.0.parse()?;
    let slot = Preview::default();
    acknowledge_complaint(
        &Context::staff(&state, &tenant).previewing(&slot),
        path.1,
        input,
    )
    .await?;
    letter_of(slot)
}

/// The letter the decision not to accept the complaint (Code 2.4) would send, before it is sent: nothing is recorded.
#[utoipa::path(
    operation_id = "complaints_not_accept_preview",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    request_body = NotAcceptRequest,
    responses(
        (status = 200, body = LetterPreview),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/not-accept/preview")]
pub async fn not_accept(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<NotAcceptRequest>,
) -> Result<web::Json<LetterPreview>, ApiError> {
    let input = body.0.parse()?;
    let slot = Preview::default();
    not_accept_complaint(
        &Context::staff(&state, &tenant).previewing(&slot),
        path.1,
        input,
    )
    .await?;
    letter_of(slot)
}

/// The letter the extension notice (Code 6.5, 6.16) would send, before it is sent: nothing is recorded.
#[utoipa::path(
    operation_id = "complaints_extend_preview",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    request_body = ExtendRequest,
    responses(
        (status = 200, body = LetterPreview),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/extend/preview")]
pub async fn extend(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<ExtendRequest>,
) -> Result<web::Json<LetterPreview>, ApiError> {
    let input = body.0.parse()?;
    let slot = Preview::default();
    extend_deadline(
        &Context::staff(&state, &tenant).previewing(&slot),
        path.1,
        input,
    )
    .await?;
    letter_of(slot)
}

/// The letter the stage's response (Code 6.9, 6.19) would send, before it is sent: nothing is recorded.
#[utoipa::path(
    operation_id = "complaints_respond_preview",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    request_body = RespondRequest,
    responses(
        (status = 200, body = LetterPreview),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/respond/preview")]
pub async fn respond(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<RespondRequest>,
) -> Result<web::Json<LetterPreview>, ApiError> {
    let input = body.0.parse()?;
    let slot = Preview::default();
    respond_to_complaint(
        &Context::staff(&state, &tenant).previewing(&slot),
        path.1,
        input,
    )
    .await?;
    letter_of(slot)
}

/// The letter the refusal to escalate (Code 5.11) would send, before it is sent: nothing is recorded.
#[utoipa::path(
    operation_id = "complaints_refuse_escalation_preview",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    request_body = RefuseEscalationRequest,
    responses(
        (status = 200, body = LetterPreview),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/refuse-escalation/preview")]
pub async fn refuse_escalation(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<RefuseEscalationRequest>,
) -> Result<web::Json<LetterPreview>, ApiError> {
    let input = body.0.parse()?;
    let slot = Preview::default();
    refuse(
        &Context::staff(&state, &tenant).previewing(&slot),
        path.1,
        input,
    )
    .await?;
    letter_of(slot)
}
