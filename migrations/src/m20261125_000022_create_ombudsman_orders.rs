use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The Ombudsman's orders and recommendations on a referred complaint, with due dates, and the
/// landlord's compliance with each (docs/rules.md, "The Ombudsman"; Code 9.7c). They hang off
/// the referral, so none exists without one.
#[derive(DeriveIden)]
enum OmbudsmanOrders {
    Table,
    LandlordId,
    Id,
    ComplaintId,
    Kind,
    Description,
    DueOn,
    Status,
    CompliedOn,
    Evidence,
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
                    .table(OmbudsmanOrders::Table)
                    .col(uuid(OmbudsmanOrders::LandlordId))
                    .col(uuid(OmbudsmanOrders::Id))
                    .col(uuid(OmbudsmanOrders::ComplaintId))
                    .col(string(OmbudsmanOrders::Kind))
                    .col(text(OmbudsmanOrders::Description))
                    .col(date_null(OmbudsmanOrders::DueOn))
                    .col(string(OmbudsmanOrders::Status))
                    .col(date_null(OmbudsmanOrders::CompliedOn))
                    .col(text_null(OmbudsmanOrders::Evidence))
                    .col(timestamp_with_time_zone(OmbudsmanOrders::CreatedAt))
                    .col(timestamp_with_time_zone(OmbudsmanOrders::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(OmbudsmanOrders::LandlordId)
                            .col(OmbudsmanOrders::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OmbudsmanOrders::Table,
                                (OmbudsmanOrders::LandlordId, OmbudsmanOrders::ComplaintId),
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
                "ix_ombudsman_orders_complaint",
                OmbudsmanOrders::ComplaintId,
            ),
            // The oversight figures count orders falling due in a period.
            ("ix_ombudsman_orders_due", OmbudsmanOrders::DueOn),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(OmbudsmanOrders::Table)
                        .col(OmbudsmanOrders::LandlordId)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OmbudsmanOrders::Table).to_owned())
            .await
    }
}
