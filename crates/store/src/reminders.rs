//! What the daily reminders are about: open stages with their clocks, outstanding actions
//! and remedies falling due, reviews of adjustments and restrictions, and agreed intervals
//! for keeping residents informed (Code 5.9, 5.10, 5.14, 6.6, 7.3). Whole-landlord queries
//! for the scheduler; the deadlines themselves are worked out by the domain's calendar.

use crate::entities::{
    adjustment, complaint, keep_informed, outstanding_action, remedy, resident, restriction,
};
use crate::sql::statement;
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{NaiveDate, Utc};
use redress_domain::complaint::{Stage, StageState, Status};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, Set};
use std::collections::HashMap;
use uuid::Uuid;

/// The statuses in which a stage's clock is running.
pub const OPEN: [Status; 4] = [
    Status::Received,
    Status::Stage1Open,
    Status::Stage2Requested,
    Status::Stage2Open,
];

/// Who a complaint's current stage is with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRef {
    pub complaint_id: Uuid,
    pub reference: String,
    pub scheme_id: Uuid,
    pub stage: Stage,
    pub handler_id: Option<Uuid>,
    pub contractor_id: Option<Uuid>,
}

/// An open complaint's current stage with its clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenStage {
    pub case: CaseRef,
    pub state: StageState,
}

impl CaseRef {
    /// A complaint's current stage and who it is with: the stage's handler, and the
    /// contractor at stage 1 only (Code 5.4).
    #[allow(clippy::too_many_arguments)]
    fn new(
        complaint_id: Uuid,
        reference: String,
        scheme_id: Uuid,
        current_stage: i32,
        stage1_handler_id: Option<Uuid>,
        stage2_handler_id: Option<Uuid>,
        contractor_id: Option<Uuid>,
    ) -> Result<CaseRef> {
        let stage = Stage::from_number(current_stage)
            .ok_or_else(|| crate::error::corrupt("complaints.current_stage", current_stage))?;
        Ok(CaseRef {
            complaint_id,
            reference,
            scheme_id,
            stage,
            handler_id: match stage {
                Stage::One => stage1_handler_id,
                Stage::Two => stage2_handler_id,
            },
            contractor_id: match stage {
                Stage::One => contractor_id,
                Stage::Two => None,
            },
        })
    }
}

fn case_ref(m: &complaint::Model) -> Result<CaseRef> {
    CaseRef::new(
        m.id,
        m.reference.clone(),
        m.scheme_id,
        m.current_stage,
        m.stage1_handler_id,
        m.stage2_handler_id,
        m.contractor_id,
    )
}

async fn cases_by_id(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, complaint::Model>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for m in tenant::find::<complaint::Entity>(scope)
            .filter(complaint::Column::Id.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            out.insert(m.id, m);
        }
    }
    Ok(out)
}

/// Every open complaint of the landlord with its current stage's record, in one query.
pub async fn open_stages(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<OpenStage>> {
    let stmt = statement(
        conn.get_database_backend(),
        "SELECT c.id, c.reference, c.scheme_id, c.current_stage, c.stage1_handler_id, \
           c.stage2_handler_id, c.contractor_id, c.received_on, \
           s.requested_on, s.acknowledged_on, s.extension_working_days, s.responded_on, \
           s.handler_id AS stage_handler_id, s.contractor_id AS stage_contractor_id \
         FROM complaints c \
         LEFT JOIN complaint_stages s ON s.landlord_id = c.landlord_id \
           AND s.complaint_id = c.id AND s.stage = c.current_stage \
         WHERE c.landlord_id = ? AND c.status IN (?, ?, ?, ?) \
         ORDER BY c.id",
        std::iter::once(scope.landlord_id().into())
            .chain(OPEN.iter().map(|s| s.as_str().into()))
            .collect(),
    );
    let mut out = Vec::new();
    for r in conn.query_all_raw(stmt).await? {
        let case = CaseRef::new(
            r.try_get("", "id")?,
            r.try_get("", "reference")?,
            r.try_get("", "scheme_id")?,
            r.try_get("", "current_stage")?,
            r.try_get("", "stage1_handler_id")?,
            r.try_get("", "stage2_handler_id")?,
            r.try_get("", "contractor_id")?,
        )?;
        let stage = case.stage;
        let requested_on: Option<NaiveDate> = r.try_get("", "requested_on")?;
        let state = match requested_on {
            Some(requested_on) => StageState {
                stage,
                requested_on,
                acknowledged_on: r.try_get("", "acknowledged_on")?,
                extension_working_days: u32::try_from(
                    r.try_get::<Option<i32>>("", "extension_working_days")?
                        .unwrap_or(0),
                )
                .unwrap_or(0),
                responded_on: r.try_get("", "responded_on")?,
                handler_id: r.try_get("", "stage_handler_id")?,
                contractor_id: r.try_get("", "stage_contractor_id")?,
                responded_by: None,
            },
            None => StageState::new(stage, r.try_get("", "received_on")?),
        };
        out.push(OpenStage { case, state });
    }
    Ok(out)
}

/// An outstanding action or remedy with a date (Code 6.6, 7.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub id: Uuid,
    pub case: CaseRef,
    /// `action` or `remedy`.
    pub kind: &'static str,
    pub description: String,
    pub owner: Option<String>,
    pub due_on: NaiveDate,
}

