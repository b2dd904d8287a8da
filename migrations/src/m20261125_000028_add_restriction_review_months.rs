use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// How far ahead a restriction's review may be set, per landlord (6 months unless changed).
#[derive(DeriveIden)]
enum Landlords {
    Table,
    RestrictionReviewMonths,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Landlords::Table)
                    .add_column(integer(Landlords::RestrictionReviewMonths).default(6))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Landlords::Table)
                    .drop_column(Landlords::RestrictionReviewMonths)
                    .to_owned(),
            )
            .await
    }
}
