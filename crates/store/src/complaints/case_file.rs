//! Reading a case: the complaint, its stage records, its Ombudsman referral with the orders, its
//! remedies and outstanding actions and, for the case view, the resident's needs (reasonable
//! adjustments in force and any restriction), in one statement (docs/decisions/0009).
//!
//! The complaint's stages are joined (one row for each stage); the lists come beside them as
//! JSON built by the database, so a case costs one round trip however many lists it has.

use super::{Case, OutstandingAction, Remedy, StageRecord};
use crate::adjustments::{self, Adjustment};
use crate::entities::{
    adjustment, adjustment_review, complaint, complaint_stage, ombudsman_order, ombudsman_referral,
    ombudsman_request, outstanding_action, remedy, restriction, restriction_review,
};
use crate::error::corrupt;
use crate::ombudsman::{InformationRequest, Order};
use crate::restrictions::{self, Restriction};
use crate::sql::{columns, json_rows, statement};
use crate::{Result, StoreError, TenantScope};
use redress_domain::restrictions::InForce;
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, QueryResult};
use serde::Deserialize;
use uuid::Uuid;

/// A case with the resident's needs that its handling must keep to (Code 5.6, 5.12).
#[derive(Debug, Clone)]
pub struct CaseFile {
    pub case: Case,
    /// Reasonable adjustments in force for the resident, oldest first.
    pub adjustments: Vec<Adjustment>,
    /// The restriction in force for the resident, if any.
    pub restriction: Option<Restriction>,
}

/// Loads a complaint with its stages, remedies, actions and Ombudsman referral.
pub async fn load(conn: &impl ConnectionTrait, scope: TenantScope, id: Uuid) -> Result<Case> {
    Ok(read(conn, scope, id, false).await?.case)
}

/// [`load`], with the resident's adjustments and restriction in force, in the same statement.
pub async fn load_with_needs(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<CaseFile> {
    read(conn, scope, id, true).await
}

/// A row read back from `json_rows` with its own list of reviews.
#[derive(Deserialize)]
struct Reviewed<M, R> {
    #[serde(flatten)]
    row: M,
    reviews: Vec<R>,
}

/// The JSON lists as text: PostgreSQL's `json` is read as text on both databases.
fn text(backend: DatabaseBackend, json: String) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("{json}::text"),
        _ => json,
    }
}

fn list<T: serde::de::DeserializeOwned>(row: &QueryResult, column: &str) -> Result<T> {
    let json: String = row.try_get("", column)?;
    serde_json::from_str(&json).map_err(|e| corrupt(column, e))
}

/// The resident's rows of `table` in force (adjustments, restrictions), in `order`, each with
/// its reviews oldest first (Code 5.10, 5.14).
fn in_force_with_reviews<C, R>(
    backend: DatabaseBackend,
    (table, alias): (&str, &str),
    order: &str,
    (reviews, r, parent): (&str, &str, &str),
) -> String
where
    C: sea_orm::Iterable + sea_orm::IdenStatic + sea_orm::ColumnTrait,
    R: sea_orm::Iterable + sea_orm::IdenStatic + sea_orm::ColumnTrait,
{
    let active = InForce::Active.as_str();
    json_rows::<C>(
        backend,
        (table, alias),
        &format!(
            "{alias}.landlord_id = c.landlord_id AND {alias}.resident_id = c.resident_id \
             AND {alias}.status = '{active}'"
        ),
        order,
        &[(
            "reviews",
            json_rows::<R>(
                backend,
                (reviews, r),
                &format!("{r}.landlord_id = {alias}.landlord_id AND {r}.{parent} = {alias}.id"),
                &format!("{r}.id"),
                &[],
            ),
        )],
    )
}

