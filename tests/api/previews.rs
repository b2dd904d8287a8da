//! Letters seen before they go (issue "The daily work", point 3): every action that sends the
//! resident a letter can show it first, exactly as it would go, recording nothing; and every
//! letter, written from the least each action accepts, reads whole.

use crate::complaints::{act_ok, intake, path};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

db_tests!(
    a_letter_is_seen_before_it_goes_and_the_preview_records_nothing,
    every_letter_reads_whole_from_the_least_each_action_accepts,
    a_complaint_received_letter_is_seen_before_the_complaint_is_logged,
);

async fn preview(
    app: &TestApp,
    l: &Landlord,
    id: &str,
    action: &str,
    body: Value,
) -> reqwest::Response {
    app.post(
        &path(l, &format!("/{id}/{action}/preview")),
        Some(&l.user(Role::ComplaintsOfficer).token),
        &body,
    )
    .await
}

/// The letter an action would send, previewed by the complaints officer.
async fn previewed(app: &TestApp, l: &Landlord, id: &str, action: &str, body: Value) -> Value {
    expect_status(preview(app, l, id, action, body).await, StatusCode::OK).await
}

async fn letters(app: &TestApp, l: &Landlord, id: &str) -> Vec<Value> {
    let v = expect_status(
        app.get(&path(l, &format!("/{id}/letters")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    v["items"].as_array().unwrap().clone()
}

async fn outbox(app: &TestApp) -> String {
    app.sql_text("SELECT CAST(COUNT(*) AS TEXT) FROM outbox", vec![])
        .await
        .unwrap_or_default()
}

/// What a case has on record that a preview must leave alone: its letters, the outbox and
/// its timeline, counted.
async fn recorded(app: &TestApp, l: &Landlord, id: &str) -> (usize, String, usize) {
    let timeline = expect_status(
        app.get(
            &path(l, &format!("/{id}/timeline")),
            &l.user(Role::ComplaintsOfficer).token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    (
        letters(app, l, id).await.len(),
        outbox(app).await,
        timeline.as_array().unwrap().len(),
    )
}

async fn a_letter_is_seen_before_it_goes_and_the_preview_records_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let today = chrono::Utc::now().date_naive().to_string();
    let body = json!({"definition": "You told us the boiler has not been repaired since 2 January.",
        "outcomes_sought": "A working boiler", "responsible_for": "Repairs to the heating",
        "on": today});
    let before = recorded(&app, &l, id).await;
    let seen = previewed(&app, &l, id, "acknowledge", body.clone()).await;
    assert_eq!(seen["kind"], "acknowledgement");
    assert_eq!(seen["delivery"], "email");
    assert_eq!(seen["recipient"], "mary@example.org");
    assert_eq!(seen["recipient_name"], "Mary Jones");
    assert!(
        seen["subject"]
            .as_str()
            .unwrap()
            .contains(c["reference"].as_str().unwrap())
    );
    let text = seen["text"].as_str().unwrap();
    assert!(
        text.contains("You told us the boiler has not been repaired since 2 January."),
        "{text}"
    );
    assert!(text.contains("Dear Mary Jones,"), "{text}");
    assert!(seen["html"].as_str().unwrap().contains("A working boiler"));

    // Nothing was recorded and nothing queued: the case is as it was.
    let after = recorded(&app, &l, id).await;
    assert_eq!(after, before);
    let case = expect_status(
        app.get(&path(&l, &format!("/{id}")), officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(case["status"], "received");
    assert_eq!(case["definition"], Value::Null);

    // Confirmed: the letter that goes is the letter that was seen.
    act_ok(&app, &l, id, "acknowledge", body).await;
    let sent = letters(&app, &l, id).await;
    assert_eq!(sent.len(), before.0 + 1);
    let latest = sent
        .iter()
        .find(|x| x["kind"] == "acknowledgement")
        .unwrap();
    assert_eq!(latest["subject"], seen["subject"]);
    let corr = expect_status(
        app.get(
            &path(&l, &format!("/{id}/correspondence?limit=50")),
            officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        corr["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["body"] == seen["text"]),
        "the correspondence record keeps the words that were previewed"
    );

    // A preview refuses as its action does: a field named, a rule of the Code cited.
    let p = expect_problem(
        preview(
            &app,
            &l,
            id,
            "extend",
            json!({"working_days": 5, "reason": " "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["reason"]);
    let p = expect_problem(
        preview(
            &app,
            &l,
            id,
            "refuse-escalation",
            json!({"reason": "other", "explanation": "No."}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().is_some());
    // Not this role's action, nor another landlord's case.
    let panel = &l.user(Role::PanelMember).token;
    expect_problem(
        app.post(
            &path(&l, &format!("/{id}/extend/preview")),
            Some(panel),
            &json!({"working_days": 5, "reason": "r"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let b = app.landlord("bravo").await;
    expect_problem(
        app.post(
            &format!("/api/v1/landlords/bravo/complaints/{id}/extend/preview"),
            Some(&b.user(Role::ComplaintsOfficer).token),
            &json!({"working_days": 5, "reason": "r"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn complaints_count(app: &TestApp) -> String {
    app.sql_text("SELECT CAST(COUNT(*) AS TEXT) FROM complaints", vec![])
        .await
        .unwrap_or_default()
}

async fn a_complaint_received_letter_is_seen_before_the_complaint_is_logged(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let first = intake(&app, &l, json!({})).await;
    let id = first["id"].as_str().unwrap();
    let today = chrono::Utc::now().date_naive().to_string();
    let body = json!({"resident_id": first["resident_id"], "channel": "phone",
        "received_on": today, "category": "repairs",
        "description": "The communal door has not locked since March."});
    let (complaints, queued) = (complaints_count(&app).await, outbox(&app).await);

    // Code 1.2, 3.1: the reference and tracking link, as the resident will receive them.
    let seen = expect_status(
        app.post(&path(&l, "/preview"), Some(officer), &body).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["kind"], "complaint_received");
    assert_eq!(seen["recipient"], "mary@example.org");
    let text = seen["text"].as_str().unwrap();
    assert!(text.contains("Dear Mary Jones,"), "{text}");
    // The link itself is put in only as the email is sent: no one else ever sees it.
    assert!(
        text.contains(redress_store::outbox::LINK_PLACEHOLDER),
        "where the tracking link goes: {text}"
    );
    assert_eq!(complaints_count(&app).await, complaints, "nothing logged");
    assert_eq!(outbox(&app).await, queued, "nothing queued");

    // Confirmed: the complaint is logged and the letter that goes says what was seen, with
    // the reference it was given.
    let logged = expect_status(
        app.post(&path(&l, ""), Some(officer), &body).await,
        StatusCode::CREATED,
    )
    .await;
    let new_id = logged["id"].as_str().unwrap();
    let sent = letters(&app, &l, new_id).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["subject"], seen["subject"]);
    assert!(
        seen["subject"]
            .as_str()
            .unwrap()
            .contains(logged["reference"].as_str().unwrap())
    );

    // A preview refuses as the intake does, naming the field, and records nothing.
    let p = expect_problem(
        app.post(
            &path(&l, "/preview"),
            Some(officer),
            &json!({"resident_id": first["resident_id"], "channel": "pigeon",
                "received_on": today, "description": "D", "category": "repairs"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["channel"]);

    let before = recorded(&app, &l, id).await;
    // Code 6.8: a related issue before the stage 1 response amends the definition and sends
    // nothing, so there is no letter to see; an unrelated one is a new complaint with its own.
    let p = expect_problem(
        preview(
            &app,
            &l,
            id,
            "additional",
            json!({"description": "And the lift.", "related": true}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("no letter"));
    let complaints = complaints_count(&app).await;
    let unrelated = previewed(
        &app,
        &l,
        id,
        "additional",
        json!({"description": "The fence is down.", "related": false}),
    )
    .await;
    assert_eq!(unrelated["kind"], "complaint_received");
    assert!(
        !unrelated["subject"]
            .as_str()
            .unwrap()
            .contains(first["reference"].as_str().unwrap()),
        "a reference of its own: {}",
        unrelated["subject"]
    );
    assert_eq!(complaints_count(&app).await, complaints, "nothing logged");
    assert_eq!(
        recorded(&app, &l, id).await,
        before,
        "the case is as it was"
    );

    // Not for a contractor, nor for another landlord's case.
    expect_problem(
        app.post(
            &path(&l, "/preview"),
            Some(&l.user(Role::Contractor).token),
            &body,
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let b = app.landlord("bravo").await;
    expect_problem(
        app.post(
            &format!("/api/v1/landlords/bravo/complaints/{id}/additional/preview"),
            Some(&b.user(Role::ComplaintsOfficer).token),
            &json!({"description": "The fence is down.", "related": false}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let p = expect_problem(
        app.post(
            "/api/v1/landlords/bravo/complaints/preview",
            Some(&b.user(Role::ComplaintsOfficer).token),
            &body,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["resident_id"]);
}

/// What a letter must not show: template syntax left over, a heading with nothing under it,
/// or a gap where a value should have been.
fn assert_whole(kind: &str, text: &str, html: &str) {
    for leftover in ["{{", "}}", "{%", "%}", "{#"] {
        assert!(
            !text.contains(leftover) && !html.contains(leftover),
            "{kind}: template syntax left: {leftover}"
        );
    }
    let blanks = [
        (r"Dear\s*,", "a greeting without a name"),
        (r"\(\s*\)", "empty brackets"),
        (r"[^\S\n]+[.,;]", "a gap before punctuation"),
        (r":[ \t]*\n[ \t]*\n", "nothing after a colon"),
        (r"[a-z,][ ]{2,}[A-Za-z]", "two spaces where a word was"),
        (
            r"\b(by|on|of|to)\s*\.",
            "a date or name missing at the end of a sentence",
        ),
    ];
    for (pattern, what) in blanks {
        let re = regex::Regex::new(pattern).unwrap();
        assert!(
            !re.is_match(text),
            "{kind}: {what} in the text: {:?}\n{text}",
            re.find(text).map(|m| m.as_str())
        );
    }
    // A heading (a line in capitals) must have something under it before the next one.
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let heading =
        |l: &str| l.len() > 3 && l.chars().any(|c| c.is_alphabetic()) && l == l.to_uppercase();
    for pair in lines.windows(2) {
        assert!(
            !(heading(pair[0]) && heading(pair[1])),
            "{kind}: the heading {:?} has nothing under it\n{text}",
            pair[0]
        );
    }
    assert!(
        !lines.last().is_some_and(|l| heading(l)),
        "{kind}: the letter ends on a heading"
    );
    for pattern in [
        r"<h[1-6][^>]*>\s*</h[1-6]>",
        r"<p[^>]*>\s*</p>",
        r"<li[^>]*>\s*</li>",
        r"<strong>\s*</strong>",
    ] {
        let re = regex::Regex::new(pattern).unwrap();
        assert!(
            !re.is_match(html),
            "{kind}: an empty element in the HTML: {:?}",
            re.find(html).map(|m| m.as_str())
        );
    }
}

async fn every_letter_reads_whole_from_the_least_each_action_accepts(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let mut seen = Vec::new();
    let mut check = |v: Value| {
        let kind = v["kind"].as_str().unwrap().to_owned();
        assert_whole(
            &kind,
            v["text"].as_str().unwrap(),
            v["html"].as_str().unwrap(),
        );
        seen.push(kind);
    };
    // The least intake: no outcomes, no issue date.
    let c = intake(
        &app,
        &l,
        json!({"received_on": chrono::Utc::now().date_naive().to_string()}),
    )
    .await;
    let id = c["id"].as_str().unwrap();
    let corr = expect_status(
        app.get(
            &path(&l, &format!("/{id}/correspondence?limit=50")),
            officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let received = corr["items"][0]["body"].as_str().unwrap();
    assert_whole("complaint_received", received, "");
    // The same letter, previewed from the least intake before it is logged.
    check(
        expect_status(
            app.post(
                &path(&l, "/preview"),
                Some(officer),
                &json!({"resident_id": c["resident_id"], "channel": "phone",
                    "received_on": chrono::Utc::now().date_naive().to_string(),
                    "description": "D", "category": "repairs"}),
            )
            .await,
            StatusCode::OK,
        )
        .await,
    );

    check(
        previewed(
            &app,
            &l,
            id,
            "not-accept",
            json!({"reason": "other", "explanation": "E"}),
        )
        .await,
    );
    let least_ack = json!({"definition": "D", "outcomes_sought": "O", "responsible_for": "R"});
    check(previewed(&app, &l, id, "acknowledge", least_ack.clone()).await);
    act_ok(&app, &l, id, "acknowledge", least_ack.clone()).await;
    check(
        previewed(
            &app,
            &l,
            id,
            "extend",
            json!({"working_days": 1, "reason": "W"}),
        )
        .await,
    );
    let least_response = json!({"decision": "not_upheld", "reasons": "R", "remedies": [], "outstanding_actions": []});
    check(previewed(&app, &l, id, "respond", least_response.clone()).await);
    act_ok(&app, &l, id, "respond", least_response.clone()).await;
    // After the stage 1 response a further issue is a new complaint, with its own letter.
    let least_additional = json!({"description": "D", "related": true});
    let additional = previewed(&app, &l, id, "additional", least_additional).await;
    assert_eq!(additional["kind"], "complaint_received");
    check(additional);
    act_ok(&app, &l, id, "escalate", json!({})).await;
    check(
        previewed(
            &app,
            &l,
            id,
            "refuse-escalation",
            json!({"reason": "other", "explanation": "E"}),
        )
        .await,
    );
    // Stage 2 is another officer's (Code 6.13).
    let admin = &l.admin().token;
    expect_status(
        app.post(
            &path(&l, &format!("/{id}/allocate")),
            Some(admin),
            &json!({"handler_id": l.admin().id}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let as_admin = |action: &str, body: Value| {
        let url = path(&l, &format!("/{id}/{action}/preview"));
        let app = &app;
        async move { expect_status(app.post(&url, Some(admin), &body).await, StatusCode::OK).await }
    };
    check(as_admin("acknowledge", least_ack.clone()).await);
    expect_status(
        app.post(
            &path(&l, &format!("/{id}/acknowledge")),
            Some(admin),
            &least_ack,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    check(as_admin("respond", least_response).await);
    seen.sort();
    assert_eq!(
        seen,
        [
            "acknowledgement",
            "complaint_received",
            "complaint_received",
            "escalation_refused",
            "extension",
            "not_accepted",
            "stage1_response",
            "stage2_acknowledgement",
            "stage2_response",
        ]
    );
}

#[test]
fn the_check_of_a_letter_catches_what_it_looks_for() {
    let fails = |text: &str, html: &str| {
        let (text, html) = (text.to_owned(), html.to_owned());
        std::panic::catch_unwind(move || assert_whole("sample", &text, &html)).is_err()
    };
    assert!(!fails(
        "Dear Mary Jones,\n\nOUR DECISION\n\nUpheld.\n",
        "<h2>Our decision</h2><p>Upheld.</p>"
    ));
    assert!(fails("Dear ,\n\nWords.\n", ""));
    assert!(fails("Dear A,\n\nYou will hear from us by .\n", ""));
    assert!(fails(
        "Dear A,\n\nOUR DECISION\n\nREASONS\n\nBecause.\n",
        ""
    ));
    assert!(fails("Dear A,\n\nStage {{ stage }}.\n", ""));
    assert!(fails(
        "Dear A,\n\nContact them at any time:\n\nThanks.\n",
        ""
    ));
    assert!(fails("Dear A,\n\nWords.\n", "<h2> </h2>"));
}
