//! The Ombudsman's requests for information on a referred complaint, with their clock: what it
//! asked for and the date it gave, then the answer, with what was sent. A late answer leads to
//! a Complaint Handling Failure Order, which the Ombudsman publishes; so each open request is
//! on the worklist (`next_due`), reminded like a deadline and counted on the dashboard.

use super::case::Context;
use super::refer_to_ombudsman::OMBUDSMAN_STAGE;
use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use redress_store::audit;
use redress_store::complaints::NewEvent;
use redress_store::ombudsman::{self, InformationRequest, NewRequest, RequestAnswer};
use redress_store::page::PageRequest;
use serde_json::json;
use uuid::Uuid;

const NOT_REFERRED: &str = "record the complaint's referral to the Ombudsman first: the \
Ombudsman asks for information on a complaint referred to it";

/// A request as the Ombudsman made it.
pub struct Request {
    /// The day it was received; today when absent.
    pub received_on: Option<NaiveDate>,
    pub description: String,
    /// The date the Ombudsman gave.
    pub due_on: NaiveDate,
}

/// The answer: the day it was sent (today when absent), what was sent, and whether the
/// complaint's latest evidence bundle went with it.
pub struct Answer {
    pub answered_on: Option<NaiveDate>,
    pub sent: String,
    pub with_bundle: bool,
}

pub async fn record_request(
    cx: &Context<'_>,
    id: Uuid,
    r: Request,
) -> Result<InformationRequest, ApiError> {
    let loaded = cx.case(id).await?;
    let referral = loaded
        .case
        .ombudsman
        .as_ref()
        .ok_or_else(|| ApiError::Conflict(NOT_REFERRED.into()))?;
    let received_on = r.received_on.unwrap_or(cx.today);
    if received_on > cx.today {
        return Err(ApiError::invalid(
            "received_on",
            "must not be in the future",
        ));
    }
    if received_on < referral.referred_on {
        return Err(ApiError::invalid(
            "received_on",
            format!(
                "must not be before the complaint was referred to the Ombudsman ({})",
                referral.referred_on
            ),
        ));
    }
    if r.due_on < received_on {
        return Err(ApiError::invalid(
            "due_on",
            "must not be before the day the request was received",
        ));
    }
    let event = NewEvent {
        kind: "ombudsman_request_received",
        stage: OMBUDSMAN_STAGE,
        effective_on: received_on,
        actor: cx.actor(),
        data: json!({"description": r.description, "due_on": r.due_on}),
    };
    Ok(ombudsman::add_request(
        &cx.db(),
        cx.scope,
        id,
        NewRequest {
            received_on,
            description: r.description,
            due_on: r.due_on,
            created_by: cx.actor(),
        },
        event,
    )
    .await?)
}

pub async fn answer_request(
    cx: &Context<'_>,
    id: Uuid,
    request_id: Uuid,
    a: Answer,
) -> Result<InformationRequest, ApiError> {
    let loaded = cx.case(id).await?;
    let request = loaded
        .case
        .ombudsman
        .as_ref()
        .and_then(|o| o.requests.iter().find(|r| r.id == request_id))
        .ok_or(ApiError::NotFound)?;
    if request.answered_on.is_some() {
        return Err(ApiError::Conflict(
            "this request has been answered already".into(),
        ));
    }
    let answered_on = a.answered_on.unwrap_or(cx.today);
    if answered_on > cx.today {
        return Err(ApiError::invalid(
            "answered_on",
            "must not be in the future",
        ));
    }
    if answered_on < request.received_on {
        return Err(ApiError::invalid(
            "answered_on",
            format!(
                "must not be before the request was received ({})",
                request.received_on
            ),
        ));
    }
    let bundle_made_at = if a.with_bundle {
        Some(latest_bundle(cx, id).await?.ok_or_else(|| {
            ApiError::invalid(
                "with_bundle",
                "no evidence bundle has been made for this complaint: make it first (\"Download the evidence bundle\" on the case), then record the answer",
            )
        })?)
    } else {
        None
    };
    let late = answered_on > request.due_on;
    let event = NewEvent {
        kind: "ombudsman_request_answered",
        stage: OMBUDSMAN_STAGE,
        effective_on: answered_on,
        actor: cx.actor(),
        data: json!({"request_id": request_id, "due_on": request.due_on, "late": late,
                     "sent": a.sent, "bundle_made_at": bundle_made_at}),
    };
    Ok(ombudsman::answer_request(
        &cx.db(),
        cx.scope,
        id,
        request_id,
        RequestAnswer {
            answered_on,
            sent: a.sent,
            answered_by: cx.actor(),
            bundle_made_at,
        },
        event,
    )
    .await?)
}

/// When the complaint's latest evidence bundle was made (the audit log keeps each one).
async fn latest_bundle(cx: &Context<'_>, id: Uuid) -> Result<Option<DateTime<Utc>>, ApiError> {
    let filter = audit::Filter {
        kind: Some(crate::routes::complaints::bundle::AUDIT_KIND.to_owned()),
        subject: Some(id),
        ..audit::Filter::default()
    };
    let page = audit::list(
        &cx.db(),
        cx.scope,
        &filter,
        PageRequest {
            limit: 1,
            after: None,
        },
    )
    .await?;
    Ok(page.items.first().map(|e| e.occurred_at))
}
