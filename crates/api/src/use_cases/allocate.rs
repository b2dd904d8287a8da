//! Allocate (Code 5.4, 6.13): the current stage goes to a member of staff or, at stage 1
//! only, a contractor organisation. The stage 2 handler is never the stage 1 handler.

use super::case::{Context, Loaded};
use super::decision::{Work, prepare};
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::complaint::{self as rules, Allocation, Stage};
use redress_store::complaints::CaseChange;
use redress_store::{StoreError, contractors, memberships};
use serde_json::json;
use uuid::Uuid;

/// Checks that the one named is the landlord's to allocate to: an active member of its
/// complaints staff, or one of its contractor organisations. Anyone else is a bad field.
pub async fn allocation(
    cx: &Context<'_>,
    handler_id: Option<Uuid>,
    contractor_id: Option<Uuid>,
) -> Result<Allocation, ApiError> {
    let db = cx.db();
    match (handler_id, contractor_id) {
        (Some(h), None) => {
            let member = match memberships::get_user(&db, cx.scope, h).await {
                Ok(m) => m,
                Err(StoreError::NotFound) => {
                    return Err(ApiError::invalid(
                        "handler_id",
                        "is not a user of this landlord",
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            if !member.active || !member.role.is_complaints_staff() {
                return Err(ApiError::invalid(
                    "handler_id",
                    "must be an active landlord admin, complaints officer or case handler",
                ));
            }
            Ok(Allocation::Handler(h))
        }
        (None, Some(c)) => match contractors::get(&db, cx.scope, c).await {
            Ok(_) => Ok(Allocation::Contractor(c)),
            Err(StoreError::NotFound) => Err(ApiError::invalid(
                "contractor_id",
                "is not a contractor organisation of this landlord",
            )),
            Err(e) => Err(e.into()),
        },
        _ => Err(ApiError::invalid(
            "handler_id",
            "give either handler_id or contractor_id",
        )),
    }
}

pub async fn allocate(
    cx: &Context<'_>,
    id: Uuid,
    to: Allocation,
    on: Option<NaiveDate>,
) -> Result<Loaded, ApiError> {
    let d = prepare(cx, id, on, Work::OnTheCase).await?;
    let stage = rules::allocate(&d.state, to)?;
    let mut record = d.record(stage);
    let (handler, contractor) = match to {
        Allocation::Handler(h) => (Some(h), None),
        Allocation::Contractor(c) => (None, Some(c)),
    };
    record.state.handler_id = handler;
    record.state.contractor_id = contractor;
    let event = d.event(
        "allocated",
        Some(stage),
        json!({"handler_id": handler, "contractor_id": contractor}),
    );
    let mut change = CaseChange {
        stage: Some(record),
        ..CaseChange::default()
    };
    match stage {
        Stage::One => {
            change.stage1_handler_id = Some(handler);
            change.contractor_id = Some(contractor);
        }
        Stage::Two => change.stage2_handler_id = Some(handler),
    }
    d.apply(cx, change, event, None).await
}
