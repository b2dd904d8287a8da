use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A landlord runs one or more complaint schemes (housing, corporate...), each naming the
/// Ombudsman its residents go to and its own timescales, never longer than the Code's.
#[derive(DeriveIden)]
enum ComplaintSchemes {
    Table,
    LandlordId,
    Id,
    Code,
    Name,
    OmbudsmanName,
    OmbudsmanContact,
    Stage1Acknowledge,
    Stage1Response,
    Stage1Extension,
    Stage2Acknowledge,
    Stage2Response,
    Stage2Extension,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ComplaintSchemes::Table)
                    .col(uuid(ComplaintSchemes::LandlordId))
                    .col(uuid(ComplaintSchemes::Id))
                    .col(string(ComplaintSchemes::Code))
                    .col(string(ComplaintSchemes::Name))
                    .col(string(ComplaintSchemes::OmbudsmanName))
                    .col(text(ComplaintSchemes::OmbudsmanContact))
                    .col(integer(ComplaintSchemes::Stage1Acknowledge))
                    .col(integer(ComplaintSchemes::Stage1Response))
                    .col(integer(ComplaintSchemes::Stage1Extension))
                    .col(integer(ComplaintSchemes::Stage2Acknowledge))
                    .col(integer(ComplaintSchemes::Stage2Response))
                    .col(integer(ComplaintSchemes::Stage2Extension))
                    .col(timestamp_with_time_zone(ComplaintSchemes::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ComplaintSchemes::LandlordId)
                            .col(ComplaintSchemes::Id),
                    )
                    .foreign_key(&mut landlord_fk(ComplaintSchemes::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_complaint_schemes_landlord_code")
                    .table(ComplaintSchemes::Table)
                    .col(ComplaintSchemes::LandlordId)
                    .col(ComplaintSchemes::Code)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ComplaintSchemes::Table).to_owned())
            .await
    }
}
