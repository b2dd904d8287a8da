use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Notices that the landlord cannot comply with the Code for now, with a timescale for
/// return (Code 8.5). A notice is current until `ended_at` is set, by ending it or by
/// posting another; ended notices are kept with who posted and ended them and when. The
/// partial unique index lets a landlord have at most one current notice, whatever the
/// interleaving of two posts.
#[derive(DeriveIden)]
enum ExceptionalCircumstances {
    Table,
    LandlordId,
    Id,
    Description,
    ExpectedReturnOn,
    PostedAt,
    PostedBy,
    EndedAt,
    EndedBy,
}

/// A snapshot of a financial year's TSM figures (CH01, CH02) as the landlord published them,
/// once the year had ended: what the residents' panel (Code 9.3) and the public page read.
/// One per landlord and year; publishing again replaces it (the audit log keeps the one
/// replaced). `figures` is the JSON of the figures as computed then, so later changes to a
/// case or to the rules do not rewrite what was published.
#[derive(DeriveIden)]
enum PublishedTsm {
    Table,
    LandlordId,
    Year,
    Figures,
    PublishedAt,
    PublishedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ExceptionalCircumstances::Table)
                    .col(uuid(ExceptionalCircumstances::LandlordId))
                    .col(uuid(ExceptionalCircumstances::Id))
                    .col(text(ExceptionalCircumstances::Description))
                    .col(date(ExceptionalCircumstances::ExpectedReturnOn))
                    .col(timestamp_with_time_zone(ExceptionalCircumstances::PostedAt))
                    .col(uuid_null(ExceptionalCircumstances::PostedBy))
                    .col(timestamp_with_time_zone_null(
                        ExceptionalCircumstances::EndedAt,
                    ))
                    .col(uuid_null(ExceptionalCircumstances::EndedBy))
                    .primary_key(
                        Index::create()
                            .col(ExceptionalCircumstances::LandlordId)
                            .col(ExceptionalCircumstances::Id),
                    )
                    .foreign_key(&mut landlord_fk(ExceptionalCircumstances::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_exceptional_circumstances_current")
                    .table(ExceptionalCircumstances::Table)
                    .col(ExceptionalCircumstances::LandlordId)
                    .unique()
                    .and_where(Expr::col(ExceptionalCircumstances::EndedAt).is_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublishedTsm::Table)
                    .col(uuid(PublishedTsm::LandlordId))
                    .col(integer(PublishedTsm::Year))
                    .col(text(PublishedTsm::Figures))
                    .col(timestamp_with_time_zone(PublishedTsm::PublishedAt))
                    .col(uuid_null(PublishedTsm::PublishedBy))
                    .primary_key(
                        Index::create()
                            .col(PublishedTsm::LandlordId)
                            .col(PublishedTsm::Year),
                    )
                    .foreign_key(&mut landlord_fk(PublishedTsm::Table))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PublishedTsm::Table).to_owned())
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(ExceptionalCircumstances::Table)
                    .to_owned(),
            )
            .await
    }
}
