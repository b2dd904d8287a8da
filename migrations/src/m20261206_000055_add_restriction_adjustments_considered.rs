use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a restriction says of each of the resident's reasonable adjustments in force when it
/// was imposed: kept as agreed or changed, and how (Code 5.14). JSON, like its warnings and
/// terms; restrictions imposed before this column existed say nothing.
#[derive(DeriveIden)]
enum Restrictions {
    Table,
    AdjustmentsConsidered,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Restrictions::Table)
                    .add_column(text(Restrictions::AdjustmentsConsidered).default("[]"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Restrictions::Table)
                    .drop_column(Restrictions::AdjustmentsConsidered)
                    .to_owned(),
            )
            .await
    }
}
