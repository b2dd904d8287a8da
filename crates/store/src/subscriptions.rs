//! What each member of a landlord's staff is emailed (Code 9.6, 9.7): the weekly digest of
//! open and overdue complaints, the monthly or quarterly performance digest, deadline
//! reminders and review reminders. A user without a stored choice has their role's defaults,
//! so the Member Responsible for Complaints and the governing body get regular updates from
//! the day they join (Code 9.7).

use crate::entities::{membership, subscription, unsubscribe_token, user};
use crate::error::corrupt;
use crate::tenant::{self, global};
use crate::{Purpose, Result, StoreError, TenantScope};
use chrono::Utc;
use redress_domain::roles::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

/// How often the performance digest is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    Never,
    Monthly,
    Quarterly,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Never => "none",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "none" => Ok(Frequency::Never),
            "monthly" => Ok(Frequency::Monthly),
            "quarterly" => Ok(Frequency::Quarterly),
            other => Err(format!(
                "`{other}` is not one of `none`, `monthly`, `quarterly`"
            )),
        }
    }
}

/// A user's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choices {
    pub weekly_digest: bool,
    pub performance_digest: Frequency,
    pub deadline_reminders: bool,
    pub review_reminders: bool,
}

/// Which emails a role may receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Available {
    pub weekly_digest: bool,
    pub performance_digest: bool,
    pub deadline_reminders: bool,
    pub review_reminders: bool,
}

impl Available {
    pub fn any(&self) -> bool {
        self.weekly_digest
            || self.performance_digest
            || self.deadline_reminders
            || self.review_reminders
    }
}

/// What a role may subscribe to. The weekly digest is for the people who handle complaints;
/// the performance digest for those who oversee them (Code 9.6, 9.7); review reminders for
/// those who review adjustments and restrictions (Code 5.10, 5.14). Panel members see only
/// what is published, and get none of these.
pub fn available(role: Role) -> Available {
    use Role::*;
    let staff = matches!(
        role,
        LandlordAdmin | ComplaintsOfficer | CaseHandler | Contractor
    );
    Available {
        weekly_digest: staff,
        performance_digest: matches!(
            role,
            Mrc | GoverningBody | LandlordAdmin | ComplaintsOfficer
        ),
        deadline_reminders: staff,
        review_reminders: matches!(role, LandlordAdmin | ComplaintsOfficer),
    }
}

/// A role's defaults: the complaints team gets the weekly digest and every reminder; handlers
/// their deadlines; the MRC and governing body a quarterly performance digest (Code 9.7).
pub fn defaults(role: Role) -> Choices {
    use Role::*;
    let a = available(role);
    Choices {
        weekly_digest: matches!(role, LandlordAdmin | ComplaintsOfficer),
        performance_digest: if matches!(role, Mrc | GoverningBody) {
            Frequency::Quarterly
        } else {
            Frequency::Never
        },
        deadline_reminders: a.deadline_reminders,
        review_reminders: a.review_reminders,
    }
}

fn from_model(m: &subscription::Model) -> Result<Choices> {
    Ok(Choices {
        weekly_digest: m.weekly_digest,
        performance_digest: Frequency::parse(&m.performance_digest)
            .map_err(|e| corrupt("subscriptions.performance_digest", e))?,
        deadline_reminders: m.deadline_reminders,
        review_reminders: m.review_reminders,
    })
}

/// What `subscriptions.unsubscribe_token` holds now that tokens live, hashed, in their own
/// table (migration 50): a value unique to the row that is never a token.
fn retired_token(scope: TenantScope, user_id: Uuid) -> String {
    format!(
        "retired:{}:{}",
        scope.landlord_id().simple(),
        user_id.simple()
    )
}

/// A user's choices at one landlord: stored ones, else their role's defaults.
pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    user_id: Uuid,
    role: Role,
) -> Result<Choices> {
    match tenant::find_by_id::<subscription::Entity>(scope, user_id)
        .one(conn)
        .await?
    {
        Some(m) => from_model(&m),
        None => Ok(defaults(role)),
    }
}

