//! The annual complaints performance and service improvement report (Code 8.1, 8.2): per
//! landlord and financial year, the narrative the landlord writes around the figures, the
//! self-assessment version attached, the governing body's response, and once published the
//! figures as they were then, so that later changes to cases do not rewrite it.

use crate::sql::statement;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

pub use redress_domain::annual_report::{ReportStatus, SECTIONS};

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub year: i32,
    pub narrative: BTreeMap<String, String>,
    pub self_assessment_id: Option<Uuid>,
    pub governing_body_response: Option<String>,
    pub response_recorded_at: Option<DateTime<Utc>>,
    pub response_recorded_by: Option<Uuid>,
    pub status: ReportStatus,
    /// The generated content as published (JSON); none while a draft.
    pub figures: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<Uuid>,
}

impl Report {
    fn from_row(r: &QueryResult) -> Result<Self> {
        let narrative: String = r.try_get("", "narrative")?;
        Ok(Report {
            year: r.try_get("", "year")?,
            narrative: serde_json::from_str(&narrative)
                .map_err(|e| crate::error::corrupt("annual_reports.narrative", e))?,
            self_assessment_id: r.try_get("", "self_assessment_id")?,
            governing_body_response: r.try_get("", "governing_body_response")?,
            response_recorded_at: r.try_get("", "response_recorded_at")?,
            response_recorded_by: r.try_get("", "response_recorded_by")?,
            status: ReportStatus::parse(&r.try_get::<String>("", "status")?)
                .map_err(|e| crate::error::corrupt("annual_reports.status", e))?,
            figures: r.try_get("", "figures")?,
            updated_at: r.try_get("", "updated_at")?,
            updated_by: r.try_get("", "updated_by")?,
            published_at: r.try_get("", "published_at")?,
            published_by: r.try_get("", "published_by")?,
        })
    }
}

async fn select(
    conn: &impl ConnectionTrait,
    filter: &str,
    values: Vec<Value>,
) -> Result<Option<Report>> {
    let sql = format!(
        "SELECT year, narrative, self_assessment_id, governing_body_response, \
           response_recorded_at, response_recorded_by, status, figures, updated_at, updated_by, \
           published_at, published_by \
         FROM annual_reports WHERE landlord_id = ? {filter}"
    );
    match conn
        .query_one_raw(statement(conn.get_database_backend(), &sql, values))
        .await?
    {
        Some(r) => Ok(Some(Report::from_row(&r)?)),
        None => Ok(None),
    }
}

async fn exec(conn: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<u64> {
    Ok(conn
        .execute_raw(statement(conn.get_database_backend(), sql, values))
        .await?
        .rows_affected())
}

pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
) -> Result<Option<Report>> {
    select(
        conn,
        "AND year = ?",
        vec![scope.landlord_id().into(), year.into()],
    )
    .await
}

/// The latest year's published report (the public page's).
pub async fn latest_published(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Option<Report>> {
    select(
        conn,
        "AND status = ? ORDER BY year DESC LIMIT 1",
        vec![
            scope.landlord_id().into(),
            ReportStatus::Published.as_str().into(),
        ],
    )
    .await
}

/// A year's report in the list of reports: its status and when it was published.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub year: i32,
    pub status: ReportStatus,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// Every year's report the landlord has begun, the latest year first; only the published ones
/// when `published_only`.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    published_only: bool,
) -> Result<Vec<Listed>> {
    let (filter, mut values) = (
        if published_only { "AND status = ?" } else { "" },
        vec![scope.landlord_id().into()],
    );
    if published_only {
        values.push(ReportStatus::Published.as_str().into());
    }
    let sql = format!(
        "SELECT year, status, updated_at, published_at FROM annual_reports \
         WHERE landlord_id = ? {filter} ORDER BY year DESC"
    );
    conn.query_all_raw(statement(conn.get_database_backend(), &sql, values))
        .await?
        .iter()
        .map(|r| {
            Ok(Listed {
                year: r.try_get("", "year")?,
                status: ReportStatus::parse(&r.try_get::<String>("", "status")?)
                    .map_err(|e| crate::error::corrupt("annual_reports.status", e))?,
                updated_at: r.try_get("", "updated_at")?,
                published_at: r.try_get("", "published_at")?,
            })
        })
        .collect()
}

