//! The annual complaints performance and service improvement report (Code 8.1, 8.2),
//! generated from the records of a financial year: the dashboard's figures and TSM CH01 and
//! CH02, complaints not accepted by reason (8.1b), the Ombudsman's findings and orders (8.1c,
//! 8.1e), and the service improvements published from the learning log (8.1d); with the
//! narrative the landlord writes, the approved self-assessment attached (8.1a) and the
//! governing body's response (8.2). Published together with the self-assessment to the
//! public page; what is published is frozen.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::Oversight;
use crate::auth::extract::{ComplaintsTeam, LandlordAdmins, Policy};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::use_cases::case::calendar;
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::roles::Role;
use redress_store::annual_reports::{self, PUBLISHED, Report, SECTIONS};
use redress_store::learning::{self, LearningFilter};
use redress_store::page::PageRequest;
use redress_store::performance::{self, Figures, Tsm, financial_year};
use redress_store::self_assessments::{self, APPROVED, Assessment};
use redress_store::{TenantScope, audit, evidence};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

const NARRATIVE_MAX: usize = 20_000;

/// Who may record the governing body's response (Code 8.2): its members, and a landlord
/// admin recording it for them.
pub struct GoverningBodyResponders;
impl Policy for GoverningBodyResponders {
    const ROLES: &'static [Role] = &[Role::GoverningBody, Role::LandlordAdmin];
    const WHO: &'static str = "the governing body or a landlord admin";
}

/// A service improvement made in the year, as published from the learning log.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Improvement {
    pub service_area: String,
    /// "You said, we did", as a complaints officer approved it for publication.
    pub public_summary: String,
    pub implemented_on: Option<NaiveDate>,
}

/// What the report says from the records.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Generated {
    /// The dashboard's figures for the year, with exclusions by reason (8.1b) and the
    /// Ombudsman's findings and orders (8.1c, 8.1e).
    pub figures: Figures,
    pub tsm: Tsm,
    /// Improvements implemented in the year and published from the learning log (8.1d).
    pub improvements: Vec<Improvement>,
}

/// The self-assessment attached to a report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AttachedAssessment {
    pub year: i32,
    pub version: i32,
    pub status: String,
    pub approved_at: Option<DateTime<Utc>>,
}

/// A narrative section.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NarrativeSection {
    /// `introduction`, `performance`, `complaints_not_accepted`, `ombudsman`,
    /// `service_improvements` or `looking_ahead`.
    pub section: String,
    pub text: String,
}

/// The report for a financial year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnnualReportView {
    pub year: i32,
    pub year_label: String,
    /// `draft` or `published`.
    pub status: String,
    pub narrative: Vec<NarrativeSection>,
    /// Computed now for a draft; as published once published.
    #[schema(value_type = Generated)]
    pub generated: serde_json::Value,
    pub self_assessment: Option<AttachedAssessment>,
    pub governing_body_response: Option<String>,
    pub response_recorded_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

fn year_of(year: i32) -> Result<(NaiveDate, NaiveDate), ApiError> {
    crate::routes::self_assessments::assessable_year(year, crate::time::today())?;
    financial_year(year).ok_or_else(|| ApiError::invalid("year", "is not a year"))
}

/// The report's content from the records, as it is today.
pub async fn generate(
    db: &impl redress_store::Conn,
    scope: TenantScope,
    cal: &WorkingCalendar,
    year: i32,
    today: NaiveDate,
) -> Result<Generated, ApiError> {
    let (from, to) =
        financial_year(year).ok_or_else(|| ApiError::invalid("year", "is not a year"))?;
    let dashboard = performance::dashboard(db, scope, cal, from, to, today).await?;
    let tsm = performance::tsm(db, scope, cal, year, today).await?;
    let published = learning::list(
        db,
        scope,
        LearningFilter {
            status: None,
            published: Some(true),
        },
        PageRequest {
            limit: 500,
            after: None,
        },
    )
    .await?;
    let improvements = published
        .items
        .into_iter()
        .filter(|e| e.is_published())
        .filter(|e| e.implemented_on.is_some_and(|d| d >= from && d <= to))
        .filter_map(|e| {
            Some(Improvement {
                public_summary: e.public_summary?,
                service_area: e.service_area,
                implemented_on: e.implemented_on,
            })
        })
        .collect();
    Ok(Generated {
        figures: dashboard.figures,
        tsm,
        improvements,
    })
}

fn attached(a: &Assessment) -> AttachedAssessment {
    AttachedAssessment {
        year: a.year,
        version: a.version,
        status: a.status.clone(),
        approved_at: a.approved_at,
    }
}

/// The self-assessment a report has attached, or else the year's latest approved or
/// published version.
async fn assessment_for(
    state: &AppState,
    scope: TenantScope,
    year: i32,
    report: Option<&Report>,
) -> Result<Option<Assessment>, ApiError> {
    let all = self_assessments::all(&state.scoped(scope), scope).await?;
    let chosen = match report.and_then(|r| r.self_assessment_id) {
        Some(id) => all.into_iter().find(|a| a.id == id),
        None => all
            .into_iter()
            .filter(|a| a.year == year)
            .find(|a| a.status == APPROVED || a.status == self_assessments::PUBLISHED),
    };
    Ok(chosen)
}

