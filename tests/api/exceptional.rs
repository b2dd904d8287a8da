//! Exceptional circumstances (Code 8.5; docs/rules.md, "Exceptional circumstances"): a
//! landlord admin posts a notice that the landlord cannot comply with the Code for now, with a
//! timescale for return; it
//! replaces any current notice, is ended by DELETE, and every notice is kept with who posted
//! and ended it, each change on the audit log.

use crate::helpers::*;
use chrono::{Days, NaiveDate};
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    a_notice_is_posted_replaced_and_ended_and_every_notice_is_kept,
    a_bad_notice_is_refused_naming_each_field_and_changes_nothing,
    notices_are_posted_by_landlord_admins_and_read_by_every_member,
);

fn notices(slug: &str, rest: &str) -> String {
    format!("/api/v1/landlords/{slug}/exceptional-circumstances{rest}")
}

fn today() -> NaiveDate {
    redress_api::time::today()
}

fn in_days(n: u64) -> String {
    (today() + Days::new(n)).to_string()
}

const CYBER: &str = "A cyber incident has taken our housing systems offline. We are logging \
    complaints on paper and will answer each one once our systems are back.";

async fn current(app: &TestApp, l: &Landlord, token: &str) -> Value {
    expect_status(app.get(&notices(&l.slug, ""), token).await, StatusCode::OK).await
}

async fn history(app: &TestApp, l: &Landlord) -> Vec<Value> {
    expect_status(
        app.get(&notices(&l.slug, "/history"), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn audit_kinds(app: &TestApp, l: &Landlord) -> Vec<String> {
    let page = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit?limit=200", l.slug),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .filter(|k| k.starts_with("exceptional_circumstances."))
        .map(str::to_owned)
        .collect()
}

async fn delete(app: &TestApp, l: &Landlord, token: &str) -> reqwest::Response {
    app.request(Method::DELETE, &notices(&l.slug, ""), Some(token))
        .send()
        .await
        .unwrap()
}

async fn a_notice_is_posted_replaced_and_ended_and_every_notice_is_kept(app: TestApp) {
    let l = app.landlord("alpha").await;
    let admin = l.admin();
    assert_eq!(current(&app, &l, &admin.token).await, Value::Null);

    let first = expect_status(
        app.post(
            &notices(&l.slug, ""),
            Some(&admin.token),
            &json!({"description": CYBER, "expected_return_on": in_days(14)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(first["description"], CYBER);
    assert_eq!(first["expected_return_on"], in_days(14));
    assert_eq!(first["posted_by"], admin.id.to_string());
    assert!(first["posted_at"].is_string());
    assert!(first["ended_at"].is_null());
    assert!(first["ended_by"].is_null());
    // Every member reads it, the residents' panel included: it is on the public page too.
    for role in [Role::PanelMember, Role::Contractor, Role::GoverningBody] {
        assert_eq!(current(&app, &l, &l.user(role).token).await, first);
    }

    // A new notice replaces the current one, which is kept, ended. A return expected today
    // is accepted.
    let second = expect_status(
        app.post(
            &notices(&l.slug, ""),
            Some(&admin.token),
            &json!({"description": "Our systems are back; we are working through the backlog.",
                    "expected_return_on": today().to_string()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(second["expected_return_on"], today().to_string());
    assert_eq!(current(&app, &l, &admin.token).await, second);
    let kept = history(&app, &l).await;
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0]["id"], second["id"], "newest first");
    assert_eq!(kept[1]["id"], first["id"]);
    assert_eq!(kept[1]["ended_by"], admin.id.to_string());
    assert!(kept[1]["ended_at"].is_string());
    assert_eq!(kept[1]["description"], CYBER);

    // Ending it leaves none; ending again finds nothing.
    let resp = delete(&app, &l, &admin.token).await;
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(current(&app, &l, &admin.token).await, Value::Null);
    expect_problem(delete(&app, &l, &admin.token).await, StatusCode::NOT_FOUND).await;
    let kept = history(&app, &l).await;
    assert_eq!(kept.len(), 2);
    assert!(kept.iter().all(|n| n["ended_at"].is_string()));
    assert_eq!(kept[0]["ended_by"], admin.id.to_string());

    assert_eq!(
        audit_kinds(&app, &l).await,
        [
            "exceptional_circumstances.ended",
            "exceptional_circumstances.posted",
            "exceptional_circumstances.posted",
        ]
    );
}

async fn a_bad_notice_is_refused_naming_each_field_and_changes_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let admin = &l.admin().token;
    let posted = expect_status(
        app.post(
            &notices(&l.slug, ""),
            Some(admin),
            &json!({"description": CYBER, "expected_return_on": in_days(30)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    let yesterday = (today() - Days::new(1)).to_string();
    let p = expect_problem(
        app.post(
            &notices(&l.slug, ""),
            Some(admin),
            &json!({"description": "   ", "expected_return_on": yesterday}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["description", "expected_return_on"]);
    assert!(
        p["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("Code 8.5"),
        "{p}"
    );
    for body in [
        json!({"description": CYBER, "expected_return_on": "next month"}),
        json!({"description": CYBER}),
    ] {
        let p = expect_problem(
            app.post(&notices(&l.slug, ""), Some(admin), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), ["expected_return_on"], "{body}");
    }
    let p = expect_problem(
        app.post(
            &notices(&l.slug, ""),
            Some(admin),
            &json!({"description": "x".repeat(2001), "expected_return_on": in_days(1)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["description"]);

    // Nothing changed: the notice stands, nothing was ended, nothing more was audited.
    assert_eq!(current(&app, &l, admin).await, posted);
    assert_eq!(history(&app, &l).await.len(), 1);
    assert_eq!(
        audit_kinds(&app, &l).await,
        ["exceptional_circumstances.posted"]
    );
}

async fn notices_are_posted_by_landlord_admins_and_read_by_every_member(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    let body = json!({"description": CYBER, "expected_return_on": in_days(7)});

    check_roles(
        &a,
        &b,
        &platform,
        |_| Expect::Allowed,
        |t| app.request(Method::GET, &notices(&a.slug, ""), Some(t)),
    )
    .await;
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(Method::POST, &notices(&a.slug, ""), Some(t))
            .json(&body)
    })
    .await;
    let staff = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Mrc,
        Role::GoverningBody,
    ];
    check_access(&a, &b, &platform, &staff, |t| {
        app.request(Method::GET, &notices(&a.slug, "/history"), Some(t))
    })
    .await;
    // The admin's POST above left a current notice; only the admin may end it.
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(Method::DELETE, &notices(&a.slug, ""), Some(t))
    })
    .await;
    assert_eq!(current(&app, &a, &a.admin().token).await, Value::Null);
    // Another landlord's admin never touched alpha's notices.
    assert!(history(&app, &b).await.is_empty());
    assert_eq!(history(&app, &a).await.len(), 1);
}
