use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub service_area: String,
    pub what_went_wrong: String,
    pub lesson: String,
    pub improvement: String,
    pub owner: Option<String>,
    pub status: String,
    pub implemented_on: Option<Date>,
    pub identified_on: Date,
    pub public_summary: Option<String>,
    pub published_on: Option<Date>,
    pub published_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