pub async fn view(
    state: &AppState,
    scope: TenantScope,
    year: i32,
) -> Result<AnnualReportView, ApiError> {
    let report = annual_reports::get(&state.scoped(scope), scope, year).await?;
    let generated = match report.as_ref().and_then(|r| r.figures.clone()) {
        Some(frozen) => serde_json::from_str(&frozen)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("annual_reports.figures: {e}")))?,
        None => serde_json::to_value(
            generate(
                &state.scoped(scope),
                scope,
                &calendar(state, scope).await?,
                year,
                crate::time::today(),
            )
            .await?,
        )
        .map_err(|e| ApiError::Internal(e.into()))?,
    };
    let assessment = assessment_for(state, scope, year, report.as_ref()).await?;
    Ok(build_view(
        year,
        report.as_ref(),
        generated,
        assessment.as_ref(),
    ))
}

/// The view of a report from what it needs.
pub fn build_view(
    year: i32,
    report: Option<&Report>,
    generated: serde_json::Value,
    assessment: Option<&Assessment>,
) -> AnnualReportView {
    let narrative = report.map(|r| r.narrative.clone()).unwrap_or_default();
    AnnualReportView {
        year,
        year_label: evidence::year_label(year, crate::time::today()),
        status: report.map_or(annual_reports::DRAFT.to_owned(), |r| r.status.clone()),
        narrative: SECTIONS
            .iter()
            .map(|s| NarrativeSection {
                section: (*s).to_owned(),
                text: narrative.get(*s).cloned().unwrap_or_default(),
            })
            .collect(),
        generated,
        self_assessment: assessment.map(attached),
        governing_body_response: report.and_then(|r| r.governing_body_response.clone()),
        response_recorded_at: report.and_then(|r| r.response_recorded_at),
        published_at: report.and_then(|r| r.published_at),
    }
}

