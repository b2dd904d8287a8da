use crate::helpers::*;
use reqwest::{Method, StatusCode};

db_tests!(
    health_readiness_and_metrics_answer,
    the_openapi_document_is_served_and_matches_the_committed_one,
    the_api_docs_work_without_the_internet,
);

async fn health_readiness_and_metrics_answer(app: TestApp) {
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
    let m = app
        .request(Method::GET, "/metrics", None)
        .send()
        .await
        .unwrap();
    let text = m.text().await.unwrap();
    assert!(text.contains("redress_http_requests_total"), "{text}");
    assert!(text.contains("redress_outbox_pending"), "{text}");
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
