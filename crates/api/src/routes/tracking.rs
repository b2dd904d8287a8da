//! What a resident does without an account (docs/rules.md, "What residents can do online"):
//! make a complaint online (Code 1.3, 3.1, 3.6), and through the private link emailed to them
//! follow it, add information and ask for stage 2 without giving a reason (Code 6.12).
//! Rate-limited with the other public routes; the link's token is stored only as its SHA-256.

use crate::AppState;
use crate::auth::client::ClientAddress;
use crate::auth::secret::hash_token;
use crate::auth::throttle::Attempt;
use crate::error::{ApiError, Fields, Problem};
use crate::forms::complaint::{NewComplaintRequest, RepresentativeInput};
use crate::forms::resident::ResidentInput;
use crate::json::Json;
use crate::use_cases::Context;
use crate::use_cases::escalate::{Escalation, escalate as escalate_complaint};
use crate::use_cases::log_complaint::log_complaint;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::complaint::{CorrespondenceChannel, Direction, stage_deadlines};
use redress_domain::values::required_text;
use redress_store::correspondence::{self, NewCorrespondence};
use redress_store::published::{self, PublicRecord};
use redress_store::{TenantScope, complaints, letters};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The resident's routes under `/api/v1/public`: the online form and the tracking link.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create)
        .service(track)
        .service(escalate)
        .service(information);
}

/// Someone making the complaint for the resident, with the resident's consent (Code 3.6).
#[derive(Debug, Deserialize, ToSchema)]
pub struct PublicRepresentative {
    pub name: String,
    /// e.g. "daughter", "advocate".
    pub relationship: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// That the resident has agreed to them acting for them: must be true.
    pub consent: bool,
}

/// A complaint made online by a resident or their representative.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PublicComplaint {
    /// The resident: name, and how to reach them (`preferred_contact`: `email`, `phone`,
    /// `letter`, `text`).
    pub resident: ResidentInput,
    /// What went wrong, in their own words; the word "complaint" is not needed (Code 1.3).
    pub description: String,
    /// What they would like to happen.
    pub outcomes_sought: Option<String>,
    /// When it happened or they became aware of it (Code 2.3).
    pub issue_date: Option<NaiveDate>,
    /// What it is about, if they say; `other` when not.
    pub category: Option<String>,
    /// Any help or changes they need from us to take part (Code 3.1, 5.x: reasonable
    /// adjustments).
    pub adjustments_needed: Option<String>,
    pub representative: Option<PublicRepresentative>,
}

/// What the resident is told once the complaint is logged.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicComplaintReceipt {
    pub reference: String,
    /// Where the tracking link was sent, in words (`by email`, `by post`).
    pub tracking_link_sent: String,
    /// The day by which the complaint will be acknowledged (Code 6.2).
    pub acknowledge_by: Option<NaiveDate>,
}

/// Makes a complaint online (Code 1.3, 3.1). The resident is sent its reference and a
/// private tracking link. Any adjustments asked for are flagged for the complaints team.
/// No sign-in; rate-limited.
#[utoipa::path(
    operation_id = "public_complaint_create",
    tag = "public",
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = PublicComplaint,
    responses(
        (status = 201, body = PublicComplaintReceipt),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/{slug}/complaints")]
pub async fn create(
    state: web::Data<AppState>,
    client: ClientAddress,
    slug: web::Path<String>,
    body: Json<PublicComplaint>,
) -> Result<HttpResponse, ApiError> {
    let record = published::public_record(&state.db, &slug.into_inner()).await?;
    state.throttle.public_complaint(&state.db, &client).await?;
    let scope = record.scope_for_residents();
    let b = body.0;
    let today = crate::time::today();
    let mut f = Fields::new();
    let adjustments = b
        .adjustments_needed
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| f.check("adjustments_needed", required_text(s, 2_000)));
    let representative = b.representative.map(|r| {
        if !r.consent {
            f.push(
                "representative.consent",
                "the resident must agree to someone acting for them (Code 3.6)",
            );
        }
        RepresentativeInput {
            name: r.name,
            relationship: r.relationship,
            email: r.email,
            phone: r.phone,
            consent_on: today,
            consent_evidence: "Confirmed on the online complaint form by the person making \
                               the complaint for the resident."
                .to_owned(),
        }
    });
    // Code 3.1: the landlord must be able to reply.
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if blank(&b.resident.email) && blank(&b.resident.phone) && blank(&b.resident.address) {
        f.push(
            "resident.email",
            "give an email address, a phone number or a postal address, so that we can reply",
        );
    }
    let mut flags = vec!["online".to_owned()];
    if adjustments.is_some() {
        flags.push("adjustments_requested".to_owned());
    }
    let cx = Context::resident(&state, scope, record.landlord());
    let mut new = NewComplaintRequest {
        resident_id: None,
        resident: Some(b.resident),
        channel: "online".to_owned(),
        received_on: today,
        description: b.description,
        issue_date: b.issue_date,
        category: b
            .category
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| "other".to_owned()),
        service_area: None,
        outcomes_sought: b.outcomes_sought,
        representative,
        service_request_id: None,
        scheme: None,
        tenure: None,
    }
    .parse(cx.schemes().await?, today, flags, f)?;
    new.adjustments_requested = adjustments;
    let logged = log_complaint(&cx, new).await?;
    let sent = if logged.letter.delivery == letters::Delivery::Post {
        "by post"
    } else {
        "by email"
    };
    let c = &logged.loaded.case.complaint;
    Ok(HttpResponse::Created().json(PublicComplaintReceipt {
        reference: c.reference.clone(),
        tracking_link_sent: sent.to_owned(),
        acknowledge_by: c.current_due_on,
    }))
}

