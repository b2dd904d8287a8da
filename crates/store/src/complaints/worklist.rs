//! The worklist: the complaints a caller may see, filtered and paged (docs/api.md, "The
//! worklist").

use crate::entities::complaint;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, TenantScope};
use chrono::NaiveDate;
use redress_domain::complaint::{Stage, Status};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, ConnectionTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// How many complaints the landlord has.
pub async fn count(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(tenant::find::<complaint::Entity>(scope).count(conn).await?)
}

/// A line of the worklist: what its summary shows, without the complaint's text (which the
/// page would otherwise read, 51 times, to show none of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub id: Uuid,
    pub reference: String,
    pub resident_id: Uuid,
    pub category: String,
    pub received_on: NaiveDate,
    pub status: Status,
    pub current_stage: Stage,
    pub stage1_handler_id: Option<Uuid>,
    pub stage2_handler_id: Option<Uuid>,
    pub contractor_id: Option<Uuid>,
    /// The running clock's deadline, while one runs.
    pub current_due_on: Option<NaiveDate>,
    pub flags: Vec<String>,
}

/// The columns a [`Line`] is read from.
#[derive(FromQueryResult)]
struct LineRow {
    id: Uuid,
    reference: String,
    resident_id: Uuid,
    category: String,
    received_on: NaiveDate,
    status: String,
    current_stage: i32,
    stage1_handler_id: Option<Uuid>,
    stage2_handler_id: Option<Uuid>,
    contractor_id: Option<Uuid>,
    current_due_on: Option<NaiveDate>,
    flags: String,
}

const LINE: [complaint::Column; 12] = [
    complaint::Column::Id,
    complaint::Column::Reference,
    complaint::Column::ResidentId,
    complaint::Column::Category,
    complaint::Column::ReceivedOn,
    complaint::Column::Status,
    complaint::Column::CurrentStage,
    complaint::Column::Stage1HandlerId,
    complaint::Column::Stage2HandlerId,
    complaint::Column::ContractorId,
    complaint::Column::CurrentDueOn,
    complaint::Column::Flags,
];

impl TryFrom<LineRow> for Line {
    type Error = crate::StoreError;
    fn try_from(r: LineRow) -> Result<Self> {
        let (status, current_stage, flags) = super::standing(&r.status, r.current_stage, &r.flags)?;
        Ok(Line {
            status,
            current_stage,
            flags,
            id: r.id,
            reference: r.reference,
            resident_id: r.resident_id,
            category: r.category,
            received_on: r.received_on,
            stage1_handler_id: r.stage1_handler_id,
            stage2_handler_id: r.stage2_handler_id,
            contractor_id: r.contractor_id,
            current_due_on: r.current_due_on,
        })
    }
}

/// Whose cases a caller may see in lists.
#[derive(Debug, Clone, Copy)]
pub enum Visibility {
    All,
    /// Cases allocated to this handler at either stage.
    Handler(Uuid),
    /// Cases allocated to this contractor organisation (stage 1).
    Contractor(Uuid),
}

/// Worklist filters (docs/api.md, "The worklist").
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<Status>,
    pub stage: Option<Stage>,
    /// `Some(today)`: only complaints whose running clock ended before today.
    /// Combined with `overdue_value`: true keeps overdue ones, false the others.
    pub overdue: Option<(bool, NaiveDate)>,
    pub handler: Option<Uuid>,
    pub contractor: Option<Uuid>,
    pub category: Option<String>,
    pub q: Option<String>,
    /// Only this resident's complaints.
    pub resident: Option<Uuid>,
}

/// A page of the worklist, newest first (cursor: the last id of the previous page).
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    visibility: Visibility,
    filter: &Filter,
    req: PageRequest,
) -> Result<Page<Line>> {
    let mut q = tenant::find::<complaint::Entity>(scope).order_by_desc(complaint::Column::Id);
    match visibility {
        Visibility::All => {}
        Visibility::Handler(id) => {
            q = q.filter(
                Condition::any()
                    .add(complaint::Column::Stage1HandlerId.eq(id))
                    .add(complaint::Column::Stage2HandlerId.eq(id)),
            );
        }
        Visibility::Contractor(id) => {
            q = q.filter(complaint::Column::ContractorId.eq(id));
        }
    }
    if let Some(s) = filter.status {
        q = q.filter(complaint::Column::Status.eq(s.as_str()));
    }
    if let Some(stage) = filter.stage {
        q = q.filter(complaint::Column::CurrentStage.eq(stage.number()));
    }
    if let Some((overdue, today)) = filter.overdue {
        q = if overdue {
            q.filter(complaint::Column::CurrentDueOn.lt(today))
        } else {
            q.filter(
                Condition::any()
                    .add(complaint::Column::CurrentDueOn.is_null())
                    .add(complaint::Column::CurrentDueOn.gte(today)),
            )
        };
    }
    if let Some(h) = filter.handler {
        q = q.filter(
            Condition::any()
                .add(complaint::Column::Stage1HandlerId.eq(h))
                .add(complaint::Column::Stage2HandlerId.eq(h)),
        );
    }
    if let Some(c) = filter.contractor {
        q = q.filter(complaint::Column::ContractorId.eq(c));
    }
    if let Some(cat) = &filter.category {
        q = q.filter(complaint::Column::Category.eq(cat.as_str()));
    }
    if let Some(r) = filter.resident {
        q = q.filter(complaint::Column::ResidentId.eq(r));
    }
    if let Some(text) = &filter.q {
        let pattern = format!(
            "%{}%",
            text.to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        q = q.filter(complaint::Column::SearchText.like(pattern));
    }
    if let Some(after) = req.after {
        q = q.filter(complaint::Column::Id.lt(after));
    }
    let rows = q
        .select_only()
        .columns(LINE)
        .limit(req.limit + 1)
        .into_model::<LineRow>()
        .all(conn)
        .await?
        .into_iter()
        .map(Line::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |c: &Line| c.id))
}
