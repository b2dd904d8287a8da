use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Indexes for the oversight figures (docs/METRICS.md): stages by the day they were requested,
/// acknowledged or responded to, and timeline events by kind and effective day (exclusions).
#[derive(DeriveIden)]
enum ComplaintStages {
    Table,
    LandlordId,
    RequestedOn,
    AcknowledgedOn,
    RespondedOn,
}

#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
    LandlordId,
    Kind,
    EffectiveOn,
}

const STAGE_INDEXES: [(&str, ComplaintStages); 3] = [
    (
        "ix_complaint_stages_requested",
        ComplaintStages::RequestedOn,
    ),
    (
        "ix_complaint_stages_acknowledged",
        ComplaintStages::AcknowledgedOn,
    ),
    (
        "ix_complaint_stages_responded",
        ComplaintStages::RespondedOn,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, col) in STAGE_INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(ComplaintStages::Table)
                        .col(ComplaintStages::LandlordId)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_complaint_events_kind_effective")
                    .table(ComplaintEvents::Table)
                    .col(ComplaintEvents::LandlordId)
                    .col(ComplaintEvents::Kind)
                    .col(ComplaintEvents::EffectiveOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_complaint_events_kind_effective")
                    .table(ComplaintEvents::Table)
                    .to_owned(),
            )
            .await?;
        for (name, _) in STAGE_INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(ComplaintStages::Table)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
