use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tenure of the home a complaint is about, so the Regulator's CH01 can be reported for
/// low-cost rental and low-cost home ownership separately.
#[derive(DeriveIden)]
enum Complaints {
    Table,
    Tenure,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(string_null(Complaints::Tenure))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .drop_column(Complaints::Tenure)
                    .to_owned(),
            )
            .await
    }
}
