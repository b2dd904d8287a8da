//! Health, readiness and metrics, outside `/api/v1`. `/metrics` is served on the main
//! address only to requests bearing the configured metrics token; an operator may instead
//! serve it on a listen address of its own (see [`metrics_app`]).

use crate::AppState;
use crate::error::ApiError;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

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

/// Prometheus exposition on the main address: 404 unless a metrics token is configured, 401
/// without it.
async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let Some(expected) = &state.metrics_token else {
        return ApiError::NotFound.error_response();
    };
    let given = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compared as hashes, so the time taken says nothing about the token.
    if Sha256::digest(given.as_bytes()) != Sha256::digest(expected.expose_secret().as_bytes()) {
        return ApiError::Unauthorized("the metrics token is missing or not right".into())
            .error_response();
    }
    exposition(&state).await
}

/// `/metrics` alone, without a token, for a listen address of its own (one that only the
/// monitoring network can reach).
pub fn metrics_app(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/metrics",
        web::get().to(|state: web::Data<AppState>| async move { exposition(&state).await }),
    );
}

async fn exposition(state: &AppState) -> HttpResponse {
    // Read from the database at each scrape, so every replica reports the same backlog and
    // the last run whichever replica did it.
    let now = chrono::Utc::now();
    // When the database does not answer, the figures below keep their last values: this
    // says so.
    let up = redress_store::db::ping(&state.db).await.is_ok();
    metrics::gauge!("redress_database_up").set(if up { 1.0 } else { 0.0 });
    if let Ok(h) = redress_store::outbox::health(&state.db).await {
        metrics::gauge!("redress_outbox_pending").set(h.pending as f64);
        metrics::gauge!("redress_outbox_dead").set(h.dead as f64);
        let age = h
            .oldest_pending_since
            .map(|t| (now - t).num_milliseconds().max(0) as f64 / 1000.0)
            .unwrap_or(0.0);
        metrics::gauge!("redress_outbox_oldest_pending_age_seconds").set(age);
    }
    if let Ok(Some(t)) =
        redress_store::schedule::last_finished(&state.db, redress_notify::scheduler::DAILY).await
    {
        metrics::gauge!("redress_scheduler_last_run_timestamp_seconds").set(t.timestamp() as f64);
    }
    let (open, idle) = redress_store::db::pool_connections(&state.db);
    metrics::gauge!("redress_db_pool_connections").set(f64::from(open));
    metrics::gauge!("redress_db_pool_idle_connections").set(idle as f64);
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body((state.render_metrics)())
}
