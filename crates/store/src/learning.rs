//! The learning log (Code 9.1–9.3): each entry links the complaints it was learnt from to
//! what went wrong, the lesson, the improvement and how far it has got. An entry is shown to
//! the residents' panel and the public only once a complaints officer has published an
//! anonymised summary of it ("you said, we did", Code 9.3).
//!
//! Linking a complaint adds a `learning_linked` event to its timeline (and unlinking one a
//! `learning_unlinked` event), in the same transaction as the change to the entry.

use crate::Conn;
use crate::complaints::{self, NewEvent, Representative};
use crate::entities::{complaint, learning_complaint, learning_entry, resident};
use crate::error::corrupt;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope, audit};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::learning::{
    LearningStatus, Person, Whose, implemented_on, personal_data_in, refusal,
};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// The event on a complaint's timeline when a learning entry is drawn from it (Code 9.1).
pub const LEARNING_LINKED: &str = "learning_linked";
/// The event on a complaint's timeline when a learning entry no longer names it.
pub const LEARNING_UNLINKED: &str = "learning_unlinked";

/// A learning entry to record. Values are already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLearning {
    /// At least one complaint of this landlord (Code 9.1).
    pub complaint_ids: Vec<Uuid>,
    pub service_area: String,
    pub what_went_wrong: String,
    pub lesson: String,
    pub improvement: String,
    pub owner: Option<String>,
    pub status: LearningStatus,
    /// Set exactly when the status is `implemented`.
    pub implemented_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearningEntry {
    pub id: Uuid,
    /// The complaints it was learnt from, in the order they were given.
    pub complaint_ids: Vec<Uuid>,
    pub service_area: String,
    pub what_went_wrong: String,
    pub lesson: String,
    pub improvement: String,
    pub owner: Option<String>,
    pub status: LearningStatus,
    pub implemented_on: Option<NaiveDate>,
    /// The landlord's date the entry was recorded.
    pub identified_on: NaiveDate,
    /// The anonymised summary, while the entry is published (Code 9.3).
    pub public_summary: Option<String>,
    pub published_on: Option<NaiveDate>,
    /// The complaints officer who approved the summary.
    pub published_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

impl LearningEntry {
    /// Shown to the residents' panel and on the public page (Code 9.3).
    pub fn is_published(&self) -> bool {
        self.published_on.is_some() && self.public_summary.is_some()
    }

    fn from_model(m: learning_entry::Model, complaint_ids: Vec<Uuid>) -> Result<Self> {
        Ok(LearningEntry {
            status: LearningStatus::parse(&m.status)
                .map_err(|e| corrupt("learning_entries.status", e))?,
            id: m.id,
            complaint_ids,
            service_area: m.service_area,
            what_went_wrong: m.what_went_wrong,
            lesson: m.lesson,
            improvement: m.improvement,
            owner: m.owner,
            implemented_on: m.implemented_on,
            identified_on: m.identified_on,
            public_summary: m.public_summary,
            published_on: m.published_on,
            published_by: m.published_by,
            created_at: m.created_at,
            created_by: m.created_by,
            updated_at: m.updated_at,
        })
    }
}

/// A change to an entry: `None` leaves a field as it is; `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearningChange {
    /// Replaces the linked complaints; at least one.
    pub complaint_ids: Option<Vec<Uuid>>,
    pub service_area: Option<String>,
    pub what_went_wrong: Option<String>,
    pub lesson: Option<String>,
    pub improvement: Option<String>,
    pub owner: Option<Option<String>>,
    pub status: Option<LearningStatus>,
    pub implemented_on: Option<Option<NaiveDate>>,
}

/// Which entries a list keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LearningFilter {
    pub status: Option<LearningStatus>,
    /// `Some(true)`: only published entries; `Some(false)`: only unpublished ones.
    pub published: Option<bool>,
}

/// Who did it and on which of the landlord's days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub today: NaiveDate,
    /// Where the request came from, for the audit log.
    pub client_address: Option<String>,
}

impl Actor {
    fn audit(&self) -> audit::Actor {
        audit::Actor {
            user_id: Some(self.user_id),
            client_address: self.client_address.clone(),
        }
    }
}

/// Learning identified and implemented over a period, for the dashboards and the
/// performance digest (Code 9.6, 9.7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LearningFigures {
    /// Entries recorded in the period.
    pub identified: u64,
    /// Entries whose improvement was implemented in the period.
    pub implemented: u64,
    /// Entries recorded by the end of the period whose improvement was not yet implemented
    /// then.
    pub open: u64,
}

