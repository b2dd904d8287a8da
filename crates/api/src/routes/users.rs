//! A landlord's users, invitations, and accepting an invitation.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::client::ClientAddress;
use crate::auth::extract::{ComplaintsTeam, LandlordAdmins, MaybeSignedIn};
use crate::auth::secret::{hash_token, new_token};
use crate::auth::throttle::Attempt;
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::json::OptionalJson;
use crate::page::{Page, PageQuery};
use crate::views::InvitationView;
use crate::views::MeView;
use crate::views::{Bounced, EmailBouncedView};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use redress_domain::roles::Role;
use redress_domain::values::{EmailAddress, NewPassword, required_text};
use redress_store::audit::{self, Actor};
use redress_store::invitations::{self, Invitation, NewInvitation, Standing};
use redress_store::memberships::{self, MemberUser, MembershipChange};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::json;
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
    /// Whether the user has a second factor set up (an admin may reset it).
    pub mfa_enrolled: bool,
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
            mfa_enrolled: false,
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
    tenant: Tenant<ComplaintsTeam>,
    query: crate::json::Query<PageQuery>,
) -> Result<web::Json<Page<UserView>>, ApiError> {
    let page = memberships::list_users(&tenant.db, tenant.scope, query.request()?).await?;
    let mut page = Page::from_store(page, UserView::from);
    let bounced = Bounced::of(
        &tenant.db,
        tenant.scope,
        page.items.iter().map(|u| u.email.as_str()),
    )
    .await?;
    let ids: Vec<Uuid> = page.items.iter().map(|u| u.id).collect();
    let enrolled = redress_store::mfa::enrolled_among(&tenant.db, &ids).await?;
    for u in &mut page.items {
        u.email_bounced = bounced.get(Some(&u.email));
        u.mfa_enrolled = enrolled.contains(&u.id);
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
    let before = memberships::get_user(&tenant.db, tenant.scope, user_id).await?;
    let updated = memberships::update(
        &tenant.db,
        tenant.scope,
        user_id,
        MembershipChange {
            role,
            contractor_id: b.contractor_id,
            active: b.active,
        },
        tenant.user_id,
    )
    .await?;
    if before.role != updated.role || before.contractor_id != updated.contractor_id {
        audit::record(
            &tenant.db,
            tenant.scope,
            &tenant.actor(),
            "user.role_changed",
            Some(user_id),
            json!({"from": before.role.as_str(), "to": updated.role.as_str(),
                   "contractor_from": before.contractor_id, "contractor_to": updated.contractor_id}),
        )
        .await?;
    }
    if before.active != updated.active {
        audit::record(
            &tenant.db,
            tenant.scope,
            &tenant.actor(),
            if updated.active {
                "user.reactivated"
            } else {
                "user.deactivated"
            },
            Some(user_id),
            json!({"email": updated.email}),
        )
        .await?;
    }
    let mut view = UserView::from(updated);
    view.mfa_enrolled = redress_store::mfa::is_enrolled(&tenant.db, view.id).await?;
    view.email_bounced = Bounced::of(&tenant.db, tenant.scope, [view.email.as_str()])
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
/// the response carries the accept token once, so it can be handed over by other means. An
/// invitation is an offer: someone who already has an account accepts it signed in, and
/// nothing about their account changes but the new membership.
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
    memberships::check_contractor(&tenant.db, tenant.scope, role, b.contractor_id).await?;
    let (invitation, token) =
        send_invitation(&state, &tenant, &email, role, b.contractor_id).await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "invitation.created",
        Some(invitation.id),
        json!({"email": invitation.email, "role": invitation.role.as_str(),
               "contractor_id": invitation.contractor_id}),
    )
    .await?;
    Ok(HttpResponse::Created().json(InvitationView::new(invitation, token)))
}

/// Makes an invitation with a new accept token and queues its email; any pending invitation
/// to the same address at the landlord is revoked in the same transaction.
async fn send_invitation(
    state: &AppState,
    tenant: &Tenant<LandlordAdmins>,
    email: &EmailAddress,
    role: Role,
    contractor_id: Option<Uuid>,
) -> Result<(Invitation, String), ApiError> {
    let token = new_token();
    let expires_at = Utc::now() + state.invitation_ttl;
    let accept_url = format!("{}/invitations/{}", state.public_url, token);
    let message = crate::emails::invitation(
        &state.data_key,
        email.as_str(),
        &tenant.landlord.name,
        role,
        &accept_url,
        expires_at,
    )?;
    let invitation = invitations::create(
        &tenant.db,
        tenant.scope,
        NewInvitation {
            email: email.as_str().to_owned(),
            role,
            contractor_id,
            token_hash: hash_token(&token),
            expires_at,
            invited_by: Some(tenant.user_id),
        },
        message,
    )
    .await?;
    Ok((invitation, token))
}

/// Sends a pending or expired invitation again (landlord admin): a new link, valid for the
/// usual time, emailed to the same address for the same role; the old link stops working.
#[utoipa::path(
    operation_id = "invitations_resend",
    tag = "users",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The invitation's id"),
    ),
    responses(
        (status = 201, body = InvitationView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Accepted or revoked already, or the person is a user now", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/invitations/{id}/resend")]
