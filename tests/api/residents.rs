use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    staff_record_list_search_page_read_and_change_residents,
    resident_values_are_checked_and_a_refused_change_changes_nothing,
    another_landlords_resident_is_not_found,
    residents_are_kept_by_complaints_staff_and_read_by_the_mrc,
);

const RESIDENTS: &str = "/api/v1/landlords/alpha/residents";

async fn add(app: &TestApp, token: &str, body: Value) -> Value {
    expect_status(
        app.post(RESIDENTS, Some(token), &body).await,
        StatusCode::CREATED,
    )
    .await
}

fn names(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect()
}

async fn staff_record_list_search_page_read_and_change_residents(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let handler = &l.user(Role::CaseHandler).token;
    let ann = add(
        &app,
        officer,
        json!({"name": "  Ann Smith ", "email": "Ann.Smith@Example.ORG", "phone": "+44 (0)20 7946 0001",
               "address": "1 High Street\nLondon", "property_ref": "HX-12/3",
               "preferred_contact": "letter", "preferred_format": "large print", "language": "Polish"}),
    )
    .await;
    assert_eq!(ann["name"], "Ann Smith");
    assert_eq!(ann["email"], "ann.smith@example.org");
    assert_eq!(ann["preferred_contact"], "letter");
    assert_eq!(ann["preferred_format"], "large print");
    assert!(ann["created_at"].is_string());
    add(
        &app,
        handler,
        json!({"name": "Bob Jones", "property_ref": "ZZ-9", "preferred_contact": "in_person"}),
    )
    .await;
    let cara = add(&app, officer, json!({"name": "Cara 50% Off", "email": ""})).await;
    assert!(cara["email"].is_null(), "blank optional text is not given");

    // Paging, in the order they were recorded.
    let first = expect_status(
        app.get(&format!("{RESIDENTS}?limit=2"), officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&first), ["Ann Smith", "Bob Jones"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = expect_status(
        app.get(&format!("{RESIDENTS}?limit=2&cursor={cursor}"), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&second), ["Cara 50% Off"]);
    assert!(second["next_cursor"].is_null());

    // Search: name, email and property reference, whatever the case.
    for (q, expected) in [
        ("smith", vec!["Ann Smith"]),
        ("EXAMPLE.org", vec!["Ann Smith"]),
        ("hx-12", vec!["Ann Smith"]),
        ("zz-9", vec!["Bob Jones"]),
        ("O", vec!["Ann Smith", "Bob Jones", "Cara 50% Off"]),
        ("50%25", vec!["Cara 50% Off"]),
        ("%25", vec!["Cara 50% Off"]),
        ("_", vec![]),
        ("nobody", vec![]),
    ] {
        let page = expect_status(
            app.get(&format!("{RESIDENTS}?q={q}"), officer).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(names(&page), expected, "q={q}");
    }
    let paged = expect_status(
        app.get(&format!("{RESIDENTS}?q=o&limit=2"), officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&paged), ["Ann Smith", "Bob Jones"]);
    let cursor = paged["next_cursor"].as_str().unwrap();
    let paged = expect_status(
        app.get(&format!("{RESIDENTS}?q=o&limit=2&cursor={cursor}"), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&paged), ["Cara 50% Off"]);

    // A change touches only the fields it names; null clears an optional one.
    let id = ann["id"].as_str().unwrap();
    let changed = expect_status(
        app.patch(
            &format!("{RESIDENTS}/{id}"),
            handler,
            &json!({"language": "English", "phone": null, "property_ref": "HX-99", "preferred_contact": "email"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["language"], "English");
    assert!(changed["phone"].is_null());
    assert_eq!(changed["property_ref"], "HX-99");
    assert_eq!(changed["preferred_contact"], "email");
    assert_eq!(changed["email"], ann["email"]);
    assert_eq!(changed["address"], ann["address"]);
    assert_eq!(changed["preferred_format"], ann["preferred_format"]);
    assert_eq!(changed["created_at"], ann["created_at"]);
    let got = expect_status(
        app.get(&format!("{RESIDENTS}/{id}"), &l.user(Role::Mrc).token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got, changed);
    // The search follows the change.
    let found = expect_status(
        app.get(&format!("{RESIDENTS}?q=hx-99"), officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&found), ["Ann Smith"]);
    let gone = expect_status(
        app.get(&format!("{RESIDENTS}?q=hx-12"), officer).await,
        StatusCode::OK,
    )
    .await;
    assert!(names(&gone).is_empty());
}

async fn resident_values_are_checked_and_a_refused_change_changes_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let t = &l.admin().token;
    let p = expect_problem(
        app.post(
            RESIDENTS,
            Some(t),
            &json!({"name": " ", "email": "not-an-email", "phone": "12345",
                    "preferred_contact": "carrier pigeon", "property_ref": "x".repeat(51)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&p),
        [
            "name",
            "email",
            "phone",
            "property_ref",
            "preferred_contact"
        ]
    );
    let p = expect_problem(
        app.post(RESIDENTS, Some(t), &json!({"email": "a@b.test"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["name"]);
    for bad_phone in ["020 7946 0000 ext 5", "+44 (0)20 7946 0000 1234 5678 90"] {
        let p = expect_problem(
            app.post(
                RESIDENTS,
                Some(t),
                &json!({"name": "Dee", "phone": bad_phone}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), ["phone"], "{bad_phone}");
    }
    let list = expect_status(app.get(RESIDENTS, t).await, StatusCode::OK).await;
    assert!(
        names(&list).is_empty(),
        "a refused resident is not recorded"
    );

    let r = add(
        &app,
        t,
        json!({"name": "Ann Smith", "email": "ann@example.org", "phone": "020 7946 0001"}),
    )
    .await;
    let id = r["id"].as_str().unwrap();
    let p = expect_problem(
        app.patch(
            &format!("{RESIDENTS}/{id}"),
            t,
            &json!({"name": null, "email": "nope", "preferred_contact": "fax", "language": "English"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["name", "email", "preferred_contact"]);
    let p = expect_problem(
        app.patch(
            &format!("{RESIDENTS}/{id}"),
            t,
            &json!({"phone": "phone me"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["phone"]);
    let after = expect_status(
        app.get(&format!("{RESIDENTS}/{id}"), t).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after, r, "a refused change changes nothing");

    let p = expect_problem(
        app.get(&format!("{RESIDENTS}?q={}", "x".repeat(201)), t)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["q"]);
    expect_problem(
        app.get(&format!("{RESIDENTS}?limit=0"), t).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

async fn another_landlords_resident_is_not_found(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let theirs = expect_status(
        app.post(
            "/api/v1/landlords/bravo/residents",
            Some(&b.admin().token),
            &json!({"name": "Bravo Resident", "property_ref": "B-1"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = theirs["id"].as_str().unwrap();
    let t = &a.admin().token;
    expect_problem(
        app.get(&format!("{RESIDENTS}/{id}"), t).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        app.patch(
            &format!("{RESIDENTS}/{id}"),
            t,
            &json!({"name": "Mine now"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let list = expect_status(
        app.get(&format!("{RESIDENTS}?q=b-1"), t).await,
        StatusCode::OK,
    )
    .await;
    assert!(names(&list).is_empty());
    let still = expect_status(
        app.get(
            &format!("/api/v1/landlords/bravo/residents/{id}"),
            &b.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(still, theirs);
}

async fn residents_are_kept_by_complaints_staff_and_read_by_the_mrc(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let r = add(&app, &a.admin().token, json!({"name": "Ann Smith"})).await;
    let id = r["id"].as_str().unwrap().to_owned();
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
        app.request(Method::GET, RESIDENTS, Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &readers, |t| {
        app.request(Method::GET, &format!("{RESIDENTS}/{id}"), Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &writers, |t| {
        app.request(Method::POST, RESIDENTS, Some(t))
            .json(&json!({"name": "Another Resident"}))
    })
    .await;
    check_access(&a, &b, &platform, &writers, |t| {
        app.request(Method::PATCH, &format!("{RESIDENTS}/{id}"), Some(t))
            .json(&json!({"language": "Welsh"}))
    })
    .await;
}
