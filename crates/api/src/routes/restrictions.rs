//! Restrictions for unacceptable behaviour (Code 5.14, 5.15). A restriction limits how
//! contact happens; it never stops a complaint being logged or answered.

use crate::AppState;
use crate::auth::{Policy, Tenant};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::time::today;
pub use crate::views::{
    RestrictionReviewView, RestrictionView, TermView, WarningView, restriction_view as view,
};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::NaiveDate;
use redress_domain::restrictions::{AdjustmentEffect, RestrictionTerms, check};
use redress_domain::roles::Role;
use redress_domain::values::required_text;
use redress_store::restrictions::{
    self, AdjustmentConsidered, NewRestriction, Review, Term, Warning,
};
use redress_store::{StoreError, residents};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Who may read restrictions: the complaints team, handlers, the MRC, and contractors, who
/// must keep to a restriction's terms when they contact the resident.
pub struct RestrictionReaders;
impl Policy for RestrictionReaders {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Contractor,
        Role::Mrc,
    ];
    const WHO: &'static str = "complaints staff, contractors and the MRC";
}

/// Who decides, reviews and ends restrictions: the complaints team.
pub struct RestrictionDeciders;
impl Policy for RestrictionDeciders {
    const ROLES: &'static [Role] = &[Role::LandlordAdmin, Role::ComplaintsOfficer];
    const WHO: &'static str = "a landlord admin or complaints officer";
}

const WARNING_LEVELS: [&str; 3] = ["first", "second", "final"];
const TERM_KINDS: [&str; 4] = [
    "single_point_of_contact",
    "written_contact_only",
    "set_times",
    "other",
];
const REVIEW_OUTCOMES: [&str; 3] = ["continue", "varied", "ended"];

async fn resident_exists(
    state: &AppState,
    scope: redress_store::TenantScope,
    id: Uuid,
) -> Result<(), ApiError> {
    residents::get(&state.scoped(scope), scope, id)
        .await
        .map(|_| ())
        .map_err(ApiError::from)
}

