//! The actions of the two stages (docs/state-machine.md, "Transitions"): each handler parses
//! its request into the verb's input, calls the verb in `crate::use_cases`, and answers with
//! the case as it now is. A rule of the Code that refuses is 409 naming the provision.

use super::views::{ComplaintView, complaint_view};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{CaseWorkers, ComplaintsTeam, EscalationStaff, Intake};
use crate::error::{ApiError, Fields, Problem};
use crate::json::{Json, OptionalJson};
use crate::use_cases::acknowledge::{Acknowledgement, acknowledge as acknowledge_complaint};
use crate::use_cases::additional_complaint::{self, AdditionalComplaint, Outcome};
use crate::use_cases::allocate::{allocate as allocate_stage, allocation};
use crate::use_cases::close::close as close_complaint;
use crate::use_cases::escalate::{Escalation, escalate as escalate_complaint};
use crate::use_cases::extend::{Extension, extend as extend_deadline};
use crate::use_cases::not_accept::{NotAccepting, not_accept as not_accept_complaint};
use crate::use_cases::refuse_escalation::{EscalationRefusal, refuse_escalation as refuse};
use crate::use_cases::respond::{Response, respond as respond_to_complaint};
use crate::use_cases::{Caller, Context, Loaded};
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use redress_domain::complaint::{Complexity, Decision, ExclusionReason, Refusal, RemedyKind, Risk};
use redress_domain::remedy_guidance::{Failing, RemedyPart, parts_problem};
use redress_domain::values::required_text;
use redress_store::complaints::{NewAction, NewRemedy};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Rule(message) => ApiError::Conflict(message),
            Refusal::Field { field, message } => ApiError::invalid(field, message),
        }
    }
}

/// The case as the caller now sees it.
fn view(cx: &Context<'_>, tenant_caller: Caller, loaded: &Loaded) -> web::Json<ComplaintView> {
    web::Json(complaint_view(loaded, &tenant_caller, cx.today))
}

fn required(f: &mut Fields, field: &str, value: &str, max: usize) -> Option<String> {
    f.check(field, required_text(value, max))
}

fn optional(f: &mut Fields, field: &str, value: Option<&str>, max: usize) -> Option<String> {
    value
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| f.check(field, required_text(v, max)))
}

