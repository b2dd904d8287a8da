use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "restriction_reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub restriction_id: Uuid,
    pub reviewed_on: Date,
    pub outcome: String,
    pub note: Option<String>,
    pub next_review_on: Option<Date>,
    /// When the review was due, as it stood when the review was recorded (Code 5.14).
    pub due_on: Option<Date>,
    pub reviewed_by: Uuid,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
