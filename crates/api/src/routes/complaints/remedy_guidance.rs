//! Guidance when a response offers a financial remedy (docs/rules.md, "Remedies"): the bands
//! of financial redress the landlord works to (the Ombudsman's, or its own copy), its
//! compensation policy, and what it offered on its closed complaints of the same category
//! decided the same way.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::CaseWorkers;
use crate::error::{ApiError, Problem};
use crate::routes::settings::RemedyBandsView;
use crate::use_cases::Context;
use actix_web::{get, web};
use redress_domain::complaint::Decision;
use redress_domain::remedy_guidance::median;
use redress_store::remedy_history;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GuidanceQuery {
    /// The decision the response makes: `upheld`, `partly_upheld` or `not_upheld`.
    pub decision: Option<String>,
}

/// What the landlord offered before on complaints like this one.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferedBefore {
    /// The complaint's category.
    pub category: String,
    /// The decision compared with.
    pub decision: String,
    /// Financial remedies offered on closed complaints of the category decided that way.
    pub count: u64,
    pub median_pence: Option<u64>,
    pub min_pence: Option<u64>,
    pub max_pence: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RemedyGuidanceView {
    pub bands: RemedyBandsView,
    /// The landlord's own compensation policy.
    pub compensation_policy: Option<String>,
    pub offered_before: OfferedBefore,
}

/// The guidance for a financial remedy on this complaint's response: the bands, the
/// landlord's policy, and the median and range of what it offered on its closed complaints of
/// the same category decided the same way.
#[utoipa::path(
    operation_id = "complaints_remedy_guidance",
    tag = "complaints", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        GuidanceQuery,
    ),
    responses(
        (status = 200, body = RemedyGuidanceView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}/remedy-guidance")]
pub async fn remedy_guidance(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    query: crate::json::Query<GuidanceQuery>,
) -> Result<web::Json<RemedyGuidanceView>, ApiError> {
    let decision = match query.decision.as_deref() {
        None | Some("") => Decision::Upheld,
        Some(d) => Decision::parse(d).map_err(|e| ApiError::invalid("decision", e.to_string()))?,
    };
    let id = path.into_inner().1;
    let cx = Context::staff(&state, &tenant);
    // Only a complaint the caller may see; another landlord's is not there (404).
    let loaded = cx.case(id).await?;
    let category = loaded.case.complaint.category.clone();
    let mut amounts =
        remedy_history::amounts_offered(&tenant.db, tenant.scope, &category, decision.as_str(), id)
            .await?;
    Ok(web::Json(RemedyGuidanceView {
        bands: RemedyBandsView::of(&tenant.landlord),
        compensation_policy: tenant.landlord.compensation_policy.clone(),
        offered_before: OfferedBefore {
            category,
            decision: decision.as_str().to_owned(),
            count: u64::try_from(amounts.len()).unwrap_or(u64::MAX),
            min_pence: amounts.iter().min().copied(),
            max_pence: amounts.iter().max().copied(),
            median_pence: median(&mut amounts),
        },
    }))
}
