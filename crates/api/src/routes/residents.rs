//! Residents of the landlord, with how they want to be contacted and in what format and
//! language, so their needs are anticipated (Code 3.1). Personal data: complaints staff record them, and the MRC may
//! read them; contractors, the governing body and the residents' panel may not.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{ResidentReaders, ResidentWriters};
use crate::error::{ApiError, Fields, Problem};
use crate::forms::resident::{
    ADDRESS_MAX, LANGUAGE_MAX, NAME_MAX, PREFERRED_FORMAT_MAX, PROPERTY_REF_MAX, contact_method,
    email, optional, phone, text,
};
pub use crate::forms::resident::{CONTACT_METHODS, ResidentInput};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use crate::views::{Bounced, EmailBouncedView};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use redress_domain::values::required_text;
use redress_store::residents::{self, Resident, ResidentChange};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

const Q_MAX: usize = 200;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResidentView {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// The landlord's own reference for the home.
    pub property_ref: Option<String>,
    /// `email`, `phone`, `letter`, `text` or `in_person`.
    #[schema(example = "letter")]
    pub preferred_contact: Option<String>,
    #[schema(example = "large print")]
    pub preferred_format: Option<String>,
    #[schema(example = "Polish")]
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When mail to the current email address last bounced; null when it has not.
    pub email_bounced: Option<EmailBouncedView>,
}

impl ResidentView {
    /// Marks each resident whose current email address has bounced.
    async fn with_bounces(
        state: &AppState,
        scope: redress_store::TenantScope,
        mut views: Vec<ResidentView>,
    ) -> Result<Vec<ResidentView>, ApiError> {
        let bounced = Bounced::of(
            &state.scoped(scope),
            scope,
            views.iter().filter_map(|v| v.email.as_deref()),
        )
        .await?;
        for v in &mut views {
            v.email_bounced = bounced.get(v.email.as_deref());
        }
        Ok(views)
    }

    async fn with_bounce(
        self,
        state: &AppState,
        scope: redress_store::TenantScope,
    ) -> Result<ResidentView, ApiError> {
        let mut views = Self::with_bounces(state, scope, vec![self]).await?;
        views.pop().ok_or(ApiError::NotFound)
    }
}

