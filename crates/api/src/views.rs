//! Views that more than one resource shows: each is defined once here, and the route modules
//! use them from here rather than from one another.

use crate::AppState;
use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;
use redress_domain::roles::Role;
use redress_domain::timescales::Timescales;
use redress_domain::values::LandlordKind;
use redress_store::TenantScope;
use redress_store::audit::AuditEntry;
use redress_store::bounces::{self, Bounce};
use redress_store::invitations::Invitation;
use redress_store::landlords::Landlord;
use redress_store::learning::LearningEntry;
use redress_store::letters::Letter;
use redress_store::restrictions::{self, Restriction};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

// The working-day calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedDayView {
    pub date: NaiveDate,
    /// e.g. `weekend (Saturday)`, `bank holiday: Christmas Day`, `closure day: Office move`.
    pub reason: String,
}

// Letters.
/// A letter sent, or to be posted, to a resident or their representative.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterView {
    pub id: Uuid,
    pub complaint_id: Uuid,
    /// `complaint_received`, `acknowledgement`, `stage2_acknowledgement`, `not_accepted`,
    /// `extension`, `stage1_response`, `stage2_response` or `escalation_refused`.
    pub kind: String,
    pub stage: i32,
    pub recipient_name: String,
    /// The email address, or the postal address.
    pub recipient: String,
    /// `email` or `post`.
    pub delivery: String,
    pub subject: String,
    /// The outbox message of an emailed letter.
    pub outbox_id: Option<Uuid>,
    /// The letter on the complaint's correspondence, with its full text.
    pub correspondence_id: Uuid,
    /// What staff must do besides: another format the resident needs, a missing address.
    pub staff_notes: Option<String>,
    pub posted_on: Option<NaiveDate>,
    pub posted_by: Option<Uuid>,
    /// The letter of a backdated action that already went to the resident by other means on
    /// this day: recorded as sent then; nothing was emailed or waits to be posted.
    pub sent_earlier_on: Option<NaiveDate>,
    /// Whether staff still have something to post.
    pub outstanding: bool,
    /// Where it stands: `emailed`; `to_print`, `printed` or `posted`; or `sent_earlier`.
    pub state: String,
    /// When a letter to post was printed, and by whom.
    pub printed_at: Option<DateTime<Utc>>,
    pub printed_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<Letter> for LetterView {
    fn from(l: Letter) -> Self {
        LetterView {
            outstanding: l.outstanding(),
            state: l.state().as_str().to_owned(),
            printed_at: l.printed_at,
            printed_by: l.printed_by,
            id: l.id,
            complaint_id: l.complaint_id,
            kind: l.kind,
            stage: l.stage.number(),
            recipient_name: l.recipient_name,
            recipient: l.recipient,
            delivery: l.delivery.as_str().to_owned(),
            subject: l.subject,
            outbox_id: l.outbox_id,
            correspondence_id: l.correspondence_id,
            staff_notes: l.staff_notes,
            posted_on: l.posted_on,
            posted_by: l.posted_by,
            sent_earlier_on: l.sent_earlier_on,
            created_at: l.created_at,
        }
    }
}

// Email delivery.
/// The most recent bounce of an email address: mail to it is not arriving.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmailBouncedView {
    /// The day (UK time) the address refused mail.
    pub occurred_on: NaiveDate,
    #[schema(
        example = "the mail server refused the message: permanent error (550): 5.1.1 mailbox unavailable"
    )]
    pub reason: String,
}

impl From<Bounce> for EmailBouncedView {
    fn from(b: Bounce) -> Self {
        EmailBouncedView {
            occurred_on: b.occurred_at.with_timezone(&London).date_naive(),
            reason: b.reason,
        }
    }
}

/// The most recent bounce of each of some addresses, for the views that show a resident's or
/// a user's current address.
pub struct Bounced(HashMap<String, Bounce>);

impl Bounced {
    pub async fn of<'a>(
        db: &impl redress_store::Conn,
        scope: TenantScope,
        addresses: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, ApiError> {
        Ok(Bounced(bounces::latest_for(db, scope, addresses).await?))
    }

    /// The most recent bounce of `address`, when it has bounced.
    pub fn get(&self, address: Option<&str>) -> Option<EmailBouncedView> {
        address
            .and_then(|a| self.0.get(&bounces::normalise(a)))
            .cloned()
            .map(EmailBouncedView::from)
    }
}

