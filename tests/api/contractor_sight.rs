//! Contractors see stage 1 and nothing more (issue "Trust", point 4; Code 5.4, 5.5): after
//! escalation a contractor sees that the case went to stage 2 and nothing of it, in the case,
//! the worklist, the timeline, its correspondence and letters; its reminders and digests
//! leave it out.

use crate::complaints::{acknowledgement, act, act_ok, intake, path, response};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

db_tests!(after_escalation_a_contractor_sees_only_that_the_case_went_to_stage_2);

const STAGE2_DEFINITION: &str = "Stage two: the landlord's handling of the leak and the mould.";

async fn after_escalation_a_contractor_sees_only_that_the_case_went_to_stage_2(app: TestApp) {
    let l = app.landlord("alpha").await;
    let contractor = l.user(Role::Contractor);
    let c = intake(&app, &l, json!({"received_on": "2025-01-06"})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"contractor_id": l.contractor_id, "on": "2025-01-06"}),
    )
    .await;
    expect_status(
        act(
            &app,
            &l,
            &contractor.token,
            id,
            "respond",
            response("2025-01-08"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    act_ok(&app, &l, id, "escalate", json!({"on": "2025-01-09"})).await;
    act_ok(
        &app,
        &l,
        id,
        "acknowledge",
        json!({"definition": STAGE2_DEFINITION, "outcomes_sought": "Stage two outcomes",
               "responsible_for": "Stage two responsibilities", "on": "2025-01-10", "letter_already_sent": false}),
    )
    .await;
    act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"handler_id": l.user(Role::CaseHandler).id, "on": "2025-01-10"}),
    )
    .await;
    // The complaints team sees stage 2.
    let full = expect_status(
        app.get(&path(&l, &format!("/{id}")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(full["status"], "stage2_open");
    assert_eq!(full["definition"], STAGE2_DEFINITION);

    // The contractor sees that it went to stage 2, and stage 1 as it was.
    let seen = expect_status(
        app.get(&path(&l, &format!("/{id}")), &contractor.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["status"], "escalated");
    assert!(seen["stage2"].is_null());
    assert!(seen["ombudsman"].is_null());
    assert!(seen["closed_on"].is_null());
    assert_eq!(
        seen["definition"],
        acknowledgement("2025-01-06")["definition"]
    );
    assert_eq!(seen["stage1"]["decision"], "upheld");
    let list = expect_status(
        app.get(&path(&l, ""), &contractor.token).await,
        StatusCode::OK,
    )
    .await;
    let row = &list["items"][0];
    assert_eq!(row["status"], "escalated");
    assert!(row["handler_id"].is_null());
    assert!(row["due_on"].is_null());
    assert_eq!(row["overdue"], false);
    // Filters look at stage 1 only.
    for query in ["?status=stage2_open", "?overdue=false", "?q=mould"] {
        let filtered = expect_status(
            app.get(&path(&l, query), &contractor.token).await,
            StatusCode::OK,
        )
        .await;
        assert!(
            filtered["items"].as_array().unwrap().is_empty(),
            "{query}: {filtered}"
        );
    }
    // Nothing the contractor can read carries stage 2.
    let mut everything: Vec<Value> = vec![seen, list];
    for rest in ["/timeline", "/correspondence", "/letters", "/attachments"] {
        everything.push(
            expect_status(
                app.get(&path(&l, &format!("/{id}{rest}")), &contractor.token)
                    .await,
                StatusCode::OK,
            )
            .await,
        );
    }
    for v in &everything {
        let text = v.to_string();
        assert!(!text.contains("Stage two"), "{text}");
        assert!(
            !text.contains(&l.user(Role::CaseHandler).id.to_string()),
            "the stage 2 handler is not named: {text}"
        );
    }
    // And it acts on none of it.
    expect_problem(
        act(
            &app,
            &l,
            &contractor.token,
            id,
            "respond",
            response("2025-01-20"),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_problem(
        act(
            &app,
            &l,
            &contractor.token,
            id,
            "additional",
            json!({"description": "Another problem", "related": false}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
}
