//! Memberships: (user, landlord, role, optional contractor organisation).

use crate::entities::{contractor, landlord, membership, user};
use crate::error::corrupt;
use crate::landlords::Landlord;
use crate::page::{Page, PageRequest};
use crate::sql::columns;
use crate::tenant::{self, global};
use crate::{Conn, Purpose, Result, Scoped, StoreError, TenantScope};
use chrono::Utc;
use redress_domain::roles::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder,
    QuerySelect, Select, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub id: Uuid,
    pub user_id: Uuid,
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub active: bool,
}

impl TryFrom<membership::Model> for Membership {
    type Error = StoreError;
    fn try_from(m: membership::Model) -> Result<Self> {
        Ok(Membership {
            role: m.role.parse().map_err(|e| corrupt("memberships.role", e))?,
            id: m.id,
            user_id: m.user_id,
            contractor_id: m.contractor_id,
            active: m.active,
        })
    }
}

/// The signed-in user's standing at one landlord.
#[derive(Debug, Clone)]
pub struct Authorized {
    pub landlord: Landlord,
    pub membership: Membership,
    pub scope: TenantScope,
}

/// What authenticating a request at a landlord reads, in one statement: the user (for the
/// session's checks), the landlord with this slug if there is one, and the user's active
/// membership of it if they hold one.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: crate::users::User,
    pub authorized: Option<Authorized>,
}

/// Reads the user with `user_id`, the landlord with `slug` and the user's active membership of
/// it in one round trip (docs/decisions/0007-authorising-in-one-statement.md). `NotFound` when
/// there is no such user; `authorized` is none when there is no such landlord or no active
/// membership of it.
#[tracing::instrument(skip(db))]
pub async fn authorize_session(
    db: &DatabaseConnection,
    user_id: Uuid,
    slug: &str,
) -> Result<Session> {
    use sea_orm::{DbBackend, FromQueryResult, Statement};
    let backend = db.get_database_backend();
    let select = format!(
        "SELECT {}, {}, {} FROM users u LEFT JOIN landlords l ON l.slug = {}",
        columns::<user::Column>("u"),
        columns::<landlord::Column>("l"),
        columns::<membership::Column>("m"),
        if backend == DbBackend::Postgres {
            "$2"
        } else {
            "?2"
        },
    );
    // PostgreSQL's row-level security lets the membership through the owner's function, which
    // answers this user's membership of this landlord only (migration 56).
    let sql = match backend {
        DbBackend::Postgres => format!(
            "{select} LEFT JOIN LATERAL redress_membership(u.id, l.id) m ON true WHERE u.id = $1"
        ),
        _ => format!(
            "{select} LEFT JOIN memberships m ON m.landlord_id = l.id AND m.user_id = u.id \
             AND m.active WHERE u.id = ?1"
        ),
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [user_id.into(), slug.into()],
        ))
        .await?
        .ok_or(StoreError::NotFound)?;
    let user = crate::users::User::from(user::Model::from_query_result(&row, "u_")?);
    let landlord_id: Option<Uuid> = row.try_get("", "l_id")?;
    let member_id: Option<Uuid> = row.try_get("", "m_id")?;
    let authorized = match (landlord_id, member_id) {
        (Some(landlord_id), Some(_)) => Some(Authorized {
            landlord: Landlord::try_from(landlord::Model::from_query_result(&row, "l_")?)?,
            membership: Membership::try_from(membership::Model::from_query_result(&row, "m_")?)?,
            scope: TenantScope::new(landlord_id),
        }),
        _ => None,
    };
    Ok(Session { user, authorized })
}

/// A user's memberships, with each landlord's slug, for `GET /me`.
pub async fn of_user(db: &DatabaseConnection, user_id: Uuid) -> Result<Vec<(String, Membership)>> {
    let db = &Scoped::all_landlords(db, Purpose::Accounts);
    let members = active_memberships_of(user_id).all(db).await?;
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let l = global::find_by_id::<landlord::Entity>(m.landlord_id)
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        out.push((l.slug, Membership::try_from(m)?));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// A user of a landlord, as its admins see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberUser {
    pub membership_id: Uuid,
    pub user_id: Uuid,
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub active: bool,
}

