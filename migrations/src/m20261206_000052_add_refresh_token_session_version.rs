use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The account's session version when the sign-in a refresh token descends from was made: a
/// refresh is refused once the account's sessions have been ended since, even if the
/// revocation and the refresh happened at the same moment.
#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    SessionVersion,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RefreshTokens::Table)
                    .add_column(integer(RefreshTokens::SessionVersion).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RefreshTokens::Table)
                    .drop_column(RefreshTokens::SessionVersion)
                    .to_owned(),
            )
            .await
    }
}
