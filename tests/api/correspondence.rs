//! All correspondence in and out of a complaint (Code 5.12): recorded, listed oldest first,
//! never changed, each record an event on the timeline; and who may do what.

use crate::attachments::upload_pdf;
use crate::complaints::{acknowledgement, act, act_ok, intake, path, response};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    correspondence_in_and_out_is_recorded_and_listed_oldest_first,
    correspondence_is_paged_by_cursor,
    bad_correspondence_is_refused_field_by_field_and_records_nothing,
    contractors_never_see_stage_2_correspondence,
    the_mrc_reads_correspondence_and_each_reading_is_audited,
    every_correspondence_endpoint_keeps_landlords_apart_and_roles_in_their_place,
);

fn letter() -> Value {
    json!({"direction": "in", "channel": "letter", "on": "2025-01-06",
           "subject": "My boiler", "body": "Dear Sir, the boiler is still broken.",
           "from": "Mary Jones", "to": "Complaints team"})
}

async fn record(
    app: &TestApp,
    l: &Landlord,
    token: &str,
    id: &str,
    body: &Value,
) -> reqwest::Response {
    app.post(
        &path(l, &format!("/{id}/correspondence")),
        Some(token),
        body,
    )
    .await
}

async fn list(app: &TestApp, l: &Landlord, token: &str, id: &str, query: &str) -> Value {
    expect_status(
        app.get(&path(l, &format!("/{id}/correspondence{query}")), token)
            .await,
        StatusCode::OK,
    )
    .await
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn correspondence_events(app: &TestApp, l: &Landlord, token: &str, id: &str) -> Vec<Value> {
    let events = expect_status(
        app.get(&path(l, &format!("/{id}/timeline")), token).await,
        StatusCode::OK,
    )
    .await;
    events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "correspondence")
        .cloned()
        .collect()
}

/// The letter the portal itself sent the resident when the complaint was logged: on the
/// record, sent by no one.
async fn portal_letter(app: &TestApp, l: &Landlord, token: &str, id: &str) -> String {
    let sent = list(app, l, token, id, "").await;
    assert_eq!(sent["items"].as_array().unwrap().len(), 1, "{sent}");
    let letter = &sent["items"][0];
    assert_eq!(letter["direction"], "out");
    assert_eq!(letter["channel"], "email");
    assert_eq!(letter["recorded_by"], Value::Null);
    assert!(letter["to"].as_str().unwrap().contains("mary@example.org"));
    letter["id"].as_str().unwrap().to_owned()
}

