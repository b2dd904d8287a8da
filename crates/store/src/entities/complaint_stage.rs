use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_stages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub complaint_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub stage: i32,
    pub requested_on: Date,
    pub acknowledged_on: Option<Date>,
    pub extension_working_days: i32,
    pub responded_on: Option<Date>,
    pub handler_id: Option<Uuid>,
    pub contractor_id: Option<Uuid>,
    pub responded_by: Option<Uuid>,
    pub decision: Option<String>,
    pub reasons: Option<String>,
    pub escalation_route: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