/// Makes the year's report if there is none yet: a draft with no narrative.
async fn ensure(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
    by: Uuid,
) -> Result<()> {
    exec(
        conn,
        "INSERT INTO annual_reports (landlord_id, year, narrative, status, updated_at, updated_by) \
         VALUES (?, ?, '{}', ?, ?, ?) ON CONFLICT DO NOTHING",
        vec![
            scope.landlord_id().into(),
            year.into(),
            ReportStatus::Draft.as_str().into(),
            Utc::now().into(),
            Some(by).into(),
        ],
    )
    .await?;
    Ok(())
}

fn published_already(year: i32) -> StoreError {
    StoreError::Conflict(format!(
        "the report for {year} has been published; a published report is not changed"
    ))
}

/// Replaces the narrative sections given and, when given, the self-assessment attached.
pub async fn save(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
    narrative: BTreeMap<String, String>,
    self_assessment_id: Option<Option<Uuid>>,
    by: Uuid,
) -> Result<Report> {
    ensure(conn, scope, year, by).await?;
    let current = get(conn, scope, year).await?.ok_or(StoreError::NotFound)?;
    if current.status == ReportStatus::Published {
        return Err(published_already(year));
    }
    let mut merged = current.narrative;
    for (k, v) in narrative {
        merged.insert(k, v);
    }
    let merged = serde_json::to_string(&merged)
        .map_err(|e| crate::error::corrupt("annual_reports.narrative", e))?;
    let attached = self_assessment_id.unwrap_or(current.self_assessment_id);
    let updated = exec(
        conn,
        "UPDATE annual_reports SET narrative = ?, self_assessment_id = ?, updated_at = ?, \
           updated_by = ? WHERE landlord_id = ? AND year = ? AND status = ?",
        vec![
            merged.into(),
            attached.into(),
            Utc::now().into(),
            Some(by).into(),
            scope.landlord_id().into(),
            year.into(),
            ReportStatus::Draft.as_str().into(),
        ],
    )
    .await?;
    if updated != 1 {
        return Err(published_already(year));
    }
    get(conn, scope, year).await?.ok_or(StoreError::NotFound)
}

/// Records the governing body's response to the report (Code 8.2).
pub async fn record_response(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
    response: String,
    by: Uuid,
) -> Result<Report> {
    ensure(conn, scope, year, by).await?;
    let now = Utc::now();
    let updated = exec(
        conn,
        "UPDATE annual_reports SET governing_body_response = ?, response_recorded_at = ?, \
           response_recorded_by = ?, updated_at = ?, updated_by = ? \
         WHERE landlord_id = ? AND year = ? AND status = ?",
        vec![
            response.into(),
            now.into(),
            Some(by).into(),
            now.into(),
            Some(by).into(),
            scope.landlord_id().into(),
            year.into(),
            ReportStatus::Draft.as_str().into(),
        ],
    )
    .await?;
    if updated != 1 {
        return Err(published_already(year));
    }
    get(conn, scope, year).await?.ok_or(StoreError::NotFound)
}

/// Publishes the report with its generated content as it is now, on the caller's
/// transaction (the self-assessment attached is published in the same one).
pub async fn publish(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
    self_assessment_id: Uuid,
    figures: &str,
    by: Uuid,
) -> Result<()> {
    let now = Utc::now();
    let updated = exec(
        conn,
        "UPDATE annual_reports SET status = ?, figures = ?, self_assessment_id = ?, \
           published_at = ?, published_by = ?, updated_at = ?, updated_by = ? \
         WHERE landlord_id = ? AND year = ? AND status = ?",
        vec![
            ReportStatus::Published.as_str().into(),
            figures.to_owned().into(),
            Some(self_assessment_id).into(),
            now.into(),
            Some(by).into(),
            now.into(),
            Some(by).into(),
            scope.landlord_id().into(),
            year.into(),
            ReportStatus::Draft.as_str().into(),
        ],
    )
    .await?;
    if updated != 1 {
        return Err(published_already(year));
    }
    Ok(())
}
