//! Intake, the worklist, the case view and the timeline.

use super::views::{ComplaintSummary, ComplaintView, EventView, complaint_view};
use super::{Caller, CaseReaders, calendar, load};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::Policy;
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use crate::routes::residents::ResidentInput;
use crate::time::today;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use redress_domain::complaint::{
    Channel, Stage, StageState, Status, Tenure, check_effective_date,
    issue_is_over_twelve_months_old, stage_deadlines,
};
use redress_domain::roles::Role;
use redress_domain::values::required_text;
use redress_store::complaints::{self, Filter, NewComplaint, NewEvent, Representative, Visibility};
use redress_store::{StoreError, landlords, residents, service_requests};
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Staff who may log a complaint: any member of the landlord's own staff (Code 3.2).
pub struct Intake;
impl Policy for Intake {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    const WHO: &'static str = "the landlord's complaints staff";
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RepresentativeInput {
    pub name: String,
    /// e.g. "daughter", "advocate", "ward councillor".
    pub relationship: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// When the resident consented to the representative acting for them (Code 3.6).
    pub consent_on: NaiveDate,
    /// How consent was given and where its evidence is kept.
    pub consent_evidence: String,
}

/// A complaint as received, in the resident's own words. The word "complaint" is never
/// required (Code 1.3).
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewComplaintRequest {
    /// An existing resident of this landlord...
    pub resident_id: Option<Uuid>,
    /// ...or a new one.
    pub resident: Option<ResidentInput>,
    /// `online`, `phone`, `email`, `letter`, `in_person`, `social_media`, `representative`,
    /// `councillor_or_mp`.
    pub channel: String,
    pub received_on: NaiveDate,
    /// The complaint in the resident's own words.
    pub description: String,
    /// When the issue occurred or the resident became aware of it (Code 2.3).
    pub issue_date: Option<NaiveDate>,
    pub category: String,
    pub service_area: Option<String>,
    pub outcomes_sought: Option<String>,
    pub representative: Option<RepresentativeInput>,
    /// An open service request the complaint is raised from (Code 1.5); it stays open.
    pub service_request_id: Option<Uuid>,
    /// The scheme's code; `housing` when absent.
    pub scheme: Option<String>,
    /// The tenure of the home the complaint is about: `low_cost_rental` or
    /// `low_cost_home_ownership` (the Regulator's CH01 reports them separately).
    pub tenure: Option<String>,
}

fn optional_text(f: &mut Fields, field: &str, v: Option<&str>, max: usize) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
        .and_then(|s| f.check(field, required_text(s, max)))
}

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
    let scope = tenant.scope;
    let id = log(
        &state,
        scope,
        &tenant.landlord,
        body.0,
        Some(tenant.user_id),
        Vec::new(),
        Fields::new(),
    )
    .await?;
    let caller = Caller::from(&tenant);
    let loaded = load(
        &state,
        scope,
        &Caller {
            role: Role::ComplaintsOfficer,
            ..caller
        },
        id,
    )
    .await?;
    Ok(HttpResponse::Created().json(complaint_view(&loaded, &caller, today())))
}

