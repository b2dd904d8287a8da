use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The landlord's own targets for its headline figures (the share of stage 1 and stage 2
/// complaints acknowledged and responded to in time), shown beside each figure on the
/// dashboard: a JSON object of whole percentages by figure, none set when null.
#[derive(DeriveIden)]
enum Landlords {
    Table,
    PerformanceTargets,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Landlords::Table)
                    .add_column(text_null(Landlords::PerformanceTargets))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Landlords::Table)
                    .drop_column(Landlords::PerformanceTargets)
                    .to_owned(),
            )
            .await
    }
}
