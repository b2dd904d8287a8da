//! A user's second factor: a TOTP secret (sealed with the server's data key) and single-use
//! recovery codes (their SHA-256 only). The codes themselves are checked in the API; here a
//! code's time step is claimed once, so a code seen by someone else cannot be used again.

use crate::entities::{mfa_factor, mfa_recovery_code};
use crate::tenant::global;
use crate::{Result, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;

/// A user's TOTP factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    pub user_id: Uuid,
    pub secret_sealed: String,
    pub last_step: Option<i64>,
    /// `None` while enrolment waits for its first code.
    pub confirmed_at: Option<DateTime<Utc>>,
}

impl From<mfa_factor::Model> for Factor {
    fn from(m: mfa_factor::Model) -> Self {
        Factor {
            user_id: m.user_id,
            secret_sealed: m.secret_sealed,
            last_step: m.last_step,
            confirmed_at: m.confirmed_at,
        }
    }
}

impl Factor {
    pub fn confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

pub async fn get(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<Option<Factor>> {
    Ok(global::find_by_id::<mfa_factor::Entity>(user_id)
        .one(conn)
        .await?
        .map(Factor::from))
}

/// Whether the user has a confirmed second factor.
pub async fn is_enrolled(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<bool> {
    Ok(get(conn, user_id).await?.is_some_and(|f| f.confirmed()))
}

/// Which of these users have a confirmed second factor.
pub async fn enrolled_among(
    conn: &impl ConnectionTrait,
    users: &[Uuid],
) -> Result<std::collections::HashSet<Uuid>> {
    if users.is_empty() {
        return Ok(Default::default());
    }
    Ok(global::find::<mfa_factor::Entity>()
        .filter(mfa_factor::Column::UserId.is_in(users.iter().copied()))
        .filter(mfa_factor::Column::ConfirmedAt.is_not_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|f| f.user_id)
        .collect())
}

/// Starts (or restarts) enrolment with a new secret. Refused when a confirmed factor exists:
/// a second factor is replaced only after a reset.
#[tracing::instrument(skip(conn, secret_sealed))]
pub async fn start_enrolment(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    secret_sealed: String,
) -> Result<()> {
    match get(conn, user_id).await? {
        Some(f) if f.confirmed() => Err(StoreError::Conflict(
            "a second factor is already set up; it must be reset before another is enrolled".into(),
        )),
        Some(_) => {
            global::update_many::<mfa_factor::Entity>()
                .col_expr(mfa_factor::Column::SecretSealed, Expr::value(secret_sealed))
                .col_expr(
                    mfa_factor::Column::LastStep,
                    Expr::value(Option::<i64>::None),
                )
                .col_expr(mfa_factor::Column::CreatedAt, Expr::value(Utc::now()))
                .filter(mfa_factor::Column::UserId.eq(user_id))
                .exec(conn)
                .await?;
            Ok(())
        }
        None => {
            mfa_factor::ActiveModel {
                user_id: Set(user_id),
                secret_sealed: Set(secret_sealed),
                last_step: Set(None),
                confirmed_at: Set(None),
                created_at: Set(Utc::now()),
            }
            .insert(conn)
            .await?;
            Ok(())
        }
    }
}

/// Claims a code's time step: true when it is later than any code accepted before, so each
/// code works once (RFC 6238 section 5.2).
pub async fn claim_step(conn: &impl ConnectionTrait, user_id: Uuid, step: i64) -> Result<bool> {
    let res = global::update_many::<mfa_factor::Entity>()
        .col_expr(mfa_factor::Column::LastStep, Expr::value(step))
        .filter(mfa_factor::Column::UserId.eq(user_id))
        .filter(
            sea_orm::Condition::any()
                .add(mfa_factor::Column::LastStep.is_null())
                .add(mfa_factor::Column::LastStep.lt(step)),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Confirms enrolment (its first code was right) and replaces the recovery codes.
#[tracing::instrument(skip(conn, recovery_code_hashes))]
pub async fn confirm(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    recovery_code_hashes: Vec<String>,
) -> Result<()> {
    let res = global::update_many::<mfa_factor::Entity>()
        .col_expr(mfa_factor::Column::ConfirmedAt, Expr::value(Utc::now()))
        .filter(mfa_factor::Column::UserId.eq(user_id))
        .filter(mfa_factor::Column::ConfirmedAt.is_null())
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Conflict(
            "there is no enrolment waiting to be confirmed".into(),
        ));
    }
    replace_recovery_codes(conn, user_id, recovery_code_hashes).await
}

/// Replaces the user's recovery codes with new ones.
pub async fn replace_recovery_codes(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    hashes: Vec<String>,
) -> Result<()> {
    global::delete_many::<mfa_recovery_code::Entity>()
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let now = Utc::now();
    for hash in hashes {
        mfa_recovery_code::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            code_hash: Set(hash),
            used_at: Set(None),
            created_at: Set(now),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Uses a recovery code: true when it was one of the user's and unused; it is used up.
pub async fn use_recovery_code(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    code_hash: &str,
) -> Result<bool> {
    let res = global::update_many::<mfa_recovery_code::Entity>()
        .col_expr(mfa_recovery_code::Column::UsedAt, Expr::value(Utc::now()))
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .filter(mfa_recovery_code::Column::CodeHash.eq(code_hash))
        .filter(mfa_recovery_code::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// How many unused recovery codes the user has left.
pub async fn recovery_codes_left(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<u64> {
    Ok(global::find::<mfa_recovery_code::Entity>()
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .filter(mfa_recovery_code::Column::UsedAt.is_null())
        .count(conn)
        .await?)
}

/// Removes the user's second factor and recovery codes (a reset by an admin). True when
/// there was one.
#[tracing::instrument(skip(conn))]
pub async fn remove(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<bool> {
    global::delete_many::<mfa_recovery_code::Entity>()
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let res = global::delete_many::<mfa_factor::Entity>()
        .filter(mfa_factor::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(res.rows_affected > 0)
}
