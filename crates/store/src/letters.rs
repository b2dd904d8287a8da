//! The letters the portal sends a resident, or their representative, when their complaint
//! changes (Code 2.4, 5.6, 5.11, 6.5, 6.9, 6.11, 6.16, 6.19). Each is written on the same
//! transaction as the change that causes it, with its outbox message when it is emailed and
//! its record on the case's correspondence (Code 5.12).
//!
//! A letter that must be posted, or that a resident's adjustment needs in another format too
//! (Code 5.10), is outstanding until staff record the day it was posted.

use crate::complaints::{self, NewEvent};
use crate::entities::letter;
use crate::error::corrupt;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::complaint::Stage;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionSession, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

/// How a letter reaches its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delivery {
    Email,
    Post,
}

impl Delivery {
    pub const ALL: [Delivery; 2] = [Delivery::Email, Delivery::Post];

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Email => "email",
            Delivery::Post => "post",
        }
    }

    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        match s {
            "email" => Ok(Delivery::Email),
            "post" => Ok(Delivery::Post),
            _ => Err("must be one of email, post".into()),
        }
    }
}

/// A letter to record. The correspondence and any outbox message are already written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLetter {
    pub complaint_id: Uuid,
    pub kind: String,
    pub stage: Stage,
    pub recipient_name: String,
    /// The email address, or the postal address.
    pub recipient: String,
    pub delivery: Delivery,
    pub subject: String,
    pub outbox_id: Option<Uuid>,
    pub correspondence_id: Uuid,
    /// What staff must do besides: another format, a missing address.
    pub staff_notes: Option<String>,
    /// The letter of a backdated action that already went to the resident by other means on
    /// this day: it is recorded, and nothing is emailed or waits to be posted.
    pub sent_earlier_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub id: Uuid,
    pub complaint_id: Uuid,
    pub kind: String,
    pub stage: Stage,
    pub recipient_name: String,
    pub recipient: String,
    pub delivery: Delivery,
    pub subject: String,
    pub outbox_id: Option<Uuid>,
    pub correspondence_id: Uuid,
    pub staff_notes: Option<String>,
    pub posted_on: Option<NaiveDate>,
    pub posted_by: Option<Uuid>,
    pub sent_earlier_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// When a letter to post was printed, and by whom.
    pub printed_at: Option<DateTime<Utc>>,
    pub printed_by: Option<Uuid>,
}

/// Where a letter stands: emailed; to post, printed or posted; or sent earlier by other means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterState {
    /// Emailed, with nothing to post.
    Emailed,
    /// Written and waiting to be printed.
    ToPrint,
    /// Printed and waiting to be posted.
    Printed,
    Posted,
    /// It went to the resident by other means before it was recorded.
    SentEarlier,
}

impl LetterState {
    pub fn as_str(self) -> &'static str {
        match self {
            LetterState::Emailed => "emailed",
            LetterState::ToPrint => "to_print",
            LetterState::Printed => "printed",
            LetterState::Posted => "posted",
            LetterState::SentEarlier => "sent_earlier",
        }
    }
}

impl Letter {
    /// Where the letter stands.
    pub fn state(&self) -> LetterState {
        if self.sent_earlier_on.is_some() {
            LetterState::SentEarlier
        } else if self.posted_on.is_some() {
            LetterState::Posted
        } else if !self.outstanding() {
            LetterState::Emailed
        } else if self.printed_at.is_some() {
            LetterState::Printed
        } else {
            LetterState::ToPrint
        }
    }

    /// Whether staff still have something to post: a postal letter, or one that an
    /// adjustment needs in another format too, not yet posted nor sent earlier by other means.
    pub fn outstanding(&self) -> bool {
        self.posted_on.is_none()
            && self.sent_earlier_on.is_none()
            && (self.delivery == Delivery::Post || self.staff_notes.is_some())
    }
}

impl TryFrom<letter::Model> for Letter {
    type Error = StoreError;
    fn try_from(m: letter::Model) -> Result<Self> {
        Ok(Letter {
            stage: Stage::from_number(m.stage).ok_or_else(|| corrupt("letters.stage", m.stage))?,
            delivery: Delivery::parse(&m.delivery).map_err(|e| corrupt("letters.delivery", e))?,
            id: m.id,
            complaint_id: m.complaint_id,
            kind: m.kind,
            recipient_name: m.recipient_name,
            recipient: m.recipient,
            subject: m.subject,
            outbox_id: m.outbox_id,
            correspondence_id: m.correspondence_id,
            staff_notes: m.staff_notes,
            posted_on: m.posted_on,
            posted_by: m.posted_by,
            sent_earlier_on: m.sent_earlier_on,
            printed_at: m.printed_at,
            printed_by: m.printed_by,
            created_at: m.created_at,
        })
    }
}

/// Records a letter on the caller's transaction.
pub async fn insert(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    new: NewLetter,
) -> Result<Letter> {
    let model = letter::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        complaint_id: Set(new.complaint_id),
        kind: Set(new.kind),
        stage: Set(new.stage.number()),
        recipient_name: Set(new.recipient_name),
        recipient: Set(new.recipient),
        delivery: Set(new.delivery.as_str().to_owned()),
        subject: Set(new.subject),
        outbox_id: Set(new.outbox_id),
        correspondence_id: Set(new.correspondence_id),
        staff_notes: Set(new.staff_notes),
        posted_on: Set(None),
        posted_by: Set(None),
        printed_at: Set(None),
        printed_by: Set(None),
        sent_earlier_on: Set(new.sent_earlier_on),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Letter::try_from(model)
}

