use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "restrictions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub resident_id: Uuid,
    pub applies_to: String,
    pub representative_name: Option<String>,
    pub behaviour: String,
    pub evidence: String,
    pub warnings: String,
    pub terms: String,
    pub adjustments_considered: String,
    pub proportionality: String,
    pub equality_act: String,
    pub decided_by: Uuid,
    pub starts_on: Date,
    pub review_on: Option<Date>,
    pub status: String,
    pub ended_on: Option<Date>,
    pub end_reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
