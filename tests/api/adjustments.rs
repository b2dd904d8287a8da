use crate::helpers::*;
use chrono::{Days, NaiveDate, Utc};
use redress_domain::roles::Role;
use redress_store::TenantScope;
use redress_store::page::PageRequest;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    staff_agree_list_review_and_end_adjustments,
    bad_adjustments_and_reviews_are_refused_field_by_field_and_change_nothing,
    reviews_due_and_their_counts_come_from_the_store,
    adjustments_are_kept_by_complaints_staff_and_read_by_the_mrc_and_contractors,
);

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn days_ago(n: u64) -> String {
    today().checked_sub_days(Days::new(n)).unwrap().to_string()
}

fn days_ahead(n: u64) -> String {
    today().checked_add_days(Days::new(n)).unwrap().to_string()
}

async fn resident(app: &TestApp, l: &Landlord, name: &str) -> String {
    let r = expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/residents", l.slug),
            Some(&l.user(Role::ComplaintsOfficer).token),
            &json!({"name": name}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    r["id"].as_str().unwrap().to_owned()
}

fn adjustments(l: &Landlord, resident: &str) -> String {
    format!(
        "/api/v1/landlords/{}/residents/{resident}/adjustments",
        l.slug
    )
}

async fn agree(app: &TestApp, l: &Landlord, resident: &str, body: Value) -> Value {
    expect_status(
        app.post(
            &adjustments(l, resident),
            Some(&l.user(Role::CaseHandler).token),
            &body,
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

fn large_print(agreed_on: &str, next_review_on: &str) -> Value {
    json!({"description": "Letters in large print (18pt)", "category": "communication_format",
           "agreed_on": agreed_on, "next_review_on": next_review_on})
}

async fn list(app: &TestApp, l: &Landlord, resident: &str) -> Value {
    expect_status(
        app.get(&adjustments(l, resident), &l.admin().token).await,
        StatusCode::OK,
    )
    .await
}

async fn staff_agree_list_review_and_end_adjustments(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let handler = l.user(Role::CaseHandler);
    let ann = resident(&app, &l, "Ann Smith").await;
    let a = agree(&app, &l, &ann, large_print(&days_ago(10), &days_ahead(80))).await;
    assert_eq!(a["resident_id"], ann);
    assert_eq!(a["status"], "active");
    assert_eq!(a["category"], "communication_format");
    assert_eq!(a["next_review_on"], days_ahead(80));
    assert!(a["ended_on"].is_null());
    assert_eq!(a["reviews"], json!([]));
    let aid = a["id"].as_str().unwrap().to_owned();
    let b = agree(
        &app,
        &l,
        &ann,
        json!({"description": "Phone calls only in the afternoon", "category": "timing",
               "agreed_on": days_ago(5), "next_review_on": days_ahead(30)}),
    )
    .await;
    let bid = b["id"].as_str().unwrap().to_owned();

    let page = list(&app, &l, &ann).await;
    let ids: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [aid.as_str(), bid.as_str()]);
    assert!(page["next_cursor"].is_null());
    let first = expect_status(
        app.get(&format!("{}?limit=1", adjustments(&l, &ann)), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first["items"][0]["id"], aid);
    assert!(first["next_cursor"].is_string());

    // A review moves the review date and is kept.
    let reviewed = expect_status(
        app.post(
            &format!("{}/{aid}/reviews", adjustments(&l, &ann)),
            Some(&handler.token),
            &json!({"reviewed_on": days_ago(1), "outcome": "continue", "note": "Still needed",
                    "next_review_on": days_ahead(180)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(reviewed["status"], "active");
    assert_eq!(reviewed["next_review_on"], days_ahead(180));
    assert_eq!(reviewed["reviews"][0]["outcome"], "continue");
    assert_eq!(reviewed["reviews"][0]["note"], "Still needed");
    assert_eq!(
        reviewed["reviews"][0]["reviewed_by"],
        handler.id.to_string()
    );

    // The wording may be corrected.
    let changed = expect_status(
        app.patch(
            &format!("{}/{aid}", adjustments(&l, &ann)),
            officer,
            &json!({"description": "Letters in large print (20pt)"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["description"], "Letters in large print (20pt)");
    assert_eq!(changed["status"], "active");

    // A review whose outcome is `ended` ends the adjustment on the day of the review.
    let ended = expect_status(
        app.post(
            &format!("{}/{bid}/reviews", adjustments(&l, &ann)),
            Some(officer),
            &json!({"reviewed_on": days_ago(1), "outcome": "ended", "note": "No longer needed"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(ended["status"], "ended");
    assert_eq!(ended["ended_on"], days_ago(1));
    assert!(ended["next_review_on"].is_null());

    // Ending one by a change: today, unless a day is given.
    let ended = expect_status(
        app.patch(
            &format!("{}/{aid}", adjustments(&l, &ann)),
            officer,
            &json!({"status": "ended", "ended_on": days_ago(2)}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ended["status"], "ended");
    assert_eq!(ended["ended_on"], days_ago(2));
    assert!(ended["next_review_on"].is_null());

    // An ended adjustment is neither ended again nor reviewed.
    expect_problem(
        app.patch(
            &format!("{}/{aid}", adjustments(&l, &ann)),
            officer,
            &json!({"status": "ended"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    expect_problem(
        app.post(
            &format!("{}/{aid}/reviews", adjustments(&l, &ann)),
            Some(officer),
            &json!({"reviewed_on": days_ago(0), "outcome": "continue",
                    "next_review_on": days_ahead(10)}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    let after = list(&app, &l, &ann).await;
    assert_eq!(after["items"][0]["reviews"].as_array().unwrap().len(), 1);

    // Another resident's path does not reach it; an unknown resident is 404.
    let bob = resident(&app, &l, "Bob Jones").await;
    expect_problem(
        app.patch(
            &format!("{}/{aid}", adjustments(&l, &bob)),
            officer,
            &json!({"description": "x"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let nobody = uuid::Uuid::now_v7().to_string();
    expect_problem(
        app.get(&adjustments(&l, &nobody), officer).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        app.post(
            &adjustments(&l, &nobody),
            Some(officer),
            &large_print(&days_ago(1), &days_ahead(1)),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn bad_adjustments_and_reviews_are_refused_field_by_field_and_change_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let ann = resident(&app, &l, "Ann Smith").await;

    let p = expect_problem(
        app.post(
            &adjustments(&l, &ann),
            Some(officer),
            &json!({"description": "  ", "category": "fax", "agreed_on": days_ahead(2),
                    "next_review_on": days_ahead(1)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&p),
        ["description", "category", "agreed_on", "next_review_on"]
    );
    let p = expect_problem(
        app.post(
            &adjustments(&l, &ann),
            Some(officer),
            &json!({"description": "Large print", "category": "communication_format",
                    "agreed_on": days_ago(1)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["next_review_on"]);
    assert_eq!(list(&app, &l, &ann).await["items"], json!([]));

    let a = agree(&app, &l, &ann, large_print(&days_ago(10), &days_ahead(30))).await;
    let aid = a["id"].as_str().unwrap();
    let reviews = format!("{}/{aid}/reviews", adjustments(&l, &ann));
    for (body, named) in [
        (
            json!({"reviewed_on": days_ahead(1), "outcome": "maybe", "next_review_on": days_ahead(40)}),
            vec!["reviewed_on", "outcome"],
        ),
        (
            json!({"reviewed_on": days_ago(1), "outcome": "continue"}),
            vec!["next_review_on"],
        ),
        (
            json!({"reviewed_on": days_ago(1), "outcome": "changed", "next_review_on": days_ago(1)}),
            vec!["next_review_on"],
        ),
        (
            json!({"reviewed_on": days_ago(20), "outcome": "continue", "next_review_on": days_ahead(40)}),
            vec!["reviewed_on"],
        ),
        (
            json!({"outcome": "continue", "next_review_on": days_ahead(40)}),
            vec!["reviewed_on"],
        ),
    ] {
        let p = expect_problem(
            app.post(&reviews, Some(officer), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), named, "{body}");
    }
    let one = format!("{}/{aid}", adjustments(&l, &ann));
    for (body, named) in [
        (json!({"status": "active"}), vec!["status"]),
        (
            json!({"status": "ended", "ended_on": days_ahead(1)}),
            vec!["ended_on"],
        ),
        (
            json!({"status": "ended", "ended_on": days_ago(11)}),
            vec!["ended_on"],
        ),
        (json!({"description": " "}), vec!["description"]),
        (json!({"ended_on": days_ago(1)}), vec!["ended_on"]),
        (json!({"category": "timing"}), vec!["category"]),
        (json!({}), vec!["body"]),
    ] {
        let p = expect_problem(
            app.patch(&one, officer, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), named, "{body}");
    }
    let page = list(&app, &l, &ann).await;
    assert_eq!(page["items"], json!([a]), "nothing changed");
}

async fn reviews_due_and_their_counts_come_from_the_store(app: TestApp) {
    let l = app.landlord("alpha").await;
    let other = app.landlord("beta").await;
    let ann = resident(&app, &l, "Ann Smith").await;
    let bob = resident(&app, &l, "Bob Jones").await;
    let agreed = "2024-01-01";
    let june = agree(&app, &l, &ann, large_print(agreed, "2024-06-01")).await;
    let july_a = agree(&app, &l, &bob, large_print(agreed, "2024-07-01")).await;
    let later = agree(&app, &l, &ann, large_print(agreed, "2030-01-01")).await;
    let july_b = agree(&app, &l, &ann, large_print(agreed, "2024-07-01")).await;
    let ended = agree(&app, &l, &bob, large_print(agreed, "2024-05-01")).await;
    expect_status(
        app.patch(
            &format!(
                "{}/{}",
                adjustments(&l, &bob),
                ended["id"].as_str().unwrap()
            ),
            &l.admin().token,
            &json!({"status": "ended", "ended_on": "2024-04-01"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let theirs = resident(&app, &other, "Cara Other").await;
    agree(&app, &other, &theirs, large_print(agreed, "2024-06-01")).await;

    let landlord = redress_store::landlords::find_by_slug(&app.db, "alpha")
        .await
        .unwrap();
    let scope = TenantScope::for_system_task(landlord.id);
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let ids = |page: &redress_store::page::Page<redress_store::adjustments::Adjustment>| {
        page.items
            .iter()
            .map(|a| a.id.to_string())
            .collect::<Vec<_>>()
    };
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();

    // Due by 1 July 2024: by review date, then id; ended and other landlords' left out.
    let all = redress_store::adjustments::reviews_due(
        &app.db,
        scope,
        day("2024-07-01"),
        None,
        PageRequest {
            limit: 50,
            after: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(ids(&all), [id(&june), id(&july_a), id(&july_b)]);
    assert!(all.next.is_none());
    assert_eq!(all.items[0].next_review_on, Some(day("2024-06-01")));
    assert_eq!(all.items[0].status.as_str(), "active");

    // Page by page, one at a time, in the same order.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = redress_store::adjustments::reviews_due(
            &app.db,
            scope,
            day("2024-07-01"),
            None,
            PageRequest { limit: 1, after },
        )
        .await
        .unwrap();
        seen.extend(ids(&page));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, ids(&all));

    // Only those overdue before a day.
    let overdue = redress_store::adjustments::reviews_due(
        &app.db,
        scope,
        day("2024-07-01"),
        Some(day("2024-06-15")),
        PageRequest {
            limit: 50,
            after: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(ids(&overdue), [id(&june)]);

    // Dashboards: due within 14 days of 20 June 2024 (the two in July), overdue (June's).
    let counts = redress_store::adjustments::count_reviews(&app.db, scope, day("2024-06-20"))
        .await
        .unwrap();
    assert_eq!(counts, (2, 1));
    let counts = redress_store::adjustments::count_reviews(&app.db, scope, day("2024-05-01"))
        .await
        .unwrap();
    assert_eq!(counts, (0, 0));

    // The resident's active ones, oldest first.
    let ann_id = ann.parse().unwrap();
    let active = redress_store::adjustments::active_for_resident(&app.db, scope, ann_id)
        .await
        .unwrap();
    let active_ids: Vec<String> = active.iter().map(|a| a.id.to_string()).collect();
    assert_eq!(active_ids, [id(&june), id(&later), id(&july_b)]);
    let bob_active =
        redress_store::adjustments::active_for_resident(&app.db, scope, bob.parse().unwrap())
            .await
            .unwrap();
    assert_eq!(bob_active.len(), 1, "the ended one is left out");
}

async fn adjustments_are_kept_by_complaints_staff_and_read_by_the_mrc_and_contractors(
    app: TestApp,
) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    let ann = resident(&app, &a, "Ann Smith").await;
    let adj = agree(&app, &a, &ann, large_print(&days_ago(10), &days_ahead(30))).await;
    let aid = adj["id"].as_str().unwrap().to_owned();
    let readers = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Mrc,
        Role::Contractor,
    ];
    let writers = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    let base = adjustments(&a, &ann);
    // A contractor reads them only once the resident has a complaint allocated to them.
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::Contractor => Expect::NotFound,
            r if readers.contains(&r) => Expect::Allowed,
            _ => Expect::Forbidden,
        },
        |t| app.request(Method::GET, &base, Some(t)),
    )
    .await;
    contractor_case_for(&app, &a, &ann).await;
    check_access(&a, &b, &platform, &readers, |t| {
        app.request(Method::GET, &base, Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &writers, |t| {
        app.request(Method::POST, &base, Some(t))
            .json(&large_print(&days_ago(1), &days_ahead(30)))
    })
    .await;
    check_access(&a, &b, &platform, &writers, |t| {
        app.request(Method::PATCH, &format!("{base}/{aid}"), Some(t))
            .json(&json!({"description": "Letters in large print (18pt), by post"}))
    })
    .await;
    check_access(&a, &b, &platform, &writers, |t| {
        app.request(Method::POST, &format!("{base}/{aid}/reviews"), Some(t))
            .json(&json!({"reviewed_on": days_ago(1), "outcome": "continue",
                          "next_review_on": days_ahead(60)}))
    })
    .await;
    // Another landlord's admin cannot reach this landlord's resident through their own slug.
    expect_problem(
        app.get(&adjustments(&b, &ann), &b.admin().token).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