/// A page of a complaint's letters, oldest first (cursor: the last id of the previous page);
/// with `only_stage`, just those of that stage.
pub async fn for_complaint(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    only_stage: Option<Stage>,
    req: PageRequest,
) -> Result<Page<Letter>> {
    let mut q = tenant::find::<letter::Entity>(scope)
        .filter(letter::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(letter::Column::Id);
    if let Some(stage) = only_stage {
        q = q.filter(letter::Column::Stage.eq(stage.number()));
    }
    if let Some(after) = req.after {
        q = q.filter(letter::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(Letter::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |l: &Letter| l.id))
}

/// Which of the landlord's letters to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub delivery: Option<Delivery>,
    /// `true`: only those staff still have to post; `false`: only the others.
    pub outstanding: Option<bool>,
}

fn outstanding_condition() -> Condition {
    Condition::all()
        .add(letter::Column::PostedOn.is_null())
        .add(letter::Column::SentEarlierOn.is_null())
        .add(
            Condition::any()
                .add(letter::Column::Delivery.eq(Delivery::Post.as_str()))
                .add(letter::Column::StaffNotes.is_not_null()),
        )
}

/// A page of the landlord's letters, oldest first (cursor: the last id of the previous page).
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    filter: Filter,
    req: PageRequest,
) -> Result<Page<Letter>> {
    let mut q = tenant::find::<letter::Entity>(scope).order_by_asc(letter::Column::Id);
    if let Some(d) = filter.delivery {
        q = q.filter(letter::Column::Delivery.eq(d.as_str()));
    }
    match filter.outstanding {
        Some(true) => q = q.filter(outstanding_condition()),
        Some(false) => q = q.filter(outstanding_condition().not()),
        None => {}
    }
    if let Some(after) = req.after {
        q = q.filter(letter::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(Letter::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |l: &Letter| l.id))
}

/// One of the landlord's letters.
pub async fn get(conn: &impl ConnectionTrait, scope: TenantScope, id: Uuid) -> Result<Letter> {
    tenant::find_by_id::<letter::Entity>(scope, id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(Letter::try_from)
}

/// Records the day a letter was posted, with a `letter_posted` event on the complaint's
/// timeline. Refused when it was posted already, or when it is an emailed letter with
/// nothing to post.
#[tracing::instrument(skip(db), fields(landlord = %scope.landlord_id()))]
pub async fn mark_posted<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    id: Uuid,
    on: NaiveDate,
    by: Uuid,
) -> Result<Letter> {
    let txn = db.begin().await?;
    let updated = tenant::update_many::<letter::Entity>(scope)
        .col_expr(letter::Column::PostedOn, Expr::value(Some(on)))
        .col_expr(letter::Column::PostedBy, Expr::value(Some(by)))
        .filter(letter::Column::Id.eq(id))
        .filter(outstanding_condition())
        .exec(&txn)
        .await?;
    let letter = get(&txn, scope, id).await?;
    if updated.rows_affected != 1 {
        return Err(nothing_waits(&letter, "posted"));
    }
    complaints::insert_event(
        &txn,
        scope,
        letter.complaint_id,
        NewEvent {
            kind: "letter_posted",
            stage: Some(letter.stage),
            effective_on: on,
            actor: Some(by),
            data: json!({"letter_id": letter.id, "kind": letter.kind, "posted_on": on}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(letter)
}

/// Why a letter has nothing waiting to be `printed` or `posted`: it was posted already, went
/// by other means, or was emailed.
fn nothing_waits(letter: &Letter, to_be: &str) -> StoreError {
    StoreError::Conflict(match (letter.posted_on, letter.sent_earlier_on) {
        (Some(day), _) => format!("this letter was already recorded as posted on {day}"),
        (None, Some(day)) => format!(
            "this letter already went to the resident by other means on {day}, before it was recorded"
        ),
        (None, None) => format!("this letter was emailed and nothing is waiting to be {to_be}"),
    })
}

/// Records that a letter to post was printed (the first time; printing it again changes
/// nothing). Refused when nothing is waiting to be posted: it was emailed, posted already, or
/// sent earlier by other means.
#[tracing::instrument(skip(db), fields(landlord = %scope.landlord_id()))]
pub async fn mark_printed<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    id: Uuid,
    by: Uuid,
) -> Result<Letter> {
    let txn = db.begin().await?;
    let letter = get(&txn, scope, id).await?;
    if !letter.outstanding() {
        return Err(nothing_waits(&letter, "printed"));
    }
    if letter.printed_at.is_some() {
        return Ok(letter);
    }
    tenant::update_many::<letter::Entity>(scope)
        .col_expr(letter::Column::PrintedAt, Expr::value(Some(Utc::now())))
        .col_expr(letter::Column::PrintedBy, Expr::value(Some(by)))
        .filter(letter::Column::Id.eq(id))
        .filter(letter::Column::PrintedAt.is_null())
        .filter(outstanding_condition())
        .exec(&txn)
        .await?;
    let letter = get(&txn, scope, id).await?;
    txn.commit().await?;
    Ok(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_delivery_round_trips() {
        for d in Delivery::ALL {
            assert_eq!(Delivery::parse(d.as_str()), Ok(d));
        }
        assert!(Delivery::parse("pigeon").unwrap_err().contains("post"));
    }
}
