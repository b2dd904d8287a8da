use sea_orm_migration::{prelude::*, schema::*};

use crate::landlord_fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A one-click unsubscribe URL (RFC 8058) carried by optional mail such as digests.
#[derive(DeriveIden)]
enum Outbox {
    Table,
    LandlordId,
    CreatedAt,
    ListUnsubscribe,
}

/// Addresses that refused mail for good (a permanent SMTP failure, or an address that cannot
/// be parsed), so staff see that a resident or colleague is not receiving what is sent.
#[derive(DeriveIden)]
enum EmailBounces {
    Table,
    Id,
    LandlordId,
    Address,
    Reason,
    OutboxId,
    OccurredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(text_null(Outbox::ListUnsubscribe))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outbox_landlord_created")
                    .table(Outbox::Table)
                    .col(Outbox::LandlordId)
                    .col(Outbox::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailBounces::Table)
                    .col(pk_uuid(EmailBounces::Id))
                    .col(uuid_null(EmailBounces::LandlordId))
                    .col(string(EmailBounces::Address))
                    .col(text(EmailBounces::Reason))
                    .col(uuid_null(EmailBounces::OutboxId))
                    .col(timestamp_with_time_zone(EmailBounces::OccurredAt))
                    .foreign_key(&mut landlord_fk(EmailBounces::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_email_bounces_landlord_address")
                    .table(EmailBounces::Table)
                    .col(EmailBounces::LandlordId)
                    .col(EmailBounces::Address)
                    .col(EmailBounces::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmailBounces::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_outbox_landlord_created")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::ListUnsubscribe)
                    .to_owned(),
            )
            .await
    }
}
