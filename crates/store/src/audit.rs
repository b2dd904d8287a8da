//! The append-only audit logs: each landlord's, and the platform operator's own. An entry
//! says who (the actor, and the client address they came from), did what (the kind), to
//! what (the subject) and when. The database refuses to change or delete an entry (migration
//! 48); nothing here offers to.

use crate::entities::{audit_entry, platform_audit_entry};
use crate::page::{Page, PageRequest};
use crate::tenant::{self, global};
use crate::{Result, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

/// Who did something: the signed-in user (none for the server's own work and for people
/// without an account), and the address their request came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub client_address: Option<String>,
}

impl Actor {
    pub fn user(user_id: Uuid, client_address: impl Into<String>) -> Self {
        Actor {
            user_id: Some(user_id),
            client_address: Some(client_address.into()),
        }
    }

    /// Someone without an account (a resident, a stranger), from an address.
    pub fn anonymous(client_address: impl Into<String>) -> Self {
        Actor {
            user_id: None,
            client_address: Some(client_address.into()),
        }
    }

    /// The server itself (the scheduler, a command).
    pub fn system() -> Self {
        Actor::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub client_address: Option<String>,
    pub kind: String,
    pub subject_id: Option<Uuid>,
    pub detail: serde_json::Value,
}

/// Writes an entry to the landlord's log, on the caller's connection or transaction.
pub async fn record(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    actor: &Actor,
    kind: &str,
    subject: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<()> {
    audit_entry::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        occurred_at: Set(Utc::now()),
        actor_user_id: Set(actor.user_id),
        kind: Set(kind.to_owned()),
        subject_id: Set(subject),
        detail: Set(detail.to_string()),
        client_address: Set(actor.client_address.clone()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Writes an entry to the platform's own log.
pub async fn record_platform(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    kind: &str,
    subject: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<()> {
    platform_audit_entry::ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(Utc::now()),
        actor_user_id: Set(actor.user_id),
        kind: Set(kind.to_owned()),
        subject_id: Set(subject),
        detail: Set(detail.to_string()),
        client_address: Set(actor.client_address.clone()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// What to look for in a log. Every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<String>,
    pub actor: Option<Uuid>,
    pub subject: Option<Uuid>,
    /// From this moment on (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this moment (exclusive).
    pub before: Option<DateTime<Utc>>,
}

fn detail_of(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}

/// Applies a filter and a page to a query of one of the logs (the landlord's or the
/// platform's: the same columns, in two tables).
macro_rules! filtered {
    ($q:expr, $entity:ident, $filter:expr, $req:expr) => {{
        let mut q = $q.order_by_desc($entity::Column::Id);
        if let Some(kind) = &$filter.kind {
            q = q.filter($entity::Column::Kind.eq(kind.as_str()));
        }
        if let Some(actor) = $filter.actor {
            q = q.filter($entity::Column::ActorUserId.eq(actor));
        }
        if let Some(subject) = $filter.subject {
            q = q.filter($entity::Column::SubjectId.eq(subject));
        }
        if let Some(from) = $filter.from {
            q = q.filter($entity::Column::OccurredAt.gte(from));
        }
        if let Some(before) = $filter.before {
            q = q.filter($entity::Column::OccurredAt.lt(before));
        }
        if let Some(after) = $req.after {
            q = q.filter($entity::Column::Id.lt(after));
        }
        q.limit($req.limit + 1)
    }};
}

/// An entry of either log, as read.
macro_rules! entry {
    ($m:expr) => {{
        let m = $m;
        AuditEntry {
            detail: detail_of(&m.detail),
            id: m.id,
            occurred_at: m.occurred_at,
            actor_user_id: m.actor_user_id,
            client_address: m.client_address,
            kind: m.kind,
            subject_id: m.subject_id,
        }
    }};
}

/// The landlord's entries, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    filter: &Filter,
    req: PageRequest,
) -> Result<Page<AuditEntry>> {
    let q = tenant::find::<audit_entry::Entity>(scope);
    let rows = filtered!(q, audit_entry, filter, req)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| entry!(m))
        .collect();
    Ok(Page::from_rows(rows, req, |e: &AuditEntry| e.id))
}

/// The platform's entries, newest first.
pub async fn list_platform(
    conn: &impl ConnectionTrait,
    filter: &Filter,
    req: PageRequest,
) -> Result<Page<AuditEntry>> {
    let q = global::find::<platform_audit_entry::Entity>();
    let rows = filtered!(q, platform_audit_entry, filter, req)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| entry!(m))
        .collect();
    Ok(Page::from_rows(rows, req, |e: &AuditEntry| e.id))
}
