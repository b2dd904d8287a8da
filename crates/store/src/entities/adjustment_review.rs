use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "adjustment_reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub adjustment_id: Uuid,
    pub reviewed_on: Date,
    pub outcome: String,
    pub note: Option<String>,
    pub next_review_on: Option<Date>,
    /// When the review was due, as it stood when the review was recorded (Code 5.10).
    pub due_on: Option<Date>,
    pub reviewed_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
