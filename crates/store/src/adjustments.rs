//! Reasonable adjustments agreed with residents (Code 3.1, 5.10): what was agreed, its
//! category, when, and when it is next reviewed, with every review kept. An adjustment is
//! `active` until it is ended (by a change or by a review whose outcome is `ended`); once
//! ended it has no review date.

use crate::Conn;
use crate::entities::{adjustment, adjustment_review, resident};
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

pub use redress_domain::restrictions::InForce;
/// A review outcome that ends the adjustment.
pub const OUTCOME_ENDED: &str = "ended";
/// How far ahead [`count_reviews`] counts reviews as falling due.
pub const DUE_WITHIN_DAYS: u64 = 14;

/// An adjustment to record. Values are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAdjustment {
    pub description: String,
    pub category: String,
    pub agreed_on: NaiveDate,
    pub next_review_on: NaiveDate,
}

/// A review to record. Values are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    pub reviewed_on: NaiveDate,
    /// `continue`, `changed` or `ended`.
    pub outcome: String,
    pub note: Option<String>,
    /// `None` only when the outcome is `ended`.
    pub next_review_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustmentReview {
    pub reviewed_on: NaiveDate,
    pub outcome: String,
    pub note: Option<String>,
    pub next_review_on: Option<NaiveDate>,
    pub reviewed_by: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub id: Uuid,
    pub resident_id: Uuid,
    pub description: String,
    /// `communication_format`, `contact_method`, `timing`, `representative_or_advocate`,
    /// `access` or `other`.
    pub category: String,
    pub agreed_on: NaiveDate,
    /// `None` once ended.
    pub next_review_on: Option<NaiveDate>,
    pub status: InForce,
    pub ended_on: Option<NaiveDate>,
    /// Oldest first.
    pub reviews: Vec<AdjustmentReview>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl Adjustment {
    fn from_model(m: adjustment::Model, reviews: Vec<AdjustmentReview>) -> Result<Self> {
        Ok(Adjustment {
            id: m.id,
            resident_id: m.resident_id,
            description: m.description,
            category: m.category,
            agreed_on: m.agreed_on,
            next_review_on: m.next_review_on,
            status: InForce::parse(&m.status)
                .map_err(|e| crate::error::corrupt("adjustments.status", e))?,
            ended_on: m.ended_on,
            reviews,
            created_by: m.created_by,
            created_at: m.created_at,
        })
    }
}

/// A change to an adjustment: its wording, and/or ending it on a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdjustmentChange {
    pub description: Option<String>,
    pub end_on: Option<NaiveDate>,
}

fn review_of(r: adjustment_review::Model) -> AdjustmentReview {
    AdjustmentReview {
        reviewed_on: r.reviewed_on,
        outcome: r.outcome,
        note: r.note,
        next_review_on: r.next_review_on,
        reviewed_by: r.reviewed_by,
    }
}

/// An adjustment as stored, with its reviews as stored, oldest first.
pub(crate) fn from_models(
    m: adjustment::Model,
    reviews: Vec<adjustment_review::Model>,
) -> Result<Adjustment> {
    Adjustment::from_model(m, reviews.into_iter().map(review_of).collect())
}

/// Attaches each adjustment's reviews, oldest first, in one query.
async fn with_reviews(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    models: Vec<adjustment::Model>,
) -> Result<Vec<Adjustment>> {
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut by_adjustment: HashMap<Uuid, Vec<AdjustmentReview>> = HashMap::new();
    for r in tenant::find::<adjustment_review::Entity>(scope)
        .filter(adjustment_review::Column::AdjustmentId.is_in(ids))
        .order_by_asc(adjustment_review::Column::Id)
        .all(conn)
        .await?
    {
        by_adjustment
            .entry(r.adjustment_id)
            .or_default()
            .push(review_of(r));
    }
    models
        .into_iter()
        .map(|m| {
            let reviews = by_adjustment.remove(&m.id).unwrap_or_default();
            Adjustment::from_model(m, reviews)
        })
        .collect()
}

async fn one(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    m: adjustment::Model,
) -> Result<Adjustment> {
    with_reviews(conn, scope, vec![m])
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound)
}

/// The resident must be this landlord's; another landlord's is `NotFound`.
async fn resident_exists(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
) -> Result<()> {
    tenant::find_by_id::<resident::Entity>(scope, resident_id)
        .one(conn)
        .await?
        .map(|_| ())
        .ok_or(StoreError::NotFound)
}

