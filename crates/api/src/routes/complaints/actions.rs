//! The actions of the two stages (docs/state-machine.md, "Transitions"). Each one: load the
//! case the caller may see, let the domain decide, record the change and its event in one
//! transaction, answer with the case as it now is. A rule of the Code that refuses is 409
//! naming the provision.

use super::views::{ComplaintView, complaint_view};
use super::{Caller, CaseWorkers, Loaded, load};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{ComplaintsTeam, Policy};
use crate::error::{ApiError, Fields, Problem};
use crate::json::{Json, OptionalJson};
use crate::letters::{self, Cause};
use crate::time::today;
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use redress_domain::complaint::{
    self as rules, AdditionalOutcome, Allocation, CaseState, Decision, ExclusionReason, Refusal,
    RemedyKind, ResponseElements, Stage, StageState, Status, stage_deadlines,
};
use redress_domain::roles::Role;
use redress_domain::values::required_text;
use redress_store::complaints::{
    self, CaseChange, NewAction, NewComplaint, NewEvent, NewRemedy, StageRecord,
};
use redress_store::landlords::Landlord;
use redress_store::{StoreError, memberships};
use serde::Deserialize;
use serde_json::json;
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

/// Staff who may ask for stage 2 on a resident's behalf (Code 6.10–6.12).
pub struct EscalationStaff;
impl Policy for EscalationStaff {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    const WHO: &'static str = "the landlord's complaints staff";
}

/// A case ready for a decision: loaded, the caller checked, the effective date settled.
struct Decide {
    loaded: Loaded,
    state: CaseState,
    caller: Caller,
    /// The landlord, as its letters present it.
    landlord: Landlord,
    on: NaiveDate,
    today: NaiveDate,
}

async fn prepare<P: Policy>(
    state: &AppState,
    tenant: &Tenant<P>,
    id: Uuid,
    on: Option<NaiveDate>,
    work: bool,
) -> Result<Decide, ApiError> {
    let caller = Caller::from(tenant);
    let loaded = load(state, tenant.scope, &caller, id).await?;
    if work {
        caller.may_work_on(&loaded.case)?;
    }
    let today = today();
    let on = on.unwrap_or(today);
    let last = complaints::last_action_on(&tenant.db, tenant.scope, id).await?;
    let case_state = loaded.case.state(last);
    rules::check_effective_date(Some(&case_state), on, today)?;
    Ok(Decide {
        loaded,
        state: case_state,
        caller,
        landlord: tenant.landlord.clone(),
        on,
        today,
    })
}

impl Decide {
    fn record(&self, stage: Stage) -> StageRecord {
        self.loaded
            .case
            .stage(stage)
            .cloned()
            .unwrap_or_else(|| StageRecord {
                state: StageState::new(stage, self.on),
                decision: None,
                reasons: None,
                escalation_route: None,
            })
    }

    /// The change and event of an escalation to stage 2 (Code 6.7): its acknowledgement
    /// clock starts now. `data` is the event's, to which the deadline is added.
    fn escalation(&self, mut data: serde_json::Value) -> (CaseChange, NewEvent) {
        let record = self.record(Stage::Two);
        let due = self.running_due(&record.state);
        data["ack_due"] = json!(due);
        let event = self.event("escalation_requested", Some(Stage::Two), data);
        let change = CaseChange {
            status: Some(Status::Stage2Requested),
            current_stage: Some(Stage::Two),
            current_due_on: Some(due),
            stage: Some(record),
            ..CaseChange::default()
        };
        (change, event)
    }

    /// The deadline of the clock that runs after the change.
    fn running_due(&self, s: &StageState) -> Option<NaiveDate> {
        stage_deadlines(
            &self.loaded.calendar,
            &self.loaded.scheme.timescales,
            s,
            self.today,
        )
        .running_due
    }

    fn event(&self, kind: &'static str, stage: Option<Stage>, data: serde_json::Value) -> NewEvent {
        NewEvent {
            kind,
            stage,
            effective_on: self.on,
            actor: Some(self.caller.user_id),
            data,
        }
    }

