//! Events about a person's account (signing in, a password reset, a second factor set up or
//! reset) written where an auditor looks for them: in the audit log of every landlord the
//! account belongs to, and in the platform's log for a platform admin or an email no account
//! holds.

use crate::error::ApiError;
use redress_store::audit::{self, Actor};
use redress_store::{DatabaseConnection, Scoped, TenantScope, memberships, users};
use serde_json::Value;
use uuid::Uuid;

/// Records an event about the account `user_id`.
pub async fn record(
    db: &DatabaseConnection,
    user_id: Uuid,
    actor: &Actor,
    kind: &str,
    detail: Value,
) -> Result<(), ApiError> {
    let account = users::get(db, user_id).await?;
    if account.is_platform_admin {
        audit::record_platform(db, actor, kind, Some(user_id), detail.clone()).await?;
    }
    for landlord_id in memberships::landlords_of(db, user_id).await? {
        let scope = TenantScope::for_system_task(landlord_id);
        audit::record(
            &Scoped::new(db, scope),
            scope,
            actor,
            kind,
            Some(user_id),
            detail.clone(),
        )
        .await?;
    }
    Ok(())
}

/// Records a failed sign-in with an email no enabled account holds, in the platform's log.
pub async fn record_unknown_account(
    db: &DatabaseConnection,
    actor: &Actor,
    kind: &str,
    email: &str,
) -> Result<(), ApiError> {
    let shown = redress_domain::values::EmailAddress::parse(email)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| "(not an email address)".to_owned());
    audit::record_platform(db, actor, kind, None, serde_json::json!({"email": shown})).await?;
    Ok(())
}
