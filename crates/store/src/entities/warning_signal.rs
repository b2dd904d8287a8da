use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "warning_signals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub key: String,
    pub sentence: String,
    pub rule: String,
    /// JSON: `[{"id", "reference"}]`.
    pub cases: String,
    pub service_request_id: Option<Uuid>,
    pub service_request_reference: Option<String>,
    pub status: String,
    pub detected_on: Date,
    pub last_seen_on: Date,
    pub dismissed_reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub learning_entry_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