/// Stores a user's choices.
pub async fn put(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    user_id: Uuid,
    choices: Choices,
) -> Result<Choices> {
    let existing = tenant::find_by_id::<subscription::Entity>(scope, user_id)
        .one(conn)
        .await?;
    let now = Utc::now();
    match existing {
        Some(m) => {
            let mut am: subscription::ActiveModel = m.into();
            am.weekly_digest = Set(choices.weekly_digest);
            am.performance_digest = Set(choices.performance_digest.as_str().to_owned());
            am.deadline_reminders = Set(choices.deadline_reminders);
            am.review_reminders = Set(choices.review_reminders);
            am.updated_at = Set(now);
            am.update(conn).await?;
        }
        None => {
            subscription::ActiveModel {
                landlord_id: Set(scope.landlord_id()),
                user_id: Set(user_id),
                weekly_digest: Set(choices.weekly_digest),
                performance_digest: Set(choices.performance_digest.as_str().to_owned()),
                deadline_reminders: Set(choices.deadline_reminders),
                review_reminders: Set(choices.review_reminders),
                unsubscribe_token: Set(retired_token(scope, user_id)),
                updated_at: Set(now),
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(choices)
}

/// A new token for the unsubscribe links of one email to a user, storing their current
/// choices if they have none yet so that the link has something to change. Only the token's
/// SHA-256 is kept; each email gets its own token.
pub async fn unsubscribe_token(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    user_id: Uuid,
    role: Role,
) -> Result<String> {
    if tenant::find_by_id::<subscription::Entity>(scope, user_id)
        .one(conn)
        .await?
        .is_none()
    {
        // Two processes may get here at once: the second insert does nothing.
        let d = defaults(role);
        subscription::Entity::insert(subscription::ActiveModel {
            landlord_id: Set(scope.landlord_id()),
            user_id: Set(user_id),
            weekly_digest: Set(d.weekly_digest),
            performance_digest: Set(d.performance_digest.as_str().to_owned()),
            deadline_reminders: Set(d.deadline_reminders),
            review_reminders: Set(d.review_reminders),
            unsubscribe_token: Set(retired_token(scope, user_id)),
            updated_at: Set(Utc::now()),
        })
        // Any conflict, not only the primary key's: the retired token is unique too, and
        // the second insert may meet the first there.
        .on_conflict(
            sea_orm::sea_query::OnConflict::new()
                .do_nothing()
                .to_owned(),
        )
        .try_insert()
        .exec(conn)
        .await?;
    }
    let token = crate::seal::new_token();
    unsubscribe_token::ActiveModel {
        token_hash: Set(crate::seal::hash_token(&token)),
        landlord_id: Set(scope.landlord_id()),
        user_id: Set(user_id),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(token)
}

/// How long an unsubscribe link works: a year after its email.
pub const UNSUBSCRIBE_LINKS_LAST_DAYS: i64 = 366;

/// Forgets unsubscribe tokens older than [`UNSUBSCRIBE_LINKS_LAST_DAYS`]. Returns how many.
pub async fn prune_unsubscribe_tokens(conn: &impl ConnectionTrait) -> Result<u64> {
    let res = tenant::delete_across_landlords::<unsubscribe_token::Entity>(Purpose::Housekeeping)
        .filter(
            unsubscribe_token::Column::CreatedAt
                .lt(Utc::now() - chrono::Duration::days(UNSUBSCRIBE_LINKS_LAST_DAYS)),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// A digest an unsubscribe link turns off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    Weekly,
    Performance,
}

impl Digest {
    pub fn as_str(self) -> &'static str {
        match self {
            Digest::Weekly => "weekly",
            Digest::Performance => "performance",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "weekly" => Some(Digest::Weekly),
            "performance" => Some(Digest::Performance),
            _ => None,
        }
    }
}

/// Turns a digest off through an unsubscribe link. `NotFound` for an unknown token. Returns
/// the landlord and user it was for.
pub async fn unsubscribe(
    db: &sea_orm::DatabaseConnection,
    token: &str,
    digest: Digest,
) -> Result<(Uuid, Uuid)> {
    // Found by its token alone: the link carries no landlord.
    let conn = &crate::Scoped::all_landlords(db, crate::Purpose::Unsubscribe);
    let link = tenant::find_by_id_across_landlords::<unsubscribe_token::Entity>(
        Purpose::Unsubscribe,
        crate::seal::hash_token(token),
    )
    .filter(
        unsubscribe_token::Column::CreatedAt
            .gte(Utc::now() - chrono::Duration::days(UNSUBSCRIBE_LINKS_LAST_DAYS)),
    )
    .one(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    let m = tenant::find_by_id_across_landlords::<subscription::Entity>(
        Purpose::Unsubscribe,
        (link.landlord_id, link.user_id),
    )
    .one(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    let ids = (m.landlord_id, m.user_id);
    let mut am: subscription::ActiveModel = m.into();
    match digest {
        Digest::Weekly => am.weekly_digest = Set(false),
        Digest::Performance => am.performance_digest = Set(Frequency::Never.as_str().to_owned()),
    }
    am.updated_at = Set(Utc::now());
    am.update(conn).await?;
    Ok(ids)
}

/// An active member of a landlord's staff with their choices: who the scheduler writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user_id: Uuid,
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub choices: Choices,
}

/// Every active member of the landlord with their choices (stored, else defaults), limited
/// to what their role may receive.
pub async fn recipients(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<Vec<Recipient>> {
    let members = tenant::find::<membership::Entity>(scope)
        .filter(membership::Column::Active.eq(true))
        .order_by_asc(membership::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = members.iter().map(|m| m.user_id).collect();
    let users = global::find::<user::Entity>()
        .filter(user::Column::Id.is_in(ids.clone()))
        .all(conn)
        .await?;
    let stored = tenant::find::<subscription::Entity>(scope)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let role: Role = m.role.parse().map_err(|e| corrupt("memberships.role", e))?;
        let Some(u) = users.iter().find(|u| u.id == m.user_id) else {
            continue;
        };
        let choices = match stored.iter().find(|s| s.user_id == m.user_id) {
            Some(s) => from_model(s)?,
            None => defaults(role),
        };
        let a = available(role);
        out.push(Recipient {
            user_id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role,
            contractor_id: m.contractor_id,
            choices: Choices {
                weekly_digest: choices.weekly_digest && a.weekly_digest,
                performance_digest: if a.performance_digest {
                    choices.performance_digest
                } else {
                    Frequency::Never
                },
                deadline_reminders: choices.deadline_reminders && a.deadline_reminders,
                review_reminders: choices.review_reminders && a.review_reminders,
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversight_gets_a_quarterly_performance_digest_by_default() {
        assert_eq!(defaults(Role::Mrc).performance_digest, Frequency::Quarterly);
        assert_eq!(
            defaults(Role::GoverningBody).performance_digest,
            Frequency::Quarterly
        );
        assert!(!defaults(Role::Mrc).weekly_digest);
    }

    #[test]
    fn panel_members_get_nothing() {
        assert!(!available(Role::PanelMember).any());
        assert!(!available(Role::PlatformAdmin).any());
    }

    #[test]
    fn frequencies_round_trip() {
        for f in [Frequency::Never, Frequency::Monthly, Frequency::Quarterly] {
            assert_eq!(Frequency::parse(f.as_str()), Ok(f));
        }
        assert!(Frequency::parse("daily").is_err());
    }
}
