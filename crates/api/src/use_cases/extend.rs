//! Extend (Code 6.4, 6.5, 6.15, 6.16): the current stage's response deadline moves by a number
//! of working days, within the scheme's limit unless there is good reason, and the resident is
//! told why, the new date and the Ombudsman's details.

use super::case::{Context, Loaded};
use super::decision::{Work, prepare};
use crate::error::ApiError;
use crate::letters::Cause;
use chrono::NaiveDate;
use redress_domain::complaint::{self as rules, Stage};
use redress_store::complaints::CaseChange;
use serde_json::json;
use uuid::Uuid;

pub struct Extension {
    pub working_days: u32,
    /// The reason the resident is told (Code 6.5, 6.16).
    pub reason: String,
    /// Needed to go beyond the scheme's limit, with a fuller explanation.
    pub good_reason: bool,
    pub on: Option<NaiveDate>,
    /// For a backdated action: whether its letter already went to the resident by other
    /// means (docs/rules.md, "Backdated actions").
    pub letter_already_sent: Option<bool>,
}

pub async fn extend(cx: &Context<'_>, id: Uuid, x: Extension) -> Result<Loaded, ApiError> {
    let d = prepare(cx, id, x.on, Work::OnTheStage).await?;
    let t = d.loaded.scheme.timescales;
    let limit = match d.state.current_stage() {
        Stage::One => t.stage1_extension,
        Stage::Two => t.stage2_extension,
    };
    let stage = rules::extend(&d.state, x.working_days, limit, x.good_reason, &x.reason)?;
    let mut record = d.record(stage);
    record.state.extension_working_days += x.working_days;
    let due = d.running_due(&record.state);
    let event = d.event(
        "extended",
        Some(stage),
        json!({"working_days": x.working_days, "reason": x.reason,
               "good_reason": x.good_reason, "response_due": due}),
    );
    let change = CaseChange {
        current_due_on: Some(due),
        stage: Some(record),
        ..CaseChange::default()
    };
    // Code 6.5, 6.16: the resident is told the reason, the new date and the Ombudsman's
    // details.
    let letter = Cause::Extended {
        reason: x.reason,
        working_days: x.working_days,
    };
    let letter = d.letter(letter, x.letter_already_sent)?;
    d.apply(cx, change, event, Some(letter)).await
}
