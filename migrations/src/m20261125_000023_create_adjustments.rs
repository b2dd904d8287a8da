use crate::{Residents, landlord_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Reasonable adjustments agreed with a resident (Code 3.1, 5.10): what was agreed, when,
/// and when it is next reviewed. `next_review_on` is null once the adjustment has ended.
#[derive(DeriveIden)]
pub(crate) enum Adjustments {
    Table,
    LandlordId,
    Id,
    ResidentId,
    Description,
    Category,
    AgreedOn,
    NextReviewOn,
    Status,
    EndedOn,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Adjustments::Table)
                    .col(uuid(Adjustments::LandlordId))
                    .col(uuid(Adjustments::Id))
                    .col(uuid(Adjustments::ResidentId))
                    .col(text(Adjustments::Description))
                    .col(string(Adjustments::Category))
                    .col(date(Adjustments::AgreedOn))
                    .col(date_null(Adjustments::NextReviewOn))
                    .col(string(Adjustments::Status))
                    .col(date_null(Adjustments::EndedOn))
                    .col(uuid_null(Adjustments::CreatedBy))
                    .col(timestamp_with_time_zone(Adjustments::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Adjustments::LandlordId)
                            .col(Adjustments::Id),
                    )
                    .foreign_key(&mut landlord_fk(Adjustments::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Adjustments::Table,
                                (Adjustments::LandlordId, Adjustments::ResidentId),
                            )
                            .to(Residents::Table, (Residents::LandlordId, Residents::Id))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The landlord-wide list of reviews due or overdue (Code 5.10).
        manager
            .create_index(
                Index::create()
                    .name("ix_adjustments_landlord_status_review")
                    .table(Adjustments::Table)
                    .col(Adjustments::LandlordId)
                    .col(Adjustments::Status)
                    .col(Adjustments::NextReviewOn)
                    .to_owned(),
            )
            .await?;
        // A resident's adjustments, shown first on every case view (Code 3.1).
        manager
            .create_index(
                Index::create()
                    .name("ix_adjustments_landlord_resident")
                    .table(Adjustments::Table)
                    .col(Adjustments::LandlordId)
                    .col(Adjustments::ResidentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Adjustments::Table).to_owned())
            .await
    }
}
