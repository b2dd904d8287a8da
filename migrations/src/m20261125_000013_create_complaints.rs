use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A complaint. Its stages are in `complaint_stages`; its history, append-only, in
/// `complaint_events`. `current_due_on` is the deadline of the clock now running, computed
/// from the calendar when the complaint changes, so the worklist can filter and sort on it.
#[derive(DeriveIden)]
enum Complaints {
    Table,
    LandlordId,
    Id,
    Reference,
    SchemeId,
    ResidentId,
    Channel,
    ReceivedOn,
    Description,
    IssueDate,
    Category,
    ServiceArea,
    OutcomesSought,
    ServiceRequestId,
    Representative,
    Status,
    CurrentStage,
    Definition,
    ResponsibleFor,
    NotResponsibleFor,
    Complexity,
    Risk,
    Flags,
    RelatedComplaintId,
    Stage1HandlerId,
    Stage2HandlerId,
    ContractorId,
    CurrentDueOn,
    ClosedOn,
    SearchText,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Residents {
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
                    .table(Complaints::Table)
                    .col(uuid(Complaints::LandlordId))
                    .col(uuid(Complaints::Id))
                    .col(string(Complaints::Reference))
                    .col(uuid(Complaints::SchemeId))
                    .col(uuid(Complaints::ResidentId))
                    .col(string(Complaints::Channel))
                    .col(date(Complaints::ReceivedOn))
                    .col(text(Complaints::Description))
                    .col(date_null(Complaints::IssueDate))
                    .col(string(Complaints::Category))
                    .col(string_null(Complaints::ServiceArea))
                    .col(text_null(Complaints::OutcomesSought))
                    .col(uuid_null(Complaints::ServiceRequestId))
                    .col(text_null(Complaints::Representative))
                    .col(string(Complaints::Status))
                    .col(integer(Complaints::CurrentStage))
                    .col(text_null(Complaints::Definition))
                    .col(text_null(Complaints::ResponsibleFor))
                    .col(text_null(Complaints::NotResponsibleFor))
                    .col(string_null(Complaints::Complexity))
                    .col(string_null(Complaints::Risk))
                    .col(text(Complaints::Flags))
                    .col(uuid_null(Complaints::RelatedComplaintId))
                    .col(uuid_null(Complaints::Stage1HandlerId))
                    .col(uuid_null(Complaints::Stage2HandlerId))
                    .col(uuid_null(Complaints::ContractorId))
                    .col(date_null(Complaints::CurrentDueOn))
                    .col(date_null(Complaints::ClosedOn))
                    .col(text(Complaints::SearchText))
                    .col(uuid_null(Complaints::CreatedBy))
                    .col(timestamp_with_time_zone(Complaints::CreatedAt))
                    .col(timestamp_with_time_zone(Complaints::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(Complaints::LandlordId)
                            .col(Complaints::Id),
                    )
                    .foreign_key(&mut landlord_fk(Complaints::Table))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Complaints::Table,
                                (Complaints::LandlordId, Complaints::ResidentId),
                            )
                            .to(Residents::Table, (Residents::LandlordId, Residents::Id)),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ux_complaints_reference",
                vec![Complaints::LandlordId, Complaints::Reference],
            ),
            (
                "ix_complaints_status",
                vec![Complaints::LandlordId, Complaints::Status, Complaints::Id],
            ),
            (
                "ix_complaints_due",
                vec![Complaints::LandlordId, Complaints::CurrentDueOn],
            ),
            (
                "ix_complaints_category",
                vec![Complaints::LandlordId, Complaints::Category, Complaints::Id],
            ),
            (
                "ix_complaints_resident",
                vec![Complaints::LandlordId, Complaints::ResidentId],
            ),
            (
                "ix_complaints_stage1_handler",
                vec![Complaints::LandlordId, Complaints::Stage1HandlerId],
            ),
            (
                "ix_complaints_stage2_handler",
                vec![Complaints::LandlordId, Complaints::Stage2HandlerId],
            ),
            (
                "ix_complaints_contractor",
                vec![
                    Complaints::LandlordId,
                    Complaints::ContractorId,
                    Complaints::Id,
                ],
            ),
            (
                "ix_complaints_received",
                vec![Complaints::LandlordId, Complaints::ReceivedOn],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Complaints::Table);
            for c in cols {
                index.col(c);
            }
            if name.starts_with("ux_") {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Complaints::Table).to_owned())
            .await
    }
}
