//! Service requests (a repair, a missed bin collection): not complaints, but recorded,
//! monitored and reviewed regularly (Code 1.4). A resident dissatisfied with the response to
//! one has a complaint raised even while it is still being handled, and the handling goes on
//! (Code 1.5).

use crate::Conn;
use crate::entities::service_request;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope, counters, landlords, residents};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

/// Recorded, not yet started.
pub use redress_domain::complaint::ServiceRequestStatus;

/// A service request to record; it starts `open`. Values are already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServiceRequest {
    pub resident_id: Uuid,
    pub category: String,
    pub description: String,
    pub reported_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequest {
    pub id: Uuid,
    /// The landlord's reference prefix, `-SR-` and a per-landlord sequence number.
    pub reference: String,
    pub resident_id: Uuid,
    pub category: String,
    pub description: String,
    pub reported_on: NaiveDate,
    pub status: ServiceRequestStatus,
    pub due_on: Option<NaiveDate>,
    /// Set exactly when the status is `completed`.
    pub completed_on: Option<NaiveDate>,
    /// The date of the last review (Code 1.4).
    pub reviewed_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl ServiceRequest {
    /// Still being handled (`open` or `in_progress`). A complaint raised about it does not
    /// stop the handling (Code 1.5).
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }
}

impl TryFrom<service_request::Model> for ServiceRequest {
    type Error = StoreError;

    fn try_from(m: service_request::Model) -> Result<Self> {
        Ok(ServiceRequest {
            id: m.id,
            reference: m.reference,
            resident_id: m.resident_id,
            category: m.category,
            description: m.description,
            reported_on: m.reported_on,
            status: ServiceRequestStatus::parse(&m.status)
                .map_err(|e| crate::error::corrupt("service_requests.status", e))?,
            due_on: m.due_on,
            completed_on: m.completed_on,
            reviewed_on: m.reviewed_on,
            created_at: m.created_at,
        })
    }
}

/// A change to a service request: `None` leaves a field as it is; `Some(None)` clears a date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceRequestChange {
    pub status: Option<ServiceRequestStatus>,
    pub description: Option<String>,
    pub due_on: Option<Option<NaiveDate>>,
    pub completed_on: Option<Option<NaiveDate>>,
    pub reviewed_on: Option<Option<NaiveDate>>,
}

/// Which service requests a list keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceRequestFilter {
    pub status: Option<ServiceRequestStatus>,
    pub resident_id: Option<Uuid>,
}

/// `NB-SR-000123`: six digits at least, more when the sequence outgrows them.
pub fn reference(prefix: &str, number: i64) -> String {
    format!("{prefix}-SR-{number:06}")
}

/// Records a service request with the next reference of the landlord's sequence.
///
/// The number comes from the landlord's counter (`counters::next`), taken first in the
/// transaction: a write, so SQLite takes its write lock before anything is read, and
/// PostgreSQL holds the counter's row lock until commit. Concurrent requests get consecutive
/// numbers; the unique indexes on (landlord, number) and (landlord, reference) stay as a guard.
#[tracing::instrument(skip(db, new))]
pub async fn create(
    db: &impl Conn,
    scope: TenantScope,
    new: NewServiceRequest,
) -> Result<ServiceRequest> {
    let txn = db.begin().await?;
    let number = counters::next(&txn, scope, "service_request").await?;
    residents::get(&txn, scope, new.resident_id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => {
                StoreError::invalid("resident_id", "is not a resident of this landlord")
            }
            other => other,
        })?;
    let prefix = landlords::get(&txn, scope).await?.reference_prefix;
    let model = service_request::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        number: Set(number),
        reference: Set(reference(&prefix, number)),
        resident_id: Set(new.resident_id),
        category: Set(new.category.clone()),
        description: Set(new.description.clone()),
        reported_on: Set(new.reported_on),
        status: Set(ServiceRequestStatus::Open.as_str().to_owned()),
        due_on: Set(new.due_on),
        completed_on: Set(None),
        reviewed_on: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    model.try_into()
}

