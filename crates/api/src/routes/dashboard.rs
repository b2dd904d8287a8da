//! Oversight (Code 9.6, 9.7; docs/rules.md, "Oversight figures"): the dashboard for the Member
//! Responsible for Complaints, the governing body and the complaints team, any period; the
//! drill-down to the complaints behind a figure for those who may see case files; and the
//! Regulator's TSM complaints measures CH01 and CH02. Every figure is defined in
//! docs/METRICS.md. No resident personal data on any of these.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{Oversight, Policy};
use crate::error::{ApiError, Fields, Problem};
use crate::page::{Page, PageQuery};
use crate::time::{financial_year_of, today};
use crate::use_cases::case::rules;
use actix_web::{get, web};
use chrono::{Datelike, NaiveDate};
use redress_domain::remedy_guidance::{
    RemedyBand, RemedyPart, default_bands, tally_by_band, tally_by_failing,
};
use redress_domain::roles::Role;
use redress_store::exceptional::{self, Notice};
use redress_store::performance::{
    self, CaseSummary, ContractorFigures, Figure, Figures, Headline, Month, Tsm,
};
use redress_store::{adjustments, remedy_history, restrictions};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Those who may see the complaints behind a figure: the complaints team, and the MRC, whose
/// reads of case lists are audited. The governing body sees figures only.
pub struct DrillDown;
impl Policy for DrillDown {
    const ROLES: &'static [Role] = &[Role::LandlordAdmin, Role::ComplaintsOfficer, Role::Mrc];
    const WHO: &'static str = "the complaints team and the MRC";
}

/// The longest period a dashboard covers.
const MAX_YEARS: i32 = 5;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The first day (YYYY-MM-DD); the start of the current financial year when absent.
    pub from: Option<String>,
    /// The last day, inclusive; today when absent.
    pub to: Option<String>,
}

fn period(f: &mut Fields, from: Option<&str>, to: Option<&str>) -> Option<(NaiveDate, NaiveDate)> {
    let today = today();
    let date = |f: &mut Fields, field: &str, v: Option<&str>| {
        v.and_then(|v| {
            f.check(
                field,
                v.parse::<NaiveDate>()
                    .map_err(|_| "must be a date, YYYY-MM-DD"),
            )
        })
    };
    let from_given = date(f, "from", from);
    let to_given = date(f, "to", to);
    let from = from_given.or_else(|| {
        performance::financial_year(financial_year_of(today)).map(|(start, _)| start)
    })?;
    let to = to_given.unwrap_or(today);
    if to < from {
        f.push("to", "must not be before `from`");
        return None;
    }
    if to.year() - from.year() > MAX_YEARS {
        f.push("to", format!("a period covers at most {MAX_YEARS} years"));
        return None;
    }
    Some((from, to))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewCounts {
    /// Restrictions in force, or adjustments whose review falls due within 14 days.
    pub active_or_due: u64,
    /// Past their review date (Code 5.10, 5.14).
    pub overdue: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day "open" and "overdue" are counted on.
    pub today: NaiveDate,
    pub figures: Figures,
    /// Month by month within the period.
    pub monthly: Vec<Month>,
    /// Contractors' stage 1 handling (Code 5.4, 5.5).
    pub contractors: Vec<ContractorFigures>,
    /// Restrictions in force and reviews overdue (Code 5.14).
    pub restrictions: ReviewCounts,
    /// Adjustment reviews due soon and overdue (Code 5.10).
    pub adjustments: ReviewCounts,
    /// For each figure with cases behind it, the drill-down address; only for roles that may
    /// see case lists.
    pub drill_down: Option<BTreeMap<String, String>>,
    /// The landlord's notice that it cannot comply with the Code for now (Code 8.5), if any.
    pub exceptional_circumstances: Option<Notice>,
    /// The same dates a year earlier, to compare the period with: its headline figures
    /// (received, acknowledged and responded to in time, by stage). None when that period
    /// would begin before 2000.
    pub previous: Option<Headline>,
    /// The landlord's own targets for its headline figures, whole percentages by figure
    /// (`stage1_acknowledged_in_time`, `stage1_responded_in_time`,
    /// `stage2_acknowledged_in_time`, `stage2_responded_in_time`); empty when none is set.
    pub targets: BTreeMap<String, u32>,
    /// The sector's figures for the headline figures, as published for the period's
    /// financial year or the latest year before it, with their source: the landlord's own
    /// copy of that year where it keeps one (`own_copy`), otherwise the platform's record;
    /// none when neither has any.
    pub sector: Option<super::platform::SectorFiguresView>,
    /// The financial awards offered in the period's responses, by the landlord's bands of
    /// redress and by failing.
    pub financial_remedies: FinancialRemediesView,
}

/// One band of redress with the awards that fell in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BandTally {
    pub from_pence: u64,
    /// Null for the last, open-ended band.
    pub to_pence: Option<u64>,
    pub description: String,
    pub count: u64,
    pub total_pence: i64,
}