/// The landlord's users in the order they joined, a page at a time (cursor: membership id).
pub async fn list_users(
    db: &impl Conn,
    scope: TenantScope,
    req: PageRequest,
) -> Result<Page<MemberUser>> {
    let mut q = tenant::find::<membership::Entity>(scope).order_by_asc(membership::Column::Id);
    if let Some(after) = req.after {
        q = q.filter(membership::Column::Id.gt(after));
    }
    let members = q.limit(req.limit + 1).all(db).await?;
    let ids: Vec<Uuid> = members.iter().map(|m| m.user_id).collect();
    let users = global::find::<user::Entity>()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let rows = members
        .into_iter()
        .map(|m| {
            let u = users
                .iter()
                .find(|u| u.id == m.user_id)
                .ok_or(StoreError::NotFound)?;
            member_user(m, u)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |m| m.membership_id))
}

fn member_user(m: membership::Model, u: &user::Model) -> Result<MemberUser> {
    let membership_id = m.id;
    let m = Membership::try_from(m)?;
    Ok(MemberUser {
        membership_id,
        user_id: u.id,
        email: u.email.clone(),
        name: u.name.clone(),
        role: m.role,
        contractor_id: m.contractor_id,
        active: m.active,
    })
}

/// Members of the landlord among `ids`, each as "name (role)" (the email address when no name
/// is recorded). Users who are not members of this landlord are left out.
pub async fn describe(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let members = tenant::find::<membership::Entity>(scope)
        .filter(membership::Column::UserId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let users = global::find::<user::Entity>()
        .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
        .all(db)
        .await?;
    let mut out = HashMap::new();
    for m in members {
        let Some(u) = users.iter().find(|u| u.id == m.user_id) else {
            continue;
        };
        let m = member_user(m, u)?;
        let role = m.role.phrase();
        let role = role
            .strip_prefix("a ")
            .or_else(|| role.strip_prefix("the "))
            .unwrap_or(role);
        let who = m.name.filter(|n| !n.trim().is_empty()).unwrap_or(m.email);
        out.insert(m.user_id, format!("{who} ({role})"));
    }
    Ok(out)
}

pub async fn get_user(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    user_id: Uuid,
) -> Result<MemberUser> {
    let m = tenant::find::<membership::Entity>(scope)
        .filter(membership::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let u = global::find_by_id::<user::Entity>(user_id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    member_user(m, &u)
}

/// Changes a user's role, contractor organisation or whether their membership is active.
#[derive(Debug, Clone, Default)]
pub struct MembershipChange {
    pub role: Option<Role>,
    /// `Some(None)` clears the contractor organisation.
    pub contractor_id: Option<Option<Uuid>>,
    pub active: Option<bool>,
}

/// Changes a membership. Removing access, or changing the role, revokes any invitation still
/// pending for the user at this landlord, so that an old invitation can neither restore
/// access nor raise a role; removing the last access the user had anywhere also ends their
/// sessions.
#[tracing::instrument(skip(db, change))]
pub async fn update(
    db: &Scoped,
    scope: TenantScope,
    user_id: Uuid,
    change: MembershipChange,
    by: Uuid,
) -> Result<MemberUser> {
    let txn = crate::db::begin_write(db).await?;
    let m = tenant::find::<membership::Entity>(scope)
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let current = Membership::try_from(m.clone())?;
    let role = change.role.unwrap_or(current.role);
    let contractor_id = change.contractor_id.unwrap_or(current.contractor_id);
    check_contractor(&txn, scope, role, contractor_id).await?;
    let deactivated = current.active && change.active == Some(false);
    let reactivated = !current.active && change.active == Some(true);
    let role_changed = role != current.role || contractor_id != current.contractor_id;
    let account = global::find_by_id::<user::Entity>(user_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if reactivated && account.is_platform_admin {
        return Err(StoreError::Conflict(
            "this account is now a platform admin's, which is never a member of a landlord".into(),
        ));
    }
    let mut a: membership::ActiveModel = m.into();
    a.role = Set(role.as_str().to_owned());
    a.contractor_id = Set(contractor_id);
    if let Some(active) = change.active {
        a.active = Set(active);
    }
    a.update(&txn).await?;
    if deactivated || role_changed {
        crate::invitations::revoke_pending_for_email(&txn, scope, &account.email, Some(by)).await?;
    }
    // What someone invited stops with their power to invite: an admin who is removed or no
    // longer an admin cannot come back through an invitation they sent themselves.
    if current.role == Role::LandlordAdmin
        && (deactivated || (role_changed && role != Role::LandlordAdmin))
    {
        crate::invitations::revoke_pending_by(&txn, scope, user_id, by).await?;
    }
    if deactivated
        && crate::users::active_memberships(&txn, user_id).await? == 0
        && crate::users::active_memberships_elsewhere(&db.across(Purpose::Accounts), user_id, scope)
            .await?
            == 0
    {
        crate::users::end_sessions(&txn, user_id).await?;
    }
    let updated = get_user(&txn, scope, user_id).await?;
    txn.commit().await?;
    Ok(updated)
}

/// A contractor user belongs to one of this landlord's contractor organisations; no one else does.
pub async fn check_contractor(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    role: Role,
    contractor_id: Option<Uuid>,
) -> Result<()> {
    match (role, contractor_id) {
        (Role::Contractor, None) => Err(StoreError::invalid(
            "contractor_id",
            "is required for the contractor role",
        )),
        (Role::Contractor, Some(id)) => {
            tenant::find_by_id::<contractor::Entity>(scope, id)
                .one(db)
                .await?
                .ok_or_else(|| {
                    StoreError::invalid(
                        "contractor_id",
                        "is not a contractor organisation of this landlord",
                    )
                })?;
            Ok(())
        }
        (_, Some(_)) => Err(StoreError::invalid(
            "contractor_id",
            "may be given only for the contractor role",
        )),
        (_, None) => Ok(()),
    }
}

/// Grants a membership directly (seeding and the server's own tasks; people are invited).
pub async fn grant(
    db: &impl Conn,
    scope: TenantScope,
    user_id: Uuid,
    role: Role,
    contractor_id: Option<Uuid>,
) -> Result<Membership> {
    check_contractor(db, scope, role, contractor_id).await?;
    let account = global::find_by_id::<user::Entity>(user_id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    if account.is_platform_admin {
        return Err(StoreError::Conflict(
            "a platform admin cannot become a member of a landlord".into(),
        ));
    }
    let model = membership::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        contractor_id: Set(contractor_id),
        active: Set(true),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Membership::try_from(model)
}

/// The user's active memberships, of every landlord (signing in and the account itself).
fn active_memberships_of(user_id: Uuid) -> Select<membership::Entity> {
    tenant::across_landlords::<membership::Entity>(Purpose::Accounts)
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Active.eq(true))
}

/// The landlords where the user holds an active membership: where events about their account
/// are recorded (a former member's sign-ins are no business of a landlord they left).
pub async fn landlords_of(db: &DatabaseConnection, user_id: Uuid) -> Result<Vec<Uuid>> {
    let db = &Scoped::all_landlords(db, Purpose::Accounts);
    Ok(active_memberships_of(user_id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.landlord_id)
        .collect())
}

/// Whether any active membership of the user makes a second factor required: an admin
/// role, or a landlord that asks it of everyone.
pub async fn any_requires_mfa(db: &DatabaseConnection, user_id: Uuid) -> Result<bool> {
    let db = &Scoped::all_landlords(db, Purpose::Accounts);
    let members = active_memberships_of(user_id).all(db).await?;
    if members
        .iter()
        .any(|m| m.role == Role::LandlordAdmin.as_str())
    {
        return Ok(true);
    }
    let ids: Vec<Uuid> = members.iter().map(|m| m.landlord_id).collect();
    if ids.is_empty() {
        return Ok(false);
    }
    Ok(global::find::<landlord::Entity>()
        .filter(landlord::Column::Id.is_in(ids))
        .filter(landlord::Column::RequireMfa.eq(true))
        .one(db)
        .await?
        .is_some())
}

/// The landlords where the user holds an active membership, with the role.
pub async fn active_of(db: &DatabaseConnection, user_id: Uuid) -> Result<Vec<(Uuid, Role)>> {
    let db = &Scoped::all_landlords(db, Purpose::Accounts);
    active_memberships_of(user_id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Ok((m.landlord_id, Membership::try_from(m)?.role)))
        .collect()
}
