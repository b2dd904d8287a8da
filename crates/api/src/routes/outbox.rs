//! The landlord's outgoing email (landlord admins): what was sent, what is waiting, and the
//! dead letters that failed, which can be sent again. Statutory letters and the regular
//! updates the governing body relies on (Code 9.7) go this way, so nothing may fail unseen.

use crate::auth::Tenant;
use crate::auth::extract::LandlordAdmins;
use crate::error::{ApiError, Problem};
use crate::page::{Page, PageQuery};
pub use crate::views::{Bounced, EmailBouncedView};
use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use redress_store::audit;
use redress_store::outbox::{self, OutboxEntry};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The audit entry written when an admin sends a failed message again.
const RETRY_KIND: &str = "outbox.retry";

/// A message in the outbox. The body is never shown: it may carry a resident's details.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxMessageView {
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    /// `pending`, `sent` or `failed`.
    #[schema(example = "failed")]
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Why the last attempt failed.
    #[schema(
        example = "the mail server refused the message: permanent error (550): 5.1.1 mailbox unavailable"
    )]
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// When a pending message is next tried.
    pub next_attempt_at: DateTime<Utc>,
}

impl From<OutboxEntry> for OutboxMessageView {
    fn from(e: OutboxEntry) -> Self {
        OutboxMessageView {
            id: e.id,
            to: e.to,
            subject: e.subject,
            status: e.status,
            attempts: e.attempts,
            last_error: e.last_error,
            created_at: e.created_at,
            sent_at: e.sent_at,
            next_attempt_at: e.next_attempt_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `failed`; every message when absent.
    pub status: Option<String>,
    /// At most 200; 50 when absent.
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The landlord's outgoing email, newest first, optionally with one status (landlord admin).
#[utoipa::path(
    operation_id = "outbox_list",
    tag = "outbox",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), OutboxQuery),
    responses(
        (status = 200, body = Page<OutboxMessageView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/outbox")]
pub async fn list(
    tenant: Tenant<LandlordAdmins>,
    query: crate::json::Query<OutboxQuery>,
) -> Result<web::Json<Page<OutboxMessageView>>, ApiError> {
    let OutboxQuery {
        status,
        limit,
        cursor,
    } = query.into_inner();
    let req = PageQuery { limit, cursor }.request()?;
    if let Some(s) = status.as_deref()
        && !outbox::STATUSES.contains(&s)
    {
        return Err(ApiError::invalid(
            "status",
            format!("must be one of {}", outbox::STATUSES.join(", ")),
        ));
    }
    let page = outbox::list(&tenant.db, tenant.scope, status.as_deref(), req).await?;
    Ok(web::Json(Page::from_store(page, OutboxMessageView::from)))
}

/// Sends a failed message again (landlord admin): it goes back to `pending`, due now, with
/// its attempts counted afresh. Only a `failed` message can be retried.
#[utoipa::path(
    operation_id = "outbox_retry",
    tag = "outbox",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The message's id"),
    ),
    responses(
        (status = 200, body = OutboxMessageView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The message has not failed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/outbox/{id}/retry")]
pub async fn retry(
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<OutboxMessageView>, ApiError> {
    let (_, id) = path.into_inner();
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    let entry = outbox::retry(&txn, tenant.scope, id).await?;
    audit::record(
        &txn,
        tenant.scope,
        &tenant.actor(),
        RETRY_KIND,
        Some(id),
        json!({"to": entry.to, "subject": entry.subject, "last_error": entry.last_error}),
    )
    .await?;
    redress_store::db::commit(txn).await?;
    Ok(web::Json(entry.into()))
}
