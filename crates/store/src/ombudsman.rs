//! The Ombudsman's part in a complaint (docs/rules.md, "The Ombudsman"): the referral, the
//! determination, the orders and recommendations, and the landlord's compliance with each,
//! which the governing body is to hear of (Code 9.7c).
//!
//! Every change is one transaction with its event on the complaint's timeline.

use crate::complaints::{NewEvent, insert_event};
use crate::entities::{complaint, ombudsman_order, ombudsman_referral, ombudsman_request};
use crate::error::corrupt;
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::complaint::{Determination, Status};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr, TransactionSession, TransactionTrait,
};
use serde::Serialize;
use uuid::Uuid;

pub use redress_domain::ombudsman::{OrderKind, OrderStatus};

/// An order or recommendation of the Ombudsman, and the landlord's compliance with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: Uuid,
    pub kind: OrderKind,
    pub description: String,
    pub due_on: Option<NaiveDate>,
    pub status: OrderStatus,
    pub complied_on: Option<NaiveDate>,
    pub evidence: Option<String>,
}

impl Order {
    /// Past its due date and not complied with.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.due_on.is_some_and(|d| d < today) && self.status != OrderStatus::Complied
    }
}

impl TryFrom<ombudsman_order::Model> for Order {
    type Error = StoreError;
    fn try_from(m: ombudsman_order::Model) -> Result<Self> {
        Ok(Order {
            id: m.id,
            kind: OrderKind::parse(&m.kind).map_err(|e| corrupt("ombudsman_orders.kind", e))?,
            description: m.description,
            due_on: m.due_on,
            status: OrderStatus::parse(&m.status)
                .map_err(|e| corrupt("ombudsman_orders.status", e))?,
            complied_on: m.complied_on,
            evidence: m.evidence,
        })
    }
}

/// A request of the Ombudsman for information on a referred complaint: what it asked for, the
/// date it gave, and the landlord's answer. Answering late leads to a Complaint Handling
/// Failure Order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InformationRequest {
    pub id: Uuid,
    /// The day the landlord received it.
    pub received_on: NaiveDate,
    /// What the Ombudsman asked for.
    pub description: String,
    /// The date the Ombudsman gave.
    pub due_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    /// What was sent in answer.
    pub sent: Option<String>,
    /// When the evidence bundle sent with the answer was made, if it was sent.
    pub bundle_made_at: Option<DateTime<Utc>>,
}

impl InformationRequest {
    /// Not answered, and past the date the Ombudsman gave.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.answered_on.is_none() && self.due_on < today
    }

    /// Answered after the date the Ombudsman gave.
    pub fn answered_late(&self) -> bool {
        self.answered_on.is_some_and(|a| a > self.due_on)
    }
}

impl From<ombudsman_request::Model> for InformationRequest {
    fn from(m: ombudsman_request::Model) -> Self {
        InformationRequest {
            id: m.id,
            received_on: m.received_on,
            description: m.description,
            due_on: m.due_on,
            answered_on: m.answered_on,
            sent: m.sent,
            bundle_made_at: m.bundle_made_at,
        }
    }
}

/// A complaint's referral to the Ombudsman, with the determination and its orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub complaint_id: Uuid,
    pub referred_on: NaiveDate,
    /// The scheme's Ombudsman when the referral was recorded.
    pub ombudsman_name: String,
    pub ombudsman_reference: String,
    pub determination: Option<Determination>,
    pub determined_on: Option<NaiveDate>,
    /// Orders and recommendations, in the order they were recorded.
    pub orders: Vec<Order>,
    /// The Ombudsman's requests for information, in the order they were recorded.
    pub requests: Vec<InformationRequest>,
    pub created_at: DateTime<Utc>,
}

pub(crate) fn referral(
    m: ombudsman_referral::Model,
    orders: Vec<Order>,
    requests: Vec<InformationRequest>,
) -> Result<Referral> {
    Ok(Referral {
        complaint_id: m.complaint_id,
        referred_on: m.referred_on,
        ombudsman_name: m.ombudsman_name,
        ombudsman_reference: m.ombudsman_reference,
        determination: m
            .determination
            .as_deref()
            .map(Determination::parse)
            .transpose()
            .map_err(|e| corrupt("ombudsman_referrals.determination", e))?,
        determined_on: m.determined_on,
        orders,
        requests,
        created_at: m.created_at,
    })
}

