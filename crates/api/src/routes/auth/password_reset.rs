//! Choosing a new password by a link emailed to the account's address: asked for without
//! telling whether the address has an account, limited, and redeemed once.

use super::*;

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    pub email: String,
}

/// What is said to anyone who asks for a reset, whether or not the address has an account.
#[derive(Serialize, ToSchema)]
pub struct PasswordResetAccepted {
    #[schema(
        example = "If that address has an account, we have emailed it a link to choose a new password. The link works once, for an hour."
    )]
    pub message: &'static str,
}

const RESET_SENT: &str = "If that address has an account, we have emailed it a link to choose a \
                          new password. The link works once, for an hour.";

/// At most this many reset emails go to one account in a window; more requests are answered
/// alike and send nothing.
const RESET_EMAILS_PER_WINDOW: u32 = 3;

/// Asks for a password reset link by email. The answer is the same whether or not the
/// address has an account. The link works once, for an hour.
#[utoipa::path(
    operation_id = "password_reset_request",
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, body = PasswordResetAccepted),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password-reset")]
pub async fn password_reset_request(
    state: web::Data<AppState>,
    client: ClientAddress,
    body: Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = EmailAddress::parse(&body.0.email)
        .map_err(|e| ApiError::invalid("email", e.to_string()))?;
    // The answer takes as long whether or not the address has an account (the link is only
    // made for one that has), so its timing does not tell.
    let answer_at = tokio::time::Instant::now() + RESET_ANSWER_TIME;
    let answered = request_reset(&state, &client, &email).await;
    tokio::time::sleep_until(answer_at).await;
    answered?;
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted {
        message: RESET_SENT,
    }))
}

/// How long every answer to a reset request takes, at least.
const RESET_ANSWER_TIME: std::time::Duration = std::time::Duration::from_millis(400);

/// The work of a reset request: for an enabled account (and at most a few times an hour), a
/// single-use token and its email.
async fn request_reset(
    state: &AppState,
    client: &ClientAddress,
    email: &EmailAddress,
) -> Result<(), ApiError> {
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::ResetRequest, client, None)
        .await?;
    // Every request counts against the address, so that one address cannot send many.
    counted.failed();
    let Some(user) = users::find_by_email(&state.db, email.as_str())
        .await?
        .filter(|u| !u.disabled)
    else {
        return Ok(());
    };
    let key = format!("password-reset-email:{}", user.id);
    let sent = redress_store::limits::hit(&state.db, &key, chrono::Duration::hours(1)).await?;
    if sent.count > RESET_EMAILS_PER_WINDOW {
        return Ok(());
    }
    let token = new_token();
    let expires_at = Utc::now() + chrono::Duration::hours(1);
    let url = format!("{}/reset-password#token={token}", state.public_url);
    let message = crate::emails::password_reset(&state.data_key, &user.email, &url, expires_at)?;
    let txn = redress_store::db::begin_write(&state.accounts()).await?;
    account_tokens::issue(
        &txn,
        user.id,
        Purpose::PasswordReset,
        hash_token(&token),
        None,
        expires_at,
    )
    .await?;
    outbox::enqueue(&txn, None, message).await?;
    txn.commit().await?;
    events::record(
        &state.db,
        user.id,
        &Actor::anonymous(client.text()),
        "account.password_reset_requested",
        json!({}),
    )
    .await?;
    Ok(())
}

/// Uses up an emailed account token, on a write transaction the caller goes on with. A token
/// that is unknown, used or expired is 404 (the attempt, counted beforehand, stays counted).
pub(super) async fn redeem(
    state: &AppState,
    purpose: Purpose,
    token: &str,
) -> Result<(redress_store::DatabaseTransaction, account_tokens::Redeemed), ApiError> {
    let txn = redress_store::db::begin_write(&state.accounts()).await?;
    let redeemed = account_tokens::redeem(&txn, purpose, &hash_token(token)).await?;
    Ok((txn, redeemed))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetConfirm {
    /// The token from the emailed link.
    pub token: String,
    /// At least 12 characters and not a common password.
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

/// Sets a new password with the emailed token (once, within the hour). Every session of the
/// account ends, and the account's owner is told by email.
#[utoipa::path(
    operation_id = "password_reset_confirm",
    tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "The password is set; sign in with it"),
        (status = 404, description = "The link is not valid, was used, or has expired", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn password_reset_confirm(
    state: web::Data<AppState>,
    client: ClientAddress,
    body: Json<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let password = NewPassword::parse(b.password.expose_secret())
        .map_err(|e| ApiError::invalid("password", e.to_string()))?;
    let counted = state
        .throttle
        .attempt(&state.db, Attempt::PasswordReset, &client, None)
        .await?;
    let hash =
        crate::auth::password::hash(SecretString::from(password.expose()), state.hash_cost).await?;
    let (txn, redeemed) = redeem(&state, Purpose::PasswordReset, &b.token).await?;
    let user = users::get(&txn, redeemed.user_id).await?;
    users::set_password(&txn, user.id, hash).await?;
    account_tokens::withdraw_all(&txn, user.id).await?;
    outbox::enqueue(
        &txn,
        None,
        crate::emails::password_changed(&state.data_key, &user.email)?,
    )
    .await?;
    txn.commit().await?;
    counted.succeeded(&state.db).await?;
    // The owner is back in: the failed sign-ins against the account are forgotten.
    state
        .throttle
        .forget(&state.db, Attempt::SignIn, &user.email)
        .await?;
    events::record(
        &state.db,
        user.id,
        &Actor::user(user.id, client.text()),
        "account.password_reset",
        json!({}),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
