//! Landlords: onboarding by the platform admin, and the list a user may see.

use crate::AppState;
use crate::auth::AuthUser;
use crate::auth::extract::PlatformAdmin;
use crate::auth::secret::{hash_token, new_token};
use crate::error::{ApiError, Fields, Problem};
use crate::forms::reference_prefix;
use crate::json::Json;
use crate::page::{Page, PageQuery};
pub use crate::views::{InvitationView, LandlordView};
use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use redress_domain::roles::Role;
use redress_domain::values::{EmailAddress, LandlordKind, Slug, required_text};
use redress_store::audit;
use redress_store::invitations::NewInvitation;
use redress_store::landlords::{self, NewLandlord};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct CreateLandlord {
    pub name: String,
    /// The landlord's URL id, e.g. `camden-council`.
    pub slug: String,
    /// `local_authority`, `housing_association`, `almo` or `other`.
    pub kind: String,
    /// Homes owned (low-cost rental).
    pub homes: u32,
    /// Low-cost home ownership homes, where the landlord reports them separately.
    pub homes_low_cost_home_ownership: Option<u32>,
    /// Who will be the landlord's first admin.
    pub admin_email: String,
    /// Prefix of complaint references; derived from the slug when absent.
    pub reference_prefix: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedLandlord {
    pub landlord: LandlordView,
    pub invitation: InvitationView,
}

fn default_prefix(slug: &str) -> String {
    let initials: String = slug
        .split('-')
        .filter_map(|part| part.chars().next())
        .collect();
    let p = if initials.len() >= 2 {
        initials
    } else {
        slug.chars().take(3).collect()
    };
    p.to_uppercase().chars().take(6).collect()
}

/// Onboards a landlord (platform admin): creates it with the default housing scheme and an
/// invitation for its first admin, which is emailed.
#[utoipa::path(
    operation_id = "landlords_create",
    tag = "landlords",
    security(("bearer" = [])),
    request_body = CreateLandlord,
    responses(
        (status = 201, body = CreatedLandlord),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords")]
pub async fn create(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    body: Json<CreateLandlord>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let mut f = Fields::new();
    let name = f.check("name", required_text(&b.name, 200));
    let slug = f.check("slug", Slug::parse(&b.slug));
    let kind = f.check("kind", LandlordKind::parse(&b.kind));
    let email = f.check("admin_email", EmailAddress::parse(&b.admin_email));
    let prefix = match &b.reference_prefix {
        Some(p) => f.check("reference_prefix", reference_prefix(p)),
        None => slug.as_ref().map(|s| default_prefix(s.as_str())),
    };
    f.finish()?;
    let (Some(name), Some(slug), Some(kind), Some(email), Some(prefix)) =
        (name, slug, kind, email, prefix)
    else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let token = new_token();
    let expires_at = Utc::now() + state.invitation_ttl;
    let accept_url = format!("{}/invitations/{}", state.public_url, token);
    let message = crate::emails::invitation(
        &state.data_key,
        email.as_str(),
        &name,
        Role::LandlordAdmin,
        &accept_url,
        expires_at,
    )?;
    let (landlord, invitation) = landlords::create_with_admin_invitation(
        &state.db,
        NewLandlord {
            name,
            slug: slug.as_str().to_owned(),
            kind,
            homes_low_cost_rental: b.homes,
            homes_low_cost_home_ownership: b.homes_low_cost_home_ownership.unwrap_or(0),
            reference_prefix: prefix,
        },
        NewInvitation {
            email: email.as_str().to_owned(),
            role: Role::LandlordAdmin,
            contractor_id: None,
            token_hash: hash_token(&token),
            expires_at,
            invited_by: Some(admin.0.user_id),
        },
        |_| message,
    )
    .await?;
    audit::record_platform(
        &state.db,
        &admin.0.actor(),
        "landlord.created",
        Some(landlord.id),
        json!({"slug": landlord.slug, "name": landlord.name, "admin_email": invitation.email}),
    )
    .await?;
    Ok(HttpResponse::Created().json(CreatedLandlord {
        landlord: landlord.into(),
        invitation: InvitationView::new(invitation, token),
    }))
}

/// The landlords the caller may see: all of them for a platform admin, otherwise those
/// the caller is a member of.
#[utoipa::path(
    operation_id = "landlords_list",
    tag = "landlords",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<LandlordView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::json::Query<PageQuery>,
) -> Result<web::Json<Page<LandlordView>>, ApiError> {
    let req = query.request()?;
    let page = if user.is_platform_admin {
        landlords::page_all(&state.db, req).await?
    } else {
        landlords::page_for_user(&state.db, user.user_id, req).await?
    };
    Ok(web::Json(Page::from_store(page, LandlordView::from)))
}

/// Suspends a landlord (platform admin): its users lose access at once, its scheduled emails
/// stop, and its public page, online form and residents' tracking pages are offline (nobody
/// would see a complaint made meanwhile); nothing it holds is removed, and reinstating it
/// brings everything back as it was.
#[utoipa::path(
    operation_id = "landlords_suspend",
    tag = "landlords",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = LandlordView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Suspended already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/suspend")]
pub async fn suspend(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    slug: web::Path<String>,
) -> Result<web::Json<LandlordView>, ApiError> {
    set_suspended(&state, &admin, &slug.into_inner(), true).await
}

/// Reinstates a suspended landlord (platform admin): its users' access and its scheduled
/// emails resume.
#[utoipa::path(
    operation_id = "landlords_reinstate",
    tag = "landlords",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = LandlordView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not suspended", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/reinstate")]
pub async fn reinstate(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    slug: web::Path<String>,
) -> Result<web::Json<LandlordView>, ApiError> {
    set_suspended(&state, &admin, &slug.into_inner(), false).await
}

async fn set_suspended(
    state: &AppState,
    admin: &PlatformAdmin,
    slug: &str,
    suspended: bool,
) -> Result<web::Json<LandlordView>, ApiError> {
    let landlord = landlords::set_suspended(&state.db, slug, suspended).await?;
    let kind = if suspended {
        "landlord.suspended"
    } else {
        "landlord.reinstated"
    };
    let actor = admin.0.actor();
    audit::record_platform(
        &state.db,
        &actor,
        kind,
        Some(landlord.id),
        json!({"slug": landlord.slug}),
    )
    .await?;
    let scope = redress_store::TenantScope::for_system_task(landlord.id);
    audit::record(
        &state.scoped(scope),
        scope,
        &actor,
        kind,
        Some(landlord.id),
        json!({"slug": landlord.slug}),
    )
    .await?;
    Ok(web::Json(landlord.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_prefix_defaults_to_the_slugs_initials() {
        assert_eq!(default_prefix("camden-council"), "CC");
        assert_eq!(default_prefix("peabody"), "PEA");
    }
}