/// A complaint's referral with its orders, if it was referred.
pub async fn load(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
) -> Result<Option<Referral>> {
    match tenant::find_by_id::<ombudsman_referral::Entity>(scope, complaint_id)
        .one(conn)
        .await?
    {
        Some(m) => with_orders(conn, scope, m).await.map(Some),
        None => Ok(None),
    }
}

/// A referral already read, with its orders.
pub(crate) async fn with_orders(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    m: ombudsman_referral::Model,
) -> Result<Referral> {
    let orders = tenant::find::<ombudsman_order::Entity>(scope)
        .filter(ombudsman_order::Column::ComplaintId.eq(m.complaint_id))
        .order_by_asc(ombudsman_order::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Order::try_from)
        .collect::<Result<Vec<_>>>()?;
    let requests = tenant::find::<ombudsman_request::Entity>(scope)
        .filter(ombudsman_request::Column::ComplaintId.eq(m.complaint_id))
        .order_by_asc(ombudsman_request::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(InformationRequest::from)
        .collect();
    referral(m, orders, requests)
}

const ALREADY_REFERRED: &str = "this complaint has already been referred to the Ombudsman; record the Ombudsman's determination and orders on that referral";

#[derive(Debug, Clone)]
pub struct NewReferral {
    pub referred_on: NaiveDate,
    pub ombudsman_name: String,
    pub ombudsman_reference: String,
    pub created_by: Option<Uuid>,
}

/// Records the referral and its event in one transaction, provided the complaint is still in
/// the status the decision was made on. A second referral of the same complaint is refused.
#[tracing::instrument(skip(db, new, event), fields(landlord = %scope.landlord_id()))]
pub async fn refer<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    complaint_id: Uuid,
    decided_on: Status,
    new: NewReferral,
    event: NewEvent,
) -> Result<Referral> {
    let txn = crate::db::begin_write_on(db).await?;
    let now = Utc::now();
    let touched = tenant::update_many::<complaint::Entity>(scope)
        .col_expr(complaint::Column::UpdatedAt, Expr::value(now))
        .filter(complaint::Column::Id.eq(complaint_id))
        .filter(complaint::Column::Status.eq(decided_on.as_str()))
        .exec(&txn)
        .await?;
    if touched.rows_affected != 1 {
        tenant::find_by_id::<complaint::Entity>(scope, complaint_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        return Err(StoreError::Conflict(
            "the complaint was changed by someone else meanwhile; reload it and try again".into(),
        ));
    }
    let inserted = ombudsman_referral::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        complaint_id: Set(complaint_id),
        referred_on: Set(new.referred_on),
        ombudsman_name: Set(new.ombudsman_name),
        ombudsman_reference: Set(new.ombudsman_reference),
        determination: Set(None),
        determined_on: Set(None),
        created_by: Set(new.created_by),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        // Two people recording the same referral at once: the primary key keeps one.
        Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(ALREADY_REFERRED.into()),
        _ => StoreError::from(e),
    })?;
    insert_event(&txn, scope, complaint_id, event).await?;
    txn.commit().await?;
    referral(inserted, Vec::new(), Vec::new())
}

#[derive(Debug, Clone)]
pub struct NewOrder {
    pub kind: OrderKind,
    pub description: String,
    pub due_on: Option<NaiveDate>,
}

/// What a change to the referral sets. Absent parts stay as they are.
#[derive(Debug, Clone, Default)]
pub struct ReferralChange {
    pub ombudsman_reference: Option<String>,
    /// The determination and the day it was made, always together.
    pub determination: Option<(Determination, NaiveDate)>,
    pub orders: Vec<NewOrder>,
}