/// The year's report: generated from the records while a draft, as published once
/// published. For the MRC, the governing body and the complaints team.
#[utoipa::path(
    operation_id = "annual_report_get",
    tag = "annual report",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    responses(
        (status = 200, body = AnnualReportView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/annual-reports/{year}")]
pub async fn get(
    state: web::Data<AppState>,
    tenant: Tenant<Oversight>,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<AnnualReportView>, ApiError> {
    let year = path.into_inner().1;
    year_of(year)?;
    Ok(web::Json(view(&state, tenant.scope, year).await?))
}

/// The narrative to save: the sections given replace theirs.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SaveAnnualReport {
    /// By section: `introduction`, `performance`, `complaints_not_accepted`, `ombudsman`,
    /// `service_improvements`, `looking_ahead`.
    #[serde(default)]
    pub narrative: BTreeMap<String, String>,
    /// The version of the year's self-assessment to attach; the latest approved one when
    /// never given.
    #[serde(default)]
    pub self_assessment_version: Option<i32>,
}

/// Saves the report's narrative and the self-assessment attached (the complaints team).
/// A published report is not changed.
#[utoipa::path(
    operation_id = "annual_report_put",
    tag = "annual report",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    request_body = SaveAnnualReport,
    responses(
        (status = 200, body = AnnualReportView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Published already", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/landlords/{slug}/annual-reports/{year}")]
pub async fn put(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, i32)>,
    body: Json<SaveAnnualReport>,
) -> Result<web::Json<AnnualReportView>, ApiError> {
    let year = path.into_inner().1;
    year_of(year)?;
    let body = body.0;
    let mut f = Fields::new();
    let mut narrative = BTreeMap::new();
    for (k, v) in body.narrative {
        if !SECTIONS.contains(&k.as_str()) {
            f.push(
                format!("narrative.{k}"),
                format!(
                    "is not a section of the report; the sections are {}",
                    SECTIONS.join(", ")
                ),
            );
        } else if v.chars().count() > NARRATIVE_MAX {
            f.push(
                format!("narrative.{k}"),
                format!("must be at most {NARRATIVE_MAX} characters"),
            );
        } else {
            narrative.insert(k, v.trim().to_owned());
        }
    }
    let attach = match body.self_assessment_version {
        Some(v) => match self_assessments::version(&tenant.db, tenant.scope, year, v).await? {
            Some(a) if a.status == APPROVED || a.status == self_assessments::PUBLISHED => {
                Some(Some(a.id))
            }
            Some(a) => {
                f.push(
                    "self_assessment_version",
                    format!(
                        "version {v} is {}: only an approved assessment is attached",
                        a.status
                    ),
                );
                None
            }
            None => {
                f.push(
                    "self_assessment_version",
                    format!("the year's self-assessment has no version {v}"),
                );
                None
            }
        },
        None => None,
    };
    f.finish()?;
    annual_reports::save(
        &tenant.db,
        tenant.scope,
        year,
        narrative,
        attach,
        tenant.user_id,
    )
    .await?;
    Ok(web::Json(view(&state, tenant.scope, year).await?))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct GoverningBodyResponse {
    /// The governing body's response to the report (Code 8.2).
    pub response: String,
}

/// Records the governing body's response to the report (Code 8.2): a member of the
/// governing body, or a landlord admin for them. Audited.
#[utoipa::path(
    operation_id = "annual_report_governing_body_response",
    tag = "annual report",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    request_body = GoverningBodyResponse,
    responses(
        (status = 200, body = AnnualReportView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Published already", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/annual-reports/{year}/governing-body-response")]
pub async fn respond(
    state: web::Data<AppState>,
    tenant: Tenant<GoverningBodyResponders>,
    path: web::Path<(String, i32)>,
    body: Json<GoverningBodyResponse>,
) -> Result<web::Json<AnnualReportView>, ApiError> {
    let year = path.into_inner().1;
    year_of(year)?;
    let response = body.0.response.trim().to_owned();
    if response.is_empty() {
        return Err(ApiError::invalid("response", "must not be empty"));
    }
    if response.chars().count() > NARRATIVE_MAX {
        return Err(ApiError::invalid(
            "response",
            format!("must be at most {NARRATIVE_MAX} characters"),
        ));
    }
    annual_reports::record_response(&tenant.db, tenant.scope, year, response, tenant.user_id)
        .await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "annual_report_response_recorded",
        None,
        serde_json::json!({"year": year}),
    )
    .await?;
    Ok(web::Json(view(&state, tenant.scope, year).await?))
}

/// Publishes the report and its self-assessment together (a landlord admin; Code 8.2): the
/// year must have ended, the governing body's response be recorded, and the year's
/// self-assessment be approved. The figures are frozen as they are now. Audited.
#[utoipa::path(
    operation_id = "annual_report_publish",
    tag = "annual report",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    responses(
        (status = 200, body = AnnualReportView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not ready, or published already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/annual-reports/{year}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<AnnualReportView>, ApiError> {
    let year = path.into_inner().1;
    let (_, to) = year_of(year)?;
    let scope = tenant.scope;
    if crate::time::today() <= to {
        return Err(ApiError::Conflict(format!(
            "the year runs until {to}; its report is published once it has ended"
        )));
    }
    let report = annual_reports::get(&tenant.db, scope, year).await?;
    if report.as_ref().is_some_and(|r| r.status == PUBLISHED) {
        return Err(ApiError::Conflict(format!(
            "the report for {year} has been published; a published report is not changed"
        )));
    }
    if report
        .as_ref()
        .and_then(|r| r.governing_body_response.as_ref())
        .is_none()
    {
        return Err(ApiError::Conflict(
            "the governing body's response must be recorded before the report is published \
             (Code 8.2)"
                .into(),
        ));
    }
    let Some(assessment) = assessment_for(&state, scope, year, report.as_ref()).await? else {
        return Err(ApiError::Conflict(
            "the year's self-assessment must be approved before the report is published with \
             it (Code 8.2)"
                .into(),
        ));
    };
    let cal = calendar(&state, scope).await?;
    let generated = serde_json::to_string(
        &generate(&tenant.db, scope, &cal, year, crate::time::today()).await?,
    )
    .map_err(|e| ApiError::Internal(e.into()))?;
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    if assessment.status == APPROVED {
        self_assessments::publish(&txn, scope, &assessment, tenant.user_id).await?;
    }
    annual_reports::publish(&txn, scope, year, assessment.id, &generated, tenant.user_id).await?;
    audit::record(
        &txn,
        scope,
        &tenant.actor(),
        "annual_report_published",
        Some(assessment.id),
        serde_json::json!({"year": year, "self_assessment_version": assessment.version}),
    )
    .await?;
    redress_store::db::commit(txn).await?;
    Ok(web::Json(view(&state, scope, year).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportExportQuery {
    /// `html`: an accessible, printable document.
    pub format: String,
}

/// The report as an accessible, printable HTML document.
#[utoipa::path(
    operation_id = "annual_report_export",
    tag = "annual report",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
        ReportExportQuery,
    ),
    responses(
        (status = 200, description = "The document", content_type = "text/html", body = String),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/annual-reports/{year}/export")]
pub async fn export(
    state: web::Data<AppState>,
    tenant: Tenant<Oversight>,
    path: web::Path<(String, i32)>,
    query: crate::json::Query<ReportExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = path.into_inner().1;
    year_of(year)?;
    if query.format != "html" {
        return Err(ApiError::invalid("format", "must be html"));
    }
    let v = view(&state, tenant.scope, year).await?;
    let response = html(&tenant.landlord.name, &v, None)?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "annual_report.exported",
        None,
        serde_json::json!({"year": year, "format": "html"}),
    )
    .await?;
    Ok(response)
}

/// The report's HTML document.
pub fn html(
    landlord: &str,
    v: &AnnualReportView,
    self_assessment_url: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    let narrative: BTreeMap<String, String> = v
        .narrative
        .iter()
        .map(|s| (s.section.clone(), s.text.clone()))
        .collect();
    let body = crate::documents::annual_report_html(
        landlord,
        v,
        &v.generated,
        &narrative,
        self_assessment_url,
    )?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            crate::documents::DOCUMENT_CSP,
        ))
        .body(body))
}