pub async fn resend_invitation(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let old = invitations::find(&tenant.db, tenant.scope, id).await?;
    match old.standing(Utc::now()) {
        Standing::Accepted => {
            return Err(ApiError::Conflict(
                "this invitation has been accepted; there is nothing to send again".into(),
            ));
        }
        Standing::Revoked => {
            return Err(ApiError::Conflict(
                "this invitation was revoked; invite the person again instead".into(),
            ));
        }
        Standing::Pending | Standing::Expired => {}
    }
    let email = EmailAddress::parse(&old.email)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("invitations.email: {e}")))?;
    memberships::check_contractor(&tenant.db, tenant.scope, old.role, old.contractor_id).await?;
    let (invitation, token) =
        send_invitation(&state, &tenant, &email, old.role, old.contractor_id).await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "invitation.resent",
        Some(invitation.id),
        json!({"email": invitation.email, "role": invitation.role.as_str(), "replaces": id}),
    )
    .await?;
    Ok(HttpResponse::Created().json(InvitationView::new(invitation, token)))
}

/// A pending invitation, as the landlord's admins see it (never its token).
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingInvitationView {
    pub id: Uuid,
    pub email: String,
    #[schema(value_type = String, example = "case_handler")]
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<Invitation> for PendingInvitationView {
    fn from(i: Invitation) -> Self {
        PendingInvitationView {
            id: i.id,
            email: i.email,
            role: i.role,
            contractor_id: i.contractor_id,
            invited_by: i.invited_by,
            created_at: i.created_at,
            expires_at: i.expires_at,
        }
    }
}

/// The landlord's invitations still pending (not accepted, revoked or expired), oldest first
/// (landlord admin).
#[utoipa::path(
    operation_id = "invitations_list",
    tag = "users",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), PageQuery),
    responses(
        (status = 200, body = Page<PendingInvitationView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/invitations")]
pub async fn list_invitations(
    tenant: Tenant<LandlordAdmins>,
    query: crate::json::Query<PageQuery>,
) -> Result<web::Json<Page<PendingInvitationView>>, ApiError> {
    let page = invitations::list_pending(&tenant.db, tenant.scope, query.request()?).await?;
    Ok(web::Json(Page::from_store(
        page,
        PendingInvitationView::from,
    )))
}

/// Revokes a pending invitation (landlord admin): its link stops working at once.
#[utoipa::path(
    operation_id = "invitations_revoke",
    tag = "users",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The invitation's id"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Accepted or revoked already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/landlords/{slug}/invitations/{id}")]
pub async fn revoke_invitation(
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let revoked = invitations::revoke(&tenant.db, tenant.scope, id, tenant.user_id).await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "invitation.revoked",
        Some(id),
        json!({"email": revoked.email, "role": revoked.role.as_str()}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Resets a user's second factor (landlord admin), when they have lost their authenticator:
/// it is removed, every session of theirs ends, and they set up a new one at their next
/// sign-in. Only for users who work for this landlord alone; others ask the operator.
#[utoipa::path(
    operation_id = "users_reset_mfa",
    tag = "users",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The user's id"),
    ),
    responses(
        (status = 204, description = "The second factor is removed"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/users/{id}/mfa/reset")]
pub async fn reset_mfa(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (_, user_id) = path.into_inner();
    let member = memberships::get_user(&tenant.db, tenant.scope, user_id).await?;
    if !member.active {
        // Their access here was removed: their account is no longer this landlord's concern.
        return Err(ApiError::NotFound);
    }
    if user_id == tenant.user_id {
        return Err(ApiError::Conflict(
            "you cannot reset your own second factor; ask another landlord admin".into(),
        ));
    }
    let elsewhere = memberships::active_of(&state.db, user_id)
        .await?
        .into_iter()
        .any(|(landlord, _)| landlord != tenant.landlord.id);
    if elsewhere {
        return Err(ApiError::Conflict(
            "this user works for other landlords too; ask the operator to reset their second \
             factor"
                .into(),
        ));
    }
    let removed = redress_store::mfa::remove(&tenant.db, user_id).await?;
    if !removed {
        return Err(ApiError::Conflict(
            "this user has no second factor set up".into(),
        ));
    }
    redress_store::users::end_sessions(&tenant.db, user_id).await?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "mfa.reset",
        Some(user_id),
        json!({"email": member.email}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// An invitation as its holder sees it before accepting.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationOffer {
    /// The landlord's name.
    pub landlord: String,
    pub email: String,
    #[schema(value_type = String, example = "case_handler")]
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    /// The address already has an account: sign in with it to accept.
    pub account_exists: bool,
}

/// The pending invitation a token finds, or 404 (for an unknown token, and for one that was
/// accepted, revoked or has expired). Limited per address like a password.
async fn pending(
    state: &AppState,
    token: &str,
    client: &ClientAddress,
) -> Result<Invitation, ApiError> {
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::Invitation, client, None)
        .await?;
    let found = invitations::find_by_token_hash(&state.db, &hash_token(token))
        .await
        .ok()
        .filter(|i| i.standing(Utc::now()) == Standing::Pending);
    match found {
        Some(i) => {
            counted.succeeded(&state.db).await?;
            Ok(i)
        }
        None => {
            counted.failed();
            Err(ApiError::NotFound)
        }
    }
}

/// What an invitation offers, for the page that accepts it. An invitation that was accepted,
/// revoked or has expired is 404.
#[utoipa::path(
    operation_id = "invitations_show",
    tag = "users",
    params(("token" = String, Path, description = "The invitation's accept token")),
    responses(
        (status = 200, body = InvitationOffer),
        (status = 404, description = "No such invitation, or no longer open", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/invitations/{token}")]
pub async fn show_invitation(
    state: web::Data<AppState>,
    client: ClientAddress,
    path: web::Path<String>,
) -> Result<web::Json<InvitationOffer>, ApiError> {
    let invitation = pending(&state, &path.into_inner(), &client).await?;
    let landlord = redress_store::landlords::get(
        &state.db,
        redress_store::TenantScope::for_system_task(invitation.landlord_id),
    )
    .await?;
    Ok(web::Json(InvitationOffer {
        landlord: landlord.name,
        account_exists: redress_store::users::find_by_email(&state.db, &invitation.email)
            .await?
            .is_some(),
        email: invitation.email,
        role: invitation.role,
        expires_at: invitation.expires_at,
    }))
}

#[derive(Default, Deserialize, ToSchema)]
pub struct AcceptInvitation {
    /// For a new account: the name to show. Not given when accepting signed in.
    pub name: Option<String>,
    /// For a new account: at least 12 characters and not a common password. Never given
    /// when accepting signed in.
    #[schema(value_type = Option<String>, format = Password)]
    pub password: Option<SecretString>,
}

/// Accepts an invitation. For an address with no account yet: no sign-in, a `name` and a
/// new `password`, and the account is created. For an address that has an account: signed
/// in as that account (bearer token) with no body; nothing about the account changes but the
/// new membership. An invitation works once, and never restores access an admin removed or
/// changes a role.
#[utoipa::path(
    operation_id = "users_accept_invitation",
    tag = "users",
    security((), ("bearer" = [])),
    params(("token" = String, Path, description = "The invitation's accept token")),
    request_body = AcceptInvitation,
    responses(
        (status = 200, body = MeView),
        (status = 401, description = "The bearer token is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation, no longer open, or not for the signed-in account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address has an account (sign in to accept), or the account cannot take this membership", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/{token}/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    caller: MaybeSignedIn,
    client: ClientAddress,
    path: web::Path<String>,
    body: OptionalJson<AcceptInvitation>,
) -> Result<web::Json<MeView>, ApiError> {
    let token = path.into_inner();
    let AcceptInvitation { name, password } = body.0;
    let invitation = pending(&state, &token, &client).await?;
    let scope = redress_store::TenantScope::for_system_task(invitation.landlord_id);
    let user_id = match caller {
        MaybeSignedIn::SignedIn(user) => {
            if password.is_some() || name.is_some() {
                let mut f = Fields::new();
                if password.is_some() {
                    f.push(
                        "password",
                        "is not needed: you are signed in, and accepting never changes your password",
                    );
                }
                if name.is_some() {
                    f.push("name", "is not needed: accepting never changes your name");
                }
                f.finish()?;
            }
            match invitations::accept_as_existing_account(&state.db, &invitation, user.user_id)
                .await
            {
                Err(redress_store::StoreError::NotFound) => {
                    // Not this account's invitation: a wrong guess like any other.
                    state
                        .throttle
                        .attempt(&state.db, Attempt::Invitation, &client, None)
                        .await?
                        .failed();
                    return Err(ApiError::NotFound);
                }
                other => other?,
            }
            user.user_id
        }
        MaybeSignedIn::Anonymous => {
            let mut f = Fields::new();
            let name = match name.as_deref() {
                Some(n) => f.check("name", required_text(n, 200)),
                None => {
                    f.push("name", "is required");
                    None
                }
            };
            let password = match password.as_ref() {
                Some(p) => f.check("password", NewPassword::parse(p.expose_secret())),
                None => {
                    f.push("password", "is required");
                    None
                }
            };
            f.finish()?;
            let (Some(name), Some(password)) = (name, password) else {
                return Err(ApiError::invalid("body", "is not valid"));
            };
            let hash =
                crate::auth::password::hash(SecretString::from(password.expose()), state.hash_cost)
                    .await?;
            invitations::accept_as_new_account(&state.db, &invitation, name, hash).await?
        }
    };
    audit::record(
        &state.scoped(scope),
        scope,
        &Actor::user(user_id, client.text()),
        "invitation.accepted",
        Some(invitation.id),
        json!({"email": invitation.email, "role": invitation.role.as_str()}),
    )
    .await?;
    Ok(web::Json(crate::views::me_view(&state, user_id).await?))
}
