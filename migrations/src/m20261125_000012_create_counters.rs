use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Per-landlord counters for human references (complaint numbers), incremented atomically
/// with `UPDATE ... RETURNING` on both databases.
#[derive(DeriveIden)]
enum Counters {
    Table,
    LandlordId,
    Name,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Counters::Table)
                    .col(uuid(Counters::LandlordId))
                    .col(string(Counters::Name))
                    .col(big_integer(Counters::Value).default(0))
                    .primary_key(
                        Index::create()
                            .col(Counters::LandlordId)
                            .col(Counters::Name),
                    )
                    .foreign_key(&mut landlord_fk(Counters::Table))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Counters::Table).to_owned())
            .await
    }
}
