use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Images a message shows inline (the charts of the MRC's digest), as JSON: each with its
/// Content-ID, media type and bytes in base64. Null for a message without images.
#[derive(DeriveIden)]
enum Outbox {
    Table,
    InlineImages,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(text_null(Outbox::InlineImages))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::InlineImages)
                    .to_owned(),
            )
            .await
    }
}
