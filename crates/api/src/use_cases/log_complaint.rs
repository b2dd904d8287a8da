//! Log a complaint (Code 1.2, 1.3, 3.1, 3.6): by a member of staff, or by the resident online.
//! Stage 1 begins, its acknowledgement clock runs from the day it was received, and the
//! resident is sent the reference and a private tracking link, all in one transaction.
//!
//! A complaint made more than 12 months after the issue is flagged for the landlord to
//! consider, never excluded automatically (Code 2.3); a restricted resident's complaint is
//! logged like any other, and flagged (Code 5.15).

use super::case::{Context, Loaded, Needs, rules_on};
use crate::error::ApiError;
use crate::letters;
use chrono::NaiveDate;
use redress_domain::complaint::{
    Channel, LetterTiming, Stage, StageState, Tenure, issue_is_over_twelve_months_old,
    stage_deadlines,
};
use redress_store::complaints::{self, NewComplaint, NewEvent, Representative};
use redress_store::landlords::Scheme;
use redress_store::letters::Letter;
use redress_store::residents::NewResident;
use redress_store::{StoreError, adjustments, residents, restrictions, service_requests};
use serde_json::json;
use uuid::Uuid;

/// Whose complaint it is.
pub enum ResidentChoice {
    /// A resident the landlord has recorded (checked to be its own).
    Existing(Uuid),
    /// A resident recorded with the complaint.
    New(NewResident),
}

/// A complaint as received, parsed.
pub struct NewCase {
    pub resident: ResidentChoice,
    pub scheme: Scheme,
    pub channel: Channel,
    pub received_on: NaiveDate,
    /// In the resident's own words; the word "complaint" is never required (Code 1.3).
    pub description: String,
    /// When the issue occurred or the resident became aware of it (Code 2.3).
    pub issue_date: Option<NaiveDate>,
    pub category: String,
    pub service_area: Option<String>,
    pub outcomes_sought: Option<String>,
    pub representative: Option<Representative>,
    /// An open service request it is raised from (Code 1.5); it stays open.
    pub service_request_id: Option<Uuid>,
    pub tenure: Option<Tenure>,
    /// The channel's own flags (`online`, `adjustments_requested`).
    pub flags: Vec<String>,
    /// What the resident said they need, on the online form, for staff to confirm as
    /// adjustments (Code 3.1).
    pub adjustments_requested: Option<String>,
}

/// The complaint as logged, and the letter that told the resident.
pub struct Logged {
    pub loaded: Loaded,
    pub letter: Letter,
}

pub async fn log_complaint(cx: &Context<'_>, c: NewCase) -> Result<Logged, ApiError> {
    let scope = cx.scope;
    // The deadline is computed from the closure days at the settings version this request's
    // session read (docs/decisions/0008).
    let txn = redress_store::db::begin_write(&cx.db()).await?;
    let calendar = rules_on(&txn, cx.state, scope, cx.landlord)
        .await?
        .calendar
        .clone();
    let ack_due = stage_deadlines(
        &calendar,
        &c.scheme.timescales,
        &StageState::new(Stage::One, c.received_on),
        cx.today,
    )
    .ack_due;
    let mut flags = c.flags;
    if c.issue_date
        .is_some_and(|d| issue_is_over_twelve_months_old(d, c.received_on))
    {
        // Code 2.3: flagged for the landlord to consider, never excluded automatically.
        flags.push("issue_over_12_months".to_owned());
    }
    if c.representative.is_some() {
        flags.push("representative".to_owned());
    }

    let (resident, existing) = match c.resident {
        ResidentChoice::Existing(id) => match residents::get(&txn, scope, id).await {
            Ok(r) => (r, true),
            Err(StoreError::NotFound) => {
                return Err(ApiError::invalid(
                    "resident_id",
                    "is not a resident of this landlord",
                ));
            }
            Err(e) => return Err(e.into()),
        },
        ResidentChoice::New(new) => (residents::insert(&txn, scope, new).await?, false),
    };
    let resident_id = resident.id;
    if let Some(sr) = c.service_request_id {
        check_service_request(&txn, cx, sr, resident_id).await?;
    }
    // Code 5.15: a restricted resident's complaint is logged like any other, and flagged.
    let restriction = if existing {
        restrictions::active_for_resident(&txn, scope, resident_id).await?
    } else {
        None
    };
    if restriction.is_some() {
        flags.push("restricted".to_owned());
    }
    let actor = cx.actor();
    // Code 1.2, 3.1: the resident is sent the reference and a private tracking link.
    let (tracking_token, tracking_token_hash) = letters::new_tracking_token();
    // Read before the complaint is written: its number is taken there, and every other
    // intake for the landlord waits from then until this one commits.
    let adjustments = if existing {
        adjustments::active_for_resident(&txn, scope, resident_id).await?
    } else {
        Vec::new()
    };
    let mut events = vec![NewEvent {
        kind: "received",
        stage: Some(Stage::One),
        effective_on: c.received_on,
        actor,
        data: json!({"channel": c.channel.as_str(), "ack_due": ack_due}),
    }];
    if let Some(text) = c.adjustments_requested {
        events.push(NewEvent {
            kind: "adjustments_requested",
            stage: Some(Stage::One),
            effective_on: c.received_on,
            actor,
            data: json!({"adjustments_needed": text}),
        });
    }
    let case = complaints::insert(
        &txn,
        scope,
        &calendar,
        &cx.landlord.reference_prefix,
        NewComplaint {
            scheme_id: c.scheme.id,
            resident_id,
            channel: c.channel,
            received_on: c.received_on,
            description: c.description,
            issue_date: c.issue_date,
            category: c.category,
            service_area: c.service_area,
            outcomes_sought: c.outcomes_sought,
            service_request_id: c.service_request_id,
            representative: c.representative,
            tenure: c.tenure,
            flags,
            related_complaint_id: None,
            ack_due,
            created_by: actor,
            tracking_token_hash: Some(tracking_token_hash),
        },
        events,
    )
    .await?;
    let needs = Needs {
        adjustments,
        restriction,
    };
    let written = letters::send(
        &txn,
        cx.state,
        scope,
        cx.landlord,
        &c.scheme,
        &case,
        letters::Outgoing {
            cause: letters::Cause::Received { tracking_token },
            timing: LetterTiming::Now,
            known: letters::Known {
                today: cx.today,
                needs: Some(&needs),
                resident: Some(&resident),
            },
        },
    )
    .await?;
    let letter = written.letter.clone();
    cx.settle(txn, Some(written)).await?;
    Ok(Logged {
        loaded: Loaded {
            case,
            scheme: c.scheme,
            calendar,
            needs,
        },
        letter,
    })
}

/// A complaint is raised from an open service request of the same resident (Code 1.5).
async fn check_service_request(
    txn: &impl redress_store::ConnectionTrait,
    cx: &Context<'_>,
    id: Uuid,
    resident_id: Uuid,
) -> Result<(), ApiError> {
    match service_requests::get(txn, cx.scope, id).await {
        Ok(r) if r.resident_id != resident_id => Err(ApiError::invalid(
            "service_request_id",
            "is a service request of another resident",
        )),
        Ok(r) if !r.is_open() => Err(ApiError::Conflict(format!(
            "a complaint is raised from an open service request, and this one is {} (Code 1.5)",
            r.status
        ))),
        Ok(_) => Ok(()),
        Err(StoreError::NotFound) => Err(ApiError::invalid(
            "service_request_id",
            "is not a service request of this landlord",
        )),
        Err(e) => Err(e.into()),
    }
}
