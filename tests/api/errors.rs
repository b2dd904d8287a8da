use crate::helpers::*;
use reqwest::{Method, StatusCode};

db_tests!(
    malformed_json_is_a_bad_request_and_an_unknown_path_is_not_found,
    every_response_names_its_request_and_every_problem_quotes_it,
);

async fn every_response_names_its_request_and_every_problem_quotes_it(app: TestApp) {
    let header = |r: &reqwest::Response| {
        r.headers()
            .get("x-request-id")
            .expect("an X-Request-Id header")
            .to_str()
            .unwrap()
            .to_owned()
    };
    let ok = app
        .request(Method::GET, "/healthz", None)
        .send()
        .await
        .unwrap();
    let first = header(&ok);
    assert_eq!(ok.status(), StatusCode::OK);
    for (path, status) in [
        ("/api/v1/me", StatusCode::UNAUTHORIZED),
        (
            "/api/v1/landlords/nowhere/complaints",
            StatusCode::UNAUTHORIZED,
        ),
        ("/api/v1/no-such-thing", StatusCode::NOT_FOUND),
    ] {
        let r = app.request(Method::GET, path, None).send().await.unwrap();
        let id = header(&r);
        assert_ne!(id, first, "each request has its own id");
        let problem = expect_problem(r, status).await;
        assert_eq!(problem["request_id"], id.as_str(), "{path}: {problem}");
    }
}

async fn malformed_json_is_a_bad_request_and_an_unknown_path_is_not_found(app: TestApp) {
    let l = app.landlord("alpha").await;
    let resp = app
        .request(
            Method::PATCH,
            "/api/v1/landlords/alpha/settings",
            Some(&l.admin().token),
        )
        .header("content-type", "application/json")
        .body("{\"homes\": ")
        .send()
        .await
        .unwrap();
    let p = expect_problem(resp, StatusCode::BAD_REQUEST).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .starts_with("the body is not valid JSON")
    );
    let resp = app
        .request(Method::POST, "/api/v1/auth/login", None)
        .header("content-type", "text/plain")
        .body("email=a")
        .send()
        .await
        .unwrap();
    expect_problem(resp, StatusCode::BAD_REQUEST).await;
    let p = expect_problem(
        app.get("/api/v1/nowhere", &l.admin().token).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(p["title"], "Not Found");
    expect_problem(
        app.get(
            "/api/v1/landlords/alpha/contractors/not-a-uuid",
            &l.admin().token,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
