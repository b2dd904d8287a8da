//! A self-assessment as it is shown and published (Code 8.1a, 8.3, 8.4): the view the staff
//! routes return and the document the public page serves.

use crate::error::ApiError;
use actix_web::HttpResponse;
use actix_web::http::header;
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::provisions::{self, EDITION_2024};
use redress_store::evidence;
use redress_store::self_assessments::Assessment;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A financial year an assessment may be made for: from the Code's first statutory year's
/// predecessor (landlords import earlier documents) to the year after the current one.
pub fn assessable_year(year: i32, today: NaiveDate) -> Result<i32, ApiError> {
    let current = crate::time::financial_year_of(today);
    if (2020..=current + 1).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::invalid(
            "year",
            format!(
                "must be a financial year from 2020 to {}, by the calendar year it starts in",
                current + 1
            ),
        ))
    }
}

/// A provision's answer as saved.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProvisionInput {
    /// The Code's number, e.g. `6.3`.
    pub provision: String,
    /// `yes`, `no` or `partly`; null to leave unanswered.
    pub complies: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub links: Option<Vec<String>>,
    #[serde(default)]
    pub commentary: Option<String>,
    /// What will be done to comply, where it does not (fully).
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
    #[serde(default)]
    pub official_wording: Option<String>,
}

/// One provision as the assessment shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProvisionView {
    /// The Code's number, e.g. `6.3`.
    pub provision: String,
    pub section: u8,
    pub section_title: String,
    /// The project's own short summary of the requirement.
    pub summary: String,
    /// The Code's wording, where the landlord has pasted it in.
    pub official_wording: Option<String>,
    /// `yes`, `no` or `partly`; null until answered.
    pub complies: Option<String>,
    pub evidence: String,
    pub links: Vec<String>,
    pub commentary: String,
    pub action: Option<String>,
    pub target_date: Option<NaiveDate>,
    /// The figure the records give for the year, where they can: computed now for a draft,
    /// frozen at approval.
    pub computed_evidence: Option<String>,
}

/// One version of a year's assessment, in brief.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionSummary {
    pub version: i32,
    pub status: String,
    pub reason: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A self-assessment for a financial year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SelfAssessmentView {
    /// The financial year by the calendar year it starts in.
    pub year: i32,
    /// `2025/26 (1 April 2025 to 31 March 2026)`.
    pub year_label: String,
    /// The edition of the Code assessed against.
    pub edition: String,
    /// `not_started` (nothing saved yet: the answers shown are carried from the latest
    /// earlier year), `draft`, `approved`, `published` or `superseded`.
    pub status: String,
    /// 0 until saved.
    pub version: i32,
    /// Why this version was started (Code 8.3, 8.4).
    pub reason: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    /// The name of the landlord admin who approved it.
    pub approved_by: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    /// Whether the computed evidence is frozen (from approval on) or computed now.
    pub evidence_frozen: bool,
    pub provisions: Vec<ProvisionView>,
    /// Provisions not yet answered.
    pub unanswered: Vec<String>,
    pub versions: Vec<VersionSummary>,
}

/// The view of an assessment from what it needs: its answers (or those carried from an
/// earlier year), the computed evidence, its versions and who approved it.
pub fn build_view(
    year: i32,
    assessment: Option<&Assessment>,
    carried: Option<&Assessment>,
    computed: &BTreeMap<String, String>,
    versions: &[Assessment],
    approved_by: Option<String>,
) -> SelfAssessmentView {
    let today = crate::time::today();
    let edition = assessment.map_or(EDITION_2024, |a| a.edition.as_str());
    let catalogue = provisions::provisions(edition).unwrap_or_default();
    let sections = provisions::sections(edition).unwrap_or_default();
    let empty = BTreeMap::new();
    let answers = assessment.or(carried).map_or(&empty, |a| &a.answers);
    let provisions: Vec<ProvisionView> = catalogue
        .iter()
        .map(|p| {
            let a = answers.get(p.number).cloned().unwrap_or_default();
            ProvisionView {
                provision: p.number.to_owned(),
                section: p.section,
                section_title: sections
                    .iter()
                    .find(|s| s.number == p.section)
                    .map(|s| s.title.to_owned())
                    .unwrap_or_default(),
                summary: p.summary.to_owned(),
                official_wording: a.official_wording,
                complies: a.complies,
                evidence: a.evidence,
                links: a.links,
                commentary: a.commentary,
                action: a.action,
                target_date: a.target_date,
                computed_evidence: computed.get(p.number).cloned(),
            }
        })
        .collect();
    SelfAssessmentView {
        year,
        year_label: evidence::year_label(year, today),
        edition: edition.to_owned(),
        status: assessment
            .map_or("not_started", |a| a.status.as_str())
            .to_owned(),
        version: assessment.map_or(0, |a| a.version),
        reason: assessment.and_then(|a| a.reason.clone()),
        updated_at: assessment.map(|a| a.updated_at),
        approved_at: assessment.and_then(|a| a.approved_at),
        approved_by,
        published_at: assessment.and_then(|a| a.published_at),
        evidence_frozen: assessment.is_some_and(|a| a.evidence.is_some()),
        unanswered: provisions
            .iter()
            .filter(|p| p.complies.is_none())
            .map(|p| p.provision.clone())
            .collect(),
        provisions,
        versions: versions
            .iter()
            .filter(|v| v.year == year)
            .map(|v| VersionSummary {
                version: v.version,
                status: v.status.as_str().to_owned(),
                reason: v.reason.clone(),
                approved_at: v.approved_at,
                published_at: v.published_at,
            })
            .collect(),
    }
}

/// The HTML or CSV document of an assessment.
pub fn document(
    landlord: &str,
    v: &SelfAssessmentView,
    format: &str,
) -> Result<HttpResponse, ApiError> {
    let version = match v.version {
        0 => "draft".to_owned(),
        n => format!("v{n}"),
    };
    let file = format!(
        "self-assessment-{}-{version}.{format}",
        v.year_label.get(..7).unwrap_or("year").replace('/', "-"),
    );
    let (body, content_type) = if format == "csv" {
        (
            crate::documents::self_assessment_csv(v)?,
            "text/csv; charset=utf-8",
        )
    } else {
        (
            crate::documents::self_assessment_html(landlord, v)?,
            "text/html; charset=utf-8",
        )
    };
    let disposition = if format == "csv" {
        format!("attachment; filename=\"{file}\"")
    } else {
        format!("inline; filename=\"{file}\"")
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            crate::documents::DOCUMENT_CSP,
        ))
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .body(body))
}
