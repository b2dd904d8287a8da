//! Service requests (a repair, a missed collection): not complaints, but recorded, monitored
//! and reviewed regularly (Code 1.4). A complaint can be raised from one while it is still
//! being handled (Code 1.5).

use crate::auth::Tenant;
use crate::auth::extract::{ResidentReaders, ResidentWriters};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::values::required_text;
use redress_store::service_requests::{
    self, NewServiceRequest, ServiceRequest, ServiceRequestChange, ServiceRequestFilter,
    ServiceRequestStatus,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

const CATEGORY_MAX: usize = 100;
const DESCRIPTION_MAX: usize = 5000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceRequestView {
    pub id: Uuid,
    /// The landlord's reference prefix, `-SR-` and a sequence number.
    #[schema(example = "NB-SR-000123")]
    pub reference: String,
    pub resident_id: Uuid,
    #[schema(example = "repairs")]
    pub category: String,
    pub description: String,
    pub reported_on: NaiveDate,
    /// `open`, `in_progress`, `completed` or `cancelled`.
    #[schema(example = "open")]
    pub status: String,
    pub due_on: Option<NaiveDate>,
    /// Set exactly when the status is `completed`.
    pub completed_on: Option<NaiveDate>,
    /// The date of the last review (Code 1.4).
    pub reviewed_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl From<ServiceRequest> for ServiceRequestView {
    fn from(s: ServiceRequest) -> Self {
        ServiceRequestView {
            id: s.id,
            reference: s.reference,
            resident_id: s.resident_id,
            category: s.category,
            description: s.description,
            reported_on: s.reported_on,
            status: s.status.as_str().to_owned(),
            due_on: s.due_on,
            completed_on: s.completed_on,
            reviewed_on: s.reviewed_on,
            created_at: s.created_at,
        }
    }
}

fn status(raw: &str) -> Result<ServiceRequestStatus, String> {
    ServiceRequestStatus::parse(raw)
}

fn not_in_future(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if date > today {
        Err(format!("must not be in the future (today is {today})"))
    } else {
        Ok(date)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceRequestQuery {
    /// `open`, `in_progress`, `completed` or `cancelled`.
    pub status: Option<String>,
    /// Only this resident's requests.
    pub resident_id: Option<String>,
    /// At most 200; 50 when absent.
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The landlord's service requests, optionally by status and resident (Code 1.4).
#[utoipa::path(
    operation_id = "service_requests_list",
    tag = "service-requests",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ServiceRequestQuery),
    responses(
        (status = 200, body = Page<ServiceRequestView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/service-requests")]
pub async fn list(
    tenant: Tenant<ResidentReaders>,
    query: crate::json::Query<ServiceRequestQuery>,
) -> Result<web::Json<Page<ServiceRequestView>>, ApiError> {
    let ServiceRequestQuery {
        status: raw_status,
        resident_id,
        limit,
        cursor,
    } = query.into_inner();
    let mut f = Fields::new();
    let filter = ServiceRequestFilter {
        status: raw_status.and_then(|s| f.check("status", status(&s))),
        resident_id: resident_id.and_then(|r| {
            f.check(
                "resident_id",
                Uuid::parse_str(&r).map_err(|_| "must be a resident's id"),
            )
        }),
    };
    f.finish()?;
    let filter_resident = filter.resident_id;
    let req = PageQuery { limit, cursor }.request()?;
    let page = service_requests::list(&tenant.db, tenant.scope, filter, req).await?;
    tenant
        .audit_mrc_read(
            &tenant.db,
            "service_requests.list.read",
            filter_resident,
            serde_json::json!({"count": page.items.len()}),
        )
        .await?;
    Ok(web::Json(Page::from_store(page, ServiceRequestView::from)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateServiceRequest {
    /// A resident of this landlord.
    pub resident_id: Uuid,
    #[schema(example = "repairs")]
    pub category: String,
    pub description: String,
    /// The day the resident reported it; not in the future.
    pub reported_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

/// Records a service request (complaints staff). It starts `open`, with the next reference
/// of the landlord's sequence.
#[utoipa::path(
    operation_id = "service_requests_create",
    tag = "service-requests",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = CreateServiceRequest,
    responses(
        (status = 201, body = ServiceRequestView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/service-requests")]
pub async fn create(
    tenant: Tenant<ResidentWriters>,
    body: Json<CreateServiceRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let today = crate::time::today();
    let mut f = Fields::new();
    let category = f.check("category", required_text(&b.category, CATEGORY_MAX));
    let description = f.check(
        "description",
        required_text(&b.description, DESCRIPTION_MAX),
    );
    let reported_on = f.check("reported_on", not_in_future(b.reported_on, today));
    if b.due_on.is_some_and(|d| d < b.reported_on) {
        f.push(
            "due_on",
            "must not be before the request was reported (reported_on)",
        );
    }
    f.finish()?;
    let (Some(category), Some(description), Some(reported_on)) =
        (category, description, reported_on)
    else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let sr = service_requests::create(
        &tenant.db,
        tenant.scope,
        NewServiceRequest {
            resident_id: b.resident_id,
            category,
            description,
            reported_on,
            due_on: b.due_on,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(ServiceRequestView::from(sr)))
}

/// One service request.
#[utoipa::path(
    operation_id = "service_requests_get",
    tag = "service-requests",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The service request's id"),
    ),
    responses(
        (status = 200, body = ServiceRequestView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/service-requests/{id}")]
pub async fn get(
    tenant: Tenant<ResidentReaders>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<ServiceRequestView>, ApiError> {
    let (_, id) = path.into_inner();
    let found = service_requests::get(&tenant.db, tenant.scope, id).await?;
    tenant
        .audit_mrc_read(
            &tenant.db,
            "service_request.read",
            Some(id),
            serde_json::json!({}),
        )
        .await?;
    Ok(web::Json(found.into()))
}

/// Changes to a service request: absent fields stay as they are; `null` clears a date.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ServiceRequestPatch {
    /// `open`, `in_progress`, `completed` or `cancelled`; any change is allowed.
    #[schema(example = "completed")]
    pub status: Option<String>,
    pub description: Option<String>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub due_on: Option<Option<NaiveDate>>,
    /// Required while the status is `completed`; today (in England) when a request is
    /// completed without one. Cleared when the status moves away from `completed`.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub completed_on: Option<Option<NaiveDate>>,
    /// The date of the latest review of the request (Code 1.4); not in the future.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub reviewed_on: Option<Option<NaiveDate>>,
}

/// Changes a service request's status, dates or description (complaints staff).
#[utoipa::path(
    operation_id = "service_requests_patch",
    tag = "service-requests",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The service request's id"),
    ),
    request_body = ServiceRequestPatch,
    responses(
        (status = 200, body = ServiceRequestView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/service-requests/{id}")]
pub async fn patch(
    tenant: Tenant<ResidentWriters>,
    path: web::Path<(String, Uuid)>,
    body: Json<ServiceRequestPatch>,
) -> Result<web::Json<ServiceRequestView>, ApiError> {
    let (_, id) = path.into_inner();
    let b = body.0;
    let today = crate::time::today();
    let mut f = Fields::new();
    let new_status = b.status.and_then(|s| f.check("status", status(&s)));
    let description = b
        .description
        .and_then(|d| f.check("description", required_text(&d, DESCRIPTION_MAX)));
    for (field, date) in [
        ("completed_on", b.completed_on.flatten()),
        ("reviewed_on", b.reviewed_on.flatten()),
    ] {
        if let Some(d) = date {
            f.check(field, not_in_future(d, today));
        }
    }
    f.finish()?;
    let change = ServiceRequestChange {
        status: new_status,
        description,
        due_on: b.due_on,
        completed_on: b.completed_on,
        reviewed_on: b.reviewed_on,
    };
    Ok(web::Json(
        service_requests::update(&tenant.db, tenant.scope, id, change, today)
            .await?
            .into(),
    ))
}