/// Records a change to the referral (the reference, the determination, new orders and
/// recommendations) and its event in one transaction, provided the determination is still
/// the one the decision was made on.
#[tracing::instrument(skip(db, change, event), fields(landlord = %scope.landlord_id()))]
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    complaint_id: Uuid,
    decided_on: Option<Determination>,
    change: ReferralChange,
    event: NewEvent,
) -> Result<Referral> {
    let txn = crate::db::begin_write_on(db).await?;
    let now = Utc::now();
    let mut update = tenant::update_many::<ombudsman_referral::Entity>(scope)
        .col_expr(ombudsman_referral::Column::UpdatedAt, Expr::value(now))
        .filter(ombudsman_referral::Column::ComplaintId.eq(complaint_id));
    update = match decided_on {
        Some(d) => update.filter(ombudsman_referral::Column::Determination.eq(d.as_str())),
        None => update.filter(ombudsman_referral::Column::Determination.is_null()),
    };
    if let Some(reference) = change.ombudsman_reference {
        update = update.col_expr(
            ombudsman_referral::Column::OmbudsmanReference,
            Expr::value(reference),
        );
    }
    if let Some((determination, on)) = change.determination {
        update = update
            .col_expr(
                ombudsman_referral::Column::Determination,
                Expr::value(determination.as_str()),
            )
            .col_expr(ombudsman_referral::Column::DeterminedOn, Expr::value(on));
    }
    if update.exec(&txn).await?.rows_affected != 1 {
        tenant::find_by_id::<ombudsman_referral::Entity>(scope, complaint_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        return Err(StoreError::Conflict(
            "the Ombudsman's determination was changed by someone else meanwhile; reload the complaint and try again".into(),
        ));
    }
    for o in change.orders {
        ombudsman_order::ActiveModel {
            landlord_id: Set(scope.landlord_id()),
            id: Set(Uuid::now_v7()),
            complaint_id: Set(complaint_id),
            kind: Set(o.kind.as_str().to_owned()),
            description: Set(o.description),
            due_on: Set(o.due_on),
            status: Set(OrderStatus::Open.as_str().to_owned()),
            complied_on: Set(None),
            evidence: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    insert_event(&txn, scope, complaint_id, event).await?;
    let updated = load(&txn, scope, complaint_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    txn.commit().await?;
    Ok(updated)
}

/// A change to the landlord's compliance with an order or recommendation.
#[derive(Debug, Clone)]
pub struct OrderChange {
    pub status: OrderStatus,
    /// Set when complied with, cleared otherwise.
    pub complied_on: Option<NaiveDate>,
    /// Absent: stays as it is.
    pub evidence: Option<String>,
}

/// Records a change to an order of this complaint's referral, and its event.
#[tracing::instrument(skip(db, change, event), fields(landlord = %scope.landlord_id()))]
pub async fn update_order<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    complaint_id: Uuid,
    order_id: Uuid,
    change: OrderChange,
    event: NewEvent,
) -> Result<Order> {
    let txn = crate::db::begin_write_on(db).await?;
    let m = tenant::find_by_id::<ombudsman_order::Entity>(scope, order_id)
        .one(&txn)
        .await?
        .filter(|m| m.complaint_id == complaint_id)
        .ok_or(StoreError::NotFound)?;
    let mut a: ombudsman_order::ActiveModel = m.into();
    a.status = Set(change.status.as_str().to_owned());
    a.complied_on = Set(change.complied_on);
    if let Some(evidence) = change.evidence {
        a.evidence = Set(Some(evidence));
    }
    a.updated_at = Set(Utc::now());
    let updated = Order::try_from(a.update(&txn).await?)?;
    insert_event(&txn, scope, complaint_id, event).await?;
    txn.commit().await?;
    Ok(updated)
}

/// A request for information to record.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub received_on: NaiveDate,
    pub description: String,
    pub due_on: NaiveDate,
    pub created_by: Option<Uuid>,
}

/// Records a request of the Ombudsman on this complaint's referral, and its event, in one
/// transaction; what is due next on the complaint moves with it.
#[tracing::instrument(skip(db, new, event), fields(landlord = %scope.landlord_id()))]
pub async fn add_request<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    complaint_id: Uuid,
    new: NewRequest,
    event: NewEvent,
) -> Result<InformationRequest> {
    let txn = crate::db::begin_write_on(db).await?;
    tenant::find_by_id::<ombudsman_referral::Entity>(scope, complaint_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let now = Utc::now();
    let inserted = ombudsman_request::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        complaint_id: Set(complaint_id),
        received_on: Set(new.received_on),
        description: Set(new.description),
        due_on: Set(new.due_on),
        answered_on: Set(None),
        sent: Set(None),
        created_by: Set(new.created_by),
        answered_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        bundle_made_at: Set(None),
    }
    .insert(&txn)
    .await?;
    insert_event(&txn, scope, complaint_id, event).await?;
    crate::complaints::refresh_due(&txn, scope, complaint_id).await?;
    txn.commit().await?;
    Ok(inserted.into())
}

/// The answer to a request: the day it was sent and what was sent.
#[derive(Debug, Clone)]
pub struct RequestAnswer {
    pub answered_on: NaiveDate,
    pub sent: String,
    pub answered_by: Option<Uuid>,
    /// When the evidence bundle sent with it was made.
    pub bundle_made_at: Option<DateTime<Utc>>,
}

/// Records the answer to a request of this complaint not yet answered, and its event; what is
/// due next on the complaint moves with it. A request answered already is a conflict.
#[tracing::instrument(skip(db, answer, event), fields(landlord = %scope.landlord_id()))]
pub async fn answer_request<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    complaint_id: Uuid,
    request_id: Uuid,
    answer: RequestAnswer,
    event: NewEvent,
) -> Result<InformationRequest> {
    let txn = crate::db::begin_write_on(db).await?;
    let done = tenant::update_many::<ombudsman_request::Entity>(scope)
        .col_expr(
            ombudsman_request::Column::AnsweredOn,
            Expr::value(answer.answered_on),
        )
        .col_expr(ombudsman_request::Column::Sent, Expr::value(answer.sent))
        .col_expr(
            ombudsman_request::Column::BundleMadeAt,
            Expr::value(answer.bundle_made_at),
        )
        .col_expr(
            ombudsman_request::Column::AnsweredBy,
            Expr::value(answer.answered_by),
        )
        .col_expr(
            ombudsman_request::Column::UpdatedAt,
            Expr::value(Utc::now()),
        )
        .filter(ombudsman_request::Column::Id.eq(request_id))
        .filter(ombudsman_request::Column::ComplaintId.eq(complaint_id))
        .filter(ombudsman_request::Column::AnsweredOn.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        tenant::find_by_id::<ombudsman_request::Entity>(scope, request_id)
            .one(&txn)
            .await?
            .filter(|m| m.complaint_id == complaint_id)
            .ok_or(StoreError::NotFound)?;
        return Err(StoreError::Conflict(
            "this request has been answered already".into(),
        ));
    }
    insert_event(&txn, scope, complaint_id, event).await?;
    crate::complaints::refresh_due(&txn, scope, complaint_id).await?;
    let answered = tenant::find_by_id::<ombudsman_request::Entity>(scope, request_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    txn.commit().await?;
    Ok(answered.into())
}

/// The Ombudsman's requests for information that fell due in a period, as they stood at its
/// end. These lead to Complaint Handling Failure Orders when answered late.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RequestCounts {
    /// Requests whose date fell within the period.
    pub due: u64,
    /// Of those, answered by their date.
    pub answered_in_time: u64,
    /// Of those, answered after their date (by the end of the period).
    pub answered_late: u64,
    /// Of those, not answered by the end of the period and past their date.
    pub overdue: u64,
}

