use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Early warning signals (Code 9.4, 9.5): what the daily run found rising, in a sentence, with
/// the rule that matched and its cases; open until dismissed with a reason or turned into a
/// learning entry. `key` names what was found, so the next run updates an open signal rather
/// than adding another.
#[derive(DeriveIden)]
enum WarningSignals {
    Table,
    LandlordId,
    Id,
    Kind,
    Key,
    Sentence,
    Rule,
    Cases,
    ServiceRequestId,
    ServiceRequestReference,
    Status,
    DetectedOn,
    LastSeenOn,
    DismissedReason,
    DecidedBy,
    DecidedAt,
    LearningEntryId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WarningSignals::Table)
                    .col(uuid(WarningSignals::LandlordId))
                    .col(uuid(WarningSignals::Id))
                    .col(text(WarningSignals::Kind))
                    .col(text(WarningSignals::Key))
                    .col(text(WarningSignals::Sentence))
                    .col(text(WarningSignals::Rule))
                    .col(text(WarningSignals::Cases))
                    .col(uuid_null(WarningSignals::ServiceRequestId))
                    .col(text_null(WarningSignals::ServiceRequestReference))
                    .col(text(WarningSignals::Status))
                    .col(date(WarningSignals::DetectedOn))
                    .col(date(WarningSignals::LastSeenOn))
                    .col(text_null(WarningSignals::DismissedReason))
                    .col(uuid_null(WarningSignals::DecidedBy))
                    .col(timestamp_with_time_zone_null(WarningSignals::DecidedAt))
                    .col(uuid_null(WarningSignals::LearningEntryId))
                    .col(timestamp_with_time_zone(WarningSignals::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(WarningSignals::LandlordId)
                            .col(WarningSignals::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_warning_signals_key")
                    .table(WarningSignals::Table)
                    .col(WarningSignals::LandlordId)
                    .col(WarningSignals::Key)
                    .to_owned(),
            )
            .await?;
        crate::enable_tenant_policy(manager, "warning_signals").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WarningSignals::Table).to_owned())
            .await
    }
}