/// A required value that a refused field has left out: the refusal has been answered already.
fn given<T>(v: Option<T>, field: &str) -> Result<T, ApiError> {
    v.ok_or_else(|| ApiError::invalid(field, "is required"))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcknowledgeRequest {
    /// The landlord's understanding of the complaint (Code 5.6).
    pub definition: String,
    /// What the resident wants to happen.
    pub outcomes_sought: String,
    /// The aspects the landlord is responsible for (Code 5.7).
    pub responsible_for: String,
    /// Aspects the landlord is not responsible for, and who is.
    pub not_responsible_for: Option<String>,
    /// Triage (Code 6.1): `straightforward` or `complex`.
    pub complexity: Option<String>,
    /// Triage (Code 6.1): vulnerability or risk, `none`, `low`, `medium` or `high`.
    pub risk: Option<String>,
    /// The day it was done; today when absent; never in the future.
    pub on: Option<NaiveDate>,
    /// When `on` is before today, required: whether the letter this action sends already went
    /// to the resident by other means. `true`: it is recorded as sent on `on` and nothing is
    /// emailed; `false`: it goes now, dated today, and says on which day this took effect.
    pub letter_already_sent: Option<bool>,
}

/// Acknowledges, defines and logs the complaint at its current stage (Code 5.6, 6.2, 6.11):
/// the response clock starts.
#[utoipa::path(
    operation_id = "complaints_acknowledge",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = AcknowledgeRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/acknowledge")]
pub async fn acknowledge(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<AcknowledgeRequest>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let input = body.0.parse()?;
    let cx = Context::staff(&state, &tenant);
    let case = acknowledge_complaint(&cx, path.1, input).await?;
    Ok(view(&cx, Caller::from(&tenant), &case))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NotAcceptRequest {
    /// `outside_time_limit`, `legal_proceedings_started`, `previously_considered`,
    /// `not_about_landlord`, `other_process` or `other` (Code 2.2).
    pub reason: String,
    /// Required: the resident is told why (Code 2.4).
    pub explanation: String,
    /// For `outside_time_limit`: whether the discretion to accept a late complaint was
    /// considered (Code 2.3).
    pub discretion_considered: Option<bool>,
    pub on: Option<NaiveDate>,
    /// When `on` is before today, required: whether the letter this action sends already went
    /// to the resident by other means. `true`: it is recorded as sent on `on` and nothing is
    /// emailed; `false`: it goes now, dated today, and says on which day this took effect.
    pub letter_already_sent: Option<bool>,
}

/// Decides not to accept the complaint (Code 2.1–2.5): one complaint at a time, with a reason
/// from the fixed list and an explanation.
#[utoipa::path(
    operation_id = "complaints_not_accept",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = NotAcceptRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/not-accept")]
pub async fn not_accept(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<NotAcceptRequest>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let input = body.0.parse()?;
    let cx = Context::staff(&state, &tenant);
    let case = not_accept_complaint(&cx, path.1, input).await?;
    Ok(view(&cx, Caller::from(&tenant), &case))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AllocateRequest {
    /// A member of staff (landlord admin, complaints officer or case handler)...
    pub handler_id: Option<Uuid>,
    /// ...or a contractor organisation, for stage 1 only (Code 5.4).
    pub contractor_id: Option<Uuid>,
    pub on: Option<NaiveDate>,
}

/// Allocates the current stage to a handler or (stage 1 only) a contractor organisation. The
/// stage 2 handler is never the stage 1 handler (Code 6.13).
#[utoipa::path(
    operation_id = "complaints_allocate",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = AllocateRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/allocate")]
pub async fn allocate(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<AllocateRequest>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let b = body.0;
    let cx = Context::staff(&state, &tenant);
    let to = allocation(&cx, b.handler_id, b.contractor_id).await?;
    let case = allocate_stage(&cx, path.1, to, b.on).await?;
    Ok(view(&cx, Caller::from(&tenant), &case))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ExtendRequest {
    /// Working days added to the response deadline.
    pub working_days: u32,
    /// The reason the resident is told (Code 6.5, 6.16).
    pub reason: String,
    /// Needed to go beyond the scheme's limit (10 working days at stage 1, 20 at stage 2),
    /// with a fuller explanation.
    pub good_reason: Option<bool>,
    pub on: Option<NaiveDate>,
    /// When `on` is before today, required: whether the letter this action sends already went
    /// to the resident by other means. `true`: it is recorded as sent on `on` and nothing is
    /// emailed; `false`: it goes now, dated today, and says on which day this took effect.
    pub letter_already_sent: Option<bool>,
}

/// Extends the current stage's response deadline (Code 6.4, 6.5, 6.15, 6.16).
#[utoipa::path(
    operation_id = "complaints_extend",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = ExtendRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/extend")]
pub async fn extend(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<ExtendRequest>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let input = body.0.parse()?;
    let cx = Context::staff(&state, &tenant);
    let case = extend_deadline(&cx, path.1, input).await?;
    Ok(view(&cx, Caller::from(&tenant), &case))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RemedyInput {
    /// `apology`, `explanation`, `action`, `financial`, `decision_changed`, `record_amended`,
    /// `policy_change`, `other`.
    pub kind: String,
    pub description: String,
    /// For financial remedies: the amount in pence.
    pub amount_pence: Option<i64>,
    /// What happens by when (Code 7.3).
    pub due_on: Option<NaiveDate>,
    pub owner: Option<String>,
    /// For a financial remedy, the award split by failing (for example £500 for the repair
    /// and £200 for complaint handling): each failing once, adding up to `amount_pence`.
    #[serde(default)]
    pub parts: Vec<RemedyPartInput>,
}

/// One part of a financial award.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RemedyPartInput {
    /// `service` (the service failure complained of, such as the repair),
    /// `complaint_handling`, `time_and_trouble`, `distress_and_inconvenience` or `other`.
    pub failing: String,
    /// In pence.
    pub amount_pence: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ActionInput {
    pub description: String,
    pub owner: String,
    pub due_on: NaiveDate,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RespondRequest {
    /// `upheld`, `partly_upheld` or `not_upheld` (Code 6.9c).
    pub decision: String,
    /// The reasons for the decision, addressing every point of the definition (Code 6.9d).
    pub reasons: String,
    /// Remedies offered (Code 6.9e); empty means none, and the letter says so.
    pub remedies: Vec<RemedyInput>,
    /// Actions still to be done (Code 6.9f); empty means none.
    pub outstanding_actions: Vec<ActionInput>,
    pub on: Option<NaiveDate>,
    /// When `on` is before today, required: whether the letter this action sends already went
    /// to the resident by other means. `true`: it is recorded as sent on `on` and nothing is
    /// emailed; `false`: it goes now, dated today, and says on which day this took effect.
    pub letter_already_sent: Option<bool>,
}

fn parse_remedies(f: &mut Fields, items: Vec<RemedyInput>) -> Vec<NewRemedy> {
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let field = |n: &str| format!("remedies[{i}].{n}");
            let kind = f.check(&field("kind"), RemedyKind::parse(&r.kind));
            let description = required(f, &field("description"), &r.description, 5_000);
            let owner = optional(f, &field("owner"), r.owner.as_deref(), 200);
            match (kind, r.amount_pence) {
                (Some(RemedyKind::Financial), None) => {
                    f.push(field("amount_pence"), "is required for a financial remedy");
                }
                (Some(RemedyKind::Financial), Some(p)) if p <= 0 => {
                    f.push(field("amount_pence"), "must be a positive number of pence");
                }
                (Some(k), Some(_)) if k != RemedyKind::Financial => {
                    f.push(
                        field("amount_pence"),
                        "is given only for a financial remedy",
                    );
                }
                _ => {}
            }
            let parts = parse_parts(f, &field("parts"), kind, r.amount_pence, r.parts);
            Some(NewRemedy {
                kind: kind?,
                description: description?,
                amount_pence: r.amount_pence,
                due_on: r.due_on,
                owner,
                parts,
            })
        })
        .collect()
}

/// A financial award's parts: each failing known and named once, each amount positive, and
/// together the award.
fn parse_parts(
    f: &mut Fields,
    field: &str,
    kind: Option<RemedyKind>,
    amount_pence: Option<i64>,
    items: Vec<RemedyPartInput>,
) -> Vec<RemedyPart> {
    if items.is_empty() {
        return Vec::new();
    }
    if kind.is_some_and(|k| k != RemedyKind::Financial) {
        f.push(field.to_owned(), "are given only for a financial remedy");
        return Vec::new();
    }
    let mut parts = Vec::new();
    for (j, p) in items.into_iter().enumerate() {
        let failing = f.check(&format!("{field}[{j}].failing"), Failing::parse(&p.failing));
        if p.amount_pence <= 0 {
            f.push(
                format!("{field}[{j}].amount_pence"),
                "must be a positive number of pence",
            );
        } else if let Some(failing) = failing {
            parts.push(RemedyPart {
                failing,
                amount_pence: p.amount_pence,
            });
        }
    }
    if let Some(amount) = amount_pence.filter(|a| *a > 0)
        && let Some(problem) = parts_problem(amount, &parts)
    {
        f.push(field.to_owned(), problem);
    }
    parts
}

fn parse_actions(f: &mut Fields, items: Vec<ActionInput>) -> Vec<NewAction> {
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let description = required(
                f,
                &format!("outstanding_actions[{i}].description"),
                &a.description,
                5_000,
            );
            let owner = required(f, &format!("outstanding_actions[{i}].owner"), &a.owner, 200);
            Some(NewAction {
                description: description?,
                owner: owner?,
                due_on: a.due_on,
            })
        })
        .collect()
}

/// Responds at the current stage (Code 6.6, 6.9, 6.17–6.19). Refused if any of the Code's
/// elements a–g is missing; at stage 2 the responder must not be the stage 1 handler
/// (Code 6.13).
#[utoipa::path(
    operation_id = "complaints_respond",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = RespondRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/respond")]
pub async fn respond(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<RespondRequest>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let input = body.0.parse()?;
    let cx = Context::staff(&state, &tenant);
    let case = respond_to_complaint(&cx, path.1, input).await?;
    Ok(view(&cx, Caller::from(&tenant), &case))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EscalateRequest {
    /// Optional: no reason is needed to escalate (Code 6.12).
    pub reason: Option<String>,
    pub on: Option<NaiveDate>,
}

/// Asks for stage 2 on the resident's behalf (Code 6.10–6.12). No reason is required.
#[utoipa::path(
    operation_id = "complaints_escalate",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = EscalateRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/escalate")]
pub async fn escalate(
    state: web::Data<AppState>,
    tenant: Tenant<EscalationStaff>,
    path: web::Path<(String, Uuid)>,
    body: Json<EscalateRequest>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let b = body.0;
    let input = Escalation {
        reason: b.reason.filter(|r| !r.trim().is_empty()),
        on: b.on,
    };
    let cx = Context::staff(&state, &tenant);
    let case = escalate_complaint(&cx, path.1, input).await?;
    Ok(view(&cx, Caller::from(&tenant), &case))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefuseEscalationRequest {
    /// A reason from the same list as not accepting (Code 5.11).
    pub reason: String,
    pub explanation: String,
    pub on: Option<NaiveDate>,
    /// When `on` is before today, required: whether the letter this action sends already went
    /// to the resident by other means. `true`: it is recorded as sent on `on` and nothing is
    /// emailed; `false`: it goes now, dated today, and says on which day this took effect.
    pub letter_already_sent: Option<bool>,
}

/// Refuses to escalate (Code 5.11), with a reason and an explanation; the complaint closes
/// and the resident is told of their right to go to the Ombudsman.
#[utoipa::path(
    operation_id = "complaints_refuse_escalation",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = RefuseEscalationRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/refuse-escalation")]
pub async fn refuse_escalation(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<RefuseEscalationRequest>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let input = body.0.parse()?;
    let cx = Context::staff(&state, &tenant);
    let case = refuse(&cx, path.1, input).await?;
    Ok(view(&cx, Caller::from(&tenant), &case))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CloseRequest {
    pub on: Option<NaiveDate>,
}

/// Closes a complaint that has been responded to.
#[utoipa::path(
    operation_id = "complaints_close",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = CloseRequest,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: OptionalJson<CloseRequest>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let cx = Context::staff(&state, &tenant);
    let case = close_complaint(&cx, path.1, body.0.on).await?;
    Ok(view(&cx, Caller::from(&tenant), &case))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AdditionalRequest {
    /// The further issue, in the resident's words.
    pub description: String,
    /// Whether it is related to this complaint (Code 6.8).
    pub related: bool,
    pub on: Option<NaiveDate>,
}

/// An additional complaint (Code 6.8): related and raised before the stage 1 response, it is
/// added to the open stage by amending the definition (200); otherwise it is logged as a new
/// complaint linked to this one (201, the new complaint). Logged by the landlord's own staff:
/// a contractor passes it to them.
#[utoipa::path(
    operation_id = "complaints_additional",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = AdditionalRequest,
    responses(
        (status = 200, description = "The definition was amended", body = ComplaintView),
        (status = 201, description = "A new linked complaint was logged", body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/additional")]
pub async fn additional(
    state: web::Data<AppState>,
    tenant: Tenant<Intake>,
    path: web::Path<(String, Uuid)>,
    body: Json<AdditionalRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0.parse()?;
    let cx = Context::staff(&state, &tenant);
    let caller = Caller::from(&tenant);
    Ok(
        match additional_complaint::additional_complaint(&cx, path.1, input).await? {
            Outcome::DefinitionAmended(case) => HttpResponse::Ok().json(view(&cx, caller, &case).0),
            Outcome::NewComplaint(case) => HttpResponse::Created().json(view(&cx, caller, &case).0),
        },
    )
}

impl AdditionalRequest {
    /// The verb's input; each value that is not valid is named.
    pub(super) fn parse(self) -> Result<AdditionalComplaint, ApiError> {
        let b = self;
        let mut f = Fields::new();
        let description = required(&mut f, "description", &b.description, 20_000);
        f.finish()?;
        Ok(AdditionalComplaint {
            description: given(description, "description")?,
            related: b.related,
            on: b.on,
        })
    }
}

impl AcknowledgeRequest {
    /// The verb's input; each value that is not valid is named.
    pub(super) fn parse(self) -> Result<Acknowledgement, ApiError> {
        let b = self;
        let mut f = Fields::new();
        let definition = required(&mut f, "definition", &b.definition, 10_000);
        let outcomes = required(&mut f, "outcomes_sought", &b.outcomes_sought, 5_000);
        let responsible = required(&mut f, "responsible_for", &b.responsible_for, 5_000);
        let not_responsible = optional(
            &mut f,
            "not_responsible_for",
            b.not_responsible_for.as_deref(),
            5_000,
        );
        let complexity = b
            .complexity
            .as_deref()
            .and_then(|c| f.check("complexity", Complexity::parse(c)));
        let risk = b
            .risk
            .as_deref()
            .and_then(|r| f.check("risk", Risk::parse(r)));
        f.finish()?;
        let input = Acknowledgement {
            definition: given(definition, "definition")?,
            outcomes_sought: given(outcomes, "outcomes_sought")?,
            responsible_for: given(responsible, "responsible_for")?,
            not_responsible_for: not_responsible,
            complexity,
            risk,
            on: b.on,
            letter_already_sent: b.letter_already_sent,
        };
        Ok(input)
    }
}

impl NotAcceptRequest {
    /// The verb's input; each value that is not valid is named.
    pub(super) fn parse(self) -> Result<NotAccepting, ApiError> {
        let b = self;
        let mut f = Fields::new();
        let reason = f.check("reason", ExclusionReason::parse(&b.reason));
        let explanation = required(&mut f, "explanation", &b.explanation, 10_000);
        if reason == Some(ExclusionReason::OutsideTimeLimit) && b.discretion_considered.is_none() {
            f.push(
                "discretion_considered",
                "say whether the discretion to accept a complaint made after 12 months was considered (Code 2.3)",
            );
        }
        f.finish()?;
        let input = NotAccepting {
            reason: given(reason, "reason")?,
            explanation: given(explanation, "explanation")?,
            discretion_considered: b.discretion_considered,
            on: b.on,
            letter_already_sent: b.letter_already_sent,
        };
        Ok(input)
    }
}

impl ExtendRequest {
    /// The verb's input; each value that is not valid is named.
    pub(super) fn parse(self) -> Result<Extension, ApiError> {
        let b = self;
        let mut f = Fields::new();
        let reason = required(&mut f, "reason", &b.reason, 10_000);
        f.finish()?;
        let input = Extension {
            working_days: b.working_days,
            reason: given(reason, "reason")?,
            good_reason: b.good_reason.unwrap_or(false),
            on: b.on,
            letter_already_sent: b.letter_already_sent,
        };
        Ok(input)
    }
}

impl RespondRequest {
    /// The verb's input; each value that is not valid is named.
    pub(super) fn parse(self) -> Result<Response, ApiError> {
        let b = self;
        let mut f = Fields::new();
        let decision = f.check(
            "decision",
            Decision::parse(&b.decision).map_err(|e| format!("{e} (Code 6.9c)")),
        );
        let remedies = parse_remedies(&mut f, b.remedies);
        let actions = parse_actions(&mut f, b.outstanding_actions);
        f.finish()?;
        let input = Response {
            decision: given(decision, "decision")?,
            reasons: b.reasons,
            remedies,
            outstanding_actions: actions,
            on: b.on,
            letter_already_sent: b.letter_already_sent,
        };
        Ok(input)
    }
}

impl RefuseEscalationRequest {
    /// The verb's input; each value that is not valid is named.
    pub(super) fn parse(self) -> Result<EscalationRefusal, ApiError> {
        let b = self;
        let mut f = Fields::new();
        let reason = f.check("reason", ExclusionReason::parse(&b.reason));
        let explanation = required(&mut f, "explanation", &b.explanation, 10_000);
        f.finish()?;
        let input = EscalationRefusal {
            reason: given(reason, "reason")?,
            explanation: given(explanation, "explanation")?,
            on: b.on,
            letter_already_sent: b.letter_already_sent,
        };
        Ok(input)
    }
}
