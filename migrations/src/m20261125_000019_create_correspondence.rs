use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// All correspondence in and out of a complaint (Code 5.12): letters, emails, calls (the note
/// of the call is the body), visits and messages, with the stage the complaint was at when it
/// was recorded. Append-only: a correction is a new record.
///
/// `attachment_ids` is a JSON array of ids in `attachments` (same landlord, same complaint),
/// checked when the record is written; attachments are never deleted, so the ids stay good.
#[derive(DeriveIden)]
enum Correspondence {
    Table,
    LandlordId,
    Id,
    ComplaintId,
    Direction,
    Channel,
    OccurredOn,
    Subject,
    Body,
    Sender,
    Recipient,
    AttachmentIds,
    Stage,
    RecordedAt,
    RecordedBy,
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
                    .table(Correspondence::Table)
                    .col(uuid(Correspondence::LandlordId))
                    .col(uuid(Correspondence::Id))
                    .col(uuid(Correspondence::ComplaintId))
                    .col(string(Correspondence::Direction))
                    .col(string(Correspondence::Channel))
                    .col(date(Correspondence::OccurredOn))
                    .col(text_null(Correspondence::Subject))
                    .col(text(Correspondence::Body))
                    .col(text_null(Correspondence::Sender))
                    .col(text_null(Correspondence::Recipient))
                    .col(text(Correspondence::AttachmentIds))
                    .col(integer(Correspondence::Stage))
                    .col(timestamp_with_time_zone(Correspondence::RecordedAt))
                    .col(uuid_null(Correspondence::RecordedBy))
                    .primary_key(
                        Index::create()
                            .col(Correspondence::LandlordId)
                            .col(Correspondence::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Correspondence::Table,
                                (Correspondence::LandlordId, Correspondence::ComplaintId),
                            )
                            .to(Complaints::Table, (Complaints::LandlordId, Complaints::Id))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_correspondence_complaint")
                    .table(Correspondence::Table)
                    .col(Correspondence::LandlordId)
                    .col(Correspondence::ComplaintId)
                    .col(Correspondence::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Correspondence::Table).to_owned())
            .await
    }
}
