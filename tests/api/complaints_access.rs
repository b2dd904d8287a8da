//! Who sees and does what with complaints (issue: the complaint, point 7), and the worklist.

use crate::complaints::{acknowledgement, act, act_ok, intake, path, response};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    handlers_and_contractors_see_only_their_own_cases,
    contractors_never_see_stage_2,
    the_mrc_reads_case_files_without_changing_them_and_each_reading_is_audited,
    the_worklist_filters_and_pages_by_cursor,
    every_complaint_endpoint_keeps_landlords_apart_and_roles_in_their_place,
);

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn handlers_and_contractors_see_only_their_own_cases(app: TestApp) {
    let l = app.landlord("alpha").await;
    let handler = l.user(Role::CaseHandler);
    let contractor = l.user(Role::Contractor);
    let mine = intake(&app, &l, json!({})).await;
    let theirs = intake(&app, &l, json!({})).await;
    let nobodys = intake(&app, &l, json!({})).await;
    let (mine, theirs, nobodys) = (
        mine["id"].as_str().unwrap(),
        theirs["id"].as_str().unwrap(),
        nobodys["id"].as_str().unwrap(),
    );
    act_ok(
        &app,
        &l,
        mine,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    act_ok(
        &app,
        &l,
        theirs,
        "allocate",
        json!({"contractor_id": l.contractor_id, "on": "2025-01-06"}),
    )
    .await;
    assert_eq!(
        ids(&expect_status(app.get(&path(&l, ""), &handler.token).await, StatusCode::OK).await),
        [mine]
    );
    assert_eq!(
        ids(&expect_status(
            app.get(&path(&l, ""), &contractor.token).await,
            StatusCode::OK
        )
        .await),
        [theirs]
    );
    assert_eq!(
        ids(&expect_status(
            app.get(&path(&l, ""), &l.admin().token).await,
            StatusCode::OK
        )
        .await)
        .len(),
        3
    );
    for (token, id) in [
        (&handler.token, theirs),
        (&handler.token, nobodys),
        (&contractor.token, mine),
        (&contractor.token, nobodys),
    ] {
        expect_problem(
            app.get(&path(&l, &format!("/{id}")), token).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        expect_problem(
            act(
                &app,
                &l,
                token,
                id,
                "acknowledge",
                acknowledgement("2025-01-06"),
            )
            .await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    // A contractor works on stage 1 of its organisation's case.
    let c = expect_status(
        act(
            &app,
            &l,
            &contractor.token,
            theirs,
            "acknowledge",
            acknowledgement("2025-01-06"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(c["stage1"]["contractor_id"], l.contractor_id.to_string());
    expect_status(
        act(
            &app,
            &l,
            &contractor.token,
            theirs,
            "respond",
            response("2025-01-07"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Only the complaints team allocates, refuses, closes.
    expect_problem(
        act(
            &app,
            &l,
            &handler.token,
            mine,
            "allocate",
            json!({"handler_id": handler.id, "on": "2025-01-06"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_problem(
        act(&app, &l, &contractor.token, theirs, "close", json!({})).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

async fn contractors_never_see_stage_2(app: TestApp) {
    let l = app.landlord("alpha").await;
    let contractor = l.user(Role::Contractor);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"contractor_id": l.contractor_id, "on": "2025-01-06"}),
    )
    .await;
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(&app, &l, id, "respond", response("2025-01-07")).await;
    act_ok(&app, &l, id, "escalate", json!({"on": "2025-01-08"})).await;
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-08")).await;
    // Stage 2 is answered by someone other than stage 1's responder (Code 6.13).
    let c = expect_status(
        act(
            &app,
            &l,
            &l.admin().token,
            id,
            "respond",
            json!({"decision": "upheld", "reasons": "On review.", "on": "2025-01-09",
            "remedies": [{"kind": "apology", "description": "Sorry"}], "outstanding_actions": [], "letter_already_sent": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(c["stage2"].is_object());
    let seen = expect_status(
        app.get(&path(&l, &format!("/{id}")), &contractor.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["stage2"], Value::Null);
    assert_eq!(seen["remedies"], json!([]), "stage 2 remedies are hidden");
    let timeline = expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), &contractor.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(timeline.as_array().unwrap().iter().all(|e| e["stage"] != 2));
    let rid = c["remedies"][0]["id"].as_str().unwrap();
    expect_problem(
        app.patch(
            &path(&l, &format!("/{id}/remedies/{rid}")),
            &contractor.token,
            &json!({"status": "completed"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        act(&app, &l, &contractor.token, id, "close", json!({})).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

async fn the_mrc_reads_case_files_without_changing_them_and_each_reading_is_audited(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mrc = l.user(Role::Mrc);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let seen = expect_status(
        app.get(&path(&l, &format!("/{id}")), &mrc.token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["id"], id);
    expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), &mrc.token)
            .await,
        StatusCode::OK,
    )
    .await;
    let p = expect_problem(
        act(
            &app,
            &l,
            &mrc.token,
            id,
            "acknowledge",
            acknowledgement("2025-01-06"),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("only"));
    // An admin reading does not go on the log; the MRC's readings do.
    expect_status(
        app.get(&path(&l, &format!("/{id}")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let log = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit?subject={id}", l.slug),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let entries = log["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["kind"], "complaint.timeline.read");
    assert_eq!(entries[1]["kind"], "complaint.read");
    assert_eq!(entries[1]["actor_id"], mrc.id.to_string());
    assert_eq!(entries[1]["subject_id"], id);
    let only_reads = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit?kind=complaint.read", l.slug),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(only_reads["items"].as_array().unwrap().len(), 1);
    // Governing body and panel members cannot open case files at all.
    for role in [Role::GoverningBody, Role::PanelMember] {
        expect_problem(
            app.get(&path(&l, &format!("/{id}")), &l.user(role).token)
                .await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
}

async fn the_worklist_filters_and_pages_by_cursor(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let handler = l.user(Role::CaseHandler);
    let old = intake(
        &app,
        &l,
        json!({"description": "Damp and mould in the bedroom", "category": "damp"}),
    )
    .await;
    let today = chrono::Utc::now().date_naive().to_string();
    let fresh = intake(
        &app,
        &l,
        json!({"received_on": today, "category": "repairs"}),
    )
    .await;
    let done = intake(&app, &l, json!({})).await;
    let (old, fresh, done) = (
        old["id"].as_str().unwrap(),
        fresh["id"].as_str().unwrap(),
        done["id"].as_str().unwrap(),
    );
    act_ok(&app, &l, done, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(&app, &l, done, "respond", response("2025-01-07")).await;
    act_ok(
        &app,
        &l,
        old,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    let app = &app;
    let get = |q: &str| {
        let url = path(&l, &format!("?{q}"));
        async move { expect_status(app.get(&url, officer).await, StatusCode::OK).await }
    };
    assert_eq!(ids(&get("").await), [done, fresh, old], "newest first");
    assert_eq!(ids(&get("overdue=true").await), [old]);
    assert_eq!(ids(&get("overdue=false").await), [done, fresh]);
    assert_eq!(ids(&get("status=stage1_responded").await), [done]);
    assert_eq!(ids(&get("stage=1&category=damp").await), [old]);
    assert_eq!(ids(&get(&format!("handler={}", handler.id)).await), [old]);
    assert_eq!(ids(&get("q=MOULD").await), [old]);
    let reference = get("").await["items"][0]["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ids(&get(&format!("q={reference}")).await), [done]);
    let first = get("limit=2").await;
    assert_eq!(ids(&first), [done, fresh]);
    let next = get(&format!(
        "limit=2&cursor={}",
        first["next_cursor"].as_str().unwrap()
    ))
    .await;
    assert_eq!(ids(&next), [old]);
    assert_eq!(next["next_cursor"], Value::Null);
    let row = &get("overdue=true").await["items"][0];
    assert_eq!(row["overdue"], true);
    assert!(row["working_days_left"].as_i64().unwrap() < 0);
    assert_eq!(row["handler_id"], handler.id.to_string());
    let fresh_row = &get("status=received&overdue=false").await["items"][0];
    assert_eq!(fresh_row["overdue"], false);
    let p = expect_problem(
        app.get(&path(&l, "?status=lost&stage=3&overdue=maybe"), officer)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["status", "stage", "overdue"]);
}

async fn every_complaint_endpoint_keeps_landlords_apart_and_roles_in_their_place(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let handler = a.user(Role::CaseHandler);
    // A case allocated to the handler: the contractor cannot see it.
    let case = intake(&app, &a, json!({})).await;
    let id = case["id"].as_str().unwrap().to_owned();
    act_ok(
        &app,
        &a,
        &id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    let readers = |role: Role| match role {
        Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler | Role::Mrc => {
            Expect::Allowed
        }
        Role::Contractor => Expect::NotFound,
        _ => Expect::Forbidden,
    };
    check_roles(&a, &b, &platform, readers, |t| {
        app.request(Method::GET, &path(&a, &format!("/{id}")), Some(t))
    })
    .await;
    check_roles(&a, &b, &platform, readers, |t| {
        app.request(Method::GET, &path(&a, &format!("/{id}/timeline")), Some(t))
    })
    .await;
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::GoverningBody | Role::PanelMember => Expect::Forbidden,
            _ => Expect::Allowed,
        },
        |t| app.request(Method::GET, &path(&a, ""), Some(t)),
    )
    .await;
    check_access(
        &a,
        &b,
        &platform,
        &[
            Role::LandlordAdmin,
            Role::ComplaintsOfficer,
            Role::CaseHandler,
        ],
        |t| {
            app.request(Method::POST, &path(&a, ""), Some(t))
                .json(&json!({"resident": {"name": "R"}, "channel": "email",
            "received_on": "2025-01-06", "description": "x", "category": "repairs"}))
        },
    )
    .await;
    let workers = |role: Role| match role {
        Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler => Expect::Allowed,
        Role::Contractor => Expect::NotFound,
        _ => Expect::Forbidden,
    };
    for (action, body) in [
        ("acknowledge", acknowledgement("2025-01-06")),
        ("extend", json!({"working_days": 1, "reason": "x"})),
        ("respond", response("2025-01-07")),
    ] {
        check_roles(&a, &b, &platform, workers, |t| {
            app.request(Method::POST, &path(&a, &format!("/{id}/{action}")), Some(t))
                .json(&body)
        })
        .await;
    }
    // Additional complaints are logged by the landlord's own staff: a contractor, even on
    // its own case, passes them on.
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler => Expect::Allowed,
            _ => Expect::Forbidden,
        },
        |t| {
            app.request(
                Method::POST,
                &path(&a, &format!("/{id}/additional")),
                Some(t),
            )
            .json(&json!({"description": "x", "related": true}))
        },
    )
    .await;
    let team = [Role::LandlordAdmin, Role::ComplaintsOfficer];
    for (action, body) in [
        (
            "allocate",
            json!({"handler_id": handler.id, "on": "2025-01-06"}),
        ),
        ("not-accept", json!({"reason": "other", "explanation": "x"})),
        (
            "refuse-escalation",
            json!({"reason": "other", "explanation": "x"}),
        ),
        ("close", json!({})),
    ] {
        check_access(&a, &b, &platform, &team, |t| {
            app.request(Method::POST, &path(&a, &format!("/{id}/{action}")), Some(t))
                .json(&body)
        })
        .await;
    }
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler => Expect::Allowed,
            _ => Expect::Forbidden,
        },
        |t| {
            app.request(Method::POST, &path(&a, &format!("/{id}/escalate")), Some(t))
                .json(&json!({}))
        },
    )
    .await;
    // Remedies and outstanding actions of a responded case handled by the handler.
    let responded = intake(&app, &a, json!({})).await;
    let rid_case = responded["id"].as_str().unwrap().to_owned();
    act_ok(
        &app,
        &a,
        &rid_case,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    act_ok(
        &app,
        &a,
        &rid_case,
        "acknowledge",
        acknowledgement("2025-01-06"),
    )
    .await;
    let full = expect_status(
        act(&app, &a, &handler.token, &rid_case, "respond", json!({"decision": "upheld", "reasons": "Our fault.",
            "on": "2025-01-07",
            "remedies": [{"kind": "apology", "description": "Sorry"}],
            "outstanding_actions": [{"description": "Fix it", "owner": "Repairs", "due_on": "2025-02-01"}], "letter_already_sent": false})).await,
        StatusCode::OK,
    )
    .await;
    let rid = full["remedies"][0]["id"].as_str().unwrap().to_owned();
    let aid = full["outstanding_actions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    check_roles(&a, &b, &platform, workers, |t| {
        app.request(
            Method::PATCH,
            &path(&a, &format!("/{rid_case}/remedies/{rid}")),
            Some(t),
        )
        .json(&json!({"status": "in_progress"}))
    })
    .await;
    check_roles(&a, &b, &platform, workers, |t| {
        app.request(
            Method::PATCH,
            &path(&a, &format!("/{rid_case}/actions/{aid}")),
            Some(t),
        )
        .json(&json!({"status": "in_progress"}))
    })
    .await;
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(
            Method::GET,
            &format!("/api/v1/landlords/{}/audit", a.slug),
            Some(t),
        )
    })
    .await;
}
