//! The Ombudsman (docs/rules.md, "The Ombudsman"; Code 9.7c): the referral, the determination,
//! orders and recommendations tracked to compliance, who may record them, and the oversight
//! figures.

use crate::complaints::{acknowledgement, act, act_ok, intake, path, response};
use crate::helpers::*;
use chrono::NaiveDate;
use redress_domain::complaint::Determination;
use redress_domain::roles::Role;
use redress_store::TenantScope;
use redress_store::ombudsman::{Compliance, ombudsman_summary};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    a_complaint_goes_from_intake_to_the_ombudsman_and_its_orders_are_complied_with,
    a_referral_is_refused_until_the_landlords_process_is_over_and_is_made_once,
    a_bad_referral_date_is_refused_naming_the_field,
    a_complaint_the_landlord_did_not_accept_can_be_referred,
    a_determination_is_dated_and_its_orders_fit_its_findings,
    compliance_needs_its_date_and_cannot_precede_the_determination,
    nothing_changes_without_a_referral,
    contractors_never_see_the_ombudsman,
    only_the_complaints_team_records_the_ombudsman_and_landlords_stay_apart,
    the_oversight_summary_counts_referrals_determinations_and_compliance,
    the_ombudsmans_requests_for_information_run_to_a_date_and_are_counted_when_late,
);

fn ombudsman(l: &Landlord, id: &str) -> String {
    path(l, &format!("/{id}/ombudsman"))
}

fn order_path(l: &Landlord, id: &str, oid: &str) -> String {
    path(l, &format!("/{id}/ombudsman/orders/{oid}"))
}

fn officer(l: &Landlord) -> &str {
    &l.user(Role::ComplaintsOfficer).token
}

