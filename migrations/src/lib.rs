//! The schema, as append-only migrations: one change per file, each running on SQLite and
//! PostgreSQL. Tenant-owned tables carry `landlord_id` first in their primary key, and
//! foreign keys between tenant tables include it, so the schema can be sharded by landlord
//! (deploy/SCALING.md, "Tables") without a rewrite.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_landlords;
mod m20261125_000002_create_complaint_schemes;
mod m20261125_000003_create_closure_days;
mod m20261125_000004_create_users;
mod m20261125_000005_create_contractors;
mod m20261125_000006_create_memberships;
mod m20261125_000007_create_invitations;
mod m20261125_000008_create_refresh_tokens;
mod m20261125_000009_create_outbox;
mod m20261125_000010_create_residents;
mod m20261125_000011_create_service_requests;
mod m20261125_000012_create_counters;
mod m20261125_000013_create_complaints;
mod m20261125_000014_create_complaint_stages;
mod m20261125_000015_create_complaint_events;
mod m20261125_000016_create_remedies;
mod m20261125_000017_create_outstanding_actions;
mod m20261125_000018_create_audit_log;
mod m20261125_000019_create_correspondence;
mod m20261125_000020_create_attachments;
mod m20261125_000021_create_ombudsman_referrals;
mod m20261125_000022_create_ombudsman_orders;
mod m20261125_000023_create_adjustments;
mod m20261125_000024_create_adjustment_reviews;
mod m20261125_000025_create_disclosures;
mod m20261125_000026_create_restrictions;
mod m20261125_000027_create_restriction_reviews;
mod m20261125_000028_add_restriction_review_months;
mod m20261125_000029_email_delivery;
mod m20261125_000030_add_letter_branding;
mod m20261125_000031_add_complaint_tracking_token;
mod m20261125_000032_create_letters;
mod m20261125_000033_create_subscriptions_and_schedule;
mod m20261125_000034_create_learning;
mod m20261125_000035_create_publication;
mod m20261125_000036_add_complaint_tenure;
mod m20261125_000037_add_oversight_indexes;
mod m20261125_000038_create_performance_rollup;
mod m20261125_000039_create_self_assessments;
mod m20261206_000040_add_user_session_version;
mod m20261206_000041_create_mfa;
mod m20261206_000042_create_account_tokens;
mod m20261206_000043_add_invitation_revocation;
mod m20261206_000044_add_landlord_require_mfa;
mod m20261206_000045_create_rate_limits;
mod m20261206_000046_add_audit_client_address;
mod m20261206_000047_create_platform_audit_log;
mod m20261206_000048_make_audit_logs_append_only;
mod m20261206_000049_add_outbox_sealed_link;
mod m20261206_000050_create_unsubscribe_tokens;
mod m20261206_000051_add_refresh_token_mfa;
mod m20261206_000052_add_refresh_token_session_version;
mod m20261206_000053_enable_row_level_security;
mod m20261206_000054_add_letter_sent_earlier_on;
mod m20261206_000055_add_restriction_adjustments_considered;
mod m20261206_000056_create_membership_function;
mod m20261206_000057_restrict_membership_function;
mod m20261206_000058_add_landlord_settings_version;
mod m20261207_000059_add_complaint_next_due;
mod m20261207_000060_add_landlord_performance_targets;
mod m20261207_000061_add_letter_printed;
mod m20261207_000062_create_sector_figures;
mod m20261207_000063_create_ombudsman_requests;
mod m20261207_000064_create_resubmissions;
mod m20261207_000065_add_landlord_remedy_guidance;
mod m20261207_000066_add_request_bundle;
mod m20261207_000067_add_remedy_parts;
mod m20261207_000068_create_warning_signals;
mod m20261208_000069_add_outbox_inline_images;
mod m20261208_000070_create_landlord_sector_figures;

