//! Reasonable adjustments agreed with a resident (Code 3.1, 5.10): what was agreed, its
//! category, when, when it is next reviewed, and each review. The complaints staff record
//! and review them; the MRC may read them, and so may contractors, who must make them
//! (Code 3.1).

use crate::AppState;
use crate::auth::{Policy, Tenant};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use crate::time::today;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::roles::Role;
use redress_domain::values::required_text;
use redress_store::adjustments::{
    self, Adjustment, AdjustmentChange, AdjustmentReview, NewAdjustment, NewReview,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

const DESCRIPTION_MAX: usize = 2000;
const NOTE_MAX: usize = 4000;

/// The kinds of adjustment (Code 3.1).
pub const CATEGORIES: [&str; 6] = [
    "communication_format",
    "contact_method",
    "timing",
    "representative_or_advocate",
    "access",
    "other",
];

/// What a review found (Code 5.10).
pub const OUTCOMES: [&str; 3] = ["continue", "changed", "ended"];

/// Who may read adjustments: the complaints staff, the MRC, and contractors, who must make
/// the adjustments when they deal with the resident (Code 3.1).
pub struct AdjustmentReaders;
impl Policy for AdjustmentReaders {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Mrc,
        Role::Contractor,
    ];
    const WHO: &'static str = "the landlord's complaints staff, the MRC and contractors";
}

/// Who may agree, change, review and end adjustments: the complaints staff.
pub struct AdjustmentWriters;
impl Policy for AdjustmentWriters {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    const WHO: &'static str = "the landlord's complaints staff";
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewView {
    pub reviewed_on: NaiveDate,
    /// `continue`, `changed` or `ended`.
    #[schema(example = "continue")]
    pub outcome: String,
    pub note: Option<String>,
    pub next_review_on: Option<NaiveDate>,
    pub reviewed_by: Option<Uuid>,
}

impl From<AdjustmentReview> for ReviewView {
    fn from(r: AdjustmentReview) -> Self {
        ReviewView {
            reviewed_on: r.reviewed_on,
            outcome: r.outcome,
            note: r.note,
            next_review_on: r.next_review_on,
            reviewed_by: r.reviewed_by,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdjustmentView {
    pub id: Uuid,
    pub resident_id: Uuid,
    #[schema(example = "Letters in large print (18pt)")]
    pub description: String,
    /// `communication_format`, `contact_method`, `timing`, `representative_or_advocate`,
    /// `access` or `other`.
    #[schema(example = "communication_format")]
    pub category: String,
    pub agreed_on: NaiveDate,
    /// Null once ended.
    pub next_review_on: Option<NaiveDate>,
    /// `active` or `ended`.
    #[schema(example = "active")]
    pub status: String,
    pub ended_on: Option<NaiveDate>,
    /// Oldest first.
    pub reviews: Vec<ReviewView>,
    pub created_at: DateTime<Utc>,
}

impl From<Adjustment> for AdjustmentView {
    fn from(a: Adjustment) -> Self {
        AdjustmentView {
            id: a.id,
            resident_id: a.resident_id,
            description: a.description,
            category: a.category,
            agreed_on: a.agreed_on,
            next_review_on: a.next_review_on,
            status: a.status.as_str().to_owned(),
            ended_on: a.ended_on,
            reviews: a.reviews.into_iter().map(ReviewView::from).collect(),
            created_at: a.created_at,
        }
    }
}

/// An adjustment agreed with the resident.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AdjustmentInput {
    #[schema(example = "Letters in large print (18pt)")]
    pub description: String,
    /// `communication_format`, `contact_method`, `timing`, `representative_or_advocate`,
    /// `access` or `other`.
    #[schema(example = "communication_format")]
    pub category: String,
    /// Not in the future.
    pub agreed_on: NaiveDate,
    /// Required, and after `agreed_on`: every adjustment is reviewed (Code 5.10).
    pub next_review_on: Option<NaiveDate>,
}

/// A change to an adjustment: its wording, or ending it with `{"status": "ended"}` (on
/// `ended_on`, today when absent). Nothing else changes; a review records any other change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentPatch {
    pub description: Option<String>,
    /// Only `ended`.
    #[schema(example = "ended")]
    pub status: Option<String>,
    /// With `status: ended`: not in the future, nor before the adjustment was agreed.
    pub ended_on: Option<NaiveDate>,
}

/// A review of an adjustment (Code 5.10).
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewInput {
    /// Not in the future, nor before the adjustment was agreed.
    pub reviewed_on: NaiveDate,
    /// `continue`, `changed` or `ended`; `ended` ends the adjustment.
    #[schema(example = "continue")]
    pub outcome: String,
    pub note: Option<String>,
    /// Required unless the outcome is `ended`, and after `reviewed_on`.
    pub next_review_on: Option<NaiveDate>,
}

fn one_of(allowed: &'static [&'static str]) -> impl Fn(&str) -> Result<String, String> {
    move |s| {
        allowed
            .iter()
            .find(|a| **a == s)
            .map(|a| (*a).to_owned())
            .ok_or_else(|| format!("must be one of {}", allowed.join(", ")))
    }
}

fn not_in_future(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    if day > today {
        Err("must not be in the future".into())
    } else {
        Ok(day)
    }
}

/// Optional text: trimmed, and blank means not given.
fn optional_text(raw: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => required_text(s, max).map(Some).map_err(|e| e.to_string()),
    }
}

