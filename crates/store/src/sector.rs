//! The sector's published figures (the Regulator of Social Housing's TSM statistics, say),
//! recorded by the platform operator by financial year with their source, so that each
//! landlord's dashboard can show its headline figures beside the sector's where one is
//! published (docs/METRICS.md, "The sector's figures"). Not any landlord's data.
//!
//! A landlord may keep its own copy of a year (its peer group's benchmark, say, or a figure
//! it corrects), with its own source: for that year its copy is what its dashboard and the
//! MRC's digest show, and removing its copy brings back the platform's.

use crate::Result;
use crate::TenantScope;
use crate::entities::{landlord_sector_figure, sector_figure};
use crate::tenant::{self, global};
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
    /// The landlord's own copy, not the platform's record.
    pub own_copy: bool,
}

/// One figure of one year, from either table.
struct Row {
    year: i32,
    figure: String,
    tenths: i32,
    source: String,
    recorded_at: DateTime<Utc>,
    recorded_by: Option<Uuid>,
}

impl From<sector_figure::Model> for Row {
    fn from(m: sector_figure::Model) -> Self {
        Row {
            year: m.year,
            figure: m.figure,
            tenths: m.tenths,
            source: m.source,
            recorded_at: m.recorded_at,
            recorded_by: m.recorded_by,
        }
    }
}

impl From<landlord_sector_figure::Model> for Row {
    fn from(m: landlord_sector_figure::Model) -> Self {
        Row {
            year: m.year,
            figure: m.figure,
            tenths: m.tenths,
            source: m.source,
            recorded_at: m.recorded_at,
            recorded_by: m.recorded_by,
        }
    }
}

/// Gathers rows, ordered by year, into years.
fn by_year<R: Into<Row>>(rows: Vec<R>, own_copy: bool) -> Vec<SectorYear> {
    let mut out: Vec<SectorYear> = Vec::new();
    for r in rows.into_iter().map(Into::into) {
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
                own_copy,
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
    Ok(by_year(rows, false))
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
    Ok(by_year(rows, false).into_iter().next())
}

/// A year's figures as they were before a change, and as they are after it (none: not
/// recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub before: Option<SectorYear>,
    pub after: Option<SectorYear>,
}

/// A year as just recorded; none when no figure was given (the year was removed).
fn recorded(
    year: i32,
    tenths: &BTreeMap<String, i32>,
    source: &str,
    recorded_at: DateTime<Utc>,
    recorded_by: Option<Uuid>,
    own_copy: bool,
) -> Option<SectorYear> {
    (!tenths.is_empty()).then(|| SectorYear {
        year,
        tenths: tenths.clone(),
        source: source.to_owned(),
        recorded_at,
        recorded_by,
        own_copy,
    })
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
    let before = by_year(before, false).into_iter().next();
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
        after: recorded(year, tenths, source, now, by, false),
    })
}

/// The landlord's own copies, the newest year first.
pub async fn own_copies(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<SectorYear>> {
    let rows = tenant::find::<landlord_sector_figure::Entity>(scope)
        .order_by_desc(landlord_sector_figure::Column::Year)
        .order_by_asc(landlord_sector_figure::Column::Figure)
        .all(conn)
        .await?;
    Ok(by_year(rows, true))
}

/// What the landlord sees, the newest year first: for each year its own copy where it has
/// one, otherwise the platform's record.
pub async fn for_landlord(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<SectorYear>> {
    let own = own_copies(conn, scope).await?;
    let mut years: BTreeMap<i32, SectorYear> =
        list(conn).await?.into_iter().map(|y| (y.year, y)).collect();
    years.extend(own.into_iter().map(|y| (y.year, y)));
    Ok(years.into_values().rev().collect())
}

/// The latest year not after `year`, as the landlord sees it ([`for_landlord`]).
pub async fn latest_for_landlord(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    year: i32,
) -> Result<Option<SectorYear>> {
    Ok(for_landlord(conn, scope)
        .await?
        .into_iter()
        .find(|y| y.year <= year))
}

/// Replaces the landlord's own copy of a year with these figures (none removes its copy, and
/// the platform's record shows again), in one transaction.
pub async fn replace_own_copy(
    conn: &impl crate::Conn,
    scope: TenantScope,
    year: i32,
    tenths: &BTreeMap<String, i32>,
    source: &str,
    by: Option<Uuid>,
) -> Result<Replaced> {
    let txn = crate::db::begin_write(conn).await?;
    let before = tenant::find::<landlord_sector_figure::Entity>(scope)
        .filter(landlord_sector_figure::Column::Year.eq(year))
        .order_by_asc(landlord_sector_figure::Column::Figure)
        .all(&txn)
        .await?;
    let before = by_year(before, true).into_iter().next();
    tenant::delete_many::<landlord_sector_figure::Entity>(scope)
        .filter(landlord_sector_figure::Column::Year.eq(year))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    for (figure, t) in tenths {
        landlord_sector_figure::ActiveModel {
            landlord_id: Set(scope.landlord_id()),
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
        after: recorded(year, tenths, source, now, by, true),
    })
}
