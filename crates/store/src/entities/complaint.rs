use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reference: String,
    pub scheme_id: Uuid,
    pub resident_id: Uuid,
    pub channel: String,
    pub received_on: Date,
    pub description: String,
    pub issue_date: Option<Date>,
    pub category: String,
    pub service_area: Option<String>,
    pub outcomes_sought: Option<String>,
    pub service_request_id: Option<Uuid>,
    pub representative: Option<String>,
    pub status: String,
    pub current_stage: i32,
    pub definition: Option<String>,
    pub responsible_for: Option<String>,
    pub not_responsible_for: Option<String>,
    pub complexity: Option<String>,
    pub risk: Option<String>,
    pub flags: String,
    pub related_complaint_id: Option<Uuid>,
    pub stage1_handler_id: Option<Uuid>,
    pub stage2_handler_id: Option<Uuid>,
    pub contractor_id: Option<Uuid>,
    pub current_due_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub search_text: String,
    /// The SHA-256 of the resident's tracking token; the token itself is never kept.
    pub tracking_token_hash: Option<String>,
    pub tenure: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// What is due next, and by when (`redress_domain::complaint::next_due`).
    pub next_due_on: Option<Date>,
    pub next_due: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
