//! The HTTP API of Redress: actix-web handlers, one file per resource, the extractors that
//! say who is calling, one problem+json error contract, and the OpenAPI document generated
//! from the handlers themselves.

pub mod auth;
pub mod csv_export;
pub mod documents;
pub mod emails;
pub mod error;
pub mod forms;
pub mod json;
pub mod letters;
pub mod logging;
pub mod openapi_docs;
pub mod page;
pub mod routes;
pub mod time;
pub mod use_cases;
pub mod views;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, web};
use auth::client::TrustedProxies;
use auth::jwt::AccessTokens;
use auth::password::HashCost;
use auth::throttle::Throttle;
use redress_domain::calendar::BankHolidays;
use redress_store::DatabaseConnection;
use std::sync::{Arc, LazyLock};
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// Everything a handler may need, shared by all workers of one server.
pub struct AppState {
    pub db: DatabaseConnection,
    pub access_tokens: AccessTokens,
    pub refresh_ttl: chrono::Duration,
    pub invitation_ttl: chrono::Duration,
    pub hash_cost: HashCost,
    /// A hash to verify against when the email is unknown, so timing does not tell.
    pub dummy_hash: String,
    /// Limits on guessing (sign-in, invitations, resets, MFA codes, residents' links).
    pub throttle: Throttle,
    /// Whose forwarding headers are believed for the client's address.
    pub trusted_proxies: TrustedProxies,
    /// Admins (and every user of a landlord that asks it) must sign in with a second factor.
    /// An operator whose sign-in is protected upstream may turn this off.
    pub require_mfa: bool,
    /// The name authenticator apps show for the account.
    pub mfa_issuer: String,
    /// Seals secrets kept at rest (TOTP secrets, links only their recipient may see).
    pub data_key: redress_store::seal::DataKey,
    pub bank_holidays: BankHolidays,
    /// The address people use to reach the portal, for links in emails.
    pub public_url: String,
    /// The token `/metrics` asks for on the main address; none: not served there.
    pub metrics_token: Option<secrecy::SecretString>,
    /// Renders the Prometheus exposition for `/metrics`.
    pub render_metrics: Arc<dyn Fn() -> String + Send + Sync>,
    /// Where the bytes of complaints' attachments are kept (Code 5.12).
    pub attachments: redress_store::attachments::AttachmentStore,
    /// The largest attachment accepted, in bytes.
    pub attachment_max_bytes: u64,
    /// The templates of the letters sent to residents.
    pub templates: redress_notify::templates::Templates,
    /// The rate limit of the public routes, per client address, shared by every worker.
    pub public_rate: routes::public::PublicRateLimit,
    /// Landlords' schemes and calendars, kept while their settings version holds.
    pub rules: use_cases::rules::RulesCache,
}

impl AppState {
    /// The database as the landlord of `scope` sees it (row-level security on PostgreSQL).
    pub fn scoped(&self, scope: redress_store::TenantScope) -> redress_store::Scoped {
        redress_store::Scoped::new(&self.db, scope)
    }

    /// The database for an account's own business, which belongs to no one landlord: its
    /// memberships everywhere, and the platform's mail to it (resets, address changes).
    pub fn accounts(&self) -> redress_store::Scoped {
        redress_store::Scoped::all_landlords(&self.db, redress_store::Purpose::Accounts)
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Redress API",
        description = "Complaint handling under the Housing Ombudsman's Complaint Handling Code, \
for social landlords in England. Errors are application/problem+json (RFC 9457).",
        version = "1"
    ),
    modifiers(&BearerAuth),
    components(schemas(error::Problem, error::FieldError))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("JWT")
                        .build(),
                ),
            );
        }
    }
}

/// The OpenAPI document, as served at `/api/v1/openapi.json` and committed in `openapi/`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1/public").configure(routes::configure_public))
        .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
        .split_for_parts()
        .1;
    openapi_docs::complete(&mut doc);
    doc
}

static OPENAPI: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(openapi);

/// The whole application: the API, its documentation, health and metrics.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let public_rate = state.public_rate.governor();
    // The document is registered before the `/api/v1` scope, which would otherwise answer
    // 404 for `/api/v1/openapi.json`; so is the public scope, with its rate limit.
    App::new()
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/v1/openapi.json", OPENAPI.clone()))
        .service(web::redirect("/api/docs", "/api/docs/"))
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(state)
        .app_data(web::QueryConfig::default().error_handler(|err, _| {
            error::ApiError::BadRequest(format!("the query string is not valid: {err}")).into()
        }))
        .app_data(web::PathConfig::default().error_handler(|_, _| error::ApiError::NotFound.into()))
        .service(
            utoipa_actix_web::scope("/api/v1/public")
                .wrap(public_rate)
                .configure(routes::configure_public),
        )
        .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
        .into_app()
        .configure(routes::ops::configure)
        .default_service(web::to(|| async {
            Err::<actix_web::HttpResponse, _>(error::ApiError::NotFound)
        }))
}
