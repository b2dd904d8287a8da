//! The running deadline kept on each open complaint (`current_due_on`, which the worklist,
//! its "overdue" filter and the reminders read) follows the calendar and the timescales it was
//! computed from. When a landlord changes its closure days or a scheme's timescales, every
//! open complaint's deadline is computed again by the same rule (docs/rules.md, "Deadlines").

use crate::complaints::{self, NewEvent, StageRecord};
use crate::entities::{complaint, complaint_stage};
use crate::landlords;
use crate::tenant;
use crate::{Result, TenantScope};
use chrono::NaiveDate;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::stage_deadlines;
use redress_domain::timescales::Timescales;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The timeline's record that a complaint's running deadline moved with the landlord's
/// calendar or timescales. It is record keeping, not a step of the process: actions may still
/// be dated before it.
pub const DEADLINE_MOVED: &str = "deadline_moved";

/// How many complaints are read at a time.
const BATCH: usize = 500;

/// A complaint whose running deadline moves with a calendar or timescales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub complaint_id: Uuid,
    pub reference: String,
    pub stage: i32,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The complaints whose running deadline would move were the landlord's calendar this one:
/// the same rule `recompute` applies, changing nothing.
pub async fn moves(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    today: NaiveDate,
) -> Result<Vec<Move>> {
    let schemes: HashMap<Uuid, Timescales> = landlords::schemes(conn, scope)
        .await?
        .into_iter()
        .map(|s| (s.id, s.timescales))
        .collect();
    let running: Vec<(Uuid, String, Uuid, i32, Option<NaiveDate>)> =
        tenant::find::<complaint::Entity>(scope)
            .select_only()
            .column(complaint::Column::Id)
            .column(complaint::Column::Reference)
            .column(complaint::Column::SchemeId)
            .column(complaint::Column::CurrentStage)
            .column(complaint::Column::CurrentDueOn)
            .filter(complaint::Column::CurrentDueOn.is_not_null())
            .into_tuple()
            .all(conn)
            .await?;
    let mut out = Vec::new();
    for batch in running.chunks(BATCH) {
        let ids: Vec<Uuid> = batch.iter().map(|(id, ..)| *id).collect();
        let stages: HashMap<(Uuid, i32), StageRecord> =
            tenant::find::<complaint_stage::Entity>(scope)
                .filter(complaint_stage::Column::ComplaintId.is_in(ids))
                .all(conn)
                .await?
                .into_iter()
                .map(|m| {
                    let key = (m.complaint_id, m.stage);
                    StageRecord::try_from(m).map(|r| (key, r))
                })
                .collect::<Result<_>>()?;
        for (id, reference, scheme_id, stage, stored) in batch {
            let Some(record) = stages.get(&(*id, *stage)) else {
                continue;
            };
            let timescales = schemes.get(scheme_id).copied().unwrap_or(Timescales::CODE);
            let due = stage_deadlines(calendar, &timescales, &record.state, today).running_due;
            if due != *stored {
                out.push(Move {
                    complaint_id: *id,
                    reference: reference.clone(),
                    stage: *stage,
                    from: *stored,
                    to: due,
                });
            }
        }
    }
    Ok(out)
}

/// Computes again the running deadline of every complaint with a clock running, inside the
/// caller's transaction (the one that changed the calendar or timescales), and writes on each
/// complaint whose deadline moved a `deadline_moved` event by `actor`; answers how many
/// changed.
#[tracing::instrument(skip(conn, calendar), fields(landlord = %scope.landlord_id()))]
pub async fn recompute(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    today: NaiveDate,
    actor: Option<Uuid>,
) -> Result<u64> {
    let moved = moves(conn, scope, calendar, today).await?;
    for m in &moved {
        tenant::update_many::<complaint::Entity>(scope)
            .col_expr(complaint::Column::CurrentDueOn, Expr::value(m.to))
            .filter(complaint::Column::Id.eq(m.complaint_id))
            .exec(conn)
            .await?;
        complaints::refresh_due(conn, scope, m.complaint_id).await?;
        complaints::insert_event(
            conn,
            scope,
            m.complaint_id,
            NewEvent {
                kind: DEADLINE_MOVED,
                stage: redress_domain::complaint::Stage::from_number(m.stage),
                effective_on: today,
                actor,
                data: serde_json::json!({"from": m.from, "to": m.to,
                    "because": "the landlord's closure days or timescales changed"}),
            },
        )
        .await?;
    }
    Ok(u64::try_from(moved.len()).unwrap_or(u64::MAX))
}