impl From<Resident> for ResidentView {
    fn from(r: Resident) -> Self {
        ResidentView {
            id: r.id,
            name: r.name,
            email: r.email,
            phone: r.phone,
            address: r.address,
            property_ref: r.property_ref,
            preferred_contact: r.preferred_contact,
            preferred_format: r.preferred_format,
            language: r.language,
            created_at: r.created_at,
            email_bounced: None,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResidentQuery {
    /// Part of a name, email or property reference, in any case.
    pub q: Option<String>,
    /// At most 200; 50 when absent.
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The landlord's residents, optionally those matching `q`.
#[utoipa::path(
    operation_id = "residents_list",
    tag = "residents",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), ResidentQuery),
    responses(
        (status = 200, body = Page<ResidentView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/residents")]
pub async fn list(
    state: web::Data<AppState>,
    tenant: Tenant<ResidentReaders>,
    query: crate::json::Query<ResidentQuery>,
) -> Result<web::Json<Page<ResidentView>>, ApiError> {
    let ResidentQuery { q, limit, cursor } = query.into_inner();
    let req = PageQuery { limit, cursor }.request()?;
    if q.as_deref().is_some_and(|q| q.chars().count() > Q_MAX) {
        return Err(ApiError::invalid(
            "q",
            format!("must be at most {Q_MAX} characters"),
        ));
    }
    let page = residents::list(&tenant.db, tenant.scope, q.as_deref(), req).await?;
    tenant
        .audit_mrc_read(
            &tenant.db,
            "residents.list.read",
            None,
            serde_json::json!({"q": q, "count": page.items.len()}),
        )
        .await?;
    let mut page = Page::from_store(page, ResidentView::from);
    page.items = ResidentView::with_bounces(&state, tenant.scope, page.items).await?;
    Ok(web::Json(page))
}

/// Records a resident (complaints staff).
#[utoipa::path(
    operation_id = "residents_create",
    tag = "residents",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = ResidentInput,
    responses(
        (status = 201, body = ResidentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/residents")]
pub async fn create(
    state: web::Data<AppState>,
    tenant: Tenant<ResidentWriters>,
    body: Json<ResidentInput>,
) -> Result<HttpResponse, ApiError> {
    let mut f = Fields::new();
    let new = body.0.parse("", &mut f);
    f.finish()?;
    let Some(new) = new else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let r = residents::insert(&tenant.db, tenant.scope, new).await?;
    let view = ResidentView::from(r)
        .with_bounce(&state, tenant.scope)
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One resident.
#[utoipa::path(
    operation_id = "residents_get",
    tag = "residents",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
    ),
    responses(
        (status = 200, body = ResidentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/residents/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    tenant: Tenant<ResidentReaders>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<ResidentView>, ApiError> {
    let (_, id) = path.into_inner();
    let r = residents::get(&tenant.db, tenant.scope, id).await?;
    tenant
        .audit_mrc_read(&tenant.db, "resident.read", Some(id), serde_json::json!({}))
        .await?;
    Ok(web::Json(
        ResidentView::from(r)
            .with_bounce(&state, tenant.scope)
            .await?,
    ))
}

/// Changes to a resident: absent fields stay as they are; `null` (or blank text) clears an
/// optional one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResidentPatch {
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub property_ref: Option<Option<String>>,
    /// `email`, `phone`, `letter`, `text` or `in_person` (Code 3.1).
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>, example = "letter")]
    pub preferred_contact: Option<Option<String>>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>, example = "large print")]
    pub preferred_format: Option<Option<String>>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>, example = "Polish")]
    pub language: Option<Option<String>>,
}

/// One optional field of a PATCH: `Some(None)` clears it, `Some(Some(v))` sets it.
fn patch_field<T>(
    f: &mut Fields,
    field: &str,
    raw: Option<Option<String>>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Option<Option<T>> {
    match raw {
        None => None,
        Some(raw) => f.check(field, optional(raw.as_deref(), parse)),
    }
}

/// Changes a resident's details (complaints staff).
#[utoipa::path(
    operation_id = "residents_patch",
    tag = "residents",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
    ),
    request_body = ResidentPatch,
    responses(
        (status = 200, body = ResidentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/residents/{id}")]
pub async fn patch(
    state: web::Data<AppState>,
    tenant: Tenant<ResidentWriters>,
    path: web::Path<(String, Uuid)>,
    body: Json<ResidentPatch>,
) -> Result<web::Json<ResidentView>, ApiError> {
    let (_, id) = path.into_inner();
    let b = body.0;
    let mut f = Fields::new();
    let name = match b.name {
        None => None,
        Some(None) => {
            f.push("name", "must not be empty");
            None
        }
        Some(Some(n)) => f.check("name", required_text(&n, NAME_MAX)),
    };
    let change = ResidentChange {
        name,
        email: patch_field(&mut f, "email", b.email, email),
        phone: patch_field(&mut f, "phone", b.phone, phone),
        address: patch_field(&mut f, "address", b.address, text(ADDRESS_MAX)),
        property_ref: patch_field(
            &mut f,
            "property_ref",
            b.property_ref,
            text(PROPERTY_REF_MAX),
        ),
        preferred_contact: patch_field(
            &mut f,
            "preferred_contact",
            b.preferred_contact,
            contact_method,
        ),
        preferred_format: patch_field(
            &mut f,
            "preferred_format",
            b.preferred_format,
            text(PREFERRED_FORMAT_MAX),
        ),
        language: patch_field(&mut f, "language", b.language, text(LANGUAGE_MAX)),
    };
    f.finish()?;
    let r = residents::update(&tenant.db, tenant.scope, id, change).await?;
    Ok(web::Json(
        ResidentView::from(r)
            .with_bounce(&state, tenant.scope)
            .await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ResidentInput {
        ResidentInput {
            name: "Ann Smith".into(),
            email: None,
            phone: None,
            address: None,
            property_ref: None,
            preferred_contact: None,
            preferred_format: None,
            language: None,
        }
    }

    fn fields(f: Fields) -> Vec<String> {
        match f.finish() {
            Err(ApiError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn telephone_numbers_are_written_as_people_write_them() {
        assert!(phone("+44 (0)20 7946 0000").is_ok());
        assert!(phone("020-7946-0000").is_ok());
        assert!(phone("123456").is_err());
        assert!(phone("020 7946 0000 ext. 5").is_err());
        assert!(phone("123456789012345678901").is_err());
    }

    #[test]
    fn blank_optional_text_is_not_given() {
        let mut f = Fields::new();
        let new = ResidentInput {
            email: Some("  ".into()),
            language: Some("".into()),
            ..input()
        }
        .parse("", &mut f)
        .unwrap();
        assert_eq!(new.email, None);
        assert_eq!(new.language, None);
    }

    #[test]
    fn errors_are_named_with_the_prefix() {
        let mut f = Fields::new();
        let new = ResidentInput {
            name: " ".into(),
            email: Some("nope".into()),
            preferred_contact: Some("fax".into()),
            ..input()
        }
        .parse("resident.", &mut f);
        assert!(new.is_none());
        assert_eq!(
            fields(f),
            [
                "resident.name",
                "resident.email",
                "resident.preferred_contact"
            ]
        );
    }
}
