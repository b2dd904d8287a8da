//! Early warning (Code 9.4, 9.5): the signals the daily run found, for the complaints team and
//! the MRC; dismissed with a reason, or turned into a learning entry (`POST learning` with
//! `signal_id`). Both are audited.

use crate::auth::Tenant;
use crate::auth::extract::{ComplaintsTeam, Policy};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use actix_web::{get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::roles::Role;
use redress_domain::values::required_text;
use redress_store::audit;
use redress_store::early_warning::{self, Signal};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Who reads the signals: the complaints team and the MRC (Code 9.4, 9.5).
pub struct SignalReaders;
impl Policy for SignalReaders {
    const ROLES: &'static [Role] = &[Role::LandlordAdmin, Role::ComplaintsOfficer, Role::Mrc];
    const WHO: &'static str = "the complaints team and the MRC";
}

const STATUSES: [&str; 3] = ["open", "dismissed", "learning"];

/// A complaint or service request behind a signal.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignalCaseView {
    pub id: Uuid,
    pub reference: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignalView {
    pub id: Uuid,
    /// `theme`, `repeat_complainant`, `overdue_action`, `possible_complaint` or
    /// `self_assessment_drift`.
    pub kind: String,
    /// What rose, against what, over which period.
    pub sentence: String,
    /// The rule that matched, with its threshold.
    pub rule: String,
    pub cases: Vec<SignalCaseView>,
    /// The service request a possible complaint was found in.
    pub service_request: Option<SignalCaseView>,
    /// `open`, `dismissed` or `learning`.
    pub status: String,
    pub detected_on: NaiveDate,
    /// The last daily run that found it.
    pub last_seen_on: NaiveDate,
    pub dismissed_reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub learning_entry_id: Option<Uuid>,
}

impl From<Signal> for SignalView {
    fn from(s: Signal) -> Self {
        let case = |c: early_warning::SignalCase| SignalCaseView {
            id: c.id,
            reference: c.reference,
        };
        SignalView {
            id: s.id,
            kind: s.kind,
            sentence: s.sentence,
            rule: s.rule,
            cases: s.cases.into_iter().map(case).collect(),
            service_request: s.service_request.map(case),
            status: s.status,
            detected_on: s.detected_on,
            last_seen_on: s.last_seen_on,
            dismissed_reason: s.dismissed_reason,
            decided_by: s.decided_by,
            decided_at: s.decided_at,
            learning_entry_id: s.learning_entry_id,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignalsQuery {
    /// `open`, `dismissed` or `learning`; every signal when absent.
    pub status: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The landlord's early warning signals, newest first.
#[utoipa::path(
    operation_id = "signals_list",
    tag = "oversight", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), SignalsQuery),
    responses(
        (status = 200, body = Page<SignalView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/signals")]
pub async fn list(
    tenant: Tenant<SignalReaders>,
    query: crate::json::Query<SignalsQuery>,
) -> Result<web::Json<Page<SignalView>>, ApiError> {
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s) if STATUSES.contains(&s) => Some(s),
        Some(_) => {
            return Err(ApiError::invalid(
                "status",
                "must be one of open, dismissed, learning",
            ));
        }
    };
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    }
    .request()?;
    let signals = early_warning::list(&tenant.db, tenant.scope, status, page).await?;
    Ok(web::Json(Page::from_store(signals, SignalView::from)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DismissSignal {
    /// Why it needs no action: kept on the signal and the audit log.
    #[serde(default)]
    pub reason: String,
}

/// Dismisses an open signal with the reason it needs no action (complaints team); audited.
#[utoipa::path(
    operation_id = "signals_dismiss",
    tag = "oversight", security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("sid" = Uuid, Path, description = "The signal's id"),
    ),
    request_body = DismissSignal,
    responses(
        (status = 200, body = SignalView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The signal has been decided already", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/signals/{sid}/dismiss")]
pub async fn dismiss(
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<DismissSignal>,
) -> Result<web::Json<SignalView>, ApiError> {
    let sid = path.into_inner().1;
    // Another landlord's signal, or none, is not there.
    early_warning::get(&tenant.db, tenant.scope, sid).await?;
    let mut f = Fields::new();
    let reason = f.check("reason", required_text(&body.0.reason, 2_000));
    f.finish()?;
    let Some(reason) = reason else {
        return Err(ApiError::invalid("reason", "is required"));
    };
    let signal = decide(&tenant, sid, Decision::Dismissed(reason)).await?;
    Ok(web::Json(SignalView::from(signal)))
}

/// How an open signal is decided.
enum Decision {
    Dismissed(String),
    Learning(Uuid),
}

/// Decides an open signal as the caller, and puts it on the audit log.
async fn decide<P: Policy>(
    tenant: &Tenant<P>,
    sid: Uuid,
    decision: Decision,
) -> Result<Signal, ApiError> {
    let (status, reason, entry) = match decision {
        Decision::Dismissed(reason) => ("dismissed", Some(reason), None),
        Decision::Learning(entry) => ("learning", None, Some(entry)),
    };
    let signal = early_warning::decide(
        &tenant.db,
        tenant.scope,
        sid,
        status,
        reason.clone(),
        entry,
        Some(tenant.user_id),
    )
    .await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        &format!("early_warning.signal.{status}"),
        Some(sid),
        json!({"kind": signal.kind, "sentence": signal.sentence, "reason": reason,
               "learning_entry_id": entry}),
    )
    .await?;
    Ok(signal)
}

/// Marks an open signal as turned into the learning entry `entry`, and audits it.
pub async fn turned_into_learning<P: Policy>(
    tenant: &Tenant<P>,
    sid: Uuid,
    entry: Uuid,
) -> Result<(), ApiError> {
    decide(tenant, sid, Decision::Learning(entry)).await?;
    Ok(())
}
