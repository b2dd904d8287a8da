use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Reviews of a restriction (Code 5.14: restrictions are kept under review).
#[derive(DeriveIden)]
enum RestrictionReviews {
    Table,
    LandlordId,
    Id,
    RestrictionId,
    ReviewedOn,
    Outcome,
    Note,
    NextReviewOn,
    ReviewedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Restrictions {
    Table,
    LandlordId,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RestrictionReviews::Table)
                    .col(uuid(RestrictionReviews::LandlordId))
                    .col(uuid(RestrictionReviews::Id))
                    .col(uuid(RestrictionReviews::RestrictionId))
                    .col(date(RestrictionReviews::ReviewedOn))
                    .col(string(RestrictionReviews::Outcome))
                    .col(text_null(RestrictionReviews::Note))
                    .col(date_null(RestrictionReviews::NextReviewOn))
                    .col(uuid(RestrictionReviews::ReviewedBy))
                    .col(timestamp_with_time_zone(RestrictionReviews::RecordedAt))
                    .primary_key(
                        Index::create()
                            .col(RestrictionReviews::LandlordId)
                            .col(RestrictionReviews::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RestrictionReviews::Table,
                                (
                                    RestrictionReviews::LandlordId,
                                    RestrictionReviews::RestrictionId,
                                ),
                            )
                            .to(
                                Restrictions::Table,
                                (Restrictions::LandlordId, Restrictions::Id),
                            ),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RestrictionReviews::Table).to_owned())
            .await
    }
}
