//! Self-assessments against the Code (Code 8.1a, 8.3, 8.4). The complaints team fills in
//! each provision's compliance, evidence and commentary, with the figure the records give
//! wherever they can (`redress_store::evidence`); a landlord admin approves it, which
//! freezes those figures, and publishes it, usually with the annual report. Exported as an
//! accessible HTML document and as CSV in the five-column form landlords publish; a CSV in
//! that form can be imported, so last year's document need not be retyped.

mod documents;

pub use crate::documents::self_assessment::{
    ProvisionInput, ProvisionView, SelfAssessmentView, VersionSummary, assessable_year, build_view,
};
pub use documents::{ExportQuery, Submission, SubmissionAnswer, export, import, submission};

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::Oversight;
use crate::auth::extract::{ComplaintsTeam, LandlordAdmins};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::use_cases::assess_against_the_code;
use crate::use_cases::case::{Context, rules};
use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::provisions;
use redress_domain::self_assessment::Complies;
use redress_store::landlords::Landlord;
use redress_store::self_assessments::{self, Answer, Assessment};
use redress_store::{TenantScope, audit, evidence, users};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

const TEXT_MAX: usize = 20_000;
const LINKS_MAX: usize = 20;
const REASON_MAX: usize = 2_000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// A version of the year's assessment; the latest when absent.
    pub version: Option<i32>,
}

async fn name_of(state: &AppState, id: Option<uuid::Uuid>) -> Result<Option<String>, ApiError> {
    Ok(match id {
        Some(id) => users::get(&state.db, id).await.ok().and_then(|u| u.name),
        None => None,
    })
}

/// The view of an assessment (or, with none, of the one the year would start from).
pub async fn view(
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
    year: i32,
    assessment: Option<&Assessment>,
    carried: Option<&Assessment>,
    versions: &[Assessment],
) -> Result<SelfAssessmentView, ApiError> {
    let today = crate::time::today();
    let computed = match assessment.and_then(|a| a.evidence.clone()) {
        Some(frozen) => frozen,
        None => {
            let rules = rules(state, scope, landlord).await?;
            evidence::compute(&state.scoped(scope), scope, &rules.calendar, year, today).await?
        }
    };
    let approved_by = name_of(state, assessment.and_then(|a| a.approved_by)).await?;
    Ok(build_view(
        year,
        assessment,
        carried,
        &computed,
        versions,
        approved_by,
    ))
}

/// The version asked for, or the latest.
async fn find(
    state: &AppState,
    scope: TenantScope,
    year: i32,
    version: Option<i32>,
) -> Result<Option<Assessment>, ApiError> {
    Ok(match version {
        Some(v) => Some(
            self_assessments::version(&state.scoped(scope), scope, year, v)
                .await?
                .ok_or(ApiError::NotFound)?,
        ),
        None => self_assessments::latest(&state.scoped(scope), scope, year).await?,
    })
}

async fn current_view(
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
    year: i32,
    version: Option<i32>,
) -> Result<SelfAssessmentView, ApiError> {
    let assessment = find(state, scope, year, version).await?;
    let carried = match assessment {
        Some(_) => None,
        None => self_assessments::latest_before(&state.scoped(scope), scope, year).await?,
    };
    let versions = self_assessments::all(&state.scoped(scope), scope).await?;
    view(
        state,
        scope,
        landlord,
        year,
        assessment.as_ref(),
        carried.as_ref(),
        &versions,
    )
    .await
}

/// A year's self-assessment: the latest version, or `?version=`. Before anything is saved,
/// the answers of the latest earlier year are shown (status `not_started`), and the computed
/// evidence is the year's. For the MRC, the governing body and the complaints team.
#[utoipa::path(
    operation_id = "self_assessment_get",
    tag = "self-assessment",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
        VersionQuery,
    ),
    responses(
        (status = 200, body = SelfAssessmentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/self-assessments/{year}")]
pub async fn get(
    state: web::Data<AppState>,
    tenant: Tenant<Oversight>,
    path: web::Path<(String, i32)>,
    query: crate::json::Query<VersionQuery>,
) -> Result<web::Json<SelfAssessmentView>, ApiError> {
    let year = assessable_year(path.into_inner().1, crate::time::today())?;
    Ok(web::Json(
        current_view(&state, tenant.scope, &tenant.landlord, year, query.version).await?,
    ))
}

/// Answers to save; each provision given replaces its answer.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SaveSelfAssessment {
    pub provisions: Vec<ProvisionInput>,
    /// Needed to change an approved or published assessment: why a new version is made (a
    /// restructure, a merger, the Ombudsman's request; Code 8.3, 8.4).
    #[serde(default)]
    pub new_version_reason: Option<String>,
}

fn optional_text(f: &mut Fields, field: &str, v: Option<String>) -> Option<String> {
    let v = v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())?;
    if v.chars().count() > TEXT_MAX {
        f.push(field, format!("must be at most {TEXT_MAX} characters"));
    }
    Some(v)
}