/// What the awards' parts came to for one failing.
#[derive(Debug, Serialize, ToSchema)]
pub struct FailingTally {
    /// `service`, `complaint_handling`, `time_and_trouble`, `distress_and_inconvenience` or
    /// `other`.
    pub failing: String,
    /// Awards with a part for it.
    pub count: u64,
    pub total_pence: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FinancialRemediesView {
    /// Every band of the landlord's copy (the Ombudsman's, unless it edited its own), in order.
    pub bands: Vec<BandTally>,
    /// The failings the awards were split by; only those with parts.
    pub by_failing: Vec<FailingTally>,
    /// Awards not split by failing, and what they came to.
    pub unsplit: u64,
    pub unsplit_pence: i64,
}

impl FinancialRemediesView {
    fn of(bands: &[RemedyBand], awards: &[(i64, Vec<RemedyPart>)]) -> Self {
        let amounts: Vec<i64> = awards.iter().map(|(a, _)| *a).collect();
        let (by, unsplit, unsplit_pence) = tally_by_failing(awards);
        FinancialRemediesView {
            bands: bands
                .iter()
                .zip(tally_by_band(bands, &amounts))
                .map(|(b, (count, total_pence))| BandTally {
                    from_pence: b.from_pence,
                    to_pence: b.to_pence,
                    description: b.description.clone(),
                    count,
                    total_pence,
                })
                .collect(),
            by_failing: by
                .into_iter()
                .map(|(f, count, total_pence)| FailingTally {
                    failing: f.as_str().to_owned(),
                    count,
                    total_pence,
                })
                .collect(),
            unsplit,
            unsplit_pence,
        }
    }
}

/// The same dates a year earlier: 29 February becomes 28 February.
fn a_year_earlier(from: NaiveDate, to: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let back = |d: NaiveDate| d.checked_sub_months(chrono::Months::new(12));
    let (from, to) = (back(from)?, back(to)?);
    (from.year() >= 2000).then_some((from, to))
}

/// The dashboard for a period: every figure of docs/METRICS.md, "The figures of a period",
/// with monthly trends.
#[utoipa::path(
    operation_id = "dashboard_get",
    tag = "oversight", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), PeriodQuery),
    responses(
        (status = 200, body = DashboardView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/dashboard")]
pub async fn dashboard(
    state: web::Data<AppState>,
    tenant: Tenant<Oversight>,
    query: crate::json::Query<PeriodQuery>,
) -> Result<web::Json<DashboardView>, ApiError> {
    let mut f = Fields::new();
    let p = period(&mut f, query.from.as_deref(), query.to.as_deref());
    f.finish()?;
    let Some((from, to)) = p else {
        return Err(ApiError::invalid("to", "is not valid"));
    };
    let today = today();
    let rules = rules(&state, tenant.scope, &tenant.landlord).await?;
    let cal = &rules.calendar;
    let d = performance::dashboard(&tenant.db, tenant.scope, cal, from, to, today).await?;
    let previous = match a_year_earlier(from, to) {
        Some((from, to)) => {
            Some(performance::headline(&tenant.db, tenant.scope, cal, from, to).await?)
        }
        None => None,
    };
    let (restrictions_active, restrictions_overdue) =
        restrictions::counts(&tenant.db, tenant.scope, today).await?;
    let (adjustments_due, adjustments_overdue) =
        adjustments::count_reviews(&tenant.db, tenant.scope, today).await?;
    let drill_down = DrillDown::ROLES.contains(&tenant.role).then(|| {
        Figure::ALL
            .iter()
            .map(|fig| {
                (
                    fig.as_str().to_owned(),
                    format!(
                        "/api/v1/landlords/{}/dashboard/cases?figure={}&from={from}&to={to}",
                        tenant.landlord.slug,
                        fig.as_str()
                    ),
                )
            })
            .collect()
    });
    Ok(web::Json(DashboardView {
        from,
        to,
        today,
        figures: d.figures,
        monthly: d.monthly,
        contractors: d.contractors,
        restrictions: ReviewCounts {
            active_or_due: restrictions_active,
            overdue: restrictions_overdue,
        },
        adjustments: ReviewCounts {
            active_or_due: adjustments_due,
            overdue: adjustments_overdue,
        },
        drill_down,
        exceptional_circumstances: exceptional::current(&tenant.db, tenant.scope).await?,
        previous,
        targets: tenant.landlord.performance_targets.clone(),
        sector: redress_store::sector::latest_for_landlord(
            &tenant.db,
            tenant.scope,
            financial_year_of(to),
        )
        .await?
        .map(Into::into),
        financial_remedies: FinancialRemediesView::of(
            &tenant
                .landlord
                .remedy_bands
                .clone()
                .unwrap_or_else(default_bands),
            &remedy_history::awards_in_period(&tenant.db, tenant.scope, from, to).await?,
        ),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CasesQuery {
    /// The figure: `stage1_received`, `stage2_received`, `stage1_acknowledged_late`,
    /// `stage2_acknowledged_late`, `stage1_responded_late`, `stage2_responded_late`,
    /// `stage1_responded`, `stage2_responded`, `excluded`, `open` or `overdue`.
    pub figure: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The complaints behind a figure of the dashboard, counted by the same rules (drill-down),
/// listed by the day each was received.
/// The MRC's reads are on the audit log.
#[utoipa::path(
    operation_id = "dashboard_cases",
    tag = "oversight", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), CasesQuery),
    responses(
        (status = 200, body = Page<CaseSummary>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/dashboard/cases")]
pub async fn cases(
    state: web::Data<AppState>,
    tenant: Tenant<DrillDown>,
    query: crate::json::Query<CasesQuery>,
) -> Result<web::Json<Page<CaseSummary>>, ApiError> {
    let q = query.into_inner();
    let mut f = Fields::new();
    let figure = q.figure.as_deref().and_then(Figure::parse);
    if figure.is_none() {
        f.push(
            "figure",
            match q.figure {
                Some(_) => "is not one of the dashboard's figures",
                None => "is required",
            },
        );
    }
    let p = period(&mut f, q.from.as_deref(), q.to.as_deref());
    let req = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    }
    .request();
    f.finish()?;
    let req = req?;
    let (Some(figure), Some((from, to))) = (figure, p) else {
        return Err(ApiError::invalid("figure", "is not valid"));
    };
    let today = today();
    let rules = rules(&state, tenant.scope, &tenant.landlord).await?;
    let cal = &rules.calendar;
    let listed = performance::cases(&tenant.db, tenant.scope, cal, from, to, today, figure).await?;
    // The list is in the order the complaints were received; a cursor is the last id of the
    // previous page. A complaint that has left the figure since (one now closed, say) still
    // marks its place, by the day it was received.
    let start = match req.after {
        None => 0,
        Some(after) => match listed.iter().position(|(_, id)| *id == after) {
            Some(i) => i + 1,
            None => match performance::received_on(&tenant.db, tenant.scope, after).await? {
                Some(on) => listed.partition_point(|entry| *entry <= (on, after)),
                None => return Err(ApiError::invalid("cursor", "is not a cursor this API gave")),
            },
        },
    };
    let limit = usize::try_from(req.limit).unwrap_or(usize::MAX);
    let page: Vec<Uuid> = listed
        .iter()
        .skip(start)
        .take(limit)
        .map(|(_, id)| *id)
        .collect();
    let next_cursor = (start + page.len() < listed.len())
        .then(|| page.last().map(ToString::to_string))
        .flatten();
    let items =
        performance::case_summaries(&tenant.db, tenant.scope, cal, figure, today, &page).await?;
    tenant
        .audit_mrc_read(
            &tenant.db,
            "dashboard.cases.read",
            None,
            json!({"figure": figure.as_str(), "from": from, "to": to, "count": items.len()}),
        )
        .await?;
    Ok(web::Json(Page { items, next_cursor }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TsmQuery {
    /// The financial year by the calendar year it starts in (2024 = 1 April 2024 to
    /// 31 March 2025); the current one when absent.
    pub year: Option<i32>,
}

/// TSM CH01 and CH02 (Regulator of Social Housing) for a financial year, as docs/METRICS.md
/// defines them.
#[utoipa::path(
    operation_id = "tsm_get",
    tag = "oversight", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), TsmQuery),
    responses(
        (status = 200, body = Tsm),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/tsm")]
pub async fn tsm(
    state: web::Data<AppState>,
    tenant: Tenant<Oversight>,
    query: crate::json::Query<TsmQuery>,
) -> Result<web::Json<Tsm>, ApiError> {
    let today = today();
    let year = query.year.unwrap_or_else(|| financial_year_of(today));
    if !(2000..=today.year() + 1).contains(&year) {
        return Err(ApiError::invalid(
            "year",
            format!("must be a financial year from 2000 to {}", today.year()),
        ));
    }
    let rules = rules(&state, tenant.scope, &tenant.landlord).await?;
    let cal = &rules.calendar;
    Ok(web::Json(
        performance::tsm(&tenant.db, tenant.scope, cal, year, today).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_financial_year_starts_in_april() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(financial_year_of(d("2026-03-31")), 2025);
        assert_eq!(financial_year_of(d("2026-04-01")), 2026);
    }

    #[test]
    fn the_previous_period_is_the_same_dates_a_year_earlier() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            a_year_earlier(d("2026-04-01"), d("2026-12-07")),
            Some((d("2025-04-01"), d("2025-12-07")))
        );
        assert_eq!(
            a_year_earlier(d("2024-02-29"), d("2024-02-29")),
            Some((d("2023-02-28"), d("2023-02-28")))
        );
        assert_eq!(a_year_earlier(d("2000-01-01"), d("2000-12-31")), None);
    }
}
