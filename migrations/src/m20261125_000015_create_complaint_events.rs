use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The append-only timeline of a complaint (Code 5.12): every action with its actor, the
/// effective date it was taken on and the time it was recorded. Rows are never updated;
/// a correction is a new event.
#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
    LandlordId,
    Id,
    ComplaintId,
    Kind,
    Stage,
    EffectiveOn,
    RecordedAt,
    ActorUserId,
    Data,
}

#[derive(DeriveIden)]
enum Complaints {
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
                    .table(ComplaintEvents::Table)
                    .col(uuid(ComplaintEvents::LandlordId))
                    .col(uuid(ComplaintEvents::Id))
                    .col(uuid(ComplaintEvents::ComplaintId))
                    .col(string(ComplaintEvents::Kind))
                    .col(integer_null(ComplaintEvents::Stage))
                    .col(date(ComplaintEvents::EffectiveOn))
                    .col(timestamp_with_time_zone(ComplaintEvents::RecordedAt))
                    .col(uuid_null(ComplaintEvents::ActorUserId))
                    .col(text(ComplaintEvents::Data))
                    .primary_key(
                        Index::create()
                            .col(ComplaintEvents::LandlordId)
                            .col(ComplaintEvents::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ComplaintEvents::Table,
                                (ComplaintEvents::LandlordId, ComplaintEvents::ComplaintId),
                            )
                            .to(Complaints::Table, (Complaints::LandlordId, Complaints::Id)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_complaint_events_complaint")
                    .table(ComplaintEvents::Table)
                    .col(ComplaintEvents::LandlordId)
                    .col(ComplaintEvents::ComplaintId)
                    .col(ComplaintEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ComplaintEvents::Table).to_owned())
            .await
    }
}
