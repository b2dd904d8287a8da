//! Where every query of an entity starts.
//!
//! A tenant table (one with a `landlord_id`) is read and written through [`find`],
//! [`find_by_id`], [`update_many`] and [`delete_many`], each already filtered to the scope's
//! landlord. Work that must cross landlords names its [`Purpose`] through [`across_landlords`]
//! and the functions beside it, so that every such query can be found by that name. The
//! platform's own tables (users, landlords, tokens) go through [`global`], which takes no
//! tenant table.
//!
//! sea-orm's `Entity::find`, `find_by_id`, `update_many`, `delete_many` and `delete_by_id` are
//! refused by clippy everywhere else (clippy.toml).
#![allow(clippy::disallowed_methods)]

use crate::entities;
use crate::{Purpose, TenantScope};
use sea_orm::{
    ColumnTrait, DeleteMany, EntityTrait, PrimaryKeyTrait, QueryFilter, Select, UpdateMany,
};
use uuid::Uuid;

/// A table whose rows each belong to one landlord.
pub(crate) trait TenantEntity: EntityTrait {
    fn landlord_id_column() -> Self::Column;
}

/// A tenant table whose primary key is `landlord_id` followed by [`Self::Key`].
pub(crate) trait KeyedByLandlord: TenantEntity {
    /// The rest of the primary key.
    type Key;

    fn primary_key(
        landlord_id: Uuid,
        key: Self::Key,
    ) -> <Self::PrimaryKey as PrimaryKeyTrait>::ValueType;
}

/// A table of the platform's, which belongs to no landlord.
pub(crate) trait GlobalEntity: EntityTrait {}

macro_rules! tenant_entity {
    ($entity:ident) => {
        impl TenantEntity for entities::$entity::Entity {
            fn landlord_id_column() -> Self::Column {
                entities::$entity::Column::LandlordId
            }
        }
    };
    ($entity:ident, key: ($a:ty, $b:ty)) => {
        tenant_entity!($entity);
        impl KeyedByLandlord for entities::$entity::Entity {
            type Key = ($a, $b);

            fn primary_key(landlord_id: Uuid, (a, b): ($a, $b)) -> (Uuid, $a, $b) {
                (landlord_id, a, b)
            }
        }
    };
    ($entity:ident, key: $key:ty) => {
        tenant_entity!($entity);
        impl KeyedByLandlord for entities::$entity::Entity {
            type Key = $key;

            fn primary_key(landlord_id: Uuid, key: $key) -> (Uuid, $key) {
                (landlord_id, key)
            }
        }
    };
}

tenant_entity!(adjustment, key: Uuid);
tenant_entity!(adjustment_review, key: Uuid);
tenant_entity!(attachment, key: Uuid);
tenant_entity!(audit_entry, key: Uuid);
tenant_entity!(closure_day, key: chrono::NaiveDate);
tenant_entity!(complaint, key: Uuid);
tenant_entity!(complaint_event, key: Uuid);
tenant_entity!(complaint_scheme, key: Uuid);
tenant_entity!(complaint_stage, key: (Uuid, i32));
tenant_entity!(contractor, key: Uuid);
tenant_entity!(correspondence, key: Uuid);
tenant_entity!(disclosure, key: Uuid);
tenant_entity!(email_bounce);
tenant_entity!(exceptional_circumstance, key: Uuid);
tenant_entity!(invitation, key: Uuid);
tenant_entity!(keep_informed, key: Uuid);
tenant_entity!(learning_complaint, key: (Uuid, Uuid));
tenant_entity!(learning_entry, key: Uuid);
tenant_entity!(letter, key: Uuid);
tenant_entity!(landlord_sector_figure, key: (i32, String));
tenant_entity!(letter_template, key: String);
tenant_entity!(membership, key: Uuid);
tenant_entity!(ombudsman_order, key: Uuid);
tenant_entity!(ombudsman_request, key: Uuid);
tenant_entity!(warning_signal, key: Uuid);
tenant_entity!(ombudsman_referral, key: Uuid);
tenant_entity!(outbox);
tenant_entity!(outstanding_action, key: Uuid);
tenant_entity!(published_tsm, key: i32);
tenant_entity!(remedy, key: Uuid);
tenant_entity!(resident, key: Uuid);
tenant_entity!(restriction, key: Uuid);
tenant_entity!(resubmission, key: i32);
tenant_entity!(restriction_review, key: Uuid);
tenant_entity!(service_request, key: Uuid);
tenant_entity!(subscription, key: Uuid);
tenant_entity!(unsubscribe_token);

