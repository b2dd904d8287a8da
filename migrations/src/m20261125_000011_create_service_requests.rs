use crate::{Residents, ServiceRequests, landlord_fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Service requests (e.g. repairs), recorded, monitored and reviewed separately from
/// complaints (Code 1.4, 1.5). `number` is the per-landlord sequence behind `reference`
/// (`NB-SR-000123`); both are unique per landlord, so two requests created at once can never
/// share a reference. The resident foreign key includes `landlord_id`, so a request can never
/// point at another landlord's resident.
#[derive(DeriveIden)]
enum ServiceRequestCols {
    Number,
    Reference,
    ResidentId,
    Category,
    Description,
    ReportedOn,
    Status,
    DueOn,
    CompletedOn,
    ReviewedOn,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServiceRequests::Table)
                    .col(uuid(ServiceRequests::LandlordId))
                    .col(uuid(ServiceRequests::Id))
                    .col(big_integer(ServiceRequestCols::Number))
                    .col(string(ServiceRequestCols::Reference))
                    .col(uuid(ServiceRequestCols::ResidentId))
                    .col(string(ServiceRequestCols::Category))
                    .col(text(ServiceRequestCols::Description))
                    .col(date(ServiceRequestCols::ReportedOn))
                    .col(string(ServiceRequestCols::Status))
                    .col(date_null(ServiceRequestCols::DueOn))
                    .col(date_null(ServiceRequestCols::CompletedOn))
                    .col(date_null(ServiceRequestCols::ReviewedOn))
                    .col(timestamp_with_time_zone(ServiceRequestCols::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ServiceRequests::LandlordId)
                            .col(ServiceRequests::Id),
                    )
                    .foreign_key(&mut landlord_fk(ServiceRequests::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ServiceRequests::Table,
                                (ServiceRequests::LandlordId, ServiceRequestCols::ResidentId),
                            )
                            .to(Residents::Table, (Residents::LandlordId, Residents::Id))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_service_requests_landlord_number")
                    .table(ServiceRequests::Table)
                    .col(ServiceRequests::LandlordId)
                    .col(ServiceRequestCols::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_service_requests_landlord_reference")
                    .table(ServiceRequests::Table)
                    .col(ServiceRequests::LandlordId)
                    .col(ServiceRequestCols::Reference)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The list filters, each ending in id for keyset paging.
        manager
            .create_index(
                Index::create()
                    .name("ix_service_requests_landlord_status_id")
                    .table(ServiceRequests::Table)
                    .col(ServiceRequests::LandlordId)
                    .col(ServiceRequestCols::Status)
                    .col(ServiceRequests::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_service_requests_landlord_resident_id")
                    .table(ServiceRequests::Table)
                    .col(ServiceRequests::LandlordId)
                    .col(ServiceRequestCols::ResidentId)
                    .col(ServiceRequests::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ServiceRequests::Table).to_owned())
            .await
    }
}
