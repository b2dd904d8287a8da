//! What a landlord has published: its TSM figures for financial years that have ended, read
//! by its residents' panel (Code 9.3) and by anyone on its public page (Code 3.4, 3.7, 8.2),
//! and the public record of an active landlord, which is reached by its slug without signing
//! in and reads nothing but what the landlord has chosen to publish.

use crate::entities::published_tsm;
use crate::error::corrupt;
use crate::exceptional::{self, Notice};
use crate::landlords::{self, Landlord, Scheme};
use crate::learning::{self, LearningEntry};
use crate::performance::Tsm;
use crate::tenant;
use crate::{Conn, Scoped};
use crate::{Result, StoreError, TenantScope, audit};
use chrono::{DateTime, Utc};
use redress_domain::values::LandlordStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The audit kind of a year's figures published for the first time.
pub const TSM_PUBLISHED: &str = "tsm.published";
/// The audit kind of a year's published figures replaced by a new snapshot.
pub const TSM_REPUBLISHED: &str = "tsm.republished";

/// Why a year that has not ended cannot be published.
pub const YEAR_NOT_ENDED: &str = "a year's figures are published once it has ended \
(1 April to 31 March), as the Regulator's TSM CH01 and CH02 are reported for whole financial \
years";

/// A financial year's TSM figures as the landlord published them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PublishedTsm {
    /// The financial year by the calendar year it starts in (2024 = 1 April 2024 to
    /// 31 March 2025).
    pub year: i32,
    /// The figures as computed when they were published.
    #[schema(value_type = Tsm)]
    pub figures: serde_json::Value,
    pub published_at: DateTime<Utc>,
    /// The landlord admin who published them.
    pub published_by: Option<Uuid>,
}

impl TryFrom<published_tsm::Model> for PublishedTsm {
    type Error = StoreError;
    fn try_from(m: published_tsm::Model) -> Result<Self> {
        Ok(PublishedTsm {
            figures: serde_json::from_str(&m.figures)
                .map_err(|e| corrupt("published_tsm.figures", e))?,
            year: m.year,
            published_at: m.published_at,
            published_by: m.published_by,
        })
    }
}

