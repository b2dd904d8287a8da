//! Disabilities and vulnerabilities a resident has disclosed (Code 3.1, 5.10). These are
//! special-category data: the landlord admin and complaints officers may read and record
//! them, and a case handler only while handling one of the resident's open complaints.
//! Contractors, the MRC, the governing body and the residents' panel may not. Every read
//! is written to the audit log in the same request.

use crate::auth::{Policy, Tenant};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use redress_domain::roles::Role;
use redress_domain::values::required_text;
use redress_store::audit;
use redress_store::disclosures::{self, Disclosure, NewDisclosure};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

const DESCRIPTION_MAX: usize = 4000;

/// The kinds of disclosure.
pub const KINDS: [&str; 5] = [
    "disability",
    "mental_health",
    "physical_health",
    "vulnerability",
    "other",
];

/// The audit entry written on every read of a resident's disclosures.
pub const READ_KIND: &str = "resident.disclosures.read";
/// The audit entry written when a disclosure is recorded.
pub const RECORDED_KIND: &str = "resident.disclosure.recorded";

/// The roles that may ever reach disclosures. A case handler passes this gate and is then
/// checked against the resident's open complaints ([`may_see`]).
pub struct DisclosureStaff;
impl Policy for DisclosureStaff {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    const WHO: &'static str =
        "a landlord admin, a complaints officer or the resident's case handler";
}

/// Admins and complaints officers always; a case handler only while handling (at stage 1 or
/// 2) one of the resident's open complaints. Another handler is 403. The resident must be
/// this landlord's (404 otherwise), checked first so a 403 never confirms one exists elsewhere.
async fn may_see(tenant: &Tenant<DisclosureStaff>, resident_id: Uuid) -> Result<(), ApiError> {
    disclosures::resident_exists(&tenant.db, tenant.scope, resident_id).await?;
    if may_read(
        &tenant.db,
        tenant.scope,
        tenant.role,
        tenant.user_id,
        resident_id,
    )
    .await?
    {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only a landlord admin, a complaints officer or the handler of one of the resident's open complaints may see their disclosures".into(),
        ))
    }
}

/// Whether someone in `role` may read the resident's disclosures: admins and complaints
/// officers always, a case handler only while handling one of the resident's open
/// complaints, nobody else (the MRC, contractors, oversight).
pub async fn may_read(
    db: &impl redress_store::Conn,
    scope: redress_store::TenantScope,
    role: Role,
    user_id: Uuid,
    resident_id: Uuid,
) -> Result<bool, ApiError> {
    Ok(match role {
        Role::LandlordAdmin | Role::ComplaintsOfficer => true,
        Role::CaseHandler => {
            disclosures::handles_open_complaint(db, scope, resident_id, user_id).await?
        }
        _ => false,
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisclosureView {
    pub id: Uuid,
    pub resident_id: Uuid,
    /// `disability`, `mental_health`, `physical_health`, `vulnerability` or `other`.
    #[schema(example = "disability")]
    pub kind: String,
    pub description: String,
    pub recorded_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<Disclosure> for DisclosureView {
    fn from(d: Disclosure) -> Self {
        DisclosureView {
            id: d.id,
            resident_id: d.resident_id,
            kind: d.kind,
            description: d.description,
            recorded_by: d.recorded_by,
            created_at: d.created_at,
        }
    }
}

/// A disability or vulnerability the resident has disclosed.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DisclosureInput {
    /// `disability`, `mental_health`, `physical_health`, `vulnerability` or `other`.
    #[schema(example = "disability")]
    pub kind: String,
    #[schema(example = "Partially sighted; reads large print only")]
    pub description: String,
}

impl DisclosureInput {
    fn parse(self, f: &mut Fields) -> Option<NewDisclosure> {
        let kind = self.kind.trim();
        let kind = f.check(
            "kind",
            KINDS
                .iter()
                .find(|k| **k == kind)
                .map(|k| (*k).to_owned())
                .ok_or_else(|| format!("must be one of {}", KINDS.join(", "))),
        );
        let description = f.check(
            "description",
            required_text(&self.description, DESCRIPTION_MAX),
        );
        Some(NewDisclosure {
            kind: kind?,
            description: description?,
        })
    }
}

/// The resident's disclosures, in the order they were recorded. Every read is audited.
#[utoipa::path(
    operation_id = "disclosures_list",
    tag = "residents",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
        PageQuery,
    ),
    responses(
        (status = 200, body = Page<DisclosureView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/residents/{id}/disclosures")]
pub async fn list(
    tenant: Tenant<DisclosureStaff>,
    path: web::Path<(String, Uuid)>,
    query: crate::json::Query<PageQuery>,
) -> Result<web::Json<Page<DisclosureView>>, ApiError> {
    let (_, resident_id) = path.into_inner();
    let req = query.request()?;
    may_see(&tenant, resident_id).await?;
    let page = disclosures::list(&tenant.db, tenant.scope, resident_id, req).await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        READ_KIND,
        Some(resident_id),
        json!({"role": tenant.role.as_str(), "count": page.items.len()}),
    )
    .await?;
    Ok(web::Json(Page::from_store(page, DisclosureView::from)))
}

/// Records a disability or vulnerability the resident has disclosed.
#[utoipa::path(
    operation_id = "disclosures_create",
    tag = "residents",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
    ),
    request_body = DisclosureInput,
    responses(
        (status = 201, body = DisclosureView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/residents/{id}/disclosures")]
pub async fn create(
    tenant: Tenant<DisclosureStaff>,
    path: web::Path<(String, Uuid)>,
    body: Json<DisclosureInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, resident_id) = path.into_inner();
    may_see(&tenant, resident_id).await?;
    let mut f = Fields::new();
    let new = body.0.parse(&mut f);
    f.finish()?;
    let Some(new) = new else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    let d = disclosures::insert(&txn, tenant.scope, resident_id, new, Some(tenant.user_id)).await?;
    audit::record(
        &txn,
        tenant.scope,
        &tenant.actor(),
        RECORDED_KIND,
        Some(resident_id),
        json!({"disclosure_id": d.id, "kind": d.kind, "role": tenant.role.as_str()}),
    )
    .await?;
    redress_store::db::commit(txn).await?;
    Ok(HttpResponse::Created().json(DisclosureView::from(d)))
}