/// One service request of this landlord; another landlord's is `NotFound`.
#[tracing::instrument(skip(db))]
pub async fn get(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<ServiceRequest> {
    tenant::find_by_id::<service_request::Entity>(scope, id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?
        .try_into()
}

/// The landlord's service requests in the order they were recorded, filtered by status and
/// resident.
#[tracing::instrument(skip(db))]
pub async fn list(
    db: &impl Conn,
    scope: TenantScope,
    filter: ServiceRequestFilter,
    req: PageRequest,
) -> Result<Page<ServiceRequest>> {
    let mut q =
        tenant::find::<service_request::Entity>(scope).order_by_asc(service_request::Column::Id);
    if let Some(status) = filter.status {
        q = q.filter(service_request::Column::Status.eq(status.as_str()));
    }
    if let Some(resident_id) = filter.resident_id {
        q = q.filter(service_request::Column::ResidentId.eq(resident_id));
    }
    if let Some(after) = req.after {
        q = q.filter(service_request::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(ServiceRequest::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |s: &ServiceRequest| s.id))
}

/// Applies a change to a service request, keeping `completed_on` set exactly when the
/// request is completed: completing it without a date records `today`, and moving it to any
/// other status clears the date.
pub fn apply_change(
    sr: &mut ServiceRequest,
    change: ServiceRequestChange,
    today: NaiveDate,
) -> Result<()> {
    if let Some(status) = change.status {
        sr.status = status;
    }
    let completed = sr.status == ServiceRequestStatus::Completed;
    sr.completed_on = match change.completed_on {
        Some(Some(_)) if !completed => {
            return Err(StoreError::invalid(
                "completed_on",
                "can be set only when the status is completed",
            ));
        }
        Some(None) if completed => {
            return Err(StoreError::invalid(
                "completed_on",
                "is required when the status is completed",
            ));
        }
        Some(date) => date,
        None if completed => sr.completed_on.or(Some(today)),
        None => None,
    };
    if let Some(description) = change.description {
        sr.description = description;
    }
    if let Some(due_on) = change.due_on {
        sr.due_on = due_on;
    }
    if let Some(reviewed_on) = change.reviewed_on {
        sr.reviewed_on = reviewed_on;
    }
    for (field, date) in [
        ("due_on", sr.due_on),
        ("completed_on", sr.completed_on),
        ("reviewed_on", sr.reviewed_on),
    ] {
        if date.is_some_and(|d| d < sr.reported_on) {
            return Err(StoreError::invalid(
                field,
                "must not be before the request was reported (reported_on)",
            ));
        }
    }
    Ok(())
}

/// Changes a service request (see [`apply_change`] for the rules).
#[tracing::instrument(skip(db, change))]
pub async fn update(
    db: &impl Conn,
    scope: TenantScope,
    id: Uuid,
    change: ServiceRequestChange,
    today: NaiveDate,
) -> Result<ServiceRequest> {
    let txn = db.begin().await?;
    let model = tenant::find_by_id::<service_request::Entity>(scope, id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut sr = ServiceRequest::try_from(model.clone())?;
    apply_change(&mut sr, change, today)?;
    let mut a: service_request::ActiveModel = model.into();
    a.status = Set(sr.status.as_str().to_owned());
    a.description = Set(sr.description);
    a.due_on = Set(sr.due_on);
    a.completed_on = Set(sr.completed_on);
    a.reviewed_on = Set(sr.reviewed_on);
    let updated = a.update(&txn).await?;
    txn.commit().await?;
    updated.try_into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ServiceRequestStatus::{Cancelled, Completed, InProgress, Open};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn request(status: ServiceRequestStatus) -> ServiceRequest {
        ServiceRequest {
            id: Uuid::nil(),
            reference: "NB-SR-000001".into(),
            resident_id: Uuid::nil(),
            category: "repairs".into(),
            description: "Leaking tap".into(),
            reported_on: day("2025-03-03"),
            status,
            due_on: None,
            completed_on: None,
            reviewed_on: None,
            created_at: Utc::now(),
        }
    }

    fn to(status: ServiceRequestStatus) -> ServiceRequestChange {
        ServiceRequestChange {
            status: Some(status),
            ..Default::default()
        }
    }

    #[test]
    fn references_are_the_prefix_sr_and_six_digits() {
        assert_eq!(reference("NB", 123), "NB-SR-000123");
        assert_eq!(reference("NB", 1_234_567), "NB-SR-1234567");
    }

    #[test]
    fn completing_without_a_date_records_today() {
        let mut sr = request(Open);
        apply_change(&mut sr, to(Completed), day("2025-03-10")).unwrap();
        assert_eq!(sr.completed_on, Some(day("2025-03-10")));
    }

    #[test]
    fn completing_with_a_date_keeps_it() {
        let mut sr = request(InProgress);
        let change = ServiceRequestChange {
            completed_on: Some(Some(day("2025-03-05"))),
            ..to(Completed)
        };
        apply_change(&mut sr, change, day("2025-03-10")).unwrap();
        assert_eq!(sr.completed_on, Some(day("2025-03-05")));
    }

    #[test]
    fn a_completed_request_cannot_lose_its_completion_date() {
        let mut sr = request(Open);
        let change = ServiceRequestChange {
            completed_on: Some(None),
            ..to(Completed)
        };
        let err = apply_change(&mut sr, change, day("2025-03-10")).unwrap_err();
        assert!(matches!(err, StoreError::Invalid { field, .. } if field == "completed_on"));
    }

    #[test]
    fn reopening_clears_the_completion_date() {
        let mut sr = request(Completed);
        sr.completed_on = Some(day("2025-03-05"));
        apply_change(&mut sr, to(Open), day("2025-03-10")).unwrap();
        assert_eq!(sr.completed_on, None);
        assert!(sr.is_open());
    }

    #[test]
    fn an_open_request_has_no_completion_date() {
        let mut sr = request(Open);
        let change = ServiceRequestChange {
            completed_on: Some(Some(day("2025-03-05"))),
            ..Default::default()
        };
        assert!(apply_change(&mut sr, change, day("2025-03-10")).is_err());
    }

    #[test]
    fn dates_cannot_come_before_the_report() {
        let mut sr = request(Open);
        let change = ServiceRequestChange {
            reviewed_on: Some(Some(day("2025-03-01"))),
            ..Default::default()
        };
        let err = apply_change(&mut sr, change, day("2025-03-10")).unwrap_err();
        assert!(matches!(err, StoreError::Invalid { field, .. } if field == "reviewed_on"));
    }

    #[test]
    fn in_progress_counts_as_open_for_raising_a_complaint() {
        assert!(request(InProgress).is_open());
        assert!(!request(Cancelled).is_open());
        assert!(!request(Completed).is_open());
    }
}
