//! Respond (Code 6.6, 6.9, 6.17–6.19): the decision at the current stage, refused if any of the
//! Code's elements a–g is missing. At stage 2 the responder is never the stage 1 handler
//! (Code 6.13). The response letter sets out the elements from what is recorded.

use super::case::{Context, Loaded};
use super::decision::{Work, prepare};
use crate::error::ApiError;
use crate::letters::Cause;
use chrono::NaiveDate;
use redress_domain::complaint::{self as rules, Decision, ResponseElements, Stage, Status};
use redress_store::complaints::{CaseChange, NewAction, NewRemedy};
use redress_store::landlords::Scheme;
use serde_json::json;
use uuid::Uuid;

pub struct Response {
    /// Code 6.9c.
    pub decision: Decision,
    /// Addressing every point of the definition (Code 6.9d).
    pub reasons: String,
    /// Code 6.9e; none means none, and the letter says so.
    pub remedies: Vec<NewRemedy>,
    /// Code 6.9f.
    pub outstanding_actions: Vec<NewAction>,
    pub on: Option<NaiveDate>,
    /// For a backdated action: whether its letter already went to the resident by other
    /// means (docs/rules.md, "Backdated actions").
    pub letter_already_sent: Option<bool>,
}

/// How the resident escalates from this stage, with the Ombudsman's details (Code 6.9g,
/// 6.19g).
fn escalation_route(stage: Stage, scheme: &Scheme) -> String {
    match stage {
        Stage::One => format!(
            "If you are not satisfied with this response, you can ask us to consider your complaint at stage 2. \
You do not need to give a reason: reply to this letter or contact us in any way. \
You can also contact the {} for advice at any time: {}",
            scheme.ombudsman_name, scheme.ombudsman_contact
        ),
        Stage::Two => format!(
            "This is our final response. If you remain dissatisfied, you can refer your complaint to the {}: {}",
            scheme.ombudsman_name, scheme.ombudsman_contact
        ),
    }
}

pub async fn respond(cx: &Context<'_>, id: Uuid, r: Response) -> Result<Loaded, ApiError> {
    let d = prepare(cx, id, r.on, Work::OnTheStage).await?;
    let Some(responder) = cx.actor() else {
        return Err(ApiError::Forbidden(
            "a response is given by the landlord's staff".into(),
        ));
    };
    let stage = rules::respond(&d.state, responder)?;
    let route = escalation_route(stage, &d.loaded.scheme);
    rules::check_response(&ResponseElements {
        stage,
        definition: d.loaded.case.complaint.definition.as_deref(),
        reasons: &r.reasons,
        escalation_route: &route,
    })?;
    let reasons = r.reasons.trim().to_owned();
    let mut record = d.record(stage);
    record.state.responded_on = Some(d.on);
    record.state.responded_by = Some(responder);
    record.decision = Some(r.decision);
    record.reasons = Some(reasons.clone());
    record.escalation_route = Some(route.clone());
    let event = d.event(
        "responded",
        Some(stage),
        json!({"decision": r.decision.as_str(), "reasons": reasons, "escalation_route": route,
               "remedies": r.remedies.len(), "outstanding_actions": r.outstanding_actions.len()}),
    );
    let change = CaseChange {
        status: Some(match stage {
            Stage::One => Status::Stage1Responded,
            Stage::Two => Status::Stage2Responded,
        }),
        current_due_on: Some(None),
        stage: Some(record),
        remedies: r.remedies,
        actions: r.outstanding_actions,
        ..CaseChange::default()
    };
    // Code 6.9, 6.19: the response letter sets out elements a–g from what is recorded.
    let letter = d.letter(Cause::Responded, r.letter_already_sent)?;
    d.apply(cx, change, event, Some(letter)).await
}
