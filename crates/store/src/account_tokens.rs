//! Single-use secrets about a user's own account, emailed to them: a password reset, or the
//! confirmation of a new email address (sent to that address). Only the SHA-256 of a token is
//! kept. Issuing one withdraws any earlier one of the same purpose, so only the latest works.

use crate::entities::account_token;
use crate::tenant::global;
use crate::{Result, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, Set};
use uuid::Uuid;

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    PasswordReset,
    EmailChange,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "password_reset",
            Purpose::EmailChange => "email_change",
        }
    }
}

/// A token that was presented and is now used up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redeemed {
    pub user_id: Uuid,
    pub new_email: Option<String>,
}

/// Records a token (its hash) for the user, withdrawing earlier unused ones of the purpose.
#[tracing::instrument(skip(conn, token_hash, new_email))]
pub async fn issue(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: Purpose,
    token_hash: String,
    new_email: Option<String>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    let now = Utc::now();
    global::update_many::<account_token::Entity>()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::UserId.eq(user_id))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    account_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(token_hash),
        new_email: Set(new_email),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Uses a token up. `NotFound` when it is unknown, of another purpose, used or expired: the
/// four are not told apart.
#[tracing::instrument(skip_all)]
pub async fn redeem(
    conn: &impl ConnectionTrait,
    purpose: Purpose,
    token_hash: &str,
) -> Result<Redeemed> {
    let now = Utc::now();
    let found = global::find::<account_token::Entity>()
        .filter(account_token::Column::TokenHash.eq(token_hash))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let claimed = global::update_many::<account_token::Entity>()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::Id.eq(found.id))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(StoreError::NotFound);
    }
    Ok(Redeemed {
        user_id: found.user_id,
        new_email: found.new_email,
    })
}

/// Withdraws every unused token of the user (their password was reset, say).
pub async fn withdraw_all(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<()> {
    global::update_many::<account_token::Entity>()
        .col_expr(account_token::Column::UsedAt, Expr::value(Utc::now()))
        .filter(account_token::Column::UserId.eq(user_id))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
