use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Remedies offered to put things right (Code 5.13, 7.1–7.4), tracked to completion.
/// Financial amounts are in pence.
#[derive(DeriveIden)]
enum Remedies {
    Table,
    LandlordId,
    Id,
    ComplaintId,
    Stage,
    Kind,
    Description,
    AmountPence,
    DueOn,
    Owner,
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
                    .table(Remedies::Table)
                    .col(uuid(Remedies::LandlordId))
                    .col(uuid(Remedies::Id))
                    .col(uuid(Remedies::ComplaintId))
                    .col(integer(Remedies::Stage))
                    .col(string(Remedies::Kind))
                    .col(text(Remedies::Description))
                    .col(big_integer_null(Remedies::AmountPence))
                    .col(date_null(Remedies::DueOn))
                    .col(string_null(Remedies::Owner))
                    .col(string(Remedies::Status))
                    .col(date_null(Remedies::CompletedOn))
                    .col(timestamp_with_time_zone(Remedies::CreatedAt))
                    .col(timestamp_with_time_zone(Remedies::UpdatedAt))
                    .primary_key(Index::create().col(Remedies::LandlordId).col(Remedies::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Remedies::Table,
                                (Remedies::LandlordId, Remedies::ComplaintId),
                            )
                            .to(Complaints::Table, (Complaints::LandlordId, Complaints::Id)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_remedies_complaint")
                    .table(Remedies::Table)
                    .col(Remedies::LandlordId)
                    .col(Remedies::ComplaintId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Remedies::Table).to_owned())
            .await
    }
}
