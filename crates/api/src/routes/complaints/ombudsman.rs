//! The Ombudsman (docs/rules.md, "The Ombudsman"): the resident's referral of the complaint,
//! the Ombudsman's determination, and the orders and recommendations the landlord must then
//! comply with, which the governing body is to hear of (Code 9.7c). The complaints team records
//! them; the case view shows them. Each change is an event on the timeline, in the same
//! transaction.

use super::views::{ComplaintView, OmbudsmanOrderView, complaint_view, ombudsman_order_view};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::ComplaintsTeam;
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::time::today;
use crate::use_cases::case::{Caller, Loaded, load};
use actix_web::{HttpResponse, patch, post, web};
use chrono::NaiveDate;
use redress_domain::complaint::{Determination, Stage, check_effective_date};
use redress_domain::ombudsman::{Referred, check_determined_on, check_orders, check_referral};
use redress_domain::values::required_text;
use redress_store::complaints::{self, NewEvent};
use redress_store::ombudsman::{
    self, NewOrder, NewReferral, OrderChange, OrderKind, OrderStatus, Referral, ReferralChange,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

/// The Ombudsman's events are filed with stage 2: the Ombudsman's consideration follows the
/// landlord's own final stage, and contractors, who handle stage 1 only (Code 5.4), never see
/// it.
const STAGE: Option<Stage> = Some(Stage::Two);

/// The referral of a loaded case, or 404: there is nothing to change without one.
fn referral_of(loaded: &Loaded) -> Result<&Referral, ApiError> {
    loaded.case.ombudsman.as_ref().ok_or(ApiError::NotFound)
}

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
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &caller, id).await?;
    let today = today();
    let on = b.on.unwrap_or(today);
    let complaint = &loaded.case.complaint;
    let ombudsman_name = loaded.scheme.ombudsman_name.clone();
    check_referral(
        &ombudsman_name,
        complaint.status,
        loaded
            .case
            .ombudsman
            .as_ref()
            .map(|r| Referred {
                ombudsman_name: &r.ombudsman_name,
                referred_on: r.referred_on,
                reference: &r.ombudsman_reference,
            })
            .as_ref(),
        complaint.received_on,
        b.referred_on,
        today,
    )?;
    let last = complaints::last_action_on(&tenant.db, tenant.scope, id).await?;
    check_effective_date(Some(&loaded.case.state(last)), on, today)?;
    let event = NewEvent {
        kind: "ombudsman_referred",
        stage: STAGE,
        effective_on: on,
        actor: Some(caller.user_id),
        data: json!({"referred_on": b.referred_on, "ombudsman_name": ombudsman_name,
                     "ombudsman_reference": reference}),
    };
    let referral = ombudsman::refer(
        &tenant.db,
        tenant.scope,
        id,
        complaint.status,
        NewReferral {
            referred_on: b.referred_on,
            ombudsman_name,
            ombudsman_reference: reference,
            created_by: Some(caller.user_id),
        },
        event,
    )
    .await?;
    let mut loaded = loaded;
    loaded.case.ombudsman = Some(referral);
    Ok(HttpResponse::Created().json(complaint_view(&loaded, &caller, today)))
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
    let today = today();
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
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &caller, id).await?;
    let referral = referral_of(&loaded)?;
    let determined = match (determination, b.determined_on) {
        (Some(d), Some(on)) => {
            check_determined_on(referral.referred_on, on, today)?;
            Some((d, on))
        }
        _ => None,
    };
    // The orders on record and those added must all go with the determination as it will be.
    let after = determined.map(|(d, _)| d).or(referral.determination);
    check_orders(
        after,
        referral
            .orders
            .iter()
            .map(|o| o.kind)
            .chain(orders.iter().map(|o| o.kind)),
    )?;
    let determined_on = determined.map(|(_, on)| on).or(referral.determined_on);
    let mut f = Fields::new();
    for (i, o) in orders.iter().enumerate() {
        if let (Some(due), Some(made)) = (o.due_on, determined_on)
            && due < made
        {
            f.push(
                format!("orders[{i}].due_on"),
                format!("must not be before the determination ({made})"),
            );
        }
    }
    f.finish()?;
    let event = NewEvent {
        kind: "ombudsman_determination",
        stage: STAGE,
        effective_on: determined.map_or(today, |(_, on)| on),
        actor: Some(caller.user_id),
        data: json!({
            "ombudsman_reference": reference,
            "determination": determined.map(|(d, _)| d.as_str()),
            "determined_on": determined.map(|(_, on)| on),
            "previous_determination": referral.determination.map(|d| d.as_str()),
            "orders": orders.iter().map(|o| json!({"kind": o.kind.as_str(),
                "description": o.description, "due_on": o.due_on})).collect::<Vec<_>>(),
        }),
    };
    let updated = ombudsman::update(
        &tenant.db,
        tenant.scope,
        id,
        referral.determination,
        ReferralChange {
            ombudsman_reference: reference,
            determination: determined,
            orders,
        },
        event,
    )
    .await?;
    let mut loaded = loaded;
    loaded.case.ombudsman = Some(updated);
    Ok(web::Json(complaint_view(&loaded, &caller, today)))
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
    let today = today();
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
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &caller, id).await?;
    let referral = referral_of(&loaded)?;
    let order = referral
        .orders
        .iter()
        .find(|o| o.id == oid)
        .ok_or(ApiError::NotFound)?;
    if let (Some(on), Some(made)) = (b.complied_on, referral.determined_on)
        && on < made
    {
        return Err(ApiError::invalid(
            "complied_on",
            format!("must not be before the Ombudsman's determination ({made})"),
        ));
    }
    let complied_on = b.complied_on.filter(|_| status == OrderStatus::Complied);
    let event = NewEvent {
        kind: "ombudsman_order_updated",
        stage: STAGE,
        effective_on: complied_on.unwrap_or(today),
        actor: Some(caller.user_id),
        data: json!({"order_id": oid, "kind": order.kind.as_str(), "status": status.as_str(),
                     "previous_status": order.status.as_str(), "complied_on": complied_on,
                     "evidence": evidence}),
    };
    let updated = ombudsman::update_order(
        &tenant.db,
        tenant.scope,
        id,
        oid,
        OrderChange {
            status,
            complied_on,
            evidence,
        },
        event,
    )
    .await?;
    Ok(web::Json(ombudsman_order_view(&updated, today)))
}
