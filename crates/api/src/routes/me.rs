//! `GET /me`: who is signed in, and where.

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

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
        id: user.id,
        email: user.email,
        name: user.name,
        is_platform_admin: user.is_platform_admin,
        memberships,
    })
}

/// The signed-in user and their memberships.
#[utoipa::path(
    operation_id = "me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = MeView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<web::Json<MeView>, ApiError> {
    Ok(web::Json(me_view(&state, user.user_id).await?))
}
