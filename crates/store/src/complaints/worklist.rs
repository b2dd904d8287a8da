//! The worklist: the complaints a caller may see, filtered and paged (docs/api.md, "The
//! worklist").

use crate::entities::complaint;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{NaiveDate, Weekday};
use redress_domain::complaint::{NextDue, Stage, Status};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, NullOrdering};
use sea_orm::{
    ColumnTrait, ConnectionTrait, FromQueryResult, Order, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Select,
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
    /// What is due next and by when (the clock, an action or a remedy).
    pub next_due: Option<NextDue>,
    pub risk: Option<String>,
    pub flags: Vec<String>,
    /// Who holds the current stage: its handler's name, or at stage 1 the contractor
    /// organisation's.
    pub held_by: Option<String>,
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
    next_due_on: Option<NaiveDate>,
    next_due: Option<String>,
    risk: Option<String>,
    flags: String,
    handler_name: Option<String>,
    contractor_name: Option<String>,
}

/// The names of who holds each line, read with it (two lookups by key a line, in the same
/// statement: a page costs no more round trips than before).
const HANDLER_NAME: &str = "(SELECT u.name FROM users u WHERE u.id = CASE \
    WHEN complaints.current_stage = 2 THEN complaints.stage2_handler_id \
    ELSE complaints.stage1_handler_id END)";
const CONTRACTOR_NAME: &str = "(SELECT k.name FROM contractors k \
    WHERE k.landlord_id = complaints.landlord_id AND k.id = complaints.contractor_id \
    AND complaints.current_stage = 1)";

/// Reads lines: their columns and who holds them.
fn lines(q: Select<complaint::Entity>) -> sea_orm::Selector<sea_orm::SelectModel<LineRow>> {
    q.select_only()
        .columns(LINE)
        .expr_as(Expr::cust(HANDLER_NAME), "handler_name")
        .expr_as(Expr::cust(CONTRACTOR_NAME), "contractor_name")
        .into_model::<LineRow>()
}

const LINE: [complaint::Column; 15] = [
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
    complaint::Column::NextDueOn,
    complaint::Column::NextDue,
    complaint::Column::Risk,
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
            next_due: super::due::parse(r.next_due.as_deref(), r.next_due_on)?,
            risk: r.risk,
            held_by: r.handler_name.or(r.contractor_name),
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
    /// One of the saved views, in its order; none: every complaint, newest first.
    pub view: Option<(View, Today)>,
}

/// The worklist's saved views (docs/api.md, "The worklist"): each keeps some complaints and
/// lists them by what is due, the soonest (the most overdue) first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Not closed and not "not accepted", or with an action or remedy still due.
    Open,
    /// Something due before today.
    Overdue,
    /// Something due today.
    DueToday,
    /// Something due from today to the end of the week (Sunday).
    DueThisWeek,
    /// Open, and allocated to this user at the stage it is at.
    Mine(Uuid),
    /// A clock running and nobody holding the stage: the triage inbox, risk first.
    Unallocated,
}

impl View {
    /// Every view, in the order the worklist shows them, for the caller.
    pub fn all(me: Uuid) -> [View; 6] {
        [
            View::Overdue,
            View::DueToday,
            View::DueThisWeek,
            View::Mine(me),
            View::Unallocated,
            View::Open,
        ]
    }

    /// Its name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            View::Overdue => "overdue",
            View::DueToday => "due_today",
            View::DueThisWeek => "due_this_week",
            View::Mine(_) => "mine",
            View::Unallocated => "unallocated",
            View::Open => "open",
        }
    }

    /// The view of this name, for the caller `me`.
    pub fn named(name: &str, me: Uuid) -> Option<View> {
        View::all(me).into_iter().find(|v| v.name() == name)
    }
}

/// The day the views are worked out on, and the last day of its week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    pub today: NaiveDate,
    pub week_ends: NaiveDate,
}

impl Today {
    pub fn new(today: NaiveDate) -> Self {
        Today {
            today,
            week_ends: today.week(Weekday::Mon).last_day(),
        }
    }
}

const CLOCK_RUNNING: [&str; 4] = ["received", "stage1_open", "stage2_requested", "stage2_open"];

/// Risk first in the triage inbox (Code 6.1): a medium or high risk, or adjustments asked for.
const RISK_RANK: &str = "CASE WHEN risk IN ('high', 'medium') \
    OR flags LIKE '%\"adjustments_requested\"%' THEN 0 ELSE 1 END";

/// Whether a line comes first in the triage inbox (as [`RISK_RANK`] says in SQL).
fn risk_rank(risk: Option<&str>, flags: &[String]) -> i32 {
    if matches!(risk, Some("high" | "medium")) || flags.iter().any(|f| f == "adjustments_requested")
    {
        0
    } else {
        1
    }
}

fn open() -> Condition {
    Condition::any()
        // Named one by one, so that the index on the status serves.
        .add(
            complaint::Column::Status.is_in(
                Status::ALL
                    .iter()
                    .filter(|s| !matches!(s, Status::Closed | Status::NotAccepted))
                    .map(|s| s.as_str()),
            ),
        )
        .add(complaint::Column::NextDueOn.is_not_null())
}

