//! An additional complaint (Code 6.8). Related and raised before the stage 1 response, it is
//! added to the open stage by amending the definition; otherwise it is logged as a new
//! complaint linked to this one, and the resident told of it like any other. Logged by the
//! landlord's own staff: a contractor passes it to them.

use super::case::{Context, Loaded};
use super::decision::{Work, prepare};
use crate::error::ApiError;
use crate::letters;
use chrono::NaiveDate;
use redress_domain::complaint::{
    self as rules, AdditionalOutcome, LetterTiming, Stage, StageState,
};
use redress_store::complaints::{self, CaseChange, NewComplaint};
use serde_json::json;
use uuid::Uuid;

pub struct AdditionalComplaint {
    /// The further issue, in the resident's words.
    pub description: String,
    /// Whether it is related to the complaint it was raised in.
    pub related: bool,
    pub on: Option<NaiveDate>,
}

/// What became of it.
pub enum Outcome {
    /// The open stage's definition now includes it.
    DefinitionAmended(Loaded),
    /// A new complaint, linked to the original.
    NewComplaint(Loaded),
}

pub async fn additional_complaint(
    cx: &Context<'_>,
    id: Uuid,
    a: AdditionalComplaint,
) -> Result<Outcome, ApiError> {
    let d = prepare(cx, id, a.on, Work::OnTheStage).await?;
    let original = &d.loaded.case.complaint;
    match rules::additional(&d.state, a.related) {
        AdditionalOutcome::AmendDefinition => {
            let definition = match &original.definition {
                Some(def) => format!("{def}\n\nAdded on {}: {}", d.on, a.description),
                None => format!("Added on {}: {}", d.on, a.description),
            };
            let event = d.event(
                "definition_amended",
                Some(Stage::One),
                json!({"additional": a.description, "definition": definition}),
            );
            let change = CaseChange {
                definition: Some(definition),
                ..CaseChange::default()
            };
            Ok(Outcome::DefinitionAmended(
                d.apply(cx, change, event, None).await?,
            ))
        }
        AdditionalOutcome::NewLinkedComplaint => {
            let scope = cx.scope;
            let ack_due = d
                .running_due(&StageState::new(Stage::One, d.on))
                .unwrap_or(d.on);
            let received = d.event(
                "received",
                Some(Stage::One),
                json!({"related_complaint_id": original.id, "ack_due": ack_due}),
            );
            let linked = |complaint_id: Uuid| {
                d.event(
                    "additional_complaint_logged",
                    None,
                    json!({"complaint_id": complaint_id, "related": a.related}),
                )
            };
            let txn = &d.txn;
            // Code 1.2: the new complaint has its own tracking link.
            let (tracking_token, tracking_token_hash) = letters::new_tracking_token();
            let case = complaints::insert(
                txn,
                scope,
                &d.loaded.calendar,
                &cx.landlord.reference_prefix,
                NewComplaint {
                    scheme_id: original.scheme_id,
                    resident_id: original.resident_id,
                    channel: original.channel,
                    received_on: d.on,
                    description: a.description,
                    issue_date: None,
                    category: original.category.clone(),
                    service_area: original.service_area.clone(),
                    outcomes_sought: None,
                    service_request_id: None,
                    representative: original.representative.clone(),
                    tenure: original.tenure,
                    flags: original
                        .flags
                        .iter()
                        .filter(|f| *f == "representative")
                        .cloned()
                        .collect(),
                    related_complaint_id: Some(original.id),
                    ack_due,
                    created_by: cx.actor(),
                    tracking_token_hash: Some(tracking_token_hash),
                },
                vec![received],
            )
            .await?;
            complaints::insert_event(txn, scope, original.id, linked(case.complaint.id)).await?;
            // Code 6.8: the new complaint is logged like any other, and the resident told.
            let written = letters::send(
                txn,
                cx.state,
                scope,
                cx.landlord,
                &d.loaded.scheme,
                &case,
                letters::Outgoing {
                    cause: letters::Cause::Received { tracking_token },
                    timing: LetterTiming::Now,
                    known: letters::Known {
                        today: d.today,
                        needs: Some(&d.loaded.needs),
                        resident: None,
                    },
                },
            )
            .await?;
            cx.settle(d.txn, Some(written)).await?;
            // The same resident, so the same needs.
            Ok(Outcome::NewComplaint(Loaded { case, ..d.loaded }))
        }
    }
}
