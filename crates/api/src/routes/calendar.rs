//! The working-day calendar of a landlord: bank holidays plus its closure days.

use crate::AppState;
use crate::auth::Tenant;
use crate::error::{ApiError, Fields, Problem};
pub use crate::views::SkippedDayView;
use actix_web::{get, web};
use chrono::NaiveDate;
use redress_domain::calendar::WorkingCalendar;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DueQuery {
    /// The day the clock starts (ISO date); it never counts itself.
    pub from: Option<String>,
    /// How many working days after `from`, 0 to 366.
    pub working_days: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueView {
    pub from: NaiveDate,
    pub working_days: u32,
    /// The `working_days`-th working day after `from`.
    pub due: NaiveDate,
    /// Every non-working day between `from` and `due`, and why.
    pub skipped: Vec<SkippedDayView>,
}

/// The deadline N working days after a date, using this landlord's closure days, with the
/// days skipped and why.
#[utoipa::path(
    operation_id = "calendar_due",
    tag = "calendar",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), DueQuery),
    responses(
        (status = 200, body = DueView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/calendar/due")]
pub async fn due(
    state: web::Data<AppState>,
    tenant: Tenant,
    query: crate::json::Query<DueQuery>,
) -> Result<web::Json<DueView>, ApiError> {
    let mut f = Fields::new();
    let from = match query.from.as_deref() {
        None => {
            f.push("from", "is required (an ISO date such as 2025-01-04)");
            None
        }
        Some(raw) => f.check(
            "from",
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| "must be an ISO date such as 2025-01-04"),
        ),
    };
    let n = match query.working_days.as_deref() {
        None => {
            f.push(
                "working_days",
                "is required (a whole number of working days)",
            );
            None
        }
        Some(raw) => f.check(
            "working_days",
            raw.parse::<u32>()
                .ok()
                .filter(|n| *n <= 366)
                .ok_or("must be a whole number from 0 to 366"),
        ),
    };
    f.finish()?;
    let (Some(from), Some(n)) = (from, n) else {
        return Err(ApiError::invalid("from", "is required"));
    };
    let closures = redress_store::landlords::closure_days(&tenant.db, tenant.scope).await?;
    let calendar = WorkingCalendar::new(&state.bank_holidays, closures);
    let e = calendar.explain_due(from, n);
    Ok(web::Json(DueView {
        from: e.from,
        working_days: e.working_days,
        due: e.due,
        skipped: e
            .skipped
            .into_iter()
            .map(|s| SkippedDayView {
                date: s.date,
                reason: s.reason.to_string(),
            })
            .collect(),
    }))
}
