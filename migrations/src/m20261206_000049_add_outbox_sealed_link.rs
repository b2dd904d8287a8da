use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A secret link that only the recipient may see (a resident's tracking link, a password
/// reset, an invitation): the message's body holds a placeholder, and the link itself is kept
/// here encrypted with the server's data key, put into the message only as it is sent and
/// cleared once it has been. Staff reading the outbox or the correspondence never see it.
#[derive(DeriveIden)]
enum Outbox {
    Table,
    SealedLink,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(text_null(Outbox::SealedLink))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::SealedLink)
                    .to_owned(),
            )
            .await
    }
}