async fn read(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
    with_needs: bool,
) -> Result<CaseFile> {
    let backend = conn.get_database_backend();
    let of_complaint = |alias: &str| {
        format!("{alias}.landlord_id = c.landlord_id AND {alias}.complaint_id = c.id")
    };
    let mut lists = vec![
        (
            "remedies",
            json_rows::<remedy::Column>(
                backend,
                ("remedies", "r"),
                &of_complaint("r"),
                "r.id",
                &[],
            ),
        ),
        (
            "actions",
            json_rows::<outstanding_action::Column>(
                backend,
                ("outstanding_actions", "a"),
                &of_complaint("a"),
                "a.id",
                &[],
            ),
        ),
        (
            "orders",
            json_rows::<ombudsman_order::Column>(
                backend,
                ("ombudsman_orders", "oo"),
                &of_complaint("oo"),
                "oo.id",
                &[],
            ),
        ),
        (
            "requests",
            json_rows::<ombudsman_request::Column>(
                backend,
                ("ombudsman_requests", "oq"),
                &of_complaint("oq"),
                "oq.id",
                &[],
            ),
        ),
    ];
    if with_needs {
        lists.push((
            "adjustments",
            in_force_with_reviews::<adjustment::Column, adjustment_review::Column>(
                backend,
                ("adjustments", "ad"),
                "ad.id",
                ("adjustment_reviews", "ar", "adjustment_id"),
            ),
        ));
        // Newest first: the first is the one in force, as `restrictions::active_for_resident`.
        lists.push((
            "restrictions",
            in_force_with_reviews::<restriction::Column, restriction_review::Column>(
                backend,
                ("restrictions", "re"),
                "re.id DESC",
                ("restriction_reviews", "rr", "restriction_id"),
            ),
        ));
    }
    let lists_sql = lists
        .into_iter()
        .map(|(name, json)| format!("{} AS \"j_{name}\"", text(backend, json)))
        .collect::<Vec<_>>()
        .join(", ");
    // One row per stage, the complaint, the referral and the lists repeated on each.
    let rows = conn
        .query_all_raw(statement(
            backend,
            &format!(
                "SELECT {}, {}, {}, {lists_sql} FROM complaints c \
                 LEFT JOIN complaint_stages s \
                   ON s.landlord_id = c.landlord_id AND s.complaint_id = c.id \
                 LEFT JOIN ombudsman_referrals o \
                   ON o.landlord_id = c.landlord_id AND o.complaint_id = c.id \
                 WHERE c.landlord_id = ? AND c.id = ? ORDER BY s.stage",
                columns::<complaint::Column>("c"),
                columns::<complaint_stage::Column>("s"),
                columns::<ombudsman_referral::Column>("o"),
            ),
            vec![scope.landlord_id().into(), id.into()],
        ))
        .await?;
    let first = rows.first().ok_or(StoreError::NotFound)?;
    let complaint = super::Complaint::try_from(complaint::Model::from_query_result(first, "c_")?)?;
    let mut stages = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<i32>>("", "s_stage")?.is_some() {
            stages.push(StageRecord::try_from(
                complaint_stage::Model::from_query_result(row, "s_")?,
            )?);
        }
    }
    let mut stages = stages.into_iter();
    let stage1 = stages
        .next()
        .ok_or_else(|| corrupt("complaint_stages", "no stage 1"))?;
    let stage2 = stages.next();
    let ombudsman = match first.try_get::<Option<Uuid>>("", "o_complaint_id")? {
        Some(_) => {
            let orders = list::<Vec<ombudsman_order::Model>>(first, "j_orders")?
                .into_iter()
                .map(Order::try_from)
                .collect::<Result<Vec<_>>>()?;
            let requests = list::<Vec<ombudsman_request::Model>>(first, "j_requests")?
                .into_iter()
                .map(InformationRequest::from)
                .collect();
            Some(crate::ombudsman::referral(
                ombudsman_referral::Model::from_query_result(first, "o_")?,
                orders,
                requests,
            )?)
        }
        None => None,
    };
    let remedies = list::<Vec<remedy::Model>>(first, "j_remedies")?
        .into_iter()
        .map(Remedy::try_from)
        .collect::<Result<Vec<_>>>()?;
    let actions = list::<Vec<outstanding_action::Model>>(first, "j_actions")?
        .into_iter()
        .map(OutstandingAction::try_from)
        .collect::<Result<Vec<_>>>()?;
    let (adjustments, restriction) = if with_needs {
        let adjustments = list::<Vec<Reviewed<adjustment::Model, adjustment_review::Model>>>(
            first,
            "j_adjustments",
        )?
        .into_iter()
        .map(|a| adjustments::from_models(a.row, a.reviews))
        .collect::<Result<Vec<_>>>()?;
        let restriction = list::<Vec<Reviewed<restriction::Model, restriction_review::Model>>>(
            first,
            "j_restrictions",
        )?
        .into_iter()
        .next()
        .map(|r| restrictions::from_models(r.row, r.reviews))
        .transpose()?;
        (adjustments, restriction)
    } else {
        (Vec::new(), None)
    };
    Ok(CaseFile {
        case: Case {
            complaint,
            stage1,
            stage2,
            remedies,
            actions,
            ombudsman,
        },
        adjustments,
        restriction,
    })
}
