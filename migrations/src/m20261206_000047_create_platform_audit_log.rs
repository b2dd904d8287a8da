use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The operator's own audit log: what happens outside any one landlord (landlords onboarded,
/// suspended and reinstated, accounts disabled, sign-ins with an email no one holds, platform
/// admins' second factors). Events about a landlord's users go to that landlord's log too.
#[derive(DeriveIden)]
enum PlatformAuditLog {
    Table,
    Id,
    OccurredAt,
    ActorUserId,
    Kind,
    SubjectId,
    Detail,
    ClientAddress,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PlatformAuditLog::Table)
                    .col(pk_uuid(PlatformAuditLog::Id))
                    .col(timestamp_with_time_zone(PlatformAuditLog::OccurredAt))
                    .col(uuid_null(PlatformAuditLog::ActorUserId))
                    .col(string(PlatformAuditLog::Kind))
                    .col(uuid_null(PlatformAuditLog::SubjectId))
                    .col(text(PlatformAuditLog::Detail))
                    .col(string_null(PlatformAuditLog::ClientAddress))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlatformAuditLog::Table).to_owned())
            .await
    }
}
