use crate::{Contractors, Users, landlord_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (user, landlord, role, optional contractor organisation): one membership per user and
/// landlord. The contractor foreign key includes `landlord_id`, so a membership can never
/// point at another landlord's contractor.
#[derive(DeriveIden)]
enum Memberships {
    Table,
    LandlordId,
    Id,
    UserId,
    Role,
    ContractorId,
    Active,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .col(uuid(Memberships::LandlordId))
                    .col(uuid(Memberships::Id))
                    .col(uuid(Memberships::UserId))
                    .col(string(Memberships::Role))
                    .col(uuid_null(Memberships::ContractorId))
                    .col(boolean(Memberships::Active).default(true))
                    .col(timestamp_with_time_zone(Memberships::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Memberships::LandlordId)
                            .col(Memberships::Id),
                    )
                    .foreign_key(&mut landlord_fk(Memberships::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Memberships::Table,
                                (Memberships::LandlordId, Memberships::ContractorId),
                            )
                            .to(
                                Contractors::Table,
                                (Contractors::LandlordId, Contractors::Id),
                            ),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_memberships_landlord_user")
                    .table(Memberships::Table)
                    .col(Memberships::LandlordId)
                    .col(Memberships::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_memberships_user")
                    .table(Memberships::Table)
                    .col(Memberships::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Memberships::Table).to_owned())
            .await
    }
}
