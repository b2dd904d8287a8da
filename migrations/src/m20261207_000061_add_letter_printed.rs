use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A letter to post is written, then printed, then posted: when it was printed and by whom,
/// so the list of letters to post tells the two apart.
#[derive(DeriveIden)]
enum Letters {
    Table,
    PrintedAt,
    PrintedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Letters::Table)
                    .add_column(timestamp_with_time_zone_null(Letters::PrintedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Letters::Table)
                    .add_column(uuid_null(Letters::PrintedBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Letters::PrintedBy, Letters::PrintedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Letters::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
