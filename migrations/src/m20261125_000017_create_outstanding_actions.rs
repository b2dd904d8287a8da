use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Actions still to be done after a response, with owner and due date, tracked until done
/// (Code 6.6).
#[derive(DeriveIden)]
enum OutstandingActions {
    Table,
    LandlordId,
    Id,
    ComplaintId,
    Stage,
    Description,
    Owner,
    DueOn,
    Status,
    CompletedOn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    LandlordId,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutstandingActions::Table)
                    .col(uuid(OutstandingActions::LandlordId))
                    .col(uuid(OutstandingActions::Id))
                    .col(uuid(OutstandingActions::ComplaintId))
                    .col(integer(OutstandingActions::Stage))
                    .col(text(OutstandingActions::Description))
                    .col(string(OutstandingActions::Owner))
                    .col(date(OutstandingActions::DueOn))
                    .col(string(OutstandingActions::Status))
                    .col(date_null(OutstandingActions::CompletedOn))
                    .col(timestamp_with_time_zone(OutstandingActions::CreatedAt))
                    .col(timestamp_with_time_zone(OutstandingActions::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(OutstandingActions::LandlordId)
                            .col(OutstandingActions::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OutstandingActions::Table,
                                (
                                    OutstandingActions::LandlordId,
                                    OutstandingActions::ComplaintId,
                                ),
                            )
                            .to(Complaints::Table, (Complaints::LandlordId, Complaints::Id)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outstanding_actions_complaint")
                    .table(OutstandingActions::Table)
                    .col(OutstandingActions::LandlordId)
                    .col(OutstandingActions::ComplaintId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OutstandingActions::Table).to_owned())
            .await
    }
}
