//! The platform operator's view (docs/roles.md, "The platform admin"): how each landlord uses
//! the portal, in counts and times only, never the content of a case.

use crate::AppState;
use crate::auth::events;
use crate::auth::extract::PlatformAdmin;
use crate::error::{ApiError, Fields, Problem};
use crate::page::{Page, PageQuery};
use crate::views::{AuditEntryView, AuditQuery};
use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use redress_domain::values::EmailAddress;
use redress_domain::values::LandlordKind;
use redress_store::performance::financial_year;
use redress_store::platform::{self, LandlordUsage};
use redress_store::sector::{self, SectorYear};
use redress_store::{audit, memberships, users};
use serde::Deserialize;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::IntoParams;
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
    query: crate::json::Query<PageQuery>,
) -> Result<web::Json<Page<LandlordUsageView>>, ApiError> {
    let req = query.request()?;
    let (from, to) = current_financial_year(crate::time::today())?;
    let page = platform::usage(&state.db, req, from, to).await?;
    Ok(web::Json(Page::from_store(page, LandlordUsageView::from)))
}

/// An account, as the operator sees it: who it is and where it belongs, never what it did.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub id: Uuid,
    pub email: String,
    pub name: Option<String>,
    pub is_platform_admin: bool,
    pub disabled: bool,
    pub mfa_enrolled: bool,
    /// The slugs of the landlords it is an active member of.
    pub landlords: Vec<String>,
}

