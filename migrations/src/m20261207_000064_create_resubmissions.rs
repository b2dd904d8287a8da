use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The Ombudsman's request that a landlord submit its annual documents again after a
/// significant change, with the new date it gave: one per landlord and financial year, the
/// latest replacing the one before. Without one, the date comes from the landlord's size.
#[derive(DeriveIden)]
enum Resubmissions {
    Table,
    LandlordId,
    Year,
    DueOn,
    Reason,
    RecordedBy,
    RecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Resubmissions::Table)
                    .col(uuid(Resubmissions::LandlordId))
                    .col(integer(Resubmissions::Year))
                    .col(date(Resubmissions::DueOn))
                    .col(text(Resubmissions::Reason))
                    .col(uuid_null(Resubmissions::RecordedBy))
                    .col(timestamp_with_time_zone(Resubmissions::RecordedAt))
                    .primary_key(
                        Index::create()
                            .col(Resubmissions::LandlordId)
                            .col(Resubmissions::Year),
                    )
                    .foreign_key(&mut crate::landlord_fk(Resubmissions::Table))
                    .to_owned(),
            )
            .await?;
        crate::enable_tenant_policy(manager, "resubmissions").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Resubmissions::Table).to_owned())
            .await
    }
}
