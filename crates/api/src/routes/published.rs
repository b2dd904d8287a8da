//! Published TSM figures: a landlord admin publishes a snapshot of a financial year's CH01 and
//! CH02 once the year has ended, and every member of the landlord, the residents' panel
//! included (Code 9.3), reads what has been published. The latest published year is on the
//! public page.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{AnyMember, LandlordAdmins};
use crate::error::{ApiError, Problem};
use crate::page::{DEFAULT_LIMIT, MAX_LIMIT, Page};
use crate::use_cases::case::rules;
use actix_web::{get, post, web};
use redress_store::performance::{self, financial_year};
use redress_store::published::{self, PublishedTsm, not_ended};
use serde::Deserialize;
use utoipa::IntoParams;

/// The first financial year of the Regulator's tenant satisfaction measures (1 April 2023 to
/// 31 March 2024).
pub const TSM_FIRST_YEAR: i32 = 2023;

/// A financial year the figures can be published for, named by the calendar year it starts
/// in.
fn publishable_year(year: i32) -> Result<i32, ApiError> {
    if (TSM_FIRST_YEAR..=9998).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::invalid(
            "year",
            format!(
                "must be {TSM_FIRST_YEAR} or later: the Regulator's tenant satisfaction measures \
                 are reported from the year starting 1 April {TSM_FIRST_YEAR}"
            ),
        ))
    }
}

/// Publishes a snapshot of TSM CH01 and CH02 for a financial year that has ended (landlord
/// admin), for the residents' panel (Code 9.3) and the public page. Publishing a year again
/// replaces its snapshot. Audited.
#[utoipa::path(
    operation_id = "tsm_publish",
    tag = "oversight",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in (2024 = 1 April 2024 to 31 March 2025)"),
    ),
    responses(
        (status = 200, body = PublishedTsm),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The year has not ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/tsm/{year}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<PublishedTsm>, ApiError> {
    let (_, year) = path.into_inner();
    let year = publishable_year(year)?;
    let today = crate::time::today();
    let ended = financial_year(year).is_some_and(|(_, to)| today > to);
    if !ended {
        return Err(ApiError::Conflict(not_ended(year)));
    }
    let rules = rules(&state, tenant.scope, &tenant.landlord).await?;
    let calendar = &rules.calendar;
    let tsm = performance::tsm(&tenant.db, tenant.scope, calendar, year, today).await?;
    Ok(web::Json(
        published::publish_tsm(&tenant.db, tenant.scope, &tsm, &tenant.actor()).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublishedQuery {
    /// At most 200; 50 when absent.
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The TSM figures the landlord has published, newest year first. Every member of the
/// landlord may read them, the residents' panel included (Code 9.3).
#[utoipa::path(
    operation_id = "tsm_published_list",
    tag = "oversight",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), PublishedQuery),
    responses(
        (status = 200, body = Page<PublishedTsm>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/tsm/published")]
pub async fn list(
    tenant: Tenant<AnyMember>,
    query: crate::json::Query<PublishedQuery>,
) -> Result<web::Json<Page<PublishedTsm>>, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::invalid("limit", "must be between 1 and 200"));
    }
    let before = match &query.cursor {
        None => None,
        Some(c) => Some(
            c.parse::<i32>()
                .map_err(|_| ApiError::invalid("cursor", "is not a cursor this API gave"))?,
        ),
    };
    let (items, next) = published::list_tsm(&tenant.db, tenant.scope, limit, before).await?;
    Ok(web::Json(Page {
        items,
        next_cursor: next.map(|y| y.to_string()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_published_from_the_first_tsm_year() {
        assert!(publishable_year(2023).is_ok());
        assert!(publishable_year(2030).is_ok());
        assert!(publishable_year(2022).is_err());
        assert!(publishable_year(-1).is_err());
    }
}
