//! Signing in (with a second factor where one is required or set up), refreshing and ending
//! sessions, and resetting a forgotten password.

mod password_reset;

use password_reset::redeem;
pub use password_reset::{
    PasswordResetAccepted, PasswordResetConfirm, PasswordResetRequest, password_reset_confirm,
    password_reset_request,
};

use crate::AppState;
pub use crate::auth::account::{
    MfaEnrolment, TokenPair, check_current_password, confirm_enrolment, new_session, pair,
    start_enrolment,
};
use crate::auth::client::ClientAddress;
use crate::auth::secret::{hash_token, new_token};
use crate::auth::throttle::Attempt;
use crate::auth::{AuthUser, events, mfa};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::views::{MeView, me_view};
use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use redress_domain::values::{EmailAddress, NewPassword};
use redress_store::account_tokens::{self, Purpose};
use redress_store::audit::Actor;
use redress_store::tokens::{self, Rotation};
use redress_store::users::User;
use redress_store::{memberships, outbox, users};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

/// The second step of signing in: the password was right, and a code from an authenticator
/// app (or a recovery code) is still needed, or the account must first set one up.
#[derive(Serialize, ToSchema)]
pub struct MfaChallenge {
    /// `mfa_required`: give a code at `/auth/mfa/verify`. `mfa_enrolment_required`: set up
    /// an authenticator at `/auth/mfa/enrol`, then confirm it at `/auth/mfa/enrol/confirm`.
    #[schema(example = "mfa_required")]
    pub status: &'static str,
    /// Proves the password step for five minutes; it opens nothing else.
    pub challenge_token: String,
    /// Seconds the challenge lasts.
    pub expires_in: i64,
}

/// Whether the account must give a second factor to sign in: it has set one up, or it must
/// (a platform admin, a landlord admin, a user of a landlord that asks it of everyone).
async fn second_factor(state: &AppState, user: &User) -> Result<Option<&'static str>, ApiError> {
    if redress_store::mfa::is_enrolled(&state.db, user.id).await? {
        return Ok(Some("mfa_required"));
    }
    let required = state.require_mfa
        && (user.is_platform_admin || memberships::any_requires_mfa(&state.db, user.id).await?);
    Ok(required.then_some("mfa_enrolment_required"))
}

/// Signs in with email and password.
///
/// When the account has a second factor, or must have one, the answer is 202 with a
/// challenge for the second step instead of a session. Failures from one address are
/// refused with 429 for a while; failures against one account make its sign-ins slower,
/// never impossible (see the README's security section).
#[utoipa::path(
    operation_id = "login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 202, description = "The password was right; the second factor is still needed", body = MfaChallenge),
        (status = 401, description = "The email or password is not right", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    client: ClientAddress,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.0;
    let email = email.trim().to_lowercase();
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::SignIn, &client, Some(&email))
        .await?;
    let user = users::find_by_email(&state.db, &email).await?;
    let usable = user.as_ref().filter(|u| !u.disabled);
    let stored = usable.and_then(|u| u.password_hash.clone());
    let ok = crate::auth::password::verify(password, stored, state.dummy_hash.clone()).await?;
    let actor = Actor::anonymous(client.text());
    let Some(user) = usable.filter(|_| ok) else {
        counted.failed();
        match &user {
            Some(u) => events::record(
                &state.db,
                u.id,
                &actor,
                "auth.sign_in_failed",
                json!({"reason": if u.disabled { "account disabled" } else { "wrong password" }}),
            )
            .await?,
            None => {
                events::record_unknown_account(&state.db, &actor, "auth.sign_in_failed", &email)
                    .await?
            }
        }
        return Err(ApiError::Unauthorized(
            "the email or password is not right".into(),
        ));
    };
    counted.succeeded(&state.db).await?;
    if let Some(status) = second_factor(&state, user).await? {
        return Ok(HttpResponse::Accepted().json(MfaChallenge {
            status,
            challenge_token: state
                .access_tokens
                .issue_challenge(user.id, user.session_version)?,
            expires_in: 300,
        }));
    }
    let session = new_session(&state, user, false).await?;
    events::record(
        &state.db,
        user.id,
        &Actor::user(user.id, client.text()),
        "auth.signed_in",
        json!({"second_factor": false}),
    )
    .await?;
    Ok(HttpResponse::Ok().json(session))
}

/// The account a challenge token is for, if it is genuine, unexpired and the account's
/// sessions have not been ended since.
async fn challenged(state: &AppState, challenge_token: &str) -> Result<User, ApiError> {
    let expired = || {
        ApiError::Unauthorized(
            "the sign-in has expired or is not valid; please sign in again".into(),
        )
    };
    let claims = state
        .access_tokens
        .verify_challenge(challenge_token)
        .ok_or_else(expired)?;
    let user = users::get(&state.db, claims.user_id)
        .await
        .map_err(|_| expired())?;
    if user.disabled || user.session_version != claims.session_version {
        return Err(expired());
    }
    Ok(user)
}

