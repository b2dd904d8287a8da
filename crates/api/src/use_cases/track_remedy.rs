//! Track a remedy to completion (Code 7.3: the landlord makes sure what it offered is
//! delivered): its status, owner and due date, and the day it was completed. Each change is
//! an event on the timeline, and the figures follow the remedy's status.

use super::case::Context;
use super::tracked;
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::complaint::RemedyStatus;
use redress_store::complaints::{self, NewEvent, Remedy, RemedyChange};
use serde_json::json;
use uuid::Uuid;

/// A change to a remedy's progress, already checked field by field.
pub struct RemedyProgress {
    pub status: Option<RemedyStatus>,
    pub due_on: Option<Option<NaiveDate>>,
    pub owner: Option<Option<String>>,
    /// When it was completed; today when the status becomes completed without one.
    pub completed_on: Option<NaiveDate>,
}

pub async fn track_remedy(
    cx: &Context<'_>,
    id: Uuid,
    remedy_id: Uuid,
    p: RemedyProgress,
) -> Result<Remedy, ApiError> {
    let loaded = cx.case(id).await?;
    let remedy = tracked::find(cx, &loaded, &loaded.case.remedies, remedy_id)?;
    let completed_on = tracked::completion(
        p.status.map(|s| s == RemedyStatus::Completed),
        p.completed_on,
        cx.today,
    );
    let event = NewEvent {
        kind: "remedy_updated",
        stage: Some(remedy.stage),
        effective_on: p.completed_on.unwrap_or(cx.today),
        actor: cx.actor(),
        data: json!({"remedy_id": remedy_id, "status": p.status.map(|s| s.as_str()),
                     "due_on": p.due_on, "owner": p.owner, "completed_on": completed_on}),
    };
    Ok(complaints::update_remedy(
        &cx.db(),
        cx.scope,
        &loaded.calendar,
        id,
        remedy_id,
        RemedyChange {
            status: p.status,
            due_on: p.due_on,
            owner: p.owner,
            completed_on,
        },
        event,
    )
    .await?)
}