/// The ids among `ids` that are not complaints of this landlord: absent, or another
/// landlord's (the two are never told apart).
#[tracing::instrument(skip(conn, ids))]
pub async fn unknown_complaints(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let known: BTreeSet<Uuid> = tenant::find::<complaint::Entity>(scope)
        .select_only()
        .column(complaint::Column::Id)
        .filter(complaint::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<Uuid>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(ids
        .iter()
        .copied()
        .filter(|id| !known.contains(id))
        .collect())
}

/// Refuses a list of complaints an entry cannot be linked to, naming the first bad one.
async fn check_complaints(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    ids: &[Uuid],
) -> Result<()> {
    if ids.is_empty() {
        return Err(StoreError::invalid(
            "complaint_ids",
            "must name at least one complaint: learning is drawn from complaints (Code 9.1)",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, id) in ids.iter().enumerate() {
        if !seen.insert(*id) {
            return Err(StoreError::invalid(
                format!("complaint_ids[{i}]"),
                "names a complaint already listed",
            ));
        }
    }
    let unknown = unknown_complaints(conn, scope, ids).await?;
    if let Some(i) = ids.iter().position(|id| unknown.contains(id)) {
        return Err(StoreError::invalid(
            format!("complaint_ids[{i}]"),
            "is not a complaint of this landlord",
        ));
    }
    Ok(())
}

async fn links(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    learning_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>> {
    let mut by_entry: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if learning_ids.is_empty() {
        return Ok(by_entry);
    }
    let rows = tenant::find::<learning_complaint::Entity>(scope)
        .filter(learning_complaint::Column::LearningId.is_in(learning_ids.iter().copied()))
        .order_by_asc(learning_complaint::Column::LearningId)
        .order_by_asc(learning_complaint::Column::Position)
        .all(conn)
        .await?;
    for row in rows {
        by_entry
            .entry(row.learning_id)
            .or_default()
            .push(row.complaint_id);
    }
    Ok(by_entry)
}

/// Links the complaints in this order, and notes each newly linked or unlinked complaint on
/// its timeline.
async fn set_links(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    entry: &learning_entry::Model,
    before: &[Uuid],
    after: &[Uuid],
    actor: Actor,
) -> Result<()> {
    tenant::delete_many::<learning_complaint::Entity>(scope)
        .filter(learning_complaint::Column::LearningId.eq(entry.id))
        .exec(conn)
        .await?;
    for (position, complaint_id) in after.iter().enumerate() {
        learning_complaint::ActiveModel {
            landlord_id: Set(scope.landlord_id()),
            learning_id: Set(entry.id),
            complaint_id: Set(*complaint_id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        }
        .insert(conn)
        .await?;
    }
    let event = |kind: &'static str| NewEvent {
        kind,
        stage: None,
        effective_on: actor.today,
        actor: Some(actor.user_id),
        data: serde_json::json!({
            "learning_id": entry.id,
            "service_area": entry.service_area,
        }),
    };
    for id in after.iter().filter(|id| !before.contains(id)) {
        complaints::insert_event(conn, scope, *id, event(LEARNING_LINKED)).await?;
    }
    for id in before.iter().filter(|id| !after.contains(id)) {
        complaints::insert_event(conn, scope, *id, event(LEARNING_UNLINKED)).await?;
    }
    Ok(())
}

/// Records an entry linked to its complaints, each of which gets a `learning_linked` event.
#[tracing::instrument(skip(db, new))]
pub async fn create(
    db: &impl Conn,
    scope: TenantScope,
    new: NewLearning,
    actor: Actor,
) -> Result<LearningEntry> {
    let implemented_on = implemented_on(new.status, Some(new.implemented_on), None, actor.today)
        .map_err(|m| StoreError::invalid("implemented_on", m))?;
    let txn = crate::db::begin_write(db).await?;
    check_complaints(&txn, scope, &new.complaint_ids).await?;
    let now = Utc::now();
    let model = learning_entry::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        service_area: Set(new.service_area),
        what_went_wrong: Set(new.what_went_wrong),
        lesson: Set(new.lesson),
        improvement: Set(new.improvement),
        owner: Set(new.owner),
        status: Set(new.status.as_str().to_owned()),
        implemented_on: Set(implemented_on),
        identified_on: Set(actor.today),
        public_summary: Set(None),
        published_on: Set(None),
        published_by: Set(None),
        created_at: Set(now),
        created_by: Set(Some(actor.user_id)),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    set_links(&txn, scope, &model, &[], &new.complaint_ids, actor).await?;
    txn.commit().await?;
    LearningEntry::from_model(model, new.complaint_ids)
}

/// One entry of this landlord; another landlord's is `NotFound`.
#[tracing::instrument(skip(conn))]
pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<LearningEntry> {
    let (model, ids) = with_links(conn, scope, id).await?;
    LearningEntry::from_model(model, ids)
}

/// An entry's row and the complaints it is linked to; another landlord's is `NotFound`.
async fn with_links(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<(learning_entry::Model, Vec<Uuid>)> {
    let model = tenant::find_by_id::<learning_entry::Entity>(scope, id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let ids = links(conn, scope, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok((model, ids))
}

/// The landlord's entries, newest first, by status and whether published.
#[tracing::instrument(skip(conn))]
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    filter: LearningFilter,
    req: PageRequest,
) -> Result<Page<LearningEntry>> {
    let mut q =
        tenant::find::<learning_entry::Entity>(scope).order_by_desc(learning_entry::Column::Id);
    if let Some(status) = filter.status {
        q = q.filter(learning_entry::Column::Status.eq(status.as_str()));
    }
    match filter.published {
        Some(true) => q = q.filter(learning_entry::Column::PublishedOn.is_not_null()),
        Some(false) => q = q.filter(learning_entry::Column::PublishedOn.is_null()),
        None => {}
    }
    if let Some(after) = req.after {
        q = q.filter(learning_entry::Column::Id.lt(after));
    }
    let rows = q.limit(req.limit + 1).all(conn).await?;
    let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
    let mut linked = links(conn, scope, &ids).await?;
    let entries = rows
        .into_iter()
        .map(|m| {
            let complaints = linked.remove(&m.id).unwrap_or_default();
            LearningEntry::from_model(m, complaints)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(entries, req, |e: &LearningEntry| e.id))
}

/// The landlord's published entries, the most recently published first (Code 9.3: the public
/// page shows what has changed lately, whenever the learning was first recorded).
#[tracing::instrument(skip(conn))]
pub async fn published(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    limit: u64,
) -> Result<Vec<LearningEntry>> {
    let rows = tenant::find::<learning_entry::Entity>(scope)
        .filter(learning_entry::Column::PublishedOn.is_not_null())
        .filter(learning_entry::Column::PublicSummary.is_not_null())
        .order_by_desc(learning_entry::Column::PublishedOn)
        .order_by_desc(learning_entry::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
    let mut linked = links(conn, scope, &ids).await?;
    rows.into_iter()
        .map(|m| {
            let complaints = linked.remove(&m.id).unwrap_or_default();
            LearningEntry::from_model(m, complaints)
        })
        .collect()
}

/// Changes an entry. Replacing its complaints notes each newly linked one (and each one no
/// longer linked) on that complaint's timeline. The implementation date follows the status
/// (see [`implemented_on`]).
#[tracing::instrument(skip(db, change))]
pub async fn update(
    db: &impl Conn,
    scope: TenantScope,
    id: Uuid,
    change: LearningChange,
    actor: Actor,
) -> Result<LearningEntry> {
    let txn = crate::db::begin_write(db).await?;
    let (model, before) = with_links(&txn, scope, id).await?;
    let current = LearningEntry::from_model(model.clone(), before.clone())?;
    let status = change.status.unwrap_or(current.status);
    let implemented = implemented_on(
        status,
        change.implemented_on,
        current.implemented_on,
        actor.today,
    )
    .map_err(|m| StoreError::invalid("implemented_on", m))?;
    let mut a: learning_entry::ActiveModel = model.into();
    a.status = Set(status.as_str().to_owned());
    a.implemented_on = Set(implemented);
    if let Some(v) = change.service_area {
        a.service_area = Set(v);
    }
    if let Some(v) = change.what_went_wrong {
        a.what_went_wrong = Set(v);
    }
    if let Some(v) = change.lesson {
        a.lesson = Set(v);
    }
    if let Some(v) = change.improvement {
        a.improvement = Set(v);
    }
    if let Some(v) = change.owner {
        a.owner = Set(v);
    }
    a.updated_at = Set(Utc::now());
    let updated = a.update(&txn).await?;
    let after = match change.complaint_ids {
        Some(after) => {
            check_complaints(&txn, scope, &after).await?;
            set_links(&txn, scope, &updated, &before, &after, actor).await?;
            after
        }
        None => before,
    };
    txn.commit().await?;
    LearningEntry::from_model(updated, after)
}

/// The residents behind the complaints, and anyone representing them: whose details a
/// public summary must not contain (Code 9.3).
#[tracing::instrument(skip(conn, complaint_ids))]
pub async fn people(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_ids: &[Uuid],
) -> Result<Vec<Person>> {
    if complaint_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = tenant::find::<complaint::Entity>(scope)
        .filter(complaint::Column::Id.is_in(complaint_ids.iter().copied()))
        .all(conn)
        .await?;
    let resident_ids: BTreeSet<Uuid> = rows.iter().map(|c| c.resident_id).collect();
    let residents = tenant::find::<resident::Entity>(scope)
        .filter(resident::Column::Id.is_in(resident_ids))
        .all(conn)
        .await?;
    let mut people: Vec<Person> = residents
        .into_iter()
        .map(|r| Person {
            whose: Whose::Resident,
            name: r.name,
            email: r.email,
            phone: r.phone,
            property_ref: r.property_ref,
        })
        .collect();
    for c in rows {
        let Some(raw) = c.representative else {
            continue;
        };
        let rep: Representative =
            serde_json::from_str(&raw).map_err(|e| corrupt("complaints.representative", e))?;
        people.push(Person {
            whose: Whose::Representative,
            name: rep.name,
            email: rep.email,
            phone: rep.phone,
            property_ref: None,
        });
    }
    Ok(people)
}

/// Publishes an entry with an anonymised summary approved by a complaints officer, or
/// replaces the summary of one already published (Code 9.3). A summary containing personal
/// data of anyone behind the linked complaints, or any email address or phone number, is
/// refused naming only the kind of data found. Audited either way it succeeds.
#[tracing::instrument(skip(db, summary))]
pub async fn publish(
    db: &impl Conn,
    scope: TenantScope,
    id: Uuid,
    summary: String,
    actor: Actor,
) -> Result<LearningEntry> {
    let txn = crate::db::begin_write(db).await?;
    let (model, linked) = with_links(&txn, scope, id).await?;
    let found = personal_data_in(&summary, &people(&txn, scope, &linked).await?);
    if !found.is_empty() {
        return Err(StoreError::invalid("public_summary", refusal(&found)));
    }
    let previous = model.public_summary.clone();
    let mut a: learning_entry::ActiveModel = model.into();
    a.public_summary = Set(Some(summary.clone()));
    a.published_on = Set(Some(actor.today));
    a.published_by = Set(Some(actor.user_id));
    a.updated_at = Set(Utc::now());
    let updated = a.update(&txn).await?;
    let kind = if previous.is_some() {
        "learning.summary_replaced"
    } else {
        "learning.published"
    };
    audit::record(
        &txn,
        scope,
        &actor.audit(),
        kind,
        Some(id),
        serde_json::json!({"public_summary": summary, "previous_summary": previous}),
    )
    .await?;
    txn.commit().await?;
    LearningEntry::from_model(updated, linked)
}

/// Withdraws a published entry from the residents' panel and the public page; audited.
#[tracing::instrument(skip(db))]
pub async fn withdraw(
    db: &impl Conn,
    scope: TenantScope,
    id: Uuid,
    actor: Actor,
) -> Result<LearningEntry> {
    let txn = crate::db::begin_write(db).await?;
    let model = tenant::find_by_id::<learning_entry::Entity>(scope, id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if model.published_on.is_none() {
        return Err(StoreError::Conflict(
            "This learning entry is not published, so there is nothing to withdraw.".into(),
        ));
    }
    let previous = model.public_summary.clone();
    let mut a: learning_entry::ActiveModel = model.into();
    a.public_summary = Set(None);
    a.published_on = Set(None);
    a.published_by = Set(None);
    a.updated_at = Set(Utc::now());
    let updated = a.update(&txn).await?;
    audit::record(
        &txn,
        scope,
        &actor.audit(),
        "learning.withdrawn",
        Some(id),
        serde_json::json!({"previous_summary": previous}),
    )
    .await?;
    let linked = links(&txn, scope, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    txn.commit().await?;
    LearningEntry::from_model(updated, linked)
}

/// Learning identified and implemented from `from` to `to` inclusive, and what was still
/// open at the end of `to` (Code 9.6, 9.7): the learning-log figures of the dashboards and
/// the performance digest.
#[tracing::instrument(skip(conn), fields(landlord = %scope.landlord_id()))]
pub async fn figures(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<LearningFigures> {
    let of_landlord = || tenant::find::<learning_entry::Entity>(scope);
    let identified = of_landlord()
        .filter(learning_entry::Column::IdentifiedOn.between(from, to))
        .count(conn)
        .await?;
    let implemented = of_landlord()
        .filter(learning_entry::Column::ImplementedOn.between(from, to))
        .count(conn)
        .await?;
    let open = of_landlord()
        .filter(learning_entry::Column::IdentifiedOn.lte(to))
        .filter(
            Condition::any()
                .add(learning_entry::Column::ImplementedOn.is_null())
                .add(learning_entry::Column::ImplementedOn.gt(to)),
        )
        .count(conn)
        .await?;
    Ok(LearningFigures {
        identified,
        implemented,
        open,
    })
}
