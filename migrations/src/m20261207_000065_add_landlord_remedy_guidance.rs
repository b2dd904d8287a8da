use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The landlord's own copy of the Ombudsman's bands of financial redress (JSON; the shipped
/// bands when null) and its compensation policy, shown when a response offers a financial
/// remedy.
#[derive(DeriveIden)]
enum Landlords {
    Table,
    RemedyBands,
    CompensationPolicy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Landlords::RemedyBands, Landlords::CompensationPolicy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Landlords::Table)
                        .add_column(text_null(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Landlords::RemedyBands, Landlords::CompensationPolicy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Landlords::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
