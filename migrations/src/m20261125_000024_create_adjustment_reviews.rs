use crate::landlord_fk;
use crate::m20261125_000023_create_adjustments::Adjustments;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The reviews of a reasonable adjustment (Code 3.1, 5.10): when, with what outcome, and
/// the review date it set. Append-only.
#[derive(DeriveIden)]
enum AdjustmentReviews {
    Table,
    LandlordId,
    Id,
    AdjustmentId,
    ReviewedOn,
    Outcome,
    Note,
    NextReviewOn,
    ReviewedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AdjustmentReviews::Table)
                    .col(uuid(AdjustmentReviews::LandlordId))
                    .col(uuid(AdjustmentReviews::Id))
                    .col(uuid(AdjustmentReviews::AdjustmentId))
                    .col(date(AdjustmentReviews::ReviewedOn))
                    .col(string(AdjustmentReviews::Outcome))
                    .col(text_null(AdjustmentReviews::Note))
                    .col(date_null(AdjustmentReviews::NextReviewOn))
                    .col(uuid_null(AdjustmentReviews::ReviewedBy))
                    .col(timestamp_with_time_zone(AdjustmentReviews::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(AdjustmentReviews::LandlordId)
                            .col(AdjustmentReviews::Id),
                    )
                    .foreign_key(&mut landlord_fk(AdjustmentReviews::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                AdjustmentReviews::Table,
                                (
                                    AdjustmentReviews::LandlordId,
                                    AdjustmentReviews::AdjustmentId,
                                ),
                            )
                            .to(
                                Adjustments::Table,
                                (Adjustments::LandlordId, Adjustments::Id),
                            )
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_adjustment_reviews_landlord_adjustment")
                    .table(AdjustmentReviews::Table)
                    .col(AdjustmentReviews::LandlordId)
                    .col(AdjustmentReviews::AdjustmentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AdjustmentReviews::Table).to_owned())
            .await
    }
}
