use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The performance roll-up (`redress_store::rollup`): per landlord and day, the counts that
/// the dashboards and the TSM figures add up. `measure` names a count (e.g.
/// `s1.responded_in_time`) and `dim` its breakdown (a category, a tenure, a decision or a
/// contractor; empty when none). `n` is a count, or pence for the remedy amounts.
#[derive(DeriveIden)]
enum PerformanceDays {
    Table,
    LandlordId,
    Day,
    Measure,
    Dim,
    N,
}

/// Which landlords' roll-ups are built, and the fingerprint of the calendar and timescales
/// they were computed with: a roll-up whose fingerprint no longer matches is rebuilt.
#[derive(DeriveIden)]
enum PerformanceRollups {
    Table,
    LandlordId,
    Fingerprint,
    BuiltAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PerformanceDays::Table)
                    .col(uuid(PerformanceDays::LandlordId))
                    .col(date(PerformanceDays::Day))
                    .col(string(PerformanceDays::Measure))
                    .col(string(PerformanceDays::Dim))
                    .col(big_integer(PerformanceDays::N))
                    .primary_key(
                        Index::create()
                            .col(PerformanceDays::LandlordId)
                            .col(PerformanceDays::Day)
                            .col(PerformanceDays::Measure)
                            .col(PerformanceDays::Dim),
                    )
                    .foreign_key(&mut landlord_fk(PerformanceDays::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PerformanceRollups::Table)
                    .col(uuid(PerformanceRollups::LandlordId).primary_key())
                    .col(string(PerformanceRollups::Fingerprint))
                    .col(timestamp_with_time_zone(PerformanceRollups::BuiltAt))
                    .foreign_key(&mut landlord_fk(PerformanceRollups::Table))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PerformanceRollups::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PerformanceDays::Table).to_owned())
            .await
    }
}