    /// Records the change and its event and, when the change calls for one, the letter to the
    /// resident, all in one transaction.
    async fn apply(
        self,
        state: &AppState,
        scope: redress_store::TenantScope,
        change: CaseChange,
        event: NewEvent,
        letter: Option<Cause>,
    ) -> Result<web::Json<ComplaintView>, ApiError> {
        let id = self.loaded.case.complaint.id;
        let txn = redress_store::db::begin_write(&state.scoped(scope))
            .await
            .map_err(StoreError::from)?;
        let case = complaints::apply_in(
            &txn,
            scope,
            &self.loaded.calendar,
            id,
            self.state.status,
            change,
            event,
        )
        .await?;
        if let Some(cause) = letter {
            letters::send(
                &txn,
                state,
                scope,
                &self.landlord,
                &self.loaded.scheme,
                &case,
                cause,
            )
            .await?;
        }
        txn.commit().await.map_err(StoreError::from)?;
        let loaded = Loaded {
            case,
            ..self.loaded
        };
        Ok(web::Json(complaint_view(&loaded, &self.caller, self.today)))
    }
}

fn required(f: &mut Fields, field: &str, value: &str, max: usize) -> Option<String> {
    f.check(field, required_text(value, max))
}

fn optional(f: &mut Fields, field: &str, value: Option<&str>, max: usize) -> Option<String> {
    value
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| f.check(field, required_text(v, max)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcknowledgeRequest {
    /// The landlord's understanding of the complaint (Code 5.6).
    pub definition: String,
    /// What the resident wants to happen.
    pub outcomes_sought: String,
    /// The aspects the landlord is responsible for (Code 5.6).
    pub responsible_for: String,
    /// Aspects the landlord is not responsible for, and who is.
    pub not_responsible_for: Option<String>,
    /// Triage (Code 6.1): `straightforward` or `complex`.
    pub complexity: Option<String>,
    /// Triage (Code 6.1): vulnerability or risk, `none`, `low`, `medium` or `high`.
    pub risk: Option<String>,
    /// The day it was done; today when absent; never in the future.
    pub on: Option<NaiveDate>,
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
    let b = body.0;
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
        .and_then(|c| f.check("complexity", rules::Complexity::parse(c)));
    let risk = b
        .risk
        .as_deref()
        .and_then(|r| f.check("risk", rules::Risk::parse(r)));
    f.finish()?;
    let d = prepare(&state, &tenant, path.1, b.on, true).await?;
    let stage = rules::acknowledge(&d.state)?;
    let mut record = d.record(stage);
    record.state.acknowledged_on = Some(d.on);
    let due = d.running_due(&record.state);
    let event = d.event(
        "acknowledged",
        Some(stage),
        json!({"definition": definition, "outcomes_sought": outcomes, "responsible_for": responsible,
               "not_responsible_for": not_responsible, "response_due": due}),
    );
    let change = CaseChange {
        status: Some(if stage == Stage::One {
            Status::Stage1Open
        } else {
            Status::Stage2Open
        }),
        definition,
        outcomes_sought: outcomes,
        responsible_for: responsible,
        not_responsible_for: Some(not_responsible),
        complexity: complexity.map(|c| c.as_str().to_owned()),
        risk: risk.map(|r| r.as_str().to_owned()),
        current_due_on: Some(due),
        stage: Some(record),
        ..CaseChange::default()
    };
    // Code 5.6, 6.2, 6.11: the acknowledgement carries the definition.
    d.apply(
        &state,
        tenant.scope,
        change,
        event,
        Some(Cause::Acknowledged),
    )
    .await
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
    let b = body.0;
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
    let d = prepare(&state, &tenant, path.1, b.on, false).await?;
    rules::not_accept(&d.state)?;
    let event = d.event(
        "not_accepted",
        Some(Stage::One),
        json!({"reason": reason.map(|r| r.as_str()), "explanation": explanation,
               "discretion_considered": b.discretion_considered}),
    );
    let change = CaseChange {
        status: Some(Status::NotAccepted),
        current_due_on: Some(None),
        closed_on: Some(d.on),
        ..CaseChange::default()
    };
    // Code 2.4: the resident is told why, and of their right to go to the Ombudsman.
    let letter = reason
        .zip(explanation)
        .map(|(reason, explanation)| Cause::NotAccepted {
            reason,
            explanation,
        });
    d.apply(&state, tenant.scope, change, event, letter).await
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
    let to = match (b.handler_id, b.contractor_id) {
        (Some(h), None) => {
            let member = match memberships::get_user(&tenant.db, tenant.scope, h).await {
                Ok(m) => m,
                Err(StoreError::NotFound) => {
                    return Err(ApiError::invalid(
                        "handler_id",
                        "is not a user of this landlord",
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            if !member.active || !member.role.is_complaints_staff() {
                return Err(ApiError::invalid(
                    "handler_id",
                    "must be an active landlord admin, complaints officer or case handler",
                ));
            }
            Allocation::Handler(h)
        }
        (None, Some(c)) => {
            match redress_store::contractors::get(&tenant.db, tenant.scope, c).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => {
                    return Err(ApiError::invalid(
                        "contractor_id",
                        "is not a contractor organisation of this landlord",
                    ));
                }
                Err(e) => return Err(e.into()),
            }
            Allocation::Contractor(c)
        }
        _ => {
            return Err(ApiError::invalid(
                "handler_id",
                "give either handler_id or contractor_id",
            ));
        }
    };
    let d = prepare(&state, &tenant, path.1, b.on, false).await?;
    let stage = rules::allocate(&d.state, to)?;
    let mut record = d.record(stage);
    let (handler, contractor) = match to {
        Allocation::Handler(h) => (Some(h), None),
        Allocation::Contractor(c) => (None, Some(c)),
    };
    record.state.handler_id = handler;
    record.state.contractor_id = contractor;
    let event = d.event(
        "allocated",
        Some(stage),
        json!({"handler_id": handler, "contractor_id": contractor}),
    );
    let mut change = CaseChange {
        stage: Some(record),
        ..CaseChange::default()
    };
    match stage {
        Stage::One => {
            change.stage1_handler_id = Some(handler);
            change.contractor_id = Some(contractor);
        }
        Stage::Two => change.stage2_handler_id = Some(handler),
    }
    d.apply(&state, tenant.scope, change, event, None).await
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
    let b = body.0;
    let mut f = Fields::new();
    let reason = required(&mut f, "reason", &b.reason, 10_000);
    f.finish()?;
    let Some(reason) = reason else {
        return Err(ApiError::invalid("reason", "is required"));
    };
    let d = prepare(&state, &tenant, path.1, b.on, true).await?;
    let t = d.loaded.scheme.timescales;
    let limit = match d.state.current_stage() {
        Stage::One => t.stage1_extension,
        Stage::Two => t.stage2_extension,
    };
    let good_reason = b.good_reason.unwrap_or(false);
    let stage = rules::extend(&d.state, b.working_days, limit, good_reason, &reason)?;
    let mut record = d.record(stage);
    record.state.extension_working_days += b.working_days;
    let due = d.running_due(&record.state);
    let event = d.event(
        "extended",
        Some(stage),
        json!({"working_days": b.working_days, "reason": reason, "good_reason": good_reason,
               "response_due": due}),
    );
    let change = CaseChange {
        current_due_on: Some(due),
        stage: Some(record),
        ..CaseChange::default()
    };
    // Code 6.5, 6.16: the resident is told the reason, the new date and the Ombudsman's
    // details.
    d.apply(
        &state,
        tenant.scope,
        change,
        event,
        Some(Cause::Extended {
            reason,
            working_days: b.working_days,
        }),
    )
    .await
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
            Some(NewRemedy {
                kind: kind?,
                description: description?,
                amount_pence: r.amount_pence,
                due_on: r.due_on,
                owner,
            })
        })
        .collect()
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

/// How the resident escalates from this stage, with the Ombudsman's details (Code 6.9g,
/// 6.19g).
fn escalation_route(stage: Stage, scheme: &redress_store::landlords::Scheme) -> String {
    match stage {
        Stage::One => format!(
            "If you are not satisfied with this response, you can ask us to consider your complaint at stage 2. \
You do not need to give a reason: reply to this letter or contact us in any way. \
You can also contact the {} for advice at any time: {}",
            scheme.ombudsman_name, scheme.ombudsman_contact
        ),
        Stage::Two => format!(
            "This is our final response. If you remain dissatisfied, you can refer your complaint to the {}: {}",
            scheme.ombudsman_name, scheme.ombudsman_contact
        ),
    }
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
    let b = body.0;
    let mut f = Fields::new();
    let decision = f.check(
        "decision",
        Decision::parse(&b.decision).map_err(|e| format!("{e} (Code 6.9c)")),
    );
    let remedies = parse_remedies(&mut f, b.remedies);
    let actions = parse_actions(&mut f, b.outstanding_actions);
    f.finish()?;
    let Some(decision) = decision else {
        return Err(ApiError::invalid("decision", "is required"));
    };
    let d = prepare(&state, &tenant, path.1, b.on, true).await?;
    let stage = rules::respond(&d.state, d.caller.user_id)?;
    let route = escalation_route(stage, &d.loaded.scheme);
    rules::check_response(&ResponseElements {
        stage,
        definition: d.loaded.case.complaint.definition.as_deref(),
        reasons: &b.reasons,
        escalation_route: &route,
    })?;
    let reasons = b.reasons.trim().to_owned();
    let mut record = d.record(stage);
    record.state.responded_on = Some(d.on);
    record.state.responded_by = Some(d.caller.user_id);
    record.decision = Some(decision);
    record.reasons = Some(reasons.clone());
    record.escalation_route = Some(route.clone());
    let event = d.event(
        "responded",
        Some(stage),
        json!({"decision": decision.as_str(), "reasons": reasons, "escalation_route": route,
               "remedies": remedies.len(), "outstanding_actions": actions.len()}),
    );
    let change = CaseChange {
        status: Some(if stage == Stage::One {
            Status::Stage1Responded
        } else {
            Status::Stage2Responded
        }),
        current_due_on: Some(None),
        stage: Some(record),
        remedies,
        actions,
        ..CaseChange::default()
    };
    // Code 6.9, 6.19: the response letter sets out elements a–g from what is recorded.
    d.apply(&state, tenant.scope, change, event, Some(Cause::Responded))
        .await
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
    let d = prepare(&state, &tenant, path.1, b.on, false).await?;
    rules::escalate(&d.state)?;
    let reason = b.reason.filter(|r| !r.trim().is_empty());
    let (change, event) = d.escalation(json!({"reason": reason}));
    d.apply(&state, tenant.scope, change, event, None).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefuseEscalationRequest {
    /// A reason from the same list as not accepting (Code 5.11).
    pub reason: String,
    pub explanation: String,
    pub on: Option<NaiveDate>,
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
    let b = body.0;
    let mut f = Fields::new();
    let reason = f.check("reason", ExclusionReason::parse(&b.reason));
    let explanation = required(&mut f, "explanation", &b.explanation, 10_000);
    f.finish()?;
    let d = prepare(&state, &tenant, path.1, b.on, false).await?;
    rules::refuse_escalation(&d.state)?;
    let event = d.event(
        "escalation_refused",
        Some(Stage::Two),
        json!({"reason": reason.map(|r| r.as_str()), "explanation": explanation}),
    );
    let change = CaseChange {
        status: Some(Status::Closed),
        current_due_on: Some(None),
        closed_on: Some(d.on),
        ..CaseChange::default()
    };
    // Code 5.11: the resident is told why, and of their right to go to the Ombudsman.
    let letter = reason
        .zip(explanation)
        .map(|(reason, explanation)| Cause::EscalationRefused {
            reason,
            explanation,
        });
    d.apply(&state, tenant.scope, change, event, letter).await
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
    let on = body.0.on;
    let d = prepare(&state, &tenant, path.1, on, false).await?;
    rules::close(&d.state)?;
    let event = d.event("closed", Some(d.state.current_stage()), json!({}));
    let change = CaseChange {
        status: Some(Status::Closed),
        current_due_on: Some(None),
        closed_on: Some(d.on),
        ..CaseChange::default()
    };
    d.apply(&state, tenant.scope, change, event, None).await
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
    tenant: Tenant<super::intake::Intake>,
    path: web::Path<(String, Uuid)>,
    body: Json<AdditionalRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let mut f = Fields::new();
    let description = required(&mut f, "description", &b.description, 20_000);
    f.finish()?;
    let Some(description) = description else {
        return Err(ApiError::invalid("description", "is required"));
    };
    let d = prepare(&state, &tenant, path.1, b.on, true).await?;
    let original = &d.loaded.case.complaint;
    match rules::additional(&d.state, b.related) {
        AdditionalOutcome::AmendDefinition => {
            let definition = match &original.definition {
                Some(def) => format!("{def}\n\nAdded on {}: {description}", d.on),
                None => format!("Added on {}: {description}", d.on),
            };
            let event = d.event(
                "definition_amended",
                Some(Stage::One),
                json!({"additional": description, "definition": definition}),
            );
            let change = CaseChange {
                definition: Some(definition),
                ..CaseChange::default()
            };
            let view = d.apply(&state, tenant.scope, change, event, None).await?;
            Ok(HttpResponse::Ok().json(view.0))
        }
        AdditionalOutcome::NewLinkedComplaint => {
            let scope = tenant.scope;
            let ack_due = d
                .running_due(&StageState::new(Stage::One, d.on))
                .unwrap_or(d.on);
            let txn = redress_store::db::begin_write(&tenant.db)
                .await
                .map_err(StoreError::from)?;
            let new_id = complaints::insert(
                &txn,
                scope,
                &d.loaded.calendar,
                &tenant.landlord.reference_prefix,
                NewComplaint {
                    scheme_id: original.scheme_id,
                    resident_id: original.resident_id,
                    channel: original.channel,
                    received_on: d.on,
                    description: description.clone(),
                    issue_date: None,
                    category: original.category.clone(),
                    service_area: original.service_area.clone(),
                    outcomes_sought: None,
                    service_request_id: None,
                    representative: original.representative.clone(),
                    tenure: original.tenure,
                    flags: original
                        .flags
                        .iter()
                        .filter(|f| *f == "representative")
                        .cloned()
                        .collect(),
                    related_complaint_id: Some(original.id),
                    ack_due,
                    created_by: Some(d.caller.user_id),
                },
                d.event(
                    "received",
                    Some(Stage::One),
                    json!({"related_complaint_id": original.id, "ack_due": ack_due}),
                ),
            )
            .await?;
            complaints::insert_event(
                &txn,
                scope,
                original.id,
                d.event(
                    "additional_complaint_logged",
                    None,
                    json!({"complaint_id": new_id, "related": b.related}),
                ),
            )
            .await?;
            // Code 6.8: the new complaint is logged like any other, and the resident told.
            letters::complaint_logged(&txn, &state, scope, &d.landlord, &d.loaded.scheme, new_id)
                .await?;
            txn.commit().await.map_err(StoreError::from)?;
            let caller = Caller {
                role: Role::ComplaintsOfficer,
                ..d.caller
            };
            let loaded = load(&state, scope, &caller, new_id).await?;
            Ok(HttpResponse::Created().json(complaint_view(&loaded, &d.caller, d.today)))
        }
    }
}

/// A resident asks, through their tracking link, for their complaint to go to stage 2. No
/// reason is needed (Code 6.7); one given is kept. The same rules as staff escalation apply.
pub async fn escalate_for_resident(
    state: &AppState,
    scope: redress_store::TenantScope,
    landlord: &Landlord,
    id: Uuid,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let caller = Caller {
        user_id: Uuid::nil(),
        role: redress_domain::roles::Role::ComplaintsOfficer,
        contractor_id: None,
    };
    let loaded = load(state, scope, &caller, id).await?;
    let today = today();
    let last = complaints::last_action_on(&state.scoped(scope), scope, id).await?;
    let case_state = loaded.case.state(last);
    rules::check_effective_date(Some(&case_state), today, today)?;
    let d = Decide {
        loaded,
        state: case_state,
        caller,
        landlord: landlord.clone(),
        on: today,
        today,
    };
    rules::escalate(&d.state)?;
    let (change, mut event) = d.escalation(json!({"reason": reason, "by": "resident"}));
    event.actor = None;
    d.apply(state, scope, change, event, None).await?;
    Ok(())
}
