//! What the platform operator sees of each landlord (docs/roles.md, "The platform admin"):
//! how much the portal is used, in counts and times only. Nothing here reads the content of a
//! case, a resident or a letter.
//!
//! Each measure is one grouped query over the page's landlords, so a page costs the same
//! number of queries however many landlords it holds.

use crate::Result;
use crate::entities::{complaint, complaint_event, correspondence, membership};
use crate::landlords::{self, Landlord};
use crate::page::{Page, PageRequest};
use crate::tenant::{self, TenantEntity};
use crate::{Purpose, Scoped};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Select};
use std::collections::HashMap;
use uuid::Uuid;

/// One landlord's use of the portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LandlordUsage {
    pub landlord: Landlord,
    /// Active memberships.
    pub users: u64,
    /// Complaints received from `year_from` to `year_to`.
    pub complaints_this_year: u64,
    pub complaints_total: u64,
    /// The latest time a complaint, an event on one, or correspondence was recorded.
    pub last_activity_at: Option<DateTime<Utc>>,
}

/// Counts `E`'s rows per landlord among `ids`, by `count_col`.
async fn count_by_landlord<E: EntityTrait>(
    db: &Scoped,
    select: Select<E>,
    landlord_col: E::Column,
    count_col: E::Column,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, u64>> {
    let rows: Vec<(Uuid, i64)> = select
        .select_only()
        .column(landlord_col)
        .column_as(count_col.count(), "n")
        .filter(landlord_col.is_in(ids.iter().copied()))
        .group_by(landlord_col)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// The latest `time_col` per landlord among `ids`.
async fn latest_by_landlord<E: TenantEntity>(
    db: &Scoped,
    landlord_col: E::Column,
    time_col: E::Column,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, DateTime<Utc>>> {
    let rows: Vec<(Uuid, Option<DateTime<Utc>>)> =
        tenant::across_landlords::<E>(Purpose::PlatformAdmin)
            .select_only()
            .column(landlord_col)
            .column_as(time_col.max(), "latest")
            .filter(landlord_col.is_in(ids.iter().copied()))
            .group_by(landlord_col)
            .into_tuple()
            .all(db)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, at)| at.map(|at| (id, at)))
        .collect())
}

/// Every landlord, a page at a time in the order they were onboarded, with its usage.
/// `year_from` and `year_to` bound the current financial year.
#[tracing::instrument(skip(db))]
pub async fn usage(
    db: &DatabaseConnection,
    req: PageRequest,
    year_from: NaiveDate,
    year_to: NaiveDate,
) -> Result<Page<LandlordUsage>> {
    let page = landlords::page_all(db, req).await?;
    let db = &Scoped::all_landlords(db, Purpose::PlatformAdmin);
    let ids: Vec<Uuid> = page.items.iter().map(|l| l.id).collect();
    if ids.is_empty() {
        return Ok(Page {
            items: Vec::new(),
            next: page.next,
        });
    }
    let users = count_by_landlord(
        db,
        tenant::across_landlords::<membership::Entity>(Purpose::PlatformAdmin)
            .filter(membership::Column::Active.eq(true)),
        membership::Column::LandlordId,
        membership::Column::Id,
        &ids,
    )
    .await?;
    let total = count_by_landlord(
        db,
        tenant::across_landlords::<complaint::Entity>(Purpose::PlatformAdmin),
        complaint::Column::LandlordId,
        complaint::Column::Id,
        &ids,
    )
    .await?;
    let this_year = count_by_landlord(
        db,
        tenant::across_landlords::<complaint::Entity>(Purpose::PlatformAdmin)
            .filter(complaint::Column::ReceivedOn.between(year_from, year_to)),
        complaint::Column::LandlordId,
        complaint::Column::Id,
        &ids,
    )
    .await?;
    let mut latest = latest_by_landlord::<complaint::Entity>(
        db,
        complaint::Column::LandlordId,
        complaint::Column::UpdatedAt,
        &ids,
    )
    .await?;
    for more in [
        latest_by_landlord::<complaint_event::Entity>(
            db,
            complaint_event::Column::LandlordId,
            complaint_event::Column::RecordedAt,
            &ids,
        )
        .await?,
        latest_by_landlord::<correspondence::Entity>(
            db,
            correspondence::Column::LandlordId,
            correspondence::Column::RecordedAt,
            &ids,
        )
        .await?,
    ] {
        for (id, at) in more {
            let e = latest.entry(id).or_insert(at);
            if at > *e {
                *e = at;
            }
        }
    }
    let count = |m: &HashMap<Uuid, u64>, id: Uuid| m.get(&id).copied().unwrap_or(0);
    let items = page
        .items
        .into_iter()
        .map(|landlord| {
            let id = landlord.id;
            LandlordUsage {
                users: count(&users, id),
                complaints_this_year: count(&this_year, id),
                complaints_total: count(&total, id),
                last_activity_at: latest.get(&id).copied(),
                landlord,
            }
        })
        .collect();
    Ok(Page {
        items,
        next: page.next,
    })
}
