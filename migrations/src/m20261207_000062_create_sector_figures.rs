use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The sector's figures, as published (the Regulator of Social Housing's TSM statistics, say),
/// recorded by the platform operator for each financial year: one row per year and headline
/// figure, in tenths of a percent, with the source it was taken from. Every landlord's
/// dashboard shows the latest year's beside its own figures. Not a landlord's data, so no
/// `landlord_id` and no row-level security.
#[derive(DeriveIden)]
enum SectorFigures {
    Table,
    Year,
    Figure,
    Tenths,
    Source,
    RecordedAt,
    RecordedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SectorFigures::Table)
                    .col(integer(SectorFigures::Year))
                    .col(text(SectorFigures::Figure))
                    .col(integer(SectorFigures::Tenths))
                    .col(text(SectorFigures::Source))
                    .col(timestamp_with_time_zone(SectorFigures::RecordedAt))
                    .col(uuid_null(SectorFigures::RecordedBy))
                    .primary_key(
                        Index::create()
                            .col(SectorFigures::Year)
                            .col(SectorFigures::Figure),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SectorFigures::Table).to_owned())
            .await
    }
}
