//! What is due next on each complaint, kept on the complaint (`next_due_on`, `next_due`) by
//! every change that moves its running clock, its outstanding actions or its remedies, so the
//! worklist's views filter and sort on one indexed column (docs/api.md, "The worklist").

use super::Case;
use crate::entities::{complaint, ombudsman_request, outstanding_action, remedy};
use crate::error::corrupt;
use crate::tenant;
use crate::{Result, TenantScope};
use chrono::NaiveDate;
use redress_domain::complaint::{
    ActionStatus, Due, NextDue, RemedyStatus, Status, earlier, next_due, ombudsman_request_due,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QuerySelect, Statement};
use uuid::Uuid;

/// Reads the stored pair back.
pub(super) fn parse(due: Option<&str>, on: Option<NaiveDate>) -> Result<Option<NextDue>> {
    match (due, on) {
        (Some(d), Some(on)) => Ok(Some(NextDue {
            due: Due::parse(d).map_err(|e| corrupt("complaints.next_due", e))?,
            on,
        })),
        _ => Ok(None),
    }
}

/// What is due next on a case as loaded.
fn of(case: &Case) -> Option<NextDue> {
    let c = &case.complaint;
    earlier(
        next_due(
            c.status,
            c.current_due_on,
            case.actions.iter().map(|a| (a.status, a.due_on)),
            case.remedies.iter().map(|r| (r.status, r.due_on)),
        ),
        ombudsman_request_due(
            case.ombudsman
                .iter()
                .flat_map(|o| &o.requests)
                .filter(|r| r.answered_on.is_none())
                .map(|r| r.due_on),
        ),
    )
}

async fn write(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
    next: Option<NextDue>,
) -> Result<()> {
    tenant::update_many::<complaint::Entity>(scope)
        .col_expr(
            complaint::Column::NextDueOn,
            Expr::value(next.map(|n| n.on)),
        )
        .col_expr(
            complaint::Column::NextDue,
            Expr::value(next.map(|n| n.due.as_str().to_owned())),
        )
        .filter(complaint::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Brings a case just changed and loaded up to date: writes what is due next when it moved.
pub(super) async fn keep(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    case: &mut Case,
) -> Result<()> {
    let next = of(case);
    if next != case.complaint.next_due {
        write(conn, scope, case.complaint.id, next).await?;
        case.complaint.next_due = next;
    }
    Ok(())
}

/// Works out again what is due next on one complaint, from its columns, its actions and its
/// remedies (after an action or a remedy changed, or its running clock moved).
pub(crate) async fn refresh(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<()> {
    let Some((status, running)): Option<(String, Option<NaiveDate>)> =
        tenant::find_by_id::<complaint::Entity>(scope, id)
            .select_only()
            .column(complaint::Column::Status)
            .column(complaint::Column::CurrentDueOn)
            .into_tuple()
            .one(conn)
            .await?
    else {
        return Ok(());
    };
    let status = Status::parse(&status).map_err(|e| corrupt("complaints.status", e))?;
    let actions: Vec<(String, NaiveDate)> = tenant::find::<outstanding_action::Entity>(scope)
        .select_only()
        .column(outstanding_action::Column::Status)
        .column(outstanding_action::Column::DueOn)
        .filter(outstanding_action::Column::ComplaintId.eq(id))
        .into_tuple()
        .all(conn)
        .await?;
    let remedies: Vec<(String, Option<NaiveDate>)> = tenant::find::<remedy::Entity>(scope)
        .select_only()
        .column(remedy::Column::Status)
        .column(remedy::Column::DueOn)
        .filter(remedy::Column::ComplaintId.eq(id))
        .into_tuple()
        .all(conn)
        .await?;
    let actions = actions
        .into_iter()
        .map(|(s, on)| {
            Ok((
                ActionStatus::parse(&s).map_err(|e| corrupt("outstanding_actions.status", e))?,
                on,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let remedies = remedies
        .into_iter()
        .map(|(s, on)| {
            Ok((
                RemedyStatus::parse(&s).map_err(|e| corrupt("remedies.status", e))?,
                on,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let requests: Vec<NaiveDate> = tenant::find::<ombudsman_request::Entity>(scope)
        .select_only()
        .column(ombudsman_request::Column::DueOn)
        .filter(ombudsman_request::Column::ComplaintId.eq(id))
        .filter(ombudsman_request::Column::AnsweredOn.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    write(
        conn,
        scope,
        id,
        earlier(
            next_due(status, running, actions, remedies),
            ombudsman_request_due(requests),
        ),
    )
    .await
}

/// Works out again what is due next on every complaint of a landlord, by the migration's
/// statements (after its complaints were copied in bulk).
pub async fn refresh_landlord(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<()> {
    let backend = conn.get_database_backend();
    let filter = match backend {
        DbBackend::Postgres => "complaints.landlord_id = $1",
        _ => "complaints.landlord_id = ?",
    };
    for sql in redress_migrations::next_due_backfill(filter)
        .into_iter()
        .chain([requests_backfill(filter)])
    {
        conn.execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [scope.landlord_id().into()],
        ))
        .await?;
    }
    Ok(())
}

/// After the migration's statements: the Ombudsman's requests not yet answered, where one is
/// due before what is due already (on the same day the landlord's own step stays first, as
/// `earlier` has it).
fn requests_backfill(filter: &str) -> String {
    format!(
        "UPDATE complaints SET next_due = 'ombudsman_request', next_due_on = (SELECT MIN(q.due_on) \
         FROM ombudsman_requests q WHERE q.landlord_id = complaints.landlord_id \
         AND q.complaint_id = complaints.id AND q.answered_on IS NULL) \
         WHERE ({filter}) AND EXISTS (SELECT 1 FROM ombudsman_requests q \
         WHERE q.landlord_id = complaints.landlord_id AND q.complaint_id = complaints.id \
         AND q.answered_on IS NULL \
         AND (complaints.next_due_on IS NULL OR q.due_on < complaints.next_due_on))"
    )
}
