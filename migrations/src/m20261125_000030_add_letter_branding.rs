use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// How a landlord's letters to residents present it: the name they are signed with (the
/// landlord's own name when empty), a logo shown from an https URL, and the contact block
/// (address, telephone, opening hours) in every letter's footer. One column per statement:
/// SQLite alters a table one column at a time.
#[derive(DeriveIden)]
enum Landlords {
    Table,
    LetterName,
    LogoUrl,
    ContactBlock,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Landlords::LetterName,
            Landlords::LogoUrl,
            Landlords::ContactBlock,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Landlords::Table)
                        .add_column(text_null(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Landlords::ContactBlock,
            Landlords::LogoUrl,
            Landlords::LetterName,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Landlords::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
