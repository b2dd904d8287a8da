use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub landlord_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub complaint_id: Uuid,
    pub kind: String,
    pub stage: i32,
    pub recipient_name: String,
    /// The email address, or the postal address, the letter goes to.
    pub recipient: String,
    /// `email` or `post`.
    pub delivery: String,
    pub subject: String,
    pub outbox_id: Option<Uuid>,
    pub correspondence_id: Uuid,
    pub staff_notes: Option<String>,
    pub posted_on: Option<Date>,
    pub posted_by: Option<Uuid>,
    /// The day a backdated action's letter went by other means: nothing was emailed.
    pub sent_earlier_on: Option<Date>,
    pub created_at: DateTimeUtc,
    /// When a letter to post was printed, and by whom (migration 61).
    pub printed_at: Option<DateTimeUtc>,
    pub printed_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
