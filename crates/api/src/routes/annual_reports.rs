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
use crate::use_cases::case::Context;
use crate::use_cases::report_annually;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::NaiveDate;
use redress_domain::roles::Role;
use redress_store::annual_reports::{self, SECTIONS};
use redress_store::audit;
use redress_store::performance::financial_year;
use redress_store::self_assessments;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub use crate::documents::annual_report::{
    AnnualReportView, AttachedAssessment, Generated, Improvement, NarrativeSection, build_view,
    html,
};

const NARRATIVE_MAX: usize = 20_000;

/// Who may record the governing body's response (Code 8.2): its members, and a landlord
/// admin recording it for them.
pub struct GoverningBodyResponders;
impl Policy for GoverningBodyResponders {
    const ROLES: &'static [Role] = &[Role::GoverningBody, Role::LandlordAdmin];
    const WHO: &'static str = "the governing body or a landlord admin";
}

/// Who may read the annual report: those who oversee complaint handling, as it is drafted;
/// the residents' panel, once published (it sees at least what the public sees).
pub struct AnnualReportReaders;
impl Policy for AnnualReportReaders {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::Mrc,
        Role::GoverningBody,
        Role::PanelMember,
    ];
    const WHO: &'static str =
        "the MRC, the governing body, the complaints team and the residents' panel";
}

/// Whether the caller reads only what is published (the residents' panel).
fn published_only(role: Role) -> bool {
    role == Role::PanelMember
}

/// A year's report in the list.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct AnnualReportListed {
    /// The financial year by the calendar year it starts in.
    pub year: i32,
    /// `draft` or `published`.
    pub status: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The years' reports begun, the latest first: every one for those who oversee complaint
/// handling, the published ones for the residents' panel.
#[utoipa::path(
    operation_id = "annual_report_list",
    tag = "annual report",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = Vec<AnnualReportListed>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/annual-reports")]
pub async fn list(
    tenant: Tenant<AnnualReportReaders>,
) -> Result<web::Json<Vec<AnnualReportListed>>, ApiError> {
    let listed = annual_reports::list(&tenant.db, tenant.scope, published_only(tenant.role))
        .await?
        .into_iter()
        .map(|r| AnnualReportListed {
            year: r.year,
            status: r.status.as_str().to_owned(),
            updated_at: r.updated_at,
            published_at: r.published_at,
        })
        .collect();
    Ok(web::Json(listed))
}

fn year_of(year: i32) -> Result<(NaiveDate, NaiveDate), ApiError> {
    crate::documents::self_assessment::assessable_year(year, crate::time::today())?;
    financial_year(year).ok_or_else(|| ApiError::invalid("year", "is not a year"))
}

/// The year's report as it stands: its frozen figures once published, else generated now.
pub async fn view(cx: &Context<'_>, year: i32) -> Result<AnnualReportView, ApiError> {
    let report = annual_reports::get(&cx.db(), cx.scope, year).await?;
    let generated = match report.as_ref().and_then(|r| r.figures.clone()) {
        Some(frozen) => serde_json::from_str(&frozen)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("annual_reports.figures: {e}")))?,
        None => serde_json::to_value(
            report_annually::generate(
                &cx.db(),
                cx.scope,
                &cx.rules().await?.calendar,
                year,
                cx.today,
            )
            .await?,
        )
        .map_err(|e| ApiError::Internal(e.into()))?,
    };
    let assessment = report_annually::assessment_for(cx, year, report.as_ref()).await?;
    Ok(build_view(
        year,
        report.as_ref(),
        generated,
        assessment.as_ref(),
    ))
}

/// The year's report: generated from the records while a draft, as published once
/// published. For the MRC, the governing body and the complaints team; for the residents'
/// panel once published (a draft is not found).
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
    tenant: Tenant<AnnualReportReaders>,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<AnnualReportView>, ApiError> {
    let year = path.into_inner().1;
    year_of(year)?;
    if published_only(tenant.role) {
        let published = annual_reports::get(&tenant.db, tenant.scope, year)
            .await?
            .is_some_and(|r| r.status == annual_reports::ReportStatus::Published);
        if !published {
            return Err(ApiError::NotFound);
        }
    }
    Ok(web::Json(
        view(&Context::staff(&state, &tenant), year).await?,
    ))
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
            Some(a) if a.status.may_go_with_the_report() => Some(Some(a.id)),
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
    let cx = Context::staff(&state, &tenant);
    report_annually::save_narrative(&cx, year, narrative, attach).await?;
    Ok(web::Json(view(&cx, year).await?))
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
    let cx = Context::staff(&state, &tenant);
    report_annually::record_governing_body_response(&cx, year, response).await?;
    Ok(web::Json(view(&cx, year).await?))
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
    let cx = Context::staff(&state, &tenant);
    report_annually::publish(&cx, year, to).await?;
    Ok(web::Json(view(&cx, year).await?))
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
    let v = view(&Context::staff(&state, &tenant), year).await?;
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