async fn model(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    id: Uuid,
) -> Result<adjustment::Model> {
    tenant::find_by_id::<adjustment::Entity>(scope, id)
        .one(conn)
        .await?
        .filter(|m| m.resident_id == resident_id)
        .ok_or(StoreError::NotFound)
}

/// Records an adjustment agreed with one of the landlord's residents (Code 3.1).
#[tracing::instrument(skip(conn, new))]
pub async fn insert(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    new: NewAdjustment,
    created_by: Option<Uuid>,
) -> Result<Adjustment> {
    resident_exists(conn, scope, resident_id).await?;
    let m = adjustment::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        resident_id: Set(resident_id),
        description: Set(new.description),
        category: Set(new.category),
        agreed_on: Set(new.agreed_on),
        next_review_on: Set(Some(new.next_review_on)),
        status: Set(InForce::Active.as_str().to_owned()),
        ended_on: Set(None),
        created_by: Set(created_by),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Adjustment::from_model(m, Vec::new())
}

/// One adjustment of one resident; another resident's or landlord's is `NotFound`.
#[tracing::instrument(skip(conn))]
pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    id: Uuid,
) -> Result<Adjustment> {
    let m = model(conn, scope, resident_id, id).await?;
    one(conn, scope, m).await
}

/// All of a resident's adjustments, active and ended, in the order they were agreed.
#[tracing::instrument(skip(conn))]
pub async fn list_for_resident(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    req: PageRequest,
) -> Result<Page<Adjustment>> {
    resident_exists(conn, scope, resident_id).await?;
    let mut q = tenant::find::<adjustment::Entity>(scope)
        .filter(adjustment::Column::ResidentId.eq(resident_id))
        .order_by_asc(adjustment::Column::Id);
    if let Some(after) = req.after {
        q = q.filter(adjustment::Column::Id.gt(after));
    }
    let rows = q.limit(req.limit + 1).all(conn).await?;
    let rows = with_reviews(conn, scope, rows).await?;
    Ok(Page::from_rows(rows, req, |a: &Adjustment| a.id))
}

/// The resident's adjustments in force, oldest first: every case view shows them first
/// (Code 3.1).
#[tracing::instrument(skip(conn))]
pub async fn active_for_resident(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
) -> Result<Vec<Adjustment>> {
    let rows = tenant::find::<adjustment::Entity>(scope)
        .filter(adjustment::Column::ResidentId.eq(resident_id))
        .filter(adjustment::Column::Status.eq(InForce::Active.as_str()))
        .order_by_asc(adjustment::Column::Id)
        .all(conn)
        .await?;
    with_reviews(conn, scope, rows).await
}

/// Active adjustments whose review falls on or before `due_by` and, when `overdue_before` is
/// given, before that day too (Code 5.10: adjustments overdue for review are listed).
///
/// Ordered by review date, then id. The cursor (`req.after`) is the id of the last item of
/// the previous page; the page continues after that adjustment's position in this order, as
/// it stands now. An adjustment reviewed between two pages moves to its new review date, so
/// it may then be skipped or seen again, as with any list of live work.
#[tracing::instrument(skip(conn))]
pub async fn reviews_due(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    due_by: NaiveDate,
    overdue_before: Option<NaiveDate>,
    req: PageRequest,
) -> Result<Page<Adjustment>> {
    let mut q = tenant::find::<adjustment::Entity>(scope)
        .filter(adjustment::Column::Status.eq(InForce::Active.as_str()))
        .filter(adjustment::Column::NextReviewOn.lte(due_by))
        .order_by_asc(adjustment::Column::NextReviewOn)
        .order_by_asc(adjustment::Column::Id);
    if let Some(before) = overdue_before {
        q = q.filter(adjustment::Column::NextReviewOn.lt(before));
    }
    if let Some(after) = req.after {
        let last = tenant::find_by_id::<adjustment::Entity>(scope, after)
            .one(conn)
            .await?;
        match last.and_then(|m| m.next_review_on) {
            Some(day) => {
                q = q.filter(
                    Condition::any()
                        .add(adjustment::Column::NextReviewOn.gt(day))
                        .add(
                            Condition::all()
                                .add(adjustment::Column::NextReviewOn.eq(day))
                                .add(adjustment::Column::Id.gt(after)),
                        ),
                );
            }
            // The last item has since ended: nothing locates the page, so continue by id
            // among the rest of the list.
            None => q = q.filter(adjustment::Column::Id.gt(after)),
        }
    }
    let rows = q.limit(req.limit + 1).all(conn).await?;
    let rows = with_reviews(conn, scope, rows).await?;
    Ok(Page::from_rows(rows, req, |a: &Adjustment| a.id))
}

