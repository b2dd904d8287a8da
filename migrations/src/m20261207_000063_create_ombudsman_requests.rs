use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The Ombudsman's requests for information on a referred complaint: what it asked for, the
/// date it gave, and when the landlord answered and with what. A slow answer leads to a
/// Complaint Handling Failure Order, so each has a clock (reminded, on the worklist, counted
/// on the dashboard). They hang off the referral, so none exists without one.
#[derive(DeriveIden)]
enum OmbudsmanRequests {
    Table,
    LandlordId,
    Id,
    ComplaintId,
    ReceivedOn,
    Description,
    DueOn,
    AnsweredOn,
    Sent,
    CreatedBy,
    AnsweredBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OmbudsmanReferrals {
    Table,
    LandlordId,
    ComplaintId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OmbudsmanRequests::Table)
                    .col(uuid(OmbudsmanRequests::LandlordId))
                    .col(uuid(OmbudsmanRequests::Id))
                    .col(uuid(OmbudsmanRequests::ComplaintId))
                    .col(date(OmbudsmanRequests::ReceivedOn))
                    .col(text(OmbudsmanRequests::Description))
                    .col(date(OmbudsmanRequests::DueOn))
                    .col(date_null(OmbudsmanRequests::AnsweredOn))
                    .col(text_null(OmbudsmanRequests::Sent))
                    .col(uuid_null(OmbudsmanRequests::CreatedBy))
                    .col(uuid_null(OmbudsmanRequests::AnsweredBy))
                    .col(timestamp_with_time_zone(OmbudsmanRequests::CreatedAt))
                    .col(timestamp_with_time_zone(OmbudsmanRequests::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(OmbudsmanRequests::LandlordId)
                            .col(OmbudsmanRequests::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OmbudsmanRequests::Table,
                                (
                                    OmbudsmanRequests::LandlordId,
                                    OmbudsmanRequests::ComplaintId,
                                ),
                            )
                            .to(
                                OmbudsmanReferrals::Table,
                                (
                                    OmbudsmanReferrals::LandlordId,
                                    OmbudsmanReferrals::ComplaintId,
                                ),
                            ),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            (
                "ix_ombudsman_requests_complaint",
                OmbudsmanRequests::ComplaintId,
            ),
            // Reminders and the dashboard look for requests by their date.
            ("ix_ombudsman_requests_due", OmbudsmanRequests::DueOn),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(OmbudsmanRequests::Table)
                        .col(OmbudsmanRequests::LandlordId)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        crate::enable_tenant_policy(manager, "ombudsman_requests").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OmbudsmanRequests::Table).to_owned())
            .await
    }
}
