use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Whether the landlord asks every one of its users, not only its admins, to sign in with a
/// second factor.
#[derive(DeriveIden)]
enum Landlords {
    Table,
    RequireMfa,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Landlords::Table)
                    .add_column(boolean(Landlords::RequireMfa).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Landlords::Table)
                    .drop_column(Landlords::RequireMfa)
                    .to_owned(),
            )
            .await
    }
}