/// For dashboards: active adjustments whose review falls due from `today` to
/// [`DUE_WITHIN_DAYS`] days ahead (inclusive), and those whose review date has passed
/// (before `today`). The two counts do not overlap.
#[tracing::instrument(skip(conn))]
pub async fn count_reviews(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    today: NaiveDate,
) -> Result<(u64, u64)> {
    let horizon = today
        .checked_add_days(Days::new(DUE_WITHIN_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let active = || {
        tenant::find::<adjustment::Entity>(scope)
            .filter(adjustment::Column::Status.eq(InForce::Active.as_str()))
    };
    let due = active()
        .filter(adjustment::Column::NextReviewOn.gte(today))
        .filter(adjustment::Column::NextReviewOn.lte(horizon))
        .count(conn)
        .await?;
    let overdue = active()
        .filter(adjustment::Column::NextReviewOn.lt(today))
        .count(conn)
        .await?;
    Ok((due, overdue))
}

/// Ends an active adjustment on a day, conditionally so two people ending or reviewing it at
/// once cannot both succeed: an adjustment already ended is a `Conflict`.
async fn end_active(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
    on: NaiveDate,
) -> Result<()> {
    let done = tenant::update_many::<adjustment::Entity>(scope)
        .col_expr(
            adjustment::Column::Status,
            Expr::value(InForce::Ended.as_str()),
        )
        .col_expr(adjustment::Column::EndedOn, Expr::value(Some(on)))
        .col_expr(
            adjustment::Column::NextReviewOn,
            Expr::value(Option::<NaiveDate>::None),
        )
        .filter(adjustment::Column::Id.eq(id))
        .filter(adjustment::Column::Status.eq(InForce::Active.as_str()))
        .exec(conn)
        .await?;
    if done.rows_affected == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict(
            "the adjustment has already ended".into(),
        ))
    }
}

/// Changes the wording of an adjustment and/or ends it. Ending one already ended is a
/// `Conflict`; the wording of an ended one may still be corrected.
#[tracing::instrument(skip(conn, change))]
pub async fn update(
    conn: &impl Conn,
    scope: TenantScope,
    resident_id: Uuid,
    id: Uuid,
    change: AdjustmentChange,
) -> Result<Adjustment> {
    let txn = conn.begin().await?;
    let m = model(&txn, scope, resident_id, id).await?;
    if let Some(on) = change.end_on {
        end_active(&txn, scope, id, on).await?;
    }
    if let Some(description) = change.description {
        tenant::update_many::<adjustment::Entity>(scope)
            .col_expr(adjustment::Column::Description, Expr::value(description))
            .filter(adjustment::Column::Id.eq(m.id))
            .exec(&txn)
            .await?;
    }
    let m = model(&txn, scope, resident_id, id).await?;
    let a = one(&txn, scope, m).await?;
    txn.commit().await?;
    Ok(a)
}

/// Records a review of an active adjustment (Code 5.10): it moves the review date, or, when
/// the outcome is `ended`, ends the adjustment on the day of the review. Reviewing an ended
/// adjustment is a `Conflict`.
#[tracing::instrument(skip(conn, review))]
pub async fn review(
    conn: &impl Conn,
    scope: TenantScope,
    resident_id: Uuid,
    id: Uuid,
    review: NewReview,
    reviewed_by: Option<Uuid>,
) -> Result<Adjustment> {
    let txn = conn.begin().await?;
    let m = model(&txn, scope, resident_id, id).await?;
    if review.outcome == OUTCOME_ENDED {
        end_active(&txn, scope, m.id, review.reviewed_on).await?;
    } else {
        let done = tenant::update_many::<adjustment::Entity>(scope)
            .col_expr(
                adjustment::Column::NextReviewOn,
                Expr::value(review.next_review_on),
            )
            .filter(adjustment::Column::Id.eq(m.id))
            .filter(adjustment::Column::Status.eq(InForce::Active.as_str()))
            .exec(&txn)
            .await?;
        if done.rows_affected != 1 {
            return Err(StoreError::Conflict(
                "the adjustment has ended; an ended adjustment is not reviewed".into(),
            ));
        }
    }
    adjustment_review::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        adjustment_id: Set(m.id),
        reviewed_on: Set(review.reviewed_on),
        outcome: Set(review.outcome),
        note: Set(review.note),
        next_review_on: Set(review.next_review_on),
        due_on: Set(m.next_review_on),
        reviewed_by: Set(reviewed_by),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    let m = model(&txn, scope, resident_id, id).await?;
    let a = one(&txn, scope, m).await?;
    txn.commit().await?;
    Ok(a)
}
