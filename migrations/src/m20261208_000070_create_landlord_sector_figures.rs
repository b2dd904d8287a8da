use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A landlord's own copy of the sector's figures for a financial year, where it edits what
/// the platform recorded (a benchmark of its peers, a corrected figure): by year and headline
/// figure in tenths of a percent, with the source the dashboard and the MRC's digest cite.
#[derive(DeriveIden)]
enum LandlordSectorFigures {
    Table,
    LandlordId,
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
                    .table(LandlordSectorFigures::Table)
                    .col(uuid(LandlordSectorFigures::LandlordId))
                    .col(integer(LandlordSectorFigures::Year))
                    .col(text(LandlordSectorFigures::Figure))
                    .col(integer(LandlordSectorFigures::Tenths))
                    .col(text(LandlordSectorFigures::Source))
                    .col(timestamp_with_time_zone(LandlordSectorFigures::RecordedAt))
                    .col(uuid_null(LandlordSectorFigures::RecordedBy))
                    .primary_key(
                        Index::create()
                            .col(LandlordSectorFigures::LandlordId)
                            .col(LandlordSectorFigures::Year)
                            .col(LandlordSectorFigures::Figure),
                    )
                    .to_owned(),
            )
            .await?;
        crate::enable_tenant_policy(manager, "landlord_sector_figures").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LandlordSectorFigures::Table).to_owned())
            .await
    }
}
