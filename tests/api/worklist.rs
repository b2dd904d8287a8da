//! The worklist built on what is due (issue "The daily work", point 1): saved views with
//! their counts, each row saying what is due, by when and who holds it, the most overdue
//! first.

use crate::complaints::{acknowledgement, act_ok, intake, path, response};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

db_tests!(
    the_views_list_what_is_due_the_most_overdue_first,
    actions_and_remedies_are_due_on_the_worklist_until_done,
    a_contractor_counts_and_lists_stage_1_only,
);

fn refs(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .collect()
}

fn reference(c: &Value) -> String {
    c["reference"].as_str().unwrap().to_owned()
}

async fn list(app: &TestApp, l: &crate::helpers::Landlord, token: &str, q: &str) -> Value {
    expect_status(
        app.get(&path(l, &format!("?{q}")), token).await,
        StatusCode::OK,
    )
    .await
}

async fn counts(app: &TestApp, l: &crate::helpers::Landlord, token: &str) -> Vec<(String, u64)> {
    let v = expect_status(app.get(&path(l, "/views"), token).await, StatusCode::OK).await;
    v["views"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["view"].as_str().unwrap().to_owned(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

async fn the_views_list_what_is_due_the_most_overdue_first(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let handler = l.user(Role::CaseHandler);
    let today = chrono::Utc::now().date_naive();
    // Logged in this order, so "newest first" would list them the other way round.
    let very_late = intake(&app, &l, json!({"received_on": "2025-01-06"})).await;
    let late = intake(&app, &l, json!({"received_on": "2025-03-03"})).await;
    let fresh = intake(&app, &l, json!({"received_on": today.to_string()})).await;
    let held = intake(&app, &l, json!({"received_on": today.to_string()})).await;
    let quiet = intake(&app, &l, json!({"received_on": "2025-03-03"})).await;
    let risky = intake(&app, &l, json!({"received_on": "2025-03-03"})).await;
    let refused = intake(&app, &l, json!({"received_on": "2025-03-03"})).await;
    let id = |c: &Value| c["id"].as_str().unwrap().to_owned();
    act_ok(
        &app,
        &l,
        &id(&held),
        "allocate",
        json!({"handler_id": handler.id, "on": today.to_string()}),
    )
    .await;
    let mut ack = acknowledgement("2025-03-04");
    ack["risk"] = json!("none");
    act_ok(&app, &l, &id(&quiet), "acknowledge", ack).await;
    let mut ack = acknowledgement("2025-03-05");
    ack["risk"] = json!("high");
    act_ok(&app, &l, &id(&risky), "acknowledge", ack).await;
    act_ok(&app, &l, &id(&refused), "not-accept", json!({"reason": "outside_time_limit",
        "explanation": "The issue happened two years ago and there is no reason it could not be raised sooner.",
        "discretion_considered": true, "on": "2025-03-04", "letter_already_sent": false})).await;

    // Overdue: the most overdue first, whatever the order they were logged in.
    let overdue = list(&app, &l, officer, "view=overdue").await;
    assert_eq!(
        refs(&overdue),
        [&very_late, &late, &quiet, &risky].map(reference),
        "the most overdue first"
    );
    let first = &overdue["items"][0];
    assert_eq!(first["next_due"]["what"], "acknowledge");
    assert_eq!(first["next_due"]["stage"], 1);
    assert_eq!(first["next_due"]["due_on"], "2025-01-13");
    assert_eq!(first["next_due"]["overdue"], true);
    assert!(first["next_due"]["working_days_left"].as_i64().unwrap() < -300);
    assert_eq!(overdue["items"][2]["next_due"]["what"], "respond");

    // Open: closed and not-accepted cases leave it; nothing is lost from the full list.
    let open = refs(&list(&app, &l, officer, "view=open").await);
    assert_eq!(open.len(), 6);
    assert!(!open.contains(&reference(&refused)));
    assert_eq!(refs(&list(&app, &l, officer, "").await).len(), 7);

    // Mine: the case handler's own; the officer holds none.
    let mine = list(&app, &l, &handler.token, "view=mine").await;
    assert_eq!(refs(&mine), [reference(&held)]);
    assert_eq!(mine["items"][0]["held_by"], "case_handler");
    assert_eq!(
        refs(&list(&app, &l, officer, "view=mine").await),
        Vec::<String>::new()
    );

    // The triage inbox: nobody holds them; a high risk comes first, however late the others.
    let inbox = refs(&list(&app, &l, officer, "view=unallocated").await);
    assert_eq!(
        inbox,
        [&risky, &very_late, &late, &quiet, &fresh].map(reference)
    );
    // Paging keeps the order.
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("view=unallocated&limit=2&cursor={c}"),
            None => "view=unallocated&limit=2".to_owned(),
        };
        let page = list(&app, &l, officer, &q).await;
        paged.extend(refs(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(paged, inbox);

    // The counts say what each view lists.
    let counted = counts(&app, &l, officer).await;
    let names: Vec<&str> = counted.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(
        names,
        [
            "overdue",
            "due_today",
            "due_this_week",
            "mine",
            "unallocated",
            "open"
        ]
    );
    for (view, n) in &counted {
        let listed = refs(&list(&app, &l, officer, &format!("view={view}&limit=100")).await);
        assert_eq!(listed.len() as u64, *n, "{view}");
    }
    // Counted within the filters: one reference, one complaint, overdue and open.
    let v = expect_status(
        app.get(
            &path(&l, &format!("/views?q={}", reference(&very_late))),
            officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let within: Vec<u64> = v["views"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["count"].as_u64().unwrap())
        .collect();
    assert_eq!(within, [1, 0, 0, 0, 1, 1]);
    let handler_counts = counts(&app, &l, &handler.token).await;
    assert_eq!(handler_counts[3], ("mine".to_owned(), 1));
    assert_eq!(handler_counts[5], ("open".to_owned(), 1));

    // A view that does not exist is named, and nothing is listed.
    let p = expect_problem(
        app.get(&path(&l, "?view=everything"), officer).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["view"]);
}

async fn actions_and_remedies_are_due_on_the_worklist_until_done(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let today = chrono::Utc::now().date_naive();
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    let c = act_ok(&app, &l, id, "respond", json!({"decision": "upheld", "reasons": "Our fault.", "on": "2025-01-07",
        "remedies": [{"kind": "financial", "description": "Compensation", "amount_pence": 5000, "due_on": "2025-01-20"}],
        "outstanding_actions": [{"description": "Replace the boiler", "owner": "Repairs", "due_on": today.to_string()}],
        "letter_already_sent": false})).await;
    let rid = c["remedies"][0]["id"].as_str().unwrap();
    let aid = c["outstanding_actions"][0]["id"].as_str().unwrap();
    // Responded: no clock runs, but the remedy is overdue.
    let row = &list(&app, &l, officer, "view=overdue").await["items"][0];
    assert_eq!(row["id"], id);
    assert_eq!(row["next_due"]["what"], "remedy");
    assert_eq!(row["next_due"]["due_on"], "2025-01-20");
    assert_eq!(row["next_due"]["stage"], Value::Null);
    // The migration's statements work out the same from what the complaint holds.
    let before = list(&app, &l, officer, "view=open").await;
    app.sql(
        "UPDATE complaints SET next_due_on = NULL, next_due = NULL",
        vec![],
    )
    .await;
    assert_eq!(
        refs(&list(&app, &l, officer, "view=overdue").await).len(),
        0
    );
    for sql in redress_migrations::next_due_backfill("TRUE") {
        app.sql(&sql, vec![]).await;
    }
    assert_eq!(list(&app, &l, officer, "view=open").await, before);
    // Delivered: the action due today is what comes next.
    expect_status(
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
        refs(&list(&app, &l, officer, "view=overdue").await).len(),
        0
    );
    let row = &list(&app, &l, officer, "view=due_today").await["items"][0];
    assert_eq!(row["next_due"]["what"], "action");
    assert_eq!(row["next_due"]["due_on"], today.to_string());
    assert_eq!(
        refs(&list(&app, &l, officer, "view=due_this_week").await),
        [reference(&c)]
    );
    // Done: nothing is due, and the case still stands open until it is closed.
    expect_status(
        app.patch(
            &path(&l, &format!("/{id}/actions/{aid}")),
            officer,
            &json!({"status": "completed"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        refs(&list(&app, &l, officer, "view=due_today").await).len(),
        0
    );
    let row = &list(&app, &l, officer, "view=open").await["items"][0];
    assert_eq!(row["next_due"], Value::Null);
    assert_eq!(row["status"], "stage1_responded");
    // A stage 2 request starts the next clock.
    let c = act_ok(&app, &l, id, "escalate", json!({"on": "2025-02-03"})).await;
    assert_eq!(c["status"], "stage2_requested");
    let row = &list(&app, &l, officer, "view=overdue").await["items"][0];
    assert_eq!(row["next_due"]["what"], "acknowledge");
    assert_eq!(row["next_due"]["stage"], 2);
}

async fn a_contractor_counts_and_lists_stage_1_only(app: TestApp) {
    let l = app.landlord("alpha").await;
    let contractor = &l.user(Role::Contractor).token;
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
    let row = &list(&app, &l, contractor, "view=overdue").await["items"][0];
    assert_eq!(row["held_by"], "Fixit Ltd");
    assert_eq!(
        counts(&app, &l, contractor).await[0],
        ("overdue".to_owned(), 1)
    );
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(&app, &l, id, "respond", response("2025-01-07")).await;
    act_ok(&app, &l, id, "escalate", json!({"on": "2025-02-03"})).await;
    // At stage 2 the case is overdue for its acknowledgement, which is not the contractor's to see.
    let officer = &l.user(Role::ComplaintsOfficer).token;
    assert_eq!(
        refs(&list(&app, &l, officer, "view=overdue").await).len(),
        1
    );
    assert_eq!(
        refs(&list(&app, &l, contractor, "view=overdue").await).len(),
        0
    );
    assert_eq!(
        counts(&app, &l, contractor).await[0],
        ("overdue".to_owned(), 0)
    );
    let all = list(&app, &l, contractor, "").await;
    assert_eq!(all["items"][0]["next_due"], Value::Null);
    assert_eq!(all["items"][0]["held_by"], Value::Null);
}
