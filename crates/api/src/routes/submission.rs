//! The annual submission to the Ombudsman (docs/rules.md, "The annual submission"): when it is
//! due, from the landlord's size or a re-submission the Ombudsman asked for, and whether each
//! document it is made of is published (the self-assessment, the annual complaints performance
//! and service improvement report, and the governing body's response to it).

use crate::auth::Tenant;
use crate::auth::extract::{LandlordAdmins, Oversight};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::time::{financial_year_of, today};
use actix_web::{get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::figures::submission_date;
use redress_domain::values::required_text;
use redress_store::{annual_reports, audit, resubmissions, self_assessments};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

/// A document the submission is made of, and whether it is ready.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionDocument {
    /// `self_assessment`, `annual_report` or `governing_body_response`.
    pub kind: String,
    pub title: String,
    /// Published (the response: recorded on the published report).
    pub ready: bool,
    /// Where it stands, in words.
    pub status: String,
    /// The portal page where it is read.
    pub link: String,
}

/// A re-submission the Ombudsman asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResubmissionView {
    pub due_on: NaiveDate,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
}

/// The annual submission for a financial year.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnnualSubmissionView {
    /// The financial year by the calendar year it starts in.
    pub year: i32,
    /// When it is due: the re-submission's date when one was asked for.
    pub due_on: NaiveDate,
    /// The rule the date comes from, in words.
    pub basis: String,
    /// Days from today to the date (negative: past it).
    pub days_left: i64,
    pub resubmission: Option<ResubmissionView>,
    pub documents: Vec<SubmissionDocument>,
    /// Every document is ready.
    pub ready: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubmissionQuery {
    /// The financial year by the calendar year it starts in; the last year that has ended when
    /// absent.
    pub year: Option<String>,
}

/// A year that has ended, and not before 2000.
fn ended_year(year: i32, today: NaiveDate) -> Result<i32, ApiError> {
    let last = financial_year_of(today) - 1;
    if !(2000..=last).contains(&year) {
        return Err(ApiError::invalid(
            "year",
            format!("must be a financial year that has ended, from 2000 to {last}"),
        ));
    }
    Ok(year)
}

async fn view<P: crate::auth::Policy>(
    tenant: &Tenant<P>,
    year: i32,
    today: NaiveDate,
) -> Result<AnnualSubmissionView, ApiError> {
    let db = &tenant.db;
    let resubmission = resubmissions::get(db, tenant.scope, year).await?;
    let (due_on, basis) = submission_date(
        tenant.landlord.homes(),
        year,
        resubmission.as_ref().map(|r| r.due_on),
    )
    .ok_or_else(|| ApiError::invalid("year", "is not a year"))?;
    let assessment = self_assessments::published(db, tenant.scope, year).await?;
    let report = annual_reports::get(db, tenant.scope, year).await?;
    let report_published = report
        .as_ref()
        .is_some_and(|r| r.status == annual_reports::ReportStatus::Published);
    let response = report
        .as_ref()
        .is_some_and(|r| r.governing_body_response.is_some());
    let slug = &tenant.landlord.slug;
    let documents = vec![
        SubmissionDocument {
            kind: "self_assessment".into(),
            title: "Self-assessment against the Complaint Handling Code".into(),
            ready: assessment.is_some(),
            status: if assessment.is_some() {
                "Published".into()
            } else {
                "Not published yet".into()
            },
            link: format!("/l/{slug}/self-assessment/{year}"),
        },
        SubmissionDocument {
            kind: "annual_report".into(),
            title: "Annual complaints performance and service improvement report".into(),
            ready: report_published,
            status: if report_published {
                "Published".into()
            } else {
                "Not published yet".into()
            },
            link: format!("/l/{slug}/annual-report/{year}"),
        },
        SubmissionDocument {
            kind: "governing_body_response".into(),
            title: "The governing body's response to the report".into(),
            ready: response,
            status: if response {
                "Recorded".into()
            } else {
                "Not recorded yet".into()
            },
            link: format!("/l/{slug}/annual-report/{year}"),
        },
    ];
    Ok(AnnualSubmissionView {
        year,
        due_on,
        basis: basis.to_owned(),
        days_left: (due_on - today).num_days(),
        ready: documents.iter().all(|d| d.ready),
        resubmission: resubmission.map(|r| ResubmissionView {
            due_on: r.due_on,
            reason: r.reason,
            recorded_at: r.recorded_at,
        }),
        documents,
    })
}

/// The annual submission to the Ombudsman for a financial year that has ended: its date and
/// the rule it comes from, and which of its documents are published, with links.
#[utoipa::path(
    operation_id = "annual_submission_get",
    tag = "annual report", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), SubmissionQuery),
    responses(
        (status = 200, body = AnnualSubmissionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/annual-submission")]
pub async fn get_submission(
    tenant: Tenant<Oversight>,
    query: crate::json::Query<SubmissionQuery>,
) -> Result<web::Json<AnnualSubmissionView>, ApiError> {
    let today = today();
    let year = match query.year.as_deref() {
        None | Some("") => financial_year_of(today) - 1,
        Some(y) => y
            .parse::<i32>()
            .map_err(|_| ApiError::invalid("year", "must be a year, for example 2025"))?,
    };
    let year = ended_year(year, today)?;
    Ok(web::Json(view(&tenant, year, today).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResubmissionBody {
    /// The new date the Ombudsman gave.
    pub due_on: Option<NaiveDate>,
    /// The significant change it follows, in the Ombudsman's words.
    #[serde(default)]
    pub reason: String,
}

/// Records that the Ombudsman asked the landlord to submit the year's documents again after a
/// significant change, with the new date it gave (landlord admin); it replaces one recorded
/// before, and is audited.
#[utoipa::path(
    operation_id = "annual_submission_resubmission",
    tag = "annual report", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    request_body = ResubmissionBody,
    responses(
        (status = 200, body = AnnualSubmissionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/annual-submission/{year}/resubmission")]
pub async fn record_resubmission(
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, i32)>,
    body: Json<ResubmissionBody>,
) -> Result<web::Json<AnnualSubmissionView>, ApiError> {
    let today = today();
    let year = ended_year(path.into_inner().1, today)?;
    let b = body.0;
    let mut f = Fields::new();
    let reason = f.check("reason", required_text(&b.reason, 2_000));
    match b.due_on {
        None => f.push("due_on", "is required: the date the Ombudsman gave"),
        Some(d) if d < today => f.push("due_on", "must not be in the past"),
        Some(_) => {}
    }
    f.finish()?;
    let (Some(reason), Some(due_on)) = (reason, b.due_on) else {
        return Err(ApiError::invalid("reason", "is required"));
    };
    let before = resubmissions::record(
        &tenant.db,
        tenant.scope,
        year,
        due_on,
        &reason,
        Some(tenant.user_id),
    )
    .await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "annual_submission.resubmission",
        None,
        json!({"year": year, "due_on": due_on, "reason": reason,
               "replaced": before.map(|r| json!({"due_on": r.due_on, "reason": r.reason}))}),
    )
    .await?;
    Ok(web::Json(view(&tenant, year, today).await?))
}
