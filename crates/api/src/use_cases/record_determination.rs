//! Record the Ombudsman's determination (Code 9.7c): what it found, when, and the orders and
//! recommendations the landlord must then comply with, which the governing body is to hear of.
//! A corrected case reference is recorded the same way. Nothing to change without a referral.

use super::case::{Context, Loaded};
use super::refer_to_ombudsman::OMBUDSMAN_STAGE;
use crate::error::{ApiError, Fields};
use chrono::NaiveDate;
use redress_domain::complaint::Determination;
use redress_domain::ombudsman::{check_determined_on, check_orders};
use redress_store::complaints::NewEvent;
use redress_store::ombudsman::{self, NewOrder, ReferralChange};
use serde_json::json;
use uuid::Uuid;

pub struct DeterminationChange {
    pub ombudsman_reference: Option<String>,
    pub determined: Option<(Determination, NaiveDate)>,
    pub orders: Vec<NewOrder>,
}

pub async fn record_determination(
    cx: &Context<'_>,
    id: Uuid,
    c: DeterminationChange,
) -> Result<Loaded, ApiError> {
    let mut loaded = cx.case(id).await?;
    let referral = loaded.case.ombudsman.as_ref().ok_or(ApiError::NotFound)?;
    if let Some((_, on)) = c.determined {
        check_determined_on(referral.referred_on, on, cx.today)?;
    }
    // The orders on record and those added must all go with the determination as it will be.
    let after = c.determined.map(|(d, _)| d).or(referral.determination);
    check_orders(
        after,
        referral
            .orders
            .iter()
            .map(|o| o.kind)
            .chain(c.orders.iter().map(|o| o.kind)),
    )?;
    let determined_on = c.determined.map(|(_, on)| on).or(referral.determined_on);
    let mut f = Fields::new();
    for (i, o) in c.orders.iter().enumerate() {
        if let (Some(due), Some(made)) = (o.due_on, determined_on)
            && due < made
        {
            f.push(
                format!("orders[{i}].due_on"),
                format!("must not be before the determination ({made})"),
            );
        }
    }
    f.finish()?;
    let event = NewEvent {
        kind: "ombudsman_determination",
        stage: OMBUDSMAN_STAGE,
        effective_on: c.determined.map_or(cx.today, |(_, on)| on),
        actor: cx.actor(),
        data: json!({
            "ombudsman_reference": c.ombudsman_reference,
            "determination": c.determined.map(|(d, _)| d.as_str()),
            "determined_on": c.determined.map(|(_, on)| on),
            "previous_determination": referral.determination.map(|d| d.as_str()),
            "orders": c.orders.iter().map(|o| json!({"kind": o.kind.as_str(),
                "description": o.description, "due_on": o.due_on})).collect::<Vec<_>>(),
        }),
    };
    // The store refuses it if the determination moved since it was read.
    let updated = ombudsman::update(
        &cx.db(),
        cx.scope,
        id,
        referral.determination,
        ReferralChange {
            ombudsman_reference: c.ombudsman_reference,
            determination: c.determined,
            orders: c.orders,
        },
        event,
    )
    .await?;
    loaded.case.ombudsman = Some(updated);
    Ok(loaded)
}
