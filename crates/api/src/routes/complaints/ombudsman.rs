//! The Ombudsman (docs/rules.md, "The Ombudsman"): the resident's referral of the complaint,
//! the Ombudsman's determination, and the orders and recommendations the landlord must then
//! comply with, which the governing body is to hear of (Code 9.7c). The complaints team records
//! them; the case view shows them. Each handler parses its request and calls its verb:
//! `use_cases::{refer_to_ombudsman, record_determination, record_compliance}`.

use super::views::{
    ComplaintView, InformationRequestView, OmbudsmanOrderView, complaint_view,
    information_request_view, ombudsman_order_view,
};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::ComplaintsTeam;
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::use_cases::ombudsman_requests::{Answer, Request, answer_request, record_request};
use crate::use_cases::record_compliance::{Compliance, record_compliance};
use crate::use_cases::record_determination::{DeterminationChange, record_determination};
use crate::use_cases::refer_to_ombudsman::{Referral, refer_to_ombudsman};
use crate::use_cases::{Caller, Context};
use actix_web::{HttpResponse, patch, post, web};
use chrono::NaiveDate;
use redress_domain::complaint::Determination;
use redress_domain::values::required_text;
use redress_store::ombudsman::{NewOrder, OrderKind, OrderStatus};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
pub struct OmbudsmanReferralRequest {
    /// The day the resident referred the complaint to the Ombudsman.
    pub referred_on: NaiveDate,
    /// The Ombudsman's case reference.
    pub ombudsman_reference: String,
    /// The day the landlord recorded the referral; today when absent; never in the future nor
    /// before the complaint's last recorded action.
    pub on: Option<NaiveDate>,
}