/// Publishes a snapshot of a year's figures, replacing any published before for that year.
/// A year that has not ended is refused. Audited, with the snapshot replaced.
#[tracing::instrument(skip(db, tsm), fields(landlord = %scope.landlord_id(), year = tsm.year))]
pub async fn publish_tsm(
    db: &impl Conn,
    scope: TenantScope,
    tsm: &Tsm,
    actor: &audit::Actor,
) -> Result<PublishedTsm> {
    let user_id = actor.user_id.ok_or(StoreError::NotFound)?;
    if !tsm.complete {
        return Err(StoreError::Conflict(not_ended(tsm.year)));
    }
    let figures = serde_json::to_string(tsm)
        .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(format!("TSM figures: {e}"))))?;
    let txn = crate::db::begin_write(db).await?;
    let previous = tenant::find_by_id::<published_tsm::Entity>(scope, tsm.year)
        .one(&txn)
        .await?;
    let now = Utc::now();
    let (model, kind, replaced) = match previous {
        Some(old) => {
            let replaced = PublishedTsm::try_from(old.clone())?;
            let mut a: published_tsm::ActiveModel = old.into();
            a.figures = Set(figures);
            a.published_at = Set(now);
            a.published_by = Set(Some(user_id));
            (a.update(&txn).await?, TSM_REPUBLISHED, Some(replaced))
        }
        None => {
            let model = published_tsm::ActiveModel {
                landlord_id: Set(scope.landlord_id()),
                year: Set(tsm.year),
                figures: Set(figures),
                published_at: Set(now),
                published_by: Set(Some(user_id)),
            }
            .insert(&txn)
            .await?;
            (model, TSM_PUBLISHED, None)
        }
    };
    let published = PublishedTsm::try_from(model)?;
    audit::record(
        &txn,
        scope,
        actor,
        kind,
        None,
        serde_json::json!({
            "year": published.year,
            "figures": published.figures,
            "replaced": replaced,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(published)
}

/// Says that `year` has not ended, naming it as the landlord would (2024-25).
pub fn not_ended(year: i32) -> String {
    format!(
        "{year}-{:02} has not ended: {YEAR_NOT_ENDED}.",
        (year + 1).rem_euclid(100)
    )
}

/// The published years, newest first, `limit` at a time, continuing before year `before`;
/// with the year to continue before when there are more.
#[tracing::instrument(skip(conn), fields(landlord = %scope.landlord_id()))]
pub async fn list_tsm(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    limit: u64,
    before: Option<i32>,
) -> Result<(Vec<PublishedTsm>, Option<i32>)> {
    let mut q =
        tenant::find::<published_tsm::Entity>(scope).order_by_desc(published_tsm::Column::Year);
    if let Some(before) = before {
        q = q.filter(published_tsm::Column::Year.lt(before));
    }
    let mut rows = q
        .limit(limit.saturating_add(1))
        .all(conn)
        .await?
        .into_iter()
        .map(PublishedTsm::try_from)
        .collect::<Result<Vec<_>>>()?;
    let keep = usize::try_from(limit).unwrap_or(usize::MAX);
    let next = if rows.len() > keep {
        rows.truncate(keep);
        rows.last().map(|p| p.year)
    } else {
        None
    };
    Ok((rows, next))
}

/// The most recent year the landlord has published.
#[tracing::instrument(skip(conn), fields(landlord = %scope.landlord_id()))]
pub async fn latest_tsm(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Option<PublishedTsm>> {
    Ok(list_tsm(conn, scope, 1, None).await?.0.into_iter().next())
}

/// An active landlord as the public sees it: found by its slug by anyone, signed in or not,
/// and able to read only what the landlord has published. A landlord still onboarding or
/// suspended has no public record, and reads as no landlord at all.
#[derive(Debug, Clone)]
pub struct PublicRecord {
    landlord: Landlord,
    // Private: the scope reaches the landlord's published records through the methods
    // below, never anything else.
    scope: TenantScope,
    db: Scoped,
}

/// The public record of the active landlord with this slug; `NotFound` for any other.
#[tracing::instrument(skip(db))]
pub async fn public_record(db: &DatabaseConnection, slug: &str) -> Result<PublicRecord> {
    let landlord = landlords::find_by_slug(db, slug).await?;
    if landlord.status != LandlordStatus::Active {
        return Err(StoreError::NotFound);
    }
    let scope = TenantScope::new(landlord.id);
    Ok(PublicRecord {
        db: Scoped::new(db, scope),
        scope,
        landlord,
    })
}

impl PublicRecord {
    pub fn landlord(&self) -> &Landlord {
        &self.landlord
    }

    /// The landlord's scope for what a resident does without an account: making a complaint
    /// online, and following their own complaint through its tracking token (docs/rules.md,
    /// "What residents can do online"). The caller reaches a complaint only by its token's
    /// hash.
    pub fn scope_for_residents(&self) -> TenantScope {
        self.scope
    }

    /// The database as this landlord sees it, for what residents do without an account.
    pub fn db(&self) -> &Scoped {
        &self.db
    }

    /// The landlord's complaint schemes: their Ombudsman and timescales (Code 3.4).
    pub async fn schemes(&self) -> Result<Vec<Scheme>> {
        landlords::schemes(&self.db, self.scope).await
    }

    /// The latest TSM figures the landlord has published.
    pub async fn latest_tsm(&self) -> Result<Option<PublishedTsm>> {
        latest_tsm(&self.db, self.scope).await
    }

    /// Up to `limit` published learning entries, the most recently published first ("you said, we did",
    /// Code 9.3). Only entries a complaints officer has published; the caller shows only
    /// their public fields.
    pub async fn learning(&self, limit: u64) -> Result<Vec<LearningEntry>> {
        learning::published(&self.db, self.scope, limit).await
    }

    /// The published self-assessment of `year`, or of the latest year that has one (Code
    /// 8.2, 8.3).
    pub async fn self_assessment(
        &self,
        year: Option<i32>,
    ) -> Result<Option<crate::self_assessments::Assessment>> {
        match year {
            Some(y) => crate::self_assessments::published(&self.db, self.scope, y).await,
            None => crate::self_assessments::latest_published(&self.db, self.scope).await,
        }
    }

    /// The published annual report of `year`, or of the latest year that has one (Code 8.2),
    /// with the self-assessment published with it.
    pub async fn annual_report(
        &self,
        year: Option<i32>,
    ) -> Result<
        Option<(
            crate::annual_reports::Report,
            Option<crate::self_assessments::Assessment>,
        )>,
    > {
        let report = match year {
            Some(y) => crate::annual_reports::get(&self.db, self.scope, y)
                .await?
                .filter(|r| r.status == crate::annual_reports::ReportStatus::Published),
            None => crate::annual_reports::latest_published(&self.db, self.scope).await?,
        };
        let Some(report) = report else {
            return Ok(None);
        };
        let assessment = crate::self_assessments::all(&self.db, self.scope)
            .await?
            .into_iter()
            .find(|a| Some(a.id) == report.self_assessment_id);
        Ok(Some((report, assessment)))
    }

    /// The landlord's current notice of exceptional circumstances (Code 8.5).
    pub async fn exceptional_circumstances(&self) -> Result<Option<Notice>> {
        exceptional::current(&self.db, self.scope).await
    }
}
