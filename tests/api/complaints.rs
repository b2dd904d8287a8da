//! Complaints through the API: the two stages, deadlines, and every rule of the Code that the
//! server enforces (docs/rules.md, "Timescales"; docs/state-machine.md, "Transitions").

use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

db_tests!(
    a_complaint_goes_from_intake_to_a_closed_stage_2,
    every_deadline_example_of_the_spec_holds_for_complaints,
    the_stage_2_handler_is_never_the_stage_1_handler,
    extensions_beyond_the_limit_need_a_good_reason,
    actions_out_of_order_are_refused_naming_the_rule,
    effective_dates_are_never_in_the_future_or_out_of_order,
    bad_intake_is_refused_field_by_field_and_logs_nothing,
    a_late_issue_is_flagged_never_excluded,
    not_accepting_needs_a_reason_and_an_explanation,
    additional_complaints_amend_or_link,
    refusing_escalation_closes_the_complaint,
    a_response_must_contain_the_codes_elements,
    remedies_and_actions_are_tracked_to_completion,
    a_complaint_is_raised_from_an_open_service_request,
    a_representative_is_recorded_with_consent,
    closing_needs_no_body,
    complaints_logged_at_the_same_moment_all_get_their_own_reference,
);

pub fn path(l: &Landlord, rest: &str) -> String {
    format!("/api/v1/landlords/{}/complaints{rest}", l.slug)
}

