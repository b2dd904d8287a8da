//! Record compliance with one of the Ombudsman's orders or recommendations (Code 9.7c): open,
//! complied with (on a day, not before the determination) or not complied with, and how it was
//! shown.

use super::case::Context;
use super::refer_to_ombudsman::OMBUDSMAN_STAGE;
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_store::complaints::NewEvent;
use redress_store::ombudsman::{self, Order, OrderChange, OrderStatus};
use serde_json::json;
use uuid::Uuid;

pub struct Compliance {
    pub status: OrderStatus,
    /// Given with `Complied` only.
    pub complied_on: Option<NaiveDate>,
    pub evidence: Option<String>,
}

pub async fn record_compliance(
    cx: &Context<'_>,
    id: Uuid,
    order_id: Uuid,
    c: Compliance,
) -> Result<Order, ApiError> {
    let loaded = cx.case(id).await?;
    let referral = loaded.case.ombudsman.as_ref().ok_or(ApiError::NotFound)?;
    let order = referral
        .orders
        .iter()
        .find(|o| o.id == order_id)
        .ok_or(ApiError::NotFound)?;
    if let (Some(on), Some(made)) = (c.complied_on, referral.determined_on)
        && on < made
    {
        return Err(ApiError::invalid(
            "complied_on",
            format!("must not be before the Ombudsman's determination ({made})"),
        ));
    }
    let complied_on = c.complied_on.filter(|_| c.status == OrderStatus::Complied);
    let event = NewEvent {
        kind: "ombudsman_order_updated",
        stage: OMBUDSMAN_STAGE,
        effective_on: complied_on.unwrap_or(cx.today),
        actor: cx.actor(),
        data: json!({"order_id": order_id, "kind": order.kind.as_str(),
                     "status": c.status.as_str(), "previous_status": order.status.as_str(),
                     "complied_on": complied_on, "evidence": c.evidence}),
    };
    Ok(ombudsman::update_order(
        &cx.db(),
        cx.scope,
        id,
        order_id,
        OrderChange {
            status: c.status,
            complied_on,
            evidence: c.evidence,
        },
        event,
    )
    .await?)
}
