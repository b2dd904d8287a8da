//! Complaints, their stage records, remedies, outstanding actions and timeline.
//!
//! Every change is one transaction: the complaint row (guarded by the status the decision was
//! made on, so two people acting at once cannot both succeed), the stage record, any remedies
//! and actions, and the event on the append-only timeline.

mod access;
mod case_file;
mod due;
mod records;
mod timeline;
mod worklist;

pub use access::{
    allocation, find_by_tracking_token, resident_has_contractor_case, set_tracking_token,
};
pub use case_file::{CaseFile, load, load_with_needs};
pub(crate) use due::refresh as refresh_due;
pub use due::refresh_landlord as refresh_next_due;
pub use records::{ActionChange, RemedyChange, update_action, update_remedy};
pub use timeline::{last_action_on, timeline};
pub use worklist::{Filter, Line, Today, View, Visibility, count, counts, list};

use crate::entities::{complaint, complaint_event, complaint_stage, outstanding_action, remedy};
use crate::error::corrupt;
use crate::landlords::non_negative;
use crate::tenant;
use crate::{Result, StoreError, TenantScope, counters, rollup};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{
    ActionStatus, CaseState, Channel, Decision, Due, NextDue, RemedyKind, RemedyStatus, Stage,
    StageState, Status, Tenure,
};
use redress_domain::figures::CaseForFigures;
pub use redress_domain::remedy_guidance::RemedyPart;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, Set, TransactionSession,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A representative acting for the resident, with their consent recorded (Code 3.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representative {
    pub name: String,
    pub relationship: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent_on: NaiveDate,
    /// How consent was given and where its evidence is kept.
    pub consent_evidence: String,
    /// The attachment holding the evidence of consent, once uploaded (Code 3.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_attachment_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub id: Uuid,
    pub reference: String,
    pub scheme_id: Uuid,
    pub resident_id: Uuid,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub description: String,
    pub issue_date: Option<NaiveDate>,
    pub category: String,
    pub service_area: Option<String>,
    pub outcomes_sought: Option<String>,
    pub service_request_id: Option<Uuid>,
    pub representative: Option<Representative>,
    /// The tenure of the home it is about, when recorded (TSM CH01).
    pub tenure: Option<Tenure>,
    pub status: Status,
    pub current_stage: Stage,
    pub definition: Option<String>,
    pub responsible_for: Option<String>,
    pub not_responsible_for: Option<String>,
    pub complexity: Option<String>,
    pub risk: Option<String>,
    pub flags: Vec<String>,
    pub related_complaint_id: Option<Uuid>,
    pub stage1_handler_id: Option<Uuid>,
    pub stage2_handler_id: Option<Uuid>,
    pub contractor_id: Option<Uuid>,
    pub current_due_on: Option<NaiveDate>,
    /// What is due next and by when: the running clock, an outstanding action or a remedy.
    pub next_due: Option<NextDue>,
    pub closed_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// Where a complaint stands, as its columns hold it: its status, its current stage and its
/// flags (read by the case and by the worklist's line alike).
pub(crate) fn standing(
    status: &str,
    current_stage: i32,
    flags: &str,
) -> Result<(Status, Stage, Vec<String>)> {
    Ok((
        Status::parse(status).map_err(|e| corrupt("complaints.status", e))?,
        Stage::from_number(current_stage)
            .ok_or_else(|| corrupt("complaints.current_stage", current_stage))?,
        serde_json::from_str(flags).map_err(|e| corrupt("complaints.flags", e))?,
    ))
}

impl TryFrom<complaint::Model> for Complaint {
    type Error = StoreError;
    fn try_from(m: complaint::Model) -> Result<Self> {
        let (status, current_stage, flags) = standing(&m.status, m.current_stage, &m.flags)?;
        Ok(Complaint {
            channel: Channel::parse(&m.channel).map_err(|e| corrupt("complaints.channel", e))?,
            status,
            current_stage,
            representative: m
                .representative
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| corrupt("complaints.representative", e))?,
            flags,
            tenure: m
                .tenure
                .as_deref()
                .map(Tenure::parse)
                .transpose()
                .map_err(|e| corrupt("complaints.tenure", e))?,
            id: m.id,
            reference: m.reference,
            scheme_id: m.scheme_id,
            resident_id: m.resident_id,
            received_on: m.received_on,
            description: m.description,
            issue_date: m.issue_date,
            category: m.category,
            service_area: m.service_area,
            outcomes_sought: m.outcomes_sought,
            service_request_id: m.service_request_id,
            definition: m.definition,
            responsible_for: m.responsible_for,
            not_responsible_for: m.not_responsible_for,
            complexity: m.complexity,
            risk: m.risk,
            related_complaint_id: m.related_complaint_id,
            stage1_handler_id: m.stage1_handler_id,
            stage2_handler_id: m.stage2_handler_id,
            contractor_id: m.contractor_id,
            current_due_on: m.current_due_on,
            next_due: due::parse(m.next_due.as_deref(), m.next_due_on)?,
            closed_on: m.closed_on,
            created_at: m.created_at,
        })
    }
}

/// A stage record with what was decided in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRecord {
    pub state: StageState,
    pub decision: Option<Decision>,
    pub reasons: Option<String>,
    pub escalation_route: Option<String>,
}

