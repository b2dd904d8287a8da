//! A landlord's users, invitations, and accepting an invitation.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::{ComplaintsTeam, LandlordAdmins};
use crate::auth::secret::{hash_token, new_token};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use crate::routes::landlords::InvitationView;
use crate::routes::me::MeView;
use crate::routes::outbox::{Bounced, EmailBouncedView};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::Utc;
use redress_domain::roles::Role;
use redress_domain::values::{EmailAddress, NewPassword, required_text};
use redress_store::invitations::{self, Acceptance, NewInvitation};
use redress_store::memberships::{self, MemberUser, MembershipChange};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub email: String,
    pub name: Option<String>,
    #[schema(value_type = String, example = "case_handler")]
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub active: bool,
    /// When mail to the user's email address last bounced; null when it has not.
    pub email_bounced: Option<EmailBouncedView>,
}

impl From<MemberUser> for UserView {
    fn from(u: MemberUser) -> Self {
        UserView {
            id: u.user_id,
            email: u.email,
            name: u.name,
            role: u.role,
            contractor_id: u.contractor_id,
            active: u.active,
            email_bounced: None,
        }
    }
}

/// The landlord's users (landlord admins and complaints officers, who allocate cases).
#[utoipa::path(
    operation_id = "users_list",
    tag = "users",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), PageQuery),
    responses(
        (status = 200, body = Page<UserView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/users")]
pub async fn list(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<UserView>>, ApiError> {
    let page = memberships::list_users(&state.db, tenant.scope, query.request()?).await?;
    let mut page = Page::from_store(page, UserView::from);
    let bounced = Bounced::of(
        &state.db,
        tenant.scope,
        page.items.iter().map(|u| u.email.as_str()),
    )
    .await?;
    for u in &mut page.items {
        u.email_bounced = bounced.get(Some(&u.email));
    }
    Ok(web::Json(page))
}

fn parse_membership_role(field: &str, raw: &str) -> Result<Role, String> {
    let role: Role = raw
        .parse()
        .map_err(|e: redress_domain::roles::UnknownRole| e.to_string())?;
    if role == Role::PlatformAdmin {
        let _ = field;
        return Err("a landlord cannot grant platform_admin".into());
    }
    Ok(role)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UserPatch {
    pub role: Option<String>,
    /// For the contractor role: the contractor organisation. `null` clears it.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub contractor_id: Option<Option<Uuid>>,
    /// `false` removes the user's access to this landlord; nothing they recorded is lost.
    pub active: Option<bool>,
}

/// Changes a user's role, contractor organisation or access (landlord admin).
#[utoipa::path(
    operation_id = "users_patch",
    tag = "users",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The user's id"),
    ),
    request_body = UserPatch,
    responses(
        (status = 200, body = UserView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/users/{id}")]
pub async fn patch(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, Uuid)>,
    body: Json<UserPatch>,
) -> Result<web::Json<UserView>, ApiError> {
    let (_, user_id) = path.into_inner();
    let b = body.0;
    let mut f = Fields::new();
    let role = b
        .role
        .as_deref()
        .and_then(|r| f.check("role", parse_membership_role("role", r)));
    f.finish()?;
    if user_id == tenant.user_id
        && (b.active == Some(false) || role.is_some_and(|r| r != Role::LandlordAdmin))
    {
        return Err(ApiError::Conflict(
            "you cannot remove your own admin access; ask another landlord admin".into(),
        ));
    }
    let updated = memberships::update(
        &state.db,
        tenant.scope,
        user_id,
        MembershipChange {
            role,
            contractor_id: b.contractor_id,
            active: b.active,
        },
    )
    .await?;
    let mut view = UserView::from(updated);
    view.email_bounced = Bounced::of(&state.db, tenant.scope, [view.email.as_str()])
        .await?
        .get(Some(&view.email));
    Ok(web::Json(view))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct InviteRequest {
    pub email: String,
    /// Any role but `platform_admin`.
    pub role: String,
    /// Required for the `contractor` role: the contractor organisation.
    pub contractor_id: Option<Uuid>,
}

/// Invites someone to a role at this landlord (landlord admin). The invitation is emailed;
/// the response carries the accept token once, so it can be handed over by other means.
#[utoipa::path(
    operation_id = "users_invite",
    tag = "users",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = InviteRequest,
    responses(
        (status = 201, body = InvitationView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/invitations")]
pub async fn invite(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    body: Json<InviteRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let mut f = Fields::new();
    let email = f.check("email", EmailAddress::parse(&b.email));
    let role = f.check("role", parse_membership_role("role", &b.role));
    f.finish()?;
    let (Some(email), Some(role)) = (email, role) else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    memberships::check_contractor(&state.db, tenant.scope, role, b.contractor_id).await?;
    let token = new_token();
    let expires_at = Utc::now() + state.invitation_ttl;
    let accept_url = format!("{}/invitations/{}", state.public_url, token);
    let message = crate::emails::invitation(
        email.as_str(),
        &tenant.landlord.name,
        role,
        &accept_url,
        expires_at,
    );
    let invitation = invitations::create(
        &state.db,
        tenant.scope,
        NewInvitation {
            email: email.as_str().to_owned(),
            role,
            contractor_id: b.contractor_id,
            token_hash: hash_token(&token),
            expires_at,
            invited_by: Some(tenant.user_id),
        },
        message,
    )
    .await?;
    Ok(HttpResponse::Created().json(InvitationView::new(invitation, token)))
}

#[derive(Deserialize, ToSchema)]
pub struct AcceptInvitation {
    pub name: String,
    /// At least 12 characters and not a common password. Someone who already has an account
    /// gives their existing password.
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

/// Accepts an invitation: sets the name and password (or confirms an existing account's
/// password) and grants the membership. No sign-in needed: the token is the credential.
#[utoipa::path(
    operation_id = "users_accept_invitation",
    tag = "users",
    params(("token" = String, Path, description = "The invitation's accept token")),
    request_body = AcceptInvitation,
    responses(
        (status = 200, body = MeView),
        (status = 404, description = "No such invitation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already accepted or expired", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/{token}/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: Json<AcceptInvitation>,
) -> Result<web::Json<MeView>, ApiError> {
    let token = path.into_inner();
    let AcceptInvitation { name, password } = body.0;
    let invitation = invitations::find_by_token_hash(&state.db, &hash_token(&token)).await?;
    if invitation.accepted_at.is_some() {
        return Err(ApiError::Conflict(
            "this invitation has already been accepted; sign in instead".into(),
        ));
    }
    if invitation.expires_at <= Utc::now() {
        return Err(ApiError::Conflict(
            "this invitation has expired; ask for a new one".into(),
        ));
    }
    let mut f = Fields::new();
    let name = f.check("name", required_text(&name, 200));
    let existing = redress_store::users::find_by_email(&state.db, &invitation.email).await?;
    let new_password_hash = match existing.as_ref().and_then(|u| u.password_hash.clone()) {
        Some(stored) => {
            let ok =
                crate::auth::password::verify(password, Some(stored), state.dummy_hash.clone())
                    .await?;
            if !ok {
                f.push(
                    "password",
                    "you already have an account: give its existing password to accept",
                );
            }
            None
        }
        None => match f.check("password", NewPassword::parse(password.expose_secret())) {
            Some(p) => Some(
                crate::auth::password::hash(SecretString::from(p.expose()), state.hash_cost)
                    .await?,
            ),
            None => None,
        },
    };
    f.finish()?;
    let Some(name) = name else {
        return Err(ApiError::invalid("name", "must not be empty"));
    };
    let user_id = invitations::accept(
        &state.db,
        &invitation,
        Acceptance {
            name,
            new_password_hash,
        },
    )
    .await?;
    Ok(web::Json(
        crate::routes::me::me_view(&state, user_id).await?,
    ))
}
