use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "remedies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub complaint_id: Uuid,
    pub stage: i32,
    pub kind: String,
    pub description: String,
    pub amount_pence: Option<i64>,
    pub due_on: Option<Date>,
    pub owner: Option<String>,
    pub status: String,
    pub completed_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub parts: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
