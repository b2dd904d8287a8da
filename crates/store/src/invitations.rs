//! Invitations to take a role at a landlord. An invitation is an offer: the accept token (a
//! secret handed to the invitee, stored only as its hash) finds it, and it is accepted once,
//! either by creating a new account or by the existing account of its email address, signed
//! in. Accepting never reads or changes a password or a name, never restores a membership an
//! admin removed, and never changes a role. Pending invitations can be listed and revoked.

use crate::entities::{contractor, invitation, membership, user};
use crate::error::corrupt;
use crate::outbox::{self, OutgoingEmail};
use crate::page::{Page, PageRequest};
use crate::tenant::{self, global};
use crate::{Conn, Purpose, Scoped};
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, Utc};
use redress_domain::roles::Role;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder,
    QuerySelect, Set,
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
    pub invited_by: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

impl Invitation {
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        if self.accepted_at.is_some() {
            Standing::Accepted
        } else if self.revoked_at.is_some() {
            Standing::Revoked
        } else if self.expires_at <= now {
            Standing::Expired
        } else {
            Standing::Pending
        }
    }
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
            invited_by: m.invited_by,
            expires_at: m.expires_at,
            accepted_at: m.accepted_at,
            revoked_at: m.revoked_at,
            created_at: m.created_at,
        })
    }
}

pub(crate) async fn insert(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    new: NewInvitation,
) -> Result<Invitation> {
    if let Some(cid) = new.contractor_id {
        let found = tenant::find_by_id::<contractor::Entity>(scope, cid)
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
        revoked_at: Set(None),
        revoked_by: Set(None),
    }
    .insert(conn)
    .await?;
    Invitation::try_from(model)
}

/// Invites someone to a role at the landlord and queues the invitation email in the same
/// transaction. Refused when the address already has a membership here (active: change their
/// role instead; removed: restore their access instead). A new invitation to the same
/// address replaces any that is still pending.
#[tracing::instrument(skip_all, fields(landlord = %scope.landlord_id()))]
pub async fn create(
    db: &impl Conn,
    scope: TenantScope,
    new: NewInvitation,
    email: OutgoingEmail,
) -> Result<Invitation> {
    let txn = crate::db::begin_write(db).await?;
    if let Some(existing) = global::find::<user::Entity>()
        .filter(user::Column::Email.eq(new.email.as_str()))
        .one(&txn)
        .await?
    {
        let member = tenant::find::<membership::Entity>(scope)
            .filter(membership::Column::UserId.eq(existing.id))
            .one(&txn)
            .await?;
        match member {
            Some(m) if m.active => {
                return Err(StoreError::Conflict(format!(
                    "{} is already a user of this landlord; change their role instead",
                    new.email
                )));
            }
            Some(_) => {
                return Err(StoreError::Conflict(format!(
                    "{}'s access to this landlord was removed; restore it from the list of \
                     users instead of inviting them again",
                    new.email
                )));
            }
            None => {}
        }
    }
    revoke_pending_in(&txn, scope, &new.email, new.invited_by).await?;
    let invitation = insert(&txn, scope, new).await?;
    outbox::enqueue(&txn, Some(scope.landlord_id()), email).await?;
    txn.commit().await?;
    Ok(invitation)
}