/// Records that the resident took the complaint to the scheme's Ombudsman: once per complaint,
/// after the landlord's process is over (its stage 2 response sent, closed, or not accepted).
#[utoipa::path(
    operation_id = "complaints_refer_to_ombudsman",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = OmbudsmanReferralRequest,
    responses(
        (status = 201, description = "The complaint, with its referral", body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/ombudsman")]
pub async fn refer(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<OmbudsmanReferralRequest>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let b = body.0;
    let mut f = Fields::new();
    let reference = f.check(
        "ombudsman_reference",
        required_text(&b.ombudsman_reference, 100),
    );
    f.finish()?;
    let Some(reference) = reference else {
        return Err(ApiError::invalid("ombudsman_reference", "is required"));
    };
    let cx = Context::staff(&state, &tenant);
    let loaded = refer_to_ombudsman(
        &cx,
        id,
        Referral {
            referred_on: b.referred_on,
            ombudsman_reference: reference,
            on: b.on,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(complaint_view(&loaded, &Caller::from(&tenant), cx.today)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OmbudsmanOrderInput {
    /// `order` or `recommendation`.
    pub kind: String,
    pub description: String,
    /// When the landlord must have complied.
    pub due_on: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OmbudsmanReferralPatch {
    /// A corrected Ombudsman's case reference.
    pub ombudsman_reference: Option<String>,
    /// `no_maladministration`, `service_failure`, `maladministration`,
    /// `severe_maladministration`, `outside_jurisdiction` or `withdrawn`.
    pub determination: Option<String>,
    /// The day of the determination: required with it; not before the referral, not in the
    /// future.
    pub determined_on: Option<NaiveDate>,
    /// Orders and recommendations to add, each then tracked to compliance.
    #[serde(default)]
    pub orders: Vec<OmbudsmanOrderInput>,
}

/// Records the Ombudsman's determination and adds its orders and recommendations (Code 9.7c).
/// 404 when the complaint was never referred.
#[utoipa::path(
    operation_id = "complaints_patch_ombudsman",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = OmbudsmanReferralPatch,
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/complaints/{id}/ombudsman")]
pub async fn patch_referral(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<OmbudsmanReferralPatch>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let (_, id) = path.into_inner();
    let b = body.0;
    let mut f = Fields::new();
    if b.ombudsman_reference.is_none()
        && b.determination.is_none()
        && b.determined_on.is_none()
        && b.orders.is_empty()
    {
        f.push(
            "determination",
            "nothing to change: give ombudsman_reference, a determination with determined_on, or orders",
        );
    }
    let reference = b
        .ombudsman_reference
        .as_deref()
        .and_then(|r| f.check("ombudsman_reference", required_text(r, 100)));
    let determination = b
        .determination
        .as_deref()
        .and_then(|d| f.check("determination", Determination::parse(d)));
    match (&b.determination, b.determined_on) {
        (Some(_), None) => f.push("determined_on", "is required with a determination"),
        (None, Some(_)) => f.push("determined_on", "give it with the determination it dates"),
        _ => {}
    }
    let orders: Vec<NewOrder> = b
        .orders
        .into_iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let kind = f.check(&format!("orders[{i}].kind"), OrderKind::parse(&o.kind));
            let description = f.check(
                &format!("orders[{i}].description"),
                required_text(&o.description, 5_000),
            );
            Some(NewOrder {
                kind: kind?,
                description: description?,
                due_on: o.due_on,
            })
        })
        .collect();
    f.finish()?;
    let cx = Context::staff(&state, &tenant);
    let loaded = record_determination(
        &cx,
        id,
        DeterminationChange {
            ombudsman_reference: reference,
            determined: determination.zip(b.determined_on),
            orders,
        },
    )
    .await?;
    Ok(web::Json(complaint_view(
        &loaded,
        &Caller::from(&tenant),
        cx.today,
    )))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OmbudsmanOrderPatch {
    /// `open`, `complied` or `not_complied`.
    pub status: String,
    /// The day the landlord complied: required when `complied`; not before the determination,
    /// not in the future.
    pub complied_on: Option<NaiveDate>,
    /// How compliance was shown (what was done, and where its proof is kept).
    pub evidence: Option<String>,
}

/// Records the landlord's compliance with one of the Ombudsman's orders or recommendations
/// (Code 9.7c).
#[utoipa::path(
    operation_id = "complaints_patch_ombudsman_order",
    tag = "complaints", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        ("oid" = Uuid, Path, description = "The order's or recommendation's id"),
    ),
    request_body = OmbudsmanOrderPatch,
    responses(
        (status = 200, body = OmbudsmanOrderView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/complaints/{id}/ombudsman/orders/{oid}")]
pub async fn patch_order(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid, Uuid)>,
    body: Json<OmbudsmanOrderPatch>,
) -> Result<web::Json<OmbudsmanOrderView>, ApiError> {
    let (_, id, oid) = path.into_inner();
    let b = body.0;
    let today = crate::time::today();
    let mut f = Fields::new();
    let status = f.check("status", OrderStatus::parse(&b.status));
    let evidence = b
        .evidence
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .and_then(|e| f.check("evidence", required_text(e, 10_000)));
    match (status, b.complied_on) {
        (Some(OrderStatus::Complied), None) => {
            f.push("complied_on", "is required when the status is complied")
        }
        (Some(OrderStatus::Complied), Some(on)) if on > today => f.push(
            "complied_on",
            format!("must not be in the future (today is {today})"),
        ),
        (Some(OrderStatus::Open | OrderStatus::NotComplied), Some(_)) => {
            f.push("complied_on", "give it only with the status complied")
        }
        _ => {}
    }
    f.finish()?;
    let Some(status) = status else {
        return Err(ApiError::invalid("status", "is required"));
    };
    let cx = Context::staff(&state, &tenant);
    let updated = record_compliance(
        &cx,
        id,
        oid,
        Compliance {
            status,
            complied_on: b.complied_on,
            evidence,
        },
    )
    .await?;
    Ok(web::Json(ombudsman_order_view(&updated, cx.today)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct InformationRequestBody {
    /// The day the landlord received the request; today when absent. Not in the future, not
    /// before the referral.
    pub received_on: Option<NaiveDate>,
    /// What the Ombudsman asked for.
    #[serde(default)]
    pub description: String,
    /// The date the Ombudsman gave for the answer.
    pub due_on: Option<NaiveDate>,
}

/// Records a request of the Ombudsman for information on a referred complaint, with the date it
/// gave. Until it is answered it is on the worklist as what is due, reminded two working days
/// before, on the day and when overdue, and counted on the dashboard: a late answer leads to a
/// Complaint Handling Failure Order.
#[utoipa::path(
    operation_id = "complaints_ombudsman_request",
    tag = "complaints", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ("id" = Uuid, Path, description = "The complaint's id")),
    request_body = InformationRequestBody,
    responses(
        (status = 201, body = InformationRequestView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The complaint has not been referred to the Ombudsman", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/ombudsman/requests")]
pub async fn request_information(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<InformationRequestBody>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let b = body.0;
    let mut f = Fields::new();
    let description = f.check("description", required_text(&b.description, 10_000));
    if b.due_on.is_none() {
        f.push("due_on", "is required: the date the Ombudsman gave");
    }
    f.finish()?;
    let (Some(description), Some(due_on)) = (description, b.due_on) else {
        return Err(ApiError::invalid("description", "is required"));
    };
    let cx = Context::staff(&state, &tenant);
    let recorded = record_request(
        &cx,
        id,
        Request {
            received_on: b.received_on,
            description,
            due_on,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(information_request_view(&recorded, cx.today)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct InformationAnswerBody {
    /// The day the answer was sent; today when absent. Not in the future, not before the
    /// request was received.
    pub answered_on: Option<NaiveDate>,
    /// What was sent (the documents, or the evidence bundle).
    #[serde(default)]
    pub sent: String,
    /// The complaint's latest evidence bundle went with it: the answer links to it. Refused
    /// by this field when no bundle has been made.
    #[serde(default)]
    pub with_bundle: bool,
}

/// Records the answer to one of the Ombudsman's requests for information, with what was sent;
/// answered after the date the Ombudsman gave, it is counted as late.
#[utoipa::path(
    operation_id = "complaints_ombudsman_request_answer",
    tag = "complaints", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        ("oid" = Uuid, Path, description = "The request's id"),
    ),
    request_body = InformationAnswerBody,
    responses(
        (status = 200, body = InformationRequestView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The request has been answered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/ombudsman/requests/{oid}/answer")]
pub async fn answer_information_request(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid, Uuid)>,
    body: Json<InformationAnswerBody>,
) -> Result<web::Json<InformationRequestView>, ApiError> {
    let (_, id, oid) = path.into_inner();
    let b = body.0;
    let mut f = Fields::new();
    let sent = f.check("sent", required_text(&b.sent, 10_000));
    f.finish()?;
    let Some(sent) = sent else {
        return Err(ApiError::invalid("sent", "is required"));
    };
    let cx = Context::staff(&state, &tenant);
    let answered = answer_request(
        &cx,
        id,
        oid,
        Answer {
            answered_on: b.answered_on,
            sent,
            with_bundle: b.with_bundle,
        },
    )
    .await?;
    Ok(web::Json(information_request_view(&answered, cx.today)))
}
