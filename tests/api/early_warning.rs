//! Early warning (Code 9.4, 9.5): the daily run finds a cluster of damp complaints in one
//! block and leaves a smaller one alone, finds a repeat complainant, the same action overdue
//! on several cases and a service request that reads as a complaint; the complaints team
//! dismisses one with a reason or turns it into learning, both audited; the digests carry them.

use crate::complaints::{acknowledgement, act_ok, intake, path};
use crate::helpers::*;
use chrono::{Duration, NaiveDate, Utc};
use redress_domain::calendar::{BankHolidays, WorkingCalendar};
use redress_domain::roles::Role;
use redress_store::{Scoped, TenantScope};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;

db_tests!(a_cluster_is_flagged_and_decided_and_a_smaller_one_is_not);

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn days_ago(n: i64) -> String {
    (today() - Duration::days(n)).to_string()
}

/// Runs the day's rules for the landlord, as the scheduler does.
async fn detect(app: &TestApp, slug: &str) -> redress_store::early_warning::Detected {
    let id = redress_store::landlords::find_by_slug(&app.db, slug)
        .await
        .unwrap()
        .id;
    let scope = TenantScope::for_system_task(id);
    let calendar = WorkingCalendar::new(&BankHolidays::england_and_wales().unwrap(), vec![]);
    redress_store::early_warning::detect(
        &Scoped::new(&app.server_db, scope),
        scope,
        &calendar,
        &BTreeMap::new(),
        today(),
    )
    .await
    .unwrap()
}