async fn correspondence_in_and_out_is_recorded_and_listed_oldest_first(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let sent = portal_letter(&app, &l, &officer.token, id).await;
    let received = expect_status(
        record(&app, &l, &officer.token, id, &letter()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(received["complaint_id"], id);
    assert_eq!(received["direction"], "in");
    assert_eq!(received["channel"], "letter");
    assert_eq!(received["on"], "2025-01-06");
    assert_eq!(received["subject"], "My boiler");
    assert_eq!(received["body"], "Dear Sir, the boiler is still broken.");
    assert_eq!(received["from"], "Mary Jones");
    assert_eq!(received["to"], "Complaints team");
    assert_eq!(received["attachment_ids"], json!([]));
    assert_eq!(received["stage"], 1);
    assert_eq!(received["recorded_by"], officer.id.to_string());
    assert!(received["recorded_at"].is_string());

    // A phone call: the note is the body; the day defaults to today.
    let call = expect_status(
        record(
            &app,
            &l,
            &officer.token,
            id,
            &json!({"direction": "out", "channel": "phone",
                    "body": "Called Mrs Jones to agree a visit on Thursday."}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(call["direction"], "out");
    assert_eq!(call["subject"], Value::Null);
    let today = call["on"].as_str().unwrap().to_owned();
    assert!(today.as_str() > "2025-01-06");

    // Outgoing email with the letter it answered attached.
    let file = upload_pdf(&app, &l, id, "reply.pdf").await;
    let fid = file["id"].as_str().unwrap();
    let reply = expect_status(
        record(
            &app,
            &l,
            &officer.token,
            id,
            &json!({"direction": "out", "channel": "email", "on": today,
                    "subject": "Your complaint", "body": "Please find our letter attached.",
                    "to": "mary@example.org", "attachment_ids": [fid]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(reply["attachment_ids"], json!([fid]));

    let all = list(&app, &l, &officer.token, id, "").await;
    let mut expected = vec![sent];
    expected.extend(
        [&received["id"], &call["id"], &reply["id"]].map(|v| v.as_str().unwrap().to_owned()),
    );
    assert_eq!(ids(&all), expected, "oldest first");
    assert_eq!(all["next_cursor"], Value::Null);
    assert_eq!(all["items"][3]["attachment_ids"], json!([fid]));

    let events = correspondence_events(&app, &l, &officer.token, id).await;
    assert_eq!(events.len(), 4);
    assert_eq!(events[1]["data"]["correspondence_id"], received["id"]);
    assert_eq!(events[1]["data"]["direction"], "in");
    assert_eq!(events[1]["data"]["channel"], "letter");
    assert_eq!(events[1]["effective_on"], "2025-01-06");
    assert_eq!(events[1]["actor_id"], officer.id.to_string());
    assert_eq!(events[1]["stage"], 1);
    assert_eq!(events[3]["data"]["attachment_ids"], json!([fid]));

    // Append-only: there is nothing to change or remove a record with.
    let cid = received["id"].as_str().unwrap();
    let url = path(&l, &format!("/{id}/correspondence/{cid}"));
    for method in [Method::PATCH, Method::PUT, Method::DELETE] {
        let resp = app
            .request(method.clone(), &url, Some(&officer.token))
            .json(&json!({"body": "changed"}))
            .send()
            .await
            .unwrap();
        assert!(
            [StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&resp.status()),
            "{method} answered {}",
            resp.status()
        );
    }
    let again = list(&app, &l, &officer.token, id, "").await;
    assert_eq!(
        again["items"][1]["body"],
        "Dear Sir, the boiler is still broken."
    );
}

async fn correspondence_is_paged_by_cursor(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let mut recorded = vec![portal_letter(&app, &l, officer, id).await];
    for n in 0..3 {
        let mut body = letter();
        body["body"] = json!(format!("Letter number {n}"));
        let r = expect_status(
            record(&app, &l, officer, id, &body).await,
            StatusCode::CREATED,
        )
        .await;
        recorded.push(r["id"].as_str().unwrap().to_owned());
    }
    let first = list(&app, &l, officer, id, "?limit=3").await;
    assert_eq!(ids(&first), recorded[..3]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let next = list(&app, &l, officer, id, &format!("?limit=3&cursor={cursor}")).await;
    assert_eq!(ids(&next), recorded[3..]);
    assert_eq!(next["next_cursor"], Value::Null);
    let p = expect_problem(
        app.get(
            &path(&l, &format!("/{id}/correspondence?limit=500")),
            officer,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["limit"]);
}

async fn bad_correspondence_is_refused_field_by_field_and_records_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let sent = portal_letter(&app, &l, officer, id).await;
    let (app_ref, l_ref) = (&app, &l);
    let refused = |body: Value| async move {
        let p = expect_problem(
            record(app_ref, l_ref, officer, id, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        fields(&p)
    };
    assert_eq!(
        refused(
            json!({"direction": "sideways", "channel": "fax", "on": "2099-01-01",
                       "subject": "s".repeat(501), "body": "   ", "from": "f".repeat(501)})
        )
        .await,
        ["direction", "channel", "on", "subject", "body", "from"]
    );
    assert_eq!(
        refused(json!({"direction": "in", "channel": "letter"})).await,
        ["body"]
    );
    assert_eq!(
        refused(json!({"direction": "in", "channel": "letter", "body": "x",
                       "attachment_ids": ["not-an-id"]}))
        .await,
        ["attachment_ids[0]"]
    );
    // Attachments must be this complaint's.
    let file = upload_pdf(&app, &l, id, "letter.pdf").await;
    let fid = file["id"].as_str().unwrap();
    let other = intake(&app, &l, json!({})).await;
    let theirs = upload_pdf(&app, &l, other["id"].as_str().unwrap(), "other.pdf").await;
    let mut body = letter();
    body["attachment_ids"] = json!([fid, theirs["id"]]);
    assert_eq!(refused(body.clone()).await, ["attachment_ids[1]"]);
    body["attachment_ids"] = json!([fid, uuid::Uuid::now_v7()]);
    assert_eq!(refused(body.clone()).await, ["attachment_ids[1]"]);
    body["attachment_ids"] = json!([fid, fid]);
    assert_eq!(refused(body).await, ["attachment_ids[1]"]);
    // Nothing was recorded, on the record or the timeline: only the portal's own letter.
    let all = list(&app, &l, officer, id, "").await;
    assert_eq!(ids(&all), [sent]);
    assert_eq!(correspondence_events(&app, &l, officer, id).await.len(), 1);
}

async fn contractors_never_see_stage_2_correspondence(app: TestApp) {
    let l = app.landlord("alpha").await;
    let contractor = l.user(Role::Contractor);
    let officer = &l.user(Role::ComplaintsOfficer).token;
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
    // The contractor works stage 1 and records its correspondence.
    let theirs = expect_status(
        record(
            &app,
            &l,
            &contractor.token,
            id,
            &json!({"direction": "out", "channel": "phone", "on": "2025-01-06",
                    "body": "Arranged an engineer's visit."}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(theirs["stage"], 1);
    assert_eq!(theirs["recorded_by"], contractor.id.to_string());
    act_ok(&app, &l, id, "respond", response("2025-01-07")).await;
    act_ok(&app, &l, id, "escalate", json!({"on": "2025-01-08"})).await;
    let stage2 = expect_status(
        record(
            &app,
            &l,
            officer,
            id,
            &json!({"direction": "in", "channel": "email", "on": "2025-01-08",
                    "body": "I want this looked at again."}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(stage2["stage"], 2);
    // Stage 1's correspondence: the letters sent at intake, acknowledgement and response,
    // and their own call; never the stage 2 email.
    let seen = list(&app, &l, &contractor.token, id, "").await;
    let seen_ids = ids(&seen);
    assert_eq!(seen_ids.len(), 4, "{seen}");
    assert!(seen_ids.contains(&theirs["id"].as_str().unwrap().to_owned()));
    assert!(!seen_ids.contains(&stage2["id"].as_str().unwrap().to_owned()));
    assert!(
        seen["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["stage"] == 1)
    );
    let all = list(&app, &l, officer, id, "").await;
    assert_eq!(ids(&all).len(), 5);
    let events = correspondence_events(&app, &l, &contractor.token, id).await;
    assert_eq!(
        events.len(),
        4,
        "stage 2's correspondence is not on their timeline"
    );
    // Stage 2 stays with the landlord.
    expect_problem(
        record(&app, &l, &contractor.token, id, &letter()).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

async fn the_mrc_reads_correspondence_and_each_reading_is_audited(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mrc = l.user(Role::Mrc);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    expect_status(
        record(&app, &l, &l.admin().token, id, &letter()).await,
        StatusCode::CREATED,
    )
    .await;
    list(&app, &l, &l.admin().token, id, "").await;
    let seen = list(&app, &l, &mrc.token, id, "").await;
    // The letter sent at intake and the one recorded.
    assert_eq!(seen["items"].as_array().unwrap().len(), 2);
    expect_problem(
        record(&app, &l, &mrc.token, id, &letter()).await,
        StatusCode::FORBIDDEN,
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
    assert_eq!(entries.len(), 1, "{log}");
    assert_eq!(entries[0]["kind"], "complaint.correspondence.read");
    assert_eq!(entries[0]["actor_id"], mrc.id.to_string());
    assert_eq!(entries[0]["subject_id"], id);
}

async fn every_correspondence_endpoint_keeps_landlords_apart_and_roles_in_their_place(
    app: TestApp,
) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let handler = a.user(Role::CaseHandler);
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
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler | Role::Mrc => {
                Expect::Allowed
            }
            Role::Contractor => Expect::NotFound,
            _ => Expect::Forbidden,
        },
        |t| {
            app.request(
                Method::GET,
                &path(&a, &format!("/{id}/correspondence")),
                Some(t),
            )
        },
    )
    .await;
    let body = letter();
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler => Expect::Allowed,
            Role::Contractor => Expect::NotFound,
            _ => Expect::Forbidden,
        },
        |t| {
            app.request(
                Method::POST,
                &path(&a, &format!("/{id}/correspondence")),
                Some(t),
            )
            .json(&body)
        },
    )
    .await;
    // Only the three allowed roles recorded anything, after the letter sent at intake.
    let all = list(&app, &a, &a.admin().token, &id, "").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 4);
    // A handler not allocated to the case cannot act on it.
    let other = intake(&app, &a, json!({})).await;
    let other = other["id"].as_str().unwrap();
    expect_problem(
        act(&app, &a, &handler.token, other, "correspondence", letter()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
