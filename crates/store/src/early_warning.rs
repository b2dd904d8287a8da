//! Early warning signals (Code 9.4, 9.5): the daily run reads the landlord's recent records,
//! applies the plain rules of `redress_domain::early_warning`, and keeps what it finds. A
//! signal stays open until it is dismissed with a reason or turned into a learning entry; the
//! next run updates an open signal with the same key instead of adding another, and does not
//! raise one again within a window of being decided.

use crate::entities::warning_signal;
use crate::error::corrupt;
use crate::page::{Page, PageRequest};
use crate::performance;
use crate::self_assessments::{self, AssessmentStatus};
use crate::sql::statement;
use crate::{Result, StoreError, TenantScope, tenant};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::early_warning::{
    DRIFT_PROVISIONS, DRIFT_THRESHOLD, Finding, OverdueAction, REPEAT_DAYS, Received, WINDOW_DAYS,
    drift, possible_complaint, repeat_complainants, same_overdue_action, themes,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A complaint behind a signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalCase {
    pub id: Uuid,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub id: Uuid,
    pub kind: String,
    pub sentence: String,
    pub rule: String,
    pub cases: Vec<SignalCase>,
    pub service_request: Option<SignalCase>,
    /// `open`, `dismissed` or `learning`.
    pub status: String,
    pub detected_on: NaiveDate,
    pub last_seen_on: NaiveDate,
    pub dismissed_reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub learning_entry_id: Option<Uuid>,
}

impl TryFrom<warning_signal::Model> for Signal {
    type Error = StoreError;
    fn try_from(m: warning_signal::Model) -> Result<Self> {
        Ok(Signal {
            cases: serde_json::from_str(&m.cases)
                .map_err(|e| corrupt("warning_signals.cases", e))?,
            service_request: m.service_request_id.map(|id| SignalCase {
                id,
                reference: m.service_request_reference.clone().unwrap_or_default(),
            }),
            id: m.id,
            kind: m.kind,
            sentence: m.sentence,
            rule: m.rule,
            status: m.status,
            detected_on: m.detected_on,
            last_seen_on: m.last_seen_on,
            dismissed_reason: m.dismissed_reason,
            decided_by: m.decided_by,
            decided_at: m.decided_at,
            learning_entry_id: m.learning_entry_id,
        })
    }
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detected {
    pub added: usize,
    pub updated: usize,
}

fn date_of(row: &sea_orm::QueryResult, col: &str) -> Result<NaiveDate> {
    Ok(row.try_get::<NaiveDate>("", col)?)
}

/// The complaints received in the last year, as the theme and repeat rules read them, with
/// the residents' names.
async fn received_since(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    since: NaiveDate,
) -> Result<(Vec<Received>, BTreeMap<Uuid, String>)> {
    let sql = "SELECT c.id AS id, c.reference AS reference, c.received_on AS received_on, \
           c.resident_id AS resident_id, c.category AS category, c.service_area AS service_area, \
           k.name AS contractor, r.name AS resident_name, r.address AS address \
         FROM complaints c \
         JOIN residents r ON r.landlord_id = c.landlord_id AND r.id = c.resident_id \
         LEFT JOIN contractors k ON k.landlord_id = c.landlord_id AND k.id = c.contractor_id \
         WHERE c.landlord_id = ? AND c.received_on >= ?";
    let rows = conn
        .query_all_raw(statement(
            conn.get_database_backend(),
            sql,
            vec![scope.landlord_id().into(), since.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut names = BTreeMap::new();
    for row in rows {
        let resident_id: Uuid = row.try_get("", "resident_id")?;
        names.insert(resident_id, row.try_get::<String>("", "resident_name")?);
        out.push(Received {
            complaint_id: row.try_get("", "id")?,
            reference: row.try_get("", "reference")?,
            received_on: date_of(&row, "received_on")?,
            resident_id,
            category: row.try_get("", "category")?,
            service_area: row.try_get("", "service_area")?,
            contractor: row.try_get("", "contractor")?,
            address: row.try_get("", "address")?,
        });
    }
    Ok((out, names))
}

async fn overdue_actions(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    today: NaiveDate,
) -> Result<Vec<OverdueAction>> {
    let sql = "SELECT a.complaint_id AS complaint_id, c.reference AS reference, \
           a.description AS description, a.due_on AS due_on \
         FROM outstanding_actions a \
         JOIN complaints c ON c.landlord_id = a.landlord_id AND c.id = a.complaint_id \
         WHERE a.landlord_id = ? AND a.status <> 'completed' AND a.due_on < ? \
         ORDER BY a.due_on";
    let rows = conn
        .query_all_raw(statement(
            conn.get_database_backend(),
            sql,
            vec![scope.landlord_id().into(), today.into()],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok(OverdueAction {
                complaint_id: row.try_get("", "complaint_id")?,
                reference: row.try_get("", "reference")?,
                description: row.try_get("", "description")?,
                due_on: date_of(row, "due_on")?,
            })
        })
        .collect()
}

async fn possible_complaints(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<Finding>> {
    let sql = "SELECT id, reference, description, reported_on FROM service_requests \
         WHERE landlord_id = ? AND status IN ('open', 'in_progress')";
    let rows = conn
        .query_all_raw(statement(
            conn.get_database_backend(),
            sql,
            vec![scope.landlord_id().into()],
        ))
        .await?;
    let mut out = Vec::new();
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let reference: String = row.try_get("", "reference")?;
        let description: String = row.try_get("", "description")?;
        if let Some(f) =
            possible_complaint(id, &reference, &description, date_of(&row, "reported_on")?)
        {
            out.push(f);
        }
    }
    Ok(out)
}

/// Provisions answered "yes" in the latest approved or published self-assessment whose
/// figure for the last 12 months is below the landlord's target for it, or the stated
/// threshold.
async fn self_assessment_drift<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    targets: &BTreeMap<String, u32>,
    today: NaiveDate,
) -> Result<Vec<Finding>> {
    let Some(assessment) = self_assessments::all(db, scope)
        .await?
        .into_iter()
        .find(|a| {
            matches!(
                a.status,
                AssessmentStatus::Approved | AssessmentStatus::Published
            )
        })
    else {
        return Ok(Vec::new());
    };
    let from = today - Duration::days(364);
    let f = performance::figures(db, scope, calendar, from, today, today).await?;
    let mut out = Vec::new();
    for (provision, figure, what) in DRIFT_PROVISIONS {
        let answered_yes = assessment
            .answers
            .get(provision)
            .and_then(|a| a.complies.as_deref())
            == Some("yes");
        let Some(rate) = f.headline(figure) else {
            continue;
        };
        let threshold = targets
            .get(figure)
            .map(|t| f64::from(*t))
            .unwrap_or(DRIFT_THRESHOLD);
        if let (true, Some(pct)) = (answered_yes, rate.pct)
            && let Some(found) = drift(provision, what, assessment.year, pct, threshold, today)
        {
            out.push(found);
        }
    }
    Ok(out)
}

/// Everything the rules find on `today`.
pub async fn findings<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    targets: &BTreeMap<String, u32>,
    today: NaiveDate,
) -> Result<Vec<Finding>> {
    let since = today - Duration::days(REPEAT_DAYS - 1);
    let (received, names) = received_since(db, scope, since).await?;
    let mut found = themes(&received, today);
    found.extend(repeat_complainants(&received, &names, today));
    found.extend(same_overdue_action(
        &overdue_actions(db, scope, today).await?,
        today,
    ));
    found.extend(possible_complaints(db, scope).await?);
    found.extend(self_assessment_drift(db, scope, calendar, targets, today).await?);
    Ok(found)
}

fn cases_json(f: &Finding) -> String {
    let cases: Vec<SignalCase> = f
        .cases
        .iter()
        .map(|(id, reference)| SignalCase {
            id: *id,
            reference: reference.clone(),
        })
        .collect();
    serde_json::to_string(&cases).unwrap_or_else(|_| "[]".to_owned())
}

/// Runs the rules for `today` and keeps what they find: an open signal with the same key is
/// brought up to date; one decided (dismissed, or turned into learning) within the last
/// window is not raised again; anything else is added.
#[tracing::instrument(skip(db, calendar, targets), fields(landlord = %scope.landlord_id()))]
pub async fn detect<C: crate::Conn>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    targets: &BTreeMap<String, u32>,
    today: NaiveDate,
) -> Result<Detected> {
    let found = findings(db, scope, calendar, targets, today).await?;
    let txn = crate::db::begin_write_on(db).await?;
    let mut done = Detected::default();
    for f in found {
        let latest = tenant::find::<warning_signal::Entity>(scope)
            .filter(warning_signal::Column::Key.eq(f.key.as_str()))
            .order_by_desc(warning_signal::Column::Id)
            .one(&txn)
            .await?;
        match latest {
            Some(m) if m.status == "open" => {
                tenant::update_many::<warning_signal::Entity>(scope)
                    .col_expr(
                        warning_signal::Column::Sentence,
                        Expr::value(f.sentence.clone()),
                    )
                    .col_expr(warning_signal::Column::Cases, Expr::value(cases_json(&f)))
                    .col_expr(warning_signal::Column::LastSeenOn, Expr::value(today))
                    .filter(warning_signal::Column::Id.eq(m.id))
                    .exec(&txn)
                    .await?;
                done.updated += 1;
            }
            Some(m)
                if m.decided_at
                    .is_some_and(|at| at.date_naive() > today - Duration::days(WINDOW_DAYS)) => {}
            _ => {
                warning_signal::ActiveModel {
                    landlord_id: Set(scope.landlord_id()),
                    id: Set(Uuid::now_v7()),
                    kind: Set(f.kind.to_owned()),
                    key: Set(f.key.clone()),
                    sentence: Set(f.sentence.clone()),
                    rule: Set(f.rule.clone()),
                    cases: Set(cases_json(&f)),
                    service_request_id: Set(f.service_request.as_ref().map(|s| s.0)),
                    service_request_reference: Set(f.service_request.as_ref().map(|s| s.1.clone())),
                    status: Set("open".to_owned()),
                    detected_on: Set(today),
                    last_seen_on: Set(today),
                    dismissed_reason: Set(None),
                    decided_by: Set(None),
                    decided_at: Set(None),
                    learning_entry_id: Set(None),
                    created_at: Set(Utc::now()),
                }
                .insert(&txn)
                .await?;
                done.added += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(done)
}

/// The landlord's signals, newest first; with `status`, only those.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    status: Option<&str>,
    req: PageRequest,
) -> Result<Page<Signal>> {
    let mut q =
        tenant::find::<warning_signal::Entity>(scope).order_by_desc(warning_signal::Column::Id);
    if let Some(s) = status {
        q = q.filter(warning_signal::Column::Status.eq(s));
    }
    if let Some(after) = req.after {
        q = q.filter(warning_signal::Column::Id.lt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(Signal::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |s: &Signal| s.id))
}

/// The open signals, newest first (for the digests).
pub async fn open(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<Vec<Signal>> {
    Ok(list(
        conn,
        scope,
        Some("open"),
        PageRequest {
            limit: 200,
            after: None,
        },
    )
    .await?
    .items)
}

pub async fn get(conn: &impl ConnectionTrait, scope: TenantScope, id: Uuid) -> Result<Signal> {
    tenant::find_by_id::<warning_signal::Entity>(scope, id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(Signal::try_from)
}

/// Decides an open signal: `dismissed` with the reason, or `learning` with its entry. A
/// signal decided already is a conflict.
pub async fn decide(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
    status: &str,
    reason: Option<String>,
    learning_entry_id: Option<Uuid>,
    by: Option<Uuid>,
) -> Result<Signal> {
    let done = tenant::update_many::<warning_signal::Entity>(scope)
        .col_expr(warning_signal::Column::Status, Expr::value(status))
        .col_expr(warning_signal::Column::DismissedReason, Expr::value(reason))
        .col_expr(
            warning_signal::Column::LearningEntryId,
            Expr::value(learning_entry_id),
        )
        .col_expr(warning_signal::Column::DecidedBy, Expr::value(by))
        .col_expr(warning_signal::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(warning_signal::Column::Id.eq(id))
        .filter(warning_signal::Column::Status.eq("open"))
        .exec(conn)
        .await?;
    let signal = get(conn, scope, id).await?;
    if done.rows_affected != 1 {
        return Err(StoreError::Conflict(format!(
            "this signal has been decided already ({})",
            signal.status
        )));
    }
    Ok(signal)
}
