use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "keep_informed")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub complaint_id: Uuid,
    pub every_working_days: i32,
    pub agreed_on: Date,
    pub agreed_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
