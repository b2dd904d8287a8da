use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A landlord's own closure days, added to the bank holidays when counting working days.
#[derive(DeriveIden)]
enum ClosureDays {
    Table,
    LandlordId,
    Day,
    Reason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ClosureDays::Table)
                    .col(uuid(ClosureDays::LandlordId))
                    .col(date(ClosureDays::Day))
                    .col(string(ClosureDays::Reason))
                    .primary_key(
                        Index::create()
                            .col(ClosureDays::LandlordId)
                            .col(ClosureDays::Day),
                    )
                    .foreign_key(&mut landlord_fk(ClosureDays::Table))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ClosureDays::Table).to_owned())
            .await
    }
}