/// Finds an invitation by the hash of its accept token, whatever landlord it is for.
pub async fn find_by_token_hash(db: &DatabaseConnection, token_hash: &str) -> Result<Invitation> {
    let db = &Scoped::all_landlords(db, Purpose::Invitations);
    tenant::across_landlords::<invitation::Entity>(Purpose::Invitations)
        .filter(invitation::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(Invitation::try_from)
}

/// One of the landlord's invitations, whatever its standing.
pub async fn find(db: &impl ConnectionTrait, scope: TenantScope, id: Uuid) -> Result<Invitation> {
    tenant::find_by_id::<invitation::Entity>(scope, id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(Invitation::try_from)
}

/// The landlord's pending invitations (not accepted, revoked or expired), oldest first.
pub async fn list_pending(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    req: PageRequest,
) -> Result<Page<Invitation>> {
    let mut q = tenant::find::<invitation::Entity>(scope)
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .order_by_asc(invitation::Column::Id);
    if let Some(after) = req.after {
        q = q.filter(invitation::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(Invitation::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |i: &Invitation| i.id))
}

/// Revokes a pending invitation. `NotFound` when the landlord has no such invitation; a
/// conflict when it was accepted or revoked already.
#[tracing::instrument(skip(db))]
pub async fn revoke(db: &impl Conn, scope: TenantScope, id: Uuid, by: Uuid) -> Result<Invitation> {
    let txn = crate::db::begin_write(db).await?;
    let found = tenant::find_by_id::<invitation::Entity>(scope, id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let current = Invitation::try_from(found)?;
    match current.standing(Utc::now()) {
        Standing::Accepted => {
            return Err(StoreError::Conflict(
                "this invitation has been accepted; remove the user's access instead".into(),
            ));
        }
        Standing::Revoked => {
            return Err(StoreError::Conflict(
                "this invitation was revoked already".into(),
            ));
        }
        Standing::Pending | Standing::Expired => {}
    }
    let now = Utc::now();
    tenant::update_many::<invitation::Entity>(scope)
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .col_expr(invitation::Column::RevokedBy, Expr::value(by))
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Invitation {
        revoked_at: Some(now),
        ..current
    })
}

/// Revokes every pending invitation to an address at the landlord (their access was removed
/// or their role changed, or a new invitation replaces them). Returns how many.
pub async fn revoke_pending_for_email(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    email: &str,
    by: Option<Uuid>,
) -> Result<u64> {
    revoke_pending_in(conn, scope, email, by).await
}

/// Revokes every pending invitation an admin sent at the landlord (they were removed, or are
/// no longer an admin). Returns how many.
pub async fn revoke_pending_by(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    invited_by: Uuid,
    by: Uuid,
) -> Result<u64> {
    let res = tenant::update_many::<invitation::Entity>(scope)
        .col_expr(invitation::Column::RevokedAt, Expr::value(Utc::now()))
        .col_expr(invitation::Column::RevokedBy, Expr::value(by))
        .filter(invitation::Column::InvitedBy.eq(invited_by))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

async fn revoke_pending_in(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    email: &str,
    by: Option<Uuid>,
) -> Result<u64> {
    let res = tenant::update_many::<invitation::Entity>(scope)
        .col_expr(invitation::Column::RevokedAt, Expr::value(Utc::now()))
        .col_expr(invitation::Column::RevokedBy, Expr::value(by))
        .filter(invitation::Column::Email.eq(email))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// Claims the invitation for acceptance: it must still be pending. Exactly one acceptance
/// wins a race.
async fn claim(conn: &impl ConnectionTrait, invitation: &Invitation) -> Result<()> {
    let now = Utc::now();
    let claimed = tenant::update_across_landlords::<invitation::Entity>(Purpose::Invitations)
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::LandlordId.eq(invitation.landlord_id))
        .filter(invitation::Column::Id.eq(invitation.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .exec(conn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(StoreError::Conflict(
            "this invitation is no longer open: it was accepted, revoked or has expired".into(),
        ));
    }
    Ok(())
}

async fn grant_membership(
    conn: &impl ConnectionTrait,
    invitation: &Invitation,
    user_id: Uuid,
) -> Result<()> {
    membership::ActiveModel {
        landlord_id: Set(invitation.landlord_id),
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        role: Set(invitation.role.as_str().to_owned()),
        contractor_id: Set(invitation.contractor_id),
        active: Set(true),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    // A landlord whose first admin has accepted is no longer onboarding.
    if invitation.role == Role::LandlordAdmin {
        global::update_many::<crate::entities::landlord::Entity>()
            .col_expr(
                crate::entities::landlord::Column::Status,
                Expr::value("active"),
            )
            .filter(crate::entities::landlord::Column::Id.eq(invitation.landlord_id))
            .filter(crate::entities::landlord::Column::Status.eq("onboarding"))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Accepts an invitation by creating the account it was sent to: its name and password hash
/// are the invitee's. Refused when the address already has an account, which must accept
/// signed in.
#[tracing::instrument(skip_all, fields(invitation = %invitation.id))]
pub async fn accept_as_new_account(
    db: &DatabaseConnection,
    invitation: &Invitation,
    name: String,
    password_hash: String,
) -> Result<Uuid> {
    let txn = crate::db::begin_write(&Scoped::all_landlords(db, Purpose::Invitations)).await?;
    let existing = global::find::<user::Entity>()
        .filter(user::Column::Email.eq(invitation.email.as_str()))
        .one(&txn)
        .await?;
    if existing.is_some() {
        return Err(StoreError::Conflict(
            "this invitation is for an existing account: sign in with it and accept the \
             invitation there"
                .into(),
        ));
    }
    claim(&txn, invitation).await?;
    let now = Utc::now();
    let user_id = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(invitation.email.clone()),
        name: Set(Some(name)),
        password_hash: Set(Some(password_hash)),
        is_platform_admin: Set(false),
        disabled: Set(false),
        session_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?
    .id;
    grant_membership(&txn, invitation, user_id).await?;
    txn.commit().await?;
    Ok(user_id)
}

/// Accepts an invitation as the signed-in account it was sent to. Nothing about the account
/// changes but the new membership. Refused for another account (as if there were no such
/// invitation), for a platform admin, for a disabled account, and when the account already
/// has a membership of the landlord, active or removed.
#[tracing::instrument(skip_all, fields(invitation = %invitation.id))]
pub async fn accept_as_existing_account(
    db: &DatabaseConnection,
    invitation: &Invitation,
    user_id: Uuid,
) -> Result<()> {
    let txn = crate::db::begin_write(&Scoped::all_landlords(db, Purpose::Invitations)).await?;
    let account = global::find_by_id::<user::Entity>(user_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !account.email.eq_ignore_ascii_case(&invitation.email) || account.disabled {
        return Err(StoreError::NotFound);
    }
    if account.is_platform_admin {
        return Err(StoreError::Conflict(
            "a platform admin cannot become a member of a landlord: the operator sees no case \
             content"
                .into(),
        ));
    }
    let member = tenant::across_landlords::<membership::Entity>(Purpose::Invitations)
        .filter(membership::Column::LandlordId.eq(invitation.landlord_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?;
    match member {
        Some(m) if m.active => {
            return Err(StoreError::Conflict(
                "you are already a user of this landlord; an invitation never changes a role"
                    .into(),
            ));
        }
        Some(_) => {
            return Err(StoreError::Conflict(
                "your access to this landlord was removed; only one of its admins can restore it"
                    .into(),
            ));
        }
        None => {}
    }
    claim(&txn, invitation).await?;
    grant_membership(&txn, invitation, user_id).await?;
    txn.commit().await?;
    Ok(())
}
