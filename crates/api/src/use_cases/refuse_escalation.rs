//! Refuse escalation (Code 5.11): for a reason from the same list as not accepting, with an
//! explanation. The complaint closes and the resident is told why and of their right to go to
//! the Ombudsman.

use super::case::{Context, Loaded};
use super::decision::{Work, prepare};
use crate::error::ApiError;
use crate::letters::Cause;
use chrono::NaiveDate;
use redress_domain::complaint::{self as rules, ExclusionReason, Stage, Status};
use redress_store::complaints::CaseChange;
use serde_json::json;
use uuid::Uuid;

pub struct EscalationRefusal {
    pub reason: ExclusionReason,
    pub explanation: String,
    pub on: Option<NaiveDate>,
    /// For a backdated action: whether its letter already went to the resident by other
    /// means (docs/rules.md, "Backdated actions").
    pub letter_already_sent: Option<bool>,
}

pub async fn refuse_escalation(
    cx: &Context<'_>,
    id: Uuid,
    r: EscalationRefusal,
) -> Result<Loaded, ApiError> {
    let d = prepare(cx, id, r.on, Work::OnTheCase).await?;
    rules::refuse_escalation(&d.state)?;
    let event = d.event(
        "escalation_refused",
        Some(Stage::Two),
        json!({"reason": r.reason.as_str(), "explanation": r.explanation}),
    );
    let change = CaseChange {
        status: Some(Status::Closed),
        current_due_on: Some(None),
        closed_on: Some(d.on),
        ..CaseChange::default()
    };
    // Code 5.11: the resident is told why, and of their right to go to the Ombudsman.
    let letter = Cause::EscalationRefused {
        reason: r.reason,
        explanation: r.explanation,
    };
    let letter = d.letter(letter, r.letter_already_sent)?;
    d.apply(cx, change, event, Some(letter)).await
}