/// Outstanding actions and remedies not yet done whose date is on or before `by`.
pub async fn commitments_due(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    by: NaiveDate,
) -> Result<Vec<Commitment>> {
    let actions = tenant::find::<outstanding_action::Entity>(scope)
        .filter(outstanding_action::Column::Status.ne("completed"))
        .filter(outstanding_action::Column::DueOn.lte(by))
        .all(conn)
        .await?;
    let remedies = tenant::find::<remedy::Entity>(scope)
        .filter(remedy::Column::Status.is_in(["offered", "in_progress"]))
        .filter(remedy::Column::DueOn.lte(by))
        .all(conn)
        .await?;
    let mut ids: Vec<Uuid> = actions
        .iter()
        .map(|a| a.complaint_id)
        .chain(remedies.iter().map(|r| r.complaint_id))
        .collect();
    ids.sort();
    ids.dedup();
    let cases = cases_by_id(conn, scope, ids).await?;
    let mut out = Vec::with_capacity(actions.len() + remedies.len());
    for a in actions {
        if let Some(c) = cases.get(&a.complaint_id) {
            out.push(Commitment {
                id: a.id,
                case: case_ref(c)?,
                kind: "action",
                description: a.description,
                owner: Some(a.owner),
                due_on: a.due_on,
            });
        }
    }
    for r in remedies {
        if let (Some(c), Some(due_on)) = (cases.get(&r.complaint_id), r.due_on) {
            out.push(Commitment {
                id: r.id,
                case: case_ref(c)?,
                kind: "remedy",
                description: r.description,
                owner: r.owner,
                due_on,
            });
        }
    }
    out.sort_by_key(|a| (a.due_on, a.id));
    Ok(out)
}

/// A request of the Ombudsman for information not yet answered, with its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestDue {
    pub id: Uuid,
    pub case: CaseRef,
    pub description: String,
    pub due_on: NaiveDate,
}

/// The Ombudsman's requests not yet answered whose date is on or before `by`.
pub async fn ombudsman_requests_due(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    by: NaiveDate,
) -> Result<Vec<RequestDue>> {
    let requests = crate::ombudsman::requests_due(conn, scope, by).await?;
    let mut ids: Vec<Uuid> = requests.iter().map(|(c, _)| *c).collect();
    ids.sort();
    ids.dedup();
    let cases = cases_by_id(conn, scope, ids).await?;
    let mut out = Vec::with_capacity(requests.len());
    for (complaint_id, r) in requests {
        if let Some(c) = cases.get(&complaint_id) {
            out.push(RequestDue {
                id: r.id,
                case: case_ref(c)?,
                description: r.description,
                due_on: r.due_on,
            });
        }
    }
    Ok(out)
}

/// A review of an adjustment (Code 5.10) or a restriction (Code 5.14) falling due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDue {
    pub id: Uuid,
    /// `adjustment` or `restriction`.
    pub kind: &'static str,
    pub resident_id: Uuid,
    pub resident_name: String,
    pub due_on: NaiveDate,
}

