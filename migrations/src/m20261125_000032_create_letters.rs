use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The letters the portal sends residents (or their representatives) when a complaint
/// changes (Code 2.4, 5.6, 5.11, 6.5, 6.9, 6.11, 6.16, 6.19). Each is also on the case's
/// correspondence (`correspondence_id`); an emailed one has its outbox message (`outbox_id`:
/// no foreign key, since delivered mail may be pruned from the outbox). One to be posted
/// has `delivery = 'post'` until staff record `posted_on`; `staff_notes` tells staff when a
/// resident's adjustment needs the letter in another format too (Code 5.10).
#[derive(DeriveIden)]
enum Letters {
    Table,
    LandlordId,
    Id,
    ComplaintId,
    Kind,
    Stage,
    RecipientName,
    Recipient,
    Delivery,
    Subject,
    OutboxId,
    CorrespondenceId,
    StaffNotes,
    PostedOn,
    PostedBy,
    CreatedAt,
}

/// A landlord's own wording of a kind of letter: any of the subject, plain text and HTML
/// templates; a part left empty keeps the default.
#[derive(DeriveIden)]
enum LetterTemplates {
    Table,
    LandlordId,
    Kind,
    Subject,
    TextBody,
    HtmlBody,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    LandlordId,
    Id,
}

#[derive(DeriveIden)]
enum Correspondence {
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
                    .table(Letters::Table)
                    .col(uuid(Letters::LandlordId))
                    .col(uuid(Letters::Id))
                    .col(uuid(Letters::ComplaintId))
                    .col(string(Letters::Kind))
                    .col(integer(Letters::Stage))
                    .col(text(Letters::RecipientName))
                    .col(text(Letters::Recipient))
                    .col(string(Letters::Delivery))
                    .col(text(Letters::Subject))
                    .col(uuid_null(Letters::OutboxId))
                    .col(uuid(Letters::CorrespondenceId))
                    .col(text_null(Letters::StaffNotes))
                    .col(date_null(Letters::PostedOn))
                    .col(uuid_null(Letters::PostedBy))
                    .col(timestamp_with_time_zone(Letters::CreatedAt))
                    .primary_key(Index::create().col(Letters::LandlordId).col(Letters::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Letters::Table, (Letters::LandlordId, Letters::ComplaintId))
                            .to(Complaints::Table, (Complaints::LandlordId, Complaints::Id))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Letters::Table,
                                (Letters::LandlordId, Letters::CorrespondenceId),
                            )
                            .to(
                                Correspondence::Table,
                                (Correspondence::LandlordId, Correspondence::Id),
                            )
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_letters_complaint")
                    .table(Letters::Table)
                    .col(Letters::LandlordId)
                    .col(Letters::ComplaintId)
                    .col(Letters::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_letters_posted_on")
                    .table(Letters::Table)
                    .col(Letters::LandlordId)
                    .col(Letters::PostedOn)
                    .col(Letters::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LetterTemplates::Table)
                    .col(uuid(LetterTemplates::LandlordId))
                    .col(string(LetterTemplates::Kind))
                    .col(text_null(LetterTemplates::Subject))
                    .col(text_null(LetterTemplates::TextBody))
                    .col(text_null(LetterTemplates::HtmlBody))
                    .col(uuid_null(LetterTemplates::UpdatedBy))
                    .col(timestamp_with_time_zone(LetterTemplates::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(LetterTemplates::LandlordId)
                            .col(LetterTemplates::Kind),
                    )
                    .foreign_key(&mut landlord_fk(LetterTemplates::Table))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LetterTemplates::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Letters::Table).to_owned())
            .await
    }
}
