use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sector_figures")]
pub struct Model {
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
