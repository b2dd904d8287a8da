//! The learning log (Code 9.1–9.3): what the landlord learnt from complaints and what it
//! changed. The complaints team keeps it; staff and governance read it; the residents' panel
//! sees only the entries a complaints officer has published with an anonymised summary
//! ("you said, we did", Code 9.3), and of those only the public fields.

use crate::AppState;
use crate::auth::extract::ComplaintsTeam;
use crate::auth::{Policy, Tenant};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use crate::use_cases::Context;
use crate::use_cases::publish_learning::{publish_learning, withdraw_learning};
use crate::use_cases::record_learning::{change_learning, record_learning};
pub use crate::views::PublishedLearningView;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::learning::{self as rules, LearningStatus};
use redress_domain::roles::Role;
use redress_domain::values::required_text;
use redress_store::TenantScope;
use redress_store::learning::{self, LearningChange, LearningEntry, LearningFilter, NewLearning};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

const SERVICE_AREA_MAX: usize = 100;
const TEXT_MAX: usize = 5000;
const OWNER_MAX: usize = 200;
const SUMMARY_MAX: usize = 2000;
const COMPLAINTS_MAX: usize = 100;

/// Who reads the learning log: the landlord's staff and governance in full, and the
/// residents' panel its published entries (Code 9.3). Not contractors.
pub struct LearningReaders;
impl Policy for LearningReaders {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Mrc,
        Role::GoverningBody,
        Role::PanelMember,
    ];
    const WHO: &'static str = "the landlord's staff, governance and residents' panel";
}

/// Who publishes learning: a public summary is written and approved by a complaints officer
/// (Code 9.3).
pub struct ComplaintsOfficers;
impl Policy for ComplaintsOfficers {
    const ROLES: &'static [Role] = &[Role::ComplaintsOfficer];
    const WHO: &'static str =
        "a complaints officer, who writes and approves the public summary (Code 9.3)";
}

/// A learning entry in full, as the landlord's staff and governance see it. It holds no
/// resident personal data: the complaints are named by id only.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningView {
    pub id: Uuid,
    /// The complaints it was learnt from (Code 9.1).
    pub complaint_ids: Vec<Uuid>,
    #[schema(example = "repairs")]
    pub service_area: String,
    pub what_went_wrong: String,
    pub lesson: String,
    pub improvement: String,
    /// Who is responsible for the improvement.
    pub owner: Option<String>,
    /// `identified`, `in_progress` or `implemented`.
    #[schema(example = "in_progress")]
    pub status: String,
    /// Set exactly when the status is `implemented`.
    pub implemented_on: Option<NaiveDate>,
    /// The landlord's date the entry was recorded.
    pub identified_on: NaiveDate,
    /// Shown to the residents' panel and on the public page.
    pub published: bool,
    /// The anonymised "you said, we did" summary, while published (Code 9.3).
    pub public_summary: Option<String>,
    pub published_on: Option<NaiveDate>,
    /// The complaints officer who approved the summary.
    pub published_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

impl From<LearningEntry> for LearningView {
    fn from(e: LearningEntry) -> Self {
        LearningView {
            published: e.is_published(),
            id: e.id,
            complaint_ids: e.complaint_ids,
            service_area: e.service_area,
            what_went_wrong: e.what_went_wrong,
            lesson: e.lesson,
            improvement: e.improvement,
            owner: e.owner,
            status: e.status.as_str().to_owned(),
            implemented_on: e.implemented_on,
            identified_on: e.identified_on,
            public_summary: e.public_summary,
            published_on: e.published_on,
            published_by: e.published_by,
            created_at: e.created_at,
            created_by: e.created_by,
            updated_at: e.updated_at,
        }
    }
}

/// An entry as the caller may see it: in full for staff and governance, the public fields
/// of a published entry for the residents' panel.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum LearningItem {
    Entry(LearningView),
    Published(PublishedLearningView),
}

/// What a role sees of an entry; `None` when it may not see it at all.
fn item_for(role: Role, e: LearningEntry) -> Option<LearningItem> {
    if role == Role::PanelMember {
        PublishedLearningView::of(e).map(LearningItem::Published)
    } else {
        Some(LearningItem::Entry(e.into()))
    }
}

