//! Invitations to take a role at a landlord. The accept token is a secret handed to the
//! invitee; only its hash is stored, and it is the credential that finds the invitation.

use crate::entities::{contractor, invitation, membership, user};
use crate::landlords::corrupt;
use crate::outbox::{self, OutgoingEmail};
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, Utc};
use redress_domain::roles::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub email: String,
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub invited_by: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: Uuid,
    pub landlord_id: Uuid,
    pub email: String,
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

impl TryFrom<invitation::Model> for Invitation {
    type Error = StoreError;
    fn try_from(m: invitation::Model) -> Result<Self> {
        Ok(Invitation {
            role: m.role.parse().map_err(|e| corrupt("invitations.role", e))?,
            id: m.id,
            landlord_id: m.landlord_id,
            email: m.email,
            contractor_id: m.contractor_id,
            expires_at: m.expires_at,
            accepted_at: m.accepted_at,
        })
    }
}

pub(crate) async fn insert(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    new: NewInvitation,
) -> Result<Invitation> {
    if let Some(cid) = new.contractor_id {
        let found = contractor::Entity::find_by_id((scope.landlord_id(), cid))
            .one(conn)
            .await?;
        if found.is_none() {
            return Err(StoreError::invalid(
                "contractor_id",
                "is not a contractor organisation of this landlord",
            ));
        }
    }
    let model = invitation::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        email: Set(new.email),
        role: Set(new.role.as_str().to_owned()),
        contractor_id: Set(new.contractor_id),
        token_hash: Set(new.token_hash),
        invited_by: Set(new.invited_by),
        expires_at: Set(new.expires_at),
        accepted_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Invitation::try_from(model)
}

/// Invites someone to a role at the landlord and queues the invitation email in the same
/// transaction. Refused when the address already holds an active membership here.
#[tracing::instrument(skip_all, fields(landlord = %scope.landlord_id()))]
pub async fn create(
    db: &DatabaseConnection,
    scope: TenantScope,
    new: NewInvitation,
    email: OutgoingEmail,
) -> Result<Invitation> {
    let txn = db.begin().await?;
    if let Some(existing) = user::Entity::find()
        .filter(user::Column::Email.eq(new.email.as_str()))
        .one(&txn)
        .await?
    {
        let member = membership::Entity::find()
            .filter(membership::Column::LandlordId.eq(scope.landlord_id()))
            .filter(membership::Column::UserId.eq(existing.id))
            .filter(membership::Column::Active.eq(true))
            .one(&txn)
            .await?;
        if member.is_some() {
            return Err(StoreError::Conflict(format!(
                "{} is already a user of this landlord; change their role instead",
                new.email
            )));
        }
    }
    let invitation = insert(&txn, scope, new).await?;
    outbox::enqueue(&txn, Some(scope.landlord_id()), email).await?;
    txn.commit().await?;
    Ok(invitation)
}

/// Finds an invitation by the hash of its accept token, whatever landlord it is for.
pub async fn find_by_token_hash(db: &DatabaseConnection, token_hash: &str) -> Result<Invitation> {
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(Invitation::try_from)
}

/// What accepting gives the user: their name, and a password hash when they had none.
pub struct Acceptance {
    pub name: String,
    pub new_password_hash: Option<String>,
}

/// Accepts an invitation: creates the user if needed, sets name (and password when given),
/// and grants the membership. An invitation is accepted once.
#[tracing::instrument(skip_all, fields(invitation = %invitation.id))]
pub async fn accept(
    db: &DatabaseConnection,
    invitation: &Invitation,
    acceptance: Acceptance,
) -> Result<Uuid> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let claimed = invitation::Entity::update_many()
        .col_expr(
            invitation::Column::AcceptedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(invitation::Column::LandlordId.eq(invitation.landlord_id))
        .filter(invitation::Column::Id.eq(invitation.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(StoreError::Conflict(
            "this invitation has already been accepted".into(),
        ));
    }
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(invitation.email.as_str()))
        .one(&txn)
        .await?;
    let user_id = match existing {
        Some(u) => {
            let id = u.id;
            let mut a: user::ActiveModel = u.into();
            a.name = Set(Some(acceptance.name));
            if let Some(hash) = acceptance.new_password_hash {
                a.password_hash = Set(Some(hash));
            }
            a.updated_at = Set(now);
            a.update(&txn).await?;
            id
        }
        None => {
            user::ActiveModel {
                id: Set(Uuid::now_v7()),
                email: Set(invitation.email.clone()),
                name: Set(Some(acceptance.name)),
                password_hash: Set(acceptance.new_password_hash),
                is_platform_admin: Set(false),
                disabled: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    let member = membership::Entity::find()
        .filter(membership::Column::LandlordId.eq(invitation.landlord_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?;
    match member {
        Some(m) => {
            let mut a: membership::ActiveModel = m.into();
            a.role = Set(invitation.role.as_str().to_owned());
            a.contractor_id = Set(invitation.contractor_id);
            a.active = Set(true);
            a.update(&txn).await?;
        }
        None => {
            membership::ActiveModel {
                landlord_id: Set(invitation.landlord_id),
                id: Set(Uuid::now_v7()),
                user_id: Set(user_id),
                role: Set(invitation.role.as_str().to_owned()),
                contractor_id: Set(invitation.contractor_id),
                active: Set(true),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
    }
    // A landlord whose first admin has accepted is no longer onboarding.
    if invitation.role == Role::LandlordAdmin {
        crate::entities::landlord::Entity::update_many()
            .col_expr(
                crate::entities::landlord::Column::Status,
                sea_orm::sea_query::Expr::value("active"),
            )
            .filter(crate::entities::landlord::Column::Id.eq(invitation.landlord_id))
            .filter(crate::entities::landlord::Column::Status.eq("onboarding"))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(user_id)
}
