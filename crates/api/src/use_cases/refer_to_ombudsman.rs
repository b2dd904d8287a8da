//! Refer to the Ombudsman (docs/rules.md, "The Ombudsman"): the resident took the complaint to
//! the scheme's Ombudsman once the landlord's process was over (its stage 2 response sent,
//! closed, or not accepted). Recorded once per complaint, with its event on the timeline.

use super::case::{Context, Loaded};
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::complaint::{Stage, check_effective_date};
use redress_domain::ombudsman::{Referred, check_referral};
use redress_store::complaints::{self, NewEvent};
use redress_store::ombudsman::{self, NewReferral};
use serde_json::json;
use uuid::Uuid;

/// The Ombudsman's events are filed with stage 2: the Ombudsman's consideration follows the
/// landlord's own final stage, and contractors, who handle stage 1 only (Code 5.4), never see
/// it.
pub(super) const OMBUDSMAN_STAGE: Option<Stage> = Some(Stage::Two);

pub struct Referral {
    /// The day the resident referred the complaint.
    pub referred_on: NaiveDate,
    /// The Ombudsman's case reference.
    pub ombudsman_reference: String,
    /// The day the landlord recorded it; today when absent.
    pub on: Option<NaiveDate>,
}

pub async fn refer_to_ombudsman(
    cx: &Context<'_>,
    id: Uuid,
    r: Referral,
) -> Result<Loaded, ApiError> {
    let mut loaded = cx.case(id).await?;
    let on = r.on.unwrap_or(cx.today);
    let complaint = &loaded.case.complaint;
    let ombudsman_name = loaded.scheme.ombudsman_name.clone();
    check_referral(
        &ombudsman_name,
        complaint.status,
        loaded
            .case
            .ombudsman
            .as_ref()
            .map(|r| Referred {
                ombudsman_name: &r.ombudsman_name,
                referred_on: r.referred_on,
                reference: &r.ombudsman_reference,
            })
            .as_ref(),
        complaint.received_on,
        r.referred_on,
        cx.today,
    )?;
    let last = complaints::last_action_on(&cx.db(), cx.scope, id).await?;
    check_effective_date(Some(&loaded.case.state(last)), on, cx.today)?;
    let event = NewEvent {
        kind: "ombudsman_referred",
        stage: OMBUDSMAN_STAGE,
        effective_on: on,
        actor: cx.actor(),
        data: json!({"referred_on": r.referred_on, "ombudsman_name": ombudsman_name,
                     "ombudsman_reference": r.ombudsman_reference}),
    };
    // The store refuses it if the complaint's status moved since it was read.
    let referral = ombudsman::refer(
        &cx.db(),
        cx.scope,
        id,
        complaint.status,
        NewReferral {
            referred_on: r.referred_on,
            ombudsman_name,
            ombudsman_reference: r.ombudsman_reference,
            created_by: cx.actor(),
        },
        event,
    )
    .await?;
    loaded.case.ombudsman = Some(referral);
    Ok(loaded)
}
