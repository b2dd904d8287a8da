//! Regular updates by email (Code 9.6, 9.7): what each member of staff chooses to be sent,
//! and the unsubscribe link every digest carries (statutory letters to residents have none).

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::Policy;
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, get, post, put, web};
use redress_domain::roles::Role;
use redress_store::StoreError;
use redress_store::subscriptions::{self, Available, Choices, Digest, Frequency};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Everyone who may be emailed updates: every member but residents' panel members, who see
/// only what is published (Code 9.3).
pub struct Subscribers;
impl Policy for Subscribers {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Contractor,
        Role::Mrc,
        Role::GoverningBody,
    ];
    const WHO: &'static str = "the landlord's staff, the MRC and the governing body";
}

/// Which emails the caller's role may choose.
#[derive(Debug, Serialize, ToSchema)]
pub struct AvailableView {
    pub weekly_digest: bool,
    pub performance_digest: bool,
    pub deadline_reminders: bool,
    pub review_reminders: bool,
}

impl From<Available> for AvailableView {
    fn from(a: Available) -> Self {
        AvailableView {
            weekly_digest: a.weekly_digest,
            performance_digest: a.performance_digest,
            deadline_reminders: a.deadline_reminders,
            review_reminders: a.review_reminders,
        }
    }
}

/// The caller's choices at this landlord.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionsView {
    /// The weekly digest of open and overdue complaints, on the first working day of the week.
    pub weekly_digest: bool,
    /// The performance digest (Code 9.7): `none`, `monthly` or `quarterly`, on the first
    /// working day of the month or quarter, for the one before.
    pub performance_digest: String,
    /// Reminders two working days before an acknowledgement or response is due, on the day,
    /// and when overdue; for outstanding actions and remedies; and for keeping residents
    /// informed at the interval agreed with them (Code 5.9).
    pub deadline_reminders: bool,
    /// Reminders of reviews of reasonable adjustments and restrictions (Code 5.10, 5.14).
    pub review_reminders: bool,
    /// What the caller's role may choose.
    pub available: AvailableView,
}

fn view(c: Choices, role: Role) -> SubscriptionsView {
    SubscriptionsView {
        weekly_digest: c.weekly_digest,
        performance_digest: c.performance_digest.as_str().to_owned(),
        deadline_reminders: c.deadline_reminders,
        review_reminders: c.review_reminders,
        available: subscriptions::available(role).into(),
    }
}

/// The caller's digest and reminder subscriptions at this landlord.
#[utoipa::path(
    operation_id = "subscriptions_get",
    tag = "subscriptions", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = SubscriptionsView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/subscriptions")]
pub async fn get(tenant: Tenant<Subscribers>) -> Result<web::Json<SubscriptionsView>, ApiError> {
    let c = subscriptions::get(&tenant.db, tenant.scope, tenant.user_id, tenant.role).await?;
    Ok(web::Json(view(c, tenant.role)))
}

/// A change of choices; a field left out keeps its current value.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SubscriptionsUpdate {
    pub weekly_digest: Option<bool>,
    /// `none`, `monthly` or `quarterly`.
    pub performance_digest: Option<String>,
    pub deadline_reminders: Option<bool>,
    pub review_reminders: Option<bool>,
}

