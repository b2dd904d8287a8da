//! Acknowledge (Code 5.6, 6.2, 6.11): the complaint is defined and logged at its current
//! stage, and its response clock starts. The acknowledgement letter carries the definition.

use super::case::{Context, Loaded};
use super::decision::{Work, prepare};
use crate::error::ApiError;
use crate::letters::Cause;
use chrono::NaiveDate;
use redress_domain::complaint::{self as rules, Complexity, Risk, Stage, Status};
use redress_store::complaints::CaseChange;
use serde_json::json;
use uuid::Uuid;

pub struct Acknowledgement {
    /// The landlord's understanding of the complaint (Code 5.6).
    pub definition: String,
    pub outcomes_sought: String,
    /// The aspects the landlord is responsible for (Code 5.7).
    pub responsible_for: String,
    pub not_responsible_for: Option<String>,
    /// Triage (Code 6.1).
    pub complexity: Option<Complexity>,
    pub risk: Option<Risk>,
    pub on: Option<NaiveDate>,
    /// For a backdated action: whether its letter already went to the resident by other
    /// means (docs/rules.md, "Backdated actions").
    pub letter_already_sent: Option<bool>,
}

pub async fn acknowledge(
    cx: &Context<'_>,
    id: Uuid,
    a: Acknowledgement,
) -> Result<Loaded, ApiError> {
    let d = prepare(cx, id, a.on, Work::OnTheStage).await?;
    let stage = rules::acknowledge(&d.state)?;
    let mut record = d.record(stage);
    record.state.acknowledged_on = Some(d.on);
    let due = d.running_due(&record.state);
    let event = d.event(
        "acknowledged",
        Some(stage),
        json!({"definition": a.definition, "outcomes_sought": a.outcomes_sought,
               "responsible_for": a.responsible_for,
               "not_responsible_for": a.not_responsible_for, "response_due": due}),
    );
    let change = CaseChange {
        status: Some(match stage {
            Stage::One => Status::Stage1Open,
            Stage::Two => Status::Stage2Open,
        }),
        definition: Some(a.definition),
        outcomes_sought: Some(a.outcomes_sought),
        responsible_for: Some(a.responsible_for),
        not_responsible_for: Some(a.not_responsible_for),
        complexity: a.complexity.map(|c| c.as_str().to_owned()),
        risk: a.risk.map(|r| r.as_str().to_owned()),
        current_due_on: Some(due),
        stage: Some(record),
        ..CaseChange::default()
    };
    // Code 5.6, 6.2, 6.11: the acknowledgement carries the definition.
    let letter = d.letter(Cause::Acknowledged, a.letter_already_sent)?;
    d.apply(cx, change, event, Some(letter)).await
}