async fn signals(app: &TestApp, l: &Landlord, token: &str, query: &str) -> Vec<Value> {
    expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/signals{query}", l.slug),
            token,
        )
        .await,
        StatusCode::OK,
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn a_cluster_is_flagged_and_decided_and_a_smaller_one_is_not(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let mrc = l.user(Role::Mrc).token.clone();

    // Ten damp complaints from one block within the month; four from another.
    let mut tower = Vec::new();
    for n in 0..10 {
        let c = intake(
            &app,
            &l,
            json!({"resident": {"name": format!("Tower resident {n}"),
                                "address": format!("Flat {n}, Tower House, 12 Tower Road, London E1 6AN")},
                   "category": "damp_and_mould", "received_on": days_ago(2 + n),
                   "description": "Black mould in the bedroom."}),
        )
        .await;
        tower.push(c["reference"].as_str().unwrap().to_owned());
    }
    for n in 0..4 {
        intake(
            &app,
            &l,
            json!({"resident": {"name": format!("Elm resident {n}"),
                                "address": format!("Flat {n}, Elm Court, Leeds LS11 5TX")},
                   "category": "damp_and_mould", "received_on": days_ago(3 + n),
                   "description": "Damp on the walls."}),
        )
        .await;
    }
    // One resident complaining a third time this year.
    let first = intake(&app, &l, json!({"received_on": days_ago(200)})).await;
    let mary = first["resident_id"].as_str().unwrap().to_owned();
    for ago in [120, 40] {
        intake(
            &app,
            &l,
            json!({"resident": null, "resident_id": mary, "received_on": days_ago(ago)}),
        )
        .await;
    }
    // The same action overdue on two cases.
    for c in [
        &first,
        &intake(&app, &l, json!({"received_on": days_ago(60)})).await,
    ] {
        let id = c["id"].as_str().unwrap();
        act_ok(&app, &l, id, "acknowledge", acknowledgement(&days_ago(59))).await;
        act_ok(
            &app,
            &l,
            id,
            "respond",
            json!({"decision": "upheld", "reasons": "The repair was late.", "remedies": [],
                   "outstanding_actions": [{"description": "Replace the boiler", "owner": "Repairs",
                                            "due_on": days_ago(30)}],
                   "on": days_ago(50), "letter_already_sent": true}),
        )
        .await;
    }
    // A service request whose words are a complaint's.
    expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/service-requests", l.slug),
            Some(&officer),
            &json!({"resident_id": mary, "category": "repairs",
                    "description": "Still waiting for the plumber, nobody came again. I am fed up.",
                    "reported_on": days_ago(5)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    let run = detect(&app, "alpha").await;
    assert!(run.added > 0, "{run:?}");
    let open = signals(&app, &l, &officer, "?status=open").await;
    let sentences: Vec<&str> = open
        .iter()
        .map(|s| s["sentence"].as_str().unwrap())
        .collect();
    // The block's cluster is flagged, with its ten cases; the smaller one is not.
    let block = open
        .iter()
        .find(|s| {
            s["sentence"]
                .as_str()
                .unwrap()
                .contains("from homes at Tower House")
        })
        .unwrap_or_else(|| panic!("{sentences:#?}"));
    assert!(
        block["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Complaints from homes at Tower House rose to 10 in the 28 days to "),
        "{block}"
    );
    let mut refs: Vec<String> = block["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .collect();
    refs.sort();
    tower.sort();
    assert_eq!(refs, tower);
    assert!(
        block["rule"]
            .as_str()
            .unwrap()
            .contains("At least 5 complaints in 28 days")
    );
    assert!(
        !sentences.iter().any(|s| s.contains("Elm Court")),
        "{sentences:#?}"
    );
    assert!(
        !sentences.iter().any(|s| s.contains("LS11")),
        "{sentences:#?}"
    );
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("Mary Jones has made 3 complaints in the 12 months to ")),
        "{sentences:#?}"
    );
    assert!(
        sentences.iter().any(|s| s.starts_with(
            "The outstanding action \"Replace the boiler\" is overdue on 2 complaints"
        )),
        "{sentences:#?}"
    );
    let possible = open
        .iter()
        .find(|s| s["kind"] == "possible_complaint")
        .unwrap_or_else(|| panic!("{sentences:#?}"));
    assert!(
        possible["sentence"]
            .as_str()
            .unwrap()
            .contains("(\"fed up\", \"still waiting\", \"nobody came\")"),
        "{possible}"
    );
    assert!(possible["service_request"]["reference"].is_string());

    // The next day's run keeps one signal for each thing found.
    let again = detect(&app, "alpha").await;
    assert_eq!(again.added, 0, "{again:?}");
    assert_eq!(
        signals(&app, &l, &officer, "?status=open").await.len(),
        open.len()
    );

    // Dismissed with a reason (none is refused by the field), and audited.
    let dismiss = |id: &str| format!("/api/v1/landlords/{}/signals/{id}/dismiss", l.slug);
    let pid = possible["id"].as_str().unwrap();
    let p = expect_problem(
        app.post(&dismiss(pid), Some(&officer), &json!({"reason": " "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["reason"]);
    let d = expect_status(
        app.post(
            &dismiss(pid),
            Some(&officer),
            &json!({"reason": "The plumber came the next day; the resident is content."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(d["status"], "dismissed");
    expect_problem(
        app.post(&dismiss(pid), Some(&officer), &json!({"reason": "Again"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    // Not the MRC's to dismiss; not another landlord's to see.
    let bid = block["id"].as_str().unwrap();
    expect_problem(
        app.post(&dismiss(bid), Some(&mrc), &json!({"reason": "No"}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let b = app.landlord("bravo").await;
    expect_problem(
        app.post(
            &format!("/api/v1/landlords/bravo/signals/{bid}/dismiss"),
            Some(&b.user(Role::ComplaintsOfficer).token),
            &json!({"reason": "No"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert!(
        signals(&app, &b, &b.user(Role::ComplaintsOfficer).token, "")
            .await
            .is_empty()
    );
    // Nor can another landlord turn it into its own learning: the id names no signal of its.
    let p = expect_problem(
        app.post(
            "/api/v1/landlords/bravo/learning",
            Some(&b.user(Role::ComplaintsOfficer).token),
            &json!({"complaint_ids": [], "service_area": "Damp",
                    "what_went_wrong": "x", "lesson": "y", "improvement": "z",
                    "status": "identified", "signal_id": bid}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(fields(&p).contains(&"signal_id".to_owned()), "{p}");
    assert_eq!(
        signals(&app, &l, &mrc, "?status=open")
            .await
            .iter()
            .filter(|s| s["id"] == bid)
            .count(),
        1,
        "still open for its own landlord"
    );
    // A dismissed signal is not raised again by the next run.
    detect(&app, "alpha").await;
    assert!(
        !signals(&app, &l, &officer, "?status=open")
            .await
            .iter()
            .any(|s| s["kind"] == "possible_complaint")
    );

    // The block's cluster becomes a learning entry in one step, linked to its cases.
    let case_ids: Vec<Value> = block["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    let entry = expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/learning", l.slug),
            Some(&officer),
            &json!({"complaint_ids": case_ids, "service_area": "Damp and mould",
                    "what_went_wrong": block["sentence"], "lesson": "Tower House's ventilation fails in winter.",
                    "improvement": "Survey every flat in Tower House and fit extractor fans.",
                    "status": "identified", "signal_id": bid}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let learning: Vec<Value> = signals(&app, &l, &mrc, "?status=learning").await;
    assert_eq!(learning.len(), 1);
    assert_eq!(learning[0]["learning_entry_id"], entry["id"]);
    // A decided signal cannot be used again.
    let p = expect_problem(
        app.post(
            &format!("/api/v1/landlords/{}/learning", l.slug),
            Some(&officer),
            &json!({"complaint_ids": [case_ids[0]], "service_area": "Damp",
                    "what_went_wrong": "x", "lesson": "y", "improvement": "z",
                    "status": "identified", "signal_id": bid}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["signal_id"]);

    // Both decisions are on the audit log, with the reason.
    for (kind, detail) in [
        (
            "early_warning.signal.dismissed",
            "The plumber came the next day",
        ),
        ("early_warning.signal.learning", "Tower House"),
    ] {
        let log = expect_status(
            app.get(
                &format!("/api/v1/landlords/{}/audit?kind={kind}", l.slug),
                &l.admin().token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(log["items"].as_array().unwrap().len(), 1, "{log}");
        assert!(
            log["items"][0]["detail"].to_string().contains(detail),
            "{log}"
        );
    }

    // Who may read them: the complaints team and the MRC, not a case handler.
    expect_problem(
        app.get(
            &format!("/api/v1/landlords/{}/signals", l.slug),
            &l.user(Role::CaseHandler).token,
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let p = expect_problem(
        app.get(
            &format!("/api/v1/landlords/{}/signals?status=maybe", l.slug),
            &officer,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["status"]);
    let _ = path(&l, "");
}