/// A complaint received on 2025-01-06, answered at both stages and closed on 2025-03-04.
async fn closed_after_stage_2(app: &TestApp, l: &Landlord) -> String {
    let c = intake(app, l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    act_ok(app, l, &id, "acknowledge", acknowledgement("2025-01-08")).await;
    act_ok(app, l, &id, "respond", response("2025-01-28")).await;
    act_ok(app, l, &id, "escalate", json!({"on": "2025-02-03"})).await;
    act_ok(app, l, &id, "acknowledge", acknowledgement("2025-02-05")).await;
    // Stage 2 is answered by someone other than the stage 1 responder (Code 6.13).
    expect_status(
        act(
            app,
            l,
            &l.admin().token,
            &id,
            "respond",
            response("2025-03-03"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let c = act_ok(app, l, &id, "close", json!({"on": "2025-03-04"})).await;
    assert_eq!(c["status"], "closed");
    id
}

async fn refer(app: &TestApp, l: &Landlord, id: &str, body: Value) -> reqwest::Response {
    app.post(&ombudsman(l, id), Some(officer(l)), &body).await
}

async fn refer_ok(app: &TestApp, l: &Landlord, id: &str) -> Value {
    expect_status(
        refer(
            app,
            l,
            id,
            json!({"referred_on": "2025-03-20", "ombudsman_reference": "202501234", "on": "2025-03-24"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

async fn determine(app: &TestApp, l: &Landlord, id: &str, body: Value) -> reqwest::Response {
    app.patch(&ombudsman(l, id), officer(l), &body).await
}

async fn determine_ok(app: &TestApp, l: &Landlord, id: &str, body: Value) -> Value {
    expect_status(determine(app, l, id, body).await, StatusCode::OK).await
}

/// The determination with an order to compensate and a recommendation on policy.
fn maladministration() -> Value {
    json!({"determination": "maladministration", "determined_on": "2025-09-15", "orders": [
        {"kind": "order", "description": "Pay the resident £300 for the distress and inconvenience.", "due_on": "2025-10-13"},
        {"kind": "recommendation", "description": "Review how missed repair appointments are rebooked.", "due_on": "2025-12-15"}
    ]})
}

async fn get_case(app: &TestApp, l: &Landlord, id: &str, token: &str) -> Value {
    expect_status(
        app.get(&path(l, &format!("/{id}")), token).await,
        StatusCode::OK,
    )
    .await
}

async fn timeline(app: &TestApp, l: &Landlord, id: &str, token: &str) -> Vec<Value> {
    expect_status(
        app.get(&path(l, &format!("/{id}/timeline")), token).await,
        StatusCode::OK,
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

fn kinds(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["kind"].as_str().unwrap()).collect()
}

fn ombudsman_events(events: &[Value]) -> Vec<&Value> {
    events
        .iter()
        .filter(|e| e["kind"].as_str().unwrap().starts_with("ombudsman_"))
        .collect()
}

/// Asserts a 409 whose message contains `says`.
async fn conflict(resp: reqwest::Response, says: &str) {
    let p = expect_problem(resp, StatusCode::CONFLICT).await;
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.contains(says), "{detail}");
}

/// Asserts a 422 naming exactly `named`, whose first message contains `says`.
async fn invalid(resp: reqwest::Response, named: &[&str], says: &str) {
    let p = expect_problem(resp, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), named, "{p}");
    let message = p["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains(says), "{message}");
}

async fn a_complaint_goes_from_intake_to_the_ombudsman_and_its_orders_are_complied_with(
    app: TestApp,
) {
    let l = app.landlord("alpha").await;
    let id = closed_after_stage_2(&app, &l).await;
    assert_eq!(
        get_case(&app, &l, &id, officer(&l)).await["ombudsman"],
        Value::Null
    );

    let c = refer_ok(&app, &l, &id).await;
    assert_eq!(c["status"], "closed", "the complaint's status is unchanged");
    assert_eq!(
        c["ombudsman"],
        json!({"referred_on": "2025-03-20", "ombudsman_name": "Housing Ombudsman Service",
               "ombudsman_reference": "202501234", "determination": null,
               "determined_on": null, "orders": [], "information_requests": []})
    );

    let c = determine_ok(&app, &l, &id, maladministration()).await;
    let o = &c["ombudsman"];
    assert_eq!(o["determination"], "maladministration");
    assert_eq!(o["determined_on"], "2025-09-15");
    let orders = o["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(orders[0]["kind"], "order");
    assert_eq!(orders[0]["due_on"], "2025-10-13");
    assert_eq!(orders[0]["status"], "open");
    assert_eq!(orders[0]["complied_on"], Value::Null);
    assert_eq!(orders[0]["overdue"], true, "due in the past, not complied");
    assert_eq!(orders[1]["kind"], "recommendation");
    let order = orders[0]["id"].as_str().unwrap().to_owned();
    let recommendation = orders[1]["id"].as_str().unwrap().to_owned();

    let updated = expect_status(
        app.patch(
            &order_path(&l, &id, &order),
            officer(&l),
            &json!({"status": "complied", "complied_on": "2025-10-10",
                    "evidence": "Paid by BACS, remittance ref 88121."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated["status"], "complied");
    assert_eq!(updated["complied_on"], "2025-10-10");
    assert_eq!(updated["evidence"], "Paid by BACS, remittance ref 88121.");
    assert_eq!(updated["overdue"], false);
    let updated = expect_status(
        app.patch(
            &order_path(&l, &id, &recommendation),
            &l.admin().token,
            &json!({"status": "not_complied", "evidence": "The board deferred the review."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated["status"], "not_complied");
    assert_eq!(updated["overdue"], true);
    // A later correction: the reference, and the recommendation reopened.
    let c = determine_ok(&app, &l, &id, json!({"ombudsman_reference": "202501234-A"})).await;
    assert_eq!(c["ombudsman"]["ombudsman_reference"], "202501234-A");
    assert_eq!(c["ombudsman"]["determination"], "maladministration");
    let reopened = expect_status(
        app.patch(
            &order_path(&l, &id, &recommendation),
            officer(&l),
            &json!({"status": "open"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reopened["complied_on"], Value::Null);
    assert_eq!(
        reopened["evidence"], "The board deferred the review.",
        "evidence stays unless replaced"
    );

    // The MRC reads it in the case file.
    let seen = get_case(&app, &l, &id, &l.user(Role::Mrc).token).await;
    assert_eq!(seen["ombudsman"]["orders"][0]["status"], "complied");
    assert_eq!(seen["ombudsman"]["orders"][1]["status"], "open");

    let events = timeline(&app, &l, &id, officer(&l)).await;
    let k = kinds(&events);
    assert_eq!(
        k[k.len() - 7..],
        [
            "closed",
            "ombudsman_referred",
            "ombudsman_determination",
            "ombudsman_order_updated",
            "ombudsman_order_updated",
            "ombudsman_determination",
            "ombudsman_order_updated",
        ]
    );
    let ours = ombudsman_events(&events);
    assert_eq!(ours.len(), 6);
    assert!(ours.iter().all(|e| e["stage"] == 2), "filed after stage 2");
    let referred = ours[0];
    assert_eq!(referred["effective_on"], "2025-03-24");
    assert_eq!(referred["data"]["referred_on"], "2025-03-20");
    assert_eq!(referred["data"]["ombudsman_reference"], "202501234");
    assert_eq!(
        referred["actor_id"],
        l.user(Role::ComplaintsOfficer).id.to_string()
    );
    let determined = ours[1];
    assert_eq!(determined["effective_on"], "2025-09-15");
    assert_eq!(determined["data"]["determination"], "maladministration");
    assert_eq!(determined["data"]["orders"].as_array().unwrap().len(), 2);
    let complied = ours[2];
    assert_eq!(complied["effective_on"], "2025-10-10");
    assert_eq!(complied["data"]["order_id"], order);
    assert_eq!(complied["data"]["status"], "complied");
    assert_eq!(complied["data"]["previous_status"], "open");
    assert_eq!(ours[3]["actor_id"], l.admin().id.to_string());
    assert_eq!(ours[4]["data"]["ombudsman_reference"], "202501234-A");
    assert_eq!(ours[4]["data"]["determination"], Value::Null);
    assert_eq!(ours[5]["data"]["status"], "open");
    assert_eq!(ours[5]["data"]["previous_status"], "not_complied");
}

async fn a_referral_is_refused_until_the_landlords_process_is_over_and_is_made_once(app: TestApp) {
    let l = app.landlord("alpha").await;
    let c = intake(&app, &l, json!({})).await;
    let open = c["id"].as_str().unwrap().to_owned();
    let body = json!({"referred_on": "2025-01-20", "ombudsman_reference": "202500001"});
    conflict(
        refer(&app, &l, &open, body.clone()).await,
        "the landlord's complaints process must be completed first: the Housing Ombudsman Service normally considers a complaint after it has exhausted the landlord's procedure",
    )
    .await;
    act_ok(
        &app,
        &l,
        &open,
        "acknowledge",
        acknowledgement("2025-01-08"),
    )
    .await;
    act_ok(&app, &l, &open, "respond", response("2025-01-28")).await;
    // Answered at stage 1 but not escalated: stage 2 is still open to the resident.
    conflict(
        refer(&app, &l, &open, body.clone()).await,
        "this one is stage1_responded",
    )
    .await;
    act_ok(&app, &l, &open, "escalate", json!({"on": "2025-02-03"})).await;
    conflict(
        refer(&app, &l, &open, body.clone()).await,
        "this one is stage2_requested",
    )
    .await;
    let c = get_case(&app, &l, &open, officer(&l)).await;
    assert_eq!(c["ombudsman"], Value::Null);
    assert!(ombudsman_events(&timeline(&app, &l, &open, officer(&l)).await).is_empty());

    // Stage 2 answered: the landlord's process is over, even before it is closed.
    act_ok(
        &app,
        &l,
        &open,
        "acknowledge",
        acknowledgement("2025-02-05"),
    )
    .await;
    expect_status(
        act(
            &app,
            &l,
            &l.admin().token,
            &open,
            "respond",
            response("2025-03-03"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let c = expect_status(
        refer(
            &app,
            &l,
            &open,
            json!({"referred_on": "2025-03-10", "ombudsman_reference": "202500001", "on": "2025-03-11"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(c["status"], "stage2_responded");
    let before = timeline(&app, &l, &open, officer(&l)).await;
    conflict(
        refer(
            &app,
            &l,
            &open,
            json!({"referred_on": "2025-03-12", "ombudsman_reference": "202599999", "on": "2025-03-12"}),
        )
        .await,
        "this complaint was already referred to the Housing Ombudsman Service on 2025-03-10 (reference 202500001)",
    )
    .await;
    let c = get_case(&app, &l, &open, officer(&l)).await;
    assert_eq!(c["ombudsman"]["ombudsman_reference"], "202500001");
    assert_eq!(c["ombudsman"]["referred_on"], "2025-03-10");
    assert_eq!(timeline(&app, &l, &open, officer(&l)).await, before);
    // Closing it afterwards is still possible, and not dated before the referral's record.
    let p = expect_problem(
        act(
            &app,
            &l,
            officer(&l),
            &open,
            "close",
            json!({"on": "2025-03-04"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["on"]);
    let c = act_ok(&app, &l, &open, "close", json!({"on": "2025-03-11"})).await;
    assert_eq!(c["status"], "closed");
    assert_eq!(c["ombudsman"]["ombudsman_reference"], "202500001");
}

async fn a_bad_referral_date_is_refused_naming_the_field(app: TestApp) {
    let l = app.landlord("alpha").await;
    let id = closed_after_stage_2(&app, &l).await;
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();
    let before = timeline(&app, &l, &id, officer(&l)).await;
    invalid(
        refer(
            &app,
            &l,
            &id,
            json!({"referred_on": tomorrow, "ombudsman_reference": "1"}),
        )
        .await,
        &["referred_on"],
        "must not be in the future",
    )
    .await;
    invalid(
        refer(
            &app,
            &l,
            &id,
            json!({"referred_on": "2025-01-05", "ombudsman_reference": "1"}),
        )
        .await,
        &["referred_on"],
        "must not be before the complaint was received (2025-01-06)",
    )
    .await;
    invalid(
        refer(
            &app,
            &l,
            &id,
            json!({"referred_on": "2025-03-20", "ombudsman_reference": "  "}),
        )
        .await,
        &["ombudsman_reference"],
        "must not be empty",
    )
    .await;
    invalid(
        refer(
            &app,
            &l,
            &id,
            json!({"referred_on": "2025-03-20", "ombudsman_reference": "1", "on": "2025-03-01"}),
        )
        .await,
        &["on"],
        "must not be before the last recorded action on this complaint (2025-03-04)",
    )
    .await;
    let p = expect_problem(
        refer(&app, &l, &id, json!({"ombudsman_reference": "1"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["referred_on"]);
    assert_eq!(
        get_case(&app, &l, &id, officer(&l)).await["ombudsman"],
        Value::Null
    );
    assert_eq!(timeline(&app, &l, &id, officer(&l)).await, before);
}

async fn a_complaint_the_landlord_did_not_accept_can_be_referred(app: TestApp) {
    let l = app.landlord("alpha").await;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    act_ok(&app, &l, &id, "not-accept", json!({"reason": "legal_proceedings_started",
        "explanation": "The resident has issued a disrepair claim in the county court.", "on": "2025-01-09", "letter_already_sent": false}))
    .await;
    let c = expect_status(
        refer(
            &app,
            &l,
            &id,
            json!({"referred_on": "2025-01-20", "ombudsman_reference": "202500777", "on": "2025-01-21"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(c["status"], "not_accepted");
    assert_eq!(c["ombudsman"]["referred_on"], "2025-01-20");
    // The Ombudsman found the exclusion sound: no findings, so nothing to comply with.
    let c = determine_ok(
        &app,
        &l,
        &id,
        json!({"determination": "outside_jurisdiction", "determined_on": "2025-04-01"}),
    )
    .await;
    assert_eq!(c["ombudsman"]["determination"], "outside_jurisdiction");
    assert_eq!(c["ombudsman"]["orders"], json!([]));
}

async fn a_determination_is_dated_and_its_orders_fit_its_findings(app: TestApp) {
    let l = app.landlord("alpha").await;
    let id = closed_after_stage_2(&app, &l).await;
    refer_ok(&app, &l, &id).await;
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();
    let unchanged = get_case(&app, &l, &id, officer(&l)).await;
    let events = timeline(&app, &l, &id, officer(&l)).await;
    invalid(
        determine(&app, &l, &id, json!({"determination": "maladministration"})).await,
        &["determined_on"],
        "is required with a determination",
    )
    .await;
    invalid(
        determine(&app, &l, &id, json!({"determined_on": "2025-09-15"})).await,
        &["determined_on"],
        "with the determination",
    )
    .await;
    invalid(
        determine(
            &app,
            &l,
            &id,
            json!({"determination": "maladministration", "determined_on": "2025-03-19"}),
        )
        .await,
        &["determined_on"],
        "must not be before the complaint was referred to the Ombudsman (2025-03-20)",
    )
    .await;
    invalid(
        determine(
            &app,
            &l,
            &id,
            json!({"determination": "maladministration", "determined_on": tomorrow}),
        )
        .await,
        &["determined_on"],
        "must not be in the future",
    )
    .await;
    invalid(
        determine(
            &app,
            &l,
            &id,
            json!({"determination": "guilty", "determined_on": "2025-09-15"}),
        )
        .await,
        &["determination"],
        "must be one of no_maladministration, service_failure",
    )
    .await;
    invalid(
        determine(
            &app,
            &l,
            &id,
            json!({"determination": "maladministration", "determined_on": "2025-09-15",
            "orders": [{"kind": "instruction", "description": " "}]}),
        )
        .await,
        &["orders[0].kind", "orders[0].description"],
        "must be one of order, recommendation",
    )
    .await;
    invalid(
        determine(
            &app,
            &l,
            &id,
            json!({"determination": "maladministration", "determined_on": "2025-09-15",
            "orders": [{"kind": "order", "description": "Pay £300", "due_on": "2025-09-01"}]}),
        )
        .await,
        &["orders[0].due_on"],
        "must not be before the determination (2025-09-15)",
    )
    .await;
    invalid(
        determine(&app, &l, &id, json!({})).await,
        &["determination"],
        "nothing to change",
    )
    .await;
    conflict(
        determine(
            &app,
            &l,
            &id,
            json!({"orders": [{"kind": "recommendation", "description": "Train staff"}]}),
        )
        .await,
        "orders and recommendations come with the Ombudsman's determination",
    )
    .await;
    conflict(
        determine(
            &app,
            &l,
            &id,
            json!({"determination": "no_maladministration", "determined_on": "2025-09-15",
            "orders": [{"kind": "order", "description": "Pay £300"}]}),
        )
        .await,
        "an order follows a finding of service failure or maladministration",
    )
    .await;
    conflict(
        determine(
            &app,
            &l,
            &id,
            json!({"determination": "withdrawn", "determined_on": "2025-09-15",
            "orders": [{"kind": "recommendation", "description": "Train staff"}]}),
        )
        .await,
        "a complaint determined withdrawn has no findings",
    )
    .await;
    assert_eq!(get_case(&app, &l, &id, officer(&l)).await, unchanged);
    assert_eq!(timeline(&app, &l, &id, officer(&l)).await, events);

    // With no maladministration found the Ombudsman may still recommend.
    let c = determine_ok(&app, &l, &id, json!({"determination": "no_maladministration", "determined_on": "2025-09-15",
        "orders": [{"kind": "recommendation", "description": "Explain the repairs timescales in the tenancy handbook."}]}))
    .await;
    assert_eq!(c["ombudsman"]["orders"][0]["kind"], "recommendation");
    assert_eq!(c["ombudsman"]["orders"][0]["due_on"], Value::Null);
    assert_eq!(c["ombudsman"]["orders"][0]["overdue"], false, "no due date");
    // A review of the determination may change it, but not to one that leaves its
    // recommendation without findings.
    let unchanged = get_case(&app, &l, &id, officer(&l)).await;
    conflict(
        determine(
            &app,
            &l,
            &id,
            json!({"determination": "withdrawn", "determined_on": "2025-10-01"}),
        )
        .await,
        "a complaint determined withdrawn has no findings",
    )
    .await;
    assert_eq!(get_case(&app, &l, &id, officer(&l)).await, unchanged);
    let c = determine_ok(&app, &l, &id, json!({"determination": "service_failure", "determined_on": "2025-11-03",
        "orders": [{"kind": "order", "description": "Apologise in writing.", "due_on": "2025-11-17"}]}))
    .await;
    assert_eq!(c["ombudsman"]["determination"], "service_failure");
    assert_eq!(c["ombudsman"]["determined_on"], "2025-11-03");
    assert_eq!(c["ombudsman"]["orders"].as_array().unwrap().len(), 2);
    let events = timeline(&app, &l, &id, officer(&l)).await;
    let last = ombudsman_events(&events).pop().unwrap().clone();
    assert_eq!(
        last["data"]["previous_determination"],
        "no_maladministration"
    );
    assert_eq!(last["data"]["determination"], "service_failure");
}

async fn compliance_needs_its_date_and_cannot_precede_the_determination(app: TestApp) {
    let l = app.landlord("alpha").await;
    let id = closed_after_stage_2(&app, &l).await;
    refer_ok(&app, &l, &id).await;
    let c = determine_ok(&app, &l, &id, maladministration()).await;
    let oid = c["ombudsman"]["orders"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();
    let unchanged = get_case(&app, &l, &id, officer(&l)).await;
    let events = timeline(&app, &l, &id, officer(&l)).await;
    let patch = |body: Value| {
        let url = order_path(&l, &id, &oid);
        let app = &app;
        let token = officer(&l).to_owned();
        async move { app.patch(&url, &token, &body).await }
    };
    invalid(
        patch(json!({"status": "complied"})).await,
        &["complied_on"],
        "is required when the status is complied",
    )
    .await;
    invalid(
        patch(json!({"status": "complied", "complied_on": tomorrow})).await,
        &["complied_on"],
        "must not be in the future",
    )
    .await;
    invalid(
        patch(json!({"status": "complied", "complied_on": "2025-09-14"})).await,
        &["complied_on"],
        "must not be before the Ombudsman's determination (2025-09-15)",
    )
    .await;
    invalid(
        patch(json!({"status": "open", "complied_on": "2025-09-20"})).await,
        &["complied_on"],
        "only with the status complied",
    )
    .await;
    invalid(
        patch(json!({"status": "done"})).await,
        &["status"],
        "must be one of open, complied, not_complied",
    )
    .await;
    let other = uuid::Uuid::now_v7();
    expect_problem(
        app.patch(
            &order_path(&l, &id, &other.to_string()),
            officer(&l),
            &json!({"status": "open"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Another complaint's order is not this complaint's.
    let second = closed_after_stage_2(&app, &l).await;
    refer_ok(&app, &l, &second).await;
    expect_problem(
        app.patch(
            &order_path(&l, &second, &oid),
            officer(&l),
            &json!({"status": "open"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(get_case(&app, &l, &id, officer(&l)).await, unchanged);
    assert_eq!(timeline(&app, &l, &id, officer(&l)).await, events);
}

async fn nothing_changes_without_a_referral(app: TestApp) {
    let l = app.landlord("alpha").await;
    let id = closed_after_stage_2(&app, &l).await;
    let events = timeline(&app, &l, &id, officer(&l)).await;
    expect_problem(
        determine(&app, &l, &id, maladministration()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        app.patch(
            &order_path(&l, &id, &uuid::Uuid::now_v7().to_string()),
            officer(&l),
            &json!({"status": "open"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let missing = uuid::Uuid::now_v7().to_string();
    expect_problem(
        refer(
            &app,
            &l,
            &missing,
            json!({"referred_on": "2025-03-20", "ombudsman_reference": "1"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(timeline(&app, &l, &id, officer(&l)).await, events);
    assert_eq!(
        get_case(&app, &l, &id, officer(&l)).await["ombudsman"],
        Value::Null
    );
}

async fn contractors_never_see_the_ombudsman(app: TestApp) {
    let l = app.landlord("alpha").await;
    let contractor = l.user(Role::Contractor);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    act_ok(
        &app,
        &l,
        &id,
        "allocate",
        json!({"contractor_id": l.contractor_id, "on": "2025-01-06"}),
    )
    .await;
    for (action, body) in [
        ("acknowledge", acknowledgement("2025-01-08")),
        ("respond", response("2025-01-28")),
    ] {
        expect_status(
            act(&app, &l, &contractor.token, &id, action, body).await,
            StatusCode::OK,
        )
        .await;
    }
    // The resident did not escalate; the complaint was closed after stage 1.
    act_ok(&app, &l, &id, "close", json!({"on": "2025-03-04"})).await;
    refer_ok(&app, &l, &id).await;
    determine_ok(&app, &l, &id, maladministration()).await;
    let staff = get_case(&app, &l, &id, officer(&l)).await;
    assert_eq!(staff["ombudsman"]["determination"], "maladministration");
    let contractor_view = get_case(&app, &l, &id, &contractor.token).await;
    assert_eq!(contractor_view["status"], "closed");
    assert!(
        contractor_view
            .as_object()
            .unwrap()
            .contains_key("ombudsman")
    );
    assert_eq!(contractor_view["ombudsman"], Value::Null);
    let events = timeline(&app, &l, &id, &contractor.token).await;
    assert!(kinds(&events).contains(&"closed"));
    assert!(ombudsman_events(&events).is_empty(), "{events:?}");
    assert_eq!(
        ombudsman_events(&timeline(&app, &l, &id, officer(&l)).await).len(),
        2
    );
}

async fn only_the_complaints_team_records_the_ombudsman_and_landlords_stay_apart(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let team = [Role::LandlordAdmin, Role::ComplaintsOfficer];
    let id = closed_after_stage_2(&app, &a).await;
    // The first of the team records the referral (201); the others are told it exists (409).
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::POST, &ombudsman(&a, &id), Some(t))
            .json(&json!({"referred_on": "2025-03-20", "ombudsman_reference": "202501234", "on": "2025-03-24"}))
    })
    .await;
    let c = get_case(&app, &a, &id, officer(&a)).await;
    assert_eq!(c["ombudsman"]["ombudsman_reference"], "202501234");
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::PATCH, &ombudsman(&a, &id), Some(t))
            .json(&maladministration())
    })
    .await;
    let c = get_case(&app, &a, &id, officer(&a)).await;
    let oid = c["ombudsman"]["orders"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::PATCH, &order_path(&a, &id, &oid), Some(t))
            .json(&json!({"status": "complied", "complied_on": "2025-10-10"}))
    })
    .await;
    // Nobody outside the team changed anything: two team members each added the two orders.
    let c = get_case(&app, &a, &id, officer(&a)).await;
    assert_eq!(c["ombudsman"]["orders"].as_array().unwrap().len(), 4);
    assert_eq!(c["ombudsman"]["orders"][0]["status"], "complied");
    let events = timeline(&app, &a, &id, officer(&a)).await;
    let ours = ombudsman_events(&events);
    assert_eq!(ours.len(), 1 + 2 + 2);
    assert!(ours.iter().all(|e| {
        let actor = e["actor_id"].as_str().unwrap();
        actor == a.admin().id.to_string() || actor == a.user(Role::ComplaintsOfficer).id.to_string()
    }));
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn the_oversight_summary_counts_referrals_determinations_and_compliance(app: TestApp) {
    let l = app.landlord("alpha").await;
    let other = app.landlord("bravo").await;
    // One complaint: referred 2025-03-20, maladministration on 2025-09-15, its order (due
    // 2025-10-13) complied with on 2025-10-10, its recommendation (due 2025-12-15) not.
    let first = closed_after_stage_2(&app, &l).await;
    refer_ok(&app, &l, &first).await;
    let c = determine_ok(&app, &l, &first, maladministration()).await;
    let order = c["ombudsman"]["orders"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    expect_status(
        app.patch(
            &order_path(&l, &first, &order),
            officer(&l),
            &json!({"status": "complied", "complied_on": "2025-10-10"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Another: referred 2025-03-20, no maladministration on 2026-01-12; one of bravo's too.
    let second = closed_after_stage_2(&app, &l).await;
    refer_ok(&app, &l, &second).await;
    determine_ok(
        &app,
        &l,
        &second,
        json!({"determination": "no_maladministration", "determined_on": "2026-01-12"}),
    )
    .await;
    let theirs = closed_after_stage_2(&app, &other).await;
    refer_ok(&app, &other, &theirs).await;

    let landlord = redress_store::landlords::find_by_slug(&app.db, "alpha")
        .await
        .unwrap();
    let scope = TenantScope::for_system_task(landlord.id);
    let summary = |from: &str, to: &str| {
        let db = app.db.clone();
        let (from, to) = (day(from), day(to));
        async move { ombudsman_summary(&db, scope, from, to).await.unwrap() }
    };

    // The financial year 2025 (1 April 2025 – 31 March 2026): no referrals in it.
    let year = summary("2025-04-01", "2026-03-31").await;
    assert_eq!(year.referrals, 0);
    assert_eq!(year.determined(Determination::Maladministration), 1);
    assert_eq!(year.determined(Determination::NoMaladministration), 1);
    assert_eq!(year.determined(Determination::SevereMaladministration), 0);
    assert_eq!(year.determinations.len(), Determination::ALL.len());
    assert_eq!(
        year.orders,
        Compliance {
            due: 1,
            complied: 1,
            overdue: 0
        }
    );
    assert_eq!(
        year.recommendations,
        Compliance {
            due: 1,
            complied: 0,
            overdue: 1
        }
    );

    // The calendar year 2025: both referrals, one determination.
    let calendar = summary("2025-01-01", "2025-12-31").await;
    assert_eq!(calendar.referrals, 2, "bravo's referral is not alpha's");
    assert_eq!(calendar.determined(Determination::Maladministration), 1);
    assert_eq!(calendar.determined(Determination::NoMaladministration), 0);

    // As it stood on 2025-10-09: the order was due later, so nothing had fallen due.
    let early = summary("2025-10-01", "2025-10-09").await;
    assert_eq!(early.orders, Compliance::default());
    // On its due date the order was already complied with; the recommendation was not due.
    let october = summary("2025-10-01", "2025-10-31").await;
    assert_eq!(
        october.orders,
        Compliance {
            due: 1,
            complied: 1,
            overdue: 0
        }
    );
    assert_eq!(october.recommendations, Compliance::default());
    // The recommendation complied with in January 2026: overdue as December 2025 ended,
    // complied with by the end of the financial year.
    let recommendation = c["ombudsman"]["orders"][1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    expect_status(
        app.patch(
            &order_path(&l, &first, &recommendation),
            officer(&l),
            &json!({"status": "complied", "complied_on": "2026-01-05"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let december = summary("2025-12-01", "2025-12-31").await;
    assert_eq!(
        december.recommendations,
        Compliance {
            due: 1,
            complied: 0,
            overdue: 1
        }
    );
    let year = summary("2025-04-01", "2026-03-31").await;
    assert_eq!(
        year.recommendations,
        Compliance {
            due: 1,
            complied: 1,
            overdue: 0
        }
    );
    // Nothing happened in 2024.
    let none = summary("2024-01-01", "2024-12-31").await;
    assert_eq!(none.referrals, 0);
    assert!(none.determinations.iter().all(|d| d.count == 0));
}

fn requests_path(l: &Landlord, id: &str) -> String {
    path(l, &format!("/{id}/ombudsman/requests"))
}

async fn the_ombudsmans_requests_for_information_run_to_a_date_and_are_counted_when_late(
    app: TestApp,
) {
    let l = app.landlord("alpha").await;
    let mail = crate::scheduler::Mail::start(&app).await;
    let id = closed_after_stage_2(&app, &l).await;
    let asked = json!({"description": "Send the repair records and the call logs for 2024.",
        "received_on": "2025-04-01", "due_on": "2025-04-15"});

    // Not referred yet: there is no Ombudsman case to ask.
    let p = expect_problem(
        app.post(&requests_path(&l, &id), Some(officer(&l)), &asked)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("referral"), "{p}");
    refer_ok(&app, &l, &id).await;

    // Refused by the field, and nothing recorded.
    for (body, field) in [
        (json!({}), vec!["description", "due_on"]),
        (
            json!({"description": "Records", "due_on": "2025-04-15", "received_on": "2025-03-01"}),
            vec!["received_on"],
        ),
        (
            json!({"description": "Records", "due_on": "2025-03-31", "received_on": "2025-04-01"}),
            vec!["due_on"],
        ),
        (
            json!({"description": "Records", "due_on": "2099-04-15", "received_on": "2099-04-01"}),
            vec!["received_on"],
        ),
    ] {
        let p = expect_problem(
            app.post(&requests_path(&l, &id), Some(officer(&l)), &body)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), field, "{body}");
    }
    let c = get_case(&app, &l, &id, officer(&l)).await;
    assert_eq!(c["ombudsman"]["information_requests"], json!([]));
    assert_eq!(c["next_due"], Value::Null);

    // Recorded: the request is what is due on the closed complaint, and on the worklist.
    let first = expect_status(
        app.post(&requests_path(&l, &id), Some(officer(&l)), &asked)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(first["due_on"], "2025-04-15");
    assert_eq!(first["overdue"], true);
    let c = get_case(&app, &l, &id, officer(&l)).await;
    assert_eq!(c["next_due"]["what"], "ombudsman_request");
    assert_eq!(c["next_due"]["due_on"], "2025-04-15");
    assert!(
        kinds(&timeline(&app, &l, &id, officer(&l)).await).contains(&"ombudsman_request_received")
    );
    let overdue = expect_status(
        app.get(&path(&l, "?view=overdue"), officer(&l)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        overdue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == id.as_str()),
        "{overdue}"
    );

    // Reminded like a deadline: two working days before its date.
    crate::scheduler::scheduler(&app)
        .run_day(NaiveDate::from_ymd_opt(2025, 4, 11).unwrap())
        .await
        .unwrap();
    let got = mail
        .to(
            &l.user(Role::ComplaintsOfficer).email,
            "Complaint reminders",
        )
        .await;
    assert_eq!(got.len(), 1);
    let text = got[0].body_text();
    assert!(
        text.contains("the Ombudsman's request for information — Send the repair records"),
        "{text}"
    );
    assert!(
        text.contains("due 15 April 2025 (in 2 working days)"),
        "{text}"
    );

    // A second, due later; the first answered late, with what was sent.
    let second = expect_status(
        app.post(
            &requests_path(&l, &id),
            Some(officer(&l)),
            &json!({"description": "Explain the delay in the stage 2 response.",
                    "received_on": "2025-05-01", "due_on": "2025-05-15"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let answer = |rid: &Value| {
        path(
            &l,
            &format!(
                "/{id}/ombudsman/requests/{}/answer",
                rid["id"].as_str().unwrap()
            ),
        )
    };
    for (body, field) in [
        (json!({"sent": " "}), "sent"),
        (
            json!({"sent": "Records", "answered_on": "2025-03-31"}),
            "answered_on",
        ),
        (
            json!({"sent": "Records", "answered_on": "2099-01-01"}),
            "answered_on",
        ),
    ] {
        let p = expect_problem(
            app.post(&answer(&first), Some(officer(&l)), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{body}");
    }
    let answered = expect_status(
        app.post(
            &answer(&first),
            Some(officer(&l)),
            &json!({"sent": "The repair records and call logs, through the Ombudsman's portal.",
                    "answered_on": "2025-04-22"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(answered["answered_late"], true);
    assert_eq!(answered["overdue"], false);
    expect_problem(
        app.post(
            &answer(&first),
            Some(officer(&l)),
            &json!({"sent": "Again", "answered_on": "2025-04-23"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    // What is due moves on to the second request.
    let c = get_case(&app, &l, &id, officer(&l)).await;
    assert_eq!(c["next_due"]["due_on"], "2025-05-15");
    let requests = c["ombudsman"]["information_requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0]["sent"],
        "The repair records and call logs, through the Ombudsman's portal."
    );

    // Counted for the MRC: April's request answered late; May's overdue at the end of May.
    let landlord = redress_store::landlords::find_by_slug(&app.db, "alpha")
        .await
        .unwrap();
    let summary = ombudsman_summary(
        &app.db,
        TenantScope::for_system_task(landlord.id),
        NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
        NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(),
    )
    .await
    .unwrap();
    let r = summary.information_requests;
    assert_eq!(
        (r.due, r.answered_in_time, r.answered_late, r.overdue),
        (2, 0, 1, 1)
    );
    let d = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/{}/dashboard?from=2025-04-01&to=2025-05-31",
                l.slug
            ),
            &l.user(Role::Mrc).token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        d["figures"]["ombudsman"]["information_requests"]["answered_late"],
        1
    );
    assert_eq!(
        d["figures"]["ombudsman"]["information_requests"]["overdue"],
        1
    );
    // Answered in time: nothing due remains.
    expect_status(
        app.post(
            &answer(&second),
            Some(officer(&l)),
            &json!({"sent": "A letter explaining the delay.", "answered_on": "2025-05-14"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        get_case(&app, &l, &id, officer(&l)).await["next_due"],
        Value::Null
    );

    // Only the complaints team; another landlord's complaint is not there.
    for role in [Role::CaseHandler, Role::Contractor, Role::Mrc] {
        let status = app
            .post(&requests_path(&l, &id), Some(&l.user(role).token), &asked)
            .await
            .status();
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "{role:?}: {status}"
        );
    }
    let b = app.landlord("bravo").await;
    expect_problem(
        app.post(
            &format!("/api/v1/landlords/bravo/complaints/{id}/ombudsman/requests"),
            Some(officer(&b)),
            &asked,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