/// Checks answers against the edition's catalogue, naming each bad field.
pub fn answers(
    edition: &str,
    input: Vec<ProvisionInput>,
) -> Result<BTreeMap<String, Answer>, ApiError> {
    let mut f = Fields::new();
    let mut out = BTreeMap::new();
    for (i, p) in input.into_iter().enumerate() {
        let at = |name: &str| format!("provisions[{i}].{name}");
        let number = p.provision.trim().to_owned();
        if provisions::provision(edition, &number).is_none() {
            f.push(
                at("provision"),
                format!("`{number}` is not a provision of the Code ({edition})"),
            );
            continue;
        }
        if out.contains_key(&number) {
            f.push(at("provision"), format!("{number} is given twice"));
        }
        let complies = p.complies.map(|c| c.trim().to_lowercase());
        if let Some(Err(message)) = complies.as_deref().map(Complies::parse) {
            f.push(at("complies"), message);
        }
        let links: Vec<String> = p
            .links
            .unwrap_or_default()
            .into_iter()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        if links.len() > LINKS_MAX {
            f.push(at("links"), format!("must be at most {LINKS_MAX} links"));
        }
        for l in &links {
            let ok = url::Url::parse(l)
                .ok()
                .is_some_and(|u| matches!(u.scheme(), "http" | "https"));
            if !ok {
                f.push(
                    at("links"),
                    format!("`{l}` is not an http or https address"),
                );
            }
        }
        let answer = Answer {
            complies,
            evidence: optional_text(&mut f, &at("evidence"), p.evidence).unwrap_or_default(),
            links,
            commentary: optional_text(&mut f, &at("commentary"), p.commentary).unwrap_or_default(),
            action: optional_text(&mut f, &at("action"), p.action),
            target_date: p.target_date,
            official_wording: optional_text(&mut f, &at("official_wording"), p.official_wording),
        };
        out.insert(number, answer);
    }
    f.finish()?;
    Ok(out)
}

/// Saves answers into the year's draft (the complaints team). The first save makes version
/// 1 from the latest earlier year's answers. Once approved or published, a change needs
/// `new_version_reason` and makes the next version; the earlier ones are kept.
#[utoipa::path(
    operation_id = "self_assessment_put",
    tag = "self-assessment",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    request_body = SaveSelfAssessment,
    responses(
        (status = 200, body = SelfAssessmentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Approved or published: a new version needs a reason", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/landlords/{slug}/self-assessments/{year}")]
pub async fn put(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, i32)>,
    body: Json<SaveSelfAssessment>,
) -> Result<web::Json<SelfAssessmentView>, ApiError> {
    let year = assessable_year(path.into_inner().1, crate::time::today())?;
    let body = body.0;
    let mut f = Fields::new();
    let reason = optional_text(&mut f, "new_version_reason", body.new_version_reason);
    if reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > REASON_MAX)
    {
        f.push(
            "new_version_reason",
            format!("must be at most {REASON_MAX} characters"),
        );
    }
    f.finish()?;
    let cx = Context::staff(&state, &tenant);
    assess_against_the_code::save_answers(&cx, year, reason, "self_assessment_saved", |edition| {
        answers(edition, body.provisions)
    })
    .await?;
    Ok(web::Json(
        current_view(&state, tenant.scope, &tenant.landlord, year, None).await?,
    ))
}

/// Approves the year's draft (a landlord admin), recording who and when, and freezes the
/// computed evidence as it is now. Every provision must be answered, and each that does not
/// fully comply must have an action and a target date. Audited.
#[utoipa::path(
    operation_id = "self_assessment_approve",
    tag = "self-assessment",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    responses(
        (status = 200, body = SelfAssessmentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No assessment for the year", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unanswered provisions, or missing actions", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/self-assessments/{year}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<SelfAssessmentView>, ApiError> {
    let year = assessable_year(path.into_inner().1, crate::time::today())?;
    assess_against_the_code::approve(&Context::staff(&state, &tenant), year).await?;
    Ok(web::Json(
        current_view(&state, tenant.scope, &tenant.landlord, year, None).await?,
    ))
}

/// Publishes the year's approved version (a landlord admin): the public page shows it, and a
/// version published earlier for the year is superseded. Audited.
#[utoipa::path(
    operation_id = "self_assessment_publish",
    tag = "self-assessment",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    responses(
        (status = 200, body = SelfAssessmentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not approved", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/self-assessments/{year}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<SelfAssessmentView>, ApiError> {
    let year = assessable_year(path.into_inner().1, crate::time::today())?;
    assess_against_the_code::publish(&Context::staff(&state, &tenant), year).await?;
    Ok(web::Json(
        current_view(&state, tenant.scope, &tenant.landlord, year, None).await?,
    ))
}

/// Every version of every year, newest first.
#[utoipa::path(
    operation_id = "self_assessment_list",
    tag = "self-assessment",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = Vec<YearVersion>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/self-assessments")]
pub async fn list(tenant: Tenant<Oversight>) -> Result<web::Json<Vec<YearVersion>>, ApiError> {
    Ok(web::Json(
        self_assessments::all(&tenant.db, tenant.scope)
            .await?
            .into_iter()
            .map(|a| YearVersion {
                year: a.year,
                version: a.version,
                status: a.status.as_str().to_owned(),
                reason: a.reason,
                updated_at: a.updated_at,
                approved_at: a.approved_at,
                published_at: a.published_at,
            })
            .collect(),
    ))
}

/// A version of a year's assessment, in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YearVersion {
    pub year: i32,
    pub version: i32,
    pub status: String,
    pub reason: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub approved_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}
