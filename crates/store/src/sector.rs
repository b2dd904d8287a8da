//! The sector's published figures (the Regulator of Social Housing's TSM statistics, say),
//! recorded by the platform operator by financial year with their source, so that each
//! landlord's dashboard can show its headline figures beside the sector's where one is
//! published (docs/METRICS.md, "The sector's figures"). Not any landlord's data.

use crate::Result;
use crate::entities::sector_figure;
use crate::tenant::global;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One financial year's sector figures, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorYear {
    /// The financial year by the calendar year it starts in (2024 = 1 April 2024 to
    /// 31 March 2025).
    pub year: i32,
    /// Each headline figure in tenths of a percent (794 is 79.4%).
    pub tenths: BTreeMap<String, i32>,
    /// Where the figures were published.
    pub source: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<Uuid>,
}

/// Gathers rows, ordered by year, into years.
fn by_year(rows: Vec<sector_figure::Model>) -> Vec<SectorYear> {
    let mut out: Vec<SectorYear> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(y) if y.year == r.year => {
                y.tenths.insert(r.figure, r.tenths);
            }
            _ => out.push(SectorYear {
                year: r.year,
                tenths: BTreeMap::from([(r.figure, r.tenths)]),
                source: r.source,
                recorded_at: r.recorded_at,
                recorded_by: r.recorded_by,
            }),
        }
    }
    out
}

/// Every year recorded, the newest first.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<SectorYear>> {
    let rows = global::find::<sector_figure::Entity>()
        .order_by_desc(sector_figure::Column::Year)
        .order_by_asc(sector_figure::Column::Figure)
        .all(conn)
        .await?;
    Ok(by_year(rows))
}

/// The latest year recorded that is not after `year`: what the sector had published for a
/// period in that financial year.
pub async fn latest_until(conn: &impl ConnectionTrait, year: i32) -> Result<Option<SectorYear>> {
    let Some(latest) = global::find::<sector_figure::Entity>()
        .filter(sector_figure::Column::Year.lte(year))
        .order_by_desc(sector_figure::Column::Year)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let rows = global::find::<sector_figure::Entity>()
        .filter(sector_figure::Column::Year.eq(latest.year))
        .order_by_asc(sector_figure::Column::Figure)
        .all(conn)
        .await?;
    Ok(by_year(rows).into_iter().next())
}

/// A year's figures as they were before a change, and as they are after it (none: not
/// recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub before: Option<SectorYear>,
    pub after: Option<SectorYear>,
}

/// Replaces a year's figures with these (none removes the year), in one transaction.
pub async fn replace_year(
    conn: &impl crate::Conn,
    year: i32,
    tenths: &BTreeMap<String, i32>,
    source: &str,
    by: Option<Uuid>,
) -> Result<Replaced> {
    let txn = crate::db::begin_write(conn).await?;
    let before = global::find::<sector_figure::Entity>()
        .filter(sector_figure::Column::Year.eq(year))
        .order_by_asc(sector_figure::Column::Figure)
        .all(&txn)
        .await?;
    let before = by_year(before).into_iter().next();
    global::delete_many::<sector_figure::Entity>()
        .filter(sector_figure::Column::Year.eq(year))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    for (figure, t) in tenths {
        sector_figure::ActiveModel {
            year: Set(year),
            figure: Set(figure.clone()),
            tenths: Set(*t),
            source: Set(source.to_owned()),
            recorded_at: Set(now),
            recorded_by: Set(by),
        }
        .insert(&txn)
        .await?;
    }
    crate::db::commit(txn).await?;
    Ok(Replaced {
        before,
        after: (!tenths.is_empty()).then(|| SectorYear {
            year,
            tenths: tenths.clone(),
            source: source.to_owned(),
            recorded_at: now,
            recorded_by: by,
        }),
    })
}
