//! Letters seen before they go (issue "The daily work", point 3): each action that sends the
//! resident a letter has a preview, which runs the same verb on the same input, as the same
//! person, and answers with the letter it would send. The change is rolled back: nothing is
//! recorded and nothing goes. A refusal is the action's own (422 naming the field, 409 naming
//! the provision).

use super::actions::{
    AcknowledgeRequest, AdditionalRequest, ExtendRequest, NotAcceptRequest,
    RefuseEscalationRequest, RespondRequest,
};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{CaseWorkers, ComplaintsTeam, Intake};
use crate::error::Fields;
use crate::error::{ApiError, Problem};
use crate::forms::complaint::NewComplaintRequest;
use crate::json::Json;
use crate::use_cases::Context;
use crate::use_cases::acknowledge::acknowledge as acknowledge_complaint;
use crate::use_cases::additional_complaint::additional_complaint;
use crate::use_cases::case::Preview;
use crate::use_cases::extend::extend as extend_deadline;
use crate::use_cases::log_complaint::log_complaint;
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

/// A preview beside an action: the same body, the same roles, the same verb, rolled back.
macro_rules! preview {
    ($(#[$doc:meta])* $name:ident, $op:literal, $path:literal, $req:ty, $policy:ty, $verb:path) => {
        $(#[$doc])*
        #[utoipa::path(
            operation_id = $op,
            tag = "complaints",
            security(("bearer" = [])),
            params(
                ("slug" = String, Path, description = "The landlord's slug"),
                ("id" = Uuid, Path, description = "The complaint's id"),
            ),
            request_body = $req,
            responses(
                (status = 200, body = LetterPreview),
                (status = 403, body = Problem, content_type = "application/problem+json"),
                (status = 404, body = Problem, content_type = "application/problem+json"),
                (status = 409, body = Problem, content_type = "application/problem+json"),
                (status = 422, body = Problem, content_type = "application/problem+json"),
            )
        )]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            tenant: Tenant<$policy>,
            path: web::Path<(String, Uuid)>,
            body: Json<$req>,
        ) -> Result<web::Json<LetterPreview>, ApiError> {
            let input = body.0.parse()?;
            let slot = Preview::default();
            $verb(&Context::staff(&state, &tenant).previewing(&slot), path.1, input).await?;
            letter_of(slot)
        }
    };
}

preview!(
    /// The acknowledgement (Code 5.6, 6.2, 6.11) as it would go; nothing is recorded.
    acknowledge,
    "complaints_acknowledge_preview",
    "/landlords/{slug}/complaints/{id}/acknowledge/preview",
    AcknowledgeRequest,
    CaseWorkers,
    acknowledge_complaint
);

preview!(
    /// The letter not accepting the complaint (Code 2.4) as it would go; nothing is recorded.
    not_accept,
    "complaints_not_accept_preview",
    "/landlords/{slug}/complaints/{id}/not-accept/preview",
    NotAcceptRequest,
    ComplaintsTeam,
    not_accept_complaint
);

preview!(
    /// The extension notice (Code 6.5, 6.16) as it would go; nothing is recorded.
    extend,
    "complaints_extend_preview",
    "/landlords/{slug}/complaints/{id}/extend/preview",
    ExtendRequest,
    CaseWorkers,
    extend_deadline
);

preview!(
    /// The stage's response (Code 6.9, 6.19) as it would go; nothing is recorded.
    respond,
    "complaints_respond_preview",
    "/landlords/{slug}/complaints/{id}/respond/preview",
    RespondRequest,
    CaseWorkers,
    respond_to_complaint
);

preview!(
    /// The refusal to escalate (Code 5.11) as it would go; nothing is recorded.
    refuse_escalation,
    "complaints_refuse_escalation_preview",
    "/landlords/{slug}/complaints/{id}/refuse-escalation/preview",
    RefuseEscalationRequest,
    ComplaintsTeam,
    refuse
);

preview!(
    /// The letter an additional complaint sends (Code 6.8) as it would go; nothing is
    /// recorded. Only an issue logged as a new complaint sends one: an issue added to the open
    /// stage's definition has no letter to preview (409).
    additional,
    "complaints_additional_preview",
    "/landlords/{slug}/complaints/{id}/additional/preview",
    AdditionalRequest,
    Intake,
    additional_complaint
);

/// The letter telling the resident their complaint was received, with its reference and
/// private tracking link (Code 1.2, 3.1), as it would go; nothing is recorded. The reference
/// and link are made when the complaint is logged: another complaint logged first takes the
/// next reference, and the link shown here opens nothing.
#[utoipa::path(
    operation_id = "complaints_create_preview",
    tag = "complaints",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = NewComplaintRequest,
    responses(
        (status = 200, body = LetterPreview),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/preview")]
pub async fn create(
    state: web::Data<AppState>,
    tenant: Tenant<Intake>,
    body: Json<NewComplaintRequest>,
) -> Result<web::Json<LetterPreview>, ApiError> {
    let slot = Preview::default();
    let cx = Context::staff(&state, &tenant).previewing(&slot);
    let new = body
        .0
        .parse(cx.schemes().await?, cx.today, Vec::new(), Fields::new())?;
    log_complaint(&cx, new).await?;
    letter_of(slot)
}
