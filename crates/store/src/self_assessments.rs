//! Self-assessments against the Code (Code 8.1a, 8.3, 8.4): per landlord and financial
//! year, each provision's compliance, evidence, commentary and, where it does not comply,
//! the action and date to comply.
//!
//! A year's assessment has versions. Version 1 starts as a draft (filled in from the latest
//! earlier year's assessment, so last year's evidence need not be retyped); a landlord admin
//! approves it, which freezes the figures computed from the records; a landlord admin
//! publishes it. A restructure, a merger or the Ombudsman's request (Code 8.3, 8.4) starts a
//! new version from the last, with its reason, and the earlier versions are kept. Publishing
//! a version supersedes the year's earlier published one.

use crate::error::corrupt;
use crate::sql::statement;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult, TransactionSession, TransactionTrait, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

use AssessmentStatus::{Approved, Draft, Published, Superseded};
pub use redress_domain::self_assessment::AssessmentStatus;

/// A landlord's answer for one provision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    /// `yes`, `no` or `partly`; none until answered.
    pub complies: Option<String>,
    /// How the landlord shows it complies: documents, pages, processes.
    #[serde(default)]
    pub evidence: String,
    /// Links to the evidence (policies, web pages, documents).
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub commentary: String,
    /// Where it does not comply (fully): what will be done to comply.
    #[serde(default)]
    pub action: Option<String>,
    /// And by when.
    #[serde(default)]
    pub target_date: Option<chrono::NaiveDate>,
    /// The Code's own wording, if the landlord pastes it in.
    #[serde(default)]
    pub official_wording: Option<String>,
}

/// Answers by provision number.
pub type Answers = BTreeMap<String, Answer>;

/// One version of a year's self-assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: Uuid,
    pub year: i32,
    pub version: i32,
    pub edition: String,
    pub status: AssessmentStatus,
    pub reason: Option<String>,
    pub answers: Answers,
    /// The computed evidence by provision, frozen at approval; none while a draft.
    pub evidence: Option<BTreeMap<String, String>>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
    pub approved_at: Option<DateTime<Utc>>,
    pub approved_by: Option<Uuid>,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<Uuid>,
}

impl Assessment {
    fn from_row(r: &QueryResult) -> Result<Self> {
        let answers: String = r.try_get("", "answers")?;
        let evidence: Option<String> = r.try_get("", "evidence")?;
        Ok(Assessment {
            id: r.try_get("", "id")?,
            year: r.try_get("", "year")?,
            version: r.try_get("", "version")?,
            edition: r.try_get("", "edition")?,
            status: AssessmentStatus::parse(&r.try_get::<String>("", "status")?)
                .map_err(|e| corrupt("self_assessments.status", e))?,
            reason: r.try_get("", "reason")?,
            answers: serde_json::from_str(&answers)
                .map_err(|e| corrupt("self_assessments.answers", e))?,
            evidence: evidence
                .map(|e| serde_json::from_str(&e))
                .transpose()
                .map_err(|e| corrupt("self_assessments.evidence", e))?,
            created_at: r.try_get("", "created_at")?,
            created_by: r.try_get("", "created_by")?,
            updated_at: r.try_get("", "updated_at")?,
            updated_by: r.try_get("", "updated_by")?,
            approved_at: r.try_get("", "approved_at")?,
            approved_by: r.try_get("", "approved_by")?,
            published_at: r.try_get("", "published_at")?,
            published_by: r.try_get("", "published_by")?,
        })
    }
}

const COLUMNS: &str = "id, year, version, edition, status, reason, answers, evidence, created_at, \
    created_by, updated_at, updated_by, approved_at, approved_by, published_at, published_by";

async fn select(
    conn: &impl ConnectionTrait,
    filter: &str,
    values: Vec<Value>,
) -> Result<Vec<Assessment>> {
    let sql = format!("SELECT {COLUMNS} FROM self_assessments WHERE landlord_id = ? {filter}");
    conn.query_all_raw(statement(conn.get_database_backend(), &sql, values))
        .await?
        .iter()
        .map(Assessment::from_row)
        .collect()
}

