//! People who sign in.

use crate::entities::user;
use crate::{Result, StoreError};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
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
        }
    }
}

pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<User>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .map(User::from))
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<User> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(User::from)
        .ok_or(StoreError::NotFound)
}

/// Creates a platform admin, or makes an existing user one and sets their password.
#[tracing::instrument(skip_all)]
pub async fn upsert_platform_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password_hash: String,
) -> Result<User> {
    upsert_with_password(db, email, name, password_hash, true).await
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
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}
