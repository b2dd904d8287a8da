//! `GET /me`: who is signed in, and where.

use crate::AppState;
use crate::auth::account::{
    MfaEnrolment, TokenPair, check_current_password, confirm_enrolment, new_session,
    start_enrolment,
};
use crate::auth::client::ClientAddress;
use crate::auth::secret::{hash_token, new_token};
use crate::auth::throttle::Attempt;
use crate::auth::{AuthUser, events, mfa};
use crate::error::{ApiError, Problem};
use crate::json::Json;
pub use crate::views::{MeView, MembershipView, me_view};
use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use redress_domain::values::EmailAddress;
use redress_store::account_tokens::{self, Purpose};
use redress_store::audit::Actor;
use redress_store::{memberships, outbox, users};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The signed-in user and their memberships.
#[utoipa::path(
    operation_id = "me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = MeView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<web::Json<MeView>, ApiError> {
    Ok(web::Json(me_view(&state, user.user_id).await?))
}

/// The signed-in account's second factor.
#[derive(Debug, Serialize, ToSchema)]
pub struct MfaStatus {
    /// An authenticator is set up.
    pub enrolled: bool,
    /// The account must sign in with one (its role, or its landlord, asks it).
    pub required: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_left: u64,
}

async fn mfa_required(state: &AppState, user: &users::User) -> Result<bool, ApiError> {
    Ok(state.require_mfa
        && (user.is_platform_admin || memberships::any_requires_mfa(&state.db, user.id).await?))
}

/// Whether the signed-in account has a second factor, must have one, and how many recovery
/// codes are left.
#[utoipa::path(
    operation_id = "me_mfa",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = MfaStatus),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/mfa")]
