//! Exceptional circumstances (Code 8.5): a landlord admin posts a notice that the landlord
//! cannot comply with the Code for now, with a timescale for returning to compliance, and
//! ends it when the landlord complies again. The current notice shows on the public page and
//! in the dashboards; ended notices are kept.

use crate::auth::Tenant;
use crate::auth::extract::{AnyMember, LandlordAdmins, LandlordStaff};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::NaiveDate;
use redress_domain::values::required_text;
use redress_store::exceptional::{self, NewNotice, Notice};
use serde::Deserialize;
use utoipa::ToSchema;

const DESCRIPTION_MAX: usize = 2000;

/// The day a notice may give for the return to compliance: today or later. A date already
/// past would tell residents nothing about when the Code applies again (Code 8.5).
pub fn expected_return_on(on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if on < today {
        Err(format!(
            "must be today ({today}) or later: the notice tells residents when the landlord \
             expects to comply with the Code again (Code 8.5)"
        ))
    } else {
        Ok(on)
    }
}

/// The landlord's current notice of exceptional circumstances, or `null` (Code 8.5). Any
/// member of the landlord may read it; it is on the public page too.
#[utoipa::path(
    operation_id = "exceptional_circumstances_get",
    tag = "exceptional circumstances",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = Option<Notice>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/exceptional-circumstances")]
pub async fn get(tenant: Tenant<AnyMember>) -> Result<web::Json<Option<Notice>>, ApiError> {
    Ok(web::Json(
        exceptional::current(&tenant.db, tenant.scope).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PostNotice {
    /// What has happened and what it means for residents' complaints.
    pub description: String,
    /// When the landlord expects to comply with the Code again: today or later.
    pub expected_return_on: NaiveDate,
}

/// Posts a notice that the landlord cannot comply with the Code for now, with a timescale
/// for return (landlord admin; Code 8.5). It replaces the current notice, if any. Audited.
#[utoipa::path(
    operation_id = "exceptional_circumstances_post",
    tag = "exceptional circumstances",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = PostNotice,
    responses(
        (status = 201, body = Notice),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/exceptional-circumstances")]
pub async fn post(
    tenant: Tenant<LandlordAdmins>,
    body: Json<PostNotice>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let mut f = Fields::new();
    let description = f.check(
        "description",
        required_text(&b.description, DESCRIPTION_MAX),
    );
    let on = f.check(
        "expected_return_on",
        expected_return_on(b.expected_return_on, crate::time::today()),
    );
    f.finish()?;
    let (Some(description), Some(expected_return_on)) = (description, on) else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let notice = exceptional::post(
        &tenant.db,
        tenant.scope,
        NewNotice {
            description,
            expected_return_on,
        },
        &tenant.actor(),
    )
    .await?;
    Ok(HttpResponse::Created().json(notice))
}

/// Ends the current notice: the landlord complies with the Code again (landlord admin;
/// Code 8.5). 404 when there is none. The notice is kept, ended. Audited.
#[utoipa::path(
    operation_id = "exceptional_circumstances_end",
    tag = "exceptional circumstances",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 204, description = "Ended"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/landlords/{slug}/exceptional-circumstances")]
pub async fn end(tenant: Tenant<LandlordAdmins>) -> Result<HttpResponse, ApiError> {
    exceptional::end(&tenant.db, tenant.scope, &tenant.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every notice the landlord has posted, current and ended, newest first, with who posted
/// and ended each and when (the landlord's staff and governance).
#[utoipa::path(
    operation_id = "exceptional_circumstances_history",
    tag = "exceptional circumstances",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), PageQuery),
    responses(
        (status = 200, body = Page<Notice>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/exceptional-circumstances/history")]
pub async fn history(
    tenant: Tenant<LandlordStaff>,
    query: crate::json::Query<PageQuery>,
) -> Result<web::Json<Page<Notice>>, ApiError> {
    let req = query.request()?;
    let page = exceptional::history(&tenant.db, tenant.scope, req).await?;
    Ok(web::Json(Page::from_store(page, |n| n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_return_may_be_expected_today_or_later_never_in_the_past() {
        let today = day("2026-11-25");
        assert_eq!(expected_return_on(today, today), Ok(today));
        assert!(expected_return_on(day("2027-01-04"), today).is_ok());
        let refused = expected_return_on(day("2026-11-24"), today).unwrap_err();
        assert!(refused.contains("Code 8.5"), "{refused}");
    }
}
