use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A landlord's append-only audit log: reads of case files by the MRC, reads of disclosed
/// vulnerabilities, and other accesses that must be accounted for.
#[derive(DeriveIden)]
enum AuditLog {
    Table,
    LandlordId,
    Id,
    OccurredAt,
    ActorUserId,
    Kind,
    SubjectId,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(uuid(AuditLog::LandlordId))
                    .col(uuid(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::OccurredAt))
                    .col(uuid_null(AuditLog::ActorUserId))
                    .col(string(AuditLog::Kind))
                    .col(uuid_null(AuditLog::SubjectId))
                    .col(text(AuditLog::Detail))
                    .primary_key(Index::create().col(AuditLog::LandlordId).col(AuditLog::Id))
                    .foreign_key(&mut landlord_fk(AuditLog::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_kind")
                    .table(AuditLog::Table)
                    .col(AuditLog::LandlordId)
                    .col(AuditLog::Kind)
                    .col(AuditLog::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}