/// Which complaints a view keeps.
fn keeps(view: View, day: Today) -> Condition {
    use complaint::Column as C;
    match view {
        View::Open => open(),
        View::Overdue => Condition::all().add(C::NextDueOn.lt(day.today)),
        View::DueToday => Condition::all().add(C::NextDueOn.eq(day.today)),
        View::DueThisWeek => Condition::all()
            .add(C::NextDueOn.gte(day.today))
            .add(C::NextDueOn.lte(day.week_ends)),
        View::Mine(me) => Condition::all().add(open()).add(
            Condition::any()
                .add(
                    Condition::all()
                        .add(C::CurrentStage.eq(1))
                        .add(C::Stage1HandlerId.eq(me)),
                )
                .add(
                    Condition::all()
                        .add(C::CurrentStage.eq(2))
                        .add(C::Stage2HandlerId.eq(me)),
                ),
        ),
        View::Unallocated => Condition::all().add(C::Status.is_in(CLOCK_RUNNING)).add(
            Condition::any()
                .add(
                    Condition::all()
                        .add(C::CurrentStage.eq(1))
                        .add(C::Stage1HandlerId.is_null())
                        .add(C::ContractorId.is_null()),
                )
                .add(
                    Condition::all()
                        .add(C::CurrentStage.eq(2))
                        .add(C::Stage2HandlerId.is_null()),
                ),
        ),
    }
}

/// The lines that come after `line` in a view's order: (risk rank in the triage inbox,) the
/// day due, nothing due last, then id.
fn after_line(view: View, line: &Line) -> Condition {
    use complaint::Column as C;
    let due_after = match line.next_due {
        Some(n) => Condition::any()
            .add(C::NextDueOn.gt(n.on))
            .add(
                Condition::all()
                    .add(C::NextDueOn.eq(n.on))
                    .add(C::Id.gt(line.id)),
            )
            .add(C::NextDueOn.is_null()),
        None => Condition::all()
            .add(C::NextDueOn.is_null())
            .add(C::Id.gt(line.id)),
    };
    if view != View::Unallocated {
        return due_after;
    }
    let rank = risk_rank(line.risk.as_deref(), &line.flags);
    Condition::any().add(Expr::cust(RISK_RANK).gt(rank)).add(
        Condition::all()
            .add(Expr::cust(RISK_RANK).eq(rank))
            .add(due_after),
    )
}

/// How many complaints each view holds for a caller, among those the filter keeps (its own
/// view aside): one statement, one count per view.
pub async fn counts(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    visibility: Visibility,
    filter: &Filter,
    views: &[View],
    day: Today,
) -> Result<Vec<(View, u64)>> {
    // Every view lies within the open ones: only those are read (by the status and next-due
    // indexes), not every complaint the landlord ever had.
    let mut q = filtered(
        visible(tenant::find::<complaint::Entity>(scope), visibility),
        filter,
    )
    .filter(open())
    .select_only();
    for (i, view) in views.iter().enumerate() {
        q = q.expr_as(
            Func::count(Into::<Expr>::into(Expr::case(keeps(*view, day), 1))),
            format!("v{i}"),
        );
    }
    let statement = q.build(conn.get_database_backend());
    let Some(row) = conn.query_one_raw(statement).await? else {
        return Ok(views.iter().map(|v| (*v, 0)).collect());
    };
    views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let n: i64 = row.try_get("", &format!("v{i}"))?;
            Ok((*v, u64::try_from(n).unwrap_or(0)))
        })
        .collect()
}

fn visible(q: Select<complaint::Entity>, visibility: Visibility) -> Select<complaint::Entity> {
    match visibility {
        Visibility::All => q,
        Visibility::Handler(id) => q.filter(
            Condition::any()
                .add(complaint::Column::Stage1HandlerId.eq(id))
                .add(complaint::Column::Stage2HandlerId.eq(id)),
        ),
        Visibility::Contractor(id) => q.filter(complaint::Column::ContractorId.eq(id)),
    }
}

/// A page of the worklist, newest first (cursor: the last id of the previous page).
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    visibility: Visibility,
    filter: &Filter,
    req: PageRequest,
) -> Result<Page<Line>> {
    let mut q = visible(tenant::find::<complaint::Entity>(scope), visibility);
    let in_view = match filter.view {
        None => {
            q = q.order_by_desc(complaint::Column::Id);
            if let Some(after) = req.after {
                q = q.filter(complaint::Column::Id.lt(after));
            }
            None
        }
        Some((view, day)) => {
            q = q.filter(keeps(view, day));
            if view == View::Unallocated {
                q = q.order_by(Expr::cust(RISK_RANK), Order::Asc);
            }
            q = q
                .order_by_with_nulls(complaint::Column::NextDueOn, Order::Asc, NullOrdering::Last)
                .order_by_asc(complaint::Column::Id);
            Some(view)
        }
    };
    if let (Some(view), Some(after)) = (in_view, req.after) {
        // The line the previous page ended on: where this one starts.
        let last = lines(
            visible(tenant::find::<complaint::Entity>(scope), visibility)
                .filter(complaint::Column::Id.eq(after)),
        )
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
        q = q.filter(after_line(view, &Line::try_from(last)?));
    }
    q = filtered(q, filter);
    let rows = lines(q.limit(req.limit + 1))
        .all(conn)
        .await?
        .into_iter()
        .map(Line::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |c: &Line| c.id))
}

/// The complaints a filter keeps (apart from its view).
fn filtered(mut q: Select<complaint::Entity>, filter: &Filter) -> Select<complaint::Entity> {
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
    q
}
