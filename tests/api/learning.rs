//! The learning log (Code 9.1–9.3; docs/rules.md, "Learning from complaints"): entries drawn
//! from complaints, their status and implementation date, the anonymised summary a complaints
//! officer publishes, what the residents' panel sees, and the figures for the dashboards.

use crate::complaints::{acknowledgement, act_ok, intake, path};
use crate::helpers::*;
use chrono::{Days, NaiveDate};
use redress_domain::roles::Role;
use redress_store::TenantScope;
use redress_store::learning::LearningFigures;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

db_tests!(
    staff_record_list_and_filter_learning,
    the_status_decides_the_implementation_date_and_refused_changes_change_nothing,
    only_this_landlords_complaints_can_be_linked,
    linking_a_complaint_notes_it_on_the_timeline,
    a_summary_with_personal_data_is_refused_naming_only_the_kind,
    a_clean_summary_is_published_replaced_and_withdrawn_on_the_audit_log,
    the_residents_panel_sees_only_published_entries_and_only_their_public_fields,
    learning_is_kept_by_the_complaints_team_and_published_by_a_complaints_officer,
    learning_figures_count_what_was_identified_implemented_and_open,
);

fn learning(l: &Landlord, rest: &str) -> String {
    format!("/api/v1/landlords/{}/learning{rest}", l.slug)
}

fn today() -> NaiveDate {
    redress_api::time::today()
}

fn days_ago(n: u64) -> String {
    (today() - Days::new(n)).to_string()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// An entry's body, linked to these complaints.
fn entry(complaint_ids: &[&str], service_area: &str) -> Value {
    json!({
        "complaint_ids": complaint_ids,
        "service_area": service_area,
        "what_went_wrong": "Repairs were booked without checking the engineer's availability.",
        "lesson": "Appointments must be confirmed with the contractor before the resident is told.",
        "improvement": "The repairs desk now confirms each appointment with the contractor the same day.",
        "owner": "Head of Repairs",
        "status": "identified",
    })
}

async fn record(app: &TestApp, l: &Landlord, body: &Value) -> Value {
    expect_status(
        app.post(&learning(l, ""), Some(&l.admin().token), body)
            .await,
        StatusCode::CREATED,
    )
    .await
}

async fn complaint(app: &TestApp, l: &Landlord) -> String {
    id(&intake(app, l, json!({})).await)
}

fn areas(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["service_area"].as_str().unwrap())
        .collect()
}

async fn publish(app: &TestApp, l: &Landlord, entry_id: &str, summary: &str) -> reqwest::Response {
    app.post(
        &learning(l, &format!("/{entry_id}/publish")),
        Some(&l.user(Role::ComplaintsOfficer).token),
        &json!({"public_summary": summary}),
    )
    .await
}

async fn withdraw(app: &TestApp, l: &Landlord, entry_id: &str) -> reqwest::Response {
    app.request(
        Method::DELETE,
        &learning(l, &format!("/{entry_id}/publish")),
        Some(&l.user(Role::ComplaintsOfficer).token),
    )
    .send()
    .await
    .unwrap()
}

const CLEAN_SUMMARY: &str = "You told us engineers did not turn up for booked repairs. \
    We now confirm every appointment with the contractor on the day it is booked.";

