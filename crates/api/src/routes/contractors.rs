//! Contractor organisations handling stage 1 for the landlord (Code 5.4, 5.5).

use crate::auth::Tenant;
use crate::auth::extract::{ComplaintsTeam, LandlordAdmins};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use redress_domain::values::{EmailAddress, required_text};
use redress_store::contractors::{self, Contractor};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractorView {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub created_at: DateTime<Utc>,
}

impl From<Contractor> for ContractorView {
    fn from(c: Contractor) -> Self {
        ContractorView {
            id: c.id,
            name: c.name,
            email: c.email,
            created_at: c.created_at,
        }
    }
}

/// The landlord's contractor organisations.
#[utoipa::path(
    operation_id = "contractors_list",
    tag = "contractors",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), PageQuery),
    responses(
        (status = 200, body = Page<ContractorView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/contractors")]
pub async fn list(
    tenant: Tenant<ComplaintsTeam>,
    query: crate::json::Query<PageQuery>,
) -> Result<web::Json<Page<ContractorView>>, ApiError> {
    let page = contractors::list(&tenant.db, tenant.scope, query.request()?).await?;
    Ok(web::Json(Page::from_store(page, ContractorView::from)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateContractor {
    pub name: String,
    /// Where the organisation receives notices about cases allocated to it.
    pub email: String,
}

/// Adds a contractor organisation (landlord admin).
#[utoipa::path(
    operation_id = "contractors_create",
    tag = "contractors",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = CreateContractor,
    responses(
        (status = 201, body = ContractorView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/contractors")]
pub async fn create(
    tenant: Tenant<LandlordAdmins>,
    body: Json<CreateContractor>,
) -> Result<HttpResponse, ApiError> {
    let mut f = Fields::new();
    let name = f.check("name", required_text(&body.0.name, 200));
    let email = f.check("email", EmailAddress::parse(&body.0.email));
    f.finish()?;
    let (Some(name), Some(email)) = (name, email) else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let c = contractors::create(&tenant.db, tenant.scope, name, email.as_str().to_owned()).await?;
    redress_store::audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "contractor.created",
        Some(c.id),
        serde_json::json!({"name": c.name, "email": c.email}),
    )
    .await?;
    Ok(HttpResponse::Created().json(ContractorView::from(c)))
}

/// One contractor organisation.
#[utoipa::path(
    operation_id = "contractors_get",
    tag = "contractors",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The contractor's id"),
    ),
    responses(
        (status = 200, body = ContractorView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/contractors/{id}")]
pub async fn get(
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<ContractorView>, ApiError> {
    let (_, id) = path.into_inner();
    Ok(web::Json(
        contractors::get(&tenant.db, tenant.scope, id).await?.into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ContractorPatch {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// Changes a contractor organisation's name or email (landlord admin).
#[utoipa::path(
    operation_id = "contractors_patch",
    tag = "contractors",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The contractor's id"),
    ),
    request_body = ContractorPatch,
    responses(
        (status = 200, body = ContractorView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/contractors/{id}")]
pub async fn patch(
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, Uuid)>,
    body: Json<ContractorPatch>,
) -> Result<web::Json<ContractorView>, ApiError> {
    let (_, id) = path.into_inner();
    let mut f = Fields::new();
    let name = body
        .0
        .name
        .as_deref()
        .and_then(|n| f.check("name", required_text(n, 200)));
    let email = body
        .0
        .email
        .as_deref()
        .and_then(|e| f.check("email", EmailAddress::parse(e)))
        .map(|e| e.as_str().to_owned());
    f.finish()?;
    let changed = serde_json::json!({"name": name, "email": email});
    let updated = contractors::update(&tenant.db, tenant.scope, id, name, email).await?;
    redress_store::audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "contractor.changed",
        Some(id),
        changed,
    )
    .await?;
    Ok(web::Json(updated.into()))
}
