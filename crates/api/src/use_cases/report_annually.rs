//! Report annually (Code 8.1, 8.2): the annual complaints performance and service improvement
//! report is generated from the records, its narrative saved by the complaints team with the
//! year's approved self-assessment attached, the governing body's response recorded, and the
//! report published with its self-assessment once the year has ended, its figures frozen.
//! Recording the response and publishing are audited.

use super::case::Context;
use crate::documents::annual_report::{Generated, Improvement};
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::calendar::WorkingCalendar;
use redress_store::annual_reports::{self, Report, ReportStatus};
use redress_store::learning::{self, LearningFilter};
use redress_store::page::PageRequest;
use redress_store::performance::{self, financial_year};
use redress_store::self_assessments::{self, Assessment, AssessmentStatus};
use redress_store::{TenantScope, audit};
use std::collections::BTreeMap;
use uuid::Uuid;

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

/// The self-assessment a report has attached, or else the year's latest approved or
/// published version.
pub async fn assessment_for(
    cx: &Context<'_>,
    year: i32,
    report: Option<&Report>,
) -> Result<Option<Assessment>, ApiError> {
    let all = self_assessments::all(&cx.db(), cx.scope).await?;
    let chosen = match report.and_then(|r| r.self_assessment_id) {
        Some(id) => all.into_iter().find(|a| a.id == id),
        None => all
            .into_iter()
            .filter(|a| a.year == year)
            .find(|a| a.status.may_go_with_the_report()),
    };
    Ok(chosen)
}

/// Saves the narrative (the sections given replace theirs) and, when given, the version of
/// the self-assessment attached. A published report is not changed.
pub async fn save_narrative(
    cx: &Context<'_>,
    year: i32,
    narrative: BTreeMap<String, String>,
    attach: Option<Option<Uuid>>,
) -> Result<(), ApiError> {
    let (by, _) = cx.acting_staff()?;
    annual_reports::save(&cx.db(), cx.scope, year, narrative, attach, by).await?;
    Ok(())
}

/// Records the governing body's response to the report (Code 8.2).
pub async fn record_governing_body_response(
    cx: &Context<'_>,
    year: i32,
    response: String,
) -> Result<(), ApiError> {
    let (by, actor) = cx.acting_staff()?;
    let db = cx.db();
    annual_reports::record_response(&db, cx.scope, year, response, by).await?;
    audit::record(
        &db,
        cx.scope,
        &actor,
        "annual_report_response_recorded",
        None,
        serde_json::json!({"year": year}),
    )
    .await?;
    Ok(())
}

/// Publishes the report of the year ending on `to` with its self-assessment (Code 8.2): the
/// year must have ended, the governing body's response be recorded, and the year's
/// self-assessment be approved. The figures are frozen as they are now.
pub async fn publish(cx: &Context<'_>, year: i32, to: NaiveDate) -> Result<(), ApiError> {
    let (by, actor) = cx.acting_staff()?;
    let (db, scope) = (cx.db(), cx.scope);
    if cx.today <= to {
        return Err(ApiError::Conflict(format!(
            "the year runs until {to}; its report is published once it has ended"
        )));
    }
    let report = annual_reports::get(&db, scope, year).await?;
    if report
        .as_ref()
        .is_some_and(|r| r.status == ReportStatus::Published)
    {
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
    let Some(assessment) = assessment_for(cx, year, report.as_ref()).await? else {
        return Err(ApiError::Conflict(
            "the year's self-assessment must be approved before the report is published with \
             it (Code 8.2)"
                .into(),
        ));
    };
    let rules = cx.rules().await?;
    let generated =
        serde_json::to_string(&generate(&db, scope, &rules.calendar, year, cx.today).await?)
            .map_err(|e| ApiError::Internal(e.into()))?;
    let txn = redress_store::db::begin_write(&db).await?;
    if assessment.status == AssessmentStatus::Approved {
        self_assessments::publish(&txn, scope, &assessment, by).await?;
    }
    annual_reports::publish(&txn, scope, year, assessment.id, &generated, by).await?;
    audit::record(
        &txn,
        scope,
        &actor,
        "annual_report_published",
        Some(assessment.id),
        serde_json::json!({"year": year, "self_assessment_version": assessment.version}),
    )
    .await?;
    redress_store::db::commit(txn).await?;
    Ok(())
}
