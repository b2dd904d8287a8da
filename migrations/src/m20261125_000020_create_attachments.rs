use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The documents of a complaint's record (Code 5.12): what is known of each file. The bytes
/// are in the object store under `{landlord_id}/{complaint_id}/{id}`, never under the name
/// the user gave. Rows are never updated or deleted.
#[derive(DeriveIden)]
enum Attachments {
    Table,
    LandlordId,
    Id,
    ComplaintId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    Description,
    Stage,
    UploadedBy,
    UploadedAt,
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
                    .table(Attachments::Table)
                    .col(uuid(Attachments::LandlordId))
                    .col(uuid(Attachments::Id))
                    .col(uuid(Attachments::ComplaintId))
                    .col(string(Attachments::FileName))
                    .col(string(Attachments::ContentType))
                    .col(big_integer(Attachments::SizeBytes))
                    .col(string(Attachments::Sha256))
                    .col(text_null(Attachments::Description))
                    .col(integer(Attachments::Stage))
                    .col(uuid_null(Attachments::UploadedBy))
                    .col(timestamp_with_time_zone(Attachments::UploadedAt))
                    .primary_key(
                        Index::create()
                            .col(Attachments::LandlordId)
                            .col(Attachments::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Attachments::Table,
                                (Attachments::LandlordId, Attachments::ComplaintId),
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
                    .name("ix_attachments_complaint")
                    .table(Attachments::Table)
                    .col(Attachments::LandlordId)
                    .col(Attachments::ComplaintId)
                    .col(Attachments::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Attachments::Table).to_owned())
            .await
    }
}
