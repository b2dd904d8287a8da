//! Escalate (Code 6.10–6.12): stage 2 is asked for, by the resident through their tracking
//! link or by staff on their behalf. No reason is needed (Code 6.12); one given is kept. The
//! stage 2 acknowledgement clock starts on the day it was asked for (Code 6.10, 6.11).
//!
//! What follows: the complaints team acknowledges stage 2 (`acknowledge`), allocates it to
//! someone other than the stage 1 handler (`allocate`, Code 6.13), and responds
//! (`respond`). Refusing instead is `refuse_escalation` (Code 5.11).

use super::case::{By, Context, Loaded};
use super::decision::{Work, prepare};
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::complaint::{self as rules, Stage, Status};
use redress_store::complaints::CaseChange;
use serde_json::json;
use uuid::Uuid;

pub struct Escalation {
    pub reason: Option<String>,
    /// The day it was asked for; staff may record an earlier day. The resident's own request
    /// is always today.
    pub on: Option<NaiveDate>,
}

pub async fn escalate(cx: &Context<'_>, id: Uuid, e: Escalation) -> Result<Loaded, ApiError> {
    let on = match cx.by {
        By::Staff(_) => e.on,
        By::Resident => Some(cx.today),
    };
    let d = prepare(cx, id, on, Work::OnTheCase).await?;
    rules::escalate(&d.state)?;
    let record = d.record(Stage::Two);
    let ack_due = d.running_due(&record.state);
    let data = match cx.by {
        By::Staff(_) => json!({"reason": e.reason, "ack_due": ack_due}),
        By::Resident => json!({"reason": e.reason, "by": "resident", "ack_due": ack_due}),
    };
    let event = d.event("escalation_requested", Some(Stage::Two), data);
    let change = CaseChange {
        status: Some(Status::Stage2Requested),
        current_stage: Some(Stage::Two),
        current_due_on: Some(ack_due),
        stage: Some(record),
        ..CaseChange::default()
    };
    d.apply(cx, change, event, None).await
}