pub async fn intake(app: &TestApp, l: &Landlord, extra: Value) -> Value {
    let mut body = json!({
        "resident": {"name": "Mary Jones", "email": "mary@example.org", "property_ref": "FL-12"},
        "channel": "phone",
        "received_on": "2025-01-06",
        "description": "The boiler has been broken for three weeks and nobody came.",
        "category": "repairs",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let resp = app
        .post(
            &path(l, ""),
            Some(&l.user(Role::ComplaintsOfficer).token),
            &body,
        )
        .await;
    expect_status(resp, StatusCode::CREATED).await
}

pub async fn act(
    app: &TestApp,
    l: &Landlord,
    token: &str,
    id: &str,
    action: &str,
    body: Value,
) -> reqwest::Response {
    app.post(&path(l, &format!("/{id}/{action}")), Some(token), &body)
        .await
}

pub async fn act_ok(app: &TestApp, l: &Landlord, id: &str, action: &str, body: Value) -> Value {
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    expect_status(
        act(app, l, &officer, id, action, body).await,
        StatusCode::OK,
    )
    .await
}

pub fn acknowledgement(on: &str) -> Value {
    json!({"definition": "The boiler repair was not done within the repair timescale.",
           "outcomes_sought": "A working boiler and compensation",
           "responsible_for": "Repairs to the heating system",
           "complexity": "straightforward", "risk": "medium", "on": on,
           "letter_already_sent": false})
}

pub fn response(on: &str) -> Value {
    json!({"decision": "upheld", "reasons": "The engineer missed two appointments.",
           "remedies": [], "outstanding_actions": [], "on": on,
           "letter_already_sent": false})
}

async fn a_complaint_goes_from_intake_to_a_closed_stage_2(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let handler = l.user(Role::CaseHandler);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(c["status"], "received");
    assert!(
        c["reference"].as_str().unwrap().starts_with("ALP-0000"),
        "{}",
        c["reference"]
    );
    assert_eq!(c["stage1"]["ack_due"], "2025-01-13");
    assert_eq!(c["stage2"], Value::Null);
    assert_eq!(c["scheme"]["code"], "housing");

    act_ok(
        &app,
        &l,
        &id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    let c = expect_status(
        act(
            &app,
            &l,
            &handler.token,
            &id,
            "acknowledge",
            acknowledgement("2025-01-08"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(c["status"], "stage1_open");
    assert_eq!(c["stage1"]["acknowledged_in_time"], true);
    assert_eq!(c["stage1"]["response_due"], "2025-01-22");
    let c = expect_status(
        act(&app, &l, &handler.token, &id, "extend",
            json!({"working_days": 5, "reason": "Waiting for the heating contractor's report", "on": "2025-01-20", "letter_already_sent": false})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(c["stage1"]["extension_working_days"], 5);
    assert_eq!(c["stage1"]["response_due"], "2025-01-29");
    let c = expect_status(
        act(&app, &l, &handler.token, &id, "respond", json!({
            "decision": "partly_upheld",
            "reasons": "The first appointment was missed; the second was cancelled by the resident.",
            "remedies": [
                {"kind": "apology", "description": "We apologise for the missed appointment."},
                {"kind": "financial", "description": "Compensation for the time without heating", "amount_pence": 15000, "due_on": "2025-02-12", "owner": "Income team"}
            ],
            "outstanding_actions": [
                {"description": "Replace the boiler", "owner": "Repairs manager", "due_on": "2025-02-28"}
            ],
            "on": "2025-01-28", "letter_already_sent": false})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(c["status"], "stage1_responded");
    assert_eq!(c["stage1"]["decision"], "partly_upheld");
    assert_eq!(c["stage1"]["responded_in_time"], true);
    assert!(
        c["stage1"]["escalation_route"]
            .as_str()
            .unwrap()
            .contains("Housing Ombudsman")
    );
    assert_eq!(c["remedies"].as_array().unwrap().len(), 2);
    assert_eq!(c["remedies"][1]["amount_pence"], 15000);
    assert_eq!(c["outstanding_actions"][0]["owner"], "Repairs manager");

    let c = act_ok(&app, &l, &id, "escalate", json!({"on": "2025-02-03"})).await;
    assert_eq!(c["status"], "stage2_requested");
    assert_eq!(c["stage2"]["ack_due"], "2025-02-10");
    let c = act_ok(&app, &l, &id, "acknowledge", acknowledgement("2025-02-05")).await;
    assert_eq!(c["status"], "stage2_open");
    assert_eq!(c["stage2"]["response_due"], "2025-03-05");
    let other = l.admin();
    act_ok(
        &app,
        &l,
        &id,
        "allocate",
        json!({"handler_id": other.id, "on": "2025-02-05"}),
    )
    .await;
    let c = expect_status(
        act(&app, &l, officer, &id, "respond", json!({
            "decision": "upheld", "reasons": "On review, both appointments were our failure.",
            "remedies": [{"kind": "financial", "description": "Further compensation", "amount_pence": 10000}],
            "outstanding_actions": [], "on": "2025-03-03", "letter_already_sent": false})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(c["status"], "stage2_responded");
    assert_eq!(c["stage2"]["responded_in_time"], true);
    assert!(
        c["stage2"]["escalation_route"]
            .as_str()
            .unwrap()
            .contains("final response")
    );
    let p = expect_problem(
        act(&app, &l, officer, &id, "close", json!({"on": "2025-02-30"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["on"]);
    let c = act_ok(&app, &l, &id, "close", json!({"on": "2025-03-04"})).await;
    assert_eq!(c["status"], "closed");
    assert_eq!(c["closed_on"], "2025-03-04");

    let timeline = expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    let kinds: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    // Each letter to the resident is on the record as correspondence, right after the action
    // that sent it (Code 5.12).
    assert_eq!(
        kinds,
        [
            "received",
            "correspondence",
            "allocated",
            "acknowledged",
            "correspondence",
            "extended",
            "correspondence",
            "responded",
            "correspondence",
            "escalation_requested",
            "acknowledged",
            "correspondence",
            "allocated",
            "responded",
            "correspondence",
            "closed"
        ]
    );
    assert_eq!(timeline[5]["effective_on"], "2025-01-20");
    assert_eq!(timeline[5]["actor_id"], handler.id.to_string());
    assert!(
        timeline[5]["recorded_at"]
            .as_str()
            .unwrap()
            .starts_with("20")
    );
}

async fn due_of(app: &TestApp, l: &Landlord, received: &str) -> (String, Value) {
    let c = intake(app, l, json!({"received_on": received})).await;
    (c["id"].as_str().unwrap().to_owned(), c)
}

/// The examples of docs/rules.md, "Worked examples", as a complaint's deadlines: +5 is the
/// acknowledgement of a complaint received that day, +10 the stage 1 response of one
/// acknowledged that day, +20 the stage 2 final response of one acknowledged at stage 2 that
/// day.
async fn every_deadline_example_of_the_spec_holds_for_complaints(app: TestApp) {
    let l = app.landlord("alpha").await;
    for (day, plus5, plus10, plus20) in [
        (
            "2024-12-20",
            Some("2024-12-31"),
            Some("2025-01-08"),
            Some("2025-01-22"),
        ),
        (
            "2024-12-31",
            Some("2025-01-08"),
            Some("2025-01-15"),
            Some("2025-01-29"),
        ),
        ("2025-01-04", Some("2025-01-10"), None, None),
        ("2025-04-17", Some("2025-04-28"), Some("2025-05-06"), None),
    ] {
        let (id, c) = due_of(&app, &l, day).await;
        assert_eq!(c["stage1"]["ack_due"].as_str(), plus5, "{day} + 5");
        let c = act_ok(&app, &l, &id, "acknowledge", acknowledgement(day)).await;
        if let Some(expected) = plus10 {
            assert_eq!(c["stage1"]["response_due"], expected, "{day} + 10");
        }
        if let Some(expected) = plus20 {
            act_ok(&app, &l, &id, "respond", response(day)).await;
            act_ok(&app, &l, &id, "escalate", json!({"on": day})).await;
            let c = act_ok(&app, &l, &id, "acknowledge", acknowledgement(day)).await;
            assert_eq!(c["stage2"]["response_due"], expected, "{day} + 20");
        }
    }
    // Each deadline explains itself.
    let (_, c) = due_of(&app, &l, "2024-12-20").await;
    let skipped: Vec<&str> = c["stage1"]["ack_due_skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert!(
        skipped.contains(&"bank holiday: Christmas Day"),
        "{skipped:?}"
    );
    // Long past, never acknowledged: overdue, by a count of working days.
    assert_eq!(c["stage1"]["overdue"], true);
    assert!(c["stage1"]["working_days_left"].as_i64().unwrap() < -400);
}

async fn the_stage_2_handler_is_never_the_stage_1_handler(app: TestApp) {
    let l = app.landlord("alpha").await;
    let handler = l.user(Role::CaseHandler);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    expect_status(
        act(
            &app,
            &l,
            &handler.token,
            id,
            "respond",
            response("2025-01-07"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    act_ok(&app, &l, id, "escalate", json!({"on": "2025-01-08"})).await;
    let before = expect_status(
        app.get(&path(&l, &format!("/{id}")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let p = expect_problem(
        act(
            &app,
            &l,
            &l.user(Role::ComplaintsOfficer).token,
            id,
            "allocate",
            json!({"handler_id": handler.id, "on": "2025-01-08"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        p["detail"],
        "stage 2 must be considered by someone other than the stage 1 handler (Code 6.13)"
    );
    let p = expect_problem(
        act(
            &app,
            &l,
            &l.user(Role::ComplaintsOfficer).token,
            id,
            "allocate",
            json!({"contractor_id": l.contractor_id, "on": "2025-01-08"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("contractors handle stage 1 only")
    );
    let after = expect_status(
        app.get(&path(&l, &format!("/{id}")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(before, after, "a refusal changes nothing");
    // Whoever responded at stage 1 counts as its handler, even an officer.
    let c2 = intake(&app, &l, json!({})).await;
    let id2 = c2["id"].as_str().unwrap();
    act_ok(&app, &l, id2, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(&app, &l, id2, "respond", response("2025-01-07")).await;
    act_ok(&app, &l, id2, "escalate", json!({"on": "2025-01-08"})).await;
    act_ok(&app, &l, id2, "acknowledge", acknowledgement("2025-01-08")).await;
    let p = expect_problem(
        act(
            &app,
            &l,
            &l.user(Role::ComplaintsOfficer).token,
            id2,
            "respond",
            response("2025-01-09"),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().ends_with("(Code 6.13)"));
    expect_status(
        act(
            &app,
            &l,
            &l.admin().token,
            id2,
            "respond",
            response("2025-01-09"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
}

async fn extensions_beyond_the_limit_need_a_good_reason(app: TestApp) {
    let l = app.landlord("alpha").await;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(
        &app,
        &l,
        id,
        "extend",
        json!({"working_days": 6, "reason": "Survey booked", "on": "2025-01-07", "letter_already_sent": false}),
    )
    .await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "extend",
            json!({"working_days": 5, "reason": "More time"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // A sentence tied to the number asked for, not a wire name.
    assert_eq!(fields(&p), ["working_days"]);
    let message = p["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("at most 10 working days in all, and this would make 11"),
        "{p}"
    );
    assert!(message.ends_with("(Code 6.4)"), "{p}");
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "extend",
            json!({"working_days": 5, "reason": "More time", "good_reason": true}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["reason"]);
    let c = act_ok(&app, &l, id, "extend", json!({"working_days": 5, "good_reason": true,
        "reason": "The structural engineer's report on the subsidence is not due until next month and we cannot decide without it."})).await;
    assert_eq!(c["stage1"]["extension_working_days"], 11);
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "extend",
            json!({"working_days": 0, "reason": "none"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["working_days"]);
}

async fn actions_out_of_order_are_refused_naming_the_rule(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    for (action, body) in [
        ("respond", response("2025-01-07")),
        ("extend", json!({"working_days": 1, "reason": "x"})),
        ("escalate", json!({})),
        ("close", json!({})),
        (
            "refuse-escalation",
            json!({"reason": "other", "explanation": "x"}),
        ),
    ] {
        let p = expect_problem(
            act(&app, &l, officer, id, action, body).await,
            StatusCode::CONFLICT,
        )
        .await;
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .contains("this one is received"),
            "{action}: {p}"
        );
    }
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "acknowledge",
            acknowledgement("2025-01-06"),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("this one is stage1_open")
    );
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "not-accept",
            json!({"reason": "other", "explanation": "x"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("not yet acknowledged")
    );
}

async fn effective_dates_are_never_in_the_future_or_out_of_order(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).to_string();
    let p = expect_problem(
        app.post(
            &path(&l, ""),
            Some(officer),
            &json!({"resident": {"name": "A"}, "channel": "phone",
            "received_on": tomorrow, "description": "x", "category": "repairs"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["received_on"]);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "acknowledge",
            acknowledgement(&tomorrow),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["on"]);
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "acknowledge",
            acknowledgement("2025-01-05"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["on"]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2025-01-06")
    );
    // Keeping the record (a letter logged today) does not block entering an earlier step.
    let letter = json!({"direction": "in", "channel": "letter", "body": "A further letter."});
    expect_status(
        act(&app, &l, officer, id, "correspondence", letter).await,
        StatusCode::CREATED,
    )
    .await;
    let c = act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"handler_id": l.admin().id, "on": "2025-01-07"}),
    )
    .await;
    assert_eq!(c["stage1"]["handler_id"], l.admin().id.to_string());
    // Without `on`, today is the effective date; the recorded time is kept beside it.
    let c = act_ok(
        &app,
        &l,
        id,
        "acknowledge",
        json!({"definition": "d", "outcomes_sought": "o", "responsible_for": "r"}),
    )
    .await;
    assert_eq!(c["stage1"]["acknowledged_on"].as_str().unwrap().len(), 10);
}

async fn bad_intake_is_refused_field_by_field_and_logs_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let p = expect_problem(
        app.post(&path(&l, ""), Some(officer), &json!({
            "resident": {"name": "", "email": "nope"}, "channel": "carrier_pigeon", "received_on": "2025-01-06",
            "description": " ", "category": "repairs", "issue_date": "2025-02-01", "scheme": "corporate"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let f = fields(&p);
    for expected in [
        "channel",
        "description",
        "issue_date",
        "resident.name",
        "resident.email",
        "scheme",
    ] {
        assert!(
            f.contains(&expected.to_owned()),
            "{expected} missing from {f:?}"
        );
    }
    let p = expect_problem(
        app.post(
            &path(&l, ""),
            Some(officer),
            &json!({"channel": "phone", "received_on": "2025-01-06",
            "description": "x", "category": "repairs"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["resident_id"]);
    let p = expect_problem(
        app.post(
            &path(&l, ""),
            Some(officer),
            &json!({"resident_id": uuid::Uuid::new_v4(), "channel": "phone",
            "received_on": "2025-01-06", "description": "x", "category": "repairs"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["resident_id"]);
    let list = expect_status(app.get(&path(&l, ""), officer).await, StatusCode::OK).await;
    assert_eq!(list["items"], json!([]));
    let residents = expect_status(
        app.get(&format!("/api/v1/landlords/{}/residents", l.slug), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        residents["items"],
        json!([]),
        "a refused intake creates no resident"
    );
}

async fn a_late_issue_is_flagged_never_excluded(app: TestApp) {
    let l = app.landlord("alpha").await;
    let c = intake(&app, &l, json!({"issue_date": "2023-11-01"})).await;
    assert_eq!(c["status"], "received");
    assert_eq!(c["flags"], json!(["issue_over_12_months"]));
    let c = intake(&app, &l, json!({"issue_date": "2024-06-01"})).await;
    assert_eq!(c["flags"], json!([]));
}

async fn not_accepting_needs_a_reason_and_an_explanation(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({"issue_date": "2023-01-01"})).await;
    let id = c["id"].as_str().unwrap();
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "not-accept",
            json!({"reason": "too_late", "explanation": ""}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["reason", "explanation"]);
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "not-accept",
            json!({"reason": "outside_time_limit", "explanation": "Two years late."}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["discretion_considered"]);
    let c = act_ok(&app, &l, id, "not-accept", json!({"reason": "outside_time_limit",
        "explanation": "The issue happened two years ago and there is no reason it could not be raised sooner.",
        "discretion_considered": true, "on": "2025-01-07", "letter_already_sent": false})).await;
    assert_eq!(c["status"], "not_accepted");
    assert_eq!(c["stage1"]["overdue"], false);
    assert_eq!(c["stage1"]["working_days_left"], Value::Null);
    let timeline = expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    // After the `received` event and its letter.
    assert_eq!(timeline[2]["kind"], "not_accepted");
    assert_eq!(timeline[2]["data"]["reason"], "outside_time_limit");
    assert_eq!(timeline[2]["data"]["discretion_considered"], true);
    assert_eq!(timeline[3]["kind"], "correspondence");
}

async fn additional_complaints_amend_or_link(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    let amended = expect_status(
        act(
            &app,
            &l,
            officer,
            id,
            "additional",
            json!({"description": "The radiators also leak.", "related": true, "on": "2025-01-07"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        amended["definition"]
            .as_str()
            .unwrap()
            .contains("Added on 2025-01-07: The radiators also leak.")
    );
    let linked = expect_status(
        act(&app, &l, officer, id, "additional", json!({"description": "Anti-social behaviour next door.", "related": false, "on": "2025-01-08"})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(linked["related_complaint_id"], id);
    assert_eq!(linked["received_on"], "2025-01-08");
    assert_eq!(linked["resident_id"], c["resident_id"]);
    assert_ne!(linked["reference"], c["reference"]);
}

async fn refusing_escalation_closes_the_complaint(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(&app, &l, id, "respond", response("2025-01-07")).await;
    // No reason is needed to escalate.
    act_ok(&app, &l, id, "escalate", json!({})).await;
    let p = expect_problem(
        act(
            &app,
            &l,
            officer,
            id,
            "refuse-escalation",
            json!({"reason": "legal_proceedings_started"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["explanation"]);
    let c = act_ok(&app, &l, id, "refuse-escalation", json!({"reason": "legal_proceedings_started",
        "explanation": "The resident has issued a claim in the county court about the same matter."})).await;
    assert_eq!(c["status"], "closed");
}

async fn a_response_must_contain_the_codes_elements(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    for (body, field) in [
        (
            json!({"reasons": "x", "remedies": [], "outstanding_actions": []}),
            "decision",
        ),
        (
            json!({"decision": "upheld", "remedies": [], "outstanding_actions": []}),
            "reasons",
        ),
        (
            json!({"decision": "upheld", "reasons": "   ", "remedies": [], "outstanding_actions": []}),
            "reasons",
        ),
        (
            json!({"decision": "maybe", "reasons": "x", "remedies": [], "outstanding_actions": []}),
            "decision",
        ),
        (
            json!({"decision": "upheld", "reasons": "x", "outstanding_actions": []}),
            "remedies",
        ),
        (
            json!({"decision": "upheld", "reasons": "x", "remedies": []}),
            "outstanding_actions",
        ),
        (
            json!({"decision": "upheld", "reasons": "x", "remedies": [{"kind": "financial", "description": "money"}], "outstanding_actions": []}),
            "remedies[0].amount_pence",
        ),
        (
            json!({"decision": "upheld", "reasons": "x", "remedies": [{"kind": "apology", "description": "sorry", "amount_pence": 100}], "outstanding_actions": []}),
            "remedies[0].amount_pence",
        ),
        (
            json!({"decision": "upheld", "reasons": "x", "remedies": [], "outstanding_actions": [{"description": "fix", "owner": ""}]}),
            "outstanding_actions[0].due_on",
        ),
    ] {
        let p = expect_problem(
            act(&app, &l, officer, id, "respond", body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{body}");
    }
    let p = expect_problem(
        act(&app, &l, officer, id, "respond", json!({"decision": "upheld", "reasons": " ", "remedies": [], "outstanding_actions": []})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Code 6.9d")
    );
    let c = expect_status(
        app.get(&path(&l, &format!("/{id}")), officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        c["status"], "stage1_open",
        "refused responses change nothing"
    );
    assert_eq!(c["remedies"], json!([]));
}

async fn remedies_and_actions_are_tracked_to_completion(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    let c = act_ok(&app, &l, id, "respond", json!({"decision": "upheld", "reasons": "Our fault.", "on": "2025-01-07",
        "remedies": [{"kind": "financial", "description": "Compensation", "amount_pence": 5000, "due_on": "2025-01-20"}],
        "outstanding_actions": [{"description": "Replace the boiler", "owner": "Repairs", "due_on": "2025-02-01"}], "letter_already_sent": false})).await;
    assert_eq!(c["remedies"][0]["overdue"], true);
    assert_eq!(c["outstanding_actions"][0]["overdue"], true);
    let rid = c["remedies"][0]["id"].as_str().unwrap();
    let aid = c["outstanding_actions"][0]["id"].as_str().unwrap();
    let r = expect_status(
        app.patch(
            &path(&l, &format!("/{id}/remedies/{rid}")),
            officer,
            &json!({"status": "completed", "completed_on": "2025-01-18"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            r["status"].as_str(),
            r["completed_on"].as_str(),
            r["overdue"].as_bool()
        ),
        (Some("completed"), Some("2025-01-18"), Some(false))
    );
    let a = expect_status(
        app.patch(
            &path(&l, &format!("/{id}/actions/{aid}")),
            officer,
            &json!({"status": "in_progress", "owner": "Heating contractor"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(a["owner"], "Heating contractor");
    let p = expect_problem(
        app.patch(
            &path(&l, &format!("/{id}/actions/{aid}")),
            officer,
            &json!({"status": "finished"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["status"]);
    expect_problem(
        app.patch(
            &path(&l, &format!("/{id}/actions/{rid}")),
            officer,
            &json!({"status": "completed"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let timeline = expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    let kinds: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        &kinds[kinds.len() - 2..],
        ["remedy_updated", "action_updated"]
    );
}

async fn a_complaint_is_raised_from_an_open_service_request(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let resident = expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/residents", l.slug),
            Some(officer),
            &json!({"name": "Sam Lee"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let rid = resident["id"].as_str().unwrap();
    let sr = expect_status(
        app.post(&format!("/api/v1/landlords/{}/service-requests", l.slug), Some(officer),
            &json!({"resident_id": rid, "category": "repairs", "description": "Leaking tap", "reported_on": "2025-01-02"})).await,
        StatusCode::CREATED,
    )
    .await;
    let sr_id = sr["id"].as_str().unwrap();
    let c = intake(
        &app,
        &l,
        json!({"resident": null, "resident_id": rid, "service_request_id": sr_id}),
    )
    .await;
    assert_eq!(c["service_request_id"], sr_id);
    let sr = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/service-requests/{sr_id}", l.slug),
            officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        sr["status"], "open",
        "the service request stays open (Code 1.5)"
    );
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/{}/service-requests/{sr_id}", l.slug),
            officer,
            &json!({"status": "cancelled"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let p = expect_problem(
        app.post(
            &path(&l, ""),
            Some(officer),
            &json!({"resident_id": rid, "service_request_id": sr_id, "channel": "phone",
            "received_on": "2025-01-06", "description": "Still leaking", "category": "repairs"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().ends_with("(Code 1.5)"));
}

async fn a_representative_is_recorded_with_consent(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({"channel": "representative", "representative": {
        "name": "Cllr Ahmed", "relationship": "ward councillor", "email": "ahmed@council.test",
        "consent_on": "2025-01-03", "consent_evidence": "Signed consent form, scanned to the case file"}})).await;
    assert_eq!(c["representative"]["name"], "Cllr Ahmed");
    assert_eq!(c["representative"]["consent_on"], "2025-01-03");
    assert_eq!(c["flags"], json!(["representative"]));
    let p = expect_problem(
        app.post(
            &path(&l, ""),
            Some(officer),
            &json!({"resident": {"name": "A"}, "channel": "representative",
            "received_on": "2025-01-06", "description": "x", "category": "repairs",
            "representative": {"name": "B", "consent_on": "2025-01-03", "consent_evidence": ""}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["representative.consent_evidence"]);
}

async fn closing_needs_no_body(app: TestApp) {
    let l = app.landlord("alpha").await;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(&app, &l, id, "respond", response("2025-01-07")).await;
    let resp = app
        .request(
            reqwest::Method::POST,
            &path(&l, &format!("/{id}/close")),
            Some(&l.user(Role::ComplaintsOfficer).token),
        )
        .send()
        .await
        .unwrap();
    let c = expect_status(resp, StatusCode::OK).await;
    assert_eq!(c["status"], "closed");
}

async fn complaints_logged_at_the_same_moment_all_get_their_own_reference(app: TestApp) {
    let l = app.landlord("alpha").await;
    let resident = intake(&app, &l, json!({})).await["resident_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = l.user(Role::ComplaintsOfficer).token.clone();
    let body = json!({"resident_id": resident, "channel": "online", "received_on": "2025-01-06",
                      "description": "The lift is broken.", "category": "estate_services"});
    let url = path(&l, "");
    let sends = (0..12).map(|_| app.post(&url, Some(&token), &body));
    let mut references = Vec::new();
    for resp in futures_util::future::join_all(sends).await {
        let c = expect_status(resp, StatusCode::CREATED).await;
        references.push(c["reference"].as_str().unwrap().to_owned());
    }
    references.sort();
    references.dedup();
    assert_eq!(references.len(), 12);
}
