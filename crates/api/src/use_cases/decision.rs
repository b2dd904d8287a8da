//! What every verb on an open case shares: the case loaded as the one acting may see it, the
//! effective date settled (docs/rules.md, "Dates of actions"), and the change recorded with its
//! event and letter. All of it happens in the verb's one write transaction, so what the
//! decision was made on (the case, its last action, the calendar) is what the change is
//! written against.

use super::case::{By, Context, Loaded};
use crate::error::ApiError;
use crate::letters::{self, Cause};
use chrono::NaiveDate;
use redress_domain::complaint::{
    self as rules, CaseState, LetterTiming, Stage, StageState, stage_deadlines,
};
use redress_store::DatabaseTransaction;
use redress_store::complaints::{self, CaseChange, NewEvent, StageRecord};
use uuid::Uuid;

/// A case ready for a decision: loaded, the one acting checked, the effective date settled.
pub(super) struct Decide {
    pub loaded: Loaded,
    pub state: CaseState,
    pub on: NaiveDate,
    pub today: NaiveDate,
    actor: Option<Uuid>,
    /// The verb's write transaction, open since the case was read.
    pub txn: DatabaseTransaction,
}

/// Whether the verb works on the case's current stage (and so needs the one acting to hold
/// it), or is the complaints team's decision about the case as a whole.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Work {
    OnTheStage,
    OnTheCase,
}

pub(super) async fn prepare(
    cx: &Context<'_>,
    id: Uuid,
    on: Option<NaiveDate>,
    work: Work,
) -> Result<Decide, ApiError> {
    let txn = redress_store::db::begin_write(&cx.db()).await?;
    let loaded = cx.case_on(&txn, id).await?;
    match (work, cx.by) {
        (Work::OnTheStage, By::Staff(caller)) => caller.may_work_on(&loaded.case)?,
        // A resident's tracking link lets them ask for stage 2 and nothing that works on a
        // stage: those are the landlord's.
        (Work::OnTheStage, By::Resident) => {
            return Err(ApiError::Forbidden(
                "this is done by the landlord's complaints staff".into(),
            ));
        }
        (Work::OnTheCase, _) => {}
    }
    let on = on.unwrap_or(cx.today);
    let last = complaints::last_action_on(&txn, cx.scope, id).await?;
    let state = loaded.case.state(last);
    rules::check_effective_date(Some(&state), on, cx.today)?;
    Ok(Decide {
        loaded,
        state,
        on,
        today: cx.today,
        actor: cx.actor(),
        txn,
    })
}

/// The letter a change sends, and when (docs/rules.md, "Backdated actions").
pub(super) struct Sends {
    pub cause: Cause,
    pub timing: LetterTiming,
}

impl Decide {
    /// What becomes of the change's letter: a backdated action must say whether its letter
    /// already went to the resident by other means.
    pub fn letter(&self, cause: Cause, already_sent: Option<bool>) -> Result<Sends, ApiError> {
        Ok(Sends {
            cause,
            timing: rules::letter_timing(self.on, self.today, already_sent)?,
        })
    }

    /// The stage's record as it stands, or a new one starting on the effective date.
    pub fn record(&self, stage: Stage) -> StageRecord {
        self.loaded
            .case
            .stage(stage)
            .cloned()
            .unwrap_or_else(|| StageRecord {
                state: StageState::new(stage, self.on),
                decision: None,
                reasons: None,
                escalation_route: None,
            })
    }

    /// The deadline of the clock that runs after the change.
    pub fn running_due(&self, s: &StageState) -> Option<NaiveDate> {
        stage_deadlines(
            &self.loaded.calendar,
            &self.loaded.scheme.timescales,
            s,
            self.today,
        )
        .running_due
    }

    pub fn event(
        &self,
        kind: &'static str,
        stage: Option<Stage>,
        data: serde_json::Value,
    ) -> NewEvent {
        NewEvent {
            kind,
            stage,
            effective_on: self.on,
            actor: self.actor,
            data,
        }
    }

    /// Records the change and its event and, when the change calls for one, the letter to the
    /// resident, all in one transaction; answers with the case as it now is.
    pub async fn apply(
        self,
        cx: &Context<'_>,
        change: CaseChange,
        event: NewEvent,
        letter: Option<Sends>,
    ) -> Result<Loaded, ApiError> {
        let id = self.loaded.case.complaint.id;
        let txn = self.txn;
        let case = complaints::apply_in(
            &txn,
            cx.scope,
            &self.loaded.calendar,
            id,
            self.state.status,
            change,
            event,
        )
        .await?;
        let written = match letter {
            Some(Sends { cause, timing }) => Some(
                letters::send(
                    &txn,
                    cx.state,
                    cx.scope,
                    cx.landlord,
                    &self.loaded.scheme,
                    &case,
                    letters::Outgoing {
                        cause,
                        timing,
                        known: letters::Known {
                            today: self.today,
                            needs: Some(&self.loaded.needs),
                            resident: None,
                        },
                    },
                )
                .await?,
            ),
            None => None,
        };
        cx.settle(txn, written).await?;
        Ok(Loaded {
            case,
            ..self.loaded
        })
    }
}