/// Requests not answered whose date is on or before `by` (the reminders' horizon).
pub async fn requests_due(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    by: NaiveDate,
) -> Result<Vec<(Uuid, InformationRequest)>> {
    Ok(tenant::find::<ombudsman_request::Entity>(scope)
        .filter(ombudsman_request::Column::AnsweredOn.is_null())
        .filter(ombudsman_request::Column::DueOn.lte(by))
        .order_by_asc(ombudsman_request::Column::DueOn)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.complaint_id, InformationRequest::from(m)))
        .collect())
}

/// How many determinations of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DeterminationCount {
    /// `no_maladministration`, `service_failure`, `maladministration`,
    /// `severe_maladministration`, `outside_jurisdiction` or `withdrawn`.
    #[schema(value_type = String, example = "service_failure")]
    pub determination: Determination,
    pub count: u64,
}

/// Compliance with the orders (or the recommendations) that fell due in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Compliance {
    /// Due within the period.
    pub due: u64,
    /// Of those, complied with by the end of the period.
    pub complied: u64,
    /// Of those, past their due date at the end of the period and not complied with by then.
    pub overdue: u64,
}

/// The Ombudsman's findings and the landlord's compliance over a period, for the governing
/// body (Code 9.7c) and the annual report (Code 8.1). No resident data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OmbudsmanSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Complaints referred to the Ombudsman within the period.
    pub referrals: u64,
    /// Determinations made within the period, by kind: every kind, in the vocabulary's order,
    /// zeros included.
    pub determinations: Vec<DeterminationCount>,
    pub orders: Compliance,
    pub recommendations: Compliance,
    /// The Ombudsman's requests for information due in the period.
    pub information_requests: RequestCounts,
}

