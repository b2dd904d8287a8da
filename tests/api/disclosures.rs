use crate::complaints::{acknowledgement, act, act_ok, intake, response};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    staff_record_and_read_disclosures_and_every_read_is_audited,
    bad_disclosures_are_refused_field_by_field_and_record_nothing,
    only_the_complaints_team_and_the_residents_handler_reach_disclosures,
    a_handler_loses_sight_of_disclosures_once_the_complaint_is_over,
);

fn disclosures(l: &Landlord, resident: &str) -> String {
    format!(
        "/api/v1/landlords/{}/residents/{resident}/disclosures",
        l.slug
    )
}

async fn audit(app: &TestApp, l: &Landlord, kind: &str) -> Vec<Value> {
    let log = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit?kind={kind}", l.slug),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    log["items"].as_array().unwrap().clone()
}

/// A resident with a complaint allocated to the fixture's case handler.
async fn handled_resident(app: &TestApp, l: &Landlord) -> String {
    let c = intake(app, l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(
        app,
        l,
        id,
        "allocate",
        json!({"handler_id": l.user(Role::CaseHandler).id}),
    )
    .await;
    c["resident_id"].as_str().unwrap().to_owned()
}

/// A resident whose complaint nobody handles yet.
async fn unhandled_resident(app: &TestApp, l: &Landlord) -> String {
    let c = intake(
        app,
        l,
        json!({"resident": {"name": "Bob Jones", "email": "bob@example.org"}}),
    )
    .await;
    c["resident_id"].as_str().unwrap().to_owned()
}

async fn staff_record_and_read_disclosures_and_every_read_is_audited(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer);
    let handler = l.user(Role::CaseHandler);
    let mary = handled_resident(&app, &l).await;
    let d = expect_status(
        app.post(
            &disclosures(&l, &mary),
            Some(&officer.token),
            &json!({"kind": "disability", "description": "Partially sighted; reads large print only"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(d["kind"], "disability");
    assert_eq!(d["resident_id"], mary);
    assert_eq!(d["recorded_by"], officer.id.to_string());
    expect_status(
        app.post(
            &disclosures(&l, &mary),
            Some(&handler.token),
            &json!({"kind": "mental_health", "description": "Anxiety; prefers written contact"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let recorded = audit(&app, &l, "resident.disclosure.recorded").await;
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0]["subject_id"], mary);
    assert!(
        audit(&app, &l, "resident.disclosures.read")
            .await
            .is_empty()
    );

    for (who, n) in [
        (&officer.token, 1),
        (&handler.token, 2),
        (&l.admin().token, 3),
    ] {
        let page = expect_status(app.get(&disclosures(&l, &mary), who).await, StatusCode::OK).await;
        let kinds: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["disability", "mental_health"]);
        let reads = audit(&app, &l, "resident.disclosures.read").await;
        assert_eq!(reads.len(), n, "every read is on the audit log");
        assert_eq!(reads[0]["subject_id"], mary);
    }
    let reads = audit(&app, &l, "resident.disclosures.read").await;
    assert_eq!(reads[1]["actor_id"], handler.id.to_string());
    assert_eq!(reads[2]["actor_id"], officer.id.to_string());

    // Paging.
    let first = expect_status(
        app.get(
            &format!("{}?limit=1", disclosures(&l, &mary)),
            &officer.token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    assert!(first["next_cursor"].is_string());

    // An unknown resident is 404, and a refused read is not logged as a read.
    let nobody = uuid::Uuid::now_v7().to_string();
    expect_problem(
        app.get(&disclosures(&l, &nobody), &officer.token).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let bob = unhandled_resident(&app, &l).await;
    expect_problem(
        app.get(&disclosures(&l, &bob), &handler.token).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(audit(&app, &l, "resident.disclosures.read").await.len(), 4);
}

async fn bad_disclosures_are_refused_field_by_field_and_record_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let mary = handled_resident(&app, &l).await;
    let p = expect_problem(
        app.post(
            &disclosures(&l, &mary),
            Some(officer),
            &json!({"kind": "astrology", "description": "  "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["kind", "description"]);
    let p = expect_problem(
        app.post(
            &disclosures(&l, &mary),
            Some(officer),
            &json!({"kind": "other"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["description"]);
    let page = expect_status(
        app.get(&disclosures(&l, &mary), officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"], json!([]));
    assert!(
        audit(&app, &l, "resident.disclosure.recorded")
            .await
            .is_empty()
    );
}

async fn only_the_complaints_team_and_the_residents_handler_reach_disclosures(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    let mary = handled_resident(&app, &a).await;
    let bob = unhandled_resident(&app, &a).await;
    let body = json!({"kind": "vulnerability", "description": "Lives alone; recently bereaved"});

    // The handler of Mary's open complaint may read and record hers.
    let with_handler = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    check_access(&a, &b, &platform, &with_handler, |t| {
        app.request(Method::GET, &disclosures(&a, &mary), Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &with_handler, |t| {
        app.request(Method::POST, &disclosures(&a, &mary), Some(t))
            .json(&body)
    })
    .await;
    // Bob's complaint has no handler: the case handler may not.
    let team = [Role::LandlordAdmin, Role::ComplaintsOfficer];
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::GET, &disclosures(&a, &bob), Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::POST, &disclosures(&a, &bob), Some(t))
            .json(&body)
    })
    .await;
    // Another landlord's staff reach neither through their own slug.
    expect_problem(
        app.get(&disclosures(&b, &mary), &b.admin().token).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

/// Only the handler of an OPEN complaint needs the resident's disclosures: once the complaint
/// is closed, the handler's access goes with it.
async fn a_handler_loses_sight_of_disclosures_once_the_complaint_is_over(app: TestApp) {
    let l = app.landlord("alpha").await;
    let handler = l.user(Role::CaseHandler);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let resident = c["resident_id"].as_str().unwrap();
    act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    expect_status(
        app.post(
            &disclosures(&l, resident),
            Some(&l.admin().token),
            &json!({"kind": "mental_health", "description": "Anxiety; prefers written contact."}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect_status(
        app.get(&disclosures(&l, resident), &handler.token).await,
        StatusCode::OK,
    )
    .await;
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-07")).await;
    expect_status(
        act(
            &app,
            &l,
            &handler.token,
            id,
            "respond",
            response("2025-01-08"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    act_ok(&app, &l, id, "close", json!({"on": "2025-01-09"})).await;
    expect_problem(
        app.get(&disclosures(&l, resident), &handler.token).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // The complaints team still can.
    expect_status(
        app.get(&disclosures(&l, resident), &l.admin().token).await,
        StatusCode::OK,
    )
    .await;
}