impl TryFrom<complaint_stage::Model> for StageRecord {
    type Error = StoreError;
    fn try_from(m: complaint_stage::Model) -> Result<Self> {
        Ok(StageRecord {
            state: StageState {
                stage: Stage::from_number(m.stage)
                    .ok_or_else(|| corrupt("complaint_stages.stage", m.stage))?,
                requested_on: m.requested_on,
                acknowledged_on: m.acknowledged_on,
                extension_working_days: non_negative(m.extension_working_days),
                responded_on: m.responded_on,
                handler_id: m.handler_id,
                contractor_id: m.contractor_id,
                responded_by: m.responded_by,
            },
            decision: m
                .decision
                .as_deref()
                .map(Decision::parse)
                .transpose()
                .map_err(|e| corrupt("complaint_stages.decision", e))?,
            reasons: m.reasons,
            escalation_route: m.escalation_route,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remedy {
    pub id: Uuid,
    pub stage: Stage,
    pub kind: RemedyKind,
    pub description: String,
    pub amount_pence: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub owner: Option<String>,
    pub status: RemedyStatus,
    pub completed_on: Option<NaiveDate>,
    /// A financial award's parts by failing; empty when it was not split.
    pub parts: Vec<RemedyPart>,
}

impl TryFrom<remedy::Model> for Remedy {
    type Error = StoreError;
    fn try_from(m: remedy::Model) -> Result<Self> {
        Ok(Remedy {
            id: m.id,
            stage: Stage::from_number(m.stage).ok_or_else(|| corrupt("remedies.stage", m.stage))?,
            kind: RemedyKind::parse(&m.kind).map_err(|e| corrupt("remedies.kind", e))?,
            description: m.description,
            amount_pence: m.amount_pence,
            due_on: m.due_on,
            owner: m.owner,
            status: RemedyStatus::parse(&m.status).map_err(|e| corrupt("remedies.status", e))?,
            completed_on: m.completed_on,
            parts: match m.parts.as_deref() {
                None => Vec::new(),
                Some(text) => {
                    serde_json::from_str(text).map_err(|e| corrupt("remedies.parts", e))?
                }
            },
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutstandingAction {
    pub id: Uuid,
    pub stage: Stage,
    pub description: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub completed_on: Option<NaiveDate>,
}

impl TryFrom<outstanding_action::Model> for OutstandingAction {
    type Error = StoreError;
    fn try_from(m: outstanding_action::Model) -> Result<Self> {
        Ok(OutstandingAction {
            id: m.id,
            stage: Stage::from_number(m.stage)
                .ok_or_else(|| corrupt("outstanding_actions.stage", m.stage))?,
            description: m.description,
            owner: m.owner,
            due_on: m.due_on,
            status: ActionStatus::parse(&m.status)
                .map_err(|e| corrupt("outstanding_actions.status", e))?,
            completed_on: m.completed_on,
        })
    }
}

/// A complaint with everything recorded in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub complaint: Complaint,
    pub stage1: StageRecord,
    pub stage2: Option<StageRecord>,
    pub remedies: Vec<Remedy>,
    pub actions: Vec<OutstandingAction>,
    /// The referral to the Ombudsman, once the resident has taken the complaint there.
    pub ombudsman: Option<crate::ombudsman::Referral>,
}

impl Case {
    /// The case as the rules of the state machine see it.
    pub fn state(&self, last_action_on: NaiveDate) -> CaseState {
        CaseState {
            status: self.complaint.status,
            stage1: self.stage1.state.clone(),
            stage2: self.stage2.as_ref().map(|s| s.state.clone()),
            last_action_on,
        }
    }

    pub fn stage(&self, stage: Stage) -> Option<&StageRecord> {
        match stage {
            Stage::One => Some(&self.stage1),
            Stage::Two => self.stage2.as_ref(),
        }
    }
}

/// An event on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub kind: &'static str,
    pub stage: Option<Stage>,
    pub effective_on: NaiveDate,
    pub actor: Option<Uuid>,
    pub data: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: Uuid,
    pub kind: String,
    pub stage: Option<i32>,
    pub effective_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub data: serde_json::Value,
}

#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub scheme_id: Uuid,
    pub resident_id: Uuid,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub description: String,
    pub issue_date: Option<NaiveDate>,
    pub category: String,
    pub service_area: Option<String>,
    pub outcomes_sought: Option<String>,
    pub service_request_id: Option<Uuid>,
    pub representative: Option<Representative>,
    pub tenure: Option<Tenure>,
    pub flags: Vec<String>,
    pub related_complaint_id: Option<Uuid>,
    /// The acknowledgement deadline, computed by the caller from the calendar.
    pub ack_due: NaiveDate,
    pub created_by: Option<Uuid>,
    /// The hash of the resident's private tracking link, when it is sent with the
    /// acknowledgement of receipt (Code 1.2); only the hash is kept.
    pub tracking_token_hash: Option<String>,
}

fn search_text(reference: &str, description: &str) -> String {
    format!("{} {}", reference, description).to_lowercase()
}

/// Logs a complaint with its stage 1 record and its events (the `received` event first),
/// inside the caller's transaction, and answers with the case as written (nothing is read
/// back). The reference is the landlord's prefix and the next complaint number: the counter's
/// row stays locked until the caller commits, so intakes for one landlord queue from here to
/// their commit, and no number is ever skipped (docs/decisions/0010).
pub async fn insert(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    reference_prefix: &str,
    new: NewComplaint,
    events: Vec<NewEvent>,
) -> Result<Case> {
    let rollup = rollup::begin_change(conn, scope, calendar, None).await?;
    let n = counters::next(conn, scope, "complaint").await?;
    let reference = format!("{reference_prefix}-{n:06}");
    let now = Utc::now();
    let id = Uuid::now_v7();
    let model = complaint::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(id),
        search_text: Set(search_text(&reference, &new.description)),
        reference: Set(reference),
        scheme_id: Set(new.scheme_id),
        resident_id: Set(new.resident_id),
        channel: Set(new.channel.as_str().to_owned()),
        received_on: Set(new.received_on),
        description: Set(new.description),
        issue_date: Set(new.issue_date),
        category: Set(new.category),
        service_area: Set(new.service_area),
        outcomes_sought: Set(new.outcomes_sought),
        service_request_id: Set(new.service_request_id),
        representative: Set(new
            .representative
            .map(|r| serde_json::to_string(&r))
            .transpose()
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?),
        status: Set(Status::Received.as_str().to_owned()),
        current_stage: Set(Stage::One.number()),
        definition: Set(None),
        responsible_for: Set(None),
        not_responsible_for: Set(None),
        complexity: Set(None),
        risk: Set(None),
        flags: Set(serde_json::to_string(&new.flags).unwrap_or_else(|_| "[]".into())),
        related_complaint_id: Set(new.related_complaint_id),
        stage1_handler_id: Set(None),
        stage2_handler_id: Set(None),
        contractor_id: Set(None),
        current_due_on: Set(Some(new.ack_due)),
        // A complaint just logged is due its acknowledgement (Code 5.1).
        next_due_on: Set(Some(new.ack_due)),
        next_due: Set(Some(Due::Acknowledge.as_str().to_owned())),
        closed_on: Set(None),
        tracking_token_hash: Set(new.tracking_token_hash),
        tenure: Set(new.tenure.map(|t| t.as_str().to_owned())),
        created_by: Set(new.created_by),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    let stage1 = StageState::new(Stage::One, new.received_on);
    insert_stage(conn, scope, id, &stage1).await?;
    for event in events {
        insert_event(conn, scope, id, event).await?;
    }
    let complaint = Complaint::try_from(model)?;
    if let Some(change) = rollup {
        // A complaint just logged: its facts come from it as written, not read back.
        let facts = CaseForFigures {
            received_on: complaint.received_on,
            category: complaint.category.clone(),
            status: complaint.status,
            tenure: complaint.tenure,
            stages: vec![(stage1.clone(), None)],
            remedies: Vec::new(),
            exclusions: Vec::new(),
        };
        change
            .finish_logged(conn, scope, calendar, complaint.scheme_id, &facts)
            .await?;
    }
    Ok(Case {
        complaint,
        stage1: StageRecord {
            state: stage1,
            decision: None,
            reasons: None,
            escalation_route: None,
        },
        stage2: None,
        remedies: Vec::new(),
        actions: Vec::new(),
        ombudsman: None,
    })
}

async fn insert_stage(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    s: &StageState,
) -> Result<()> {
    complaint_stage::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        complaint_id: Set(complaint_id),
        stage: Set(s.stage.number()),
        requested_on: Set(s.requested_on),
        acknowledged_on: Set(s.acknowledged_on),
        extension_working_days: Set(i32::try_from(s.extension_working_days).unwrap_or(i32::MAX)),
        responded_on: Set(s.responded_on),
        handler_id: Set(s.handler_id),
        contractor_id: Set(s.contractor_id),
        responded_by: Set(s.responded_by),
        decision: Set(None),
        reasons: Set(None),
        escalation_route: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Adds an event to a complaint's timeline, on the caller's transaction.
pub async fn insert_event(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    e: NewEvent,
) -> Result<()> {
    complaint_event::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        complaint_id: Set(complaint_id),
        kind: Set(e.kind.to_owned()),
        stage: Set(e.stage.map(Stage::number)),
        effective_on: Set(e.effective_on),
        recorded_at: Set(Utc::now()),
        actor_user_id: Set(e.actor),
        data: Set(e.data.to_string()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct NewRemedy {
    pub kind: RemedyKind,
    pub description: String,
    pub amount_pence: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub owner: Option<String>,
    /// A financial award's parts by failing, already checked to add up.
    pub parts: Vec<RemedyPart>,
}

#[derive(Debug, Clone)]
pub struct NewAction {
    pub description: String,
    pub owner: String,
    pub due_on: NaiveDate,
}

/// What a decided action changes. Absent parts stay as they are.
#[derive(Debug, Clone, Default)]
pub struct CaseChange {
    pub status: Option<Status>,
    pub current_stage: Option<Stage>,
    pub definition: Option<String>,
    pub outcomes_sought: Option<String>,
    pub responsible_for: Option<String>,
    pub not_responsible_for: Option<Option<String>>,
    pub complexity: Option<String>,
    pub risk: Option<String>,
    pub stage1_handler_id: Option<Option<Uuid>>,
    pub stage2_handler_id: Option<Option<Uuid>>,
    pub contractor_id: Option<Option<Uuid>>,
    pub current_due_on: Option<Option<NaiveDate>>,
    pub closed_on: Option<NaiveDate>,
    pub flags: Option<Vec<String>>,
    /// The stage record as it is after the action (inserted when new).
    pub stage: Option<StageRecord>,
    pub remedies: Vec<NewRemedy>,
    pub actions: Vec<NewAction>,
}

/// Records a decided action: the change and its event, in one transaction, provided the
/// complaint is still in the status the decision was made on.
#[tracing::instrument(skip(db, change, event), fields(landlord = %scope.landlord_id(), kind = event.kind))]
pub async fn apply<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    id: Uuid,
    decided_on: Status,
    change: CaseChange,
    event: NewEvent,
) -> Result<Case> {
    let txn = db.begin().await?;
    let case = apply_in(&txn, scope, calendar, id, decided_on, change, event).await?;
    txn.commit().await?;
    Ok(case)
}

/// [`apply`] on the caller's transaction, so that what the change causes (the letter to the
/// resident, its outbox message) is written with it or not at all. Returns the case as it
/// is after the change.
#[tracing::instrument(skip(txn, change, event), fields(landlord = %scope.landlord_id(), kind = event.kind))]
pub async fn apply_in(
    txn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    id: Uuid,
    decided_on: Status,
    change: CaseChange,
    event: NewEvent,
) -> Result<Case> {
    let rollup = rollup::begin_change(txn, scope, calendar, Some(id)).await?;
    let mut update = tenant::update_many::<complaint::Entity>(scope)
        .col_expr(complaint::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(complaint::Column::Id.eq(id))
        .filter(complaint::Column::Status.eq(decided_on.as_str()));
    macro_rules! set {
        ($field:expr, $col:expr) => {
            if let Some(v) = $field {
                update = update.col_expr($col, Expr::value(v));
            }
        };
    }
    set!(
        change.status.map(|s| s.as_str().to_owned()),
        complaint::Column::Status
    );
    set!(
        change.current_stage.map(Stage::number),
        complaint::Column::CurrentStage
    );
    set!(change.definition, complaint::Column::Definition);
    set!(change.outcomes_sought, complaint::Column::OutcomesSought);
    set!(change.responsible_for, complaint::Column::ResponsibleFor);
    set!(
        change.not_responsible_for,
        complaint::Column::NotResponsibleFor
    );
    set!(change.complexity, complaint::Column::Complexity);
    set!(change.risk, complaint::Column::Risk);
    set!(change.stage1_handler_id, complaint::Column::Stage1HandlerId);
    set!(change.stage2_handler_id, complaint::Column::Stage2HandlerId);
    set!(change.contractor_id, complaint::Column::ContractorId);
    set!(change.current_due_on, complaint::Column::CurrentDueOn);
    set!(change.closed_on, complaint::Column::ClosedOn);
    set!(
        change
            .flags
            .map(|f| serde_json::to_string(&f).unwrap_or_else(|_| "[]".into())),
        complaint::Column::Flags
    );
    let updated = update.exec(txn).await?;
    if updated.rows_affected != 1 {
        // Absent, or changed by someone else since the decision was made.
        tenant::find_by_id::<complaint::Entity>(scope, id)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        return Err(StoreError::Conflict(
            "the complaint was changed by someone else meanwhile; reload it and try again".into(),
        ));
    }
    if let Some(record) = change.stage {
        save_stage(txn, scope, id, &record).await?;
    }
    let stage = event.stage.unwrap_or(Stage::One);
    let now = Utc::now();
    for r in change.remedies {
        remedy::ActiveModel {
            landlord_id: Set(scope.landlord_id()),
            id: Set(Uuid::now_v7()),
            complaint_id: Set(id),
            stage: Set(stage.number()),
            kind: Set(r.kind.as_str().to_owned()),
            description: Set(r.description),
            amount_pence: Set(r.amount_pence),
            due_on: Set(r.due_on),
            owner: Set(r.owner),
            status: Set(RemedyStatus::Offered.as_str().to_owned()),
            completed_on: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            parts: Set(if r.parts.is_empty() {
                None
            } else {
                Some(serde_json::to_string(&r.parts).map_err(|e| {
                    StoreError::Db(sea_orm::DbErr::Custom(format!("remedy parts: {e}")))
                })?)
            }),
        }
        .insert(txn)
        .await?;
    }
    for a in change.actions {
        outstanding_action::ActiveModel {
            landlord_id: Set(scope.landlord_id()),
            id: Set(Uuid::now_v7()),
            complaint_id: Set(id),
            stage: Set(stage.number()),
            description: Set(a.description),
            owner: Set(a.owner),
            due_on: Set(a.due_on),
            status: Set(ActionStatus::Open.as_str().to_owned()),
            completed_on: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    insert_event(txn, scope, id, event).await?;
    if let Some(change) = rollup {
        change.finish(txn, scope, calendar, id).await?;
    }
    let mut case = load(txn, scope, id).await?;
    due::keep(txn, scope, &mut case).await?;
    Ok(case)
}

async fn save_stage(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    r: &StageRecord,
) -> Result<()> {
    let s = &r.state;
    let existing =
        tenant::find_by_id::<complaint_stage::Entity>(scope, (complaint_id, s.stage.number()))
            .one(conn)
            .await?;
    if existing.is_none() {
        insert_stage(conn, scope, complaint_id, s).await?;
    }
    tenant::update_many::<complaint_stage::Entity>(scope)
        .col_expr(
            complaint_stage::Column::RequestedOn,
            Expr::value(s.requested_on),
        )
        .col_expr(
            complaint_stage::Column::AcknowledgedOn,
            Expr::value(s.acknowledged_on),
        )
        .col_expr(
            complaint_stage::Column::ExtensionWorkingDays,
            Expr::value(i32::try_from(s.extension_working_days).unwrap_or(i32::MAX)),
        )
        .col_expr(
            complaint_stage::Column::RespondedOn,
            Expr::value(s.responded_on),
        )
        .col_expr(
            complaint_stage::Column::HandlerId,
            Expr::value(s.handler_id),
        )
        .col_expr(
            complaint_stage::Column::ContractorId,
            Expr::value(s.contractor_id),
        )
        .col_expr(
            complaint_stage::Column::RespondedBy,
            Expr::value(s.responded_by),
        )
        .col_expr(
            complaint_stage::Column::Decision,
            Expr::value(r.decision.map(|d| d.as_str().to_owned())),
        )
        .col_expr(
            complaint_stage::Column::Reasons,
            Expr::value(r.reasons.clone()),
        )
        .col_expr(
            complaint_stage::Column::EscalationRoute,
            Expr::value(r.escalation_route.clone()),
        )
        .filter(complaint_stage::Column::ComplaintId.eq(complaint_id))
        .filter(complaint_stage::Column::Stage.eq(s.stage.number()))
        .exec(conn)
        .await?;
    Ok(())
}