async fn exec(conn: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<u64> {
    Ok(conn
        .execute_raw(statement(conn.get_database_backend(), sql, values))
        .await?
        .rows_affected())
}

/// The latest version of a year's assessment.
pub async fn latest(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
) -> Result<Option<Assessment>> {
    Ok(select(
        conn,
        "AND year = ? ORDER BY version DESC LIMIT 1",
        vec![scope.landlord_id().into(), year.into()],
    )
    .await?
    .pop())
}

/// One version of a year's assessment.
pub async fn version(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
    version: i32,
) -> Result<Option<Assessment>> {
    Ok(select(
        conn,
        "AND year = ? AND version = ?",
        vec![scope.landlord_id().into(), year.into(), version.into()],
    )
    .await?
    .pop())
}

/// Every version of every year, newest year and version first.
pub async fn all(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<Vec<Assessment>> {
    select(
        conn,
        "ORDER BY year DESC, version DESC",
        vec![scope.landlord_id().into()],
    )
    .await
}

/// The year's published version, if one is published.
pub async fn published(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
) -> Result<Option<Assessment>> {
    Ok(select(
        conn,
        "AND year = ? AND status = ? ORDER BY version DESC LIMIT 1",
        vec![
            scope.landlord_id().into(),
            year.into(),
            Published.as_str().into(),
        ],
    )
    .await?
    .pop())
}

/// The latest published version of the latest year that has one (the public page's).
pub async fn latest_published(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Option<Assessment>> {
    Ok(select(
        conn,
        "AND status = ? ORDER BY year DESC, version DESC LIMIT 1",
        vec![scope.landlord_id().into(), Published.as_str().into()],
    )
    .await?
    .pop())
}

/// The latest version of the latest year before `year`: what a new year starts from.
pub async fn latest_before(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
) -> Result<Option<Assessment>> {
    Ok(select(
        conn,
        "AND year < ? ORDER BY year DESC, version DESC LIMIT 1",
        vec![scope.landlord_id().into(), year.into()],
    )
    .await?
    .pop())
}

/// A new version to insert as a draft.
struct NewVersion<'a> {
    year: i32,
    version: i32,
    edition: &'a str,
    reason: Option<String>,
    answers: &'a Answers,
    by: Uuid,
}

async fn insert(conn: &impl ConnectionTrait, scope: TenantScope, v: NewVersion<'_>) -> Result<()> {
    let now = Utc::now();
    let answers =
        serde_json::to_string(v.answers).map_err(|e| corrupt("self_assessments.answers", e))?;
    let inserted = exec(
        conn,
        "INSERT INTO self_assessments (landlord_id, id, year, version, edition, status, reason, \
           answers, evidence, created_at, created_by, updated_at, updated_by) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        vec![
            scope.landlord_id().into(),
            Uuid::now_v7().into(),
            v.year.into(),
            v.version.into(),
            v.edition.to_owned().into(),
            Draft.as_str().into(),
            v.reason.into(),
            answers.into(),
            now.into(),
            Some(v.by).into(),
            now.into(),
            Some(v.by).into(),
        ],
    )
    .await?;
    if inserted != 1 {
        return Err(StoreError::Conflict(
            "someone else started this version meanwhile; reload it and try again".into(),
        ));
    }
    Ok(())
}

/// What a save asks for.
#[derive(Debug, Clone)]
pub struct Save {
    pub year: i32,
    /// The edition a new assessment is made against.
    pub edition: String,
    /// Answers to replace, by provision; the others stay as they are.
    pub answers: Answers,
    /// Why a new version is started (Code 8.3, 8.4); needed once the latest is approved.
    pub new_version_reason: Option<String>,
    pub by: Uuid,
}

/// Saves answers into the year's draft: the first save makes version 1 from the latest
/// earlier year's answers; a save with a reason after approval makes the next version from
/// the last one. Saving into an approved or published version without a reason is a
/// `Conflict`.
pub async fn save<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    save: Save,
) -> Result<Assessment> {
    let txn = crate::db::begin_write_on(db).await?;
    let current = latest(&txn, scope, save.year).await?;
    let merge = |mut base: Answers| {
        for (k, v) in &save.answers {
            base.insert(k.clone(), v.clone());
        }
        base
    };
    match current {
        None => {
            let carried = latest_before(&txn, scope, save.year)
                .await?
                .map(|a| a.answers)
                .unwrap_or_default();
            insert(
                &txn,
                scope,
                NewVersion {
                    year: save.year,
                    version: 1,
                    edition: &save.edition,
                    reason: save.new_version_reason.clone(),
                    answers: &merge(carried),
                    by: save.by,
                },
            )
            .await?;
        }
        Some(a) if a.status == Draft => {
            let answers = serde_json::to_string(&merge(a.answers))
                .map_err(|e| corrupt("self_assessments.answers", e))?;
            let updated = exec(
                &txn,
                "UPDATE self_assessments SET answers = ?, updated_at = ?, updated_by = ? \
                 WHERE landlord_id = ? AND id = ? AND status = ? AND updated_at = ?",
                vec![
                    answers.into(),
                    Utc::now().into(),
                    Some(save.by).into(),
                    scope.landlord_id().into(),
                    a.id.into(),
                    Draft.as_str().into(),
                    a.updated_at.into(),
                ],
            )
            .await?;
            if updated != 1 {
                return Err(StoreError::Conflict(
                    "the self-assessment was changed by someone else meanwhile; reload it and try again"
                        .into(),
                ));
            }
        }
        Some(a) => match save.new_version_reason.clone() {
            Some(reason) => {
                insert(
                    &txn,
                    scope,
                    NewVersion {
                        year: save.year,
                        version: a.version + 1,
                        edition: &a.edition,
                        reason: Some(reason),
                        answers: &merge(a.answers),
                        by: save.by,
                    },
                )
                .await?;
            }
            None => {
                return Err(StoreError::Conflict(format!(
                    "version {} of this self-assessment is {}; to change it, start a new version \
                     and give the reason (new_version_reason: a restructure, a merger or the \
                     Ombudsman's request, Code 8.3 and 8.4)",
                    a.version, a.status
                )));
            }
        },
    }
    let out = latest(&txn, scope, save.year)
        .await?
        .ok_or(StoreError::NotFound)?;
    txn.commit().await?;
    Ok(out)
}

