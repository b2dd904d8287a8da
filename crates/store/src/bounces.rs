//! Addresses that refused mail for good: a permanent SMTP failure (a 5xx answer such as
//! `550 mailbox unavailable`) or an address that cannot be parsed. Staff see the most recent
//! bounce of a resident's or colleague's current address, so they know that letters and
//! updates are not arriving and can use another channel (Code 9.7 updates rely on email).

use crate::entities::email_bounce;
use crate::tenant;
use crate::{Result, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;
use uuid::Uuid;

/// A recorded bounce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    pub id: Uuid,
    pub landlord_id: Option<Uuid>,
    /// Lower-cased.
    pub address: String,
    pub reason: String,
    pub outbox_id: Option<Uuid>,
    pub occurred_at: DateTime<Utc>,
}

impl From<email_bounce::Model> for Bounce {
    fn from(m: email_bounce::Model) -> Self {
        Bounce {
            id: m.id,
            landlord_id: m.landlord_id,
            address: m.address,
            reason: m.reason,
            outbox_id: m.outbox_id,
            occurred_at: m.occurred_at,
        }
    }
}

/// How addresses are compared: trimmed and lower-cased.
pub fn normalise(address: &str) -> String {
    address.trim().to_lowercase()
}

/// Records a bounce of `address`, on the caller's connection or transaction.
pub async fn record(
    conn: &impl ConnectionTrait,
    landlord_id: Option<Uuid>,
    address: &str,
    reason: &str,
    outbox_id: Option<Uuid>,
) -> Result<Bounce> {
    let m = email_bounce::ActiveModel {
        id: Set(Uuid::now_v7()),
        landlord_id: Set(landlord_id),
        address: Set(normalise(address)),
        reason: Set(reason.to_owned()),
        outbox_id: Set(outbox_id),
        occurred_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(m.into())
}

/// The most recent bounce of `address` for the landlord, if any.
pub async fn latest(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    address: &str,
) -> Result<Option<Bounce>> {
    Ok(tenant::find::<email_bounce::Entity>(scope)
        .filter(email_bounce::Column::Address.eq(normalise(address)))
        .order_by_desc(email_bounce::Column::OccurredAt)
        .order_by_desc(email_bounce::Column::Id)
        .one(conn)
        .await?
        .map(Bounce::from))
}

/// The most recent bounce of each of `addresses` that has bounced for the landlord, keyed by
/// the normalised address.
pub async fn latest_for<'a>(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    addresses: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, Bounce>> {
    let mut wanted: Vec<String> = addresses.into_iter().map(normalise).collect();
    wanted.sort();
    wanted.dedup();
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = tenant::find::<email_bounce::Entity>(scope)
        .filter(email_bounce::Column::Address.is_in(wanted))
        .order_by_asc(email_bounce::Column::OccurredAt)
        .order_by_asc(email_bounce::Column::Id)
        .all(conn)
        .await?;
    // Ascending, so the most recent of each address is the one left.
    Ok(rows
        .into_iter()
        .map(|m| (m.address.clone(), Bounce::from(m)))
        .collect())
}
