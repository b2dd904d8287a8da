use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Landlords {
    Table,
    Id,
    Name,
    Slug,
    Kind,
    /// TSM CH01's denominator is homes owned; low-cost rental and low-cost home ownership
    /// are reported separately where a landlord has both.
    HomesLowCostRental,
    HomesLowCostHomeOwnership,
    ReferencePrefix,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Landlords::Table)
                    .col(pk_uuid(Landlords::Id))
                    .col(string(Landlords::Name))
                    .col(string_uniq(Landlords::Slug))
                    .col(string(Landlords::Kind))
                    .col(integer(Landlords::HomesLowCostRental).default(0))
                    .col(integer(Landlords::HomesLowCostHomeOwnership).default(0))
                    .col(string(Landlords::ReferencePrefix))
                    .col(string(Landlords::Status))
                    .col(timestamp_with_time_zone(Landlords::CreatedAt))
                    .col(timestamp_with_time_zone(Landlords::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Landlords::Table).to_owned())
            .await
    }
}
