use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A complaint's stage 1 and (if escalated) stage 2 records, of the same shape (docs/rules.md,
/// "The two stages").
#[derive(DeriveIden)]
enum ComplaintStages {
    Table,
    LandlordId,
    ComplaintId,
    Stage,
    RequestedOn,
    AcknowledgedOn,
    ExtensionWorkingDays,
    RespondedOn,
    HandlerId,
    ContractorId,
    RespondedBy,
    Decision,
    Reasons,
    EscalationRoute,
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
                    .table(ComplaintStages::Table)
                    .col(uuid(ComplaintStages::LandlordId))
                    .col(uuid(ComplaintStages::ComplaintId))
                    .col(integer(ComplaintStages::Stage))
                    .col(date(ComplaintStages::RequestedOn))
                    .col(date_null(ComplaintStages::AcknowledgedOn))
                    .col(integer(ComplaintStages::ExtensionWorkingDays).default(0))
                    .col(date_null(ComplaintStages::RespondedOn))
                    .col(uuid_null(ComplaintStages::HandlerId))
                    .col(uuid_null(ComplaintStages::ContractorId))
                    .col(uuid_null(ComplaintStages::RespondedBy))
                    .col(string_null(ComplaintStages::Decision))
                    .col(text_null(ComplaintStages::Reasons))
                    .col(text_null(ComplaintStages::EscalationRoute))
                    .primary_key(
                        Index::create()
                            .col(ComplaintStages::LandlordId)
                            .col(ComplaintStages::ComplaintId)
                            .col(ComplaintStages::Stage),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ComplaintStages::Table,
                                (ComplaintStages::LandlordId, ComplaintStages::ComplaintId),
                            )
                            .to(Complaints::Table, (Complaints::LandlordId, Complaints::Id)),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ComplaintStages::Table).to_owned())
            .await
    }
}
