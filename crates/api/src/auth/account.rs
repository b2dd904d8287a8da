//! A signed-in person's session and second factor, used by sign-in (`routes::auth`) and by the
//! person's own account pages (`routes::me`): issuing a session's tokens, setting up an
//! authenticator app, and checking the current password before a sensitive change.

use crate::AppState;
use crate::auth::client::ClientAddress;
use crate::auth::secret::{hash_token, new_token};
use crate::auth::throttle::Attempt;
use crate::auth::{events, mfa};
use crate::error::{ApiError, Fields};
use crate::views::{MeView, me_view};
use chrono::Utc;
use redress_store::audit::Actor;
use redress_store::tokens;
use redress_store::users::User;
use secrecy::SecretString;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct TokenPair {
    /// A short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Exchange at `/auth/refresh` for a new pair; each may be used once.
    pub refresh_token: String,
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: MeView,
}

/// Issues a session: an access token and a refresh token of a new family.
pub async fn new_session(state: &AppState, user: &User, mfa: bool) -> Result<TokenPair, ApiError> {
    let refresh_token = new_token();
    tokens::issue(
        &state.db,
        user.id,
        Uuid::now_v7(),
        hash_token(&refresh_token),
        Utc::now() + state.refresh_ttl,
        mfa,
        user.session_version,
    )
    .await?;
    metrics::counter!("redress_logins_total").increment(1);
    pair(state, user.id, user.session_version, mfa, refresh_token).await
}

pub async fn pair(
    state: &AppState,
    user_id: Uuid,
    session_version: i32,
    mfa: bool,
    refresh_token: String,
) -> Result<TokenPair, ApiError> {
    Ok(TokenPair {
        access_token: state.access_tokens.issue(user_id, session_version, mfa)?,
        refresh_token,
        token_type: "Bearer",
        expires_in: state.access_tokens.ttl.num_seconds(),
        user: me_view(state, user_id).await?,
    })
}

/// A new authenticator to set up: scan the QR code, or type the secret.
#[derive(Serialize, ToSchema)]
pub struct MfaEnrolment {
    /// The shared secret in base32, for apps that cannot scan.
    pub secret: String,
    /// The `otpauth://` URL the QR code holds.
    pub otpauth_url: String,
    /// The QR code as an SVG image (`data:` URL).
    pub qr_code: String,
}

/// Starts setting up an authenticator for an account (a fresh secret; an unconfirmed earlier
/// one is replaced). Refused once a second factor is confirmed.
pub async fn start_enrolment(state: &AppState, user: &User) -> Result<MfaEnrolment, ApiError> {
    let secret = mfa::new_secret();
    let sealed = mfa::seal_secret(&state.data_key, user.id, &secret)?;
    redress_store::mfa::start_enrolment(&state.db, user.id, sealed).await?;
    let otpauth_url = mfa::otpauth_url(&secret, &state.mfa_issuer, &user.email)?;
    Ok(MfaEnrolment {
        qr_code: mfa::qr_data_url(&otpauth_url)?,
        otpauth_url,
        secret,
    })
}

/// Confirms the enrolment with its first code: returns the recovery codes, shown once.
pub async fn confirm_enrolment(
    state: &AppState,
    user: &User,
    code: &str,
    client: &ClientAddress,
) -> Result<Vec<String>, ApiError> {
    let account = user.id.to_string();
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::MfaCode, client, Some(&account))
        .await?;
    let factor = redress_store::mfa::get(&state.db, user.id)
        .await?
        .filter(|f| !f.confirmed())
        .ok_or_else(|| {
            ApiError::Conflict("there is no authenticator waiting to be confirmed".into())
        })?;
    let secret = mfa::open_secret(&state.data_key, user.id, &factor.secret_sealed)?;
    let step = mfa::matching_step(&secret, code)?;
    let claimed = match step {
        Some(step) => redress_store::mfa::claim_step(&state.db, user.id, step).await?,
        None => false,
    };
    if !claimed {
        counted.failed();
        return Err(ApiError::invalid(
            "code",
            "is not the code your authenticator app shows now; check its clock and try the next one",
        ));
    }
    let codes = mfa::new_recovery_codes();
    let hashes = codes.iter().map(|(_, h)| h.clone()).collect();
    redress_store::mfa::confirm(&state.db, user.id, hashes).await?;
    counted.succeeded(&state.db).await?;
    events::record(
        &state.db,
        user.id,
        &Actor::user(user.id, client.text()),
        "mfa.enrolled",
        json!({}),
    )
    .await?;
    Ok(codes.into_iter().map(|(shown, _)| shown).collect())
}

/// Checks the signed-in user's current password (to change their email, or their second
/// factor's recovery codes): 422 naming `password` when it is wrong, limited like sign-in.
pub async fn check_current_password(
    state: &AppState,
    user: &User,
    password: SecretString,
    client: &ClientAddress,
) -> Result<(), ApiError> {
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::SignIn, client, Some(&user.email))
        .await?;
    let ok = crate::auth::password::verify(
        password,
        user.password_hash.clone(),
        state.dummy_hash.clone(),
    )
    .await?;
    if !ok {
        counted.failed();
        let mut f = Fields::new();
        f.push("password", "is not your current password");
        return f.finish();
    }
    counted.succeeded(&state.db).await
}