/// Sets the caller's subscriptions. Choosing an email the caller's role does not receive is
/// refused naming the field.
#[utoipa::path(
    operation_id = "subscriptions_put",
    tag = "subscriptions", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = SubscriptionsUpdate,
    responses(
        (status = 200, body = SubscriptionsView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/landlords/{slug}/subscriptions")]
pub async fn put(
    tenant: Tenant<Subscribers>,
    body: Json<SubscriptionsUpdate>,
) -> Result<web::Json<SubscriptionsView>, ApiError> {
    let b = body.0;
    let a = subscriptions::available(tenant.role);
    let current = subscriptions::get(&tenant.db, tenant.scope, tenant.user_id, tenant.role).await?;
    let mut f = Fields::new();
    let not_for = |f: &mut Fields, field: &str, who: &str| {
        f.push(
            field,
            format!("is sent to {who}, not to {}", tenant.role.phrase()),
        );
    };
    if b.weekly_digest == Some(true) && !a.weekly_digest {
        not_for(&mut f, "weekly_digest", "the people who handle complaints");
    }
    let performance = b
        .performance_digest
        .as_deref()
        .and_then(|p| f.check("performance_digest", Frequency::parse(p)));
    if performance.is_some_and(|p| p != Frequency::Never) && !a.performance_digest {
        not_for(
            &mut f,
            "performance_digest",
            "the MRC, the governing body, landlord admins and complaints officers",
        );
    }
    if b.deadline_reminders == Some(true) && !a.deadline_reminders {
        not_for(
            &mut f,
            "deadline_reminders",
            "the people who handle complaints",
        );
    }
    if b.review_reminders == Some(true) && !a.review_reminders {
        not_for(
            &mut f,
            "review_reminders",
            "landlord admins and complaints officers",
        );
    }
    f.finish()?;
    let choices = Choices {
        weekly_digest: b.weekly_digest.unwrap_or(current.weekly_digest),
        performance_digest: performance.unwrap_or(current.performance_digest),
        deadline_reminders: b.deadline_reminders.unwrap_or(current.deadline_reminders),
        review_reminders: b.review_reminders.unwrap_or(current.review_reminders),
    };
    let saved = subscriptions::put(&tenant.db, tenant.scope, tenant.user_id, choices).await?;
    Ok(web::Json(view(saved, tenant.role)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// `weekly` or `performance`.
    pub digest: String,
}

fn page(title: &str, body: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(ContentType::html())
        .body(format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title></head>\
             <body style=\"font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; max-width: 40em; margin: 2em auto; padding: 0 16px\">\
             <main><h1>{title}</h1>{body}</main></body></html>"
        ))
}

fn digest_of(q: &UnsubscribeQuery) -> Result<Digest, ApiError> {
    Digest::parse(&q.digest)
        .ok_or_else(|| ApiError::invalid("digest", "must be `weekly` or `performance`"))
}

fn digest_words(d: Digest) -> &'static str {
    match d {
        Digest::Weekly => "the weekly digest of open and overdue complaints",
        Digest::Performance => "the performance digest",
    }
}

/// The page an unsubscribe link opens: it asks for confirmation, so that a link checker
/// following links in the email changes nothing.
#[utoipa::path(
    operation_id = "unsubscribe_page",
    tag = "subscriptions",
    params(("token" = String, Path, description = "The token from the email's link"), UnsubscribeQuery),
    responses(
        (status = 200, description = "An HTML page with a button to confirm", content_type = "text/html"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/unsubscribe/{token}")]
pub async fn unsubscribe_page(
    path: web::Path<String>,
    query: crate::json::Query<UnsubscribeQuery>,
) -> Result<HttpResponse, ApiError> {
    let digest = digest_of(&query)?;
    let token: String = path
        .into_inner()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    Ok(page(
        "Unsubscribe",
        &format!(
            "<p>Stop receiving {}?</p>\
             <form method=\"post\" action=\"/api/v1/unsubscribe/{token}?digest={}\">\
             <button type=\"submit\" style=\"font-size: 19px; padding: 8px 16px\">Unsubscribe</button></form>",
            digest_words(digest),
            digest.as_str()
        ),
    ))
}

/// Turns the digest off: the link's confirmation, and the one-click unsubscribe of
/// RFC 8058 that mail programs send from the `List-Unsubscribe` header. No sign-in.
#[utoipa::path(
    operation_id = "unsubscribe",
    tag = "subscriptions",
    params(("token" = String, Path, description = "The token from the email's link"), UnsubscribeQuery),
    responses(
        (status = 200, description = "An HTML page confirming it", content_type = "text/html"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/unsubscribe/{token}")]
pub async fn unsubscribe(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: crate::json::Query<UnsubscribeQuery>,
) -> Result<HttpResponse, ApiError> {
    let digest = digest_of(&query)?;
    match subscriptions::unsubscribe(&state.db, &path.into_inner(), digest).await {
        Ok(_) => Ok(page(
            "You are unsubscribed",
            &format!(
                "<p>You will no longer receive {}. You can choose again at any time in the portal.</p>",
                digest_words(digest)
            ),
        )),
        Err(StoreError::NotFound) => Err(ApiError::NotFound),
        Err(e) => Err(e.into()),
    }
}
