use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// When the evidence bundle sent in answer to one of the Ombudsman's requests for information
/// was made (the audit log holds who made it); null when the answer was not the bundle.
#[derive(DeriveIden)]
enum OmbudsmanRequests {
    Table,
    BundleMadeAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OmbudsmanRequests::Table)
                    .add_column(timestamp_with_time_zone_null(
                        OmbudsmanRequests::BundleMadeAt,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OmbudsmanRequests::Table)
                    .drop_column(OmbudsmanRequests::BundleMadeAt)
                    .to_owned(),
            )
            .await
    }
}
