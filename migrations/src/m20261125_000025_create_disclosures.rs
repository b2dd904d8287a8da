use crate::{Residents, landlord_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Disabilities and vulnerabilities a resident has disclosed (Code 3.1, 5.10): special-category
/// data, read only by those who need it, and every read is audited. Append-only.
#[derive(DeriveIden)]
enum Disclosures {
    Table,
    LandlordId,
    Id,
    ResidentId,
    Kind,
    Description,
    RecordedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Disclosures::Table)
                    .col(uuid(Disclosures::LandlordId))
                    .col(uuid(Disclosures::Id))
                    .col(uuid(Disclosures::ResidentId))
                    .col(string(Disclosures::Kind))
                    .col(text(Disclosures::Description))
                    .col(uuid_null(Disclosures::RecordedBy))
                    .col(timestamp_with_time_zone(Disclosures::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Disclosures::LandlordId)
                            .col(Disclosures::Id),
                    )
                    .foreign_key(&mut landlord_fk(Disclosures::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Disclosures::Table,
                                (Disclosures::LandlordId, Disclosures::ResidentId),
                            )
                            .to(Residents::Table, (Residents::LandlordId, Residents::Id))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_disclosures_landlord_resident")
                    .table(Disclosures::Table)
                    .col(Disclosures::LandlordId)
                    .col(Disclosures::ResidentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Disclosures::Table).to_owned())
            .await
    }
}