impl AdjustmentInput {
    fn parse(self, today: NaiveDate, f: &mut Fields) -> Option<NewAdjustment> {
        let description = f.check(
            "description",
            required_text(&self.description, DESCRIPTION_MAX),
        );
        let category = f.check("category", one_of(&CATEGORIES)(self.category.trim()));
        let agreed_on = f.check("agreed_on", not_in_future(self.agreed_on, today));
        let next_review_on = match self.next_review_on {
            None => {
                f.push(
                    "next_review_on",
                    "is required: every adjustment is reviewed",
                );
                None
            }
            Some(d) if d <= self.agreed_on => {
                f.push("next_review_on", "must be after agreed_on");
                None
            }
            Some(d) => Some(d),
        };
        Some(NewAdjustment {
            description: description?,
            category: category?,
            agreed_on: agreed_on?,
            next_review_on: next_review_on?,
        })
    }
}

impl ReviewInput {
    fn parse(self, agreed_on: NaiveDate, today: NaiveDate, f: &mut Fields) -> Option<NewReview> {
        let reviewed_on = match not_in_future(self.reviewed_on, today) {
            Err(e) => {
                f.push("reviewed_on", e);
                None
            }
            Ok(d) if d < agreed_on => {
                f.push(
                    "reviewed_on",
                    "must not be before the adjustment was agreed",
                );
                None
            }
            Ok(d) => Some(d),
        };
        let outcome = f.check("outcome", one_of(&OUTCOMES)(self.outcome.trim()));
        let note = f.check("note", optional_text(self.note.as_deref(), NOTE_MAX));
        let ends = outcome.as_deref() == Some(adjustments::OUTCOME_ENDED);
        let next_review_on = match self.next_review_on {
            None if ends => Some(None),
            None => {
                f.push("next_review_on", "is required unless the outcome is ended");
                None
            }
            Some(_) if ends => {
                f.push(
                    "next_review_on",
                    "must be left out when the outcome is ended",
                );
                None
            }
            Some(d) if d <= self.reviewed_on => {
                f.push("next_review_on", "must be after reviewed_on");
                None
            }
            Some(d) => Some(Some(d)),
        };
        Some(NewReview {
            reviewed_on: reviewed_on?,
            outcome: outcome?,
            note: note?,
            next_review_on: next_review_on?,
        })
    }
}