// Learning published.
/// A published entry as the residents' panel and the public see it (Code 9.3): these
/// fields and no others.
// `deny_unknown_fields` gives the schema `additionalProperties: false`, so a full entry never
// also matches this shape of `LearningItem`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedLearningView {
    pub id: Uuid,
    #[schema(example = "repairs")]
    pub service_area: String,
    /// "You said, we did": approved by a complaints officer.
    pub public_summary: String,
    pub published_on: NaiveDate,
    /// `identified`, `in_progress` or `implemented`.
    #[schema(example = "implemented")]
    pub status: String,
    pub implemented_on: Option<NaiveDate>,
}

impl PublishedLearningView {
    /// The public view of an entry; none when it is not published.
    pub fn of(e: LearningEntry) -> Option<Self> {
        Some(PublishedLearningView {
            id: e.id,
            service_area: e.service_area,
            public_summary: e.public_summary?,
            published_on: e.published_on?,
            status: e.status.as_str().to_owned(),
            implemented_on: e.implemented_on,
        })
    }
}

// Timescales.
/// Working-day timescales; a landlord may set shorter ones than the Code, never longer.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimescalesView {
    pub stage1_acknowledge: u32,
    pub stage1_response: u32,
    pub stage1_extension: u32,
    pub stage2_acknowledge: u32,
    pub stage2_response: u32,
    pub stage2_extension: u32,
}

impl From<Timescales> for TimescalesView {
    fn from(t: Timescales) -> Self {
        TimescalesView {
            stage1_acknowledge: t.stage1_acknowledge,
            stage1_response: t.stage1_response,
            stage1_extension: t.stage1_extension,
            stage2_acknowledge: t.stage2_acknowledge,
            stage2_response: t.stage2_response,
            stage2_extension: t.stage2_extension,
        }
    }
}

// Landlords and invitations.
#[derive(Debug, Serialize, ToSchema)]
pub struct LandlordView {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    #[schema(value_type = String, example = "local_authority")]
    pub kind: LandlordKind,
    /// `onboarding`, `active` or `suspended`.
    pub status: String,
    /// Homes owned: the denominator of TSM CH01.
    pub homes: u32,
    pub homes_low_cost_rental: u32,
    pub homes_low_cost_home_ownership: u32,
    pub reference_prefix: String,
    /// How many months ahead a restriction's review may be set (Code 5.14; 6 by default).
    pub restriction_review_months: u32,
}