pub async fn mfa_status(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<MfaStatus>, ApiError> {
    let account = users::get(&state.db, user.user_id).await?;
    Ok(web::Json(MfaStatus {
        enrolled: redress_store::mfa::is_enrolled(&state.db, user.user_id).await?,
        required: mfa_required(&state, &account).await?,
        recovery_codes_left: redress_store::mfa::recovery_codes_left(&state.db, user.user_id)
            .await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordAgain {
    /// The account's password, asked again before the change.
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

/// Starts setting up an authenticator for the signed-in account (the password is asked
/// again, so a session left open cannot tie the account to someone else's phone).
#[utoipa::path(
    operation_id = "me_mfa_enrol",
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordAgain,
    responses(
        (status = 200, body = MfaEnrolment),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A second factor is set up already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is not right", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mfa")]
pub async fn mfa_enrol(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<PasswordAgain>,
) -> Result<web::Json<MfaEnrolment>, ApiError> {
    let account = users::get(&state.db, user.user_id).await?;
    check_current_password(&state, &account, body.0.password, &user.client).await?;
    Ok(web::Json(start_enrolment(&state, &account).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MfaCode {
    /// The code the authenticator app shows now.
    pub code: String,
}

/// The authenticator confirmed: the recovery codes (shown this once) and a new session that
/// counts as signed in with a second factor.
#[derive(Serialize, ToSchema)]
pub struct MfaConfirmed {
    pub recovery_codes: Vec<String>,
    pub session: TokenPair,
}

/// Confirms the signed-in account's new authenticator with its first code.
#[utoipa::path(
    operation_id = "me_mfa_confirm",
    tag = "auth",
    security(("bearer" = [])),
    request_body = MfaCode,
    responses(
        (status = 200, body = MfaConfirmed),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No authenticator is waiting to be confirmed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is not right", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mfa/confirm")]
pub async fn mfa_confirm(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<MfaCode>,
) -> Result<web::Json<MfaConfirmed>, ApiError> {
    let account = users::get(&state.db, user.user_id).await?;
    let recovery_codes = confirm_enrolment(&state, &account, &body.0.code, &user.client).await?;
    Ok(web::Json(MfaConfirmed {
        recovery_codes,
        session: new_session(&state, &account, true).await?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// New single-use codes; the old ones no longer work.
    pub recovery_codes: Vec<String>,
}

/// Replaces the signed-in account's recovery codes (the password is asked again).
#[utoipa::path(
    operation_id = "me_mfa_recovery_codes",
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordAgain,
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No second factor is set up", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is not right", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mfa/recovery-codes")]
pub async fn mfa_recovery_codes(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<PasswordAgain>,
) -> Result<web::Json<RecoveryCodes>, ApiError> {
    let account = users::get(&state.db, user.user_id).await?;
    check_current_password(&state, &account, body.0.password, &user.client).await?;
    if !redress_store::mfa::is_enrolled(&state.db, account.id).await? {
        return Err(ApiError::Conflict("no second factor is set up".into()));
    }
    let codes = mfa::new_recovery_codes();
    redress_store::mfa::replace_recovery_codes(
        &state.db,
        account.id,
        codes.iter().map(|(_, h)| h.clone()).collect(),
    )
    .await?;
    events::record(
        &state.db,
        account.id,
        &user.actor(),
        "mfa.recovery_codes_replaced",
        json!({}),
    )
    .await?;
    Ok(web::Json(RecoveryCodes {
        recovery_codes: codes.into_iter().map(|(shown, _)| shown).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct EmailChangeRequest {
    pub new_email: String,
    /// The account's password, asked again.
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

#[derive(Serialize, ToSchema)]
pub struct EmailChangeAccepted {
    pub message: String,
}

/// Asks to change the signed-in account's email address. A link is sent to the new address
/// and the change happens only when it is followed (within a day); the old address is told.
#[utoipa::path(
    operation_id = "me_email_change",
    tag = "auth",
    security(("bearer" = [])),
    request_body = EmailChangeRequest,
    responses(
        (status = 202, body = EmailChangeAccepted),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address belongs to another account", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/email")]
pub async fn email_change(
    state: web::Data<AppState>,
    user: AuthUser,
    client: ClientAddress,
    body: Json<EmailChangeRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let new_email = EmailAddress::parse(&b.new_email)
        .map_err(|e| ApiError::invalid("new_email", e.to_string()))?;
    let account = users::get(&state.db, user.user_id).await?;
    check_current_password(&state, &account, b.password, &client).await?;
    if new_email.as_str() == account.email {
        return Err(ApiError::invalid(
            "new_email",
            "is already your email address",
        ));
    }
    if users::find_by_email(&state.db, new_email.as_str())
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict(
            "that email address belongs to another account".into(),
        ));
    }
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::EmailChangeRequest, &client, None)
        .await?;
    counted.failed();
    let token = new_token();
    let expires_at = Utc::now() + chrono::Duration::days(1);
    let url = format!("{}/confirm-email#token={token}", state.public_url);
    let txn = redress_store::db::begin_write(&state.accounts()).await?;
    account_tokens::issue(
        &txn,
        account.id,
        Purpose::EmailChange,
        hash_token(&token),
        Some(new_email.as_str().to_owned()),
        expires_at,
    )
    .await?;
    outbox::enqueue(
        &txn,
        None,
        crate::emails::email_change_confirmation(
            &state.data_key,
            new_email.as_str(),
            &url,
            expires_at,
        )?,
    )
    .await?;
    outbox::enqueue(
        &txn,
        None,
        crate::emails::email_change_notice(
            &state.data_key,
            &account.email,
            new_email.as_str(),
            false,
        )?,
    )
    .await?;
    txn.commit().await?;
    events::record(
        &state.db,
        account.id,
        &Actor::user(account.id, client.text()),
        "account.email_change_requested",
        json!({"to": new_email.as_str()}),
    )
    .await?;
    Ok(HttpResponse::Accepted().json(EmailChangeAccepted {
        message: format!(
            "We have sent a link to {}. Your email address changes when you follow it.",
            new_email.as_str()
        ),
    }))
}
