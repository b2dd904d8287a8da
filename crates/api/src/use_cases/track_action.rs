//! Track an outstanding action (Code 6.6: a response says what is still to be done and by
//! when, and the landlord follows it through): its status, owner and due date, and the day it
//! was done. Each change is an event on the timeline.

use super::case::Context;
use super::tracked;
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::complaint::ActionStatus;
use redress_store::complaints::{self, ActionChange, NewEvent, OutstandingAction};
use serde_json::json;
use uuid::Uuid;

/// A change to an outstanding action, already checked field by field.
pub struct ActionProgress {
    pub status: Option<ActionStatus>,
    pub due_on: Option<NaiveDate>,
    pub owner: Option<String>,
    /// When it was done; today when the status becomes completed without one.
    pub completed_on: Option<NaiveDate>,
}

pub async fn track_action(
    cx: &Context<'_>,
    id: Uuid,
    action_id: Uuid,
    p: ActionProgress,
) -> Result<OutstandingAction, ApiError> {
    let loaded = cx.case(id).await?;
    let action = tracked::find(cx, &loaded, &loaded.case.actions, action_id)?;
    let completed_on = tracked::completion(
        p.status.map(|s| s == ActionStatus::Completed),
        p.completed_on,
        cx.today,
    );
    let event = NewEvent {
        kind: "action_updated",
        stage: Some(action.stage),
        effective_on: p.completed_on.unwrap_or(cx.today),
        actor: cx.actor(),
        data: json!({"action_id": action_id, "status": p.status.map(|s| s.as_str()),
                     "due_on": p.due_on, "owner": p.owner, "completed_on": completed_on}),
    };
    Ok(complaints::update_action(
        &cx.db(),
        cx.scope,
        id,
        action_id,
        ActionChange {
            status: p.status,
            due_on: p.due_on,
            owner: p.owner,
            completed_on,
        },
        event,
    )
    .await?)
}
