//! Intake, the worklist, the case view and the timeline.

use super::views::{ComplaintSummary, ComplaintView, EventView, complaint_view};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::case_file::{CaseFile, TheCase, TheTimeline};
use crate::auth::extract::{CaseReaders, Intake};
use crate::error::{ApiError, Fields, Problem};
use crate::forms::complaint::NewComplaintRequest;
use crate::json::Json;
use crate::page::{Page, PageQuery};
use crate::time::today;
use crate::use_cases::Context;
use crate::use_cases::case::{Caller, rules_on};
use crate::use_cases::log_complaint::log_complaint;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use redress_domain::complaint::{Stage, Status};
use redress_domain::roles::Role;
use redress_store::complaints::{self, Filter, Today, View, Visibility};
use redress_store::page::PageRequest;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Logs a complaint (Code 1.2, 1.3, 3.1, 3.6): stage 1 begins, and its acknowledgement clock
/// runs from the day it was received.
#[utoipa::path(
    operation_id = "complaints_create",
    tag = "complaints",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = NewComplaintRequest,
    responses(
        (status = 201, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints")]
pub async fn create(
    state: web::Data<AppState>,
    tenant: Tenant<Intake>,
    body: Json<NewComplaintRequest>,
) -> Result<HttpResponse, ApiError> {
    let cx = Context::staff(&state, &tenant);
    let new = body
        .0
        .parse(cx.schemes().await?, cx.today, Vec::new(), Fields::new())?;
    let logged = log_complaint(&cx, new).await?;
    let view = complaint_view(&logged.loaded, &Caller::from(&tenant), cx.today);
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorklistQuery {
    /// A status, e.g. `stage1_open`.
    pub status: Option<String>,
    /// `1` or `2`.
    pub stage: Option<String>,
    /// `true`: only complaints whose running deadline has passed; `false`: only the others.
    pub overdue: Option<String>,
    /// A handler's user id (either stage).
    pub handler: Option<Uuid>,
    pub contractor: Option<Uuid>,
    pub category: Option<String>,
    /// Text in the reference or the description.
    pub q: Option<String>,
    /// Only this resident's complaints (the resident's page).
    pub resident: Option<Uuid>,
    /// A saved view, listed by what is due, the most overdue first: `open`, `overdue`,
    /// `due_today`, `due_this_week`, `mine` or `unallocated`. Without one: every complaint,
    /// newest first.
    pub view: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Whose complaints a caller may list.
fn visibility<P: crate::auth::Policy>(tenant: &Tenant<P>) -> Result<Visibility, ApiError> {
    Ok(match tenant.role {
        Role::CaseHandler => Visibility::Handler(tenant.user_id),
        Role::Contractor => match tenant.contractor_id {
            Some(c) => Visibility::Contractor(c),
            None => {
                return Err(ApiError::Forbidden(
                    "your membership names no contractor organisation".into(),
                ));
            }
        },
        _ => Visibility::All,
    })
}

/// A saved view and how many complaints it holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorklistView {
    /// `overdue`, `due_today`, `due_this_week`, `mine`, `unallocated` or `open`.
    pub view: String,
    pub count: u64,
}

/// The worklist's saved views with their counts, as the caller may see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorklistViews {
    pub views: Vec<WorklistView>,
    /// The day the counts were made on.
    pub today: NaiveDate,
    /// The last day "this week" counts (the Sunday).
    pub week_ends: NaiveDate,
}

/// The worklist's saved views and how many complaints each holds: overdue, due today, due
/// this week, mine, new and unallocated, and all open (docs/api.md, "The worklist"). It takes
/// the worklist's filters, and counts within them; `view`, `limit` and `cursor` do not apply.
#[utoipa::path(
    operation_id = "complaints_views",
    tag = "complaints",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), WorklistQuery),
    responses(
        (status = 200, body = WorklistViews),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/views")]
pub async fn views(
    tenant: Tenant<CaseReaders>,
    query: crate::json::Query<WorklistQuery>,
) -> Result<web::Json<WorklistViews>, ApiError> {
    let day = Today::new(today());
    let (mut filter, visibility, _) = worklist_filter(query.into_inner(), &tenant, day.today)?;
    // A contractor counts stage 1 only: what stands at stage 2 is not theirs (Code 5.4).
    if tenant.role == Role::Contractor {
        filter.stage = Some(Stage::One);
    }
    let views = View::all(tenant.user_id);
    let txn = redress_store::db::begin_read(&tenant.db).await?;
    let counts = complaints::counts(&txn, tenant.scope, visibility, &filter, &views, day).await?;
    redress_store::db::commit(txn).await?;
    Ok(web::Json(WorklistViews {
        views: counts
            .into_iter()
            .map(|(v, count)| WorklistView {
                view: v.name().to_owned(),
                count,
            })
            .collect(),
        today: day.today,
        week_ends: day.week_ends,
    }))
}

/// The worklist's query as a filter, whose complaints the caller may see, and the page asked
/// for; each value that is not valid is named.
fn worklist_filter<P: crate::auth::Policy>(
    q: WorklistQuery,
    tenant: &Tenant<P>,
    today: NaiveDate,
) -> Result<(Filter, Visibility, PageRequest), ApiError> {
    let mut f = Fields::new();
    let status = q
        .status
        .as_deref()
        .and_then(|s| f.check("status", Status::parse(s)));
    let stage = q.stage.as_deref().and_then(|s| {
        f.check(
            "stage",
            s.parse::<i32>()
                .ok()
                .and_then(Stage::from_number)
                .ok_or("must be 1 or 2"),
        )
    });
    let overdue = q.overdue.as_deref().and_then(|s| {
        f.check(
            "overdue",
            s.parse::<bool>().map_err(|_| "must be true or false"),
        )
    });
    let view = q.view.as_deref().and_then(|s| {
        f.check(
            "view",
            View::named(s, tenant.user_id).ok_or(
                "must be one of open, overdue, due_today, due_this_week, mine or unallocated",
            ),
        )
    });
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let req = f.check(
        "limit",
        page.request().map_err(|e| match e {
            ApiError::Invalid(errs) => errs
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        }),
    );
    f.finish()?;
    let Some(req) = req else {
        return Err(ApiError::invalid("limit", "is not valid"));
    };
    let visibility = visibility(tenant)?;
    // A contractor's filters and views look at stage 1 only: what stands at stage 2 is not
    // theirs to search or sort by (Code 5.4).
    let narrowed = tenant.role == Role::Contractor
        && (status.is_some()
            || overdue.is_some()
            || q.handler.is_some()
            || q.q.is_some()
            || view.is_some());
    let filter = Filter {
        status,
        stage: if narrowed { Some(Stage::One) } else { stage },
        overdue: overdue.map(|o| (o, today)),
        handler: q.handler,
        contractor: q.contractor,
        category: q.category.filter(|c| !c.trim().is_empty()),
        q: q.q.filter(|c| !c.trim().is_empty()),
        resident: q.resident,
        view: view.map(|v| (v, Today::new(today))),
    };
    Ok((filter, visibility, req))
}

/// The worklist: complaints the caller may see, newest first, or in a saved view by what is
/// due; filtered and paged by cursor.
#[utoipa::path(
    operation_id = "complaints_list",
    tag = "complaints",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), WorklistQuery),
    responses(
        (status = 200, body = Page<ComplaintSummary>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints")]
pub async fn list(
    state: web::Data<AppState>,
    tenant: Tenant<CaseReaders>,
    query: crate::json::Query<WorklistQuery>,
) -> Result<web::Json<Page<ComplaintSummary>>, ApiError> {
    let today = today();
    let (filter, visibility, req) = worklist_filter(query.into_inner(), &tenant, today)?;
    // One transaction for the page, its audit entry and the calendar (see `load`).
    let txn = redress_store::db::begin_read(&tenant.db).await?;
    let page = complaints::list(&txn, tenant.scope, visibility, &filter, req).await?;
    tenant
        .audit_mrc_read(
            &txn,
            "complaints.list.read",
            None,
            json!({"count": page.items.len(), "resident": filter.resident, "q": filter.q}),
        )
        .await?;
    let rules = rules_on(&txn, &state, tenant.scope, &tenant.landlord).await?;
    redress_store::db::commit(txn).await?;
    let caller = Caller::from(&tenant);
    Ok(web::Json(Page::from_store(page, |c| {
        super::views::summary_for(&caller, c, &rules.calendar, today)
    })))
}

/// One complaint, with its stages and deadlines (and how each was computed), remedies and
/// outstanding actions. The MRC may read any case file; each reading is audited.
#[utoipa::path(
    operation_id = "complaints_get",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    responses(
        (status = 200, body = ComplaintView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}")]
pub async fn get(file: CaseFile<TheCase>) -> Result<web::Json<ComplaintView>, ApiError> {
    let view = complaint_view(&file.loaded, &file.caller, today());
    if view.status == super::views::ESCALATED {
        let t = &file.tenant;
        let events = complaints::timeline(&t.db, t.scope, file.id()).await?;
        return Ok(web::Json(super::views::with_stage_one_definition(
            view,
            super::views::StageOneDefinition::from_events(&events),
        )));
    }
    Ok(web::Json(view))
}

/// The complaint's append-only timeline: every action with its actor, the day it was taken
/// and when it was recorded (Code 5.12).
#[utoipa::path(
    operation_id = "complaints_timeline",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    responses(
        (status = 200, body = Vec<EventView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}/timeline")]
pub async fn timeline(file: CaseFile<TheTimeline>) -> Result<web::Json<Vec<EventView>>, ApiError> {
    let t = &file.tenant;
    let events = complaints::timeline(&t.db, t.scope, file.id())
        .await?
        .into_iter()
        .filter(|e| {
            e.stage
                .and_then(Stage::from_number)
                .is_none_or(|s| file.caller.sees_stage(s))
        })
        .map(EventView::from)
        .collect();
    Ok(web::Json(events))
}
