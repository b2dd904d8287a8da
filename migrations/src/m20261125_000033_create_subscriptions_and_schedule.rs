use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a member of a landlord's staff asks to be emailed (Code 9.6, 9.7). A user without a
/// row has their role's defaults.
#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    LandlordId,
    UserId,
    WeeklyDigest,
    PerformanceDigest,
    DeadlineReminders,
    ReviewReminders,
    UnsubscribeToken,
    UpdatedAt,
}

/// One row per message the scheduler has sent: a digest for a recipient and period, or a
/// reminder for a recipient, an item and an occasion. Written in the same transaction as the
/// outbox row, its primary key is what makes a send happen once however many processes run.
#[derive(DeriveIden)]
enum ScheduledSends {
    Table,
    Key,
    LandlordId,
    CreatedAt,
}

/// A scheduler job's run for a period, claimed under a lease so that one process does the
/// work and another takes over if it dies.
#[derive(DeriveIden)]
enum SchedulerRuns {
    Table,
    Job,
    Period,
    ClaimedBy,
    ClaimedUntil,
    FinishedAt,
}

/// Code 5.9: how often the landlord agreed to update the resident while a complaint is open.
#[derive(DeriveIden)]
enum KeepInformed {
    Table,
    LandlordId,
    ComplaintId,
    EveryWorkingDays,
    AgreedOn,
    AgreedBy,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Subscriptions::Table)
                    .col(uuid(Subscriptions::LandlordId))
                    .col(uuid(Subscriptions::UserId))
                    .col(boolean(Subscriptions::WeeklyDigest))
                    .col(string(Subscriptions::PerformanceDigest))
                    .col(boolean(Subscriptions::DeadlineReminders))
                    .col(boolean(Subscriptions::ReviewReminders))
                    .col(string(Subscriptions::UnsubscribeToken).unique_key())
                    .col(timestamp_with_time_zone(Subscriptions::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(Subscriptions::LandlordId)
                            .col(Subscriptions::UserId),
                    )
                    .foreign_key(&mut landlord_fk(Subscriptions::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScheduledSends::Table)
                    .col(string(ScheduledSends::Key).primary_key())
                    .col(uuid_null(ScheduledSends::LandlordId))
                    .col(timestamp_with_time_zone(ScheduledSends::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchedulerRuns::Table)
                    .col(string(SchedulerRuns::Job))
                    .col(string(SchedulerRuns::Period))
                    .col(string(SchedulerRuns::ClaimedBy))
                    .col(timestamp_with_time_zone(SchedulerRuns::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(SchedulerRuns::FinishedAt))
                    .primary_key(
                        Index::create()
                            .col(SchedulerRuns::Job)
                            .col(SchedulerRuns::Period),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KeepInformed::Table)
                    .col(uuid(KeepInformed::LandlordId))
                    .col(uuid(KeepInformed::ComplaintId))
                    .col(integer(KeepInformed::EveryWorkingDays))
                    .col(date(KeepInformed::AgreedOn))
                    .col(uuid_null(KeepInformed::AgreedBy))
                    .col(timestamp_with_time_zone(KeepInformed::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(KeepInformed::LandlordId)
                            .col(KeepInformed::ComplaintId),
                    )
                    .foreign_key(&mut landlord_fk(KeepInformed::Table))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(KeepInformed::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SchedulerRuns::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ScheduledSends::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Subscriptions::Table).to_owned())
            .await
    }
}
