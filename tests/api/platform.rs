//! The platform operator's view (docs/roles.md, "The platform admin"; issue 5): per landlord,
//! active users, complaints this financial year and in all, and when anything was last
//! recorded. Counts only, never case content, and for the platform admin only.

use crate::complaints::intake;
use crate::helpers::*;
use chrono::Utc;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

db_tests!(
    the_platform_admin_sees_each_landlords_usage_without_case_content,
    only_a_platform_admin_sees_the_platform_view,
);

const PATH: &str = "/api/v1/platform/landlords";

fn by_slug<'a>(page: &'a Value, slug: &str) -> &'a Value {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} not listed: {page}"))
}

async fn the_platform_admin_sees_each_landlords_usage_without_case_content(app: TestApp) {
    let started = Utc::now();
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    expect_status(
        app.post(
            "/api/v1/landlords",
            Some(&platform.token),
            &json!({"name": "Gamma Homes", "slug": "gamma", "kind": "almo", "homes": 300,
                    "homes_low_cost_home_ownership": 20, "admin_email": "admin@gamma.test"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let today = redress_api::time::today();
    // One complaint received this financial year, two in an earlier one.
    let this_year = intake(
        &app,
        &a,
        json!({"received_on": today.to_string(),
               "resident": {"name": "Rosalind Featherstonehaugh", "email": "rosalind.f@example.org"}}),
    )
    .await;
    for _ in 0..2 {
        intake(&app, &a, json!({"received_on": "2024-06-03"})).await;
    }
    // A membership ended no longer counts.
    let handler = a.user(Role::CaseHandler);
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/{}/users/{}", a.slug, handler.id),
            &a.admin().token,
            &json!({"active": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    let resp = app.get(&format!("{PATH}?limit=200"), &platform.token).await;
    let page = expect_status(resp, StatusCode::OK).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    assert!(page["next_cursor"].is_null());

    let alpha = by_slug(&page, "alpha");
    assert_eq!(alpha["name"], "alpha homes");
    assert_eq!(alpha["status"], "active");
    assert_eq!(alpha["kind"], "housing_association");
    assert_eq!(alpha["homes"], 1000);
    assert_eq!(alpha["users"], a.users.len() - 1);
    assert_eq!(alpha["complaints_total"], 3);
    assert_eq!(alpha["complaints_this_year"], 1);
    let last: chrono::DateTime<Utc> = alpha["last_activity_at"].as_str().unwrap().parse().unwrap();
    assert!(last >= started - chrono::Duration::seconds(1), "{last}");
    assert!(last <= Utc::now(), "{last}");

    let beta = by_slug(&page, "beta");
    assert_eq!(beta["users"], b.users.len());
    assert_eq!(beta["complaints_total"], 0);
    assert_eq!(beta["complaints_this_year"], 0);
    assert!(beta["last_activity_at"].is_null());

    let gamma = by_slug(&page, "gamma");
    assert_eq!(gamma["status"], "onboarding");
    assert_eq!(gamma["kind"], "almo");
    assert_eq!(gamma["homes"], 320);
    assert_eq!(gamma["users"], 0, "an invitation is not a user yet");

    // Counts and times only: the fields below and nothing of any case.
    let keys: BTreeSet<&str> = alpha
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "id",
            "slug",
            "name",
            "status",
            "kind",
            "homes",
            "users",
            "complaints_this_year",
            "complaints_total",
            "last_activity_at",
        ])
    );
    let text = page.to_string();
    for word in [
        "Featherstonehaugh",
        "rosalind.f@example.org",
        "Mary Jones",
        "boiler",
        this_year["reference"].as_str().unwrap(),
        this_year["id"].as_str().unwrap(),
    ] {
        assert!(!text.contains(word), "{word:?} in {text}");
    }

    // A page at a time, in the order the landlords were onboarded.
    let first = expect_status(
        app.get(&format!("{PATH}?limit=2"), &platform.token).await,
        StatusCode::OK,
    )
    .await;
    let slugs = |p: &Value| -> Vec<String> {
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(slugs(&first), ["alpha", "beta"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = expect_status(
        app.get(&format!("{PATH}?limit=2&cursor={cursor}"), &platform.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(slugs(&second), ["gamma"]);
    assert!(second["next_cursor"].is_null());
    for (query, field) in [
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?cursor=alpha", "cursor"),
    ] {
        let p = expect_problem(
            app.get(&format!("{PATH}{query}"), &platform.token).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{query}");
    }
}

async fn only_a_platform_admin_sees_the_platform_view(app: TestApp) {
    let a = app.landlord("alpha").await;
    let platform = app.platform_admin().await;
    expect_status(app.get(PATH, &platform.token).await, StatusCode::OK).await;
    for role in Role::MEMBERSHIP {
        expect_problem(
            app.get(PATH, &a.user(role).token).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    expect_problem(
        app.request(Method::GET, PATH, None).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
    )
    .await;
    expect_problem(app.get(PATH, "not-a-token").await, StatusCode::UNAUTHORIZED).await;
}