macro_rules! global_entity {
    ($($entity:ident),* $(,)?) => {
        $(impl GlobalEntity for entities::$entity::Entity {})*
    };
}

global_entity!(
    account_token,
    landlord,
    mfa_factor,
    mfa_recovery_code,
    platform_audit_entry,
    refresh_token,
    scheduler_run,
    sector_figure,
    user,
);

/// The landlord's rows of `E`.
pub(crate) fn find<E: TenantEntity>(scope: TenantScope) -> Select<E> {
    E::find().filter(E::landlord_id_column().eq(scope.landlord_id()))
}

/// The landlord's row of `E` with this key (the primary key after `landlord_id`).
pub(crate) fn find_by_id<E: KeyedByLandlord>(scope: TenantScope, key: E::Key) -> Select<E> {
    E::find_by_id(E::primary_key(scope.landlord_id(), key))
}

/// An update of the landlord's rows of `E`.
pub(crate) fn update_many<E: TenantEntity>(scope: TenantScope) -> UpdateMany<E> {
    E::update_many().filter(E::landlord_id_column().eq(scope.landlord_id()))
}

/// A deletion of the landlord's rows of `E`.
pub(crate) fn delete_many<E: TenantEntity>(scope: TenantScope) -> DeleteMany<E> {
    E::delete_many().filter(E::landlord_id_column().eq(scope.landlord_id()))
}

fn trace(purpose: Purpose) {
    tracing::trace!(purpose = purpose.as_str(), "a query across landlords");
}

/// Every landlord's rows of `E`, for `purpose` only. On PostgreSQL the connection still decides
/// what is seen: one made by [`crate::Scoped::all_landlords`] for the purpose sees them all.
pub(crate) fn across_landlords<E: TenantEntity>(purpose: Purpose) -> Select<E> {
    trace(purpose);
    E::find()
}

/// The row of `E` with this whole primary key, whatever its landlord, for `purpose` only.
pub(crate) fn find_by_id_across_landlords<E: TenantEntity>(
    purpose: Purpose,
    key: impl Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
) -> Select<E> {
    trace(purpose);
    E::find_by_id(key)
}

/// An update of every landlord's rows of `E`, for `purpose` only.
pub(crate) fn update_across_landlords<E: TenantEntity>(purpose: Purpose) -> UpdateMany<E> {
    trace(purpose);
    E::update_many()
}

/// A deletion of every landlord's rows of `E`, for `purpose` only.
pub(crate) fn delete_across_landlords<E: TenantEntity>(purpose: Purpose) -> DeleteMany<E> {
    trace(purpose);
    E::delete_many()
}

/// The platform's own tables, which hold no landlord's data.
pub(crate) mod global {
    use super::GlobalEntity;
    use sea_orm::{DeleteMany, PrimaryKeyTrait, Select, UpdateMany};

    pub(crate) fn find<E: GlobalEntity>() -> Select<E> {
        E::find()
    }

    pub(crate) fn find_by_id<E: GlobalEntity>(
        key: impl Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    ) -> Select<E> {
        E::find_by_id(key)
    }

    pub(crate) fn update_many<E: GlobalEntity>() -> UpdateMany<E> {
        E::update_many()
    }

    pub(crate) fn delete_many<E: GlobalEntity>() -> DeleteMany<E> {
        E::delete_many()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{complaint, complaint_stage};
    use sea_orm::{DbBackend, QueryTrait};

    #[test]
    fn a_tenant_query_names_the_scopes_landlord() {
        let landlord = Uuid::now_v7();
        let scope = TenantScope::for_system_task(landlord);
        let sql = find::<complaint::Entity>(scope)
            .build(DbBackend::Postgres)
            .to_string();
        assert!(
            sql.contains(&format!("\"landlord_id\" = '{landlord}'")),
            "{sql}"
        );
        let id = Uuid::now_v7();
        let sql = find_by_id::<complaint::Entity>(scope, id)
            .build(DbBackend::Postgres)
            .to_string();
        assert!(
            sql.contains(&landlord.to_string()) && sql.contains(&id.to_string()),
            "{sql}"
        );
        let sql = find_by_id::<complaint_stage::Entity>(scope, (id, 2))
            .build(DbBackend::Postgres)
            .to_string();
        assert!(sql.contains(&landlord.to_string()), "{sql}");
        let sql = update_many::<complaint::Entity>(scope)
            .build(DbBackend::Postgres)
            .to_string();
        assert!(sql.contains(&landlord.to_string()), "{sql}");
        let sql = delete_many::<complaint::Entity>(scope)
            .build(DbBackend::Postgres)
            .to_string();
        assert!(sql.contains(&landlord.to_string()), "{sql}");
    }
}
