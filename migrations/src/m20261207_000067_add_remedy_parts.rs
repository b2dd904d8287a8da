use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A financial award's parts by failing (JSON: [{"failing", "amount_pence"}]), as the Ombudsman's
/// remedies guidance looks at each failing; null when the award was not split.
#[derive(DeriveIden)]
enum Remedies {
    Table,
    Parts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Remedies::Table)
                    .add_column(text_null(Remedies::Parts))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Remedies::Table)
                    .drop_column(Remedies::Parts)
                    .to_owned(),
            )
            .await
    }
}
