use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The learning log (Code 9.1–9.3): what went wrong, the lesson, the improvement and how far
/// it has got. `implemented_on` is set exactly when the status is `implemented`;
/// `identified_on` is the landlord's date the entry was recorded, so figures by period do not
/// depend on the server's time zone. The public summary, with the day it was published and
/// the complaints officer who approved it, is set only while the entry is published; the
/// entry holds no resident personal data.
#[derive(DeriveIden)]
enum LearningEntries {
    Table,
    LandlordId,
    Id,
    ServiceArea,
    WhatWentWrong,
    Lesson,
    Improvement,
    Owner,
    Status,
    ImplementedOn,
    IdentifiedOn,
    PublicSummary,
    PublishedOn,
    PublishedBy,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
}

/// The complaints an entry was learnt from (Code 9.1), in the order they were given. Both
/// foreign keys include `landlord_id`, so an entry can never link another landlord's
/// complaint.
#[derive(DeriveIden)]
enum LearningComplaints {
    Table,
    LandlordId,
    LearningId,
    ComplaintId,
    Position,
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
                    .table(LearningEntries::Table)
                    .col(uuid(LearningEntries::LandlordId))
                    .col(uuid(LearningEntries::Id))
                    .col(string(LearningEntries::ServiceArea))
                    .col(text(LearningEntries::WhatWentWrong))
                    .col(text(LearningEntries::Lesson))
                    .col(text(LearningEntries::Improvement))
                    .col(string_null(LearningEntries::Owner))
                    .col(string(LearningEntries::Status))
                    .col(date_null(LearningEntries::ImplementedOn))
                    .col(date(LearningEntries::IdentifiedOn))
                    .col(text_null(LearningEntries::PublicSummary))
                    .col(date_null(LearningEntries::PublishedOn))
                    .col(uuid_null(LearningEntries::PublishedBy))
                    .col(timestamp_with_time_zone(LearningEntries::CreatedAt))
                    .col(uuid_null(LearningEntries::CreatedBy))
                    .col(timestamp_with_time_zone(LearningEntries::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(LearningEntries::LandlordId)
                            .col(LearningEntries::Id),
                    )
                    .foreign_key(&mut landlord_fk(LearningEntries::Table))
                    .to_owned(),
            )
            .await?;
        // The list's status filter, ending in id for keyset paging.
        manager
            .create_index(
                Index::create()
                    .name("ix_learning_entries_landlord_status_id")
                    .table(LearningEntries::Table)
                    .col(LearningEntries::LandlordId)
                    .col(LearningEntries::Status)
                    .col(LearningEntries::Id)
                    .to_owned(),
            )
            .await?;
        // Learning identified and implemented in a period (Code 9.6, 9.7).
        for (name, col) in [
            (
                "ix_learning_entries_landlord_identified_on",
                LearningEntries::IdentifiedOn,
            ),
            (
                "ix_learning_entries_landlord_implemented_on",
                LearningEntries::ImplementedOn,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(LearningEntries::Table)
                        .col(LearningEntries::LandlordId)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LearningComplaints::Table)
                    .col(uuid(LearningComplaints::LandlordId))
                    .col(uuid(LearningComplaints::LearningId))
                    .col(uuid(LearningComplaints::ComplaintId))
                    .col(integer(LearningComplaints::Position))
                    .primary_key(
                        Index::create()
                            .col(LearningComplaints::LandlordId)
                            .col(LearningComplaints::LearningId)
                            .col(LearningComplaints::ComplaintId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                LearningComplaints::Table,
                                (
                                    LearningComplaints::LandlordId,
                                    LearningComplaints::LearningId,
                                ),
                            )
                            .to(
                                LearningEntries::Table,
                                (LearningEntries::LandlordId, LearningEntries::Id),
                            )
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                LearningComplaints::Table,
                                (
                                    LearningComplaints::LandlordId,
                                    LearningComplaints::ComplaintId,
                                ),
                            )
                            .to(Complaints::Table, (Complaints::LandlordId, Complaints::Id))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The learning drawn from one complaint.
        manager
            .create_index(
                Index::create()
                    .name("ix_learning_complaints_landlord_complaint")
                    .table(LearningComplaints::Table)
                    .col(LearningComplaints::LandlordId)
                    .col(LearningComplaints::ComplaintId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LearningComplaints::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LearningEntries::Table).to_owned())
            .await
    }
}