/// Checks a code (six digits from the authenticator, or a recovery code) against the
/// account's confirmed second factor, using it up. True when it was right.
async fn check_code(state: &AppState, user: &User, code: &str) -> Result<bool, ApiError> {
    let Some(factor) = redress_store::mfa::get(&state.db, user.id).await? else {
        return Ok(false);
    };
    if !factor.confirmed() {
        return Ok(false);
    }
    if mfa::looks_like_recovery_code(code) {
        return Ok(redress_store::mfa::use_recovery_code(
            &state.db,
            user.id,
            &mfa::recovery_code_hash(code),
        )
        .await?);
    }
    let secret = mfa::open_secret(&state.data_key, user.id, &factor.secret_sealed)?;
    match mfa::matching_step(&secret, code)? {
        Some(step) => Ok(redress_store::mfa::claim_step(&state.db, user.id, step).await?),
        None => Ok(false),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct MfaVerifyRequest {
    pub challenge_token: String,
    /// The six-digit code from the authenticator app, or one of the recovery codes.
    pub code: String,
}

/// The second step of signing in: a code from the authenticator app, or a recovery code
/// (each works once). Wrong codes are limited like passwords.
#[utoipa::path(
    operation_id = "mfa_verify",
    tag = "auth",
    request_body = MfaVerifyRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "The code is not right, or the sign-in has expired", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account has no second factor set up yet", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/mfa/verify")]
pub async fn mfa_verify(
    state: web::Data<AppState>,
    client: ClientAddress,
    body: Json<MfaVerifyRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let b = body.0;
    let user = challenged(&state, &b.challenge_token).await?;
    if !redress_store::mfa::is_enrolled(&state.db, user.id).await? {
        return Err(ApiError::Conflict(
            "this account has no second factor yet: set one up first".into(),
        ));
    }
    let account = user.id.to_string();
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::MfaCode, &client, Some(&account))
        .await?;
    let actor = Actor::user(user.id, client.text());
    if !check_code(&state, &user, &b.code).await? {
        counted.failed();
        events::record(
            &state.db,
            user.id,
            &actor,
            "auth.sign_in_failed",
            json!({"reason": "wrong second-factor code"}),
        )
        .await?;
        return Err(ApiError::Unauthorized(
            "that code is not right, or has been used already".into(),
        ));
    }
    counted.succeeded(&state.db).await?;
    let session = new_session(&state, &user, true).await?;
    events::record(
        &state.db,
        user.id,
        &actor,
        "auth.signed_in",
        json!({"second_factor": true}),
    )
    .await?;
    Ok(web::Json(session))
}

#[derive(Deserialize, ToSchema)]
pub struct ChallengeRequest {
    pub challenge_token: String,
}