/// Logs a complaint, by a member of staff (`actor`) or by the resident online (none), with
/// any extra `flags`, and sends the resident its reference and tracking link, in one
/// transaction. Every bad field is named, with those the caller found already (`f`).
pub async fn log(
    state: &AppState,
    scope: redress_store::TenantScope,
    landlord: &redress_store::landlords::Landlord,
    b: NewComplaintRequest,
    actor: Option<Uuid>,
    mut flags: Vec<String>,
    mut f: Fields,
) -> Result<Uuid, ApiError> {
    let today = today();
    let channel = f.check("channel", Channel::parse(&b.channel));
    if let Err(redress_domain::complaint::Refusal::Field { field, message }) =
        check_effective_date(None, b.received_on, today)
    {
        f.push(if field == "on" { "received_on" } else { field }, message);
    }
    let description = f.check("description", required_text(&b.description, 20_000));
    let tenure = b
        .tenure
        .as_deref()
        .and_then(|t| f.check("tenure", Tenure::parse(t)));
    let category = f.check("category", required_text(&b.category, 100));
    let service_area = optional_text(&mut f, "service_area", b.service_area.as_deref(), 100);
    let outcomes_sought = optional_text(
        &mut f,
        "outcomes_sought",
        b.outcomes_sought.as_deref(),
        5_000,
    );
    if let Some(issue) = b.issue_date
        && issue > b.received_on
    {
        f.push(
            "issue_date",
            "must not be after the day the complaint was received",
        );
    }
    let new_resident = match (b.resident_id, b.resident) {
        (Some(_), Some(_)) => {
            f.push("resident", "give either resident_id or resident, not both");
            None
        }
        (None, None) => {
            f.push(
                "resident_id",
                "is required (or give a new resident as `resident`)",
            );
            None
        }
        (None, Some(r)) => r.parse("resident.", &mut f),
        (Some(_), None) => None,
    };
    let representative = b.representative.and_then(|r| {
        let name = f.check("representative.name", required_text(&r.name, 200));
        let evidence = f.check(
            "representative.consent_evidence",
            required_text(&r.consent_evidence, 2_000),
        );
        if r.consent_on > today {
            f.push("representative.consent_on", "must not be in the future");
        }
        let relationship = optional_text(
            &mut f,
            "representative.relationship",
            r.relationship.as_deref(),
            100,
        );
        let email = r
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .and_then(|e| {
                f.check(
                    "representative.email",
                    redress_domain::values::EmailAddress::parse(e),
                )
            })
            .map(|e| e.as_str().to_owned());
        let phone = optional_text(&mut f, "representative.phone", r.phone.as_deref(), 40);
        Some(Representative {
            name: name?,
            relationship,
            email,
            phone,
            consent_on: r.consent_on,
            consent_evidence: evidence?,
            // Uploaded after intake: POST .../representative/consent.
            consent_attachment_id: None,
        })
    });
    let scheme_code = b.scheme.unwrap_or_else(|| "housing".into());
    let schemes = landlords::schemes(&state.scoped(scope), scope).await?;
    let scheme = schemes.into_iter().find(|s| s.code == scheme_code);
    if scheme.is_none() {
        f.push(
            "scheme",
            format!("`{scheme_code}` is not a complaint scheme of this landlord"),
        );
    }
    f.finish()?;
    let (Some(channel), Some(description), Some(category), Some(scheme)) =
        (channel, description, category, scheme)
    else {
        return Err(ApiError::invalid("body", "is not valid"));
    };

    let calendar = calendar(state, scope).await?;
    let ack_due = stage_deadlines(
        &calendar,
        &scheme.timescales,
        &StageState::new(Stage::One, b.received_on),
        today,
    )
    .ack_due;
    if b.issue_date
        .is_some_and(|d| issue_is_over_twelve_months_old(d, b.received_on))
    {
        // Code 2.3: flagged for the landlord to consider, never excluded automatically.
        flags.push("issue_over_12_months".to_owned());
    }
    if representative.is_some() {
        flags.push("representative".to_owned());
    }

    let txn = redress_store::db::begin_write(&state.scoped(scope))
        .await
        .map_err(StoreError::from)?;
    let resident_id = match (b.resident_id, new_resident) {
        (Some(id), _) => match residents::get(&txn, scope, id).await {
            Ok(r) => r.id,
            Err(StoreError::NotFound) => {
                return Err(ApiError::invalid(
                    "resident_id",
                    "is not a resident of this landlord",
                ));
            }
            Err(e) => return Err(e.into()),
        },
        (None, Some(new)) => residents::insert(&txn, scope, new).await?.id,
        (None, None) => return Err(ApiError::invalid("resident_id", "is required")),
    };
    if let Some(sr) = b.service_request_id {
        match service_requests::get(&txn, scope, sr).await {
            Ok(r) if r.resident_id != resident_id => {
                return Err(ApiError::invalid(
                    "service_request_id",
                    "is a service request of another resident",
                ));
            }
            Ok(r) if r.status != "open" && r.status != "in_progress" => {
                return Err(ApiError::Conflict(format!(
                    "a complaint is raised from an open service request, and this one is {} (Code 1.5)",
                    r.status
                )));
            }
            Ok(_) => {}
            Err(StoreError::NotFound) => {
                return Err(ApiError::invalid(
                    "service_request_id",
                    "is not a service request of this landlord",
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    // Code 5.15: a restricted resident's complaint is logged like any other, and flagged.
    if redress_store::restrictions::active_for_resident(&txn, scope, resident_id)
        .await?
        .is_some()
    {
        flags.push("restricted".to_owned());
    }
    let id = complaints::insert(
        &txn,
        scope,
        &calendar,
        &landlord.reference_prefix,
        NewComplaint {
            scheme_id: scheme.id,
            resident_id,
            channel,
            received_on: b.received_on,
            description,
            issue_date: b.issue_date,
            category,
            service_area,
            outcomes_sought,
            service_request_id: b.service_request_id,
            representative,
            tenure,
            flags,
            related_complaint_id: None,
            ack_due,
            created_by: actor,
        },
        NewEvent {
            kind: "received",
            stage: Some(Stage::One),
            effective_on: b.received_on,
            actor,
            data: json!({"channel": channel.as_str(), "ack_due": ack_due}),
        },
    )
    .await?;
    // Code 1.2, 3.1: the resident is sent the reference and a private tracking link.
    crate::letters::complaint_logged(&txn, state, scope, landlord, &scheme, id).await?;
    txn.commit().await.map_err(StoreError::from)?;
    Ok(id)
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
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The worklist: complaints the caller may see, newest first, filtered and paged by cursor.
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
    let q = query.into_inner();
    let today = today();
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
    let visibility = match tenant.role {
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
    };
    // A contractor's filters look at stage 1 only: what stands at stage 2 is not theirs to
    // search or sort by (Code 5.4).
    let narrowed = tenant.role == Role::Contractor
        && (status.is_some() || overdue.is_some() || q.handler.is_some() || q.q.is_some());
    let filter = Filter {
        status,
        stage: if narrowed { Some(Stage::One) } else { stage },
        overdue: overdue.map(|o| (o, today)),
        handler: q.handler,
        contractor: q.contractor,
        category: q.category.filter(|c| !c.trim().is_empty()),
        q: q.q.filter(|c| !c.trim().is_empty()),
        resident: q.resident,
    };
    // One transaction for the page, its audit entry and the calendar (see `load`).
    let txn = redress_store::TransactionTrait::begin(&tenant.db)
        .await
        .map_err(StoreError::from)?;
    let page = complaints::list(&txn, tenant.scope, visibility, &filter, req).await?;
    tenant
        .audit_mrc_read(
            &txn,
            "complaints.list.read",
            None,
            json!({"count": page.items.len(), "resident": filter.resident, "q": filter.q}),
        )
        .await?;
    let calendar = super::calendar_on(&txn, &state, tenant.scope).await?;
    txn.commit().await.map_err(StoreError::from)?;
    let caller = Caller::from(&tenant);
    Ok(web::Json(Page::from_store(page, |c| {
        super::views::summary_for(&caller, c, &calendar, today)
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
pub async fn get(
    state: web::Data<AppState>,
    tenant: Tenant<CaseReaders>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<ComplaintView>, ApiError> {
    let (_, id) = path.into_inner();
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &caller, id).await?;
    audit_read(&tenant, id, "complaint.read").await?;
    let view = complaint_view(&loaded, &caller, today());
    if view.status == super::views::ESCALATED {
        let events = complaints::timeline(&tenant.db, tenant.scope, id).await?;
        return Ok(web::Json(super::views::with_stage_one_definition(
            view,
            super::views::StageOneDefinition::from_events(&events),
        )));
    }
    Ok(web::Json(view))
}

/// The MRC's reading of a case file goes on the audit log.
async fn audit_read(tenant: &Tenant<CaseReaders>, id: Uuid, kind: &str) -> Result<(), ApiError> {
    tenant
        .audit_mrc_read(&tenant.db, kind, Some(id), json!({}))
        .await
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
pub async fn timeline(
    state: web::Data<AppState>,
    tenant: Tenant<CaseReaders>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<Vec<EventView>>, ApiError> {
    let (_, id) = path.into_inner();
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &caller, id).await?;
    audit_read(&tenant, id, "complaint.timeline.read").await?;
    let events = complaints::timeline(&tenant.db, tenant.scope, loaded.case.complaint.id)
        .await?
        .into_iter()
        .filter(|e| {
            e.stage
                .and_then(Stage::from_number)
                .is_none_or(|s| caller.sees_stage(s))
        })
        .map(EventView::from)
        .collect();
    Ok(web::Json(events))
}
