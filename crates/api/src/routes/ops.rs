//! Health, readiness and metrics, outside `/api/v1`.

use crate::AppState;
use actix_web::{HttpResponse, web};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/metrics", web::get().to(metrics));
}

/// The process is up.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// The process can serve: its database answers.
async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match redress_store::db::ping(&state.db).await {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "ok"})),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check: database did not answer");
            HttpResponse::ServiceUnavailable()
                .json(serde_json::json!({"status": "unavailable", "database": "unreachable"}))
        }
    }
}

/// Prometheus exposition.
async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    if let Ok(n) = redress_store::outbox::pending_count(&state.db).await {
        metrics::gauge!("redress_outbox_pending").set(n as f64);
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body((state.render_metrics)())
}
