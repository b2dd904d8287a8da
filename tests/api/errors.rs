use crate::helpers::*;
use reqwest::{Method, StatusCode};

db_tests!(malformed_json_is_a_bad_request_and_an_unknown_path_is_not_found,);

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
