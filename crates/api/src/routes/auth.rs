//! Sign-in, token refresh and sign-out.

use crate::AppState;
use crate::auth::AuthUser;
use crate::auth::secret::{hash_token, new_token};
use crate::auth::throttle::Verdict;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::me::{MeView, me_view};
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use redress_store::tokens::{self, Rotation};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

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

async fn issue_pair(
    state: &AppState,
    user_id: Uuid,
    refresh_token: String,
) -> Result<TokenPair, ApiError> {
    Ok(TokenPair {
        access_token: state.access_tokens.issue(user_id)?,
        refresh_token,
        token_type: "Bearer",
        expires_in: state.access_tokens.ttl.num_seconds(),
        user: me_view(state, user_id).await?,
    })
}

fn client_address(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Signs in with email and password.
///
/// Repeated failures for one account or from one address are slowed, then refused with 429
/// for a while (see the README).
#[utoipa::path(
    operation_id = "login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "The email or password is not right", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let LoginRequest { email, password } = body.0;
    let email = email.trim().to_lowercase();
    let address = client_address(&req);
    match state.throttle.check(&email, &address) {
        Verdict::Allow => {}
        Verdict::Slow(delay) => tokio::time::sleep(delay).await,
        Verdict::Refuse(seconds) => {
            return Err(ApiError::TooManyRequests(format!(
                "too many failed sign-in attempts; try again in {} minutes",
                (seconds + 59) / 60
            )));
        }
    }
    let user = redress_store::users::find_by_email(&state.db, &email).await?;
    let usable = user.as_ref().filter(|u| !u.disabled);
    let stored = usable.and_then(|u| u.password_hash.clone());
    let ok = crate::auth::password::verify(password, stored, state.dummy_hash.clone()).await?;
    let Some(user) = usable.filter(|_| ok) else {
        state.throttle.failed(&email, &address);
        return Err(ApiError::Unauthorized(
            "the email or password is not right".into(),
        ));
    };
    state.throttle.succeeded(&email);
    let refresh_token = new_token();
    tokens::issue(
        &state.db,
        user.id,
        Uuid::now_v7(),
        hash_token(&refresh_token),
        Utc::now() + state.refresh_ttl,
    )
    .await?;
    metrics::counter!("redress_logins_total").increment(1);
    Ok(web::Json(issue_pair(&state, user.id, refresh_token).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Exchanges a refresh token for a new pair. A refresh token works once: presenting one
/// again revokes every token of that sign-in.
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
        Rotation::Rotated { user_id } => Ok(web::Json(issue_pair(&state, user_id, next).await?)),
        Rotation::ReuseDetected => {
            tracing::warn!("refresh token reused; its family has been revoked");
            Err(ApiError::Unauthorized(
                "this refresh token was already used; every session from that sign-in has been ended, please sign in again".into(),
            ))
        }
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

/// Signs out: the refresh token (and every token of its sign-in) stops working.
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
        None => tokens::revoke_all_for_user(&state.db, user.user_id).await?,
    }
    Ok(HttpResponse::NoContent().finish())
}
