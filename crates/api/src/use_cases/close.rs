//! Close: a complaint that has been responded to is closed (docs/state-machine.md).

use super::case::{Context, Loaded};
use super::decision::{Work, prepare};
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::complaint::{self as rules, Status};
use redress_store::complaints::CaseChange;
use serde_json::json;
use uuid::Uuid;

pub async fn close(cx: &Context<'_>, id: Uuid, on: Option<NaiveDate>) -> Result<Loaded, ApiError> {
    let d = prepare(cx, id, on, Work::OnTheCase).await?;
    rules::close(&d.state)?;
    let event = d.event("closed", Some(d.state.current_stage()), json!({}));
    let change = CaseChange {
        status: Some(Status::Closed),
        current_due_on: Some(None),
        closed_on: Some(d.on),
        ..CaseChange::default()
    };
    d.apply(cx, change, event, None).await
}
