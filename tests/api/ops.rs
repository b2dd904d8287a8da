use crate::helpers::*;
use reqwest::{Method, StatusCode};

db_tests!(
    health_readiness_and_metrics_answer,
    metrics_need_a_token_or_their_own_address,
    the_openapi_document_is_served_and_matches_the_committed_one,
    the_api_docs_work_without_the_internet,
);

/// `/metrics` with the token the tests configure.
async fn scrape(app: &TestApp) -> String {
    app.request(
        Method::GET,
        "/metrics",
        Some("a metrics token for the tests"),
    )
    .send()
    .await
    .unwrap()
    .text()
    .await
    .unwrap()
}

async fn health_readiness_and_metrics_answer(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        redress_server::config::Settings {
            metrics_token: Some("a metrics token for the tests".into()),
            ..test_settings()
        },
    )
    .await;
    let h = app
        .request(Method::GET, "/healthz", None)
        .send()
        .await
        .unwrap();
    assert_eq!(expect_status(h, StatusCode::OK).await["status"], "ok");
    let r = app
        .request(Method::GET, "/readyz", None)
        .send()
        .await
        .unwrap();
    assert_eq!(expect_status(r, StatusCode::OK).await["database"], "ok");
    // A request first, so there is something to count.
    app.request(Method::GET, "/healthz", None)
        .send()
        .await
        .unwrap();
    let text = scrape(&app).await;
    for name in [
        "redress_http_requests_total",
        "redress_http_request_duration_seconds",
        "redress_outbox_pending",
        "redress_outbox_dead",
        "redress_database_up",
        "redress_outbox_oldest_pending_age_seconds",
        "redress_db_pool_connections",
        "redress_db_pool_idle_connections",
    ] {
        assert!(text.contains(name), "{name} is missing:\n{text}");
    }
    // The scheduler's last run is read from the database, whichever process did it.
    let worker = "a scheduler elsewhere";
    assert!(
        redress_store::schedule::claim_run(
            &app.db,
            "daily",
            "2026-12-01",
            worker,
            chrono::Duration::minutes(5)
        )
        .await
        .unwrap()
    );
    redress_store::schedule::finish_run(&app.db, "daily", "2026-12-01", worker)
        .await
        .unwrap();
    let text = scrape(&app).await;
    let last = text
        .lines()
        .find_map(|l| l.strip_prefix("redress_scheduler_last_run_timestamp_seconds "))
        .unwrap_or_else(|| panic!("no last run:\n{text}"));
    let last: f64 = last.trim().parse().unwrap();
    assert!((chrono::Utc::now().timestamp() as f64 - last).abs() < 600.0);
}

async fn metrics_need_a_token_or_their_own_address(app: TestApp) {
    // By default /metrics is not served at all.
    expect_problem(
        app.request(Method::GET, "/metrics", None)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    async fn metrics_with_token(backend: Backend, token: &str, given: Option<&str>) -> StatusCode {
        let app = spawn_app_with(
            backend,
            redress_server::config::Settings {
                metrics_token: Some(token.into()),
                ..test_settings()
            },
        )
        .await;
        let r = app
            .request(Method::GET, "/metrics", given)
            .send()
            .await
            .unwrap();
        let status = r.status();
        expect_problem(r, status).await;
        status
    }
    // An empty token is no token: /metrics stays closed rather than open to anyone.
    assert_eq!(
        metrics_with_token(app.backend, "  ", None).await,
        StatusCode::NOT_FOUND
    );
    // With a token, only to requests bearing it.
    for wrong in [None, Some("not the token")] {
        assert_eq!(
            metrics_with_token(app.backend, "a metrics token for the tests", wrong).await,
            StatusCode::UNAUTHORIZED
        );
    }
    // On an address of its own, without a token there; not on the main address.
    let mut settings = test_settings();
    settings.metrics_listen = Some("127.0.0.1:0".into());
    settings.database_url = match app.backend {
        Backend::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            settings.data_dir.join("redress.db").display()
        ),
        Backend::Postgres => app.settings.database_url.clone(),
    };
    settings.migration_database_url = app.settings.migration_database_url.clone();
    let built = redress_server::startup::Application::build(settings, None)
        .await
        .unwrap();
    let main = format!("http://127.0.0.1:{}", built.port());
    let metrics = format!(
        "http://127.0.0.1:{}/metrics",
        built.metrics_port().expect("a metrics port")
    );
    tokio::spawn(built.run_until_stopped());
    let r = reqwest::get(&metrics).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("redress_"));
    let r = reqwest::get(format!("{main}/metrics")).await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn the_openapi_document_is_served_and_matches_the_committed_one(app: TestApp) {
    let resp = app
        .request(Method::GET, "/api/v1/openapi.json", None)
        .send()
        .await
        .unwrap();
    let served = expect_status(resp, StatusCode::OK).await;
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    assert_eq!(
        served, committed,
        "openapi/openapi.json is stale: run `cargo run -p redress-server -- openapi > openapi/openapi.json`"
    );
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/invitations/{token}/accept",
        "/api/v1/landlords",
        "/api/v1/landlords/{slug}/settings",
        "/api/v1/landlords/{slug}/users",
        "/api/v1/landlords/{slug}/users/{id}",
        "/api/v1/landlords/{slug}/invitations",
        "/api/v1/landlords/{slug}/contractors",
        "/api/v1/landlords/{slug}/contractors/{id}",
        "/api/v1/landlords/{slug}/calendar/due",
    ] {
        assert!(
            served["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
}

async fn the_api_docs_work_without_the_internet(app: TestApp) {
    let resp = app
        .request(Method::GET, "/api/docs/", None)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(html.contains("swagger"), "{html}");
    for cdn in ["unpkg.com", "cdn.jsdelivr", "cdnjs"] {
        assert!(!html.contains(cdn), "the docs page loads from {cdn}");
    }
    let init = app
        .request(Method::GET, "/api/docs/swagger-initializer.js", None)
        .send()
        .await
        .unwrap();
    let js = init.text().await.unwrap();
    assert!(js.contains("/api/v1/openapi.json"), "{js}");
}

/// Replicas that start together on an empty PostgreSQL database both migrate it: the
/// advisory lock queues the second behind the first, which then finds nothing to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_starting_at_once_on_an_empty_database_migrate_it_once() {
    if postgres_url().is_none() {
        return;
    }
    let url = fresh_postgres_database().await;
    let connect = || redress_store::db::connect(&url);
    let (a, b, c) = (
        connect().await.unwrap(),
        connect().await.unwrap(),
        connect().await.unwrap(),
    );
    assert!(redress_store::db::pending_migrations(&a).await.unwrap() > 50);
    let (ra, rb, rc) = tokio::join!(
        redress_store::db::migrate(&a),
        redress_store::db::migrate(&b),
        redress_store::db::migrate(&c)
    );
    for r in [ra, rb, rc] {
        r.expect("every replica's migration succeeds");
    }
    assert_eq!(redress_store::db::pending_migrations(&a).await.unwrap(), 0);
    for db in [a, b, c] {
        db.close().await.ok();
    }
    drop_postgres_database(&url).await;
}
