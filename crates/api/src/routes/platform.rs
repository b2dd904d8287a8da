//! The platform operator's view (SPEC section 1): how each landlord uses the portal, in
//! counts and times only, never the content of a case.

use crate::AppState;
use crate::auth::extract::PlatformAdmin;
use crate::error::{ApiError, Problem};
use crate::page::{Page, PageQuery};
use actix_web::{get, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use redress_domain::values::LandlordKind;
use redress_store::performance::financial_year;
use redress_store::platform::{self, LandlordUsage};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One landlord's use of the portal.
#[derive(Debug, Serialize, ToSchema)]
pub struct LandlordUsageView {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    /// `onboarding`, `active` or `suspended`.
    pub status: String,
    #[schema(value_type = String, example = "housing_association")]
    pub kind: LandlordKind,
    /// Homes owned.
    pub homes: u32,
    /// Active memberships of the landlord's users.
    pub users: u64,
    /// Complaints received in the current financial year (from 1 April).
    pub complaints_this_year: u64,
    pub complaints_total: u64,
    /// When a complaint, an event on one or correspondence was last recorded; null when
    /// nothing has been.
    pub last_activity_at: Option<DateTime<Utc>>,
}

impl From<LandlordUsage> for LandlordUsageView {
    fn from(u: LandlordUsage) -> Self {
        let l = u.landlord;
        LandlordUsageView {
            homes: l.homes(),
            id: l.id,
            slug: l.slug,
            name: l.name,
            status: l.status.as_str().to_owned(),
            kind: l.kind,
            users: u.users,
            complaints_this_year: u.complaints_this_year,
            complaints_total: u.complaints_total,
            last_activity_at: u.last_activity_at,
        }
    }
}

/// The financial year (1 April to 31 March) that `today` falls in.
fn current_financial_year(today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let starts = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    financial_year(starts)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no financial year for {today}")))
}

/// Every landlord with its usage: active users, complaints received this financial year and
/// in all, and when anything was last recorded (platform admin). Counts only, no case
/// content.
#[utoipa::path(
    operation_id = "platform_landlords",
    tag = "platform",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<LandlordUsageView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/platform/landlords")]
pub async fn landlords(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<LandlordUsageView>>, ApiError> {
    let req = query.request()?;
    let (from, to) = current_financial_year(crate::time::today())?;
    let page = platform::usage(&state.db, req, from, to).await?;
    Ok(web::Json(Page::from_store(page, LandlordUsageView::from)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_financial_year_runs_from_1_april_to_31_march() {
        assert_eq!(
            current_financial_year(day("2026-11-25")).unwrap(),
            (day("2026-04-01"), day("2027-03-31"))
        );
        assert_eq!(
            current_financial_year(day("2027-03-31")).unwrap(),
            (day("2026-04-01"), day("2027-03-31"))
        );
        assert_eq!(
            current_financial_year(day("2027-04-01")).unwrap().0,
            day("2027-04-01")
        );
    }
}
