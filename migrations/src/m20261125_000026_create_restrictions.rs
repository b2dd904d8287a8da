use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Restrictions for unacceptable behaviour (Code 5.14, 5.15). Warnings and terms are kept as
/// JSON lists; the reasoning (proportionality, Equality Act 2010) is required.
#[derive(DeriveIden)]
enum Restrictions {
    Table,
    LandlordId,
    Id,
    ResidentId,
    AppliesTo,
    RepresentativeName,
    Behaviour,
    Evidence,
    Warnings,
    Terms,
    Proportionality,
    EqualityAct,
    DecidedBy,
    StartsOn,
    ReviewOn,
    Status,
    EndedOn,
    EndReason,
    CreatedAt,
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
                    .table(Restrictions::Table)
                    .col(uuid(Restrictions::LandlordId))
                    .col(uuid(Restrictions::Id))
                    .col(uuid(Restrictions::ResidentId))
                    .col(string(Restrictions::AppliesTo))
                    .col(string_null(Restrictions::RepresentativeName))
                    .col(text(Restrictions::Behaviour))
                    .col(text(Restrictions::Evidence))
                    .col(text(Restrictions::Warnings))
                    .col(text(Restrictions::Terms))
                    .col(text(Restrictions::Proportionality))
                    .col(text(Restrictions::EqualityAct))
                    .col(uuid(Restrictions::DecidedBy))
                    .col(date(Restrictions::StartsOn))
                    .col(date_null(Restrictions::ReviewOn))
                    .col(string(Restrictions::Status))
                    .col(date_null(Restrictions::EndedOn))
                    .col(text_null(Restrictions::EndReason))
                    .col(timestamp_with_time_zone(Restrictions::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Restrictions::LandlordId)
                            .col(Restrictions::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Restrictions::Table,
                                (Restrictions::LandlordId, Restrictions::ResidentId),
                            )
                            .to(Residents::Table, (Residents::LandlordId, Residents::Id)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_restrictions_resident")
                    .table(Restrictions::Table)
                    .col(Restrictions::LandlordId)
                    .col(Restrictions::ResidentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_restrictions_review")
                    .table(Restrictions::Table)
                    .col(Restrictions::LandlordId)
                    .col(Restrictions::Status)
                    .col(Restrictions::ReviewOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Restrictions::Table).to_owned())
            .await
    }
}