impl From<Landlord> for LandlordView {
    fn from(l: Landlord) -> Self {
        LandlordView {
            homes: l.homes(),
            id: l.id,
            name: l.name,
            slug: l.slug,
            kind: l.kind,
            status: l.status.as_str().to_owned(),
            homes_low_cost_rental: l.homes_low_cost_rental,
            homes_low_cost_home_ownership: l.homes_low_cost_home_ownership,
            reference_prefix: l.reference_prefix,
            restriction_review_months: l.restriction_review_months,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationView {
    pub id: Uuid,
    pub email: String,
    #[schema(value_type = String, example = "landlord_admin")]
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    /// The secret that accepts the invitation. It is also emailed; an admin may hand it
    /// over by other means. It is shown once and never stored.
    pub accept_token: String,
}

impl InvitationView {
    pub fn new(i: Invitation, accept_token: String) -> Self {
        InvitationView {
            id: i.id,
            email: i.email,
            role: i.role,
            contractor_id: i.contractor_id,
            expires_at: i.expires_at,
            accept_token,
        }
    }
}

// The audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    /// The address the request came from; null for the server's own work.
    pub client_address: Option<String>,
    /// e.g. `complaint.read` (the MRC opening a case file), `auth.sign_in_failed`.
    pub kind: String,
    pub subject_id: Option<Uuid>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

impl From<AuditEntry> for AuditEntryView {
    fn from(e: AuditEntry) -> Self {
        AuditEntryView {
            id: e.id,
            occurred_at: e.occurred_at,
            actor_id: e.actor_user_id,
            client_address: e.client_address,
            kind: e.kind,
            subject_id: e.subject_id,
            detail: e.detail,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// One kind of entry, e.g. `auth.sign_in_failed`.
    pub kind: Option<String>,
    /// Entries by this user.
    pub actor: Option<String>,
    /// Entries about this record or person.
    pub subject: Option<String>,
    /// From this day (UK time), inclusive.
    pub from: Option<String>,
    /// To this day (UK time), inclusive.
    pub to: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipView {
    /// The landlord's slug.
    pub landlord: String,
    #[schema(value_type = String, example = "complaints_officer")]
    pub role: redress_domain::roles::Role,
    pub contractor_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub id: Uuid,
    pub email: String,
    pub name: Option<String>,
    pub is_platform_admin: bool,
    /// Whether the account has a second factor set up.
    pub mfa_enrolled: bool,
    pub memberships: Vec<MembershipView>,
}

pub async fn me_view(state: &AppState, user_id: Uuid) -> Result<MeView, ApiError> {
    let user = redress_store::users::get(&state.db, user_id).await?;
    let memberships = redress_store::memberships::of_user(&state.db, user_id)
        .await?
        .into_iter()
        .map(|(slug, m)| MembershipView {
            landlord: slug,
            role: m.role,
            contractor_id: m.contractor_id,
        })
        .collect();
    Ok(MeView {
        mfa_enrolled: redress_store::mfa::is_enrolled(&state.db, user.id).await?,
        id: user.id,
        email: user.email,
        name: user.name,
        is_platform_admin: user.is_platform_admin,
        memberships,
    })
}

// Restrictions for unacceptable behaviour (Code 5.14, 5.15).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WarningView {
    /// `first`, `second` or `final`.
    pub level: String,
    pub given_on: NaiveDate,
    /// The letter or note that gave the warning.
    pub letter: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TermView {
    /// `single_point_of_contact`, `written_contact_only`, `set_times` or `other`.
    pub kind: String,
    /// e.g. "Contact only through the allocated complaints officer", "Tuesdays 10:00–12:00".
    pub detail: String,
}

/// What a restriction says of one of the resident's reasonable adjustments in force when it
/// was imposed (Code 5.14).
#[derive(Debug, Serialize, ToSchema)]
pub struct AdjustmentConsideredView {
    pub adjustment_id: Uuid,
    /// The adjustment as it read when the restriction was imposed.
    pub description: String,
    /// `kept` or `changed`.
    pub effect: String,
    /// How it is kept, or how and why it changes.
    pub how: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RestrictionReviewView {
    pub id: Uuid,
    pub reviewed_on: NaiveDate,
    pub outcome: String,
    pub note: Option<String>,
    pub next_review_on: Option<NaiveDate>,
    pub reviewed_by: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RestrictionView {
    pub id: Uuid,
    pub resident_id: Uuid,
    /// `resident` or `representative`.
    pub applies_to: String,
    pub representative_name: Option<String>,
    pub behaviour: String,
    pub evidence: Vec<String>,
    pub warnings: Vec<WarningView>,
    pub terms: Vec<TermView>,
    /// Each reasonable adjustment in force when it was imposed, kept or changed, and how.
    pub adjustments: Vec<AdjustmentConsideredView>,
    pub proportionality: String,
    pub equality_act: String,
    pub decided_by: Uuid,
    pub starts_on: NaiveDate,
    pub review_on: Option<NaiveDate>,
    /// Past its review date and still in force.
    pub review_overdue: bool,
    /// `active` or `ended`.
    pub status: String,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub reviews: Vec<RestrictionReviewView>,
}

pub fn restriction_view(r: Restriction, today: NaiveDate) -> RestrictionView {
    RestrictionView {
        review_overdue: r.status == restrictions::InForce::Active
            && r.review_on.is_some_and(|d| d < today),
        id: r.id,
        resident_id: r.resident_id,
        applies_to: r.applies_to,
        representative_name: r.representative_name,
        behaviour: r.behaviour,
        evidence: r.evidence,
        warnings: r
            .warnings
            .into_iter()
            .map(|w| WarningView {
                level: w.level,
                given_on: w.given_on,
                letter: w.letter,
            })
            .collect(),
        terms: r
            .terms
            .into_iter()
            .map(|t| TermView {
                kind: t.kind,
                detail: t.detail,
            })
            .collect(),
        adjustments: r
            .adjustments
            .into_iter()
            .map(|a| AdjustmentConsideredView {
                adjustment_id: a.adjustment_id,
                description: a.description,
                effect: a.effect,
                how: a.how,
            })
            .collect(),
        proportionality: r.proportionality,
        equality_act: r.equality_act,
        decided_by: r.decided_by,
        starts_on: r.starts_on,
        review_on: r.review_on,
        status: r.status.as_str().to_owned(),
        ended_on: r.ended_on,
        end_reason: r.end_reason,
        reviews: r
            .reviews
            .into_iter()
            .map(|v| RestrictionReviewView {
                id: v.id,
                reviewed_on: v.reviewed_on,
                outcome: v.outcome,
                note: v.note,
                next_review_on: v.next_review_on,
                reviewed_by: v.reviewed_by,
            })
            .collect(),
    }
}