/// Sets up an authenticator during sign-in, for an account that must have a second factor
/// and has none yet.
#[utoipa::path(
    operation_id = "mfa_enrol",
    tag = "auth",
    request_body = ChallengeRequest,
    responses(
        (status = 200, body = MfaEnrolment),
        (status = 401, description = "The sign-in has expired", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A second factor is set up already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/mfa/enrol")]
pub async fn mfa_enrol(
    state: web::Data<AppState>,
    body: Json<ChallengeRequest>,
) -> Result<web::Json<MfaEnrolment>, ApiError> {
    let user = challenged(&state, &body.0.challenge_token).await?;
    Ok(web::Json(start_enrolment(&state, &user).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MfaEnrolConfirmRequest {
    pub challenge_token: String,
    /// The code the authenticator app shows now.
    pub code: String,
}

/// The enrolment confirmed: the recovery codes (shown this once) and, during sign-in, the
/// session.
#[derive(Serialize, ToSchema)]
pub struct MfaEnrolled {
    /// Single-use codes for when the authenticator is lost. Keep them somewhere safe.
    pub recovery_codes: Vec<String>,
    pub session: TokenPair,
}

/// Confirms the authenticator set up during sign-in with its first code, and signs in.
#[utoipa::path(
    operation_id = "mfa_enrol_confirm",
    tag = "auth",
    request_body = MfaEnrolConfirmRequest,
    responses(
        (status = 200, body = MfaEnrolled),
        (status = 401, description = "The sign-in has expired", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No authenticator is waiting to be confirmed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is not right", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/mfa/enrol/confirm")]
pub async fn mfa_enrol_confirm(
    state: web::Data<AppState>,
    client: ClientAddress,
    body: Json<MfaEnrolConfirmRequest>,
) -> Result<web::Json<MfaEnrolled>, ApiError> {
    let b = body.0;
    let user = challenged(&state, &b.challenge_token).await?;
    let recovery_codes = confirm_enrolment(&state, &user, &b.code, &client).await?;
    let session = new_session(&state, &user, true).await?;
    events::record(
        &state.db,
        user.id,
        &Actor::user(user.id, client.text()),
        "auth.signed_in",
        json!({"second_factor": true}),
    )
    .await?;
    Ok(web::Json(MfaEnrolled {
        recovery_codes,
        session,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Exchanges a refresh token for a new pair. A refresh token works once: presenting one
/// again revokes every token of that sign-in. A disabled account's tokens are all revoked.
#[utoipa::path(
    operation_id = "refresh",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let next = new_token();
    let outcome = tokens::rotate(
        &state.db,
        &hash_token(&body.0.refresh_token),
        hash_token(&next),
        Utc::now() + state.refresh_ttl,
    )
    .await?;
    match outcome {
        Rotation::Rotated {
            user_id,
            mfa_verified,
            session_version,
        } => {
            let user = users::get(&state.db, user_id).await?;
            // A sign-in without a second factor, by an account that now has or needs one:
            // the session ends here rather than living on, refused everywhere it goes.
            if !mfa_verified && second_factor(&state, &user).await?.is_some() {
                tokens::revoke_family_of(&state.db, user_id, &hash_token(&next)).await?;
                return Err(ApiError::Unauthorized(
                    "this account now signs in with a second factor; please sign in again".into(),
                ));
            }
            // The access token carries the version the sign-in was made under: should the
            // account's sessions have ended meanwhile, it is refused.
            Ok(web::Json(
                pair(&state, user_id, session_version, mfa_verified, next).await?,
            ))
        }
        Rotation::ReuseDetected => {
            tracing::warn!("refresh token reused; its family has been revoked");
            Err(ApiError::Unauthorized(
                "this refresh token was already used; every session from that sign-in has been ended, please sign in again".into(),
            ))
        }
        Rotation::Disabled => Err(ApiError::Unauthorized(
            "this account is disabled; every session of it has been ended".into(),
        )),
        Rotation::Invalid => Err(ApiError::Unauthorized(
            "the refresh token is not valid or has expired".into(),
        )),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct LogoutRequest {
    /// The refresh token of this session; without it every session of the user is ended.
    pub refresh_token: Option<String>,
}

/// Signs out: the refresh token (and every token of its sign-in) stops working. Without a
/// refresh token, every session of the account ends at once.
#[utoipa::path(
    operation_id = "logout",
    tag = "auth",
    security(("bearer" = [])),
    request_body = LogoutRequest,
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<LogoutRequest>,
) -> Result<HttpResponse, ApiError> {
    match body.0.refresh_token {
        Some(token) => {
            match tokens::revoke_family_of(&state.db, user.user_id, &hash_token(&token)).await {
                Ok(()) | Err(redress_store::StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        None => users::end_sessions(&state.db, user.user_id).await?,
    }
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
pub struct EmailChangeConfirm {
    /// The token from the link emailed to the new address.
    pub token: String,
}

/// Confirms a change of email address with the token sent to the new address (once, within
/// a day). The old address is told.
#[utoipa::path(
    operation_id = "email_change_confirm",
    tag = "auth",
    request_body = EmailChangeConfirm,
    responses(
        (status = 200, body = MeView),
        (status = 404, description = "The link is not valid, was used, or has expired", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address now belongs to another account", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/email-change/confirm")]
pub async fn email_change_confirm(
    state: web::Data<AppState>,
    client: ClientAddress,
    body: Json<EmailChangeConfirm>,
) -> Result<web::Json<MeView>, ApiError> {
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::EmailChange, &client, None)
        .await?;
    let (txn, redeemed) = redeem(&state, Purpose::EmailChange, &body.0.token).await?;
    let user = users::get(&txn, redeemed.user_id).await?;
    let new_email = redeemed
        .new_email
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("an email change without an address")))?;
    users::set_email(&txn, user.id, &new_email).await?;
    outbox::enqueue(
        &txn,
        None,
        crate::emails::email_change_notice(&state.data_key, &user.email, &new_email, true)?,
    )
    .await?;
    txn.commit().await?;
    counted.succeeded(&state.db).await?;
    events::record(
        &state.db,
        user.id,
        &Actor::user(user.id, client.text()),
        "account.email_changed",
        json!({"from": user.email, "to": new_email}),
    )
    .await?;
    Ok(web::Json(me_view(&state, user.id).await?))
}
