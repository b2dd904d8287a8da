//! A resident's private tracking link, re-issued by staff at the resident's request (they
//! lost it, or think someone else has it): a new link is emailed to them and the old one
//! stops working at once. Staff never see either link.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::CaseWorkers;
use crate::error::{ApiError, Problem};
use crate::use_cases::case::{Caller, load};
use crate::views::LetterView;
use actix_web::{post, web};
use redress_store::audit;
use serde_json::json;
use uuid::Uuid;

/// Sends the resident a new private tracking link by email; the old link no longer works.
/// The letter is kept on the complaint's correspondence with the link withheld. Refused
/// with 409 when the resident cannot be emailed (the link is never posted).
#[utoipa::path(
    operation_id = "complaints_reissue_tracking_link",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    responses(
        (status = 201, description = "The new link is on its way to the resident", body = LetterView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The resident cannot be emailed, or the complaint closed over twelve months ago", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/tracking-link")]
pub async fn reissue(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
) -> Result<actix_web::HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &tenant.landlord, &caller, id).await?;
    // Those working on the case as it stands (a contractor, once it went to stage 2, no
    // longer is).
    caller.may_work_on(&loaded.case)?;
    if let Some(closed) = loaded.case.complaint.closed_on
        && crate::letters::link_expires(closed) < crate::time::today()
    {
        return Err(ApiError::Conflict(
            "the complaint closed more than twelve months ago: its tracking page is no longer \
             available, so no new link is sent"
                .into(),
        ));
    }
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    let letter = crate::letters::reissue_tracking_link(
        &txn,
        &state,
        tenant.scope,
        &tenant.landlord,
        &loaded.scheme,
        id,
    )
    .await?;
    audit::record(
        &txn,
        tenant.scope,
        &tenant.actor(),
        "tracking_link.reissued",
        Some(id),
        json!({"letter_id": letter.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(actix_web::HttpResponse::Created().json(LetterView::from(letter)))
}