/// Active adjustments and restrictions whose review date is on or before `by`.
pub async fn reviews_due(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    by: NaiveDate,
) -> Result<Vec<ReviewDue>> {
    let adjustments = tenant::find::<adjustment::Entity>(scope)
        .filter(adjustment::Column::Status.eq("active"))
        .filter(adjustment::Column::NextReviewOn.lte(by))
        .all(conn)
        .await?;
    let restrictions = tenant::find::<restriction::Entity>(scope)
        .filter(restriction::Column::Status.eq("active"))
        .filter(restriction::Column::ReviewOn.lte(by))
        .all(conn)
        .await?;
    let mut ids: Vec<Uuid> = adjustments
        .iter()
        .map(|a| a.resident_id)
        .chain(restrictions.iter().map(|r| r.resident_id))
        .collect();
    ids.sort();
    ids.dedup();
    let mut names = HashMap::new();
    for chunk in ids.chunks(500) {
        for r in tenant::find::<resident::Entity>(scope)
            .filter(resident::Column::Id.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            names.insert(r.id, r.name);
        }
    }
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    let mut out: Vec<ReviewDue> = adjustments
        .into_iter()
        .filter_map(|a| {
            a.next_review_on.map(|due_on| ReviewDue {
                id: a.id,
                kind: "adjustment",
                resident_name: name(&a.resident_id),
                resident_id: a.resident_id,
                due_on,
            })
        })
        .chain(restrictions.into_iter().filter_map(|r| {
            r.review_on.map(|due_on| ReviewDue {
                id: r.id,
                kind: "restriction",
                resident_name: name(&r.resident_id),
                resident_id: r.resident_id,
                due_on,
            })
        }))
        .collect();
    out.sort_by_key(|a| (a.due_on, a.id));
    Ok(out)
}

/// An agreed interval for keeping a resident informed (Code 5.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeepInformed {
    pub every_working_days: u32,
    pub agreed_on: NaiveDate,
}

/// Records (or replaces) the interval agreed with the resident, on the caller's transaction.
pub async fn set_keep_informed(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    every_working_days: u32,
    agreed_on: NaiveDate,
    agreed_by: Option<Uuid>,
) -> Result<KeepInformed> {
    let every = i32::try_from(every_working_days)
        .map_err(|_| StoreError::Conflict("the interval is too long".into()))?;
    let existing = tenant::find_by_id::<keep_informed::Entity>(scope, complaint_id)
        .one(conn)
        .await?;
    match existing {
        Some(m) => {
            let mut am: keep_informed::ActiveModel = m.into();
            am.every_working_days = Set(every);
            am.agreed_on = Set(agreed_on);
            am.agreed_by = Set(agreed_by);
            am.updated_at = Set(Utc::now());
            am.update(conn).await?;
        }
        None => {
            keep_informed::ActiveModel {
                landlord_id: Set(scope.landlord_id()),
                complaint_id: Set(complaint_id),
                every_working_days: Set(every),
                agreed_on: Set(agreed_on),
                agreed_by: Set(agreed_by),
                updated_at: Set(Utc::now()),
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(KeepInformed {
        every_working_days,
        agreed_on,
    })
}

/// Stops the reminders for keeping a resident informed.
pub async fn clear_keep_informed(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
) -> Result<()> {
    tenant::delete_many::<keep_informed::Entity>(scope)
        .filter(keep_informed::Column::ComplaintId.eq(complaint_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The interval agreed for one complaint, if any.
pub async fn keep_informed(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
) -> Result<Option<KeepInformed>> {
    Ok(
        tenant::find_by_id::<keep_informed::Entity>(scope, complaint_id)
            .one(conn)
            .await?
            .map(|m| KeepInformed {
                every_working_days: u32::try_from(m.every_working_days).unwrap_or(0),
                agreed_on: m.agreed_on,
            }),
    )
}

/// An open complaint with an agreed update interval, and when the resident was last written
/// to or spoken with by the landlord.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateDue {
    pub case: CaseRef,
    pub every_working_days: u32,
    /// The later of the day the interval was agreed and the last outgoing correspondence.
    pub last_contact_on: NaiveDate,
}

/// Every open complaint with an agreed update interval.
pub async fn keep_informed_open(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<UpdateDue>> {
    let agreed = tenant::find::<keep_informed::Entity>(scope)
        .all(conn)
        .await?;
    let cases = cases_by_id(conn, scope, agreed.iter().map(|k| k.complaint_id).collect()).await?;
    let open: Vec<&str> = OPEN.iter().map(|s| s.as_str()).collect();
    let mut out = Vec::new();
    for k in agreed {
        let Some(c) = cases.get(&k.complaint_id) else {
            continue;
        };
        if !open.contains(&c.status.as_str()) {
            continue;
        }
        let last = crate::correspondence::last_outgoing_on(conn, scope, k.complaint_id).await?;
        out.push(UpdateDue {
            case: case_ref(c)?,
            every_working_days: u32::try_from(k.every_working_days).unwrap_or(0),
            last_contact_on: last.map_or(k.agreed_on, |l| l.max(k.agreed_on)),
        });
    }
    Ok(out)
}