/// A complaint's letters, oldest first: far more than any complaint has.
fn first_letters() -> redress_store::page::PageRequest {
    redress_store::page::PageRequest {
        limit: 200,
        after: None,
    }
}

/// One stage as the resident sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackedStage {
    pub stage: i32,
    pub requested_on: NaiveDate,
    pub acknowledge_by: NaiveDate,
    pub acknowledged_on: Option<NaiveDate>,
    /// Including any extension.
    pub respond_by: Option<NaiveDate>,
    pub responded_on: Option<NaiveDate>,
    /// `upheld`, `partly_upheld` or `not_upheld`, once answered.
    pub decision: Option<String>,
}

/// A letter sent to the resident about the complaint.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackedLetter {
    pub subject: String,
    pub sent_at: DateTime<Utc>,
    /// The letter as sent (its plain text).
    pub text: Option<String>,
}

/// The resident's view of their complaint: no staff names, no internal notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct Tracking {
    pub landlord: String,
    pub reference: String,
    pub status: String,
    pub current_stage: i32,
    pub received_on: NaiveDate,
    pub stages: Vec<TrackedStage>,
    pub letters: Vec<TrackedLetter>,
    /// Whether the resident can ask for stage 2 now.
    pub can_escalate: bool,
    /// The Ombudsman the resident can go to, and how.
    pub ombudsman_name: String,
    pub ombudsman_contact: String,
}

/// The complaint a tracking link opens. A link that opens nothing counts against the
/// client's address; past the limit, the address is refused for a while.
async fn tracked(
    state: &AppState,
    slug: &str,
    token: &str,
    client: &ClientAddress,
) -> Result<(PublicRecord, TenantScope, Uuid), ApiError> {
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::Tracking, client, None)
        .await?;
    let found = async {
        let record = published::public_record(&state.db, slug).await?;
        let scope = record.scope_for_residents();
        let (id, closed_on) =
            complaints::find_by_tracking_token(&state.scoped(scope), scope, &hash_token(token))
                .await?;
        if let Some(closed) = closed_on
            && crate::letters::link_expires(closed) < crate::time::today()
        {
            return Err(ApiError::Gone(format!(
                "this link has expired: it worked for twelve months after the complaint \
                 closed. Contact {} if you need to know more about it.",
                record.landlord().name
            )));
        }
        Ok::<_, ApiError>((record, scope, id))
    }
    .await;
    match &found {
        Err(ApiError::NotFound) => counted.failed(),
        _ => counted.succeeded(&state.db).await?,
    }
    found
}

