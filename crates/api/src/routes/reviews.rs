//! Reviews that cannot be forgotten (Code 5.10, 5.14): adjustments and restrictions due or
//! overdue for review, landlord-wide.

use crate::auth::Tenant;
use crate::auth::extract::ComplaintsTeam;
use crate::error::{ApiError, Fields, Problem};
use crate::page::{Page, PageQuery};
use crate::time::today;
use actix_web::{get, web};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewsQuery {
    /// `adjustment` or `restriction`.
    pub kind: Option<String>,
    /// `true`: only those past their review date; `false`: only those not yet past it.
    pub overdue: Option<String>,
    /// How far ahead counts as due, 0 to 365 days; 14 when absent.
    pub due_within_days: Option<u64>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewDue {
    /// `adjustment` or `restriction`.
    pub kind: String,
    pub id: Uuid,
    pub resident_id: Uuid,
    /// What is to be reviewed: the adjustment, or the restriction's behaviour.
    pub description: String,
    pub review_on: Option<NaiveDate>,
    pub overdue: bool,
}

/// Adjustments or restrictions due or overdue for review, landlord-wide.
#[utoipa::path(
    operation_id = "reviews_list",
    tag = "residents", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ReviewsQuery),
    responses(
        (status = 200, body = Page<ReviewDue>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/reviews")]
pub async fn list(
    tenant: Tenant<ComplaintsTeam>,
    query: crate::json::Query<ReviewsQuery>,
) -> Result<web::Json<Page<ReviewDue>>, ApiError> {
    let q = query.into_inner();
    let today = today();
    let mut f = Fields::new();
    let kind = q.kind.as_deref().unwrap_or_default();
    if kind != "adjustment" && kind != "restriction" {
        f.push("kind", "must be adjustment or restriction");
    }
    let overdue = q.overdue.as_deref().and_then(|o| {
        f.check(
            "overdue",
            o.parse::<bool>().map_err(|_| "must be true or false"),
        )
    });
    let days = q.due_within_days.unwrap_or(14);
    if days > 365 {
        f.push("due_within_days", "must be from 0 to 365");
    }
    let req = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    }
    .request();
    f.finish()?;
    let req = req?;
    let due_by = today
        .checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX);
    let (due_by, overdue_before) = match overdue {
        Some(true) => (due_by, Some(today)),
        Some(false) => (due_by, None),
        None => (due_by, None),
    };
    let keep_not_overdue = overdue == Some(false);
    let page = if kind == "adjustment" {
        let page = redress_store::adjustments::reviews_due(
            &tenant.db,
            tenant.scope,
            due_by,
            overdue_before,
            req,
        )
        .await?;
        Page::from_store(page, |a| ReviewDue {
            kind: "adjustment".into(),
            overdue: a.next_review_on.is_some_and(|d| d < today),
            id: a.id,
            resident_id: a.resident_id,
            description: a.description,
            review_on: a.next_review_on,
        })
    } else {
        let page = redress_store::restrictions::reviews_due(
            &tenant.db,
            tenant.scope,
            due_by,
            overdue_before,
            req,
        )
        .await?;
        Page::from_store(page, |r| ReviewDue {
            kind: "restriction".into(),
            overdue: r.review_on.is_some_and(|d| d < today),
            id: r.id,
            resident_id: r.resident_id,
            description: r.behaviour,
            review_on: r.review_on,
        })
    };
    let items = if keep_not_overdue {
        page.items.into_iter().filter(|i| !i.overdue).collect()
    } else {
        page.items
    };
    Ok(web::Json(Page {
        items,
        next_cursor: page.next_cursor,
    }))
}
