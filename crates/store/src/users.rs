//! People who sign in.

use crate::entities::{membership, user};
use crate::tenant::{self, global};
use crate::{Purpose, Result, Scoped, StoreError, TenantScope};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, PaginatorTrait,
    QueryFilter, Set,
};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: Option<String>,
    pub password_hash: Option<String>,
    pub is_platform_admin: bool,
    pub disabled: bool,
    /// Access tokens carry it; raising it ends every session of the account at once.
    pub session_version: i32,
}

impl From<user::Model> for User {
    fn from(m: user::Model) -> Self {
        User {
            id: m.id,
            email: m.email,
            name: m.name,
            password_hash: m.password_hash,
            is_platform_admin: m.is_platform_admin,
            disabled: m.disabled,
            session_version: m.session_version,
        }
    }
}

pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<User>> {
    Ok(global::find::<user::Entity>()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .map(User::from))
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<User> {
    global::find_by_id::<user::Entity>(id)
        .one(db)
        .await?
        .map(User::from)
        .ok_or(StoreError::NotFound)
}

/// Creates a platform admin, or makes an existing user one and sets their password. Refused
/// for a member of a landlord: the operator sees no case content (docs/roles.md, "The
/// platform admin"), so a platform admin has an account of their own.
#[tracing::instrument(skip_all)]
pub async fn upsert_platform_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password_hash: String,
) -> Result<User> {
    if let Some(existing) = find_model(db, email).await?
        && !existing.is_platform_admin
        && active_memberships(&Scoped::all_landlords(db, Purpose::Accounts), existing.id).await? > 0
    {
        return Err(StoreError::Conflict(format!(
            "{email} is a member of a landlord; a platform admin needs an account of their own"
        )));
    }
    upsert_with_password(db, email, name, password_hash, true).await
}

/// How many landlords the user is an active member of.
pub async fn active_memberships(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<u64> {
    Ok(
        tenant::across_landlords::<membership::Entity>(Purpose::Accounts)
            .filter(membership::Column::UserId.eq(user_id))
            .filter(membership::Column::Active.eq(true))
            .count(conn)
            .await?,
    )
}

/// How many landlords other than `scope`'s the user is an active member of (read across
/// landlords: `conn` must be allowed to).
pub async fn active_memberships_elsewhere(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    scope: TenantScope,
) -> Result<u64> {
    Ok(
        tenant::across_landlords::<membership::Entity>(Purpose::Accounts)
            .filter(membership::Column::UserId.eq(user_id))
            .filter(membership::Column::Active.eq(true))
            .filter(membership::Column::LandlordId.ne(scope.landlord_id()))
            .count(conn)
            .await?,
    )
}

/// Ends every session of the account at once: its access tokens stop working (their session
/// version is no longer the user's) and its refresh tokens are revoked.
#[tracing::instrument(skip(conn))]
pub async fn end_sessions(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<()> {
    global::update_many::<user::Entity>()
        .col_expr(
            user::Column::SessionVersion,
            Expr::col(user::Column::SessionVersion).add(Expr::value(1)),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    crate::tokens::revoke_all_for_user(conn, user_id).await
}

/// Sets a new password and ends every session of the account (a password reset).
#[tracing::instrument(skip(conn, password_hash))]
pub async fn set_password(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    password_hash: String,
) -> Result<()> {
    global::update_many::<user::Entity>()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    end_sessions(conn, user_id).await
}

/// Disables or re-enables an account. Disabling ends its sessions at once.
#[tracing::instrument(skip(conn))]
pub async fn set_disabled(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    disabled: bool,
) -> Result<User> {
    let res = global::update_many::<user::Entity>()
        .col_expr(user::Column::Disabled, Expr::value(disabled))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::NotFound);
    }
    if disabled {
        end_sessions(conn, user_id).await?;
    }
    get(conn, user_id).await
}

/// Changes the account's email address (confirmed from the new address beforehand).
#[tracing::instrument(skip(conn, email))]
pub async fn set_email(conn: &impl ConnectionTrait, user_id: Uuid, email: &str) -> Result<()> {
    if let Some(other) = find_model(conn, email).await?
        && other.id != user_id
    {
        return Err(StoreError::Conflict(
            "that email address belongs to another account".into(),
        ));
    }
    global::update_many::<user::Entity>()
        .col_expr(user::Column::Email, Expr::value(email.to_owned()))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Creates a user with a password (or sets it on an existing one). Used by seeding and the
/// bootstrap command; people reach the product through invitations.
#[tracing::instrument(skip_all)]
pub async fn upsert_with_password(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password_hash: String,
    platform_admin: bool,
) -> Result<User> {
    let now = Utc::now();
    let model = match find_model(db, email).await? {
        Some(m) => {
            let mut a: user::ActiveModel = m.into();
            a.password_hash = Set(Some(password_hash));
            a.name = Set(Some(name.to_owned()));
            if platform_admin {
                a.is_platform_admin = Set(true);
            }
            a.updated_at = Set(now);
            a.update(db).await?
        }
        None => {
            user::ActiveModel {
                id: Set(Uuid::now_v7()),
                email: Set(email.to_owned()),
                name: Set(Some(name.to_owned())),
                password_hash: Set(Some(password_hash)),
                is_platform_admin: Set(platform_admin),
                disabled: Set(false),
                session_version: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?
        }
    };
    Ok(model.into())
}

async fn find_model(db: &impl ConnectionTrait, email: &str) -> Result<Option<user::Model>> {
    Ok(global::find::<user::Entity>()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}
