use sea_orm::entity::prelude::*;

/// A landlord's own copy of one of the sector's figures for a financial year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "landlord_sector_figures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    /// The financial year by the calendar year it starts in.
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    /// A headline figure's key (`redress_domain::figures::TARGETS`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub figure: String,
    /// The figure in tenths of a percent (794 is 79.4%).
    pub tenths: i32,
    pub source: String,
    pub recorded_at: DateTimeUtc,
    pub recorded_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
