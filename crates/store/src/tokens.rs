//! Rotating refresh tokens with reuse detection. Only SHA-256 hashes are stored.

use crate::entities::{refresh_token, user};
use crate::tenant::global;
use crate::{Result, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, Set,
};
use uuid::Uuid;

/// Records a refresh token: a new family at sign-in, or the next of a family on rotation.
/// `mfa_verified`: the sign-in gave a second factor.
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: String,
    expires_at: DateTime<Utc>,
    mfa_verified: bool,
    session_version: i32,
) -> Result<()> {
    refresh_token::ActiveModel {
        mfa_verified: Set(mfa_verified),
        session_version: Set(session_version),
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The result of presenting a refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was current: it is now used, and the new one is recorded in its family.
    Rotated {
        user_id: Uuid,
        mfa_verified: bool,
        /// The session version the sign-in was made under (the new access token carries it).
        session_version: i32,
    },
    /// The account is disabled: every one of its tokens is now revoked.
    Disabled,
    /// The token had been used or revoked before: its whole family is now revoked.
    ReuseDetected,
    /// Unknown or expired.
    Invalid,
}

/// Exchanges a current refresh token for a new one. Presenting a token a second time (a sign
/// that it was stolen) revokes every token descended from the same sign-in.
#[tracing::instrument(skip_all)]
pub async fn rotate(
    db: &DatabaseConnection,
    presented_hash: &str,
    new_hash: String,
    new_expires_at: DateTime<Utc>,
) -> Result<Rotation> {
    let txn = crate::db::begin_write(db).await?;
    let now = Utc::now();
    let Some(token) = global::find::<refresh_token::Entity>()
        .filter(refresh_token::Column::TokenHash.eq(presented_hash))
        .one(&txn)
        .await?
    else {
        return Ok(Rotation::Invalid);
    };
    if token.used_at.is_some() || token.revoked_at.is_some() {
        revoke_family_in(&txn, token.family_id, now).await?;
        txn.commit().await?;
        return Ok(Rotation::ReuseDetected);
    }
    if token.expires_at <= now {
        return Ok(Rotation::Invalid);
    }
    let account = global::find_by_id::<user::Entity>(token.user_id)
        .one(&txn)
        .await?;
    // Issued before the account's sessions were last ended (a password reset, say): it is
    // over, even if its revocation raced with this rotation.
    if account
        .as_ref()
        .is_some_and(|u| u.session_version != token.session_version)
    {
        revoke_family_in(&txn, token.family_id, now).await?;
        txn.commit().await?;
        return Ok(Rotation::Invalid);
    }
    let disabled = account.is_none_or(|u| u.disabled);
    if disabled {
        revoke_all_for_user(&txn, token.user_id).await?;
        txn.commit().await?;
        return Ok(Rotation::Disabled);
    }
    // Claim the token; a concurrent rotation of the same token loses here and is reuse.
    let claimed = global::update_many::<refresh_token::Entity>()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        revoke_family_in(&txn, token.family_id, now).await?;
        txn.commit().await?;
        return Ok(Rotation::ReuseDetected);
    }
    issue(
        &txn,
        token.user_id,
        token.family_id,
        new_hash,
        new_expires_at,
        token.mfa_verified,
        token.session_version,
    )
    .await?;
    txn.commit().await?;
    Ok(Rotation::Rotated {
        user_id: token.user_id,
        mfa_verified: token.mfa_verified,
        session_version: token.session_version,
    })
}

async fn revoke_family_in(
    conn: &impl ConnectionTrait,
    family_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    global::update_many::<refresh_token::Entity>()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Signs out: revokes the family of the presented token, if it belongs to the user.
pub async fn revoke_family_of(
    db: &DatabaseConnection,
    user_id: Uuid,
    presented_hash: &str,
) -> Result<()> {
    let token = global::find::<refresh_token::Entity>()
        .filter(refresh_token::Column::TokenHash.eq(presented_hash))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    revoke_family_in(db, token.family_id, Utc::now()).await
}

/// Signs the user out everywhere: revokes all their refresh tokens.
pub async fn revoke_all_for_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<()> {
    global::update_many::<refresh_token::Entity>()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