fn status(raw: &str) -> Result<LearningStatus, String> {
    LearningStatus::parse(raw)
}

/// Optional text: blank is none.
fn optional_text(raw: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => required_text(s, max).map(Some).map_err(|e| e.to_string()),
    }
}

/// The complaints an entry links, each of this landlord (Code 9.1). Every bad one is named
/// by its place in the list; another landlord's complaint reads as no complaint at all.
async fn complaint_ids(
    state: &AppState,
    scope: TenantScope,
    raw: &[String],
    f: &mut Fields,
) -> Result<Option<Vec<Uuid>>, ApiError> {
    if raw.is_empty() {
        f.push(
            "complaint_ids",
            "must name at least one complaint: learning is drawn from complaints (Code 9.1)",
        );
        return Ok(None);
    }
    if raw.len() > COMPLAINTS_MAX {
        f.push(
            "complaint_ids",
            format!("must name at most {COMPLAINTS_MAX} complaints"),
        );
        return Ok(None);
    }
    let parsed: Vec<Option<Uuid>> = raw.iter().map(|r| Uuid::parse_str(r.trim()).ok()).collect();
    let valid: Vec<Uuid> = parsed.iter().flatten().copied().collect();
    let unknown = learning::unknown_complaints(&state.scoped(scope), scope, &valid).await?;
    let mut first_place: HashMap<Uuid, usize> = HashMap::new();
    let mut ok = true;
    for (i, id) in parsed.iter().enumerate() {
        let field = format!("complaint_ids[{i}]");
        let problem = match id {
            None => Some("is not a complaint of this landlord".to_owned()),
            Some(id) => match first_place.get(id) {
                Some(j) => Some(format!("names the same complaint as complaint_ids[{j}]")),
                None => {
                    first_place.insert(*id, i);
                    unknown
                        .contains(id)
                        .then(|| "is not a complaint of this landlord".to_owned())
                }
            },
        };
        if let Some(message) = problem {
            f.push(field, message);
            ok = false;
        }
    }
    Ok(ok.then_some(valid))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LearningQuery {
    /// `identified`, `in_progress` or `implemented`.
    pub status: Option<String>,
    /// `true`: only published entries; `false`: only unpublished ones. The residents' panel
    /// sees published entries only.
    pub published: Option<String>,
    /// At most 200; 50 when absent.
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The learning log, newest first (Code 9.1–9.3). The residents' panel gets only published
/// entries, with only their public fields.
#[utoipa::path(
    operation_id = "learning_list",
    tag = "learning",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), LearningQuery),
    responses(
        (status = 200, body = Page<LearningItem>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/learning")]
pub async fn list(
    tenant: Tenant<LearningReaders>,
    query: crate::json::Query<LearningQuery>,
) -> Result<web::Json<Page<LearningItem>>, ApiError> {
    let LearningQuery {
        status: raw_status,
        published,
        limit,
        cursor,
    } = query.into_inner();
    let mut f = Fields::new();
    let status = raw_status.and_then(|s| f.check("status", status(&s)));
    let published = published.and_then(|p| {
        f.check(
            "published",
            p.parse::<bool>().map_err(|_| "must be true or false"),
        )
    });
    f.finish()?;
    let req = PageQuery { limit, cursor }.request()?;
    let panel = tenant.role == Role::PanelMember;
    if panel && published == Some(false) {
        return Ok(web::Json(Page {
            items: Vec::new(),
            next_cursor: None,
        }));
    }
    let filter = LearningFilter {
        status,
        published: if panel { Some(true) } else { published },
    };
    let found = learning::list(&tenant.db, tenant.scope, filter, req).await?;
    Ok(web::Json(Page {
        items: found
            .items
            .into_iter()
            .filter_map(|e| item_for(tenant.role, e))
            .collect(),
        next_cursor: found.next.map(|id| id.to_string()),
    }))
}

/// One learning entry. To the residents' panel, an entry not published does not exist.
#[utoipa::path(
    operation_id = "learning_get",
    tag = "learning",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The learning entry's id"),
    ),
    responses(
        (status = 200, body = LearningItem),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/learning/{id}")]
pub async fn get(
    tenant: Tenant<LearningReaders>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<LearningItem>, ApiError> {
    let (_, id) = path.into_inner();
    let entry = learning::get(&tenant.db, tenant.scope, id).await?;
    item_for(tenant.role, entry)
        .map(web::Json)
        .ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateLearning {
    /// The complaints it was learnt from: at least one, each of this landlord (Code 9.1).
    #[schema(value_type = Vec<Uuid>)]
    pub complaint_ids: Vec<String>,
    #[schema(example = "repairs")]
    pub service_area: String,
    pub what_went_wrong: String,
    pub lesson: String,
    pub improvement: String,
    /// Who is responsible for the improvement.
    pub owner: Option<String>,
    /// `identified`, `in_progress` or `implemented`.
    #[schema(example = "identified")]
    pub status: String,
    /// Required when the status is `implemented`, and only then; not in the future.
    pub implemented_on: Option<NaiveDate>,
    /// An open early warning signal this entry answers: it is marked as turned into learning.
    #[serde(default)]
    pub signal_id: Option<Uuid>,
}

/// Records learning drawn from complaints (complaints team). Each linked complaint gets a
/// `learning_linked` event on its timeline.
#[utoipa::path(
    operation_id = "learning_create",
    tag = "learning",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = CreateLearning,
    responses(
        (status = 201, body = LearningView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/learning")]
pub async fn create(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    body: Json<CreateLearning>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let today = crate::time::today();
    let mut f = Fields::new();
    let complaint_ids = complaint_ids(&state, tenant.scope, &b.complaint_ids, &mut f).await?;
    let service_area = f.check(
        "service_area",
        required_text(&b.service_area, SERVICE_AREA_MAX),
    );
    let what_went_wrong = f.check(
        "what_went_wrong",
        required_text(&b.what_went_wrong, TEXT_MAX),
    );
    let lesson = f.check("lesson", required_text(&b.lesson, TEXT_MAX));
    let improvement = f.check("improvement", required_text(&b.improvement, TEXT_MAX));
    let owner = f.check("owner", optional_text(b.owner.as_deref(), OWNER_MAX));
    let status = f.check("status", status(&b.status));
    let implemented_on = status.and_then(|s| {
        f.check(
            "implemented_on",
            rules::implemented_on(s, Some(b.implemented_on), None, today),
        )
    });
    if let Some(sid) = b.signal_id {
        let open = redress_store::early_warning::get(&tenant.db, tenant.scope, sid)
            .await
            .ok()
            .is_some_and(|s| s.status == "open");
        if !open {
            f.push("signal_id", "is not one of this landlord's open signals");
        }
    }
    f.finish()?;
    let (
        Some(complaint_ids),
        Some(service_area),
        Some(what_went_wrong),
        Some(lesson),
        Some(improvement),
        Some(owner),
        Some(status),
        Some(implemented_on),
    ) = (
        complaint_ids,
        service_area,
        what_went_wrong,
        lesson,
        improvement,
        owner,
        status,
        implemented_on,
    )
    else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let cx = Context::staff(&state, &tenant);
    let entry = record_learning(
        &cx,
        NewLearning {
            complaint_ids,
            service_area,
            what_went_wrong,
            lesson,
            improvement,
            owner,
            status,
            implemented_on,
        },
    )
    .await?;
    if let Some(sid) = b.signal_id {
        crate::routes::early_warning::turned_into_learning(&tenant, sid, entry.id).await?;
    }
    Ok(HttpResponse::Created().json(LearningView::from(entry)))
}

/// Changes to a learning entry: absent fields stay as they are; `null` clears `owner` or
/// `implemented_on`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LearningPatch {
    /// Replaces the linked complaints: at least one, each of this landlord (Code 9.1).
    /// Newly linked complaints get a `learning_linked` event, those no longer linked a
    /// `learning_unlinked` event.
    #[schema(value_type = Option<Vec<Uuid>>)]
    pub complaint_ids: Option<Vec<String>>,
    pub service_area: Option<String>,
    pub what_went_wrong: Option<String>,
    pub lesson: Option<String>,
    pub improvement: Option<String>,
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub owner: Option<Option<String>>,
    /// `identified`, `in_progress` or `implemented`. Moving away from `implemented` clears
    /// `implemented_on`.
    #[schema(example = "implemented")]
    pub status: Option<String>,
    /// Required while the status is `implemented`, and only then; not in the future.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub implemented_on: Option<Option<NaiveDate>>,
}

/// Changes a learning entry: its complaints, its text, its owner or how far the improvement
/// has got (complaints team).
#[utoipa::path(
    operation_id = "learning_patch",
    tag = "learning",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The learning entry's id"),
    ),
    request_body = LearningPatch,
    responses(
        (status = 200, body = LearningView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/learning/{id}")]
pub async fn patch(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: Json<LearningPatch>,
) -> Result<web::Json<LearningView>, ApiError> {
    let (_, id) = path.into_inner();
    let b = body.0;
    let today = crate::time::today();
    let current = learning::get(&tenant.db, tenant.scope, id).await?;
    let mut f = Fields::new();
    let complaint_ids = match &b.complaint_ids {
        Some(raw) => complaint_ids(&state, tenant.scope, raw, &mut f).await?,
        None => None,
    };
    let text = |f: &mut Fields, field: &str, raw: Option<String>, max: usize| {
        raw.and_then(|r| f.check(field, required_text(&r, max)))
    };
    let service_area = text(&mut f, "service_area", b.service_area, SERVICE_AREA_MAX);
    let what_went_wrong = text(&mut f, "what_went_wrong", b.what_went_wrong, TEXT_MAX);
    let lesson = text(&mut f, "lesson", b.lesson, TEXT_MAX);
    let improvement = text(&mut f, "improvement", b.improvement, TEXT_MAX);
    let owner = b
        .owner
        .and_then(|o| f.check("owner", optional_text(o.as_deref(), OWNER_MAX)));
    let new_status = b
        .status
        .as_deref()
        .and_then(|s| f.check("status", status(s)));
    if b.status.is_none() || new_status.is_some() {
        f.check(
            "implemented_on",
            rules::implemented_on(
                new_status.unwrap_or(current.status),
                b.implemented_on,
                current.implemented_on,
                today,
            ),
        );
    }
    f.finish()?;
    let change = LearningChange {
        complaint_ids,
        service_area,
        what_went_wrong,
        lesson,
        improvement,
        owner,
        status: new_status,
        implemented_on: b.implemented_on,
    };
    let cx = Context::staff(&state, &tenant);
    Ok(web::Json(change_learning(&cx, id, change).await?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishLearning {
    /// "You said, we did", for the residents' panel and the public page. It must be
    /// anonymised: no name, email address, phone number or property reference of anyone
    /// behind the linked complaints, and no email address or phone number at all (Code 9.3).
    pub public_summary: String,
}

/// Publishes an entry to the residents' panel and the public page with an anonymised
/// summary that the complaints officer has written and approves (Code 9.3). Publishing an
/// entry already published replaces its summary. Audited.
#[utoipa::path(
    operation_id = "learning_publish",
    tag = "learning",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The learning entry's id"),
    ),
    request_body = PublishLearning,
    responses(
        (status = 200, body = LearningView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/learning/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsOfficers>,
    path: web::Path<(String, Uuid)>,
    body: Json<PublishLearning>,
) -> Result<web::Json<LearningView>, ApiError> {
    let (_, id) = path.into_inner();
    let summary = required_text(&body.0.public_summary, SUMMARY_MAX)
        .map_err(|e| ApiError::invalid("public_summary", e.to_string()))?;
    let cx = Context::staff(&state, &tenant);
    Ok(web::Json(publish_learning(&cx, id, summary).await?.into()))
}

/// Withdraws a published entry from the residents' panel and the public page (complaints
/// officer). Audited.
#[utoipa::path(
    operation_id = "learning_withdraw",
    tag = "learning",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The learning entry's id"),
    ),
    responses(
        (status = 200, body = LearningView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/landlords/{slug}/learning/{id}/publish")]
pub async fn withdraw(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsOfficers>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<LearningView>, ApiError> {
    let (_, id) = path.into_inner();
    let cx = Context::staff(&state, &tenant);
    Ok(web::Json(withdraw_learning(&cx, id).await?.into()))
}