async fn account_view(state: &AppState, user_id: Uuid) -> Result<AccountView, ApiError> {
    let u = users::get(&state.db, user_id).await?;
    Ok(AccountView {
        mfa_enrolled: redress_store::mfa::is_enrolled(&state.db, u.id).await?,
        landlords: memberships::of_user(&state.db, u.id)
            .await?
            .into_iter()
            .map(|(slug, _)| slug)
            .collect(),
        id: u.id,
        email: u.email,
        name: u.name,
        is_platform_admin: u.is_platform_admin,
        disabled: u.disabled,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    /// The account's email address.
    pub email: String,
}

/// Finds an account by its email address (platform admin), to disable it or reset its second
/// factor.
#[utoipa::path(
    operation_id = "platform_find_account",
    tag = "platform",
    security(("bearer" = [])),
    params(AccountQuery),
    responses(
        (status = 200, body = AccountView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/platform/accounts")]
pub async fn find_account(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    query: crate::json::Query<AccountQuery>,
) -> Result<web::Json<AccountView>, ApiError> {
    let email =
        EmailAddress::parse(&query.email).map_err(|e| ApiError::invalid("email", e.to_string()))?;
    let user = users::find_by_email(&state.db, email.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(account_view(&state, user.id).await?))
}

async fn set_disabled(
    state: &AppState,
    admin: &PlatformAdmin,
    id: Uuid,
    disabled: bool,
) -> Result<web::Json<AccountView>, ApiError> {
    if id == admin.0.user_id {
        return Err(ApiError::Conflict(
            "you cannot disable your own account".into(),
        ));
    }
    users::set_disabled(&state.db, id, disabled).await?;
    events::record(
        &state.db,
        id,
        &admin.0.actor(),
        if disabled {
            "account.disabled"
        } else {
            "account.enabled"
        },
        json!({}),
    )
    .await?;
    audit::record_platform(
        &state.db,
        &admin.0.actor(),
        if disabled {
            "account.disabled"
        } else {
            "account.enabled"
        },
        Some(id),
        json!({}),
    )
    .await?;
    Ok(web::Json(account_view(state, id).await?))
}

/// Disables an account (platform admin): every session of it ends at once, its refresh
/// tokens are revoked and it cannot sign in. Nothing it recorded is removed.
#[utoipa::path(
    operation_id = "platform_disable_account",
    tag = "platform",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, body = AccountView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/platform/accounts/{id}/disable")]
pub async fn disable_account(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<Uuid>,
) -> Result<web::Json<AccountView>, ApiError> {
    set_disabled(&state, &admin, path.into_inner(), true).await
}

/// Enables a disabled account again (platform admin).
#[utoipa::path(
    operation_id = "platform_enable_account",
    tag = "platform",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 200, body = AccountView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/platform/accounts/{id}/enable")]
pub async fn enable_account(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<Uuid>,
) -> Result<web::Json<AccountView>, ApiError> {
    set_disabled(&state, &admin, path.into_inner(), false).await
}

/// Resets an account's second factor (platform admin): it is removed and every session of
/// the account ends; a new one is set up at the next sign-in.
#[utoipa::path(
    operation_id = "platform_reset_account_mfa",
    tag = "platform",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id")),
    responses(
        (status = 204, description = "The second factor is removed"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/platform/accounts/{id}/mfa/reset")]
pub async fn reset_account_mfa(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    if id == admin.0.user_id {
        return Err(ApiError::Conflict(
            "you cannot reset your own second factor; ask another platform admin".into(),
        ));
    }
    users::get(&state.db, id).await?;
    if !redress_store::mfa::remove(&state.db, id).await? {
        return Err(ApiError::Conflict(
            "this account has no second factor set up".into(),
        ));
    }
    users::end_sessions(&state.db, id).await?;
    events::record(&state.db, id, &admin.0.actor(), "mfa.reset", json!({})).await?;
    audit::record_platform(
        &state.db,
        &admin.0.actor(),
        "mfa.reset",
        Some(id),
        json!({}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The platform's own audit log, newest first (platform admin): landlords onboarded,
/// suspended and reinstated, accounts disabled, sign-ins of platform admins and of emails no
/// account holds.
#[utoipa::path(
    operation_id = "platform_audit",
    tag = "platform",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditEntryView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/platform/audit")]
pub async fn audit_log(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    query: crate::json::Query<AuditQuery>,
) -> Result<web::Json<Page<AuditEntryView>>, ApiError> {
    let (filter, req) = query.into_inner().parse()?;
    let page = audit::list_platform(&state.db, &filter, req).await?;
    Ok(web::Json(Page::from_store(page, AuditEntryView::from)))
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

/// One financial year's sector figures, as the platform operator recorded them from their
/// published source.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectorFiguresView {
    /// The financial year by the calendar year it starts in (2024 = 1 April 2024 to
    /// 31 March 2025).
    pub year: i32,
    /// Percentages to one decimal place, by headline figure
    /// (`stage1_acknowledged_in_time`, `stage1_responded_in_time`,
    /// `stage2_acknowledged_in_time`, `stage2_responded_in_time`); only those published.
    pub figures: BTreeMap<String, f64>,
    /// Where they were published (the Regulator of Social Housing's TSM statistics, say).
    pub source: String,
    pub recorded_at: DateTime<Utc>,
    /// The landlord's own copy of the year, which it shows in place of the platform's record.
    pub own_copy: bool,
}

impl From<SectorYear> for SectorFiguresView {
    fn from(y: SectorYear) -> Self {
        SectorFiguresView {
            year: y.year,
            figures: y
                .tenths
                .into_iter()
                .map(|(k, t)| (k, f64::from(t) / 10.0))
                .collect(),
            source: y.source,
            recorded_at: y.recorded_at,
            own_copy: y.own_copy,
        }
    }
}

/// A year's sector figures to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SectorFiguresRequest {
    /// Percentages to at most one decimal place, by headline figure; those the source does
    /// not publish are left out.
    #[serde(default)]
    pub figures: BTreeMap<String, f64>,
    /// Where they were published, for the dashboard to cite.
    #[serde(default)]
    pub source: String,
}

/// The audit kind of a year's sector figures recorded or replaced.
const SECTOR_RECORDED: &str = "sector_figures.recorded";
/// The audit kind of a year's sector figures removed.
const SECTOR_REMOVED: &str = "sector_figures.removed";

/// Every year's sector figures, the newest first (platform admin).
#[utoipa::path(
    operation_id = "platform_sector_figures",
    tag = "platform",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<SectorFiguresView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/platform/sector-figures")]
pub async fn sector_figures(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
) -> Result<web::Json<Vec<SectorFiguresView>>, ApiError> {
    let years = sector::list(&state.db).await?;
    Ok(web::Json(
        years.into_iter().map(SectorFiguresView::from).collect(),
    ))
}

/// Records a financial year's sector figures as published, replacing any recorded for that
/// year (platform admin). Each landlord's dashboard shows the latest year's beside its own
/// headline figures, citing the source. Only a year that has ended: the sector's figures are
/// published after 31 March. Audited in the platform's log, with the figures replaced.
#[utoipa::path(
    operation_id = "platform_record_sector_figures",
    tag = "platform",
    security(("bearer" = [])),
    params(("year" = i32, Path, description = "The financial year by the calendar year it starts in")),
    request_body = SectorFiguresRequest,
    responses(
        (status = 200, body = SectorFiguresView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/platform/sector-figures/{year}")]
pub async fn record_sector_figures(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<i32>,
    body: crate::json::Json<SectorFiguresRequest>,
) -> Result<web::Json<SectorFiguresView>, ApiError> {
    let year = path.into_inner();
    let b = body.0;
    let (tenths, source) = checked_sector_year(year, &b)?;
    let source = source.as_str();
    let actor = admin.0.actor();
    let replaced = sector::replace_year(&state.db, year, &tenths, source, actor.user_id).await?;
    audit::record_platform(
        &state.db,
        &actor,
        SECTOR_RECORDED,
        None,
        json!({"year": year, "figures": b.figures, "source": source,
            "replaced": replaced.before.map(SectorFiguresView::from)}),
    )
    .await?;
    // At least one figure was given, so the year is recorded.
    let recorded = replaced.after.ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!("sector figures for {year} not recorded"))
    })?;
    Ok(web::Json(recorded.into()))
}

/// A year's sector figures as given, checked: a year that has ended, at least one figure,
/// each a percentage to one decimal place, and where they were published. Every problem is
/// named by its field.
pub fn checked_sector_year(
    year: i32,
    b: &SectorFiguresRequest,
) -> Result<(BTreeMap<String, i32>, String), ApiError> {
    let mut f = Fields::new();
    let this_year = redress_domain::figures::financial_year_of(crate::time::today());
    if !(2000..this_year).contains(&year) {
        f.push(
            "year",
            format!(
                "must be a financial year that has ended, from 2000 to {}: the sector's \
                 figures are published after 31 March",
                this_year - 1
            ),
        );
    }
    if b.figures.is_empty() {
        f.push("figures", "give at least one figure the source publishes");
    }
    let mut tenths = BTreeMap::new();
    for (figure, pct) in &b.figures {
        if let Some(t) = f.check(
            &format!("figures.{figure}"),
            redress_domain::figures::sector_tenths(figure, *pct),
        ) {
            tenths.insert(figure.clone(), i32::from(t));
        }
    }
    let source = b.source.trim();
    if source.is_empty() {
        f.push("source", "say where the figures were published");
    } else if source.chars().count() > 500 {
        f.push("source", "must be at most 500 characters");
    }
    f.finish()?;
    Ok((tenths, source.to_owned()))
}

/// Removes a year's sector figures recorded in error (platform admin); audited with what was
/// removed.
#[utoipa::path(
    operation_id = "platform_remove_sector_figures",
    tag = "platform",
    security(("bearer" = [])),
    params(("year" = i32, Path, description = "The financial year by the calendar year it starts in")),
    responses(
        (status = 204, description = "The year's figures are removed"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/platform/sector-figures/{year}")]
pub async fn remove_sector_figures(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let year = path.into_inner();
    let actor = admin.0.actor();
    let Some(before) = sector::replace_year(&state.db, year, &BTreeMap::new(), "", actor.user_id)
        .await?
        .before
    else {
        return Err(ApiError::NotFound);
    };
    audit::record_platform(
        &state.db,
        &actor,
        SECTOR_REMOVED,
        None,
        json!({"year": year, "removed": SectorFiguresView::from(before)}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
