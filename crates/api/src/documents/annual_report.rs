//! The annual complaints performance and service improvement report as it is shown and
//! published (Code 8.1, 8.2): the view the staff routes return and the document the public
//! page serves.

use crate::error::ApiError;
use actix_web::HttpResponse;
use actix_web::http::header;
use chrono::{DateTime, NaiveDate, Utc};
use redress_store::annual_reports::{Report, ReportStatus, SECTIONS};
use redress_store::evidence;
use redress_store::performance::{Figures, Tsm};
use redress_store::self_assessments::Assessment;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

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

fn attached(a: &Assessment) -> AttachedAssessment {
    AttachedAssessment {
        year: a.year,
        version: a.version,
        status: a.status.as_str().to_owned(),
        approved_at: a.approved_at,
    }
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
        status: report
            .map_or(ReportStatus::Draft, |r| r.status)
            .as_str()
            .to_owned(),
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