/// The resident's restrictions, newest first.
#[utoipa::path(
    operation_id = "restrictions_list",
    tag = "residents", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The resident's id")),
    responses(
        (status = 200, body = Vec<RestrictionView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/residents/{id}/restrictions")]
pub async fn list(
    state: web::Data<AppState>,
    tenant: Tenant<RestrictionReaders>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<RestrictionView>>, ApiError> {
    let (_, id) = path.into_inner();
    crate::use_cases::case::contractor_may_read_resident(
        &state,
        tenant.scope,
        tenant.role,
        tenant.contractor_id,
        id,
    )
    .await?;
    resident_exists(&state, tenant.scope, id).await?;
    let today = today();
    let items = restrictions::for_resident(&tenant.db, tenant.scope, id).await?;
    tenant
        .audit_mrc_read(
            &tenant.db,
            "restrictions.read",
            Some(id),
            serde_json::json!({}),
        )
        .await?;
    Ok(web::Json(
        items.into_iter().map(|r| view(r, today)).collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRestrictionRequest {
    /// The behaviour that led to the restriction.
    pub behaviour: String,
    /// Attachments evidencing the behaviour.
    pub evidence_ids: Option<Vec<Uuid>>,
    /// Other evidence (incident references, call logs).
    pub evidence: Option<String>,
    /// The warnings given before (first, second, final).
    pub warnings: Vec<WarningView>,
    /// How contact is limited; at least one term.
    pub terms: Vec<TermView>,
    /// Why the restriction is proportionate (Code 5.14).
    pub proportionality: String,
    /// The regard had to the Equality Act 2010 (Code 5.14).
    pub equality_act: String,
    /// Each of the resident's reasonable adjustments in force, named once, with how this
    /// restriction keeps or changes it (Code 5.14). Required while the resident has any.
    pub adjustments: Option<Vec<AdjustmentConsideredInput>>,
    pub starts_on: NaiveDate,
    /// When it will be reviewed: required, within the landlord's limit (6 months by default).
    pub review_on: NaiveDate,
    /// `resident` (the default) or `representative`.
    pub applies_to: Option<String>,
    /// For a restriction on a representative: who.
    pub representative_name: Option<String>,
}

/// What the restriction does to one of the resident's reasonable adjustments in force.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AdjustmentConsideredInput {
    pub adjustment_id: Uuid,
    /// `kept` (as agreed) or `changed` (by this restriction).
    pub effect: String,
    /// How it is kept, or how and why it changes.
    pub how: String,
}

/// Imposes a restriction (Code 5.14). Refused without proportionality or Equality Act
/// reasoning, and, for a resident with reasonable adjustments, until each adjustment in force
/// is named with how the restriction keeps or changes it.
#[utoipa::path(
    operation_id = "restrictions_create",
    tag = "residents", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The resident's id")),
    request_body = NewRestrictionRequest,
    responses(
        (status = 201, body = RestrictionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/residents/{id}/restrictions")]
pub async fn create(
    state: web::Data<AppState>,
    tenant: Tenant<RestrictionDeciders>,
    path: web::Path<(String, Uuid)>,
    body: Json<NewRestrictionRequest>,
) -> Result<HttpResponse, ApiError> {
    let (_, resident_id) = path.into_inner();
    let b = body.0;
    resident_exists(&state, tenant.scope, resident_id).await?;
    let mut f = Fields::new();
    let behaviour = f.check("behaviour", required_text(&b.behaviour, 10_000));
    let applies_to = b.applies_to.clone().unwrap_or_else(|| "resident".into());
    if applies_to != "resident" && applies_to != "representative" {
        f.push("applies_to", "must be resident or representative");
    }
    let representative_name = b
        .representative_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(str::to_owned);
    if applies_to == "representative" && representative_name.is_none() {
        f.push(
            "representative_name",
            "is required for a restriction on a representative",
        );
    }
    for (i, w) in b.warnings.iter().enumerate() {
        if !WARNING_LEVELS.contains(&w.level.as_str()) {
            f.push(
                format!("warnings[{i}].level"),
                "must be first, second or final",
            );
        }
    }
    if b.terms.is_empty() {
        f.push("terms", "give at least one term: how contact is limited");
    }
    for (i, t) in b.terms.iter().enumerate() {
        if !TERM_KINDS.contains(&t.kind.as_str()) {
            f.push(
                format!("terms[{i}].kind"),
                "must be single_point_of_contact, written_contact_only, set_times or other",
            );
        }
        if t.detail.trim().is_empty() {
            f.push(format!("terms[{i}].detail"), "must not be empty");
        }
    }
    let evidence_ids = b.evidence_ids.unwrap_or_default();
    for (i, id) in evidence_ids.iter().enumerate() {
        if restrictions::unknown_attachments(&tenant.db, tenant.scope, &[*id])
            .await?
            .contains(id)
        {
            f.push(
                format!("evidence_ids[{i}]"),
                "is not an attachment of this landlord",
            );
        }
    }
    let active =
        redress_store::adjustments::active_for_resident(&tenant.db, tenant.scope, resident_id)
            .await?;
    let considered = b.adjustments.unwrap_or_default();
    let effects: Vec<Option<AdjustmentEffect>> = considered
        .iter()
        .enumerate()
        .map(|(i, c)| {
            f.check(
                &format!("adjustments[{i}].effect"),
                AdjustmentEffect::parse(&c.effect),
            )
        })
        .collect();
    // Code 5.14: each adjustment in force is named, once, with how it is kept or changed.
    let named: Vec<(Uuid, &str)> = considered
        .iter()
        .map(|c| (c.adjustment_id, c.how.as_str()))
        .collect();
    for p in restrictions::check_adjustments_considered(&active, &named) {
        f.push(p.field, p.message);
    }
    let given: Vec<NaiveDate> = b.warnings.iter().map(|w| w.given_on).collect();
    if let Err(redress_domain::complaint::Refusal::Field { field, message }) =
        check(&RestrictionTerms {
            starts_on: b.starts_on,
            review_on: b.review_on,
            proportionality: &b.proportionality,
            equality_act: &b.equality_act,
            warnings_given_on: &given,
            review_months: tenant.landlord.restriction_review_months,
        })
    {
        f.push(field, message);
    }
    f.finish()?;
    let Some(behaviour) = behaviour else {
        return Err(ApiError::invalid("behaviour", "is required"));
    };
    let mut evidence: Vec<String> = evidence_ids
        .iter()
        .map(|id| format!("attachment:{id}"))
        .collect();
    if let Some(text) = b.evidence.filter(|e| !e.trim().is_empty()) {
        evidence.push(text);
    }
    let created = restrictions::create(
        &tenant.db,
        tenant.scope,
        NewRestriction {
            resident_id,
            applies_to,
            representative_name,
            behaviour,
            evidence,
            warnings: b
                .warnings
                .into_iter()
                .map(|w| Warning {
                    level: w.level,
                    given_on: w.given_on,
                    letter: w.letter,
                })
                .collect(),
            terms: b
                .terms
                .into_iter()
                .map(|t| Term {
                    kind: t.kind,
                    detail: t.detail,
                })
                .collect(),
            adjustments: considered
                .into_iter()
                .zip(effects)
                .filter_map(|(c, effect)| {
                    let a = active.iter().find(|a| a.id == c.adjustment_id)?;
                    Some(AdjustmentConsidered {
                        adjustment_id: a.id,
                        description: a.description.clone(),
                        effect: effect?.as_str().to_owned(),
                        how: c.how.trim().to_owned(),
                    })
                })
                .collect(),
            proportionality: b.proportionality.trim().to_owned(),
            equality_act: b.equality_act.trim().to_owned(),
            decided_by: tenant.user_id,
            starts_on: b.starts_on,
            review_on: b.review_on,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(view(created, today())))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RestrictionReviewRequest {
    pub reviewed_on: NaiveDate,
    /// `continue`, `varied` or `ended`.
    pub outcome: String,
    pub note: Option<String>,
    /// Required unless the outcome is `ended`; within the landlord's limit of the review.
    pub next_review_on: Option<NaiveDate>,
}

/// Reviews a restriction (Code 5.14): it continues (with its next review), is varied, or ends.
#[utoipa::path(
    operation_id = "restrictions_review",
    tag = "residents", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
        ("rid" = Uuid, Path, description = "The restriction's id"),
    ),
    request_body = RestrictionReviewRequest,
    responses(
        (status = 200, body = RestrictionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/residents/{id}/restrictions/{rid}/reviews")]
pub async fn review(
    tenant: Tenant<RestrictionDeciders>,
    path: web::Path<(String, Uuid, Uuid)>,
    body: Json<RestrictionReviewRequest>,
) -> Result<web::Json<RestrictionView>, ApiError> {
    let (_, resident_id, rid) = path.into_inner();
    let b = body.0;
    let today = today();
    let mut f = Fields::new();
    if !REVIEW_OUTCOMES.contains(&b.outcome.as_str()) {
        f.push("outcome", "must be continue, varied or ended");
    }
    if b.reviewed_on > today {
        f.push("reviewed_on", "must not be in the future");
    }
    if b.outcome != "ended" {
        match b.next_review_on {
            None => f.push("next_review_on", "is required unless the restriction ends"),
            Some(next) => {
                let latest = b
                    .reviewed_on
                    .checked_add_months(chrono::Months::new(
                        tenant.landlord.restriction_review_months,
                    ))
                    .unwrap_or(NaiveDate::MAX);
                if next <= b.reviewed_on || next > latest {
                    f.push(
                        "next_review_on",
                        format!("must be after the review and no later than {latest} (Code 5.14)"),
                    );
                }
            }
        }
    }
    f.finish()?;
    let reviewed = restrictions::review(
        &tenant.db,
        tenant.scope,
        resident_id,
        rid,
        Review {
            id: Uuid::now_v7(),
            reviewed_on: b.reviewed_on,
            outcome: b.outcome.clone(),
            note: b.note.filter(|n| !n.trim().is_empty()),
            next_review_on: if b.outcome == "ended" {
                None
            } else {
                b.next_review_on
            },
            reviewed_by: tenant.user_id,
        },
    )
    .await?;
    Ok(web::Json(view(reviewed, today)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EndRestrictionRequest {
    /// `ended`.
    pub status: String,
    /// Today when absent.
    pub ended_on: Option<NaiveDate>,
    pub reason: String,
}

/// Ends a restriction.
#[utoipa::path(
    operation_id = "restrictions_end",
    tag = "residents", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
        ("rid" = Uuid, Path, description = "The restriction's id"),
    ),
    request_body = EndRestrictionRequest,
    responses(
        (status = 200, body = RestrictionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/residents/{id}/restrictions/{rid}")]
pub async fn end(
    tenant: Tenant<RestrictionDeciders>,
    path: web::Path<(String, Uuid, Uuid)>,
    body: Json<EndRestrictionRequest>,
) -> Result<web::Json<RestrictionView>, ApiError> {
    let (_, resident_id, rid) = path.into_inner();
    let b = body.0;
    let today = today();
    let mut f = Fields::new();
    if b.status != restrictions::InForce::Ended.as_str() {
        f.push(
            "status",
            "a restriction can only be ended here (status: ended)",
        );
    }
    let reason = f.check("reason", required_text(&b.reason, 5_000));
    let ended_on = b.ended_on.unwrap_or(today);
    if ended_on > today {
        f.push("ended_on", "must not be in the future");
    }
    f.finish()?;
    let Some(reason) = reason else {
        return Err(ApiError::invalid("reason", "is required"));
    };
    match restrictions::end(&tenant.db, tenant.scope, resident_id, rid, ended_on, reason).await {
        Ok(r) => Ok(web::Json(view(r, today))),
        Err(StoreError::Conflict(m)) => Err(ApiError::Conflict(m)),
        Err(e) => Err(e.into()),
    }
}
