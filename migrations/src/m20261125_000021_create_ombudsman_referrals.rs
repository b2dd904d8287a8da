use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A complaint the resident took to the Ombudsman, and the Ombudsman's determination
/// (docs/rules.md, "The Ombudsman"; Code 9.7c). At most one per complaint: the primary key is
/// the complaint's.
/// `ombudsman_name` is the scheme's Ombudsman when the referral was recorded, kept so that a
/// later change of the scheme does not rewrite the record.
#[derive(DeriveIden)]
enum OmbudsmanReferrals {
    Table,
    LandlordId,
    ComplaintId,
    ReferredOn,
    OmbudsmanName,
    OmbudsmanReference,
    Determination,
    DeterminedOn,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
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
                    .table(OmbudsmanReferrals::Table)
                    .col(uuid(OmbudsmanReferrals::LandlordId))
                    .col(uuid(OmbudsmanReferrals::ComplaintId))
                    .col(date(OmbudsmanReferrals::ReferredOn))
                    .col(string(OmbudsmanReferrals::OmbudsmanName))
                    .col(string(OmbudsmanReferrals::OmbudsmanReference))
                    .col(string_null(OmbudsmanReferrals::Determination))
                    .col(date_null(OmbudsmanReferrals::DeterminedOn))
                    .col(uuid_null(OmbudsmanReferrals::CreatedBy))
                    .col(timestamp_with_time_zone(OmbudsmanReferrals::CreatedAt))
                    .col(timestamp_with_time_zone(OmbudsmanReferrals::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(OmbudsmanReferrals::LandlordId)
                            .col(OmbudsmanReferrals::ComplaintId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OmbudsmanReferrals::Table,
                                (
                                    OmbudsmanReferrals::LandlordId,
                                    OmbudsmanReferrals::ComplaintId,
                                ),
                            )
                            .to(Complaints::Table, (Complaints::LandlordId, Complaints::Id)),
                    )
                    .to_owned(),
            )
            .await?;
        // The oversight figures count referrals and determinations in a period.
        for (name, col) in [
            (
                "ix_ombudsman_referrals_referred",
                OmbudsmanReferrals::ReferredOn,
            ),
            (
                "ix_ombudsman_referrals_determined",
                OmbudsmanReferrals::DeterminedOn,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(OmbudsmanReferrals::Table)
                        .col(OmbudsmanReferrals::LandlordId)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OmbudsmanReferrals::Table).to_owned())
            .await
    }
}
