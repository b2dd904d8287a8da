use crate::{Contractors, landlord_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An invitation to take a role at a landlord. Only the SHA-256 of the accept token is kept.
#[derive(DeriveIden)]
enum Invitations {
    Table,
    LandlordId,
    Id,
    Email,
    Role,
    ContractorId,
    TokenHash,
    InvitedBy,
    ExpiresAt,
    AcceptedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(uuid(Invitations::LandlordId))
                    .col(uuid(Invitations::Id))
                    .col(string(Invitations::Email))
                    .col(string(Invitations::Role))
                    .col(uuid_null(Invitations::ContractorId))
                    .col(string_uniq(Invitations::TokenHash))
                    .col(uuid_null(Invitations::InvitedBy))
                    .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Invitations::LandlordId)
                            .col(Invitations::Id),
                    )
                    .foreign_key(&mut landlord_fk(Invitations::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Invitations::Table,
                                (Invitations::LandlordId, Invitations::ContractorId),
                            )
                            .to(
                                Contractors::Table,
                                (Contractors::LandlordId, Contractors::Id),
                            ),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Invitations::Table).to_owned())
            .await
    }
}