async fn view(
    state: &AppState,
    record: &PublicRecord,
    scope: TenantScope,
    id: Uuid,
) -> Result<Tracking, ApiError> {
    // The tracking link settled the resident's right to their case.
    let loaded = crate::use_cases::case::read(state, scope, record.landlord(), id).await?;
    let today = crate::time::today();
    let last = complaints::last_action_on(&state.scoped(scope), scope, id).await?;
    let case_state = loaded.case.state(last);
    let can_escalate = redress_domain::complaint::escalate(&case_state).is_ok();
    let c = &loaded.case;
    let stages = std::iter::once(&c.stage1)
        .chain(c.stage2.as_ref())
        .map(|s| {
            let d = stage_deadlines(&loaded.calendar, &loaded.scheme.timescales, &s.state, today);
            TrackedStage {
                stage: s.state.stage.number(),
                requested_on: s.state.requested_on,
                acknowledge_by: d.ack_due,
                acknowledged_on: s.state.acknowledged_on,
                respond_by: d.response_due,
                responded_on: s.state.responded_on,
                decision: s.decision.map(|d| d.as_str().to_owned()),
            }
        })
        .collect();
    let texts: std::collections::HashMap<Uuid, String> =
        correspondence::list(&state.scoped(scope), scope, id, None, first_letters())
            .await?
            .items
            .into_iter()
            .filter(|c| c.direction == Direction::Out)
            .map(|c| (c.id, c.body))
            .collect();
    let letters = letters::for_complaint(&state.scoped(scope), scope, id, None, first_letters())
        .await?
        .items
        .into_iter()
        .map(|l| TrackedLetter {
            text: texts.get(&l.correspondence_id).cloned(),
            subject: l.subject,
            sent_at: l.created_at,
        })
        .collect();
    Ok(Tracking {
        landlord: record.landlord().name.clone(),
        reference: c.complaint.reference.clone(),
        status: c.complaint.status.as_str().to_owned(),
        current_stage: c.complaint.current_stage.number(),
        received_on: c.complaint.received_on,
        stages,
        letters,
        can_escalate,
        ombudsman_name: loaded.scheme.ombudsman_name.clone(),
        ombudsman_contact: loaded.scheme.ombudsman_contact.clone(),
    })
}

/// The resident's view of their complaint, through the private link in their letter. An
/// unknown link is a 404. No sign-in; rate-limited.
#[utoipa::path(
    operation_id = "public_track",
    tag = "public",
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("token" = String, Path, description = "The token of the tracking link"),
    ),
    responses(
        (status = 200, body = Tracking),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link has expired", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/{slug}/track/{token}")]
pub async fn track(
    state: web::Data<AppState>,
    client: ClientAddress,
    path: web::Path<(String, String)>,
) -> Result<web::Json<Tracking>, ApiError> {
    let (slug, token) = path.into_inner();
    let (record, scope, id) = tracked(&state, &slug, &token, &client).await?;
    Ok(web::Json(view(&state, &record, scope, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResidentEscalation {
    /// Why, if the resident wishes to say; not needed (Code 6.12).
    pub reason: Option<String>,
}

/// The resident asks for stage 2 (Code 6.12): no reason is needed. Refused, with the reason,
/// when the complaint cannot go to stage 2 now.
#[utoipa::path(
    operation_id = "public_track_escalate",
    tag = "public",
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("token" = String, Path, description = "The token of the tracking link"),
    ),
    request_body = ResidentEscalation,
    responses(
        (status = 200, body = Tracking),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link has expired", body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/{slug}/track/{token}/escalate")]
pub async fn escalate(
    state: web::Data<AppState>,
    client: ClientAddress,
    path: web::Path<(String, String)>,
    body: Json<ResidentEscalation>,
) -> Result<web::Json<Tracking>, ApiError> {
    let (slug, token) = path.into_inner();
    let (record, scope, id) = tracked(&state, &slug, &token, &client).await?;
    let mut f = Fields::new();
    let reason = body
        .0
        .reason
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| f.check("reason", required_text(s, 5_000)));
    f.finish()?;
    let cx = Context::resident(&state, scope, record.landlord());
    escalate_complaint(&cx, id, Escalation { reason, on: None }).await?;
    Ok(web::Json(view(&state, &record, scope, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResidentInformation {
    /// What the resident wants to add.
    pub description: String,
}

/// The resident adds information to their complaint; it is kept as correspondence received
/// online, for the complaints team to read.
#[utoipa::path(
    operation_id = "public_track_information",
    tag = "public",
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("token" = String, Path, description = "The token of the tracking link"),
    ),
    request_body = ResidentInformation,
    responses(
        (status = 200, body = Tracking),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link has expired", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/{slug}/track/{token}/information")]
pub async fn information(
    state: web::Data<AppState>,
    client: ClientAddress,
    path: web::Path<(String, String)>,
    body: Json<ResidentInformation>,
) -> Result<web::Json<Tracking>, ApiError> {
    let (slug, token) = path.into_inner();
    let (record, scope, id) = tracked(&state, &slug, &token, &client).await?;
    let description = required_text(&body.0.description, 10_000)
        .map_err(|e| ApiError::invalid("description", e.to_string()))?;
    correspondence::record(
        &state.scoped(scope),
        scope,
        id,
        NewCorrespondence {
            direction: Direction::In,
            channel: CorrespondenceChannel::Online,
            on: crate::time::today(),
            subject: Some("Information added by the resident online".to_owned()),
            body: description,
            from: Some("the resident, through their tracking link".to_owned()),
            to: None,
            attachment_ids: Vec::new(),
            recorded_by: None,
        },
    )
    .await?;
    Ok(web::Json(view(&state, &record, scope, id).await?))
}