/// The resident's adjustments, active and ended, in the order they were agreed.
#[utoipa::path(
    operation_id = "adjustments_list",
    tag = "residents",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
        PageQuery,
    ),
    responses(
        (status = 200, body = Page<AdjustmentView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/residents/{id}/adjustments")]
pub async fn list(
    state: web::Data<AppState>,
    tenant: Tenant<AdjustmentReaders>,
    path: web::Path<(String, Uuid)>,
    query: crate::json::Query<PageQuery>,
) -> Result<web::Json<Page<AdjustmentView>>, ApiError> {
    let (_, resident_id) = path.into_inner();
    crate::use_cases::case::contractor_may_read_resident(
        &state,
        tenant.scope,
        tenant.role,
        tenant.contractor_id,
        resident_id,
    )
    .await?;
    let req = query.request()?;
    let page = adjustments::list_for_resident(&tenant.db, tenant.scope, resident_id, req).await?;
    tenant
        .audit_mrc_read(
            &tenant.db,
            "adjustments.read",
            Some(resident_id),
            serde_json::json!({}),
        )
        .await?;
    Ok(web::Json(Page::from_store(page, AdjustmentView::from)))
}

/// Records an adjustment agreed with the resident (Code 3.1), with its first review date.
#[utoipa::path(
    operation_id = "adjustments_create",
    tag = "residents",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
    ),
    request_body = AdjustmentInput,
    responses(
        (status = 201, body = AdjustmentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/residents/{id}/adjustments")]
pub async fn create(
    tenant: Tenant<AdjustmentWriters>,
    path: web::Path<(String, Uuid)>,
    body: Json<AdjustmentInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, resident_id) = path.into_inner();
    let mut f = Fields::new();
    let new = body.0.parse(today(), &mut f);
    f.finish()?;
    let Some(new) = new else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let a = adjustments::insert(
        &tenant.db,
        tenant.scope,
        resident_id,
        new,
        Some(tenant.user_id),
    )
    .await?;
    Ok(HttpResponse::Created().json(AdjustmentView::from(a)))
}

/// Corrects an adjustment's wording, or ends it (`{"status": "ended", "ended_on"?}`).
/// Ending one already ended is 409.
#[utoipa::path(
    operation_id = "adjustments_patch",
    tag = "residents",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
        ("aid" = Uuid, Path, description = "The adjustment's id"),
    ),
    request_body = AdjustmentPatch,
    responses(
        (status = 200, body = AdjustmentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/residents/{id}/adjustments/{aid}")]
pub async fn patch(
    tenant: Tenant<AdjustmentWriters>,
    path: web::Path<(String, Uuid, Uuid)>,
    body: Json<AdjustmentPatch>,
) -> Result<web::Json<AdjustmentView>, ApiError> {
    let (_, resident_id, id) = path.into_inner();
    let current = adjustments::get(&tenant.db, tenant.scope, resident_id, id).await?;
    let b = body.0;
    let today = today();
    let mut f = Fields::new();
    let description = match &b.description {
        None => None,
        Some(d) => f.check("description", required_text(d, DESCRIPTION_MAX)),
    };
    let ends = match b.status.as_deref().map(str::trim) {
        None => false,
        Some(s) if s == adjustments::InForce::Ended.as_str() => true,
        Some(_) => {
            f.push(
                "status",
                "may only be ended; a review records any other change",
            );
            false
        }
    };
    let end_on = match (ends, b.ended_on) {
        (false, None) => None,
        (false, Some(_)) => {
            if b.status.is_none() {
                f.push("ended_on", "is given only with status ended");
            }
            None
        }
        (true, day) => {
            let day = day.unwrap_or(today);
            if day > today {
                f.push("ended_on", "must not be in the future");
                None
            } else if day < current.agreed_on {
                f.push("ended_on", "must not be before the adjustment was agreed");
                None
            } else {
                Some(day)
            }
        }
    };
    if b.description.is_none() && b.status.is_none() && b.ended_on.is_none() {
        f.push("body", "give description, or status ended");
    }
    f.finish()?;
    let a = adjustments::update(
        &tenant.db,
        tenant.scope,
        resident_id,
        id,
        AdjustmentChange {
            description,
            end_on,
        },
    )
    .await?;
    Ok(web::Json(a.into()))
}

/// Records a review of an active adjustment (Code 5.10): it sets the next review date, or
/// ends the adjustment when the outcome is `ended`. Reviewing one already ended is 409.
#[utoipa::path(
    operation_id = "adjustments_review",
    tag = "residents",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The resident's id"),
        ("aid" = Uuid, Path, description = "The adjustment's id"),
    ),
    request_body = ReviewInput,
    responses(
        (status = 201, body = AdjustmentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/residents/{id}/adjustments/{aid}/reviews")]
pub async fn review(
    tenant: Tenant<AdjustmentWriters>,
    path: web::Path<(String, Uuid, Uuid)>,
    body: Json<ReviewInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, resident_id, id) = path.into_inner();
    let current = adjustments::get(&tenant.db, tenant.scope, resident_id, id).await?;
    let mut f = Fields::new();
    let review = body.0.parse(current.agreed_on, today(), &mut f);
    f.finish()?;
    let Some(review) = review else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let a = adjustments::review(
        &tenant.db,
        tenant.scope,
        resident_id,
        id,
        review,
        Some(tenant.user_id),
    )
    .await?;
    Ok(HttpResponse::Created().json(AdjustmentView::from(a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fields(f: Fields) -> Vec<String> {
        match f.finish() {
            Err(ApiError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn an_adjustment_needs_a_review_date_after_it_was_agreed() {
        let mut f = Fields::new();
        let new = AdjustmentInput {
            description: " ".into(),
            category: "fax".into(),
            agreed_on: day("2025-02-01"),
            next_review_on: Some(day("2025-02-01")),
        }
        .parse(day("2025-01-31"), &mut f);
        assert!(new.is_none());
        assert_eq!(
            fields(f),
            ["description", "category", "agreed_on", "next_review_on"]
        );
    }

    #[test]
    fn an_ending_review_sets_no_next_date_and_others_must() {
        let input = |outcome: &str, next: Option<&str>| ReviewInput {
            reviewed_on: day("2025-03-01"),
            outcome: outcome.into(),
            note: None,
            next_review_on: next.map(day),
        };
        let mut f = Fields::new();
        let r = input("ended", None)
            .parse(day("2025-01-01"), day("2025-03-01"), &mut f)
            .unwrap();
        assert_eq!(r.next_review_on, None);
        let mut f = Fields::new();
        assert!(
            input("continue", None)
                .parse(day("2025-01-01"), day("2025-03-01"), &mut f)
                .is_none()
        );
        assert_eq!(fields(f), ["next_review_on"]);
        let mut f = Fields::new();
        assert!(
            input("changed", Some("2025-03-01"))
                .parse(day("2025-01-01"), day("2025-03-01"), &mut f)
                .is_none()
        );
        assert_eq!(fields(f), ["next_review_on"]);
    }
}