pub use m20261207_000059_add_complaint_next_due::next_due_backfill;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_landlords::Migration),
            Box::new(m20261125_000002_create_complaint_schemes::Migration),
            Box::new(m20261125_000003_create_closure_days::Migration),
            Box::new(m20261125_000004_create_users::Migration),
            Box::new(m20261125_000005_create_contractors::Migration),
            Box::new(m20261125_000006_create_memberships::Migration),
            Box::new(m20261125_000007_create_invitations::Migration),
            Box::new(m20261125_000008_create_refresh_tokens::Migration),
            Box::new(m20261125_000009_create_outbox::Migration),
            Box::new(m20261125_000010_create_residents::Migration),
            Box::new(m20261125_000011_create_service_requests::Migration),
            Box::new(m20261125_000012_create_counters::Migration),
            Box::new(m20261125_000013_create_complaints::Migration),
            Box::new(m20261125_000014_create_complaint_stages::Migration),
            Box::new(m20261125_000015_create_complaint_events::Migration),
            Box::new(m20261125_000016_create_remedies::Migration),
            Box::new(m20261125_000017_create_outstanding_actions::Migration),
            Box::new(m20261125_000018_create_audit_log::Migration),
            Box::new(m20261125_000019_create_correspondence::Migration),
            Box::new(m20261125_000020_create_attachments::Migration),
            Box::new(m20261125_000021_create_ombudsman_referrals::Migration),
            Box::new(m20261125_000022_create_ombudsman_orders::Migration),
            Box::new(m20261125_000023_create_adjustments::Migration),
            Box::new(m20261125_000024_create_adjustment_reviews::Migration),
            Box::new(m20261125_000025_create_disclosures::Migration),
            Box::new(m20261125_000026_create_restrictions::Migration),
            Box::new(m20261125_000027_create_restriction_reviews::Migration),
            Box::new(m20261125_000028_add_restriction_review_months::Migration),
            Box::new(m20261125_000029_email_delivery::Migration),
            Box::new(m20261125_000030_add_letter_branding::Migration),
            Box::new(m20261125_000031_add_complaint_tracking_token::Migration),
            Box::new(m20261125_000032_create_letters::Migration),
            Box::new(m20261125_000033_create_subscriptions_and_schedule::Migration),
            Box::new(m20261125_000034_create_learning::Migration),
            Box::new(m20261125_000035_create_publication::Migration),
            Box::new(m20261125_000036_add_complaint_tenure::Migration),
            Box::new(m20261125_000037_add_oversight_indexes::Migration),
            Box::new(m20261125_000038_create_performance_rollup::Migration),
            Box::new(m20261125_000039_create_self_assessments::Migration),
            Box::new(m20261206_000040_add_user_session_version::Migration),
            Box::new(m20261206_000041_create_mfa::Migration),
            Box::new(m20261206_000042_create_account_tokens::Migration),
            Box::new(m20261206_000043_add_invitation_revocation::Migration),
            Box::new(m20261206_000044_add_landlord_require_mfa::Migration),
            Box::new(m20261206_000045_create_rate_limits::Migration),
            Box::new(m20261206_000046_add_audit_client_address::Migration),
            Box::new(m20261206_000047_create_platform_audit_log::Migration),
            Box::new(m20261206_000048_make_audit_logs_append_only::Migration),
            Box::new(m20261206_000049_add_outbox_sealed_link::Migration),
            Box::new(m20261206_000050_create_unsubscribe_tokens::Migration),
            Box::new(m20261206_000051_add_refresh_token_mfa::Migration),
            Box::new(m20261206_000052_add_refresh_token_session_version::Migration),
            Box::new(m20261206_000053_enable_row_level_security::Migration),
            Box::new(m20261206_000054_add_letter_sent_earlier_on::Migration),
            Box::new(m20261206_000055_add_restriction_adjustments_considered::Migration),
            Box::new(m20261206_000056_create_membership_function::Migration),
            Box::new(m20261206_000057_restrict_membership_function::Migration),
            Box::new(m20261206_000058_add_landlord_settings_version::Migration),
            Box::new(m20261207_000059_add_complaint_next_due::Migration),
            Box::new(m20261207_000060_add_landlord_performance_targets::Migration),
            Box::new(m20261207_000061_add_letter_printed::Migration),
            Box::new(m20261207_000062_create_sector_figures::Migration),
            Box::new(m20261207_000063_create_ombudsman_requests::Migration),
            Box::new(m20261207_000064_create_resubmissions::Migration),
            Box::new(m20261207_000065_add_landlord_remedy_guidance::Migration),
            Box::new(m20261207_000066_add_request_bundle::Migration),
            Box::new(m20261207_000067_add_remedy_parts::Migration),
            Box::new(m20261207_000068_create_warning_signals::Migration),
            Box::new(m20261208_000069_add_outbox_inline_images::Migration),
            Box::new(m20261208_000070_create_landlord_sector_figures::Migration),
        ]
    }
}

#[derive(DeriveIden)]
pub(crate) enum Landlords {
    Table,
    Id,
}

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
pub(crate) enum Contractors {
    Table,
    LandlordId,
    Id,
}

#[derive(DeriveIden)]
pub(crate) enum Residents {
    Table,
    LandlordId,
    Id,
}

#[derive(DeriveIden)]
pub(crate) enum ServiceRequests {
    Table,
    LandlordId,
    Id,
}

/// Row-level security for a tenant table created after migration 53, as that migration gives
/// every tenant table: its rows are the landlord's named by the transaction's
/// `redress.landlord_id`, or every landlord's for work that says `redress.all_landlords`.
/// PostgreSQL only; SQLite relies on the store's filters.
pub(crate) async fn enable_tenant_policy(
    manager: &SchemaManager<'_>,
    table: &str,
) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
    let db = manager.get_connection();
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY; \
             CREATE POLICY redress_tenant ON {table} USING (\
             landlord_id = NULLIF(current_setting('redress.landlord_id', true), '')::uuid \
             OR COALESCE(current_setting('redress.all_landlords', true), '') <> '')"
        ))
        .await?;
    }
    Ok(())
}

/// A foreign key from `table.landlord_id` to the landlord, deleting nothing: landlords are
/// suspended, never deleted, so records are never lost.
pub(crate) fn landlord_fk<T: IntoIden + 'static>(table: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, Alias::new("landlord_id"))
        .to(Landlords::Table, Landlords::Id)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}
