use crate::{Contractors, landlord_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Contractor organisations handling stage 1 for a landlord (Code 5.4, 5.5).
#[derive(DeriveIden)]
enum ContractorCols {
    Name,
    Email,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Contractors::Table)
                    .col(uuid(Contractors::LandlordId))
                    .col(uuid(Contractors::Id))
                    .col(string(ContractorCols::Name))
                    .col(string(ContractorCols::Email))
                    .col(timestamp_with_time_zone(ContractorCols::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Contractors::LandlordId)
                            .col(Contractors::Id),
                    )
                    .foreign_key(&mut landlord_fk(Contractors::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_contractors_landlord_name")
                    .table(Contractors::Table)
                    .col(Contractors::LandlordId)
                    .col(ContractorCols::Name)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Contractors::Table).to_owned())
            .await
    }
}