/// Approves the year's draft, freezing the computed evidence with it. The caller checks that
/// every provision is answered.
pub async fn approve(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    draft: &Assessment,
    evidence: &BTreeMap<String, String>,
    by: Uuid,
) -> Result<()> {
    let evidence =
        serde_json::to_string(evidence).map_err(|e| corrupt("self_assessments.evidence", e))?;
    let now = Utc::now();
    let updated = exec(
        conn,
        "UPDATE self_assessments SET status = ?, evidence = ?, approved_at = ?, approved_by = ?, \
           updated_at = ?, updated_by = ? \
         WHERE landlord_id = ? AND id = ? AND status = ? AND updated_at = ?",
        vec![
            Approved.as_str().into(),
            evidence.into(),
            now.into(),
            Some(by).into(),
            now.into(),
            Some(by).into(),
            scope.landlord_id().into(),
            draft.id.into(),
            Draft.as_str().into(),
            draft.updated_at.into(),
        ],
    )
    .await?;
    if updated != 1 {
        return Err(StoreError::Conflict(
            "the self-assessment was changed by someone else meanwhile; reload it and try again"
                .into(),
        ));
    }
    Ok(())
}

/// Publishes an approved version, superseding the year's earlier published one, on the
/// caller's transaction.
pub async fn publish(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    approved: &Assessment,
    by: Uuid,
) -> Result<()> {
    exec(
        conn,
        "UPDATE self_assessments SET status = ? WHERE landlord_id = ? AND year = ? AND status = ?",
        vec![
            Superseded.as_str().into(),
            scope.landlord_id().into(),
            approved.year.into(),
            Published.as_str().into(),
        ],
    )
    .await?;
    let now = Utc::now();
    let updated = exec(
        conn,
        "UPDATE self_assessments SET status = ?, published_at = ?, published_by = ? \
         WHERE landlord_id = ? AND id = ? AND status = ?",
        vec![
            Published.as_str().into(),
            now.into(),
            Some(by).into(),
            scope.landlord_id().into(),
            approved.id.into(),
            Approved.as_str().into(),
        ],
    )
    .await?;
    if updated != 1 {
        return Err(StoreError::Conflict(
            "the self-assessment was changed by someone else meanwhile; reload it and try again"
                .into(),
        ));
    }
    Ok(())
}
