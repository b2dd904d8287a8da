use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

db_tests!(
    an_admin_adds_lists_reads_and_renames_contractors,
    contractor_names_are_unique_per_landlord_and_values_are_checked,
    contractors_are_managed_by_admins_and_seen_by_officers,
);

async fn an_admin_adds_lists_reads_and_renames_contractors(app: TestApp) {
    let l = app.landlord("alpha").await;
    let t = &l.admin().token;
    let c = expect_status(
        app.post(
            "/api/v1/landlords/alpha/contractors",
            Some(t),
            &json!({"name": "Keystone", "email": "Jobs@Keystone.test"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(c["email"], "jobs@keystone.test");
    let id = c["id"].as_str().unwrap();
    let list = expect_status(
        app.get("/api/v1/landlords/alpha/contractors?limit=1", t)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"][0]["name"], "Fixit Ltd");
    let cursor = list["next_cursor"].as_str().unwrap();
    let next = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/contractors?limit=1&cursor={cursor}"),
            t,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(next["items"][0]["name"], "Keystone");
    assert!(next["next_cursor"].is_null());
    let renamed = expect_status(
        app.patch(
            &format!("/api/v1/landlords/alpha/contractors/{id}"),
            t,
            &json!({"name": "Keystone Property Services"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["name"], "Keystone Property Services");
    assert_eq!(renamed["email"], "jobs@keystone.test");
    let got = expect_status(
        app.get(&format!("/api/v1/landlords/alpha/contractors/{id}"), t)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got, renamed);
}

async fn contractor_names_are_unique_per_landlord_and_values_are_checked(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let p = expect_problem(
        app.post(
            "/api/v1/landlords/alpha/contractors",
            Some(&a.admin().token),
            &json!({"name": "Fixit Ltd", "email": "x@y.test"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["detail"], "a contractor with this name already exists");
    // Renaming one to another's name is refused the same way, and changes nothing.
    let other = expect_status(
        app.post(
            "/api/v1/landlords/alpha/contractors",
            Some(&a.admin().token),
            &json!({"name": "Keystone Ltd", "email": "k@y.test"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!(
        "/api/v1/landlords/alpha/contractors/{}",
        other["id"].as_str().unwrap()
    );
    let p = expect_problem(
        app.patch(&path, &a.admin().token, &json!({"name": "Fixit Ltd"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["detail"], "a contractor with this name already exists");
    let kept = expect_status(app.get(&path, &a.admin().token).await, StatusCode::OK).await;
    assert_eq!(kept["name"], "Keystone Ltd");
    let p = expect_problem(
        app.post(
            "/api/v1/landlords/alpha/contractors",
            Some(&a.admin().token),
            &json!({"name": "", "email": "nope"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["name", "email"]);
    // Another landlord's contractor does not exist here.
    expect_problem(
        app.get(
            &format!("/api/v1/landlords/alpha/contractors/{}", b.contractor_id),
            &a.admin().token,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        app.patch(
            &format!("/api/v1/landlords/alpha/contractors/{}", b.contractor_id),
            &a.admin().token,
            &json!({"name": "Mine now"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn contractors_are_managed_by_admins_and_seen_by_officers(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let id = a.contractor_id;
    check_access(
        &a,
        &b,
        &platform,
        &[Role::LandlordAdmin, Role::ComplaintsOfficer],
        |t| app.request(Method::GET, "/api/v1/landlords/alpha/contractors", Some(t)),
    )
    .await;
    check_access(
        &a,
        &b,
        &platform,
        &[Role::LandlordAdmin, Role::ComplaintsOfficer],
        |t| {
            app.request(
                Method::GET,
                &format!("/api/v1/landlords/alpha/contractors/{id}"),
                Some(t),
            )
        },
    )
    .await;
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(Method::POST, "/api/v1/landlords/alpha/contractors", Some(t))
            .json(&json!({"name": "Another Ltd", "email": "a@another.test"}))
    })
    .await;
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(
            Method::PATCH,
            &format!("/api/v1/landlords/alpha/contractors/{id}"),
            Some(t),
        )
        .json(&json!({"email": "jobs@fixit.test"}))
    })
    .await;
}
