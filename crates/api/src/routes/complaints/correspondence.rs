//! All correspondence in and out of a complaint (Code 5.12): recorded by those who work on the
//! case, read by those who may read it. Append-only: there is no way to change or remove a
//! record; a correction is a new one.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::case_file::{CaseFile, CorrespondencePage};
use crate::auth::extract::CaseWorkers;
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use crate::time::today;
use crate::use_cases::case::{Caller, load};
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::complaint::{Refusal, check_effective_date};
use redress_domain::values::required_text;
use redress_store::correspondence::{
    self, Correspondence, CorrespondenceChannel, Direction, NewCorrespondence,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use utoipa::ToSchema;
use uuid::Uuid;

/// The most attachments one piece of correspondence may list.
const MAX_ATTACHMENTS: usize = 50;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCorrespondenceRequest {
    /// `in` (received by the landlord) or `out` (sent by it).
    pub direction: String,
    /// `email`, `letter`, `phone`, `in_person`, `online`, `text` or `other`.
    pub channel: String,
    /// The day it was sent or received; today when absent; never in the future.
    pub on: Option<NaiveDate>,
    pub subject: Option<String>,
    /// The text; for a phone call or a visit, the note of it.
    pub body: String,
    /// Who it came from.
    pub from: Option<String>,
    /// Who it went to.
    pub to: Option<String>,
    /// Attachments of this complaint that were sent or received with it.
    #[serde(default)]
    pub attachment_ids: Vec<Uuid>,
}

/// A piece of correspondence on a complaint's record.
#[derive(Debug, Serialize, ToSchema)]
pub struct CorrespondenceView {
    pub id: Uuid,
    pub complaint_id: Uuid,
    /// `in` or `out`.
    pub direction: String,
    /// `email`, `letter`, `phone`, `in_person`, `online`, `text` or `other`.
    pub channel: String,
    /// The day it was sent or received.
    pub on: NaiveDate,
    pub subject: Option<String>,
    pub body: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub attachment_ids: Vec<Uuid>,
    /// The complaint's stage when it was recorded.
    pub stage: i32,
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it; null when the portal did.
    pub recorded_by: Option<Uuid>,
}

impl From<Correspondence> for CorrespondenceView {
    fn from(c: Correspondence) -> Self {
        CorrespondenceView {
            id: c.id,
            complaint_id: c.complaint_id,
            direction: c.direction.as_str().to_owned(),
            channel: c.channel.as_str().to_owned(),
            on: c.on,
            subject: c.subject,
            body: c.body,
            from: c.from,
            to: c.to,
            attachment_ids: c.attachment_ids,
            stage: c.stage.number(),
            recorded_at: c.recorded_at,
            recorded_by: c.recorded_by,
        }
    }
}

fn optional(f: &mut Fields, field: &str, value: Option<&str>, max: usize) -> Option<String> {
    value
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| f.check(field, required_text(v, max)))
}

/// Records correspondence sent or received on the complaint (Code 5.12), at its current stage,
/// with a `correspondence` event on the timeline.
#[utoipa::path(
    operation_id = "complaints_record_correspondence",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    request_body = NewCorrespondenceRequest,
    responses(
        (status = 201, body = CorrespondenceView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/correspondence")]
pub async fn record(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<NewCorrespondenceRequest>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let b = body.0;
    let today = today();
    let on = b.on.unwrap_or(today);
    let mut f = Fields::new();
    let direction = f.check("direction", Direction::parse(&b.direction));
    let channel = f.check("channel", CorrespondenceChannel::parse(&b.channel));
    if let Err(Refusal::Field { field, message }) = check_effective_date(None, on, today) {
        f.push(field, message);
    }
    let subject = optional(&mut f, "subject", b.subject.as_deref(), 500);
    let text = f.check("body", required_text(&b.body, 100_000));
    let from = optional(&mut f, "from", b.from.as_deref(), 500);
    let to = optional(&mut f, "to", b.to.as_deref(), 500);
    if b.attachment_ids.len() > MAX_ATTACHMENTS {
        f.push(
            "attachment_ids",
            format!("must list at most {MAX_ATTACHMENTS} attachments"),
        );
    }
    let mut seen = HashSet::new();
    for (i, a) in b.attachment_ids.iter().enumerate() {
        if !seen.insert(a) {
            f.push(format!("attachment_ids[{i}]"), "is listed twice");
        }
    }
    f.finish()?;
    let (Some(direction), Some(channel), Some(text)) = (direction, channel, text) else {
        return Err(ApiError::invalid("body", "is not valid"));
    };
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &tenant.landlord, &caller, id).await?;
    caller.may_work_on(&loaded.case)?;
    // Code 5.14, 5.15: contact the landlord makes follows a restriction's terms.
    if direction == Direction::Out
        && let Some(restriction) = &loaded.needs.restriction
    {
        let kinds: Vec<&str> = restriction.terms.iter().map(|t| t.kind.as_str()).collect();
        let written = matches!(
            channel,
            CorrespondenceChannel::Email
                | CorrespondenceChannel::Letter
                | CorrespondenceChannel::Online
                | CorrespondenceChannel::Text
        );
        let c = &loaded.case.complaint;
        let handler = match c.current_stage {
            redress_domain::complaint::Stage::One => c.stage1_handler_id,
            redress_domain::complaint::Stage::Two => c.stage2_handler_id,
        };
        let point_of_contact = handler.is_none_or(|h| h == tenant.user_id);
        redress_domain::restrictions::check_contact(&kinds, written, point_of_contact)?;
    }
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    let recorded = correspondence::record(
        &txn,
        tenant.scope,
        id,
        NewCorrespondence {
            direction,
            channel,
            on,
            subject,
            body: text,
            from,
            to,
            attachment_ids: b.attachment_ids,
            recorded_by: Some(tenant.user_id),
        },
    )
    .await?;
    redress_store::db::commit(txn).await?;
    Ok(HttpResponse::Created().json(CorrespondenceView::from(recorded)))
}

/// The complaint's correspondence, oldest first, paged by cursor. Contractors see what was
/// recorded at stage 1 only; the MRC's reading is audited.
#[utoipa::path(
    operation_id = "complaints_list_correspondence",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        PageQuery,
    ),
    responses(
        (status = 200, body = Page<CorrespondenceView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}/correspondence")]
pub async fn list(
    file: CaseFile<CorrespondencePage>,
) -> Result<web::Json<Page<CorrespondenceView>>, ApiError> {
    let page = correspondence::list(
        &file.tenant.db,
        file.tenant.scope,
        file.id(),
        file.caller.visible_stage(),
        file.reading.0,
    )
    .await?;
    Ok(web::Json(Page::from_store(page, CorrespondenceView::from)))
}
