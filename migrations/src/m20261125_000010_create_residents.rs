use crate::{Residents, landlord_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Residents of a landlord: who complains or reports a repair, and how they want to be
/// contacted, so their needs are anticipated (Code 3.1). `search_text` holds the lower-cased name, email and property
/// reference, so `?q=` is one portable `LIKE` on SQLite and PostgreSQL alike.
#[derive(DeriveIden)]
enum ResidentCols {
    Name,
    Email,
    Phone,
    Address,
    PropertyRef,
    PreferredContact,
    PreferredFormat,
    Language,
    SearchText,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The primary key (landlord_id, id) also serves the list: ids are UUIDv7, so the
        // keyset page of one landlord is a range scan of it.
        manager
            .create_table(
                Table::create()
                    .table(Residents::Table)
                    .col(uuid(Residents::LandlordId))
                    .col(uuid(Residents::Id))
                    .col(string(ResidentCols::Name))
                    .col(string_null(ResidentCols::Email))
                    .col(string_null(ResidentCols::Phone))
                    .col(text_null(ResidentCols::Address))
                    .col(string_null(ResidentCols::PropertyRef))
                    .col(string_null(ResidentCols::PreferredContact))
                    .col(string_null(ResidentCols::PreferredFormat))
                    .col(string_null(ResidentCols::Language))
                    .col(text(ResidentCols::SearchText))
                    .col(timestamp_with_time_zone(ResidentCols::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Residents::LandlordId)
                            .col(Residents::Id),
                    )
                    .foreign_key(&mut landlord_fk(Residents::Table))
                    .to_owned(),
            )
            .await?;
        // Finding a resident by the landlord's own property reference.
        manager
            .create_index(
                Index::create()
                    .name("ix_residents_landlord_property_ref")
                    .table(Residents::Table)
                    .col(Residents::LandlordId)
                    .col(ResidentCols::PropertyRef)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Residents::Table).to_owned())
            .await
    }
}