impl OmbudsmanSummary {
    /// Determinations of one kind.
    pub fn determined(&self, kind: Determination) -> u64 {
        self.determinations
            .iter()
            .find(|d| d.determination == kind)
            .map_or(0, |d| d.count)
    }
}

/// The Ombudsman's figures for the period `from`–`to` inclusive: referrals made, determinations
/// made by kind, and the orders and recommendations that fell due with how many were complied
/// with and how many are overdue, each as it stood at the end of the period (`to`).
#[tracing::instrument(skip(conn), fields(landlord = %scope.landlord_id()))]
pub async fn ombudsman_summary(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<OmbudsmanSummary> {
    let referrals = tenant::find::<ombudsman_referral::Entity>(scope)
        .filter(ombudsman_referral::Column::ReferredOn.between(from, to))
        .count(conn)
        .await?;
    let determined = tenant::find::<ombudsman_referral::Entity>(scope)
        .select_only()
        .column(ombudsman_referral::Column::Determination)
        .filter(ombudsman_referral::Column::DeterminedOn.between(from, to))
        .filter(ombudsman_referral::Column::Determination.is_not_null())
        .into_tuple::<String>()
        .all(conn)
        .await?
        .iter()
        .map(|d| {
            Determination::parse(d).map_err(|e| corrupt("ombudsman_referrals.determination", e))
        })
        .collect::<Result<Vec<_>>>()?;
    let determinations = Determination::ALL
        .iter()
        .map(|&kind| DeterminationCount {
            determination: kind,
            count: count(determined.iter().filter(|&&d| d == kind)),
        })
        .collect();
    let due = tenant::find::<ombudsman_order::Entity>(scope)
        .filter(ombudsman_order::Column::DueOn.between(from, to))
        .all(conn)
        .await?
        .into_iter()
        .map(Order::try_from)
        .collect::<Result<Vec<_>>>()?;
    let complied_by_end =
        |o: &Order| o.status == OrderStatus::Complied && o.complied_on.is_some_and(|c| c <= to);
    let overdue_at_end = |o: &Order| o.due_on.is_some_and(|d| d < to) && !complied_by_end(o);
    let compliance = |kind: OrderKind| {
        let of_kind = || due.iter().filter(move |o| o.kind == kind);
        Compliance {
            due: count(of_kind()),
            complied: count(of_kind().filter(|o| complied_by_end(o))),
            overdue: count(of_kind().filter(|o| overdue_at_end(o))),
        }
    };
    let requests: Vec<InformationRequest> = tenant::find::<ombudsman_request::Entity>(scope)
        .filter(ombudsman_request::Column::DueOn.between(from, to))
        .all(conn)
        .await?
        .into_iter()
        .map(InformationRequest::from)
        .collect();
    let answered_by_end = |r: &InformationRequest| r.answered_on.filter(|a| *a <= to);
    Ok(OmbudsmanSummary {
        from,
        to,
        referrals,
        determinations,
        orders: compliance(OrderKind::Order),
        recommendations: compliance(OrderKind::Recommendation),
        information_requests: RequestCounts {
            due: count(requests.iter()),
            answered_in_time: count(
                requests
                    .iter()
                    .filter(|r| answered_by_end(r).is_some_and(|a| a <= r.due_on)),
            ),
            answered_late: count(
                requests
                    .iter()
                    .filter(|r| answered_by_end(r).is_some_and(|a| a > r.due_on)),
            ),
            overdue: count(
                requests
                    .iter()
                    .filter(|r| answered_by_end(r).is_none() && r.due_on < to),
            ),
        },
    })
}

fn count<T>(items: impl Iterator<Item = T>) -> u64 {
    u64::try_from(items.count()).unwrap_or(u64::MAX)
}
