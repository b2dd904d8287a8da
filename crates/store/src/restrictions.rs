//! Restrictions for unacceptable behaviour (Code 5.14, 5.15) and their reviews.

use crate::entities::{restriction, restriction_review};
use crate::error::corrupt;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use redress_domain::restrictions::InForce;

/// A warning given before the restriction (first, second, final).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub level: String,
    pub given_on: NaiveDate,
    /// The letter or note that gave it.
    pub letter: Option<String>,
}

/// One term of the restriction: how contact is limited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// `single_point_of_contact`, `written_contact_only`, `set_times` or `other`.
    pub kind: String,
    pub detail: String,
}

/// What the restriction says of one of the resident's reasonable adjustments in force when it
/// was imposed (Code 5.14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentConsidered {
    pub adjustment_id: Uuid,
    /// The adjustment as it read when the restriction was imposed.
    pub description: String,
    /// `kept` or `changed`.
    pub effect: String,
    pub how: String,
}

/// Code 5.14: the domain's check that a restriction names each of the resident's adjustments
/// in force (`active`), once, with how it is kept or changed; `considered` is what the
/// restriction says, as (adjustment id, how). Every problem is returned, naming its field.
pub fn check_adjustments_considered(
    active: &[crate::adjustments::Adjustment],
    considered: &[(Uuid, &str)],
) -> Vec<redress_domain::restrictions::FieldProblem> {
    use redress_domain::restrictions::{ActiveAdjustment, Considered, check_adjustments};
    let active: Vec<ActiveAdjustment<'_>> = active
        .iter()
        .map(|a| ActiveAdjustment {
            id: a.id,
            description: &a.description,
        })
        .collect();
    let considered: Vec<Considered<'_>> = considered
        .iter()
        .map(|&(adjustment_id, how)| Considered { adjustment_id, how })
        .collect();
    check_adjustments(&active, &considered)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: Uuid,
    pub reviewed_on: NaiveDate,
    pub outcome: String,
    pub note: Option<String>,
    pub next_review_on: Option<NaiveDate>,
    pub reviewed_by: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    pub id: Uuid,
    pub resident_id: Uuid,
    /// `resident` or `representative`.
    pub applies_to: String,
    pub representative_name: Option<String>,
    pub behaviour: String,
    /// What the behaviour is evidenced by (documents, attachment ids, incident references).
    pub evidence: Vec<String>,
    pub warnings: Vec<Warning>,
    pub terms: Vec<Term>,
    pub adjustments: Vec<AdjustmentConsidered>,
    pub proportionality: String,
    pub equality_act: String,
    pub decided_by: Uuid,
    pub starts_on: NaiveDate,
    pub review_on: Option<NaiveDate>,
    pub status: InForce,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub reviews: Vec<Review>,
    pub created_at: DateTime<Utc>,
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn from_model(m: restriction::Model, reviews: Vec<Review>) -> Result<Restriction> {
    Ok(Restriction {
        evidence: serde_json::from_str(&m.evidence)
            .map_err(|e| corrupt("restrictions.evidence", e))?,
        warnings: serde_json::from_str(&m.warnings)
            .map_err(|e| corrupt("restrictions.warnings", e))?,
        terms: serde_json::from_str(&m.terms).map_err(|e| corrupt("restrictions.terms", e))?,
        adjustments: serde_json::from_str(&m.adjustments_considered)
            .map_err(|e| corrupt("restrictions.adjustments_considered", e))?,
        id: m.id,
        resident_id: m.resident_id,
        applies_to: m.applies_to,
        representative_name: m.representative_name,
        behaviour: m.behaviour,
        proportionality: m.proportionality,
        equality_act: m.equality_act,
        decided_by: m.decided_by,
        starts_on: m.starts_on,
        review_on: m.review_on,
        status: InForce::parse(&m.status).map_err(|e| corrupt("restrictions.status", e))?,
        ended_on: m.ended_on,
        end_reason: m.end_reason,
        reviews,
        created_at: m.created_at,
    })
}

#[derive(Debug, Clone)]
pub struct NewRestriction {
    pub resident_id: Uuid,
    pub applies_to: String,
    pub representative_name: Option<String>,
    pub behaviour: String,
    pub evidence: Vec<String>,
    pub warnings: Vec<Warning>,
    pub terms: Vec<Term>,
    pub adjustments: Vec<AdjustmentConsidered>,
    pub proportionality: String,
    pub equality_act: String,
    pub decided_by: Uuid,
    pub starts_on: NaiveDate,
    pub review_on: NaiveDate,
}

pub async fn create(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    new: NewRestriction,
) -> Result<Restriction> {
    let m = restriction::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        resident_id: Set(new.resident_id),
        applies_to: Set(new.applies_to),
        representative_name: Set(new.representative_name),
        behaviour: Set(new.behaviour),
        evidence: Set(json(&new.evidence)),
        warnings: Set(json(&new.warnings)),
        terms: Set(json(&new.terms)),
        adjustments_considered: Set(json(&new.adjustments)),
        proportionality: Set(new.proportionality),
        equality_act: Set(new.equality_act),
        decided_by: Set(new.decided_by),
        starts_on: Set(new.starts_on),
        review_on: Set(Some(new.review_on)),
        status: Set(InForce::Active.as_str().to_owned()),
        ended_on: Set(None),
        end_reason: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    from_model(m, vec![])
}

fn review_of(r: restriction_review::Model) -> Review {
    Review {
        id: r.id,
        reviewed_on: r.reviewed_on,
        outcome: r.outcome,
        note: r.note,
        next_review_on: r.next_review_on,
        reviewed_by: r.reviewed_by,
    }
}

/// A restriction as stored, with its reviews as stored, oldest first.
pub(crate) fn from_models(
    m: restriction::Model,
    reviews: Vec<restriction_review::Model>,
) -> Result<Restriction> {
    from_model(m, reviews.into_iter().map(review_of).collect())
}

async fn reviews_of(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<Vec<Review>> {
    Ok(tenant::find::<restriction_review::Entity>(scope)
        .filter(restriction_review::Column::RestrictionId.eq(id))
        .order_by_asc(restriction_review::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(review_of)
        .collect())
}

/// One restriction of the resident (`NotFound` for anyone else's).
pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    id: Uuid,
) -> Result<Restriction> {
    let m = tenant::find_by_id::<restriction::Entity>(scope, id)
        .one(conn)
        .await?
        .filter(|m| m.resident_id == resident_id)
        .ok_or(StoreError::NotFound)?;
    let reviews = reviews_of(conn, scope, id).await?;
    from_model(m, reviews)
}

/// The resident's restrictions, newest first.
pub async fn for_resident(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
) -> Result<Vec<Restriction>> {
    let rows = tenant::find::<restriction::Entity>(scope)
        .filter(restriction::Column::ResidentId.eq(resident_id))
        .order_by_desc(restriction::Column::Id)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let reviews = reviews_of(conn, scope, m.id).await?;
        out.push(from_model(m, reviews)?);
    }
    Ok(out)
}

/// The restriction in force for the resident, if any (for the case view and the flag).
pub async fn active_for_resident(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
) -> Result<Option<Restriction>> {
    Ok(for_resident(conn, scope, resident_id)
        .await?
        .into_iter()
        .find(|r| r.status == InForce::Active))
}

/// Records a review: `continue` or `varied` moves the next review date, `ended` ends it.
pub async fn review<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    resident_id: Uuid,
    id: Uuid,
    review: Review,
) -> Result<Restriction> {
    let txn = db.begin().await?;
    let current = get(&txn, scope, resident_id, id).await?;
    if current.status != InForce::Active {
        return Err(StoreError::Conflict(
            "this restriction has ended; there is nothing to review".into(),
        ));
    }
    restriction_review::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(review.id),
        restriction_id: Set(id),
        reviewed_on: Set(review.reviewed_on),
        outcome: Set(review.outcome.clone()),
        note: Set(review.note.clone()),
        next_review_on: Set(review.next_review_on),
        due_on: Set(current.review_on),
        reviewed_by: Set(review.reviewed_by),
        recorded_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    let m = tenant::find_by_id::<restriction::Entity>(scope, id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut a: restriction::ActiveModel = m.into();
    if review.outcome == InForce::Ended.as_str() {
        a.status = Set(InForce::Ended.as_str().to_owned());
        a.ended_on = Set(Some(review.reviewed_on));
        a.end_reason = Set(review.note.clone().or(Some("ended at review".into())));
        a.review_on = Set(None);
    } else {
        a.review_on = Set(review.next_review_on);
    }
    a.update(&txn).await?;
    let out = get(&txn, scope, resident_id, id).await?;
    txn.commit().await?;
    Ok(out)
}

/// Ends a restriction.
pub async fn end(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    resident_id: Uuid,
    id: Uuid,
    ended_on: NaiveDate,
    reason: String,
) -> Result<Restriction> {
    let current = get(conn, scope, resident_id, id).await?;
    if current.status != InForce::Active {
        return Err(StoreError::Conflict(
            "this restriction has already ended".into(),
        ));
    }
    let m = tenant::find_by_id::<restriction::Entity>(scope, id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut a: restriction::ActiveModel = m.into();
    a.status = Set(InForce::Ended.as_str().to_owned());
    a.ended_on = Set(Some(ended_on));
    a.end_reason = Set(Some(reason));
    a.review_on = Set(None);
    a.update(conn).await?;
    get(conn, scope, resident_id, id).await
}

/// Restrictions in force whose review falls on or before `due_by` (and, with
/// `overdue_before`, before that day), soonest first; the cursor is the last id.
pub async fn reviews_due(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    due_by: NaiveDate,
    overdue_before: Option<NaiveDate>,
    req: PageRequest,
) -> Result<Page<Restriction>> {
    let mut q = tenant::find::<restriction::Entity>(scope)
        .filter(restriction::Column::Status.eq(InForce::Active.as_str()))
        .filter(restriction::Column::ReviewOn.lte(due_by))
        .order_by_asc(restriction::Column::Id);
    if let Some(before) = overdue_before {
        q = q.filter(restriction::Column::ReviewOn.lt(before));
    }
    if let Some(after) = req.after {
        q = q.filter(restriction::Column::Id.gt(after));
    }
    let rows = q.limit(req.limit + 1).all(conn).await?;
    let items = rows
        .into_iter()
        .map(|m| from_model(m, vec![]))
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(items, req, |r: &Restriction| r.id))
}

/// Restrictions in force, and how many are overdue for review (for the dashboards).
pub async fn counts(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    today: NaiveDate,
) -> Result<(u64, u64)> {
    let active = tenant::find::<restriction::Entity>(scope)
        .filter(restriction::Column::Status.eq(InForce::Active.as_str()));
    let overdue = active
        .clone()
        .filter(restriction::Column::ReviewOn.lt(today))
        .count(conn)
        .await?;
    Ok((active.count(conn).await?, overdue))
}

/// Of `ids`, those that are not attachments of this landlord.
pub async fn unknown_attachments(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    let found: Vec<Uuid> = tenant::find::<crate::entities::attachment::Entity>(scope)
        .filter(crate::entities::attachment::Column::Id.is_in(ids.to_vec()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    Ok(ids
        .iter()
        .filter(|id| !found.contains(id))
        .copied()
        .collect())
}
