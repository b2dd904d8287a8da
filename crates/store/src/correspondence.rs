//! All correspondence in and out of a complaint (Code 5.12): letters, emails, calls, visits
//! and messages, each with the stage the complaint was at when it was recorded.
//!
//! Append-only: there is no update or delete. A record and its `correspondence` event on the
//! timeline are written on the caller's transaction, so other code (the letters the portal
//! sends, for instance) records outgoing correspondence the same way as a handler does.

use crate::complaints::{self, NewEvent};
use crate::entities::{complaint, correspondence};
use crate::error::corrupt;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope, attachments};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::complaint::Stage;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

pub use redress_domain::complaint::{CorrespondenceChannel, Direction};

/// Correspondence to record. The stage is the complaint's current stage when it is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCorrespondence {
    pub direction: Direction,
    pub channel: CorrespondenceChannel,
    /// The day it was sent or received.
    pub on: NaiveDate,
    pub subject: Option<String>,
    /// The text; for a phone call or a visit, the note of it.
    pub body: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Attachments of the same complaint.
    pub attachment_ids: Vec<Uuid>,
    /// Who recorded it; none when the portal itself did.
    pub recorded_by: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correspondence {
    pub id: Uuid,
    pub complaint_id: Uuid,
    pub direction: Direction,
    pub channel: CorrespondenceChannel,
    pub on: NaiveDate,
    pub subject: Option<String>,
    pub body: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub attachment_ids: Vec<Uuid>,
    pub stage: Stage,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<Uuid>,
}

impl TryFrom<correspondence::Model> for Correspondence {
    type Error = StoreError;
    fn try_from(m: correspondence::Model) -> Result<Self> {
        Ok(Correspondence {
            direction: Direction::parse(&m.direction)
                .map_err(|e| corrupt("correspondence.direction", e))?,
            channel: CorrespondenceChannel::parse(&m.channel)
                .map_err(|e| corrupt("correspondence.channel", e))?,
            attachment_ids: serde_json::from_str(&m.attachment_ids)
                .map_err(|e| corrupt("correspondence.attachment_ids", e))?,
            stage: Stage::from_number(m.stage)
                .ok_or_else(|| corrupt("correspondence.stage", m.stage))?,
            id: m.id,
            complaint_id: m.complaint_id,
            on: m.occurred_on,
            subject: m.subject,
            body: m.body,
            from: m.sender,
            to: m.recipient,
            recorded_at: m.recorded_at,
            recorded_by: m.recorded_by,
        })
    }
}

/// The stage a complaint is at now; `NotFound` when it is not one of this landlord's.
pub(crate) async fn current_stage(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
) -> Result<Stage> {
    let m = tenant::find_by_id::<complaint::Entity>(scope, complaint_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Stage::from_number(m.current_stage)
        .ok_or_else(|| corrupt("complaints.current_stage", m.current_stage))
}

/// Records correspondence of a complaint with its `correspondence` event on the timeline, on
/// the caller's connection or transaction. An attachment id that is not one of this
/// complaint's attachments is refused naming `attachment_ids[i]`.
#[tracing::instrument(skip(conn, new), fields(landlord = %scope.landlord_id()))]
pub async fn record(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    new: NewCorrespondence,
) -> Result<Correspondence> {
    let stage = current_stage(conn, scope, complaint_id).await?;
    record_at_stage(conn, scope, complaint_id, stage, new).await
}

/// [`record`] for a caller that holds the complaint as its transaction has just written it
/// (a letter the change sends), and so knows its current stage.
#[tracing::instrument(skip(conn, new), fields(landlord = %scope.landlord_id()))]
pub async fn record_at_stage(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    stage: Stage,
    new: NewCorrespondence,
) -> Result<Correspondence> {
    attachments::check_ids(
        conn,
        scope,
        complaint_id,
        &new.attachment_ids,
        "attachment_ids",
    )
    .await?;
    let id = Uuid::now_v7();
    let model = correspondence::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(id),
        complaint_id: Set(complaint_id),
        direction: Set(new.direction.as_str().to_owned()),
        channel: Set(new.channel.as_str().to_owned()),
        occurred_on: Set(new.on),
        subject: Set(new.subject.clone()),
        body: Set(new.body),
        sender: Set(new.from),
        recipient: Set(new.to),
        attachment_ids: Set(json!(new.attachment_ids).to_string()),
        stage: Set(stage.number()),
        recorded_at: Set(Utc::now()),
        recorded_by: Set(new.recorded_by),
    }
    .insert(conn)
    .await?;
    complaints::insert_event(
        conn,
        scope,
        complaint_id,
        NewEvent {
            kind: "correspondence",
            stage: Some(stage),
            effective_on: new.on,
            actor: new.recorded_by,
            data: json!({
                "correspondence_id": id,
                "direction": new.direction.as_str(),
                "channel": new.channel.as_str(),
                "subject": new.subject,
                "attachment_ids": new.attachment_ids,
            }),
        },
    )
    .await?;
    Correspondence::try_from(model)
}

/// One piece of the landlord's correspondence.
pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<Correspondence> {
    tenant::find_by_id::<correspondence::Entity>(scope, id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(Correspondence::try_from)
}

/// A page of a complaint's correspondence, oldest first (cursor: the last id of the previous
/// page). With `only_stage`, just what was recorded at that stage.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    only_stage: Option<Stage>,
    req: PageRequest,
) -> Result<Page<Correspondence>> {
    let mut q = tenant::find::<correspondence::Entity>(scope)
        .filter(correspondence::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(correspondence::Column::Id);
    if let Some(stage) = only_stage {
        q = q.filter(correspondence::Column::Stage.eq(stage.number()));
    }
    if let Some(after) = req.after {
        q = q.filter(correspondence::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(Correspondence::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |c: &Correspondence| c.id))
}

/// The day of the latest outgoing correspondence of a complaint, if any (for keeping the
/// resident informed, Code 5.9).
pub async fn last_outgoing_on(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
) -> Result<Option<NaiveDate>> {
    Ok(tenant::find::<correspondence::Entity>(scope)
        .select_only()
        .column_as(correspondence::Column::OccurredOn.max(), "last")
        .filter(correspondence::Column::ComplaintId.eq(complaint_id))
        .filter(correspondence::Column::Direction.eq(Direction::Out.as_str()))
        .into_tuple::<Option<NaiveDate>>()
        .one(conn)
        .await?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_round_trips() {
        for d in Direction::ALL {
            assert_eq!(Direction::parse(d.as_str()), Ok(*d));
        }
        for c in CorrespondenceChannel::ALL {
            assert_eq!(CorrespondenceChannel::parse(c.as_str()), Ok(*c));
        }
        assert!(
            CorrespondenceChannel::parse("fax")
                .unwrap_err()
                .contains("in_person")
        );
    }
}
