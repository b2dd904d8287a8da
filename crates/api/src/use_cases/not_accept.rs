//! Not accept (Code 2.1–2.5): one complaint at a time, for a reason from the Code's list, with
//! an explanation. The case closes and the resident is told why and of their right to go to
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

pub struct NotAccepting {
    pub reason: ExclusionReason,
    /// The resident is told why (Code 2.4).
    pub explanation: String,
    /// For a complaint made after 12 months: whether the discretion to accept it was
    /// considered (Code 2.3).
    pub discretion_considered: Option<bool>,
    pub on: Option<NaiveDate>,
    /// For a backdated action: whether its letter already went to the resident by other
    /// means (docs/rules.md, "Backdated actions").
    pub letter_already_sent: Option<bool>,
}

pub async fn not_accept(cx: &Context<'_>, id: Uuid, n: NotAccepting) -> Result<Loaded, ApiError> {
    let d = prepare(cx, id, n.on, Work::OnTheCase).await?;
    rules::not_accept(&d.state)?;
    let event = d.event(
        "not_accepted",
        Some(Stage::One),
        json!({"reason": n.reason.as_str(), "explanation": n.explanation,
               "discretion_considered": n.discretion_considered}),
    );
    let change = CaseChange {
        status: Some(Status::NotAccepted),
        current_due_on: Some(None),
        closed_on: Some(d.on),
        ..CaseChange::default()
    };
    // Code 2.4: the resident is told why, and of their right to go to the Ombudsman.
    let letter = Cause::NotAccepted {
        reason: n.reason,
        explanation: n.explanation,
    };
    let letter = d.letter(letter, n.letter_already_sent)?;
    d.apply(cx, change, event, Some(letter)).await
}
