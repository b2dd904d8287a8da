use crate::helpers::*;
use chrono::{Days, NaiveDate};
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

db_tests!(
    staff_record_monitor_and_review_service_requests,
    service_request_values_are_checked_and_a_refused_change_changes_nothing,
    another_landlords_service_request_or_resident_is_out_of_reach,
    references_stay_unique_when_requests_are_recorded_at_once,
    service_requests_are_kept_by_complaints_staff_and_read_by_the_mrc,
);

const REQUESTS: &str = "/api/v1/landlords/alpha/service-requests";

fn today() -> NaiveDate {
    redress_api::time::today()
}

fn days_ago(n: u64) -> String {
    (today() - Days::new(n)).to_string()
}

async fn resident(app: &TestApp, slug: &str, token: &str, name: &str) -> String {
    let r = expect_status(
        app.post(
            &format!("/api/v1/landlords/{slug}/residents"),
            Some(token),
            &json!({"name": name}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    r["id"].as_str().unwrap().to_owned()
}

async fn record(app: &TestApp, token: &str, resident_id: &str, description: &str) -> Value {
    expect_status(
        app.post(
            REQUESTS,
            Some(token),
            &json!({"resident_id": resident_id, "category": "repairs",
                    "description": description, "reported_on": days_ago(10)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

fn descriptions(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["description"].as_str().unwrap())
        .collect()
}

async fn staff_record_monitor_and_review_service_requests(app: TestApp) {
    let l = app.landlord("alpha").await;
    let admin = &l.admin().token;
    let handler = &l.user(Role::CaseHandler).token;
    expect_status(
        app.patch(
            "/api/v1/landlords/alpha/settings",
            admin,
            &json!({"reference_prefix": "NB"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let ann = resident(&app, "alpha", handler, "Ann Smith").await;
    let bob = resident(&app, "alpha", handler, "Bob Jones").await;

    let tap = expect_status(
        app.post(
            REQUESTS,
            Some(handler),
            &json!({"resident_id": ann, "category": "repairs", "description": "Leaking tap",
                    "reported_on": days_ago(10), "due_on": days_ago(0)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(tap["reference"], "NB-SR-000001");
    assert_eq!(tap["status"], "open");
    assert_eq!(tap["resident_id"], ann.as_str());
    assert_eq!(tap["reported_on"], days_ago(10));
    assert_eq!(tap["due_on"], days_ago(0));
    assert!(tap["completed_on"].is_null());
    assert!(tap["reviewed_on"].is_null());
    assert!(tap["created_at"].is_string());
    let door = record(&app, handler, &bob, "Front door sticks").await;
    assert_eq!(door["reference"], "NB-SR-000002");
    let mould = record(&app, admin, &ann, "Mould in bathroom").await;
    assert_eq!(mould["reference"], "NB-SR-000003");

    // Monitoring and review (Code 1.4).
    let tap_id = tap["id"].as_str().unwrap();
    let started = expect_status(
        app.patch(
            &format!("{REQUESTS}/{tap_id}"),
            handler,
            &json!({"status": "in_progress", "reviewed_on": days_ago(2), "due_on": null}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(started["status"], "in_progress");
    assert_eq!(started["reviewed_on"], days_ago(2));
    assert!(started["due_on"].is_null());
    assert_eq!(started["description"], "Leaking tap");
    let done = expect_status(
        app.patch(
            &format!("{REQUESTS}/{tap_id}"),
            handler,
            &json!({"status": "completed", "description": "Leaking kitchen tap"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "completed");
    assert_eq!(
        done["completed_on"],
        today().to_string(),
        "completed today when no date is given"
    );
    assert_eq!(done["description"], "Leaking kitchen tap");
    assert_eq!(done["reviewed_on"], days_ago(2));
    assert_eq!(done["reference"], "NB-SR-000001");
    let got = expect_status(
        app.get(&format!("{REQUESTS}/{tap_id}"), &l.user(Role::Mrc).token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got, done);

    let door_id = door["id"].as_str().unwrap();
    let door_done = expect_status(
        app.patch(
            &format!("{REQUESTS}/{door_id}"),
            admin,
            &json!({"status": "completed", "completed_on": days_ago(3)}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(door_done["completed_on"], days_ago(3));
    // Reopening: no longer completed, so no completion date.
    let reopened = expect_status(
        app.patch(
            &format!("{REQUESTS}/{door_id}"),
            admin,
            &json!({"status": "open"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reopened["status"], "open");
    assert!(reopened["completed_on"].is_null());

    // Filters and paging.
    let of_ann = format!("?resident_id={ann}");
    let of_ann_open = format!("?resident_id={ann}&status=open");
    for (query, expected) in [
        (
            "",
            vec![
                "Leaking kitchen tap",
                "Front door sticks",
                "Mould in bathroom",
            ],
        ),
        (
            "?status=open",
            vec!["Front door sticks", "Mould in bathroom"],
        ),
        ("?status=completed", vec!["Leaking kitchen tap"]),
        ("?status=cancelled", vec![]),
        (
            of_ann.as_str(),
            vec!["Leaking kitchen tap", "Mould in bathroom"],
        ),
        (of_ann_open.as_str(), vec!["Mould in bathroom"]),
    ] {
        let page = expect_status(
            app.get(&format!("{REQUESTS}{query}"), admin).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(descriptions(&page), expected, "{query}");
    }
    let first = expect_status(
        app.get(&format!("{REQUESTS}?limit=2"), admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        descriptions(&first),
        ["Leaking kitchen tap", "Front door sticks"]
    );
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = expect_status(
        app.get(&format!("{REQUESTS}?limit=2&cursor={cursor}"), admin)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(descriptions(&second), ["Mould in bathroom"]);
    assert!(second["next_cursor"].is_null());
}

async fn service_request_values_are_checked_and_a_refused_change_changes_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let t = &l.user(Role::ComplaintsOfficer).token;
    let ann = resident(&app, "alpha", t, "Ann Smith").await;
    let tomorrow = (today() + Days::new(1)).to_string();
    let p = expect_problem(
        app.post(
            REQUESTS,
            Some(t),
            &json!({"resident_id": ann, "category": " ", "description": "",
                    "reported_on": tomorrow}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["category", "description", "reported_on"]);
    let p = expect_problem(
        app.post(
            REQUESTS,
            Some(t),
            &json!({"resident_id": ann, "category": "repairs", "description": "Tap",
                    "reported_on": days_ago(1), "due_on": days_ago(2)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["due_on"]);
    for (body, field) in [
        (
            json!({"resident_id": ann, "category": "repairs", "description": "Tap", "reported_on": "last week"}),
            "reported_on",
        ),
        (
            json!({"resident_id": "nobody", "category": "repairs", "description": "Tap", "reported_on": days_ago(1)}),
            "resident_id",
        ),
        (
            json!({"resident_id": ann, "description": "Tap", "reported_on": days_ago(1)}),
            "category",
        ),
        (
            json!({"resident_id": uuid::Uuid::now_v7(), "category": "repairs", "description": "Tap",
                   "reported_on": days_ago(1)}),
            "resident_id",
        ),
    ] {
        let p = expect_problem(
            app.post(REQUESTS, Some(t), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{body}");
    }
    let list = expect_status(app.get(REQUESTS, t).await, StatusCode::OK).await;
    assert!(
        descriptions(&list).is_empty(),
        "nothing refused is recorded"
    );

    let sr = record(&app, t, &ann, "Leaking tap").await;
    let id = sr["id"].as_str().unwrap();
    for (body, expected) in [
        (
            json!({"status": "closed", "description": " "}),
            vec!["status", "description"],
        ),
        (
            json!({"status": "completed", "completed_on": tomorrow}),
            vec!["completed_on"],
        ),
        (json!({"reviewed_on": tomorrow}), vec!["reviewed_on"]),
        (json!({"completed_on": days_ago(1)}), vec!["completed_on"]),
        (
            json!({"status": "completed", "completed_on": null}),
            vec!["completed_on"],
        ),
        (json!({"reviewed_on": days_ago(11)}), vec!["reviewed_on"]),
        (json!({"due_on": days_ago(30)}), vec!["due_on"]),
        (json!({"due_on": "soon"}), vec!["due_on"]),
    ] {
        let p = expect_problem(
            app.patch(&format!("{REQUESTS}/{id}"), t, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), expected, "{body}");
    }
    let after = expect_status(
        app.get(&format!("{REQUESTS}/{id}"), t).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after, sr, "a refused change changes nothing");

    for (query, field) in [
        ("?status=closed", "status"),
        ("?resident_id=ann", "resident_id"),
    ] {
        let p = expect_problem(
            app.get(&format!("{REQUESTS}{query}"), t).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{query}");
    }
}

async fn another_landlords_service_request_or_resident_is_out_of_reach(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let bt = &b.admin().token;
    let theirs_resident = resident(&app, "bravo", bt, "Bravo Resident").await;
    let theirs = expect_status(
        app.post(
            "/api/v1/landlords/bravo/service-requests",
            Some(bt),
            &json!({"resident_id": theirs_resident, "category": "repairs",
                    "description": "Broken window", "reported_on": days_ago(1)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(
        theirs["reference"]
            .as_str()
            .unwrap()
            .ends_with("-SR-000001")
    );
    let id = theirs["id"].as_str().unwrap();
    let t = &a.admin().token;
    expect_problem(
        app.get(&format!("{REQUESTS}/{id}"), t).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        app.patch(
            &format!("{REQUESTS}/{id}"),
            t,
            &json!({"status": "cancelled"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Another landlord's resident is no resident here.
    let p = expect_problem(
        app.post(
            REQUESTS,
            Some(t),
            &json!({"resident_id": theirs_resident, "category": "repairs",
                    "description": "Not mine", "reported_on": days_ago(1)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["resident_id"]);
    let list = expect_status(
        app.get(&format!("{REQUESTS}?resident_id={theirs_resident}"), t)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(descriptions(&list).is_empty());
    let list = expect_status(app.get(REQUESTS, t).await, StatusCode::OK).await;
    assert!(descriptions(&list).is_empty());
    let still = expect_status(
        app.get(
            &format!("/api/v1/landlords/bravo/service-requests/{id}"),
            bt,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(still, theirs);
}

async fn references_stay_unique_when_requests_are_recorded_at_once(app: TestApp) {
    let l = app.landlord("alpha").await;
    let t = l.admin().token.clone();
    let ann = resident(&app, "alpha", &t, "Ann Smith").await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..12 {
        let request = app
            .request(Method::POST, REQUESTS, Some(&t))
            .json(&json!({"resident_id": ann, "category": "repairs",
                          "description": format!("Job {i}"), "reported_on": days_ago(1)}));
        tasks.spawn(async move { request.send().await.expect("sent") });
    }
    let mut references = BTreeSet::new();
    while let Some(resp) = tasks.join_next().await {
        let sr = expect_status(resp.unwrap(), StatusCode::CREATED).await;
        references.insert(sr["reference"].as_str().unwrap().to_owned());
    }
    let numbers: BTreeSet<u32> = references
        .iter()
        .map(|r| r.rsplit_once("-SR-").unwrap().1.parse().unwrap())
        .collect();
    assert_eq!(numbers, (1..=12).collect::<BTreeSet<u32>>());
}

async fn service_requests_are_kept_by_complaints_staff_and_read_by_the_mrc(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let t = &a.admin().token;
    let ann = resident(&app, "alpha", t, "Ann Smith").await;
    let sr = record(&app, t, &ann, "Leaking tap").await;
    let id = sr["id"].as_str().unwrap().to_owned();
    let readers = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Mrc,
    ];
    let writers = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    check_access(&a, &b, &platform, &readers, |t| {
        app.request(Method::GET, REQUESTS, Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &readers, |t| {
        app.request(Method::GET, &format!("{REQUESTS}/{id}"), Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &writers, |t| {
        app.request(Method::POST, REQUESTS, Some(t)).json(
            &json!({"resident_id": ann, "category": "repairs", "description": "Another job",
                    "reported_on": days_ago(1)}),
        )
    })
    .await;
    check_access(&a, &b, &platform, &writers, |t| {
        app.request(Method::PATCH, &format!("{REQUESTS}/{id}"), Some(t))
            .json(&json!({"reviewed_on": days_ago(0)}))
    })
    .await;
}
