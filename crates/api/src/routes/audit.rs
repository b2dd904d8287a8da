//! The landlord's audit log (landlord admins): who did or read what that must be accounted
//! for, when, and from where. Filtered by actor, subject, kind and dates; exported as CSV.

use crate::auth::Tenant;
use crate::auth::extract::LandlordAdmins;
use crate::error::{ApiError, Fields, Problem};
use crate::page::{Page, PageQuery};
pub use crate::views::{AuditEntryView, AuditQuery};
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use redress_store::audit::{self, Filter};
use redress_store::page::PageRequest;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use uuid::Uuid;

/// The filters of an export: those of the list, without paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditExportQuery {
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
}

impl From<AuditExportQuery> for AuditQuery {
    fn from(q: AuditExportQuery) -> Self {
        AuditQuery {
            kind: q.kind,
            actor: q.actor,
            subject: q.subject,
            from: q.from,
            to: q.to,
            limit: None,
            cursor: None,
        }
    }
}

/// The start of a UK day, as a moment.
fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    London
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

impl AuditQuery {
    /// The filter and page asked for; 422 naming each bad value.
    pub fn parse(self) -> Result<(Filter, PageRequest), ApiError> {
        let mut f = Fields::new();
        let id = |f: &mut Fields, name: &str, v: &Option<String>| {
            v.as_deref().and_then(|s| {
                f.check(
                    name,
                    s.parse::<Uuid>().map_err(|_| "must be a UUID".to_owned()),
                )
            })
        };
        let actor = id(&mut f, "actor", &self.actor);
        let subject = id(&mut f, "subject", &self.subject);
        let day = |f: &mut Fields, name: &str, v: &Option<String>| {
            v.as_deref().and_then(|s| {
                f.check(
                    name,
                    s.parse::<NaiveDate>()
                        .map_err(|_| "must be a date (YYYY-MM-DD)".to_owned()),
                )
            })
        };
        let from = day(&mut f, "from", &self.from);
        let to = day(&mut f, "to", &self.to);
        if let (Some(a), Some(b)) = (from, to)
            && b < a
        {
            f.push("to", "must not be before `from`");
        }
        let kind = self.kind.filter(|k| !k.trim().is_empty());
        if let Some(k) = &kind
            && (k.len() > 100
                || !k
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)))
        {
            f.push("kind", "must be a kind of entry such as `complaint.read`");
        }
        let page = PageQuery {
            limit: self.limit,
            cursor: self.cursor,
        }
        .request();
        let req = match page {
            Ok(r) => Some(r),
            Err(ApiError::Invalid(errors)) => {
                for e in errors {
                    f.push(e.field, e.message);
                }
                None
            }
            Err(e) => return Err(e),
        };
        f.finish()?;
        let req = req.ok_or_else(|| ApiError::invalid("limit", "is not valid"))?;
        Ok((
            Filter {
                kind,
                actor,
                subject,
                from: from.and_then(start_of),
                before: to.and_then(|d| d.succ_opt()).and_then(start_of),
            },
            req,
        ))
    }
}

/// The audit log, newest first, filtered by kind, actor, subject and dates.
#[utoipa::path(
    operation_id = "audit_list",
    tag = "audit",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), AuditQuery),
    responses(
        (status = 200, body = Page<AuditEntryView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/audit")]
pub async fn list(
    tenant: Tenant<LandlordAdmins>,
    query: crate::json::Query<AuditQuery>,
) -> Result<web::Json<Page<AuditEntryView>>, ApiError> {
    let (filter, req) = query.into_inner().parse()?;
    let page = audit::list(&tenant.db, tenant.scope, &filter, req).await?;
    Ok(web::Json(Page::from_store(page, AuditEntryView::from)))
}

/// The most entries one export holds; narrow the dates for more.
pub const EXPORT_LIMIT: usize = 100_000;

/// The audit log as CSV, newest first, with the same filters as the list (and no paging):
/// up to 100,000 entries. The export is itself audited.
#[utoipa::path(
    operation_id = "audit_export",
    tag = "audit",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), AuditExportQuery),
    responses(
        (status = 200, description = "The entries as CSV", body = String, content_type = "text/csv"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/audit/export")]
pub async fn export(
    tenant: Tenant<LandlordAdmins>,
    query: crate::json::Query<AuditExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, _) = AuditQuery::from(query.into_inner()).parse()?;
    let mut w = crate::csv_export::SafeCsv::new();
    w.row([
        "occurred_at",
        "kind",
        "actor_id",
        "client_address",
        "subject_id",
        "detail",
    ])?;
    let mut req = PageRequest {
        limit: 200,
        after: None,
    };
    let mut rows = 0;
    loop {
        let page = audit::list(&tenant.db, tenant.scope, &filter, req).await?;
        for e in &page.items {
            w.row([
                e.occurred_at.to_rfc3339(),
                e.kind.clone(),
                e.actor_user_id.map(|u| u.to_string()).unwrap_or_default(),
                e.client_address.clone().unwrap_or_default(),
                e.subject_id.map(|u| u.to_string()).unwrap_or_default(),
                e.detail.to_string(),
            ])?;
            rows += 1;
        }
        match (page.next, rows < EXPORT_LIMIT) {
            (Some(after), true) => {
                req = PageRequest {
                    limit: 200,
                    after: Some(after),
                }
            }
            _ => break,
        }
    }
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "audit.exported",
        None,
        json!({"rows": rows, "kind": filter.kind, "actor": filter.actor, "subject": filter.subject,
               "from": filter.from, "before": filter.before}),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"audit-{}.csv\"",
                tenant.landlord.slug
            ),
        ))
        .body(w.finish()?))
}
