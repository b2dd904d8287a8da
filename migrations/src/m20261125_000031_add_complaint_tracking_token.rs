use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The resident's private tracking link (docs/rules.md, "What residents can do online"):
/// only the SHA-256 of its random token is kept, so a leaked table opens no complaint.
/// Complaints logged before this migration have none. The unique index leads with
/// `landlord_id`, as every tenant index does (deploy/SCALING.md, "Tables"); the link names
/// the landlord, so a lookup has it.
#[derive(DeriveIden)]
enum Complaints {
    Table,
    LandlordId,
    TrackingTokenHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(string_null(Complaints::TrackingTokenHash))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_complaints_tracking_token_hash")
                    .table(Complaints::Table)
                    .col(Complaints::LandlordId)
                    .col(Complaints::TrackingTokenHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_complaints_tracking_token_hash")
                    .table(Complaints::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .drop_column(Complaints::TrackingTokenHash)
                    .to_owned(),
            )
            .await
    }
}
