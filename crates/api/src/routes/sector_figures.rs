//! The sector's figures as a landlord sees them: the platform's record of what the sector
//! published, year by year, where the landlord may keep its own copy of a year (its peer
//! group's benchmark, a corrected figure) with its own source. The dashboard and the MRC's
//! digest show each headline figure beside the latest year's (issue: the MRC's digest reads
//! as a briefing; docs/METRICS.md, "The sector's figures").

use super::platform::{SectorFiguresRequest, SectorFiguresView, checked_sector_year};
use crate::auth::Tenant;
use crate::auth::extract::{LandlordAdmins, LandlordStaff};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use actix_web::{HttpResponse, delete, get, put, web};
use redress_store::{audit, sector};
use serde_json::json;

/// The audit kind of a year's own copy recorded or replaced.
const OWN_COPY_RECORDED: &str = "sector_figures.own_copy_recorded";
/// The audit kind of a year's own copy removed (the platform's record shows again).
const OWN_COPY_REMOVED: &str = "sector_figures.own_copy_removed";

/// The sector's figures the landlord's dashboard and digests cite, the newest year first:
/// for each year the landlord's own copy where it keeps one (`own_copy`), otherwise the
/// platform's record (the landlord's staff and governance).
#[utoipa::path(
    operation_id = "sector_figures_list",
    tag = "settings",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = Vec<SectorFiguresView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/sector-figures")]
pub async fn list(
    tenant: Tenant<LandlordStaff>,
) -> Result<web::Json<Vec<SectorFiguresView>>, ApiError> {
    let years = sector::for_landlord(&tenant.db, tenant.scope).await?;
    Ok(web::Json(
        years.into_iter().map(SectorFiguresView::from).collect(),
    ))
}

/// Keeps the landlord's own copy of a financial year's sector figures, replacing any it kept
/// for that year (landlord admin): its dashboard and digests show these, citing its source,
/// in place of the platform's record. Only a year that has ended; audited with what it
/// replaced.
#[utoipa::path(
    operation_id = "sector_figures_put",
    tag = "settings",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    request_body = SectorFiguresRequest,
    responses(
        (status = 200, body = SectorFiguresView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/landlords/{slug}/sector-figures/{year}")]
pub async fn put(
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, i32)>,
    body: Json<SectorFiguresRequest>,
) -> Result<web::Json<SectorFiguresView>, ApiError> {
    let (_, year) = path.into_inner();
    let b = body.0;
    let (tenths, source) = checked_sector_year(year, &b)?;
    let replaced = sector::replace_own_copy(
        &tenant.db,
        tenant.scope,
        year,
        &tenths,
        &source,
        Some(tenant.user_id),
    )
    .await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        OWN_COPY_RECORDED,
        None,
        json!({"year": year, "figures": b.figures, "source": source,
            "replaced": replaced.before.map(SectorFiguresView::from)}),
    )
    .await?;
    let recorded = replaced
        .after
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("own copy for {year} not recorded")))?;
    Ok(web::Json(recorded.into()))
}

/// Removes the landlord's own copy of a year (landlord admin): the platform's record, if
/// any, shows again. 404 when the landlord keeps no copy of that year. Audited with what was
/// removed.
#[utoipa::path(
    operation_id = "sector_figures_delete",
    tag = "settings",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    responses(
        (status = 204, description = "The landlord's copy is removed"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/landlords/{slug}/sector-figures/{year}")]
pub async fn delete(
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (_, year) = path.into_inner();
    let Some(before) = sector::replace_own_copy(
        &tenant.db,
        tenant.scope,
        year,
        &Default::default(),
        "",
        Some(tenant.user_id),
    )
    .await?
    .before
    else {
        return Err(ApiError::NotFound);
    };
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        OWN_COPY_REMOVED,
        None,
        json!({"year": year, "removed": SectorFiguresView::from(before)}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
