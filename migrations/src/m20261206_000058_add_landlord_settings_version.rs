use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A number that goes up whenever what deadlines and letters are made from changes: the
/// landlord's schemes and their timescales, its closure days and its own wording of letters
/// (docs/decisions/0008). Each request
/// reads it with the session, in the same statement, so a server keeps those settings in
/// memory and knows at once when another replica has changed them.
#[derive(DeriveIden)]
enum Landlords {
    Table,
    SettingsVersion,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Landlords::Table)
                    .add_column(big_integer(Landlords::SettingsVersion).default(1))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Landlords::Table)
                    .drop_column(Landlords::SettingsVersion)
                    .to_owned(),
            )
            .await
    }
}
