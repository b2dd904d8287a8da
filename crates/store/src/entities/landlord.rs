use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "landlords")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    #[sea_orm(unique)]
    pub slug: String,
    pub kind: String,
    pub homes_low_cost_rental: i32,
    pub homes_low_cost_home_ownership: i32,
    pub reference_prefix: String,
    pub status: String,
    pub restriction_review_months: i32,
    /// The name letters are signed with; the landlord's name when empty.
    pub letter_name: Option<String>,
    pub logo_url: Option<String>,
    /// Address, telephone and hours, in every letter's footer.
    pub contact_block: Option<String>,
    /// Every user, not only admins, signs in with a second factor.
    pub require_mfa: bool,
    /// Goes up whenever schemes, timescales, closure days or letter wording change (migration 58).
    pub settings_version: i64,
    /// The landlord's targets for its headline figures: a JSON object of whole percentages
    /// by figure (migration 60).
    pub performance_targets: Option<String>,
    pub remedy_bands: Option<String>,
    pub compensation_policy: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
