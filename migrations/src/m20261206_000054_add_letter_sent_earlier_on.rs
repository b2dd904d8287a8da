use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The day a backdated action's letter went to the resident by other means before the action
/// was recorded (docs/rules.md, "Backdated actions"): such a letter is recorded as sent on
/// that day, and nothing is emailed or waits to be posted.
#[derive(DeriveIden)]
enum Letters {
    Table,
    SentEarlierOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Letters::Table)
                    .add_column(date_null(Letters::SentEarlierOn))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Letters::Table)
                    .drop_column(Letters::SentEarlierOn)
                    .to_owned(),
            )
            .await
    }
}