async fn staff_record_list_and_filter_learning(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer);
    let (c1, c2) = (complaint(&app, &l).await, complaint(&app, &l).await);

    let repairs = expect_status(
        app.post(
            &learning(&l, ""),
            Some(&officer.token),
            &entry(&[&c1, &c2], "repairs"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(repairs["complaint_ids"], json!([c1, c2]));
    assert_eq!(repairs["service_area"], "repairs");
    assert_eq!(repairs["owner"], "Head of Repairs");
    assert_eq!(repairs["status"], "identified");
    assert!(repairs["implemented_on"].is_null());
    assert_eq!(repairs["identified_on"], today().to_string());
    assert_eq!(repairs["created_by"], officer.id.to_string());
    assert!(repairs["created_at"].is_string());
    assert!(repairs["updated_at"].is_string());
    assert_eq!(repairs["published"], false);
    assert!(repairs["public_summary"].is_null());
    assert!(repairs["published_on"].is_null());
    assert!(repairs["published_by"].is_null());

    let mut asb = entry(&[&c2], "anti-social behaviour");
    asb["status"] = json!("in_progress");
    asb.as_object_mut().unwrap().remove("owner");
    let asb = record(&app, &l, &asb).await;
    assert!(asb["owner"].is_null());
    let mut heating = entry(&[&c1], "heating");
    heating["status"] = json!("implemented");
    heating["implemented_on"] = json!(days_ago(3));
    let heating = record(&app, &l, &heating).await;
    assert_eq!(heating["implemented_on"], days_ago(3));
    expect_status(
        publish(&app, &l, &id(&heating), CLEAN_SUMMARY).await,
        StatusCode::OK,
    )
    .await;

    let mrc = &l.user(Role::Mrc).token;
    for (query, expected) in [
        ("", vec!["heating", "anti-social behaviour", "repairs"]),
        ("?status=identified", vec!["repairs"]),
        ("?status=in_progress", vec!["anti-social behaviour"]),
        ("?status=implemented", vec!["heating"]),
        ("?published=true", vec!["heating"]),
        ("?published=false", vec!["anti-social behaviour", "repairs"]),
        ("?published=false&status=implemented", vec![]),
    ] {
        let page = expect_status(app.get(&learning(&l, query), mrc).await, StatusCode::OK).await;
        assert_eq!(areas(&page), expected, "{query}");
    }
    let first = expect_status(
        app.get(&learning(&l, "?limit=2"), mrc).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(areas(&first), ["heating", "anti-social behaviour"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = expect_status(
        app.get(&learning(&l, &format!("?limit=2&cursor={cursor}")), mrc)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(areas(&second), ["repairs"]);
    assert!(second["next_cursor"].is_null());
    // The list's entries are the entries in full, as one entry reads.
    let got = expect_status(
        app.get(
            &learning(&l, &format!("/{}", id(&repairs))),
            &l.user(Role::GoverningBody).token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got, repairs);
    assert_eq!(second["items"][0], repairs);

    for (query, field) in [
        ("?status=done", "status"),
        ("?published=yes", "published"),
        ("?limit=0", "limit"),
        ("?cursor=nope", "cursor"),
    ] {
        let p = expect_problem(
            app.get(&learning(&l, query), mrc).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{query}");
    }
}

async fn the_status_decides_the_implementation_date_and_refused_changes_change_nothing(
    app: TestApp,
) {
    let l = app.landlord("alpha").await;
    let t = &l.user(Role::ComplaintsOfficer).token;
    let c = complaint(&app, &l).await;
    let tomorrow = (today() + Days::new(1)).to_string();

    let mut implemented_without_date = entry(&[&c], "repairs");
    implemented_without_date["status"] = json!("implemented");
    let mut dated_but_identified = entry(&[&c], "repairs");
    dated_but_identified["implemented_on"] = json!(days_ago(1));
    let mut implemented_tomorrow = entry(&[&c], "repairs");
    implemented_tomorrow["status"] = json!("implemented");
    implemented_tomorrow["implemented_on"] = json!(tomorrow);
    let mut everything_wrong = entry(&[], " ");
    everything_wrong["what_went_wrong"] = json!("");
    everything_wrong["lesson"] = json!("  ");
    everything_wrong["improvement"] = json!("x".repeat(5001));
    everything_wrong["owner"] = json!("y".repeat(201));
    everything_wrong["status"] = json!("done");
    let mut no_lesson = entry(&[&c], "repairs");
    no_lesson.as_object_mut().unwrap().remove("lesson");
    let mut bad_date = entry(&[&c], "repairs");
    bad_date["implemented_on"] = json!("last week");
    for (body, expected) in [
        (implemented_without_date, vec!["implemented_on"]),
        (dated_but_identified, vec!["implemented_on"]),
        (implemented_tomorrow, vec!["implemented_on"]),
        (
            everything_wrong,
            vec![
                "complaint_ids",
                "service_area",
                "what_went_wrong",
                "lesson",
                "improvement",
                "owner",
                "status",
            ],
        ),
        (no_lesson, vec!["lesson"]),
        (bad_date, vec!["implemented_on"]),
    ] {
        let p = expect_problem(
            app.post(&learning(&l, ""), Some(t), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), expected, "{body}");
    }
    let list = expect_status(app.get(&learning(&l, ""), t).await, StatusCode::OK).await;
    assert!(areas(&list).is_empty(), "nothing refused is recorded");
    let timeline = expect_status(
        app.get(&path(&l, &format!("/{c}/timeline")), t).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        !timeline.to_string().contains("learning_linked"),
        "a refused entry links nothing"
    );

    let e = record(&app, &l, &entry(&[&c], "repairs")).await;
    let at = learning(&l, &format!("/{}", id(&e)));
    for (body, expected) in [
        (json!({"status": "implemented"}), vec!["implemented_on"]),
        (
            json!({"status": "implemented", "implemented_on": tomorrow}),
            vec!["implemented_on"],
        ),
        (
            json!({"implemented_on": days_ago(1)}),
            vec!["implemented_on"],
        ),
        (
            json!({"status": "in_progress", "implemented_on": days_ago(1)}),
            vec!["implemented_on"],
        ),
        (
            json!({"status": "finished", "service_area": "", "lesson": " ", "owner": "z".repeat(201)}),
            vec!["service_area", "lesson", "owner", "status"],
        ),
        (json!({"complaint_ids": []}), vec!["complaint_ids"]),
        (
            json!({"complaint_ids": [c, "not-an-id"], "what_went_wrong": ""}),
            vec!["complaint_ids[1]", "what_went_wrong"],
        ),
        (json!({"implemented_on": "soon"}), vec!["implemented_on"]),
    ] {
        let p = expect_problem(
            app.patch(&at, t, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), expected, "{body}");
    }
    let after = expect_status(app.get(&at, t).await, StatusCode::OK).await;
    assert_eq!(after, e, "a refused change changes nothing");

    // Implemented with its date; the date stays while other fields change; moving back
    // clears it.
    let done = expect_status(
        app.patch(
            &at,
            t,
            &json!({"status": "implemented", "implemented_on": days_ago(2), "owner": null}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "implemented");
    assert_eq!(done["implemented_on"], days_ago(2));
    assert!(done["owner"].is_null());
    assert_eq!(done["lesson"], e["lesson"]);
    let reworded = expect_status(
        app.patch(
            &at,
            t,
            &json!({"improvement": "Appointments are confirmed the same day."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reworded["implemented_on"], days_ago(2));
    assert_eq!(
        reworded["improvement"],
        "Appointments are confirmed the same day."
    );
    let p = expect_problem(
        app.patch(&at, t, &json!({"implemented_on": null})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["implemented_on"]);
    let reopened = expect_status(
        app.patch(&at, t, &json!({"status": "in_progress"})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reopened["status"], "in_progress");
    assert!(reopened["implemented_on"].is_null());
    expect_problem(
        app.patch(
            &learning(&l, &format!("/{}", uuid::Uuid::now_v7())),
            t,
            &json!({"status": "in_progress"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn only_this_landlords_complaints_can_be_linked(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let t = &a.user(Role::ComplaintsOfficer).token;
    let ours = complaint(&app, &a).await;
    let theirs = complaint(&app, &b).await;
    let nobody = uuid::Uuid::now_v7().to_string();

    let messages = |p: &Value| -> Vec<String> {
        p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap().to_owned())
            .collect()
    };
    let p = expect_problem(
        app.post(
            &learning(&a, ""),
            Some(t),
            &entry(&[&ours, &theirs, &nobody], "repairs"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["complaint_ids[1]", "complaint_ids[2]"]);
    let m = messages(&p);
    assert_eq!(
        m[0], m[1],
        "another landlord's complaint reads as no complaint at all"
    );
    let p = expect_problem(
        app.post(
            &learning(&a, ""),
            Some(t),
            &entry(&["FL-12", &ours, &nobody, &ours], "repairs"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&p),
        ["complaint_ids[0]", "complaint_ids[2]", "complaint_ids[3]"],
        "each bad one named in the order given"
    );
    assert!(
        p["errors"][2]["message"]
            .as_str()
            .unwrap()
            .contains("complaint_ids[1]")
    );
    let p = expect_problem(
        app.post(&learning(&a, ""), Some(t), &entry(&[], "repairs"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["complaint_ids"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("9.1"));
    let mut missing = entry(&[&ours], "repairs");
    missing.as_object_mut().unwrap().remove("complaint_ids");
    let p = expect_problem(
        app.post(&learning(&a, ""), Some(t), &missing).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["complaint_ids"]);
    let list = expect_status(app.get(&learning(&a, ""), t).await, StatusCode::OK).await;
    assert!(areas(&list).is_empty());

    let e = record(&app, &a, &entry(&[&ours], "repairs")).await;
    let at = learning(&a, &format!("/{}", id(&e)));
    let p = expect_problem(
        app.patch(&at, t, &json!({"complaint_ids": [ours, theirs]}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["complaint_ids[1]"]);
    let after = expect_status(app.get(&at, t).await, StatusCode::OK).await;
    assert_eq!(after, e);
    // Bravo's complaint knows nothing of alpha's learning.
    let timeline = expect_status(
        app.get(
            &path(&b, &format!("/{theirs}/timeline")),
            &b.user(Role::ComplaintsOfficer).token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(!timeline.to_string().contains("learning"));
}

fn events<'a>(timeline: &'a Value, kind: &str) -> Vec<&'a Value> {
    timeline
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .collect()
}

async fn linking_a_complaint_notes_it_on_the_timeline(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer);
    let (c1, c2, c3) = (
        complaint(&app, &l).await,
        complaint(&app, &l).await,
        complaint(&app, &l).await,
    );
    let e = expect_status(
        app.post(
            &learning(&l, ""),
            Some(&officer.token),
            &entry(&[&c1, &c2], "repairs"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let timeline = |c: String| {
        let app = &app;
        let t = officer.token.clone();
        let at = path(&l, &format!("/{c}/timeline"));
        async move { expect_status(app.get(&at, &t).await, StatusCode::OK).await }
    };
    for c in [&c1, &c2] {
        let tl = timeline(c.clone()).await;
        let linked = events(&tl, "learning_linked");
        assert_eq!(linked.len(), 1, "{tl}");
        assert_eq!(linked[0]["data"]["learning_id"], e["id"]);
        assert_eq!(linked[0]["data"]["service_area"], "repairs");
        assert_eq!(linked[0]["effective_on"], today().to_string());
        assert_eq!(linked[0]["actor_id"], officer.id.to_string());
    }
    assert!(events(&timeline(c3.clone()).await, "learning_linked").is_empty());

    // Linking is not a step of the process: an action may still be dated before it.
    act_ok(&app, &l, &c1, "acknowledge", acknowledgement("2025-01-08")).await;

    expect_status(
        app.patch(
            &learning(&l, &format!("/{}", id(&e))),
            &officer.token,
            &json!({"complaint_ids": [c3, c1]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let tl1 = timeline(c1.clone()).await;
    assert_eq!(
        events(&tl1, "learning_linked").len(),
        1,
        "still linked: no new event"
    );
    assert!(events(&tl1, "learning_unlinked").is_empty());
    let tl2 = timeline(c2.clone()).await;
    assert_eq!(events(&tl2, "learning_unlinked").len(), 1);
    assert_eq!(
        events(&tl2, "learning_unlinked")[0]["data"]["learning_id"],
        e["id"]
    );
    let tl3 = timeline(c3.clone()).await;
    assert_eq!(events(&tl3, "learning_linked").len(), 1);
    let got = expect_status(
        app.get(&learning(&l, &format!("/{}", id(&e))), &officer.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["complaint_ids"], json!([c3, c1]), "in the order given");
}

async fn a_summary_with_personal_data_is_refused_naming_only_the_kind(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mary = intake(
        &app,
        &l,
        json!({"resident": {"name": "Mary Jones", "email": "mary@example.org",
                            "phone": "07700 900123", "property_ref": "FL-12"}}),
    )
    .await;
    let represented = intake(
        &app,
        &l,
        json!({"resident": {"name": "Tom Baker"}, "channel": "representative",
               "representative": {"name": "Priya Ahmed", "relationship": "ward councillor",
                                  "email": "p.ahmed@council.test", "phone": "0161 496 0018",
                                  "consent_on": "2025-01-03",
                                  "consent_evidence": "Signed consent form"}}),
    )
    .await;
    let e = record(
        &app,
        &l,
        &entry(&[&id(&mary), &id(&represented)], "repairs"),
    )
    .await;
    let entry_id = id(&e);
    for (summary, kind, secret) in [
        (
            "Mary Jones told us the engineer did not come.",
            "the name of a linked complaint's resident",
            "Mary Jones",
        ),
        (
            "JONES told us the engineer did not come.",
            "the name of a linked complaint's resident",
            "JONES",
        ),
        (
            "Tom said the engineer did not come.",
            "the name of a linked complaint's resident",
            "Tom",
        ),
        (
            "Write to MARY@example.org for an update.",
            "the email address of a linked complaint's resident",
            "example.org",
        ),
        (
            "Call 0 7700 900 123 for an update.",
            "the phone number of a linked complaint's resident",
            "900",
        ),
        (
            "The boiler at fl 12 was not repaired.",
            "the property reference of a linked complaint's resident",
            "fl 12",
        ),
        (
            "Cllr Ahmed raised the case with us.",
            "the name of a linked complaint's representative",
            "Ahmed",
        ),
        (
            "Updates went to p.ahmed@council.test.",
            "the email address of a linked complaint's representative",
            "council.test",
        ),
        (
            "Updates went to 0161 4960018.",
            "the phone number of a linked complaint's representative",
            "4960018",
        ),
        (
            "Anyone can write to repairs.team@example.net.",
            "an email address",
            "example.net",
        ),
        ("Anyone can call (020) 7946 0999.", "a phone number", "7946"),
    ] {
        let p = expect_problem(
            publish(&app, &l, &entry_id, summary).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), ["public_summary"], "{summary}");
        let message = p["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(kind), "{summary}: {message}");
        assert!(message.contains("Code 9.3"), "{message}");
        // (The request id is random hex, which may happen to hold the digits.)
        let mut said = p.clone();
        said.as_object_mut().unwrap().remove("request_id");
        assert!(
            !said
                .to_string()
                .to_lowercase()
                .contains(&secret.to_lowercase()),
            "the refusal never repeats the data: {p}"
        );
    }
    for bad in ["", "   "] {
        let p = expect_problem(
            publish(&app, &l, &entry_id, bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), ["public_summary"]);
    }
    let after = expect_status(
        app.get(&learning(&l, &format!("/{entry_id}")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after, e, "a refused summary publishes nothing");
    let audit = expect_status(
        app.get(
            "/api/v1/landlords/alpha/audit?kind=learning.published",
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit["items"], json!([]));
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

async fn a_clean_summary_is_published_replaced_and_withdrawn_on_the_audit_log(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer);
    let c = complaint(&app, &l).await;
    let e = record(&app, &l, &entry(&[&c], "repairs")).await;
    let entry_id = id(&e);

    let published = expect_status(
        publish(&app, &l, &entry_id, &format!("  {CLEAN_SUMMARY}  ")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(published["published"], true);
    assert_eq!(published["public_summary"], CLEAN_SUMMARY);
    assert_eq!(published["published_on"], today().to_string());
    assert_eq!(published["published_by"], officer.id.to_string());
    assert_eq!(published["lesson"], e["lesson"]);
    let log = audit(&app, &l, "learning.published").await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["subject_id"], entry_id.as_str());
    assert_eq!(log[0]["actor_id"], officer.id.to_string());

    let replacement = "You said repairs appointments were missed. We did: every \
        appointment is now confirmed with the contractor the same day.";
    let replaced = expect_status(
        publish(&app, &l, &entry_id, replacement).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(replaced["public_summary"], replacement);
    let log = audit(&app, &l, "learning.summary_replaced").await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["detail"]["previous_summary"], CLEAN_SUMMARY);
    assert_eq!(log[0]["detail"]["public_summary"], replacement);

    let withdrawn = expect_status(withdraw(&app, &l, &entry_id).await, StatusCode::OK).await;
    assert_eq!(withdrawn["published"], false);
    assert!(withdrawn["public_summary"].is_null());
    assert!(withdrawn["published_on"].is_null());
    assert!(withdrawn["published_by"].is_null());
    let log = audit(&app, &l, "learning.withdrawn").await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["subject_id"], entry_id.as_str());
    let p = expect_problem(withdraw(&app, &l, &entry_id).await, StatusCode::CONFLICT).await;
    assert!(p["detail"].as_str().unwrap().contains("not published"));
    let list = expect_status(
        app.get(&learning(&l, "?published=true"), &officer.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(areas(&list).is_empty());

    // Publishing an entry of no one, or another landlord's, is 404.
    let other = app.landlord("bravo").await;
    let theirs = record(
        &app,
        &other,
        &entry(&[&complaint(&app, &other).await], "heating"),
    )
    .await;
    expect_problem(
        publish(&app, &l, &id(&theirs), CLEAN_SUMMARY).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        publish(&app, &l, &uuid::Uuid::now_v7().to_string(), CLEAN_SUMMARY).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn the_residents_panel_sees_only_published_entries_and_only_their_public_fields(
    app: TestApp,
) {
    let l = app.landlord("alpha").await;
    let panel = &l.user(Role::PanelMember).token;
    let c = complaint(&app, &l).await;
    let hidden = record(&app, &l, &entry(&[&c], "anti-social behaviour")).await;
    let mut heating = entry(&[&c], "heating");
    heating["status"] = json!("implemented");
    heating["implemented_on"] = json!(days_ago(5));
    let heating = record(&app, &l, &heating).await;
    let repairs = record(&app, &l, &entry(&[&c], "repairs")).await;
    for e in [&heating, &repairs] {
        expect_status(
            publish(&app, &l, &id(e), CLEAN_SUMMARY).await,
            StatusCode::OK,
        )
        .await;
    }

    let page = expect_status(app.get(&learning(&l, ""), panel).await, StatusCode::OK).await;
    assert_eq!(areas(&page), ["repairs", "heating"]);
    let public: BTreeSet<&str> = [
        "id",
        "service_area",
        "public_summary",
        "published_on",
        "status",
        "implemented_on",
    ]
    .into();
    for item in page["items"].as_array().unwrap() {
        let keys: BTreeSet<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, public, "{item}");
        assert_eq!(item["public_summary"], CLEAN_SUMMARY);
        assert_eq!(item["published_on"], today().to_string());
    }
    assert_eq!(
        page["items"][1],
        json!({"id": heating["id"], "service_area": "heating", "public_summary": CLEAN_SUMMARY,
               "published_on": today().to_string(), "status": "implemented",
               "implemented_on": days_ago(5)})
    );
    assert!(
        !page.to_string().contains(&c),
        "no complaint ids for the panel"
    );

    for (query, expected) in [
        ("?published=true", vec!["repairs", "heating"]),
        ("?published=false", vec![]),
        ("?status=implemented", vec!["heating"]),
        ("?status=identified", vec!["repairs"]),
        ("?limit=1", vec!["repairs"]),
    ] {
        let page = expect_status(app.get(&learning(&l, query), panel).await, StatusCode::OK).await;
        assert_eq!(areas(&page), expected, "{query}");
    }

    let one = expect_status(
        app.get(&learning(&l, &format!("/{}", id(&repairs))), panel)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        one.as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect::<BTreeSet<_>>(),
        public
    );
    expect_problem(
        app.get(&learning(&l, &format!("/{}", id(&hidden))), panel)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Withdrawn, it is gone from the panel's view.
    expect_status(withdraw(&app, &l, &id(&repairs)).await, StatusCode::OK).await;
    expect_problem(
        app.get(&learning(&l, &format!("/{}", id(&repairs))), panel)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let page = expect_status(app.get(&learning(&l, ""), panel).await, StatusCode::OK).await;
    assert_eq!(areas(&page), ["heating"]);
}

async fn learning_is_kept_by_the_complaints_team_and_published_by_a_complaints_officer(
    app: TestApp,
) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let c = complaint(&app, &a).await;
    let unpublished = id(&record(&app, &a, &entry(&[&c], "repairs")).await);
    let published = id(&record(&app, &a, &entry(&[&c], "heating")).await);
    expect_status(
        publish(&app, &a, &published, CLEAN_SUMMARY).await,
        StatusCode::OK,
    )
    .await;

    let readers = |role: Role| match role {
        Role::Contractor => Expect::Forbidden,
        _ => Expect::Allowed,
    };
    let full_readers = |role: Role| match role {
        Role::Contractor => Expect::Forbidden,
        Role::PanelMember => Expect::NotFound,
        _ => Expect::Allowed,
    };
    let team = |role: Role| match role {
        Role::LandlordAdmin | Role::ComplaintsOfficer => Expect::Allowed,
        _ => Expect::Forbidden,
    };
    let officers = |role: Role| match role {
        Role::ComplaintsOfficer => Expect::Allowed,
        _ => Expect::Forbidden,
    };
    check_roles(&a, &b, &platform, readers, |t| {
        app.request(Method::GET, &learning(&a, ""), Some(t))
    })
    .await;
    check_roles(&a, &b, &platform, readers, |t| {
        app.request(
            Method::GET,
            &learning(&a, &format!("/{published}")),
            Some(t),
        )
    })
    .await;
    check_roles(&a, &b, &platform, full_readers, |t| {
        app.request(
            Method::GET,
            &learning(&a, &format!("/{unpublished}")),
            Some(t),
        )
    })
    .await;
    check_roles(&a, &b, &platform, team, |t| {
        app.request(Method::POST, &learning(&a, ""), Some(t))
            .json(&entry(&[&c], "estate services"))
    })
    .await;
    check_roles(&a, &b, &platform, team, |t| {
        app.request(
            Method::PATCH,
            &learning(&a, &format!("/{unpublished}")),
            Some(t),
        )
        .json(&json!({"status": "in_progress"}))
    })
    .await;
    check_roles(&a, &b, &platform, officers, |t| {
        app.request(
            Method::POST,
            &learning(&a, &format!("/{unpublished}/publish")),
            Some(t),
        )
        .json(&json!({"public_summary": CLEAN_SUMMARY}))
    })
    .await;
    check_roles(&a, &b, &platform, officers, |t| {
        app.request(
            Method::DELETE,
            &learning(&a, &format!("/{published}/publish")),
            Some(t),
        )
    })
    .await;
    // A landlord admin is refused as "approved by a complaints officer".
    let p = expect_problem(
        app.post(
            &learning(&a, &format!("/{unpublished}/publish")),
            Some(&a.admin().token),
            &json!({"public_summary": CLEAN_SUMMARY}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("complaints officer"));
    // Another landlord's entry is out of reach at every endpoint, even by id.
    let bt = &b.user(Role::ComplaintsOfficer).token;
    let bravo = |rest: String| format!("/api/v1/landlords/bravo/learning{rest}");
    expect_problem(
        app.get(&bravo(format!("/{published}")), bt).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        app.patch(
            &bravo(format!("/{published}")),
            bt,
            &json!({"status": "in_progress"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        app.post(
            &bravo(format!("/{published}/publish")),
            Some(bt),
            &json!({"public_summary": CLEAN_SUMMARY}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let list = expect_status(app.get(&bravo(String::new()), bt).await, StatusCode::OK).await;
    assert!(areas(&list).is_empty());
}

async fn learning_figures_count_what_was_identified_implemented_and_open(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let c = complaint(&app, &a).await;
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();

    // identified on, implemented on
    let fixture = [
        ("a", "2025-01-10", None),
        ("b", "2025-01-05", Some("2025-02-10")),
        ("c", "2025-03-01", None),
        ("d", "2024-12-01", Some("2025-01-20")),
        ("e", "2025-01-31", Some("2025-01-31")),
    ];
    for (area, identified_on, implemented_on) in fixture {
        let mut body = entry(&[&c], area);
        if let Some(d) = implemented_on {
            body["status"] = json!("implemented");
            body["implemented_on"] = json!(d);
        }
        let e = record(&app, &a, &body).await;
        set_identified_on(&app, &id(&e), day(identified_on)).await;
    }
    let theirs = record(&app, &b, &entry(&[&complaint(&app, &b).await], "z")).await;
    set_identified_on(&app, &id(&theirs), day("2025-01-15")).await;

    let landlord = redress_store::landlords::find_by_slug(&app.db, "alpha")
        .await
        .unwrap();
    let scope = TenantScope::for_system_task(landlord.id);
    let figures = |from: &str, to: &str| {
        let (from, to) = (day(from), day(to));
        let db = app.db.clone();
        async move {
            redress_store::learning::figures(&db, scope, from, to)
                .await
                .unwrap()
        }
    };
    // January: a, b and e recorded; d and e implemented; at 31 January a and b are open
    // (b is implemented only in February), d and e are not.
    assert_eq!(
        figures("2025-01-01", "2025-01-31").await,
        LearningFigures {
            identified: 3,
            implemented: 2,
            open: 2
        }
    );
    // February–March: c recorded, b implemented; at 31 March a and c are open.
    assert_eq!(
        figures("2025-02-01", "2025-03-31").await,
        LearningFigures {
            identified: 1,
            implemented: 1,
            open: 2
        }
    );
    // Before anything was recorded there is nothing open.
    assert_eq!(
        figures("2024-01-01", "2024-11-30").await,
        LearningFigures::default()
    );
    // The figures serialise as the digest and dashboards show them.
    assert_eq!(
        serde_json::to_value(figures("2024-12-01", "2024-12-31").await).unwrap(),
        json!({"identified": 1, "implemented": 0, "open": 1})
    );
}

/// Dates an entry's recording in the past, as if it had been recorded then.
async fn set_identified_on(app: &TestApp, entry_id: &str, on: NaiveDate) {
    let id: uuid::Uuid = entry_id.parse().unwrap();
    app.sql(
        "UPDATE learning_entries SET identified_on = $1 WHERE id = $2",
        vec![on.into(), id.into()],
    )
    .await;
}
