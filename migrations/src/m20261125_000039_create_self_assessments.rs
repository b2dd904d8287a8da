use crate::landlord_fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A landlord's self-assessment against the Code for a financial year (Code 8.1a, 8.3, 8.4),
/// one row per version: a restructure, a merger or the Ombudsman's request starts a new
/// version, and the earlier ones are kept. `answers` is the JSON of each provision's
/// compliance, evidence, commentary and action; `evidence` the JSON of the figures computed
/// from the records, frozen when the version is approved. Status runs draft → approved →
/// published; a published version is superseded when a later one of the year is published.
#[derive(DeriveIden)]
enum SelfAssessments {
    Table,
    LandlordId,
    Id,
    Year,
    Version,
    Edition,
    Status,
    Reason,
    Answers,
    Evidence,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
    UpdatedBy,
    ApprovedAt,
    ApprovedBy,
    PublishedAt,
    PublishedBy,
}

/// The annual complaints performance and service improvement report (Code 8.1, 8.2), one
/// per landlord and financial year: the narrative the landlord writes (JSON), the
/// self-assessment version attached, the governing body's response, and once published the
/// figures as they were then (JSON), so that later changes do not rewrite what was published.
#[derive(DeriveIden)]
enum AnnualReports {
    Table,
    LandlordId,
    Year,
    Narrative,
    SelfAssessmentId,
    GoverningBodyResponse,
    ResponseRecordedAt,
    ResponseRecordedBy,
    Status,
    Figures,
    UpdatedAt,
    UpdatedBy,
    PublishedAt,
    PublishedBy,
}

/// The date each review of a reasonable adjustment or restriction was due when it was
/// recorded, so that reviews on time (Code 5.10, 5.14) can be counted.
#[derive(DeriveIden)]
enum AdjustmentReviews {
    Table,
    DueOn,
}

#[derive(DeriveIden)]
enum RestrictionReviews {
    Table,
    DueOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SelfAssessments::Table)
                    .col(uuid(SelfAssessments::LandlordId))
                    .col(uuid(SelfAssessments::Id))
                    .col(integer(SelfAssessments::Year))
                    .col(integer(SelfAssessments::Version))
                    .col(string(SelfAssessments::Edition))
                    .col(string(SelfAssessments::Status))
                    .col(text_null(SelfAssessments::Reason))
                    .col(text(SelfAssessments::Answers))
                    .col(text_null(SelfAssessments::Evidence))
                    .col(timestamp_with_time_zone(SelfAssessments::CreatedAt))
                    .col(uuid_null(SelfAssessments::CreatedBy))
                    .col(timestamp_with_time_zone(SelfAssessments::UpdatedAt))
                    .col(uuid_null(SelfAssessments::UpdatedBy))
                    .col(timestamp_with_time_zone_null(SelfAssessments::ApprovedAt))
                    .col(uuid_null(SelfAssessments::ApprovedBy))
                    .col(timestamp_with_time_zone_null(SelfAssessments::PublishedAt))
                    .col(uuid_null(SelfAssessments::PublishedBy))
                    .primary_key(
                        Index::create()
                            .col(SelfAssessments::LandlordId)
                            .col(SelfAssessments::Id),
                    )
                    .foreign_key(&mut landlord_fk(SelfAssessments::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_self_assessments_version")
                    .table(SelfAssessments::Table)
                    .col(SelfAssessments::LandlordId)
                    .col(SelfAssessments::Year)
                    .col(SelfAssessments::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnnualReports::Table)
                    .col(uuid(AnnualReports::LandlordId))
                    .col(integer(AnnualReports::Year))
                    .col(text(AnnualReports::Narrative))
                    .col(uuid_null(AnnualReports::SelfAssessmentId))
                    .col(text_null(AnnualReports::GoverningBodyResponse))
                    .col(timestamp_with_time_zone_null(
                        AnnualReports::ResponseRecordedAt,
                    ))
                    .col(uuid_null(AnnualReports::ResponseRecordedBy))
                    .col(string(AnnualReports::Status))
                    .col(text_null(AnnualReports::Figures))
                    .col(timestamp_with_time_zone(AnnualReports::UpdatedAt))
                    .col(uuid_null(AnnualReports::UpdatedBy))
                    .col(timestamp_with_time_zone_null(AnnualReports::PublishedAt))
                    .col(uuid_null(AnnualReports::PublishedBy))
                    .primary_key(
                        Index::create()
                            .col(AnnualReports::LandlordId)
                            .col(AnnualReports::Year),
                    )
                    .foreign_key(&mut landlord_fk(AnnualReports::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AdjustmentReviews::Table)
                    .add_column(date_null(AdjustmentReviews::DueOn))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RestrictionReviews::Table)
                    .add_column(date_null(RestrictionReviews::DueOn))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RestrictionReviews::Table)
                    .drop_column(RestrictionReviews::DueOn)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AdjustmentReviews::Table)
                    .drop_column(AdjustmentReviews::DueOn)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AnnualReports::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SelfAssessments::Table).to_owned())
            .await
    }
}
