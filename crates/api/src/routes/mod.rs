//! One file per resource.

pub mod auth;
pub mod calendar;
pub mod contractors;
pub mod landlords;
pub mod me;
pub mod ops;
pub mod settings;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// The routes under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(me::me)
        .service(users::accept_invitation)
        .service(landlords::create)
        .service(landlords::list)
        .service(settings::get)
        .service(settings::patch)
        .service(users::list)
        .service(users::patch)
        .service(users::invite)
        .service(contractors::list)
        .service(contractors::create)
        .service(contractors::get)
        .service(contractors::patch)
        .service(calendar::due);
}
